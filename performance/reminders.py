"""The daily SKP reminder sweep (08:00 WIT), delivered through the shared digest mechanism."""

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from employees.reminders import DigestItem, digests_send

from . import rules
from .models import Appraisal, AppraisalPeriod, Objection, PeriodicEvaluation

S = Appraisal.Status
REMINDER_KIND = "kinerja"
NEAR_DAYS = 7  # remind from a week before a deadline
ESCALATE_DAYS = 7  # overdue by more than a week: the department head hears of it too


def _day_text(d: date) -> str:
    return formats.date_format(d, "j F Y")


def _when(due: date, day: date) -> str:
    if due < day:
        return _("terlambat, batas %(d)s") % {"d": _day_text(due)}
    return _("batas %(d)s") % {"d": _day_text(due)}


class _Sweep:
    """The digests of one day: per person their own items, per department head what is overdue."""

    def __init__(self, day: date):
        self.day = day
        self.digests: dict[int, list] = defaultdict(list)
        self.escalations: dict[int, Counter] = defaultdict(Counter)
        self.horizon, self.overdue_before = day + timedelta(days=NEAR_DAYS), day - timedelta(days=ESCALATE_DAYS)
        self.team_url, self.approval_url = reverse("performance:team-list"), reverse("performance:approval-list")
        self.objection_url = reverse("performance:objection-list")
        # one reverse() for the tens of thousands of links of a province-wide sweep
        self.detail_url = reverse("performance:appraisal-detail", args=[987654321]).replace("987654321", "{}")

    def escalate(self, qs, label, prefix=""):
        head = f"{prefix}department__head__user"
        for head_user, n in (
            qs.filter(**{f"{head}__isnull": False})
            .values_list(f"{head}_id")
            .annotate(n=Count("pk"))
            .values_list(f"{head}_id", "n")
        ):
            self.escalations[head_user][label] += n

    def per_appraisal(self, qs, text):
        for user_id, pk in qs.filter(employee__user__isnull=False).values_list("employee__user_id", "pk"):
            self.digests[user_id].append(DigestItem(text, self.detail_url.format(pk)))

    def per_person(self, qs, who: str, text: str, link: str):
        for user_id, n in (
            qs.filter(**{f"{who}__user__isnull": False})
            .values_list(f"{who}__user_id")
            .annotate(n=Count("pk"))
            .values_list(f"{who}__user_id", "n")
        ):
            self.digests[user_id].append(DigestItem(text % {"n": n}, link))

    def stages(self, period: AppraisalPeriod, base):
        """Plan, self-assessment, evaluation and approval: one aggregate query each that is due."""
        stages = [
            (S.DRAFT, period.plan_due, "employee", _("Rencana SKP %(y)s belum diajukan") % {"y": period.year},
             None, _("rencana SKP belum diajukan")),
            (S.PLAN_SUBMITTED, period.plan_due, "evaluator", None,
             _("%%(n)s rencana SKP menunggu persetujuan Anda (%s)"), _("rencana SKP belum disepakati atasan")),
            (S.PLAN_APPROVED, period.self_assessment_due, "employee",
             _("Penilaian diri SKP %(y)s belum diajukan") % {"y": period.year}, None,
             _("penilaian diri belum diajukan")),
            (S.SELF_ASSESSED, period.evaluation_due, "evaluator", None,
             _("%%(n)s SKP menunggu penilaian tahunan Anda (%s)"), _("SKP belum dinilai atasan")),
            (S.EVALUATED, period.approval_due, "approver", None,
             _("%%(n)s SKP menunggu persetujuan Anda (%s)"), _("SKP belum disetujui")),
        ]  # fmt: skip
        for status, due, who, own_text, count_text, head_label in stages:
            if due > self.horizon:
                continue
            qs = base.filter(status=status)
            when = _when(due, self.day)
            if who == "employee":
                self.per_appraisal(qs, f"{own_text} ({when})")
            else:
                link = self.approval_url if who == "approver" else f"{self.team_url}?status={status}"
                self.per_person(qs, who, count_text % when, link)
            if due < self.overdue_before:
                self.escalate(qs, head_label)

    def periodic(self, period: AppraisalPeriod, base):
        """Periodic realisation by the employee (one query per window due) and its rating by the evaluator."""
        for window in period.windows.filter(realisation_due__lte=self.horizon):
            done = PeriodicEvaluation.objects.filter(appraisal=OuterRef("pk"), window=window,
                                                     realised_at__isnull=False)  # fmt: skip
            qs = base.filter(status=S.PLAN_APPROVED).exclude(Exists(done))
            self.per_appraisal(qs, _("Realisasi %(w)s belum dicatat (%(when)s)")
                               % {"w": window.label, "when": _when(window.realisation_due, self.day)})  # fmt: skip
            if window.realisation_due < self.overdue_before:
                self.escalate(qs, _("realisasi periodik belum dicatat"))
        pending = PeriodicEvaluation.objects.filter(
            appraisal__period=period, appraisal__status=S.PLAN_APPROVED, realised_at__isnull=False,
            rated_at__isnull=True, window__rating_due__lte=self.horizon,
        )  # fmt: skip
        text = _("%(n)s realisasi periodik menunggu penilaian Anda")
        self.per_person(pending, "appraisal__evaluator", text, self.team_url)
        self.escalate(pending.filter(window__rating_due__lt=self.overdue_before),
                      _("realisasi periodik belum dinilai atasan"), prefix="appraisal__")  # fmt: skip

    def objections(self, base):
        """Objections wait at most `rules.OBJECTION_DECISION_DAYS` for the decision."""
        wait = timedelta(days=rules.OBJECTION_DECISION_DAYS)
        objections = base.filter(
            objection__decision=Objection.Decision.PENDING, objection__lodged_at__date__lte=self.horizon - wait
        )
        text = _("%(n)s keberatan menunggu keputusan Anda")
        self.per_person(objections, "objection__decider", text, self.objection_url)
        self.escalate(
            objections.filter(objection__lodged_at__date__lt=self.overdue_before - wait),
            _("keberatan belum diputus"),
        )

    def heads(self):
        for head_user, counter in self.escalations.items():
            for label, n in sorted(counter.items()):
                text = _("Perangkat daerah Anda: %(n)s %(what)s, terlambat lebih dari %(days)s hari") % {
                    "n": n, "what": label, "days": ESCALATE_DAYS,
                }  # fmt: skip
                self.digests[head_user].append(DigestItem(text, self.approval_url))


