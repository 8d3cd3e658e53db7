from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from employees.actions import explained, workflow_post
from employees.clientip import client_ip
from employees.models import AccessLog, Employee
from employees.pagination import query_string
from employees.permissions import hr_required
from employees.services import access_log_record
from employees.spreadsheets import Spreadsheet

from . import rules, selectors, services
from .forms import (
    AttendanceForm,
    CapacityForm,
    CertificateUploadForm,
    DeclineForm,
    FeedbackForm,
    InstitutionForm,
    NeedNominateForm,
    NominateForm,
    PlanForm,
    ProgramFilter,
    ProgramForm,
    ResultForm,
    SessionFilter,
    SessionForm,
    UnderJpFilter,
)
from .models import (
    Attendance,
    Certificate,
    Enrollment,
    ExternalLearning,
    Institution,
    TrainingNeed,
    TrainingProgram,
    TrainingSession,
)

PAGE = 30


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _page(request, qs, size=PAGE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


# --- own page and employee record ---------------------------------------------------------------


def _record_context(employee, year):
    enrollments = (
        Enrollment.objects.filter(employee=employee)
        .select_related("session", "session__program", "session__program__institution", "certificate", "feedback")
        .order_by("-session__start_date", "-id")
    )
    reports = ExternalLearning.objects.filter(employee=employee).order_by("-end_date", "-id")
    return {
        "employee": employee,
        "year": year,
        "jp": selectors.employee_jp(employee_id=employee.pk, year=year),
        "enrollments": enrollments,
        "reports": reports,
    }


def _year(request):
    try:
        return int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
def my_training(request):
    """The employee's own page: JP this year, enrolments, reports and open sessions."""
    me = request.user.employee_or_none
    if me is None:
        return redirect("training:session-list")
    context = _record_context(me, _year(request))
    today = timezone.localdate()
    context["open_sessions"] = (
        selectors.sessions_visible(request.user)
        .filter(
            status__in=[TrainingSession.Status.OPEN, TrainingSession.Status.PLANNED], registration_deadline__gte=today
        )
        .order_by("start_date")[:8]
    )
    context["own"] = True
    return render(request, "training/employee_record.html", context)


@login_required
def employee_record(request, pk):
    employee = get_object_or_404(Employee.objects.visible_to(request.user).with_related(), pk=pk)
    context = _record_context(employee, _year(request))
    context["own"] = employee.user_id == request.user.pk
    return render(request, "training/employee_record.html", context)


# --- institutions and catalogue -----------------------------------------------------------------


@login_required
@hr_required
def institution_list(request):
    institutions = Institution.objects.annotate(program_count=Count("programs")).order_by("name")
    return render(
        request,
        "training/institution_list.html",
        {"page_obj": _page(request, institutions), "today": timezone.localdate()},
    )


@login_required
@hr_required
def institution_edit(request, pk=None):
    instance = get_object_or_404(Institution, pk=pk) if pk else None
    form = InstitutionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Lembaga mitra disimpan."))
        return redirect("training:institution-list")
    return render(request, "training/form.html", {"form": form, "title": _("Lembaga mitra")})


@login_required
def program_list(request):
    qs = selectors.programs_visible(request.user).annotate(session_count=Count("sessions")).order_by("title", "id")
    filterset = ProgramFilter(request.GET, queryset=qs)
    return render(
        request,
        "training/program_list.html",
        {"filter": filterset, "page_obj": _page(request, filterset.qs), "query_string": query_string(request)},
    )


@login_required
@hr_required
def program_edit(request, pk=None):
    instance = get_object_or_404(TrainingProgram, pk=pk) if pk else None
    form = ProgramForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        program = services.program_save(form=form, by=request.user)
        messages.success(request, _("Program pelatihan disimpan."))
        return redirect("training:program-detail", program.pk)
    return render(request, "training/form.html", {"form": form, "title": _("Program pelatihan")})


@login_required
def program_detail(request, pk):
    program = get_object_or_404(selectors.programs_visible(request.user).select_related("required_program"), pk=pk)
    sessions = selectors.sessions_visible(request.user).filter(program=program).order_by("-start_date")
    return render(request, "training/program_detail.html", {"program": program, "sessions": sessions})


# --- sessions ----------------------------------------------------------------------------------


@login_required
def session_list(request):
    filterset = SessionFilter(request.GET, queryset=selectors.sessions_visible(request.user))
    return render(
        request,
        "training/session_list.html",
        {"filter": filterset, "page_obj": _page(request, filterset.qs), "query_string": query_string(request)},
    )


@login_required
@hr_required
def session_edit(request, pk=None):
    instance = get_object_or_404(TrainingSession, pk=pk) if pk else None
    initial = {}
    if instance is None and request.GET.get("program"):
        initial["program"] = request.GET["program"]
    form = SessionForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        session = services.session_save(form=form, by=request.user)
        messages.success(request, _("Sesi pelatihan disimpan."))
        return redirect("training:session-detail", session.pk)
    return render(request, "training/form.html", {"form": form, "title": _("Sesi pelatihan")})


SESSION_ACTION_LABELS = {
    "request": gettext_lazy("Minta tempat untuk saya"),
    "nominate": gettext_lazy("Usulkan peserta"),
}


@login_required
def session_detail(request, pk):
    user = request.user
    session = get_object_or_404(selectors.sessions_visible(user), pk=pk)
    participants = (
        Enrollment.objects.visible_to(user)
        .filter(session=session)
        .select_related("employee", "employee__unit", "certificate", "feedback", "nominated_by")
        .annotate(days_present=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("status", "waitlisted_at", "employee__name", "id")
    )
    me = user.employee_or_none
    enrolled = me is not None and any(p.employee_id == me.pk and p.status in Enrollment.ACTIVE for p in participants)
    actions = selectors.session_actions(session, user, enrolled=enrolled)
    feedback = selectors.feedback_summary_by_session(TrainingSession.objects.filter(pk=session.pk)).get()
    context = {
        "session": session,
        "participants": participants,
        "actions": actions,
        "nominate_form": NominateForm(user=user) if actions["nominate"] else None,
        "can_request": actions["request"],
        "refused": explained(actions, SESSION_ACTION_LABELS),
        "capacity_form": CapacityForm(initial={"capacity": session.capacity}) if user.is_hr else None,
        "attendance_form": AttendanceForm(initial={"day": session.start_date}) if user.is_hr else None,
        "feedback": feedback,
        "my_id": me.pk if me else None,
        "statuses": TrainingSession.Status.choices,
    }
    return render(request, "training/session_detail.html", context)


def _session(request, pk):
    return get_object_or_404(TrainingSession, pk=pk)


def _nominating_session(request, pk):
    session = _session(request, pk)
    if not selectors.may_nominate(request.user):
        raise PermissionDenied
    return session


def _session_page(session):
    return reverse("training:session-detail", args=[session.pk])


def _with_warning(request, enrollment, text):
    messages.success(request, text)
    if enrollment.warning:
        messages.warning(request, enrollment.warning)


@workflow_post(
    load=_nominating_session, then=_session_page, form=NominateForm, form_kwargs=lambda request: {"user": request.user}
)
def session_nominate(request, session, form):
    employee = form.cleaned_data["employee"]
    enrollment = services.enrollment_nominate(
        session=session, employee=employee, by=request.user, note=form.cleaned_data["note"]
    )
    text = _("%(name)s diusulkan; menunggu persetujuan kepala perangkat daerah.") % {"name": employee.full_name}
    _with_warning(request, enrollment, text)


@workflow_post(load=_session, then=_session_page)
def session_request(request, session):
    enrollment = services.enrollment_request(session=session, by=request.user, note=request.POST.get("note", ""))
    _with_warning(request, enrollment, _("Permintaan Anda terkirim; menunggu persetujuan kepala perangkat daerah."))


@workflow_post(
    hr=True,
    load=_session,
    then=_session_page,
    form=CapacityForm,
    invalid=gettext_lazy("Kapasitas harus bilangan bulat minimal 1."),
)
def session_capacity(request, session, form):
    services.session_update_capacity(session=session, capacity=form.cleaned_data["capacity"], by=request.user)
    return _("Kapasitas diperbarui.")


@workflow_post(hr=True, load=_session, then=_session_page)
def session_status(request, session):
    services.session_set_status(session=session, status=request.POST.get("status", ""), by=request.user)
    return _("Status sesi diperbarui.")


@login_required
@hr_required
def session_attendance(request, pk):
    """HR marks one day's attendance for the approved participants."""
    session = get_object_or_404(TrainingSession.objects.select_related("program"), pk=pk)
    form = AttendanceForm(request.POST or request.GET or None, initial={"day": session.start_date})
    day = form.cleaned_data["day"] if form.is_valid() else session.start_date
    if request.method == "POST" and form.is_valid():
        try:
            ids = [int(x) for x in request.POST.getlist("present")]
        except ValueError:
            ids = None
        if ids is None:
            messages.error(request, _("Data kehadiran tidak dikenal."))
        else:
            try:
                count = services.attendance_mark(session=session, day=day, present_ids=ids, by=request.user)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Kehadiran %(day)s disimpan: %(n)d hadir.") % {
                    "day": day.strftime("%d-%m-%Y"), "n": count})  # fmt: skip
                return redirect(reverse("training:session-attendance", args=[pk]) + f"?day={day:%Y-%m-%d}")
    participants = (
        Enrollment.objects.filter(session=session, status=Enrollment.Status.APPROVED)
        .select_related("employee")
        .order_by("employee__name", "id")
    )
    marks = dict(
        Attendance.objects.filter(enrollment__session=session, day=day).values_list("enrollment_id", "present")
    )
    rows = [(p, marks.get(p.pk)) for p in participants]
    return render(
        request,
        "training/attendance.html",
        {"session": session, "form": form, "day": day, "rows": rows, "days": list(session.days())},
    )


