"""Excel export of the outbox, through the project's one spreadsheet writer (typed text stays inert)."""

from django.utils import timezone

from employees.spreadsheets import Spreadsheet

HEADERS = ["Jenis", "Catatan", "NIP", "Status", "Percobaan", "ID SIASN", "Terkirim", "Galat terakhir"]


def outbox_xlsx(items) -> bytes:
    book = Spreadsheet()
    sheet = book.sheet("Antrean SIASN", HEADERS)
    for item in items:
        sent = timezone.localtime(item.sent_at).strftime("%d-%m-%Y %H:%M") if item.sent_at else ""
        sheet.append([
            item.get_kind_display(), item.label, item.employee.nip or "", item.get_status_display(), item.attempts,
            item.siasn_id or "", sent, item.last_error,
        ])  # fmt: skip
    return book.to_bytes()
