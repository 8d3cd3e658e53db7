"""Real faults: the test's own Redis (cache and broker) is stopped mid-test; pages degrade, never fail."""

import json
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from employees.job_models import Heartbeat, Job
from employees.jobs import heartbeat_record
from sorong_asn import cache as forgiving

SKIP_PREFIXES = ("admin/", "keluar/", "sehat/")


def _get_urls(pk: int) -> list[str]:
    """Every GET-able path of the URLconf, integer parameters filled with an existing id."""
    urls = []

    def walk(patterns, prefix):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and not route.startswith(SKIP_PREFIXES):
                path = route.replace("^", "").replace("$", "")
                for conv in ("<int:pk>", "<int:employee_pk>", "<int:year>"):
                    path = path.replace(conv, str(pk) if "year" not in conv else "2026")
                if "<" not in path:
                    urls.append("/" + path)

    walk(get_resolver().url_patterns, "")
    return sorted(set(urls))


def _redis_down(redis):
    redis.stop()
    forgiving._down_until.clear()


def _fresh_heartbeats():
    heartbeat_record(Heartbeat.BEAT)
    heartbeat_record(Heartbeat.WORKER)


@pytest.mark.django_db(transaction=True)
def test_every_page_of_every_role_answers_without_5xx_with_redis_down(client, world, site_on_own_redis):
    _redis_down(site_on_own_redis)
    urls = _get_urls(world.pegawai.pk)
    assert len(urls) > 30
    users = [None, world.hr, world.user_kepala, world.user_atasan, world.user_pegawai, world.user_outsider]
    failures = []
    for user in users:
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            status = client.get(url).status_code
            if status >= 500:
                failures.append((getattr(user, "username", "anonim"), url, status))
    assert failures == []
    client.force_login(world.hr)
    assert client.get("/dasbor/").status_code == 200  # the page that answered 500 before


@pytest.mark.django_db(transaction=True)
def test_health_page_is_200_when_all_runs_503_with_redis_down_and_200_again(client, site_on_own_redis):
    _fresh_heartbeats()
    response = client.get("/sehat/")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "beat", "worker", "jobs"}
    assert body["checks"]["beat"]["age_seconds"] < 60

    _redis_down(site_on_own_redis)
    response = client.get("/sehat/")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "gangguan"
    assert body["checks"]["cache"]["ok"] is False and body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True

    site_on_own_redis.start()
    forgiving._down_until.clear()
    assert client.get("/sehat/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_health_page_names_a_silent_worker_and_a_job_waiting_too_long(client, site_on_own_redis):
    _fresh_heartbeats()
    Heartbeat.objects.filter(name=Heartbeat.WORKER).update(at=timezone.now() - timedelta(minutes=20))
    job = Job.objects.create(task="tests.x", key="k", status=Job.Status.QUEUED)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=9))
    response = client.get("/sehat/")
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["worker"]["ok"] is False and checks["worker"]["age_seconds"] >= 1200
    assert checks["jobs"]["ok"] is False and checks["jobs"]["oldest_waiting_seconds"] >= 540
    assert checks["beat"]["ok"] is True
    text = json.dumps(response.json())
    assert "tests.x" not in text  # nothing about what the jobs are or whom they concern


@pytest.mark.django_db(transaction=True)
def test_hr_sees_a_banner_when_the_worker_is_silent_and_others_do_not(client, world, site_on_own_redis):
    _fresh_heartbeats()
    client.force_login(world.hr)
    assert "system-alerts" not in client.get("/").content.decode()
    site_on_own_redis.start() if not site_on_own_redis.answers() else None
    from django.core.cache import cache

    cache.delete("health:alerts")
    Heartbeat.objects.filter(name=Heartbeat.WORKER).update(at=timezone.now() - timedelta(minutes=30))
    page = client.get("/").content.decode()
    assert "system-alerts" in page and "Worker latar belakang tidak menyelesaikan tugas sejak" in page
    client.force_login(world.user_pegawai)
    assert "system-alerts" not in client.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_banner_check_is_one_cached_query(client, world, site_on_own_redis, django_assert_max_num_queries):
    from django.core.cache import cache

    from employees.health import system_alerts

    cache.delete("health:alerts")
    with django_assert_max_num_queries(1):
        system_alerts()
    with django_assert_max_num_queries(0):
        system_alerts()


@pytest.mark.django_db(transaction=True)
def test_rate_limit_keeps_counting_with_redis_down(client, site_on_own_redis):
    _redis_down(site_on_own_redis)
    statuses = [client.post("/kata-sandi/lupa/", {"email": "x@example.com"}).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429


@pytest.mark.django_db(transaction=True)
def test_login_lockout_works_with_redis_down(client, world, site_on_own_redis):
    _redis_down(site_on_own_redis)
    world.user_pegawai.set_password("benar-sekali-123")
    world.user_pegawai.save()
    for _ in range(5):
        client.post("/masuk/", {"username": "pegawai", "password": "salah"})
    response = client.post("/masuk/", {"username": "pegawai", "password": "benar-sekali-123"})
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_cache_with_redis_down_misses_keeps_counters_and_warns_once(site_on_own_redis, caplog):
    from django.core.cache import cache

    cache.set("k", 1)
    assert cache.get("k") == 1
    _redis_down(site_on_own_redis)
    forgiving._warned_at.clear()
    with caplog.at_level("WARNING", logger="sorong_asn.cache"):
        for _ in range(20):
            assert cache.get("k") is None and cache.get_many(["k"]) == {}
            cache.set("k", 2)
            cache.delete("k")
        forgiving._down_until.clear()  # even past the short pause, still one warning within the minute
        assert cache.get("k", "bawaan") == "bawaan"
        assert cache.add("hits", 0) is True and cache.incr("hits") == 1 and cache.incr("hits") == 2
    assert len([r for r in caplog.records if r.name == "sorong_asn.cache"]) == 1
