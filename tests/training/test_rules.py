"""Table-driven tests of training/rules.py (docs/rules.md, Competence development)."""

from datetime import date

import pytest

from training import rules
from training.rules import Candidate, Prerequisites


@pytest.mark.parametrize(
    "employment_type, total, gap",
    [
        ("pns", 0, 20),
        ("pns", 19, 1),
        ("pns", 20, 0),  # exactly at the minimum
        ("pns", 35, 0),
        ("cpns", 8, 12),
        ("pppk", 0, 0),  # the 20 JP right is for PNS
    ],
)
def test_jp_gap_under_20_for_pns(employment_type, total, gap):
    assert rules.jp_gap(employment_type=employment_type, total=total) == gap


@pytest.mark.parametrize(
    "employment_type, current, adding, excess",
    [
        ("pppk", 0, 24, 0),  # exactly at the cap
        ("pppk", 12, 12, 0),
        ("pppk", 20, 12, 8),
        ("pppk", 30, 0, 6),
        ("pns", 40, 40, 0),  # the cap is for PPPK only
    ],
)
def test_pppk_cap(employment_type, current, adding, excess):
    assert rules.pppk_cap_excess(employment_type=employment_type, current=current, adding=adding) == excess


PKN2 = Prerequisites(min_golongan="IV/a", max_age=55)
SESSION_DAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    "prereq, candidate, expected",
    [
        (PKN2, Candidate("IV/a", date(1971, 6, 1), "jpt_pratama"), []),  # exactly 55, exactly IV/a
        (PKN2, Candidate("IV/b", date(1971, 6, 2), "jpt_pratama"), []),
        (PKN2, Candidate("III/d", date(1980, 1, 1), "administrator"), ["Golongan minimal IV/a"]),
        (PKN2, Candidate("IV/a", date(1970, 6, 1), "jpt_pratama"), ["Usia maksimal 55 tahun"]),  # 56 that day
        (PKN2, Candidate("IV/a", date(1970, 6, 2), "jpt_pratama"), []),  # 56 only tomorrow
        (PKN2, Candidate("IX", date(1980, 1, 1), "fungsional"), ["Golongan minimal IV/a"]),  # PPPK golongan
        (
            PKN2,
            Candidate("III/a", date(1960, 1, 1), "pelaksana"),
            ["Golongan minimal IV/a", "Usia maksimal 55 tahun"],
        ),
        (
            Prerequisites(required_position_types=("pengawas",)),
            Candidate("III/c", date(1985, 1, 1), "pelaksana"),
            ["Hanya untuk jabatan Pengawas"],
        ),
        (
            Prerequisites(required_position_types=("pengawas", "administrator")),
            Candidate("III/c", date(1985, 1, 1), "administrator"),
            [],
        ),
        (
            Prerequisites(required_program_id=7, required_program_title="PKP"),
            Candidate("III/c", date(1985, 1, 1), "administrator"),
            ["Harus sudah menyelesaikan PKP"],
        ),
        (
            Prerequisites(required_program_id=7, required_program_title="PKP"),
            Candidate("III/c", date(1985, 1, 1), "administrator", frozenset({7})),
            [],
        ),
        (Prerequisites(), Candidate("I/a", date(1999, 1, 1), "pelaksana"), []),
    ],
)
def test_prerequisite_failures(prereq, candidate, expected):
    failures = rules.prerequisite_failures(prereq, candidate, on=SESSION_DAY)
    assert len(failures) == len(expected)
    for failure, start in zip(failures, expected, strict=True):
        assert failure.startswith(start)


@pytest.mark.parametrize(
    "position_type, employment_type, completed, gap",
    [
        ("pengawas", "pns", [], "pkp"),
        ("pengawas", "pns", ["pkp"], None),
        ("pengawas", "pns", ["pka"], None),  # a higher level covers a lower one
        ("administrator", "pns", ["pkp"], "pka"),
        ("administrator", "pns", ["pka"], None),
        ("jpt_pratama", "pns", ["pka"], "pkn2"),
        ("jpt_madya", "pns", ["pkn2"], "pkn1"),
        ("pelaksana", "pns", [], None),
        ("fungsional", "pns", [], None),
        ("pelaksana", "cpns", [], "latsar"),
        ("pelaksana", "cpns", ["latsar"], None),
        ("pelaksana", "pppk", [], None),
    ],
)
def test_leadership_gap(position_type, employment_type, completed, gap):
    assert (
        rules.leadership_gap(position_type=position_type, employment_type=employment_type, completed_levels=completed)
        == gap
    )


