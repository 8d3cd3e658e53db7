"""Reads of the SKP app, for its views, its reminders and other apps (training reads development needs)."""

from datetime import date

from django.core.cache import cache
from django.db.models import Count, F, FilteredRelation, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.actions import Action
from employees.models import Employee, OrgUnit, User

from . import rules
from .models import Appraisal, AppraisalPeriod, CoachingPlan, DevelopmentNeed, Objection, OrganisationCurve, Recognition

S = Appraisal.Status


def development_needs(*, year: int, department_id: int | None = None) -> list[dict]:
    """Development needs from approved appraisals rated Butuh Perbaikan or below, for the training plan.

    Returns a list of plain dicts, one per employee and year, ordered by employee id::

        {
            "employee_id": int,
            "department_id": int | None,     # the employee's department when the period opened
            "year": int,
            "predikat": str,                 # "butuh_perbaikan" | "kurang" | "sangat_kurang"
            "weak_aspects": list[str],       # BerAKHLAK values rated di_bawah, e.g. ["kolaboratif"]
            "recommended_competence": str,   # "; "-separated competences, in Indonesian
        }
    """
    rows = DevelopmentNeed.objects.filter(year=year)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    return list(
        rows.order_by("employee_id").values(
            "employee_id", "department_id", "year", "predikat", "weak_aspects", "recommended_competence"
        )
    )


def my_appraisals(user: User):
    emp = user.employee_or_none
    if emp is None:
        return Appraisal.objects.none()
    return Appraisal.objects.filter(employee=emp).select_related("period", "evaluator", "approver")


def may_use_team(user: User) -> bool:
    """ "Tim saya" is for those with direct reports."""
    return user.is_supervisor


def may_use_approvals(user: User) -> bool:
    """ "Persetujuan" and "Keberatan" are for heads and for the superiors of evaluators."""
    emp = user.employee_or_none
    return emp is not None and (bool(user.headed_department) or user.is_supervisor)


def may_use_follow_up(user: User) -> bool:
    return user.is_hr or bool(user.headed_department) or user.is_supervisor


def team_appraisals(user: User):
    """Appraisals this user rates as evaluator ("Tim saya")."""
    emp = user.employee_or_none
    if emp is None:
        return Appraisal.objects.none()
    return Appraisal.objects.filter(evaluator=emp).select_related("period", "employee", "employee__unit")


def approval_appraisals(user: User):
    """Appraisals this user approves ("Persetujuan")."""
    emp = user.employee_or_none
    if emp is None:
        return Appraisal.objects.none()
    return Appraisal.objects.filter(approver=emp).select_related(
        "period", "employee", "employee__unit", "evaluator", "department"
    )


def objections_to_decide(user: User):
    emp = user.employee_or_none
    if emp is None:
        return Objection.objects.none()
    return Objection.objects.filter(decider=emp).select_related(
        "appraisal", "appraisal__employee", "appraisal__period", "appraisal__evaluator"
    )


def home_counts(user: User) -> dict:
    """What waits for this user: one aggregate over the appraisals they own, evaluate or approve, and one
    count of the objections they must decide."""
    emp = user.employee_or_none
    if emp is None:
        return {}
    mine = Q(employee=emp, period__status=AppraisalPeriod.Status.OPEN)
    team = Q(evaluator=emp)
    c = Appraisal.objects.filter(mine | team | Q(approver=emp, status=S.EVALUATED)).aggregate(
        mine_todo=Count("pk", filter=mine & Q(status__in=[S.DRAFT, S.PLAN_APPROVED])),
        mine_total=Count("pk", filter=mine),
        team_todo=Count("pk", filter=team & Q(status__in=[S.PLAN_SUBMITTED, S.SELF_ASSESSED])),
        team_total=Count("pk", filter=team),
        approve_todo=Count("pk", filter=Q(approver=emp, status=S.EVALUATED)),
    )
    c["objections_todo"] = Objection.objects.filter(decider=emp, decision=Objection.Decision.PENDING).count()
    return c


