from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from employees import demo as employees_demo
from performance import demo as performance_demo
from recruitment import demo as recruitment_demo
from sorong_asn import demo as merit_demo
from training import demo as training_demo


class Command(BaseCommand):
    help = "Isi data demo Pemerintah Kota Sorong (idempoten: dijalankan dua kali tidak mengubah apa pun)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=800, help="jumlah pegawai (bawaan 800)")
        parser.add_argument("--password", default=employees_demo.DEFAULT_PASSWORD, help="kata sandi akun demo")
        parser.add_argument("--seed", type=int, default=8271, help="benih acak agar data dapat diulang")

    def handle(self, *args, employees, password, seed, **options):
        today: date = timezone.localdate()
        with transaction.atomic():
            employees_demo.seed(stdout=self.stdout, count=employees, password=password, seed=seed)
        for module in (performance_demo, training_demo, recruitment_demo, merit_demo):
            with transaction.atomic():
                module.seed(stdout=self.stdout, today=today, seed=seed)
        employees_demo.print_logins(stdout=self.stdout, password=password)
