"""`rows_insert` writes through COPY exactly what `bulk_create` writes, whatever the text holds."""

import copy

import pytest
from django.forms.models import model_to_dict

from employees.bulk import model_rows, rows_insert
from employees.models import Employee, ReminderLog
from tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db
AWKWARD = "Jl. Basuki Rahmat\tKm 8\\N\nRT 02 \\ RW 03\r\n'; DROP TABLE x; --"


def test_copy_stores_what_bulk_create_stores():
    unit = OrgUnitFactory()
    first = EmployeeFactory.build(address=AWKWARD, unit=unit, supervisor=None)
    twins = [first, copy.copy(first)]
    twins[1].nip, twins[1].nik = first.nip[:-3] + "998", first.nik[:-2] + "98"
    [by_orm] = Employee.objects.bulk_create([twins[0]])
    columns, values = model_rows(Employee, [twins[1]])
    [(nip, pk)] = rows_insert(Employee, columns, values, returning=("nip", "id"))
    by_copy = Employee.objects.get(pk=pk)
    assert nip == twins[1].nip and by_copy.address == AWKWARD
    ignore = {"id", "nip", "nik", "created_at", "updated_at"}
    expected = {k: v for k, v in model_to_dict(Employee.objects.get(pk=by_orm.pk)).items() if k not in ignore}
    assert {k: v for k, v in model_to_dict(by_copy).items() if k not in ignore} == expected


def test_a_conflict_is_skipped_when_asked(world):
    row = (
        world.user_pegawai.pk,
        "skp",
        "2026-11-30",
        "sent",
        "",
        "s",
        "isi",
        "",
        {"lines": []},
        "",
        0,
        "",
        "2026-11-30",
    )
    columns = ("recipient_id", "kind", "day", "status", "claim", "subject", "body", "html", "items", "url", "attempts",
               "error", "created_at")  # fmt: skip
    assert rows_insert(ReminderLog, columns, [row], returning=("id",))
    assert rows_insert(ReminderLog, columns, [row], ignore_conflicts=True, returning=("id",)) == []
    assert ReminderLog.objects.count() == 1
