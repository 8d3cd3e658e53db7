"""Daily Celery tasks stored for django-celery-beat (editable in the admin), written by data migrations.

Takes the migration's `apps` so it works on the historical models of the migration that calls it."""

from functools import partial


def _add_daily(apps, schema_editor, *, name: str, task: str, hour: int, description: str) -> None:
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour=str(hour), day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Jayapura"
    )
    PeriodicTask.objects.get_or_create(
        name=name, defaults={"task": task, "crontab": crontab, "description": description}
    )


def _remove(apps, schema_editor, *, name: str) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()


def daily_task(*, name: str, task: str, hour: int, description: str):
    """(forward, backward) functions for `migrations.RunPython`: run `task` every day at `hour`:00 WIT."""
    return (
        partial(_add_daily, name=name, task=task, hour=hour, description=description),
        partial(_remove, name=name),
    )


def _add_every(apps, schema_editor, *, name: str, task: str, minutes: int, description: str) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=name, defaults={"task": task, "interval": interval, "description": description}
    )


def every_minutes_task(*, name: str, task: str, minutes: int, description: str):
    """(forward, backward) functions for `migrations.RunPython`: run `task` every `minutes` minutes."""
    return (
        partial(_add_every, name=name, task=task, minutes=minutes, description=description),
        partial(_remove, name=name),
    )
