"""Ranks, education order and retirement ages (UU 20/2023; PP 11/2017; docs/rules.md), pinned by tables."""

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
    "position_type, level, position, age",
    [
        # Guru: 60 at every level (UU 14/2005 Art. 30(4)) — the general rule would give an Ahli Pertama 58
        ("fungsional", "ahli_pertama", "Guru", 60), ("fungsional", "ahli_muda", "Guru", 60),
        ("fungsional", "ahli_madya", "Guru", 60), ("fungsional", "ahli_utama", "Guru", 60),
        # Dosen: 65 at every level
        ("fungsional", "ahli_pertama", "Dosen", 65), ("fungsional", "ahli_madya", "Dosen", 65),
        # other functional positions and structural posts unchanged
        ("fungsional", "ahli_pertama", "Perawat", 58), ("fungsional", "ahli_madya", "Perawat", 60),
        ("fungsional", "ahli_utama", "", 65), ("fungsional", "terampil", "Pranata Komputer", 58),
        # a stale functional position on a structural post does not count
        ("administrator", "", "Guru", 58), ("jpt_pratama", "", "Dosen", 60),
    ],
)  # fmt: skip
def test_retirement_age_by_functional_position(position_type, level, position, age):
    assert ranks.retirement_age(position_type, level, position) == age


def test_retirement_age_follows_the_reference_table_when_given():
    ages = {"Guru": 60, "Pengawas Sekolah": 60}  # as edited in the admin
    assert ranks.retirement_age("fungsional", "ahli_muda", "Pengawas Sekolah", ages) == 60
    assert ranks.retirement_age("fungsional", "ahli_muda", "Dosen", ages) == 58  # not in this table


@pytest.mark.parametrize(
    "birth, age, pension",
    [
        (date(1966, 3, 15), 60, date(2026, 4, 1)),
        (date(1966, 3, 1), 60, date(2026, 4, 1)),  # born on the 1st: still the month after
        (date(1968, 12, 31), 58, date(2027, 1, 1)),  # December: January of the next year
        (date(1964, 2, 29), 62, date(2026, 3, 1)),  # leap day
        (date(1961, 7, 20), 65, date(2026, 8, 1)),
    ],
)
def test_pension_date(birth, age, pension):
    assert ranks.pension_date(birth, age) == pension


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
