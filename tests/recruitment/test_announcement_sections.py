"""A public announcement page reads only the formation it shows, never the whole frozen snapshot."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recruitment.models import Announcement, AnnouncementFormation

from .test_views import published  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
PASSED = {"Lulus", "Lulus optimalisasi", "Diusulkan ke pejabat pembina kepegawaian", "Memenuhi syarat (MS)"}


def test_publishing_stores_each_formation_with_its_counts(published):  # noqa: F811
    snapshot = json.loads(Announcement.objects.get(pk=published.pk).content)
    sections = list(AnnouncementFormation.objects.filter(announcement=published).order_by("position"))
    assert [s.code for s in sections] == [f["kode"] for f in snapshot["formasi"]]
    for section, formation in zip(sections, snapshot["formasi"], strict=True):
        assert json.loads(section.results) == formation["hasil"]
        assert section.applicants == len(formation["hasil"])
        assert section.passed == sum(1 for r in formation["hasil"] if r["hasil"] in PASSED)
        assert section.summary["kuota"] == formation["kuota"]


def test_public_pages_never_read_the_whole_snapshot(client, published):  # noqa: F811
    formation = AnnouncementFormation.objects.filter(announcement=published, applicants__gt=0).first()
    urls = [
        reverse("recruitment:announcement-detail", args=[published.number]),
        reverse("recruitment:announcement-formation", args=[published.number, formation.code]),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        sql = " ".join(q["sql"] for q in ctx.captured_queries)
        assert '"recruitment_announcement"."content"' not in sql, url
    page = client.get(urls[1]).content.decode()
    assert json.loads(formation.results)[0]["nama"] in page


def test_the_download_stays_the_exact_frozen_bytes(client, published):  # noqa: F811
    raw = client.get(reverse("recruitment:announcement-json", args=[published.number])).content
    assert raw.decode() == Announcement.objects.get(pk=published.pk).content
