"""Browser test of the training main flow: programme → session → nomination → approval → attendance →
completion → certificate → public verification → JP on the employee's page."""

import pytest
from django.utils import timezone

from tests.e2e.conftest import login
from training.models import Certificate, Institution

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_training_main_flow(world, page, shot, browser, live_server):
    Institution.objects.create(name="BPSDM Provinsi Papua Barat Daya", kind="bpsdm", agreement_number="PKS/07/2026")
    today = timezone.localdate().isoformat()

    # hr: programme and session
    login(page, "hr")
    page.goto("/pelatihan/program/tambah/")
    page.fill("#id_title", "Manajemen Proyek Pemerintahan")
    page.select_option("#id_kind", "seminar")
    page.select_option("#id_competence_type", "manajerial")
    page.select_option("#id_route", "klasikal")
    page.select_option("#id_method", "lokakarya")
    page.fill("#id_jp", "16")
    page.select_option("#id_institution", label="BPSDM Provinsi Papua Barat Daya")
    page.click("#btn-save")
    page.wait_for_url("**/pelatihan/program/*/")
    shot(page, "program")
    page.click("text=Tambah sesi")
    page.fill("#id_name", "Angkatan I")
    page.fill("#id_start_date", today)
    page.fill("#id_end_date", today)
    page.fill("#id_registration_deadline", today)
    page.fill("#id_place", "Aula BKPSDM Kota Sorong")
    page.fill("#id_capacity", "10")
    page.select_option("#id_status", "open")
    page.click("#btn-save")
    page.wait_for_url("**/pelatihan/sesi/*/")
    session_url = page.url
    shot(page, "session")

    # pegawai's JP before
    login(page, "pegawai")
    page.goto("/pelatihan/")
    jp_before = int(page.inner_text("#my-jp"))

    # atasan nominates pegawai
    login(page, "atasan")
    page.goto(session_url)
    page.select_option("#id_employee", label=world.pegawai.full_name)
    page.click("#nominate-form button[type=submit]")
    page.wait_for_selector("text=menunggu persetujuan kepala perangkat daerah")
    shot(page, "nominated")

    # kepala approves
    login(page, "kepala")
    page.goto("/pelatihan/persetujuan/")
    page.click(f"tr[data-employee='{world.pegawai.name}'] >> text=Setujui")
    page.wait_for_selector("text=disetujui")
    shot(page, "approved")

    # hr: attendance, completion, certificate
    login(page, "hr")
    page.goto(session_url)
    page.click("#link-attendance")
    page.click("#btn-save-attendance")
    page.wait_for_selector("text=1 hadir")
    shot(page, "attendance")
    page.goto(session_url)
    row = f"tr[data-employee='{world.pegawai.name}']"
    page.click(f"{row} >> text=Catat hasil")
    page.wait_for_selector("text=Hasil dicatat")
    page.click(f"{row} >> text=Terbitkan sertifikat")
    page.wait_for_selector(f"{row} .cert-code")
    code = page.inner_text(f"{row} .cert-code").strip()
    assert code == Certificate.objects.get().code
    shot(page, "certificate")

    # anonymous verification
    anonymous = browser.new_context(base_url=live_server.url, locale="id-ID")
    public = anonymous.new_page()
    public.goto(f"/pelatihan/verifikasi/{code}/")
    assert public.inner_text("#verify-name").strip() == world.pegawai.full_name
    assert "16" in public.inner_text("#verify-result")
    shot(public, "verify")
    anonymous.close()

    # pegawai's JP rises by the programme's JP
    login(page, "pegawai")
    page.goto("/pelatihan/")
    assert int(page.inner_text("#my-jp")) == jp_before + 16
    shot(page, "my-jp")
