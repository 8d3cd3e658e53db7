"""Selection rounds and their formations: creating them, changing their rules, moving a round through its
stages one at a time (PermenPANRB 6/2024; all numbers configurable per round)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import Employee, OrgUnit, User

from . import scoring
from .models import Category, Formation, SelectionRound, SelectionStage
from .services import _require_hr  # the one HR check of recruitment writes, with its message


@transaction.atomic
def round_create(
    *,
    by: User,
    name: str,
    year: int,
    kind: str,
    appointment_type: str,
    public_registration: bool = False,
    registration_opens: date | None = None,
    registration_closes: date | None = None,
    appeal_opens: date | None = None,
    appeal_closes: date | None = None,
    passing_grades: dict | None = None,
    skb_multiplier: int = scoring.DEFAULT_SKB_MULTIPLIER,
    skd_weight: int = scoring.DEFAULT_SKD_WEIGHT,
    skb_weight: int = scoring.DEFAULT_SKB_WEIGHT,
    oap_share: int = scoring.DEFAULT_OAP_SHARE,
    optimalisasi: bool = False,
    stages: list[str] | None = None,
) -> SelectionRound:
    """A new round starts as a draft with the preset stages of its kind (adjustable until registration);
    an open JPT selection always registers through the region's own form."""
    _require_hr(by)
    rnd = SelectionRound(
        created_by=by,
        name=name,
        year=year,
        kind=kind,
        appointment_type=appointment_type,
        public_registration=public_registration or kind == SelectionRound.Kind.OPEN,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        appeal_opens=appeal_opens,
        appeal_closes=appeal_closes,
        skb_multiplier=skb_multiplier,
        skd_weight=skd_weight,
        skb_weight=skb_weight,
        oap_share=oap_share,
        optimalisasi=optimalisasi,
    )
    if passing_grades is not None:
        rnd.passing_grades = passing_grades
    rnd.full_clean()
    rnd.save()
    _stages_set(rnd, stages or SelectionRound.PRESETS[rnd.kind])
    return rnd


def _stages_set(rnd: SelectionRound, kinds):
    preset = SelectionRound.PRESETS[rnd.kind]
    kinds = [k for k in preset if k in set(kinds)]
    if SelectionStage.objects.filter(round=rnd, scores__isnull=False).exclude(kind__in=kinds).exists():
        raise ValidationError(_("Tahap yang sudah punya nilai pansel tidak boleh dihapus."))
    SelectionStage.objects.filter(round=rnd).exclude(kind__in=kinds).delete()
    existing = set(SelectionStage.objects.filter(round=rnd).values_list("kind", flat=True))
    for order, kind in enumerate(kinds, start=1):
        if kind in existing:
            SelectionStage.objects.filter(round=rnd, kind=kind).update(order=order)
        else:
            SelectionStage.objects.create(round=rnd, kind=kind, order=order)


class _Keep:
    """An argument left out of `round_update`: the stored value stays."""


KEEP = _Keep()


@transaction.atomic
def round_update(
    *,
    rnd: SelectionRound,
    by: User,
    stages: list[str] | None = None,
    name: str | _Keep = KEEP,
    year: int | _Keep = KEEP,
    appointment_type: str | _Keep = KEEP,
    public_registration: bool | _Keep = KEEP,
    registration_opens: date | None | _Keep = KEEP,
    registration_closes: date | None | _Keep = KEEP,
    appeal_opens: date | None | _Keep = KEEP,
    appeal_closes: date | None | _Keep = KEEP,
    passing_grades: dict | _Keep = KEEP,
    skb_multiplier: int | _Keep = KEEP,
    skd_weight: int | _Keep = KEEP,
    skb_weight: int | _Keep = KEEP,
    oap_share: int | _Keep = KEEP,
    optimalisasi: bool | _Keep = KEEP,
) -> SelectionRound:
    """Rules may change until ranking; the stage list only while the round is a draft. The kind never changes."""
    _require_hr(by)
    rnd = SelectionRound.objects.select_for_update().get(pk=rnd.pk)
    changes = {
        "name": name,
        "year": year,
        "appointment_type": appointment_type,
        "public_registration": public_registration,
        "registration_opens": registration_opens,
        "registration_closes": registration_closes,
        "appeal_opens": appeal_opens,
        "appeal_closes": appeal_closes,
        "passing_grades": passing_grades,
        "skb_multiplier": skb_multiplier,
        "skd_weight": skd_weight,
        "skb_weight": skb_weight,
        "oap_share": oap_share,
        "optimalisasi": optimalisasi,
    }
    for field, value in changes.items():
        if value is not KEEP:
            setattr(rnd, field, value)
    rnd.full_clean()
    rnd.save()
    if stages is not None:
        current = list(rnd.stages.values_list("kind", flat=True))
        if sorted(current) != sorted(stages):
            if rnd.status != SelectionRound.Status.DRAFT:
                raise ValidationError(_("Tahap seleksi hanya dapat diubah sebelum pendaftaran dibuka."))
            _stages_set(rnd, stages)
    return rnd


@transaction.atomic
def round_set_status(*, rnd: SelectionRound, by: User, status: str) -> SelectionRound:
    """A round moves one stage forward or one back (`SelectionRound.status_moves`), under a row lock."""
    _require_hr(by)
    if status not in SelectionRound.Status.values:
        raise ValidationError(_("Tahap seleksi tidak dikenal."))
    locked = SelectionRound.objects.select_for_update().get(pk=rnd.pk)
    if status not in locked.status_moves():
        raise ValidationError(
            _("Seleksi pada tahap %(now)s tidak dapat dipindah ke tahap %(to)s; tahap berpindah satu per satu.")
            % {"now": locked.get_status_display(), "to": SelectionRound.Status(status).label}
        )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    rnd.refresh_from_db()  # callers keep using the round they passed
    return rnd


@transaction.atomic
def formation_create(
    *,
    rnd: SelectionRound,
    by: User,
    code: str,
    position: str,
    unit: OrgUnit,
    quota: int,
    category: str = Category.UMUM,
    position_type: str = Employee.PositionType.FUNGSIONAL,
    functional_level: str = "",
    education_levels: list[str] | None = None,
    majors: list[str] | None = None,
    min_gpa: Decimal | None = None,
    max_age: int | None = None,
    age_cutoff: date | None = None,
) -> Formation:
    """A formation of the round: position, unit, seats, category and its requirements."""
    _require_hr(by)
    formation = Formation(
        round=rnd,
        code=code,
        position=position,
        unit=unit,
        quota=quota,
        category=category,
        position_type=position_type,
        functional_level=functional_level,
        education_levels=education_levels or [],
        majors=majors or [],
        min_gpa=min_gpa,
        max_age=max_age,
        age_cutoff=age_cutoff,
    )
    formation.full_clean()
    formation.save()
    return formation
