"""SIASN pages: HR only, tested from the other side; not-configured notice; fixed query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from siasn import fake
from siasn.models import OutboxItem, PastedToken, PersonChange, PersonPull, PersonRow, UnitChange, UnitFetch

PAGES = ["siasn:home", "siasn:units", "siasn:people", "siasn:outbox", "siasn:outbox-export"]
POSTS = ["siasn:unit-fetch", "siasn:unit-accept-all"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_goes_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/masuk/" in response.url


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["user_pegawai", "user_kepala", "user_atasan", "user_outsider"])
def test_everyone_but_hr_is_refused(client, world, name, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", POSTS)
def test_non_hr_cannot_post(client, world, fake_siasn, name):
    client.force_login(world.user_kepala)
    assert client.post(reverse(name)).status_code == 403
    assert not UnitFetch.objects.exists()


def test_non_hr_cannot_accept_a_person_change(client, world, fake_siasn):
    pull = PersonPull.objects.create(created_by=world.hr, original_name="x.csv", status="done")
    row = PersonRow.objects.create(pull=pull, nip=world.pegawai.nip, employee=world.pegawai, status="fetched")
    change = PersonChange.objects.create(row=row, field="golongan", label="Golongan", new_value="IV/e")
    client.force_login(world.user_kepala)
    response = client.post(reverse("siasn:pull-accept", args=[pull.pk]), {"change": [change.pk]})
    assert response.status_code == 403
    world.pegawai.refresh_from_db()
    assert world.pegawai.golongan == "III/a"


@pytest.mark.parametrize("name", PAGES[:4])
def test_pages_say_when_not_configured(client, world, name):
    client.force_login(world.hr)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "belum dikonfigurasi" in response.content.decode()


def test_menu_shows_siasn_only_to_hr(client, world):
    client.force_login(world.hr)
    assert reverse("siasn:home") in client.get(reverse("home")).content.decode()
    client.force_login(world.user_kepala)
    assert reverse("siasn:home") not in client.get(reverse("home")).content.decode()


def test_settings_page_shows_the_expiry_of_a_pasted_token(client, world, fake_siasn):
    client.force_login(world.hr)
    response = client.post(reverse("siasn:home"), {"token": fake.sso_token(3600)})
    assert response.status_code == 302
    page = client.get(reverse("siasn:home")).content.decode()
    assert "berlaku" in page and "belum dikonfigurasi" not in page
    PastedToken.objects.update(expires_at="2020-01-01T00:00:00Z")
    assert "kedaluwarsa" in client.get(reverse("siasn:home")).content.decode()


def test_pasting_a_garbage_token_is_a_form_error(client, world):
    client.force_login(world.hr)
    response = client.post(reverse("siasn:home"), {"token": "abc"})
    assert response.status_code == 200 and "terlalu pendek" in response.content.decode()
    assert not PastedToken.objects.exists()


def test_upload_without_nip_column_is_a_form_error(client, world, fake_siasn):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.hr)
    upload = SimpleUploadedFile("x.csv", b"Nama;Unit\nA;B\n")
    response = client.post(reverse("siasn:people"), {"file": upload})
    assert response.status_code == 200 and "Kolom NIP tidak ditemukan" in response.content.decode()
    assert not PersonPull.objects.exists()


def _outbox(world, n):
    OutboxItem.objects.bulk_create(
        OutboxItem(
            kind="training",
            record_id=i,
            employee=world.pegawai,
            label=f"Pelatihan {i}",
            endpoint="kursus",
            status="sent" if i % 2 else "failed",
            siasn_id=f"rw-{i}",
        )
        for i in range(1, n + 1)
    )


@pytest.mark.parametrize("size", [3, 120])
def test_outbox_page_query_count_is_fixed(client, world, fake_siasn, django_assert_max_num_queries, size):
    _outbox(world, size)
    client.force_login(world.hr)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("siasn:outbox"), {"status": "failed"})
    assert response.status_code == 200 and "Kirim ulang" in response.content.decode()


@pytest.mark.parametrize("size", [3, 80])
def test_pull_page_query_count_is_fixed(client, world, fake_siasn, django_assert_max_num_queries, size):
    pull = PersonPull.objects.create(created_by=world.hr, original_name="x.csv", status="done", total=size)
    rows = PersonRow.objects.bulk_create(
        PersonRow(pull=pull, nip=f"19900101201501{i:04d}", status="fetched", change_count=2) for i in range(size)
    )
    PersonChange.objects.bulk_create(
        PersonChange(row=r, field=f, label=f, old_display="a", new_display="b")
        for r in rows
        for f in ("name", "golongan")
    )
    client.force_login(world.hr)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("siasn:pull-detail", args=[pull.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('name="change"') == min(size, 25) * 2


@pytest.mark.parametrize("size", [3, 120])
def test_unit_page_query_count_is_fixed(client, world, fake_siasn, django_assert_max_num_queries, size):
    fetch = UnitFetch.objects.create(created_by=world.hr, status="done")
    UnitChange.objects.bulk_create(
        UnitChange(fetch=fetch, kind="renamed", siasn_id=str(i), unit=world.bidang_a, name=f"Bidang {i}")
        for i in range(size)
    )
    client.force_login(world.hr)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("siasn:units")).status_code == 200


def test_outbox_export_is_a_spreadsheet_with_inert_text(client, world, fake_siasn):
    _outbox(world, 2)
    OutboxItem.objects.filter(record_id=2).update(last_error='=HYPERLINK("x")')
    client.force_login(world.hr)
    response = client.get(reverse("siasn:outbox-export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and any(str(r[7]).startswith("'=") for r in rows[1:])


def test_retry_button_queues_the_row_again(client, world, fake_siasn, commit):
    _outbox(world, 2)
    failed = OutboxItem.objects.get(status="failed")
    client.force_login(world.hr)
    response = client.post(reverse("siasn:outbox-retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.last_error) == ("waiting", "")  # queued after the commit


def _profile_queries(client, world) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("employees:employee-detail", args=[world.pegawai.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_profile_shows_siasn_state_with_a_fixed_query_count(client, world, fake_siasn):
    client.force_login(world.user_pegawai)
    _outbox(world, 1)
    few, page = _profile_queries(client, world)
    assert "sudah di SIASN" in page and "Pelatihan 1" in page
    OutboxItem.objects.all().delete()
    _outbox(world, 9)
    many, page = _profile_queries(client, world)
    assert many == few and page.count("siasn-item") == 9


def test_profile_has_no_siasn_section_when_not_configured(client, world):
    client.force_login(world.user_pegawai)
    _count, page = _profile_queries(client, world)
    assert 'id="siasn"' not in page


def test_upload_when_not_configured_says_so_instead_of_failing(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.hr)
    upload = SimpleUploadedFile("export.csv", b"NIP\n198609262015051001\n")
    response = client.post(reverse("siasn:people"), {"file": upload})
    assert response.status_code == 200 and "belum dikonfigurasi" in response.content.decode()
    assert not PersonPull.objects.exists()
