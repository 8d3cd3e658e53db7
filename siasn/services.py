"""Pull side of the SIASN synchronisation: the SSO token, units from ref-unor, people from data-utama.

Nothing in the register changes until HR accepts a difference; accepted changes are written through the
`employees` services with "SIASN" as the history's reason.
"""

import logging
import os
from concurrent.futures import ThreadPoolExecutor, as_completed

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees import identifiers, importing
from employees import services as register
from employees.jobs import enqueue
from employees.models import Employee, OrgUnit, User

from . import compare, conf, rules
from .client import NotFound, SiasnClient, SiasnError, jwt_expiry
from .models import PastedToken, PersonChange, PersonPull, PersonRow, UnitChange, UnitFetch

logger = logging.getLogger(__name__)

SOURCE = "SIASN"
PULL_MAX_BYTES = 10 * 1024 * 1024
PULL_MAX_ROWS = 20000
NIP_HEADERS = {"nip", "nip baru", "nipbaru", "nip_baru", "nip / ni pppk"}
PROGRESS_EVERY = 25


def _require_hr(user: User) -> None:
    if not user.is_hr:
        raise PermissionDenied(_("Hanya petugas BKPSDM yang boleh menjalankan sinkronisasi SIASN."))


def _require_enabled() -> None:
    if not conf.enabled():
        raise ValidationError(_("Sinkronisasi SIASN belum dikonfigurasi."))


# --- SSO token --------------------------------------------------------------------------------------------
def token_paste(*, token: str, by: User) -> PastedToken:
    """HR pastes the SSO token copied from SIASN; its expiry is read from the token itself (JWT `exp`)."""
    _require_hr(by)
    token = "".join(token.split()).removeprefix("bearer").removeprefix("Bearer")
    if len(token) < 20:
        raise ValidationError({"token": _("Token SSO terlalu pendek; salin seluruh token dari SIASN.")})
    expires = jwt_expiry(token)
    if expires is not None and expires <= timezone.now():
        raise ValidationError({"token": _("Token SSO ini sudah kedaluwarsa; ambil token baru dari SIASN.")})
    return PastedToken.objects.create(token=token, expires_at=expires, pasted_by=by)


# --- units ------------------------------------------------------------------------------------------------
def unit_fetch_start(*, by: User) -> UnitFetch:
    """Queue a download of ref-unor; the comparison is ready when the job is done."""
    from .tasks import unit_fetch_task

    _require_hr(by)
    _require_enabled()
    fetch = UnitFetch.objects.create(created_by=by)
    enqueue(unit_fetch_task, fetch.pk)
    return fetch


def unit_fetch_run(*, fetch_id: int) -> UnitFetch:
    """Download ref-unor and replace the pending differences with the ones it shows now."""
    # running too: a job retried after its worker died starts again (the comparison replaces the old one)
    if not UnitFetch.objects.filter(pk=fetch_id, status__in=[UnitFetch.Status.QUEUED, UnitFetch.Status.RUNNING]).update(
        status=UnitFetch.Status.RUNNING
    ):
        return UnitFetch.objects.get(pk=fetch_id)
    try:
        remote = SiasnClient().ref_unor()
    except SiasnError as exc:
        logger.warning("ref-unor failed: %s %s", exc.message, exc.raw)
        UnitFetch.objects.filter(pk=fetch_id).update(
            status=UnitFetch.Status.FAILED, message=exc.message, finished_at=timezone.now()
        )
        return UnitFetch.objects.get(pk=fetch_id)
    local = list(OrgUnit.objects.values("id", "name", "parent_id", "siasn_id"))
    changes = compare.unit_changes(remote, local)
    with transaction.atomic():
        UnitChange.objects.filter(status=UnitChange.Status.PENDING).delete()
        UnitChange.objects.bulk_create(UnitChange(fetch_id=fetch_id, **c) for c in changes)
        UnitFetch.objects.filter(pk=fetch_id).update(
            status=UnitFetch.Status.DONE,
            unit_count=len(remote),
            finished_at=timezone.now(),
            message=(
                _("%(n_remote)s unor diambil; %(n_changes)s perbedaan.")
                % {"n_remote": len(remote), "n_changes": len(changes)}
            ),
        )
    return UnitFetch.objects.get(pk=fetch_id)


