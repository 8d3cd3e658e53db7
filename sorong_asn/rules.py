"""Indeks Profesionalitas ASN by BKN's instrument, Peraturan BKN 8/2019 (implementing PermenPANRB 38/2018).

Pure functions, one place for the numbers. The index of one PNS is the sum of four dimension scores, each
dimension's maximum being its weight: qualification 25, competence 40, performance 30, discipline 5.

Every number cites the article and paragraph it comes from. Some could not be read in the published text
found when this was written; their comment says "not confirmed" and docs/rules.md lists them, so BKPSDM
can check them against the regulation (they are the values BKN's own IP ASN form and the earlier tables
of this system agree on, and the instrument's own arithmetic where it applies).
"""

from decimal import ROUND_HALF_UP, Decimal

from performance.rules import BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG

INSTRUMENT = "Peraturan BKN 8/2019"

# Dimension weights = maxima. Competence 40: Art. 8(2). Qualification 25: Art. 7 ("25% dari keseluruhan
# Pengukuran"; paragraph number not in the text found). Performance 30 and discipline 5: not confirmed
# (PermenPANRB 38/2018 as this project's rules give them; the four add up to 100).
WEIGHTS = {"qualification": 25, "competence": 40, "performance": 30, "discipline": 5}

# --- Qualification (Art. 7: the highest formal education) ------------------------------------------------
# S-3 25 and S-2 20: Art. 7, letters a and b of its instrument (paragraph number not in the text found).
# S-1/D-IV 15, D-III 10, D-II/D-I/SLTA 5 and SLTP or below 1: not confirmed. The grouping (D-II, D-I and
# SLTA/SMK together; SLTP and below apart) is BKN's IP ASN form.
QUALIFICATION_SCORES = {"S3": 25, "S2": 20, "S1": 15, "D4": 15, "D3": 10, "D2": 5, "D1": 5, "SMA": 5}
QUALIFICATION_BELOW = 1  # SMP, SD

# --- Competence (Art. 8: development the PNS took part in, by the kind of post held) ----------------------
# Art. 8(4) and (5) name the posts: leadership training for "jabatan pimpinan tinggi, administrator dan
# pengawas", functional training for "jabatan fungsional"; pelaksana is every other post.
POSITION_GROUP = {
    "jpt_utama": "struktural", "jpt_madya": "struktural", "jpt_pratama": "struktural",
    "administrator": "struktural", "pengawas": "struktural", "fungsional": "fungsional", "pelaksana": "pelaksana",
}  # fmt: skip
LEADERSHIP_SCORE = {True: 15, False: 0}  # Art. 8(4)(a) done, (b) not done — structural posts
FUNCTIONAL_SCORE = {True: 15, False: 0}  # Art. 8(5)(a) done, (b) not done — functional posts
TECHNICAL_MIN_JP = 20  # Art. 8(6): technical training of at least 20 JP
# Art. 8(6)(a): 15 for structural and functional posts. Pelaksana 25 and 0 without the 20 JP: not confirmed.
TECHNICAL_SCORE = {"struktural": 15, "fungsional": 15, "pelaksana": 25}
# Art. 8(7), seminar/workshop/internship/course: not confirmed. 10 is what Art. 8(2)'s 40 leaves after
# 15 + 15 for structural and functional posts; pelaksana 15 (40 less the 25 above); 0 when none.
SEMINAR_SCORE = {"struktural": 10, "fungsional": 10, "pelaksana": 15}

# --- Performance (Art. 9: the performance appraisal of the year) ------------------------------------------
# The instrument rates the appraisal in five bands (BKN's form: sangat baik, baik, cukup, kurang, buruk).
# An SKP predikat (PermenPANRB 6/2022) takes the band of the same rank; the scores are not confirmed.
PERFORMANCE_BAND = {
    SANGAT_BAIK: "sangat_baik", BAIK: "baik", BUTUH_PERBAIKAN: "cukup", KURANG: "kurang", SANGAT_KURANG: "buruk",
}  # fmt: skip
PERFORMANCE_SCORES = {"sangat_baik": 30, "baik": 25, "cukup": 15, "kurang": 10, "buruk": 5}  # Art. 9(3)

# --- Discipline (Art. 10: disciplinary penalties) -----------------------------------------------------------
# None, ringan, sedang, berat (the levels of BKN's form); the scores are not confirmed.
DISCIPLINE_SCORES = {0: 5, 1: 3, 2: 2, 3: 1}  # Art. 10(3)

# --- Categories (the index's bands; the article's number is not in the text found) ---------------------------
# (lowest score, label), highest first: Sangat Tinggi 91–100, Tinggi 81–90, Sedang 71–80, Rendah 61–70,
# Sangat Rendah 60 and below.
CATEGORIES = [(91, "Sangat Tinggi"), (81, "Tinggi"), (71, "Sedang"), (61, "Rendah"), (0, "Sangat Rendah")]


def qualification_score(education_level: str) -> int:
    return QUALIFICATION_SCORES.get(education_level, QUALIFICATION_BELOW)


def competence_score(
    *,
    position_type: str,
    leadership_done: bool | None,
    functional_done: bool | None,
    technical_jp: int,
    seminar_count: int,
) -> int:
    """Art. 8(4)–(7): the indicators that apply to the kind of post held, each scored done or not done.

    `leadership_done` counts only for structural posts, `functional_done` only for functional ones."""
    group = POSITION_GROUP[position_type]
    score = 0
    if group == "struktural":
        score += LEADERSHIP_SCORE[bool(leadership_done)]
    if group == "fungsional":
        score += FUNCTIONAL_SCORE[bool(functional_done)]
    if technical_jp >= TECHNICAL_MIN_JP:
        score += TECHNICAL_SCORE[group]
    if seminar_count > 0:
        score += SEMINAR_SCORE[group]
    return score


def performance_score(predikat: str) -> int:
    return PERFORMANCE_SCORES[PERFORMANCE_BAND[predikat]]


def discipline_score(heaviest_penalty: int) -> int:
    """0 when no penalty was decided in the year, else the level (1 ringan, 2 sedang, 3 berat)."""
    return DISCIPLINE_SCORES[heaviest_penalty]


def ip_asn(
    *,
    education_level: str,
    position_type: str,
    leadership_done: bool | None,
    functional_done: bool | None,
    technical_jp: int,
    seminar_count: int,
    predikat: str,
    heaviest_penalty: int,
) -> dict[str, int]:
    """The four dimension scores of one PNS and their sum, the index (0–100): the instrument's formula, the
    sum of each indicator's weight for the answer given."""
    parts = {
        "qualification": qualification_score(education_level),
        "competence": competence_score(
            position_type=position_type, leadership_done=leadership_done, functional_done=functional_done,
            technical_jp=technical_jp, seminar_count=seminar_count,
        ),
        "performance": performance_score(predikat),
        "discipline": discipline_score(heaviest_penalty),
    }  # fmt: skip
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
