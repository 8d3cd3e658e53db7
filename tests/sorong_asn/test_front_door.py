"""The public front door at "/": announcements, open registrations, the status check, certificate checking
and the staff login; a logged-in user keeps the home of their role."""

import datetime

from django.urls import reverse

from recruitment import rounds
from recruitment import services as recruitment
from tests.recruitment.conftest import DATA, casn  # noqa: F401  (the CASN round fixture)
from training.models import Certificate, Enrollment, TrainingSession
from training.rules import certificate_code


def open_round(world, **extra):
    rnd = rounds.round_create(by=world.hr, name="Seleksi PPPK Guru 2026", year=2026, kind="casn",
                                   appointment_type="pppk", public_registration=True, **extra)  # fmt: skip
    rounds.round_set_status(rnd=rnd, by=world.hr, status="registration")
    return rnd


def test_anonymous_visitor_sees_the_front_door(client, world, django_assert_max_num_queries):
    rnd = open_round(world)
    closed = open_round(world, registration_closes=datetime.date.today() - datetime.timedelta(days=1))
    with django_assert_max_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("recruitment:register", args=[rnd.pk]) in page
    assert reverse("recruitment:register", args=[closed.pk]) not in page
    for link in ("recruitment:announcement-list", "recruitment:status", "training:verify-form", "login"):
        assert reverse(link) in page, link
    assert 'name="kode"' in page


def test_front_door_lists_the_latest_announcements(client, casn, world):  # noqa: F811
    recruitment.applicants_import(rnd=casn.round, by=world.hr, commit=True,
                                  data=(DATA / "recruitment_applicants.csv").read_bytes())  # fmt: skip
    announcement = recruitment.announcement_publish(rnd=casn.round, stage="admin", by=world.hr)
    page = client.get("/").content.decode()
    assert reverse("recruitment:announcement-detail", args=[announcement.number]) in page
    assert announcement.title in page


def test_logged_in_user_keeps_the_role_home(client, world):
    client.force_login(world.hr)
    response = client.get("/")
    assert response.context["hr_total"] == 6 and "staff-login" not in response.content.decode()


def test_certificate_code_is_found_however_typed(client, world):
    session = TrainingSession.objects.create(
        program=_program(), name="Angkatan 1", start_date=datetime.date(2026, 3, 2),
        end_date=datetime.date(2026, 3, 3), capacity=5, registration_deadline=datetime.date(2026, 3, 1),
    )  # fmt: skip
    enrollment = Enrollment.objects.create(session=session, employee=world.pegawai, origin="hr",
                                           nominated_by=world.hr, status="approved", result="completed")  # fmt: skip
    Certificate.objects.create(enrollment=enrollment, kind="generated", code="2MEU-MWGE-FK8H", issued_by=world.hr,
                               file="sertifikat/2MEU-MWGE-FK8H.pdf")  # fmt: skip
    for typed in ("2meu mwge fk8h", "2MEUMWGEFK8H", " 2meu-MWGE-fk8h "):
        response = client.get(reverse("training:verify-form"), {"kode": typed})
        assert response.status_code == 200 and "Dewi Lestari" in response.content.decode(), typed
    assert client.get(reverse("training:verify", args=["2meumwgefk8h"])).status_code == 200
    assert client.get(reverse("training:verify-form"), {"kode": "2MEU MWGE FK8"}).status_code == 404
    assert certificate_code("2meu mwge fk8h") == "2MEU-MWGE-FK8H"


def _program():
    from training.models import Institution, TrainingProgram

    institution = Institution.objects.create(name="BPSDM Papua Barat Daya", kind=Institution.Kind.BPSDM)
    return TrainingProgram.objects.create(
        title="Literasi Digital ASN", competence_type="teknis", route="klasikal", method="bimtek", jp=12,
        institution=institution,
    )  # fmt: skip
