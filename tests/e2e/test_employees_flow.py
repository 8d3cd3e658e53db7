"""Browser: the HR officer finds an employee by NIP and opens the profile."""

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_searches_by_nip_and_opens_profile(page, world, shot):
    target = world.pegawai_b
    login(page, "hr")
    shot(page, "beranda")
    page.click("#nav-people")
    page.click("nav >> text=Daftar pegawai")
    page.wait_for_url("**/pegawai/")
    grouped = f"{target.nip[:8]} {target.nip[8:14]} {target.nip[14]} {target.nip[15:]}"
    page.fill("input[name=q]", grouped)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/pegawai/?*")
    rows = page.locator("#employee-table tbody tr")
    assert rows.count() == 1
    shot(page, "hasil-cari-nip")
    page.click(f"#employee-table >> text={target.name}")
    page.wait_for_url(f"**/pegawai/{target.pk}/")
    assert page.locator("h1").inner_text() == target.full_name
    assert page.locator("#nik").inner_text() == target.nik  # HR sees the full NIK
    assert page.locator("text=Riwayat perubahan").count() == 1
    shot(page, "profil")
