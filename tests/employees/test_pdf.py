"""The PDF helper: typed text is text to reportlab, never markup; long words break."""

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import SimpleDocTemplate

from employees.pdf import paragraph, safe

LONG = "Peningkatan" * 25  # one word far wider than any column or page
HOSTILE = [
    "Rencana <b>tebal",
    '<a href="https://evil.example/">klik di sini</a>',
    '<img src="https://evil.example/x.png"/> gambar',
    "nilai < 5 & > 3",
    LONG,
]


def read_pdf(content: bytes):
    """(text of every page, annotations, whether any URI action is in the file)."""
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    annotations = [a for page in reader.pages for a in (page.get("/Annots") or [])]
    return text, annotations, b"/URI" in content


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(
    ("typed", "markup"),
    [
        ("Rencana <b>tebal", "Rencana &lt;b&gt;tebal"),
        ("A & B", "A &amp; B"),
        ("baris 1\nbaris 2", "baris 1<br/>baris 2"),
        (None, ""),
        (12.5, "12.5"),
    ],
)
def test_safe_table(typed, markup):
    assert safe(typed) == markup


@pytest.mark.parametrize("typed", HOSTILE)
def test_paragraph_renders_hostile_text_literally(typed):
    out = io.BytesIO()
    cell = getSampleStyleSheet()["BodyText"]
    SimpleDocTemplate(out).build([paragraph(typed, cell), paragraph(typed, cell, bold=True, underline=True)])
    text, annotations, uri = read_pdf(out.getvalue())
    assert not annotations and not uri
    assert squash(typed) in squash(text)
