from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from employees.models import OrgUnit
from employees.spreadsheets import Spreadsheet

from . import dashboard as figures
from . import services
from .forms import MeritAssessmentForm
from .models import MeritAssessment


def _dashboard_scope(request):
    """HR sees the whole government (optionally one department); a department head their own department."""
    user = request.user
    if user.is_hr:
        departments = OrgUnit.objects.filter(parent__isnull=True).only("id", "name").order_by("name")
        chosen = request.GET.get("unit")
        department = next((d for d in departments if str(d.pk) == chosen), None)
        return department, departments
    if user.headed_department is not None:
        return user.headed_department, None
    raise PermissionDenied(_("Dasbor hanya untuk petugas BKPSDM dan kepala perangkat daerah."))


SECTIONS = {"kepegawaian": figures.headcount_tables, "indeks": figures.index_page_tables}


def _render(request, section: str):
    department, departments = _dashboard_scope(request)
    today = timezone.localdate()
    tables = SECTIONS[section](department=department, today=today)
    if section == "kepegawaian":
        total = sum(row["value"] for row in tables[0]["rows"])  # the first table counts everyone by type
    else:
        total = figures.scoped_employees(department=department).count()
    return render(
        request,
        "dashboard.html",
        {"tables": tables, "total": total, "department": department, "departments": departments, "today": today,
         "section": section},
    )  # fmt: skip


@login_required
def dashboard(request):
    return _render(request, "kepegawaian")


@login_required
def dashboard_indices(request):
    """Indeks Profesionalitas ASN per department and the recruitment fill rate."""
    return _render(request, "indeks")


@login_required
def dashboard_export(request):
    department, _departments = _dashboard_scope(request)
    section = request.GET.get("bagian") if request.GET.get("bagian") in SECTIONS else "kepegawaian"
    tables = SECTIONS[section](department=department, today=timezone.localdate())
    book = Spreadsheet(write_only=False)
    for table in tables:
        if table.get("columns"):  # one column per dimension, the index last
            sheet = book.sheet(table["title"], [table["title"], *table["columns"]])
            sheet.extend([row["label"], *row["parts"]] for row in table["rows"])
        else:
            sheet = book.sheet(table["title"], [table["title"], "Nilai" if section == "indeks" else "Jumlah"])
            sheet.extend([row["label"], row["value"]] for row in table["rows"])
        sheet.widths({"A": 45})
    name = slugify(department.name) if department else "pemkot-sorong"
    return book.response(f"dasbor-{section}-{name}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def merit_assessment(request):
    """The merit-system self-assessment: BKPSDM rates the eight aspects each year; heads may read it."""
    user = request.user
    _merit_reader(user)
    assessments = list(MeritAssessment.objects.select_related("assessed_by").order_by("-year"))
    form = None
    if user.is_hr:
        year = request.GET.get("tahun", "")
        current = next((a for a in assessments if str(a.year) == year), None) or (
            assessments[0] if assessments else None
        )
        initial = {"year": current.year if current else timezone.localdate().year}
        if current:
            initial |= {f"score_{k}": v for k, v in current.scores.items()}
            initial |= {f"evidence_{k}": v for k, v in current.evidence.items()}
        form = MeritAssessmentForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.merit_assessment_save(
                    year=form.cleaned_data["year"], scores=form.scores(), evidence=form.evidence(), by=user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Penilaian sistem merit %(y)s disimpan.") % {"y": saved.year})
                return redirect(f"{request.path}?tahun={saved.year}")
    elif request.method == "POST":
        raise PermissionDenied
    tables = figures.merit_tables(assessments[0]) if assessments else []
    return render(request, "merit_assessment.html", {"assessments": assessments, "form": form, "tables": tables})


def _merit_reader(user):
    if not user.is_hr and user.headed_department is None:
        raise PermissionDenied(_("Penilaian sistem merit hanya untuk BKPSDM dan kepala perangkat daerah."))
