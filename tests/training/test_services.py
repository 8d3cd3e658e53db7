import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.factories import EmployeeFactory, UserFactory
from training import rules, selectors, services
from training.models import Attendance, Certificate, Enrollment, ExternalLearning, TrainingNeed, TrainingProgram

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def nominate(session, employee, by, **kw):
    return services.enrollment_nominate(session=session, employee=employee, by=by, **kw)


def approved(session, employee, world):
    e = nominate(session, employee, world.hr)
    return services.enrollment_approve(enrollment=e, by=world.user_kepala)


# --- who may nominate ------------------------------------------------------------------------


def test_supervisor_nominates_own_report(world, session):
    e = nominate(session, world.pegawai, world.user_atasan)
    assert e.origin == Enrollment.Origin.SUPERVISOR and e.status == Enrollment.Status.PENDING


def test_supervisor_cannot_nominate_someone_elses_report(world, session):
    with pytest.raises(PermissionDenied):
        nominate(session, world.pegawai_b, world.user_atasan)
    assert not Enrollment.objects.exists()


def test_employee_cannot_nominate_a_colleague_but_may_request(world, session):
    with pytest.raises(PermissionDenied):
        nominate(session, world.pegawai2, world.user_pegawai)
    e = services.enrollment_request(session=session, by=world.user_pegawai)
    assert e.origin == Enrollment.Origin.REQUEST


def test_hr_nominates_anyone(world, session):
    assert nominate(session, world.pegawai_b, world.hr).origin == Enrollment.Origin.HR


# --- bad input ---------------------------------------------------------------------------------


