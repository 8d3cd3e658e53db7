"""A filter's blank choice says what it means ("Semua status"), never "---------"."""

import pytest
from django.urls import reverse

PAGES = [
    ("user_atasan", "performance:team-list"),
    ("user_kepala", "performance:approval-list"),
    ("hr", "training:program-list"),
    ("hr", "training:session-list"),
    ("hr", "training:under-jp-list"),
    ("hr", "employees:employee-list"),
]


@pytest.mark.parametrize("user, page", PAGES)
def test_filter_blanks_read_semua(client, world, user, page):
    client.force_login(getattr(world, user))
    html = client.get(reverse(page)).content.decode()
    assert "---------" not in html
    assert "Semua " in html


def test_team_filter_blanks_name_their_field(client, world):
    client.force_login(world.user_atasan)
    html = client.get(reverse("performance:team-list")).content.decode()
    assert '<option value="" selected>Semua status</option>' in html
    assert "Semua periode" in html


def test_a_filter_dropped_by_the_view_stays_out_of_the_form(client, world):
    client.force_login(world.user_kepala2)  # a head: no department filter
    response = client.get(reverse("training:under-jp-list"), {"department": world.dept_a.pk})
    assert response.status_code == 200 and "Semua perangkat daerah" not in response.content.decode()
