"""Writes of the recruitment app (PermenPANRB 6/2024; KepmenPANRB 321/2024; RULES.md, Recruitment)."""

import csv
import hashlib
import io
import json
import logging
import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, F, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from employees import events
from employees.identifiers import compact
from employees.jobs import enqueue
from employees.models import Employee
from employees.uploads import upload_check

from . import access, csvio, eligibility, publication, scoring, selection
from .models import (
    Announcement,
    AnnouncementFormation,
    Applicant,
    Application,
    ApplicationDocument,
    Formation,
    Outcome,
    PanelMember,
    PanelScore,
    RankingStatus,
    SelectionRound,
    SelectionStage,
)

logger = logging.getLogger(__name__)


def _require_hr(user):
    if user is None or not user.is_hr:
        raise PermissionDenied("Hanya petugas BKPSDM yang boleh mengelola seleksi.")


# --- rounds and formations -------------------------------------------------------------------


@transaction.atomic
def round_create(*, by, **fields) -> SelectionRound:
    """A new round starts as a draft with the preset stages of its kind (adjustable until registration)."""
    _require_hr(by)
    stages = fields.pop("stages", None)
    rnd = SelectionRound(created_by=by, **fields)
    if rnd.kind == SelectionRound.Kind.OPEN:
        rnd.public_registration = True
    rnd.full_clean()
    rnd.save()
    _stages_set(rnd, stages or SelectionRound.PRESETS[rnd.kind])
    return rnd


def _stages_set(rnd: SelectionRound, kinds):
    preset = SelectionRound.PRESETS[rnd.kind]
    kinds = [k for k in preset if k in set(kinds)]
    if SelectionStage.objects.filter(round=rnd, scores__isnull=False).exclude(kind__in=kinds).exists():
        raise ValidationError("Tahap yang sudah punya nilai pansel tidak boleh dihapus.")
    SelectionStage.objects.filter(round=rnd).exclude(kind__in=kinds).delete()
    existing = set(SelectionStage.objects.filter(round=rnd).values_list("kind", flat=True))
    for order, kind in enumerate(kinds, start=1):
        if kind in existing:
            SelectionStage.objects.filter(round=rnd, kind=kind).update(order=order)
        else:
            SelectionStage.objects.create(round=rnd, kind=kind, order=order)


@transaction.atomic
def round_update(*, rnd: SelectionRound, by, stages=None, **fields) -> SelectionRound:
    """Rules may change until ranking; the stage list only while the round is a draft."""
    _require_hr(by)
    rnd = SelectionRound.objects.select_for_update().get(pk=rnd.pk)
    for name, value in fields.items():
        setattr(rnd, name, value)
    rnd.full_clean()
    rnd.save()
    if stages is not None:
        current = list(rnd.stages.values_list("kind", flat=True))
        if sorted(current) != sorted(stages):
            if rnd.status != SelectionRound.Status.DRAFT:
                raise ValidationError("Tahap seleksi hanya dapat diubah sebelum pendaftaran dibuka.")
            _stages_set(rnd, stages)
    return rnd


@transaction.atomic
def round_set_status(*, rnd: SelectionRound, by, status: str) -> SelectionRound:
    _require_hr(by)
    if status not in SelectionRound.Status.values:
        raise ValidationError("Tahap seleksi tidak dikenal.")
    SelectionRound.objects.filter(pk=rnd.pk).update(status=status)
    rnd.refresh_from_db()
    return rnd


@transaction.atomic
def formation_create(*, rnd: SelectionRound, by, **fields) -> Formation:
    _require_hr(by)
    formation = Formation(round=rnd, **fields)
    formation.full_clean()
    formation.save()
    return formation


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
def round_check_all(*, rnd: SelectionRound, by) -> int:
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
def application_decide(*, application: Application, by, result: str, reason: str) -> Application:
    """The officer confirms or overrides the automatic result; a reason is always required and kept in history."""
    _require_hr(by)
    if result not in Application.Result.values:
        raise ValidationError("Hasil harus MS atau TMS.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan wajib diisi, juga saat mengonfirmasi hasil otomatis."})
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
        raise ValidationError({"text": "Isi sanggahan wajib diisi."})
    if csvio.HTML.search(text):
        raise ValidationError({"text": "Sanggahan tidak boleh berisi tanda < atau > (HTML)."})
    app = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if not app.round.appeal_open_on(today):
        if app.round.appeal_closes and today > app.round.appeal_closes:
            raise ValidationError(
                f"Masa sanggah sudah berakhir pada {eligibility.date_id(app.round.appeal_closes)}; "
                "sanggahan tidak dapat diajukan lagi."
            )
        raise ValidationError("Masa sanggah belum dibuka untuk seleksi ini.")
    if app.appeal_filed_at:
        raise ValidationError("Sanggahan sudah pernah diajukan untuk lamaran ini.")
    app.appeal_text = text[:3000]
    app.appeal_filed_at = timezone.now()
    app._change_reason = "Sanggahan diajukan"
    app.save()
    return app


