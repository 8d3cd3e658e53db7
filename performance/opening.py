"""Opening an appraisal period as a background job: queued once from the page, run on a Celery worker.

Opening creates one SKP per active employee (14 s at 100,000 employees, past gunicorn's timeout), so the
request only queues it. The conditional update on `opening_status` is the lock against a double click;
the worker runs `periods.period_open` in one transaction, so a failure leaves the period a draft with
nothing created and says why on the period page.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.jobs import enqueue, failure_reason
from employees.models import User

from . import periods
from .models import AppraisalPeriod, JobStatus

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=30)  # a worker that died mid-run does not block the period for ever


def period_open_queue(*, period: AppraisalPeriod, by: User) -> bool:
    """HR asks for the period to be opened; False when it is already open or a run is under way."""
    if not by.is_hr:
        raise PermissionDenied(_("Hanya petugas BKPSDM yang boleh membuka periode penilaian."))
    now = timezone.now()
    busy = Q(opening_status__in=[JobStatus.QUEUED, JobStatus.RUNNING], opening_started_at__gt=now - STALE_AFTER)
    changed = (
        AppraisalPeriod.objects.filter(pk=period.pk, status=AppraisalPeriod.Status.DRAFT)
        .exclude(busy)
        .update(opening_status=JobStatus.QUEUED, opening_message="", opening_started_at=now)
    )
    if changed:
        from .tasks import period_open_task

        enqueue(period_open_task, period.pk, by.pk, unique_key=period_open_key(period.pk))
    return bool(changed)


def period_open_key(period_id: int) -> str:
    return f"performance.opening:{period_id}"


def period_open_run(*, period_id: int, user_id: int) -> AppraisalPeriod:
    """The worker's side: open all or nothing and leave the outcome on the period for its page."""
    # "running" too: a retry after a worker died mid-run (the job row's claim stops a double run)
    if not AppraisalPeriod.objects.filter(
        pk=period_id, opening_status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).update(opening_status=JobStatus.RUNNING, opening_message=_("Membuat SKP untuk setiap pegawai aktif…")):
        return AppraisalPeriod.objects.get(pk=period_id)  # finished, failed or never queued
    try:
        count = periods.period_open(period=AppraisalPeriod.objects.get(pk=period_id), by=User.objects.get(pk=user_id))
    except Exception as exc:
        logger.exception("opening period %s failed", period_id)
        reason = failure_reason(exc)
        AppraisalPeriod.objects.filter(pk=period_id).update(
            opening_status=JobStatus.FAILED,
            opening_message=(_("Pembukaan periode gagal, tidak ada yang berubah: %(reason)s") % {"reason": reason})[
                :500
            ],
        )
    else:
        AppraisalPeriod.objects.filter(pk=period_id).update(
            opening_status=JobStatus.DONE,
            opening_message=_("Periode dibuka: %(n)s SKP dibuat.") % {"n": count},
        )
    return AppraisalPeriod.objects.get(pk=period_id)
