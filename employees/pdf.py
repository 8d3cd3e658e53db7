"""The one way typed text enters a PDF: escaped before reportlab reads it as markup.

reportlab's `Paragraph` reads its text as a small markup language: `<b>` without its end stops the
document with an error, `<a href>` adds a live link and `<img src>` makes it open a file or a URL.
Every piece of text a person typed goes through `paragraph` (or `draw_centred` on a canvas), which
escapes `& < >` and lets long words break instead of running off the page.
"""

from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph


def safe(text) -> str:
    """Text as reportlab markup that means only itself; line breaks are kept."""
    return escape("" if text is None else str(text)).replace("\n", "<br/>")


def paragraph(text, style, *, bold: bool = False, underline: bool = False) -> Paragraph:
    markup = safe(text)
    if bold:
        markup = f"<b>{markup}</b>"
    if underline:
        markup = f"<u>{markup}</u>"
    if not getattr(style, "splitLongWords", 0):
        style = style.clone(f"{style.name}-split", splitLongWords=1)
    return Paragraph(markup, style)


def draw_centred(canvas, text, *, font: str, size: float, x: float, top: float, width: float, height: float):
    """Draw typed text centred in a box whose top edge is at `top`, shrinking the font until it fits."""
    while True:
        style = ParagraphStyle(
            f"centred-{size}", fontName=font, fontSize=size, leading=size * 1.2, alignment=TA_CENTER,
            splitLongWords=1,
        )  # fmt: skip
        para = paragraph(text, style)
        _, used = para.wrap(width, height)
        if used <= height or size <= 6:
            para.drawOn(canvas, x - width / 2, top - used)
            return
        size -= 1
