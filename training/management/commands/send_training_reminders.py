from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from training.reminders import training_reminders_send


class Command(BaseCommand):
    help = "Kirim ringkasan pengingat pelatihan harian (sesi segera dimulai, usulan tertunda, kurang 20 JP)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Tanggal pengingat (YYYY-MM-DD); bawaan: hari ini.")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Format tanggal harus YYYY-MM-DD.") from exc
        sent = training_reminders_send(day=day)
        self.stdout.write(f"{sent} ringkasan pengingat pelatihan terkirim untuk {day:%d-%m-%Y}.")
