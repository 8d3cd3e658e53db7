"""SKP from plan to approved predikat, through the browser, one screenshot per step."""

import pytest

from performance import periods
from performance.models import Appraisal, Behaviour

from .conftest import login

pytestmark = pytest.mark.e2e


def rate(page, form, prefix, results, behaviour):
    form.locator(f"select[name={prefix}-results_rating]").select_option(results)
    form.locator(f"select[name={prefix}-behaviour_rating]").select_option(behaviour)
    for b in Behaviour:
        form.locator(f"select[name={prefix}-b_{b.value}]").select_option("sesuai")


def test_skp_from_plan_to_approval(page, shot, world, tmp_path):
    period = periods.period_create(by=world.hr, year=2026, cadence="quarterly")
    periods.period_open(period=period, by=world.hr)
    appraisal = Appraisal.objects.get(period=period, employee=world.pegawai)
    detail = f"/kinerja/skp/{appraisal.pk}/"

    # pegawai writes and submits the plan
    login(page, "pegawai")
    page.goto("/kinerja/")
    page.click("text=SKP 2026")
    form = page.locator("#goal-form")
    form.locator("select[name=kind]").select_option("utama")
    form.locator("textarea[name=plan]").fill("Meningkatnya cakupan imunisasi dasar lengkap")
    form.locator("select[name=aspect]").select_option("kuantitas")
    form.locator("input[name=indicator]").fill("Jumlah laporan cakupan imunisasi")
    form.locator("input[name=target]").fill("12")
    form.locator("input[name=target_unit]").fill("laporan")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Hasil kerja ditambahkan.")
    page.click("#submit-plan")
    page.wait_for_selector("text=Rencana SKP diajukan")
    shot(page, "pegawai-mengajukan-rencana")

    # atasan agrees
    login(page, "atasan")
    page.goto("/kinerja/tim/")
    page.click(f"a[href='{detail}']")
    page.fill("#plan-review textarea[name=comment]", "Rencana sudah sesuai")
    page.click("#plan-review button:has-text('Sepakati rencana')")
    page.wait_for_selector("text=Rencana SKP disepakati.")
    shot(page, "atasan-menyepakati")

    # pegawai records a realisation with evidence, then the self-assessment
    login(page, "pegawai")
    page.goto(detail)
    window = page.locator(".window[data-window='1']")
    window.locator("summary").first.click()
    window.locator("textarea[name*='-goal_']").first.fill("3 dari 12 laporan cakupan imunisasi")
    window.locator("textarea[name$='-realisation']").fill("3 laporan cakupan imunisasi disampaikan")
    evidence = tmp_path / "laporan-triwulan-1.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% laporan\n")
    window.locator("input[name$='-files']").set_input_files(str(evidence))
    window.locator("button:has-text('Simpan realisasi')").click()
    page.wait_for_selector("text=laporan-triwulan-1.pdf")
    page.fill("#self-form textarea[name=text]", "Seluruh target triwulan tercapai.")
    page.click("#self-form button[type=submit]")
    page.wait_for_selector("text=Penilaian diri diajukan.")
    shot(page, "pegawai-realisasi-dan-penilaian-diri")

    # atasan rates the annual result
    login(page, "atasan")
    page.goto(detail)
    form = page.locator("#rating-form")
    rate(page, form, "annual", "di_atas", "di_atas")
    form.locator("textarea[name=annual-feedback]").fill("Kinerja sangat baik.")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=predikat: Sangat Baik")
    shot(page, "atasan-menilai")

    # kepala approves from the approval inbox
    login(page, "kepala")
    page.goto("/kinerja/persetujuan/")
    page.check(f"input[name=ids][value='{appraisal.pk}']")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Setujui yang dipilih')")
    page.wait_for_selector("text=1 SKP disetujui.")
    shot(page, "kepala-menyetujui")

    # the predikat shows on pegawai's page
    login(page, "pegawai")
    page.goto(f"/pegawai/{world.pegawai.pk}/")
    assert page.locator("#kinerja .predikat").first.inner_text() == "Sangat Baik"
    shot(page, "predikat-di-profil")
    page.goto(detail)
    assert "Sangat Baik" in page.locator("#predikat").inner_text()
