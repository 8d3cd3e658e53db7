"""Push side of the SIASN synchronisation: approved SKP and certified training go out through an outbox.

One `OutboxItem` per (kind, record), whatever the number of events, retries or workers. Sending starts with a
conditional update (waiting/failed → sending) so only one worker sends; a record SIASN already holds carries
its SIASN id, so a resend updates it instead of adding a second one; and after an attempt whose answer was
lost (a timeout) the record is looked up in SIASN's history before it is sent again.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.jobs import enqueue
from employees.models import Employee, User
from performance import selectors as performance_selectors
from training import selectors as training_selectors

from . import conf, rules
from .client import SiasnClient, SiasnError
from .models import OutboxItem, Person

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
STALE_SENDING = timedelta(minutes=10)
SWEEP_DAYS = 30
SWEEP_BATCH = 500
ENDPOINTS = {"skp": "/skp22/save", "kursus": "/kursus/save", "diklat": "/diklat/save"}
ID_KEYS = {"skp": "rwSkpId", "kursus": "rwKursusId", "diklat": "rwDiklatId"}
RIWAYAT = {"skp": "rw-skp22", "kursus": "rw-kursus", "diklat": "rw-diklat"}
DOCUMENT_IDS = {"skp": "891", "kursus": "881", "diklat": "874"}


def backoff(attempts: int) -> int:
    """Seconds before the next automatic attempt: 1, 2, 4, 8, 16 minutes (`SIASN_RETRY_SECONDS` the first)."""
    return conf.config().retry_seconds * 2 ** max(0, attempts - 1)


def _facts(kind: str, record_id: int) -> tuple[int, str, str]:
    """(employee id, label, endpoint) of the record behind an outbox row."""
    if kind == OutboxItem.Kind.SKP:
        appraisal = performance_selectors.appraisal_for_siasn(record_id)
        return appraisal.employee_id, f"SKP {appraisal.period.year} · {appraisal.employee.full_name}", "skp"
    enrollment = training_selectors.enrollment_for_siasn(record_id)
    program = enrollment.session.program
    endpoint = rules.training_endpoint(leadership_level=program.leadership_level)
    return enrollment.employee_id, f"{program.title} · {enrollment.employee.full_name}", endpoint


def outbox_record(*, kind: str, record_id: int) -> OutboxItem | None:
    """Put a record in the outbox (once) and queue its sending; nothing when SIASN is not configured."""
    if not conf.enabled():
        return None
    employee_id, label, endpoint = _facts(kind, record_id)
    try:
        item, _created = OutboxItem.objects.get_or_create(
            kind=kind,
            record_id=record_id,
            defaults={"employee_id": employee_id, "label": label[:300], "endpoint": endpoint},
        )
    except IntegrityError:  # the same event delivered twice at once: the other one made the row
        item = OutboxItem.objects.get(kind=kind, record_id=record_id)
    if item.status == OutboxItem.Status.WAITING:
        _queue(item.pk)
    return item


def _queue(item_id: int, countdown: int | None = None) -> None:
    """One job per attempt: a retry queued from inside the running send is a new job, not a duplicate of it."""
    from .tasks import outbox_send_task

    attempts = OutboxItem.objects.filter(pk=item_id).values_list("attempts", flat=True).first() or 0
    enqueue(outbox_send_task, item_id, countdown=countdown, unique_key=f"siasn.outbox:{item_id}:{attempts}")


def outbox_retry(*, item: OutboxItem, by: User) -> bool:
    """HR sends a row again: a failed one, or a sent one to update SIASN (it keeps its SIASN id)."""
    if not by.is_hr:
        raise PermissionDenied(_("Hanya petugas BKPSDM yang boleh mengirim ulang."))
    changed = OutboxItem.objects.filter(
        pk=item.pk, status__in=[OutboxItem.Status.FAILED, OutboxItem.Status.SENT]
    ).update(status=OutboxItem.Status.WAITING, next_attempt_at=None, last_error="")
    if changed:
        _queue(item.pk)
    return bool(changed)


def outbox_send(*, item_id: int) -> OutboxItem:
    """Send one row, if this call wins the claim; records the SIASN id, or the error and when to retry."""
    now = timezone.now()
    claimed = (
        OutboxItem.objects.filter(pk=item_id, status__in=[OutboxItem.Status.WAITING, OutboxItem.Status.FAILED])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + timedelta(seconds=5)))
        .update(status=OutboxItem.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    item = OutboxItem.objects.get(pk=item_id)
    if not claimed:
        return item  # sent, being sent by another worker, or not due yet
    try:
        _deliver(item, SiasnClient())
    except SiasnError as exc:
        logger.warning("SIASN outbox %s: %s %s", item.pk, exc.message, exc.raw)
        retry = exc.transient and item.attempts < MAX_ATTEMPTS
        item.status = OutboxItem.Status.FAILED
        item.last_error, item.raw_answer = exc.message, exc.raw
        item.next_attempt_at = now + timedelta(seconds=backoff(item.attempts)) if retry else None
    except Exception as exc:  # a bug or missing data must not leave the row claimed forever
        logger.exception("SIASN outbox %s", item.pk)
        item.status, item.next_attempt_at = OutboxItem.Status.FAILED, None
        item.last_error = _("Kesalahan sistem saat menyiapkan data (%(name)s); hubungi admin.") % {
            "name": type(exc).__name__
        }
    else:
        item.status, item.sent_at, item.last_error, item.next_attempt_at = OutboxItem.Status.SENT, now, "", None
    item.save()
    return item


def _deliver(item: OutboxItem, client: SiasnClient) -> None:
    employee = Employee.objects.get(pk=item.employee_id)
    body, document = payload(item, pns_id=pns_id(employee, client))
    if not item.siasn_id and item.attempts > 1:
        item.siasn_id = _already_there(item, client, employee.nip, body)
    body["id"] = item.siasn_id or None
    item.payload = body
    map_data = client.save(ENDPOINTS[item.endpoint], body)
    item.siasn_id = str(map_data.get(ID_KEYS[item.endpoint]) or item.siasn_id or "")
    item.raw_answer = str(map_data)[:4000]
    item.save(update_fields=["siasn_id", "payload", "raw_answer"])  # the id is kept even if the upload fails
    if document is not None and not item.document_sent and item.siasn_id:
        filename, content = document
        client.upload_document(
            id_riwayat=item.siasn_id, id_ref_dokumen=DOCUMENT_IDS[item.endpoint], filename=filename, content=content
        )
        item.document_sent = True


def _already_there(item: OutboxItem, client: SiasnClient, nip: str, body: dict) -> str:
    """After an attempt whose answer never came, the SIASN id of the record if SIASN saved it after all."""
    match = {"skp": ("tahun",), "kursus": ("nomorSertipikat", "tahunKursus"), "diklat": ("nomor", "tahun")}
    keys = match[item.endpoint]
    for row in client.riwayat(RIWAYAT[item.endpoint], nip):
        if all(str(row.get(k)) == str(body.get(k)) for k in keys):
            return str(row.get("id") or "")
    return ""


def pns_id(employee: Employee, client: SiasnClient) -> str:
    """The employee's SIASN PNS id: stored, or read once from data-utama by NIP."""
    known = Person.objects.filter(employee=employee).values_list("pns_id", flat=True).first()
    if known:
        return known
    if not employee.nip:
        raise SiasnError(
            _("%(full_name)s belum punya NIP; tidak dapat dikirim ke SIASN.") % {"full_name": employee.full_name}
        )
    found = str(client.data_utama(employee.nip).get("id") or "")
    if not found:
        raise SiasnError(_("SIASN tidak memberi ID PNS untuk NIP %(nip)s.") % {"nip": employee.nip})
    Person.objects.update_or_create(employee=employee, defaults={"pns_id": found})
    return found


