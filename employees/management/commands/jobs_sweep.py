from django.core.management.base import BaseCommand

from employees.jobs import jobs_sweep


class Command(BaseCommand):
    help = "Kirim ulang pekerjaan yang menunggu, ulangi yang terhenti; beat juga menjalankannya tiap menit."

    def handle(self, *args, **options):
        result = jobs_sweep()
        self.stdout.write(f"{result['sent']} pekerjaan dikirim, {result['interrupted']} pekerjaan terhenti ditangani.")
