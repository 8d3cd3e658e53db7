"""The shared digest mechanism: one e-mail and one notification per recipient, kind and day."""

from datetime import date

from django.core import mail

from employees.models import Notification, ReminderLog
from employees.reminders import DigestItem, digests_send, reminder_retry

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
