"""Learning an employee reports with evidence (counted after HR verifies it), and HR's review of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from employees.actions import workflow_post
from employees.pagination import query_string
from employees.permissions import hr_required

from . import services
from .forms import ExternalLearningForm, VerifyReportForm
from .models import ExternalLearning

PAGE = 30


def _page(request, qs, size=PAGE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


@login_required
def external_list(request):
    me = request.user.employee_or_none
    if me is None:
        return redirect("training:external-review")
    form = ExternalLearningForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        try:
            services.external_learning_submit(
                employee=me, by=request.user, evidence=form.cleaned_data["evidence"], **fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Laporan terkirim; akan dihitung setelah diverifikasi BKPSDM."))
            return redirect("training:external-list")
    reports = ExternalLearning.objects.filter(employee=me).select_related("verified_by")
    return render(request, "training/external_list.html", {"form": form, "page_obj": _page(request, reports)})


@login_required
@hr_required
def external_review(request):
    status = request.GET.get("status") or ExternalLearning.Status.SUBMITTED
    reports = ExternalLearning.objects.filter(status=status).select_related("employee", "employee__unit")
    return render(
        request,
        "training/external_review.html",
        {
            "page_obj": _page(request, reports.order_by("created_at", "id")),
            "status": status,
            "statuses": ExternalLearning.Status.choices,
            "query_string": query_string(request),
        },
    )


def _report(request, pk):
    return get_object_or_404(ExternalLearning, pk=pk)


@workflow_post(hr=True, load=_report, then=lambda report: reverse("training:external-review"), form=VerifyReportForm)
def external_decide(request, report, form):
    data = form.cleaned_data
    services.external_learning_verify(report=report, by=request.user, approve=data["approve"], reason=data["reason"])
    return _("Laporan %(title)s diproses.") % {"title": report.title}


@login_required
def external_evidence(request, pk):
    report = get_object_or_404(ExternalLearning.objects.visible_to(request.user), pk=pk)
    name = report.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(report.evidence.open("rb"), as_attachment=True, filename=name)
