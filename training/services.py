"""Every write of the training app. Permissions are enforced here as well as in the views."""

import secrets
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from employees import events
from employees.models import Employee, OrgUnit, User
from employees.permissions import require_hr
from employees.uploads import upload_check

from . import ledger, rules, selectors
from .models import (
    Attendance,
    Certificate,
    Enrollment,
    ExternalLearning,
    Feedback,
    TrainingNeed,
    TrainingProgram,
    TrainingSession,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed


def _prerequisites(program: TrainingProgram) -> rules.Prerequisites:
    return rules.Prerequisites(
        min_golongan=program.min_golongan,
        max_age=program.max_age,
        required_position_types=tuple(program.required_position_types or ()),
        required_program_id=program.required_program_id,
        required_program_title=program.required_program.title if program.required_program_id else "",
    )


def enrollment_checks(*, session: TrainingSession, employee: Employee, today: date) -> list[str]:
    """Everything that stops this employee joining this session, as Indonesian sentences."""
    problems = []
    if not selectors.accepts_registrations(session):
        problems.append(
            _("Sesi ini berstatus %(status)s; pendaftaran tidak dibuka.")
            % {"status": session.get_status_display().lower()}
        )
    if not selectors.before_deadline(session, today):
        problems.append(
            _("Batas pendaftaran sesi ini sudah lewat (%(registration_deadline)s); usulan tidak diterima.")
            % {"registration_deadline": format(session.registration_deadline, "%d-%m-%Y")}
        )
    if employee.status != Employee.Status.AKTIF:
        problems.append(_("%(full_name)s tidak berstatus aktif.") % {"full_name": employee.full_name})
    candidate = rules.Candidate(
        golongan=employee.golongan,
        birth_date=employee.birth_date,
        position_type=employee.position_type,
        completed_program_ids=selectors.completed_program_ids(employee_id=employee.pk),
    )
    failures = rules.prerequisite_failures(_prerequisites(session.program), candidate, on=session.start_date)
    problems += [(_("Prasyarat tidak terpenuhi: %(failure)s") % {"failure": f}) for f in failures]
    if Enrollment.objects.filter(session=session, employee=employee, status__in=Enrollment.ACTIVE).exists():
        problems.append(_("%(full_name)s sudah terdaftar di sesi ini.") % {"full_name": employee.full_name})
    clash = (
        Enrollment.objects.filter(
            employee=employee,
            status__in=[Enrollment.Status.APPROVED, Enrollment.Status.PENDING, Enrollment.Status.WAITLISTED],
            session__start_date__lte=session.end_date,
            session__end_date__gte=session.start_date,
        )
        .exclude(session=session)
        .exclude(session__status=TrainingSession.Status.CANCELLED)
        .select_related("session", "session__program")
        .first()
    )
    if clash is not None:
        other = clash.session
        problems.append(
            _("Jadwal bentrok dengan %(title)s (%(name)s, %(start_date)s s.d. %(end_date)s).")
            % {
                "title": other.program.title,
                "name": other.name,
                "start_date": format(other.start_date, "%d-%m-%Y"),
                "end_date": format(other.end_date, "%d-%m-%Y"),
            }
        )
    return problems


def _pppk_warning(*, employee: Employee, session: TrainingSession) -> str:
    if employee.employment_type != Employee.EmploymentType.PPPK:
        return ""
    day = session.end_date
    if employee.tmt_contract and employee.tmt_contract <= day:
        start, end = rules.contract_year(employee.tmt_contract, day)
        current = selectors.employee_jp_between(employee_id=employee.pk, start=start, end=end)
        span = f"tahun kontrak {_date(start)} – {_date(end - timedelta(days=1))}"
    else:  # no contract start in the register: the calendar year stands in for it
        current = selectors.employee_jp(employee_id=employee.pk, year=day.year)["jp"]
        span = f"tahun {day.year} (TMT kontrak belum diisi)"
    excess = rules.pppk_cap_excess(employment_type="pppk", current=current, adding=session.program.jp)
    if not excess:
        return ""
    return (
        f"Peringatan: {employee.full_name} (PPPK) akan mencapai {current + session.program.jp} JP dalam {span}, "
        f"melebihi batas {rules.MAX_JP_PPPK} JP per tahun kontrak sebanyak {excess} JP."
    )


def _date(value: date) -> str:
    return formats.date_format(value, "j F Y")


@transaction.atomic
def enrollment_nominate(
    *, session: TrainingSession, employee: Employee, by: User, note: str = "", today: date | None = None
) -> Enrollment:
    """A supervisor nominates a direct report, HR nominates anyone, an employee requests for themself.

    The head of the employee's department decides (PP 11/2017 art. 203: development is planned by the
    agency; here the department head approves).
    """
    today = today or timezone.localdate()
    me = by.employee_or_none
    if by.is_hr:
        origin = Enrollment.Origin.HR
    elif me is not None and employee.pk == me.pk:
        origin = Enrollment.Origin.REQUEST
    elif me is not None and employee.supervisor_id == me.pk:
        origin = Enrollment.Origin.SUPERVISOR
    else:
        raise PermissionDenied(_("Anda hanya dapat mengusulkan bawahan langsung Anda."))
    session = TrainingSession.objects.select_related("program", "program__required_program").get(pk=session.pk)
    problems = enrollment_checks(session=session, employee=employee, today=today)
    if problems:
        raise ValidationError(problems)
    enrollment = Enrollment(
        session=session,
        employee=employee,
        origin=origin,
        nominated_by=by,
        note=note,
        warning=_pppk_warning(employee=employee, session=session),
    )
    enrollment.full_clean()
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("%(full_name)s sudah terdaftar di sesi ini.") % {"full_name": employee.full_name}
        ) from exc
    events.publish("training.enrollment_nominated", enrollment_id=enrollment.pk)
    return enrollment


