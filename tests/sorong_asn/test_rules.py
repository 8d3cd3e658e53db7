"""Indeks Profesionalitas ASN by the instrument of Peraturan BKN 8/2019: one row per line of the instrument."""

from decimal import Decimal
from pathlib import Path

import pytest

from sorong_asn import rules
from training.rules import MIN_JP_PNS


@pytest.mark.parametrize(
    "level, score",
    [("S3", 25), ("S2", 20), ("S1", 15), ("D4", 15), ("D3", 10), ("D2", 5), ("D1", 5), ("SMA", 5), ("SMP", 1),
     ("SD", 1)],
)  # fmt: skip
def test_qualification_scores(level, score):
    """Art. 7: S-3 25, S-2 20 (quoted text); S-1/D-IV 15, D-III 10, D-II/D-I/SLTA 5, SLTP and below 1 (not
    confirmed)."""
    assert rules.qualification_score(level) == score


@pytest.mark.parametrize(
    "index, label",
    [(100, "Sangat Tinggi"), (91, "Sangat Tinggi"), (Decimal("90.99"), "Tinggi"), (81, "Tinggi"), (80, "Sedang"),
     (71, "Sedang"), (70, "Rendah"), (61, "Rendah"), (60, "Sangat Rendah"), (0, "Sangat Rendah")],
)  # fmt: skip
def test_categories_at_their_edges(index, label):
    assert rules.category(index) == label


STRUCTURAL = ["jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"]
NOTHING = dict(leadership_done=None, functional_done=None, technical_jp=0, seminar_count=0)


def competence(position_type, **indicators):
    return rules.competence_score(position_type=position_type, **(NOTHING | indicators))


@pytest.mark.parametrize("position_type", STRUCTURAL)
@pytest.mark.parametrize("done, score", [(True, 15), (False, 0)])
def test_leadership_training_of_the_post_held(position_type, done, score):
    """Art. 8(4)(a) 15 and (b) 0, for JPT, administrator and pengawas."""
    assert competence(position_type, leadership_done=done) == score


@pytest.mark.parametrize("done, score", [(True, 15), (False, 0)])
def test_functional_training_of_the_position_held(done, score):
    """Art. 8(5)(a) 15 and (b) 0, for functional posts."""
    assert competence("fungsional", functional_done=done) == score


@pytest.mark.parametrize(
    "position_type, jp, score",
    [
        *[(p, 20, 15) for p in STRUCTURAL],  # Art. 8(6)(a)
        ("fungsional", 20, 15),  # Art. 8(6)(a)
        ("pelaksana", 20, 25),  # Art. 8(6): pelaksana
        ("pelaksana", 64, 25),  # more JP earns nothing more
        ("administrator", 19, 0),  # one JP short of the 20
        ("fungsional", 19, 0),
        ("pelaksana", 19, 0),
        ("pelaksana", 0, 0),
    ],
)
def test_technical_training_of_at_least_20_jp(position_type, jp, score):
    assert competence(position_type, technical_jp=jp) == score


@pytest.mark.parametrize(
    "position_type, count, score",
    [*[(p, 1, 10) for p in STRUCTURAL], ("fungsional", 1, 10), ("pelaksana", 1, 15), ("pelaksana", 4, 15),
     ("pengawas", 0, 0), ("fungsional", 0, 0), ("pelaksana", 0, 0)],
)  # fmt: skip
def test_seminar_workshop_internship_course(position_type, count, score):
    """Art. 8(7)."""
    assert competence(position_type, seminar_count=count) == score


@pytest.mark.parametrize(
    "position_type, indicators",
    [
        ("pelaksana", dict(leadership_done=True, functional_done=True)),  # neither applies to pelaksana
        ("fungsional", dict(leadership_done=True)),  # leadership only for structural posts
        ("administrator", dict(functional_done=True)),  # functional only for functional posts
    ],
)
def test_an_indicator_counts_only_for_the_posts_it_names(position_type, indicators):
    assert competence(position_type, **indicators) == 0