@transaction.atomic
def appeal_decide(*, application: Application, by, decision: str, reason: str) -> Application:
    """An upheld appeal turns the administrative result to MS; either way the reason is shown to the applicant."""
    _require_hr(by)
    if decision not in Application.AppealDecision.values:
        raise ValidationError("Putusan harus diterima atau ditolak.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan putusan sanggahan wajib diisi."})
    app = Application.objects.select_for_update().get(pk=application.pk)
    if not app.appeal_filed_at:
        raise ValidationError("Lamaran ini tidak memiliki sanggahan.")
    if app.appeal_decision:
        raise ValidationError("Sanggahan ini sudah diputus.")
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


def applicants_import(*, rnd: SelectionRound, by, data: bytes, commit: bool) -> csvio.Report:
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
            report.add(number, "nik", f"NIK sama dengan baris {seen_nik[clean['nik']]}: satu NIK satu lamaran.")
            continue
        if clean["no_peserta"] in seen_number:
            report.add(number, "no_peserta", f"Nomor peserta sama dengan baris {seen_number[clean['no_peserta']]}.")
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
            report.add(seen_nik[nik], "nik", f"NIK ini sudah melamar di seleksi ini (nomor {reg}).")
        used = set(
            Application.objects.filter(registration_number__in=list(seen_number)).values_list(
                "registration_number", flat=True
            )
        )
        for reg in used:
            report.add(seen_number[reg], "no_peserta", f"Nomor peserta {reg} sudah terdaftar.")
    report.errors.sort(key=lambda e: (e["row"], e["column"]))
    if report.ok and commit:
        _applicants_save(rnd=rnd, by=by, rows=[clean for _, clean in report.rows], formations=formations)
    return report


@transaction.atomic
def _applicants_save(*, rnd, by, rows, formations):
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
        raise ValidationError("Pendaftaran untuk seleksi ini tidak sedang dibuka.")
    if formation.round_id != rnd.pk:
        raise ValidationError({"formation": "Formasi tidak termasuk seleksi ini."})
    missing = [k for k in eligibility.REQUIRED_DOCUMENTS if not documents.get(k)]
    if missing:
        raise ValidationError(f"Dokumen wajib belum diunggah: {', '.join(missing)}.")
    for upload in documents.values():
        check_upload(upload)
    nik = data["nik"]
    fields = {k: data[k] for k in SUBMITTED_FIELDS}
    applicant, created = Applicant.objects.get_or_create(nik=nik, defaults=fields)
    # The person's row is the lock: two registrations with one NIK queue here, the second sees the first.
    Applicant.objects.select_for_update().filter(pk=applicant.pk).first()
    if Application.objects.filter(round=rnd, applicant=applicant).exists():
        raise ValidationError({"nik": "NIK ini sudah terdaftar di seleksi ini; satu orang hanya satu lamaran."})
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
        raise ValidationError("Pendaftaran bersamaan terdeteksi; silakan kirim ulang formulir.") from None
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
def applicant_adopt_submitted(*, application: Application, by) -> Applicant:
    """HR decides that what was typed on this application is the person's stored identity (kept in history)."""
    _require_hr(by)
    submitted = application.submitted or {}
    if not submitted:
        raise ValidationError("Lamaran ini tidak memiliki data isian formulir.")
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


