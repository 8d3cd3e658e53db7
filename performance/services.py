"""Every write of the SKP workflow (PermenPANRB 6/2022). Views check, services enforce.

State changes lock the appraisal row (`select_for_update`) and re-check its state under the lock,
so two clicks or two approvers cannot both win.
"""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees import events
from employees.models import Employee, User
from employees.uploads import upload_check

from . import rules
from .models import (
    Appraisal,
    Behaviour,
    CoachingPlan,
    DevelopmentNeed,
    Evidence,
    PerformanceGoal,
    PeriodicEvaluation,
    PeriodicWindow,
    Recognition,
    Transition,
)
from .selectors import EVALUATOR, OWNER, approver_refusal, at_stage, holds

S = Appraisal.Status
EVIDENCE_MAX_MB = 10
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _fail(message: str):
    raise ValidationError(message)


def _deny():
    """Not this user's to do: a 403 wherever it is raised (views, admin, commands)."""
    raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada SKP tersebut."))


def _employee(user: User) -> Employee | None:
    return user.employee_or_none if user.is_authenticated else None


def _lock(appraisal: Appraisal) -> Appraisal:
    return Appraisal.objects.select_for_update().select_related("period", "employee").get(pk=appraisal.pk)


def _not_frozen(appraisal: Appraisal):
    if appraisal.is_frozen:
        _fail(_("SKP ini sudah disetujui dan dikunci; tidak ada yang dapat diubah."))


def _log(appraisal: Appraisal, *, by: User | None, action: str, from_status: str, comment: str = "") -> Transition:
    return Transition.objects.create(
        appraisal=appraisal, by=by, action=action, from_status=from_status, to_status=appraisal.status, comment=comment
    )


# ---------------------------------------------------------------- plan


def target_clean(*, aspect: str, target: str) -> str:
    target = (target or "").strip()
    if not target:
        _fail(_("Target wajib diisi."))
    if aspect in PerformanceGoal.NUMERIC_ASPECTS:
        try:
            value = Decimal(target.replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0:
            _fail(
                _("Target untuk aspek %(aspect)s harus berupa angka (misalnya 12 atau 2,5), bukan “%(t)s”.")
                % {"aspect": PerformanceGoal.Aspect(aspect).label.lower(), "t": target}
            )
    return target


def supportable_goals(appraisal: Appraisal):
    """The evaluator's own result rows for the same period: the only rows a goal may support."""
    if appraisal.evaluator_id is None:
        return PerformanceGoal.objects.none()
    return PerformanceGoal.objects.filter(
        appraisal__period_id=appraisal.period_id, appraisal__employee_id=appraisal.evaluator_id
    )


def _goal_fields(appraisal: Appraisal, by: User, *, kind, plan, aspect, indicator, target, target_unit, supports):
    """The checks shared by adding and editing a result row; returns the cleaned fields."""
    _not_frozen(appraisal)
    if not holds(appraisal, by, OWNER):
        _deny()
    if not at_stage(appraisal, "edit_plan"):
        _fail(_("Rencana SKP sudah diajukan; tidak dapat diubah kecuali dikembalikan oleh atasan."))
    target = target_clean(aspect=aspect, target=target)
    allowed = supportable_goals(appraisal)
    if supports is not None and not allowed.filter(pk=supports.pk).exists():
        _fail(_("Hasil kerja atasan yang dipilih bukan milik pejabat penilai Anda pada periode ini."))
    if supports is None and kind == PerformanceGoal.Kind.UTAMA and allowed.exists():
        _fail(_("Pilih hasil kerja atasan yang didukung oleh hasil kerja utama ini."))
    return {
        "kind": kind, "plan": plan.strip(), "aspect": aspect, "indicator": indicator.strip(), "target": target,
        "target_unit": target_unit.strip(), "supports": supports,
    }  # fmt: skip


@transaction.atomic
def goal_add(
    *,
    appraisal: Appraisal,
    by: User,
    kind: str,
    plan: str,
    aspect: str,
    indicator: str,
    target: str,
    target_unit: str = "",
    supports: PerformanceGoal | None = None,
) -> PerformanceGoal:
    """The employee writes a result row while the plan is a draft."""
    appraisal = _lock(appraisal)
    fields = _goal_fields(appraisal, by, kind=kind, plan=plan, aspect=aspect, indicator=indicator, target=target,
                          target_unit=target_unit, supports=supports)  # fmt: skip
    goal = PerformanceGoal(appraisal=appraisal, **fields)
    goal.full_clean()
    goal._history_user = by
    goal.save()
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: PerformanceGoal,
    by: User,
    kind: str,
    plan: str,
    aspect: str,
    indicator: str,
    target: str,
    target_unit: str = "",
    supports: PerformanceGoal | None = None,
) -> PerformanceGoal:
    """The employee corrects a result row while the plan is a draft (or returned); the history keeps the old text."""
    appraisal = _lock(goal.appraisal)
    fields = _goal_fields(appraisal, by, kind=kind, plan=plan, aspect=aspect, indicator=indicator, target=target,
                          target_unit=target_unit, supports=supports)  # fmt: skip
    goal = PerformanceGoal.objects.select_for_update().get(pk=goal.pk, appraisal=appraisal)
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal._history_user = by
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: PerformanceGoal, by: User) -> None:
    appraisal = _lock(goal.appraisal)
    _not_frozen(appraisal)
    if not holds(appraisal, by, OWNER):
        _deny()
    if not at_stage(appraisal, "edit_plan"):
        _fail(_("Rencana SKP sudah diajukan; tidak dapat diubah kecuali dikembalikan oleh atasan."))
    goal.delete()


