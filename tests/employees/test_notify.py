"""The central notification service: once per event, immediate e-mail or daily digest, the page and the bell."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from employees.models import Notification, OutgoingMail, ReminderLog, User
from employees.notify import mail_send, notification_digests_send, notify
from tests.conftest import wait_for

DAY = date(2026, 12, 1)


def immediate(user):
    User.objects.filter(pk=user.pk).update(email_mode=User.EmailMode.IMMEDIATE)


def tell(world, key="test.handoff:1", **extra):
    with_defaults = dict(title="Rencana SKP menunggu persetujuan Anda", url="/kinerja/skp/7/") | extra
    return notify(key=key, user_ids=[world.user_atasan.pk, world.user_pegawai.pk], **with_defaults)


def test_one_notification_per_recipient_and_event(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(world)
        tell(world)  # the same event again (a repeated subscriber call) adds nothing
    assert Notification.objects.filter(key="test.handoff:1").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        tell(world, key="test.handoff:2")
    assert Notification.objects.filter(recipient=world.user_atasan).count() == 2


def test_default_is_the_digest_so_no_mail_at_once(world, django_capture_on_commit_callbacks):
    assert world.user_atasan.email_mode == User.EmailMode.DIGEST
    with django_capture_on_commit_callbacks(execute=True):
        tell(world)
    assert mail.outbox == [] and not OutgoingMail.objects.exists()


def test_immediate_mail_once_per_event_html_and_text_with_absolute_link(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://asn.sorongkota.go.id"
    immediate(world.user_atasan)
    with django_capture_on_commit_callbacks(execute=True):
        tell(world)
        tell(world)
    (message,) = mail.outbox
    assert message.to == [world.user_atasan.email]
    assert message.subject == "Rencana SKP menunggu persetujuan Anda"
    assert "https://asn.sorongkota.go.id/kinerja/skp/7/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and 'href="https://asn.sorongkota.go.id/kinerja/skp/7/"' in html
    outgoing = OutgoingMail.objects.get()
    assert outgoing.status == OutgoingMail.Status.SENT
    assert mail_send(mail_id=outgoing.pk) is False  # a retried task sends nothing more
    assert len(mail.outbox) == 1
    # mailed at once: the digest leaves it out
    assert Notification.objects.get(recipient=world.user_atasan).mailed_at is not None


def test_digest_folds_unmailed_notifications_once_per_day(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(world)
        tell(world, key="test.handoff:2", title="SKP sudah disetujui", url="/kinerja/skp/8/")
    assert notification_digests_send(day=DAY) == 2
    message = next(m for m in mail.outbox if m.to == [world.user_pegawai.email])
    assert "- Rencana SKP menunggu persetujuan Anda" in message.body and "- SKP sudah disetujui" in message.body
    html = message.alternatives[0][0]
    assert 'href="http://testserver/kinerja/skp/8/"' in html or "/kinerja/skp/8/" in html
    assert Notification.objects.filter(mailed_at=None).count() == 0
    assert Notification.objects.count() == 4  # the digest adds no in-app copy of itself
    assert notification_digests_send(day=DAY) == 0  # a rerun sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        tell(world, key="test.handoff:3")
    assert notification_digests_send(day=DAY) == 0  # the day's digest has gone: tomorrow's has it
    assert notification_digests_send(day=date(2026, 12, 2)) == 2
    assert ReminderLog.objects.filter(kind="notifikasi").count() == 4


def test_bell_counts_unread_and_mark_all_read_is_post_only(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(world)
        tell(world, key="test.handoff:2")
    client.force_login(world.user_atasan)
    home = client.get(reverse("employees:unit-tree")).content.decode()
    assert 'id="unread-count">2<' in home
    assert client.get(reverse("employees:notification-read-all")).status_code == 405
    response = client.post(reverse("employees:notification-read-all"), follow=True)
    assert "2 notifikasi ditandai dibaca" in response.content.decode()
    assert not Notification.objects.filter(recipient=world.user_atasan, read_at=None).exists()
    assert Notification.objects.filter(recipient=world.user_pegawai, read_at=None).count() == 2  # others untouched


def test_each_user_chooses_the_email_mode(client, world):
    client.force_login(world.user_pegawai)
    page = client.get(reverse("employees:notification-settings")).content.decode()
    assert "Dalam ringkasan harian" in page and "Segera" in page
    client.post(reverse("employees:notification-settings"), {"email_mode": "immediate"})
    assert User.objects.get(pk=world.user_pegawai.pk).email_mode == User.EmailMode.IMMEDIATE
    response = client.post(reverse("employees:notification-settings"), {"email_mode": "sms"})
    assert response.status_code == 200 and "bukan salah satu dari pilihan" in response.content.decode().lower()
    assert User.objects.get(pk=world.user_pegawai.pk).email_mode == User.EmailMode.IMMEDIATE


def test_notification_pages_need_login(client):
    for name in ("employees:notification-list", "employees:notification-settings"):
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.celery_worker
def test_immediate_mail_goes_through_a_real_worker(celery_worker, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    immediate(world.user_atasan)
    tell(world)  # autocommit: the mail task is queued at once, the worker sends it
    assert wait_for(lambda: OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).exists())
    assert [m.to for m in mail.outbox] == [[world.user_atasan.email]]
    tell(world)  # the same event again: nothing more
    assert not wait_for(lambda: len(mail.outbox) > 1, timeout=3)
    assert OutgoingMail.objects.get().attempts == 1
