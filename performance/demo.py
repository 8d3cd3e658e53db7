"""Demo data for this app, called by `manage.py seed_demo` after the employee register is seeded.

An open period for the current year with appraisals in every state, so that every demo login finds
something in its inbox. Bulk updates and inserts; a second run changes nothing.
"""

import random

from django.utils import timezone

from employees import events
from employees.models import User

from . import periods, rules, services
from .models import Appraisal, AppraisalPeriod, Behaviour, PerformanceGoal, PeriodicEvaluation, Transition

S = Appraisal.Status
ORDER = [S.DRAFT, S.PLAN_SUBMITTED, S.PLAN_APPROVED, S.SELF_ASSESSED, S.EVALUATED, S.APPROVED]
WEIGHTS = [15, 15, 30, 15, 15, 10]
PLANS = [
    ("Tersusunnya laporan kinerja bidang tepat waktu", "kuantitas", "Jumlah laporan kinerja triwulanan", "4",
     "laporan"),
    ("Meningkatnya cakupan pelayanan kepada masyarakat", "kuantitas", "Jumlah layanan yang diselesaikan", "240",
     "layanan"),
    ("Terkelolanya arsip dan surat dinas", "kualitas", "Arsip tertata sesuai pedoman kearsipan", "Sesuai pedoman",
     ""),
    ("Terlaksananya kegiatan sesuai anggaran", "biaya", "Realisasi anggaran kegiatan (juta rupiah)", "350", "juta"),
    ("Terselesaikannya dokumen perencanaan", "waktu", "Lama penyusunan dokumen perencanaan", "3", "bulan"),
]  # fmt: skip


def _reaches(status: str, target: str) -> bool:
    return ORDER.index(status) >= ORDER.index(target)


def seed(*, stdout, today, seed: int) -> None:
    """Idempotent: a second run changes nothing."""
    year = today.year
    if AppraisalPeriod.objects.filter(year=year).exists():
        stdout.write(f"Data demo kinerja {year} sudah ada.")
        return
    hr = User.objects.filter(username="hr").first()
    if hr is None or not hr.is_hr:
        stdout.write("Akun hr belum ada; data demo kinerja dilewati.")
        return
    rng = random.Random(seed)
    period = periods.period_create(by=hr, year=year, cadence="quarterly")
    periods.period_open(period=period, by=hr)

    rows = list(Appraisal.objects.filter(period=period).order_by("pk").values_list("pk", "evaluator_id", "approver_id"))
    status_of = {}
    for pk, evaluator_id, approver_id in rows:
        status = rng.choices(ORDER, WEIGHTS)[0]
        if evaluator_id is None:
            status = S.DRAFT
        elif approver_id is None and _reaches(status, S.EVALUATED):
            status = S.SELF_ASSESSED
        status_of[pk] = status
    _make_inboxes(period, status_of)

    by_status = {s: [pk for pk, st in status_of.items() if st == s] for s in ORDER}
    for status, ids in by_status.items():
        Appraisal.objects.filter(pk__in=ids).update(status=status)
    moved = [pk for pk, st in status_of.items() if st != S.DRAFT]
    goals = []
    for pk in moved:
        for plan, aspect, indicator, target, unit in rng.sample(PLANS, 2):
            goals.append(PerformanceGoal(appraisal_id=pk, kind="utama", plan=plan, aspect=aspect,
                                         indicator=indicator, target=target, target_unit=unit))  # fmt: skip
    PerformanceGoal.objects.bulk_create(goals, batch_size=2000)

    now = timezone.now()
    windows = [w for w in period.windows.all() if w.ends < today]
    lookup = {pk: (ev, ap) for pk, ev, ap in rows}
    evaluations = []
    for pk in moved:
        if not _reaches(status_of[pk], S.PLAN_APPROVED):
            continue
        for window in windows:
            rated = _reaches(status_of[pk], S.SELF_ASSESSED) or rng.random() < 0.5
            evaluations.append(PeriodicEvaluation(
                appraisal_id=pk, window=window, realisation=f"Realisasi {window.label}: target periode tercapai.",
                realised_at=now, **(_ratings(rng) | {"rated_by_id": lookup[pk][0], "rated_at": now} if rated else {}),
            ))  # fmt: skip
    PeriodicEvaluation.objects.bulk_create(evaluations, batch_size=2000)

    rated = [pk for pk in moved if _reaches(status_of[pk], S.EVALUATED)]
    for pk in rated:
        values = _ratings(rng)
        values["predikat"] = rules.predikat(values["results_rating"], values["behaviour_rating"])
        extra = {"approved_by_id": lookup[pk][1], "approved_at": now} if status_of[pk] == S.APPROVED else {}
        Appraisal.objects.filter(pk=pk).update(rated_by_id=lookup[pk][0], self_assessment="Target tercapai.",
                                               feedback="Pertahankan kinerja.", **values, **extra)  # fmt: skip
    Appraisal.objects.filter(pk__in=by_status[S.SELF_ASSESSED]).update(self_assessment="Target tercapai.")
    for appraisal in Appraisal.objects.filter(pk__in=by_status[S.APPROVED]).select_related("period", "employee"):
        appraisal.credit_points = services._credit_points(appraisal)
        Appraisal.objects.filter(pk=appraisal.pk).update(credit_points=appraisal.credit_points)
        services._follow_up(appraisal)
    _announce_inboxes(period)
    stdout.write(
        f"Data demo kinerja {year}: {len(rows)} SKP; "
        + ", ".join(f"{S(s).label} {len(ids)}" for s, ids in by_status.items())
        + "."
    )