MAX_NOMINATIONS = 100  # one request nominates at most this many (each is checked on its own)


@transaction.atomic
def enrollment_nominate_many(*, session: TrainingSession, employees: list[Employee], by: User) -> list[Enrollment]:
    """Nominate several employees to one session, all or nothing: each goes through `enrollment_nominate`
    (the same permission and prerequisite rules); if any one is refused, nobody is nominated and the
    error names everyone refused."""
    if not employees:
        raise ValidationError(_("Pilih sedikitnya satu pegawai."))
    if len(employees) > MAX_NOMINATIONS:
        raise ValidationError(
            _(
                "Paling banyak %(max)s pegawai dalam satu usulan; %(n_employees)s "
                "dipilih. Persempit saringan atau pilih baris."
            )
            % {"max": MAX_NOMINATIONS, "n_employees": len(employees)}
        )
    enrollments, refused = [], []
    for employee in employees:
        try:
            with transaction.atomic():
                enrollments.append(enrollment_nominate(session=session, employee=employee, by=by))
        except (ValidationError, PermissionDenied) as exc:
            reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            refused.append(f"{employee.full_name}: {' '.join(reasons)}")
    if refused:
        shown = "; ".join(refused[:5]) + (f"; dan {len(refused) - 5} lainnya" if len(refused) > 5 else "")
        raise ValidationError(
            _(
                "%(n_refused)s dari %(n_employees)s pegawai tidak dapat diusulkan, jadi tidak "
                "ada yang diusulkan. %(shown)s"
            )
            % {"n_refused": len(refused), "n_employees": len(employees), "shown": shown}
        )
    return enrollments


def enrollment_request(*, session: TrainingSession, by: User, note: str = "", today: date | None = None) -> Enrollment:
    """An employee asks for a place for themself."""
    me = by.employee_or_none
    if me is None:
        raise PermissionDenied(_("Akun Anda tidak terhubung dengan data pegawai."))
    return enrollment_nominate(session=session, employee=me, by=by, note=note, today=today)


