"""Beat's tick every minute: records that beat is alive and sends the jobs that wait for the broker."""

from django.db import migrations

from employees.schedules import every_minutes_task

forward, backward = every_minutes_task(
    name="Kirim ulang pekerjaan yang menunggu (tiap menit)",
    task="employees.tasks.jobs_sweep_task",
    minutes=1,
    description="Detak beat untuk halaman /sehat/ dan pengiriman ulang pekerjaan latar belakang yang menunggu.",
)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0006_background_jobs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, backward)]
