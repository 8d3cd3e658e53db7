"""Excel export of the outbox. Typed text is made inert: a leading = + - @ would be a formula."""

import io

from django.utils import timezone
from openpyxl import Workbook

HEADERS = ["Jenis", "Catatan", "NIP", "Status", "Percobaan", "ID SIASN", "Terkirim", "Galat terakhir"]


def _inert(value) -> object:
    text = "" if value is None else value
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def outbox_xlsx(items) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Antrean SIASN")
    sheet.append(HEADERS)
    for item in items:
        sent = timezone.localtime(item.sent_at).strftime("%d-%m-%Y %H:%M") if item.sent_at else ""
        sheet.append(
            [
                _inert(v)
                for v in (
                    item.get_kind_display(),
                    item.label,
                    item.employee.nip or "",
                    item.get_status_display(),
                    item.attempts,
                    item.siasn_id,
                    sent,
                    item.last_error,
                )
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
