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
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .bulk import rows_insert
from .jobs import enqueue
from .models import Notification, ReminderLog, User

logger = logging.getLogger(__name__)
BATCH = 2000
INLINE_LIMIT = 200  # a sweep up to this size is delivered at once; a larger one by the workers
CHUNK = 500  # digests per delivery job
LOG_COLUMNS = ("recipient_id", "kind", "day", "status", "claim", "subject", "body", "html", "items", "url", "attempts",
               "error", "created_at")  # fmt: skip
NOTIFICATION_DIGEST = "notifikasi"  # the digest of event notifications: already in the app, mail only


@dataclass(frozen=True)
class DigestItem:
    text: str
    url: str = ""


def digest_body(*, name: str, intro: str, items: Sequence[DigestItem]) -> str:
    """The digest as plain text, without addresses: the page and the HTML part carry the links."""
    lines = [f"Yth. {name},", "", intro, ""]
    lines += [f"- {item.text}" for item in items]
    lines += ["", "Salam,", "BKPSDM Kota Sorong — Sorong ASN", ""]
    return "\n".join(lines)


def digest_html(*, name: str, intro: str, items: Sequence[DigestItem], url: str) -> str:
    """The digest as HTML: each item links to its own page, with absolute addresses from SITE_URL."""
    site = settings.SITE_URL
    links = [(item.text, f"{site}{item.url}" if item.url else "") for item in items]
    context = {"name": name, "intro": intro, "items": links, "url": f"{site}{url}" if url else ""}
    return render_to_string("emails/digest.html", context)


def _mail_text(log) -> str:
    if not log.url:
        return log.body
    return f"{log.body}\nBuka Sorong ASN: {settings.SITE_URL}{log.url}\n"


def digests_send(
    *,
    kind: str,
    day: date,
    digests: Mapping[int, Sequence[DigestItem]],
    subject: str,
    intro: str,
    url: str = "",
    in_app: bool = True,
) -> int:
    """Send one digest per recipient (user id → items) for this kind and day; returns how many were sent, or
    queued for the workers when there are more than `INLINE_LIMIT`.

    Each digest's "Buka" goes to the page of its first item (the team list for an evaluator, the approval
    list for an approver), else to `url`. `in_app` adds the digest to the recipient's notifications."""
    digests = {uid: items for uid, items in digests.items() if items}
    if not digests:
        return 0
    names = {  # as User.get_full_name, without a model instance per recipient
        pk: f"{first} {last}".strip() or username
        for pk, first, last, username in User.objects.filter(pk__in=list(digests)).values_list(
            "id", "first_name", "last_name", "username"
        )
    }
    token, now, sending = uuid.uuid4().hex, timezone.now(), ReminderLog.Status.SENDING
    rows = []
    for uid, items in digests.items():
        if uid not in names:
            continue
        link = next((item.url for item in items if item.url), url)
        body = digest_body(name=names[uid], intro=intro, items=items)
        lines = {"intro": intro, "lines": [[item.text, item.url] for item in items]}
        rows.append((uid, kind, day, sending, token, subject, body, "", lines, link, 0, "", now))
    with transaction.atomic():  # the claim and the delivery jobs of a large sweep stand or fall together
        # Inserted already claimed by this run; a digest that exists (sent, or claimed by another run) is
        # left alone, and one still pending from an earlier run is claimed here too.
        rows_insert(ReminderLog, LOG_COLUMNS, rows, ignore_conflicts=True)
        ReminderLog.objects.filter(kind=kind, day=day, status=ReminderLog.Status.PENDING).update(
            status=ReminderLog.Status.SENDING, claim=token
        )
        claimed = ReminderLog.objects.filter(claim=token).count()
        if claimed > INLINE_LIMIT:
            _queue_delivery(token, in_app)
            return claimed
    if not claimed:
        return 0
    return _deliver(ReminderLog.objects.filter(claim=token, status=ReminderLog.Status.SENDING), in_app=in_app)


def _queue_delivery(token: str, in_app: bool) -> None:
    """Building a MIME message takes about a millisecond: 17,000 digests are split into chunks that the
    workers send side by side, each over one SMTP connection."""
    from .tasks import reminder_deliver_task

    ids = list(ReminderLog.objects.filter(claim=token).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        enqueue(reminder_deliver_task, token, chunk[0], chunk[-1], in_app)


def reminder_deliver(*, token: str, first_id: int, last_id: int, in_app: bool) -> int:
    """A worker's share of a large sweep: the claimed digests with ids in [first_id, last_id] not yet sent."""
    logs = ReminderLog.objects.filter(claim=token, status=ReminderLog.Status.SENDING, pk__gte=first_id, pk__lte=last_id)
    return _deliver(logs, in_app=in_app)


def reminder_retry(*, log_id: int) -> bool:
    """Deliver a digest whose first send failed; claimed again so two retries cannot both send."""
    token = uuid.uuid4().hex
    if not ReminderLog.objects.filter(pk=log_id, status=ReminderLog.Status.FAILED).update(
        status=ReminderLog.Status.SENDING, claim=token
    ):
        return False
    logs = ReminderLog.objects.filter(pk=log_id, claim=token)
    return _deliver(logs, raise_errors=True, in_app=not logs.filter(kind=NOTIFICATION_DIGEST).exists()) == 1


def _deliver(logs, raise_errors: bool = False, in_app: bool = True) -> int:
    connection = get_connection(fail_silently=False)
    try:
        connection.open()  # one SMTP session for the whole chunk, not one per message
    except Exception as exc:  # each send below then fails and is recorded for retry
        logger.warning("Mail server unreachable: %s", exc)
    try:
        return _send_each(logs, connection, raise_errors=raise_errors, in_app=in_app)
    finally:
        try:
            connection.close()
        except Exception:  # closing a dead session: nothing left to do
            pass


def _send_each(logs, connection, *, raise_errors: bool, in_app: bool) -> int:
    from .tasks import reminder_retry_task

    total, sent_ids, notifications = 0, [], []
    logs = logs.select_related("recipient").only(
        "id", "subject", "body", "html", "items", "url", "attempts", "recipient__email", "recipient__id",
        "recipient__first_name", "recipient__last_name", "recipient__username",
    )  # fmt: skip
    for log in logs.iterator(chunk_size=BATCH):
        email = log.recipient.email
        try:
            if email:
                message = EmailMultiAlternatives(
                    log.subject, _mail_text(log), settings.DEFAULT_FROM_EMAIL, [email], connection=connection
                )
                html = log.html or _log_html(log)
                if html:
                    message.attach_alternative(html, "text/html")
                message.send()
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
        if in_app:
            notifications.append(
                Notification(recipient_id=log.recipient.pk, title=log.subject, body=log.body, url=log.url)
            )
        if len(sent_ids) >= BATCH:
            total += _mark_sent(sent_ids, notifications)
            sent_ids, notifications = [], []
    return total + _mark_sent(sent_ids, notifications)


def _log_html(log) -> str:
    if not log.items:
        return ""
    user = log.recipient
    items = [DigestItem(text, link) for text, link in log.items["lines"]]
    return digest_html(name=user.get_full_name() or user.username, intro=log.items["intro"], items=items, url=log.url)


def _mark_sent(sent_ids, notifications) -> int:
    if not sent_ids:
        return 0
    with transaction.atomic():  # the log says sent only with the in-app notifications in place
        ReminderLog.objects.filter(pk__in=sent_ids).update(
            status=ReminderLog.Status.SENT, sent_at=timezone.now(), error=""
        )
        Notification.objects.bulk_create(notifications, batch_size=BATCH)
    return len(sent_ids)
