"""Writes of the recruitment app (PermenPANRB 6/2024; KepmenPANRB 321/2024; docs/rules.md)."""

import hashlib
import json
import logging
import secrets
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from employees import events
from employees.models import Employee, User
from employees.permissions import require_hr
from employees.uploads import upload_check

from . import access, csvio, eligibility, publication
from .models import (
    Announcement,
    AnnouncementFormation,
    Applicant,
    Application,
    ApplicationDocument,
    Formation,
    Outcome,
    SelectionRound,
)

logger = logging.getLogger(__name__)


def _require_hr(user) -> None:
    require_hr(user, _("Hanya petugas BKPSDM yang boleh mengelola seleksi."))


# --- administrative selection ----------------------------------------------------------------


def _requirements(formation: Formation) -> eligibility.Requirements:
    return eligibility.Requirements(
        education_levels=formation.education_levels or [],
        majors=formation.majors or [],
        min_gpa=formation.min_gpa,
        max_age=formation.max_age,
        age_cutoff=formation.age_cutoff,
        category=formation.category,
    )


def _candidate(applicant: Applicant, documents=()) -> eligibility.Candidate:
    return eligibility.Candidate(
        education_level=applicant.education_level,
        major=applicant.major,
        gpa=applicant.gpa,
        birth_date=applicant.birth_date,
        oap_category=applicant.oap_category,
        documents=tuple(documents),
    )


def _submitted_candidate(submitted: dict, documents=()) -> eligibility.Candidate:
    return eligibility.Candidate(
        education_level=submitted["education_level"],
        major=submitted.get("major", ""),
        gpa=Decimal(submitted["gpa"]) if submitted.get("gpa") else None,
        birth_date=date.fromisoformat(submitted["birth_date"]),
        oap_category=submitted.get("oap_category", ""),
        documents=tuple(documents),
    )


def _auto_check(application: Application, *, documents=None) -> None:
    """Fill the automatic MS/TMS result and its reasons (saved by the caller).

    A form registration is checked against what was typed on it (qualifications change between rounds)."""
    required = application.source == Application.Source.FORM
    if application.submitted:
        candidate = _submitted_candidate(application.submitted, documents or ())
    else:
        candidate = _candidate(application.applicant, documents or ())
    reasons = eligibility.check(
        _requirements(application.formation),
        candidate,
        documents_required=required,
    )
    application.auto_reasons = reasons
    application.auto_result = Application.Result.TMS if reasons else Application.Result.MS


@transaction.atomic
def round_check_all(*, rnd: SelectionRound, by: User) -> int:
    """Re-run the automatic check for every application without an officer's decision."""
    _require_hr(by)
    apps = list(
        Application.objects.filter(round=rnd, admin_result="")
        .select_related("formation", "applicant")
        .prefetch_related("documents")
    )
    now = timezone.now()
    for app in apps:
        _auto_check(app, documents=[d.kind for d in app.documents.all()])
        app.updated_at = now
    Application.objects.bulk_update(apps, ["auto_result", "auto_reasons", "updated_at"], batch_size=500)
    return len(apps)


