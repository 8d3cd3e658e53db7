"""Indonesian civil-service identifiers: NIP, NI PPPK and NIK (Perka BKN 22/2007; Permendagri on NIK).

Pure functions: no database, so they can be tested row by row (docs/rules.md).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Nip:
    value: str
    birth_date: date
    tmt_cpns: date
    male: bool
    serial: int


@dataclass(frozen=True)
class NiPppk:
    value: str
    birth_date: date
    appointment_year: int
    male: bool
    serial: int


@dataclass(frozen=True)
class Nik:
    value: str
    region: str
    birth_date: date
    male: bool
    serial: int


NIP_LENGTH = 18  # NIP and NI PPPK alike (Perka BKN 22/2007)


def compact(value: str | None) -> str:
    """A NIP or NIK as typed, without the spaces people put in to group it ("19800315 200503 1 001")."""
    return re.sub(r"\s+", "", value or "")


def _digits(value: str, length: int, label: str) -> str:
    cleaned = compact(value)
    if not cleaned:
        raise ValidationError((_("%(label)s wajib diisi.") % {"label": label}), code="required")
    if not cleaned.isdigit():
        raise ValidationError((_("%(label)s hanya boleh berisi angka.") % {"label": label}), code="digits")
    if len(cleaned) != length:
        raise ValidationError(
            (
                _("%(label)s harus %(length)s digit, bukan %(got)s digit.")
                % {"label": label, "length": length, "got": len(cleaned)}
            ),
            code="length",
        )
    return cleaned


def _date(year: int, month: int, day: int, label: str) -> date:
    if not 1 <= month <= 12:
        raise ValidationError(
            (_("Bulan %(label)s (%(month)s) harus 01–12.") % {"label": label, "month": format(month, "02d")}),
            code="month",
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            (
                _("%(label)s %(day)s-%(month)s-%(year)s bukan tanggal yang ada.")
                % {
                    "label": label.capitalize(),
                    "day": format(day, "02d"),
                    "month": format(month, "02d"),
                    "year": year,
                }
            ),
            code="date",
        ) from None


def _sex(digit: str, label: str) -> bool:
    if digit not in ("1", "2"):
        raise ValidationError(
            (
                _("Digit jenis kelamin %(label)s harus 1 (laki-laki) atau 2 (perempuan), bukan %(digit)s.")
                % {"label": label, "digit": digit}
            ),
            code="sex",
        )
    return digit == "1"


def _birth_date(digits: str, label: str) -> date:
    born = _date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]), "tanggal lahir")
    if born.year < 1900 or born > date.today():
        raise ValidationError((_("Tanggal lahir pada %(label)s tidak masuk akal.") % {"label": label}), code="date")
    return born


def parse_nip(value: str) -> Nip:
    """NIP = birth date YYYYMMDD + TMT CPNS YYYYMM + sex (1/2) + serial NNN."""
    digits = _digits(value, NIP_LENGTH, "NIP")
    born = _birth_date(digits, "NIP")
    tmt = _date(int(digits[8:12]), int(digits[12:14]), 1, "TMT CPNS")
    eighteenth = _add_years(born, 18)
    if tmt < date(eighteenth.year, eighteenth.month, 1):
        raise ValidationError(_("TMT CPNS pada NIP jatuh sebelum ulang tahun ke-18 pemiliknya."), code="tmt")
    return Nip(digits, born, tmt, _sex(digits[14], "NIP"), int(digits[15:18]))


def parse_ni_pppk(value: str) -> NiPppk:
    """NI PPPK = birth date YYYYMMDD + appointment year YYYY + 2 digits + sex + serial NNN."""
    digits = _digits(value, NIP_LENGTH, "NI PPPK")
    born = _birth_date(digits, "NI PPPK")
    return NiPppk(digits, born, int(digits[8:12]), _sex(digits[14], "NI PPPK"), int(digits[15:18]))


def validate_nik(value: str) -> Nik:
    """NIK = region (6) + DDMMYY (women add 40 to DD) + serial (4)."""
    digits = _digits(value, 16, "NIK")
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    male = day <= 40
    if not male:
        day -= 40
    # Two-digit year: a year not yet reached this century belongs to the last one.
    year = 2000 + yy if 2000 + yy <= date.today().year else 1900 + yy
    born = _date(year, month, day, "tanggal lahir pada NIK")
    if int(digits[12:16]) == 0:
        raise ValidationError(_("Nomor urut NIK tidak boleh 0000."), code="serial")
    return Nik(digits, digits[:6], born, male, int(digits[12:16]))


def looks_like_nip(value: str) -> bool:
    """Eighteen digits: the shape of a NIP or NI PPPK (whether it parses is `parse_nip`'s question)."""
    return len(value) == NIP_LENGTH and value.isdigit()


def format_nip(value: str | None) -> str:
    """Group a NIP as written on documents: 19860926 201505 1 001."""
    if not value or len(value) != NIP_LENGTH:
        return value or ""
    return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"


def mask_nik(value: str | None) -> str:
    """Keep the first and last four digits: 9271••••••••0003."""
    if not value:
        return ""
    return value[:4] + "•" * (len(value) - 8) + value[-4:]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def build_nip(*, birth_date: date, tmt_cpns: date, male: bool, serial: int) -> str:
    """Compose a NIP from its parts (demo data, tests, issuing after appointment)."""
    return f"{birth_date:%Y%m%d}{tmt_cpns:%Y%m}{1 if male else 2}{serial:03d}"


def build_ni_pppk(*, birth_date: date, appointment_year: int, male: bool, serial: int, code: int = 1) -> str:
    return f"{birth_date:%Y%m%d}{appointment_year:04d}{code:02d}{1 if male else 2}{serial:03d}"


def build_nik(*, region: str, birth_date: date, male: bool, serial: int) -> str:
    day = birth_date.day + (0 if male else 40)
    return f"{region}{day:02d}{birth_date:%m%y}{serial:04d}"