def _parent_id(change: UnitChange) -> int | None:
    if not change.parent_siasn_id:
        return None
    parent = OrgUnit.objects.filter(siasn_id=change.parent_siasn_id).values_list("pk", flat=True).first()
    if parent is None:
        raise ValidationError(
            _("Terima dulu unit induknya (%(parent_siasn_id)s).")
            % {"parent_siasn_id": change.parent_name or change.parent_siasn_id}
        )
    return parent


@transaction.atomic
def unit_change_accept(*, change_id: int, by: User) -> UnitChange:
    """Apply one difference to the unit tree (PermenPAN-RB unit structure as recorded in SIASN)."""
    _require_hr(by)
    change = UnitChange.objects.select_for_update().get(pk=change_id)
    if change.status != UnitChange.Status.PENDING:
        return change
    apply = register.org_unit_apply_external
    K = UnitChange.Kind
    if change.kind == K.NEW:
        parent = _parent_id(change)
        unit = apply(
            by=by,
            source=SOURCE,
            name=change.name,
            siasn_id=change.siasn_id,
            parent_id=parent,
            kind=rules.unit_kind(change.name, top_level=parent is None),
            head_position=change.head_position,
        )
        change.unit = unit
    elif change.unit_id is None:
        raise ValidationError(_("Unit ini sudah tidak ada di Sorong ASN; ambil ulang data unor."))
    elif change.kind == K.LINK:
        if OrgUnit.objects.filter(pk=change.unit_id).exclude(siasn_id="").exists():
            raise ValidationError(
                _("Unit %(old_value)s sudah tertaut ke unor SIASN lain.") % {"old_value": change.old_value}
            )
        if OrgUnit.objects.filter(siasn_id=change.siasn_id).exclude(pk=change.unit_id).exists():
            raise ValidationError(_("ID unor %(siasn_id)s sudah dipakai unit lain.") % {"siasn_id": change.siasn_id})
        apply(
            by=by,
            source=SOURCE,
            unit_id=change.unit_id,
            siasn_id=change.siasn_id,
            head_position=change.head_position or None,
        )
    elif change.kind == K.RENAMED:
        apply(
            by=by, source=SOURCE, unit_id=change.unit_id, name=change.name, head_position=change.head_position or None
        )
    elif change.kind == K.MOVED:
        apply(by=by, source=SOURCE, unit_id=change.unit_id, parent_id=_parent_id(change))
    elif change.kind == K.GONE:
        register.org_unit_remove(unit_id=change.unit_id, by=by)
        change.unit = None
    change.status, change.accepted_by, change.accepted_at = UnitChange.Status.ACCEPTED, by, timezone.now()
    change.save()
    return change


def unit_changes_accept_all(*, by: User) -> tuple[int, list[str]]:
    """Accept every pending difference: the links in one go, then the rest parents before children, each in its
    own transaction."""
    _require_hr(by)
    accepted, errors = _accept_links(by), []
    for change in UnitChange.objects.filter(status=UnitChange.Status.PENDING).order_by("depth", "kind", "id"):
        try:
            unit_change_accept(change_id=change.pk, by=by)
            accepted += 1
        except ValidationError as exc:
            errors.append(f"{change.name or change.old_value}: {' '.join(exc.messages)}")
    return accepted, errors


@transaction.atomic
def _accept_links(by: User) -> int:
    """The first pull links every existing unit: one bulk update instead of one transaction per unit."""
    links = list(
        UnitChange.objects.select_for_update()
        .filter(status=UnitChange.Status.PENDING, kind=UnitChange.Kind.LINK, unit__isnull=False)
        .values_list("pk", "unit_id", "siasn_id")
    )
    linked = set(register.org_units_link_external(by=by, links={u: s for _, u, s in links}, source=SOURCE))
    done = [pk for pk, unit_id, _ in links if unit_id in linked]
    UnitChange.objects.filter(pk__in=done).update(
        status=UnitChange.Status.ACCEPTED, accepted_by=by, accepted_at=timezone.now()
    )
    return len(done)


