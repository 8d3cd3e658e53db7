import time

from django.core.management.base import BaseCommand

from training.ledger import jp_rebuild


class Command(BaseCommand):
    help = "Hitung ulang rekap JP per pegawai per tahun dari seluruh pelatihan selesai dan laporan terverifikasi."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = jp_rebuild()
        self.stdout.write(f"Rekap JP dihitung ulang: {rows} baris dalam {time.perf_counter() - started:.1f} dtk.")
