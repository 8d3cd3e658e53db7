"""Hand-off notifications of the SKP workflow: whoever must act next, and whoever's work moved."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from employees.events import subscribe
from employees.notify import notify

from .models import Appraisal, Objection

_FIELDS = ("employee__user_id", "evaluator__user_id", "approver__user_id", "employee__name", "period__year")


def _appraisal(appraisal_id: int) -> dict:
    return dict(zip(_FIELDS, Appraisal.objects.filter(pk=appraisal_id).values_list(*_FIELDS).get(), strict=True))


def _tell(event: str, ref: int, appraisal_id: int, roles: tuple[str, ...], title: str) -> None:
    a = _appraisal(appraisal_id)
    with translation.override("id"):
        notify(
            key=f"{event}:{ref}",
            user_ids=[a[f"{role}__user_id"] for role in roles],
            title=_(title) % {"name": a["employee__name"], "year": a["period__year"]},
            url=reverse("performance:appraisal-detail", args=[appraisal_id]),
        )


@subscribe("performance.plan_submitted")
def plan_submitted(*, appraisal_id, transition_id):
    _tell("performance.plan_submitted", transition_id, appraisal_id, ("evaluator",),
          N_("Rencana SKP %(year)s %(name)s menunggu persetujuan Anda"))  # fmt: skip


@subscribe("performance.plan_agreed")
def plan_agreed(*, appraisal_id, transition_id):
    _tell("performance.plan_agreed", transition_id, appraisal_id, ("employee",),
          N_("Rencana SKP %(year)s Anda disepakati atasan"))  # fmt: skip


@subscribe("performance.plan_returned")
def plan_returned(*, appraisal_id, transition_id):
    _tell("performance.plan_returned", transition_id, appraisal_id, ("employee",),
          N_("Rencana SKP %(year)s Anda dikembalikan atasan untuk diperbaiki"))  # fmt: skip


@subscribe("performance.self_assessed")
def self_assessed(*, appraisal_id, transition_id):
    _tell("performance.self_assessed", transition_id, appraisal_id, ("evaluator",),
          N_("Penilaian diri SKP %(year)s %(name)s menunggu penilaian Anda"))  # fmt: skip


@subscribe("performance.appraisal_rated")
def appraisal_rated(*, appraisal_id, transition_id):
    _tell("performance.appraisal_rated", transition_id, appraisal_id, ("approver",),
          N_("SKP %(year)s %(name)s sudah dinilai dan menunggu persetujuan Anda"))  # fmt: skip


@subscribe("performance.appraisal_approved")
def appraisal_approved(*, appraisal_id, by_id):
    _tell("performance.appraisal_approved", appraisal_id, appraisal_id, ("employee", "evaluator"),
          N_("SKP %(year)s %(name)s sudah disetujui"))  # fmt: skip


@subscribe("performance.appraisal_returned")
def appraisal_returned(*, appraisal_id, transition_id):
    _tell("performance.appraisal_returned", transition_id, appraisal_id, ("evaluator", "employee"),
          N_("Penilaian SKP %(year)s %(name)s dikembalikan kepada pejabat penilai"))  # fmt: skip


@subscribe("performance.objection_lodged")
def objection_lodged(*, objection_id):
    objection = Objection.objects.select_related("decider", "appraisal__employee", "appraisal__period").get(
        pk=objection_id
    )
    with translation.override("id"):
        notify(
            key=f"performance.objection_lodged:{objection_id}",
            user_ids=[objection.decider.user_id if objection.decider else None],
            title=_("Keberatan atas SKP %(year)s %(name)s menunggu keputusan Anda")
            % {"year": objection.appraisal.period.year, "name": objection.appraisal.employee.name},
            url=reverse("performance:appraisal-detail", args=[objection.appraisal_id]),
        )


@subscribe("performance.objection_decided")
def objection_decided(*, objection_id):
    objection = Objection.objects.select_related("appraisal__employee", "appraisal__period").get(pk=objection_id)
    with translation.override("id"):
        notify(
            key=f"performance.objection_decided:{objection_id}",
            user_ids=[objection.appraisal.employee.user_id],
            title=_("Keberatan Anda atas SKP %(year)s sudah diputus: %(decision)s")
            % {"year": objection.appraisal.period.year, "decision": objection.get_decision_display().lower()},
            body=objection.decision_note,
            url=reverse("performance:appraisal-detail", args=[objection.appraisal_id]),
        )