def test_request_after_deadline_is_refused(world, make_session, today):
    session = make_session(
        start=today + datetime.timedelta(days=2), registration_deadline=today - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as exc:
        services.enrollment_request(session=session, by=world.user_pegawai)
    assert "Batas pendaftaran" in str(exc.value)
    assert not Enrollment.objects.exists()


def test_failing_prerequisite_is_refused_with_reason(world, make_program, make_session):
    pkn = make_program(title="PKN Tingkat II", min_golongan="IV/a", max_age=55, leadership_level="pkn2")
    session = make_session(program=pkn)
    with pytest.raises(ValidationError) as exc:
        nominate(session, world.pegawai, world.user_atasan)  # III/a
    assert "Golongan minimal IV/a" in " ".join(exc.value.messages)
    assert not Enrollment.objects.exists()


def test_required_prior_programme(world, make_program, make_session, today):
    pkp = make_program(title="PKP", leadership_level="pkp")
    pka = make_program(title="PKA", leadership_level="pka", required_program=pkp)
    session = make_session(program=pka)
    with pytest.raises(ValidationError) as exc:
        nominate(session, world.atasan, world.hr)
    assert "Harus sudah menyelesaikan PKP" in " ".join(exc.value.messages)
    past = make_session(
        program=pkp,
        start=today - datetime.timedelta(days=30),
        registration_deadline=today - datetime.timedelta(days=31),
    )
    Enrollment.objects.create(
        session=past, employee=world.atasan, origin="hr", nominated_by=world.hr, status="approved", result="completed"
    )
    assert nominate(session, world.atasan, world.hr).pk


def test_clash_with_another_session_is_refused(world, make_program, make_session, today):
    first = make_session()
    other = make_session(program=make_program(title="Manajemen Proyek"), start=first.end_date)
    nominate(first, world.pegawai, world.hr)
    with pytest.raises(ValidationError) as exc:
        nominate(other, world.pegawai, world.hr)
    assert "bentrok" in " ".join(exc.value.messages)
    assert Enrollment.objects.count() == 1


def test_duplicate_enrolment_is_refused(world, session):
    nominate(session, world.pegawai, world.hr)
    with pytest.raises(ValidationError):
        nominate(session, world.pegawai, world.user_atasan)


def test_pppk_over_the_cap_gets_a_warning_not_a_block(world, make_program, make_session):
    pppk = EmployeeFactory(unit=world.bidang_a, supervisor=world.atasan, employment_type="pppk")
    big = make_program(title="Bimtek Panjang", jp=30)
    e = nominate(make_session(program=big), pppk, world.hr)
    assert "melebihi batas 24 JP" in e.warning and "TMT kontrak belum diisi" in e.warning


def test_pppk_cap_counts_the_contract_year_not_the_calendar(world, make_program, make_session, today):
    """JP done in the previous contract year do not count; those in the current one do."""
    contract = datetime.date(today.year - 2, today.month, 1)
    pppk = EmployeeFactory(unit=world.bidang_a, supervisor=world.atasan, employment_type="pppk", tmt_contract=contract,
                           user=UserFactory())  # fmt: skip
    start, end = rules.contract_year(contract, today + datetime.timedelta(days=11))
    assert start == datetime.date(today.year, today.month, 1)
    report = _report(world, pppk, 20, start - datetime.timedelta(days=3))  # the previous contract year
    services.external_learning_verify(report=report, by=world.hr, approve=True)
    e = nominate(make_session(program=make_program(title="Bimtek Singkat", jp=8)), pppk, world.hr)
    assert e.warning == ""  # 8 JP in this contract year; the 20 before it do not count
    services.external_learning_verify(report=_report(world, pppk, 18, start), by=world.hr, approve=True)
    other = make_session(program=make_program(title="Bimtek Lain", jp=8), start=today + datetime.timedelta(days=14))
    e = nominate(other, pppk, world.hr)
    assert f"akan mencapai 26 JP dalam tahun kontrak {start.day} " in e.warning  # 18 + 8 (the first is pending)
    assert "sebanyak 2 JP" in e.warning


# --- approval, waitlist, race ------------------------------------------------------------------


def test_only_head_of_the_employees_department_decides(world, session):
    e = nominate(session, world.pegawai, world.user_atasan)
    for outsider in (world.user_kepala2, world.user_atasan, world.user_pegawai, world.hr):
        with pytest.raises(PermissionDenied):
            services.enrollment_approve(enrollment=e, by=outsider)
    e.refresh_from_db()
    assert e.status == Enrollment.Status.PENDING
    assert services.enrollment_approve(enrollment=e, by=world.user_kepala).status == Enrollment.Status.APPROVED


def test_hr_decides_for_a_heads_own_enrolment(world, session):
    e = services.enrollment_request(session=session, by=world.user_kepala)
    with pytest.raises(PermissionDenied):
        services.enrollment_approve(enrollment=e, by=world.user_kepala)
    assert services.enrollment_approve(enrollment=e, by=world.hr).status == Enrollment.Status.APPROVED


def test_decline_needs_a_reason(world, session):
    e = nominate(session, world.pegawai, world.user_atasan)
    with pytest.raises(ValidationError) as exc:
        services.enrollment_decline(enrollment=e, by=world.user_kepala, reason="  ")
    assert "Alasan" in exc.value.messages[0]
    e = services.enrollment_decline(enrollment=e, by=world.user_kepala, reason="Beban kerja bulan ini")
    assert e.status == Enrollment.Status.DECLINED and e.decline_reason


def test_full_session_waitlists_in_order_and_moves_up_when_a_place_frees(world, make_session):
    session = make_session(capacity=1)
    first = approved(session, world.pegawai, world)
    second = approved(session, world.pegawai2, world)
    third = approved(session, world.atasan, world)
    assert first.status == Enrollment.Status.APPROVED
    assert second.status == third.status == Enrollment.Status.WAITLISTED
    services.enrollment_cancel(enrollment=first, by=world.user_pegawai)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Enrollment.Status.APPROVED
    assert third.status == Enrollment.Status.WAITLISTED
    assert second.history.count() >= 3  # history kept on enrolments


def test_more_capacity_moves_the_waitlist_up(world, make_session):
    session = make_session(capacity=1)
    approved(session, world.pegawai, world)
    waiting = approved(session, world.pegawai2, world)
    services.session_update_capacity(session=session, capacity=2, by=world.hr)
    waiting.refresh_from_db()
    assert waiting.status == Enrollment.Status.APPROVED


@pytest.mark.django_db(transaction=True)
def test_two_approvals_racing_for_the_last_seat_give_it_to_one(world, make_session):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    session = make_session(capacity=1)
    a = nominate(session, world.pegawai, world.hr)
    b = nominate(session, world.pegawai2, world.hr)
    barrier = threading.Barrier(2)
    errors = []

    def approve(enrollment):
        from django.db import connection as conn

        try:
            barrier.wait()
            services.enrollment_approve(enrollment=enrollment, by=world.user_kepala)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=approve, args=(e,)) for e in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    statuses = sorted(Enrollment.objects.values_list("status", flat=True))
    assert statuses == [Enrollment.Status.APPROVED, Enrollment.Status.WAITLISTED]


