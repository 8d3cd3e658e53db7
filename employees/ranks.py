"""Ranks, positions and education levels of ASN (UU 20/2023, PP 11/2017, PermenPANRB 1/2023).

Pure data and functions, shared by every app that compares ranks or levels.
"""

from datetime import date

PNS_GOLONGAN = [
    f"{roman}/{letter}"
    for roman, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for letter in letters
]
PPPK_GOLONGAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip

EDUCATION_LEVELS = ["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]

# Retirement age (BUP) by position (PP 11/2017 Art. 239); configurable in policy, these are the statutory defaults.
RETIREMENT_AGE_DEFAULT = 58
RETIREMENT_AGE = {"jpt_utama": 60, "jpt_madya": 60, "jpt_pratama": 60, "ahli_madya": 60, "ahli_utama": 65}
# Functional positions whose own law sets the age at every level: Guru 60 (UU 14/2005 Art. 30(4)), Dosen 65
# (UU 14/2005). The reference table of jabatan fungsional is seeded with these and editable in the admin.
FUNCTIONAL_POSITION_AGE = {"Guru": 60, "Dosen": 65}
PNS_TYPES = ("pns", "cpns")  # civil servants with a NIP (CPNS on their way to PNS); PPPK hold an NI PPPK
RETIRING_TYPES = PNS_TYPES  # BUP ends a PNS career; a PPPK contract ends by its own terms


def golongan_rank(golongan: str) -> int:
    """Order of a golongan within its scheme (PNS I/a = 1 … IV/e = 17; PPPK I = 1 … XVII = 17)."""
    if golongan in PNS_GOLONGAN:
        return PNS_GOLONGAN.index(golongan) + 1
    if golongan in PPPK_GOLONGAN:
        return PPPK_GOLONGAN.index(golongan) + 1
    raise ValueError(f"Golongan tidak dikenal: {golongan}")


def golongan_at_least(golongan: str, minimum: str) -> bool:
    """True when a PNS golongan is at or above the minimum (e.g. IV/a for PKN II)."""
    return golongan in PNS_GOLONGAN and minimum in PNS_GOLONGAN and golongan_rank(golongan) >= golongan_rank(minimum)


def education_rank(level: str) -> int:
    return EDUCATION_LEVELS.index(level)


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on a given day."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def retirement_age(
    position_type: str, functional_level: str = "", functional_position: str = "", position_ages=None
) -> int:
    """BUP of a position. A functional position named in `position_ages` (name → age, by default the
    statutory `FUNCTIONAL_POSITION_AGE`) keeps its law's age at every level."""
    ages = FUNCTIONAL_POSITION_AGE if position_ages is None else position_ages
    if position_type == "fungsional" and ages.get(functional_position):
        return ages[functional_position]
    return RETIREMENT_AGE.get(functional_level) or RETIREMENT_AGE.get(position_type, RETIREMENT_AGE_DEFAULT)


def pension_date(birth_date: date, age: int) -> date:
    """The pension starts on the first day of the month after the birthday on which `age` is reached."""
    year, month = birth_date.year + age, birth_date.month + 1
    if month > 12:
        year, month = year + 1, 1
    return date(year, month, 1)
