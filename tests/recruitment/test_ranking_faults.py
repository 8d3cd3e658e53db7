"""Ranking asked for while Redis (the broker) is down: the action completes, says it waits, runs once later."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from employees import jobs
from employees.models import Heartbeat, Job
from recruitment.models import Application, RankingStatus, SelectionRound
from sorong_asn import cache as forgiving
from tests.conftest import wait_for

from .test_ranking_job import ranked_ok


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_ranking_with_the_broker_down_waits_says_so_and_runs_once_when_it_is_back(client, casn, world,
                                                                                  site_on_own_redis):  # fmt: skip
    from sorong_asn.celery import app

    ranked_ok(casn)
    site_on_own_redis.stop()
    forgiving._down_until.clear()
    client.force_login(world.hr)
    response = client.post(reverse("recruitment:round-rank", args=[casn.round.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200  # not a 500 after the round was marked queued
    assert "worker latar belakang sedang tidak dapat dihubungi" in page
    assert "Pemeringkatan sudah tercatat dan menunggu worker latar belakang" in page
    assert SelectionRound.objects.get(pk=casn.round.pk).ranking_status == RankingStatus.QUEUED
    job = Job.objects.get(task="recruitment.tasks.round_rank_task")
    assert job.status == Job.Status.WAITING and job.created_by == world.hr
    # a second click while it waits queues nothing more
    client.post(reverse("recruitment:round-rank", args=[casn.round.pk]))
    assert Job.objects.count() == 1

    site_on_own_redis.start()
    assert jobs.jobs_sweep()["sent"] == 1  # beat's minute tick once Redis is back
    jobs.job_send(job_id=job.pk)  # sent again by a second sweep: still one run
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15):
        assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE)
    rnd = SelectionRound.objects.get(pk=casn.round.pk)
    assert rnd.ranking_status == RankingStatus.DONE and rnd.ranking_message == "Pemeringkatan selesai untuk 3 lamaran."
    assert Job.objects.get(pk=job.pk).attempts == 1
    assert Heartbeat.objects.get(name=Heartbeat.WORKER).at is not None  # the health page sees the worker
    assert Application.objects.filter(round=rnd, outcome="passed").count() == 2
    box = client.get(reverse("recruitment:round-rank-status", args=[rnd.pk])).content.decode()
    assert "menunggu worker" not in box


@pytest.mark.django_db(transaction=True)
def test_a_ranking_whose_worker_keeps_dying_ends_failed_with_the_reason(casn, world, settings, site_on_own_redis):
    from datetime import timedelta

    from django.utils import timezone

    from recruitment import ranking

    ranked_ok(casn)
    settings.JOBS_STALE_AFTER = 60
    site_on_own_redis.stop()  # no worker will ever take it
    ranking.round_rank_queue(rnd=casn.round, by=world.hr)
    job = Job.objects.get(task="recruitment.tasks.round_rank_task")
    long_ago = timezone.now() - timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=job.max_attempts, started_at=long_ago)
    SelectionRound.objects.filter(pk=casn.round.pk).update(ranking_status=RankingStatus.RUNNING)
    jobs.jobs_sweep()
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED
    rnd = SelectionRound.objects.get(pk=casn.round.pk)
    assert rnd.ranking_status == RankingStatus.FAILED
    assert rnd.ranking_message.startswith("Pemeringkatan gagal, tidak ada yang berubah: pekerjaan latar belakang gagal")
    assert not Application.objects.exclude(outcome="pending").exists()
