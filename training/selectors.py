"""Reads reused by views, tasks, dashboards and other apps."""

from datetime import date

from django.core.cache import cache
from django.db import models
from django.db.models import Avg, Count, Exists, F, FilteredRelation, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Trim, Upper
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from employees.actions import Action
from employees.models import Employee

from . import rules
from .models import Certificate, Enrollment, ExternalLearning, JpLedger, TrainingProgram, TrainingSession


def with_jp(employees, *, year: int):
    """Annotate employees with `jp_sessions`, `jp_external` and `jp` of a year from the JP ledger
    (0 where the employee has no row); still one query, one LEFT JOIN."""
    return employees.alias(
        year_jp=FilteredRelation("jp_ledger", condition=Q(jp_ledger__year=year)),
    ).annotate(
        jp_sessions=Coalesce("year_jp__jp_sessions", 0),
        jp_external=Coalesce("year_jp__jp_external", 0),
        jp=Coalesce("year_jp__jp", 0),
    )


def employee_jp(*, employee_id: int, year: int) -> dict:
    """JP of one employee in a year: sessions, verified reports and the total (one query)."""
    row = JpLedger.objects.filter(employee_id=employee_id, year=year).values("jp_sessions", "jp_external", "jp")
    return row.first() or {"jp_sessions": 0, "jp_external": 0, "jp": 0}


def employee_jp_between(*, employee_id: int, start, end) -> int:
    """JP of one employee from sessions ending and reports verified for learning ending in [start, end)
    (a PPPK contract year does not follow the calendar, so the ledger's years do not serve here)."""
    sessions = Enrollment.objects.filter(
        employee_id=employee_id, status=Enrollment.Status.APPROVED, result=Enrollment.Result.COMPLETED,
        session__end_date__gte=start, session__end_date__lt=end,
    ).aggregate(jp=Sum("session__program__jp"))["jp"]  # fmt: skip
    external = ExternalLearning.objects.filter(
        employee_id=employee_id, status=ExternalLearning.Status.VERIFIED, end_date__gte=start, end_date__lt=end
    ).aggregate(jp=Sum("jp"))["jp"]
    return (sessions or 0) + (external or 0)


def subject_to_minimum_jp(employees=None):
    """Active employees who have the 20 JP right (`rules.MIN_JP_EMPLOYMENT_TYPES`)."""
    employees = Employee.objects.all() if employees is None else employees
    return employees.active().filter(employment_type__in=rules.MIN_JP_EMPLOYMENT_TYPES)


def under_minimum_scope(*, user, department_id: int | None = None):
    """Active PNS (and CPNS) whose JP the user may review: HR everyone, a department head their department."""
    qs = subject_to_minimum_jp()
    if not user.is_hr:
        department = user.headed_department
        if department is None:
            raise Http404
        department_id = department.pk
    if department_id:
        qs = qs.filter(unit__department_id=department_id)
    return qs


def below_minimum_jp(employees, *, year: int):
    """Those of `employees` below 20 JP in a year, with `jp` and `gap` — one query for the rows."""
    return (
        with_jp(employees, year=year)
        .filter(jp__lt=rules.MIN_JP_PNS)
        .annotate(gap=Value(rules.MIN_JP_PNS) - F("jp"))
        .select_related("unit", "unit__department")
        .order_by("name", "id")  # the name index lets a page stop early; sorting by JP would read every row
    )


def count_below_minimum_jp(employees, *, year: int) -> int:
    """How many of `employees` are below 20 JP: everyone in scope minus the ledger rows at 20 or more
    (two index counts instead of evaluating the list's join for every employee of a province)."""
    scope = employees.order_by().values("pk")
    reached = JpLedger.objects.filter(year=year, jp__gte=rules.MIN_JP_PNS, employee__in=scope)
    return employees.count() - reached.count()


