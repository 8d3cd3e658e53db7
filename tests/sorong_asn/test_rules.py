"""Indeks Profesionalitas ASN (PermenPANRB 38/2018), pinned to RULES.md's tables."""

from decimal import Decimal

import pytest

from sorong_asn import rules


@pytest.mark.parametrize(
    "level, score",
    [("S3", 25), ("S2", 20), ("S1", 15), ("D4", 15), ("D3", 10), ("D2", 5), ("D1", 5), ("SMA", 1), ("SMP", 1),
     ("SD", 1)],
)  # fmt: skip
def test_qualification_scores(level, score):
    assert rules.qualification_score(level) == score


@pytest.mark.parametrize(
    "index, label",
    [(100, "Sangat Tinggi"), (91, "Sangat Tinggi"), (Decimal("90.99"), "Tinggi"), (81, "Tinggi"), (80, "Sedang"),
     (71, "Sedang"), (70, "Rendah"), (61, "Rendah"), (60, "Sangat Rendah"), (0, "Sangat Rendah")],
)  # fmt: skip
def test_categories_at_their_edges(index, label):
    assert rules.category(index) == label


@pytest.mark.parametrize(
    "jp, leadership_done, score",
    [
        (20, None, Decimal("40.00")),  # non-structural: the 20 JP is the whole requirement
        (35, None, Decimal("40.00")),  # more than 20 JP earns nothing extra
        (10, None, Decimal("20.00")),  # partial credit by JP
        (0, None, Decimal("0.00")),
        (20, True, Decimal("40.00")),  # structural: JP and leadership training, half each
        (20, False, Decimal("20.00")),
        (5, True, Decimal("25.00")),
        (7, False, Decimal("7.00")),
    ],
)
def test_competence_scores(jp, leadership_done, score):
    assert rules.competence_score(jp=jp, leadership_done=leadership_done) == score


@pytest.mark.parametrize(
    "predikat, score",
    [("sangat_baik", 30), ("baik", 25), ("butuh_perbaikan", 15), ("kurang", 10), ("sangat_kurang", 5)],
)
def test_performance_scores(predikat, score):
    assert rules.performance_score(predikat) == score


@pytest.mark.parametrize("penalty, score", [(0, 5), (1, 3), (2, 2), (3, 1)])
def test_discipline_scores(penalty, score):
    assert rules.discipline_score(penalty) == score


def test_the_weights_are_the_dimension_maxima():
    best = rules.ip_asn(education_level="S3", jp=20, leadership_done=True, predikat="sangat_baik", heaviest_penalty=0)
    assert best == {
        "qualification": 25, "competence": 40, "performance": 30, "discipline": 5, "index": 100,
    }  # fmt: skip
    assert sum(rules.WEIGHTS.values()) == 100


def test_a_typical_pelaksana():
    parts = rules.ip_asn(education_level="S1", jp=12, leadership_done=None, predikat="baik", heaviest_penalty=1)
    assert parts["index"] == Decimal("15") + Decimal("24.00") + 25 + 3 == Decimal("67.00")
    assert rules.category(parts["index"]) == "Rendah"


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
