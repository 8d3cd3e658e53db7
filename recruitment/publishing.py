"""Publishing an announcement as a background job: queued once from the round page, run on a Celery worker.

Freezing every result of a round into the announcement takes seconds at 100,000 applications, so the
request only queues it. The conditional update on `publish_status` is the lock against a double click;
the worker runs `services.announcement_publish` in one transaction, so a failure publishes nothing and
says why on the round page.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.jobs import enqueue, failure_reason
from employees.models import User

from . import services
from .models import Announcement, RankingStatus, SelectionRound

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=30)  # a worker that died mid-run does not block the round for ever


def announcement_publish_queue(*, rnd: SelectionRound, stage: str, note: str, by: User) -> bool:
    """HR asks for the results to be published; False while another publication of this round runs."""
    if by is None or not by.is_hr:
        raise PermissionDenied(_("Hanya petugas BKPSDM yang boleh mengelola seleksi."))
    if stage not in Announcement.Stage.values:
        raise ValidationError(_("Tahap pengumuman tidak dikenal."))
    now = timezone.now()
    busy = Q(publish_status__in=[RankingStatus.QUEUED, RankingStatus.RUNNING], publish_started_at__gt=now - STALE_AFTER)
    changed = (
        SelectionRound.objects.filter(pk=rnd.pk)
        .exclude(busy)
        .update(publish_status=RankingStatus.QUEUED, publish_message="", publish_started_at=now, publish_number=None)
    )
    if changed:
        from .tasks import announcement_publish_task

        enqueue(announcement_publish_task, rnd.pk, stage, note, by.pk, unique_key=publish_key(rnd.pk))
    return bool(changed)


def publish_key(round_id: int) -> str:
    return f"recruitment.publish:{round_id}"


def announcement_publish_run(*, round_id: int, stage: str, note: str, user_id: int) -> SelectionRound:
    """The worker's side: publish all or nothing and leave the outcome on the round for its page."""
    # "running" too: a retry after a worker died mid-run (the job row's claim stops a double run)
    busy = [RankingStatus.QUEUED, RankingStatus.RUNNING]
    if not SelectionRound.objects.filter(pk=round_id, publish_status__in=busy).update(
        publish_status=RankingStatus.RUNNING, publish_message=_("Membekukan hasil seleksi…")
    ):
        return SelectionRound.objects.get(pk=round_id)  # finished, failed or never queued
    try:
        announcement = services.announcement_publish(
            rnd=SelectionRound.objects.get(pk=round_id), stage=stage, by=User.objects.get(pk=user_id), note=note
        )
    except Exception as exc:
        logger.exception("publishing round %s failed", round_id)
        reason = failure_reason(exc)
        SelectionRound.objects.filter(pk=round_id).update(
            publish_status=RankingStatus.FAILED,
            publish_message=(_("Penerbitan gagal, tidak ada yang diumumkan: %(reason)s") % {"reason": reason})[:500],
        )
    else:
        SelectionRound.objects.filter(pk=round_id).update(
            publish_status=RankingStatus.DONE, publish_number=announcement.number,
            publish_message=(_("Pengumuman No. %(number)s diterbitkan: %(title)s")
                             % {"number": announcement.number, "title": announcement.title})[:500],
        )  # fmt: skip
    return SelectionRound.objects.get(pk=round_id)
