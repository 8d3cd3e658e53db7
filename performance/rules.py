"""Pure rules of the SKP appraisal (PermenPANRB 6/2022; PermenPANRB 1/2023 for credit points).

No database, no Django: each rule is a function tested row by row (docs/rules.md).
"""

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

DI_ATAS, SESUAI, DI_BAWAH = "di_atas", "sesuai", "di_bawah"
RATINGS = (DI_ATAS, SESUAI, DI_BAWAH)

SANGAT_BAIK = "sangat_baik"
BAIK = "baik"
BUTUH_PERBAIKAN = "butuh_perbaikan"
KURANG = "kurang"  # "Kurang/Misconduct"
SANGAT_KURANG = "sangat_kurang"
PREDIKATS = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)
POOR = (BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)

OBJECTION_DAYS = 14  # keberatan within 14 days of the result (PermenPANRB 6/2022)
OBJECTION_DECISION_DAYS = 14  # the evaluator's superior decides within 14 days of the objection
COACHING_DAYS = 90  # the coaching plan of a poor predikat runs for three months


def objection_last_day(approved_on: date) -> date:
    """The last day on which an objection to an appraisal approved on `approved_on` may be lodged."""
    return approved_on + timedelta(days=OBJECTION_DAYS)


ISTIMEWA = "istimewa"  # only a unit's (organisation's) predikat
UNIT_PREDIKATS = (ISTIMEWA, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)

# Rows: results rating; columns: behaviour rating (PermenPANRB 6/2022, Lampiran).
MATRIX = {
    DI_ATAS: {DI_BAWAH: KURANG, SESUAI: BAIK, DI_ATAS: SANGAT_BAIK},
    SESUAI: {DI_BAWAH: KURANG, SESUAI: BAIK, DI_ATAS: BAIK},
    DI_BAWAH: {DI_BAWAH: SANGAT_KURANG, SESUAI: BUTUH_PERBAIKAN, DI_ATAS: BUTUH_PERBAIKAN},
}


def predikat(results: str, behaviour: str) -> str:
    """The employee's predikat from the results and behaviour ratings; never typed by hand."""
    try:
        return MATRIX[results][behaviour]
    except KeyError:
        raise ValueError(f"rating tidak dikenal: {results!r}, {behaviour!r}") from None


# (predikat or group of predikat, "max"/"min", percent). "Some" (at least one) is written as min 0 exclusive,
# see SOME below. Configurable by regulation; kept here as one table so the check and its tests share it.
SOME = "some"
CURVE = {
    ISTIMEWA: [((SANGAT_BAIK,), "max", 70)],
    BAIK: [((BAIK,), "max", 70), ((BUTUH_PERBAIKAN, KURANG), SOME, 0)],
    BUTUH_PERBAIKAN: [((BUTUH_PERBAIKAN,), "min", 60), ((SANGAT_BAIK,), "max", 10)],
    KURANG: [((KURANG,), "min", 60), ((BUTUH_PERBAIKAN,), "min", 10), ((SANGAT_BAIK,), "max", 10)],
    SANGAT_KURANG: [((SANGAT_KURANG,), "min", 60), ((KURANG, BUTUH_PERBAIKAN), "min", 10), ((SANGAT_BAIK,), "max", 0)],
}

LABELS = {
    SANGAT_BAIK: "Sangat Baik",
    BAIK: "Baik",
    BUTUH_PERBAIKAN: "Butuh Perbaikan",
    KURANG: "Kurang/Misconduct",
    SANGAT_KURANG: "Sangat Kurang",
    ISTIMEWA: "Istimewa",
}


def curve_violations(unit_predikat: str, counts: Mapping[str, int]) -> list[str]:
    """Which limits of the organisation curve the department's spread breaks (empty list: none).

    Shares are compared exactly in integers (count × 100 against percent × total), so 70% of 10 is
    allowed under "at most 70%" and 6 of 10 meets "at least 60%". An empty department breaks nothing.
    """
    total = sum(counts.get(p, 0) for p in PREDIKATS)
    if total == 0:
        return []
    problems = []
    for group, kind, percent in CURVE[unit_predikat]:
        n = sum(counts.get(p, 0) for p in group)
        names = " atau ".join(LABELS[p] for p in group)
        if kind == "max" and n * 100 > percent * total:
            if percent == 0:
                problems.append(_("Tidak boleh ada %(names)s (ada %(n)s).") % {"names": names, "n": n})
            else:
                problems.append(
                    _("%(names)s paling banyak %(percent)s%% (sekarang %(n)s dari %(total)s).")
                    % {"names": names, "percent": percent, "n": n, "total": total}
                )
        elif kind == "min" and n * 100 < percent * total:
            problems.append(
                _("%(names)s paling sedikit %(percent)s%% (sekarang %(n)s dari %(total)s).")
                % {"names": names, "percent": percent, "n": n, "total": total}
            )
        elif kind == SOME and n == 0:
            problems.append(_("Harus ada pegawai dengan predikat %(names)s.") % {"names": names})
    return problems


