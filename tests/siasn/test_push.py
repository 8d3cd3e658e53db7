"""Approved SKP and certified training reaching the fake SIASN through the outbox."""

import datetime

import pytest
from django.utils import timezone

from employees import events
from performance import periods as performance
from performance.models import Appraisal
from siasn import outbox
from siasn.models import OutboxItem
from tests.conftest import wait_for
from tests.performance.conftest import drive
from training import services as training
from training.models import Enrollment, Institution, TrainingProgram, TrainingSession

YEAR = 2026


def _approved_skp(world, **ratings) -> Appraisal:
    period = performance.period_create(by=world.hr, year=YEAR, cadence="quarterly")
    performance.period_open(period=period, by=world.hr)
    appraisal = Appraisal.objects.get(period=period, employee=world.pegawai)
    return drive(world, appraisal, "approved", **ratings)


def _enrollment(world, **program) -> Enrollment:
    institution = Institution.objects.create(name="BPSDM Provinsi Papua Barat Daya", kind="bpsdm")
    defaults = dict(
        title="Pelayanan Publik Digital",
        kind="teknis",
        competence_type="teknis",
        route="klasikal",
        method="bimtek",
        jp=24,
        institution=institution,
    )
    prog = TrainingProgram.objects.create(**{**defaults, **program})
    start = datetime.date(YEAR, 3, 2)
    session = TrainingSession.objects.create(
        program=prog,
        name="Angkatan I",
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        capacity=10,
        registration_deadline=start,
        status=TrainingSession.Status.FINISHED,
    )
    enrollment = Enrollment.objects.create(
        session=session, employee=world.pegawai, origin="hr", nominated_by=world.hr, status="approved"
    )
    training.enrollment_set_result(enrollment=enrollment, result="completed", by=world.hr)
    return enrollment


@pytest.fixture
def pns_ids(fake_siasn):
    def add(*employees):
        for e in employees:
            fake_siasn.people[e.nip] = {"id": f"pns-{e.nip[-6:]}", "nipBaru": e.nip, "nama": e.name}

    return add


@pytest.mark.celery_worker
def test_approved_skp_reaches_siasn_with_the_contract_json(celery_worker, world, fake_siasn, pns_ids):
    pns_ids(world.pegawai)
    appraisal = _approved_skp(world, results="di_atas", behaviour="sesuai")
    assert wait_for(lambda: OutboxItem.objects.filter(status="sent").exists())
    assert fake_siasn.bodies("/skp22/save") == [
        {
            "id": None,
            "tahun": YEAR,
            "hasilKinerjaNilai": 1,
            "perilakuKerjaNilai": 2,
            "kuadranKinerjaNilai": 2,
            "pnsDinilaiOrang": f"pns-{world.pegawai.nip[-6:]}",
            "penilaiNipNrp": world.atasan.nip,
            "penilaiNama": "Agus Wijaya",
            "penilaiJabatan": "Kepala Bidang Pelayanan Kesehatan",
            "penilaiUnorNama": world.bidang_a.name,
            "penilaiGolongan": 34,
            "statusPenilai": "ASN",
        }
    ]
    item = OutboxItem.objects.get()
    assert (item.kind, item.record_id, item.attempts) == ("skp", appraisal.pk, 1)
    assert item.siasn_id == fake_siasn.records["/skp22/save"][0]["id"]