def department_spread(*, period: AppraisalPeriod, department_id: int) -> dict:
    """Predikat counts of evaluated or approved appraisals in a department, with the curve warnings."""
    rows = (
        Appraisal.objects.filter(period=period, department_id=department_id, status__in=[S.EVALUATED, S.APPROVED])
        .values("predikat")
        .annotate(n=Count("pk"))
    )
    counts = {p: 0 for p in rules.PREDIKATS}
    for row in rows:
        if row["predikat"]:
            counts[row["predikat"]] = row["n"]
    curve = OrganisationCurve.objects.filter(period=period, department_id=department_id).first()
    return {
        "counts": counts,
        "total": sum(counts.values()),
        "curve": curve,
        "violations": rules.curve_violations(curve.unit_predikat, counts) if curve else [],
    }


def predikat_spread(*, year: int, department_id: int | None = None) -> list[tuple[str, int]]:
    """(label, count) of rated (evaluated or approved) appraisals of a year, for the dashboards."""
    qs = Appraisal.objects.filter(period__year=year, status__in=[S.EVALUATED, S.APPROVED]).exclude(predikat="")
    if department_id:
        qs = qs.filter(department_id=department_id)
    counts = dict(qs.order_by().values_list("predikat").annotate(n=Count("pk")))
    return [(rules.LABELS[p], counts.get(p, 0)) for p in rules.PREDIKATS]


PROGRESS_CACHE_SECONDS = 300


def _status_counts(period: AppraisalPeriod) -> list[tuple[int | None, str, int]]:
    """(department, status, n) of a period, cached under the period's last change.

    Every transition saves its appraisal (bumping `updated_at`), so a new key appears at once; the
    lookup is one probe of the (period, updated_at) index. Removals, which only the admin can make,
    show within the cache's five minutes."""
    last = Appraisal.objects.filter(period=period).aggregate(last=Max("updated_at"))["last"]
    key = f"performance:progress:{period.pk}:{last.timestamp() if last else 0}"
    counts = cache.get(key)
    if counts is None:
        counts = list(
            Appraisal.objects.filter(period=period)
            .order_by()
            .values_list("department_id", "status")
            .annotate(n=Count("pk"))
        )
        cache.set(key, counts, timeout=PROGRESS_CACHE_SECONDS)
    return counts


def period_progress(*, period: AppraisalPeriod) -> list[dict]:
    """Per department: how many appraisals in each state, for the HR overview, in department-name order.

    The counts are one GROUP BY over the period (cached, see `_status_counts`); department names and
    curves come from two small queries so a rename or a new curve shows at once."""
    counts = _status_counts(period)
    rows: dict[int | None, dict] = {}
    for department_id, status, n in counts:
        row = rows.setdefault(department_id, {"department_id": department_id, "total": 0, **{s.value: 0 for s in S}})
        row[status] = n
        row["total"] += n
    # ordered by the database (its collation), exactly as `late_appraisals` orders its rows
    departments = OrgUnit.objects.filter(pk__in=[pk for pk in rows if pk]).order_by("name", "pk")
    names = dict(departments.values_list("pk", "name"))
    place = {pk: n for n, pk in enumerate(names)}
    curves = dict(OrganisationCurve.objects.filter(period=period).values_list("department_id", "unit_predikat"))
    curve_labels = dict(OrganisationCurve.UnitPredikat.choices)
    for row in rows.values():
        row["department__name"] = names.get(row["department_id"], "")
        row["curve"] = curve_labels.get(curves.get(row["department_id"]), "")
        row["done_percent"] = rules.percent(row[S.APPROVED], row["total"])
    return sorted(rows.values(), key=lambda row: place.get(row["department_id"], len(place)))  # none last


