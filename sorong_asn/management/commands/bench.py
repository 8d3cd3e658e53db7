import json
import random
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from sorong_asn import bench


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
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


class Command(BaseCommand):
    help = "Ukur halaman dan pekerjaan berat pada skala Sorong (5.000) dan provinsi (100.000) di PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="5000,100000", help="jumlah pegawai, dipisah koma")
        parser.add_argument("--requests", type=int, default=30, help="permintaan per halaman (minimal 30)")
        parser.add_argument("--applications", type=int, default=100_000, help="jumlah lamaran seleksi")
        parser.add_argument("--import-rows", type=int, default=10_000, help="baris Excel untuk uji impor")
        parser.add_argument("--keep", action="store_true", help="jangan hapus basis data benchmark (satu ukuran)")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "results.json"))

    def handle(self, *args, sizes, requests, applications, import_rows, output, keep, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "Benchmark hanya berjalan di PostgreSQL: setel DATABASE_URL=postgres://… (SQLite tidak didukung)."
            )
        rows: list[bench.Row] = []
        db_name = f"{settings.DATABASES['default']['NAME']}_bench"
        machine = {}
        with override_settings(
            ROOT_URLCONF="sorong_asn.bench", ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, DEBUG=False,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", CELERY_TASK_ALWAYS_EAGER=True,
        ):  # fmt: skip
            for size in [int(s) for s in sizes.split(",")]:
                self.stdout.write(f"Ukuran {size:,} pegawai".replace(",", "."))
                with bench_database(self.stdout, db_name, keep):
                    machine = machine or bench.machine()
                    rows += bench.run_size(
                        size=size, requests=requests, applications=applications, import_rows=import_rows,
                        rng=random.Random(size), log=self.stdout.write,
                    )  # fmt: skip
        self.print_table(rows)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"machine": machine, "rows": bench.as_dicts(rows)}, indent=2))
        self.stdout.write(f"Hasil ditulis ke {path}")

    def print_table(self, rows):
        header = (
            f"{'apa':<44} {'ukuran':>8} {'kueri':>6} {'median ms':>10} {'p95 ms':>8} {'× lantai':>9} {'puncak MB':>10}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))

        def cell(value, width):
            return f"{'' if value is None else value:>{width}}"

        for r in rows:
            self.stdout.write(
                f"{r.what:<44} {r.size:>8} {cell(r.queries, 6)} {cell(r.median_ms, 10)} {cell(r.p95_ms, 8)} "
                f"{cell(r.ratio, 9)} {cell(r.peak_mb, 10)}" + (f"  {r.note}" if r.note else "")
            )
