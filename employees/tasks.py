import logging

from celery import shared_task
from celery.signals import task_postrun, worker_ready

logger = logging.getLogger(__name__)


@shared_task(max_retries=5)
def reminder_retry_task(log_id: int):
    """Retry a failed digest; queued through `enqueue`, whose job retries it with backoff while it raises."""
    from .reminders import reminder_retry

    reminder_retry(log_id=log_id)


@shared_task(max_retries=5)
def reminder_deliver_task(token: str, first_id: int, last_id: int, in_app: bool = True):
    """Send one chunk of a large digest sweep; queued through `enqueue`, retried by its job while it raises."""
    from .reminders import reminder_deliver

    return reminder_deliver(token=token, first_id=first_id, last_id=last_id, in_app=in_app)


@shared_task
def import_job_run_task(job_id: int):
    """Commit a validated employee import (all rows or none)."""
    from .services import import_job_run

    import_job_run(job_id=job_id)


@shared_task(acks_late=True)
def job_run_task(job_id: int):
    """Run one recorded job (see `employees.jobs`); a second delivery of the same job does nothing."""
    from .jobs import job_run

    job_run(job_id=job_id)


@shared_task
def jobs_sweep_task():
    """Beat's tick every minute: note that beat is alive, then send whatever is waiting."""
    from .job_models import Heartbeat
    from .jobs import heartbeat_record, jobs_sweep

    heartbeat_record(Heartbeat.BEAT)
    return jobs_sweep()


@worker_ready.connect
def _sweep_on_worker_start(sender=None, **kwargs):
    """A worker that (re)starts picks up what waited while it was away."""
    from .jobs import jobs_sweep

    try:
        jobs_sweep()
    except Exception:  # the worker must start even if the database is not reachable yet
        logger.exception("Sweep on worker start failed")


@task_postrun.connect
def _worker_heartbeat(sender=None, **kwargs):
    """The health page shows how long ago the worker last finished a task (not for in-process runs)."""
    if sender is None or getattr(sender.request, "is_eager", False) or getattr(sender.request, "called_directly", True):
        return
    from .job_models import Heartbeat
    from .jobs import heartbeat_record

    try:
        heartbeat_record(Heartbeat.WORKER, every=10)
    except Exception:
        logger.exception("Worker heartbeat not recorded")


@shared_task(max_retries=6)
def mail_send_task(mail_id: int):
    """Send one queued e-mail; queued through `enqueue`, whose job retries it with backoff while it raises."""
    from .notify import mail_send

    mail_send(mail_id=mail_id)


@shared_task
def notification_digests_task(day: str | None = None) -> int:
    """The daily digest of notifications for users who chose it; safe to run twice."""
    from datetime import date

    from django.utils import timezone

    from .notify import notification_digests_send

    return notification_digests_send(day=date.fromisoformat(day) if day else timezone.localdate())