def scores_import(*, rnd: SelectionRound, by, data: bytes, commit: bool) -> csvio.Report:
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
            report.add(number, "no_peserta", f"Nomor peserta sama dengan baris {seen[clean['no_peserta']]}.")
            continue
        seen[clean["no_peserta"]] = number
        report.rows.append((number, clean))
    apps = Application.objects.filter(round=rnd, registration_number__in=list(seen)).in_bulk(
        field_name="registration_number"
    )
    for reg, number in seen.items():
        if reg not in apps:
            report.add(number, "no_peserta", f"Nomor peserta {reg} tidak terdaftar di seleksi ini.")
    report.errors.sort(key=lambda e: (e["row"], e["column"]))
    if report.ok and commit:
        with transaction.atomic():
            changed = []
            for _, clean in report.rows:
                app = apps[clean["no_peserta"]]
                for column in ("twk", "tiu", "tkp", "skb"):
                    setattr(app, column, clean[column])
                changed.append(app)
            bulk_update_with_history(
                changed, Application, fields=["twk", "tiu", "tkp", "skb"], batch_size=500, default_user=by,
                default_change_reason="Impor nilai SKD/SKB",
            )  # fmt: skip
    return report


@transaction.atomic
def panel_member_add(*, stage: SelectionStage, who: str, by) -> PanelMember:
    """HR appoints a committee member of a scoring stage, by username or by the employee's NIP."""
    from employees.models import User

    _require_hr(by)
    if not stage.is_panel:
        raise ValidationError("Tahap ini tidak dinilai panitia seleksi.")
    who = (who or "").strip()
    user = User.objects.filter(username=who, is_active=True).first()
    if user is None and who:
        employee = Employee.objects.filter(nip=compact(who)).select_related("user").first()
        user = employee.user if employee and employee.user and employee.user.is_active else None
    if user is None:
        raise ValidationError({"who": f"Tidak ada akun aktif dengan nama pengguna atau NIP '{who}'."})
    member, created = PanelMember.objects.get_or_create(stage=stage, user=user)
    if not created:
        raise ValidationError({"who": f"{user} sudah menjadi anggota panitia tahap ini."})
    return member


@transaction.atomic
def panel_member_remove(*, member: PanelMember, by) -> None:
    """A member who has declared or scored stays: their record is part of the selection's audit trail."""
    _require_hr(by)
    if PanelScore.objects.filter(stage_id=member.stage_id, member=member).exists():
        raise ValidationError(
            "Anggota ini sudah menyatakan konflik kepentingan atau memberi nilai; tidak dapat dihapus."
        )
    member.delete()


@transaction.atomic
def panel_declare(*, stage: SelectionStage, application: Application, by, has_conflict: bool,
                  note: str = "") -> PanelScore:  # fmt: skip
    """Each panel member declares, per candidate, any conflict of interest before scoring."""
    member = PanelMember.objects.filter(stage=stage, user=by).first()
    if member is None:
        raise PermissionDenied("Anda bukan anggota panitia seleksi untuk tahap ini.")
    if application.round_id != stage.round_id:
        raise ValidationError("Peserta tidak termasuk seleksi ini.")
    row, created = PanelScore.objects.select_for_update().get_or_create(
        stage=stage, application=application, member=member,
        defaults={"has_conflict": has_conflict, "conflict_note": note[:300]},
    )  # fmt: skip
    if not created:
        raise ValidationError("Pernyataan konflik kepentingan sudah dibuat dan tidak dapat diubah.")
    return row


@transaction.atomic
def panel_score(*, stage: SelectionStage, application: Application, by, score) -> PanelScore:
    """A score counts only when its member declared no conflict with the candidate."""
    row = PanelScore.objects.select_for_update().filter(stage=stage, application=application, member__user=by).first()
    if row is None:
        raise ValidationError("Nyatakan dahulu ada atau tidaknya konflik kepentingan dengan peserta ini.")
    if row.has_conflict:
        raise ValidationError("Anda menyatakan konflik kepentingan dengan peserta ini; nilai Anda tidak dihitung.")
    score = Decimal(str(score))
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({"score": f"Nilai {score} di luar rentang 0–100."})
    row.score = score
    row.scored_at = timezone.now()
    row._change_reason = "Nilai pansel"
    row.save()
    return row


# --- ranking ---------------------------------------------------------------------------------


def _rows(applications) -> list[selection.Candidate]:
    columns = applications.order_by().values_list(
        "id", "formation_id", "twk", "tiu", "tkp", "skb", "admin_result", "applicant__gpa",
        "applicant__birth_date", "applicant__oap_category", "auto_result",
    )  # fmt: skip
    # One plain fetch: a server-side cursor (iterator) is planned for first rows and reads ~8× slower here.
    # The officer's decision stands over the automatic check.
    return [
        selection.Candidate(*head, admin_result or auto_result, gpa, born, oap)
        for *head, admin_result, gpa, born, oap, auto_result in columns
    ]