# Annual credit-point coefficient per functional level (PermenPANRB 1/2023).
CREDIT_COEFFICIENTS = {
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
}
CREDIT_PERCENT = {
    SANGAT_BAIK: Decimal("150"),
    BAIK: Decimal("100"),
    BUTUH_PERBAIKAN: Decimal("75"),
    KURANG: Decimal("50"),
    SANGAT_KURANG: Decimal("25"),
}


def angka_kredit(level: str, predikat_value: str) -> Decimal:
    """Annual credit points = coefficient × percentage of the predikat.

    Exact, without rounding: every product has at most four decimals (3.75 × 25% = 0.9375).
    """
    try:
        coefficient = CREDIT_COEFFICIENTS[level]
        percent = CREDIT_PERCENT[predikat_value]
    except KeyError:
        raise ValueError(f"jenjang atau predikat tidak dikenal: {level!r}, {predikat_value!r}") from None
    return coefficient * percent / Decimal(100)


def percent(part: int, whole: int) -> Decimal:
    """Share of `whole` in percent with one decimal, rounded half up (7 of 9 → 77.8); 0 when `whole` is 0."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- periods ----------------------------------------------------------------------------------


def default_deadlines(year: int) -> dict[str, date]:
    """SKP set by 31 January; self-assessment, evaluation and approval early in the next year (configurable)."""
    return {
        "plan_due": date(year, 1, 31),
        "self_assessment_due": date(year + 1, 1, 10),
        "evaluation_due": date(year + 1, 1, 20),
        "approval_due": date(year + 1, 1, 31),
    }


def periodic_windows(year: int, *, monthly: bool) -> list[tuple[int, date]]:
    """The periodic evaluations of a year: (number, last day), monthly or quarterly (PermenPANRB 6/2022)."""
    months = range(1, 13) if monthly else (3, 6, 9, 12)
    return [(n, date(year, m, calendar.monthrange(year, m)[1])) for n, m in enumerate(months, start=1)]


# --- follow-up --------------------------------------------------------------------------------

RECOGNITION, COACHING = "recognition", "coaching"

# The competence a development need names for each BerAKHLAK value rated below expectation.
COMPETENCE_FOR_BEHAVIOUR = {
    "berorientasi_pelayanan": "Pelayanan publik",
    "akuntabel": "Akuntabilitas dan integritas",
    "kompeten": "Kompetensi teknis jabatan",
    "harmonis": "Komunikasi dan hubungan kerja",
    "loyal": "Wawasan kebangsaan dan etika ASN",
    "adaptif": "Manajemen perubahan dan inovasi",
    "kolaboratif": "Kolaborasi dan kerja tim",
}
TECHNICAL_COMPETENCE = "Kompetensi teknis sesuai jabatan"


def follow_up(predikat_value: str) -> str | None:
    """Sangat Baik → recognition; Butuh Perbaikan and below → a coaching plan; Baik → nothing."""
    if predikat_value == SANGAT_BAIK:
        return RECOGNITION
    if predikat_value in POOR:
        return COACHING
    return None


def talent_pool(predikat_value: str, *, previous_year_sangat_baik: bool) -> bool:
    """Sangat Baik two years running → priority for the talent pool."""
    return predikat_value == SANGAT_BAIK and previous_year_sangat_baik


def coaching_targets(results_rating: str, behaviour_ratings: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(behaviour values rated below expectation, competences to coach). Poor results, or no weak
    behaviour, put the position's technical competence first."""
    weak = [k for k, v in (behaviour_ratings or {}).items() if v == DI_BAWAH]
    competences = [COMPETENCE_FOR_BEHAVIOUR[k] for k in weak if k in COMPETENCE_FOR_BEHAVIOUR]
    if results_rating == DI_BAWAH or not competences:
        competences.insert(0, TECHNICAL_COMPETENCE)
    return weak, competences


# --- who rates and who approves ---------------------------------------------------------------


def reviewers_resolve(
    *, employee_id: int, supervisor_id: int | None, head_id: int | None, supervisors: dict[int, int | None]
) -> tuple[int | None, int | None]:
    """(evaluator, approver) for one employee (PermenPANRB 6/2022; docs/rules.md).

    The evaluator is the direct superior. The approver is the department head; where the head is the
    employee or the evaluator, it is the head's own superior, and so on up, so nobody approves their own
    appraisal and no evaluator approves what they rated.
    """
    evaluator = supervisor_id
    approver = head_id if head_id is not None else (supervisors.get(evaluator) if evaluator else None)
    seen = set()
    while approver is not None and approver in (employee_id, evaluator) and approver not in seen:
        seen.add(approver)
        approver = supervisors.get(approver)
    return evaluator, approver
