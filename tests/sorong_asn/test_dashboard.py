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


def test_dashboard_export_only_for_hr_and_heads_and_only_their_department(client, world):
    client.force_login(world.user_pegawai)
    assert client.get(reverse("dashboard-export")).status_code == 403
    assert client.get(reverse("dashboard-export"), {"bagian": "indeks"}).status_code == 403
    client.force_login(world.user_kepala2)  # asks for department A, gets its own
    import io

    response = client.get(reverse("dashboard-export"), {"unit": world.dept_a.pk})
    assert "dinas-pendidikan-dan-kebudayaan" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert sum(row[1] for row in book["Jenis kepegawaian"].iter_rows(min_row=2, values_only=True)) == 2


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


# --- Indeks Profesionalitas ASN and the recruitment fill rate ---------------------------------------


@pytest.fixture
def rated(world):
    """A 2026 period where four ASN of department A and one of B have an approved SKP, with JP, a
    leadership training for the administrator and a disciplinary penalty."""
    from employees.models import DisciplinaryPenalty
    from performance import services as performance
    from performance.models import Appraisal
    from training.models import Enrollment, Institution, JpLedger, TrainingProgram, TrainingSession

    period = performance.period_create(by=world.hr, year=2026, cadence="quarterly")
    performance.period_open(period=period, by=world.hr)
    predikat = {world.head_a: "baik", world.atasan: "sangat_baik", world.pegawai: "baik",
                world.pegawai2: "butuh_perbaikan", world.head_b: "kurang"}  # fmt: skip
    for employee, value in predikat.items():
        Appraisal.objects.filter(period=period, employee=employee).update(status="approved", predikat=value)
    for employee, jp in ((world.atasan, 24), (world.pegawai, 10), (world.head_b, 40)):
        JpLedger.objects.create(employee=employee, year=2026, jp_sessions=jp, jp=jp)
    institution = Institution.objects.create(name="BPSDM", kind="bpsdm")
    pka = TrainingProgram.objects.create(
        title="PKA", competence_type="manajerial", route="klasikal", method="kursus", jp=100,
        institution=institution, leadership_level="pka",
    )  # fmt: skip
    session = TrainingSession.objects.create(
        program=pka, name="Angkatan I", start_date=date(2025, 3, 1), end_date=date(2025, 5, 1), capacity=30,
        registration_deadline=date(2025, 2, 1), status="finished",
    )  # fmt: skip
    Enrollment.objects.create(session=session, employee=world.atasan, origin="hr", nominated_by=world.hr,
                              status="approved", result="completed")  # fmt: skip
    DisciplinaryPenalty.objects.create(employee=world.pegawai2, level=1, decree_number="800/1/2026",
                                       decided_on=date(2026, 3, 1))  # fmt: skip
    DisciplinaryPenalty.objects.create(
        employee=world.pegawai, level=3, decree_number="800/9/2024", decided_on=date(2024, 3, 1)
    )  # another year: does not count
    return period


def expected_index(*inputs):
    from sorong_asn import rules

    parts = [rules.ip_asn(education_level=e, jp=jp, leadership_done=lead, predikat=p, heaviest_penalty=d)
             for e, jp, lead, p, d in inputs]  # fmt: skip
    return round(float(sum(p["index"] for p in parts) / len(parts)), 2)


def test_index_of_a_department_follows_the_rules(world, rated):
    from sorong_asn.dashboard import index_tables

    tables = index_tables(department=world.dept_a, today=TODAY)
    dims = rows(tables, "ip_dimension")
    # head_a: JPT Pratama without PKN II; atasan: administrator with PKA (a level above covers too)
    assert dims["Indeks (maks. 100)"] == expected_index(
        ("S1", 0, False, "baik", 0), ("S1", 20, True, "sangat_baik", 0), ("S1", 10, None, "baik", 0),
        ("S1", 0, None, "butuh_perbaikan", 1),
    )  # fmt: skip
    assert dims["Disiplin (maks. 5)"] == (5 + 5 + 5 + 3) / 4
    assert sum(rows(tables, "ip_category").values()) == 4
    assert "4 dari 4 pegawai" in next(t for t in tables if t["key"] == "ip_category")["title"]
    assert "ip_department" not in [t["key"] for t in tables]  # a head sees their own department only
    per_unit = rows(tables, "ip_unit")  # … unit by unit: the head in the department's top unit, the rest in the bidang
    assert set(per_unit) == {world.dept_a.name, world.bidang_a.name}
    assert per_unit[world.dept_a.name] == expected_index(("S1", 0, False, "baik", 0))


def test_index_per_department_for_hr(world, rated):
    from sorong_asn.dashboard import index_tables

    tables = index_tables(department=None, today=TODAY)
    per_department = rows(tables, "ip_department")
    assert per_department["Dinas Pendidikan dan Kebudayaan"] == expected_index(("S1", 20, False, "kurang", 0))
    assert "5 dari 6 pegawai" in next(t for t in tables if t["key"] == "ip_category")["title"]


def test_fill_rate_counts_places_up_to_the_quota(world):
    from recruitment import services
    from recruitment.models import Applicant, Application, Formation
    from sorong_asn.dashboard import index_tables

    rnd = services.round_create(by=world.hr, name="CPNS 2026", year=2026, kind="casn", appointment_type="cpns")
    nurse = Formation.objects.create(round=rnd, code="F1", position="Perawat", unit=world.bidang_a, quota=2)
    papua = Formation.objects.create(round=rnd, code="F2", position="Guru", unit=world.bidang_b, quota=2,
                                     category="papua")  # fmt: skip
    for n, (formation, outcome) in enumerate([(nurse, "passed"), (nurse, "passed"), (papua, "passed"),
                                              (papua, "skd_failed")]):  # fmt: skip
        applicant = Applicant.objects.create(
            nik=f"92710101019{n:05d}", name=f"Pelamar {n}", sex="L", birth_place="Sorong",
            birth_date=date(1998, 1, 1), education_level="S1",
        )  # fmt: skip
        Application.objects.create(round=rnd, formation=formation, applicant=applicant,
                                   registration_number=f"2026-{n:04d}", outcome=outcome)  # fmt: skip
    everyone = rows(index_tables(department=None, today=TODAY), "fill_rate")
    assert list(everyone.values()) == [100.0, 50.0]
    assert "Umum (2/2, diangkat 0)" in everyone
    own = rows(index_tables(department=world.dept_b, today=TODAY), "fill_rate")
    assert own == {"Putra/putri Papua (1/2, diangkat 0)": 50.0}


def test_indices_page_permissions_and_queries(client, world, rated, django_assert_max_num_queries):
    url = reverse("dashboard-indices")
    client.force_login(world.user_pegawai)
    assert client.get(url).status_code == 403
    client.force_login(world.user_kepala2)
    response = client.get(url, {"unit": world.dept_a.pk})
    assert response.context["department"] == world.dept_b
    assert "Indeks Profesionalitas ASN 2026" in response.content.decode()
    client.force_login(world.hr)
    for _ in range(30):
        EmployeeFactory(unit=world.bidang_b)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    response = client.get(reverse("dashboard-export"), {"bagian": "indeks"})
    import io

    book = load_workbook(io.BytesIO(response.content))
    assert any(name.startswith("Indeks Profesionalitas ASN") for name in book.sheetnames)
