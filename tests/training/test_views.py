import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import EmployeeFactory
from training import services
from training.models import Certificate, Enrollment, ExternalLearning, TrainingProgram, TrainingSession


def url(name, *args):
    return reverse(f"training:{name}", args=args)


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


def approved(session, employee, world):
    e = services.enrollment_nominate(session=session, employee=employee, by=world.hr)
    return services.enrollment_approve(
        enrollment=e, by=world.user_kepala if employee.unit.department_id == world.dept_a.pk else world.user_kepala2
    )


# --- anonymous, wrong role, right role ---------------------------------------------------------


@pytest.mark.parametrize("name", ["my-training", "session-list", "program-list", "approval-list", "under-jp-list"])
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(url(name))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize(
    "name",
    [
        "institution-list",
        "institution-create",
        "program-create",
        "session-create",
        "external-review",
        "needs-plan",
        "feedback-summary",
    ],
)
def test_hr_pages_forbidden_to_others(world, login, name):
    assert login(world.user_kepala).get(url(name)).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "institution-list",
        "program-create",
        "session-create",
        "external-review",
        "needs-plan",
        "feedback-summary",
        "under-jp-list",
    ],
)
def test_hr_pages_open_to_hr(world, login, name, institution):
    assert login(world.hr).get(url(name)).status_code == 200


def test_employee_sees_only_own_record(world, login):
    client = login(world.user_pegawai)
    assert client.get(url("employee-record", world.pegawai.pk)).status_code == 200
    assert client.get(url("employee-record", world.pegawai2.pk)).status_code == 404
    assert client.get(url("employee-record", world.pegawai_b.pk)).status_code == 404


def test_head_sees_department_record_not_other_department(world, login):
    client = login(world.user_kepala)
    assert client.get(url("employee-record", world.pegawai.pk)).status_code == 200
    assert client.get(url("employee-record", world.pegawai_b.pk)).status_code == 404


def test_under_jp_list_forbidden_to_plain_employee_and_scoped_for_head(world, login):
    assert login(world.user_pegawai).get(url("under-jp-list")).status_code == 403
    response = login(world.user_kepala2).get(url("under-jp-list"))
    names = {e.name for e in response.context["page_obj"]}
    assert names == {"Maria Mambrasar", "Frans Wanma"}


# --- workflow through the views ---------------------------------------------------------------


def test_supervisor_nominates_report_through_view(world, login, session):
    client = login(world.user_atasan)
    response = client.post(url("session-nominate", session.pk), {"employee": world.pegawai.pk}, follow=True)
    assert "diusulkan" in response.content.decode()
    assert Enrollment.objects.get().origin == Enrollment.Origin.SUPERVISOR


def test_supervisor_cannot_nominate_other_departments_employee(world, login, session):
    client = login(world.user_atasan)
    client.post(url("session-nominate", session.pk), {"employee": world.pegawai_b.pk})
    assert not Enrollment.objects.exists()


def test_hr_nominates_by_nip(world, login, session):
    client = login(world.hr)
    client.post(url("session-nominate", session.pk), {"nip": world.pegawai_b.nip})
    assert Enrollment.objects.get().employee == world.pegawai_b


def test_head_of_other_department_gets_404_on_decision(world, login, session):
    e = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.user_atasan)
    assert login(world.user_kepala2).post(url("enrollment-approve", e.pk)).status_code == 404
    e.refresh_from_db()
    assert e.status == Enrollment.Status.PENDING


def test_supervisor_cannot_approve(world, login, session):
    e = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.user_atasan)
    assert login(world.user_atasan).post(url("enrollment-approve", e.pk)).status_code == 403
    e.refresh_from_db()
    assert e.status == Enrollment.Status.PENDING


def test_head_approves_and_full_session_says_waitlist(world, login, make_session):
    session = make_session(capacity=1)
    a = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.user_atasan)
    b = services.enrollment_nominate(session=session, employee=world.pegawai2, by=world.user_atasan)
    client = login(world.user_kepala)
    assert [e.pk for e in client.get(url("approval-list")).context["page_obj"]] == [a.pk, b.pk]
    client.post(url("enrollment-approve", a.pk))
    response = client.post(url("enrollment-approve", b.pk), follow=True)
    assert "daftar tunggu" in response.content.decode()
    b.refresh_from_db()
    assert b.status == Enrollment.Status.WAITLISTED


