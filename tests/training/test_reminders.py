import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from employees.models import ReminderLog
from tests.factories import EmployeeFactory, UserFactory
from training.models import Enrollment
from training.reminders import training_digests, training_reminders_send
from training.tasks import training_reminders_task

DAY = datetime.date(2026, 11, 16)  # a Monday in the last quarter


@pytest.fixture
def setup(world, make_session):
    soon = make_session(start=DAY + datetime.timedelta(days=2), registration_deadline=DAY)
    Enrollment.objects.create(
        session=soon, employee=world.pegawai, origin="hr", nominated_by=world.hr, status="approved"
    )
    later = make_session(
        start=DAY + datetime.timedelta(days=20), registration_deadline=DAY + datetime.timedelta(days=5)
    )
    old = Enrollment.objects.create(session=later, employee=world.pegawai2, origin="hr", nominated_by=world.hr)
    Enrollment.objects.filter(pk=old.pk).update(created_at=datetime.datetime(2026, 11, 10, tzinfo=datetime.UTC))
    Enrollment.objects.create(session=later, employee=world.atasan, origin="hr", nominated_by=world.hr)  # fresh
    return soon


def test_digest_items_per_person(world, setup):
    digests = training_digests(day=DAY)
    pegawai = [i.text for i in digests[world.user_pegawai.pk]]
    assert any("dimulai 18 November 2026" in t for t in pegawai)
    assert any("kurang 20 JP" in t for t in pegawai)
    kepala = [i.text for i in digests[world.user_kepala.pk]]
    assert "1 usulan pelatihan menunggu keputusan Anda lebih dari 3 hari." in kepala
    assert any("PNS di perangkat daerah Anda masih di bawah 20 JP" in t for t in kepala)
    assert world.hr.pk not in digests  # no employee record, nothing pending for HR


def test_no_jp_reminders_before_october(world, setup):
    digests = training_digests(day=datetime.date(2026, 6, 1))
    assert not any("JP" in i.text for items in digests.values() for i in items)


def test_send_is_one_digest_per_person_and_idempotent(world, setup):
    sent = training_reminders_send(day=DAY)
    assert sent == len(mail.outbox) > 0
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients))
    assert "pegawai@sorongkota.go.id" in recipients
    assert training_reminders_send(day=DAY) == 0
    assert len(mail.outbox) == sent
    assert ReminderLog.objects.filter(kind="training", day=DAY).count() == sent
    assert world.user_pegawai.notifications.count() == 1


def test_digests_are_set_based(world, setup, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as small:
        training_digests(day=DAY)
    for _ in range(20):
        EmployeeFactory(unit=world.bidang_a, supervisor=world.atasan, user=UserFactory())
    with django_assert_max_num_queries(6) as large:
        training_digests(day=DAY)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_task_and_command_run_the_service(world, setup, capsys):
    assert training_reminders_task.delay(DAY.isoformat()).get() > 0
    call_command("send_training_reminders", "--date", DAY.isoformat())
    assert "0 ringkasan" in capsys.readouterr().out


def test_beat_schedule_exists(db):
    task = PeriodicTask.objects.get(task="training.tasks.training_reminders_task")
    assert task.crontab.hour == "8" and str(task.crontab.timezone) == "Asia/Jayapura"


def test_hr_hears_of_certificates_two_weeks_late(world, make_session):
    from training.models import Certificate

    session = make_session(
        start=DAY - datetime.timedelta(days=40), registration_deadline=DAY - datetime.timedelta(days=50)
    )
    late, fresh, certified = (
        Enrollment.objects.create(session=session, employee=e, origin="hr", nominated_by=world.hr, status="approved",
                                  result="completed")
        for e in (world.pegawai, world.pegawai2, world.atasan)
    )  # fmt: skip
    long_ago = datetime.datetime(2026, 10, 20, tzinfo=datetime.UTC)
    Enrollment.objects.filter(pk__in=[late.pk, certified.pk]).update(result_at=long_ago)
    Enrollment.objects.filter(pk=fresh.pk).update(result_at=datetime.datetime(2026, 11, 12, tzinfo=datetime.UTC))
    Certificate.objects.create(enrollment=certified, kind="generated", code="ABCD-EFGH-JKLM", file="x.pdf",
                               issued_by=world.hr)  # fmt: skip
    hr_items = [i.text for i in training_digests(day=DAY)[world.hr.pk]]
    assert hr_items == [
        f"{session.program.title} — {session.name}: 1 peserta selesai belum bersertifikat lebih dari 14 hari."
    ]
    Certificate.objects.create(enrollment=late, kind="generated", code="NPQR-STUV-WXYZ", file="y.pdf",
                               issued_by=world.hr)  # fmt: skip
    assert world.hr.pk not in training_digests(day=DAY)
