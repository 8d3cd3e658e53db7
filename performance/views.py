"""Pages and workflow actions of the SKP app. Each action calls one service and redirects."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employees.jobs import WAITING_MESSAGE, job_waiting
from employees.pagination import query_string

from . import opening, rules, selectors, services
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


def _hr_only(request):
    if not request.user.is_hr:
        raise PermissionDenied


def _valid(form) -> None:
    """An invalid form stops the action with its errors as the message (never a half-read form)."""
    if not form.is_valid():
        raise ValidationError([f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
                               for f, e in form.errors.items()])  # fmt: skip


def workflow_action(view):
    """POST-only action on a visible appraisal: service errors become a message, the page is reloaded."""

    @wraps(view)
    @login_required
    @require_POST
    def wrapper(request, pk, *args, **kwargs):
        appraisal = _appraisal(request, pk)
        try:
            done = view(request, appraisal, *args, **kwargs)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if done:
                messages.success(request, done)
        return redirect("performance:appraisal-detail", pk=appraisal.pk)

    return wrapper


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
def period_list(request):
    _hr_only(request)
    form = PeriodForm(request.POST or None, initial={"year": timezone.localdate().year, "cadence": "quarterly"})
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode %(y)s dibuat sebagai draf.") % {"y": period.year})
            return redirect("performance:period-detail", pk=period.pk)
    periods = AppraisalPeriod.objects.all()
    return render(request, "performance/period_list.html", {"periods": periods, "form": form})


@login_required
def period_detail(request, pk):
    """HR overview: progress per department, who is late, and the organisation curves."""
    _hr_only(request)
    period = get_object_or_404(AppraisalPeriod, pk=pk)
    curve_form = CurveForm(request.POST or None)
    if request.method == "POST" and curve_form.is_valid():
        services.curve_set(period=period, by=request.user, **curve_form.cleaned_data)
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
@require_POST
def period_open(request, pk):
    _hr_only(request)
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
def period_open_status(request, pk):
    """The opening's progress box, polled by the period page while the worker runs."""
    _hr_only(request)
    period = get_object_or_404(AppraisalPeriod, pk=pk)
    waiting = period.opening_status == JobStatus.QUEUED and job_waiting(opening.period_open_key(period.pk))
    return render(request, "performance/_opening_status.html", {"period": period, "waiting": waiting})


# ---------------------------------------------------------------- one appraisal


@login_required
def appraisal_detail(request, pk):
    appraisal = _appraisal(request, pk)
    emp = request.user.employee_or_none
    me = emp.pk if emp else None
    goals = appraisal.goals.select_related("supports")
    evaluations = {
        e.window_id: e
        for e in PeriodicEvaluation.objects.filter(appraisal=appraisal).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("pk", "original_name", "size", "evaluation_id"))
        )
    }
    is_owner, is_evaluator = me == appraisal.employee_id, me is not None and me == appraisal.evaluator_id
    goals = list(goals)
    windows = []
    for w in appraisal.period.windows.all():
        e = evaluations.get(w.pk)
        done = e.goal_realisations if e else {}
        rows = [(g, done.get(str(g.pk), "")) for g in goals]
        initial = {f"goal_{g.pk}": text for g, text in rows} | {"realisation": e.realisation if e else ""}
        form = RealisationForm(goals=goals, initial=initial, prefix=f"w{w.pk}") if is_owner else None
        windows.append((w, e, rows, form))
    objection = Objection.objects.filter(appraisal=appraisal).select_related("decider").first()
    is_approver = me is not None and me == appraisal.approver_id
    ctx = {
        "appraisal": appraisal, "goals": goals, "windows": windows, "objection": objection,
        "transitions": appraisal.transitions.select_related("by"),
        "is_owner": is_owner, "is_evaluator": is_evaluator, "is_approver": is_approver,
        "is_decider": objection is not None and me == objection.decider_id,
        "rating_form": RatingForm(prefix="annual"), "comment_form": CommentForm(), "reason_form": ReasonForm(),
        "periodic_form": RatingForm(prefix="periodic"),
        "goal_form": GoalForm(appraisal=appraisal), "self_form": SelfAssessmentForm(),
        "objection_form": ObjectionForm(), "decision_form": DecisionForm(),
    }  # fmt: skip
    if is_owner and appraisal.status == S.APPROVED and objection is None and appraisal.approved_at:
        last = rules.objection_last_day(timezone.localdate(appraisal.approved_at))
        ctx["objection_until"] = last if timezone.localdate() <= last else None
    if is_approver and appraisal.department_id:
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


@workflow_action
def plan_agree(request, appraisal):
    form = CommentForm(request.POST)
    _valid(form)
    services.appraisal_agree_plan(appraisal=appraisal, by=request.user, comment=form.cleaned_data.get("comment", ""))
    return _("Rencana SKP disepakati.")


@workflow_action
def plan_return(request, appraisal):
    form = CommentForm(request.POST)
    _valid(form)
    services.appraisal_return_plan(appraisal=appraisal, by=request.user, comment=form.cleaned_data.get("comment", ""))
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


@workflow_action
def periodic_rate(request, appraisal, window_pk):
    window = get_object_or_404(appraisal.period.windows, pk=window_pk)
    form = RatingForm(request.POST, prefix="periodic")
    _valid(form)
    services.periodic_rate(
        appraisal=appraisal, window=window, by=request.user, results_rating=form.cleaned_data["results_rating"],
        behaviour_rating=form.cleaned_data["behaviour_rating"], behaviour_ratings=form.behaviour_ratings(),
        feedback=form.cleaned_data["feedback"],
    )  # fmt: skip
    return _("Penilaian %(label)s disimpan.") % {"label": window.label}


@workflow_action
def self_assess(request, appraisal):
    form = SelfAssessmentForm(request.POST)
    _valid(form)
    services.appraisal_self_assess(appraisal=appraisal, by=request.user, text=form.cleaned_data.get("text", ""))
    return _("Penilaian diri diajukan.")


@workflow_action
def evaluate(request, appraisal):
    form = RatingForm(request.POST, prefix="annual")
    _valid(form)
    done = services.appraisal_evaluate(
        appraisal=appraisal, by=request.user, results_rating=form.cleaned_data["results_rating"],
        behaviour_rating=form.cleaned_data["behaviour_rating"], behaviour_ratings=form.behaviour_ratings(),
        feedback=form.cleaned_data["feedback"],
    )  # fmt: skip
    return _("Penilaian tahunan disimpan; predikat: %(p)s.") % {"p": done.get_predikat_display()}


@workflow_action
def approve(request, appraisal):
    form = CommentForm(request.POST)
    _valid(form)
    services.appraisal_approve(appraisal=appraisal, by=request.user, comment=form.cleaned_data.get("comment", ""))
    return _("SKP disetujui.")


@workflow_action
def return_to_evaluator(request, appraisal):
    form = ReasonForm(request.POST)
    _valid(form)
    services.appraisal_return(appraisal=appraisal, by=request.user, reason=form.cleaned_data.get("reason", ""))
    return _("SKP dikembalikan kepada pejabat penilai.")


@workflow_action
def objection_lodge(request, appraisal):
    form = ObjectionForm(request.POST)
    _valid(form)
    services.objection_lodge(appraisal=appraisal, by=request.user, reason=form.cleaned_data.get("reason", ""))
    return _("Keberatan diajukan.")


@workflow_action
def objection_decide(request, appraisal):
    objection = get_object_or_404(Objection, appraisal=appraisal)
    form = DecisionForm(request.POST)
    _valid(form)
    services.objection_decide(objection=objection, by=request.user, **form.cleaned_data)
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
