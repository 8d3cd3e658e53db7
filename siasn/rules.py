"""How Sorong ASN's records translate into SIASN's codes (SIASN Web Service, BKN).

Pure tables and functions. The code values are those SIASN's reference endpoints and the published client
libraries use; each table can be overridden from the settings (`SIASN_JENIS_DIKLAT_IDS`,
`SIASN_LATIHAN_STRUKTURAL_IDS`) should BKN's reference differ, without a code change.
"""

from datetime import date, datetime

# SKP 2022 ratings (PermenPANRB 6/2022): 1 above, 2 as, 3 below expectation.
RATING_VALUE = {"di_atas": 1, "sesuai": 2, "di_bawah": 3}
# Kuadran kinerja = the predikat: 1 Sangat Baik, 2 Baik, 3 Butuh Perbaikan, 4 Kurang/Misconduct, 5 Sangat Kurang.
KUADRAN_VALUE = {"sangat_baik": 1, "baik": 2, "butuh_perbaikan": 3, "kurang": 4, "sangat_kurang": 5}

# Golongan ruang id: the group's roman numeral and the ruang letter as two digits (I/a = 11 … IV/e = 45).
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_LETTER = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}

# ref-jenis-diklat: the kind of a non-structural training (POST /kursus/save, jenisDiklatId).
JENIS_DIKLAT = {
    "struktural": 1,
    "fungsional": 2,
    "teknis": 3,
    "workshop": 4,
    "manajerial": 5,
    "sosial_kultural": 6,
    "sosialisasi": 7,
    "bimtek": 8,
    "seminar": 9,
    "magang": 10,
    "kursus": 11,
    "penataran": 12,
}
# Within a programme's kind (training.rules: kepemimpinan, fungsional, teknis, seminar) the method says more:
# a seminar-kind programme run as a workshop is a workshop.
_KIND_DEFAULT = {"kepemimpinan": "struktural", "fungsional": "fungsional", "teknis": "teknis", "seminar": "seminar"}
_METHOD_KIND = {
    "seminar": "seminar",
    "lokakarya": "workshop",
    "bimtek": "bimtek",
    "magang": "magang",
    "kursus": "kursus",
}
_REFINED_BY_METHOD = {"teknis": {"bimtek"}, "seminar": {"seminar", "lokakarya", "magang", "kursus", "bimtek"}}

# ref-diklat-struktural: leadership training (POST /diklat/save, latihanStrukturalId). PKP, PKA and PKN
# replaced Diklatpim IV, III and II/I (PerLAN 15/2019–17/2019) and are recorded on the same rows.
LATIHAN_STRUKTURAL = {"pkp": "2", "pka": "3", "pkn2": "4", "pkn1": "5"}

# data-utama jenisJabatanId: 1 struktural, 2 fungsional tertentu, 4 fungsional umum (pelaksana).
JENIS_JABATAN = {"1": "struktural", "2": "fungsional", "4": "pelaksana"}


def skp_values(*, results_rating: str, behaviour_rating: str, predikat: str) -> dict:
    """hasilKinerjaNilai, perilakuKerjaNilai and kuadranKinerjaNilai of an approved SKP."""
    try:
        return {
            "hasilKinerjaNilai": RATING_VALUE[results_rating],
            "perilakuKerjaNilai": RATING_VALUE[behaviour_rating],
            "kuadranKinerjaNilai": KUADRAN_VALUE[predikat],
        }
    except KeyError as exc:
        raise ValueError(f"SKP belum lengkap dinilai: {exc.args[0]!r} tidak dikenal.") from exc


def golongan_id(golongan: str) -> int | None:
    """I/a → 11 … IV/e → 45; None for a PPPK golongan (I … XVII), which SIASN codes differently."""
    roman, _, letter = (golongan or "").partition("/")
    if roman in _ROMAN and letter in _LETTER and not (roman != "IV" and letter == "e"):
        return _ROMAN[roman] * 10 + _LETTER[letter]
    return None


def golongan_from_id(value) -> str:
    """The inverse of `golongan_id`; '' for anything else."""
    text = str(value or "").strip()
    for golongan in (f"{r}/{x}" for r in _ROMAN for x in "abcde"):
        if golongan_id(golongan) is not None and str(golongan_id(golongan)) == text:
            return golongan
    return ""


def training_endpoint(*, leadership_level: str) -> str:
    """Leadership training (PKP/PKA/PKN) goes to /diklat/save; everything else, Latsar included, to /kursus/save."""
    return "diklat" if leadership_level in LATIHAN_STRUKTURAL else "kursus"


def jenis_diklat_id(*, kind: str, method: str, competence_type: str = "", overrides=None) -> int:
    """jenisDiklatId of a non-structural training: from the programme's kind, refined by its method where the
    kind spans several (a seminar-kind workshop → workshop); without a kind, from the competence type."""
    table = {**JENIS_DIKLAT, **(overrides or {})}
    by_method = _METHOD_KIND.get(method, "") if method in _REFINED_BY_METHOD.get(kind, ()) else ""
    for key in (by_method, _KIND_DEFAULT.get(kind, ""), competence_type):
        if key and key in table:
            return int(table[key])
    return int(table["teknis"])


def latihan_struktural_id(leadership_level: str, overrides=None) -> str:
    table = {**LATIHAN_STRUKTURAL, **(overrides or {})}
    if leadership_level not in table:
        raise ValueError(f"Jenjang pelatihan kepemimpinan {leadership_level!r} tidak punya kode SIASN.")
    return str(table[leadership_level])


def siasn_date(value: date | datetime | None) -> str:
    """SIASN writes dates as dd-mm-yyyy."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d-%m-%Y")


def parse_siasn_date(text) -> date | None:
    """dd-mm-yyyy (SIASN) or yyyy-mm-dd; None when empty or not a date."""
    text = str(text or "").strip()[:10]
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# Unit kinds recognised from the words of a SIASN unit name, most specific first.
_UNIT_WORDS = [
    ("sub bagian", "subbagian"),
    ("subbagian", "subbagian"),
    ("sekretariat", "sekretariat"),
    ("inspektorat", "inspektorat"),
    ("satuan polisi", "satpol"),
    ("rumah sakit", "rsud"),
    ("rsud", "rsud"),
    ("puskesmas", "puskesmas"),
    ("uptd", "uptd"),
    ("upt ", "uptd"),
    ("sekolah", "sekolah"),
    ("sd negeri", "sekolah"),
    ("smp negeri", "sekolah"),
    ("kelurahan", "kelurahan"),
    ("distrik", "distrik"),
    ("kecamatan", "distrik"),
    ("dinas", "dinas"),
    ("badan", "badan"),
    ("kantor", "kantor"),
    ("bidang", "bidang"),
    ("bagian", "bagian"),
    ("seksi", "seksi"),
]


def unit_kind(name: str, *, top_level: bool) -> str:
    """The OrgUnit kind a SIASN unit name suggests; an unrecognised name is a kantor at the top, else a bidang."""
    text = f" {' '.join(str(name or '').lower().split())} "
    for words, kind in _UNIT_WORDS:
        if f" {words}" in text:
            return kind
    return "kantor" if top_level else "bidang"
