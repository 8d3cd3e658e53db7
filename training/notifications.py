"""Hand-off notifications of training: the department head decides, the employee and nominator hear back."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from employees.events import subscribe
from employees.models import HR_GROUP, User
from employees.notify import notify

from .models import Certificate, Enrollment


def _enrollment(enrollment_id: int) -> Enrollment:
    return Enrollment.objects.select_related("employee__unit__department__head", "session__program").get(
        pk=enrollment_id
    )


def _deciders(enrollment: Enrollment) -> list[int]:
    """The head of the employee's department; BKPSDM when the employee is that head (as `may_decide`)."""
    department = enrollment.employee.unit.department
    if department is None or department.head_id in (None, enrollment.employee_id):
        return list(User.objects.filter(groups__name=HR_GROUP, is_active=True).values_list("pk", flat=True))
    return [department.head.user_id]


def _tell(event: str, enrollment: Enrollment, user_ids, title: str, body: str = "", url: str = "") -> None:
    with translation.override("id"):
        notify(
            key=f"{event}:{enrollment.pk}",
            user_ids=user_ids,
            title=_(title) % {"name": enrollment.employee.name, "program": enrollment.session.program.title},
            body=body,
            url=url or reverse("training:session-detail", args=[enrollment.session_id]),
        )


@subscribe("training.enrollment_nominated")
def enrollment_nominated(*, enrollment_id):
    enrollment = _enrollment(enrollment_id)
    title = (
        N_("%(name)s meminta ikut pelatihan %(program)s; menunggu keputusan Anda")
        if enrollment.origin == Enrollment.Origin.REQUEST
        else N_("%(name)s diusulkan mengikuti pelatihan %(program)s; menunggu keputusan Anda")
    )
    _tell("training.enrollment_nominated", enrollment, _deciders(enrollment), title, body=enrollment.note,
          url=reverse("training:approval-list"))  # fmt: skip
    if enrollment.origin != Enrollment.Origin.REQUEST:  # the employee learns they were put forward
        _tell("training.enrollment_nominated", enrollment, [enrollment.employee.user_id],
              N_("%(name)s diusulkan mengikuti pelatihan %(program)s"))  # fmt: skip


def _employee_and_nominator(enrollment: Enrollment) -> list[int]:
    return [enrollment.employee.user_id, enrollment.nominated_by_id]


@subscribe("training.enrollment_approved")
def enrollment_approved(*, enrollment_id):
    enrollment = _enrollment(enrollment_id)
    title = (
        N_("Usulan pelatihan %(program)s untuk %(name)s disetujui; masuk daftar tunggu karena kursi penuh")
        if enrollment.status == Enrollment.Status.WAITLISTED
        else N_("Usulan pelatihan %(program)s untuk %(name)s disetujui")
    )
    _tell("training.enrollment_approved", enrollment, _employee_and_nominator(enrollment), title)


@subscribe("training.enrollment_declined")
def enrollment_declined(*, enrollment_id):
    enrollment = _enrollment(enrollment_id)
    _tell("training.enrollment_declined", enrollment, _employee_and_nominator(enrollment),
          N_("Usulan pelatihan %(program)s untuk %(name)s ditolak"), body=enrollment.decline_reason)  # fmt: skip


@subscribe("training.enrollment_promoted")
def enrollment_promoted(*, enrollment_id):
    enrollment = _enrollment(enrollment_id)
    _tell("training.enrollment_promoted", enrollment, _employee_and_nominator(enrollment),
          N_("%(name)s naik dari daftar tunggu dan mendapat kursi di pelatihan %(program)s"))  # fmt: skip


@subscribe("training.certificate_issued")
def certificate_issued(*, certificate_id, enrollment_id, by_id):
    enrollment = _enrollment(enrollment_id)
    code = Certificate.objects.filter(pk=certificate_id).values_list("code", flat=True).get()
    _tell("training.certificate_issued", enrollment, [enrollment.employee.user_id],
          N_("Sertifikat pelatihan %(program)s untuk %(name)s sudah terbit"),
          body=_("Kode verifikasi: %(code)s") % {"code": code}, url=reverse("training:my-training"))  # fmt: skip
