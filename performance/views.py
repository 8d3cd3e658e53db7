"""Pages and workflow actions of the SKP app. Each action calls one service and redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employees.actions import explained, workflow_post
from employees.jobs import WAITING_MESSAGE, job_waiting
from employees.pagination import query_string
from employees.permissions import hr_required
from employees.spreadsheets import Spreadsheet

from . import objections, opening, periods, selectors, services
from .forms import (
    ApprovalFilter,
    CoachingForm,
    CommentForm,
    CurveForm,
    DecisionForm,
    GoalForm,
    ObjectionForm,
    PeriodForm,
    RatingForm,
    RealisationForm,
    ReasonForm,
    SelfAssessmentForm,
    TeamFilter,
)
from .models import Appraisal, AppraisalPeriod, Evidence, JobStatus, Objection, PerformanceGoal, PeriodicEvaluation

S = Appraisal.Status
PAGE_SIZE = 50


def _section(allowed: bool) -> None:
    """A page this role cannot use answers 403 (and has no menu entry) instead of showing an empty list."""
    if not allowed:
        raise PermissionDenied(_("Halaman ini tidak tersedia untuk peran Anda."))


def _appraisal(request, pk) -> Appraisal:
    """The appraisal if this user may see it; otherwise 404, so its existence is not revealed."""
    return get_object_or_404(Appraisal.objects.visible_to(request.user).with_related(), pk=pk)


def _appraisal_page(appraisal) -> str:
    return reverse("performance:appraisal-detail", args=[appraisal.pk])


def workflow_action(view=None, **options):
    """A POST action on a visible appraisal (`employees.actions.workflow_post`), back to its page."""
    decorate = workflow_post(load=_appraisal, then=_appraisal_page, **options)
    return decorate(view) if view is not None else decorate


# ---------------------------------------------------------------- inboxes


@login_required
def my_list(request):
    """ "SKP saya": the user's own appraisals, newest period first."""
    page = Paginator(selectors.my_appraisals(request.user).order_by("-period__year"), PAGE_SIZE)
    return render(request, "performance/my_list.html", {"page_obj": page.get_page(request.GET.get("page"))})


