from urllib.parse import urlencode

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from employees.actions import workflow_post
from employees.clientip import client_ip
from employees.filtering import FilterSet
from employees.identifiers import mask_nik
from employees.jobs import WAITING_MESSAGE, job_waiting
from employees.models import AccessLog
from employees.pagination import query_string
from employees.permissions import hr_required
from employees.ratelimit import rate_limited
from employees.services import access_log_record

from . import access, publishing, ranking, rounds, selectors, services
from .forms import (
    AppealDecideForm,
    AppealForm,
    CsvForm,
    DecideForm,
    FormationForm,
    PublishForm,
    RegistrationForm,
    RoundForm,
    RoundStatusForm,
    StatusForm,
)
from .models import (
    Announcement,
    Application,
    ApplicationDocument,
    Formation,
    Outcome,
    RankingStatus,
    SelectionRound,
    SelectionStage,
)
from .public_cache import public_page

STATUS_SESSION_KEY = "recruitment_status_application"
CODE_ONCE_SESSION_KEY = "recruitment_access_code_once"
REGISTER_LIMIT = (10, 3600)  # submissions per address per hour
STATUS_LIMIT = (30, 3600)  # look-ups per address per hour


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _too_many(request):
    response = render(request, "recruitment/public/too_many.html", status=429)
    return response


# --- staff: rounds ---------------------------------------------------------------------------


@login_required
def round_list(request):
    if not selectors.may_use_recruitment(request.user):  # a civil servant: no menu entry, no empty page
        raise PermissionDenied(_("Halaman ini tidak tersedia untuk peran Anda."))
    rounds = (
        SelectionRound.objects.visible_to(request.user)
        .annotate(n_formations=Count("formations", distinct=True))
        .order_by("-year", "-id")
    )
    page = Paginator(rounds, 25).get_page(request.GET.get("page"))
    stages = (
        SelectionStage.objects.filter(panel_members__user=request.user).select_related("round")
        if not request.user.is_hr
        else SelectionStage.objects.none()
    )
    return render(request, "recruitment/round_list.html", {"page_obj": page, "panel_stages": stages})


