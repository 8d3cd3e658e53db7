from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import exports, list_options, selection, services
from .clientip import client_ip
from .filters import EmployeeFilter
from .forms import EmployeeForm, ImportForm, NotificationSettingsForm
from .jobs import WAITING_MESSAGE, job_waiting
from .models import AccessLog, Employee, ImportJob, Notification
from .pagination import DeferredJoinPaginator, query_string
from .permissions import hr_required, require_hr
from .ranks import RETIRING_TYPES
from .selectors import unit_tree as unit_tree_selector
from .spreadsheets import CONTENT_TYPE as XLSX

# A name search counts its matches up to this many; past it the page says "more than" (20 pages of 50).
SEARCH_COUNT_LIMIT = 1000


def _filtered(request):
    base = Employee.objects.visible_to(request.user).select_related("unit", "unit__department")
    filterset = EmployeeFilter(request.GET, queryset=base, user=request.user)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    return filterset, queryset


@login_required
def employee_list(request):
    filterset, queryset = _filtered(request)
    limit = SEARCH_COUNT_LIMIT if filterset.is_name_search else None
    paginator = DeferredJoinPaginator(queryset, list_options.page_size(request), count_limit=limit)
    page = paginator.get_page(request.GET.get("page"))
    current_sort = filterset.form.cleaned_data.get("sort") if filterset.is_valid() else ""
    return render(
        request,
        "employees/employee_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query_string": query_string(request),
            "can_see_nik": request.user.is_hr,
            "selects": list_options.filter_selects(filterset.form),
            "chips": list_options.filter_chips(filterset, request.GET),
            "sort_headers": list_options.sort_headers(request.GET, current_sort or "name"),
            "current_sort": current_sort or "name",
            "columns": list_options.visible_columns(request),
            "all_columns": list_options.COLUMNS,
            "page_sizes": list_options.PAGE_SIZES,
            "selection_actions": selection.actions_for(request.user),
        },
    )


@login_required
@require_POST
def employee_columns(request):
    """Remember which optional columns the user wants on the employee list."""
    list_options.remember_columns(request, request.POST.getlist("columns"))
    return redirect(selection.list_url(request.POST.get("query", "")))


@login_required
@require_POST
def employee_export_selection(request):
    """The ticked employees (or all that match the filter) as Excel; logged like any export."""
    try:
        chosen = selection.employee_selection(user=request.user, data=request.POST)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(selection.list_url(request.POST.get("query", "")))
    return _export_response(request, chosen.employees, chosen.describe())


@login_required
def employee_export(request):
    _filterset, queryset = _filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    return _export_response(request, queryset, f"filter: {query.urlencode() or '(semua)'}")