def _casn_rules(rnd: SelectionRound) -> selection.CasnRules:
    return selection.CasnRules(
        passing_grades=rnd.passing_grades, skb_multiplier=rnd.skb_multiplier, skd_weight=rnd.skd_weight,
        skb_weight=rnd.skb_weight, oap_share=rnd.oap_share, optimalisasi=rnd.optimalisasi,
    )  # fmt: skip


def _seats(formation: Formation) -> selection.Seats:
    return selection.Seats(
        id=formation.pk, quota=formation.quota, category=formation.category,
        category_label=str(formation.get_category_display()), position=formation.position, code=formation.code,
        unit=str(formation.unit),
    )  # fmt: skip


RANKING_STALE_AFTER = timedelta(minutes=30)  # a worker that died mid-run does not block the round for ever


def round_rank_queue(*, rnd: SelectionRound, by) -> bool:
    """Queue the ranking of a round on a worker, once: the conditional update is the lock against double clicks."""
    _require_hr(by)
    now = timezone.now()
    busy = Q(
        ranking_status__in=[RankingStatus.QUEUED, RankingStatus.RUNNING],
        ranking_started_at__gt=now - RANKING_STALE_AFTER,
    )
    changed = (
        SelectionRound.objects.filter(pk=rnd.pk)
        .exclude(busy)
        .update(ranking_status=RankingStatus.QUEUED, ranking_message="", ranking_started_at=now)
    )
    if changed:
        from .tasks import round_rank_task

        enqueue(round_rank_task, rnd.pk, by.pk, unique_key=round_rank_key(rnd.pk))
    return bool(changed)


def round_rank_abandon(*, round_id: int) -> bool:
    """The job ranking this round gave up (its worker died again and again): the round page says so."""
    from employees.jobs import GAVE_UP

    waiting = SelectionRound.objects.filter(
        pk=round_id, ranking_status__in=[RankingStatus.QUEUED, RankingStatus.RUNNING]
    )
    message = f"Pemeringkatan gagal, tidak ada yang berubah: {GAVE_UP}"
    return bool(waiting.update(ranking_status=RankingStatus.FAILED, ranking_message=message))


def round_rank_key(round_id: int) -> str:
    return f"recruitment.ranking:{round_id}"


def round_rank_run(*, round_id: int, user_id: int) -> SelectionRound:
    """The worker's side: rank all or nothing and leave the outcome on the round for its page."""
    from employees.models import User

    # "running" too: a retry after a worker died mid-run (the job row's claim stops a double run)
    claimable = [RankingStatus.QUEUED, RankingStatus.RUNNING]
    if not SelectionRound.objects.filter(pk=round_id, ranking_status__in=claimable).update(
        ranking_status=RankingStatus.RUNNING
    ):
        return SelectionRound.objects.get(pk=round_id)  # already taken by another worker or a retry
    try:
        count = round_rank(rnd=SelectionRound.objects.get(pk=round_id), by=User.objects.get(pk=user_id))
    except Exception as exc:
        logger.exception("ranking of round %s failed", round_id)
        if isinstance(exc, ValidationError | PermissionDenied):  # our own Indonesian reasons
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:  # the details are for the log, not the page
            message = "kesalahan sistem. Hubungi admin bila berulang."
        SelectionRound.objects.filter(pk=round_id).update(
            ranking_status=RankingStatus.FAILED,
            ranking_message=f"Pemeringkatan gagal, tidak ada yang berubah: {message}"[:500],
        )
    else:
        SelectionRound.objects.filter(pk=round_id).update(
            ranking_status=RankingStatus.DONE, ranking_message=f"Pemeringkatan selesai untuk {count} lamaran."
        )
    rnd = SelectionRound.objects.get(pk=round_id)
    events.publish("recruitment.ranking_finished", round_id=round_id, user_id=user_id,
                   run=rnd.ranking_started_at.isoformat() if rnd.ranking_started_at else "")  # fmt: skip
    return rnd