@login_required
@hr_required
def round_create(request):
    form = RoundForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            rnd = rounds.round_create(by=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Seleksi dibuat sebagai draf dengan tahap bawaan."))
            return redirect("recruitment:round-detail", pk=rnd.pk)
    return render(request, "recruitment/round_form.html", {"form": form})


@login_required
@hr_required
def round_edit(request, pk):
    rnd = get_object_or_404(SelectionRound, pk=pk)
    form = RoundForm(request.POST or None, instance=rnd)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.round_update(rnd=rnd, by=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Aturan seleksi disimpan."))
            return redirect("recruitment:round-detail", pk=rnd.pk)
    return render(request, "recruitment/round_form.html", {"form": form, "round": rnd})


def _formations(user, rnd):
    return (
        Formation.objects.visible_to(user)
        .filter(round=rnd)
        .select_related("unit")
        .annotate(
            n_apps=Count("applications", distinct=True),
            n_passed=Count("applications", filter=Q(applications__outcome__in=selectors.PASSED), distinct=True),
        )
    )


@login_required
def round_detail(request, pk):
    rnd = get_object_or_404(SelectionRound.objects.visible_to(request.user), pk=pk)
    context = {
        "round": rnd,
        "formations": _formations(request.user, rnd),
        "stages": rnd.stages.annotate(n_members=Count("panel_members")),
        "announcements": rnd.announcements.only("number", "title", "published_at").order_by("-number"),
        "appeals_pending": rnd.applications.filter(appeal_filed_at__isnull=False, appeal_decision="").count()
        if request.user.is_hr
        else 0,
        "status_form": RoundStatusForm(moves=rnd.status_moves()),
        "publish_form": PublishForm(initial={"stage": rnd.announcement_stage}),
        "waiting": _ranking_waiting(rnd),
    }
    return render(request, "recruitment/round_detail.html", context)


def _round(request, pk):
    return get_object_or_404(SelectionRound, pk=pk)


def _round_page(rnd):
    return reverse("recruitment:round-detail", args=[rnd.pk])


@workflow_post(hr=True, load=_round, then=_round_page, form=RoundStatusForm)
def round_status(request, rnd, form):
    rounds.round_set_status(rnd=rnd, by=request.user, status=form.cleaned_data["status"])
    return _("Tahap seleksi diubah.")


@workflow_post(hr=True, load=_round, then=_round_page)
def round_check(request, rnd):
    count = services.round_check_all(rnd=rnd, by=request.user)
    return _("Cek administrasi otomatis dijalankan untuk %(n)s lamaran.") % {"n": count}


@workflow_post(hr=True, load=_round, then=_round_page)
def round_rank(request, rnd):
    if ranking.round_rank_queue(rnd=rnd, by=request.user):
        if job_waiting(ranking.round_rank_key(rnd.pk)):
            messages.warning(request, WAITING_MESSAGE)
        else:
            messages.info(request, _("Pemeringkatan dijalankan; hasilnya tampil di halaman ini begitu selesai."))
    else:
        messages.error(request, _("Pemeringkatan seleksi ini sedang berjalan; tunggu sampai selesai."))


@login_required
@hr_required
def round_rank_status(request, pk):
    """The ranking's progress box, polled by the round page while the worker runs; once the run is over
    it also brings the fresh formation counts, swapped in place (no "reload the page")."""
    rnd = get_object_or_404(SelectionRound, pk=pk)
    context = {"round": rnd, "waiting": _ranking_waiting(rnd)}
    context["refresh"] = request.headers.get("HX-Request") == "true" and not rnd.ranking_busy
    if context["refresh"]:
        context["formations"] = _formations(request.user, rnd)
    return render(request, "recruitment/_ranking_status.html", context)


def _ranking_waiting(rnd) -> bool:
    """Queued while the worker cannot be reached: the page says it starts once the worker is back."""
    return rnd.ranking_status == RankingStatus.QUEUED and job_waiting(ranking.round_rank_key(rnd.pk))


@workflow_post(hr=True, load=_round, then=_round_page, form=PublishForm)
def round_publish(request, rnd, form):
    if publishing.announcement_publish_queue(rnd=rnd, by=request.user, **form.cleaned_data):
        if job_waiting(publishing.publish_key(rnd.pk)):
            messages.warning(request, WAITING_MESSAGE)
        else:
            messages.info(
                request, _("Penerbitan pengumuman dijalankan; hasilnya tampil di halaman ini begitu selesai.")
            )
    else:
        messages.error(request, _("Penerbitan pengumuman seleksi ini sedang berjalan; tunggu sampai selesai."))
    return redirect("recruitment:round-detail", pk=rnd.pk)


@hr_required
def round_publish_status(request, pk):
    """The publication's progress box, polled by the round page while the worker runs."""
    rnd = get_object_or_404(SelectionRound, pk=pk)
    waiting = rnd.publish_status == RankingStatus.QUEUED and job_waiting(publishing.publish_key(rnd.pk))
    return render(request, "recruitment/_publish_status.html", {"round": rnd, "waiting": waiting})


@hr_required
def _csv_import(request, pk, *, service, template):
    rnd = get_object_or_404(SelectionRound, pk=pk)
    form = CsvForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        commit = request.POST.get("action") == "commit"
        report = service(rnd=rnd, by=request.user, data=form.cleaned_data["file"].read(), commit=commit)
        if report.ok and commit:
            messages.success(request, _("%(n)s baris diimpor.") % {"n": len(report.rows)})
            return redirect("recruitment:round-detail", pk=pk)
        if not report.ok:
            messages.error(request, _("Ada %(n)s kesalahan; tidak ada yang disimpan.") % {"n": len(report.errors)})
    return render(request, template, {"round": rnd, "form": form, "report": report})


@login_required
def applicants_import(request, pk):
    return _csv_import(request, pk, service=services.applicants_import, template="recruitment/import_applicants.html")


@login_required
def scores_import(request, pk):
    return _csv_import(request, pk, service=services.scores_import, template="recruitment/import_scores.html")


@login_required
@hr_required
def fairness(request, pk):
    rnd = get_object_or_404(SelectionRound, pk=pk)
    return render(request, "recruitment/fairness.html", {"round": rnd, "tables": selectors.fairness(rnd)})


# --- staff: formations and applications ------------------------------------------------------


@login_required
@hr_required
def formation_create(request, pk):
    rnd = get_object_or_404(SelectionRound, pk=pk)
    form = FormationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.formation_create(rnd=rnd, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Formasi ditambahkan."))
            return redirect("recruitment:round-detail", pk=pk)
    return render(request, "recruitment/formation_form.html", {"form": form, "round": rnd})


class ApplicationFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama / nomor"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("Hasil"))

    class Meta:
        model = Application
        fields = ["q", "outcome"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(applicant__name__icontains=value) | Q(registration_number__icontains=value))


@login_required
def formation_detail(request, pk):
    formation = get_object_or_404(Formation.objects.visible_to(request.user).select_related("round", "unit"), pk=pk)
    apps = (
        Application.objects.filter(formation=formation)
        .select_related("applicant")
        .order_by("rank", "registration_number")
    )
    filtered = ApplicationFilter(request.GET, queryset=apps)
    page = Paginator(filtered.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/formation_detail.html",
        {"formation": formation, "filter": filtered, "page_obj": page, "query_string": query_string(request)},
    )


@login_required
@hr_required
def application_detail(request, pk):
    app = get_object_or_404(
        Application.objects.select_related(
            "round",
            "formation",
            "formation__unit",
            "applicant",
            "placed_formation",
            "admin_decided_by",
            "hired_employee",
        ),  # fmt: skip
        pk=pk,
    )
    context = {
        "app": app,
        "documents": app.documents.all(),
        "history": app.history.select_related("history_user").order_by("-history_date")[:20],
        "decide_form": DecideForm(initial={"result": app.effective_result}),
        "appeal_form": AppealDecideForm(),
        "panel_scores": app.panel_scores.select_related("stage", "member__user").order_by("stage__order"),
        "explanation": ranking.application_explanation(app),
        "submitted_rows": selectors.submitted_comparison(app),
    }
    access_log_record(
        actor=request.user, what=AccessLog.What.PERSONAL, ip=client_ip(request),
        detail=f"Pelamar {app.registration_number} ({app.round.name}): NIK dan tanggal lahir lengkap",
    )  # fmt: skip
    return render(request, "recruitment/application_detail.html", context)


def _application(request, pk):
    return get_object_or_404(Application, pk=pk)


def _application_page(app):
    return reverse("recruitment:application-detail", args=[app.pk])


@workflow_post(
    hr=True,
    load=_application,
    then=_application_page,
    form=DecideForm,
    invalid=gettext_lazy("Hasil dan alasan wajib diisi."),
)
def application_decide(request, app, form):
    data = form.cleaned_data
    services.application_decide(application=app, by=request.user, result=data["result"], reason=data["reason"])
    return _("Keputusan administrasi disimpan.")


@workflow_post(
    hr=True,
    load=_application,
    then=_application_page,
    form=AppealDecideForm,
    invalid=gettext_lazy("Putusan dan alasan wajib diisi."),
)
def appeal_decide(request, app, form):
    data = form.cleaned_data
    services.appeal_decide(application=app, by=request.user, decision=data["decision"], reason=data["reason"])
    return _("Putusan sanggahan disimpan.")


@workflow_post(hr=True, load=_application, then=_application_page)
def application_hire(request, app):
    employee = services.application_hire(application=app, by=request.user)
    messages.success(request, _("Pelamar diangkat menjadi pegawai; NIP menyusul setelah ditetapkan BKN."))
    return redirect("employees:employee-detail", pk=employee.pk)


@login_required
@hr_required
def document_download(request, pk, doc):
    document = get_object_or_404(ApplicationDocument, pk=doc, application_id=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


# --- public ----------------------------------------------------------------------------------


@public_page
def announcement_list(request):
    # the list shows numbers and titles only: the frozen result lists (content) stay in the database
    announcements = Announcement.objects.select_related("replaces", "replaced_by").only(
        "number", "title", "published_at", "replaces__number", "replaced_by__number"
    )
    page = Paginator(announcements.order_by("-number"), 20).get_page(request.GET.get("page"))
    return render(request, "recruitment/public/announcement_list.html", {"page_obj": page})


@public_page
def announcement_detail(request, number):
    announcement = get_object_or_404(
        Announcement.objects.defer("content").select_related("round", "replaces"), number=number
    )
    replaced_by = Announcement.objects.defer("content").filter(replaces=announcement).first()
    summary = selectors.announcement_summary(announcement)
    return render(
        request,
        "recruitment/public/announcement_detail.html",
        {"ann": announcement, "summary": summary, "data": summary["inline"], "replaced_by": replaced_by},
    )


@public_page
def announcement_formation(request, number, code):
    """One formation's published results, paginated: a large formation stays one quick page at a time."""
    announcement = get_object_or_404(Announcement.objects.defer("content"), number=number)
    formation = selectors.announcement_formation(announcement, code)
    if formation is None:
        raise Http404
    results = formation["hasil"]
    query = request.GET.get("q", "").strip().lower()
    if query:
        results = [r for r in results if query in r["no_peserta"].lower() or query in r["nama"].lower()]
    page = Paginator(results, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/public/announcement_formation.html",
        {"ann": announcement, "f": formation, "page_obj": page, "q": query,
         "query_string": urlencode({"q": query}) if query else ""},
    )  # fmt: skip


def announcement_json(request, number):
    """The exact bytes the checksum was computed over, so anyone can verify it."""
    announcement = get_object_or_404(Announcement, number=number)
    response = HttpResponse(announcement.content.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pengumuman-{number}.json"'
    return response


def register_list(request):
    today = timezone.localdate()
    rounds = [
        r
        for r in SelectionRound.objects.filter(public_registration=True, status=SelectionRound.Status.REGISTRATION)
        if r.registration_open_on(today)
    ]
    return render(request, "recruitment/public/register_list.html", {"rounds": rounds})


def register(request, pk):
    rnd = get_object_or_404(SelectionRound, pk=pk, public_registration=True)
    if not rnd.registration_open_on(timezone.localdate()):
        raise Http404
    form = RegistrationForm(request.POST or None, request.FILES or None, rnd=rnd)
    if request.method == "POST":
        if rate_limited(request, "register", REGISTER_LIMIT):
            return _too_many(request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            documents = {k: data.pop(k) for k in ("ktp", "ijazah", "transkrip")}
            formation = data.pop("formation")
            data["oap_category"] = data.get("oap_category") or ""
            data["major"] = data.get("major") or ""
            try:
                app = services.application_register(rnd=rnd, formation=formation, data=data, documents=documents)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                request.session[STATUS_SESSION_KEY] = app.pk
                request.session[CODE_ONCE_SESSION_KEY] = access.display(app.access_code)
                return redirect("recruitment:register-done")
    return render(request, "recruitment/public/register_form.html", {"round": rnd, "form": form})


def register_done(request):
    app = _status_application(request)
    if app is None:
        return redirect("recruitment:status")
    # the code is shown on this page once; afterwards only the e-mail has it
    code = request.session.pop(CODE_ONCE_SESSION_KEY, "")
    return render(request, "recruitment/public/register_done.html", {"app": app, "access_code": code})


def _status_application(request):
    pk = request.session.get(STATUS_SESSION_KEY)
    if not pk:
        return None
    return (
        Application.objects.select_related("round", "formation", "formation__unit", "applicant").filter(pk=pk).first()
    )


def status(request):
    """Registration number + access code; the match is remembered in the session for the appeal form."""
    form = StatusForm(request.POST or None)
    app = None
    if request.method == "POST":
        if rate_limited(request, "status", STATUS_LIMIT):
            return _too_many(request)
        if form.is_valid():
            app = selectors.application_for_status(**form.cleaned_data)
            if app is None:
                form.add_error(None, _("Nomor pendaftaran dan kode akses tidak cocok."))
                request.session.pop(STATUS_SESSION_KEY, None)
            else:
                request.session[STATUS_SESSION_KEY] = app.pk
                return redirect("recruitment:status")
    else:
        app = _status_application(request)
    context = {"form": form, "app": app}
    if app is not None:
        published = selectors.round_has_published(app.round, Announcement.Stage.FINAL)
        context.update(
            appeal_form=AppealForm(),
            appeal_open=app.round.appeal_open_on(timezone.localdate()),
            results_published=published,
            nik_masked=mask_nik(app.applicant.nik),
            explanation=ranking.application_explanation(app) if published else "",
        )
    return render(request, "recruitment/public/status.html", context)


@require_POST
def status_appeal(request):
    app = _status_application(request)
    if app is None:
        return redirect("recruitment:status")
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("recruitment:status")
    try:
        services.application_appeal(application=app, text=form.cleaned_data["text"])
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Sanggahan diterima dan akan diputus oleh panitia."))
    return redirect(reverse("recruitment:status"))


@require_POST
def status_forget(request):
    request.session.pop(STATUS_SESSION_KEY, None)
    return redirect("recruitment:status")