def _lock(enrollment: Enrollment) -> tuple[Enrollment, TrainingSession]:
    """Lock the session row first (the seat counter), then the enrolment: same order everywhere."""
    session = TrainingSession.objects.select_for_update().get(pk=enrollment.session_id)
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("employee", "employee__unit", "employee__unit__department")
        .get(pk=enrollment.pk)
    )
    return enrollment, session


def _seats_taken(session: TrainingSession) -> int:
    return Enrollment.objects.filter(session=session, status=Enrollment.Status.APPROVED).count()


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, by: User) -> Enrollment:
    """The department head approves; a full session puts the enrolment on the waitlist, in order.

    The session row is locked so that two approvals racing for the last seat give it to one.
    """
    enrollment, session = _lock(enrollment)
    if not selectors.may_decide(by, enrollment):
        raise PermissionDenied(_("Hanya kepala perangkat daerah pegawai ini yang dapat memutuskan usulan."))
    if enrollment.status != Enrollment.Status.PENDING:
        raise ValidationError(
            _("Usulan ini sudah berstatus %(lower)s.") % {"lower": enrollment.get_status_display().lower()}
        )
    if session.is_closed:
        raise ValidationError(_("Sesi ini sudah %(lower)s.") % {"lower": session.get_status_display().lower()})
    now = timezone.now()
    enrollment.decided_by, enrollment.decided_at = by, now
    if _seats_taken(session) < session.capacity:
        enrollment.status = Enrollment.Status.APPROVED
    else:
        enrollment.status = Enrollment.Status.WAITLISTED
        enrollment.waitlisted_at = now
    enrollment.save()
    events.publish("training.enrollment_approved", enrollment_id=enrollment.pk)
    return enrollment


