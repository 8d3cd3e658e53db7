from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sorong_asn.dashboard import headcount_tables, retirements
from tests.factories import EmployeeFactory

TODAY = date(2026, 11, 29)


def rows(tables, key):
    return {r["label"]: r["value"] for r in next(t for t in tables if t["key"] == key)["rows"]}


def test_head_sees_own_department_figures_only(world):
    tables = headcount_tables(department=world.dept_a, today=TODAY)
    assert sum(rows(tables, "type").values()) == 4  # kepala, atasan, pegawai, pegawai2
    assert "department" not in [t["key"] for t in tables]
    everyone = headcount_tables(department=None, today=TODAY)
    assert rows(everyone, "department") == {"Dinas Kesehatan": 4, "Dinas Pendidikan dan Kebudayaan": 2}


@pytest.mark.parametrize(
    "birth, position_type, level, retires_in",
    [
        (date(1968, 6, 1), "pelaksana", "", 2026),  # BUP 58
        (date(1969, 1, 1), "administrator", "", 2027),
        (date(1967, 3, 1), "jpt_pratama", "", 2027),  # BUP 60
        (date(1966, 3, 1), "fungsional", "ahli_madya", 2026),  # BUP 60
        (date(1962, 3, 1), "fungsional", "ahli_utama", 2027),  # BUP 65
        (date(1990, 1, 1), "pelaksana", "", None),  # far away
    ],
)
def test_retirements_follow_bup(db, birth, position_type, level, retires_in):
    EmployeeFactory(birth_date=birth, position_type=position_type, functional_level=level)
    from employees.models import Employee

    per_year = {int(r["label"]): r["value"] for r in retirements(qs=Employee.objects.all(), today=TODAY)}
    assert sum(per_year.values()) == (1 if retires_in else 0)
    if retires_in:
        assert per_year[retires_in] == 1


def test_age_bands_edges(db):
    EmployeeFactory(birth_date=date(1996, 11, 29))  # 30 today
    EmployeeFactory(birth_date=date(1996, 11, 30), tmt_cpns=date(2020, 1, 1))  # still 29
    tables = headcount_tables(department=None, today=TODAY)
    assert rows(tables, "age")["< 30"] == 1
    assert rows(tables, "age")["30–39"] == 1


def test_dashboard_permissions(client, world):
    url = reverse("dashboard")
    assert client.get(url).status_code == 302
    client.force_login(world.user_pegawai)
    assert client.get(url).status_code == 403
    client.force_login(world.user_atasan)
    assert client.get(url).status_code == 403
    client.force_login(world.user_kepala2)
    response = client.get(url, {"unit": world.dept_a.pk})  # a head cannot switch to another department
    assert response.status_code == 200
    assert response.context["department"] == world.dept_b
    client.force_login(world.hr)
    response = client.get(url, {"unit": world.dept_a.pk})
    assert response.context["department"] == world.dept_a and response.context["total"] == 4


def test_dashboard_export_is_a_workbook(client, world):
    client.force_login(world.user_kepala)
    response = client.get(reverse("dashboard-export"))
    assert response.status_code == 200
    import io

    book = load_workbook(io.BytesIO(response.content))
    assert "Jenis kepegawaian" in book.sheetnames


def test_dashboard_query_count_is_fixed(client, world, django_assert_max_num_queries):
    client.force_login(world.hr)
    for _ in range(60):
        EmployeeFactory(unit=world.bidang_b)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("dashboard")).status_code == 200


def test_cached_figures_follow_every_change(world):
    before = sum(rows(headcount_tables(department=world.dept_b, today=TODAY), "type").values())
    EmployeeFactory(unit=world.bidang_b)
    assert sum(rows(headcount_tables(department=world.dept_b, today=TODAY), "type").values()) == before + 1
    world.pegawai_b.status = "pensiun"
    world.pegawai_b.save()
    assert sum(rows(headcount_tables(department=world.dept_b, today=TODAY), "type").values()) == before


def test_predikat_and_jp_panels_read_the_other_apps(world):
    tables = headcount_tables(department=world.dept_a, today=TODAY)
    assert rows(tables, "jp") == {"≥ 20 JP": 0, "< 20 JP": 4}
    assert set(rows(tables, "predikat")) == {"Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct",
                                             "Sangat Kurang"}  # fmt: skip
