import os
import shutil
import socket
import subprocess
import time
from types import SimpleNamespace

import pytest

from employees.models import OrgUnit
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory


def _department(name: str, kind=OrgUnit.Kind.DINAS):
    dept = OrgUnitFactory(name=name, kind=kind)
    bidang = OrgUnitFactory(name=f"Bidang Pelayanan {name}", kind=OrgUnit.Kind.BIDANG, parent=dept)
    return dept, bidang


@pytest.fixture
def world(db):
    """Two departments. In A: head `kepala` → supervisor `atasan` → staff `pegawai` and `pegawai2`.
    In B: head `kepala2` → staff `pegawai_b`. Plus `hr` (BKPSDM officer) and `outsider` (no employee)."""
    dept_a, bidang_a = _department("Dinas Kesehatan")
    dept_b, bidang_b = _department("Dinas Pendidikan dan Kebudayaan")
    names = ("kepala", "kepala2", "atasan", "pegawai", "pegawai2", "pegawai_b", "outsider")
    users = {name: UserFactory(username=name) for name in names}
    hr = UserFactory(username="hr", hr=True)
    head_a = EmployeeFactory(
        name="Yohanis Kambuaya", unit=dept_a, user=users["kepala"], golongan="IV/b",
        position_type="jpt_pratama", position_title="Kepala Dinas Kesehatan",
    )  # fmt: skip
    head_b = EmployeeFactory(
        name="Maria Mambrasar", male=False, unit=dept_b, user=users["kepala2"], golongan="IV/b",
        position_type="jpt_pratama", position_title="Kepala Dinas Pendidikan dan Kebudayaan",
    )  # fmt: skip
    dept_a.head, dept_b.head = head_a, head_b
    dept_a.save()
    dept_b.save()
    atasan = EmployeeFactory(
        name="Agus Wijaya", unit=bidang_a, supervisor=head_a, user=users["atasan"], golongan="III/d",
        position_type="administrator", position_title="Kepala Bidang Pelayanan Kesehatan",
    )  # fmt: skip
    bidang_a.head = atasan
    bidang_a.save()
    pegawai = EmployeeFactory(name="Dewi Lestari", male=False, unit=bidang_a, supervisor=atasan, user=users["pegawai"])
    pegawai2 = EmployeeFactory(name="Petrus Sapisa", unit=bidang_a, supervisor=atasan, user=users["pegawai2"])
    pegawai_b = EmployeeFactory(name="Frans Wanma", unit=bidang_b, supervisor=head_b, user=users["pegawai_b"])
    return SimpleNamespace(
        hr=hr, dept_a=dept_a, dept_b=dept_b, bidang_a=bidang_a, bidang_b=bidang_b,
        head_a=head_a, head_b=head_b, atasan=atasan, pegawai=pegawai, pegawai2=pegawai2, pegawai_b=pegawai_b,
        **{f"user_{k}": v for k, v in users.items()},
    )  # fmt: skip


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("REDIS_URL must be set in CI")
        pytest.skip("REDIS_URL tidak diset: uji worker Celery memerlukan Redis")
    return url


@pytest.fixture
def celery_worker(redis_url, transactional_db):
    """A real Celery worker thread consuming from Redis against the test database."""
    from celery.contrib.testing.worker import start_worker

    from sorong_asn.celery import app

    app.conf.update(broker_url=redis_url, task_always_eager=False)
    app.control.purge()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15):
            yield app
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, timeout=20.0) -> bool:
    """Poll until `predicate()` is true (a real worker finishing its task); False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


class OwnRedis:
    """A redis-server of the test's own on a free port, to stop and start again mid-test (real faults)."""

    def __init__(self, folder):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder, self.process = folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert wait_for(self.answers, timeout=10), "redis-server did not start"

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def point_celery_at(app, url: str) -> None:
    """Send tasks to another broker from now on (drops the pooled connections to the old one)."""
    app._pool = None  # kombu keeps one pool per broker URL: dropped here, not closed (others reuse it)
    app.amqp._producer_pool = None
    app.conf.broker_url = url


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server must be installed in CI")
        pytest.skip("redis-server tidak terpasang: uji gangguan Redis memerlukannya")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site_on_own_redis(own_redis, settings):
    """The cache and the Celery broker on the test's own Redis, tasks sent for real (no in-process run)."""
    from sorong_asn.celery import app

    settings.CACHES = {
        "default": {
            "BACKEND": "sorong_asn.cache.ForgivingRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    before = app.conf.broker_url, app.conf.task_always_eager
    point_celery_at(app, own_redis.url)
    app.conf.task_always_eager = False
    from sorong_asn import cache as forgiving

    forgiving._down_until.clear()
    yield own_redis
    point_celery_at(app, before[0])
    app.conf.task_always_eager = before[1]
    forgiving._down_until.clear()