@transaction.atomic
def appraisal_submit_plan(*, appraisal: Appraisal, by: User) -> Appraisal:
    """The employee submits the plan to the evaluator; it needs at least one main result row."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    if not holds(appraisal, by, OWNER):
        _deny()
    if not at_stage(appraisal, "submit_plan"):
        _fail(_("Rencana SKP sudah diajukan."))
    if not appraisal.goals.filter(kind=PerformanceGoal.Kind.UTAMA).exists():
        _fail(_("Rencana SKP masih kosong: isi paling sedikit satu hasil kerja utama sebelum diajukan."))
    if appraisal.evaluator_id is None:
        _fail(_("Anda belum memiliki pejabat penilai; hubungi BKPSDM."))
    appraisal.status = S.PLAN_SUBMITTED
    appraisal.save()
    step = _log(appraisal, by=by, action="ajukan-rencana", from_status=S.DRAFT)
    events.publish("performance.plan_submitted", appraisal_id=appraisal.pk, transition_id=step.pk)
    return appraisal


def _require_evaluator(appraisal: Appraisal, by: User):
    if not holds(appraisal, by, EVALUATOR):
        _deny()


@transaction.atomic
def appraisal_agree_plan(*, appraisal: Appraisal, by: User, comment: str = "") -> Appraisal:
    """The evaluator agrees the submitted plan (the SKP is set)."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    _require_evaluator(appraisal, by)
    if not at_stage(appraisal, "review_plan"):
        _fail(_("Rencana ini tidak sedang menunggu persetujuan Anda."))
    appraisal.status = S.PLAN_APPROVED
    appraisal.plan_comment = comment
    appraisal.save()
    step = _log(appraisal, by=by, action="sepakati-rencana", from_status=S.PLAN_SUBMITTED, comment=comment)
    events.publish("performance.plan_agreed", appraisal_id=appraisal.pk, transition_id=step.pk)
    return appraisal