@transaction.atomic
def enrollment_decline(*, enrollment: Enrollment, by: User, reason: str) -> Enrollment:
    """The department head declines with a reason, which the employee sees."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan penolakan wajib diisi."))
    enrollment, session = _lock(enrollment)
    if not selectors.may_decide(by, enrollment):
        raise PermissionDenied(_("Hanya kepala perangkat daerah pegawai ini yang dapat memutuskan usulan."))
    if enrollment.status != Enrollment.Status.PENDING:
        raise ValidationError(
            _("Usulan ini sudah berstatus %(lower)s.") % {"lower": enrollment.get_status_display().lower()}
        )
    enrollment.status = Enrollment.Status.DECLINED
    enrollment.decided_by, enrollment.decided_at = by, timezone.now()
    enrollment.decline_reason = reason
    enrollment.save()
    events.publish("training.enrollment_declined", enrollment_id=enrollment.pk)
    return enrollment


def _promote_waitlist(session: TrainingSession) -> list[Enrollment]:
    """Fill free seats from the waitlist in the order people joined it. Caller holds the session lock."""
    free = session.capacity - _seats_taken(session)
    if free <= 0:
        return []
    promoted = list(
        Enrollment.objects.select_for_update()
        .filter(session=session, status=Enrollment.Status.WAITLISTED)
        .order_by("waitlisted_at", "id")[:free]
    )
    for e in promoted:
        e.status = Enrollment.Status.APPROVED
        e.save(update_fields=["status", "updated_at"])
        events.publish("training.enrollment_promoted", enrollment_id=e.pk)
    return promoted


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, by: User) -> Enrollment:
    """The employee, their nominator or HR withdraws; a freed seat goes to the first on the waitlist."""
    enrollment, session = _lock(enrollment)
    allowed = by.is_hr or enrollment.employee.user_id == by.pk or enrollment.nominated_by_id == by.pk
    if not allowed:
        raise PermissionDenied(_("Anda tidak dapat membatalkan pendaftaran ini."))
    if enrollment.status not in Enrollment.ACTIVE:
        raise ValidationError(
            _("Pendaftaran ini sudah berstatus %(lower)s.") % {"lower": enrollment.get_status_display().lower()}
        )
    if enrollment.result:
        raise ValidationError(_("Hasil pelatihan sudah dicatat; pendaftaran tidak dapat dibatalkan."))
    enrollment.status = Enrollment.Status.CANCELLED
    enrollment.save()
    _promote_waitlist(session)
    return enrollment


@transaction.atomic
def session_update_capacity(*, session: TrainingSession, capacity: int, by: User) -> TrainingSession:
    """HR changes the capacity; added seats go to the waitlist in order."""
    require_hr(by)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    taken = _seats_taken(session)
    if capacity < taken:
        raise ValidationError(
            _("Kapasitas tidak boleh kurang dari jumlah peserta yang sudah disetujui (%(taken)s).") % {"taken": taken}
        )
    session.capacity = capacity
    session.full_clean()
    session.save()
    _promote_waitlist(session)
    return session


@transaction.atomic
def session_set_status(*, session: TrainingSession, status: str, by: User) -> TrainingSession:
    require_hr(by)
    if status not in TrainingSession.Status.values:
        raise ValidationError(_("Status sesi tidak dikenal."))
    TrainingSession.objects.filter(pk=session.pk).update(status=status, updated_at=timezone.now())
    transaction.on_commit(selectors.forget_sessions_open_for_nomination)
    session.refresh_from_db()
    return session


@transaction.atomic
def attendance_mark(*, session: TrainingSession, day: date, present_ids: list[int], by: User) -> int:
    """HR records one day's attendance; only approved participants of this session can be marked.

    Everyone approved and not in `present_ids` is recorded absent for that day.
    """
    require_hr(by)
    if not (session.start_date <= day <= session.end_date):
        raise ValidationError(
            _("Tanggal %(day)s di luar jadwal sesi (%(start_date)s s.d. %(end_date)s).")
            % {
                "day": format(day, "%d-%m-%Y"),
                "start_date": format(session.start_date, "%d-%m-%Y"),
                "end_date": format(session.end_date, "%d-%m-%Y"),
            }
        )
    approved = dict(
        Enrollment.objects.filter(session=session, status=Enrollment.Status.APPROVED).values_list("pk", "employee_id")
    )
    strangers = [pk for pk in present_ids if pk not in approved]
    if strangers:
        names = ", ".join(
            e.full_name
            for e in Employee.objects.filter(training_enrollments__pk__in=strangers).distinct().order_by("name")
        )
        raise ValidationError(
            _("Kehadiran hanya untuk peserta yang disetujui di sesi ini; bukan peserta: %(v)s.")
            % {"v": names or "data tidak dikenal"}
        )
    present = set(present_ids)
    Attendance.objects.bulk_create(
        [Attendance(enrollment_id=pk, day=day, present=pk in present, recorded_by=by) for pk in approved],
        update_conflicts=True,
        unique_fields=["enrollment", "day"],
        update_fields=["present", "recorded_by", "recorded_at"],
    )
    return len(present)


@transaction.atomic
def program_save(*, form, by: User) -> TrainingProgram:
    """HR saves a programme; a changed JP or kind moves the JP (or the technical JP and seminars the IP ASN
    reads) of everyone who completed one of its sessions."""
    require_hr(by)
    moves_jp = form.instance.pk is not None and {"jp", "kind"} & set(form.changed_data)
    program = form.save()
    if moves_jp:
        ledger.jp_refresh(employee_ids=Enrollment.objects.filter(session__program=program).values("employee_id"))
    return program


@transaction.atomic
def session_save(*, form, by: User) -> TrainingSession:
    """HR saves a session; a new end date (the JP year) or programme moves its participants' JP."""
    require_hr(by)
    moves_jp = form.instance.pk is not None and {"end_date", "program"} & set(form.changed_data)
    session = form.save()
    if moves_jp:
        ledger.jp_refresh(employee_ids=Enrollment.objects.filter(session=session).values("employee_id"))
    return session


