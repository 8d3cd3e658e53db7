"""Excel exports of employee lists and the import template."""

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from . import importing

EXPORT_HEADERS = [
    "NIP / NI PPPK", "NIK", "Nama", "Jenis Kelamin", "Jenis Kepegawaian", "Golongan", "Jabatan", "Jenis Jabatan",
    "Unit", "Perangkat Daerah", "Pendidikan", "Status",
]  # fmt: skip


def employees_xlsx(employees, *, full_nik: bool) -> bytes:
    """The filtered list, streamed through a write-only workbook; NIK masked unless `full_nik`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pegawai")
    sheet.append(EXPORT_HEADERS)
    for e in employees:
        sheet.append([
            e.nip or "", e.nik if full_nik else e.nik_masked, e.full_name, e.get_sex_display(),
            e.get_employment_type_display(), e.golongan, e.position_title, e.get_position_type_display(),
            e.unit.name, e.unit.department.name if e.unit.department_id else "", e.education_level,
            e.get_status_display(),
        ])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_template_xlsx() -> bytes:
    """Headers and one example row on the first sheet; what each column means on the second.

    The example row is grey and italic with a note; the import skips it (`importing.is_example_row`)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append(importing.HEADERS)
    sheet.append([c.example for c in importing.COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    note = "CONTOH: baris ini dilewati saat impor. Timpa atau tambahkan baris di bawahnya."
    sheet["A2"].comment = Comment(note, "BKPSDM")
    # NIP and NIK are text: as numbers Excel would round away their last digits.
    for row in sheet.iter_rows(min_row=2, max_row=500, max_col=2):
        for cell in row:
            cell.number_format = "@"
    for i, column in enumerate(importing.COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(14, len(column.header) + 4)
    doc = book.create_sheet("Petunjuk")
    doc.append(["Kolom", "Wajib", "Keterangan", "Contoh"])
    for cell in doc[1]:
        cell.font = Font(bold=True)
    for column in importing.COLUMNS:
        doc.append([column.header, "ya" if column.required else "tidak", column.description, column.example])
    doc.column_dimensions["A"].width = 20
    doc.column_dimensions["C"].width = 90
    doc.column_dimensions["D"].width = 30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
