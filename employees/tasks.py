from celery import shared_task


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=3600)
def reminder_retry_task(self, log_id: int):
    """Retry a failed digest with exponential backoff."""
    from .reminders import reminder_retry

    try:
        reminder_retry(log_id=log_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


@shared_task
def import_job_run_task(job_id: int):
    """Commit a validated employee import (all rows or none)."""
    from .services import import_job_run

    import_job_run(job_id=job_id)
