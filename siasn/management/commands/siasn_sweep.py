from django.core.management.base import BaseCommand

from siasn.outbox import outbox_sweep


class Command(BaseCommand):
    help = "Sapu antrean kirim SIASN: lepas kiriman macet, tambah catatan yang terlewat, antrekan yang jatuh tempo."

    def handle(self, *args, **options):
        result = outbox_sweep()
        self.stdout.write(
            f"Dilepas {result['released']}, ditambahkan {result['added']}, diantrekan {result['queued']}."
        )
