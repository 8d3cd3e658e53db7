"""Every SKP hand-off tells whoever must act next (and whoever's work moved), once, with a link to the SKP."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from employees.models import Notification
from performance import objections, services

from .conftest import YEAR, add_goal, appraisal_of, drive


def inbox(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", "url"))


@pytest.fixture
def skp(world, period):
    """Dewi's SKP: evaluator Agus, approver the head of department A."""
    return appraisal_of(period, world.pegawai)


def test_plan_submitted_tells_the_evaluator_agreed_tells_the_employee(world, skp, django_capture_on_commit_callbacks):
    url = reverse("performance:appraisal-detail", args=[skp.pk])
    with django_capture_on_commit_callbacks(execute=True):
        drive(world, skp, "plan_submitted")
    assert inbox(world.user_atasan) == [(f"Rencana SKP {YEAR} Dewi Lestari menunggu persetujuan Anda", url)]
    assert inbox(world.user_pegawai) == [] and inbox(world.user_kepala) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_agree_plan(appraisal=skp, by=world.user_atasan)
    assert inbox(world.user_pegawai) == [(f"Rencana SKP {YEAR} Anda disepakati atasan", url)]


def test_a_returned_and_resubmitted_plan_is_a_new_hand_off_each_time(world, skp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        drive(world, skp, "plan_submitted")
        services.appraisal_return_plan(appraisal=skp, by=world.user_atasan, comment="Target belum terukur")
        services.appraisal_submit_plan(appraisal=skp, by=world.user_pegawai)
    returned = f"Rencana SKP {YEAR} Anda dikembalikan atasan untuk diperbaiki"
    assert [t for t, _ in inbox(world.user_pegawai)] == [returned]
    assert len(inbox(world.user_atasan)) == 2


def test_rated_tells_the_approver_approved_tells_employee_and_evaluator(world, skp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        drive(world, skp, "evaluated")
    assert inbox(world.user_kepala)[-1][0] == f"SKP {YEAR} Dewi Lestari sudah dinilai dan menunggu persetujuan Anda"
    assert inbox(world.user_atasan)[-1][0] == f"Penilaian diri SKP {YEAR} Dewi Lestari menunggu penilaian Anda"
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_approve(appraisal=skp, by=world.user_kepala)
    approved = f"SKP {YEAR} Dewi Lestari sudah disetujui"
    assert inbox(world.user_pegawai)[-1][0] == approved and inbox(world.user_atasan)[-1][0] == approved
    assert not Notification.objects.filter(recipient=world.user_pegawai2).exists()


def test_returned_by_the_approver_tells_evaluator_and_employee(world, skp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        drive(world, skp, "evaluated")
        services.appraisal_return(appraisal=skp, by=world.user_kepala, reason="Bukti kurang")
    title = f"Penilaian SKP {YEAR} Dewi Lestari dikembalikan kepada pejabat penilai"
    assert inbox(world.user_atasan)[-1][0] == title and inbox(world.user_pegawai)[-1][0] == title


def test_objection_lodged_tells_the_decider_decided_tells_the_employee(world, skp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        drive(world, skp, "approved")
        objection = objections.objection_lodge(appraisal=skp, by=world.user_pegawai, reason="Tidak adil")
    assert inbox(world.user_kepala)[-1][0] == f"Keberatan atas SKP {YEAR} Dewi Lestari menunggu keputusan Anda"
    with django_capture_on_commit_callbacks(execute=True):
        objections.objection_decide(objection=objection, by=world.user_kepala, decision="rejected", note="Sudah sesuai")
    assert inbox(world.user_pegawai)[-1][0] == f"Keberatan Anda atas SKP {YEAR} sudah diputus: ditolak"
    assert Notification.objects.get(recipient=world.user_pegawai, key__startswith="performance.objection_decided").body


def test_a_refused_action_tells_nobody(world, skp, django_capture_on_commit_callbacks):
    add_goal(skp, world.user_pegawai)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.appraisal_submit_plan(appraisal=skp, by=world.user_pegawai2)
    assert not Notification.objects.exists()
