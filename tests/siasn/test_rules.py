from datetime import date

import pytest

from siasn import rules


@pytest.mark.parametrize(
    ("results", "behaviour", "predikat", "expected"),
    [
        ("di_atas", "di_atas", "sangat_baik", (1, 1, 1)),
        ("di_atas", "sesuai", "baik", (1, 2, 2)),
        ("sesuai", "sesuai", "baik", (2, 2, 2)),
        ("sesuai", "di_atas", "baik", (2, 1, 2)),
        ("di_bawah", "sesuai", "butuh_perbaikan", (3, 2, 3)),
        ("di_bawah", "di_atas", "butuh_perbaikan", (3, 1, 3)),
        ("di_atas", "di_bawah", "kurang", (1, 3, 4)),
        ("sesuai", "di_bawah", "kurang", (2, 3, 4)),
        ("di_bawah", "di_bawah", "sangat_kurang", (3, 3, 5)),
    ],
)
def test_skp_values_follow_the_predikat_matrix(results, behaviour, predikat, expected):
    values = rules.skp_values(results_rating=results, behaviour_rating=behaviour, predikat=predikat)
    assert (values["hasilKinerjaNilai"], values["perilakuKerjaNilai"], values["kuadranKinerjaNilai"]) == expected


def test_skp_values_refuse_an_unrated_appraisal():
    with pytest.raises(ValueError, match="belum lengkap"):
        rules.skp_values(results_rating="", behaviour_rating="sesuai", predikat="baik")


@pytest.mark.parametrize(
    ("golongan", "code"),
    [
        ("I/a", 11),
        ("I/d", 14),
        ("II/a", 21),
        ("II/c", 23),
        ("III/a", 31),
        ("III/d", 34),
        ("IV/a", 41),
        ("IV/e", 45),
        ("III/e", None),
        ("IX", None),
        ("", None),
    ],
)
def test_golongan_ids(golongan, code):
    assert rules.golongan_id(golongan) == code
    if code:
        assert rules.golongan_from_id(code) == golongan


@pytest.mark.parametrize(
    ("kind", "method", "competence", "code"),
    [
        ("fungsional", "kursus", "fungsional", 2),
        ("fungsional", "seminar", "fungsional", 2),  # a functional training stays functional
        ("teknis", "kursus", "teknis", 3),
        ("teknis", "bimtek", "teknis", 8),
        ("teknis", "e_learning", "manajerial", 3),
        ("seminar", "seminar", "teknis", 9),
        ("seminar", "lokakarya", "teknis", 4),
        ("seminar", "magang", "teknis", 10),
        ("seminar", "kursus", "teknis", 11),
        ("seminar", "e_learning", "teknis", 9),
        ("kepemimpinan", "pelatihan", "kepemimpinan", 1),  # Latsar: recorded as structural training
        ("", "kursus", "manajerial", 5),  # no kind: from the competence type
        ("", "kursus", "sosial_kultural", 6),
    ],
)
def test_jenis_diklat_id(kind, method, competence, code):
    assert rules.jenis_diklat_id(kind=kind, method=method, competence_type=competence) == code


def test_jenis_diklat_override_from_settings_wins():
    assert rules.jenis_diklat_id(kind="teknis", method="kursus", overrides={"teknis": 33}) == 33


@pytest.mark.parametrize(
    ("level", "code", "endpoint"),
    [("pkp", "2", "diklat"), ("pka", "3", "diklat"), ("pkn2", "4", "diklat"), ("pkn1", "5", "diklat")],
)
def test_leadership_levels_go_to_diklat(level, code, endpoint):
    assert rules.latihan_struktural_id(level) == code
    assert rules.training_endpoint(leadership_level=level) == endpoint


@pytest.mark.parametrize("level", ["", "latsar"])
def test_other_training_goes_to_kursus(level):
    assert rules.training_endpoint(leadership_level=level) == "kursus"
    with pytest.raises(ValueError):
        rules.latihan_struktural_id(level)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("26-09-1986", date(1986, 9, 26)), ("1986-09-26", date(1986, 9, 26)), ("", None), ("31-02-2020", None)],
)
def test_siasn_dates(text, expected):
    assert rules.parse_siasn_date(text) == expected
    if expected:
        assert rules.siasn_date(expected) == "26-09-1986"


@pytest.mark.parametrize(
    ("name", "top", "kind"),
    [
        ("Dinas Kesehatan", True, "dinas"),
        ("Badan Kepegawaian dan Pengembangan SDM", True, "badan"),
        ("Sekretariat Daerah", True, "sekretariat"),
        ("Sub Bagian Umum dan Kepegawaian", False, "subbagian"),
        ("Bidang Pelayanan Kesehatan", False, "bidang"),
        ("Distrik Sorong Timur", True, "distrik"),
        ("Puskesmas Remu", False, "puskesmas"),
        ("UPTD Laboratorium Kesehatan", False, "uptd"),
        ("Seksi Imunisasi", False, "seksi"),
        ("Tim Percepatan", True, "kantor"),
        ("Tim Percepatan", False, "bidang"),
    ],
)
def test_unit_kind_from_name(name, top, kind):
    assert rules.unit_kind(name, top_level=top) == kind