# --- decisions ---------------------------------------------------------------------------------


@login_required
def approval_list(request):
    qs = selectors.enrollments_pending_for(request.user)
    if request.user.headed_department is None and not request.user.is_hr:
        raise PermissionDenied
    return render(
        request,
        "training/approval_list.html",
        {"page_obj": _page(request, qs), "decline_form": DeclineForm()},
    )


def _decidable(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.visible_to(request.user).select_related("employee__unit__department"), pk=pk
    )
    return enrollment


def _approvals(enrollment):
    return reverse("training:approval-list")


@workflow_post(load=_decidable, then=_approvals)
def enrollment_approve(request, enrollment):
    enrollment = services.enrollment_approve(enrollment=enrollment, by=request.user)
    name = enrollment.employee.full_name
    if enrollment.status == Enrollment.Status.WAITLISTED:
        messages.warning(
            request,
            _("Sesi sudah penuh: %(name)s masuk daftar tunggu dan akan naik bila ada kursi kosong.") % {"name": name},
        )
        return None
    return _("Usulan %(name)s disetujui.") % {"name": name}


@workflow_post(load=_decidable, then=_approvals)
def enrollment_decline(request, enrollment):
    # the service words the refusal of an empty reason, so the form is only read, not validated here
    reason = DeclineForm(request.POST).data.get("reason", "")
    services.enrollment_decline(enrollment=enrollment, by=request.user, reason=reason)
    return _("Usulan %(name)s ditolak.") % {"name": enrollment.employee.full_name}


