"""Writes to the employee register. Views check permissions; these functions enforce them again."""

import logging
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from . import events, importing, jobs
from .jobs import enqueue
from .models import AccessLog, Employee, ImportJob, Notification, OrgUnit, User
from .permissions import require_hr

logger = logging.getLogger(__name__)

IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_EXTENSIONS = (".xlsx", ".csv")
EDITABLE_FIELDS = [
    "nip", "nik", "front_title", "name", "back_title", "sex", "birth_place", "birth_date", "employment_type",
    "golongan", "position_title", "position_type", "functional_level", "functional_position", "unit", "supervisor",
    "education_level", "education_major", "tmt_cpns", "tmt_pns", "tmt_contract", "tmt_golongan", "tmt_jabatan",
    "status", "oap_category", "email", "phone", "address",
]  # fmt: skip


def _require_hr(user) -> None:
    require_hr(user, _("Hanya petugas BKPSDM yang boleh mengubah data pegawai."))


@transaction.atomic
def employee_create(*, by: User, data: dict, source: str = "") -> Employee:
    """HR officers register an employee; NIP/NIK/golongan rules from `Employee.clean` (Perka BKN 22/2007).
    `source` names where the data came from (e.g. "SIASN") in the history."""
    _require_hr(by)
    employee = Employee(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    employee.full_clean()
    employee._history_user = by
    employee._change_reason = source or None
    employee.save()
    return employee


@transaction.atomic
def employee_apply_external(*, employee_id: int, by: User, changes: dict, source: str) -> Employee:
    """Apply field values HR accepted from another register (SIASN); checked like a manual edit and kept in
    the history with `source` as the reason, so every such change can be traced to where it came from."""
    _require_hr(by)
    employee = Employee.objects.select_for_update().get(pk=employee_id)
    for key, value in changes.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError(
                _("Kolom %(key)s tidak dapat diubah dari %(source)s.") % {"key": key, "source": source}
            )
        setattr(employee, f"{key}_id" if key in ("unit", "supervisor") else key, value)
    employee.full_clean()
    employee._history_user = by
    employee._change_reason = source
    employee.save()
    return employee


@transaction.atomic
def org_unit_apply_external(
    *,
    by: User,
    source: str,
    unit_id: int | None = None,
    name: str | None = None,
    kind: str | None = None,
    parent_id: int | None | bool = False,
    siasn_id: str | None = None,
    head_position: str | None = None,
) -> OrgUnit:
    """Create (no `unit_id`) or change a unit from another register's unit tree; unset arguments stay as they
    are (`parent_id=False`: keep the parent). The history records `source` as the reason."""
    _require_hr(by)
    unit = OrgUnit.objects.select_for_update().get(pk=unit_id) if unit_id else OrgUnit()
    for attr, value in (("name", name), ("kind", kind), ("siasn_id", siasn_id), ("head_position", head_position)):
        if value is not None:
            setattr(unit, attr, value[: OrgUnit._meta.get_field(attr).max_length])
    if parent_id is not False:
        unit.parent = OrgUnit.objects.get(pk=parent_id) if parent_id else None
    unit.full_clean(exclude=["head", "department"])
    unit._history_user = by
    unit._change_reason = source
    unit.save()
    return unit


@transaction.atomic
def org_units_link_external(*, by: User, links: dict[int, str], source: str) -> list[int]:
    """Record another register's ids (SIASN unor) on units not linked yet, in one statement with their history
    (reason `source`); an id already used by another unit is skipped. Returns the ids of the linked units."""
    _require_hr(by)
    taken = set(OrgUnit.objects.filter(siasn_id__in=list(links.values())).values_list("siasn_id", flat=True))
    units = list(OrgUnit.objects.select_for_update().filter(pk__in=list(links), siasn_id=""))
    changed = []
    for unit in units:
        if links[unit.pk] not in taken:
            unit.siasn_id = links[unit.pk]
            taken.add(unit.siasn_id)
            changed.append(unit)
    bulk_update_with_history(changed, OrgUnit, ["siasn_id"], default_user=by, default_change_reason=source)
    return [u.pk for u in changed]


@transaction.atomic
def org_unit_remove(*, unit_id: int, by: User) -> None:
    """Delete a unit that no longer exists, only when no employee and no unit depends on it."""
    _require_hr(by)
    unit = OrgUnit.objects.select_for_update().get(pk=unit_id)
    if unit.employees.exists() or unit.children.exists():
        raise ValidationError(
            _("Unit %(name)s masih memiliki pegawai atau subunit; pindahkan dulu.") % {"name": unit.name}
        )
    unit._history_user = by
    try:
        unit.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Unit %(name)s masih dipakai catatan lain (SKP, pelatihan); tidak dihapus.") % {"name": unit.name}
        ) from exc


@transaction.atomic
def employee_update(*, employee: Employee, by: User, data: dict) -> Employee:
    """HR officers correct an employee's data; every change is kept in the history."""
    _require_hr(by)
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    for key, value in data.items():
        if key in EDITABLE_FIELDS:
            setattr(employee, key, value)
    employee.full_clean()
    employee._history_user = by
    employee.save()
    return employee