@pytest.mark.parametrize(
    "contract_start, day, expected",
    [
        (date(2024, 7, 1), date(2024, 7, 1), (date(2024, 7, 1), date(2025, 7, 1))),
        (date(2024, 7, 1), date(2025, 6, 30), (date(2024, 7, 1), date(2025, 7, 1))),
        (date(2024, 7, 1), date(2025, 7, 1), (date(2025, 7, 1), date(2026, 7, 1))),
        (date(2024, 7, 1), date(2026, 1, 15), (date(2025, 7, 1), date(2026, 7, 1))),
        (date(2024, 2, 29), date(2025, 2, 27), (date(2024, 2, 29), date(2025, 2, 28))),
        (date(2024, 2, 29), date(2025, 2, 28), (date(2025, 2, 28), date(2026, 2, 28))),
        (date(2024, 2, 29), date(2028, 3, 1), (date(2028, 2, 29), date(2029, 2, 28))),
    ],
)
def test_contract_year(contract_start, day, expected):
    assert rules.contract_year(contract_start, day) == expected


def test_contract_year_before_the_contract():
    with pytest.raises(ValueError):
        rules.contract_year(date(2025, 1, 2), date(2025, 1, 1))


# --- kinds of learning (the IP ASN instrument, Peraturan BKN 8/2019 Art. 8(3)) ---------------------------------


@pytest.mark.parametrize(
    "kind, level, position, fields",
    [
        ("kepemimpinan", "pka", "", set()),
        ("kepemimpinan", "latsar", "", set()),
        ("kepemimpinan", "", "", {"leadership_level"}),  # which level: the instrument scores the post's own
        ("fungsional", "", "Analis Kebijakan", set()),
        ("fungsional", "", "  ", {"functional_position"}),  # which position: the training of that position
        ("teknis", "", "", set()),
        ("seminar", "", "", set()),
        ("teknis", "pkp", "", {"leadership_level"}),  # a level belongs to leadership training only
        ("seminar", "", "Guru", {"functional_position"}),  # a position to functional training only
        ("kepemimpinan", "pkp", "Guru", {"functional_position"}),
    ],
)
def test_kind_errors(kind, level, position, fields):
    assert set(rules.kind_errors(kind=kind, leadership_level=level, functional_position=position)) == fields


@pytest.mark.parametrize(
    "title, position, matches",
    [
        ("Analis Kebijakan Ahli Muda", "Analis Kebijakan", True),
        ("guru ahli pertama", "Guru", True),  # case does not matter
        ("Perawat Terampil", " Perawat ", True),
        ("Pranata Komputer Mahir", "Pranata Laboratorium Kesehatan", False),
        ("Kepala Seksi Perawatan", "Perawat", False),  # a structural title that merely contains the word
        ("Guru Ahli Muda", "", False),  # a functional training with no position counts for nobody
    ],
)
def test_functional_training_belongs_to_the_position_held(title, position, matches):
    assert rules.functional_training_matches(position_title=title, functional_position=position) is matches


@pytest.mark.parametrize(
    "competence_type, method, level, kind",
    [
        ("kepemimpinan", "pelatihan", "pkp", "kepemimpinan"),
        ("manajerial", "kursus", "pka", "kepemimpinan"),  # a level says leadership whatever else it says
        ("kepemimpinan", "seminar", "", "kepemimpinan"),
        ("fungsional", "pelatihan", "", "fungsional"),
        ("fungsional", "seminar", "", "fungsional"),
        ("teknis", "seminar", "", "seminar"),
        ("sosial_kultural", "lokakarya", "", "seminar"),  # workshop
        ("manajerial", "magang", "", "seminar"),  # internship
        ("teknis", "kursus", "", "seminar"),  # course
        ("teknis", "bimtek", "", "teknis"),
        ("manajerial", "coaching", "", "teknis"),
        ("teknis", "e_learning", "", "teknis"),
    ],
)
def test_existing_records_take_a_kind_from_what_they_already_say(competence_type, method, level, kind):
    """The migration's reading of programmes recorded before the kind existed."""
    from importlib import import_module

    migration = import_module("training.migrations.0004_learning_kind")
    assert migration.kind_for(competence_type=competence_type, method=method, leadership_level=level) == kind


@pytest.mark.parametrize(
    "typed, code",
    [
        ("2MEU-MWGE-FK8H", "2MEU-MWGE-FK8H"),  # as printed
        ("2meu mwge fk8h", "2MEU-MWGE-FK8H"),  # lower case with spaces
        ("2MEUMWGEFK8H", "2MEU-MWGE-FK8H"),  # without dashes
        ("  2meu-mwge-fk8h ", "2MEU-MWGE-FK8H"),
        ("2MEU–MWGE–FK8H", "2MEU-MWGE-FK8H"),  # en dashes from a word processor
        ("2MEU.MWGE.FK8H", "2MEU-MWGE-FK8H"),
        ("2MEU-MWGE", "2MEUMWGE"),  # too short: cleaned, matches nothing
        ("2MEU-MWGE-FK8H-X", "2MEUMWGEFK8HX"),
        ("", ""),
        ("<script>", "SCRIPT"),
    ],
)
def test_certificate_code_is_accepted_however_typed(typed, code):
    assert rules.certificate_code(typed) == code
