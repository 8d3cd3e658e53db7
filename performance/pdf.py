"""The approved SKP as a PDF laid out like the official form (PermenPANRB 6/2022, Lampiran)."""

from decimal import Decimal
from io import BytesIO

from django.utils import formats, timezone, translation
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from employees.pdf import paragraph

from .models import Appraisal, Behaviour, Rating

GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONTSIZE", (0, 0), (-1, -1), 8),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
])  # fmt: skip


SECTION = colors.HexColor("#f2f2f2")


def number_id(value) -> str:
    """A number as Indonesians write it: decimal comma, no trailing zeros (12.5000 → "12,5")."""
    plain = format(Decimal(value).normalize(), "f")
    with translation.override("id"):
        return formats.number_format(Decimal(plain), use_l10n=True, force_grouping=True)


def _person(emp):
    if emp is None:
        return ["-", "-", "-", "-", "-"]
    return [emp.full_name, emp.nip_display or "-", emp.golongan, emp.position_title, str(emp.unit)]


def appraisal_pdf_bytes(appraisal: Appraisal) -> bytes:
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    center = styles["Title"].clone("center", fontSize=12, leading=15)
    buffer = BytesIO()
    margins = {"leftMargin": 1.5 * cm, "rightMargin": 1.5 * cm, "topMargin": 1.2 * cm, "bottomMargin": 1.2 * cm}
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=f"SKP {appraisal.period.year}", **margins)
    p = lambda text, **marks: paragraph(text, cell, **marks)  # noqa: E731
    story = [
        paragraph("SASARAN KINERJA PEGAWAI", center),
        paragraph(
            f"PENDEKATAN HASIL KERJA KUALITATIF — PERIODE PENILAIAN 1 JANUARI SD 31 DESEMBER {appraisal.period.year}",
            center,
        ),  # fmt: skip
        paragraph("PEMERINTAH KOTA SORONG", center),
        Spacer(1, 6),
    ]
    labels = ["Nama", "NIP", "Pangkat/Gol. Ruang", "Jabatan", "Unit Kerja"]
    employee, evaluator = _person(appraisal.employee), _person(appraisal.evaluator)
    rows = [[p("NO"), p("PEGAWAI YANG DINILAI"), "", p("NO"), p("PEJABAT PENILAI KINERJA"), ""]]
    for i, label in enumerate(labels, start=1):
        rows.append([p(i), p(label), p(employee[i - 1]), p(i), p(label), p(evaluator[i - 1])])
    table = Table(rows, colWidths=[1 * cm, 3.2 * cm, 9 * cm, 1 * cm, 3.2 * cm, 9 * cm])
    table.setStyle(GRID)
    table.setStyle(TableStyle([("SPAN", (1, 0), (2, 0)), ("SPAN", (4, 0), (5, 0))]))
    story += [table, Spacer(1, 8)]

    story += [_goals_table(appraisal, p), Spacer(1, 8)]

    ratings = dict(Rating.choices)
    behaviour_rows = [[p("NO"), p("PERILAKU KERJA (BerAKHLAK)"), p("RATING")]]
    for i, b in enumerate(Behaviour, start=1):
        behaviour_rows.append([p(i), p(b.label), p(ratings.get(appraisal.behaviour_ratings.get(b.value), "-"))])
    table = Table(behaviour_rows, colWidths=[1 * cm, 8 * cm, 6 * cm])
    table.setStyle(GRID)
    story += [table, Spacer(1, 8)]

    summary = [
        [p("RATING HASIL KERJA"), p(appraisal.get_results_rating_display())],
        [p("RATING PERILAKU KERJA"), p(appraisal.get_behaviour_rating_display())],
        [p("PREDIKAT KINERJA PEGAWAI"), p(appraisal.get_predikat_display(), bold=True)],
    ]
    if appraisal.credit_points is not None:
        summary.append([p("ANGKA KREDIT"), p(number_id(appraisal.credit_points))])
    table = Table(summary, colWidths=[6 * cm, 9 * cm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story += [table, Spacer(1, 14)]

    story.append(_signatures(appraisal, p, employee, evaluator))
    doc.build(story)
    return buffer.getvalue()


def _goals_table(appraisal: Appraisal, p) -> Table:
    """The result rows; as on the official form each section label is a full-width row."""
    goal_rows = [[p("NO"), p("RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI"), p("RENCANA HASIL KERJA"),
                  p("ASPEK"), p("INDIKATOR KINERJA INDIVIDU"), p("TARGET")]]  # fmt: skip
    sections = []  # as on the official form: each section label is a full-width row
    for kind, title in (("utama", "A. UTAMA"), ("tambahan", "B. TAMBAHAN")):
        sections.append(len(goal_rows))
        goal_rows.append([p(title, bold=True), "", "", "", "", ""])
        goals = [g for g in appraisal.goals.select_related("supports") if g.kind == kind]
        for i, g in enumerate(goals, start=1):
            goal_rows.append([p(i), p(g.supports or "-"), p(g.plan), p(g.get_aspect_display()), p(g.indicator),
                              p(f"{g.target} {g.target_unit}".strip())])  # fmt: skip
    table = Table(goal_rows, colWidths=[1 * cm, 5.5 * cm, 6 * cm, 2.2 * cm, 7 * cm, 4.5 * cm], repeatRows=1)
    table.setStyle(GRID)
    for row in sections:
        table.setStyle(TableStyle([("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), SECTION)]))
    return table


def _signatures(appraisal: Appraisal, p, employee, evaluator) -> Table:
    day = formats.date_format(timezone.localtime(appraisal.approved_at or timezone.now()), "j F Y")
    blank = Spacer(1, 40)
    sign = [
        [p(""), p(""), p(f"Sorong, {day}")],
        [p("Pegawai yang Dinilai"), p("Pejabat Penilai Kinerja"), p("Menyetujui,")],
        [blank, blank, blank],
        [
            p(employee[0], underline=True),
            p(evaluator[0], underline=True),
            p(_person(appraisal.approved_by)[0], underline=True),
        ],
        [p(f"NIP. {employee[1]}"), p(f"NIP. {evaluator[1]}"), p(f"NIP. {_person(appraisal.approved_by)[1]}")],
    ]
    return Table(sign, colWidths=[8.5 * cm, 8.5 * cm, 8.5 * cm])
