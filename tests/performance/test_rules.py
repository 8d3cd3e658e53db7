"""Every cell of the predikat matrix, every curve limit at its edges, every credit-point coefficient."""

from datetime import date
from decimal import Decimal

import pytest

from performance import rules
from performance.rules import (
    BAIK,
    BUTUH_PERBAIKAN,
    DI_ATAS,
    DI_BAWAH,
    ISTIMEWA,
    KURANG,
    SANGAT_BAIK,
    SANGAT_KURANG,
    SESUAI,
    angka_kredit,
    curve_violations,
    predikat,
)


@pytest.mark.parametrize(
    "results, behaviour, expected",
    [
        (DI_ATAS, DI_BAWAH, KURANG),
        (DI_ATAS, SESUAI, BAIK),
        (DI_ATAS, DI_ATAS, SANGAT_BAIK),
        (SESUAI, DI_BAWAH, KURANG),
        (SESUAI, SESUAI, BAIK),
        (SESUAI, DI_ATAS, BAIK),
        (DI_BAWAH, DI_BAWAH, SANGAT_KURANG),
        (DI_BAWAH, SESUAI, BUTUH_PERBAIKAN),
        (DI_BAWAH, DI_ATAS, BUTUH_PERBAIKAN),
    ],
)
def test_predikat_matrix(results, behaviour, expected):
    assert predikat(results, behaviour) == expected


def test_predikat_rejects_unknown_rating():
    with pytest.raises(ValueError):
        predikat("bagus", SESUAI)


def spread(sb=0, b=0, bp=0, k=0, sk=0):
    return {SANGAT_BAIK: sb, BAIK: b, BUTUH_PERBAIKAN: bp, KURANG: k, SANGAT_KURANG: sk}


@pytest.mark.parametrize(
    "unit, counts, broken",
    [
        # Istimewa: at most 70% Sangat Baik
        (ISTIMEWA, spread(sb=7, b=3), 0),
        (ISTIMEWA, spread(sb=8, b=2), 1),
        (ISTIMEWA, spread(b=10), 0),
        # Baik: at most 70% Baik, and some Butuh Perbaikan or Kurang
        (BAIK, spread(sb=2, b=7, bp=1), 0),
        (BAIK, spread(sb=1, b=8, k=1), 1),
        (BAIK, spread(sb=3, b=7), 1),
        (BAIK, spread(sb=2, b=8), 2),
        (BAIK, spread(sb=9, k=1), 0),
        # Butuh Perbaikan: at least 60% BP, at most 10% SB
        (BUTUH_PERBAIKAN, spread(sb=1, b=3, bp=6), 0),
        (BUTUH_PERBAIKAN, spread(sb=1, b=4, bp=5), 1),
        (BUTUH_PERBAIKAN, spread(sb=2, b=2, bp=6), 1),
        (BUTUH_PERBAIKAN, spread(sb=2, b=3, bp=5), 2),
        # Kurang: at least 60% K, at least 10% BP, at most 10% SB
        (KURANG, spread(sb=1, bp=1, k=6, b=2), 0),
        (KURANG, spread(sb=1, bp=1, k=5, b=3), 1),
        (KURANG, spread(b=4, k=6), 1),
        (KURANG, spread(sb=2, bp=1, k=6, b=1), 1),
        (KURANG, spread(sb=2, b=3, k=5), 3),
        # Sangat Kurang: at least 60% SK, at least 10% K or BP, no SB
        (SANGAT_KURANG, spread(sk=6, k=1, b=3), 0),
        (SANGAT_KURANG, spread(sk=6, bp=1, b=3), 0),
        (SANGAT_KURANG, spread(sk=5, k=1, b=4), 1),
        (SANGAT_KURANG, spread(sk=6, b=4), 1),
        (SANGAT_KURANG, spread(sk=6, k=1, b=2, sb=1), 1),
        (SANGAT_KURANG, spread(sk=5, b=4, sb=1), 3),
        # an empty department breaks nothing
        (SANGAT_KURANG, spread(), 0),
        (BAIK, spread(), 0),
    ],
)
def test_curve_limits_at_their_edges(unit, counts, broken):
    problems = curve_violations(unit, counts)
    assert len(problems) == broken, problems


def test_curve_messages_are_indonesian():
    (message,) = curve_violations(ISTIMEWA, spread(sb=8, b=2))
    assert message == "Sangat Baik paling banyak 70% (sekarang 8 dari 10)."
    (message,) = curve_violations(SANGAT_KURANG, spread(sk=6, k=1, b=2, sb=1))
    assert message == "Tidak boleh ada Sangat Baik (ada 1)."


COEFFICIENTS = {
    "pemula": "3.75", "terampil": "5", "mahir": "12.5", "penyelia": "25",
    "ahli_pertama": "12.5", "ahli_muda": "25", "ahli_madya": "37.5", "ahli_utama": "50",
}  # fmt: skip
PERCENT = {SANGAT_BAIK: "1.5", BAIK: "1", BUTUH_PERBAIKAN: "0.75", KURANG: "0.5", SANGAT_KURANG: "0.25"}