@pytest.mark.parametrize(
    "position_type, indicators",
    [
        *[(p, dict(leadership_done=True, technical_jp=20, seminar_count=1)) for p in STRUCTURAL],
        ("fungsional", dict(functional_done=True, technical_jp=20, seminar_count=1)),
        ("pelaksana", dict(technical_jp=20, seminar_count=1)),
    ],
)
def test_every_kind_of_post_can_reach_the_dimension_maximum_of_40(position_type, indicators):
    """Art. 8(2): the competence dimension is 40 of the index, whatever the post."""
    assert competence(position_type, **indicators) == rules.WEIGHTS["competence"] == 40


@pytest.mark.parametrize(
    "predikat, score",
    [("sangat_baik", 30), ("baik", 25), ("butuh_perbaikan", 15), ("kurang", 10), ("sangat_kurang", 5)],
)
def test_performance_scores(predikat, score):
    """Art. 9 (not confirmed): sangat baik 30, baik 25, cukup 15, kurang 10, buruk 5; the SKP predikat takes
    its band."""
    assert rules.performance_score(predikat) == score


@pytest.mark.parametrize("penalty, score", [(0, 5), (1, 3), (2, 2), (3, 1)])
def test_discipline_scores(penalty, score):
    """Art. 10 (not confirmed): no penalty 5, ringan 3, sedang 2, berat 1."""
    assert rules.discipline_score(penalty) == score


def test_the_weights_are_the_dimension_maxima():
    best = rules.ip_asn(
        education_level="S3", position_type="jpt_pratama", leadership_done=True, functional_done=None,
        technical_jp=20, seminar_count=1, predikat="sangat_baik", heaviest_penalty=0,
    )  # fmt: skip
    assert best == {"qualification": 25, "competence": 40, "performance": 30, "discipline": 5, "index": 100}
    assert sum(rules.WEIGHTS.values()) == 100
    assert rules.TECHNICAL_MIN_JP == MIN_JP_PNS  # the instrument's 20 JP is the yearly right training counts


def test_a_typical_pelaksana():
    """S-1, 12 technical JP (short of 20), one seminar, Baik, a light penalty: 15 + 15 + 25 + 3."""
    parts = rules.ip_asn(
        education_level="S1", position_type="pelaksana", leadership_done=None, functional_done=None,
        technical_jp=12, seminar_count=1, predikat="baik", heaviest_penalty=1,
    )  # fmt: skip
    assert parts == {"qualification": 15, "competence": 15, "performance": 25, "discipline": 3, "index": 58}
    assert rules.category(parts["index"]) == "Sangat Rendah"


def test_a_functional_teacher_with_the_training_of_the_position():
    """D-IV guru with the functional training, 24 technical JP, no seminar, Sangat Baik: 15 + 30 + 30 + 5."""
    parts = rules.ip_asn(
        education_level="D4", position_type="fungsional", leadership_done=None, functional_done=True,
        technical_jp=24, seminar_count=0, predikat="sangat_baik", heaviest_penalty=0,
    )  # fmt: skip
    assert parts["index"] == 80 and rules.category(parts["index"]) == "Sedang"


