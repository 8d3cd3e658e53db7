"""Time the ranking of a large CASN round: `manage.py recruitment_bench --count 100000`.

Creates a throw-away round with `count` applications over `formations` formations (bulk inserts),
ranks it, prints the time and the query count, and deletes the round unless --keep is given.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from employees.models import OrgUnit, User
from recruitment import services
from recruitment.demo import generate_applications
from recruitment.models import Applicant, Application


class Command(BaseCommand):
    help = "Buat N lamaran uji dan ukur waktu pemeringkatan."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--formations", type=int, default=200)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--keep", action="store_true")

    def handle(self, *, count, formations, seed, keep, **options):
        unit = OrgUnit.objects.order_by("pk").first()
        hr = User.objects.filter(is_superuser=True).first() or User.objects.filter(groups__name="hr").first()
        if unit is None or hr is None:
            raise CommandError("Perlu minimal satu unit dan satu pengguna HR/superuser (jalankan seed_demo).")
        started = time.perf_counter()
        with transaction.atomic():
            rnd = services.round_create(by=hr, name=f"Benchmark {count}", year=2099, kind="casn",
                                        appointment_type="cpns", optimalisasi=True)  # fmt: skip
            for i in range(formations):
                services.formation_create(rnd=rnd, by=hr, code=f"B-{i:04d}", position=f"Jabatan {i % 50}", unit=unit,
                                          quota=1 + i % 5, category=["umum", "papua", "cumlaude"][i % 3])  # fmt: skip
            generate_applications(
                rnd=rnd, count=count, seed=seed, prefix=f"B{rnd.pk}-", region=f"{900000 + rnd.pk * 20}"
            )
        self.stdout.write(f"data: {count} lamaran dalam {time.perf_counter() - started:.1f} s")
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            services.round_rank(rnd=rnd, by=hr)
            elapsed = time.perf_counter() - started
        self.stdout.write(
            f"pemeringkatan: {count} lamaran, {len(queries)} query, {elapsed:.2f} s ({connection.vendor})"
        )
        if not keep:
            with transaction.atomic():
                people = list(Application.objects.filter(round=rnd).values_list("applicant_id", flat=True))
                Application.objects.filter(round=rnd).delete()
                Applicant.objects.filter(pk__in=people, applications__isnull=True).delete()
                rnd.delete()
