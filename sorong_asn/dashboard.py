"""Figures for policy: set-based aggregates over the employee register, one GROUP BY per table.

Feature apps contribute their own figures through their selectors (see `app_sections`).
"""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, Max, Q, Value, When
from django.utils.formats import number_format

from employees.models import Employee, OrgUnit
from employees.ranks import (
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    RETIRING_TYPES,
    education_rank,
    golongan_rank,
    pension_date,
    retirement_age,
)
from employees.selectors import with_heaviest_penalty
from performance.selectors import latest_rated_period, predikat_spread, with_approved_predikat
from recruitment.selectors import fill_rate
from training.selectors import jp_coverage, with_training_indicators

from . import rules
from .models import MeritAssessment

CACHE_SECONDS = 15 * 60
AGE_BANDS = [(None, 30, "< 30"), (30, 40, "30–39"), (40, 50, "40–49"), (50, 56, "50–55"), (56, None, "≥ 56")]


def scoped_employees(*, department: OrgUnit | None):
    qs = Employee.objects.active()
    return qs.filter(unit__department_id=department.pk) if department else qs


def _table(rows, labels=None):
    labels = labels or {}
    return [{"label": str(labels.get(k, k or "—")), "value": n} for k, n in rows]


def headcount_tables(*, department: OrgUnit | None, today: date) -> list[dict]:
    """Headcount, predikat and JP tables, cached: a province-wide dashboard is nine GROUP BYs."""
    return _cached("headcount", department=department, today=today, build=_headcount_tables)


def index_tables(*, department: OrgUnit | None, today: date) -> list[dict]:
    """Indeks Profesionalitas ASN and the recruitment fill rate, cached like the headcount."""

    def build(*, qs, department, today, everyone):
        department_id = department.pk if department else None
        return professionalism_tables(qs=qs, department=department, everyone=everyone) + fill_rate_tables(
            department_id=department_id, year=today.year
        )

    return _cached("indices", department=department, today=today, build=build)


def index_page_tables(*, department: OrgUnit | None, today: date) -> list[dict]:
    """The indices page: the cached figures, then the merit assessment read fresh so a saved one shows at once."""
    return index_tables(department=department, today=today) + merit_tables()


def _cached(section: str, *, department: OrgUnit | None, today: date, build) -> list[dict]:
    """The key carries the day and a fingerprint of the register (count and last change), so any edit,
    import or removal of an employee shows at once; figures from the other apps refresh within 15 minutes."""
    qs = scoped_employees(department=department)
    # COUNT(*), not COUNT(id): answered from the (status, updated_at) index alone, a third of the time
    fingerprint = qs.aggregate(n=Count("*"), last=Max("updated_at"))
    key = "dashboard:{}:{}:{}:{}:{}".format(
        section,
        department.pk if department else "all",
        today.isoformat(),
        fingerprint["n"],
        fingerprint["last"].timestamp() if fingerprint["last"] else 0,
    )
    tables = cache.get(key)
    if tables is None:
        tables = build(qs=qs, department=department, today=today, everyone=fingerprint["n"])
        cache.set(key, tables, timeout=CACHE_SECONDS)
    return tables


