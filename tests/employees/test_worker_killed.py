"""A real worker process killed mid-job: the data stays as before; the job is retried with the reason."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from employees import jobs
from employees.models import Employee, Job
from tests.conftest import wait_for
from tests.support.slow_tasks import rename_slowly

ROOT = Path(__file__).resolve().parents[2]


def _worker(broker_url: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="sorong_asn.settings",
        DJANGO_TESTING="1",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_BROKER_URL=broker_url,
        REDIS_URL=broker_url,
    )
    command = [sys.executable, "-m", "celery", "-A", "sorong_asn", "worker", "-P", "solo", "-I",
               "tests.support.slow_tasks", "--without-mingle", "--without-gossip", "-l", "WARNING"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_job_leaves_data_as_before_and_the_job_is_retried(world, site_on_own_redis, tmp_path,
                                                                            settings):  # fmt: skip
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL")
    marker = str(tmp_path / "started")
    Path(marker + ".hold").write_text("hold")
    job = jobs.enqueue(rename_slowly, world.pegawai.pk, "Nama Baru", marker)  # sent at once: no transaction
    worker = _worker(site_on_own_redis.url)
    try:
        assert wait_for(lambda: Path(marker).exists(), timeout=60), "the worker never started the job"
        assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert Employee.objects.get(pk=world.pegawai.pk).name == "Dewi Lestari"  # the transaction died with it
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING

    settings.JOBS_STALE_AFTER = 0  # the sweep takes the silent job for interrupted
    jobs.jobs_sweep()
    job.refresh_from_db()
    assert job.status == Job.Status.WAITING and job.attempts == 1
    assert "worker berhenti di tengah pekerjaan" in job.last_error
    assert "datanya tetap seperti sebelumnya" in job.last_error

    # a new worker picks it up on start (no need to wait for the backoff in the test)
    Job.objects.filter(pk=job.pk).update(run_after=None)
    Path(marker + ".hold").unlink()
    worker = _worker(site_on_own_redis.url)
    try:
        assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE, timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    job.refresh_from_db()
    assert job.attempts == 2 and Employee.objects.get(pk=world.pegawai.pk).name == "Nama Baru"
