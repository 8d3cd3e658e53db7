"""Hand-off notifications: whoever must act next hears of it at once, in the app and by e-mail.

Each feature app subscribes to its own domain events (`<app>/notifications.py`) and calls `notify` with the
recipients' user ids. `notify` writes one notification per recipient and event (the unique `key`), and
queues an e-mail for those who chose "segera"; everyone else finds it in the daily digest
(`notification_digests_send`). An e-mail is one `OutgoingMail` row under a unique key, claimed by a
conditional update before sending, so a repeated event, a retry or two workers never send it twice.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .jobs import enqueue
from .models import Notification, OutgoingMail, ReminderLog, User
from .reminders import NOTIFICATION_DIGEST, DigestItem, digests_send

logger = logging.getLogger(__name__)


def absolute(url: str) -> str:
    """A link that works from a mail client: the site address in front of a path."""
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def mail_render(*, name: str, title: str, body: str = "", url: str = "") -> tuple[str, str]:
    """(plain text, HTML) of a one-event e-mail in Indonesian."""
    context = {"name": name, "title": title, "body": body, "url": absolute(url) if url else ""}
    with translation.override("id"):
        return (
            render_to_string("emails/notification.txt", context),
            render_to_string("emails/notification.html", context),
        )


def mail_queue(*, key: str, to: str, subject: str, text: str, html: str = "") -> bool:
    """Queue one e-mail for this key; a key already used queues nothing new. True when one is pending."""
    if not to:
        return False
    OutgoingMail.objects.bulk_create(
        [OutgoingMail(key=key[:220], to=to, subject=subject[:200], text=text, html=html)], ignore_conflicts=True
    )
    mail = OutgoingMail.objects.filter(key=key[:220], status=OutgoingMail.Status.PENDING).only("pk").first()
    if mail is None:
        return False
    from .tasks import mail_send_task

    enqueue(mail_send_task, mail.pk)
    return True


def mail_send(*, mail_id: int) -> bool:
    """Send a queued e-mail once: only the call whose conditional update claims it sends it."""
    claimed = OutgoingMail.objects.filter(
        pk=mail_id, status__in=[OutgoingMail.Status.PENDING, OutgoingMail.Status.FAILED]
    ).update(status=OutgoingMail.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(mail.subject, mail.text, settings.DEFAULT_FROM_EMAIL, [mail.to])
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    try:
        message.send()
    except Exception as exc:  # transport error: recorded, the task retries with backoff
        OutgoingMail.objects.filter(pk=mail_id).update(status=OutgoingMail.Status.FAILED, error=str(exc)[:2000])
        raise
    OutgoingMail.objects.filter(pk=mail_id).update(status=OutgoingMail.Status.SENT, sent_at=timezone.now(), error="")
    return True


def notify(*, key: str, user_ids, title: str, body: str = "", url: str = "") -> int:
    """Tell these users of one event: an in-app notification each (once per user and key) and, for those
    who chose immediate e-mail, one e-mail each. Returns how many users were addressed."""
    ids = sorted({uid for uid in user_ids if uid})
    if not ids:
        return 0
    Notification.objects.bulk_create(
        [Notification(recipient_id=uid, key=key, title=title[:200], body=body, url=url) for uid in ids],
        ignore_conflicts=True,
    )
    immediate = User.objects.filter(pk__in=ids, is_active=True, email_mode=User.EmailMode.IMMEDIATE).exclude(email="")
    mailed = []
    for user in immediate.only("pk", "email", "first_name", "last_name", "username"):
        text, html = mail_render(name=user.get_full_name() or user.username, title=title, body=body, url=url)
        mail_queue(key=f"{key}:u{user.pk}", to=user.email, subject=title, text=text, html=html)
        mailed.append(user.pk)
    if mailed:  # these went out at once; the digest leaves them out
        Notification.objects.filter(key=key, recipient_id__in=mailed, mailed_at=None).update(mailed_at=timezone.now())
    return len(ids)


def notification_digests_send(*, day: date) -> int:
    """The daily digest of event notifications not yet mailed, for users who chose the digest.

    A user whose digest for `day` has already gone keeps the newer ones for the next day's digest."""
    already = ReminderLog.objects.filter(kind=NOTIFICATION_DIGEST, day=day).values("recipient_id")
    pending = (
        Notification.objects.filter(mailed_at=None, recipient__email_mode=User.EmailMode.DIGEST)
        .exclude(key="")
        .exclude(recipient_id__in=already)
        .order_by("recipient_id", "created_at")
        .values_list("pk", "recipient_id", "title", "url")
    )
    digests: dict[int, list] = {}
    pks = []
    for pk, uid, title, url in pending.iterator(chunk_size=2000):
        digests.setdefault(uid, []).append(DigestItem(title, url))
        pks.append(pk)
    if not pks:
        return 0
    with translation.override("id"):
        sent = digests_send(
            kind=NOTIFICATION_DIGEST,
            day=day,
            digests=digests,
            in_app=False,
            url=reverse("employees:notification-list"),
            subject=_("Ringkasan pemberitahuan Sorong ASN"),
            intro=_("Berikut pemberitahuan untuk Anda sejak ringkasan terakhir:"),
        )
    Notification.objects.filter(pk__in=pks, mailed_at=None).update(mailed_at=timezone.now())
    return sent
