"""Excel exports of employee lists and the import template."""

from openpyxl.comments import Comment
from openpyxl.styles import Font

from . import importing
from .spreadsheets import Spreadsheet

EXPORT_HEADERS = [
    "NIP / NI PPPK", "NIK", "Nama", "Jenis Kelamin", "Jenis Kepegawaian", "Golongan", "Jabatan", "Jenis Jabatan",
    "Unit", "Perangkat Daerah", "Pendidikan", "Status",
]  # fmt: skip


def employees_xlsx(employees, *, full_nik: bool) -> bytes:
    """The filtered list, streamed through a write-only workbook; NIK masked unless `full_nik`."""
    book = Spreadsheet()
    sheet = book.sheet("Pegawai", EXPORT_HEADERS)
    for e in employees:
        sheet.append([
            e.nip or "", e.nik if full_nik else e.nik_masked, e.full_name, e.get_sex_display(),
            e.get_employment_type_display(), e.golongan, e.position_title, e.get_position_type_display(),
            e.unit.name, e.unit.department.name if e.unit.department_id else "", e.education_level,
            e.get_status_display(),
        ])  # fmt: skip
    return book.to_bytes()


def import_template_xlsx() -> bytes:
    """Headers and one example row on the first sheet; what each column means on the second.

    The example row is grey and italic with a note; the import skips it (`importing.is_example_row`)."""
    book = Spreadsheet(write_only=False)
    sheet = book.sheet("Pegawai", importing.HEADERS)
    sheet.append([c.example for c in importing.COLUMNS])
    sheet.bold_first_row()
    note = "CONTOH: baris ini dilewati saat impor. Timpa atau tambahkan baris di bawahnya."
    sheet.style_row(2, font=Font(italic=True, color="808080"), comment=Comment(note, "BKPSDM"))
    # NIP and NIK are text: as numbers Excel would round away their last digits.
    sheet.text_columns(2, 500)
    sheet.widths({i: max(14, len(c.header) + 4) for i, c in enumerate(importing.COLUMNS, start=1)})
    doc = book.sheet("Petunjuk", ["Kolom", "Wajib", "Keterangan", "Contoh"])
    doc.bold_first_row()
    for column in importing.COLUMNS:
        doc.append([column.header, "ya" if column.required else "tidak", column.description, column.example])
    doc.widths({"A": 20, "C": 90, "D": 30})
    return book.to_bytes()
