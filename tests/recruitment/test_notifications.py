"""Recruitment hand-offs: ranking finished → the HR officer who started it; appeal decided → the applicant."""

from decimal import Decimal

from django.core import mail
from django.urls import reverse

from employees.models import Notification, OutgoingMail
from recruitment import ranking, services
from recruitment.models import Applicant

from .conftest import make_app


def test_ranking_finished_tells_the_officer_who_started_it(world, casn, django_capture_on_commit_callbacks):
    make_app(casn.nurse, scores=(100, 100, 200, Decimal("80")))
    with django_capture_on_commit_callbacks(execute=True):
        ranking.round_rank_queue(rnd=casn.round, by=world.hr)
    note = Notification.objects.get(recipient=world.hr)
    assert note.title == "Pemeringkatan Seleksi CPNS Kota Sorong selesai"
    assert note.body == "Pemeringkatan selesai untuk 1 lamaran."
    assert note.url == reverse("recruitment:round-detail", args=[casn.round.pk])
    with django_capture_on_commit_callbacks(execute=True):
        ranking.round_rank_queue(rnd=casn.round, by=world.hr)  # a second run is a second event
    assert Notification.objects.filter(recipient=world.hr).count() == 2


def test_appeal_decided_mails_the_applicant_once(world, casn, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://asn.sorongkota.go.id"
    app = make_app(casn.nurse, result="tms")
    Applicant.objects.filter(pk=app.applicant_id).update(email="pelamar@example.org")
    services.application_appeal(application=app, text="Ijazah saya sudah dilegalisasi.")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(application=app, by=world.hr, decision="accepted", reason="Legalisasi sah")
    (message,) = mail.outbox
    assert message.to == ["pelamar@example.org"]
    assert message.subject == f"Putusan sanggahan {app.registration_number}"
    assert "sudah diputus: diterima" in message.body and "Alasan: Legalisasi sah" in message.body
    assert "https://asn.sorongkota.go.id/rekrutmen/status/" in message.body
    assert 'href="https://asn.sorongkota.go.id/rekrutmen/status/"' in message.alternatives[0][0]
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT


def test_appeal_of_an_applicant_without_email_sends_nothing(world, casn, django_capture_on_commit_callbacks):
    app = make_app(casn.nurse, result="tms")
    services.application_appeal(application=app, text="Mohon ditinjau.")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(application=app, by=world.hr, decision="rejected", reason="Tidak memenuhi syarat")
    assert mail.outbox == [] and not OutgoingMail.objects.exists()
