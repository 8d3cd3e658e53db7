"""Reads of the SKP app, for its views, its reminders and other apps (training reads development needs)."""

from datetime import date

from django.core.cache import cache
from django.db.models import Count, F, FilteredRelation, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


OWNER, EVALUATOR, APPROVER = "owner", "evaluator", "approver"
ACTION_LABELS = {
    "edit_plan": gettext_lazy("Ubah rencana SKP"),
    "review_plan": gettext_lazy("Sepakati rencana"),
    "record_realisation": gettext_lazy("Catat realisasi"),
    "rate_periodic": gettext_lazy("Penilaian periodik"),
    "self_assess": gettext_lazy("Ajukan penilaian diri"),
    "evaluate": gettext_lazy("Penilaian tahunan"),
    "approve": gettext_lazy("Setujui SKP"),
    "lodge_objection": gettext_lazy("Ajukan keberatan"),
    "decide_objection": gettext_lazy("Putus keberatan"),
}
# The status at which each step of the workflow may be taken (editing the plan: `Appraisal.plan_editable`).
STAGES = {
    "submit_plan": S.DRAFT,
    "review_plan": S.PLAN_SUBMITTED,
    "record_realisation": S.PLAN_APPROVED,
    "rate_periodic": S.PLAN_APPROVED,
    "self_assess": S.PLAN_APPROVED,
    "evaluate": S.SELF_ASSESSED,
    "approve": S.EVALUATED,
}


def holds(appraisal: Appraisal, user: User, part: str) -> bool:
    """Whether `user` is the appraisal's owner, evaluator or approver (`part`); the services check the same."""
    emp = user.employee_or_none if user.is_authenticated else None
    if emp is None:
        return False
    return (
        emp.pk
        == {OWNER: appraisal.employee_id, EVALUATOR: appraisal.evaluator_id, APPROVER: appraisal.approver_id}[part]
    )


def at_stage(appraisal: Appraisal, step: str) -> bool:
    """Whether the appraisal stands where `step` may be taken (see STAGES)."""
    if step == "edit_plan":
        return appraisal.plan_editable
    return appraisal.status == STAGES[step]


def approver_refusal(appraisal: Appraisal, user: User) -> str:
    """Why `user` may not approve or return this rating ("" when they may): only the recorded approver,
    never the appraised employee nor whoever rated it."""
    emp = user.employee_or_none if user.is_authenticated else None
    if emp is None or emp.pk != appraisal.approver_id:
        return _("Anda bukan pejabat yang menyetujui SKP ini.")
    if emp.pk == appraisal.employee_id:
        return _("Anda tidak dapat menyetujui SKP Anda sendiri.")
    if emp.pk in (appraisal.evaluator_id, appraisal.rated_by_id):
        return _("Pejabat penilai tidak dapat menyetujui penilaian yang ia berikan sendiri.")
    return ""


def _may(is_role: bool, role_reason: str, at_step: bool, stage_reason: str, *, ahead: bool = True) -> Action:
    """`ahead`: the step is still to come, so a refusal is worth explaining to the one whose step it is."""
    if not is_role:
        return Action(False, role_reason)
    return Action(True) if at_step else Action(False, stage_reason, explain=ahead)


def _ahead(appraisal: Appraisal, step: str) -> bool:
    """Whether `step` lies after the appraisal's present status (not one already passed)."""
    order = list(S.values)
    return order.index(STAGES.get(step, S.DRAFT)) > order.index(appraisal.status)


def _step(appraisal: Appraisal, step: str, is_role: bool, role_reason: str, stage_reason: str) -> Action:
    return _may(is_role, role_reason, at_stage(appraisal, step), stage_reason, ahead=_ahead(appraisal, step))


def _approve(appraisal: Appraisal, user: User) -> Action:
    if not holds(appraisal, user, APPROVER):
        return Action(False, _("Hanya pejabat yang menyetujui."))
    refusal = approver_refusal(appraisal, user)
    if refusal:
        return Action(False, refusal)
    return _step(appraisal, "approve", True, "", _("SKP tidak sedang berada pada tahap ini."))


def appraisal_actions(
    appraisal: Appraisal, user: User, *, objection: Objection | None = None, today: date | None = None
) -> dict:
    """What `user` may do with `appraisal` now, each with the reason when refused; the page asks this
    instead of comparing statuses, and the services check the same `holds` and `at_stage`.
    `objection` is the appraisal's objection, if any (already loaded)."""
    owner, evaluator = holds(appraisal, user, OWNER), holds(appraisal, user, EVALUATOR)
    status = appraisal.status
    not_owner, not_evaluator = _("Hanya pegawai pemilik SKP."), _("Hanya pejabat penilai.")
    wrong_stage = _("SKP tidak sedang berada pada tahap ini.")
    actions = {
        "edit_plan": _step(appraisal, "edit_plan", owner, not_owner, _("Rencana hanya dapat diubah selagi draf.")),
        "review_plan": _step(appraisal, "review_plan", evaluator, not_evaluator, wrong_stage),
        "record_realisation": _step(appraisal, "record_realisation", owner, not_owner, wrong_stage),
        "rate_periodic": _step(appraisal, "rate_periodic", evaluator, not_evaluator, wrong_stage),
        "self_assess": _step(appraisal, "self_assess", owner, not_owner, wrong_stage),
        "evaluate": _step(appraisal, "evaluate", evaluator, not_evaluator, wrong_stage),
        "approve": _approve(appraisal, user),
        "download_pdf": Action(status == S.APPROVED, _("PDF tersedia setelah SKP disetujui.")),
        "see_evaluations": Action(status not in (S.DRAFT, S.PLAN_SUBMITTED), _("Rencana belum disepakati.")),
    }
    actions["lodge_objection"], actions["objection_until"] = _objection_window(appraisal, owner, objection, today)
    me = user.employee_or_none if user.is_authenticated else None
    decider = objection is not None and me is not None and me.pk == objection.decider_id
    pending = objection is not None and objection.decision == Objection.Decision.PENDING
    actions["decide_objection"] = _may(decider, _("Hanya atasan pejabat penilai."), pending, _("Sudah diputus."))
    return actions


def _objection_window(appraisal, owner, objection, today) -> tuple[Action, date | None]:
    """The owner may object to an approved appraisal until `rules.objection_last_day`, once."""
    if not owner:
        return Action(False, _("Hanya pegawai pemilik SKP.")), None
    if appraisal.status != S.APPROVED or not appraisal.approved_at:
        return Action(False, _("Keberatan hanya atas SKP yang sudah disetujui.")), None  # not yet: nothing to say
    if objection is not None:
        return Action(False, _("Keberatan sudah diajukan."), explain=True), None
    last = rules.objection_last_day(timezone.localdate(appraisal.approved_at))
    if (today or timezone.localdate()) > last:
        return Action(False, _("Batas pengajuan keberatan sudah lewat."), explain=True), None
    return Action(True), last


def appraisal_for_siasn(appraisal_id: int) -> Appraisal:
    """One appraisal with its period, employee and evaluator's unit, for the SIASN outbox (one query)."""
    return Appraisal.objects.select_related("period", "employee", "evaluator__unit").get(pk=appraisal_id)


def approved_appraisal_ids(*, since, excluding, limit: int) -> list[int]:
    """Ids of appraisals approved since a moment, leaving out `excluding` (ids or a values() subquery)."""
    rows = Appraisal.objects.filter(status=S.APPROVED, approved_at__gte=since).exclude(pk__in=excluding)
    return list(rows.values_list("pk", flat=True)[:limit])
