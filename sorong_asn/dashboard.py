"""Figures for policy: set-based aggregates over the employee register, one GROUP BY per table.

Feature apps contribute their own figures through their selectors (see `app_sections`).
"""

from collections import Counter
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max, Q

from employees.models import Employee, OrgUnit
from employees.ranks import PNS_GOLONGAN, education_rank, golongan_rank, retirement_age
from performance.selectors import predikat_spread
from training.selectors import jp_coverage

CACHE_SECONDS = 15 * 60
AGE_BANDS = [(None, 30, "< 30"), (30, 40, "30–39"), (40, 50, "40–49"), (50, 56, "50–55"), (56, None, "≥ 56")]


def scoped_employees(*, department: OrgUnit | None):
    qs = Employee.objects.active()
    return qs.filter(unit__department_id=department.pk) if department else qs


def _table(rows, labels=None):
    labels = labels or {}
    return [{"label": str(labels.get(k, k or "—")), "value": n} for k, n in rows]


def headcount_tables(*, department: OrgUnit | None, today: date) -> list[dict]:
    """Headcount, predikat and JP tables, cached: a province-wide dashboard is nine GROUP BYs.

    The key carries the day and a fingerprint of the register (count and last change), so any edit,
    import or removal of an employee shows at once; predikat and JP figures refresh within 15 minutes."""
    qs = scoped_employees(department=department)
    fingerprint = qs.aggregate(n=Count("id"), last=Max("updated_at"))
    key = "dashboard:{}:{}:{}:{}".format(
        department.pk if department else "all", today.isoformat(), fingerprint["n"],
        fingerprint["last"].timestamp() if fingerprint["last"] else 0,
    )  # fmt: skip
    tables = cache.get(key)
    if tables is None:
        tables = _headcount_tables(qs=qs, department=department, today=today)
        cache.set(key, tables, timeout=CACHE_SECONDS)
    return tables


def _headcount_tables(*, qs, department: OrgUnit | None, today: date) -> list[dict]:
    choices = Employee.EmploymentType
    # One GROUP BY over the five fields (a few hundred combinations), folded per field here.
    fields = ("employment_type", "golongan", "education_level", "sex", "position_type")
    folded = {field: Counter() for field in fields}
    for *values, n in qs.values_list(*fields).annotate(n=Count("id")).order_by():
        for field, value in zip(fields, values, strict=True):
            folded[field][value] += n
    by = {field: sorted(counter.items()) for field, counter in folded.items()}
    bands = {f"band{i}": _birth_between(today, low, high) for i, (low, high, _) in enumerate(AGE_BANDS)}
    age = qs.aggregate(**{key: Count("id", filter=q) for key, q in bands.items()})
    age_rows = [{"label": label, "value": age[f"band{i}"]} for i, (_, _, label) in enumerate(AGE_BANDS)]
    tables = [
        {"key": "type", "title": "Jenis kepegawaian", "rows": _table(by["employment_type"], dict(choices.choices))},
        {"key": "golongan", "title": "Golongan", "rows": _table(sorted(by["golongan"], key=_golongan_order))},
        {"key": "education", "title": "Pendidikan terakhir",
         "rows": _table(sorted(by["education_level"], key=lambda r: education_rank(r[0])))},
        {"key": "sex", "title": "Jenis kelamin", "rows": _table(by["sex"], dict(Employee.Sex.choices))},
        {"key": "age", "title": "Kelompok umur", "rows": age_rows},
        {"key": "position", "title": "Jenis jabatan",
         "rows": _table(by["position_type"], dict(Employee.PositionType.choices))},
        {"key": "retirement", "title": "Pensiun (BUP) lima tahun ke depan", "rows": retirements(qs=qs, today=today)},
    ]  # fmt: skip
    department_id = department.pk if department else None
    tables += [
        {"key": "predikat", "title": f"Predikat kinerja {today.year} (SKP yang sudah dinilai)",
         "rows": _table(predikat_spread(year=today.year, department_id=department_id))},
        {"key": "jp", "title": f"Hak 20 JP PNS tahun {today.year}",
         "rows": _table(jp_coverage(year=today.year, department_id=department_id))},
    ]  # fmt: skip
    if department is None:
        per_department = (
            qs.values_list("unit__department__name").annotate(n=Count("id")).order_by("-n", "unit__department__name")
        )
        tables.append({"key": "department", "title": "Pegawai per perangkat daerah", "rows": _table(per_department)})
    return tables


def _golongan_order(row) -> tuple:
    """PNS I/a … IV/e first, then PPPK I … XVII, each in rank order."""
    return (row[0] not in PNS_GOLONGAN, golongan_rank(row[0]))


def _birth_between(today: date, low_age: int | None, high_age: int | None) -> Q:
    """Employees whose age today is in [low_age, high_age)."""
    q = Q()
    if low_age is not None:  # at least low_age: born on or before today minus low_age years
        q &= Q(birth_date__lte=_years_ago(today, low_age))
    if high_age is not None:  # younger than high_age: born after today minus high_age years
        q &= Q(birth_date__gt=_years_ago(today, high_age))
    return q


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def retirements(*, qs, today: date, years: int = 5) -> list[dict]:
    """Retirements per year for the next `years` years: the month after reaching BUP (UU 20/2023)."""
    grouped = (
        qs.filter(employment_type__in=["pns", "cpns"])
        .values_list("birth_date__year", "position_type", "functional_level")
        .annotate(n=Count("id"))
    )
    per_year = Counter()
    for birth_year, position_type, level, n in grouped:
        year = birth_year + retirement_age(position_type, level)
        if today.year <= year < today.year + years:
            per_year[year] += n
    return [{"label": str(y), "value": per_year.get(y, 0)} for y in range(today.year, today.year + years)]
