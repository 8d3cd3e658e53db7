"""Run the fake SIASN server for the demo, filled from the register with a few differences to accept."""

import time

from django.core.management.base import BaseCommand

from siasn import fake


class Command(BaseCommand):
    help = "Jalankan server SIASN tiruan di 127.0.0.1 untuk demo (bukan untuk produksi)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--export",
            default="export-data-asn-demo.csv",
            help="berkas Export Data ASN yang ditulis untuk diunggah (bawaan: export-data-asn-demo.csv)",
        )

    def handle(self, *args, port, export, **options):
        state = fake.FakeState()
        nips = fake.fill_from_register(state)
        with open(export, "w", encoding="utf-8") as fh:
            fh.write("NIP Baru;Nama\n")
            fh.writelines(f"{nip};{state.people[nip]['nama']}\n" for nip in nips)
        server = fake.FakeSiasn(state, port=port, verbose=True).start()
        self.stdout.write(self.style.SUCCESS(f"SIASN tiruan berjalan di {server.url}"))
        self.stdout.write(f"{len(state.units)} unor dan {len(nips)} pegawai; berkas Export Data ASN: {export}")
        self.stdout.write("Tambahkan ke .env lalu jalankan ulang `make run`:")
        for key, value in server.settings().items():
            self.stdout.write(f"{key}={value}")
        self.stdout.write("Ctrl+C untuk berhenti.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()
