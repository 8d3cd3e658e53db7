"""HR runs a CASN round end to end; the public checks results; an applicant appeals."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail

from recruitment.models import Application

from .conftest import login

DATA = Path(__file__).resolve().parent.parent / "data"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_casn_round_from_creation_to_public_results_and_appeal(page, browser, live_server, world, shot):
    page.on("dialog", lambda dialog: dialog.accept())
    today = datetime.date.today()
    login(page, "hr")
    page.goto("/rekrutmen/")
    page.click("text=Seleksi baru")
    page.fill("#id_name", "Seleksi CPNS Kota Sorong")
    page.fill("#id_year", "2026")
    page.select_option("#id_kind", "casn")
    page.select_option("#id_appointment_type", "cpns")
    page.fill("#id_appeal_opens", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_appeal_closes", (today + datetime.timedelta(days=3)).isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/rekrutmen/seleksi/\d+/$"))
    shot(page, "round-created")

    page.click("text=Formasi >> nth=0")
    page.fill("#id_code", "F-001")
    page.fill("#id_position", "Perawat Ahli Pertama")
    page.select_option("#id_functional_level", "ahli_pertama")
    page.select_option("#id_unit", label=world.bidang_a.name)
    page.fill("#id_quota", "2")
    page.select_option("#id_category", "umum")
    page.check("input[name=education_levels][value=S1]")
    page.fill("#id_majors", "Keperawatan")
    page.fill("#id_max_age", "35")
    page.fill("#id_age_cutoff", "2026-08-01")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/rekrutmen/seleksi/\d+/$"))
    round_url = page.url

    page.click("text=Impor pelamar")
    page.set_input_files("#id_file", str(DATA / "recruitment_applicants.csv"))
    page.click("button[value=check]")
    page.wait_for_selector("text=Semua 7 baris benar")
    page.set_input_files("#id_file", str(DATA / "recruitment_applicants.csv"))
    page.click("button[value=commit]")
    page.wait_for_url(round_url)
    # each imported applicant receives the registration number and an access code by e-mail
    message = next(m for m in mail.outbox if "2026-0006" in m.body)
    code = message.body.split("Kode akses: ")[1].split()[0]

    page.click("text=Impor nilai")
    page.set_input_files("#id_file", str(DATA / "recruitment_scores_bad.csv"))
    page.click("button[value=commit]")
    page.wait_for_selector("#import-errors")
    shot(page, "score-errors")
    page.set_input_files("#id_file", str(DATA / "recruitment_scores.csv"))
    page.click("button[value=commit]")
    page.wait_for_url(round_url)

    page.click("#run-ranking")
    page.wait_for_selector("text=Pemeringkatan selesai")
    page.select_option("#id_stage", "final")
    page.click("#publish")
    page.click("#published-link")  # published on the worker; the round page links the result
    page.wait_for_url(re.compile(r"/pengumuman/\d+/$"))
    shot(page, "published")

    public = browser.new_context(base_url=live_server.url, locale="id-ID").new_page()
    public.goto("/pengumuman/")
    public.click("text=Hasil akhir seleksi")
    checksum = public.inner_text("#checksum")
    assert re.fullmatch(r"[0-9a-f]{64}", checksum)
    content = public.content()
    assert "Yohanis Kambuaya" in content
    for nik in Application.objects.values_list("applicant__nik", flat=True):
        assert nik not in content
    shot(public, "public-results")

    public.click("text=Cek status")
    public.fill("#id_registration_number", "2026-0006")
    public.fill("#id_access_code", code)
    public.click("main form button[type=submit]")
    public.wait_for_selector("text=usia 36 tahun pada 1 Agustus 2026 melebihi batas 35")
    public.fill("#id_text", "Ijazah dan usia saya sudah sesuai; mohon diperiksa ulang.")
    public.click("text=Ajukan sanggahan")
    public.wait_for_selector("text=Menunggu putusan panitia")
    shot(public, "appeal-filed")
    assert Application.objects.get(registration_number="2026-0006").appeal_filed_at is not None
    public.context.close()
