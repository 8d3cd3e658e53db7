from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from employees.models import OrgUnit

from . import dashboard as figures


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


@login_required
def dashboard(request):
    department, departments = _dashboard_scope(request)
    today = timezone.localdate()
    tables = figures.headcount_tables(department=department, today=today)
    total = sum(row["value"] for row in tables[0]["rows"])
    return render(
        request,
        "dashboard.html",
        {"tables": tables, "total": total, "department": department, "departments": departments, "today": today},
    )


@login_required
def dashboard_export(request):
    department, _departments = _dashboard_scope(request)
    tables = figures.headcount_tables(department=department, today=timezone.localdate())
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table["title"][:31])
        sheet.append([table["title"], "Jumlah"])
        for row in table["rows"]:
            sheet.append([row["label"], row["value"]])
        sheet.column_dimensions["A"].width = 45
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = slugify(department.name) if department else "pemkot-sorong"
    response["Content-Disposition"] = f'attachment; filename="dasbor-{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    workbook.save(response)
    return response
