"""The HR period overview: progress counts (cached under the last change) and the late list's pages."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employees.models import OrgUnit
from performance import selectors
from performance.models import Appraisal
from tests.factories import EmployeeFactory, UserFactory

from .conftest import appraisal_of, drive

S = Appraisal.Status


@pytest.fixture
def spread(world, period):
    """Late appraisals in three departments (one named in lower case, to test collation) and one without."""
    third = OrgUnit.objects.create(name="badan pendapatan daerah", kind=world.dept_a.kind)
    third.department = third
    third.save()
    statuses = [S.DRAFT, S.PLAN_SUBMITTED, S.PLAN_APPROVED, S.SELF_ASSESSED, S.EVALUATED, S.APPROVED]
    for n in range(18):
        unit = (world.bidang_a, world.dept_b, third)[n % 3]
        emp = EmployeeFactory(unit=unit, name=f"Pegawai {chr(90 - n)}", user=UserFactory())
        Appraisal.objects.create(
            period=period, employee=emp, department=unit.department, evaluator=world.atasan,
            approver=world.head_a, status=statuses[n % len(statuses)],
        )  # fmt: skip
    loner = EmployeeFactory(unit=world.bidang_a, name="Tanpa Perangkat Daerah")
    Appraisal.objects.create(period=period, employee=loner, department=None, status=S.DRAFT)
    return period


def test_late_list_pages_match_the_sorted_query(spread):
    period = spread
    day = period.approval_due + timedelta(days=1)
    late = selectors.LateList(period=period, day=day, progress=selectors.period_progress(period=period))
    expected = list(selectors.late_appraisals(period=period, day=day).values_list("pk", flat=True))
    assert late.count() == len(expected) == Appraisal.objects.filter(period=period).exclude(status=S.APPROVED).count()
    assert Appraisal.objects.get(pk=expected[-1]).department is None  # no department: last
    for size in (1, 2, 3, 5, 7, len(expected)):
        paginator = Paginator(late, size)
        pages = [[a.pk for a in paginator.page(n)] for n in paginator.page_range]
        assert [pk for page in pages for pk in page] == expected, size


def test_late_list_follows_the_deadlines(spread):
    period = spread
    before_any = selectors.LateList(
        period=period, day=period.plan_due, progress=selectors.period_progress(period=period)
    )
    assert before_any.count() == 0 and before_any[0:10] == []
    after_plans = selectors.LateList(
        period=period, day=period.plan_due + timedelta(days=1), progress=selectors.period_progress(period=period)
    )
    assert {a.status for a in after_plans[0:100]} == {S.DRAFT, S.PLAN_SUBMITTED}


def test_progress_is_cached_until_an_appraisal_changes(world, period):
    first = selectors.period_progress(period=period)
    with CaptureQueriesContext(connection) as ctx:
        assert selectors.period_progress(period=period) == first
    assert not [q for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    drive(world, appraisal_of(period, world.pegawai), "plan_submitted")
    after = {row["department_id"]: row for row in selectors.period_progress(period=period)}
    before = {row["department_id"]: row for row in first}
    dept = world.dept_a.pk
    assert after[dept][S.PLAN_SUBMITTED] == before[dept][S.PLAN_SUBMITTED] + 1
    assert after[dept][S.DRAFT] == before[dept][S.DRAFT] - 1


def test_overview_shows_the_curve_and_the_late(client, world, spread):
    from performance import periods

    from .test_views import login, url

    periods.curve_set(period=spread, department=world.dept_a, unit_predikat="baik", by=world.hr)
    html = login(client, world.hr).get(url("period-detail", spread.pk)).content.decode()
    assert "badan pendapatan daerah" in html and "Baik" in html
    response = client.post(url("period-detail", spread.pk), {"department": "", "unit_predikat": "baik"})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()


def test_overview_links_each_department_to_its_late_list_and_shows_one_decimal(client, world, spread):
    from .test_views import login, url

    client = login(client, world.hr)
    page = url("period-detail", spread.pk)
    spread.plan_due = spread.self_assessment_due = spread.evaluation_due = spread.approval_due = (
        spread.plan_due - timedelta(days=400)
    )
    spread.save()
    html = client.get(page).content.decode()
    assert f'href="?unit={world.dept_b.pk}#terlambat"' in html
    assert "50,0%" in html  # 3 of the 6 appraisals of the third department approved: one decimal, a comma
    narrowed = client.get(page, {"unit": world.dept_b.pk})
    assert {a.department_id for a in narrowed.context["page_obj"]} == {world.dept_b.pk}
    assert narrowed.context["chosen"]["department_id"] == world.dept_b.pk
    everyone = client.get(page, {"unit": "bukan-angka"})
    assert everyone.context["chosen"] is None and len({a.department_id for a in everyone.context["page_obj"]}) == 4


def test_overview_exports_one_row_per_department_with_typed_names_inert(client, world, spread):
    from io import BytesIO

    from openpyxl import load_workbook

    from .test_views import login, url

    OrgUnit.objects.filter(pk=world.dept_b.pk).update(name='=HYPERLINK("http://contoh.invalid","klik")')
    response = login(client, world.hr).get(url("period-export", spread.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] == "Perangkat daerah" and "Jumlah" in header
    assert len(body) == len(selectors.period_progress(period=spread))
    names = [row[0] for row in body]
    assert '\'=HYPERLINK("http://contoh.invalid","klik")' in names  # text, never a formula
    total = header.index("Jumlah")
    assert sum(row[total] for row in body) == Appraisal.objects.filter(period=spread).count()


def test_overview_export_is_for_hr_only(client, world, spread):
    from .test_views import login, url

    for user in (world.user_kepala, world.user_pegawai):
        assert login(client, user).get(url("period-export", spread.pk)).status_code == 403
