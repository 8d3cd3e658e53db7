import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from sorong_asn import bench, bench_targets

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Set by the command for the process it starts, so only that process measures.
CHILD = "SORONG_BENCH_CHILD"


@contextmanager
def bench_database(stdout, name, keep=False):
    """A separate database, created and migrated here and dropped afterwards (unless kept for study)."""
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    stdout.write(f"  basis data {name} dibuat ({time.perf_counter() - started:.1f} dtk)")
    try:
        yield
    finally:
        if keep:
            stdout.write(f"  basis data {name} disimpan untuk diperiksa")
            connection.close()  # back on the main database, so the next size can create its own
            connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def production_environment(work: Path) -> dict:
    """What a production process has from its start: debug off (whatever .env says), the compressed
    manifest static storage over a collected static root, and a secret key."""
    return {
        **os.environ, CHILD: "1", "DJANGO_DEBUG": "0", "DJANGO_TESTING": "0", "SORONG_BENCH_DIR": str(work),
        "STATIC_ROOT": str(work / "static"),
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "DJANGO_SETTINGS_MODULE": "sorong_asn.settings",
    }  # fmt: skip


class Command(BaseCommand):
    help = "Ukur halaman dan pekerjaan berat pada skala Sorong (5.000) dan provinsi (100.000) di PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="5000,100000", help="jumlah pegawai, dipisah koma")
        parser.add_argument("--requests", type=int, default=30, help="permintaan per halaman (minimal 30)")
        parser.add_argument("--applications", type=int, default=100_000, help="jumlah lamaran seleksi")
        parser.add_argument("--import-rows", type=int, default=10_000, help="baris Excel untuk uji impor")
        parser.add_argument("--http-seconds", type=float, default=10, help="detik per tingkat beban HTTP")
        parser.add_argument("--keep", action="store_true", help="jangan hapus basis data benchmark")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "results.json"))
        parser.add_argument("--job", help="(internal) jalankan satu pekerjaan di proses ini")
        parser.add_argument("--job-args", default="{}", help="(internal) argumen pekerjaan, JSON")

    def handle(self, *args, job, job_args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "Benchmark hanya berjalan di PostgreSQL: setel DATABASE_URL=postgres://… (SQLite tidak didukung)."
            )
        if job:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                                   CELERY_TASK_ALWAYS_EAGER=True):  # fmt: skip
                self.stdout.write(json.dumps(bench.run_job(job, json.loads(job_args))))
            return
        if not os.environ.get(CHILD):
            sys.exit(self.restart_in_production())
        if settings.DEBUG or settings.STORAGES["staticfiles"]["BACKEND"] != MANIFEST_STORAGE:
            raise CommandError("Benchmark harus berjalan dengan DEBUG mati dan penyimpanan statis manifest.")
        self.measure(**options)

    def restart_in_production(self) -> int:
        """Collect the static files with the production storage, then run the benchmark in a new process
        whose settings are production ones from the start."""
        work = Path(tempfile.mkdtemp(prefix="sorong-bench-"))
        env = production_environment(work)
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        try:
            started = time.perf_counter()
            subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
            self.stdout.write(f"collectstatic (manifest, brotli/gzip): {time.perf_counter() - started:.1f} dtk")
            return subprocess.run([*manage, "bench", *sys.argv[2:]], env=env).returncode
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def measure(self, *, sizes, requests, applications, import_rows, http_seconds, output, keep, **options):
        results = []
        base_name = settings.DATABASES["default"]["NAME"]
        machine = {}
        with override_settings(
            ROOT_URLCONF="sorong_asn.bench", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            CELERY_TASK_ALWAYS_EAGER=True,
        ):  # fmt: skip
            for size in [int(s) for s in sizes.split(",")]:
                self.stdout.write(f"Ukuran {size:,} pegawai".replace(",", "."))
                name = f"{base_name}_bench_{size}" if keep else f"{base_name}_bench"
                with bench_database(self.stdout, name, keep):
                    machine = machine or bench.machine()
                    result = bench.run_size(
                        size=size, requests=requests, applications=applications, import_rows=import_rows,
                        http_seconds=http_seconds, rng=random.Random(size), log=self.stdout.write,
                    )  # fmt: skip
                results.append((size, result))
        rows = [row for _, result in results for row in result.rows]
        self.print_table(rows)
        for size, result in results:
            self.print_http(size, result.http)
        http = {str(size): result.http for size, result in results}
        verdicts = bench_targets.verdicts(rows, http)
        self.print_verdicts(verdicts)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "machine": machine, "rows": bench.as_dicts(rows), "http": http,
            "targets": [{"target": v.target, "met": v.met, "misses": v.misses} for v in verdicts],
        }  # fmt: skip
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(f"Hasil ditulis ke {path}")

    def print_table(self, rows):
        columns = [("apa", "what", 44), ("ukuran", "size", 7), ("kueri", "queries", 5), ("median", "median_ms", 8),
                   ("p95", "p95_ms", 7), ("lantai", "floor_ms", 6), ("×lantai", "ratio", 7),
                   ("dingin", "cold_ms", 7), ("stlh ubah", "changed_ms", 9), ("puncak MB", "peak_mb", 9),
                   ("beban", "load", 5)]  # fmt: skip
        header = " ".join(f"{title:<{w}}" if key == "what" else f"{title:>{w}}" for title, key, w in columns)
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in rows:
            cells = []
            for _, key, width in columns:
                value = getattr(r, key)
                value = "" if value is None else value
                cells.append(f"{value:<{width}}" if key == "what" else f"{value:>{width}}")
            self.stdout.write(" ".join(cells) + (f"  {r.note}" if r.note else ""))

    def print_verdicts(self, verdicts):
        met = sum(v.met for v in verdicts)
        self.stdout.write(f"\nSasaran: {met} dari {len(verdicts)} terpenuhi")
        for v in verdicts:
            self.stdout.write(f"  {'ya   ' if v.met else 'TIDAK'} {v.target}")
            for miss in v.misses[:8]:
                self.stdout.write(f"          {miss}")
            if len(v.misses) > 8:
                self.stdout.write(f"          … dan {len(v.misses) - 8} lagi")

    def print_http(self, size, http):
        self.stdout.write(f"\nHTTP (gunicorn, gunicorn.conf.py), {size} pegawai")
        self.stdout.write(f"{'pengguna · halaman':<36} {'n':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'galat':>5}")
        for level in http["levels"]:
            self.stdout.write(
                f"{level['users']:>2} pengguna: {level['requests_per_s']} permintaan/dtk, "
                f"p50 {level['p50_ms']} p95 {level['p95_ms']} p99 {level['p99_ms']} ms, "
                f"{level['errors']} galat ({level['timeouts']} habis waktu), beban {level['load']}"
            )
            for label, page in level["pages"].items():
                self.stdout.write(
                    f"   {label:<33} {page['n']:>5} {page['p50_ms']!s:>7} {page['p95_ms']!s:>7} "
                    f"{page['p99_ms']!s:>7} {page['errors']:>5} {' '.join(page['error_kinds'])}"
                )
        memory = http["memory"]
        self.stdout.write(f"memori: induk {memory['master_mb']} MB, pekerja {memory['workers_mb']} MB")
        for role, w in http["weight"].items():
            self.stdout.write(
                f"bobot {role}: kunjungan pertama {w['first_visit_kb']} KB (HTML {w['html_kb']}, statis "
                f"{w['static_kb']} dalam {w['static_files']} berkas), halaman berikutnya {w['later_page_kb']} KB"
                + (f"; tanpa immutable: {w['not_immutable']}" if w["not_immutable"] else "")
            )