def _headcount_tables(*, qs, department: OrgUnit | None, today: date, everyone: int) -> list[dict]:
    choices = Employee.EmploymentType
    counts = register_counts(department=department, today=today)
    by = {field: sorted(counter.items()) for field, counter in counts["fields"].items()}
    age_rows = [{"label": label, "value": counts["bands"][i]} for i, (_, _, label) in enumerate(AGE_BANDS)]
    tables = [
        {"key": "type", "title": "Jenis kepegawaian", "rows": _table(by["employment_type"], dict(choices.choices))},
        *_golongan_tables(by["golongan"]),
        {"key": "education", "title": "Pendidikan terakhir",
         "rows": _table(sorted(by["education_level"], key=lambda r: education_rank(r[0])))},
        {"key": "sex", "title": "Jenis kelamin", "rows": _table(by["sex"], dict(Employee.Sex.choices))},
        {"key": "age", "title": "Kelompok umur", "rows": age_rows},
        {"key": "position", "title": "Jenis jabatan",
         "rows": _table(by["position_type"], dict(Employee.PositionType.choices))},
        {"key": "retirement", "title": "Pensiun (BUP) lima tahun ke depan",
         "rows": retirements_per_year(counts["births"], today=today)},
    ]  # fmt: skip
    department_id = department.pk if department else None
    tables += [
        {"key": "predikat", "title": f"Predikat kinerja {today.year} (SKP yang sudah dinilai)",
         "rows": _table(predikat_spread(year=today.year, department_id=department_id))},
        {"key": "jp", "title": f"Hak 20 JP PNS tahun {today.year}",
         "rows": _table(jp_coverage(year=today.year, department_id=department_id))},
    ]  # fmt: skip
    if department is None:
        per_department = sorted(counts["departments"].items(), key=lambda r: (-r[1], r[0] or ""))
        tables.append({"key": "department", "title": "Pegawai per perangkat daerah", "rows": _table(per_department)})
    return tables


def _golongan_tables(rows: list[tuple[str, int]]) -> list[dict]:
    """PNS grades (I/a … IV/e) and PPPK grades (I … XVII) are two scales: one table each, in rank order.
    A blank or unknown grade is counted with the PNS table as "—" so the totals still add up."""
    pppk = sorted((r for r in rows if r[0] in PPPK_GOLONGAN), key=lambda r: golongan_rank(r[0]))
    pns = sorted(
        (r for r in rows if r[0] not in PPPK_GOLONGAN), key=lambda r: (r[0] not in PNS_GOLONGAN, golongan_rank(r[0]))
    )
    tables = [{"key": "golongan", "title": "Golongan PNS/CPNS", "rows": _table(pns)}]
    if pppk:
        tables.append({"key": "golongan_pppk", "title": "Golongan PPPK", "rows": _table(pppk)})
    return tables


HEADCOUNT_FIELDS = ("employment_type", "golongan", "education_level", "sex", "position_type")


def register_counts(*, department: OrgUnit | None, today: date) -> dict:
    """Every headcount figure from one scan of the active register (GROUPING SETS): the five fields
    together, births (year, age band, type, position, level) and departments. Four scans took ~4× longer."""
    cases, band_params = [], []
    for i, (low, high, _) in enumerate(AGE_BANDS):
        q = []
        if low is not None:
            q.append("e.birth_date <= %s")
            band_params.append(_years_ago(today, low))
        if high is not None:
            q.append("e.birth_date > %s")
            band_params.append(_years_ago(today, high))
        cases.append(f"WHEN {' AND '.join(q)} THEN {i}")
    band = f"CASE {' '.join(cases)} END"
    year = "EXTRACT(YEAR FROM e.birth_date)::int"
    month = "EXTRACT(MONTH FROM e.birth_date)::int"
    fields = ", ".join(f"e.{f}" for f in HEADCOUNT_FIELDS)
    where, where_params = "e.status = %s", [Employee.Status.AKTIF]
    if department is not None:
        where, where_params = where + " AND u.department_id = %s", [*where_params, department.pk]
    # the f-string parts are constants; every value is a parameter
    sql = (
        f"SELECT {fields}, {year}, {month}, {band}, e.functional_level, fp.name, fp.retirement_age, d.name, "
        "GROUPING(e.golongan, e.functional_level, d.name), COUNT(*) FROM employees_employee e "
        "LEFT JOIN employees_orgunit u ON u.id = e.unit_id LEFT JOIN employees_orgunit d ON d.id = u.department_id "
        "LEFT JOIN employees_functionalposition fp ON fp.id = e.functional_position_id "
        f"WHERE {where} GROUP BY GROUPING SETS (({fields}), "
        f"({year}, {month}, {band}, e.employment_type, e.position_type, e.functional_level, fp.name, "
        "fp.retirement_age), (d.name))"
    )
    folded = {field: Counter() for field in HEADCOUNT_FIELDS}
    bands, births, departments = Counter(), Counter(), Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*band_params, *where_params, *band_params])
        for (
            *values,
            birth_year,
            birth_month,
            age_band,
            level,
            position,
            position_age,
            department_name,
            grouping,
            n,
        ) in cursor.fetchall():
            if grouping == 0b011:  # the five fields together
                for field, value in zip(HEADCOUNT_FIELDS, values, strict=True):
                    folded[field][value] += n
            elif grouping == 0b101:  # births
                bands[age_band] += n
                births[(birth_year, birth_month, values[0], values[4], level, position, position_age)] += n
            else:  # departments
                departments[department_name] += n
    return {"fields": folded, "bands": bands, "births": births, "departments": departments}


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
    """Retirements per year for the next `years` years: BUP by position (a functional position's own law
    first), pension from the first day of the month after the birthday (PP 11/2017 Art. 239)."""
    births = Counter()
    for *key, n in (
        qs.values_list(
            "birth_date__year",
            "birth_date__month",
            "employment_type",
            "position_type",
            "functional_level",
            "functional_position__name",
            "functional_position__retirement_age",
        )
        .annotate(n=Count("id"))
        .order_by()
    ):
        births[tuple(key)] += n
    return retirements_per_year(births, today=today, years=years)


