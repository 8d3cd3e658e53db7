"""SKD/SKB scoring rules (PermenPANRB 6/2024; KepmenPANRB 321/2024; docs/rules.md).

Pure functions, no database: every row of docs/rules.md is pinned by a table-driven test.
All rounding is half-up, step by step, the way published results are computed.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

SKD_MAX = {"twk": 150, "tiu": 175, "tkp": 225}
SKD_TOTAL_MAX = 550
SKB_MAX = Decimal(100)
THREE = Decimal("0.001")

# Minimum per sub-test or total, by formation category. A round stores its own copy (configurable).
DEFAULT_PASSING_GRADES = {
    "umum": {"twk": 65, "tiu": 80, "tkp": 166},
    "cumlaude": {"total": 311, "tiu": 85},
    "diaspora": {"total": 311, "tiu": 85},
    "disabilitas": {"total": 286, "tiu": 60},
    "papua": {"total": 286, "tiu": 60},
}
DEFAULT_SKB_MULTIPLIER = 3
DEFAULT_SKD_WEIGHT = 40
DEFAULT_SKB_WEIGHT = 60
DEFAULT_OAP_SHARE = 80


def round3(value) -> Decimal:
    """Half-up to three decimals (the published precision)."""
    return Decimal(value).quantize(THREE, rounding=ROUND_HALF_UP)


def skd_passes(category: str, twk: int, tiu: int, tkp: int, rules: dict | None = None) -> bool:
    """True when the SKD sub-scores meet every minimum of the formation category."""
    grades = (rules or DEFAULT_PASSING_GRADES).get(category)
    if grades is None:
        raise ValueError(f"Kategori formasi tidak dikenal: {category}")
    values = {"twk": twk, "tiu": tiu, "tkp": tkp, "total": twk + tiu + tkp}
    return all(values[key] >= minimum for key, minimum in grades.items())


def skd_failures(category: str, twk: int, tiu: int, tkp: int, rules: dict | None = None) -> list[str]:
    """The minima that were missed, worded for the applicant ("TIU 75 di bawah ambang 80")."""
    grades = (rules or DEFAULT_PASSING_GRADES)[category]
    values = {"twk": twk, "tiu": tiu, "tkp": tkp, "total": twk + tiu + tkp}
    labels = {"twk": "TWK", "tiu": "TIU", "tkp": "TKP", "total": "total SKD"}
    return [
        f"{labels[key]} {values[key]} di bawah ambang {minimum}"
        for key, minimum in grades.items()
        if values[key] < minimum
    ]


def skd_scaled(skd_total: int) -> Decimal:
    """SKD on the 0–100 scale, rounded to 3 decimals (first step of the published formula)."""
    return round3(Decimal(skd_total) * 100 / SKD_TOTAL_MAX)


def final_score(skd_total: int, skb, *, skd_weight=DEFAULT_SKD_WEIGHT, skb_weight=DEFAULT_SKB_WEIGHT) -> Decimal:
    """40% × (SKD / 550 × 100) + 60% × SKB, each step rounded half-up to 3 decimals.

    SKD 431, SKB 77.5 → 78.364 → 31.346 + 46.500 = 77.846 (rounding only once would give 77.845).
    """
    skd_part = round3(skd_scaled(skd_total) * Decimal(skd_weight) / 100)
    skb_part = round3(Decimal(str(skb)) * Decimal(skb_weight) / 100)
    return skd_part + skb_part


def sort_key(*, final, skd_total: int, tkp: int, tiu: int, twk: int, gpa, birth_date: date | None) -> tuple:
    """Ascending order is best first: final (at 3 decimals), SKD total, TKP, TIU, TWK, GPA, then the older."""
    return (
        -round3(final or 0),
        -(skd_total or 0),
        -(tkp or 0),
        -(tiu or 0),
        -(twk or 0),
        -Decimal(str(gpa or 0)),
        birth_date.toordinal() if birth_date else date.max.toordinal(),
    )


def seats_for_oap(quota: int, share) -> int:
    """Seats reserved for OAP applicants: quota × share %, rounded half-up (1 seat × 80% → 1)."""
    return int((Decimal(quota) * Decimal(share) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def skb_cut(quota: int, multiplier: int = DEFAULT_SKB_MULTIPLIER) -> int:
    """How many SKD passers, best first, go on to the SKB."""
    return quota * multiplier