# --- people -----------------------------------------------------------------------------------------------
def nips_from_export(data: bytes, filename: str) -> list[str]:
    """The NIPs of an "Export Data ASN" file (CSV or XLSX): the column headed NIP / NIP Baru, in file order."""
    try:
        rows = importing.read_table(data, filename)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if not rows:
        raise ValidationError({"file": _("Berkas kosong.")})
    headers = [" ".join(str(h).lower().split()) for h in rows[0]]
    column = next((i for i, h in enumerate(headers) if h in NIP_HEADERS), None)
    if column is None:
        raise ValidationError({"file": _("Kolom NIP tidak ditemukan; gunakan berkas Export Data ASN dari SIASN.")})
    nips, seen = [], set()
    for row in rows[1:]:
        nip = identifiers.compact(row[column] if column < len(row) else "").lstrip("'")
        if identifiers.looks_like_nip(nip) and nip not in seen:
            seen.add(nip)
            nips.append(nip)
    if not nips:
        raise ValidationError({"file": _("Tidak ada NIP 18 digit di kolom NIP.")})
    if len(nips) > PULL_MAX_ROWS:
        raise ValidationError({"file": (_("Paling banyak %(n)s NIP per berkas.") % {"n": PULL_MAX_ROWS})})
    return nips


@transaction.atomic
def person_pull_create(*, by: User, upload) -> PersonPull:
    """Read the export file's NIPs and queue the job that fetches each one's data-utama."""
    from .tasks import person_pull_task

    _require_hr(by)
    _require_enabled()
    name = os.path.basename(upload.name or "")
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError({"file": _("Jenis berkas harus .xlsx atau .csv.")})
    if upload.size > PULL_MAX_BYTES:
        raise ValidationError({"file": _("Berkas terlalu besar; paling besar 10 MB.")})
    nips = nips_from_export(upload.read(), name)
    pull = PersonPull.objects.create(created_by=by, original_name=name[:255], total=len(nips))
    employees = dict(Employee.objects.filter(nip__in=nips).values_list("nip", "pk"))
    PersonRow.objects.bulk_create(PersonRow(pull=pull, nip=n, employee_id=employees.get(n)) for n in nips)
    enqueue(person_pull_task, pull.pk)
    return pull


def person_pull_resume(*, pull: PersonPull, by: User) -> None:
    """Fetch again the NIPs that failed or were not reached (after a crash, a timeout or an expired token)."""
    from .tasks import person_pull_task

    _require_hr(by)
    with transaction.atomic():
        PersonRow.objects.filter(pull=pull, status=PersonRow.Status.FAILED).update(
            status=PersonRow.Status.WAITING, error=""
        )
        PersonPull.objects.filter(pk=pull.pk).update(status=PersonPull.Status.QUEUED, message="")
        enqueue(person_pull_task, pull.pk)


def person_pull_run(*, pull_id: int) -> PersonPull:
    """Fetch data-utama for every waiting NIP, `SIASN_CONCURRENCY` at a time in threads, then compare.

    Resumable: each answer is stored on its row as it arrives, so a rerun fetches only what is left."""
    if not PersonPull.objects.filter(
        pk=pull_id, status__in=[PersonPull.Status.QUEUED, PersonPull.Status.RUNNING]
    ).update(status=PersonPull.Status.RUNNING, message=""):
        return PersonPull.objects.get(pk=pull_id)
    client = SiasnClient()
    try:  # the tokens once, here: an expired pasted token stops the job instead of failing every NIP
        client.apim_token()
        client.sso_token()
    except SiasnError as exc:
        return _pull_finish(pull_id, status=PersonPull.Status.FAILED, message=exc.message)
    waiting = list(PersonRow.objects.filter(pull_id=pull_id, status=PersonRow.Status.WAITING).values_list("pk", "nip"))
    with ThreadPoolExecutor(max_workers=client.cfg.concurrency) as pool:
        futures = {pool.submit(_fetch_one, client, nip): pk for pk, nip in waiting}
        for count, future in enumerate(as_completed(futures), start=1):
            status, data, error = future.result()
            PersonRow.objects.filter(pk=futures[future]).update(status=status, data=data, error=error[:500])
            if count % PROGRESS_EVERY == 0:
                _progress(pull_id)
    _progress(pull_id)
    compare.person_changes_build(pull_id=pull_id)
    failed = PersonRow.objects.filter(pull_id=pull_id, status=PersonRow.Status.FAILED).count()
    message = f"{failed} NIP gagal diambil; klik Lanjutkan untuk mencoba lagi." if failed else ""
    return _pull_finish(pull_id, status=PersonPull.Status.DONE, message=message)


