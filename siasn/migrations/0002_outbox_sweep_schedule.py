"""The outbox sweep every 10 minutes, stored for django-celery-beat so it can be changed in the admin."""

from django.db import migrations

NAME = "SIASN: sapu antrean kirim"


def add(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "siasn.tasks.outbox_sweep_task",
            "interval": every,
            "description": "Mengirim ulang yang gagal, melepas kiriman macet, menambah SKP/pelatihan yang terlewat.",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("siasn", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add, remove)]