def access_log_record(*, actor: User, what: str, employee: Employee | None = None, detail: str = "", ip=None):
    """Record a full view of someone else's personal data or an export (UU 27/2022)."""
    return AccessLog.objects.create(actor=actor, employee=employee, what=what, detail=detail[:500], ip_address=ip)


def notifications_mark_read(*, user: User) -> int:
    """Mark every unread notification of this user as read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


def notification_email_mode_set(*, user: User, email_mode: str) -> User:
    """Each user chooses: one e-mail per event at once, or everything in the daily digest."""
    if email_mode not in User.EmailMode.values:
        raise ValidationError({"email_mode": _("Pilihan tidak dikenal.")})
    User.objects.filter(pk=user.pk).update(email_mode=email_mode)
    user.email_mode = email_mode
    return user


def import_job_create(*, by: User, upload) -> ImportJob:
    """Store the upload (private media) and run the dry run; the job keeps every row error."""
    _require_hr(by)
    name = os.path.basename(upload.name or "")
    if not name.lower().endswith(IMPORT_EXTENSIONS):
        raise ValidationError({"file": _("Jenis berkas harus .xlsx atau .csv.")})
    if upload.size > IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("Berkas terlalu besar; paling besar 10 MB.")})
    data = upload.read()
    try:
        rows = importing.read_table(data, name)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    result = importing.validate_table(rows)
    job = ImportJob(created_by=by, original_name=name[:255], total_rows=result.total_rows)
    job.errors = [e.as_dict() for e in result.errors]
    job.file.save(f"impor-{timezone.now():%Y%m%d%H%M%S}{os.path.splitext(name)[1].lower()}", ContentFile(data))
    return job


def import_job_queue(*, job: ImportJob, by: User) -> bool:
    """Queue the commit of a clean dry run, once: the conditional update is the lock against double clicks."""
    from .tasks import import_job_run_task

    _require_hr(by)
    changed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATED, errors=[]).update(
        status=ImportJob.Status.QUEUED
    )
    if changed:
        enqueue(import_job_run_task, job.pk, unique_key=import_job_key(job.pk))
    return bool(changed)


def import_job_key(job_id: int) -> str:
    return f"employees.import:{job_id}"


def import_job_abandon(*, job_id: int) -> bool:
    """The job running an import gave up (its worker died again and again): the page says so."""
    return bool(
        ImportJob.objects.filter(pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]).update(
            status=ImportJob.Status.FAILED,
            processed_rows=0,
            finished_at=timezone.now(),
            message=(_("Impor gagal, tidak ada yang disimpan: %(reason)s") % {"reason": jobs.GAVE_UP}),
        )  # fmt: skip
    )


def import_job_run(*, job_id: int) -> ImportJob:
    """Re-validate (the register may have changed since the dry run) and insert all rows or none."""
    # "running" too: a retry after a worker died mid-import (the job row's claim stops a double run)
    if not ImportJob.objects.filter(pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]).update(
        status=ImportJob.Status.RUNNING, processed_rows=0
    ):
        return ImportJob.objects.get(pk=job_id)  # already run by another worker or a retry
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        with job.file.open("rb") as fh:
            rows = importing.read_table(fh.read(), job.original_name)
        result = importing.validate_table(rows)
        if not result.ok:
            return _import_finish(job, status=ImportJob.Status.FAILED, errors=[e.as_dict() for e in result.errors],
                                  message=_("Data berubah sejak pemeriksaan; tidak ada yang disimpan."))  # fmt: skip
        with _ProgressWriter(job.pk) as progress:
            created = importing.commit(result, by=job.created_by, progress=progress)
    except Exception:
        logger.exception("import %s failed", job_id)  # the details are for the log, not the page
        return _import_finish(
            job, status=ImportJob.Status.FAILED,
            message=_("Impor gagal karena kesalahan sistem; tidak ada yang disimpan. Hubungi admin bila berulang."),
        )  # fmt: skip
    return _import_finish(job, status=ImportJob.Status.DONE, created=created,
                          message=(_("%(n)s pegawai berhasil diimpor.") % {"n": created}))  # fmt: skip


def _import_finish(job, *, status, message, errors=None, created=0) -> ImportJob:
    job.status, job.message, job.created_count, job.finished_at = status, message, created, timezone.now()
    fields = ["status", "message", "created_count", "finished_at"]
    # done: every row; failed: none (the progress written during the rolled-back commit is void)
    job.processed_rows = job.total_rows if status == ImportJob.Status.DONE else 0
    fields.append("processed_rows")
    if errors is not None:
        job.errors = errors
        fields.append("errors")
    job.save(update_fields=fields)
    events.publish("employees.import_finished", job_id=job.pk)
    return job


class _ProgressWriter:
    """Writes `processed_rows` while the import's own transaction is still open.

    On PostgreSQL through a second, autocommit connection so the progress page sees it before the
    commit; elsewhere (SQLite allows one writer) it just updates in the same transaction.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None

    def __enter__(self):
        if connections["default"].vendor == "postgresql":
            self.side = connections.create_connection("default")
        return self

    def __call__(self, done: int) -> None:
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute("UPDATE employees_importjob SET processed_rows = %s WHERE id = %s", [done, self.job_id])
        else:
            ImportJob.objects.filter(pk=self.job_id).update(processed_rows=done)

    def __exit__(self, *exc):
        if self.side is not None:
            self.side.close()
        return False
