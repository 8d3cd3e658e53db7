from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from employees.notify import notification_digests_send


class Command(BaseCommand):
    help = "Kirim ringkasan notifikasi harian kepada pengguna yang memilih ringkasan (sekali per orang per hari)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="tanggal ringkasan YYYY-MM-DD (bawaan: hari ini, WIT)")

    def handle(self, *args, date=None, **options):
        try:
            day = _parse(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Format tanggal harus YYYY-MM-DD.") from exc
        sent = notification_digests_send(day=day)
        self.stdout.write(f"Ringkasan notifikasi {day.isoformat()}: {sent} surel terkirim.")


def _parse(value: str) -> date:
    return date.fromisoformat(value)
