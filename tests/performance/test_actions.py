"""Who may act on an SKP now: one selector, read by the page, pinned stage by stage and role by role."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from employees.actions import explained
from performance import objections, selectors, services
from performance.models import Appraisal, Objection

from .conftest import add_goal, appraisal_of, drive

ACTIONS = [
    "edit_plan",
    "review_plan",
    "record_realisation",
    "rate_periodic",
    "self_assess",
    "evaluate",
    "approve",
    "download_pdf",
    "lodge_objection",
    "decide_objection",
]


def allowed(appraisal, user, **extra):
    actions = selectors.appraisal_actions(appraisal, user, **extra)
    return {name for name in ACTIONS if actions[name]}


@pytest.mark.parametrize(
    ("stage", "owner", "evaluator", "approver"),
    [
        ("draft", {"edit_plan"}, set(), set()),
        ("plan_submitted", set(), {"review_plan"}, set()),
        ("plan_approved", {"record_realisation", "self_assess"}, {"rate_periodic"}, set()),
        ("self_assessed", set(), {"evaluate"}, set()),
        ("evaluated", set(), set(), {"approve"}),
        ("approved", {"download_pdf", "lodge_objection"}, {"download_pdf"}, {"download_pdf"}),
    ],
)
def test_each_stage_opens_the_actions_of_one_role(world, period, stage, owner, evaluator, approver):
    appraisal = appraisal_of(period, world.pegawai)
    if stage == "draft":
        add_goal(appraisal, world.user_pegawai)
    else:
        drive(world, appraisal, stage)
    assert allowed(appraisal, world.user_pegawai) == owner
    assert allowed(appraisal, world.user_atasan) == evaluator
    assert allowed(appraisal, appraisal.approver.user) == approver
    assert allowed(appraisal, world.user_kepala2) == ({"download_pdf"} if stage == "approved" else set())


def test_refusals_say_why(world, period):
    appraisal = appraisal_of(period, world.pegawai)
    actions = selectors.appraisal_actions(appraisal, world.user_atasan)
    assert actions["edit_plan"].reason == "Hanya pegawai pemilik SKP."
    assert actions["review_plan"].reason == "SKP tidak sedang berada pada tahap ini."


def test_objection_window_closes_after_the_last_day_and_after_one_objection(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "approved")
    approved_on = timezone.localdate(appraisal.approved_at)
    last = selectors.appraisal_actions(appraisal, world.user_pegawai)["objection_until"]
    assert last == approved_on + timedelta(days=14)
    on_last_day = selectors.appraisal_actions(appraisal, world.user_pegawai, today=last)
    assert on_last_day["lodge_objection"]
    day_after = selectors.appraisal_actions(appraisal, world.user_pegawai, today=last + timedelta(days=1))
    assert not day_after["lodge_objection"] and "lewat" in day_after["lodge_objection"].reason
    objection = objections.objection_lodge(appraisal=appraisal, by=world.user_pegawai, reason="Tidak adil")
    after = selectors.appraisal_actions(appraisal, world.user_pegawai, objection=objection)
    assert not after["lodge_objection"]
    decider = objection.decider.user
    assert selectors.appraisal_actions(appraisal, decider, objection=objection)["decide_objection"]
    Objection.objects.filter(pk=objection.pk).update(decision=Objection.Decision.REJECTED)
    objection.refresh_from_db()
    assert not selectors.appraisal_actions(appraisal, decider, objection=objection)["decide_objection"]


def test_the_page_shows_only_the_allowed_forms(client, world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "self_assessed")
    client.force_login(world.user_atasan)
    page = client.get(reverse("performance:appraisal-detail", args=[appraisal.pk])).content.decode()
    assert 'id="rating-form"' in page and 'id="self-form"' not in page
    client.force_login(world.user_pegawai)
    page = client.get(reverse("performance:appraisal-detail", args=[appraisal.pk])).content.decode()
    assert 'id="rating-form"' not in page


def test_the_page_shows_why_a_step_of_yours_is_not_open_yet_as_text(client, world, period):
    appraisal = appraisal_of(period, world.pegawai)
    add_goal(appraisal, world.user_pegawai)
    client.force_login(world.user_atasan)
    html = client.get(reverse("performance:appraisal-detail", args=[appraisal.pk])).content.decode()
    assert 'id="refused-actions"' in html
    assert "Sepakati rencana — SKP tidak sedang berada pada tahap ini." in html
    client.force_login(world.user_kepala2)  # no part in this appraisal: nothing to explain
    response = client.get(reverse("performance:appraisal-detail", args=[appraisal.pk]))
    assert response.status_code != 200 or 'id="refused-actions"' not in response.content.decode()


def test_a_step_already_passed_is_not_listed(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "evaluated")
    refused = explained(selectors.appraisal_actions(appraisal, world.user_pegawai), selectors.ACTION_LABELS)
    assert refused == []


def test_the_selector_and_the_service_refuse_the_same_approver(world, period):
    """An approver who also rated the appraisal: the service refuses, so the page does not offer it."""
    appraisal = drive(world, appraisal_of(period, world.pegawai), "evaluated")
    Appraisal.objects.filter(pk=appraisal.pk).update(rated_by=appraisal.approver)
    appraisal.refresh_from_db()
    action = selectors.appraisal_actions(appraisal, appraisal.approver.user)["approve"]
    assert not action and action.reason == selectors.approver_refusal(appraisal, appraisal.approver.user)
    with pytest.raises(ValidationError, match="ia berikan sendiri"):
        services.appraisal_approve(appraisal=appraisal, by=appraisal.approver.user)
