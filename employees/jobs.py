"""Durable background work: `enqueue` instead of `transaction.on_commit(lambda: task.delay(...))`.

`enqueue(task, *args)` writes a `Job` row in the caller's transaction and sends it to the broker once
that transaction commits. If the broker cannot be reached the committed action still succeeds: the row
stays "waiting", pages say the work starts when the worker is back, and `jobs_sweep` (every minute from
beat, when a worker starts, and `manage.py jobs_sweep`) sends it again. The worker claims the row with a
conditional update before running the task, so a job queued twice or delivered twice runs once. A
worker killed mid-job leaves the row "running"; after `JOBS_STALE_AFTER` the sweep retries it or, out of
attempts, marks it failed with the reason. Arguments must be JSON values (ids, strings), never models.
"""

import hashlib
import json
import logging
import time
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .events import publish
from .job_models import Heartbeat, Job

logger = logging.getLogger(__name__)

WAITING_MESSAGE = _(
    "Pekerjaan ini sudah tercatat, tetapi worker latar belakang sedang tidak dapat dihubungi; "
    "pekerjaan akan dimulai otomatis begitu worker berjalan lagi."
)
JOB_FAILED = "employees.job_failed"  # event: a job gave up for good (payload: task, args, kwargs)
GAVE_UP = _("pekerjaan latar belakang gagal berulang kali. Coba lagi; hubungi admin bila berulang.")
SWEEP_BATCH = 500
INTERRUPTED = _("worker berhenti di tengah pekerjaan (mati atau dimatikan); datanya tetap seperti sebelumnya.")
SYSTEM_ERROR = _("kesalahan sistem. Hubungi admin bila berulang.")
WARN_EVERY = 60.0  # seconds between two "broker unreachable" warnings
_warned_at = [-WARN_EVERY]


def failure_reason(exc: Exception) -> str:
    """What a job's page says when its work raised: our own Indonesian refusal, or a general sentence (the
    details of anything else are for the log, not the page)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return str(exc)
    return str(SYSTEM_ERROR)


def stale_after() -> timedelta:
    """How long a job may stay "running" before its worker is taken for dead."""
    return timedelta(seconds=settings.JOBS_STALE_AFTER)


def job_key(task_name: str, args, kwargs) -> str:
    """Same task with the same arguments = same job while one is active."""
    payload = json.dumps([task_name, list(args), kwargs], sort_keys=True, default=str)
    return f"{task_name[:120]}:{hashlib.sha256(payload.encode()).hexdigest()[:40]}"


def enqueue(task, *args, countdown: int | None = None, unique_key: str | None = None, **kwargs) -> Job:
    """Record a call of `task` in the current transaction; send it to the worker once it commits.

    Returns the job (an already active job with the same key, if there is one). Never raises because
    the broker is down."""
    key = unique_key or job_key(task.name, args, kwargs)
    job = Job(
        task=task.name, args=list(args), kwargs=kwargs, key=key, created_by=_request_user(),
        max_attempts=1 + (task.max_retries if task.max_retries is not None else 3),
        run_after=timezone.now() + timedelta(seconds=countdown) if countdown else None,
    )  # fmt: skip
    Job.objects.bulk_create([job], ignore_conflicts=True)  # the unique key: queued twice, one row
    job = Job.objects.filter(key=key, status__in=Job.ACTIVE).first() or job
    if job.pk:
        transaction.on_commit(lambda: job_send(job_id=job.pk, countdown=countdown))
    return job


def job_waiting(key: str) -> bool:
    """Whether the job with this key waits for the worker (its page then says it starts once the worker is back)."""
    return Job.objects.filter(key=key, status=Job.Status.WAITING).exists()


def _request_user():
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def job_send(*, job_id: int, countdown: int | None = None) -> bool:
    """Hand a waiting job to the broker; False (job still waiting) when the broker cannot be reached."""
    from .tasks import job_run_task

    stamp = timezone.now()
    if not Job.objects.filter(pk=job_id, status=Job.Status.WAITING).update(status=Job.Status.QUEUED, queued_at=stamp):
        return True  # already with the broker, running or finished: nothing to send
    try:
        job_run_task.apply_async(args=[job_id], countdown=countdown, retry=False)
    except Exception as exc:
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED, queued_at=stamp).update(
            status=Job.Status.WAITING, queued_at=None
        )
        now = time.monotonic()
        if now - _warned_at[0] >= WARN_EVERY:
            _warned_at[0] = now
            logger.warning("Broker tidak dapat dihubungi (%s); pekerjaan %s menunggu.", exc, job_id)
        return False
    return True


def job_run(*, job_id: int) -> bool:
    """The worker's side: claim the job (once), run its task, record the outcome. True when it ran."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status__in=[Job.Status.WAITING, Job.Status.QUEUED]).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=now, finished_at=None
    )
    if not claimed:
        return False  # already run, running or failed: a second delivery does nothing
    job = Job.objects.get(pk=job_id)
    task = current_app.tasks.get(job.task)
    try:
        if task is None:
            raise LookupError(f"tugas {job.task} tidak dikenal oleh worker ini")
        task(*job.args, **job.kwargs)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.task)
        job_give_up_or_retry(job=job, reason=f"{type(exc).__name__}: {exc}"[:1000])
        return True
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, started_at=now).update(
        status=Job.Status.DONE, finished_at=timezone.now(), last_error=""
    )
    return True


