"""Benchmark at Sorong and province scale (`manage.py bench`, `make bench`).

The command runs with production settings from the start of its process (see the command). Data is
generated in bulk in a throw-away database (`bench_data`); pages are measured in-process through
Django's test client, each request alternating with a floor request (floor, page, floor, page…) so
each ratio compares the same moments; every page is also measured cold (first view after the cache
is cleared: the first view of the day) and, where it shows cached figures, after a change to what
they summarise. Jobs run in a fresh process each (`manage.py bench --job`), so their peak memory is
their own. The HTTP stage (`bench_http`) runs the app under gunicorn.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.functions import Now
from django.shortcuts import render
from django.test import Client
from django.urls import include, path

from employees.models import Employee, OrgUnit, User

from . import bench_data, bench_http

COLD_REPEATS = 5
FLOOR_URL = "/__bench__/floor/"


@dataclass
class Row:
    what: str
    size: int
    queries: int | None = None
    median_ms: float | None = None
    p95_ms: float | None = None
    floor_ms: float | None = None
    ratio: float | None = None
    cold_ms: float | None = None
    changed_ms: float | None = None
    peak_mb: float | None = None
    base_mb: float | None = None
    load: float | None = None
    note: str = ""
    max_ms: float | None = None  # the slowest single request of the page, warm or cold
    search: bool = False  # a plain search, held to its own budget


@dataclass
class Page:
    what: str
    user: object
    url: str
    change: Callable[[], None] | None = None  # a write to what the page summarises (its cache key moves)
    search: bool = False  # a plain search: its own budget (50 ms)


def floor_view(request):
    """The framework's floor: the base template, no query of our own."""
    return render(request, "base.html", {})


urlpatterns = [path("__bench__/floor/", floor_view), path("", include("sorong_asn.urls"))]


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def _ms(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 1) if len(values) >= 2 else round(values[0], 1)


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(client: Client, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url, secure=True)  # HTTPS as behind the production proxy: no SSL redirect
    return (time.perf_counter() - start) * 1000, response.status_code


def measure_page(page: Page, size: int, requests: int) -> Row:
    client = _client(page.user)
    for _ in range(3):  # templates, connection and cache warm
        _get(client, FLOOR_URL)
        _, status = _get(client, page.url)
    if status != 200:
        return Row(page.what, size, note=f"HTTP {status} pada {page.url}", load=load_average())
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        _get(client, page.url)
    floor, warm = [], []
    for _ in range(requests):  # interleaved: floor, page, floor, page…
        floor.append(_get(client, FLOOR_URL)[0])
        warm.append(_get(client, page.url)[0])
    cold, changed = [], []
    for _ in range(COLD_REPEATS):
        cache.clear()  # the first view of the day
        cold.append(_get(client, page.url)[0])
        if page.change is not None:
            page.change()
            changed.append(_get(client, page.url)[0])
    floor_ms = _ms(floor)
    return Row(
        page.what, size, len(queries), _ms(warm), _p95(warm), floor_ms, round(_ms(warm) / floor_ms, 1),
        _ms(cold), _ms(changed) if changed else None, load=load_average(),
        max_ms=round(max(warm + cold + changed), 1), search=page.search,
    )  # fmt: skip


# ---------------------------------------------------------------- jobs, each in a fresh process


def _user(pk):
    return User.objects.get(pk=pk)


def _job_period_open(period_id, hr_id):
    from performance import periods
    from performance.models import AppraisalPeriod

    return f"{periods.period_open(period=AppraisalPeriod.objects.get(pk=period_id), by=_user(hr_id))} SKP"


def _job_jp_rebuild():
    from training.ledger import jp_rebuild

    return f"{jp_rebuild()} baris"


def _job_reminders(year):
    """The sweep's own time (deciding, writing the digests, queueing their delivery) and, in the note, the
    delivery of every queued chunk run here one after another, which the workers share in production."""
    from django.core import mail
    from django.db import transaction

    from performance import reminders

    committed = []
    start = time.perf_counter()
    with transaction.atomic():
        transaction.on_commit(lambda: committed.append(time.perf_counter()))  # runs before the queued jobs
        queued = reminders.appraisal_reminders_send(day=date(year, 2, 10))
    sweep_ms = (committed[0] - start) * 1000
    delivery_s = time.perf_counter() - committed[0]
    sent = len(getattr(mail, "outbox", []))
    return f"{queued} intisari; pengiriman {sent} surel {delivery_s:.1f} dtk (satu proses, per 500)", sweep_ms