def jp_coverage(*, year: int, department_id: int | None = None) -> list[tuple[str, int]]:
    """PNS who reached the 20 JP of the year and those still below it, for the dashboards."""
    scope = subject_to_minimum_jp()
    if department_id:
        scope = scope.filter(unit__department_id=department_id)
    below = count_below_minimum_jp(scope, year=year)
    return [("≥ 20 JP", scope.count() - below), ("< 20 JP", below)]


def completed_program_ids(*, employee_id: int) -> frozenset[int]:
    return frozenset(
        Enrollment.objects.filter(
            employee_id=employee_id, status=Enrollment.Status.APPROVED, result=Enrollment.Result.COMPLETED
        ).values_list("session__program_id", flat=True)
    )


def sessions_visible(user):
    """Every logged-in ASN may browse the sessions (to request a place)."""
    return (
        TrainingSession.objects.select_related("program", "program__institution")
        .annotate(
            approved_count=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.APPROVED)),
            waitlist_count=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.WAITLISTED)),
        )
        .order_by("-start_date", "id")
    )


def programs_visible(user):
    return TrainingProgram.objects.select_related("institution")


def enrollments_pending_for(user):
    """Nominations waiting for this user's decision: the head of the employee's department,
    or HR for a department head's own enrolment (nobody approves their own)."""
    qs = Enrollment.objects.filter(status=Enrollment.Status.PENDING).select_related(
        "employee", "employee__unit", "session", "session__program", "nominated_by"
    )
    scope = Q(pk__in=[])
    department = user.headed_department
    if department is not None:
        scope |= Q(employee__unit__department_id=department.pk) & ~Q(employee__user=user)
    if user.is_hr:
        scope |= Q(employee__headed_units__parent__isnull=True)
    return qs.filter(scope).distinct().order_by("created_at", "id")


def may_decide(user, enrollment: Enrollment) -> bool:
    """The head of the employee's department decides; HR decides for a head's own enrolment."""
    employee = enrollment.employee
    department = employee.unit.department
    is_head = department is not None and department.head_id == employee.pk
    if is_head:
        return user.is_hr
    emp = user.employee_or_none
    return emp is not None and department is not None and department.head_id == emp.pk


def feedback_summary_by_session(sessions):
    return sessions.annotate(
        feedback_count=Count("enrollments__feedback"),
        feedback_avg=Avg("enrollments__feedback__rating"),
    )


def feedback_summary_by_institution():
    from .models import Institution

    return Institution.objects.annotate(
        feedback_count=Count("programs__sessions__enrollments__feedback"),
        feedback_avg=Avg("programs__sessions__enrollments__feedback__rating"),
    ).order_by("name")


def development_needs(*, year: int, department_id: int) -> list[dict]:
    """Development needs from approved appraisals (`performance` is the source): dicts
    `{"employee_id", "predikat", "weak_aspects"}` for those rated Butuh Perbaikan or below, or weak in behaviour."""
    from performance import selectors as performance_selectors

    return list(performance_selectors.development_needs(year=year, department_id=department_id))


def leadership_gaps(*, department_id: int | None = None):
    """(employee, level) for active employees lacking the leadership training of their position."""
    structural = list(rules.LEADERSHIP_BY_POSITION)
    qs = Employee.objects.active().filter(Q(position_type__in=structural) | Q(employment_type="cpns"))
    if department_id:
        qs = qs.filter(unit__department_id=department_id)
    done: dict[int, set[str]] = {}
    sessions = (
        Enrollment.objects.filter(
            employee__in=qs, status=Enrollment.Status.APPROVED, result=Enrollment.Result.COMPLETED
        )
        .exclude(session__program__leadership_level="")
        .values_list("employee_id", "session__program__leadership_level")
    )
    reports = (  # leadership training done elsewhere and verified counts too
        ExternalLearning.objects.filter(employee__in=qs, status=ExternalLearning.Status.VERIFIED)
        .exclude(leadership_level="")
        .values_list("employee_id", "leadership_level")
    )
    for emp_id, level in [*sessions, *reports]:
        done.setdefault(emp_id, set()).add(level)
    for employee in qs.order_by("name", "id"):
        level = rules.leadership_gap(
            position_type=employee.position_type,
            employment_type=employee.employment_type,
            completed_levels=done.get(employee.pk, ()),
        )
        if level:
            yield employee, level


