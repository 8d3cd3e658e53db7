from datetime import date

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone


@shared_task(bind=True, max_retries=5)
def training_reminders_task(self, day: str | None = None) -> int:
    """The daily training reminder sweep; safe to run twice (the digest log is claimed before sending)."""
    from .reminders import training_reminders_send

    try:
        return training_reminders_send(day=date.fromisoformat(day) if day else timezone.localdate())
    except DatabaseError as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


@shared_task(bind=True, max_retries=3)
def jp_ledger_rebuild_task(self) -> int:
    """Nightly: recompute the JP ledger from every source (catches edits made outside the services)."""
    from .ledger import jp_rebuild

    try:
        return jp_rebuild()
    except DatabaseError as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