def _job_import(path):
    from employees import importing

    table = importing.read_table(Path(path).read_bytes(), "impor.xlsx")
    result = importing.validate_table(table)
    if not result.ok:
        return f"{len(result.errors)} galat, mis. {result.errors[0]}"
    return f"{importing.commit(result)} pegawai"


def _job_rank(round_id, hr_id):
    from recruitment import ranking
    from recruitment.models import SelectionRound

    return f"{ranking.round_rank(rnd=SelectionRound.objects.get(pk=round_id), by=_user(hr_id))} lamaran"


def _job_publish(round_id, hr_id):
    from recruitment import services as rec
    from recruitment.models import SelectionRound

    rnd = SelectionRound.objects.get(pk=round_id)
    return f"No. {rec.announcement_publish(rnd=rnd, stage='final', by=_user(hr_id)).number}"


def _job_first_request(url):
    """A worker's first request for `url`, after one other page has loaded the URLconf and base template;
    returns its own time, not the process's."""
    client = Client()
    _get(client, "/masuk/")
    ms, status = _get(client, url)
    return f"HTTP {status}", ms


JOBS = {
    "period_open": _job_period_open, "jp_rebuild": _job_jp_rebuild, "reminders": _job_reminders,
    "import": _job_import, "rank": _job_rank, "publish": _job_publish, "first_request": _job_first_request,
}  # fmt: skip


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM of its address space). Not getrusage's ru_maxrss: Linux carries
    that across fork and exec, so a child started by a 400 MB parent reports 400 MB whatever it does."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: the best there is


def run_job(name: str, args: dict) -> dict:
    """Inside the fresh process: the job's time, its note and the process's peak memory (and the
    memory it had before the job started, i.e. Django and the code)."""
    from django.urls import reverse

    reverse("home")  # URLconf imported, as in a worker that has run one task (the mails carry links)
    base = _peak_rss_mb()
    start = time.perf_counter()
    try:
        note = JOBS[name](**args) or ""
        ms = round((time.perf_counter() - start) * 1000, 1)
        if isinstance(note, tuple):  # the job timed its own part
            note, ms = note[0], round(note[1], 1)
    except Exception as exc:  # report, never hang the benchmark
        note, ms = f"galat: {exc!r}"[:300], None
    peak = _peak_rss_mb()
    return {"ms": ms, "note": note, "peak_mb": round(peak, 1), "base_mb": round(base, 1)}


def database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}{'@' if auth else ''}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def measure_job(what: str, size: int, name: str, **args) -> Row:
    connection.close()  # the job's process must not wait on a transaction of ours
    env = {**os.environ, "DATABASE_URL": database_url()}
    done = subprocess.run(
        [sys.executable, "manage.py", "bench", "--job", name, "--job-args", json.dumps(args)],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return Row(what, size, note=f"galat: proses gagal: {done.stderr[-300:]}", load=load_average())
    return Row(what, size, median_ms=result["ms"], peak_mb=result["peak_mb"], base_mb=result["base_mb"],
               load=load_average(), note=result["note"])  # fmt: skip


# ---------------------------------------------------------------- the run


@dataclass
class SizeResult:
    rows: list[Row] = field(default_factory=list)
    http: dict = field(default_factory=dict)


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
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "debug": settings.DEBUG, "static_storage": settings.STORAGES["staticfiles"]["BACKEND"]}  # fmt: skip


def _touch(queryset) -> Callable[[], None]:
    """A change as an edit makes it: the row's `updated_at` moves, so does the page's cache key."""
    pk = queryset.values_list("pk", flat=True).first()
    return lambda: queryset.model.objects.filter(pk=pk).update(updated_at=Now())


def _vacuum():
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load in production


def _pages(pages: list[Page], size: int, requests: int, log) -> list[Row]:
    rows = []
    for page in pages:
        rows.append(measure_page(page, size, requests))
        r = rows[-1]
        log(f"  {r.what}: {r.median_ms} ms (lantai {r.floor_ms}, ×{r.ratio}), dingin {r.cold_ms}, "
            f"setelah ubah {r.changed_ms}, {r.queries} kueri {r.note}")  # fmt: skip
    return rows


