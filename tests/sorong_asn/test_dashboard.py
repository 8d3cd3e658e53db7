import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from employees.models import Employee
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
    """A 2026 period where four PNS of department A and one of B have an approved SKP, and the training records
    the instrument reads: the administrator with PKA and 24 technical JP; pegawai a pelaksana with 10 technical
    JP and a seminar; pegawai2 a nurse with the nurses' functional training; head B with 40 technical JP. And
    what must not count: a seminar of 2025, an unverified report, a penalty of 2024, a PPPK's approved SKP."""
    from employees.models import DisciplinaryPenalty
    from performance import periods as performance
    from performance.models import Appraisal
    from training.ledger import jp_rebuild
    from training.models import Enrollment, ExternalLearning, Institution, TrainingProgram, TrainingSession

    world.pegawai2.position_type, world.pegawai2.functional_level = "fungsional", "ahli_pertama"
    world.pegawai2.position_title = "Perawat Ahli Pertama"
    world.pegawai2.save()
    pppk = EmployeeFactory(unit=world.bidang_a, employment_type="pppk", supervisor=world.atasan)
    period = performance.period_create(by=world.hr, year=2026, cadence="quarterly")
    performance.period_open(period=period, by=world.hr)
    predikat = {world.head_a: "baik", world.atasan: "sangat_baik", world.pegawai: "baik",
                world.pegawai2: "butuh_perbaikan", world.head_b: "kurang", pppk: "sangat_baik"}  # fmt: skip
    for employee, value in predikat.items():
        Appraisal.objects.filter(period=period, employee=employee).update(status="approved", predikat=value)
    institution = Institution.objects.create(name="BPSDM", kind="bpsdm")

    def completed(employee, title, kind, jp, end, **program):
        program, _ = TrainingProgram.objects.get_or_create(
            title=title, institution=institution,
            defaults=dict(kind=kind, competence_type="teknis", route="klasikal", method="pelatihan", jp=jp, **program),
        )  # fmt: skip
        session, _ = TrainingSession.objects.get_or_create(
            program=program, name=f"Angkatan {end:%Y%m%d}",
            defaults=dict(start_date=end, end_date=end, capacity=30, registration_deadline=end, status="finished"),
        )  # fmt: skip
        Enrollment.objects.create(session=session, employee=employee, origin="hr", nominated_by=world.hr,
                                  status="approved", result="completed")  # fmt: skip

    def report(employee, kind, jp, end, status="verified"):
        ExternalLearning.objects.create(
            employee=employee, title=f"Laporan {kind}", provider="LAN", kind=kind, route="nonklasikal",
            method="seminar" if kind == "seminar" else "e_learning", start_date=end, end_date=end, jp=jp,
            evidence="x.pdf", status=status,
        )  # fmt: skip

    completed(world.atasan, "PKA", "kepemimpinan", 100, date(2025, 5, 1), leadership_level="pka")
    completed(world.atasan, "Bimtek SKP", "teknis", 24, date(2026, 4, 1))
    completed(world.head_b, "Bimtek Anggaran", "teknis", 40, date(2026, 6, 1))
    completed(world.pegawai2, "Pelatihan Fungsional Perawat", "fungsional", 40, date(2024, 9, 1),
              functional_position="Perawat")  # fmt: skip
    report(world.pegawai, "teknis", 10, date(2026, 2, 1))
    report(world.pegawai, "seminar", 3, date(2026, 8, 1))
    report(world.pegawai2, "seminar", 3, date(2025, 8, 1))  # another year: does not count
    report(world.pegawai2, "teknis", 30, date(2026, 8, 1), status="submitted")  # not verified: does not count
    DisciplinaryPenalty.objects.create(employee=world.pegawai2, level=1, decree_number="800/1/2026",
                                       decided_on=date(2026, 3, 1))  # fmt: skip
    DisciplinaryPenalty.objects.create(
        employee=world.pegawai, level=3, decree_number="800/9/2024", decided_on=date(2024, 3, 1)
    )  # another year: does not count
    jp_rebuild()  # the records above were created directly; the services refresh the ledger as they go
    return period


