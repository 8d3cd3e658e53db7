"""The daily SKP sweep: one digest per person and day, escalation to the head, idempotent, real worker."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from employees.models import Notification, ReminderLog
from performance import reminders, services
from tests.conftest import wait_for

from .conftest import YEAR, add_goal, appraisal_of, drive

NEAR = date(YEAR, 1, 28)  # plan due 31 January: within 7 days
LATE = date(YEAR, 2, 10)  # 10 days after: escalated to the head


def body_for(user):
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    return message.body


def test_near_deadline_reminds_employee_and_evaluator_once(world, period):
    appraisal_pegawai2 = appraisal_of(period, world.pegawai2)
    add_goal(appraisal_pegawai2, world.user_pegawai2)
    services.appraisal_submit_plan(appraisal=appraisal_pegawai2, by=world.user_pegawai2)
    sent = reminders.appraisal_reminders_send(day=NEAR)
    assert "Rencana SKP 2026 belum diajukan (batas 31 Januari 2026)" in body_for(world.user_pegawai)
    assert "/kinerja/skp/" in body_for(world.user_pegawai)
    assert "1 rencana SKP menunggu persetujuan Anda" in body_for(world.user_atasan)
    assert not [m for m in mail.outbox if m.to == [world.user_pegawai2.email]]  # nothing left to do
    assert sent == len(mail.outbox)
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert Notification.objects.filter(recipient=world.user_pegawai).count() == 1
    assert reminders.appraisal_reminders_send(day=NEAR) == 0
    assert len(mail.outbox) == sent


def test_overdue_more_than_a_week_goes_to_the_department_head(world, period):
    reminders.appraisal_reminders_send(day=LATE)
    assert "terlambat, batas 31 Januari 2026" in body_for(world.user_pegawai)
    head = body_for(world.user_kepala)
    assert "Perangkat daerah Anda: 4 rencana SKP belum diajukan, terlambat lebih dari 7 hari" in head
    assert "Rencana SKP 2026 belum diajukan" in head  # the head's own SKP too, in the same digest
    assert len([m for m in mail.outbox if m.to == [world.user_kepala.email]]) == 1


def test_nothing_far_from_a_deadline(world, period):
    assert reminders.appraisal_reminders_send(day=date(YEAR, 1, 2)) == 0


def test_later_stages_remind_approver_and_evaluator(world, period):
    drive(world, appraisal_of(period, world.pegawai), "evaluated")
    drive(world, appraisal_of(period, world.pegawai2), "self_assessed")
    day = date(YEAR + 1, 1, 25)
    reminders.appraisal_reminders_send(day=day)
    assert "1 SKP menunggu persetujuan Anda (batas 31 Januari 2027)" in body_for(world.user_kepala)
    assert "1 SKP menunggu penilaian tahunan Anda (terlambat" in body_for(world.user_atasan)


def test_periodic_realisation_and_rating_reminders(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "plan_approved")
    reminders.appraisal_reminders_send(day=date(YEAR, 4, 1))
    assert "Realisasi Triwulan 1 belum dicatat (batas 5 April 2026)" in body_for(world.user_pegawai)
    window = period.windows.get(number=1)
    services.realisation_record(appraisal=appraisal, window=window, by=world.user_pegawai, realisation="ok")
    mail.outbox.clear()
    reminders.appraisal_reminders_send(day=date(YEAR, 4, 4))
    assert "1 realisasi periodik menunggu penilaian Anda" in body_for(world.user_atasan)


def test_command_runs_the_same_sweep(world, period, capsys):
    call_command("send_appraisal_reminders", "--date", NEAR.isoformat())
    assert "ringkasan terkirim" in capsys.readouterr().out
    assert ReminderLog.objects.filter(kind="kinerja", day=NEAR).exists()


def test_beat_schedule_is_in_the_database(db):
    task = PeriodicTask.objects.get(task="performance.tasks.appraisal_reminders_task")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("8", "0", "Asia/Jayapura")


@pytest.mark.celery_worker
def test_sweep_through_a_real_worker_sends_once(celery_worker, world, period):
    from performance.tasks import appraisal_reminders_task

    appraisal_reminders_task.delay(NEAR.isoformat())
    assert wait_for(lambda: ReminderLog.objects.filter(kind="kinerja", day=NEAR, status="sent").exists()), \
        "the worker did not send within the timeout"  # fmt: skip
    assert wait_for(lambda: not ReminderLog.objects.exclude(status="sent").exists())
    first = len(mail.outbox)
    assert first == ReminderLog.objects.filter(status="sent").count() >= 2
    assert any(m.to == [world.user_pegawai.email] for m in mail.outbox)

    appraisal_reminders_task.delay(NEAR.isoformat())
    # a later day queued after the rerun: once it is sent, the solo worker has processed the rerun too
    marker = date(YEAR, 1, 29)
    appraisal_reminders_task.delay(marker.isoformat())
    assert wait_for(lambda: ReminderLog.objects.filter(day=marker, status="sent").exists())
    near_mails = [m for m in mail.outbox if "28 Januari 2026" in m.subject]
    assert len(near_mails) == first
    assert ReminderLog.objects.filter(day=NEAR).count() == first


def test_digest_opens_the_page_of_the_work_and_shows_no_raw_addresses(world, period, settings):
    from django.urls import reverse

    settings.SITE_URL = "https://asn.sorongkota.go.id"
    appraisal = appraisal_of(period, world.pegawai2)
    add_goal(appraisal, world.user_pegawai2)
    services.appraisal_submit_plan(appraisal=appraisal, by=world.user_pegawai2)
    reminders.appraisal_reminders_send(day=NEAR)
    note = Notification.objects.get(recipient=world.user_atasan)
    assert note.url.startswith(reverse("performance:team-list"))  # "Buka" goes to the team list, not /kinerja/
    assert "http" not in note.body and "/kinerja/" not in note.body
    (message,) = [m for m in mail.outbox if m.to == [world.user_atasan.email]]
    html = message.alternatives[0][0]
    assert 'href="https://asn.sorongkota.go.id/kinerja/tim/?status=plan_submitted"' in html
