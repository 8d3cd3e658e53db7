"""The one .xlsx writer of the project: every spreadsheet the application produces goes through it.

Typed text never becomes a formula. Excel, LibreOffice and openpyxl itself read a cell that starts
with = + - @ (or a tab or carriage return, which some programs strip before reading) as a formula,
so an employee named `=HYPERLINK(...)` would become a live link in an export. Such text is written
with a leading apostrophe; numbers, dates and booleans keep their type.
"""

import io
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """The value as it may be written: text that could start a formula gets an apostrophe in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """Excel allows 31 characters and no : / ? * [ ] in a sheet name, unique within the workbook."""
    taken = set(taken)
    clean = "".join(" " if c in ":/?*[]\\" else c for c in title)[:31].strip() or "Sheet"
    name, n = clean, 2
    while name in taken:
        name = f"{clean[:27]} ({n})"
        n += 1
    return name


class Sheet:
    def __init__(self, worksheet, write_only: bool):
        self._ws = worksheet
        self._write_only = write_only

    def append(self, row: Iterable) -> None:
        self._ws.append([inert(v) for v in row])

    def extend(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.append(row)

    def widths(self, widths: dict[str | int, float]) -> None:
        """Column widths keyed by letter ("A") or 1-based number."""
        for column, width in widths.items():
            letter = get_column_letter(column) if isinstance(column, int) else column
            self._ws.column_dimensions[letter].width = width

    def bold_first_row(self) -> None:
        if not self._write_only:
            for cell in self._ws[1]:
                cell.font = Font(bold=True)

    def style_row(self, row: int, *, font=None, comment=None) -> None:
        """Style a written row (a template's example row); the comment goes on its first cell."""
        if self._write_only:
            return
        for cell in self._ws[row]:
            if font is not None:
                cell.font = font
        if comment is not None:
            self._ws.cell(row, 1).comment = comment

    def text_columns(self, columns: int, rows: int) -> None:
        """Format the first `columns` columns of `rows` rows as text (long identifiers stay digits)."""
        if not self._write_only:
            for row in self._ws.iter_rows(min_row=2, max_row=rows, max_col=columns):
                for cell in row:
                    cell.number_format = "@"


class Spreadsheet:
    """A workbook whose sheets write every cell through `inert`.

    `write_only=True` streams rows (large exports); otherwise sheets can be styled after writing."""

    def __init__(self, *, write_only: bool = True):
        self._write_only = write_only
        self._book = Workbook(write_only=write_only)
        if not write_only:
            self._book.remove(self._book.active)

    def sheet(self, title: str, header: Iterable | None = None) -> Sheet:
        ws = self._book.create_sheet(sheet_title(title, self._book.sheetnames))
        sheet = Sheet(ws, self._write_only)
        if header is not None:
            sheet.append(header)
        return sheet

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self._book.save(out)
        return out.getvalue()

    def response(self, filename: str) -> HttpResponse:
        response = HttpResponse(self.to_bytes(), content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
