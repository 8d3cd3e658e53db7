"""HR actions on an applicant's identity and access code (the application page's buttons)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, services
from .models import Application


def _hr_application(request, pk) -> Application:
    if not request.user.is_hr:  # before the lookup: ids are not probed
        raise PermissionDenied(_("Hanya petugas BKPSDM yang boleh mengelola seleksi."))
    return get_object_or_404(Application.objects.select_related("applicant"), pk=pk)


@login_required
@require_POST
def access_code_resend(request, pk):
    app = _hr_application(request, pk)
    try:
        access.access_code_resend(application=app, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kode akses baru sedang dikirim ke surel pelamar; kode lama tidak berlaku lagi."))
    return redirect("recruitment:application-detail", pk=pk)


@login_required
@require_POST
def applicant_adopt(request, pk):
    app = _hr_application(request, pk)
    try:
        services.applicant_adopt_submitted(application=app, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Data pelamar diperbarui dari isian lamaran ini; perubahan tercatat di riwayat."))
    return redirect("recruitment:application-detail", pk=pk)
