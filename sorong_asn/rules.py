"""Indeks Profesionalitas ASN by BKN's instrument, Peraturan BKN 8/2019 (implementing PermenPANRB 38/2018).

Pure functions, one place for the numbers. The index of one PNS is the sum of four dimension scores, each
dimension's maximum being its weight: qualification 25, competence 40, performance 30, discipline 5.

Every number cites the article and paragraph it comes from and the source it was read in (`CITATIONS` below,
mirrored in docs/rules.md). Three grades of source: the regulation's own text; a news report quoting the
regulation's text (the article's paragraph number not given); and "not confirmed", where no text of the
regulation could be found: those numbers are the values BKN's IP ASN form and the earlier tables of this
system agree on, kept until BKPSDM checks them against the regulation (docs/rules.md lists them).
"""

from decimal import ROUND_HALF_UP, Decimal

from performance.rules import BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG

INSTRUMENT = "Peraturan BKN 8/2019"

# Where each number was read.
ART_8_TEXT = "https://pasal.id/peraturan/perban/peraturan-bkn-no-8-tahun-2019/koreksi/8136604"  # Pasal 8, full text
ART_7_QUOTED = "https://lelemuku.com/2019/06/inilah-tata-cara-dan-pelaksanaan.html"  # news quoting Pasal 7
BANDS_QUOTED = "https://nasional.kontan.co.id/news/berikut-rumus-pengukuran-indeks-profesionalitas-asn?page=3"
NOT_FOUND = "(no text of the regulation found)"
TEXT, QUOTED, NOT_CONFIRMED = "regulation text", "quoted text (secondary)", "not confirmed"

# Dimension weights = maxima. Competence 40: Art. 8(2) "diperhitungkan sebesar 40% (empat puluh persen) dari
# keseluruhan Pengukuran". Qualification 25: Art. 7 "25% (dua puluh lima persen) dari keseluruhan Pengukuran"
# (quoted; paragraph not given). Performance 30 and discipline 5: not confirmed (Art. 9 and 10; the four add up
# to 100).
WEIGHTS = {"qualification": 25, "competence": 40, "performance": 30, "discipline": 5}

# --- Qualification (Art. 7: the highest formal education) ------------------------------------------------
# S-3 25 and S-2 20: Art. 7, "Bobot nilai sebesar 25 (dua puluh lima) bagi PNS yang memperoleh/memiliki
# pendidikan S-3" and "20 (dua puluh)" for S-2 (quoted; paragraph not given). S-1/D-IV 15, D-III 10,
# D-II/D-I/SLTA 5 and SLTP or below 1: not confirmed (BKN's IP ASN form groups D-II, D-I and SLTA together).
QUALIFICATION_SCORES = {"S3": 25, "S2": 20, "S1": 15, "D4": 15, "D3": 10, "D2": 5, "D1": 5, "SMA": 5}
QUALIFICATION_BELOW = 1  # SMP, SD: not confirmed

# --- Competence (Art. 8: development the PNS took part in, by the kind of post held) ----------------------
# Art. 8(3): four indicators, (a) Diklat Kepemimpinan, (b) Diklat Fungsional, (c) Diklat Teknis and
# (d) Seminar/Workshop/Magang/Kursus/sejenisnya. Art. 8(4) and (5) name the posts: leadership training for
# "jabatan pimpinan tinggi, jabatan administrator, dan jabatan pengawas", functional training for "jabatan
# fungsional"; pelaksana is every other post.
POSITION_GROUP = {
    "jpt_utama": "struktural", "jpt_madya": "struktural", "jpt_pratama": "struktural",
    "administrator": "struktural", "pengawas": "struktural", "fungsional": "fungsional", "pelaksana": "pelaksana",
}  # fmt: skip
LEADERSHIP_SCORE = {True: 15, False: 0}  # Art. 8(4)(a) "15 (lima belas)" done, (b) "0 (nol)" not done
FUNCTIONAL_SCORE = {True: 15, False: 0}  # Art. 8(5)(a) "15 (lima belas)" done, (b) "0 (nol)" not done
TECHNICAL_MIN_JP = 20  # Art. 8(6): "diklat teknis paling sedikit 20 (dua puluh) JP"
# Art. 8(6)(a): 15 for JPT, administrator, pengawas and functional posts. Pelaksana 25: not confirmed (the
# rest of Art. 8(6) was not in the text found; one independent implementation uses 22.5). Below 20 JP: 0.
TECHNICAL_SCORE = {"struktural": 15, "fungsional": 15, "pelaksana": 25}
# Art. 8(7), seminar/workshop/internship/course: not confirmed (not in the text found). 10 is what Art. 8(2)'s
# 40 leaves after 15 + 15 for structural and functional posts; pelaksana 15 (40 less the 25 above); 0 when none.
SEMINAR_SCORE = {"struktural": 10, "fungsional": 10, "pelaksana": 15}

# --- Performance (Art. 9: the performance appraisal of the year) ------------------------------------------
# The instrument rates the appraisal in five bands (BKN's form: sangat baik, baik, cukup, kurang, buruk).
# An SKP predikat (PermenPANRB 6/2022) takes the band of the same rank. Scores: not confirmed (Art. 9).
PERFORMANCE_BAND = {
    SANGAT_BAIK: "sangat_baik", BAIK: "baik", BUTUH_PERBAIKAN: "cukup", KURANG: "kurang", SANGAT_KURANG: "buruk",
}  # fmt: skip
PERFORMANCE_SCORES = {"sangat_baik": 30, "baik": 25, "cukup": 15, "kurang": 10, "buruk": 5}