@transaction.atomic
def application_decide(*, application: Application, by: User, result: str, reason: str) -> Application:
    """The officer confirms or overrides the automatic result; a reason is always required and kept in history."""
    _require_hr(by)
    if result not in Application.Result.values:
        raise ValidationError(_("Hasil harus MS atau TMS."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Alasan wajib diisi, juga saat mengonfirmasi hasil otomatis.")})
    app = Application.objects.select_for_update().get(pk=application.pk)
    app.admin_result = result
    app.admin_reason = reason.strip()
    app.admin_decided_by = by
    app.admin_decided_at = timezone.now()
    app._change_reason = f"Keputusan administrasi: {reason.strip()}"[:100]
    app.save()
    return app


@transaction.atomic
def application_appeal(*, application: Application, text: str, today: date | None = None) -> Application:
    """The applicant files one appeal (sanggahan) within the round's window (masa sanggah)."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Isi sanggahan wajib diisi.")})
    if csvio.HTML.search(text):
        raise ValidationError({"text": _("Sanggahan tidak boleh berisi tanda < atau > (HTML).")})
    app = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if not app.round.appeal_open_on(today):
        if app.round.appeal_closes and today > app.round.appeal_closes:
            raise ValidationError(
                _("Masa sanggah sudah berakhir pada %(date_id)s; sanggahan tidak dapat diajukan lagi.")
                % {"date_id": eligibility.date_id(app.round.appeal_closes)}
            )
        raise ValidationError(_("Masa sanggah belum dibuka untuk seleksi ini."))
    if app.appeal_filed_at:
        raise ValidationError(_("Sanggahan sudah pernah diajukan untuk lamaran ini."))
    app.appeal_text = text[:3000]
    app.appeal_filed_at = timezone.now()
    app._change_reason = "Sanggahan diajukan"
    app.save()
    return app


@transaction.atomic
def appeal_decide(*, application: Application, by: User, decision: str, reason: str) -> Application:
    """An upheld appeal turns the administrative result to MS; either way the reason is shown to the applicant."""
    _require_hr(by)
    if decision not in Application.AppealDecision.values:
        raise ValidationError(_("Putusan harus diterima atau ditolak."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Alasan putusan sanggahan wajib diisi.")})
    app = Application.objects.select_for_update().get(pk=application.pk)
    if not app.appeal_filed_at:
        raise ValidationError(_("Lamaran ini tidak memiliki sanggahan."))
    if app.appeal_decision:
        raise ValidationError(_("Sanggahan ini sudah diputus."))
    app.appeal_decision = decision
    app.appeal_reason = reason.strip()
    app.appeal_decided_at = timezone.now()
    if decision == Application.AppealDecision.ACCEPTED:
        app.admin_result = Application.Result.MS
        app.admin_reason = f"Sanggahan diterima: {reason.strip()}"
        app.admin_decided_by = by
        app.admin_decided_at = app.appeal_decided_at
    app._change_reason = f"Putusan sanggahan: {decision}"
    app.save()
    events.publish("recruitment.appeal_decided", application_id=app.pk)
    return app


# --- applicants ------------------------------------------------------------------------------


def applicants_import(*, rnd: SelectionRound, by: User, data: bytes, commit: bool) -> csvio.Report:
    """Dry run or all-or-nothing import of the SSCASN export; one application per NIK per round."""
    _require_hr(by)
    report = csvio.Report()
    formations = {f.code: f for f in Formation.objects.filter(round=rnd)}
    rows = csvio.read_rows(data, csvio.APPLICANT_COLUMNS, report)
    seen_nik, seen_number = {}, {}
    for number, row in rows:
        clean = csvio.check_applicant_row(number, row, report, formations=formations)
        if clean is None:
            continue
        if clean["nik"] in seen_nik:
            report.add(
                number,
                "nik",
                (_("NIK sama dengan baris %(nik)s: satu NIK satu lamaran.") % {"nik": seen_nik[clean["nik"]]}),
            )
            continue
        if clean["no_peserta"] in seen_number:
            report.add(
                number,
                "no_peserta",
                (
                    _("Nomor peserta sama dengan baris %(no_peserta)s.")
                    % {"no_peserta": seen_number[clean["no_peserta"]]}
                ),
            )
            continue
        seen_nik[clean["nik"]] = seen_number[clean["no_peserta"]] = number
        report.rows.append((number, clean))
    if seen_nik:
        taken = dict(
            Application.objects.filter(round=rnd, applicant__nik__in=list(seen_nik)).values_list(
                "applicant__nik", "registration_number"
            )
        )
        for nik, reg in taken.items():
            report.add(
                seen_nik[nik], "nik", (_("NIK ini sudah melamar di seleksi ini (nomor %(reg)s).") % {"reg": reg})
            )
        used = set(
            Application.objects.filter(registration_number__in=list(seen_number)).values_list(
                "registration_number", flat=True
            )
        )
        for reg in used:
            report.add(seen_number[reg], "no_peserta", (_("Nomor peserta %(reg)s sudah terdaftar.") % {"reg": reg}))
    report.errors.sort(key=lambda e: (e["row"], e["column"]))
    if report.ok and commit:
        _applicants_save(rnd=rnd, by=by, rows=[clean for _, clean in report.rows], formations=formations)
    return report


@transaction.atomic
def _applicants_save(*, rnd: SelectionRound, by: User, rows: list[dict], formations: dict[str, Formation]):
    existing = Applicant.objects.in_bulk([r["nik"] for r in rows], field_name="nik")
    new, changed = [], []
    for r in rows:
        values = dict(
            name=r["nama"], sex=r["jenis_kelamin"], birth_place=r["tempat_lahir"], birth_date=r["tanggal_lahir"],
            education_level=r["pendidikan"], major=r["jurusan"], gpa=r["ipk"], oap_category=r["kategori_oap"],
            email=r["email"], phone=r["telepon"][:20], address=r["alamat"],
        )  # fmt: skip
        person = existing.get(r["nik"])
        if person is None:
            new.append(Applicant(nik=r["nik"], **values))
        else:
            for k, v in values.items():
                setattr(person, k, v)
            changed.append(person)
    if new:
        bulk_create_with_history(new, Applicant, batch_size=500, default_user=by)
    if changed:
        bulk_update_with_history(changed, Applicant, fields=list(values), batch_size=500, default_user=by)
    people = Applicant.objects.in_bulk([r["nik"] for r in rows], field_name="nik")
    apps = []
    for r in rows:
        app = Application(
            round=rnd, formation=formations[r["kode_formasi"]], applicant=people[r["nik"]],
            registration_number=r["no_peserta"], source=Application.Source.IMPORT,
        )  # fmt: skip
        _auto_check(app)
        apps.append(app)
    created = bulk_create_with_history(apps, Application, batch_size=500, default_user=by,
                                       default_change_reason="Impor SSCASN")  # fmt: skip
    # each imported applicant gets an access code by e-mail, made on the worker
    access.access_codes_queue([a.pk for a in created])


def check_upload(upload) -> None:
    """Applicants' documents: PDF, JPG or PNG (by name and by content), at most 5 MB."""
    upload_check(upload, max_mb=5)


def _registration_number(rnd: SelectionRound) -> str:
    # Random, so that numbers cannot be walked through on the status page.
    while True:
        number = f"{rnd.year}{rnd.pk:03d}-{secrets.randbelow(10**8):08d}"
        if not Application.objects.filter(registration_number=number).exists():
            return number


@transaction.atomic
def application_register(*, rnd: SelectionRound, formation: Formation, data: dict, documents: dict,
                         today: date | None = None) -> Application:  # fmt: skip
    """Public form for rounds run by the region: no account; documents KTP, ijazah, transkrip required."""
    today = today or timezone.localdate()
    if not rnd.registration_open_on(today):
        raise ValidationError(_("Pendaftaran untuk seleksi ini tidak sedang dibuka."))
    if formation.round_id != rnd.pk:
        raise ValidationError({"formation": _("Formasi tidak termasuk seleksi ini.")})
    missing = [k for k in eligibility.REQUIRED_DOCUMENTS if not documents.get(k)]
    if missing:
        raise ValidationError(_("Dokumen wajib belum diunggah: %(join)s.") % {"join": ", ".join(missing)})
    for upload in documents.values():
        check_upload(upload)
    nik = data["nik"]
    fields = {k: data[k] for k in SUBMITTED_FIELDS}
    applicant, created = Applicant.objects.get_or_create(nik=nik, defaults=fields)
    # The person's row is the lock: two registrations with one NIK queue here, the second sees the first.
    Applicant.objects.select_for_update().filter(pk=applicant.pk).first()
    if Application.objects.filter(round=rnd, applicant=applicant).exists():
        raise ValidationError({"nik": _("NIK ini sudah terdaftar di seleksi ini; satu orang hanya satu lamaran.")})
    app = Application(
        round=rnd, formation=formation, applicant=applicant, registration_number=_registration_number(rnd),
        source=Application.Source.FORM, submitted=_submitted(nik, fields),
    )  # fmt: skip
    _auto_check(app, documents=list(documents))
    app._change_reason = "Pendaftaran lewat formulir"
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError:  # a registration number drawn twice at the same moment
        raise ValidationError(_("Pendaftaran bersamaan terdeteksi; silakan kirim ulang formulir.")) from None
    for kind, upload in documents.items():
        ApplicationDocument.objects.create(
            application=app, kind=kind, file=upload, original_name=upload.name[:255], size=upload.size
        )
    app.access_code = access.access_code_issue(app)  # shown once on the confirmation page, never stored
    access.registration_mail(app, app.access_code)
    return app


SUBMITTED_FIELDS = ("name", "sex", "birth_place", "birth_date", "education_level", "major", "gpa", "oap_category",
                    "email", "phone", "address")  # fmt: skip


def _submitted(nik: str, fields: dict) -> dict:
    """The form's values as JSON: this application's claims, checked against its formation."""
    out = {"nik": nik}
    for key, value in fields.items():
        out[key] = "" if value is None else value.isoformat() if isinstance(value, date) else str(value)
    return out


@transaction.atomic
def applicant_adopt_submitted(*, application: Application, by: User) -> Applicant:
    """HR decides that what was typed on this application is the person's stored identity (kept in history)."""
    _require_hr(by)
    submitted = application.submitted or {}
    if not submitted:
        raise ValidationError(_("Lamaran ini tidak memiliki data isian formulir."))
    person = Applicant.objects.select_for_update().get(pk=application.applicant_id)
    for key in SUBMITTED_FIELDS:
        value = submitted.get(key, "")
        if key == "birth_date":
            value = date.fromisoformat(value)
        elif key == "gpa":
            value = Decimal(value) if value else None
        setattr(person, key, value)
    person._change_reason = f"Data diperbarui dari lamaran {application.registration_number}"[:100]
    person.save()
    return person


# --- scores ----------------------------------------------------------------------------------


def scores_import(*, rnd: SelectionRound, by: User, data: bytes, commit: bool) -> csvio.Report:
    """SKD/SKB results from BKN: every value range-checked, all-or-nothing, each change kept in history."""
    _require_hr(by)
    report = csvio.Report()
    rows = csvio.read_rows(data, csvio.SCORE_COLUMNS, report)
    seen = {}
    for number, row in rows:
        clean = csvio.check_score_row(number, row, report)
        if clean is None:
            continue
        if clean["no_peserta"] in seen:
            report.add(
                number,
                "no_peserta",
                (_("Nomor peserta sama dengan baris %(no_peserta)s.") % {"no_peserta": seen[clean["no_peserta"]]}),
            )
            continue
        seen[clean["no_peserta"]] = number
        report.rows.append((number, clean))
    apps = Application.objects.filter(round=rnd, registration_number__in=list(seen)).in_bulk(
        field_name="registration_number"
    )
    for reg, number in seen.items():
        if reg not in apps:
            report.add(
                number, "no_peserta", (_("Nomor peserta %(reg)s tidak terdaftar di seleksi ini.") % {"reg": reg})
            )
    report.errors.sort(key=lambda e: (e["row"], e["column"]))
    if report.ok and commit:
        with transaction.atomic():
            changed = []
            for _number, clean in report.rows:
                app = apps[clean["no_peserta"]]
                for column in ("twk", "tiu", "tkp", "skb"):
                    setattr(app, column, clean[column])
                changed.append(app)
            bulk_update_with_history(
                changed, Application, fields=["twk", "tiu", "tkp", "skb"], batch_size=500, default_user=by,
                default_change_reason="Impor nilai SKD/SKB",
            )  # fmt: skip
    return report


# --- publication -----------------------------------------------------------------------------


def _snapshot(rnd: SelectionRound, stage: str) -> dict:
    """Only what may be public: registration number, name, scores, outcome. Never NIK, birth date, address."""
    formations = []
    apps = (
        Application.objects.filter(round=rnd)
        .order_by("formation__code", F("rank").asc(nulls_last=True), "registration_number")
        .values(
            "formation_id",
            "registration_number",
            "applicant__name",
            "admin_result",
            "auto_result",
            "twk",
            "tiu",
            "tkp",
            "skd_total",
            "skb",
            "final_score",
            "rank",
            "outcome",
        )
    )
    grouped = {}
    for a in apps:
        grouped.setdefault(a["formation_id"], []).append(a)
    for f in Formation.objects.filter(round=rnd).select_related("unit").order_by("code"):
        results = []
        for a in grouped.get(f.pk, []):
            item = {"no_peserta": a["registration_number"], "nama": a["applicant__name"]}
            if stage == Announcement.Stage.ADMIN:
                result = a["admin_result"] or a["auto_result"]
                item["hasil"] = str(Application.Result(result).label) if result else "-"
            else:
                for key in ("twk", "tiu", "tkp", "skd_total", "rank"):
                    item[key] = a[key]
                item["skb"] = str(a["skb"]) if a["skb"] is not None else None
                item["nilai_akhir"] = str(a["final_score"]) if a["final_score"] is not None else None
                item["hasil"] = str(Outcome(a["outcome"]).label)
            results.append(item)
        formations.append(
            {"kode": f.code, "jabatan": f.position, "unit": f.unit.name, "kategori": str(f.get_category_display()),
             "kuota": f.quota, "hasil": results}
        )  # fmt: skip
    return {"seleksi": str(rnd), "tahap": str(Announcement.Stage(stage).label), "formasi": formations}


def canonical_json(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@transaction.atomic
def announcement_publish(*, rnd: SelectionRound, stage: str, by: User, note: str = "") -> Announcement:
    """Freeze the current results; a later publication of the same stage is a numbered correction."""
    _require_hr(by)
    if stage not in Announcement.Stage.values:
        raise ValidationError(_("Tahap pengumuman tidak dikenal."))
    rnd = SelectionRound.objects.select_for_update().get(pk=rnd.pk)
    if stage == Announcement.Stage.FINAL and rnd.ranked_at is None:
        raise ValidationError(_("Jalankan pemeringkatan dahulu sebelum mengumumkan hasil akhir."))
    previous = (
        Announcement.objects.select_for_update(of=("self",))
        .filter(round=rnd, stage=stage, replaced_by__isnull=True)
        .order_by("-number")
        .first()
    )
    if previous is not None and not (note or "").strip():
        raise ValidationError({"note": _("Pengumuman perbaikan wajib menyebutkan apa yang diperbaiki.")})
    payload = _snapshot(rnd, stage)
    content = canonical_json(payload)
    checksum = hashlib.sha256(content.encode("utf-8")).hexdigest()
    if previous is not None and previous.checksum == checksum:
        raise ValidationError(_("Tidak ada perubahan hasil sejak pengumuman sebelumnya."))
    # Locking the latest row serialises numbering; the unique number catches the rest.
    last = Announcement.objects.select_for_update().order_by("-number").first()
    number = (last.number if last else 0) + 1
    label = str(Announcement.Stage(stage).label)
    title = f"{label} {rnd}" if previous is None else f"Perbaikan {label} {rnd}"
    announcement = Announcement.objects.create(
        number=number, round=rnd, stage=stage, title=title, content=content, checksum=checksum,
        replaces=previous, note=(note or "").strip(), published_by=by,
    )  # fmt: skip
    AnnouncementFormation.objects.bulk_create(
        AnnouncementFormation(announcement=announcement, **section) for section in publication.sections(payload)
    )
    if stage == Announcement.Stage.FINAL:
        SelectionRound.objects.filter(pk=rnd.pk).update(status=SelectionRound.Status.ANNOUNCED)
    return announcement


# --- hiring ----------------------------------------------------------------------------------


@transaction.atomic
def application_hire(*, application: Application, by: User, on: date | None = None) -> Employee:
    """A successful applicant becomes a CPNS/PPPK employee in the formation's unit; NIP is issued later."""
    _require_hr(by)
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "formation", "placed_formation", "applicant")
        .get(pk=application.pk)
    )
    if app.outcome not in (Outcome.PASSED, Outcome.PASSED_OPT, Outcome.NOMINATED):
        raise ValidationError(_("Hanya pelamar yang lulus yang dapat diangkat."))
    if app.hired_employee_id:
        raise ValidationError(_("Pelamar ini sudah diangkat menjadi pegawai."))
    person = app.applicant
    if Employee.objects.filter(nik=person.nik).exists():
        raise ValidationError(_("NIK pelamar ini sudah tercatat sebagai pegawai."))
    formation = app.placed_formation or app.formation
    kind = app.round.appointment_type
    on = on or timezone.localdate()
    employee = Employee(
        nip=None,
        nik=person.nik,
        name=person.name,
        sex=person.sex,
        birth_place=person.birth_place,
        birth_date=person.birth_date,
        employment_type=Employee.EmploymentType.PPPK if kind == "pppk" else Employee.EmploymentType.CPNS,
        golongan=eligibility.entry_golongan(kind, person.education_level),
        position_title=formation.position,
        position_type=formation.position_type,
        functional_level=formation.functional_level,
        unit=formation.unit,
        education_level=person.education_level,
        education_major=person.major,
        tmt_cpns=on if kind == "cpns" else None,
        tmt_jabatan=on,
        oap_category=person.oap_category,
        email=person.email,
        phone=person.phone,
        address=person.address,
    )
    if employee.position_type == Employee.PositionType.FUNGSIONAL and not employee.functional_level:
        employee.functional_level = Employee.FunctionalLevel.AHLI_PERTAMA
    try:
        employee.full_clean()
    except ValidationError as exc:
        raise ValidationError(
            _("Data pelamar belum lengkap untuk dijadikan pegawai: %(join)s") % {"join": "; ".join(exc.messages)}
        ) from exc
    employee._change_reason = f"Pengangkatan dari seleksi {app.round}"[:100]
    employee.save()
    app.hired_employee = employee
    app._change_reason = "Diangkat menjadi pegawai"
    app.save(update_fields=["hired_employee"])
    return employee