def _completed(kind: str):
    """Completed enrolments and verified reports of one kind, each correlated to the outer employee."""
    sessions = Enrollment.objects.filter(
        employee=OuterRef("pk"), status=Enrollment.Status.APPROVED, result=Enrollment.Result.COMPLETED,
        session__program__kind=kind,
    )  # fmt: skip
    reports = ExternalLearning.objects.filter(
        employee=OuterRef("pk"), status=ExternalLearning.Status.VERIFIED, kind=kind
    )
    return sessions, reports


def _either(sessions, reports):
    return Q(Exists(sessions)) | Q(Exists(reports))


def _per_employee(rows, expression):
    """One figure per employee from a correlated subquery grouped by employee (0 when there is none)."""
    grouped = rows.order_by().values("employee").annotate(v=expression).values("v")
    return Coalesce(Subquery(grouped, output_field=models.IntegerField()), Value(0))


def with_training_indicators(employees, *, year: int):
    """Annotate what the competence dimension of the IP ASN reads (Peraturan BKN 8/2019 Art. 8(3)), in the
    same query: `leadership_done` for structural posts (the leadership training of the post held, or a higher
    one), `functional_done` for functional posts (a functional training of the position held), None for the
    posts the indicator does not apply to; `technical_jp` (JP of technical training ending in `year`) and
    `seminar_count` (seminars, workshops, internships and courses ending in `year`), both read from the
    employee's one JP-ledger row of the year (`training.ledger` keeps them). Completed sessions and verified
    reports both count. No Python loop over people, no aggregate over training records per request."""
    whens = []
    sessions, reports = _completed(rules.LEADERSHIP)
    for position_type, needed in rules.LEADERSHIP_BY_POSITION.items():
        levels = rules.LEADERSHIP_ORDER[rules.LEADERSHIP_ORDER.index(needed) :]
        done = _either(
            sessions.filter(session__program__leadership_level__in=levels), reports.filter(leadership_level__in=levels)
        )
        whens += [models.When(Q(position_type=position_type) & done, then=Value(True)),
                  models.When(position_type=position_type, then=Value(False))]  # fmt: skip
    sessions, reports = _completed(rules.FUNCTIONAL)
    # as `rules.functional_training_matches` reads it: the title of the post held starts with the position's name
    held = Upper(Trim(OuterRef("position_title"), output_field=models.CharField()))
    functional = _either(
        sessions.annotate(held=held, trained=Upper(Trim("session__program__functional_position"))).filter(
            trained__gt="", held__startswith=F("trained")
        ),
        reports.annotate(held=held, trained=Upper(Trim("functional_position"))).filter(
            trained__gt="", held__startswith=F("trained")
        ),
    )
    fungsional = Employee.PositionType.FUNGSIONAL
    return employees.alias(
        jp_of_year=FilteredRelation("jp_ledger", condition=Q(jp_ledger__year=year)),
    ).annotate(
        leadership_done=models.Case(*whens, default=Value(None), output_field=models.BooleanField()),
        functional_done=models.Case(
            models.When(Q(position_type=fungsional) & functional, then=Value(True)),
            models.When(position_type=fungsional, then=Value(False)),
            default=Value(None), output_field=models.BooleanField(),
        ),
        technical_jp=Coalesce(F("jp_of_year__jp_technical"), Value(0)),
        seminar_count=Coalesce(F("jp_of_year__seminars"), Value(0)),
    )  # fmt: skip


OPEN_SESSIONS_KEY = "training:sessions-open-for-nomination:{}"


