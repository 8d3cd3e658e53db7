"""Durable jobs: recorded with the action, sent after the commit, run once, kept while the broker is down."""

from datetime import timedelta

import pytest
from celery import shared_task
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from employees import jobs
from employees.models import Job
from tests.conftest import wait_for

RUNS: list = []


@shared_task(name="tests.jobs.record")
def record(value):
    RUNS.append(value)


@shared_task(name="tests.jobs.explode", max_retries=1)
def explode(value):
    raise RuntimeError(f"rusak {value}")


@pytest.fixture(autouse=True)
def clean_runs():
    RUNS.clear()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_leaves_no_job_and_runs_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue(record, 1)
        raise RuntimeError("batal")
    assert not Job.objects.exists() and RUNS == []


@pytest.mark.django_db(transaction=True)
def test_queued_twice_is_one_job_that_runs_once():
    with transaction.atomic():
        first = jobs.enqueue(record, 2)
        second = jobs.enqueue(record, 2)
        assert first.pk == second.pk and RUNS == []
    assert RUNS == [2]
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.attempts == 1 and job.finished_at
    # the same message delivered again (a broker redelivery) finds the job done and does nothing
    assert jobs.job_run(job_id=job.pk) is False and RUNS == [2]


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_with_backoff_then_failed_with_the_reason():
    jobs.enqueue(explode, 3)
    job = Job.objects.get()
    assert job.status == Job.Status.WAITING and job.attempts == 1 and job.max_attempts == 2
    assert job.last_error.startswith("Percobaan ke-1 gagal, diulang otomatis: RuntimeError: rusak 3")
    assert job.run_after > timezone.now()  # not before its backoff
    assert jobs.jobs_sweep()["sent"] == 0
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    jobs.jobs_sweep()  # in-process (no broker): runs it at once
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 2
    assert job.last_error.startswith("Gagal setelah 2 percobaan")


@pytest.mark.django_db(transaction=True)
def test_hr_retries_a_failed_job_from_the_admin(client, world):
    jobs.enqueue(record, 4)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, last_error="x")
    RUNS.clear()
    world.hr.is_staff = world.hr.is_superuser = True
    world.hr.save()
    client.force_login(world.hr)
    assert client.get("/admin/employees/job/?status__exact=failed").status_code == 200
    response = client.post("/admin/employees/job/", {"action": "retry", "_selected_action": [job.pk]}, follow=True)
    assert "1 pekerjaan dikirim ulang." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and RUNS == [4]


@pytest.mark.django_db(transaction=True)
def test_a_job_left_running_by_a_dead_worker_is_retried_then_failed(settings):
    settings.JOBS_STALE_AFTER = 60
    job = jobs.enqueue(record, 5)
    long_ago = timezone.now() - timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, max_attempts=2, started_at=long_ago)
    RUNS.clear()
    call_command("jobs_sweep")  # retried: waits for its backoff
    job.refresh_from_db()
    assert job.status == Job.Status.WAITING and "worker berhenti di tengah pekerjaan" in job.last_error
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=2, started_at=long_ago)
    jobs.jobs_sweep()  # out of attempts: failed with the reason
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and RUNS == []
    assert job.last_error.startswith("Gagal setelah 2 percobaan") and "worker berhenti" in job.last_error


@pytest.mark.django_db(transaction=True)
def test_broker_down_keeps_the_job_waiting_and_the_sweep_sends_it_once_the_broker_is_back(site_on_own_redis):
    redis = site_on_own_redis
    redis.stop()
    started = timezone.now()
    with transaction.atomic():
        job = jobs.enqueue(record, 6)
    assert (timezone.now() - started).total_seconds() < 1  # the action is not held up by the dead broker
    job.refresh_from_db()
    assert job.status == Job.Status.WAITING and jobs.job_waiting(job.key)
    assert jobs.jobs_sweep()["sent"] == 0  # still down: stays waiting
    redis.start()
    assert jobs.jobs_sweep()["sent"] == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and RUNS == []


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_waiting_jobs_run_once_when_a_worker_comes_back(site_on_own_redis):
    from celery.contrib.testing.worker import start_worker

    from sorong_asn.celery import app

    site_on_own_redis.stop()
    job = jobs.enqueue(record, 7)
    site_on_own_redis.start()
    jobs.job_send(job_id=job.pk)  # delivered twice: the sweep and a send that hung
    jobs.job_send(job_id=job.pk)
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15):
        assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE)
        wait_for(lambda: len(RUNS) > 1, timeout=2)
    assert RUNS == [7] and Job.objects.get(pk=job.pk).attempts == 1


@pytest.mark.django_db
def test_beat_ticks_every_minute_through_a_stored_schedule():
    from django_celery_beat.models import PeriodicTask

    from employees.job_models import Heartbeat
    from employees.tasks import jobs_sweep_task

    entry = PeriodicTask.objects.get(task="employees.tasks.jobs_sweep_task")
    assert (entry.interval.every, entry.interval.period, entry.enabled) == (1, "minutes", True)
    jobs_sweep_task()
    assert Heartbeat.objects.get(name=Heartbeat.BEAT).at is not None


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_keeps_dying_ends_failed_on_its_page(client, world, settings):
    from django.urls import reverse

    from employees.models import ImportJob

    settings.JOBS_STALE_AFTER = 60
    upload = ImportJob.objects.create(created_by=world.hr, original_name="pegawai.csv", status="running", total_rows=3)
    Job.objects.create(
        task="employees.tasks.import_job_run_task", args=[upload.pk], key="impor", status=Job.Status.RUNNING,
        attempts=4, max_attempts=4, started_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    jobs.jobs_sweep()
    upload.refresh_from_db()
    assert upload.status == ImportJob.Status.FAILED and upload.processed_rows == 0
    client.force_login(world.hr)
    page = client.get(reverse("employees:import-progress", args=[upload.pk])).content.decode()
    assert "Impor gagal, tidak ada yang disimpan: pekerjaan latar belakang gagal berulang kali" in page
    assert "hx-trigger" not in page  # the page stops polling
