"""Rules of competence development as pure functions (PP 11/2017 as amended by PP 17/2020; PerLAN 10/2018).

No database access here: callers pass plain values so that each rule is tested by a table.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from employees.ranks import age_on, golongan_at_least

MIN_JP_PNS = 20  # every PNS has the right to at least 20 JP a year
MAX_JP_PPPK = 24  # PPPK: at most 24 JP per contract year
# The 20 JP right applies to PNS, including CPNS (who are on their way to PNS); not to PPPK.
MIN_JP_EMPLOYMENT_TYPES = ("pns", "cpns")

# Leadership training required by position level (PerLAN 10/2018): pengawas → PKP, administrator → PKA,
# JPT pratama → PKN II, JPT madya → PKN I (JPT utama: the highest level there is, PKN I). Latsar for every CPNS.
LEADERSHIP_BY_POSITION = {
    "pengawas": "pkp",
    "administrator": "pka",
    "jpt_pratama": "pkn2",
    "jpt_madya": "pkn1",
    "jpt_utama": "pkn1",
}
# A higher level also covers a lower one (someone with PKA does not need PKP any more).
LEADERSHIP_ORDER = ["pkp", "pka", "pkn2", "pkn1"]


def is_subject_to_minimum(employment_type: str) -> bool:
    """The 20 JP right applies to PNS, including CPNS (who are on their way to PNS); not to PPPK."""
    return employment_type in MIN_JP_EMPLOYMENT_TYPES


def jp_gap(*, employment_type: str, total: int) -> int:
    """JP still missing to reach 20 this year for a PNS; 0 when reached or when the rule does not apply."""
    if not is_subject_to_minimum(employment_type):
        return 0
    return max(MIN_JP_PNS - total, 0)


def pppk_cap_excess(*, employment_type: str, current: int, adding: int = 0) -> int:
    """JP above the PPPK cap of 24 per contract year after adding a programme; 0 when within the cap.

    The cap is a warning, not a block: the department head decides with the number in view.
    """
    if employment_type != "pppk":
        return 0
    return max(current + adding - MAX_JP_PPPK, 0)


def contract_year(contract_start: date, day: date) -> tuple[date, date]:
    """The PPPK contract year holding `day`: [start, end) between two anniversaries of the contract start.

    An anniversary of 29 February falls on 28 February in other years."""
    if day < contract_start:
        raise ValueError("Tanggal sebelum TMT kontrak.")
    start = _anniversary(contract_start, day.year)
    if start > day:
        start = _anniversary(contract_start, day.year - 1)
    return start, _anniversary(contract_start, start.year + 1)


def _anniversary(start: date, year: int) -> date:
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February
        return start.replace(year=year, day=28)


@dataclass(frozen=True)
class Prerequisites:
    min_golongan: str = ""
    max_age: int | None = None
    required_position_types: tuple[str, ...] = ()
    required_program_id: int | None = None
    required_program_title: str = ""


@dataclass(frozen=True)
class Candidate:
    golongan: str
    birth_date: date
    position_type: str
    completed_program_ids: frozenset[int] = field(default_factory=frozenset)


POSITION_LABELS = {
    "jpt_utama": "JPT Utama",
    "jpt_madya": "JPT Madya",
    "jpt_pratama": "JPT Pratama",
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "pelaksana": "Pelaksana",
    "fungsional": "Fungsional",
}


def prerequisite_failures(prereq: Prerequisites, candidate: Candidate, *, on: date) -> list[str]:
    """Every unmet prerequisite, as an Indonesian sentence; empty when the candidate qualifies.

    Age is taken on the first day of the session. A minimum golongan is a PNS golongan: a PPPK
    golongan (I–XVII) never meets it.
    """
    failures = []
    if prereq.min_golongan and not golongan_at_least(candidate.golongan, prereq.min_golongan):
        failures.append(
            f"Golongan minimal {prereq.min_golongan}, sedangkan golongan pegawai {candidate.golongan or '-'}."
        )
    if prereq.max_age is not None:
        age = age_on(candidate.birth_date, on)
        if age > prereq.max_age:
            failures.append(f"Usia maksimal {prereq.max_age} tahun, sedangkan usia pegawai {age} tahun.")
    if prereq.required_position_types and candidate.position_type not in prereq.required_position_types:
        allowed = ", ".join(POSITION_LABELS.get(p, p) for p in prereq.required_position_types)
        current = POSITION_LABELS.get(candidate.position_type, candidate.position_type)
        failures.append(f"Hanya untuk jabatan {allowed}, sedangkan jabatan pegawai {current}.")
    if prereq.required_program_id and prereq.required_program_id not in candidate.completed_program_ids:
        failures.append(f"Harus sudah menyelesaikan {prereq.required_program_title or 'pelatihan prasyarat'}.")
    return failures


def leadership_gap(*, position_type: str, employment_type: str, completed_levels: Iterable[str]) -> str | None:
    """The leadership training this person still needs for their position, or None.

    CPNS need Latsar; structural positions need the level above (higher completed levels count).
    """
    done = set(completed_levels)
    if employment_type == "cpns" and "latsar" not in done:
        return "latsar"
    needed = LEADERSHIP_BY_POSITION.get(position_type)
    if needed is None:
        return None
    rank = LEADERSHIP_ORDER.index(needed)
    if any(level in done for level in LEADERSHIP_ORDER[rank:]):
        return None
    return needed


# --- Kinds of learning, as the IP ASN instrument tells them apart (Peraturan BKN 8/2019 Art. 8(3)) -----------

LEADERSHIP = "kepemimpinan"  # a. leadership training: PKP, PKA, PKN (and Latsar, recorded with them)
FUNCTIONAL = "fungsional"  # b. functional training of one functional position
TECHNICAL = "teknis"  # c. technical training
SEMINAR = "seminar"  # d. seminar / workshop / internship / course and the like


def kind_errors(*, kind: str, leadership_level: str, functional_position: str) -> dict[str, str]:
    """What is missing or out of place for a learning record of this kind, field by field (empty when fine).

    A leadership record names its level (the instrument scores the training of the post held); a functional
    record names its functional position (the training of that position); neither belongs to another kind."""
    errors = {}
    if kind == LEADERSHIP and not leadership_level:
        errors["leadership_level"] = _("Pilih jenjang pelatihan kepemimpinan.")
    if kind != LEADERSHIP and leadership_level:
        errors["leadership_level"] = _("Jenjang kepemimpinan hanya untuk pelatihan kepemimpinan.")
    if kind == FUNCTIONAL and not functional_position.strip():
        errors["functional_position"] = _("Isi nama jabatan fungsional pelatihan ini, mis. Analis Kebijakan.")
    if kind != FUNCTIONAL and functional_position.strip():
        errors["functional_position"] = _("Jabatan fungsional hanya untuk pelatihan fungsional.")
    return errors


def functional_training_matches(*, position_title: str, functional_position: str) -> bool:
    """A functional training belongs to the position held when the position's title starts with the training's
    functional position ("Analis Kebijakan Ahli Muda" holds "Analis Kebijakan"); case does not matter."""
    name = functional_position.strip().casefold()
    return bool(name) and position_title.strip().casefold().startswith(name)


def certificate_code(typed: str) -> str:
    """A certificate code however people type it — lower case, spaces, with or without dashes
    ("2meu mwge fk8h", "2MEUMWGEFK8H") — in its printed form "2MEU-MWGE-FK8H". Anything that is not
    twelve letters and digits is returned cleaned, and matches no certificate."""
    raw = re.sub(r"[^0-9A-Z]", "", (typed or "").upper())
    if len(raw) != 12:
        return raw
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