def appraisal_reminders_send(*, day: date) -> int:
    """The daily sweep (08:00 WIT): one digest per person listing everything of theirs that is late or due
    within `NEAR_DAYS` days in open periods — plan, periodic realisation, self-assessment, evaluation,
    approval, objection decision — and, for each department head, what in the department is overdue by
    more than `ESCALATE_DAYS` days. Set-based: a handful of aggregate queries per period, then one
    idempotent `digests_send`."""
    with translation.override("id"):
        sweep = _Sweep(day)
        for period in AppraisalPeriod.objects.filter(status=AppraisalPeriod.Status.OPEN):
            base = Appraisal.objects.filter(period=period)
            sweep.stages(period, base)
            sweep.periodic(period, base)
            sweep.objections(base)
        sweep.heads()
        own = reverse("performance:appraisal-detail", args=[0]).rsplit("0/", 1)[0]
        for items in sweep.digests.values():  # others' work first: the digest's "Buka" opens that list
            items.sort(key=lambda item: item.url.startswith(own))
        intro = _("Berikut tugas penilaian kinerja Anda yang terlambat atau jatuh tempo dalam %(days)s hari:")
        return digests_send(
            kind=REMINDER_KIND, day=day, digests=sweep.digests, url=reverse("performance:my-list"),
            subject=_("Pengingat penilaian kinerja (SKP) %(d)s") % {"d": _day_text(day)},
            intro=intro % {"days": NEAR_DAYS},
        )  # fmt: skip
