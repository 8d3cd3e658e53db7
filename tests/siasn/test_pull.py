"""Pulling units and people from the fake SIASN and accepting the differences."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from employees.models import Employee, OrgUnit
from siasn import fake, services
from siasn.models import PersonChange, PersonPull, PersonRow, UnitChange

from .conftest import unit_row


@pytest.fixture
def linked(world):
    """The world's two departments and their bidang carry SIASN ids."""
    for unit, sid in ((world.dept_a, "A1"), (world.bidang_a, "A2"), (world.dept_b, "B1"), (world.bidang_b, "B2")):
        OrgUnit.objects.filter(pk=unit.pk).update(siasn_id=sid)
    return world


def _fetch(hr, commit):
    with commit():
        fetch = services.unit_fetch_start(by=hr)  # runs in-process (eager) in these tests
    fetch.refresh_from_db()
    return fetch


def test_unit_differences_new_renamed_moved_gone(linked, fake_siasn, commit):
    w = linked
    fake_siasn.units = [
        unit_row("A1", "Dinas Kesehatan"),
        unit_row("A2", "Bidang Pelayanan Kesehatan Rujukan", parent="A1"),  # renamed
        unit_row("B1", "Dinas Pendidikan dan Kebudayaan"),
        unit_row("B3", "Bidang Pendidikan Dasar", parent="B1", head="Kepala Bidang Pendidikan Dasar"),  # new
        unit_row("B2", f"Bidang Pelayanan {w.dept_b.name}", parent="A1"),  # moved to A1
    ]
    OrgUnit.objects.create(name="Kantor Lama", kind="kantor", siasn_id="Z9")  # gone from SIASN
    fetch = _fetch(w.hr, commit)
    assert fetch.status == "done" and fetch.unit_count == 5
    kinds = dict(UnitChange.objects.values_list("siasn_id", "kind"))
    assert kinds == {"A2": "renamed", "B3": "new", "B2": "moved", "Z9": "gone"}
    assert OrgUnit.objects.filter(name="Bidang Pendidikan Dasar").count() == 0  # nothing changes before acceptance


def test_accepting_unit_differences_writes_history_with_source(linked, fake_siasn, commit):
    w = linked
    fake_siasn.units = [
        unit_row("A1", "Dinas Kesehatan"),
        unit_row("A2", "Bidang Pelayanan Kesehatan Rujukan", parent="A1"),
        unit_row("B1", "Dinas Pendidikan dan Kebudayaan"),
        unit_row("B2", f"Bidang Pelayanan {w.dept_b.name}", parent="B1"),
        unit_row("B3", "Bidang Pendidikan Dasar", parent="B1"),
        unit_row("B4", "Seksi Kurikulum", parent="B3"),
    ]
    _fetch(w.hr, commit)
    child = UnitChange.objects.get(siasn_id="B4")
    with pytest.raises(ValidationError, match="induknya"):
        services.unit_change_accept(change_id=child.pk, by=w.hr)  # its parent is not accepted yet
    renamed = UnitChange.objects.get(siasn_id="A2")
    services.unit_change_accept(change_id=renamed.pk, by=w.hr)
    w.bidang_a.refresh_from_db()
    assert w.bidang_a.name == "Bidang Pelayanan Kesehatan Rujukan"
    assert w.bidang_a.history.first().history_change_reason == "SIASN"
    accepted, errors = services.unit_changes_accept_all(by=w.hr)
    assert (accepted, errors) == (2, [])
    seksi = OrgUnit.objects.get(siasn_id="B4")
    assert seksi.parent.siasn_id == "B3" and seksi.kind == "seksi" and seksi.department_id == w.dept_b.pk


def test_first_pull_links_units_by_name(world, fake_siasn, commit):
    fake_siasn.units = [unit_row("A1", "Dinas Kesehatan"), unit_row("A2", "Bidang Pelayanan Dinas Kesehatan", "A1")]
    _fetch(world.hr, commit)
    assert set(UnitChange.objects.values_list("kind", flat=True)) == {"link"}
    services.unit_changes_accept_all(by=world.hr)
    world.dept_a.refresh_from_db()
    assert world.dept_a.siasn_id == "A1"
    record = world.dept_a.history.first()
    assert (record.history_change_reason, record.history_user) == ("SIASN", world.hr)
    assert OrgUnit.objects.count() == 4  # linked, not duplicated


