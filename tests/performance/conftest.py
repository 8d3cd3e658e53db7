from datetime import date

import pytest

from performance import periods, services
from performance.models import Appraisal, Behaviour, PerformanceGoal

YEAR = 2026
ALL_SESUAI = {b.value: "sesuai" for b in Behaviour}


@pytest.fixture
def period(world):
    period = periods.period_create(by=world.hr, year=YEAR, cadence="quarterly")
    periods.period_open(period=period, by=world.hr)
    return period


def appraisal_of(period, employee) -> Appraisal:
    return Appraisal.objects.get(period=period, employee=employee)


def add_goal(appraisal, user, **extra):
    values = dict(kind=PerformanceGoal.Kind.UTAMA, plan="Meningkatnya cakupan imunisasi", aspect="kuantitas",
                  indicator="Jumlah laporan imunisasi", target="12", target_unit="laporan")  # fmt: skip
    values.update(extra)
    return services.goal_add(appraisal=appraisal, by=user, **values)


def drive(world, appraisal, upto: str, results="sesuai", behaviour="sesuai", behaviours=None):
    """Move pegawai's appraisal (evaluator atasan) forward through the workflow to state `upto`."""
    order = ["plan_submitted", "plan_approved", "self_assessed", "evaluated", "approved"]
    steps = order[: order.index(upto) + 1]
    owner = appraisal.employee.user
    evaluator = appraisal.evaluator.user
    if "plan_submitted" in steps:
        add_goal(appraisal, owner)
        services.appraisal_submit_plan(appraisal=appraisal, by=owner)
    if "plan_approved" in steps:
        services.appraisal_agree_plan(appraisal=appraisal, by=evaluator)
    if "self_assessed" in steps:
        services.appraisal_self_assess(appraisal=appraisal, by=owner, text="Semua target tercapai.")
    if "evaluated" in steps:
        services.appraisal_evaluate(appraisal=appraisal, by=evaluator, results_rating=results,
                                    behaviour_rating=behaviour, behaviour_ratings=behaviours or ALL_SESUAI)  # fmt: skip
    if "approved" in steps:
        services.appraisal_approve(appraisal=appraisal, by=appraisal.approver.user)
    appraisal.refresh_from_db()
    return appraisal


@pytest.fixture
def today():
    return date(YEAR, 6, 1)
