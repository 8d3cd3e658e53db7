"""Nominating people picked on the employee list to a training session in one step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from employees.selection import employee_selection, list_url

from . import services
from .models import TrainingSession


@login_required
@require_POST
def nominate_selection(request):
    query = request.POST.get("query", "")
    target = request.POST.get("target", "")
    session = get_object_or_404(TrainingSession, pk=target) if target.isdigit() else None
    try:
        if session is None:
            raise ValidationError(_("Pilih sesi pelatihan."))
        chosen = employee_selection(user=request.user, data=request.POST)
        people = list(chosen.employees[: services.MAX_NOMINATIONS + 1])
        enrollments = services.enrollment_nominate_many(session=session, employees=people, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return redirect(list_url(query))
    messages.success(
        request,
        ngettext(
            "%(n)d pegawai diusulkan ke %(session)s; menunggu persetujuan kepala perangkat daerah.",
            "%(n)d pegawai diusulkan ke %(session)s; menunggu persetujuan kepala perangkat daerah.",
            len(enrollments),
        )
        % {"n": len(enrollments), "session": f"{session.program.title} — {session.name}"},
    )
    for warning in sorted({e.warning for e in enrollments if e.warning}):
        messages.warning(request, warning)
    return redirect(list_url(query))
