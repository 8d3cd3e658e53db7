"""After a POST action the `next` parameter is followed only when it stays on this site."""

import pytest
from django.urls import reverse

from training import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "zzz"])
@pytest.mark.parametrize("action", ["training:enrollment-approve", "training:enrollment-decline"])
def test_next_to_another_site_is_ignored_after_an_action(client, world, session, target, action):
    enrollment = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.hr)
    client.force_login(world.user_kepala)
    response = client.post(reverse(action, args=[enrollment.pk]), {"next": target, "reason": "Kuota habis"})
    assert response.status_code == 302 and response.url == reverse("training:approval-list")


def test_next_on_this_site_is_kept(client, world, session):
    enrollment = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.hr)
    client.force_login(world.user_kepala)
    response = client.post(reverse("training:enrollment-approve", args=[enrollment.pk]), {"next": "/pelatihan/"})
    assert response.status_code == 302 and response.url == "/pelatihan/"