def expected_index(*inputs):
    """The mean index of these PNS: (education, post, leadership, functional, technical JP, seminars, predikat,
    penalty) each, scored by the rules."""
    from sorong_asn import rules

    names = ("education_level", "position_type", "leadership_done", "functional_done", "technical_jp",
             "seminar_count", "predikat", "heaviest_penalty")  # fmt: skip
    parts = [rules.ip_asn(**dict(zip(names, row, strict=True))) for row in inputs]
    return round(float(sum(p["index"] for p in parts) / len(parts)), 2)


HEAD_A = ("S1", "jpt_pratama", False, None, 0, 0, "baik", 0)  # no PKN II: 15 + 0 + 25 + 5
ATASAN = ("S1", "administrator", True, None, 24, 0, "sangat_baik", 0)  # PKA and 24 JP: 15 + 30 + 30 + 5
PEGAWAI = ("S1", "pelaksana", None, None, 10, 1, "baik", 0)  # 10 JP, a seminar: 15 + 15 + 25 + 5
PEGAWAI2 = ("S1", "fungsional", None, True, 0, 0, "butuh_perbaikan", 1)  # functional training: 15 + 15 + 15 + 3


def test_index_of_a_department_follows_the_instrument(world, rated):
    from sorong_asn.dashboard import index_tables

    tables = index_tables(department=world.dept_a, today=TODAY)
    dims = rows(tables, "ip_dimension")
    assert dims["Indeks (maks. 100)"] == expected_index(HEAD_A, ATASAN, PEGAWAI, PEGAWAI2) == (45 + 80 + 60 + 48) / 4
    assert dims["Kompetensi (maks. 40)"] == (0 + 30 + 15 + 15) / 4
    assert dims["Disiplin (maks. 5)"] == (5 + 5 + 5 + 3) / 4
    assert sum(rows(tables, "ip_category").values()) == 4  # the PPPK is not measured
    assert (
        "4 PNS dengan SKP disetujui, dari 5 pegawai aktif"
        in next(t for t in tables if t["key"] == "ip_category")["title"]
    )
    assert "ip_department" not in [t["key"] for t in tables]  # a head sees their own department only
    per_unit = next(t for t in tables if t["key"] == "ip_unit")
    # unit by unit, each dimension's average beside the index: the head in the top unit, the rest in the bidang
    assert per_unit["columns"] == ["Kualifikasi", "Kompetensi", "Kinerja", "Disiplin", "Indeks"]
    parts = {row["label"]: row["parts"] for row in per_unit["rows"]}
    assert parts == {world.dept_a.name: [15, 0, 25, 5, 45], world.bidang_a.name: [15, 20, 23.33, 4.33, 62.67]}


def test_index_per_department_for_hr(world, rated):
    from sorong_asn.dashboard import index_tables

    tables = index_tables(department=None, today=TODAY)
    per_department = rows(tables, "ip_department")
    # head B: no PKN II, 40 technical JP: 15 + 15 + 10 + 5
    assert per_department["Dinas Pendidikan dan Kebudayaan"] == expected_index(
        ("S1", "jpt_pratama", False, None, 40, 0, "kurang", 0)
    ) == 45  # fmt: skip
    assert (
        "5 PNS dengan SKP disetujui, dari 7 pegawai aktif"
        in next(t for t in tables if t["key"] == "ip_category")["title"]
    )


def test_indices_page_names_the_instrument_and_shows_the_dimensions(client, world, rated):
    client.force_login(world.user_kepala)
    body = client.get(reverse("dashboard-indices")).content.decode()
    assert "Peraturan BKN 8/2019" in body
    assert '<th scope="col" class="text-end">Kompetensi</th>' in body


def test_fill_rate_counts_places_up_to_the_quota(world):
    from recruitment import rounds
    from recruitment.models import Applicant, Application, Formation
    from sorong_asn.dashboard import index_tables

    rnd = rounds.round_create(by=world.hr, name="CPNS 2026", year=2026, kind="casn", appointment_type="cpns")
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
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        EmployeeFactory(unit=world.bidang_b)  # a changed register: the figures are built again
    with django_assert_max_num_queries(12) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)  # the count does not grow with the register
    response = client.get(reverse("dashboard-export"), {"bagian": "indeks"})
    import io

    book = load_workbook(io.BytesIO(response.content))
    assert any(name.startswith("Indeks Profesionalitas ASN") for name in book.sheetnames)


