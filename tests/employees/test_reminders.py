"""The shared digest mechanism: one e-mail and one notification per recipient, kind and day."""

from datetime import date

import pytest
from django.core import mail

from employees import reminders
from employees.models import Notification, ReminderLog
from employees.reminders import DigestItem, digests_send, reminder_retry
from tests.conftest import wait_for

DAY = date(2026, 11, 30)


def send(world, **extra):
    digests = {
        world.user_pegawai.pk: [DigestItem("Rencana SKP belum diajukan", "/kinerja/skp/1/")],
        world.user_atasan.pk: [DigestItem("2 rencana SKP menunggu persetujuan Anda")],
    }
    return digests_send(
        kind="skp", day=DAY, digests=digests, subject="Pengingat SKP", intro="Berikut tugas Anda:", **extra
    )


def test_digest_is_sent_once_per_recipient_and_day(world):
    assert send(world) == 2
    assert len(mail.outbox) == 2
    body = next(m.body for m in mail.outbox if m.to == [world.user_pegawai.email])
    assert "Rencana SKP belum diajukan" in body and "/kinerja/skp/1/" in body
    assert Notification.objects.filter(recipient=world.user_pegawai, read_at=None).count() == 1

    assert send(world) == 0  # a rerun the same day sends nothing
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.filter(status=ReminderLog.Status.SENT).count() == 2


def test_other_day_or_kind_is_a_new_digest(world):
    send(world)
    assert digests_send(kind="pelatihan", day=DAY, digests={world.user_pegawai.pk: [DigestItem("x")]},
                        subject="s", intro="i") == 1  # fmt: skip
    assert len(mail.outbox) == 3


def test_empty_digests_send_nothing(world):
    assert digests_send(kind="skp", day=DAY, digests={world.user_pegawai.pk: []}, subject="s", intro="i") == 0
    assert not ReminderLog.objects.exists()


def test_failed_send_is_logged_and_retried_once(world, settings, monkeypatch):
    from django.core.mail.backends import locmem

    def broken(self, messages):
        raise OSError("SMTP tidak tersedia")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", broken)
    assert send(world) == 0
    failed = ReminderLog.objects.filter(status=ReminderLog.Status.FAILED)
    assert failed.count() == 2 and "SMTP" in failed.first().error
    monkeypatch.undo()

    log = failed.first()
    assert reminder_retry(log_id=log.pk) is True
    assert reminder_retry(log_id=log.pk) is False  # already sent: a second retry does nothing
    assert len(mail.outbox) == 1
    log.refresh_from_db()
    assert log.status == ReminderLog.Status.SENT and log.attempts == 1


def test_a_large_sweep_is_claimed_at_once_and_delivered_in_chunks(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reminders, "INLINE_LIMIT", 1)
    monkeypatch.setattr(reminders, "CHUNK", 1)
    with django_capture_on_commit_callbacks() as queued:
        assert send(world) == 2  # both claimed and queued, none sent yet
    assert len(queued) == 2 and mail.outbox == []
    assert ReminderLog.objects.filter(status=ReminderLog.Status.SENDING).count() == 2
    assert not Notification.objects.exists()
    for callback in queued:  # what the workers do, one chunk each
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.user_pegawai.email, world.user_atasan.email])
    html = next(m for m in mail.outbox if m.to == [world.user_pegawai.email]).alternatives[0][0]
    assert 'href="http' in html and "/kinerja/skp/1/" in html  # drawn from the stored lines on the worker
    assert ReminderLog.objects.filter(status=ReminderLog.Status.SENT).count() == 2
    assert Notification.objects.count() == 2
    assert send(world) == 0 and len(mail.outbox) == 2  # the same day again: nothing


def test_a_digest_text_with_tabs_and_backslashes_is_stored_as_typed(world, monkeypatch):
    monkeypatch.setattr(reminders, "INLINE_LIMIT", 0)
    text = "Tab\there, baris\nbaru, garis \\N miring \\ dan 'kutip'"
    digests_send(kind="skp", day=DAY, digests={world.user_pegawai.pk: [DigestItem(text, "/x/")]},
                 subject="s", intro="i")  # fmt: skip
    log = ReminderLog.objects.get()
    assert text in log.body and log.items["lines"] == [[text, "/x/"]]


@pytest.mark.celery_worker
def test_a_large_sweep_goes_through_a_real_worker(celery_worker, world, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(reminders, "INLINE_LIMIT", 1)
    assert send(world) == 2  # autocommit: the chunk is queued at once, the worker sends it
    assert wait_for(lambda: ReminderLog.objects.filter(status=ReminderLog.Status.SENT).count() == 2)
    assert len(mail.outbox) == 2 and Notification.objects.count() == 2
