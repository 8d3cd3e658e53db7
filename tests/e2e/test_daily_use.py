"""Browser: a hand-off reaches the next person through the bell; the public front door; the HR bar on one line."""

import datetime

import pytest

from employees.models import Notification, User
from performance import periods, services
from performance.models import Appraisal, PerformanceGoal
from tests.factories import EmployeeFactory
from training.models import Certificate, Enrollment, Institution, TrainingProgram, TrainingSession

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_plan_submitted_reaches_the_evaluator_through_the_bell(page, shot, world):
    period = periods.period_create(by=world.hr, year=2026, cadence="quarterly")
    periods.period_open(period=period, by=world.hr)
    appraisal = Appraisal.objects.get(period=period, employee=world.pegawai)
    services.goal_add(appraisal=appraisal, by=world.user_pegawai, kind=PerformanceGoal.Kind.UTAMA,
                      plan="Meningkatnya cakupan imunisasi", aspect="kuantitas", indicator="Jumlah laporan",
                      target="12", target_unit="laporan", supports=None)  # fmt: skip

    login(page, "pegawai")
    page.goto(f"/kinerja/skp/{appraisal.pk}/")
    page.click("#submit-plan")
    page.wait_for_selector("text=Rencana SKP diajukan")

    login(page, "atasan")
    assert page.inner_text("#unread-count") == "1"
    shot(page, "lonceng-atasan")
    page.click("a[href='/notifikasi/']")
    page.wait_for_url("**/notifikasi/")
    title = "Rencana SKP 2026 Dewi Lestari menunggu persetujuan Anda"
    page.wait_for_selector(f"text={title}")
    shot(page, "daftar-notifikasi")
    page.click(f"text={title}")
    page.wait_for_url(f"**/kinerja/skp/{appraisal.pk}/")
    page.fill("#plan-review textarea[name=comment]", "Sudah sesuai")
    page.click("#plan-review button:has-text('Sepakati rencana')")
    page.wait_for_selector("text=Rencana SKP disepakati.")

    # more than a page: the page marks what it shows, the button marks the rest
    for n in range(34):
        Notification.objects.create(recipient=world.user_pegawai, title=f"Pengingat lama {n}")
    login(page, "pegawai")
    assert page.inner_text("#unread-count") == "35"
    page.goto("/notifikasi/")
    page.wait_for_selector("text=Pengingat lama 33")
    page.goto("/")
    assert page.inner_text("#unread-count") == "5"
    page.goto("/notifikasi/")
    page.click("text=Tandai semua dibaca")
    page.wait_for_selector("text=5 notifikasi ditandai dibaca")
    assert page.locator("#unread-count").count() == 0
    shot(page, "semua-dibaca")


def test_public_front_door(page, shot, world):
    institution = Institution.objects.create(name="BPSDM Papua Barat Daya", kind=Institution.Kind.BPSDM)
    program = TrainingProgram.objects.create(
        title="Literasi Digital ASN",
        competence_type="teknis",
        route="klasikal",
        method="bimtek",
        jp=12,
        institution=institution,
    )
    session = TrainingSession.objects.create(
        program=program, name="Angkatan 1", start_date=datetime.date(2026, 3, 2), end_date=datetime.date(2026, 3, 3),
        capacity=5, registration_deadline=datetime.date(2026, 3, 1),
    )  # fmt: skip
    enrollment = Enrollment.objects.create(session=session, employee=world.pegawai, origin="hr",
                                           nominated_by=world.hr, status="approved", result="completed")  # fmt: skip
    Certificate.objects.create(enrollment=enrollment, kind="generated", code="2MEU-MWGE-FK8H", issued_by=world.hr,
                               file="sertifikat/2MEU-MWGE-FK8H.pdf")  # fmt: skip

    page.goto("/")
    assert "/masuk/" not in page.url
    for heading in ("Pendaftaran yang dibuka", "Pengumuman terbaru", "Cek status pendaftaran",
                    "Verifikasi sertifikat pelatihan"):  # fmt: skip
        assert page.locator(f"h2:has-text('{heading}')").count() == 1, heading
    shot(page, "pintu-depan")
    page.fill("#certificate-check ~ form input[name=kode]", "2meu mwge fk8h")
    page.click("#certificate-check ~ form button[type=submit]")
    page.wait_for_selector("#verify-result")
    assert "Sertifikat sah" in page.inner_text("#verify-result")
    assert page.inner_text("#verify-name") == world.pegawai.full_name
    shot(page, "sertifikat-sah")
    page.goto("/")
    page.click("#staff-login")
    page.wait_for_url("**/masuk/")


def test_hr_navbar_fits_one_line_at_1366(page, world):
    # as in the demo: the officer is an employee too (own SKP and training menus) with a full name
    User.objects.filter(pk=world.hr.pk).update(first_name="Yuliana Fransiska", last_name="Rumbiak")
    EmployeeFactory(name="Yuliana Fransiska Rumbiak", unit=world.dept_b, user=world.hr)
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "hr")
    height = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
    assert height < 70, height  # one line of links is ~56 px; a wrapped bar is over 90
