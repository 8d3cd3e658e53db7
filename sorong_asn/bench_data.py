"""Bulk data for the benchmark: a register of departments, bidang and staff, logins, appraisal states,
training records and an import workbook, all generated set-based in a throw-away database."""

import os
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import F

from employees.identifiers import build_ni_pppk, build_nik, build_nip
from employees.models import HR_GROUP, Employee, OrgUnit, User

BENCH_PASSWORD = "bench-only-password"


def work_dir() -> Path:
    """The run's scratch folder (collected static files, the gunicorn log, the import workbook)."""
    return Path(os.environ.get("SORONG_BENCH_DIR") or tempfile.gettempdir())


FIRST = ["Yohanis", "Maria", "Yance", "Agustina", "Petrus", "Frans", "Elsye", "Naomi", "Budi", "Siti", "Agus",
         "Dewi", "Markus", "Ruth", "Daniel", "Sarah", "Yosep", "Lince", "Herman", "Rina"]  # fmt: skip
LAST = ["Kambuaya", "Mambrasar", "Kareth", "Rumbiak", "Sapisa", "Wanma", "Korwa", "Kalami", "Santoso",
        "Rahmawati", "Wijaya", "Lestari", "Howay", "Fonataba", "Rumere", "Sawaki", "Ayomi", "Yoku"]  # fmt: skip