@transaction.atomic
def appraisal_return_plan(*, appraisal: Appraisal, by: User, comment: str) -> Appraisal:
    """The evaluator sends the plan back to the employee with a comment."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    _require_evaluator(appraisal, by)
    if not at_stage(appraisal, "review_plan"):
        _fail(_("Rencana ini tidak sedang menunggu persetujuan Anda."))
    if not comment.strip():
        _fail(_("Tuliskan catatan mengapa rencana dikembalikan."))
    appraisal.status = S.DRAFT
    appraisal.plan_comment = comment
    appraisal.save()
    step = _log(appraisal, by=by, action="kembalikan-rencana", from_status=S.PLAN_SUBMITTED, comment=comment)
    events.publish("performance.plan_returned", appraisal_id=appraisal.pk, transition_id=step.pk)
    return appraisal


# ---------------------------------------------------------------- periodic evaluation


def evidence_check(upload) -> str:
    """The evidence type and size rule: PDF, JPG, PNG, DOCX or XLSX, at most 10 MB. Returns the MIME type."""
    ext = upload_check(upload, allowed=tuple(EVIDENCE_TYPES), max_mb=EVIDENCE_MAX_MB, label=_("Bukti"))
    return EVIDENCE_TYPES[ext]


@transaction.atomic
def realisation_record(
    *,
    appraisal: Appraisal,
    window: PeriodicWindow,
    by: User,
    realisation: str,
    files=(),
    goal_realisations: dict[int, str] | None = None,
) -> PeriodicEvaluation:
    """The employee records the realisation of a periodic window: against each result row of the plan
    and/or as a summary, with evidence files."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    if not holds(appraisal, by, OWNER):
        _deny()
    if not at_stage(appraisal, "record_realisation"):
        _fail(_("Realisasi dicatat setelah rencana SKP disepakati dan sebelum penilaian diri diajukan."))
    if window.period_id != appraisal.period_id:
        _deny()
    own_goals = set(appraisal.goals.values_list("pk", flat=True))
    per_goal = {int(k): (v or "").strip() for k, v in (goal_realisations or {}).items()}
    if set(per_goal) - own_goals:
        _deny()  # a row of someone else's plan
    per_goal = {str(k): v for k, v in per_goal.items() if v}
    if not realisation.strip() and not per_goal:
        _fail(_("Uraian realisasi wajib diisi: untuk hasil kerja atau sebagai ringkasan."))
    types = [evidence_check(f) for f in files]  # every file checked before anything is written
    evaluation, _created = PeriodicEvaluation.objects.select_for_update().get_or_create(
        appraisal=appraisal, window=window
    )
    if evaluation.rated_at:
        _fail(_("Periode ini sudah dinilai atasan; realisasi tidak dapat diubah."))
    evaluation.realisation = realisation.strip()
    evaluation.goal_realisations = per_goal
    evaluation.realised_at = timezone.now()
    evaluation.save()
    for upload, content_type in zip(files, types, strict=True):
        Evidence.objects.create(
            evaluation=evaluation, file=upload, original_name=upload.name[:255], content_type=content_type,
            size=upload.size, uploaded_by=by,
        )  # fmt: skip
    return evaluation


def _ratings_clean(results_rating: str, behaviour_rating: str, behaviour_ratings: dict) -> dict:
    missing = []
    if results_rating not in rules.RATINGS:
        missing.append(_("hasil kerja"))
    if behaviour_rating not in rules.RATINGS:
        missing.append(_("perilaku kerja (keseluruhan)"))
    clean = {}
    for b in Behaviour:
        value = (behaviour_ratings or {}).get(b.value)
        if value not in rules.RATINGS:
            missing.append(str(b.label))
        else:
            clean[b.value] = value
    if missing:
        _fail(_("Rating belum lengkap: %(list)s.") % {"list": ", ".join(str(m) for m in missing)})
    return clean


@transaction.atomic
def periodic_rate(
    *,
    appraisal: Appraisal,
    window: PeriodicWindow,
    by: User,
    results_rating: str,
    behaviour_rating: str,
    behaviour_ratings: dict,
    feedback: str = "",
) -> PeriodicEvaluation:
    """The evaluator gives feedback and rates results and the seven BerAKHLAK behaviours for a window."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    _require_evaluator(appraisal, by)
    if not at_stage(appraisal, "rate_periodic"):
        _fail(_("Penilaian periodik hanya selama SKP berjalan."))
    clean = _ratings_clean(results_rating, behaviour_rating, behaviour_ratings)
    evaluation = PeriodicEvaluation.objects.select_for_update().filter(appraisal=appraisal, window=window).first()
    if evaluation is None or not evaluation.realised_at:
        _fail(_("Pegawai belum mencatat realisasi untuk periode ini."))
    evaluation.results_rating = results_rating
    evaluation.behaviour_rating = behaviour_rating
    evaluation.behaviour_ratings = clean
    evaluation.feedback = feedback.strip()
    evaluation.rated_by = _employee(by)
    evaluation.rated_at = timezone.now()
    evaluation.save()
    return evaluation


# ---------------------------------------------------------------- annual evaluation and approval


@transaction.atomic
def appraisal_self_assess(*, appraisal: Appraisal, by: User, text: str) -> Appraisal:
    """The employee submits the self-assessment at the end of the year."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    if not holds(appraisal, by, OWNER):
        _deny()
    if not at_stage(appraisal, "self_assess"):
        _fail(_("Penilaian diri diajukan setelah rencana SKP disepakati, satu kali."))
    if not text.strip():
        _fail(_("Penilaian diri wajib diisi."))
    appraisal.self_assessment = text.strip()
    appraisal.status = S.SELF_ASSESSED
    appraisal.save()
    step = _log(appraisal, by=by, action="penilaian-diri", from_status=S.PLAN_APPROVED)
    events.publish("performance.self_assessed", appraisal_id=appraisal.pk, transition_id=step.pk)
    return appraisal