def retirements_per_year(births: Counter, *, today: date, years: int = 5) -> list[dict]:
    """Fold (birth year, birth month, type, position, level, functional position, its BUP) counts into
    retirements per year; PNS and CPNS only."""
    per_year = Counter()
    for (birth_year, birth_month, employment_type, position_type, level, position, position_age), n in births.items():
        if employment_type not in RETIRING_TYPES or birth_year is None:
            continue
        ages = {position: position_age} if position_age else {}
        age = retirement_age(position_type, level or "", position or "", ages)
        year = pension_date(date(birth_year, birth_month, 1), age).year
        if today.year <= year < today.year + years:
            per_year[year] += n
    return [{"label": str(y), "value": per_year.get(y, 0)} for y in range(today.year, today.year + years)]


DIMENSIONS = [
    (key, f"{label} (maks. {rules.WEIGHTS[key]})")
    for key, label in (("qualification", "Kualifikasi"), ("competence", "Kompetensi"),
                       ("performance", "Kinerja"), ("discipline", "Disiplin"))
] + [("index", f"Indeks (maks. {sum(rules.WEIGHTS.values())})")]  # fmt: skip
SHORT = {"qualification": "Kualifikasi", "competence": "Kompetensi", "performance": "Kinerja",
         "discipline": "Disiplin", "index": "Indeks"}  # fmt: skip
INPUTS = ("education_level", "position_type", "leadership_done", "functional_done", "technical_met",
          "seminar_met", "approved_predikat", "heaviest_penalty")  # fmt: skip


def professionalism_tables(*, qs, department: OrgUnit | None, everyone: int) -> list[dict]:
    """Indeks Profesionalitas ASN of the last rated year by the instrument of Peraturan BKN 8/2019, for the
    PNS (the instrument measures PNS) whose SKP of that year is approved.

    One GROUP BY over the instrument's inputs (education, post, the four training indicators, predikat,
    heaviest penalty; a few hundred combinations), each combination scored once by `rules.ip_asn`."""
    rated = latest_rated_period()
    if rated is None:
        return []
    year, period_id = rated
    pns = qs.filter(employment_type=Employee.EmploymentType.PNS)
    measured = with_approved_predikat(pns, period_id=period_id).filter(approved_predikat__gt="")
    measured = with_heaviest_penalty(with_training_indicators(measured, year=year), year=year)
    group = "unit__name" if department else "unit__department__name"  # a head sees their units
    combos = (
        measured.annotate(
            technical_met=Case(When(technical_jp__gte=rules.TECHNICAL_MIN_JP, then=Value(True)), default=Value(False)),
            seminar_met=Case(When(seminar_count__gt=0, then=Value(True)), default=Value(False)),
        )
        .values_list(group, *INPUTS)
        .annotate(n=Count("id"))
        .order_by()
    )
    sums: dict[str, Counter] = defaultdict(Counter)
    categories = Counter()
    for group_name, *inputs, n in combos:
        parts = _score(dict(zip(INPUTS, inputs, strict=True)))
        for key in (group_name, None):
            sums[key].update({name: value * n for name, value in parts.items()})
            sums[key]["n"] += n
        categories[rules.category(parts["index"])] += n
    measured_n = sums[None]["n"]
    if not measured_n:
        return []
    return _ip_tables(sums, categories, year=year, department=department, everyone=everyone)