@transaction.atomic
def enrollment_set_result(*, enrollment: Enrollment, result: str, by: User) -> Enrollment:
    """HR records completed / not completed for an approved participant; completed counts for JP."""
    require_hr(by)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Enrollment.Status.APPROVED:
        raise ValidationError(_("Hasil hanya dapat dicatat untuk peserta yang disetujui."))
    if result not in (Enrollment.Result.COMPLETED, Enrollment.Result.NOT_COMPLETED):
        raise ValidationError(_("Hasil harus 'selesai' atau 'tidak selesai'."))
    if result == Enrollment.Result.NOT_COMPLETED and hasattr(enrollment, "certificate"):
        raise ValidationError(_("Peserta ini sudah bersertifikat; hasil tidak dapat diubah menjadi tidak selesai."))
    enrollment.result = result
    enrollment.result_at = timezone.now()
    enrollment.save()
    ledger.jp_refresh(employee_ids=[enrollment.employee_id])
    return enrollment


def _new_code() -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not Certificate.objects.filter(code=code).exists():
            return code


def _certificate_target(enrollment: Enrollment, by: User) -> Enrollment:
    require_hr(by)
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("employee", "session", "session__program", "session__program__institution")
        .get(pk=enrollment.pk)
    )
    if enrollment.result != Enrollment.Result.COMPLETED:
        raise ValidationError(_("Sertifikat hanya untuk peserta yang dinyatakan selesai."))
    if Certificate.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("Peserta ini sudah memiliki sertifikat."))
    return enrollment


@transaction.atomic
def certificate_upload(*, enrollment: Enrollment, file, by: User) -> Certificate:
    """HR uploads the certificate the institution issued: a PDF or image up to 5 MB."""
    require_hr(by)  # a refusal before any remark about the file
    upload_check(file, label=_("Berkas sertifikat"))
    enrollment = _certificate_target(enrollment, by)
    cert = Certificate(enrollment=enrollment, kind=Certificate.Kind.UPLOADED, code=_new_code(), issued_by=by)
    cert.file.save(file.name, file, save=False)
    cert.save()
    events.publish("training.certificate_issued", certificate_id=cert.pk, enrollment_id=enrollment.pk, by_id=by.pk)
    return cert


@transaction.atomic
def certificate_generate(*, enrollment: Enrollment, by: User) -> Certificate:
    """HR issues a PDF certificate with a unique code that anyone can check on the public page."""
    from .pdf import certificate_pdf

    enrollment = _certificate_target(enrollment, by)
    code = _new_code()
    pdf = certificate_pdf(enrollment=enrollment, code=code)
    cert = Certificate(enrollment=enrollment, kind=Certificate.Kind.GENERATED, code=code, issued_by=by)
    cert.file.save(f"{code}.pdf", ContentFile(pdf), save=False)
    cert.save()
    events.publish("training.certificate_issued", certificate_id=cert.pk, enrollment_id=enrollment.pk, by_id=by.pk)
    return cert


@transaction.atomic
def external_learning_submit(*, employee: Employee, by: User, evidence, **fields) -> ExternalLearning:
    """An employee reports learning done elsewhere with evidence; it counts once HR verifies it."""
    if employee.user_id != by.pk:
        raise PermissionDenied(_("Laporan pembelajaran mandiri hanya dapat diajukan oleh pegawai sendiri."))
    upload_check(evidence, label=_("Bukti"))
    report = ExternalLearning(employee=employee, **fields)
    report.evidence.name = "pending"
    report.full_clean(exclude=["evidence"])
    if report.end_date < report.start_date:
        raise ValidationError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    report.evidence.save(evidence.name, evidence, save=False)
    report.save()
    return report


@transaction.atomic
def external_learning_verify(
    *, report: ExternalLearning, by: User, approve: bool, reason: str = ""
) -> ExternalLearning:
    """HR verifies (counts for JP) or rejects with a reason."""
    require_hr(by)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(_("Alasan penolakan wajib diisi."))
    status = ExternalLearning.Status.VERIFIED if approve else ExternalLearning.Status.REJECTED
    changed = ExternalLearning.objects.filter(pk=report.pk, status=ExternalLearning.Status.SUBMITTED).update(
        status=status, verified_by=by, verified_at=timezone.now(), reject_reason="" if approve else reason
    )
    if not changed:
        raise ValidationError(_("Laporan ini sudah diverifikasi atau ditolak."))
    report.refresh_from_db()
    if approve:
        ledger.jp_refresh(employee_ids=[report.employee_id])
    return report