def run_size(*, size: int, requests: int, applications: int, import_rows: int, http_seconds: float, rng,
             log) -> SizeResult:  # fmt: skip
    started = time.perf_counter()
    ctx = bench_data.generate_register(size, rng)
    log(f"  register: {size} pegawai dalam {time.perf_counter() - started:.1f} dtk")
    _vacuum()
    result = SizeResult()
    hr, head = ctx["hr"], ctx["kepala"]
    emp, dept = ctx["sample_employee"], ctx["department"]
    surname = emp.name.split()[1]
    in_department = Employee.objects.filter(unit__department=dept)
    register_pages = [
        Page('pegawai: cari "an" (BKPSDM)', hr, "/pegawai/?q=an", search=True),
        Page('pegawai: cari "yoh" (BKPSDM)', hr, "/pegawai/?q=yoh", search=True),
        Page(f'pegawai: cari "{surname}" (BKPSDM)', hr, f"/pegawai/?q={surname}", search=True),
        Page('pegawai: cari "an" (kepala PD)', head, "/pegawai/?q=an", search=True),
        Page("pegawai: cari NIP", hr, f"/pegawai/?q={emp.nip}", search=True),
        Page("pegawai: daftar (BKPSDM)", hr, "/pegawai/"),
        Page("pegawai: filter unit, hlm 1", hr, f"/pegawai/?unit={dept.pk}"),
        Page("pegawai: halaman dalam", hr, "/pegawai/?page=" + str(max(1, size // 50 - 1))),
        Page("pegawai: daftar kepala PD", head, "/pegawai/"),
        Page("profil pegawai", hr, f"/pegawai/{emp.pk}/"),
    ]
    result.rows += _pages(register_pages, size, requests, log)
    result.rows += run_features(size=size, ctx=ctx, requests=requests, import_rows=import_rows, rng=rng, log=log,
                                touch_register=_touch(in_department))  # fmt: skip
    recruitment_rows, announcement = run_recruitment(
        size=size, ctx=ctx, applications=applications, requests=requests, log=log
    )
    result.rows += recruitment_rows
    result.http = bench_http.run(
        database_url=database_url(), ctx=ctx, announcement=announcement, seconds=http_seconds, log=log
    )
    return result


def run_features(*, size: int, ctx: dict, requests: int, import_rows: int, rng, log, touch_register) -> list[Row]:
    from performance import periods
    from performance.models import Appraisal

    rows = []
    year = date.today().year
    started = time.perf_counter()
    bench_data.give_everyone_a_login()
    log(f"  akun untuk semua pegawai: {time.perf_counter() - started:.1f} dtk")
    hr, head = ctx["hr"], ctx["kepala"]
    period = periods.period_create(by=hr, year=year, cadence="quarterly")
    rows.append(measure_job("pekerjaan: buka periode SKP", size, "period_open", period_id=period.pk, hr_id=hr.pk))
    log(f"  buka periode: {rows[-1].median_ms} ms {rows[-1].note}")
    period.refresh_from_db()
    bench_data.spread_appraisal_states(period, rng)
    started = time.perf_counter()
    bench_data.generate_training(size, year, rng)
    log(f"  data pelatihan: {time.perf_counter() - started:.1f} dtk")
    rows.append(measure_job("pekerjaan: hitung ulang rekap JP", size, "jp_rebuild"))
    log(f"  rekap JP: {rows[-1].median_ms} ms {rows[-1].note}")
    _vacuum()

    touch_period = _touch(Appraisal.objects.filter(period=period, employee__unit__department=ctx["department"]))
    pages = [
        Page("SKP: tim saya (atasan)", ctx["atasan"], "/kinerja/tim/"),
        Page("SKP: persetujuan (kepala PD)", head, "/kinerja/persetujuan/"),
        Page("SKP: ikhtisar periode (BKPSDM)", hr, f"/kinerja/periode/{period.pk}/", touch_period),
        Page("pelatihan: di bawah 20 JP (BKPSDM)", hr, "/pelatihan/jp/"),
        Page("pelatihan: di bawah 20 JP (kepala PD)", head, "/pelatihan/jp/"),
        Page("dasbor kepala PD", head, "/dasbor/", touch_register),
        Page("dasbor BKPSDM", hr, "/dasbor/", touch_register),
        Page("dasbor indeks (kepala PD)", head, "/dasbor/indeks/", touch_register),
        Page("dasbor indeks (BKPSDM)", hr, "/dasbor/indeks/", touch_register),
        Page("beranda BKPSDM", hr, "/", touch_register),
        Page("beranda kepala PD", head, "/", touch_register),
        Page("beranda pegawai", ctx["pegawai"], "/"),
    ]
    rows += _pages(pages, size, requests, log)

    rows.append(measure_job("pekerjaan: sapuan pengingat SKP", size, "reminders", year=year))
    log(f"  sapuan pengingat: {rows[-1].median_ms} ms {rows[-1].note}")
    departments = [u.name for u in OrgUnit.objects.filter(parent__isnull=True)]
    workbook = bench_data.work_dir() / f"bench-import-{size}.xlsx"
    workbook.write_bytes(bench_data.import_workbook(import_rows, departments))
    try:
        rows.append(measure_job(f"pekerjaan: impor {import_rows} pegawai (xlsx)", size, "import", path=str(workbook)))
    finally:
        workbook.unlink()
    log(f"  impor: {rows[-1].median_ms} ms {rows[-1].note}")
    return rows


def run_recruitment(*, size: int, ctx: dict, applications: int, requests: int, log):
    """A CASN round with `applications` applications over formations of about 500 applicants each."""
    from recruitment import rounds
    from recruitment.demo import generate_applications
    from recruitment.models import Announcement, Application, Formation

    rows = []
    hr, unit = ctx["hr"], ctx["department"]
    started = time.perf_counter()
    rnd = rounds.round_create(by=hr, name="Seleksi CPNS (benchmark)", year=date.today().year, kind="casn",
                           appointment_type="cpns", optimalisasi=True)  # fmt: skip
    for i in range(max(1, applications // 500)):
        rounds.formation_create(rnd=rnd, by=hr, code=f"F-{i:04d}", position=f"Jabatan {i % 50}", unit=unit,
                             quota=1 + i % 5, category=["umum", "papua", "cumlaude"][i % 3])  # fmt: skip
    generate_applications(rnd=rnd, count=applications, seed=size, prefix="B-", region="900000")
    _vacuum()
    log(f"  seleksi: {applications} lamaran dalam {time.perf_counter() - started:.1f} dtk")

    rows.append(measure_job(f"pekerjaan: peringkat {applications} lamaran", size, "rank", round_id=rnd.pk,
                            hr_id=hr.pk))  # fmt: skip
    log(f"  peringkat: {rows[-1].median_ms} ms {rows[-1].note}")
    rows.append(measure_job("pekerjaan: terbitkan pengumuman", size, "publish", round_id=rnd.pk, hr_id=hr.pk))
    log(f"  terbitkan: {rows[-1].median_ms} ms {rows[-1].note}")
    announcement = Announcement.objects.defer("content").get(round=rnd, stage="final")
    formation = Formation.objects.filter(round=rnd).order_by("code").first()
    for what, url in (("daftar formasi", f"/pengumuman/{announcement.number}/"),
                      ("hasil satu formasi", f"/pengumuman/{announcement.number}/{formation.code}/")):  # fmt: skip
        rows.append(measure_job(f"publik: {what}, permintaan pertama pekerja", size, "first_request", url=url))
        log(f"  {rows[-1].what}: {rows[-1].median_ms} ms, puncak {rows[-1].peak_mb} MB {rows[-1].note}")
    pages = [
        Page("publik: daftar formasi pengumuman", None, f"/pengumuman/{announcement.number}/"),
        Page("publik: hasil satu formasi (500)", None, f"/pengumuman/{announcement.number}/{formation.code}/"),
        Page("rekrutmen: keadilan (BKPSDM)", hr, f"/rekrutmen/seleksi/{rnd.pk}/keadilan/",
             _touch(Application.objects.filter(round=rnd))),
    ]  # fmt: skip
    rows += _pages(pages, size, requests, log)
    return rows, {"number": announcement.number, "formation": formation.code}


def as_dicts(rows: list[Row]) -> list[dict]:
    return [asdict(r) for r in rows]
