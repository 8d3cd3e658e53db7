"""The daily SKP reminder at 08:00 WIT, stored for django-celery-beat so it can be changed in the admin."""

from django.db import migrations

from employees.schedules import daily_task

forward, backward = daily_task(
    name="Pengingat SKP harian (08.00 WIT)", task="performance.tasks.appraisal_reminders_task", hour=8, description="Ringkasan harian tugas SKP."
)


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, backward)]