# --- attendance, result, certificates -----------------------------------------------------------


def test_attendance_only_for_approved_participants(world, session):
    ok = approved(session, world.pegawai, world)
    pending = nominate(session, world.pegawai2, world.hr)
    with pytest.raises(ValidationError) as exc:
        services.attendance_mark(session=session, day=session.start_date, present_ids=[ok.pk, pending.pk], by=world.hr)
    assert "bukan peserta" in exc.value.messages[0] and "Petrus Sapisa" in exc.value.messages[0]
    assert not Attendance.objects.exists()
    services.attendance_mark(session=session, day=session.start_date, present_ids=[ok.pk], by=world.hr)
    services.attendance_mark(session=session, day=session.start_date, present_ids=[], by=world.hr)  # corrected
    assert list(Attendance.objects.values_list("present", flat=True)) == [False]


def test_attendance_outside_the_session_dates_is_refused(world, session):
    ok = approved(session, world.pegawai, world)
    with pytest.raises(ValidationError):
        services.attendance_mark(
            session=session, day=session.end_date + datetime.timedelta(days=1), present_ids=[ok.pk], by=world.hr
        )


def test_only_hr_marks_attendance_and_results(world, session):
    ok = approved(session, world.pegawai, world)
    with pytest.raises(PermissionDenied):
        services.attendance_mark(session=session, day=session.start_date, present_ids=[ok.pk], by=world.user_kepala)
    with pytest.raises(PermissionDenied):
        services.enrollment_set_result(enrollment=ok, result="completed", by=world.user_atasan)


def test_generated_certificate_has_a_unique_code_and_a_pdf(world, session):
    e = approved(session, world.pegawai, world)
    with pytest.raises(ValidationError):
        services.certificate_generate(enrollment=e, by=world.hr)  # not completed yet
    services.enrollment_set_result(enrollment=e, result="completed", by=world.hr)
    cert = services.certificate_generate(enrollment=e, by=world.hr)
    assert len(cert.code) == 14 and cert.file.read(5) == b"%PDF-"
    with pytest.raises(ValidationError):
        services.certificate_generate(enrollment=e, by=world.hr)
    assert cert.history.count() == 1


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("sertifikat.docx", b"PK\x03\x04", "hanya PDF, JPG atau PNG"),
        ("sertifikat.pdf", b"MZ not a pdf", "tidak sesuai"),
        ("sertifikat.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "terlalu besar"),
    ],
)
def test_bad_certificate_uploads_are_refused(world, session, name, content, message):
    e = approved(session, world.pegawai, world)
    services.enrollment_set_result(enrollment=e, result="completed", by=world.hr)
    with pytest.raises(ValidationError) as exc:
        services.certificate_upload(enrollment=e, file=SimpleUploadedFile(name, content), by=world.hr)
    assert message in exc.value.messages[0]
    assert not Certificate.objects.exists()


def test_uploaded_certificate_accepted(world, session):
    e = approved(session, world.pegawai, world)
    services.enrollment_set_result(enrollment=e, result="completed", by=world.hr)
    cert = services.certificate_upload(enrollment=e, file=SimpleUploadedFile("s.png", PNG), by=world.hr)
    assert cert.kind == Certificate.Kind.UPLOADED