@transaction.atomic
def feedback_submit(*, enrollment: Enrollment, by: User, rating: int, comment: str = "") -> Feedback:
    """A participant rates a session once, after taking part."""
    enrollment = Enrollment.objects.select_related("employee", "session").get(pk=enrollment.pk)
    if enrollment.employee.user_id != by.pk:
        raise PermissionDenied(_("Umpan balik hanya dapat diisi oleh peserta sendiri."))
    if enrollment.status != Enrollment.Status.APPROVED or not (
        enrollment.result or enrollment.session.status == TrainingSession.Status.FINISHED
    ):
        raise ValidationError(_("Umpan balik dapat diisi setelah Anda mengikuti sesi ini."))
    if not (1 <= int(rating) <= 5):
        raise ValidationError(_("Nilai harus antara 1 dan 5."))
    try:
        with transaction.atomic():
            return Feedback.objects.create(enrollment=enrollment, rating=int(rating), comment=comment.strip())
    except IntegrityError as exc:
        raise ValidationError(_("Anda sudah mengisi umpan balik untuk sesi ini.")) from exc


@transaction.atomic
def needs_plan_build(*, year: int, department: OrgUnit, by: User) -> int:
    """Build (or refresh) a department's plan lines for a year from two sources; returns new lines.

    Sources: development needs from approved appraisals (performance app) and leadership-training gaps
    (pengawas without PKP, administrator without PKA, …; PerLAN 10/2018). Existing lines are kept.
    """
    require_hr(by)
    lines = []
    needs = selectors.development_needs(year=year, department_id=department.pk)
    in_department = set(
        Employee.objects.filter(
            unit__department_id=department.pk, pk__in=[n["employee_id"] for n in needs]
        ).values_list("pk", flat=True)
    )
    for need in needs:
        if need["employee_id"] not in in_department:
            continue
        weak = ", ".join(need.get("weak_aspects") or [])
        text = f"Predikat {need.get('predikat', '-')}" + (f"; aspek perilaku lemah: {weak}" if weak else "")
        lines.append(
            TrainingNeed(
                year=year, department=department, employee_id=need["employee_id"],
                source=TrainingNeed.Source.PERFORMANCE, description=text[:500],
            )
        )  # fmt: skip
    for employee, level in selectors.leadership_gaps(department_id=department.pk):
        label = TrainingProgram.LeadershipLevel(level).label
        lines.append(
            TrainingNeed(
                year=year, department=department, employee=employee, source=TrainingNeed.Source.LEADERSHIP,
                description=_("Belum mengikuti %(level)s untuk jabatan %(position)s")
                % {"level": label, "position": employee.get_position_type_display()},
                leadership_level=level,
            )
        )  # fmt: skip
    before = TrainingNeed.objects.filter(year=year, department=department).count()
    TrainingNeed.objects.bulk_create(lines, ignore_conflicts=True)
    return TrainingNeed.objects.filter(year=year, department=department).count() - before


@transaction.atomic
def need_nominate(*, need: TrainingNeed, session: TrainingSession, by: User) -> Enrollment:
    """HR turns a plan line into a nomination for a session."""
    require_hr(by)
    need = TrainingNeed.objects.select_for_update().select_related("employee").get(pk=need.pk)
    if need.enrollment_id:
        raise ValidationError(_("Kebutuhan ini sudah diusulkan."))
    enrollment = enrollment_nominate(session=session, employee=need.employee, by=by, note=need.description[:500])
    need.enrollment = enrollment
    need.save(update_fields=["enrollment"])
    return enrollment
