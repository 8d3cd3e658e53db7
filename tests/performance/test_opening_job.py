"""Opening a period runs on a Celery worker: queued once, its outcome left on the period for the page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from performance import opening, periods
from performance.models import Appraisal, AppraisalPeriod, JobStatus
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    return periods.period_create(by=world.hr, year=2031, cadence="quarterly")


def test_hr_queues_the_opening_and_the_page_shows_the_outcome(client, world, draft, django_capture_on_commit_callbacks):
    client.force_login(world.user_kepala)
    assert client.post(reverse("performance:period-open", args=[draft.pk])).status_code == 403
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("performance:period-open", args=[draft.pk]))
    assert response.status_code == 302
    period = AppraisalPeriod.objects.get(pk=draft.pk)
    assert period.status == AppraisalPeriod.Status.OPEN and period.opening_status == JobStatus.DONE
    assert period.opening_message == "Periode dibuka: 6 SKP dibuat."
    assert Appraisal.objects.filter(period=period).count() == 6
    box = client.get(reverse("performance:period-open-status", args=[period.pk])).content.decode()
    assert "6 SKP dibuat" in box and "hx-get" not in box  # finished: the page stops polling


def test_the_request_only_queues(client, world, draft):
    client.force_login(world.hr)
    client.post(reverse("performance:period-open", args=[draft.pk]))  # no commit callbacks run: not sent yet
    period = AppraisalPeriod.objects.get(pk=draft.pk)
    assert period.status == AppraisalPeriod.Status.DRAFT and period.opening_status == JobStatus.QUEUED
    assert not Appraisal.objects.filter(period=period).exists()
    page = client.get(reverse("performance:period-detail", args=[period.pk])).content.decode()
    assert "Dalam antrean" in page.replace("dalam antrean", "Dalam antrean") and "hx-get" in page


def test_a_second_click_while_it_runs_is_refused(client, world, draft):
    AppraisalPeriod.objects.filter(pk=draft.pk).update(opening_status=JobStatus.RUNNING,
                                                        opening_started_at=timezone.now())  # fmt: skip
    assert opening.period_open_queue(period=draft, by=world.hr) is False
    client.force_login(world.hr)
    response = client.post(reverse("performance:period-open", args=[draft.pk]), follow=True)
    assert "sedang dibuka" in response.content.decode()
    # a worker that died half an hour ago does not block the period
    AppraisalPeriod.objects.filter(pk=draft.pk).update(opening_started_at=timezone.now() - timedelta(minutes=31))
    assert opening.period_open_queue(period=draft, by=world.hr) is True


def test_a_failed_run_changes_nothing_and_says_why(world, draft):
    AppraisalPeriod.objects.filter(pk=draft.pk).update(opening_status=JobStatus.QUEUED)
    period = opening.period_open_run(period_id=draft.pk, user_id=world.user_kepala.pk)  # not HR (any more)
    assert period.opening_status == JobStatus.FAILED and period.status == AppraisalPeriod.Status.DRAFT
    assert period.opening_message.startswith("Pembukaan periode gagal, tidak ada yang berubah: ")
    assert not Appraisal.objects.filter(period=period).exists()
    again = opening.period_open_run(period_id=draft.pk, user_id=world.hr.pk)  # not queued: nothing runs
    assert again.opening_status == JobStatus.FAILED


def test_queueing_is_for_hr_only(world, draft):
    with pytest.raises(PermissionDenied):
        opening.period_open_queue(period=draft, by=world.user_kepala)
    assert AppraisalPeriod.objects.get(pk=draft.pk).opening_status == JobStatus.NONE


@pytest.mark.celery_worker
def test_opening_through_a_real_worker(celery_worker, world):
    draft = periods.period_create(by=world.hr, year=2032, cadence="monthly")
    assert opening.period_open_queue(period=draft, by=world.hr)  # no surrounding transaction: sent on commit
    assert wait_for(
        lambda: AppraisalPeriod.objects.get(pk=draft.pk).opening_status in (JobStatus.DONE, JobStatus.FAILED)
    )
    period = AppraisalPeriod.objects.get(pk=draft.pk)
    assert period.opening_status == JobStatus.DONE, period.opening_message
    assert Appraisal.objects.filter(period=period).count() == 6
