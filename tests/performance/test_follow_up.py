"""Follow-up: coaching plans run by the responsible, the head or HR; read by the coached; hidden elsewhere."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from performance import services
from performance.models import Appraisal, CoachingPlan
from tests.factories import EmployeeFactory, UserFactory

from .conftest import appraisal_of, drive


@pytest.fixture
def plan(world, period):
    drive(world, appraisal_of(period, world.pegawai), "approved", results="di_bawah")
    return CoachingPlan.objects.get(employee=world.pegawai)


def data(**extra):
    return {"actions": "Pendampingan mingguan oleh kepala bidang", "due_date": "2026-12-20",
            "progress_note": "", **extra}  # fmt: skip


def test_a_poor_predikat_opens_a_plan_run_by_the_evaluator(world, plan):
    assert plan.status == CoachingPlan.Status.OPEN and plan.responsible == world.atasan


@pytest.mark.parametrize(
    "user, status, may_edit",
    [("user_atasan", 200, True), ("user_kepala", 200, True), ("hr", 200, True), ("user_pegawai", 200, False),
     ("user_pegawai2", 404, False), ("user_kepala2", 404, False), ("user_pegawai_b", 404, False)],
)  # fmt: skip
def test_who_sees_and_who_runs_a_plan(client, world, plan, user, status, may_edit):
    client.force_login(getattr(world, user))
    url = reverse("performance:coaching-plan", args=[plan.pk])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert (response.context["form"] is not None) is may_edit
    before = CoachingPlan.objects.get(pk=plan.pk).actions
    response = client.post(url, data(actions="Diubah"))
    if may_edit:
        assert response.status_code == 302
        assert CoachingPlan.objects.get(pk=plan.pk).actions == "Diubah"
    else:
        assert response.status_code in (403, 404)
        assert CoachingPlan.objects.get(pk=plan.pk).actions == before


def test_closing_needs_the_outcome_and_freezes_the_plan(client, world, plan):
    client.force_login(world.user_atasan)
    url = reverse("performance:coaching-plan", args=[plan.pk])
    response = client.post(url, data(done="on"))
    assert response.status_code == 200 and "Tuliskan hasil pembinaan" in response.content.decode()
    assert CoachingPlan.objects.get(pk=plan.pk).status == CoachingPlan.Status.OPEN
    client.post(url, data(done="on", progress_note="Target laporan bulanan tercapai tiga bulan berturut-turut."))
    plan.refresh_from_db()
    assert plan.status == CoachingPlan.Status.DONE and plan.completed_at
    assert plan.history.latest().history_user == world.user_atasan
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.coaching_plan_update(plan=plan, by=world.hr, actions="x", due_date=plan.due_date)
    assert client.get(url).context["form"] is None


def test_follow_up_list_scope_and_queries(client, world, period, plan, django_assert_max_num_queries):
    client.force_login(world.user_kepala2)
    assert plan.employee.full_name not in client.get(reverse("performance:follow-up")).content.decode()
    client.force_login(world.user_kepala)
    for _ in range(15):
        employee = EmployeeFactory(unit=world.bidang_a, supervisor=world.atasan, user=UserFactory())
        appraisal = Appraisal.objects.create(
            period=period, employee=employee, department=world.dept_a, evaluator=world.atasan, approver=world.head_a,
            status="approved", predikat="kurang",
        )  # fmt: skip
        CoachingPlan.objects.create(appraisal=appraisal, employee=employee, actions="Pembinaan",
                                    due_date="2026-12-31", responsible=world.atasan)  # fmt: skip
    with django_assert_max_num_queries(15):
        response = client.get(reverse("performance:follow-up"))
    assert response.status_code == 200
    assert plan.employee.full_name in response.content.decode()
    assert len(response.context["page_obj"]) == 16


def test_coaching_deadline_shows_in_the_date_input_and_saves_untouched(client, world, plan):
    from datetime import date

    CoachingPlan.objects.filter(pk=plan.pk).update(due_date=date(2027, 3, 2))
    client.force_login(world.user_atasan)
    url = reverse("performance:coaching-plan", args=[plan.pk])
    page = client.get(url).content.decode()
    assert 'type="date" name="due_date" value="2027-03-02"' in page
    # the browser posts back what the input shows
    assert client.post(url, data(due_date="2027-03-02")).status_code == 302
    assert CoachingPlan.objects.get(pk=plan.pk).due_date == date(2027, 3, 2)
