"""Every .xlsx the application produces: typed text never becomes a formula, numbers stay numbers."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from employees import spreadsheets
from employees.exports import import_template_xlsx
from employees.models import Employee, OrgUnit

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example","klik")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Maria Mambrasar", "Maria Mambrasar"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (3.5, 3.5),
        (Decimal("77.846"), Decimal("77.846")),
        (datetime.date(2026, 1, 31), datetime.date(2026, 1, 31)),
        (None, None),
        (True, True),
    ],
)
def test_inert_table(value, written):
    assert spreadsheets.inert(value) == written


def _cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(content: bytes):
    cells = _cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    return cells


def test_writer_keeps_numbers_and_dates_typed():
    book = spreadsheets.Spreadsheet()
    book.sheet("Uji", ["teks", "angka", "tanggal"]).append([EVIL, -12, datetime.date(2026, 5, 1)])
    row = _assert_no_formula(book.to_bytes())[3:]
    assert row[0].value == "'" + EVIL and row[0].data_type == "s"
    assert row[1].value == -12 and row[1].data_type == "n"
    assert row[2].value == datetime.datetime(2026, 5, 1) and row[2].data_type == "d"


def test_employee_export_writes_a_formula_name_as_text(client, world):
    Employee.objects.filter(pk=world.pegawai.pk).update(name=EVIL, position_title="+cmd|' /C calc'!A0")
    client.force_login(world.hr)
    cells = _assert_no_formula(client.get(reverse("employees:employee-export")).content)
    values = [c.value for c in cells]
    assert "'" + EVIL in values and "'+cmd|' /C calc'!A0" in values


def test_under_jp_export_writes_a_formula_name_as_text_and_jp_as_numbers(client, world):
    Employee.objects.filter(pk=world.pegawai.pk).update(name="@evil")
    client.force_login(world.hr)
    cells = _assert_no_formula(client.get(reverse("training:under-jp-export")).content)
    assert "'@evil" in [c.value for c in cells]
    gaps = [c for c in cells if c.column == 10 and c.row > 1]
    assert gaps and all(c.data_type == "n" for c in gaps)


def test_dashboard_export_writes_a_formula_unit_name_as_text(client, world):
    OrgUnit.objects.filter(pk=world.dept_a.pk).update(name="-1+cmd")
    cache.clear()
    client.force_login(world.hr)
    cells = _assert_no_formula(client.get(reverse("dashboard-export")).content)
    assert "'-1+cmd" in [c.value for c in cells]
    counts = [c for c in cells if c.column == 2 and c.row > 1 and c.value is not None]
    assert counts and all(c.data_type == "n" for c in counts)


def test_import_template_goes_through_the_writer():
    _assert_no_formula(import_template_xlsx())