@transaction.atomic
def round_rank(*, rnd: SelectionRound, by) -> int:
    """Rank every formation of a round in one pass per formation and write the results back in bulk.

    CASN explanations are not stored: `application_explanation` derives them from the same pass for the
    one applicant who asks (writing 100,000 texts doubled the ranking time)."""
    _require_hr(by)
    rnd = SelectionRound.objects.select_for_update().get(pk=rnd.pk)
    formations = {f.pk: f for f in Formation.objects.filter(round=rnd).select_related("unit").order_by("code")}
    rows = _rows(Application.objects.filter(round=rnd))
    by_formation: dict[int, list[selection.Candidate]] = {pk: [] for pk in formations}
    for row in rows:
        by_formation[row.formation_id].append(row)
    if rnd.is_casn:
        seats = {pk: _seats(f) for pk, f in formations.items()}
        selection.rank_casn(_casn_rules(rnd), seats, by_formation, explain=False)
        for row in rows:
            row.explanation = ""
    else:
        _rank_open(rnd, rows, by_formation)
    _write_back(rows)
    SelectionRound.objects.filter(pk=rnd.pk).update(ranked_at=timezone.now())
    return len(rows)


def application_explanation(application: Application) -> str:
    """Why an applicant stands where they stand, in words they can check against the published scores.

    For a ranked CASN round the formation is ranked again in memory with the same code as `round_rank`;
    if scores changed since the last ranking the text says so instead of explaining a stale position."""
    rnd = application.round
    if not rnd.is_casn or rnd.ranked_at is None or application.explanation:
        return application.explanation
    formation = application.formation
    rows = _rows(Application.objects.filter(round=rnd, formation=formation))
    selection.rank_casn_formation(_casn_rules(rnd), _seats(formation), rows)
    row = next((r for r in rows if r.id == application.pk), None)
    optimised = application.outcome == Outcome.PASSED_OPT and row is not None and row.outcome == Outcome.NOT_SELECTED
    if row is None or row.rank != application.rank or (row.outcome != application.outcome and not optimised):
        return "Nilai berubah sejak pemeringkatan terakhir; penjelasan tersedia setelah pemeringkatan ulang."
    text = row.explanation
    if optimised and application.placed_formation_id:
        placed = application.placed_formation
        text += selection.optimised_text(_seats(placed))
    return text


def _rank_open(rnd, rows, by_formation):
    """Open selection: each stage score is the mean of the panel scores without a conflict."""
    stages = list(rnd.stages.filter(kind__in=[s.value for s in _panel_kinds()]).order_by("order"))
    means = {}
    for item in (
        PanelScore.objects.filter(stage__round=rnd, has_conflict=False, score__isnull=False)
        .values("application_id", "stage_id")
        .annotate(avg=Avg("score"))
    ):
        means[(item["application_id"], item["stage_id"])] = scoring.round3(item["avg"])
    for row in rows:
        row.stage_scores = tuple(means.get((row.id, s.pk)) for s in stages)
    labels = [str(s.get_kind_display()) for s in stages]
    for group in by_formation.values():
        selection.rank_open_formation(group, labels)


def _panel_kinds():
    from .models import PANEL_STAGES

    return PANEL_STAGES


