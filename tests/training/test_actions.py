"""The one workflow POST decorator, tried through real action views of each app."""

import pytest
from django.urls import reverse

from training import services as training_services
from training.models import Enrollment


@pytest.fixture
def pending(world, session):
    return training_services.enrollment_nominate(session=session, employee=world.pegawai, by=world.user_atasan)


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/pelatihan/sesi/", "/pelatihan/sesi/"),  # inside the site: followed
        ("https://evil.example/steal", "/pelatihan/persetujuan/"),  # another host: ignored
        ("//evil.example/steal", "/pelatihan/persetujuan/"),  # scheme-relative: ignored
        ("", "/pelatihan/persetujuan/"),
    ],
)
def test_redirect_follows_only_a_safe_next(client, world, pending, next_url, lands_on):
    client.force_login(world.user_kepala)
    response = client.post(reverse("training:enrollment-approve", args=[pending.pk]), {"next": next_url})
    assert response.status_code == 302 and response["Location"] == lands_on
    pending.refresh_from_db()
    assert pending.status == Enrollment.Status.APPROVED


def test_get_is_refused_and_changes_nothing(client, world, pending):
    client.force_login(world.user_kepala)
    assert client.get(reverse("training:enrollment-approve", args=[pending.pk])).status_code == 405
    pending.refresh_from_db()
    assert pending.status == Enrollment.Status.PENDING


def test_anonymous_goes_to_login_and_changes_nothing(client, world, pending):
    response = client.post(reverse("training:enrollment-approve", args=[pending.pk]))
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    pending.refresh_from_db()
    assert pending.status == Enrollment.Status.PENDING


def test_out_of_scope_object_is_404(client, world, pending):
    client.force_login(world.user_kepala2)  # head of the other department
    assert client.post(reverse("training:enrollment-approve", args=[pending.pk])).status_code == 404


def test_hr_action_refuses_before_looking_anything_up(client, world):
    client.force_login(world.user_kepala)
    assert client.post(reverse("training:enrollment-result", args=[999999])).status_code == 403


def test_session_actions_say_why_a_request_is_refused(world, session):
    from datetime import timedelta

    from django.utils import timezone

    from training import selectors

    actions = selectors.session_actions(session, world.user_pegawai, enrolled=False)
    assert actions["request"] and not actions["nominate"] and not actions["manage"]
    assert not selectors.session_actions(session, world.user_pegawai, enrolled=True)["request"]
    late = selectors.session_actions(
        session, world.user_pegawai, enrolled=False, today=session.registration_deadline + timedelta(days=1)
    )
    assert late["request"].reason == "Batas pendaftaran sudah lewat."
    assert selectors.session_actions(session, world.user_atasan, enrolled=False)["nominate"]
    assert selectors.session_actions(session, world.hr, enrolled=False, today=timezone.localdate())["manage"]


def test_the_session_page_says_in_text_why_a_request_is_refused(client, world, session):
    from django.urls import reverse

    from training import services

    services.enrollment_request(session=session, by=world.user_pegawai)
    client.force_login(world.user_pegawai)
    html = client.get(reverse("training:session-detail", args=[session.pk])).content.decode()
    assert "Minta tempat untuk saya — Anda sudah terdaftar di sesi ini." in html


def test_a_running_session_takes_no_request_on_the_page_nor_in_the_service(world, session):
    import pytest
    from django.core.exceptions import ValidationError

    from training import selectors, services
    from training.models import TrainingSession

    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.RUNNING)
    session.refresh_from_db()
    actions = selectors.session_actions(session, world.user_pegawai, enrolled=False)
    assert (
        not actions["request"] and not selectors.session_actions(session, world.user_atasan, enrolled=False)["nominate"]
    )
    with pytest.raises(ValidationError):
        services.enrollment_request(session=session, by=world.user_pegawai)
