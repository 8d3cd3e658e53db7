"""SIASN pages, for BKPSDM officers only (403 for everyone else). Thin: each calls a selector or a service."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employees.pagination import query_string

from . import conf, exports, outbox, selectors, services
from .forms import ExportFileForm, OutboxFilter, TokenForm, UnitFilter
from .models import OutboxItem, PersonChange, PersonPull, PersonRow, UnitChange

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def hr_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_hr:
            raise PermissionDenied(_("Halaman ini hanya untuk petugas BKPSDM."))
        return view(request, *args, **kwargs)

    return wrapped


def _field_messages(exc: ValidationError, field: str) -> list[str]:
    """A service's messages for one field, whether it raised them per field or as a whole."""
    return exc.message_dict.get(field, exc.messages) if hasattr(exc, "error_dict") else exc.messages


def _run(request, action, success: str = ""):
    """Run a service; its refusal becomes a message instead of an error page."""
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    if success:
        messages.success(request, success)
    return result


@hr_only
def home(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.token_paste(token=form.cleaned_data["token"], by=request.user)
        except ValidationError as exc:
            form.add_error("token", _field_messages(exc, "token"))
        else:
            messages.success(request, _("Token SSO disimpan."))
            return redirect("siasn:home")
    return render(request, "siasn/home.html", {"form": form, **selectors.status_summary(), "now": timezone.now()})


@hr_only
def units(request):
    filters = UnitFilter(request.GET)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    page = Paginator(selectors.pending_unit_changes(kind), 50).get_page(request.GET.get("page"))
    context = {
        "enabled": conf.enabled(),
        "fetch": selectors.latest_unit_fetch(),
        "counts": selectors.unit_change_counts(),
        "filter": filters,
        "page_obj": page,
        "query_string": query_string(request),
    }
    return render(request, "siasn/units.html", context)


@hr_only
@require_POST
def unit_fetch(request):
    _run(request, lambda: services.unit_fetch_start(by=request.user), _("Pengambilan ref-unor dijalankan."))
    return redirect("siasn:units")


@hr_only
@require_POST
def unit_accept(request, pk):
    change = get_object_or_404(UnitChange, pk=pk)
    _run(request, lambda: services.unit_change_accept(change_id=change.pk, by=request.user), _("Perbedaan diterima."))
    return redirect("siasn:units")


@hr_only
@require_POST
def unit_accept_all(request):
    from employees.jobs import enqueue

    from .tasks import unit_accept_all_task

    enqueue(unit_accept_all_task, request.user.pk)
    messages.success(request, _("Semua perbedaan unit sedang diterima; muat ulang halaman untuk melihat hasilnya."))
    return redirect("siasn:units")


@hr_only
def people(request):
    form = ExportFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pull = services.person_pull_create(by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", _field_messages(exc, "file"))
        else:
            return redirect("siasn:pull-detail", pull.pk)
    page = Paginator(selectors.pulls(), 20).get_page(request.GET.get("page"))
    return render(request, "siasn/people.html", {"form": form, "page_obj": page, "enabled": conf.enabled()})


@hr_only
def pull_detail(request, pk):
    pull = get_object_or_404(PersonPull, pk=pk)
    status = request.GET.get("status", "")
    status = status if status in PersonRow.Status.values else ""
    page = Paginator(selectors.pull_rows_with_changes(pull, status=status), 25).get_page(request.GET.get("page"))
    context = {
        "pull": pull,
        "page_obj": page,
        "query_string": query_string(request),
        "counts": selectors.pull_counts(pull),
        "status": status,
        "row_statuses": PersonRow.Status.choices,
    }
    return render(request, "siasn/pull_detail.html", context)


@hr_only
def pull_progress(request, pk):
    return render(request, "siasn/_pull_progress.html", {"pull": get_object_or_404(PersonPull, pk=pk)})


@hr_only
@require_POST
def pull_resume(request, pk):
    pull = get_object_or_404(PersonPull, pk=pk)
    services.person_pull_resume(pull=pull, by=request.user)
    return redirect("siasn:pull-detail", pull.pk)


@hr_only
@require_POST
def pull_accept(request, pk):
    """Accept the ticked fields, or every field of one person (`row`), of this pull."""
    pull = get_object_or_404(PersonPull, pk=pk)
    changes = PersonChange.objects.filter(row__pull=pull)
    if request.POST.get("row", "").isdigit():
        changes = changes.filter(row_id=int(request.POST["row"]))
    else:
        changes = changes.filter(pk__in=[int(i) for i in request.POST.getlist("change") if i.isdigit()])
    accepted, errors = services.person_changes_accept(
        change_ids=list(changes.values_list("pk", flat=True)), by=request.user
    )
    if accepted:
        messages.success(request, _("%(n)s perbedaan diterima dan dicatat dengan sumber SIASN.") % {"n": accepted})
    for error in errors[:20]:
        messages.error(request, error)
    if not accepted and not errors:
        messages.info(request, _("Tidak ada perbedaan yang dipilih."))
    back = QueryDict(request.POST.get("back", "")).urlencode()  # our own filters, re-encoded
    return redirect(reverse("siasn:pull-detail", args=[pull.pk]) + (f"?{back}" if back else ""))


@hr_only
@require_POST
def pull_accept_all(request, pk):
    pull = get_object_or_404(PersonPull, pk=pk)
    if services.person_pull_accept_all_start(pull=pull, by=request.user):
        messages.success(request, _("Semua perbedaan sedang diterima; halaman ini menunjukkan sisanya."))
    else:
        messages.error(request, _("Penerimaan semua perbedaan sudah berjalan atau data belum selesai diambil."))
    return redirect("siasn:pull-detail", pull.pk)


@hr_only
def outbox_list(request):
    filters = OutboxFilter(request.GET)
    params = filters.cleaned_data if filters.is_valid() else {}
    items = selectors.outbox_list(**{k: params.get(k, "") for k in ("status", "kind", "q")})
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {"filter": filters, "page_obj": page, "query_string": query_string(request), "enabled": conf.enabled()}
    return render(request, "siasn/outbox.html", context)


@hr_only
@require_POST
def outbox_retry(request, pk):
    item = get_object_or_404(OutboxItem, pk=pk)
    if outbox.outbox_retry(item=item, by=request.user):
        messages.success(request, _("%(label)s dikirim ulang.") % {"label": item.label})
    else:
        messages.error(request, _("Catatan ini sedang dikirim atau sudah menunggu giliran."))
    return redirect("siasn:outbox")


@hr_only
def outbox_export(request):
    filters = OutboxFilter(request.GET)
    params = filters.cleaned_data if filters.is_valid() else {}
    items = selectors.outbox_list(**{k: params.get(k, "") for k in ("status", "kind", "q")})
    response = HttpResponse(exports.outbox_xlsx(items.iterator(chunk_size=2000)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="antrean-siasn-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
