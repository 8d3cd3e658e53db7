"""Daily digests (e-mail + in-app notification), shared by every app that reminds people.

Idempotent by construction: each (recipient, kind, day) is one `ReminderLog` row under a unique
constraint, and only the run whose conditional update flips it from pending to sending delivers it.
A rerun, a Celery retry or a second beat process therefore never sends twice.
"""

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .jobs import enqueue
from .models import Notification, ReminderLog, User

logger = logging.getLogger(__name__)
BATCH = 2000


@dataclass(frozen=True)
class DigestItem:
    text: str
    url: str = ""


def digest_body(*, name: str, intro: str, items: Sequence[DigestItem]) -> str:
    lines = [f"Yth. {name},", "", intro, ""]
    for item in items:
        lines.append(f"- {item.text}")
        if item.url:
            lines.append(f"  {settings.SITE_URL}{item.url}")
    lines += ["", "Salam,", "BKPSDM Kota Sorong — Sorong ASN", ""]
    return "\n".join(lines)


def digests_send(
    *,
    kind: str,
    day: date,
    digests: Mapping[int, Sequence[DigestItem]],
    subject: str,
    intro: str,
    url: str = "",
) -> int:
    """Send one digest per recipient (user id → items) for this kind and day; returns how many went out."""
    digests = {uid: items for uid, items in digests.items() if items}
    if not digests:
        return 0
    names = dict(
        (u.pk, u.get_full_name() or u.username)
        for u in User.objects.filter(pk__in=list(digests)).only("id", "first_name", "last_name", "username")
    )
    rows = [
        ReminderLog(
            recipient_id=uid,
            kind=kind,
            day=day,
            subject=subject,
            url=url,
            body=digest_body(name=names.get(uid, ""), intro=intro, items=items),
        )  # fmt: skip
        for uid, items in digests.items()
        if uid in names
    ]
    ReminderLog.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    token = uuid.uuid4().hex
    claimed = ReminderLog.objects.filter(kind=kind, day=day, status=ReminderLog.Status.PENDING).update(
        status=ReminderLog.Status.SENDING, claim=token
    )
    if not claimed:
        return 0
    return _deliver(ReminderLog.objects.filter(claim=token, status=ReminderLog.Status.SENDING))


def reminder_retry(*, log_id: int) -> bool:
    """Deliver a digest whose first send failed; claimed again so two retries cannot both send."""
    token = uuid.uuid4().hex
    if not ReminderLog.objects.filter(pk=log_id, status=ReminderLog.Status.FAILED).update(
        status=ReminderLog.Status.SENDING, claim=token
    ):
        return False
    return _deliver(ReminderLog.objects.filter(pk=log_id, claim=token), raise_errors=True) == 1


def _deliver(logs, raise_errors: bool = False) -> int:
    from .tasks import reminder_retry_task

    total, sent_ids, notifications = 0, [], []
    connection = get_connection(fail_silently=False)
    logs = logs.select_related("recipient").only(
        "id", "subject", "body", "url", "attempts", "recipient__email", "recipient__id"
    )
    for log in logs.iterator(chunk_size=BATCH):
        email = log.recipient.email
        try:
            if email:
                EmailMessage(log.subject, log.body, settings.DEFAULT_FROM_EMAIL, [email], connection=connection).send()
        except Exception as exc:  # any transport error: record it, retry later with backoff
            logger.warning("Digest %s to %s failed: %s", log.pk, email, exc)
            ReminderLog.objects.filter(pk=log.pk).update(
                status=ReminderLog.Status.FAILED, attempts=log.attempts + 1, error=str(exc)[:2000]
            )
            if raise_errors:
                raise
            enqueue(reminder_retry_task, log.pk, countdown=60)
            continue
        sent_ids.append(log.pk)
        notifications.append(Notification(recipient_id=log.recipient.pk, title=log.subject, body=log.body, url=log.url))
        if len(sent_ids) >= BATCH:
            total += _mark_sent(sent_ids, notifications)
            sent_ids, notifications = [], []
    return total + _mark_sent(sent_ids, notifications)


def _mark_sent(sent_ids, notifications) -> int:
    if not sent_ids:
        return 0
    with transaction.atomic():  # the log says sent only with the in-app notifications in place
        ReminderLog.objects.filter(pk__in=sent_ids).update(
            status=ReminderLog.Status.SENT, sent_at=timezone.now(), error=""
        )
        Notification.objects.bulk_create(notifications, batch_size=BATCH)
    return len(sent_ids)
