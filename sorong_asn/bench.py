"""Benchmark at Sorong and province scale (`manage.py bench`, `make bench`).

Generates data in bulk in a throw-away database, then measures pages through Django's test
client (queries, median and p95 server time, ratio to a floor view rendering the base template)
and jobs in forked processes (time and peak RSS).
"""

import os
import pickle
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import connection, connections
from django.db.models import F
from django.shortcuts import render
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from employees.identifiers import build_ni_pppk, build_nik, build_nip
from employees.models import HR_GROUP, Employee, OrgUnit, User

BENCH_PASSWORD = "bench-only-password"


@dataclass
class Row:
    what: str
    size: int
    queries: int | None = None
    median_ms: float | None = None
    p95_ms: float | None = None
    ratio: float | None = None
    peak_mb: float | None = None
    note: str = ""


def floor_view(request):
    """The framework's floor: the base template, no query of our own."""
    return render(request, "base.html", {})


urlpatterns = [path("__bench__/floor/", floor_view), path("", include("sorong_asn.urls"))]


# ---------------------------------------------------------------- generation


FIRST = ["Yohanis", "Maria", "Yance", "Agustina", "Petrus", "Frans", "Elsye", "Naomi", "Budi", "Siti", "Agus",
         "Dewi", "Markus", "Ruth", "Daniel", "Sarah", "Yosep", "Lince", "Herman", "Rina"]  # fmt: skip
LAST = ["Kambuaya", "Mambrasar", "Kareth", "Rumbiak", "Sapisa", "Wanma", "Korwa", "Kalami", "Santoso",
        "Rahmawati", "Wijaya", "Lestari", "Howay", "Fonataba", "Rumere", "Sawaki", "Ayomi", "Yoku"]  # fmt: skip


def generate_register(size: int, rng: random.Random) -> dict:
    """Departments with bidang, heads, supervisors and staff, all in bulk; returns the key logins."""
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
    serial = iter(range(1, 10_000_000))

    def person(unit, position_type, golongan, title):
        # Birth day and serial both derive from n, so NIP and NIK are unique by construction:
        # n = serial × 12,410 + day index, and 7919 (coprime with 12,410) spreads the days over the span.
        n = next(serial)
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
    staff_count = max(0, size - len(heads) - len(chiefs))
    batch = []
    for i in range(staff_count):
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

    hr_user = User.objects.create_user("bench_hr", password=BENCH_PASSWORD)
    hr_user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    head_user = User.objects.create_user("bench_kepala", password=BENCH_PASSWORD)
    Employee.objects.filter(pk=heads[0].pk).update(user=head_user)
    chief_user = User.objects.create_user("bench_atasan", password=BENCH_PASSWORD)
    Employee.objects.filter(pk=chiefs[0].pk).update(user=chief_user)
    staff = Employee.objects.filter(supervisor=chiefs[0]).first()
    staff_user = User.objects.create_user("bench_pegawai", password=BENCH_PASSWORD)
    Employee.objects.filter(pk=staff.pk).update(user=staff_user)
    return {
        "hr": hr_user, "kepala": head_user, "atasan": chief_user, "pegawai": staff_user,
        "department": departments[0], "sample_employee": staff,
    }  # fmt: skip


# ---------------------------------------------------------------- measurement


def measure_page(what: str, size: int, user, url: str, requests: int, floor_ms: float | None) -> Row:
    client = Client()
    if user is not None:
        client.force_login(user)
    for _ in range(3):  # warm caches, templates and the connection
        response = client.get(url)
    if response.status_code != 200:
        return Row(what, size, note=f"HTTP {response.status_code} pada {url}")
    timings = []
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) >= 2 else timings[0]
    return Row(what, size, queries, round(median, 1), round(p95, 1),
               round(median / floor_ms, 1) if floor_ms else None)  # fmt: skip


def measure_job(what: str, size: int, job: Callable[[], str | None]) -> Row:
    """Run a job in a forked child so that its peak RSS is its own; the child reports its time."""
    for conn in connections.all():
        conn.close()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        try:
            start = time.perf_counter()
            note = job() or ""
            result = {"ms": (time.perf_counter() - start) * 1000, "note": note}
        except Exception as exc:  # report, never hang the parent
            result = {"ms": None, "note": f"galat: {exc!r}"[:300]}
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(result, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, _, usage = os.wait4(pid, 0)
    result = pickle.loads(data) if data else {"ms": None, "note": "proses anak gagal"}
    ms = round(result["ms"], 1) if result["ms"] is not None else None
    return Row(what, size, None, ms, None, None, round(usage.ru_maxrss / 1024, 1), result["note"])


def as_dicts(rows: list[Row]) -> list[dict]:
    return [asdict(r) for r in rows]


def machine() -> dict:
    import platform

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "postgresql": pg,
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}  # fmt: skip


