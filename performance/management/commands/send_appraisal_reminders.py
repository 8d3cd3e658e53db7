from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from performance.reminders import appraisal_reminders_send


class Command(BaseCommand):
    help = "Kirim pengingat harian penilaian kinerja (SKP): satu ringkasan per orang per hari."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="tanggal pengingat YYYY-MM-DD (bawaan: hari ini, WIT)")

    def handle(self, *args, date=None, **options):
        try:
            day = _parse(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Format tanggal harus YYYY-MM-DD.") from exc
        sent = appraisal_reminders_send(day=day)
        self.stdout.write(f"Pengingat SKP {day.isoformat()}: {sent} ringkasan terkirim.")


def _parse(value: str) -> date:
    return date.fromisoformat(value)