def test_decline_without_reason_shows_message_and_saves_nothing(world, login, session):
    e = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.user_atasan)
    response = login(world.user_kepala).post(url("enrollment-decline", e.pk), {"reason": ""}, follow=True)
    assert "Alasan penolakan wajib diisi" in response.content.decode()
    e.refresh_from_db()
    assert e.status == Enrollment.Status.PENDING


def test_request_after_deadline_shows_message(world, login, make_session, today):
    session = make_session(
        start=today + datetime.timedelta(days=3), registration_deadline=today - datetime.timedelta(days=1)
    )
    response = login(world.user_pegawai).post(url("session-request", session.pk), follow=True)
    assert "Batas pendaftaran" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_attendance_for_someone_not_enrolled_is_refused(world, login, session):
    ok = approved(session, world.pegawai, world)
    pending = services.enrollment_nominate(session=session, employee=world.pegawai2, by=world.hr)
    client = login(world.hr)
    day = session.start_date.isoformat()
    response = client.post(
        url("session-attendance", session.pk), {"day": day, "present": [ok.pk, pending.pk]}, follow=True
    )
    assert "bukan peserta" in response.content.decode()
    assert not ok.attendances.exists()
    client.post(url("session-attendance", session.pk), {"day": day, "present": [ok.pk]})
    assert ok.attendances.get().present


def test_certificate_upload_wrong_type_and_too_big(world, login, session):
    e = approved(session, world.pegawai, world)
    services.enrollment_set_result(enrollment=e, result="completed", by=world.hr)
    client = login(world.hr)
    r1 = client.post(url("certificate-upload", e.pk), {"file": SimpleUploadedFile("a.exe", b"MZ")}, follow=True)
    assert "hanya PDF, JPG atau PNG" in r1.content.decode()
    big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024 + 1))
    r2 = client.post(url("certificate-upload", e.pk), {"file": big}, follow=True)
    assert "terlalu besar" in r2.content.decode()
    assert not Certificate.objects.exists()