def forget_sessions_open_for_nomination(**_signal) -> None:
    """A session was saved, removed or changed status: the cached choices are rebuilt on the next read."""
    cache.delete(OPEN_SESSIONS_KEY.format(timezone.localdate().isoformat()))


def sessions_open_for_nomination(user) -> list[tuple[int, str]]:
    """Sessions still taking nominations, as (id, label), for those who may nominate (HR, heads,
    supervisors); empty for anyone else. The list is the same for everyone, so it is cached for a
    minute: the employee list offers it on every page view, and the service re-checks each session."""
    if not (user.is_hr or user.headed_department or user.is_supervisor):
        return []
    today = timezone.localdate()
    key = OPEN_SESSIONS_KEY.format(today.isoformat())
    choices = cache.get(key)
    if choices is None:
        sessions = (
            TrainingSession.objects.filter(
                status__in=[TrainingSession.Status.PLANNED, TrainingSession.Status.OPEN],
                registration_deadline__gte=today,
            )
            .select_related("program")
            .order_by("start_date", "id")[:100]
        )
        choices = [(s.pk, f"{s.program.title} — {s.name} ({formats.date_format(s.start_date)})") for s in sessions]
        cache.set(key, choices, timeout=60)
    return choices


def accepts_registrations(session: TrainingSession) -> bool:
    """Requests and nominations are taken while a session is planned or open (the services check the same)."""
    return session.status in (TrainingSession.Status.PLANNED, TrainingSession.Status.OPEN)


def before_deadline(session: TrainingSession, today: date) -> bool:
    return today <= session.registration_deadline


def may_nominate(user) -> bool:
    """HR nominates anyone, a supervisor their direct reports."""
    return user.is_hr or user.is_supervisor


def _registration(session: TrainingSession, today: date) -> Action:
    if not accepts_registrations(session):
        closed = session.is_closed
        return Action(False, _("Sesi ini sudah ditutup.") if closed else _("Pendaftaran sesi ini tidak dibuka."))
    if not before_deadline(session, today):
        return Action(False, _("Batas pendaftaran sudah lewat."), explain=True)
    return Action(True)


def session_actions(session: TrainingSession, user, *, enrolled: bool, today=None) -> dict:
    """What `user` may do on a session page now, each with the reason when refused. `enrolled`: the user
    already holds an active place (pending, approved or waitlisted) in this session."""
    today = today or timezone.localdate()
    registration = _registration(session, today)
    if user.employee_or_none is None:
        request = Action(False, _("Akun Anda tidak terhubung dengan data pegawai."))
    elif not registration:
        request = Action(False, registration.reason, explain=True)
    elif enrolled:
        request = Action(False, _("Anda sudah terdaftar di sesi ini."), explain=True)
    else:
        request = Action(True)
    if not may_nominate(user):
        nominate = Action(False, _("Hanya BKPSDM dan atasan langsung yang mengusulkan peserta."))
    else:
        nominate = Action(registration.allowed, registration.reason, explain=not registration)
    return {"request": request, "nominate": nominate, "manage": Action(user.is_hr, _("Hanya petugas BKPSDM."))}


def enrollment_for_siasn(enrollment_id: int) -> Enrollment:
    """One enrollment with its session, program, institution and employee, for the SIASN outbox (one query)."""
    return Enrollment.objects.select_related("session__program__institution", "employee").get(pk=enrollment_id)


def certificate_of(enrollment: Enrollment) -> Certificate | None:
    """The certificate issued for an enrollment, if any."""
    return Certificate.objects.filter(enrollment=enrollment).first()


def certified_enrollment_ids(*, since, excluding, limit: int) -> list[int]:
    """Ids of enrollments certified since a moment, leaving out `excluding` (ids or a values() subquery)."""
    rows = Certificate.objects.filter(issued_at__gte=since).exclude(enrollment_id__in=excluding)
    return list(rows.values_list("enrollment_id", flat=True)[:limit])