def _fetch_one(client: SiasnClient, nip: str) -> tuple[str, dict, str]:
    """Runs in a worker thread: HTTP only, no database."""
    try:
        return PersonRow.Status.FETCHED, client.data_utama(nip), ""
    except NotFound:
        return PersonRow.Status.NOT_FOUND, {}, "NIP tidak ditemukan di SIASN."
    except SiasnError as exc:
        return PersonRow.Status.FAILED, {}, exc.message
    except Exception as exc:  # one bad answer must not stop the other NIPs
        logger.exception("data-utama %s", nip)
        return PersonRow.Status.FAILED, {}, f"Kesalahan tak terduga: {type(exc).__name__}"


def _progress(pull_id: int) -> None:
    done = PersonRow.objects.filter(pull_id=pull_id).exclude(status=PersonRow.Status.WAITING).count()
    PersonPull.objects.filter(pk=pull_id).update(done=done)


def _pull_finish(pull_id: int, *, status: str, message: str) -> PersonPull:
    PersonPull.objects.filter(pk=pull_id).update(status=status, message=message, finished_at=timezone.now())
    return PersonPull.objects.get(pk=pull_id)


def person_changes_accept(*, change_ids, by: User) -> tuple[int, list[str]]:
    """Accept the chosen differences, person by person (one person's refusal does not block the others)."""
    _require_hr(by)
    changes = list(
        PersonChange.objects.filter(pk__in=list(change_ids), status=PersonChange.Status.PENDING).select_related("row")
    )
    by_row: dict[int, list[PersonChange]] = {}
    for change in changes:
        by_row.setdefault(change.row_id, []).append(change)
    accepted, errors = 0, []
    for row_changes in by_row.values():
        try:
            accepted += _accept_person(row_changes, by)
        except ValidationError as exc:
            message = "; ".join(exc.messages)
            PersonChange.objects.filter(pk__in=[c.pk for c in row_changes]).update(error=message[:500])
            errors.append(f"{row_changes[0].row.nip}: {message}")
    return accepted, errors


@transaction.atomic
def _accept_person(changes: list[PersonChange], by: User) -> int:
    row = PersonRow.objects.select_for_update().get(pk=changes[0].row_id)
    new_person = next((c for c in changes if c.field == PersonChange.NEW_PERSON), None)
    if new_person is not None:
        employee = register.employee_create(by=by, data=compare.employee_data(new_person.new_value), source=SOURCE)
        row.employee = employee
    elif row.employee_id is None:
        raise ValidationError(_("Pegawai ini belum ada di Sorong ASN; terima dulu sebagai pegawai baru."))
    else:
        values = {c.field: compare.field_value(c.field, c.new_value) for c in changes}
        register.employee_apply_external(employee_id=row.employee_id, by=by, changes=values, source=SOURCE)
    now = timezone.now()
    PersonChange.objects.filter(pk__in=[c.pk for c in changes]).update(
        status=PersonChange.Status.ACCEPTED, accepted_by=by, accepted_at=now, error=""
    )
    row.change_count = row.changes.filter(status=PersonChange.Status.PENDING).count()
    row.save(update_fields=["employee", "change_count"])
    return len(changes)


def person_pull_accept_all_start(*, pull: PersonPull, by: User) -> bool:
    """Queue the acceptance of every pending difference of a pull; once, while it runs."""
    from .tasks import person_accept_all_task

    _require_hr(by)
    if not PersonPull.objects.filter(pk=pull.pk, accepting=False, status=PersonPull.Status.DONE).update(accepting=True):
        return False
    enqueue(person_accept_all_task, pull.pk, by.pk)
    return True


def person_pull_accept_all(*, pull_id: int, user_id: int) -> tuple[int, list[str]]:
    by = User.objects.get(pk=user_id)
    try:
        ids = PersonChange.objects.filter(row__pull_id=pull_id, status=PersonChange.Status.PENDING).values_list(
            "pk", flat=True
        )
        return person_changes_accept(change_ids=list(ids), by=by)
    finally:
        PersonPull.objects.filter(pk=pull_id).update(accepting=False)
