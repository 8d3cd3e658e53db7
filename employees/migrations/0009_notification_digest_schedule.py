"""The daily digest of notifications at 07:00 WIT, stored for django-celery-beat (editable in the admin)."""

from django.db import migrations

from employees.schedules import daily_task

forward, backward = daily_task(
    name="Ringkasan notifikasi harian (07.00 WIT)",
    task="employees.tasks.notification_digests_task",
    hour=7,
    description="Surel ringkasan notifikasi untuk pengguna yang memilih ringkasan harian.",
)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0008_notification_events_and_mail"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, backward)]