def late_statuses(*, period: AppraisalPeriod, day: date) -> list[str]:
    """The states that are behind their stage's deadline on `day`."""
    late = []
    if day > period.plan_due:
        late += [S.DRAFT, S.PLAN_SUBMITTED]
    if day > period.self_assessment_due:
        late.append(S.PLAN_APPROVED)
    if day > period.evaluation_due:
        late.append(S.SELF_ASSESSED)
    if day > period.approval_due:
        late.append(S.EVALUATED)
    return late


def late_appraisals(*, period: AppraisalPeriod, day: date):
    """Appraisals behind their stage's deadline on `day` (the "who is late" list for HR)."""
    return (
        Appraisal.objects.filter(period=period, status__in=late_statuses(period=period, day=day))
        .select_related("employee", "evaluator", "approver", "department")
        .order_by(F("department__name").asc(nulls_last=True), "department_id", "employee__name", "pk")
    )


class LateList:
    """The late appraisals of a period in (department, employee name) order, for a Paginator.

    The progress table already knows how many are late in each department, so the count costs no
    query and a page reads only the departments it spans: one query that sorts a department's rows,
    not every late appraisal of a province."""

    def __init__(self, *, period: AppraisalPeriod, day: date, progress: list[dict]):
        self.rows = late_appraisals(period=period, day=day)
        statuses = late_statuses(period=period, day=day)
        self.departments = [(r["department_id"], sum(r[s] for s in statuses)) for r in progress]
        self.departments = [(pk, n) for pk, n in self.departments if n]

    def count(self) -> int:
        return sum(n for _, n in self.departments)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Appraisal]:
        start, stop = index.start or 0, index.stop
        spanned, skipped, seen = [], 0, 0
        for department_id, n in self.departments:
            if seen + n <= start:
                skipped += n
            elif seen < stop:
                spanned.append(department_id)
            seen += n
        if not spanned:
            return []
        in_spanned = Q(department_id__in=[pk for pk in spanned if pk is not None])
        if None in spanned:
            in_spanned |= Q(department__isnull=True)
        return list(self.rows.filter(in_spanned)[start - skipped : stop - skipped])


def predikat_history(employee_id: int) -> list[dict]:
    """Approved predikat per year of one employee, newest first (profile section)."""
    return list(
        Appraisal.objects.filter(employee_id=employee_id, status=S.APPROVED)
        .order_by("-period__year")
        .values("pk", "period__year", "predikat", "credit_points", "approved_at")
    )


def latest_rated_period() -> tuple[int, int] | None:
    """(year, period id) of the latest period with approved appraisals (the IP ASN reads the last rated year)."""
    return (
        AppraisalPeriod.objects.filter(appraisals__status=S.APPROVED)
        .order_by("-year")
        .values_list("year", "pk")
        .first()
    )


def with_approved_predikat(employees, *, period_id: int):
    """Annotate `approved_predikat`: the predikat of the employee's approved SKP of that period (None if not yet)."""
    return employees.alias(
        approved_skp=FilteredRelation(
            "appraisals", condition=Q(appraisals__period_id=period_id, appraisals__status=S.APPROVED)
        )
    ).annotate(approved_predikat=F("approved_skp__predikat"))


