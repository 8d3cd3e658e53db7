"""Public announcement pages are stored whole for anonymous visitors, and a correction moves every copy."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from recruitment import ranking, services
from recruitment.models import AnnouncementFormation, Application

from .test_views import published  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _urls(announcement):
    code = AnnouncementFormation.objects.filter(announcement=announcement).order_by("position").first().code
    return [
        reverse("recruitment:announcement-list"),
        reverse("recruitment:announcement-detail", args=[announcement.number]),
        reverse("recruitment:announcement-formation", args=[announcement.number, code]),
        reverse("recruitment:announcement-formation", args=[announcement.number, code]) + "?q=yoh",
    ]


def test_a_second_anonymous_visit_is_one_query_and_the_same_page(client, published, django_assert_num_queries):  # noqa: F811
    for url in _urls(published):
        first = client.get(url)
        assert first.status_code == 200
        with django_assert_num_queries(1):  # which announcements exist: the key of the stored copy
            second = client.get(url)
        assert second.content == first.content, url
        assert second["Content-Security-Policy"], "the middleware still adds its headers to a stored page"


def test_a_correction_moves_every_stored_copy(client, published, casn, world):  # noqa: F811
    detail = reverse("recruitment:announcement-detail", args=[published.number])
    assert "Sudah diganti" not in client.get(detail).content.decode()
    app = Application.objects.filter(round=casn.round, skb__isnull=False).first()
    services.application_decide(application=app, by=world.hr, result="tms", reason="Ijazah tidak sesuai formasi")
    ranking.round_rank(rnd=casn.round, by=world.hr)
    correction = services.announcement_publish(rnd=casn.round, stage="final", by=world.hr, note="Koreksi hasil")
    assert f"No. {correction.number}" in client.get(detail).content.decode()
    assert f"No. {correction.number}" in client.get(reverse("recruitment:announcement-list")).content.decode()


def test_a_signed_in_visitor_is_never_given_nor_gives_a_shared_copy(client, published, world):  # noqa: F811
    url = reverse("recruitment:announcement-detail", args=[published.number])
    client.force_login(world.hr)
    own = client.get(url).content.decode()
    assert world.hr.username in own or "Keluar" in own
    client.logout()
    client.cookies.clear()
    anonymous = client.get(url).content.decode()
    assert "Keluar" not in anonymous
    client.force_login(world.hr)
    assert "Keluar" in client.get(url).content.decode()


def test_with_the_cache_down_the_pages_still_answer(client, published, site_on_own_redis):  # noqa: F811
    site_on_own_redis.stop()
    for url in _urls(published):
        assert client.get(url).status_code == 200