@login_required
def team_list(request):
    """ "Tim saya": the appraisals this user rates."""
    _section(selectors.may_use_team(request.user))
    filterset = TeamFilter(request.GET, queryset=selectors.team_appraisals(request.user))
    page = Paginator(filterset.qs.order_by("employee__name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "performance/team_list.html",
                  {"filter": filterset, "page_obj": page, "query_string": query_string(request)})  # fmt: skip


@login_required
def follow_up(request):
    """ "Tindak lanjut": coaching plans for the weak and recognition for the best, within the user's scope."""
    _section(selectors.may_use_follow_up(request.user))
    status = request.GET.get("status", "open")
    status = status if status in ("open", "done", "") else "open"
    plans = Paginator(selectors.coaching_plans_for(request.user, status=status), PAGE_SIZE)
    recognitions = selectors.recognitions_for(request.user)[:PAGE_SIZE]
    return render(request, "performance/follow_up.html", {
        "page_obj": plans.get_page(request.GET.get("page")), "status": status, "recognitions": recognitions,
        "query_string": f"status={status}", "today": timezone.localdate(),
    })  # fmt: skip


@login_required
def coaching_plan(request, pk):
    """One coaching plan: everyone in scope reads it; the responsible, the head or HR record the coaching."""
    plan = get_object_or_404(selectors.coaching_plans_for(request.user), pk=pk)
    may_edit = services.may_coach(plan, request.user) and plan.status == plan.Status.OPEN
    initial = {"actions": plan.actions, "due_date": plan.due_date, "progress_note": plan.progress_note}
    form = CoachingForm(request.POST or None, initial=initial) if may_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.coaching_plan_update(plan=plan, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Rencana pembinaan disimpan."))
                return redirect("performance:coaching-plan", pk=plan.pk)
    history = plan.history.select_related("history_user").order_by("-history_date")[:10]
    return render(request, "performance/coaching_plan.html", {"plan": plan, "form": form, "history": history})


@login_required
def approval_list(request):
    """ "Persetujuan": the appraisals this user approves, with the department's spread against the curve.
    POST approves the ticked ones, each checked by the service."""
    _section(selectors.may_use_approvals(request.user))
    base = selectors.approval_appraisals(request.user)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        if not ids:
            messages.error(request, _("Pilih paling sedikit satu SKP untuk disetujui."))
        else:
            approved, errors = services.appraisals_approve(ids=base.filter(pk__in=ids).values_list("pk", flat=True),
                                                           by=request.user)  # fmt: skip
            if approved:
                messages.success(request, _("%(n)s SKP disetujui.") % {"n": len(approved)})
            for error in errors.values():
                messages.error(request, error)
        return redirect(request.get_full_path())
    data = request.GET.copy()
    data.setdefault("status", S.EVALUATED)
    filterset = ApprovalFilter(data, queryset=base)
    page = Paginator(filterset.qs.order_by("employee__name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    spreads = []
    department = request.user.headed_department
    period = AppraisalPeriod.objects.filter(status=AppraisalPeriod.Status.OPEN).order_by("-year").first()
    if department is not None and period is not None:
        spreads.append(
            {
                "department": department,
                "period": period,
                **selectors.department_spread(period=period, department_id=department.pk),
            }  # fmt: skip
        )
    return render(request, "performance/approval_list.html", {
        "filter": filterset, "page_obj": page, "query_string": query_string(request), "spreads": spreads,
    })  # fmt: skip


@login_required
def objection_list(request):
    _section(selectors.may_use_approvals(request.user))
    objections = selectors.objections_to_decide(request.user).order_by("decision", "-lodged_at")
    page = Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "performance/objection_list.html", {"page_obj": page})


# ---------------------------------------------------------------- periods (HR)


@login_required
@hr_required
def period_list(request):
    form = PeriodForm(request.POST or None, initial={"year": timezone.localdate().year, "cadence": "quarterly"})
    if request.method == "POST" and form.is_valid():
        try:
            period = periods.period_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode %(y)s dibuat sebagai draf.") % {"y": period.year})
            return redirect("performance:period-detail", pk=period.pk)
    return render(request, "performance/period_list.html", {"periods": AppraisalPeriod.objects.all(), "form": form})


@login_required
@hr_required
def period_detail(request, pk):
    """HR overview: progress per department, who is late, and the organisation curves."""
    period = get_object_or_404(AppraisalPeriod, pk=pk)
    curve_form = CurveForm(request.POST or None)
    if request.method == "POST" and curve_form.is_valid():
        periods.curve_set(period=period, by=request.user, **curve_form.cleaned_data)
        messages.success(request, _("Kurva organisasi disimpan."))
        return redirect("performance:period-detail", pk=period.pk)
    progress = selectors.period_progress(period=period)
    # ?unit=<department id> narrows the late list to one department (the links in the progress table)
    chosen = next((r for r in progress if str(r["department_id"]) == request.GET.get("unit")), None)
    late = selectors.LateList(period=period, day=timezone.localdate(), progress=[chosen] if chosen else progress)
    late_page = Paginator(late, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "performance/period_detail.html", {
        "period": period, "progress": progress, "page_obj": late_page, "chosen": chosen,
        "query_string": query_string(request), "curve_form": curve_form, "statuses": S.choices,
    })  # fmt: skip


@login_required
@hr_required
def period_export(request, pk):
    """The period overview as a spreadsheet: one row per department, the count in each state."""
    period = get_object_or_404(AppraisalPeriod, pk=pk)
    book = Spreadsheet()
    sheet = book.sheet(
        _("Kemajuan SKP %(year)s") % {"year": period.year},
        [_("Perangkat daerah"), *(str(label) for _value, label in S.choices), _("Jumlah"), _("Selesai (%)"),
         _("Kurva organisasi")],
    )  # fmt: skip
    for row in selectors.period_progress(period=period):
        sheet.append([
            row["department__name"] or "—", *(row[value] for value, _label in S.choices), row["total"],
            float(row["done_percent"]), row["curve"],
        ])  # fmt: skip
    return book.response(f"kemajuan-skp-{period.year}.xlsx")


@login_required
@require_POST
@hr_required
def period_open(request, pk):
    period = get_object_or_404(AppraisalPeriod, pk=pk)
    if opening.period_open_queue(period=period, by=request.user):
        if job_waiting(opening.period_open_key(period.pk)):
            messages.warning(request, WAITING_MESSAGE)
        else:
            messages.info(request, _("Pembukaan periode dijalankan; kemajuannya tampil di halaman ini."))
    else:
        messages.error(request, _("Periode ini sudah dibuka atau sedang dibuka."))
    return redirect("performance:period-detail", pk=period.pk)


@login_required
@hr_required
def period_open_status(request, pk):
    """The opening's progress box, polled by the period page while the worker runs."""
    period = get_object_or_404(AppraisalPeriod, pk=pk)
    waiting = period.opening_status == JobStatus.QUEUED and job_waiting(opening.period_open_key(period.pk))
    return render(request, "performance/_opening_status.html", {"period": period, "waiting": waiting})


# ---------------------------------------------------------------- one appraisal


@login_required
def appraisal_detail(request, pk):
    appraisal = _appraisal(request, pk)
    evaluations = {
        e.window_id: e
        for e in PeriodicEvaluation.objects.filter(appraisal=appraisal).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("pk", "original_name", "size", "evaluation_id"))
        )
    }
    objection = Objection.objects.filter(appraisal=appraisal).select_related("decider").first()
    actions = selectors.appraisal_actions(appraisal, request.user, objection=objection)
    goals = list(appraisal.goals.select_related("supports"))
    windows = []
    for w in appraisal.period.windows.all():
        e = evaluations.get(w.pk)
        done = e.goal_realisations if e else {}
        rows = [(g, done.get(str(g.pk), "")) for g in goals]
        initial = {f"goal_{g.pk}": text for g, text in rows} | {"realisation": e.realisation if e else ""}
        form = (
            RealisationForm(goals=goals, initial=initial, prefix=f"w{w.pk}") if actions["record_realisation"] else None
        )
        windows.append((w, e, rows, form))
    ctx = {
        "appraisal": appraisal, "goals": goals, "windows": windows, "objection": objection, "actions": actions,
        "transitions": appraisal.transitions.select_related("by"),
        "rating_form": RatingForm(prefix="annual"), "comment_form": CommentForm(), "reason_form": ReasonForm(),
        "periodic_form": RatingForm(prefix="periodic"),
        "goal_form": GoalForm(appraisal=appraisal), "self_form": SelfAssessmentForm(),
        "objection_form": ObjectionForm(), "decision_form": DecisionForm(),
    }  # fmt: skip
    ctx["refused"] = explained(actions, selectors.ACTION_LABELS)
    if actions["approve"] and appraisal.department_id:
        ctx["spread"] = selectors.department_spread(period=appraisal.period, department_id=appraisal.department_id)
    return render(request, "performance/appraisal_detail.html", ctx)


@workflow_action
def goal_add(request, appraisal):
    form = GoalForm(request.POST, appraisal=appraisal)
    if not form.is_valid():
        raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
    services.goal_add(appraisal=appraisal, by=request.user, **form.cleaned_data)
    return _("Hasil kerja ditambahkan.")


@login_required
def goal_edit(request, pk, goal_pk):
    """The owner corrects one result row of a plan that is still a draft (or was returned)."""
    appraisal = _appraisal(request, pk)
    goal = get_object_or_404(PerformanceGoal, pk=goal_pk, appraisal=appraisal)
    emp = request.user.employee_or_none
    if emp is None or emp.pk != appraisal.employee_id:
        raise PermissionDenied
    fields = ("kind", "supports", "plan", "aspect", "indicator", "target", "target_unit")
    initial = {name: getattr(goal, name) for name in fields}
    form = GoalForm(request.POST or None, appraisal=appraisal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Hasil kerja diperbarui."))
            return redirect("performance:appraisal-detail", pk=appraisal.pk)
    return render(request, "performance/goal_form.html", {"appraisal": appraisal, "goal": goal, "form": form})


@workflow_action
def goal_delete(request, appraisal, goal_pk):
    goal = get_object_or_404(PerformanceGoal, pk=goal_pk, appraisal=appraisal)
    services.goal_delete(goal=goal, by=request.user)
    return _("Hasil kerja dihapus.")


@workflow_action
def plan_submit(request, appraisal):
    services.appraisal_submit_plan(appraisal=appraisal, by=request.user)
    return _("Rencana SKP diajukan kepada pejabat penilai.")


@workflow_action(form=CommentForm)
def plan_agree(request, appraisal, form):
    services.appraisal_agree_plan(appraisal=appraisal, by=request.user, comment=form.cleaned_data["comment"])
    return _("Rencana SKP disepakati.")


@workflow_action(form=CommentForm)
def plan_return(request, appraisal, form):
    services.appraisal_return_plan(appraisal=appraisal, by=request.user, comment=form.cleaned_data["comment"])
    return _("Rencana SKP dikembalikan kepada pegawai.")


@workflow_action
def realisation_record(request, appraisal, window_pk):
    window = get_object_or_404(appraisal.period.windows, pk=window_pk)
    form = RealisationForm(request.POST, request.FILES, goals=appraisal.goals.all(), prefix=f"w{window.pk}")
    if not form.is_valid():
        raise ValidationError([" ".join(e) for e in form.errors.values()])
    data = form.cleaned_data
    services.realisation_record(
        appraisal=appraisal, window=window, by=request.user, realisation=data["realisation"], files=data["files"],
        goal_realisations=form.goal_realisations(),
    )  # fmt: skip
    return _("Realisasi %(label)s disimpan.") % {"label": window.label}


@workflow_action(form=RatingForm, form_kwargs=lambda request: {"prefix": "periodic"})
def periodic_rate(request, appraisal, form, window_pk):
    window = get_object_or_404(appraisal.period.windows, pk=window_pk)
    services.periodic_rate(
        appraisal=appraisal, window=window, by=request.user, results_rating=form.cleaned_data["results_rating"],
        behaviour_rating=form.cleaned_data["behaviour_rating"], behaviour_ratings=form.behaviour_ratings(),
        feedback=form.cleaned_data["feedback"],
    )  # fmt: skip
    return _("Penilaian %(label)s disimpan.") % {"label": window.label}


@workflow_action(form=SelfAssessmentForm)
def self_assess(request, appraisal, form):
    services.appraisal_self_assess(appraisal=appraisal, by=request.user, text=form.cleaned_data["text"])
    return _("Penilaian diri diajukan.")


@workflow_action(form=RatingForm, form_kwargs=lambda request: {"prefix": "annual"})
def evaluate(request, appraisal, form):
    done = services.appraisal_evaluate(
        appraisal=appraisal, by=request.user, results_rating=form.cleaned_data["results_rating"],
        behaviour_rating=form.cleaned_data["behaviour_rating"], behaviour_ratings=form.behaviour_ratings(),
        feedback=form.cleaned_data["feedback"],
    )  # fmt: skip
    return _("Penilaian tahunan disimpan; predikat: %(p)s.") % {"p": done.get_predikat_display()}


@workflow_action(form=CommentForm)
def approve(request, appraisal, form):
    services.appraisal_approve(appraisal=appraisal, by=request.user, comment=form.cleaned_data["comment"])
    return _("SKP disetujui.")


@workflow_action(form=ReasonForm)
def return_to_evaluator(request, appraisal, form):
    services.appraisal_return(appraisal=appraisal, by=request.user, reason=form.cleaned_data["reason"])
    return _("SKP dikembalikan kepada pejabat penilai.")


@workflow_action(form=ObjectionForm)
def objection_lodge(request, appraisal, form):
    objections.objection_lodge(appraisal=appraisal, by=request.user, reason=form.cleaned_data["reason"])
    return _("Keberatan diajukan.")


@workflow_action(form=DecisionForm)
def objection_decide(request, appraisal, form):
    objection = get_object_or_404(Objection, appraisal=appraisal)
    objections.objection_decide(objection=objection, by=request.user, **form.cleaned_data)
    return _("Keputusan keberatan dicatat.")


@login_required
def evidence_download(request, pk):
    """An evidence file, only for those who may see its appraisal."""
    evidence = get_object_or_404(Evidence.objects.select_related("evaluation"), pk=pk)
    _appraisal(request, evidence.evaluation.appraisal_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)  # fmt: skip


@login_required
def appraisal_pdf(request, pk):
    """The approved SKP laid out like the official document, with the signature block."""
    from .pdf import appraisal_pdf_bytes

    appraisal = _appraisal(request, pk)
    if appraisal.status != S.APPROVED:
        raise Http404
    response = HttpResponse(appraisal_pdf_bytes(appraisal), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="SKP-{appraisal.period.year}-{appraisal.employee_id}.pdf"'
    return response
