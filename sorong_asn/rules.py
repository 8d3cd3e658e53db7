"""Indeks Profesionalitas ASN (PermenPANRB 38/2018): pure functions, one place for the numbers.

Four dimensions, their maxima being their weights: qualification 25, competence 40, performance 30,
discipline 5. Qualification and the categories are the regulation's; the sub-scores of the other three
are read from what this system records and are kept here as data so BKPSDM can change them:

- competence: the share of the position's development requirements met, the 20 JP of the year
  (partial credit by JP) and, for structural posts, the leadership training of the post's level;
- performance: the approved SKP predikat of the year (PermenPANRB 6/2022);
- discipline: the heaviest penalty decided in the year (PP 94/2021), none being the full score.
"""

from decimal import ROUND_HALF_UP, Decimal

from training.rules import MIN_JP_PNS

WEIGHTS = {"qualification": 25, "competence": 40, "performance": 30, "discipline": 5}

QUALIFICATION_SCORES = {"S3": 25, "S2": 20, "S1": 15, "D4": 15, "D3": 10, "D2": 5, "D1": 5}
QUALIFICATION_BELOW = 1  # SMA and below

PERFORMANCE_SCORES = {"sangat_baik": 30, "baik": 25, "butuh_perbaikan": 15, "kurang": 10, "sangat_kurang": 5}

DISCIPLINE_SCORES = {0: 5, 1: 3, 2: 2, 3: 1}  # none, ringan, sedang, berat

MIN_JP = MIN_JP_PNS  # the 20 JP of the year, as training counts it

# (lowest score, label), highest first: Sangat Tinggi 91–100 … Sangat Rendah ≤ 60
CATEGORIES = [(91, "Sangat Tinggi"), (81, "Tinggi"), (71, "Sedang"), (61, "Rendah"), (0, "Sangat Rendah")]


def qualification_score(education_level: str) -> int:
    return QUALIFICATION_SCORES.get(education_level, QUALIFICATION_BELOW)


def competence_score(*, jp: int, leadership_done: bool | None) -> Decimal:
    """`leadership_done` is None where the post needs no leadership training (non-structural)."""
    met = [Decimal(min(max(jp, 0), MIN_JP)) / MIN_JP]
    if leadership_done is not None:
        met.append(Decimal(1 if leadership_done else 0))
    return _two(WEIGHTS["competence"] * sum(met) / len(met))


def performance_score(predikat: str) -> int:
    return PERFORMANCE_SCORES[predikat]


def discipline_score(heaviest_penalty: int) -> int:
    """0 when no penalty was decided in the year, else the level (1 ringan, 2 sedang, 3 berat)."""
    return DISCIPLINE_SCORES[heaviest_penalty]


def ip_asn(
    *, education_level: str, jp: int, leadership_done: bool | None, predikat: str, heaviest_penalty: int
) -> dict[str, Decimal]:
    """The four dimension scores of one ASN and their sum, the index (0–100)."""
    parts = {
        "qualification": Decimal(qualification_score(education_level)),
        "competence": competence_score(jp=jp, leadership_done=leadership_done),
        "performance": Decimal(performance_score(predikat)),
        "discipline": Decimal(discipline_score(heaviest_penalty)),
    }
    parts["index"] = sum(parts.values())
    return parts


def category(index: Decimal | float) -> str:
    for lowest, label in CATEGORIES:
        if index >= lowest:
            return label
    return CATEGORIES[-1][1]


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Indeks Sistem Merit (self-assessment, KASN/BKN) ------------------------------------------

MERIT_ASPECTS = [
    ("planning", "Perencanaan kebutuhan"),
    ("procurement", "Pengadaan"),
    ("career", "Pengembangan karier"),
    ("promotion", "Promosi dan mutasi"),
    ("performance", "Manajemen kinerja"),
    ("pay", "Penggajian, penghargaan dan disiplin"),
    ("protection", "Perlindungan dan pelayanan"),
    ("information", "Sistem informasi"),
]
# Each aspect is rated 1 (not yet in place) to 4 (in place, evaluated and improved).
MERIT_LEVELS = [
    (1, "1 — belum ada kebijakan/praktik"),
    (2, "2 — ada kebijakan, belum diterapkan penuh"),
    (3, "3 — diterapkan"),
    (4, "4 — diterapkan, dievaluasi dan diperbaiki"),
]
# (lowest index, label), highest first: I 100–174, II 175–249, III 250–324, IV 325–400
MERIT_CATEGORIES = [(325, "IV — Sangat Baik"), (250, "III — Baik"), (175, "II — Kurang"), (100, "I — Buruk")]


def merit_index(scores: dict[str, int]) -> Decimal:
    """The index on the 100–400 scale: 100 × the mean of the eight aspect ratings (each 1–4)."""
    missing = [key for key, _ in MERIT_ASPECTS if key not in scores]
    if missing:
        raise ValueError(f"Aspek belum dinilai: {', '.join(missing)}")
    if any(not 1 <= scores[key] <= 4 for key, _ in MERIT_ASPECTS):
        raise ValueError("Nilai setiap aspek 1 sampai 4.")
    total = sum(Decimal(scores[key]) for key, _ in MERIT_ASPECTS)
    return _two(100 * total / len(MERIT_ASPECTS))


def merit_category(index: Decimal | float) -> str:
    for lowest, label in MERIT_CATEGORIES:
        if index >= lowest:
            return label
    return MERIT_CATEGORIES[-1][1]