def run_size(*, size: int, requests: int, applications: int, import_rows: int, rng: random.Random, log) -> list[Row]:
    started = time.perf_counter()
    ctx = generate_register(size, rng)
    log(f"  register: {size} pegawai dalam {time.perf_counter() - started:.1f} dtk")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load in production
    rows = []
    floor = measure_page("lantai: templat dasar tanpa kueri", size, ctx["hr"], "/__bench__/floor/", requests, None)
    floor.ratio = 1.0
    rows.append(floor)
    floor_ms = floor.median_ms
    emp = ctx["sample_employee"]
    dept = ctx["department"]
    pages = [
        ("pegawai: cari nama + filter, hlm 1", ctx["hr"], f"/pegawai/?q={emp.name.split()[0]}&status=aktif"),
        ("pegawai: cari NIP", ctx["hr"], f"/pegawai/?q={emp.nip}"),
        ("pegawai: filter unit, hlm 1", ctx["hr"], f"/pegawai/?unit={dept.pk}"),
        ("pegawai: halaman dalam", ctx["hr"], "/pegawai/?page=" + str(max(1, size // 50 - 1))),
        ("pegawai: daftar kepala PD", ctx["kepala"], "/pegawai/"),
        ("profil pegawai", ctx["hr"], f"/pegawai/{emp.pk}/"),
    ]
    for what, user, url in pages:
        rows.append(measure_page(what, size, user, url, requests, floor_ms))
        log(f"  {what}: {rows[-1].median_ms} ms, {rows[-1].queries} kueri {rows[-1].note}")
    rows += run_features(
        size=size, ctx=ctx, requests=requests, import_rows=import_rows, floor_ms=floor_ms, rng=rng, log=log
    )
    rows += run_recruitment(
        size=size, ctx=ctx, applications=applications, requests=requests, floor_ms=floor_ms, log=log
    )
    return rows


# ---------------------------------------------------------------- feature data, in bulk


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
    from io import BytesIO

    from openpyxl import Workbook

    from employees.importing import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pegawai")
    sheet.append([c.header for c in COLUMNS])
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
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def run_features(*, size: int, ctx: dict, requests: int, import_rows: int, floor_ms: float, rng, log) -> list[Row]:
    from employees import importing
    from performance import periods as perf
    from performance.models import AppraisalPeriod
    from training.ledger import jp_rebuild

    rows = []
    year = date.today().year
    started = time.perf_counter()
    give_everyone_a_login()
    log(f"  akun untuk semua pegawai: {time.perf_counter() - started:.1f} dtk")

    period = perf.period_create(by=ctx["hr"], year=year, cadence="quarterly")
    rows.append(
        measure_job("pekerjaan: buka periode SKP", size, lambda: f"{perf.period_open(period=period, by=ctx['hr'])} SKP")
    )
    log(f"  buka periode: {rows[-1].median_ms} ms")
    period.refresh_from_db()
    spread_appraisal_states(period, rng)
    started = time.perf_counter()
    generate_training(size, year, rng)
    log(f"  data pelatihan: {time.perf_counter() - started:.1f} dtk")
    rows.append(measure_job("pekerjaan: hitung ulang rekap JP", size, lambda: f"{jp_rebuild()} baris"))
    log(f"  rekap JP: {rows[-1].median_ms} ms {rows[-1].note}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    pages = [
        ("SKP: tim saya (atasan)", ctx["atasan"], "/kinerja/tim/"),
        ("SKP: persetujuan (kepala PD)", ctx["kepala"], "/kinerja/persetujuan/"),
        ("SKP: ikhtisar periode (BKPSDM)", ctx["hr"], f"/kinerja/periode/{period.pk}/"),
        ("pelatihan: di bawah 20 JP (BKPSDM)", ctx["hr"], "/pelatihan/jp/"),
        ("pelatihan: di bawah 20 JP (kepala PD)", ctx["kepala"], "/pelatihan/jp/"),
        ("dasbor kepala PD", ctx["kepala"], "/dasbor/"),
        ("dasbor BKPSDM", ctx["hr"], "/dasbor/"),
        ("dasbor indeks (kepala PD)", ctx["kepala"], "/dasbor/indeks/"),
        ("dasbor indeks (BKPSDM)", ctx["hr"], "/dasbor/indeks/"),
        ("beranda kepala PD", ctx["kepala"], "/"),
    ]
    for what, user, url in pages:
        rows.append(measure_page(what, size, user, url, requests, floor_ms))
        log(f"  {what}: {rows[-1].median_ms} ms, {rows[-1].queries} kueri {rows[-1].note}")

    def sweep():
        from django.core import mail

        from performance.reminders import appraisal_reminders_send

        sent = appraisal_reminders_send(day=date(year, 2, 10))
        return f"{sent} intisari, {len(getattr(mail, 'outbox', []))} surel"

    rows.append(measure_job("pekerjaan: sapuan pengingat SKP", size, sweep))
    log(f"  sapuan pengingat: {rows[-1].median_ms} ms {rows[-1].note}")

    workbook = import_workbook(import_rows, [u.name for u in OrgUnit.objects.filter(parent__isnull=True)])

    def run_import():
        table = importing.read_table(workbook, "impor.xlsx")
        result = importing.validate_table(table)
        if not result.ok:
            return f"{len(result.errors)} galat, mis. {result.errors[0]}"
        return f"{importing.commit(result)} pegawai"

    rows.append(measure_job(f"pekerjaan: impor {import_rows} pegawai (xlsx)", size, run_import))
    log(f"  impor: {rows[-1].median_ms} ms {rows[-1].note}")
    assert AppraisalPeriod.objects.filter(pk=period.pk).exists()
    return rows


def run_recruitment(*, size: int, ctx: dict, applications: int, requests: int, floor_ms: float, log) -> list[Row]:
    """A CASN round with `applications` applications over formations of about 500 applicants each."""
    from recruitment import ranking, rounds
    from recruitment import services as rec
    from recruitment.demo import generate_applications
    from recruitment.models import Announcement, Formation

    rows = []
    hr, unit = ctx["hr"], ctx["department"]
    started = time.perf_counter()
    rnd = rounds.round_create(by=hr, name="Seleksi CPNS (benchmark)", year=date.today().year, kind="casn",
                           appointment_type="cpns", optimalisasi=True)  # fmt: skip
    formations = max(1, applications // 500)
    for i in range(formations):
        rounds.formation_create(rnd=rnd, by=hr, code=f"F-{i:04d}", position=f"Jabatan {i % 50}", unit=unit,
                             quota=1 + i % 5, category=["umum", "papua", "cumlaude"][i % 3])  # fmt: skip
    generate_applications(rnd=rnd, count=applications, seed=size, prefix="B-", region="900000")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"  seleksi: {applications} lamaran dalam {time.perf_counter() - started:.1f} dtk")

    rows.append(measure_job(f"pekerjaan: peringkat {applications} lamaran", size,
                            lambda: f"{ranking.round_rank(rnd=rnd, by=hr)} lamaran"))  # fmt: skip
    log(f"  peringkat: {rows[-1].median_ms} ms {rows[-1].note}")

    def publish():
        return f"No. {rec.announcement_publish(rnd=rnd, stage='final', by=hr).number}"

    rows.append(measure_job("pekerjaan: terbitkan pengumuman", size, publish))
    announcement = Announcement.objects.defer("content").get(round=rnd, stage="final")
    formation = Formation.objects.filter(round=rnd).order_by("code").first()
    anonymous = None
    pages = [
        ("publik: daftar formasi pengumuman", anonymous, f"/pengumuman/{announcement.number}/"),
        ("publik: hasil satu formasi (500)", anonymous, f"/pengumuman/{announcement.number}/{formation.code}/"),
        ("rekrutmen: keadilan (BKPSDM)", hr, f"/rekrutmen/seleksi/{rnd.pk}/keadilan/"),
    ]
    for what, user, url in pages:
        rows.append(measure_page(what, size, user, url, requests, floor_ms))
        log(f"  {what}: {rows[-1].median_ms} ms, {rows[-1].queries} kueri {rows[-1].note}")
    return rows
