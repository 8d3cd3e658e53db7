"""The ranking runs on a Celery worker: queued once, its outcome left on the round for the page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from recruitment import ranking, rounds
from recruitment.models import Application, RankingStatus, SelectionRound
from tests.conftest import wait_for

from .conftest import make_app


def ranked_ok(casn):
    make_app(casn.nurse, scores=(100, 100, 200, Decimal("80")))
    make_app(casn.nurse, scores=(90, 95, 190, Decimal("70")))
    make_app(casn.nurse, scores=(10, 10, 10, Decimal("70")))  # under the passing grade


def test_hr_queues_the_ranking_and_the_page_shows_the_outcome(client, casn, world, django_capture_on_commit_callbacks):
    ranked_ok(casn)
    client.force_login(world.user_kepala)
    assert client.post(reverse("recruitment:round-rank", args=[casn.round.pk])).status_code == 403
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment:round-rank", args=[casn.round.pk]))
    assert response.status_code == 302
    rnd = SelectionRound.objects.get(pk=casn.round.pk)
    assert rnd.ranking_status == RankingStatus.DONE and rnd.ranked_at
    assert rnd.ranking_message == "Pemeringkatan selesai untuk 3 lamaran."
    assert Application.objects.filter(round=rnd, outcome="passed").count() == 2
    box = client.get(reverse("recruitment:round-rank-status", args=[rnd.pk])).content.decode()
    assert "selesai untuk 3 lamaran" in box and "hx-get" not in box  # finished: the page stops polling


def test_a_second_click_while_it_runs_is_refused(client, casn, world):
    SelectionRound.objects.filter(pk=casn.round.pk).update(
        ranking_status=RankingStatus.RUNNING, ranking_started_at=timezone.now()
    )
    assert ranking.round_rank_queue(rnd=casn.round, by=world.hr) is False
    client.force_login(world.hr)
    response = client.post(reverse("recruitment:round-rank", args=[casn.round.pk]), follow=True)
    assert "Pemeringkatan seleksi ini sedang berjalan" in response.content.decode()
    box = client.get(reverse("recruitment:round-rank-status", args=[casn.round.pk])).content.decode()
    assert "hx-get" in box  # still running: the page keeps polling
    # a worker that died half an hour ago does not block the round
    SelectionRound.objects.filter(pk=casn.round.pk).update(ranking_started_at=timezone.now() - timedelta(minutes=31))
    assert ranking.round_rank_queue(rnd=casn.round, by=world.hr) is True


def test_a_failed_run_changes_nothing_and_says_why(casn, world):
    ranked_ok(casn)
    SelectionRound.objects.filter(pk=casn.round.pk).update(ranking_status=RankingStatus.QUEUED)
    rnd = ranking.round_rank_run(round_id=casn.round.pk, user_id=world.user_kepala.pk)  # not HR (any more)
    assert rnd.ranking_status == RankingStatus.FAILED
    assert rnd.ranking_message.startswith("Pemeringkatan gagal, tidak ada yang berubah: Hanya petugas BKPSDM")
    assert rnd.ranked_at is None and not Application.objects.exclude(outcome="pending").exists()
    again = ranking.round_rank_run(round_id=casn.round.pk, user_id=world.hr.pk)  # not queued: nothing runs
    assert again.ranking_status == RankingStatus.FAILED


def test_queueing_is_for_hr_only(casn, world):
    with pytest.raises(PermissionDenied):
        ranking.round_rank_queue(rnd=casn.round, by=world.user_kepala)
    assert SelectionRound.objects.get(pk=casn.round.pk).ranking_status == RankingStatus.NONE


@pytest.mark.celery_worker
def test_ranking_through_a_real_worker(celery_worker, casn, world):
    ranked_ok(casn)
    assert ranking.round_rank_queue(rnd=casn.round, by=world.hr)  # no surrounding transaction: sent on commit
    wait_for(
        lambda: (
            SelectionRound.objects.get(pk=casn.round.pk).ranking_status in (RankingStatus.DONE, RankingStatus.FAILED)
        )
    )
    rnd = SelectionRound.objects.get(pk=casn.round.pk)
    assert rnd.ranking_status == RankingStatus.DONE, rnd.ranking_message
    assert Application.objects.filter(round=rnd, outcome="passed").count() == 2


def test_finished_ranking_refreshes_the_formation_counts_in_place(client, casn, world):
    ranked_ok(casn)
    client.force_login(world.hr)
    detail = client.get(reverse("recruitment:round-detail", args=[casn.round.pk])).content.decode()
    assert 'data-passed="F-001">0<' in detail
    assert "Muat ulang halaman" not in detail
    SelectionRound.objects.filter(pk=casn.round.pk).update(ranking_status=RankingStatus.QUEUED)
    ranking.round_rank_run(round_id=casn.round.pk, user_id=world.hr.pk)
    box = client.get(reverse("recruitment:round-rank-status", args=[casn.round.pk]), HTTP_HX_REQUEST="true")
    html = box.content.decode()
    assert 'id="round-formations" hx-swap-oob="true"' in html and 'data-passed="F-001">2<' in html
    assert "Muat ulang halaman" not in html
    # a plain (non-htmx) request gets the box alone
    plain = client.get(reverse("recruitment:round-rank-status", args=[casn.round.pk])).content.decode()
    assert "round-formations" not in plain


def test_round_selects_are_labelled_and_publish_defaults_to_the_current_stage(client, casn, world):
    client.force_login(world.hr)
    url = reverse("recruitment:round-detail", args=[casn.round.pk])
    page = client.get(url).content.decode()
    assert '<label class="form-label small" for="id_status">Tahap seleksi</label>' in page
    assert 'class="form-select form-select-sm" id="id_status"' in page or 'id="id_status" class="form-select' in page
    assert '<option value="admin" selected>' in page  # registration: the administrative result
    assert '<td class="code-nowrap"><a href="/rekrutmen/formasi/' in page  # codes do not wrap mid-word
    for stage in ("registration", "admin", "appeal", "skd", "skb"):  # a round moves one stage at a time
        rounds.round_set_status(rnd=casn.round, by=world.hr, status=stage)
    assert '<option value="final" selected>' in client.get(url).content.decode()