def test_certificate_generate_download_and_public_verify(world, login, session, client):
    e = approved(session, world.pegawai, world)
    hr = login(world.hr)
    hr.post(url("enrollment-result", e.pk), {"result": "completed"})
    hr.post(url("certificate-generate", e.pk))
    cert = Certificate.objects.get()
    response = login(world.user_pegawai).get(url("certificate-download", e.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert login(world.user_pegawai_b).get(url("certificate-download", e.pk)).status_code == 404
    client.logout()
    page = client.get(url("verify", cert.code))
    body = page.content.decode()
    assert page.status_code == 200 and "Dewi Lestari" in body and session.program.title in body
    assert world.pegawai.nip not in body and "Kesehatan" not in body.split("verify-result")[1]
    assert client.get(url("verify", "XXXX-XXXX-XXXX")).status_code == 404


def test_external_learning_submit_and_verify(world, login, today):
    client = login(world.user_pegawai)
    data = {
        "title": "Literasi Digital ASN", "provider": "ASN Unggul", "kind": "teknis", "route": "nonklasikal",
        "method": "e_learning",
        "start_date": today.isoformat(), "end_date": today.isoformat(), "jp": 6,
        "evidence": SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 x"),
    }  # fmt: skip
    client.post(url("external-list"), data)
    report = ExternalLearning.objects.get()
    assert login(world.user_pegawai2).get(url("external-evidence", report.pk)).status_code == 404
    login(world.hr).post(url("external-decide", report.pk), {"approve": "on"})
    report.refresh_from_db()
    assert report.status == ExternalLearning.Status.VERIFIED


def test_external_learning_bad_file_shows_message(world, login, today):
    data = {
        "title": "X", "provider": "Y", "kind": "teknis", "route": "nonklasikal", "method": "e_learning",
        "start_date": today.isoformat(), "end_date": today.isoformat(), "jp": 6,
        "evidence": SimpleUploadedFile("bukti.docx", b"PK.."),
    }  # fmt: skip
    response = login(world.user_pegawai).post(url("external-list"), data)
    assert "hanya PDF, JPG atau PNG" in response.content.decode()
    assert not ExternalLearning.objects.exists()


def test_under_jp_export_is_excel(world, login):
    response = login(world.hr).get(url("under-jp-export"))
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.values)
    assert rows[0][0] == "NIP" and rows[0][-1] == "Kekurangan"
    assert len(rows) == 1 + 6  # every PNS of the world is at 0 JP


def test_hr_creates_programme_and_session_through_forms(world, login, institution, today):
    client = login(world.hr)
    client.post(
        url("program-create"),
        {"title": "Manajemen Proyek", "kind": "seminar", "competence_type": "manajerial", "route": "klasikal",
         "method": "lokakarya", "jp": 16, "institution": institution.pk, "is_active": "on"},
    )  # fmt: skip
    program = TrainingProgram.objects.get(title="Manajemen Proyek")
    client.post(
        url("session-create"),
        {"program": program.pk, "name": "Angkatan I", "start_date": today.isoformat(),
         "end_date": today.isoformat(), "registration_deadline": today.isoformat(), "place": "Aula",
         "capacity": 20, "status": "open"},
    )  # fmt: skip
    assert TrainingSession.objects.filter(program=program).count() == 1


def test_session_form_rejects_end_before_start(world, login, program, today):
    response = login(world.hr).post(
        url("session-create"),
        {"program": program.pk, "name": "X", "start_date": today.isoformat(),
         "end_date": (today - datetime.timedelta(days=1)).isoformat(),
         "registration_deadline": today.isoformat(), "place": "Aula", "capacity": 5, "status": "open"},
    )  # fmt: skip
    assert "Tanggal selesai tidak boleh sebelum" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_profile_and_home_show_jp(world, login, session):
    e = approved(session, world.pegawai, world)
    services.enrollment_set_result(enrollment=e, result="completed", by=world.hr)
    client = login(world.user_pegawai)
    body = client.get(reverse("employees:employee-detail", args=[world.pegawai.pk])).content.decode()
    assert "training-profile" in body
    home = client.get(reverse("home")).content.decode()
    assert 'id="home-my-jp"' in home


# --- query counts at two sizes --------------------------------------------------------------------


def _grow(world, make_session, n, today):
    """n sessions, each with an approved, completed, certified participant and feedback."""
    for i in range(n):
        s = make_session(start=today + datetime.timedelta(days=40 + 3 * i), capacity=5)
        emp = EmployeeFactory(unit=world.bidang_a, supervisor=world.atasan)
        e = Enrollment.objects.create(session=s, employee=emp, origin="hr", nominated_by=world.hr, status="pending")
        other = EmployeeFactory(unit=world.bidang_a, supervisor=world.atasan)
        Enrollment.objects.create(
            session=s, employee=other, origin="hr", nominated_by=world.hr, status="approved", result="completed"
        )
        Certificate.objects.create(
            enrollment=Enrollment.objects.filter(employee=other).get(),
            kind="generated",
            code=f"C{i:04d}-{n}",
            file="x.pdf",
            issued_by=world.hr,
        )
        ExternalLearning.objects.create(
            employee=emp, title="X", provider="Y", kind="teknis", route="nonklasikal", method="e_learning",
            start_date=today,
            end_date=today, jp=2, evidence="x.pdf",
        )  # fmt: skip
        del e


@pytest.mark.parametrize(
    "user_attr, name, args",
    [
        ("hr", "session-list", ()),
        ("hr", "program-list", ()),
        ("user_kepala", "approval-list", ()),
        ("hr", "under-jp-list", ()),
        ("hr", "external-review", ()),
        ("hr", "feedback-summary", ()),
        ("hr", "institution-list", ()),
        ("user_pegawai", "my-training", ()),
    ],
)
def test_lists_keep_a_fixed_number_of_queries(
    world, login, make_session, today, django_assert_max_num_queries, user_attr, name, args
):
    client = login(getattr(world, user_attr))
    _grow(world, make_session, 2, today)
    with django_assert_max_num_queries(15) as small:
        assert client.get(url(name, *args)).status_code == 200
    _grow(world, make_session, 12, today)
    with django_assert_max_num_queries(15) as large:
        assert client.get(url(name, *args)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_session_detail_fixed_queries(world, login, session, django_assert_max_num_queries):
    client = login(world.hr)
    for _ in range(2):
        Enrollment.objects.create(
            session=session,
            employee=EmployeeFactory(unit=world.bidang_a),
            origin="hr",
            nominated_by=world.hr,
            status="approved",
        )
    with django_assert_max_num_queries(20) as small:
        client.get(url("session-detail", session.pk))
    for _ in range(10):
        Enrollment.objects.create(
            session=session,
            employee=EmployeeFactory(unit=world.bidang_a),
            origin="hr",
            nominated_by=world.hr,
            status="approved",
        )
    with django_assert_max_num_queries(20) as large:
        client.get(url("session-detail", session.pk))
    assert len(large.captured_queries) == len(small.captured_queries)


# --- the other side of every HR action and every decision ---------------------------------------


def test_hr_actions_refuse_the_employees_own_head_and_change_nothing(world, login, make_session, today):
    from training.models import TrainingNeed

    session = make_session()
    enrollment = approved(session, world.pegawai, world)
    report = services.external_learning_submit(
        employee=world.pegawai, by=world.user_pegawai, evidence=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n"),
        title="Kursus", provider="ASN Unggul", kind="teknis", route="nonklasikal", method="e_learning",
        start_date=today,
        end_date=today, jp=4,
    )  # fmt: skip
    need = TrainingNeed.objects.create(year=today.year, department=world.dept_a, employee=world.pegawai,
                                       source="kinerja", description="Analisis data")  # fmt: skip
    targets = [
        url("institution-update", session.program.institution_id), url("program-update", session.program_id),
        url("session-update", session.pk), url("session-capacity", session.pk), url("session-status", session.pk),
        url("session-attendance", session.pk), url("enrollment-result", enrollment.pk),
        url("certificate-generate", enrollment.pk), url("certificate-upload", enrollment.pk),
        url("external-decide", report.pk), url("need-nominate", need.pk),
    ]  # fmt: skip
    client = login(world.user_kepala)
    for target in targets:
        data = {"capacity": 1, "status": "cancelled", "result": "completed", "approve": "1", "session": session.pk}
        assert client.post(target, data).status_code == 403, target
    session.refresh_from_db()
    enrollment.refresh_from_db()
    report.refresh_from_db()
    assert (session.capacity, session.status, enrollment.result) == (2, "open", "")
    assert report.status == "submitted" and not Certificate.objects.exists() and need.enrollment_id is None


def test_decisions_and_exports_from_outside_are_refused(world, login, make_session):
    enrollment = services.enrollment_nominate(session=make_session(), employee=world.pegawai, by=world.hr)
    assert login(world.user_kepala2).post(url("enrollment-decline", enrollment.pk), {"reason": "x"}).status_code == 404
    assert login(world.user_pegawai_b).post(url("enrollment-cancel", enrollment.pk)).status_code == 404
    assert login(world.user_pegawai).get(url("under-jp-export")).status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PENDING


def test_own_record_pages_query_count_does_not_grow(world, login, make_session, today):
    """More enrolments (with certificates and feedback) and more reports: the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from training.models import Feedback

    pages = [(world.user_pegawai, url("my-training")), (world.user_pegawai, url("external-list")),
             (world.user_kepala, url("employee-record", world.pegawai.pk))]  # fmt: skip
    counts = []
    for extra in (1, 8):
        for i in range(extra):
            start = today - datetime.timedelta(days=40 + 5 * (len(counts) * 10 + i))
            session = make_session(start=start, registration_deadline=start - datetime.timedelta(days=1))
            e = Enrollment.objects.create(session=session, employee=world.pegawai, origin="hr", nominated_by=world.hr,
                                          status="approved", result="completed")  # fmt: skip
            Certificate.objects.create(enrollment=e, kind="generated", code=f"Q{e.pk:05d}-X", file="x.pdf",
                                       issued_by=world.hr)  # fmt: skip
            Feedback.objects.create(enrollment=e, rating=4)
            ExternalLearning.objects.create(
                employee=world.pegawai, title="Webinar", provider="LAN", kind="seminar", route="nonklasikal",
                method="seminar",
                start_date=start, end_date=start, jp=2, evidence="x.pdf",
            )  # fmt: skip
        round_counts = []
        for user, page in pages:
            client = login(user)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(page).status_code == 200, page
            round_counts.append(len(ctx))
        counts.append(round_counts)
    assert counts[0] == counts[1] and max(counts[1]) <= 15, counts


def test_needs_plan_keeps_one_query_parameter_name_tahun(world, login):
    client = login(world.hr)
    response = client.post(url("needs-plan"), {"department": world.dept_a.pk, "tahun": 2026})
    assert response.status_code == 302 and "tahun=2026" in response["Location"] and "year=" not in response["Location"]
    assert client.get(response["Location"]).context["form"].is_valid()
    old = client.get(url("needs-plan") + f"?department={world.dept_a.pk}&year=2026")  # a link written before
    assert old.context["form"].is_valid() and old.context["year"] == 2026