def _write_back(rows: list[selection.Candidate]) -> None:
    """PostgreSQL: COPY the results into a temporary table, then one UPDATE … FROM it (about 3× faster
    than passing 100,000-element arrays as parameters). Other databases: bulk_update."""
    fields = ["skd_total", "skd_passed", "final_score", "rank", "outcome", "explanation", "placed_formation_id"]
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for r in rows:
            writer.writerow([r.id, _csv(r.skd_total), _csv(r.skd_passed), _csv(r.final), _csv(r.rank), r.outcome,
                             r.explanation, _csv(r.placed)])  # fmt: skip
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE ranking_result (id bigint PRIMARY KEY, skd_total int, skd_passed bool, "
                "final_score numeric, rank int, outcome varchar(12), explanation text, placed bigint) ON COMMIT DROP"
            )
            cursor.cursor.copy_expert("COPY ranking_result FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
            cursor.execute(
                "UPDATE recruitment_application AS a SET skd_total = v.skd_total, skd_passed = v.skd_passed, "
                "final_score = v.final_score, rank = v.rank, outcome = v.outcome, explanation = v.explanation, "
                "placed_formation_id = v.placed FROM ranking_result AS v WHERE a.id = v.id"
            )
            cursor.execute("DROP TABLE ranking_result")  # a second ranking may follow in the same transaction
        return
    objs = [
        Application(
            id=r.id,
            skd_total=r.skd_total,
            skd_passed=r.skd_passed,
            final_score=r.final,
            rank=r.rank,
            outcome=r.outcome,
            explanation=r.explanation,
            placed_formation_id=r.placed,
        )  # fmt: skip
        for r in rows
    ]
    Application.objects.bulk_update(objs, [f.removesuffix("_id") for f in fields], batch_size=500)


def _csv(value):
    return "\\N" if value is None else value


# --- publication -----------------------------------------------------------------------------


def _snapshot(rnd: SelectionRound, stage: str) -> dict:
    """Only what may be public: registration number, name, scores, outcome. Never NIK, birth date, address."""
    formations = []
    apps = (
        Application.objects.filter(round=rnd)
        .order_by("formation__code", F("rank").asc(nulls_last=True), "registration_number")
        .values("formation_id", "registration_number", "applicant__name", "admin_result", "auto_result", "twk",
                "tiu", "tkp", "skd_total", "skb", "final_score", "rank", "outcome")
    )  # fmt: skip
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
def announcement_publish(*, rnd: SelectionRound, stage: str, by, note: str = "") -> Announcement:
    """Freeze the current results; a later publication of the same stage is a numbered correction."""
    _require_hr(by)
    if stage not in Announcement.Stage.values:
        raise ValidationError("Tahap pengumuman tidak dikenal.")
    rnd = SelectionRound.objects.select_for_update().get(pk=rnd.pk)
    if stage == Announcement.Stage.FINAL and rnd.ranked_at is None:
        raise ValidationError("Jalankan pemeringkatan dahulu sebelum mengumumkan hasil akhir.")
    previous = (
        Announcement.objects.select_for_update(of=("self",))
        .filter(round=rnd, stage=stage, replaced_by__isnull=True)
        .order_by("-number")
        .first()
    )
    if previous is not None and not (note or "").strip():
        raise ValidationError({"note": "Pengumuman perbaikan wajib menyebutkan apa yang diperbaiki."})
    payload = _snapshot(rnd, stage)
    content = canonical_json(payload)
    checksum = hashlib.sha256(content.encode("utf-8")).hexdigest()
    if previous is not None and previous.checksum == checksum:
        raise ValidationError("Tidak ada perubahan hasil sejak pengumuman sebelumnya.")
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
def application_hire(*, application: Application, by, on: date | None = None) -> Employee:
    """A successful applicant becomes a CPNS/PPPK employee in the formation's unit; NIP is issued later."""
    _require_hr(by)
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "formation", "placed_formation", "applicant")
        .get(pk=application.pk)
    )
    if app.outcome not in (Outcome.PASSED, Outcome.PASSED_OPT, Outcome.NOMINATED):
        raise ValidationError("Hanya pelamar yang lulus yang dapat diangkat.")
    if app.hired_employee_id:
        raise ValidationError("Pelamar ini sudah diangkat menjadi pegawai.")
    person = app.applicant
    if Employee.objects.filter(nik=person.nik).exists():
        raise ValidationError("NIK pelamar ini sudah tercatat sebagai pegawai.")
    formation = app.placed_formation or app.formation
    kind = app.round.appointment_type
    on = on or timezone.localdate()
    employee = Employee(
        nip=None, nik=person.nik, name=person.name, sex=person.sex, birth_place=person.birth_place,
        birth_date=person.birth_date,
        employment_type=Employee.EmploymentType.PPPK if kind == "pppk" else Employee.EmploymentType.CPNS,
        golongan=eligibility.entry_golongan(kind, person.education_level), position_title=formation.position,
        position_type=formation.position_type, functional_level=formation.functional_level, unit=formation.unit,
        education_level=person.education_level, education_major=person.major,
        tmt_cpns=on if kind == "cpns" else None, tmt_jabatan=on, oap_category=person.oap_category,
        email=person.email, phone=person.phone, address=person.address,
    )  # fmt: skip
    if employee.position_type == Employee.PositionType.FUNGSIONAL and not employee.functional_level:
        employee.functional_level = Employee.FunctionalLevel.AHLI_PERTAMA
    try:
        employee.full_clean()
    except ValidationError as exc:
        raise ValidationError(f"Data pelamar belum lengkap untuk dijadikan pegawai: {'; '.join(exc.messages)}") from exc
    employee._change_reason = f"Pengangkatan dari seleksi {app.round}"[:100]
    employee.save()
    app.hired_employee = employee
    app._change_reason = "Diangkat menjadi pegawai"
    app.save(update_fields=["hired_employee"])
    return employee
