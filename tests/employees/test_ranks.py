"""Ranks, education order and retirement ages (UU 20/2023; RULES.md), pinned by tables."""

from datetime import date

import pytest

from employees import ranks


@pytest.mark.parametrize(
    "position_type, level, age",
    [("pelaksana", "", 58), ("administrator", "", 58), ("pengawas", "", 58), ("jpt_pratama", "", 60),
     ("jpt_madya", "", 60), ("jpt_utama", "", 60), ("fungsional", "ahli_pertama", 58),
     ("fungsional", "ahli_muda", 58), ("fungsional", "ahli_madya", 60), ("fungsional", "ahli_utama", 65),
     ("fungsional", "terampil", 58)],
)  # fmt: skip
def test_retirement_age(position_type, level, age):
    assert ranks.retirement_age(position_type, level) == age


@pytest.mark.parametrize(
    "golongan, rank",
    [("I/a", 1), ("I/d", 4), ("II/a", 5), ("III/a", 9), ("III/d", 12), ("IV/a", 13), ("IV/e", 17), ("I", 1),
     ("IX", 9), ("XVII", 17)],
)  # fmt: skip
def test_golongan_rank(golongan, rank):
    assert ranks.golongan_rank(golongan) == rank


def test_unknown_golongan_is_refused():
    with pytest.raises(ValueError, match="Golongan tidak dikenal"):
        ranks.golongan_rank("V/a")


@pytest.mark.parametrize(
    "golongan, minimum, ok",
    [("IV/a", "IV/a", True), ("IV/b", "IV/a", True), ("III/d", "IV/a", False), ("IX", "IV/a", False)],
)
def test_golongan_at_least(golongan, minimum, ok):
    assert ranks.golongan_at_least(golongan, minimum) is ok


@pytest.mark.parametrize(
    "birth, on, age",
    [(date(1970, 6, 15), date(2028, 6, 14), 57), (date(1970, 6, 15), date(2028, 6, 15), 58),
     (date(2000, 2, 29), date(2026, 2, 28), 25), (date(2000, 2, 29), date(2026, 3, 1), 26)],
)  # fmt: skip
def test_age_on(birth, on, age):
    assert ranks.age_on(birth, on) == age


def test_education_order():
    assert [ranks.education_rank(level) for level in ("SMA", "D3", "S1", "S2", "S3")] == sorted(
        ranks.education_rank(level) for level in ("SMA", "D3", "S1", "S2", "S3")
    )
    assert ranks.education_rank("D4") < ranks.education_rank("S1") < ranks.education_rank("S2")