def _visible_enrollment(request, pk):
    return get_object_or_404(Enrollment.objects.visible_to(request.user), pk=pk)


def _enrollment(request, pk):
    return get_object_or_404(Enrollment, pk=pk)


def _enrollment_session(enrollment):
    return reverse("training:session-detail", args=[enrollment.session_id])


@workflow_post(load=_visible_enrollment, then=_enrollment_session)
def enrollment_cancel(request, enrollment):
    services.enrollment_cancel(enrollment=enrollment, by=request.user)
    return _("Pendaftaran dibatalkan.")


@workflow_post(
    hr=True,
    load=_enrollment,
    then=_enrollment_session,
    form=ResultForm,
    invalid=gettext_lazy("Pilih hasil: selesai atau tidak selesai."),
)
def enrollment_result(request, enrollment, form):
    services.enrollment_set_result(enrollment=enrollment, result=form.cleaned_data["result"], by=request.user)
    return _("Hasil dicatat.")


# --- certificates ----------------------------------------------------------------------------


@workflow_post(hr=True, load=_enrollment, then=_enrollment_session)
def certificate_generate(request, enrollment):
    cert = services.certificate_generate(enrollment=enrollment, by=request.user)
    return _("Sertifikat diterbitkan dengan kode %(code)s.") % {"code": cert.code}


@workflow_post(
    hr=True,
    load=_enrollment,
    then=_enrollment_session,
    form=CertificateUploadForm,
    invalid=gettext_lazy("Pilih berkas sertifikat untuk diunggah."),
)
def certificate_upload(request, enrollment, form):
    cert = services.certificate_upload(enrollment=enrollment, file=form.cleaned_data["file"], by=request.user)
    return _("Sertifikat diunggah; kode verifikasi %(code)s.") % {"code": cert.code}


@login_required
def certificate_download(request, pk):
    enrollment = get_object_or_404(Enrollment.objects.visible_to(request.user), pk=pk)
    cert = get_object_or_404(Certificate, enrollment=enrollment)
    name = cert.file.name.rsplit("/", 1)[-1]
    return FileResponse(cert.file.open("rb"), as_attachment=True, filename=f"sertifikat-{name}")


def verify(request, code=None):
    """Public check of a certificate code: name, programme, dates and JP only."""
    code = rules.certificate_code(code or request.GET.get("kode") or "")
    cert = None
    if code:
        cert = (
            Certificate.objects.select_related("enrollment__employee", "enrollment__session__program")
            .filter(code=code)
            .first()
        )
    return render(
        request, "training/verify.html", {"code": code, "cert": cert}, status=404 if code and cert is None else 200
    )


def _own_enrollment(request, pk):
    return get_object_or_404(Enrollment.objects.visible_to(request.user).select_related("employee", "session"), pk=pk)


