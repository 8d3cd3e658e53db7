"""Hand-off notifications of recruitment: the ranking is done → the HR officer who started it;
an appeal is decided → the applicant by e-mail (applicants have no login)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from employees.events import subscribe
from employees.notify import absolute, mail_queue, notify

from .models import Application, SelectionRound


@subscribe("recruitment.ranking_finished")
def ranking_finished(*, round_id, user_id, run):
    rnd = SelectionRound.objects.only("name", "ranking_message").get(pk=round_id)
    with translation.override("id"):
        notify(
            key=f"recruitment.ranking_finished:{round_id}:{run}",
            user_ids=[user_id],
            title=_("Pemeringkatan %(round)s selesai") % {"round": rnd.name},
            body=rnd.ranking_message,
            url=reverse("recruitment:round-detail", args=[round_id]),
        )


@subscribe("recruitment.appeal_decided")
def appeal_decided(*, application_id):
    app = Application.objects.select_related("applicant", "round").get(pk=application_id)
    with translation.override("id"):
        context = {
            "name": app.applicant.name,
            "number": app.registration_number,
            "round": app.round.name,
            "decision": app.get_appeal_decision_display().lower(),
            "reason": app.appeal_reason,
            "url": absolute(reverse("recruitment:status")),
        }
        text = (
            _(
                "Yth. %(name)s,\n\nSanggahan Anda atas hasil seleksi administrasi %(round)s "
                "(nomor pendaftaran %(number)s) sudah diputus: %(decision)s.\n\nAlasan: %(reason)s\n\n"
                "Periksa status pendaftaran Anda di %(url)s.\n\n"
                "Salam,\nPanitia Seleksi — BKPSDM Kota Sorong\n"
            )
            % context
        )
        html = render_to_string("emails/appeal_decided.html", context)
        mail_queue(
            key=f"recruitment.appeal_decided:{application_id}",
            to=app.applicant.email,
            subject=_("Putusan sanggahan %(number)s") % context,
            text=text,
            html=html,
        )