@transaction.atomic
def appraisal_evaluate(
    *,
    appraisal: Appraisal,
    by: User,
    results_rating: str,
    behaviour_rating: str,
    behaviour_ratings: dict,
    feedback: str = "",
) -> Appraisal:
    """The evaluator gives the annual ratings; the predikat follows from the matrix (rules.predikat)."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    _require_evaluator(appraisal, by)
    if not at_stage(appraisal, "evaluate"):
        _fail(_("SKP ini belum siap dinilai: pegawai belum mengajukan penilaian diri."))
    clean = _ratings_clean(results_rating, behaviour_rating, behaviour_ratings)
    appraisal.results_rating = results_rating
    appraisal.behaviour_rating = behaviour_rating
    appraisal.behaviour_ratings = clean
    appraisal.feedback = feedback.strip()
    appraisal.predikat = rules.predikat(results_rating, behaviour_rating)
    appraisal.rated_by = _employee(by)
    appraisal.status = S.EVALUATED
    appraisal.save()
    step = _log(appraisal, by=by, action="nilai-tahunan", from_status=S.SELF_ASSESSED, comment=feedback.strip())
    events.publish("performance.appraisal_rated", appraisal_id=appraisal.pk, transition_id=step.pk)
    return appraisal


def approve_check(appraisal: Appraisal, by: User) -> None:
    """Only the recorded approver, never the appraised employee nor whoever rated it (`approver_refusal`)."""
    refusal = approver_refusal(appraisal, by)
    if refusal:
        _fail(refusal)


@transaction.atomic
def appraisal_approve(*, appraisal: Appraisal, by: User, comment: str = "") -> Appraisal:
    """The approver confirms the evaluator's rating; the appraisal is frozen after this and follow-up
    (recognition, coaching, development need, credit points) is created."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    approve_check(appraisal, by)
    if not at_stage(appraisal, "approve"):
        _fail(_("SKP ini belum dinilai atasan sehingga belum dapat disetujui."))
    appraisal.status = S.APPROVED
    appraisal.approved_by = _employee(by)
    appraisal.approved_at = timezone.now()
    appraisal.returned_reason = ""
    appraisal.credit_points = _credit_points(appraisal)
    appraisal.save()
    _log(appraisal, by=by, action="setujui", from_status=S.EVALUATED, comment=comment)
    _follow_up(appraisal)
    events.publish("performance.appraisal_approved", appraisal_id=appraisal.pk, by_id=by.pk)
    return appraisal


def appraisals_approve(*, ids, by: User) -> tuple[list[int], dict[int, str]]:
    """Approve several at once, each checked and locked on its own; returns (approved ids, errors by id)."""
    approved, errors = [], {}
    for appraisal in Appraisal.objects.filter(pk__in=list(ids)).select_related("employee"):
        try:
            appraisal_approve(appraisal=appraisal, by=by)
            approved.append(appraisal.pk)
        except ValidationError as exc:
            errors[appraisal.pk] = f"{appraisal.employee}: {' '.join(exc.messages)}"
    return approved, errors


@transaction.atomic
def appraisal_return(*, appraisal: Appraisal, by: User, reason: str) -> Appraisal:
    """The approver returns the rating to the evaluator with a reason; the evaluator rates again."""
    appraisal = _lock(appraisal)
    _not_frozen(appraisal)
    approve_check(appraisal, by)
    if not at_stage(appraisal, "approve"):
        _fail(_("SKP ini tidak sedang menunggu persetujuan."))
    if not reason.strip():
        _fail(_("Tuliskan alasan pengembalian kepada pejabat penilai."))
    appraisal.status = S.SELF_ASSESSED
    appraisal.returned_reason = reason.strip()
    appraisal.predikat = ""
    appraisal.save()
    step = _log(appraisal, by=by, action="kembalikan-ke-penilai", from_status=S.EVALUATED, comment=reason.strip())
    events.publish("performance.appraisal_returned", appraisal_id=appraisal.pk, transition_id=step.pk)
    return appraisal