# --- JP ------------------------------------------------------------------------------------------


def _report(world, employee, jp, end, **kw):
    user = employee.user or UserFactory()
    if employee.user is None:
        employee.user = user
        employee.save()
    return services.external_learning_submit(
        employee=employee, by=user, evidence=SimpleUploadedFile("bukti.pdf", PDF), title="Kursus daring ASN",
        provider="ASN Unggul", route="nonklasikal", method="e_learning", start_date=end, end_date=end, jp=jp,
        **{"kind": "teknis", **kw},
    )  # fmt: skip


def test_jp_counts_completed_sessions_and_verified_reports_of_the_year(world, session, today):
    e = approved(session, world.pegawai, world)
    services.enrollment_set_result(enrollment=e, result="completed", by=world.hr)
    report = _report(world, world.pegawai, 5, today)
    assert selectors.employee_jp(employee_id=world.pegawai.pk, year=session.end_date.year)["jp_external"] == 0
    services.external_learning_verify(report=report, by=world.hr, approve=True)
    _report(world, world.pegawai, 7, today)  # not verified: does not count
    jp = selectors.employee_jp(employee_id=world.pegawai.pk, year=today.year)
    if session.end_date.year == today.year:
        assert jp == {"jp_sessions": 12, "jp_external": 5, "jp": 17}


def test_external_learning_verify_is_hr_only_and_once(world, today):
    report = _report(world, world.pegawai, 5, today)
    with pytest.raises(PermissionDenied):
        services.external_learning_verify(report=report, by=world.user_kepala, approve=True)
    with pytest.raises(ValidationError):
        services.external_learning_verify(report=report, by=world.hr, approve=False, reason="")
    services.external_learning_verify(report=report, by=world.hr, approve=False, reason="Bukti tidak terbaca")
    with pytest.raises(ValidationError):
        services.external_learning_verify(report=report, by=world.hr, approve=True)
    assert ExternalLearning.objects.get().status == ExternalLearning.Status.REJECTED


def test_external_learning_with_a_bad_file_saves_nothing(world, today):
    with pytest.raises(ValidationError):
        services.external_learning_submit(
            employee=world.pegawai, by=world.user_pegawai, evidence=SimpleUploadedFile("x.exe", b"MZ"),
            title="X", provider="Y", kind="teknis", route="nonklasikal", method="e_learning",
            start_date=today, end_date=today, jp=2,
        )  # fmt: skip
    assert not ExternalLearning.objects.exists()


def test_under_20_list_is_one_query_with_the_gap(world, today, django_assert_num_queries):
    year = today.year
    _report(world, world.pegawai, 25, today)
    services.external_learning_verify(report=ExternalLearning.objects.get(), by=world.hr, approve=True)
    r = _report(world, world.pegawai2, 8, today)
    services.external_learning_verify(report=r, by=world.hr, approve=True)
    EmployeeFactory(unit=world.bidang_a, employment_type="pppk")  # PPPK: not in the list
    with django_assert_num_queries(1):
        rows = list(selectors.below_minimum_jp(selectors.under_minimum_scope(user=world.hr), year=year))
    by_name = {r.name: r for r in rows}
    assert "Dewi Lestari" not in by_name
    assert by_name["Petrus Sapisa"].jp == 8 and by_name["Petrus Sapisa"].gap == 12
    assert all(r.employment_type in ("pns", "cpns") for r in rows)
    head_rows = list(selectors.below_minimum_jp(selectors.under_minimum_scope(user=world.user_kepala2), year=year))
    assert {r.name for r in head_rows} == {"Maria Mambrasar", "Frans Wanma"}


# --- feedback and needs plan ---------------------------------------------------------------------