def _units(size: int) -> tuple[list[OrgUnit], list[OrgUnit]]:
    """Departments (each its own department) and their bidang, in bulk."""
    n_departments = max(2, min(60, size // 150))
    departments = OrgUnit.objects.bulk_create(
        [OrgUnit(name=f"Perangkat Daerah {i + 1}", kind=OrgUnit.Kind.DINAS) for i in range(n_departments)]
    )
    OrgUnit.objects.filter(pk__in=[d.pk for d in departments]).update(department_id=F("pk"))
    per_department = max(1, size // n_departments)
    n_bidang = max(1, min(40, per_department // 25))
    bidang = OrgUnit.objects.bulk_create(
        [
            OrgUnit(name=f"Bidang {j + 1} {d.name}", kind=OrgUnit.Kind.BIDANG, parent=d, department_id=d.pk)
            for d in departments
            for j in range(n_bidang)
        ],
        batch_size=5000,
    )
    return departments, bidang


class _People:
    """Makes unsaved employees with unique NIP and NIK, drawing from `rng` in a fixed order."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serial = iter(range(1, 10_000_000))

    def __call__(self, unit, position_type, golongan, title) -> Employee:
        # Birth day and serial both derive from n, so NIP and NIK are unique by construction:
        # n = serial × 12,410 + day index, and 7919 (coprime with 12,410) spreads the days over the span.
        rng, n = self.rng, next(self.serial)
        male = rng.random() < 0.55
        born = date(1968, 1, 1) + timedelta(days=(n % 12410 * 7919) % 12410)
        pppk = position_type == Employee.PositionType.PELAKSANA and rng.random() < 0.2
        nip = (
            build_ni_pppk(birth_date=born, appointment_year=2023, male=male, serial=n // 12410)
            if pppk
            else build_nip(birth_date=born, tmt_cpns=date(born.year + 24, 1 + n % 12, 1), male=male, serial=n // 12410)
        )
        return Employee(
            nip=nip, nik=build_nik(region="927101", birth_date=born, male=male, serial=n // 12410 + 1),
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}", sex="L" if male else "P", birth_place="Sorong",
            birth_date=born, employment_type="pppk" if pppk else "pns", golongan="IX" if pppk else golongan,
            position_title=title, position_type=position_type, unit=unit, education_level="S1",
        )  # fmt: skip


def _heads(departments, bidang, person: _People) -> tuple[list[Employee], list[Employee]]:
    """A head for each department and a chief (reporting to the head) for each bidang."""
    heads = Employee.objects.bulk_create(
        [person(d, "jpt_pratama", "IV/b", f"Kepala {d.name}") for d in departments], batch_size=5000
    )
    for d, h in zip(departments, heads, strict=True):
        d.head = h
    OrgUnit.objects.bulk_update(departments, ["head"], batch_size=5000)
    head_of = {d.pk: h for d, h in zip(departments, heads, strict=True)}
    chiefs = []
    for b in bidang:
        chief = person(b, "administrator", "III/d", f"Kepala {b.name}")
        chief.supervisor = head_of[b.parent_id]
        chiefs.append(chief)
    chiefs = Employee.objects.bulk_create(chiefs, batch_size=5000)
    for b, c in zip(bidang, chiefs, strict=True):
        b.head = c
    OrgUnit.objects.bulk_update(bidang, ["head"], batch_size=5000)
    return heads, chiefs


def _staff(count: int, bidang, chiefs, person: _People) -> None:
    """The rest of the register, spread over the bidang, inserted 10,000 at a time."""
    rng, batch = person.rng, []
    for i in range(count):
        b, chief = bidang[i % len(bidang)], chiefs[i % len(chiefs)]
        emp = person(b, rng.choice(["pelaksana", "pelaksana", "fungsional"]), rng.choice(["II/c", "III/a", "III/b"]),
                     "Analis")  # fmt: skip
        if emp.position_type == "fungsional":
            emp.functional_level = "ahli_pertama"
        emp.supervisor = chief
        batch.append(emp)
        if len(batch) == 10000:
            Employee.objects.bulk_create(batch)
            batch = []
    Employee.objects.bulk_create(batch)


def _logins(heads, chiefs) -> dict:
    """The benchmark's four logins: HR, a department head, a bidang chief and one of the chief's staff."""
    hr_user = User.objects.create_user("bench_hr", password=BENCH_PASSWORD)
    hr_user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    head_user = User.objects.create_user("bench_kepala", password=BENCH_PASSWORD)
    Employee.objects.filter(pk=heads[0].pk).update(user=head_user)
    chief_user = User.objects.create_user("bench_atasan", password=BENCH_PASSWORD)
    Employee.objects.filter(pk=chiefs[0].pk).update(user=chief_user)
    staff = Employee.objects.filter(supervisor=chiefs[0]).first()
    staff_user = User.objects.create_user("bench_pegawai", password=BENCH_PASSWORD)
    Employee.objects.filter(pk=staff.pk).update(user=staff_user)
    return {"hr": hr_user, "kepala": head_user, "atasan": chief_user, "pegawai": staff_user, "sample_employee": staff}


def generate_register(size: int, rng: random.Random) -> dict:
    """Departments with bidang, heads, supervisors and staff, all in bulk; returns the key logins."""
    departments, bidang = _units(size)
    person = _People(rng)
    heads, chiefs = _heads(departments, bidang, person)
    _staff(max(0, size - len(heads) - len(chiefs)), bidang, chiefs, person)
    return {**_logins(heads, chiefs), "department": departments[0]}


def give_everyone_a_login() -> int:
    """One user per employee (unusable password), linked with one UPDATE … FROM: reminders need recipients."""
    ids = list(Employee.objects.filter(user__isnull=True).values_list("pk", flat=True))
    User.objects.bulk_create(
        [User(username=f"p{pk}", email=f"p{pk}@bench.invalid", password="!") for pk in ids], batch_size=10000
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE employees_employee e SET user_id = u.id FROM employees_user u "
            "WHERE e.user_id IS NULL AND u.username = 'p' || e.id::text"
        )
    return len(ids)


def spread_appraisal_states(period, rng: random.Random) -> None:
    """Move the freshly opened appraisals into a realistic mix of workflow states, set-based."""
    from performance.models import Appraisal

    mix = [("plan_submitted", 15), ("plan_approved", 30), ("self_assessed", 15), ("evaluated", 15), ("approved", 10)]
    predikats = [("sangat_baik", 10), ("baik", 70), ("butuh_perbaikan", 12), ("kurang", 6), ("sangat_kurang", 2)]
    ids = list(Appraisal.objects.filter(period=period).values_list("pk", flat=True))
    rng.shuffle(ids)
    start = 0
    for status, percent in mix:
        chunk = ids[start : start + len(ids) * percent // 100]
        start += len(chunk)
        if status == "approved":  # the approved ones spread over the predikats (the IP ASN reads them)
            done = 0
            for predikat, share in predikats:
                part = chunk[done : done + len(chunk) * share // 100]
                done += len(part)
                Appraisal.objects.filter(pk__in=part).update(
                    status=status, predikat=predikat, results_rating="sesuai", behaviour_rating="sesuai"
                )
            continue
        for i in range(0, len(chunk), 20000):
            fields = {"status": status}
            if status == "evaluated":
                fields.update(results_rating="sesuai", behaviour_rating="sesuai", predikat="baik")
            Appraisal.objects.filter(pk__in=chunk[i : i + 20000]).update(**fields)


def generate_training(size: int, year: int, rng: random.Random) -> None:
    """A catalogue, sessions and completed enrolments for about 70% of employees (the rest under 20 JP)."""
    from training.models import Enrollment, Institution, TrainingProgram, TrainingSession

    institution = Institution.objects.create(name="BPSDM Provinsi Papua Barat Daya", kind="bpsdm")
    programs = [
        TrainingProgram.objects.create(
            title=title,
            kind="teknis",
            competence_type="teknis",
            route="klasikal",
            method="course",
            jp=jp,
            institution=institution,
        )  # fmt: skip
        for title, jp in (("Pelayanan publik berbasis digital", 24), ("Manajemen proyek", 16), ("Bimtek SKP", 8))
    ]
    sessions = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                program=p,
                name=f"Angkatan {i + 1}",
                start_date=date(year, 3, 1) + timedelta(days=i * 3),
                end_date=date(year, 3, 2) + timedelta(days=i * 3),
                capacity=5000,
                registration_deadline=date(year, 2, 20),
                status="finished",
            )  # fmt: skip
            for p in programs
            for i in range(max(1, size // 5000))
        ]
    )
    hr = User.objects.get(username="bench_hr")
    ids = list(Employee.objects.values_list("pk", flat=True))
    batch = []
    for pk in ids:
        if rng.random() < 0.7:
            batch.append(
                Enrollment(
                    session=rng.choice(sessions),
                    employee_id=pk,
                    origin="hr",
                    nominated_by=hr,
                    status="approved",
                    result="completed",
                )  # fmt: skip
            )
        if len(batch) >= 10000:
            Enrollment.objects.bulk_create(batch)
            batch = []
    Enrollment.objects.bulk_create(batch)


def import_workbook(rows: int, departments: list) -> bytes:
    """An .xlsx of new, valid employees in the documented column layout."""
    from employees.importing import COLUMNS
    from employees.spreadsheets import Spreadsheet

    book = Spreadsheet()
    sheet = book.sheet("Pegawai", [c.header for c in COLUMNS])
    for n in range(rows):
        male = n % 2 == 0
        born = date(1975, 1, 1) + timedelta(days=n % 9000)
        serial = 900 + n // 9000  # far from the generated register's serials
        values = {
            "nip": build_nip(birth_date=born, tmt_cpns=date(born.year + 25, 4, 1), male=male, serial=serial),
            "nik": build_nik(region="927102", birth_date=born, male=male, serial=serial),
            "name": f"Pegawai Impor {n}", "sex": "L" if male else "P", "birth_place": "Sorong",
            "birth_date": born.isoformat(), "employment_type": "PNS", "golongan": "III/a",
            "position_title": "Analis", "position_type": "Pelaksana", "unit": departments[n % len(departments)],
            "education_level": "S1", "status": "Aktif",
        }  # fmt: skip
        sheet.append([values.get(c.field, "") for c in COLUMNS])
    return book.to_bytes()
