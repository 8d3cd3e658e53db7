"""Administrative requirements of a formation (PermenPANRB 6/2024): each check gives a reason.

Pure functions so that every reason an applicant reads can be tested by itself.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from employees.models import Employee
from employees.ranks import EDUCATION_LEVELS, age_on

from .models import Category

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip

# native Papuan (one or both parents): the only categories a putra/putri Papua formation accepts
OAP_CATEGORIES = (Employee.OapCategory.I, Employee.OapCategory.II)
REQUIRED_DOCUMENTS = ("ktp", "ijazah", "transkrip")

# Golongan at appointment by education (PP 11/2017 for CPNS; PermenPANRB 6/2024 for PPPK).
ENTRY_GOLONGAN = {
    "cpns": {"SMA": "II/a", "D1": "II/a", "D2": "II/b", "D3": "II/c", "D4": "III/a", "S1": "III/a",
             "S2": "III/b", "S3": "III/c"},
    "pppk": {"SMA": "V", "D1": "V", "D2": "VI", "D3": "VII", "D4": "IX", "S1": "IX", "S2": "X", "S3": "XI"},
}  # fmt: skip


def date_id(day: date) -> str:
    """1 Agustus 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Requirements:
    education_levels: list
    majors: list
    min_gpa: Decimal | None
    max_age: int | None
    age_cutoff: date | None
    category: str


@dataclass(frozen=True)
class Candidate:
    education_level: str
    major: str
    gpa: Decimal | None
    birth_date: date
    oap_category: str
    documents: tuple = ()


def check(req: Requirements, who: Candidate, *, documents_required: bool = False) -> list[str]:
    """Every unmet requirement as a sentence; an empty list means MS (memenuhi syarat)."""
    reasons = []
    if req.education_levels and who.education_level not in req.education_levels:
        wanted = ", ".join(req.education_levels)
        reasons.append(
            _("pendidikan %(education_level)s tidak termasuk yang disyaratkan (%(wanted)s)")
            % {"education_level": who.education_level or "-", "wanted": wanted}
        )
    if req.majors:
        wanted = {m.strip().lower() for m in req.majors}
        if (who.major or "").strip().lower() not in wanted:
            reasons.append(
                _("jurusan %(major)s tidak termasuk yang disyaratkan (%(majors)s)")
                % {"major": who.major or "-", "majors": ", ".join(req.majors)}
            )
    if req.min_gpa is not None:
        if who.gpa is None:
            reasons.append(_("IPK tidak diisi, padahal minimal %(min_gpa)s") % {"min_gpa": req.min_gpa})
        elif Decimal(str(who.gpa)) < Decimal(str(req.min_gpa)):
            reasons.append(_("IPK %(gpa)s di bawah minimal %(min_gpa)s") % {"gpa": who.gpa, "min_gpa": req.min_gpa})
    if req.max_age is not None and req.age_cutoff is not None:
        age = age_on(who.birth_date, req.age_cutoff)
        if age > req.max_age:
            reasons.append(
                _("usia %(age)s tahun pada %(age_cutoff)s melebihi batas %(max_age)s")
                % {"age": age, "age_cutoff": date_id(req.age_cutoff), "max_age": req.max_age}
            )
        if age < 18:
            reasons.append(
                _("usia %(age)s tahun pada %(age_cutoff)s belum 18 tahun")
                % {"age": age, "age_cutoff": date_id(req.age_cutoff)}
            )
    if req.category == Category.PAPUA and who.oap_category not in OAP_CATEGORIES:
        reasons.append(_("formasi putra/putri Papua hanya untuk OAP kategori I atau II"))
    if documents_required:
        missing = [d for d in REQUIRED_DOCUMENTS if d not in who.documents]
        if missing:
            reasons.append(_("dokumen belum lengkap: %(missing)s") % {"missing": ", ".join(missing)})
    return reasons


def entry_golongan(appointment_type: str, education_level: str) -> str:
    table = ENTRY_GOLONGAN[appointment_type]
    if education_level in table:
        return table[education_level]
    # below SMA: lowest entry rank of the scheme
    return "I/c" if appointment_type == "cpns" and education_level in EDUCATION_LEVELS[:2] else table["SMA"]
