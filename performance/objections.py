"""Objections (keberatan) to an approved SKP: lodged by the employee within the window, decided once and
for all by the evaluator's superior (PermenPANRB 6/2022)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees import events
from employees.models import Employee, User

from . import rules
from .models import Appraisal, Objection
from .selectors import OWNER, holds
from .services import S, _credit_points, _deny, _employee, _fail, _follow_up, _lock, _log


@transaction.atomic
def objection_lodge(*, appraisal: Appraisal, by: User, reason: str, today: date | None = None) -> Objection:
    """The employee objects within 14 days of approval; the evaluator's superior will decide."""
    appraisal = _lock(appraisal)
    if not holds(appraisal, by, OWNER):
        _deny()
    if appraisal.status != S.APPROVED:
        _fail(_("Keberatan hanya dapat diajukan atas SKP yang sudah disetujui."))
    today = today or timezone.localdate()
    last_day = rules.objection_last_day(timezone.localdate(appraisal.approved_at))
    if today > last_day:
        _fail(_("Batas pengajuan keberatan (%(n)s hari setelah hasil, sampai %(d)s) sudah lewat.")
              % {"n": rules.OBJECTION_DAYS, "d": last_day.strftime("%d-%m-%Y")})  # fmt: skip
    if Objection.objects.filter(appraisal=appraisal).exists():
        _fail(_("Keberatan atas SKP ini sudah pernah diajukan."))
    if not reason.strip():
        _fail(_("Alasan keberatan wajib diisi."))
    decider_id = Employee.objects.filter(pk=appraisal.evaluator_id).values_list("supervisor_id", flat=True).first()
    if decider_id is None:
        _fail(_("Pejabat penilai Anda tidak memiliki atasan yang dapat memutus keberatan; hubungi BKPSDM."))
    objection = Objection.objects.create(appraisal=appraisal, reason=reason.strip(), decider_id=decider_id,
                                         previous_predikat=appraisal.predikat)  # fmt: skip
    _log(appraisal, by=by, action="keberatan", from_status=appraisal.status, comment=reason.strip())
    events.publish("performance.objection_lodged", objection_id=objection.pk)
    return objection


@transaction.atomic
def objection_decide(
    *,
    objection: Objection,
    by: User,
    decision: str,
    note: str,
    results_rating: str = "",
    behaviour_rating: str = "",
) -> Objection:
    """The evaluator's superior decides once; the decision is final. Upheld: new ratings, new predikat."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    emp = _employee(by)
    if emp is None or emp.pk != objection.decider_id:
        _deny()
    if objection.decision != Objection.Decision.PENDING:
        _fail(_("Keberatan ini sudah diputus; keputusan bersifat final."))
    if decision not in (Objection.Decision.UPHELD, Objection.Decision.REJECTED):
        _fail(_("Pilih keputusan: diterima atau ditolak."))
    if not note.strip():
        _fail(_("Tuliskan pertimbangan keputusan."))
    appraisal = _lock(objection.appraisal)
    if decision == Objection.Decision.UPHELD:
        if results_rating not in rules.RATINGS or behaviour_rating not in rules.RATINGS:
            _fail(_("Keberatan diterima: tetapkan rating hasil kerja dan perilaku kerja yang baru."))
        appraisal.results_rating = results_rating
        appraisal.behaviour_rating = behaviour_rating
        appraisal.predikat = rules.predikat(results_rating, behaviour_rating)
        appraisal.credit_points = _credit_points(appraisal)
        appraisal.save()
        _follow_up(appraisal)
    objection.decision = decision
    objection.decision_note = note.strip()
    objection.decided_by = by
    objection.decided_at = timezone.now()
    objection.save()
    _log(appraisal, by=by, action=f"keberatan-{decision}", from_status=appraisal.status, comment=note.strip())
    events.publish("performance.objection_decided", objection_id=objection.pk)
    return objection