def payload(item: OutboxItem, *, pns_id: str) -> tuple[dict, tuple[str, bytes] | None]:
    """The JSON body for SIASN (integers as numbers, dates dd-mm-yyyy) and the document to upload, if any."""
    if item.kind == OutboxItem.Kind.SKP:
        return skp_payload(item.record_id, pns_id=pns_id), None
    return training_payload(item.record_id, pns_id=pns_id, endpoint=item.endpoint)


def skp_payload(appraisal_id: int, *, pns_id: str) -> dict:
    appraisal = performance_selectors.appraisal_for_siasn(appraisal_id)
    evaluator = appraisal.evaluator
    if evaluator is None:
        raise SiasnError(_("SKP ini tidak mencatat pejabat penilai; tidak dapat dikirim."))
    return {
        "id": None,
        "tahun": appraisal.period.year,
        **rules.skp_values(
            results_rating=appraisal.results_rating,
            behaviour_rating=appraisal.behaviour_rating,
            predikat=appraisal.predikat,
        ),
        "pnsDinilaiOrang": pns_id,
        "penilaiNipNrp": evaluator.nip or "",
        "penilaiNama": evaluator.full_name,
        "penilaiJabatan": evaluator.position_title,
        "penilaiUnorNama": evaluator.unit.name,
        "penilaiGolongan": rules.golongan_id(evaluator.golongan),
        "statusPenilai": "ASN",
    }


