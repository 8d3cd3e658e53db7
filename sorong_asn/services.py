"""Writes of the project-level features (the merit-system self-assessment)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import User

from . import rules
from .models import MeritAssessment


@transaction.atomic
def merit_assessment_save(*, year: int, scores: dict[str, int], evidence: dict[str, str], by: User) -> MeritAssessment:
    """BKPSDM records (or revises) the year's self-assessment; every revision is kept in the history."""
    if not by.is_hr:
        raise PermissionDenied(_("Hanya BKPSDM yang mengisi penilaian mandiri sistem merit."))
    try:
        index = rules.merit_index(scores)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    keys = [key for key, _ in rules.MERIT_ASPECTS]
    assessment = MeritAssessment.objects.select_for_update().filter(year=year).first() or MeritAssessment(year=year)
    assessment.scores = {key: scores[key] for key in keys}
    assessment.evidence = {key: (evidence.get(key) or "").strip() for key in keys}
    assessment.index = index
    assessment.assessed_by = by
    assessment.full_clean()
    assessment._history_user = by  # also outside a request (commands, tests)
    assessment.save()
    return assessment
