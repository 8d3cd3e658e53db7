import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from employees import identifiers
from employees.identifiers import format_nip, mask_nik, parse_ni_pppk, parse_nip, validate_nik


@pytest.mark.parametrize(
    "value, birth, tmt, male, serial",
    [
        ("198609262015051001", date(1986, 9, 26), date(2015, 5, 1), True, 1),  # the example of Perka BKN 22/2007
        ("19860926 201505 1 001", date(1986, 9, 26), date(2015, 5, 1), True, 1),  # grouped as printed
        ("199002292014032015", None, None, None, None),  # 1990 is not a leap year (checked below)
        ("198802292010122123", date(1988, 2, 29), date(2010, 12, 1), False, 123),  # leap day, December
        ("200001012018012999", date(2000, 1, 1), date(2018, 1, 1), False, 999),  # exactly the 18th birthday month
    ],
)
def test_parse_nip_valid(value, birth, tmt, male, serial):
    if birth is None:
        with pytest.raises(ValidationError, match="bukan tanggal yang ada"):
            parse_nip(value)
        return
    nip = parse_nip(value)
    assert (nip.birth_date, nip.tmt_cpns, nip.male, nip.serial) == (birth, tmt, male, serial)


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "wajib diisi"),
        ("19860926201505100", "harus 18 digit, bukan 17"),
        ("1986092620150510011", "harus 18 digit, bukan 19"),
        ("19860926201505100A", "hanya boleh berisi angka"),
        ("198613262015051001", "harus 01–12"),  # birth month 13
        ("198609312015051001", "bukan tanggal yang ada"),  # 31 September
        ("198609262015131001", "harus 01–12"),  # TMT month 13
        ("198609262015001001", "harus 01–12"),  # TMT month 00
        ("198609262015053001", "harus 1 (laki-laki) atau 2"),  # sex digit 3
        ("198609262015050001", "harus 1 (laki-laki) atau 2"),  # sex digit 0
        ("198609262004081001", "sebelum ulang tahun ke-18"),  # TMT at 17
        ("200001012017122001", "sebelum ulang tahun ke-18"),  # one month before the 18th birthday
    ],
)
def test_parse_nip_invalid(value, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        parse_nip(value)


def test_parse_ni_pppk():
    ni = parse_ni_pppk("198905122023212004")
    assert (ni.birth_date, ni.appointment_year, ni.male, ni.serial) == (date(1989, 5, 12), 2023, False, 4)
    with pytest.raises(ValidationError, match="harus 1 \\(laki-laki\\) atau 2"):
        parse_ni_pppk("198905122023215004")
    with pytest.raises(ValidationError, match="bukan tanggal yang ada"):
        parse_ni_pppk("198902302023212004")


@pytest.mark.parametrize(
    "value, birth, male",
    [
        ("9271012609860003", date(1986, 9, 26), True),
        ("9271016609860003", date(1986, 9, 26), False),  # women add 40 to the day
        ("9271010101050001", date(2005, 1, 1), True),
    ],
)
def test_validate_nik_valid(value, birth, male):
    nik = validate_nik(value)
    assert (nik.birth_date, nik.male, nik.region) == (birth, male, "927101")


@pytest.mark.parametrize(
    "value, message",
    [
        ("927101260986000", "harus 16 digit"),
        ("92710126098600AB", "hanya boleh berisi angka"),
        ("9271013209860003", "bukan tanggal yang ada"),  # day 32
        ("9271017209860003", "bukan tanggal yang ada"),  # woman, day 72 - 40 = 32
        ("9271012613860003", "harus 01–12"),
        ("9271012609860000", "tidak boleh 0000"),
    ],
)
def test_validate_nik_invalid(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_nik(value)


def test_display_helpers():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert mask_nik("9271012609860003") == "9271••••••••0003"


@pytest.mark.parametrize(
    "typed, compacted",
    [("19800315 200503 1 001", "198003152005031001"), ("198003152005031001", "198003152005031001"),
     (" 9271011503800001\t", "9271011503800001"), ("", ""), (None, "")],
)  # fmt: skip
def test_compact_removes_the_grouping_spaces(typed, compacted):
    assert identifiers.compact(typed) == compacted
