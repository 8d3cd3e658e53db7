"""A section a role cannot use shows no menu entry and answers 403, instead of an empty page."""

import pytest
from django.urls import reverse

from recruitment.models import PanelMember
from tests.recruitment.conftest import casn  # noqa: F401  (the CASN round fixture)

# (URL name, the menu link's text) of sections a plain civil servant (no reports, heads nothing) cannot use
NOT_FOR_STAFF = [
    "recruitment:round-list",
    "performance:team-list",
    "performance:approval-list",
    "performance:objection-list",
    "performance:follow-up",
    "performance:period-list",
    "training:approval-list",
    "training:under-jp-list",
    "training:institution-list",
    "training:needs-plan",
    "training:feedback-summary",
    "training:external-review",
    "dashboard",
    "employees:import-start",
]


@pytest.mark.parametrize("name", NOT_FOR_STAFF)
def test_civil_servant_gets_403_and_no_menu_entry(client, world, name):
    client.force_login(world.user_pegawai)
    url = reverse(name)
    assert client.get(url).status_code == 403
    assert f'href="{url}"' not in client.get(reverse("employees:unit-tree")).content.decode()


def test_recruitment_is_open_to_hr_heads_and_panel_members(client, world, casn):  # noqa: F811
    url = reverse("recruitment:round-list")
    for user in (world.hr, world.user_kepala):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert f'href="{url}"' in client.get(reverse("employees:unit-tree")).content.decode()
    PanelMember.objects.create(stage=casn.round.stages.first(), user=world.user_pegawai)
    client.force_login(world.user_pegawai)
    assert client.get(url).status_code == 200  # a panel member still reaches the stage through the list