def job_give_up_or_retry(*, job: Job, reason: str) -> str:
    """After a failed or interrupted attempt: wait and retry with backoff, or fail for good."""
    now = timezone.now()
    running = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, started_at=job.started_at)
    facts = {"attempts": job.attempts, "reason": reason}
    if job.attempts < job.max_attempts:
        delay = timedelta(minutes=2 ** (job.attempts - 1))
        running.update(
            status=Job.Status.WAITING, run_after=now + delay, queued_at=None,
            last_error=_("Percobaan ke-%(attempts)s gagal, diulang otomatis: %(reason)s") % facts,
        )  # fmt: skip
        return Job.Status.WAITING
    if running.update(
        status=Job.Status.FAILED, finished_at=now,
        last_error=_("Gagal setelah %(attempts)s percobaan; tidak ada yang berubah oleh percobaan terakhir: "
                     "%(reason)s") % facts,
    ):  # fmt: skip
        # the object the job worked on (an import, a ranking) shows it failed instead of waiting for ever
        publish(JOB_FAILED, task=job.task, args=list(job.args), kwargs=dict(job.kwargs))
    return Job.Status.FAILED


def job_retry(*, job: Job) -> bool:
    """HR's "ulangi" in the admin: a failed job waits again with fresh attempts and is sent at once."""
    changed = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.WAITING, attempts=0, run_after=None, queued_at=None, started_at=None, finished_at=None
    )
    if changed:
        transaction.on_commit(lambda: job_send(job_id=job.pk))
    return bool(changed)


def jobs_sweep() -> dict[str, int]:
    """Retry jobs whose worker died, resend jobs the broker lost or never got. Safe to run anywhere, often."""
    now = timezone.now()
    interrupted = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=now - stale_after()):
        job_give_up_or_retry(job=job, reason=INTERRUPTED)
        interrupted += 1
    # a message the broker lost (Redis restarted empty) is sent again; the claim stops a double run
    Job.objects.filter(status=Job.Status.QUEUED, queued_at__lt=now - stale_after()).filter(
        Q(run_after__isnull=True) | Q(run_after__lt=now - stale_after())
    ).update(status=Job.Status.WAITING, queued_at=None)
    due = Job.objects.filter(status=Job.Status.WAITING).filter(Q(run_after__isnull=True) | Q(run_after__lte=now))
    sent = 0
    for pk in due.order_by("created_at").values_list("pk", flat=True)[:SWEEP_BATCH]:
        if not job_send(job_id=pk):
            break  # the broker is down: the next sweep tries again
        sent += 1
    return {"interrupted": interrupted, "sent": sent}


def heartbeat_record(name: str, *, every: int = 0) -> None:
    """Note that `name` (beat, worker) is alive; at most one write per `every` seconds."""
    now = timezone.now()
    if (
        not Heartbeat.objects.filter(name=name)
        .filter(Q(at__isnull=True) | Q(at__lte=now - timedelta(seconds=every)))
        .update(at=now)
    ):
        Heartbeat.objects.get_or_create(name=name, defaults={"at": now})
