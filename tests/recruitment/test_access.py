"""Anonymous registrations never change a stored person; each application has its own access code."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from recruitment import access, services
from recruitment.models import Applicant, Application
from tests.conftest import wait_for

from .conftest import DATA, make_app
from .test_services import PERSON, _form_round


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the public forms' per-address counters live in the shared cache


def _docs():
    return {k: SimpleUploadedFile(f"{k}.pdf", b"%PDF-1.4", content_type="application/pdf") for k in
            ("ktp", "ijazah", "transkrip")}  # fmt: skip


def _form_post(formation, **changes):
    data = {**PERSON, "formation": formation.pk, "birth_date": "1997-04-02", "gpa": "3.40", **changes}
    return {**data, **_docs()}


@pytest.mark.django_db
def test_public_registration_never_changes_the_stored_person(
    client, world, settings, tmp_path, casn, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    victim = make_app(casn.nurse)  # stored by the SSCASN import of another round
    person = Applicant.objects.get(pk=victim.applicant_id)
    Applicant.objects.filter(pk=person.pk).update(email="asli@contoh.id", address="Jl. Asli")
    before = Applicant.objects.get(pk=person.pk)
    history = before.history.count()
    rnd, formation = _form_round(world)
    typed = {"nik": person.nik, "name": "Penyusup", "birth_date": "1990-01-01", "email": "penyusup@contoh.id",
             "address": "Jl. Lain"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment:register", args=[rnd.pk]), _form_post(formation, **typed))
    assert response.status_code == 302
    after = Applicant.objects.get(pk=person.pk)
    for field in ("name", "birth_date", "email", "address", "phone", "education_level"):
        assert getattr(after, field) == getattr(before, field), field
    assert after.history.count() == history
    app = Application.objects.get(round=rnd)
    assert app.applicant_id == person.pk
    assert app.submitted["name"] == "Penyusup" and app.submitted["birth_date"] == "1990-01-01"
    # the code of the new application opens only the new application, never the victim's
    code = mail.outbox[-1].body.split("Kode akses: ")[1].split()[0]
    assert mail.outbox[-1].to == ["penyusup@contoh.id"]
    assert access.code_matches(app, code) and not access.code_matches(victim, code)
    page = client.post(reverse("recruitment:status"), {"registration_number": victim.registration_number,
                                                       "access_code": code})  # fmt: skip
    assert "tidak cocok" in page.content.decode()


@pytest.mark.django_db
def test_hr_adopts_typed_identity_with_history(client, world, settings, tmp_path, casn):
    settings.MEDIA_ROOT = tmp_path
    person = make_app(casn.nurse).applicant
    rnd, formation = _form_round(world)
    app = services.application_register(rnd=rnd, formation=formation, data={**PERSON, "nik": person.nik},
                                        documents=_docs())  # fmt: skip
    client.force_login(world.user_kepala)
    assert client.post(reverse("recruitment:applicant-adopt", args=[app.pk])).status_code == 403
    client.force_login(world.hr)
    page = client.get(reverse("recruitment:application-detail", args=[app.pk])).content.decode()
    assert "Isian formulir lamaran ini" in page and "Naomi Kalami" in page
    client.post(reverse("recruitment:applicant-adopt", args=[app.pk]))
    person.refresh_from_db()
    assert person.name == "Naomi Kalami" and person.birth_date == datetime.date(1997, 4, 2)
    latest = person.history.latest()
    assert latest.history_user == world.hr and app.registration_number in latest.history_change_reason


@pytest.mark.django_db
def test_code_is_shown_once_mailed_and_stored_only_as_a_hash(
    client, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    rnd, formation = _form_round(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment:register", args=[rnd.pk]), _form_post(formation))
    page = client.get(response["Location"]).content.decode()
    app = Application.objects.get()
    code = page.split('id="access-code">')[1].split("<")[0]
    assert len(access.normalise(code)) >= 10
    assert access.code_matches(app, code)
    assert access.normalise(code) not in app.access_code_hash and code not in str(app.submitted)
    assert app.registration_number in mail.outbox[0].body and code in mail.outbox[0].body
    assert mail.outbox[0].to == [PERSON["email"]]
    again = client.get(response["Location"]).content.decode()
    assert 'id="access-code"' not in again and code not in again


@pytest.mark.django_db
def test_status_and_appeal_need_the_access_code(client, casn):
    app = make_app(casn.nurse, number="2026-7777")
    code = access.access_code_issue(app)
    url = reverse("recruitment:status")
    # the birth date alone opens nothing any more
    page = client.post(url, {"registration_number": "2026-7777", "birth_date": "1996-01-01"}).content.decode()
    assert "Isi sanggahan" not in page
    client.post(reverse("recruitment:status-appeal"), {"text": "Coba"})
    page = client.post(url, {"registration_number": "2026-7777", "access_code": "AAAA-BBBB-CCCC"}).content.decode()
    assert "tidak cocok" in page
    assert not Application.objects.exclude(appeal_text="").exists()
    client.post(url, {"registration_number": "2026-7777", "access_code": access.display(code).lower()})
    assert "Isi sanggahan" in client.get(url).content.decode()
    client.post(reverse("recruitment:status-appeal"), {"text": "Ijazah saya sah."})
    assert Application.objects.get(pk=app.pk).appeal_text == "Ijazah saya sah."


@pytest.mark.django_db
def test_hr_resends_a_new_code_and_the_old_one_stops_working(client, world, casn, django_capture_on_commit_callbacks):
    app = make_app(casn.nurse)
    Applicant.objects.filter(pk=app.applicant_id).update(email="pelamar@contoh.id")
    old = access.access_code_issue(app)
    with pytest.raises(PermissionDenied):
        access.access_code_resend(application=app, by=world.user_kepala)
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:access-code-resend", args=[app.pk]))
    app.refresh_from_db()
    assert not access.code_matches(app, old)
    new = mail.outbox[-1].body.split("Kode akses: ")[1].split()[0]
    assert access.code_matches(app, new) and "Kode lama tidak berlaku lagi" in mail.outbox[-1].body
    Applicant.objects.filter(pk=app.applicant_id).update(email="")
    with pytest.raises(ValidationError, match="tidak memiliki alamat surel"):
        access.access_code_resend(application=Application.objects.get(pk=app.pk), by=world.hr)


@pytest.mark.celery_worker
def test_import_issues_codes_by_mail_on_a_real_worker(celery_worker, casn, world):
    report = services.applicants_import(
        rnd=casn.round, by=world.hr, data=(DATA / "recruitment_applicants.csv").read_bytes(), commit=True
    )
    assert report.ok, report.errors
    apps = Application.objects.filter(round=casn.round)
    assert wait_for(lambda: not apps.filter(access_code_hash="").exists())
    assert wait_for(lambda: len(mail.outbox) == apps.count())
    message = next(m for m in mail.outbox if "2026-0001" in m.body)
    code = message.body.split("Kode akses: ")[1].split()[0]
    assert access.code_matches(apps.get(registration_number="2026-0001"), code)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_with_one_nik_give_one_application(world, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    rnd, formation = _form_round(world)
    start = threading.Barrier(4)
    outcomes = []

    def register():
        try:
            start.wait()
            services.application_register(rnd=rnd, formation=formation, data=dict(PERSON), documents=_docs())
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        except Exception as exc:  # an IntegrityError here is the bug
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert all("sudah terdaftar di seleksi ini" in o for o in outcomes if o != "ok"), outcomes
    assert Application.objects.filter(round=rnd).count() == 1 and Applicant.objects.count() == 1
