"""Browser: HR reads the dashboards, records the merit-system self-assessment and sees the index."""

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_reads_the_dashboards_and_records_the_merit_assessment(page, world, shot):
    login(page, "hr")
    page.click("nav >> text=Dasbor")
    page.wait_for_url("**/dasbor/")
    assert page.locator("canvas.dashboard-chart").count() >= 5
    page.wait_for_function("document.querySelector('canvas.dashboard-chart').width > 0")  # Chart.js drew
    shot(page, "dasbor-kepegawaian")

    page.click("text=Sistem merit")
    page.wait_for_url("**/dasbor/sistem-merit/")
    for n, key in enumerate(["planning", "procurement", "career", "promotion", "performance", "pay", "protection",
                             "information"]):  # fmt: skip
        page.select_option(f"select[name=score_{key}]", "3" if n < 4 else "2")
    page.fill("textarea[name=evidence_planning]", "Rencana kebutuhan ASN 2026–2030 ditetapkan Wali Kota.")
    page.click("text=Simpan penilaian")
    page.wait_for_url("**/dasbor/sistem-merit/?tahun=*")
    assert page.locator(".badge", has_text="250,00 · III — Baik").count() == 1
    shot(page, "sistem-merit")

    page.click("text=Profesionalitas dan rekrutmen")
    page.wait_for_url("**/dasbor/indeks/")
    assert page.locator(".card-header", has_text="Indeks Sistem Merit").inner_text().endswith("250,00 (III — Baik)")
    shot(page, "dasbor-indeks")

    login(page, "pegawai")  # the other side: an employee has no dashboard
    response = page.goto("/dasbor/sistem-merit/")
    assert response.status == 403