# --- Discipline (Art. 10: disciplinary penalties) -----------------------------------------------------------
# None, ringan, sedang, berat (the levels of BKN's form). Scores: not confirmed (Art. 10).
DISCIPLINE_SCORES = {0: 5, 1: 3, 2: 2, 3: 1}

# --- Categories ------------------------------------------------------------------------------------------------
# (lowest score, label), highest first: "Sangat Tinggi yang memiliki rentang nilai antara 91 - 100; Tinggi
# … 81 - 90; Sedang … 71 - 80; Rendah … 61 - 70; dan Sangat Rendah … 60 ke bawah" (quoted; article not given).
CATEGORIES = [(91, "Sangat Tinggi"), (81, "Tinggi"), (71, "Sedang"), (61, "Rendah"), (0, "Sangat Rendah")]

# Every number above: (what, number, article and paragraph, source, grade). docs/rules.md lists the same rows
# and tests/sorong_asn/test_rules.py checks both against the constants.
CITATIONS = [
    ("weight: qualification", WEIGHTS["qualification"], "Pasal 7", ART_7_QUOTED, QUOTED),
    ("weight: competence", WEIGHTS["competence"], "Pasal 8 ayat (2)", ART_8_TEXT, TEXT),
    ("weight: performance", WEIGHTS["performance"], "Pasal 9", NOT_FOUND, NOT_CONFIRMED),
    ("weight: discipline", WEIGHTS["discipline"], "Pasal 10", NOT_FOUND, NOT_CONFIRMED),
    ("qualification: S-3", QUALIFICATION_SCORES["S3"], "Pasal 7 huruf a", ART_7_QUOTED, QUOTED),
    ("qualification: S-2", QUALIFICATION_SCORES["S2"], "Pasal 7 huruf b", ART_7_QUOTED, QUOTED),
    ("qualification: S-1/D-IV", QUALIFICATION_SCORES["S1"], "Pasal 7", NOT_FOUND, NOT_CONFIRMED),
    ("qualification: D-III", QUALIFICATION_SCORES["D3"], "Pasal 7", NOT_FOUND, NOT_CONFIRMED),
    ("qualification: D-II/D-I/SLTA", QUALIFICATION_SCORES["SMA"], "Pasal 7", NOT_FOUND, NOT_CONFIRMED),
    ("qualification: SLTP and below", QUALIFICATION_BELOW, "Pasal 7", NOT_FOUND, NOT_CONFIRMED),
    ("leadership training done (JPT, administrator, pengawas)", LEADERSHIP_SCORE[True], "Pasal 8 ayat (4) huruf a",
     ART_8_TEXT, TEXT),
    ("leadership training not done", LEADERSHIP_SCORE[False], "Pasal 8 ayat (4) huruf b", ART_8_TEXT, TEXT),
    ("functional training done (functional post)", FUNCTIONAL_SCORE[True], "Pasal 8 ayat (5) huruf a", ART_8_TEXT,
     TEXT),
    ("functional training not done", FUNCTIONAL_SCORE[False], "Pasal 8 ayat (5) huruf b", ART_8_TEXT, TEXT),
    ("technical training: minimum JP", TECHNICAL_MIN_JP, "Pasal 8 ayat (6)", ART_8_TEXT, TEXT),
    ("technical training: structural and functional posts", TECHNICAL_SCORE["struktural"],
     "Pasal 8 ayat (6) huruf a", ART_8_TEXT, TEXT),
    ("technical training: pelaksana", TECHNICAL_SCORE["pelaksana"], "Pasal 8 ayat (6)", NOT_FOUND, NOT_CONFIRMED),
    ("seminar/workshop/internship/course: structural and functional posts", SEMINAR_SCORE["struktural"],
     "Pasal 8 ayat (7)", NOT_FOUND, NOT_CONFIRMED),
    ("seminar/workshop/internship/course: pelaksana", SEMINAR_SCORE["pelaksana"], "Pasal 8 ayat (7)", NOT_FOUND,
     NOT_CONFIRMED),
    ("performance: sangat baik", PERFORMANCE_SCORES["sangat_baik"], "Pasal 9", NOT_FOUND, NOT_CONFIRMED),
    ("performance: baik", PERFORMANCE_SCORES["baik"], "Pasal 9", NOT_FOUND, NOT_CONFIRMED),
    ("performance: cukup", PERFORMANCE_SCORES["cukup"], "Pasal 9", NOT_FOUND, NOT_CONFIRMED),
    ("performance: kurang", PERFORMANCE_SCORES["kurang"], "Pasal 9", NOT_FOUND, NOT_CONFIRMED),
    ("performance: buruk", PERFORMANCE_SCORES["buruk"], "Pasal 9", NOT_FOUND, NOT_CONFIRMED),
    ("discipline: no penalty", DISCIPLINE_SCORES[0], "Pasal 10", NOT_FOUND, NOT_CONFIRMED),
    ("discipline: ringan", DISCIPLINE_SCORES[1], "Pasal 10", NOT_FOUND, NOT_CONFIRMED),
    ("discipline: sedang", DISCIPLINE_SCORES[2], "Pasal 10", NOT_FOUND, NOT_CONFIRMED),
    ("discipline: berat", DISCIPLINE_SCORES[3], "Pasal 10", NOT_FOUND, NOT_CONFIRMED),
    ("category: Sangat Tinggi from", CATEGORIES[0][0], "(article not given)", BANDS_QUOTED, QUOTED),
    ("category: Tinggi from", CATEGORIES[1][0], "(article not given)", BANDS_QUOTED, QUOTED),
    ("category: Sedang from", CATEGORIES[2][0], "(article not given)", BANDS_QUOTED, QUOTED),
    ("category: Rendah from", CATEGORIES[3][0], "(article not given)", BANDS_QUOTED, QUOTED),
]  # fmt: skip


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
