"""A name search counts its matches only up to a limit: a two-letter term can match most of a province."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees import views
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_ans(world):
    return [EmployeeFactory(name=f"Andi Santoso {i}", unit=world.bidang_a, supervisor=world.atasan) for i in range(6)]


def test_a_common_short_term_says_more_than_the_limit(client, world, many_ans, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_COUNT_LIMIT", 3)
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("employees:employee-list"), {"q": "an"}).content.decode()
    assert "Lebih dari 3 pegawai ditemukan" in page
    assert any("LIMIT 4" in q["sql"] and "COUNT(" in q["sql"] for q in ctx.captured_queries)
    assert "Andi Santoso 0" in page  # the first page still lists the matches, in name order


def test_under_the_limit_the_count_is_exact(client, world, many_ans, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_COUNT_LIMIT", 50)
    client.force_login(world.hr)
    page = client.get(reverse("employees:employee-list"), {"q": "santoso"}).content.decode()
    assert "6 pegawai ditemukan" in page and "Lebih dari" not in page


def test_a_nip_search_and_the_plain_list_count_exactly(client, world, many_ans, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_COUNT_LIMIT", 3)
    client.force_login(world.hr)
    page = client.get(reverse("employees:employee-list")).content.decode()
    assert "Lebih dari" not in page
    page = client.get(reverse("employees:employee-list"), {"q": many_ans[0].nip[:8]}).content.decode()
    assert "Lebih dari" not in page


def test_a_head_searching_sees_only_their_department(client, world, many_ans):
    EmployeeFactory(name="Anton Rumbiak", unit=world.bidang_b, supervisor=world.head_b)
    client.force_login(world.user_kepala)
    page = client.get(reverse("employees:employee-list"), {"q": "an"}).content.decode()
    assert "Andi Santoso 0" in page and "Anton Rumbiak" not in page
