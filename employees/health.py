"""Is every part running? The health report for monitors (`/sehat/`) and the banner HR sees.

Beat's every-minute tick (`jobs_sweep_task`) records the beat heartbeat and the worker records the
last task it finished, so both are fresh within a minute or two when all is well. In-process mode (no
broker configured, the demo) has no worker or beat to watch.
"""

from datetime import timedelta

from celery import current_app
from django.core.cache import cache
from django.db import connection
from django.db.models import Max, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .job_models import Heartbeat, Job

BEAT_SILENT_AFTER = timedelta(minutes=5)
WORKER_SILENT_AFTER = timedelta(minutes=5)
JOB_LATE_AFTER = timedelta(minutes=5)
ALERTS_CACHE_SECONDS = 60


def in_process() -> bool:
    """No broker: tasks run inside the request (the demo); there is no worker or beat to watch."""
    return bool(current_app.conf.task_always_eager)


def background_facts() -> dict:
    """When beat last ticked, when the worker last finished a task, since when the oldest job waits: one query."""
    oldest = (
        Job.objects.filter(status__in=[Job.Status.WAITING, Job.Status.QUEUED])
        .annotate(due=Coalesce("run_after", "created_at"))
        .order_by("due")
        .values("due")[:1]
    )
    return Heartbeat.objects.aggregate(
        beat=Max("at", filter=Q(name=Heartbeat.BEAT)),
        worker=Max("at", filter=Q(name=Heartbeat.WORKER)),
        oldest_job=Max(Subquery(oldest)),
    )


def _age(moment, now) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def system_alerts() -> list[str]:
    """What HR should know about the background work, cached for a minute (the banner on every page)."""
    if in_process():
        return []
    alerts = cache.get("health:alerts")
    if alerts is None:
        alerts = _alerts(background_facts(), timezone.now())
        cache.set("health:alerts", alerts, ALERTS_CACHE_SECONDS)
    return alerts


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y H.i") + " WIT"


def _alerts(facts: dict, now) -> list[str]:
    alerts = []
    if facts["worker"] is None:
        alerts.append(_("Worker latar belakang belum pernah tercatat menyelesaikan tugas; impor dan lainnya tertunda."))
    elif now - facts["worker"] > WORKER_SILENT_AFTER:
        alerts.append(
            _("Worker latar belakang tidak menyelesaikan tugas sejak %s; impor dan pemeringkatan tertunda.")
            % _when(facts["worker"])
        )
    if facts["beat"] is None:
        alerts.append(_("Penjadwal (beat) belum pernah tercatat berdetak; pengingat dan pengiriman ulang tertunda."))
    elif now - facts["beat"] > BEAT_SILENT_AFTER:
        alerts.append(
            _("Penjadwal (beat) tidak berdetak sejak %s; pengingat dan pengiriman ulang tertunda.")
            % _when(facts["beat"])
        )
    if facts["oldest_job"] is not None and now - facts["oldest_job"] > JOB_LATE_AFTER:
        alerts.append(_("Ada pekerjaan latar belakang yang menunggu sejak %s.") % _when(facts["oldest_job"]))
    return alerts


def health_report() -> tuple[bool, dict]:
    """(all well, checks) for the monitors: every check says ok and, where it helps, an age in seconds."""
    now = timezone.now()
    checks = {"database": _check_database(), "cache": _check_cache()}
    if in_process():
        idle = {"ok": True, "detail": "tanpa broker: tugas berjalan di dalam proses web"}
        checks.update(broker=idle, beat=idle, worker=idle, jobs=idle)
    else:
        checks["broker"] = _check_broker()
        try:
            facts = background_facts()
        except Exception:
            facts = None
        if facts is None:
            unknown = {"ok": False, "detail": "basis data tidak terbaca"}
            checks.update(beat=unknown, worker=unknown, jobs=unknown)
        else:
            for name, limit in (("beat", BEAT_SILENT_AFTER), ("worker", WORKER_SILENT_AFTER)):
                age = _age(facts[name], now)
                checks[name] = {"ok": age is not None and age <= limit.total_seconds(), "age_seconds": age}
            age = _age(facts["oldest_job"], now)
            checks["jobs"] = {"ok": age is None or age <= JOB_LATE_AFTER.total_seconds(), "oldest_waiting_seconds": age}
    return all(check["ok"] for check in checks.values()), checks


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except Exception as exc:
        return {"ok": False, "detail": type(exc).__name__}


def _check_cache() -> dict:
    reachable = getattr(cache, "reachable", None)
    if reachable is None:  # an in-memory cache: always there
        return {"ok": True, "detail": "memori proses"}
    return {"ok": bool(reachable)}


def _check_broker() -> dict:
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=1)
        return {"ok": True}
    except Exception as exc:
        return {"ok": False, "detail": type(exc).__name__}
