"""Browser: the HR officer sorts by a header, removes a filter chip, narrows the columns, ticks people and
nominates them to a training session in one step; the head sees only their department."""

import datetime

import pytest
from django.utils import timezone

from tests.e2e.conftest import login
from training.models import Enrollment, Institution, TrainingProgram, TrainingSession

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _session():
    institution = Institution.objects.create(name="BPSDM Papua Barat Daya", kind=Institution.Kind.BPSDM)
    program = TrainingProgram.objects.create(
        title="Pelayanan Publik Digital", competence_type=TrainingProgram.CompetenceType.TEKNIS,
        route=TrainingProgram.Route.KLASIKAL, method=TrainingProgram.Method.BIMTEK, jp=12, institution=institution,
    )  # fmt: skip
    start = timezone.localdate() + datetime.timedelta(days=14)
    return TrainingSession.objects.create(
        program=program, name="Angkatan I", start_date=start, end_date=start + datetime.timedelta(days=1),
        capacity=10, registration_deadline=start - datetime.timedelta(days=1),
        status=TrainingSession.Status.OPEN, place="Aula BKPSDM",
    )  # fmt: skip


def test_hr_sorts_filters_chooses_columns_and_nominates_the_ticked(page, world, shot):
    session = _session()
    login(page, "hr")
    page.goto("/pegawai/?employment_type=pns")
    page.click("#employee-table th >> text=Nama")  # already by name: now Z–A
    page.wait_for_url("**sort=-name*")
    assert page.locator("#employee-table th[aria-sort=descending]").inner_text() == "Nama"
    names = page.locator("#employee-table tbody td:nth-child(2)").all_inner_texts()
    assert names == sorted(names, reverse=True)
    page.click("[aria-label='Hapus saringan Jenis kepegawaian']")
    page.wait_for_url(lambda url: "employment_type" not in url)
    assert page.locator(".filter-chip").count() == 0

    page.click("summary >> text=Kolom")
    page.uncheck("#column-nik")
    page.uncheck("#column-position")
    page.click("text=Simpan kolom")
    page.wait_for_url("**/pegawai/**")
    headers = page.locator("#employee-table thead th").all_inner_texts()
    assert "NIK" not in headers and "Jabatan" not in headers and "Gol." in headers
    shot(page, "daftar-kolom-dipilih")

    for employee in (world.pegawai, world.pegawai_b):
        page.check(f"input.row-select[value='{employee.pk}']")
    assert page.locator("#selected-count").inner_text() == "2 pegawai dipilih"
    page.select_option("select[name=target]", str(session.pk))
    page.click("text=Usulkan ke sesi")
    page.wait_for_url("**/pegawai/**")
    assert "2 pegawai diusulkan" in page.locator(".alert-success").inner_text()
    assert set(Enrollment.objects.filter(session=session).values_list("employee", flat=True)) == {
        world.pegawai.pk, world.pegawai_b.pk}  # fmt: skip
    shot(page, "usulan-terkirim")

    login(page, "kepala")  # the other side: the head sees the own department only and cannot reach B
    page.goto("/pegawai/")
    assert page.locator(f"input.row-select[value='{world.pegawai_b.pk}']").count() == 0
    page.check("#select-page")
    assert page.locator("#selected-count").inner_text() == f"{page.locator('input.row-select').count()} pegawai dipilih"