@pytest.mark.celery_worker
def test_certified_training_reaches_siasn_with_its_certificate(celery_worker, world, fake_siasn, pns_ids, settings):
    settings.MEDIA_ROOT = settings.BASE_DIR / ".test-media"
    pns_ids(world.pegawai)
    enrollment = _enrollment(world)
    certificate = training.certificate_generate(enrollment=enrollment, by=world.hr)
    assert wait_for(lambda: OutboxItem.objects.filter(status="sent").exists())
    assert fake_siasn.bodies("/kursus/save") == [
        {
            "id": None,
            "instansiId": "8271",
            "jenisDiklatId": 8,
            "namaKursus": "Pelayanan Publik Digital",
            "institusiPenyelenggara": "BPSDM Provinsi Papua Barat Daya",
            "jumlahJam": 24,
            "tanggalKursus": "02-03-2026",
            "tanggalSelesaiKursus": "04-03-2026",
            "tahunKursus": YEAR,
            "nomorSertipikat": certificate.code,
            "pnsOrangId": f"pns-{world.pegawai.nip[-6:]}",
        }
    ]
    item = OutboxItem.objects.get()
    assert item.document_sent
    document = fake_siasn.documents[0]
    assert document["id_riwayat"] == item.siasn_id and document["id_ref_dokumen"] == "881"
    assert document["file"].startswith(b"%PDF")


@pytest.mark.celery_worker
def test_leadership_training_goes_to_diklat(celery_worker, world, fake_siasn, pns_ids):
    pns_ids(world.pegawai)
    enrollment = _enrollment(
        world,
        kind="kepemimpinan",
        competence_type="kepemimpinan",
        method="pelatihan",
        leadership_level="pka",
        title="Pelatihan Kepemimpinan Administrator",
    )
    certificate = training.certificate_generate(enrollment=enrollment, by=world.hr)
    assert wait_for(lambda: OutboxItem.objects.filter(status="sent").exists())
    assert fake_siasn.bodies("/diklat/save") == [
        {
            "id": None,
            "latihanStrukturalId": "3",
            "nomor": certificate.code,
            "tanggal": "02-03-2026",
            "tanggalSelesai": "04-03-2026",
            "tahun": YEAR,
            "jumlahJam": 24,
            "institusiPenyelenggara": "BPSDM Provinsi Papua Barat Daya",
            "pnsOrangId": f"pns-{world.pegawai.nip[-6:]}",
        }
    ]
    assert fake_siasn.documents[0]["id_ref_dokumen"] == "874"


@pytest.mark.celery_worker
def test_lost_answer_then_retry_ends_in_one_record(celery_worker, world, fake_siasn, pns_ids, settings):
    """SIASN saves the SKP but answers after the timeout; the retry finds it and updates it, never adds one."""
    settings.SIASN_TIMEOUT = 0.5
    fake_siasn.fail("/apisiasn/1.0/skp22/save", status=0, delay=1.5)
    pns_ids(world.pegawai)
    _approved_skp(world)
    assert wait_for(lambda: OutboxItem.objects.filter(status="sent").exists(), timeout=30)
    item = OutboxItem.objects.get()
    assert item.attempts == 2
    assert len(fake_siasn.records["/skp22/save"]) == 1
    first, second = fake_siasn.bodies("/skp22/save")
    assert first["id"] is None and second["id"] == item.siasn_id == fake_siasn.records["/skp22/save"][0]["id"]


@pytest.mark.celery_worker
def test_server_error_is_retried_with_backoff(celery_worker, world, fake_siasn, pns_ids):
    fake_siasn.fail("/apisiasn/1.0/skp22/save", status=500, times=1)
    pns_ids(world.pegawai)
    _approved_skp(world)
    assert wait_for(lambda: OutboxItem.objects.filter(status="sent").exists(), timeout=30)
    assert OutboxItem.objects.get().attempts == 2
    assert len(fake_siasn.records["/skp22/save"]) == 1


def test_same_event_twice_makes_one_row_and_one_send(world, fake_siasn, pns_ids, commit):
    pns_ids(world.pegawai)
    with commit():
        appraisal = _approved_skp(world)
    with commit():
        events.dispatch("performance.appraisal_approved", appraisal_id=appraisal.pk, by_id=world.hr.pk)
    item = OutboxItem.objects.get()
    assert item.status == "sent"
    outbox.outbox_send(item_id=item.pk)  # a late duplicate task
    assert len(fake_siasn.bodies("/skp22/save")) == 1