def coaching_plans_for(user, *, status: str = ""):
    """Coaching plans the user may see, soonest deadline first."""
    qs = CoachingPlan.objects.visible_to(user).select_related(
        "employee", "responsible", "appraisal", "appraisal__period", "appraisal__department"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_date", "pk")


def recognitions_for(user, *, year: int | None = None):
    """Recognitions (Sangat Baik) of the employees the user may see, talent pool first."""
    qs = Recognition.objects.select_related("employee", "employee__unit", "appraisal")
    if not user.is_hr:
        qs = qs.filter(employee__in=Employee.objects.visible_to(user).values("pk"))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-talent_pool", "employee__name", "pk")


# --- who may act now ------------------------------------------------------------------------------


def _may(is_role: bool, role_reason: str, at_stage: bool, stage_reason: str) -> Action:
    if not is_role:
        return Action(False, role_reason)
    return Action(True) if at_stage else Action(False, stage_reason)


def appraisal_actions(
    appraisal: Appraisal, user: User, *, objection: Objection | None = None, today: date | None = None
) -> dict:
    """What `user` may do with `appraisal` now, each with the reason when refused; the page asks this
    instead of comparing statuses. `objection` is the appraisal's objection, if any (already loaded)."""
    emp = user.employee_or_none if user.is_authenticated else None
    me = emp.pk if emp else None
    owner, evaluator, approver = (
        me == appraisal.employee_id,
        me is not None and me == appraisal.evaluator_id,
        (me is not None and me == appraisal.approver_id),
    )
    status = appraisal.status
    not_owner, not_evaluator = _("Hanya pegawai pemilik SKP."), _("Hanya pejabat penilai.")
    wrong_stage = _("SKP tidak sedang berada pada tahap ini.")
    actions = {
        "edit_plan": _may(owner, not_owner, appraisal.plan_editable, _("Rencana hanya dapat diubah selagi draf.")),
        "review_plan": _may(evaluator, not_evaluator, status == S.PLAN_SUBMITTED, wrong_stage),
        "record_realisation": _may(owner, not_owner, status == S.PLAN_APPROVED, wrong_stage),
        "rate_periodic": _may(evaluator, not_evaluator, status == S.PLAN_APPROVED, wrong_stage),
        "self_assess": _may(owner, not_owner, status == S.PLAN_APPROVED, wrong_stage),
        "evaluate": _may(evaluator, not_evaluator, status == S.SELF_ASSESSED, wrong_stage),
        "approve": _may(approver, _("Hanya pejabat yang menyetujui."), status == S.EVALUATED, wrong_stage),
        "download_pdf": Action(status == S.APPROVED, _("PDF tersedia setelah SKP disetujui.")),
        "see_evaluations": Action(status not in (S.DRAFT, S.PLAN_SUBMITTED), _("Rencana belum disepakati.")),
    }
    actions["lodge_objection"], actions["objection_until"] = _objection_window(appraisal, owner, objection, today)
    decider = objection is not None and me == objection.decider_id
    pending = objection is not None and objection.decision == Objection.Decision.PENDING
    actions["decide_objection"] = _may(decider, _("Hanya atasan pejabat penilai."), pending, _("Sudah diputus."))
    return actions


def _objection_window(appraisal, owner, objection, today) -> tuple[Action, date | None]:
    """The owner may object to an approved appraisal until `rules.objection_last_day`, once."""
    if not owner:
        return Action(False, _("Hanya pegawai pemilik SKP.")), None
    if appraisal.status != S.APPROVED or not appraisal.approved_at:
        return Action(False, _("Keberatan hanya atas SKP yang sudah disetujui.")), None
    if objection is not None:
        return Action(False, _("Keberatan sudah diajukan.")), None
    last = rules.objection_last_day(timezone.localdate(appraisal.approved_at))
    if (today or timezone.localdate()) > last:
        return Action(False, _("Batas pengajuan keberatan sudah lewat.")), None
    return Action(True), last


def appraisal_for_siasn(appraisal_id: int) -> Appraisal:
    """One appraisal with its period, employee and evaluator's unit, for the SIASN outbox (one query)."""
    return Appraisal.objects.select_related("period", "employee", "evaluator__unit").get(pk=appraisal_id)


def approved_appraisal_ids(*, since, excluding, limit: int) -> list[int]:
    """Ids of appraisals approved since a moment, leaving out `excluding` (ids or a values() subquery)."""
    rows = Appraisal.objects.filter(status=S.APPROVED, approved_at__gte=since).exclude(pk__in=excluding)
    return list(rows.values_list("pk", flat=True)[:limit])
