"""The committee (panitia seleksi) of an open selection: members per stage, their declarations of conflict
of interest and their scores. A score counts only when its member declared no conflict."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.identifiers import compact
from employees.models import Employee, User

from .models import Application, PanelMember, PanelScore, SelectionStage
from .services import _require_hr  # the one HR check of recruitment writes, with its message


@transaction.atomic
def panel_member_add(*, stage: SelectionStage, who: str, by: User) -> PanelMember:
    """HR appoints a committee member of a scoring stage, by username or by the employee's NIP."""
    _require_hr(by)
    if not stage.is_panel:
        raise ValidationError(_("Tahap ini tidak dinilai panitia seleksi."))
    who = (who or "").strip()
    user = User.objects.filter(username=who, is_active=True).first()
    if user is None and who:
        employee = Employee.objects.filter(nip=compact(who)).select_related("user").first()
        user = employee.user if employee and employee.user and employee.user.is_active else None
    if user is None:
        raise ValidationError(
            {"who": _("Tidak ada akun aktif dengan nama pengguna atau NIP '%(who)s'.") % {"who": who}}
        )
    member, created = PanelMember.objects.get_or_create(stage=stage, user=user)
    if not created:
        raise ValidationError({"who": _("%(user)s sudah menjadi anggota panitia tahap ini.") % {"user": user}})
    return member


@transaction.atomic
def panel_member_remove(*, member: PanelMember, by: User) -> None:
    """A member who has declared or scored stays: their record is part of the selection's audit trail."""
    _require_hr(by)
    if PanelScore.objects.filter(stage_id=member.stage_id, member=member).exists():
        raise ValidationError(
            _("Anggota ini sudah menyatakan konflik kepentingan atau memberi nilai; tidak dapat dihapus.")
        )
    member.delete()


@transaction.atomic
def panel_declare(*, stage: SelectionStage, application: Application, by: User, has_conflict: bool,
                  note: str = "") -> PanelScore:  # fmt: skip
    """Each panel member declares, per candidate, any conflict of interest before scoring."""
    member = PanelMember.objects.filter(stage=stage, user=by).first()
    if member is None:
        raise PermissionDenied(_("Anda bukan anggota panitia seleksi untuk tahap ini."))
    if application.round_id != stage.round_id:
        raise ValidationError(_("Peserta tidak termasuk seleksi ini."))
    row, created = PanelScore.objects.select_for_update().get_or_create(
        stage=stage, application=application, member=member,
        defaults={"has_conflict": has_conflict, "conflict_note": note[:300]},
    )  # fmt: skip
    if not created:
        raise ValidationError(_("Pernyataan konflik kepentingan sudah dibuat dan tidak dapat diubah."))
    return row


@transaction.atomic
def panel_score(*, stage: SelectionStage, application: Application, by: User, score: Decimal | str) -> PanelScore:
    """A score counts only when its member declared no conflict with the candidate."""
    row = PanelScore.objects.select_for_update().filter(stage=stage, application=application, member__user=by).first()
    if row is None:
        raise ValidationError(_("Nyatakan dahulu ada atau tidaknya konflik kepentingan dengan peserta ini."))
    if row.has_conflict:
        raise ValidationError(_("Anda menyatakan konflik kepentingan dengan peserta ini; nilai Anda tidak dihitung."))
    score = Decimal(str(score))
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({"score": _("Nilai %(score)s di luar rentang 0–100.") % {"score": score}})
    row.score = score
    row.scored_at = timezone.now()
    row._change_reason = "Nilai pansel"
    row.save()
    return row
