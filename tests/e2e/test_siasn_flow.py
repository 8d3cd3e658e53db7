"""Browser: HR pulls units and people from the fake SIASN, accepts them; an approved SKP arrives in SIASN."""

import pytest

from performance import periods as performance
from performance.models import Appraisal
from siasn import fake
from siasn.models import OutboxItem
from tests.e2e.conftest import login
from tests.performance.conftest import drive
from tests.siasn.conftest import fake_siasn  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pull_accept_and_push_through_the_browser(page, world, fake_siasn, shot, tmp_path):  # noqa: F811
    nips = fake.fill_from_register(fake_siasn)
    export = tmp_path / "Export Data ASN.csv"
    export.write_text("NIP Baru;Nama\n" + "".join(f"{n};x\n" for n in nips), encoding="utf-8")

    login(page, "hr")
    page.goto("/siasn/unit/")
    page.click("button:has-text('Ambil ref-unor')")
    page.wait_for_selector("#unit-changes >> text=Bidang Transformasi Digital")
    shot(page, "perbedaan-unit")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#accept-all-units")
    page.goto("/siasn/unit/")
    page.wait_for_selector("text=Tidak ada perbedaan yang menunggu.")

    page.goto("/siasn/pegawai/")
    page.set_input_files("input[name=file]", str(export))
    page.click("button:has-text('Unggah dan ambil data')")
    page.wait_for_selector("#pending-count")
    assert int(page.locator("#pending-count").inner_text()) >= 4
    shot(page, "perbedaan-pegawai")
    page.locator("input[name=change]").first.check()
    page.click("button:has-text('Terima kolom yang dipilih')")
    page.wait_for_selector("text=1 perbedaan diterima")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#accept-all")
    page.wait_for_selector("text=Tidak ada perbedaan yang menunggu.")
    assert page.locator("#pending-count").inner_text() == "0"
    shot(page, "diterima")

    period = performance.period_create(by=world.hr, year=2026, cadence="quarterly")
    performance.period_open(period=period, by=world.hr)
    appraisal = drive(world, Appraisal.objects.get(period=period, employee=world.pegawai), "evaluated")
    login(page, "kepala")
    page.goto("/kinerja/persetujuan/")
    page.check(f"input[name=ids][value='{appraisal.pk}']")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Setujui yang dipilih')")
    page.wait_for_selector("text=1 SKP disetujui.")

    login(page, "hr")
    page.goto("/siasn/antrean/")
    assert "Terkirim" in page.locator("#outbox").inner_text()
    shot(page, "antrean-terkirim")
    item = OutboxItem.objects.get()
    assert item.siasn_id == fake_siasn.records["/skp22/save"][0]["id"]
    page.goto(f"/pegawai/{world.pegawai.pk}/")
    assert "sudah di SIASN" in page.locator("#siasn").inner_text()