@pytest.mark.parametrize("level", COEFFICIENTS)
@pytest.mark.parametrize("value", PERCENT)
def test_angka_kredit_every_level_and_predikat(level, value):
    assert angka_kredit(level, value) == Decimal(COEFFICIENTS[level]) * Decimal(PERCENT[value])


@pytest.mark.parametrize(
    "level, value, expected",
    [
        ("pemula", SANGAT_KURANG, "0.9375"),
        ("ahli_muda", SANGAT_BAIK, "37.5"),
        ("ahli_madya", BUTUH_PERBAIKAN, "28.125"),
    ],
)
def test_angka_kredit_examples(level, value, expected):
    assert angka_kredit(level, value) == Decimal(expected)


def test_angka_kredit_rejects_unknown_level():
    with pytest.raises(ValueError):
        angka_kredit("ahli", BAIK)
    assert set(rules.CREDIT_COEFFICIENTS) == set(COEFFICIENTS)


@pytest.mark.parametrize(
    "approved_on, last_day",
    [
        (date(2027, 1, 20), date(2027, 2, 3)),  # 14 days after the result
        (date(2027, 2, 20), date(2027, 3, 6)),  # across the end of February
        (date(2026, 12, 25), date(2027, 1, 8)),  # across the year
    ],
)
def test_objection_window(approved_on, last_day):
    assert rules.objection_last_day(approved_on) == last_day


@pytest.mark.parametrize(
    "part, whole, expected",
    [(0, 0, "0.0"), (0, 7, "0.0"), (7, 9, "77.8"), (1, 3, "33.3"), (2, 3, "66.7"), (1, 8, "12.5"), (1, 16, "6.3"),
     (9, 9, "100.0")],
)  # fmt: skip
def test_percent_has_one_decimal_rounded_half_up(part, whole, expected):
    assert rules.percent(part, whole) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "kind"),
    [(SANGAT_BAIK, rules.RECOGNITION), (BAIK, None), (BUTUH_PERBAIKAN, rules.COACHING), (KURANG, rules.COACHING),
     (SANGAT_KURANG, rules.COACHING)],
)  # fmt: skip
def test_follow_up_by_predikat(value, kind):
    assert rules.follow_up(value) == kind


@pytest.mark.parametrize(
    ("value", "previous", "pool"),
    [(SANGAT_BAIK, True, True), (SANGAT_BAIK, False, False), (BAIK, True, False)],
)
def test_talent_pool_needs_sangat_baik_two_years_running(value, previous, pool):
    assert rules.talent_pool(value, previous_year_sangat_baik=previous) is pool


@pytest.mark.parametrize(
    ("results", "behaviour", "weak", "competences"),
    [
        (SESUAI, {"akuntabel": DI_BAWAH, "loyal": SESUAI}, ["akuntabel"], ["Akuntabilitas dan integritas"]),
        (DI_BAWAH, {"kolaboratif": DI_BAWAH}, ["kolaboratif"],
         ["Kompetensi teknis sesuai jabatan", "Kolaborasi dan kerja tim"]),
        (DI_BAWAH, {"adaptif": SESUAI}, [], ["Kompetensi teknis sesuai jabatan"]),
        (SESUAI, {}, [], ["Kompetensi teknis sesuai jabatan"]),
        (SESUAI, {"unknown": DI_BAWAH}, ["unknown"], ["Kompetensi teknis sesuai jabatan"]),
    ],
)  # fmt: skip
def test_coaching_targets_from_weak_behaviour(results, behaviour, weak, competences):
    assert rules.coaching_targets(results, behaviour) == (weak, competences)


def test_every_berakhlak_value_has_a_competence():
    from performance.models import Behaviour

    assert set(rules.COMPETENCE_FOR_BEHAVIOUR) == set(Behaviour.values)


@pytest.mark.parametrize(
    ("year", "monthly", "count", "first", "last"),
    [
        (2026, False, 4, (1, date(2026, 3, 31)), (4, date(2026, 12, 31))),
        (2026, True, 12, (1, date(2026, 1, 31)), (12, date(2026, 12, 31))),
        (2028, True, 12, (1, date(2028, 1, 31)), (12, date(2028, 12, 31))),
    ],
)
def test_periodic_windows(year, monthly, count, first, last):
    windows = rules.periodic_windows(year, monthly=monthly)
    assert (len(windows), windows[0], windows[-1]) == (count, first, last)
    if monthly and year == 2028:
        assert windows[1] == (2, date(2028, 2, 29))  # leap year


def test_default_deadlines():
    assert rules.default_deadlines(2026) == {
        "plan_due": date(2026, 1, 31),
        "self_assessment_due": date(2027, 1, 10),
        "evaluation_due": date(2027, 1, 20),
        "approval_due": date(2027, 1, 31),
    }