def test_feedback_by_participant_once_after_the_session(world, session):
    e = approved(session, world.pegawai, world)
    with pytest.raises(ValidationError):
        services.feedback_submit(enrollment=e, by=world.user_pegawai, rating=5)
    services.enrollment_set_result(enrollment=e, result="completed", by=world.hr)
    with pytest.raises(PermissionDenied):
        services.feedback_submit(enrollment=e, by=world.user_atasan, rating=5)
    services.feedback_submit(enrollment=e, by=world.user_pegawai, rating=4, comment="Bermanfaat")
    with pytest.raises(ValidationError):
        services.feedback_submit(enrollment=e, by=world.user_pegawai, rating=5)
    row = selectors.feedback_summary_by_institution().get()
    assert row.feedback_count == 1 and row.feedback_avg == 4


def test_needs_plan_from_leadership_gaps_and_appraisals(world, make_program, make_session, monkeypatch):
    pengawas = EmployeeFactory(unit=world.bidang_a, supervisor=world.atasan, position_type="pengawas", golongan="III/c")
    monkeypatch.setattr(
        selectors, "development_needs",
        lambda *, year, department_id: [{"employee_id": world.pegawai.pk, "predikat": "Butuh Perbaikan",
                                          "weak_aspects": ["Kolaboratif"]},
                                         {"employee_id": world.pegawai_b.pk, "predikat": "Kurang", "weak_aspects": []}],
    )  # fmt: skip
    added = services.needs_plan_build(year=2026, department=world.dept_a, by=world.hr)
    lines = {(n.employee_id, n.source): n for n in TrainingNeed.objects.all()}
    assert (world.pegawai.pk, "kinerja") in lines and "Kolaboratif" in lines[(world.pegawai.pk, "kinerja")].description
    assert (world.pegawai_b.pk, "kinerja") not in lines  # other department
    assert lines[(pengawas.pk, "kepemimpinan")].leadership_level == "pkp"
    assert lines[(world.atasan.pk, "kepemimpinan")].leadership_level == "pka"
    assert added == len(lines)
    assert services.needs_plan_build(year=2026, department=world.dept_a, by=world.hr) == 0  # idempotent
    pkp = make_program(title="PKP", leadership_level=TrainingProgram.LeadershipLevel.PKP)
    need = lines[(pengawas.pk, "kepemimpinan")]
    e = services.need_nominate(need=need, session=make_session(program=pkp), by=world.hr)
    need.refresh_from_db()
    assert need.enrollment == e and e.origin == Enrollment.Origin.HR


def test_a_verified_leadership_report_closes_the_gap(world, today):
    """PKA done elsewhere and reported: the administrator no longer needs it; an unverified report does not count."""
    gaps = {e.pk: level for e, level in selectors.leadership_gaps(department_id=world.dept_a.pk)}
    assert gaps[world.atasan.pk] == "pka"
    report = _report(world, world.atasan, 360, today, kind="kepemimpinan", leadership_level="pka")
    assert world.atasan.pk in {e.pk for e, _ in selectors.leadership_gaps(department_id=world.dept_a.pk)}
    services.external_learning_verify(report=report, by=world.hr, approve=True)
    assert world.atasan.pk not in {e.pk for e, _ in selectors.leadership_gaps(department_id=world.dept_a.pk)}


def test_development_needs_are_empty_without_approved_appraisals(world):
    assert selectors.development_needs(year=2026, department_id=world.dept_a.pk) == []


def test_set_based_count_matches_the_list(world, today):
    """The paginator's count comes from a GROUP BY; it must equal the rows the list itself yields."""
    for employee, jp in ((world.pegawai, 25), (world.pegawai2, 8), (world.pegawai2, 16), (world.pegawai_b, 19)):
        services.external_learning_verify(report=_report(world, employee, jp, today), by=world.hr, approve=True)
    for user, expected in ((world.hr, {"Yohanis Kambuaya", "Maria Mambrasar", "Agus Wijaya", "Frans Wanma"}),
                           (world.user_kepala2, {"Maria Mambrasar", "Frans Wanma"})):  # fmt: skip
        scope = selectors.under_minimum_scope(user=user)
        listed = {e.name for e in selectors.below_minimum_jp(scope, year=today.year)}
        assert listed == expected
        assert selectors.count_below_minimum_jp(scope, year=today.year) == len(listed)
