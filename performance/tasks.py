from datetime import date

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone


@shared_task(bind=True, max_retries=5)
def appraisal_reminders_task(self, day: str | None = None) -> int:
    """The daily SKP reminder sweep; safe to run twice (the digest log is claimed before sending)."""
    from .reminders import appraisal_reminders_send

    try:
        return appraisal_reminders_send(day=date.fromisoformat(day) if day else timezone.localdate())
    except DatabaseError as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


@shared_task
def period_open_task(period_id: int, user_id: int) -> str:
    """Open an appraisal period (all SKPs or none) and leave the outcome on the period."""
    from .opening import period_open_run

    return period_open_run(period_id=period_id, user_id=user_id).opening_status