def _export_response(request, queryset, what: str) -> HttpResponse:
    full_nik = request.user.is_hr
    content = exports.employees_xlsx(queryset.iterator(chunk_size=2000), full_nik=full_nik)
    services.access_log_record(
        actor=request.user, what=AccessLog.What.EXPORT, ip=client_ip(request),
        detail=f"{what}; NIK {'lengkap' if full_nik else 'disamarkan'}",
    )  # fmt: skip
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="pegawai-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _changes(employee, limit=20):
    """The last changes, newest first, each with who, when and which fields changed."""
    records = list(
        employee.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    labels = {f.name: f.verbose_name for f in Employee._meta.fields}
    rows = []
    for i, record in enumerate(records[:limit]):
        if record.history_type == "+" or i + 1 >= len(records):
            fields = [_("Data dibuat")] if record.history_type == "+" else []
        else:
            delta = record.diff_against(records[i + 1])
            fields = [str(labels.get(c.field, c.field)) for c in delta.changes]
        rows.append({"record": record, "fields": fields})
    return rows


@login_required
def employee_detail(request, pk):
    employee = get_object_or_404(Employee.objects.visible_to(request.user).with_related(), pk=pk)
    user = request.user
    is_self = employee.user_id == user.pk
    full = user.is_hr or is_self
    if full and not is_self:
        services.access_log_record(
            actor=user, employee=employee, what=AccessLog.What.PERSONAL, ip=client_ip(request),
            detail="NIK, tanggal lahir dan alamat lengkap dilihat di profil",
        )  # fmt: skip
    context = {
        "employee": employee,
        "full": full,
        "is_self": is_self,
        "history": _changes(employee) if user.is_hr else None,
        "headed_units": list(employee.headed_units.all()),
        # the pension date gives away the birth month: shown only with the full personal data
        "retirement": {"age": employee.retirement_age, "date": employee.pension_date}
        if employee.employment_type in RETIRING_TYPES
        else None,
    }
    return render(request, "employees/employee_detail.html", context)


@login_required
@hr_required
def employee_create(request):
    form = EmployeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_create(by=request.user, data=form.service_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pegawai %(name)s disimpan.") % {"name": employee.full_name})
            return redirect("employees:employee-detail", employee.pk)
    return render(request, "employees/employee_form.html", {"form": form, "employee": None})


@login_required
def employee_update(request, pk):
    employee = get_object_or_404(Employee.objects.visible_to(request.user).with_related(), pk=pk)
    require_hr(request.user)
    form = EmployeeForm(request.POST or None, instance=employee)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_update(employee=employee, by=request.user, data=form.service_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Perubahan data %(name)s disimpan.") % {"name": employee.full_name})
            return redirect("employees:employee-detail", employee.pk)
    return render(request, "employees/employee_form.html", {"form": form, "employee": employee})


@login_required
def unit_tree(request):
    department = request.user.headed_department
    return render(
        request,
        "employees/unit_tree.html",
        {"roots": unit_tree_selector(), "own_department_id": department.pk if department else None},
    )


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read before marking, so the page still shows what was new
    unread = [n.pk for n in page.object_list if n.read_at is None]
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())  # only those shown
    return render(request, "employees/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_read(user=request.user)
    if count:
        messages.success(request, _("%(n)s notifikasi ditandai dibaca.") % {"n": count})
    else:
        messages.info(request, _("Tidak ada notifikasi yang belum dibaca."))
    return redirect("employees:notification-list")


@login_required
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, initial={"email_mode": request.user.email_mode})
    if request.method == "POST" and form.is_valid():
        services.notification_email_mode_set(user=request.user, email_mode=form.cleaned_data["email_mode"])
        messages.success(request, _("Pengaturan surel notifikasi disimpan."))
        return redirect("employees:notification-list")
    return render(request, "employees/notification_settings.html", {"form": form})


@login_required
@hr_required
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc.message_dict.get("file", exc.messages))
        else:
            return redirect("employees:import-detail", job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:10]
    return render(request, "employees/import_start.html", {"form": form, "jobs": jobs})


@login_required
@hr_required
def import_template(request):
    response = HttpResponse(exports.import_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.xlsx"'
    return response


@login_required
@hr_required
def import_detail(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    return render(request, "employees/import_detail.html", {"job": job, "waiting": _import_waiting(job)})


@login_required
@hr_required
def import_progress(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    return render(request, "employees/_import_progress.html", {"job": job, "waiting": _import_waiting(job)})


def _import_waiting(job) -> bool:
    """Queued while the worker cannot be reached: the page says it starts once the worker is back."""
    return job.status == ImportJob.Status.QUEUED and job_waiting(services.import_job_key(job.pk))


@login_required
@require_POST
@hr_required
def import_commit(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    if not services.import_job_queue(job=job, by=request.user):
        messages.error(request, _("Impor ini tidak dapat disimpan: masih ada galat atau sudah diproses."))
    elif job_waiting(services.import_job_key(job.pk)):
        messages.warning(request, WAITING_MESSAGE)
    return redirect("employees:import-detail", job.pk)
