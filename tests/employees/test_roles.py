"""What every page asks about the user's role costs one query (two for a department head)."""

import pytest

from employees.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "username, hr, heads, supervises, queries",
    [("kepala", False, True, True, 2), ("atasan", False, False, True, 1), ("pegawai", False, False, False, 1)],
)
def test_role_flags_in_one_query(world, django_assert_num_queries, username, hr, heads, supervises, queries):
    user = User.objects.get(username=username)
    with django_assert_num_queries(queries):
        flags = (user.is_hr, user.headed_department is not None, user.is_supervisor)
    assert flags == (hr, heads, supervises)


def test_hr_officer_with_and_without_an_employee_record(world):
    from tests.factories import EmployeeFactory

    officer = User.objects.get(pk=world.hr.pk)
    assert officer.is_hr and officer.employee_or_none is None
    EmployeeFactory(user=world.hr, unit=world.bidang_a)
    assert User.objects.get(pk=world.hr.pk).is_hr
    assert not User.objects.get(pk=world.user_outsider.pk).is_hr