def test_pns_and_pppk_grades_are_two_tables_in_rank_order(world):
    EmployeeFactory(employment_type="pppk", golongan="IX")
    EmployeeFactory(employment_type="pppk", golongan="V")
    tables = {t["key"]: t for t in headcount_tables(department=None, today=TODAY)}
    assert [r["label"] for r in tables["golongan_pppk"]["rows"]] == ["V", "IX"]
    pns = [r["label"] for r in tables["golongan"]["rows"]]
    assert pns and all("/" in label for label in pns) and pns == sorted(pns, key=lambda g: (g.split("/")[0], g))
    assert tables["golongan"]["title"] == "Golongan PNS/CPNS" and tables["golongan_pppk"]["title"] == "Golongan PPPK"


def test_long_tables_span_the_page_and_fold_their_tail_in_the_chart_only(client, world):
    from employees.models import OrgUnit

    for n in range(22):
        dept = OrgUnit.objects.create(name=f"Dinas Uji {n:02d}", kind="dinas")
        EmployeeFactory(unit=dept)
    client.force_login(world.hr)
    html = client.get(reverse("dashboard")).content.decode()
    assert re.search(
        r'<div class="col-12">\s*<div class="card h-100 shadow-sm">\s*<h2 [^>]*id="title-department"', html
    )
    assert 'data-source="chart-department" data-decimals="0" data-top="15"' in html
    assert html.count("Dinas Uji") >= 22  # the table beside keeps every row


@pytest.mark.parametrize("scope", ["all", "department"])
def test_register_counts_in_one_scan_match_plain_counts(world, scope, django_assert_num_queries):
    from collections import Counter

    from sorong_asn.dashboard import register_counts, retirements_per_year

    EmployeeFactory(unit=world.bidang_b, supervisor=world.head_b, employment_type="pppk", golongan="IX")
    department = world.dept_a if scope == "department" else None
    qs = Employee.objects.active()
    if department:
        qs = qs.filter(unit__department_id=department.pk)
    with django_assert_num_queries(1):
        counts = register_counts(department=department, today=TODAY)
    for field in ("employment_type", "golongan", "sex", "position_type", "education_level"):
        assert counts["fields"][field] == Counter(qs.values_list(field, flat=True)), field
    assert sum(counts["bands"].values()) == qs.count()
    assert sum(counts["departments"].values()) == qs.count()
    assert retirements_per_year(counts["births"], today=TODAY) == retirements(qs=qs, today=TODAY)


@pytest.mark.parametrize(
    "birth, level, position, retires_in",
    [
        (date(1966, 6, 1), "ahli_pertama", "Guru", 2026),  # Guru: 60, not the 58 of an Ahli Pertama
        (date(1972, 6, 1), "ahli_pertama", "Guru", None),  # … so not in 2030 at 58
        (date(1972, 6, 1), "ahli_pertama", "Perawat", 2030),  # other functional positions: 58
        (date(1968, 6, 1), "ahli_pertama", "Perawat", 2026),
        (date(1961, 6, 1), "ahli_muda", "Dosen", 2026),  # Dosen: 65
        (date(1967, 12, 20), "ahli_pertama", "Perawat", 2026),  # 58 in December 2025: pension from 1 January
    ],
)
def test_retirements_follow_the_functional_position_s_law(db, birth, level, position, retires_in):
    from employees.models import Employee, FunctionalPosition

    reference, _ = FunctionalPosition.objects.get_or_create(name=position)
    EmployeeFactory(birth_date=birth, position_type="fungsional", functional_level=level, functional_position=reference)
    per_year = {int(r["label"]): r["value"] for r in retirements(qs=Employee.objects.all(), today=TODAY)}
    assert sum(per_year.values()) == (1 if retires_in else 0)
    if retires_in:
        assert per_year[retires_in] == 1
