from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sorong_asn.backup import backup_restore


class Command(BaseCommand):
    help = "Pulihkan cadangan ke basis data dan folder media yang kosong, lalu cocokkan dengan manifestnya."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="folder cadangan (berisi manifest.json)")

    def handle(self, *args, source, **options):
        try:
            result = backup_restore(source=source)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Pemulihan cocok dengan manifest: {result['tables']} tabel, {result['rows']} baris, "
                f"{result['files']} berkas."
            )
        )