def test_repeated_names_link_by_place_and_the_government_root_is_skipped(world, fake_siasn, commit):
    for dept in (world.dept_a, world.dept_b):
        OrgUnit.objects.create(name="Bidang Umum", kind="bidang", parent=dept)
    fake_siasn.units = [
        unit_row("R", "Pemerintah Kota Sorong", parent=""),
        unit_row("A1", "Dinas Kesehatan", parent="R"),
        unit_row("A9", "Bidang Umum", parent="A1"),
        unit_row("B1", "Dinas Pendidikan dan Kebudayaan", parent="R"),
        unit_row("B9", "Bidang Umum", parent="B1"),
    ]
    _fetch(world.hr, commit)
    assert sorted(UnitChange.objects.values_list("siasn_id", "kind")) == [
        ("A1", "link"),
        ("A9", "link"),
        ("B1", "link"),
        ("B9", "link"),
    ]
    assert services.unit_changes_accept_all(by=world.hr) == (4, [])
    assert OrgUnit.objects.get(siasn_id="B9").parent_id == world.dept_b.pk
    assert OrgUnit.objects.get(siasn_id="A1").parent_id is None  # still a department


def test_only_hr_pulls(world, fake_siasn, commit):
    with pytest.raises(PermissionDenied):
        services.unit_fetch_start(by=world.user_kepala)


def test_pull_refused_when_not_configured(world):
    with pytest.raises(ValidationError, match="belum dikonfigurasi"):
        services.unit_fetch_start(by=world.hr)


# --- people ---------------------------------------------------------------------------------------------
def _csv(nips, header="NIP Baru;Nama") -> SimpleUploadedFile:
    body = header + "\n" + "".join(f"'{n};Orang\n" for n in nips)
    return SimpleUploadedFile("Export Data ASN.csv", body.encode(), content_type="text/csv")


def _xlsx(nips) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["No", "NIP", "Nama"])
    for i, nip in enumerate(nips, 1):
        book.active.append([i, nip, "Orang"])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("export.xlsx", out.getvalue())


@pytest.fixture
def siasn_people(linked, fake_siasn):
    """SIASN holds pegawai (promoted, new title, moved to bidang B) and pegawai2 (same) and a new person."""
    w = linked
    units = {w.bidang_a.pk: "A2", w.bidang_b.pk: "B2"}
    for emp in (w.pegawai, w.pegawai2):
        emp.refresh_from_db()
        fake_siasn.people[emp.nip] = fake.data_utama(emp, units[emp.unit_id])
    changed = fake_siasn.people[w.pegawai.nip]
    changed.update(golRuangAkhir="III/b", gelarBelakang="S.Kep.", unorId="B2", unorNama="Bidang B")
    newcomer = fake.data_utama(w.pegawai_b, "B2")
    newcomer.update(
        nipBaru="199407172019032917",
        nik="9271015707940917",
        tglLahir="17-07-1994",
        jenisKelamin="F",
        nama="Yuliana Rumbiak",
        tmtCpns="01-03-2019",
    )
    fake_siasn.people["199407172019032917"] = newcomer
    return [w.pegawai.nip, w.pegawai2.nip, "199407172019032917", "199001012015011009"]


def test_export_file_pull_compares_field_by_field(linked, siasn_people, fake_siasn, commit):
    w = linked
    with commit():
        pull = services.person_pull_create(by=w.hr, upload=_csv(siasn_people))
    pull.refresh_from_db()
    assert (pull.status, pull.total, pull.done) == ("done", 4, 4)
    rows = dict(PersonRow.objects.values_list("nip", "status"))
    assert rows["199001012015011009"] == "not_found"
    changes = {(c.row.nip, c.field): c for c in PersonChange.objects.select_related("row")}
    assert set(changes) == {
        (w.pegawai.nip, "golongan"),
        (w.pegawai.nip, "back_title"),
        (w.pegawai.nip, "unit"),
        ("199407172019032917", PersonChange.NEW_PERSON),
    }
    assert changes[(w.pegawai.nip, "golongan")].old_display == "III/a"
    assert changes[(w.pegawai.nip, "golongan")].new_display == "III/b"
    w.pegawai.refresh_from_db()
    assert w.pegawai.golongan == "III/a"  # nothing changes before acceptance


def test_accept_per_field_person_and_new(linked, siasn_people, fake_siasn, commit):
    w = linked
    with commit():
        pull = services.person_pull_create(by=w.hr, upload=_xlsx(siasn_people))
    golongan = PersonChange.objects.get(row__nip=w.pegawai.nip, field="golongan")
    assert services.person_changes_accept(change_ids=[golongan.pk], by=w.hr) == (1, [])
    w.pegawai.refresh_from_db()
    assert w.pegawai.golongan == "III/b" and w.pegawai.back_title == ""
    record = w.pegawai.history.first()
    assert record.history_change_reason == "SIASN" and record.history_user == w.hr
    row = PersonRow.objects.get(pull=pull, nip=w.pegawai.nip)
    rest = list(row.changes.filter(status="pending").values_list("pk", flat=True))
    services.person_changes_accept(change_ids=rest, by=w.hr)
    w.pegawai.refresh_from_db()
    assert (w.pegawai.back_title, w.pegawai.unit_id) == ("S.Kep.", w.bidang_b.pk)
    new = PersonChange.objects.get(field=PersonChange.NEW_PERSON)
    services.person_changes_accept(change_ids=[new.pk], by=w.hr)
    created = Employee.objects.get(nip="199407172019032917")
    assert created.name == "Yuliana Rumbiak" and created.unit == w.bidang_b and created.sex == "P"
    assert created.history.first().history_change_reason == "SIASN"


