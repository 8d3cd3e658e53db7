from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sorong_asn.backup import backup_create


class Command(BaseCommand):
    help = "Buat cadangan: basis data, semua berkas unggahan (MEDIA_ROOT) dan manifest (jumlah baris, checksum)."

    def add_arguments(self, parser):
        default = getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "backups")
        parser.add_argument("--dest", type=Path, default=default, help=f"folder tujuan (bawaan {default})")

    def handle(self, *args, dest, **options):
        folder = backup_create(dest=dest)
        self.stdout.write(self.style.SUCCESS(f"Cadangan tersimpan di {folder}"))
