"""Reading and checking the CSV files of the national registration system (SSCASN export, BKN scores).

Every problem is reported by row (as numbered in a spreadsheet: the header is row 1) and column,
so the officer can fix the file and try again; nothing is saved while any row is wrong.

Applicants (`pelamar`): no_peserta, nik, nama, jenis_kelamin (L/P), tempat_lahir,
tanggal_lahir (YYYY-MM-DD or DD-MM-YYYY), pendidikan (SMA … S3), jurusan, ipk (0–4),
kategori_oap (I, II, III or empty), kode_formasi, email, telepon, alamat.

Scores (`nilai`): no_peserta, twk (0–150), tiu (0–175), tkp (0–225), skb (0–100, two decimals; may be empty).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from employees.identifiers import validate_nik
from employees.importing import decode_csv
from employees.ranks import EDUCATION_LEVELS

from .scoring import SKB_MAX, SKD_MAX

APPLICANT_COLUMNS = [
    "no_peserta", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "pendidikan", "jurusan",
    "ipk", "kategori_oap", "kode_formasi", "email", "telepon", "alamat",
]  # fmt: skip
APPLICANT_REQUIRED = ["no_peserta", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "pendidikan",
                      "kode_formasi"]  # fmt: skip
SCORE_COLUMNS = ["no_peserta", "twk", "tiu", "tkp", "skb"]
HTML = re.compile(r"[<>]")
REGISTRATION_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/.]{2,29}$")
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Report:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def add(self, row: int, column: str, message: str):
        self.errors.append({"row": row, "column": column, "message": message})

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(data: bytes, columns: list[str], report: Report) -> list[tuple[int, dict]]:
    """Decode, detect the delimiter (Excel in Indonesia saves with ';'), check the header."""
    if len(data) > MAX_BYTES:
        report.add(1, "-", _("Berkas lebih dari 10 MB; pecah menjadi beberapa berkas."))
        return []
    try:
        text = decode_csv(data)
    except ValidationError as exc:
        report.add(1, "-", exc.messages[0])
        return []
    if not text.strip():
        report.add(1, "-", _("Berkas kosong."))
        return []
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        return _dict_rows(reader, columns, report)
    except csv.Error as exc:
        report.add(1, "-", (_("Berkas CSV rusak: %(exc)s.") % {"exc": exc}))
        return []


def _dict_rows(reader, columns, report) -> list[tuple[int, dict]]:
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in columns if c not in header]
    if missing:
        report.add(1, ", ".join(missing), (_("Kolom wajib tidak ada: %(missing)s.") % {"missing": ", ".join(missing)}))
        return []
    reader.fieldnames = header
    rows = []
    for number, raw in enumerate(reader, start=2):
        rows.append((number, {k: (v or "").strip() for k, v in raw.items() if k}))
    if not rows:
        report.add(2, "-", _("Tidak ada baris data."))
    return rows


def parse_date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _check_birth_and_education(number: int, row: dict, clean: dict, report: Report) -> None:
    """Birth date, education level and GPA of an applicant row, cleaned in place in `clean`."""
    if clean["tanggal_lahir"]:
        try:
            clean["tanggal_lahir"] = parse_date(clean["tanggal_lahir"])
        except ValueError:
            report.add(
                number,
                "tanggal_lahir",
                (
                    _("Tanggal '%(tanggal_lahir)s' tidak dikenali (pakai YYYY-MM-DD).")
                    % {"tanggal_lahir": row["tanggal_lahir"]}
                ),
            )
    level = clean["pendidikan"].upper().replace("SMA/SMK", "SMA").replace("SMK", "SMA")
    if level and level not in EDUCATION_LEVELS:
        report.add(
            number,
            "pendidikan",
            (
                _("Jenjang '%(pendidikan)s' tidak dikenal (%(levels)s).")
                % {"pendidikan": clean["pendidikan"], "levels": ", ".join(EDUCATION_LEVELS)}
            ),
        )
    clean["pendidikan"] = level
    if clean["ipk"]:
        try:
            gpa = Decimal(clean["ipk"].replace(",", "."))
            if not Decimal(0) <= gpa <= Decimal(4) or gpa.as_tuple().exponent < -2:
                raise InvalidOperation
            clean["ipk"] = gpa
        except InvalidOperation:
            report.add(number, "ipk", (_("IPK '%(ipk)s' harus angka 0,00–4,00.") % {"ipk": row["ipk"]}))
    else:
        clean["ipk"] = None


def check_applicant_row(number: int, row: dict, report: Report, *, formations: dict) -> dict | None:
    """One row of the SSCASN export → clean values, or None with the errors recorded."""
    before = len(report.errors)
    for column in APPLICANT_REQUIRED:
        if not row.get(column):
            report.add(number, column, (_("Kolom %(column)s wajib diisi.") % {"column": column}))
    for column in APPLICANT_COLUMNS:
        if HTML.search(row.get(column, "")):
            report.add(number, column, _("Tidak boleh berisi tanda < atau > (HTML)."))
    clean = {c: row.get(c, "") for c in APPLICANT_COLUMNS}
    if clean["no_peserta"] and not REGISTRATION_NUMBER.match(clean["no_peserta"]):
        report.add(number, "no_peserta", _("Nomor peserta hanya huruf, angka, '-', '/', '.' (3–30 karakter)."))
    if clean["nik"]:
        try:
            validate_nik(clean["nik"])
        except ValidationError as exc:
            report.add(number, "nik", " ".join(exc.messages))
    sex = clean["jenis_kelamin"].upper()
    if sex and sex not in ("L", "P"):
        report.add(
            number,
            "jenis_kelamin",
            (_("Jenis kelamin harus L atau P, bukan '%(jenis_kelamin)s'.") % {"jenis_kelamin": clean["jenis_kelamin"]}),
        )
    clean["jenis_kelamin"] = sex
    _check_birth_and_education(number, row, clean, report)
    oap = clean["kategori_oap"].upper()
    if oap not in ("", "I", "II", "III"):
        report.add(
            number, "kategori_oap", (_("Kategori OAP harus I, II, III atau kosong, bukan '%(oap)s'.") % {"oap": oap})
        )
    clean["kategori_oap"] = oap
    if clean["kode_formasi"] and clean["kode_formasi"] not in formations:
        report.add(
            number,
            "kode_formasi",
            (_("Kode formasi '%(kode_formasi)s' tidak ada di seleksi ini.") % {"kode_formasi": clean["kode_formasi"]}),
        )
    if len(report.errors) > before:
        return None
    return clean


def _int_in_range(number, row, column, maximum, report):
    value = row.get(column, "")
    if value == "":
        return None
    try:
        score = int(value)
    except ValueError:
        report.add(
            number,
            column,
            (_("%(column)s '%(value)s' harus bilangan bulat.") % {"column": column.upper(), "value": value}),
        )
        return None
    if not 0 <= score <= maximum:
        report.add(
            number,
            column,
            (
                _("%(column)s %(score)s di luar rentang 0–%(maximum)s.")
                % {"column": column.upper(), "score": score, "maximum": maximum}
            ),
        )
        return None
    return score


def check_score_row(number: int, row: dict, report: Report) -> dict | None:
    before = len(report.errors)
    if not row.get("no_peserta"):
        report.add(number, "no_peserta", _("Kolom no_peserta wajib diisi."))
    clean = {"no_peserta": row.get("no_peserta", "")}
    for column, maximum in SKD_MAX.items():
        clean[column] = _int_in_range(number, row, column, maximum, report)
    present = [clean[c] is not None for c in SKD_MAX]
    if any(present) and not all(present) and len(report.errors) == before:
        report.add(number, "twk/tiu/tkp", _("Nilai SKD harus lengkap: TWK, TIU dan TKP."))
    skb = row.get("skb", "")
    clean["skb"] = None
    if skb:
        try:
            value = Decimal(skb.replace(",", "."))
            if value.as_tuple().exponent < -2 or not Decimal(0) <= value <= SKB_MAX:
                raise InvalidOperation
            clean["skb"] = value
        except InvalidOperation:
            report.add(
                number, "skb", (_("SKB '%(skb)s' harus angka 0–100 dengan paling banyak dua desimal.") % {"skb": skb})
            )
    if len(report.errors) > before:
        return None
    return clean
