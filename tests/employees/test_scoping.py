import pytest
from django.core.exceptions import ValidationError

from employees.models import Employee


def visible(user):
    return set(Employee.objects.visible_to(user).values_list("name", flat=True))


def test_hr_sees_everyone(world):
    assert visible(world.hr) == set(Employee.objects.values_list("name", flat=True))


def test_head_sees_whole_department_only(world):
    assert visible(world.user_kepala) == {"Yohanis Kambuaya", "Agus Wijaya", "Dewi Lestari", "Petrus Sapisa"}
    assert visible(world.user_kepala2) == {"Maria Mambrasar", "Frans Wanma"}


def test_supervisor_sees_direct_and_indirect_reports(world):
    assert visible(world.user_atasan) == {"Agus Wijaya", "Dewi Lestari", "Petrus Sapisa"}


def test_employee_sees_only_themself(world):
    assert visible(world.user_pegawai) == {"Dewi Lestari"}


def test_user_without_employee_sees_nobody(world):
    assert visible(world.user_outsider) == set()


def test_nip_disagreeing_with_birth_date_is_refused(world):
    emp = world.pegawai
    emp.birth_date = emp.birth_date.replace(year=emp.birth_date.year - 1)
    with pytest.raises(ValidationError, match="menunjukkan tanggal lahir"):
        emp.full_clean()


def test_nip_disagreeing_with_sex_is_refused(world):
    emp = world.pegawai
    emp.sex = Employee.Sex.MALE
    with pytest.raises(ValidationError, match="menunjukkan jenis kelamin perempuan"):
        emp.full_clean()


def test_scope_is_computed_once_per_request_and_never_kept_after_it(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import EmployeeFactory

    client.force_login(world.user_kepala)
    with CaptureQueriesContext(connection) as ctx:
        names = client.get(reverse("employees:employee-list")).content.decode()
    assert sum("WITH RECURSIVE" in q["sql"] for q in ctx.captured_queries) == 1
    assert "Petrus Sapisa" in names and "Frans Wanma" not in names
    EmployeeFactory(name="Naomi Kalami", unit=world.bidang_a, supervisor=world.atasan)
    assert "Naomi Kalami" in client.get(reverse("employees:employee-list")).content.decode()
    assert "Naomi Kalami" in visible(world.user_kepala)