def test_accept_all_in_bulk(linked, siasn_people, fake_siasn, commit):
    with commit():
        pull = services.person_pull_create(by=linked.hr, upload=_csv(siasn_people))
    with commit():
        assert services.person_pull_accept_all_start(pull=pull, by=linked.hr)
    assert not PersonChange.objects.filter(status="pending").exists()
    assert Employee.objects.filter(nip="199407172019032917").exists()
    pull.refresh_from_db()
    assert not pull.accepting


def test_refused_change_stays_pending_with_reason(linked, siasn_people, fake_siasn, commit):
    fake_siasn.people[linked.pegawai.nip]["golRuangAkhir"] = "IX"  # not a PNS golongan
    with commit():
        services.person_pull_create(by=linked.hr, upload=_csv(siasn_people[:1]))
    change = PersonChange.objects.get(field="golongan")
    accepted, errors = services.person_changes_accept(change_ids=[change.pk], by=linked.hr)
    assert accepted == 0 and errors
    change.refresh_from_db()
    assert change.status == "pending" and change.error


def test_export_without_nip_column_is_refused(linked, fake_siasn, commit):
    with pytest.raises(ValidationError, match="Kolom NIP"):
        services.person_pull_create(by=linked.hr, upload=_csv(["1"], header="Nama;Unit"))
    assert not PersonPull.objects.exists()


def test_pull_is_resumable_and_fetches_only_what_is_left(linked, siasn_people, fake_siasn, settings, commit):
    settings.SIASN_TIMEOUT = 0.4
    fake_siasn.fail("/apisiasn/1.0/pns/data-utama/", status=500, times=2)
    with commit():
        pull = services.person_pull_create(by=linked.hr, upload=_csv(siasn_people))
    pull.refresh_from_db()
    assert PersonRow.objects.filter(pull=pull, status="failed").count() == 2 and "gagal" in pull.message
    before = len([r for r in fake_siasn.requests if "data-utama" in r.path])
    with commit():
        services.person_pull_resume(pull=pull, by=linked.hr)
    after = len([r for r in fake_siasn.requests if "data-utama" in r.path])
    assert after - before == 2  # only the two that failed
    assert not PersonRow.objects.filter(pull=pull, status__in=["failed", "waiting"]).exists()


def test_expired_pasted_token_stops_the_pull_and_keeps_rows_waiting(linked, siasn_people, fake_siasn, settings, commit):
    from siasn.models import PastedToken

    settings.SIASN_SSO_PASSWORD = ""
    PastedToken.objects.create(token=fake.sso_token(-10), expires_at="2020-01-01T00:00:00Z")
    with commit():
        pull = services.person_pull_create(by=linked.hr, upload=_csv(siasn_people))
    pull.refresh_from_db()
    assert pull.status == "failed" and "kedaluwarsa" in pull.message
    assert PersonRow.objects.filter(pull=pull, status="waiting").count() == 4


def test_concurrency_is_bounded(linked, fake_siasn, settings, commit):
    settings.SIASN_CONCURRENCY = 3
    fake_siasn.read_delay = 0.15
    nips = [f"19900101201501{i:04d}" for i in range(1, 13)]
    with commit():
        services.person_pull_create(by=linked.hr, upload=_csv(nips))
    assert 2 <= fake_siasn.max_in_flight <= 3


@pytest.mark.celery_worker
def test_pull_runs_on_a_real_worker(celery_worker, world, fake_siasn):
    from tests.conftest import wait_for

    OrgUnit.objects.filter(pk=world.bidang_a.pk).update(siasn_id="A2")
    world.pegawai.refresh_from_db()
    fake_siasn.people[world.pegawai.nip] = {**fake.data_utama(world.pegawai, "A2"), "golRuangAkhir": "III/c"}
    pull = services.person_pull_create(by=world.hr, upload=_csv([world.pegawai.nip, world.pegawai2.nip]))
    assert wait_for(lambda: PersonPull.objects.get(pk=pull.pk).status == "done")
    change = PersonChange.objects.get()
    assert (change.field, change.new_value) == ("golongan", "III/c")
    assert PersonRow.objects.get(nip=world.pegawai2.nip).status == "not_found"
