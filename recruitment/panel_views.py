"""The committee's pages of an open selection: HR appoints members per stage; each member declares any
conflict of interest and scores the candidates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees.actions import workflow_post
from employees.permissions import hr_required

from . import panel, selectors
from .forms import DeclareForm, PanelMemberForm, ScoreForm
from .models import Application, PanelMember, SelectionStage


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@hr_required
def stage_members(request, pk):
    """HR appoints and removes the committee members of a scoring stage."""
    stage = get_object_or_404(SelectionStage.objects.select_related("round"), pk=pk)
    if not stage.is_panel:
        raise Http404
    form = PanelMemberForm(request.POST or None)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                member = get_object_or_404(PanelMember, pk=request.POST["remove"], stage=stage)
                panel.panel_member_remove(member=member, by=request.user)
                messages.success(request, _("Anggota panitia dihapus."))
                return redirect("recruitment:stage-members", pk=pk)
            if form.is_valid():
                member = panel.panel_member_add(stage=stage, who=form.cleaned_data["who"], by=request.user)
                messages.success(request, _("%(u)s ditambahkan sebagai anggota panitia.") % {"u": member.user})
                return redirect("recruitment:stage-members", pk=pk)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            else:
                messages.error(request, _error_text(exc))
                return redirect("recruitment:stage-members", pk=pk)
    members = (
        PanelMember.objects.filter(stage=stage)
        .select_related("user")
        .annotate(n_scores=Count("panelscore"))
        .order_by("user__username")
    )
    return render(request, "recruitment/stage_members.html", {"stage": stage, "members": members, "form": form})


def _panel_stage(request, pk):
    stage = get_object_or_404(SelectionStage.objects.select_related("round"), pk=pk)
    if not selectors.is_panel_member(request.user, stage):
        raise Http404
    return stage


@login_required
def stage_panel(request, pk):
    stage = _panel_stage(request, pk)
    rows = selectors.panel_candidates(stage=stage, user=request.user)
    return render(
        request,
        "recruitment/stage_panel.html",
        {"stage": stage, "rows": rows, "declare_form": DeclareForm(), "score_form": ScoreForm()},
    )


def _panel_candidate(request, pk, app):
    stage = _panel_stage(request, pk)
    return stage, get_object_or_404(Application, pk=app, round_id=stage.round_id)


def _panel_page(pair):
    return reverse("recruitment:stage-panel", args=[pair[0].pk])


@workflow_post(load=_panel_candidate, then=_panel_page, form=DeclareForm)
def panel_declare(request, pair, form):
    stage, application = pair
    panel.panel_declare(
        stage=stage,
        application=application,
        by=request.user,
        has_conflict=form.cleaned_data["has_conflict"],
        note=form.cleaned_data["note"],
    )
    return _("Pernyataan konflik kepentingan dicatat.")


@workflow_post(
    load=_panel_candidate, then=_panel_page, form=ScoreForm, invalid=gettext_lazy("Nilai harus angka 0–100.")
)
def panel_score(request, pair, form):
    stage, application = pair
    panel.panel_score(stage=stage, application=application, by=request.user, score=form.cleaned_data["score"])
    return _("Nilai disimpan.")
