"""Certificate PDF drawn with reportlab (A4 landscape)."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from employees.pdf import draw_centred


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


def certificate_pdf(*, enrollment, code: str) -> bytes:
    session = enrollment.session
    program = session.program
    employee = enrollment.employee
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Sertifikat {program.title} — {employee.full_name}")
    pdf.setAuthor("BKPSDM Kota Sorong")
    pdf.setLineWidth(3)
    pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)
    center = width / 2
    fixed = [
        ("Helvetica-Bold", 14, height - 3.5 * cm, "PEMERINTAH KOTA SORONG"),
        ("Helvetica", 12, height - 4.2 * cm, "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
        ("Helvetica-Bold", 30, height - 6.5 * cm, "SERTIFIKAT"),
        ("Helvetica", 13, height - 8 * cm, "diberikan kepada"),
        ("Helvetica", 12, height - 10.3 * cm, f"NIP {employee.nip_display}" if employee.nip else ""),
        ("Helvetica", 13, height - 11.6 * cm, "yang telah menyelesaikan"),
    ]
    for font, size, y, text in fixed:
        pdf.setFont(font, size)
        pdf.drawCentredString(center, y, text)
    # typed text: escaped, wrapped and shrunk to fit its box (top edge, box height)
    typed = [
        ("Helvetica-Bold", 22, height - 8.7 * cm, 1.3 * cm, employee.full_name),
        ("Helvetica-Bold", 17, height - 12.1 * cm, 1.2 * cm, program.title),
        ("Helvetica", 12, height - 13.35 * cm, 0.6 * cm,
         f"{session.name} · {_date(session.start_date)} s.d. {_date(session.end_date)} · {program.jp} JP"),
        ("Helvetica", 11, height - 14.15 * cm, 0.55 * cm, f"Penyelenggara: {program.institution.name}"),
    ]  # fmt: skip
    for font, size, top, box, text in typed:
        draw_centred(pdf, text, font=font, size=size, x=center, top=top, width=width - 5 * cm, height=box)
    url = settings.SITE_URL + reverse("training:verify", args=[code])
    pdf.setFont("Helvetica", 10)
    pdf.drawString(2 * cm, 2 * cm, f"Kode verifikasi: {code}")
    pdf.drawString(2 * cm, 1.55 * cm, f"Periksa keaslian di {url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