def _credit_points(appraisal: Appraisal) -> Decimal | None:
    employee = appraisal.employee
    if employee.position_type != Employee.PositionType.FUNGSIONAL or not employee.functional_level:
        return None
    return rules.angka_kredit(employee.functional_level, appraisal.predikat)


def _follow_up(appraisal: Appraisal) -> None:
    """Recognition for Sangat Baik (talent pool after two years running); coaching and a development need
    for Butuh Perbaikan and below (`rules.follow_up`; docs/rules.md)."""
    Recognition.objects.filter(appraisal=appraisal).delete()
    CoachingPlan.objects.filter(appraisal=appraisal).delete()
    DevelopmentNeed.objects.filter(appraisal=appraisal).delete()
    year = appraisal.period.year
    kind = rules.follow_up(appraisal.predikat)
    if kind == rules.RECOGNITION:
        previous = Appraisal.objects.filter(
            employee_id=appraisal.employee_id, period__year=year - 1, status=S.APPROVED, predikat=rules.SANGAT_BAIK
        ).exists()
        pool = rules.talent_pool(appraisal.predikat, previous_year_sangat_baik=previous)
        Recognition.objects.create(appraisal=appraisal, employee_id=appraisal.employee_id, year=year,
                                   talent_pool=pool)  # fmt: skip
    elif kind == rules.COACHING:
        weak, competences = rules.coaching_targets(appraisal.results_rating, appraisal.behaviour_ratings)
        due = timezone.localdate() + timedelta(days=rules.COACHING_DAYS)
        CoachingPlan.objects.create(
            appraisal=appraisal, employee_id=appraisal.employee_id, responsible_id=appraisal.evaluator_id,
            due_date=due,
            actions=_("Pertemuan pembinaan bulanan dengan atasan langsung; target perbaikan: %(c)s; "
                      "evaluasi kemajuan sebelum batas waktu.") % {"c": ", ".join(competences)},
        )  # fmt: skip
        DevelopmentNeed.objects.create(
            appraisal=appraisal, employee_id=appraisal.employee_id, department_id=appraisal.department_id, year=year,
            predikat=appraisal.predikat, weak_aspects=weak, recommended_competence="; ".join(competences)[:300],
        )  # fmt: skip


# ---------------------------------------------------------------- coaching


def may_coach(plan: CoachingPlan, user: User) -> bool:
    """Who runs a coaching plan: the one responsible, the head of the employee's department, or HR;
    never the coached employee."""
    if user.is_hr:
        return True
    emp = _employee(user)
    if emp is None or emp.pk == plan.employee_id:
        return False
    department = user.headed_department
    return emp.pk == plan.responsible_id or (department is not None and plan.appraisal.department_id == department.pk)


@transaction.atomic
def coaching_plan_update(
    *, plan: CoachingPlan, by: User, actions: str, due_date: date, progress_note: str = "", done: bool = False
) -> CoachingPlan:
    """Record the coaching: revise the steps or the deadline, note the progress, close it when done."""
    plan = CoachingPlan.objects.select_for_update().select_related("appraisal").get(pk=plan.pk)
    if not may_coach(plan, by):
        _deny()
    if plan.status == CoachingPlan.Status.DONE:
        _fail(_("Pembinaan ini sudah selesai dan tidak dapat diubah."))
    if not actions.strip():
        _fail(_("Langkah pembinaan wajib diisi."))
    if done and not progress_note.strip():
        _fail(_("Tuliskan hasil pembinaan sebelum menandainya selesai."))
    plan.actions, plan.due_date, plan.progress_note = actions.strip(), due_date, progress_note.strip()
    if done:
        plan.status, plan.completed_at = CoachingPlan.Status.DONE, timezone.now()
    plan.full_clean()
    plan._history_user = by
    plan.save()
    return plan
