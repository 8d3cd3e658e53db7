"""What a first visit downloads: the icon subset covers every icon used, heavy scripts stay on their pages."""

import re
from pathlib import Path

from sorong_asn.management.commands import subset_icons

ROOT = Path(__file__).resolve().parents[2]


def test_every_icon_in_use_is_in_the_subset():
    subset = subset_icons.SUBSET_CSS.read_text(encoding="utf-8")
    present = set(re.findall(r"\.(bi-[a-z0-9-]+)::before", subset))
    missing = {name for name in subset_icons.icons_used() if name in subset_icons.icon_codepoints()} - present
    assert not missing, f"run `python manage.py subset_icons` for {sorted(missing)}"
    assert subset_icons.SUBSET_FONT.stat().st_size < 20_000


def test_base_template_loads_the_subset_and_no_chart_library():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert "bootstrap-icons.subset.css" in base and "bootstrap-icons.min.css" not in base
    assert "chart" not in base.lower()
    users = [p for p in (ROOT / "templates").rglob("*.html") if "chart.umd" in p.read_text(encoding="utf-8")]
    assert users and {p.name for p in users} <= {"dashboard.html", "merit_assessment.html"}  # the dashboard pages


def test_no_vendored_file_points_at_a_missing_source_map():
    """The manifest storage rewrites every reference and fails collectstatic on a missing file."""
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in {".js", ".css"}:
            for target in re.findall(r"sourceMappingURL=(\S+?)(?:\s|\*/|$)", path.read_text(encoding="utf-8")):
                assert (path.parent / target).exists(), f"{path.relative_to(ROOT)} → {target}"