@workflow_post(
    load=_own_enrollment,
    then=lambda enrollment: reverse("training:my-training"),
    form=FeedbackForm,
    invalid=gettext_lazy("Pilih nilai 1 sampai 5."),
)
def feedback_submit(request, enrollment, form):
    data = form.cleaned_data
    services.feedback_submit(enrollment=enrollment, by=request.user, rating=data["rating"], comment=data["comment"])
    return _("Terima kasih atas umpan balik Anda.")


@login_required
@hr_required
def feedback_summary(request):
    sessions = selectors.feedback_summary_by_session(
        TrainingSession.objects.select_related("program", "program__institution").filter(
            enrollments__feedback__isnull=False
        )
    ).order_by("-start_date", "id")
    return render(
        request,
        "training/feedback_summary.html",
        {"page_obj": _page(request, sessions), "institutions": selectors.feedback_summary_by_institution()},
    )


# --- JP list, export, needs plan ------------------------------------------------------------------


def _under_jp(request):
    user = request.user
    if not user.is_hr and user.headed_department is None:
        raise PermissionDenied
    year = _year(request)
    filterset = UnderJpFilter(request.GET, queryset=selectors.under_minimum_scope(user=user))
    if not user.is_hr:
        filterset.filters.pop("department", None)
    return year, filterset


def _under_jp_page(request, scope, year):
    paginator = Paginator(selectors.below_minimum_jp(scope, year=year), 50)
    paginator.count = selectors.count_below_minimum_jp(scope, year=year)  # set-based, not per row
    return paginator.get_page(request.GET.get("page"))


@login_required
def under_jp_list(request):
    year, filterset = _under_jp(request)
    return render(
        request,
        "training/under_jp_list.html",
        {
            "year": year,
            "filter": filterset,
            "page_obj": _under_jp_page(request, filterset.qs, year),
            "query_string": query_string(request),
        },
    )


@login_required
def under_jp_export(request):
    year, filterset = _under_jp(request)
    book = Spreadsheet()
    ws = book.sheet(
        f"Kurang 20 JP {year}",
        ["NIP", "Nama", "Golongan", "Jabatan", "Unit", "Perangkat daerah", "JP pelatihan", "JP mandiri", "JP",
         "Kekurangan"],
    )  # fmt: skip
    for e in selectors.below_minimum_jp(filterset.qs, year=year).iterator(chunk_size=2000):
        ws.append([
            e.nip or "", e.full_name, e.golongan, e.position_title, e.unit.name,
            e.unit.department.name if e.unit.department_id else "", e.jp_sessions, e.jp_external, e.jp, e.gap,
        ])  # fmt: skip
    access_log_record(
        actor=request.user,
        what=AccessLog.What.EXPORT,
        detail=f"Pegawai < {rules.MIN_JP_PNS} JP {year}",
        ip=client_ip(request),
    )
    return book.response(f"pegawai-kurang-20-jp-{year}.xlsx")


@login_required
@hr_required
def needs_plan(request):
    today = timezone.localdate()
    data = request.POST or request.GET.copy() or None
    if data is not None and "tahun" not in data and "year" in data:  # links written before `tahun` was the one name
        data["tahun"] = data["year"]
    form = PlanForm(data, initial={"tahun": today.year})
    lines, department, year = None, None, today.year
    if form.is_bound and form.is_valid():
        department, year = form.cleaned_data["department"], form.cleaned_data["tahun"]
        if request.method == "POST":
            added = services.needs_plan_build(year=year, department=department, by=request.user)
            messages.success(request, _("Rencana diperbarui: %(n)d baris baru.") % {"n": added})
            return redirect(reverse("training:needs-plan") + f"?department={department.pk}&tahun={year}")
        lines = _page(
            request,
            TrainingNeed.objects.filter(department=department, year=year).select_related(
                "employee", "employee__unit", "enrollment", "enrollment__session", "enrollment__session__program"
            ),
            50,
        )
    open_sessions = list(NeedNominateForm().fields["session"].queryset.order_by("start_date"))
    return render(
        request,
        "training/needs_plan.html",
        {
            "form": form, "page_obj": lines, "department": department, "year": year,
            "open_sessions": open_sessions, "query_string": query_string(request),
        },
    )  # fmt: skip


@login_required
@require_POST
@hr_required
def need_nominate(request, pk):
    need = get_object_or_404(TrainingNeed, pk=pk)
    form = NeedNominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih sesi yang masih dibuka."))
    else:
        try:
            services.need_nominate(need=need, session=form.cleaned_data["session"], by=request.user)
            messages.success(request, _("Usulan dibuat dari rencana kebutuhan."))
        except ValidationError as exc:
            _errors(request, exc)
    return redirect(reverse("training:needs-plan") + f"?department={need.department_id}&tahun={need.year}")