def _score(inputs: dict) -> dict:
    return rules.ip_asn(
        education_level=inputs["education_level"],
        position_type=inputs["position_type"],
        leadership_done=inputs["leadership_done"],
        functional_done=inputs["functional_done"],
        technical_jp=rules.TECHNICAL_MIN_JP if inputs["technical_met"] else 0,
        seminar_count=1 if inputs["seminar_met"] else 0,
        predikat=inputs["approved_predikat"],
        heaviest_penalty=inputs["heaviest_penalty"],
    )


def _ip_tables(sums, categories, *, year: int, department: OrgUnit | None, everyone: int) -> list[dict]:
    measured_n = sums[None]["n"]
    average = {name: _mean(sums[None][name], measured_n) for name, _ in DIMENSIONS}
    tables = [
        {"key": "ip_category",
         "title": f"Indeks Profesionalitas ASN {year}: kategori ({measured_n} PNS dengan SKP disetujui, "
                  f"dari {everyone} pegawai aktif)",
         "rows": [{"label": label, "value": categories[label]} for _, label in rules.CATEGORIES]},
        {"key": "ip_dimension", "decimals": 2,
         "title": f"IP ASN {year} ({rules.INSTRUMENT}): rata-rata {number_format(average['index'], 2)} "
                  f"({rules.category(average['index'])}), per dimensi",
         "rows": [{"label": label, "value": average[name]} for name, label in DIMENSIONS]},
    ]  # fmt: skip
    per_group = sorted(
        (
            (name or "—", {key: _mean(total[key], total["n"]) for key, _ in DIMENSIONS})
            for name, total in sums.items()
            if name is not None
        ),
        key=lambda row: (-row[1]["index"], row[0]),
    )
    columns = [key for key, _ in DIMENSIONS]
    tables.append({"key": "ip_unit" if department else "ip_department", "decimals": 2,
                   "title": f"IP ASN {year} per {'unit kerja' if department else 'perangkat daerah'} (rata-rata)",
                   "columns": [SHORT[key] for key in columns],
                   "rows": [{"label": name, "value": means["index"], "parts": [means[key] for key in columns]}
                            for name, means in per_group]})  # fmt: skip
    return tables


def _mean(total, n: int) -> float:
    return float((Decimal(total) / n).quantize(Decimal("0.01"))) if n else 0.0


def fill_rate_tables(*, department_id: int | None, year: int) -> list[dict]:
    rows = fill_rate(year=year, department_id=department_id)
    if not rows:
        return []
    quota, filled = sum(r["quota"] for r in rows), sum(r["filled"] for r in rows)
    return [
        {"key": "fill_rate", "decimals": 1,
         "title": f"Keterisian formasi seleksi {year}: {filled} dari {quota} kuota terisi (% per kategori)",
         "rows": [{"label": f"{r['category']} ({r['filled']}/{r['quota']}, diangkat {r['hired']})",
                   "value": r["percent"]} for r in rows]},
    ]  # fmt: skip


def merit_tables(latest: MeritAssessment | None = None) -> list[dict]:
    """The latest merit-system self-assessment, aspect by aspect (one small query unless given)."""
    latest = latest or MeritAssessment.objects.order_by("-year").first()
    if latest is None:
        return []
    return [
        {"key": "merit",
         "title": f"Indeks Sistem Merit {latest.year}: {number_format(latest.index, 2)} ({latest.category})",
         "rows": [{"label": row["label"], "value": row["score"]} for row in latest.aspect_rows()]},
    ]  # fmt: skip