def test_a_claimed_row_is_not_sent_by_a_second_worker(world, fake_siasn, pns_ids):
    pns_ids(world.pegawai)
    appraisal = _approved_skp(world)  # no commit: the event's subscriber does not run
    item = OutboxItem.objects.create(
        kind="skp",
        record_id=appraisal.pk,
        employee=world.pegawai,
        label="x",
        endpoint="skp",
        status="sending",
        claimed_at=timezone.now(),
    )
    assert outbox.outbox_send(item_id=item.pk).status == "sending"
    assert fake_siasn.bodies("/skp22/save") == []


def test_resend_of_a_sent_record_carries_its_siasn_id(world, fake_siasn, pns_ids, commit):
    pns_ids(world.pegawai)
    with commit():
        _approved_skp(world)
    item = OutboxItem.objects.get()
    with commit():
        assert outbox.outbox_retry(item=item, by=world.hr)
    item.refresh_from_db()
    assert item.status == "sent"
    assert [b["id"] for b in fake_siasn.bodies("/skp22/save")] == [None, item.siasn_id]
    assert len(fake_siasn.records["/skp22/save"]) == 1


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (
            400,
            {"success": False, "message": "penilaiNipNrp tidak valid"},
            "SIASN menolak data (HTTP 400): penilaiNipNrp",
        ),
        (200, {"success": False, "message": "Data SKP tahun ini sudah ada"}, "SIASN menolak data: Data SKP tahun"),
        (422, {"Error": "Bad Request", "Message": "tahun harus angka"}, "HTTP 422): tahun harus angka"),
    ],
)
def test_refusal_is_kept_in_indonesian_with_the_raw_answer(world, fake_siasn, pns_ids, commit, status, body, message):
    fake_siasn.fail("/apisiasn/1.0/skp22/save", status=status, body=body)
    pns_ids(world.pegawai)
    with commit():
        _approved_skp(world)
    item = OutboxItem.objects.get()
    assert item.status == "failed" and item.attempts == 1 and item.next_attempt_at is None  # not retried
    assert message in item.last_error
    assert str(body["success" if "success" in body else "Message"]).lower() in item.raw_answer.lower()


def test_missing_pns_id_is_a_clear_failure(world, fake_siasn, commit):
    fake_siasn.people[world.pegawai.nip] = {"id": "", "nipBaru": world.pegawai.nip}
    with commit():
        _approved_skp(world)
    item = OutboxItem.objects.get()
    assert item.status == "failed" and "tidak memberi ID PNS" in item.last_error and item.next_attempt_at is None
    assert fake_siasn.bodies("/skp22/save") == []


def test_nothing_enters_the_outbox_when_not_configured(world, commit):
    with commit():
        _approved_skp(world)
    assert not OutboxItem.objects.exists()


def test_sweep_adds_missed_records_and_sends_them(world, fake_siasn, pns_ids, commit):
    pns_ids(world.pegawai)
    _approved_skp(world)  # approved, but the event never ran (no commit in this test)
    assert not OutboxItem.objects.exists()
    with commit():
        result = outbox.outbox_sweep()
    assert result == {"released": 0, "added": 1, "queued": 1}
    assert OutboxItem.objects.get().status == "sent"
    with commit():
        assert outbox.outbox_sweep()["queued"] == 0


def test_sweep_releases_a_row_a_dead_worker_left_claimed(world, fake_siasn, pns_ids, commit):
    pns_ids(world.pegawai)
    appraisal = _approved_skp(world)
    stale = timezone.now() - datetime.timedelta(minutes=30)
    OutboxItem.objects.create(
        kind="skp",
        record_id=appraisal.pk,
        employee=world.pegawai,
        label="x",
        endpoint="skp",
        status="sending",
        claimed_at=stale,
        attempts=1,
    )
    with commit():
        assert outbox.outbox_sweep()["released"] == 1
    assert OutboxItem.objects.get().status == "sent"