def _ratings(rng) -> dict:
    # mostly "sesuai", as in real spreads
    pick = lambda: rng.choices(rules.RATINGS, [20, 70, 10])[0]  # noqa: E731
    return {
        "results_rating": pick(),
        "behaviour_rating": pick(),
        "behaviour_ratings": {b.value: pick() for b in Behaviour},
    }


# (status reached, whose login hears of it, step recorded, event): the hand-off that put it in an inbox
HANDOFFS = [
    (S.PLAN_SUBMITTED, "evaluator", "employee", "ajukan-rencana", S.DRAFT, "performance.plan_submitted"),
    (S.SELF_ASSESSED, "evaluator", "employee", "penilaian-diri", S.PLAN_APPROVED, "performance.self_assessed"),
    (S.EVALUATED, "approver", "evaluator", "nilai-tahunan", S.SELF_ASSESSED, "performance.appraisal_rated"),
    (S.PLAN_APPROVED, "employee", "evaluator", "sepakati-rencana", S.PLAN_SUBMITTED, "performance.plan_agreed"),
]


def _announce_inboxes(period) -> None:
    """The demo logins see notifications from the first run: the last step of a few SKPs in their inbox is
    recorded and announced, as the services would have done (notifications follow after the commit)."""
    logins = ["pegawai", "atasan", "kepala", "kepala2"]
    for status, who, actor, action, from_status, event in HANDOFFS:
        qs = Appraisal.objects.filter(period=period, status=status, **{f"{who}__user__username__in": logins})
        for pk, by_id in qs.order_by("pk").values_list("pk", f"{actor}__user_id")[:6]:
            step = Transition.objects.create(
                appraisal_id=pk, by_id=by_id, action=action, from_status=from_status, to_status=status
            )
            events.publish(event, appraisal_id=pk, transition_id=step.pk)


def _make_inboxes(period, status_of) -> None:
    """Make sure each demo login has work waiting: pegawai records realisation, atasan agrees a plan and
    rates a year, each head approves a few."""
    logins = User.objects.filter(username__in=["pegawai", "atasan", "kepala", "kepala2"])
    users = {u.username: u.employee_or_none for u in logins}
    mine = Appraisal.objects.filter(period=period)
    if users.get("pegawai"):
        for pk in mine.filter(employee=users["pegawai"]).values_list("pk", flat=True):
            status_of[pk] = S.PLAN_APPROVED
    if users.get("atasan"):
        team = list(mine.filter(evaluator=users["atasan"]).exclude(employee=users.get("pegawai"))
                    .order_by("pk").values_list("pk", flat=True))  # fmt: skip
        for pk, status in zip(team, [S.PLAN_SUBMITTED, S.SELF_ASSESSED, S.PLAN_SUBMITTED], strict=False):
            status_of[pk] = status
    for head in ("kepala", "kepala2"):
        if users.get(head):
            ids = mine.filter(approver=users[head]).exclude(evaluator=None).order_by("pk").values_list("pk", flat=True)
            for pk in list(ids)[:4]:
                status_of[pk] = S.EVALUATED
