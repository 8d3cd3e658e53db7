import sys
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from employees import importing


class Command(BaseCommand):
    help = "Impor pegawai dari berkas .xlsx/.csv (kolom seperti templat). Tanpa --commit hanya memeriksa."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas .xlsx atau .csv")
        parser.add_argument(
            "--commit", action="store_true", help="simpan bila tidak ada galat (semua atau tidak sama sekali)"
        )

    def handle(self, *args, file, commit, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        started = time.perf_counter()
        try:
            rows = importing.read_table(path.read_bytes(), path.name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        result = importing.validate_table(rows)
        checked = time.perf_counter() - started
        if not result.ok:
            self.stdout.write(importing.error_report(result.errors))
            self.stdout.write(f"{len(result.errors)} galat pada {result.total_rows} baris; tidak ada yang disimpan.")
            sys.exit(1)
        self.stdout.write(f"{result.total_rows} baris lolos pemeriksaan ({checked:.1f} dtk).")
        if not commit:
            self.stdout.write("Pemeriksaan saja; jalankan lagi dengan --commit untuk menyimpan.")
            return
        created = importing.commit(result)
        self.stdout.write(self.style.SUCCESS(f"{created} pegawai disimpan ({time.perf_counter() - started:.1f} dtk)."))
