"""HR actions on an applicant's identity and access code (the application page's buttons)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from employees.actions import workflow_post

from . import access, services
from .models import Application


def _application(request, pk) -> Application:
    return get_object_or_404(Application.objects.select_related("applicant"), pk=pk)


def _application_page(app) -> str:
    return reverse("recruitment:application-detail", args=[app.pk])


@workflow_post(hr=True, load=_application, then=_application_page)
def access_code_resend(request, app):
    access.access_code_resend(application=app, by=request.user)
    return _("Kode akses baru sedang dikirim ke surel pelamar; kode lama tidak berlaku lagi.")


@workflow_post(hr=True, load=_application, then=_application_page)
def applicant_adopt(request, app):
    services.applicant_adopt_submitted(application=app, by=request.user)
    return _("Data pelamar diperbarui dari isian lamaran ini; perubahan tercatat di riwayat.")
