"""The SKP PDF: section labels as full-width rows of the official layout, numbers written the Indonesian way."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from performance.models import Appraisal
from performance.pdf import appraisal_pdf_bytes, number_id

from .conftest import add_goal, appraisal_of, drive


@pytest.mark.parametrize(
    "value, text",
    [(Decimal("12.5000"), "12,5"), (Decimal("12.5"), "12,5"), (Decimal("100.0000"), "100"),
     (Decimal("0.25"), "0,25"), (Decimal("1234.5"), "1.234,5"), (3, "3")],
)  # fmt: skip
def test_number_id(value, text):
    assert number_id(value) == text


def test_pdf_has_whole_section_rows_and_indonesian_credit_points(world, period):
    appraisal = appraisal_of(period, world.pegawai)
    add_goal(appraisal, world.user_pegawai, kind="tambahan", plan="Menjadi narasumber sosialisasi")
    appraisal = drive(world, appraisal, "approved")
    Appraisal.objects.filter(pk=appraisal.pk).update(credit_points=Decimal("12.5000"))
    appraisal.refresh_from_db()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(appraisal_pdf_bytes(appraisal))).pages)
    lines = [line.strip() for line in text.splitlines()]
    assert "A. UTAMA" in lines and "B. TAMBAHAN" in lines  # one line each, not "A. U / TA / MA"
    assert "12,5" in text and "12.5000" not in text
