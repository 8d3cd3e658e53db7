"""Publishing an announcement runs on a Celery worker: queued once, its outcome left on the round."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from recruitment import publishing, ranking
from recruitment.models import Announcement, RankingStatus, SelectionRound
from tests.conftest import wait_for

from .conftest import make_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(casn, world):
    make_app(casn.nurse, scores=(100, 100, 200, Decimal("80")))
    make_app(casn.nurse, scores=(90, 95, 190, Decimal("70")))
    ranking.round_rank(rnd=casn.round, by=world.hr)
    return casn.round


def test_hr_queues_the_publication_and_the_page_links_it(client, world, ranked, django_capture_on_commit_callbacks):
    url = reverse("recruitment:round-publish", args=[ranked.pk])
    client.force_login(world.user_kepala)
    assert client.post(url, {"stage": "final"}).status_code == 403
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"stage": "final"})
    assert response.status_code == 302 and response.url == reverse("recruitment:round-detail", args=[ranked.pk])
    announcement = Announcement.objects.get()
    rnd = SelectionRound.objects.get(pk=ranked.pk)
    assert rnd.publish_status == RankingStatus.DONE and rnd.publish_number == announcement.number
    box = client.get(reverse("recruitment:round-publish-status", args=[rnd.pk])).content.decode()
    assert reverse("recruitment:announcement-detail", args=[announcement.number]) in box and "hx-get" not in box


def test_a_failed_publication_publishes_nothing_and_says_why(client, world, casn, django_capture_on_commit_callbacks):
    client.force_login(world.hr)  # not ranked yet: the final results cannot be announced
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:round-publish", args=[casn.round.pk]), {"stage": "final"})
    rnd = SelectionRound.objects.get(pk=casn.round.pk)
    assert rnd.publish_status == RankingStatus.FAILED and not Announcement.objects.exists()
    assert rnd.publish_message == (
        "Penerbitan gagal, tidak ada yang diumumkan: Jalankan pemeringkatan dahulu sebelum mengumumkan hasil akhir."
    )
    page = client.get(reverse("recruitment:round-detail", args=[rnd.pk])).content.decode()
    assert "Jalankan pemeringkatan dahulu" in page


def test_a_second_click_while_it_runs_is_refused(client, world, ranked):
    SelectionRound.objects.filter(pk=ranked.pk).update(publish_status=RankingStatus.RUNNING,
                                                       publish_started_at=timezone.now())  # fmt: skip
    assert publishing.announcement_publish_queue(rnd=ranked, stage="final", note="", by=world.hr) is False
    client.force_login(world.hr)
    response = client.post(reverse("recruitment:round-publish", args=[ranked.pk]), {"stage": "final"}, follow=True)
    assert "sedang berjalan" in response.content.decode() and not Announcement.objects.exists()
    SelectionRound.objects.filter(pk=ranked.pk).update(publish_started_at=timezone.now() - timedelta(minutes=31))
    assert publishing.announcement_publish_queue(rnd=ranked, stage="final", note="", by=world.hr) is True


def test_queueing_is_for_hr_only_and_checks_the_stage(world, ranked):
    with pytest.raises(PermissionDenied):
        publishing.announcement_publish_queue(rnd=ranked, stage="final", note="", by=world.user_kepala)
    client_error = None
    try:
        publishing.announcement_publish_queue(rnd=ranked, stage="zzz", note="", by=world.hr)
    except Exception as exc:  # the type is what is checked
        client_error = exc
    assert "Tahap pengumuman tidak dikenal" in str(client_error)
    assert SelectionRound.objects.get(pk=ranked.pk).publish_status == RankingStatus.NONE


@pytest.mark.celery_worker
def test_publication_through_a_real_worker(celery_worker, world, ranked):
    assert publishing.announcement_publish_queue(rnd=ranked, stage="final", note="", by=world.hr)
    assert wait_for(
        lambda: SelectionRound.objects.get(pk=ranked.pk).publish_status in (RankingStatus.DONE, RankingStatus.FAILED)
    )
    rnd = SelectionRound.objects.get(pk=ranked.pk)
    assert rnd.publish_status == RankingStatus.DONE, rnd.publish_message
    assert Announcement.objects.get().number == rnd.publish_number