def training_payload(enrollment_id: int, *, pns_id: str, endpoint: str) -> tuple[dict, tuple[str, bytes] | None]:
    enrollment = training_selectors.enrollment_for_siasn(enrollment_id)
    session, program = enrollment.session, enrollment.session.program
    certificate = training_selectors.certificate_of(enrollment)
    number = certificate.code if certificate else ""
    cfg = conf.config()
    if endpoint == "diklat":
        body = {
            "id": None,
            "latihanStrukturalId": rules.latihan_struktural_id(program.leadership_level, cfg.latihan_struktural_ids),
            "nomor": number,
            "tanggal": rules.siasn_date(session.start_date),
            "tanggalSelesai": rules.siasn_date(session.end_date),
            "tahun": session.start_date.year,
            "jumlahJam": program.jp,
            "institusiPenyelenggara": program.institution.name,
            "pnsOrangId": pns_id,
        }
    else:
        body = {
            "id": None,
            "instansiId": cfg.instansi_id,
            "jenisDiklatId": rules.jenis_diklat_id(
                kind=program.kind,
                method=program.method,
                competence_type=program.competence_type,
                overrides=cfg.jenis_diklat_ids,
            ),
            "namaKursus": program.title,
            "institusiPenyelenggara": program.institution.name,
            "jumlahJam": program.jp,
            "tanggalKursus": rules.siasn_date(session.start_date),
            "tanggalSelesaiKursus": rules.siasn_date(session.end_date),
            "tahunKursus": session.start_date.year,
            "nomorSertipikat": number,
            "pnsOrangId": pns_id,
        }
    document = None
    if certificate and certificate.file:
        with certificate.file.open("rb") as fh:
            document = (f"sertifikat-{certificate.code}.pdf", fh.read())
    return body, document


def outbox_sweep(*, now=None) -> dict:
    """The safety net: frees rows a dead worker left claimed, adds recent records no event brought in, and
    queues every row whose turn has come. Safe to run at any time, as often as wanted."""
    if not conf.enabled():
        return {"released": 0, "added": 0, "queued": 0}
    now = now or timezone.now()
    released = OutboxItem.objects.filter(status=OutboxItem.Status.SENDING, claimed_at__lt=now - STALE_SENDING).update(
        status=OutboxItem.Status.WAITING
    )
    added = _backfill(since=now - timedelta(days=SWEEP_DAYS))
    due = list(
        OutboxItem.objects.filter(
            Q(status=OutboxItem.Status.WAITING)
            | Q(status=OutboxItem.Status.FAILED, next_attempt_at__isnull=False, next_attempt_at__lte=now)
        ).values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    with transaction.atomic():
        for pk in due:
            _queue(pk)
    return {"released": released, "added": added, "queued": len(due)}


def _backfill(*, since) -> int:
    sent = OutboxItem.objects.filter
    approved = performance_selectors.approved_appraisal_ids(
        since=since, excluding=sent(kind=OutboxItem.Kind.SKP).values("record_id"), limit=SWEEP_BATCH
    )
    certified = training_selectors.certified_enrollment_ids(
        since=since, excluding=sent(kind=OutboxItem.Kind.TRAINING).values("record_id"), limit=SWEEP_BATCH
    )
    rows = [(OutboxItem.Kind.SKP, pk) for pk in approved] + [(OutboxItem.Kind.TRAINING, pk) for pk in certified]
    items = []
    for kind, record_id in rows:
        employee_id, label, endpoint = _facts(kind, record_id)
        items.append(
            OutboxItem(kind=kind, record_id=record_id, employee_id=employee_id, label=label[:300], endpoint=endpoint)
        )
    OutboxItem.objects.bulk_create(items, ignore_conflicts=True)
    return len(items)