@pytest.mark.parametrize(
    "position_type, inputs, expected",
    [
        # a pengawas, S-2, PKP done, 20 technical JP, a workshop, Sangat Baik, no penalty: 20 + 40 + 30 + 5
        ("pengawas", dict(education_level="S2", leadership_done=True, technical_jp=20, seminar_count=1,
                          predikat="sangat_baik", heaviest_penalty=0), (20, 40, 30, 5, 95, "Sangat Tinggi")),
        # an administrator, S-1, no PKA, 30 technical JP, Baik, a medium penalty: 15 + 15 + 25 + 2
        ("administrator", dict(education_level="S1", leadership_done=False, technical_jp=30, seminar_count=0,
                               predikat="baik", heaviest_penalty=2), (15, 15, 25, 2, 57, "Sangat Rendah")),
        # a pelaksana, SLTA, 24 technical JP, a course, Baik: 5 + 40 + 25 + 5
        ("pelaksana", dict(education_level="SMA", technical_jp=24, seminar_count=2, predikat="baik",
                           heaviest_penalty=0), (5, 40, 25, 5, 75, "Sedang")),
        # a functional nurse, D-III, no functional training, nothing else, Kurang, a heavy penalty: 10 + 0 + 10 + 1
        ("fungsional", dict(education_level="D3", functional_done=False, predikat="kurang", heaviest_penalty=3),
         (10, 0, 10, 1, 21, "Sangat Rendah")),
        # an S-3 JPT with everything but a seminar, Baik: 25 + 30 + 25 + 5
        ("jpt_pratama", dict(education_level="S3", leadership_done=True, technical_jp=20, predikat="baik",
                             heaviest_penalty=0), (25, 30, 25, 5, 85, "Tinggi")),
    ],
)  # fmt: skip
def test_worked_examples_of_the_full_index(position_type, inputs, expected):
    parts = rules.ip_asn(position_type=position_type, **(NOTHING | dict(heaviest_penalty=0) | inputs))
    keys = ("qualification", "competence", "performance", "discipline", "index")
    assert (*[parts[k] for k in keys], rules.category(parts["index"])) == expected


@pytest.mark.parametrize("what, number, article, source, grade", rules.CITATIONS)
def test_every_number_is_cited_and_listed_in_the_rules_document(what, number, article, source, grade):
    """Each number names its article and source; docs/rules.md carries the same row; only the numbers read in
    the regulation's text (or a report quoting it) may be called confirmed."""
    assert article and grade in (rules.TEXT, rules.QUOTED, rules.NOT_CONFIRMED)
    assert source.startswith("https://") == (grade != rules.NOT_CONFIRMED)
    document = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text()
    assert f"| {what} | {number} | {article} | {source} | {grade} |" in document


def test_the_numbers_read_in_the_text_of_article_8():
    """Art. 8(2), (4), (5), (6) and (6)(a), as the regulation's text gives them."""
    read = {row[0]: row[1] for row in rules.CITATIONS if row[4] == rules.TEXT}
    assert read == {
        "weight: competence": 40,
        "leadership training done (JPT, administrator, pengawas)": 15,
        "leadership training not done": 0,
        "functional training done (functional post)": 15,
        "functional training not done": 0,
        "technical training: minimum JP": 20,
        "technical training: structural and functional posts": 15,
    }


ASPECTS = [key for key, _ in rules.MERIT_ASPECTS]


def ratings(*values):
    return dict(zip(ASPECTS, values, strict=True))


@pytest.mark.parametrize(
    "values, index, label",
    [
        ((1,) * 8, Decimal("100.00"), "I — Buruk"),
        ((1, 1, 1, 1, 2, 2, 2, 3), Decimal("162.50"), "I — Buruk"),  # sum 13: just below II
        ((1, 1, 1, 1, 2, 2, 3, 3), Decimal("175.00"), "II — Kurang"),  # sum 14: II starts at 175
        ((2, 2, 2, 2, 3, 3, 3, 2), Decimal("237.50"), "II — Kurang"),
        ((2, 2, 2, 2, 3, 3, 3, 3), Decimal("250.00"), "III — Baik"),
        ((3, 3, 3, 3, 3, 4, 4, 4), Decimal("337.50"), "IV — Sangat Baik"),
        ((4,) * 8, Decimal("400.00"), "IV — Sangat Baik"),
    ],
)
def test_merit_index_and_category(values, index, label):
    assert rules.merit_index(ratings(*values)) == index
    assert rules.merit_category(index) == label


def test_merit_index_needs_every_aspect_in_range():
    with pytest.raises(ValueError, match="Aspek belum dinilai"):
        rules.merit_index(dict(list(ratings(*(2,) * 8).items())[:7]))
    with pytest.raises(ValueError, match="1 sampai 4"):
        rules.merit_index(ratings(2, 2, 2, 2, 2, 2, 2, 5))
