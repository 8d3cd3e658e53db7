"""Cut the vendored Bootstrap Icons down to the icons the project uses.

The full font is 134 KB (woff2) for some 2,000 icons; every first visit downloaded it for about fifty.
This writes `bootstrap-icons.subset.css` and `fonts/bootstrap-icons-subset.woff2` beside the originals
(kept as the source); `base.html` loads the subset. Run it after using a new `bi-*` icon (a test
fails until you do). Needs fonttools and brotli (requirements-dev.txt).
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

ICONS = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap-icons"
FULL_CSS = ICONS / "bootstrap-icons.min.css"
SUBSET_CSS = ICONS / "bootstrap-icons.subset.css"
SUBSET_FONT = ICONS / "fonts" / "bootstrap-icons-subset.woff2"
SOURCES = ("templates", "employees", "performance", "recruitment", "training", "sorong_asn", "static/js")
ICON_RE = re.compile(r"\bbi-[a-z0-9]+(?:-[a-z0-9]+)*")
RULE_RE = re.compile(r'\.(bi-[a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')


def icons_used() -> set[str]:
    """Every `bi-…` name written in the templates, the Python code and the project's own scripts."""
    used = set()
    for folder in SOURCES:
        for path in (Path(settings.BASE_DIR) / folder).rglob("*"):
            if path.suffix in {".html", ".py", ".js"} and "migrations" not in path.parts:
                used |= set(ICON_RE.findall(path.read_text(encoding="utf-8")))
    return used


def icon_codepoints() -> dict[str, int]:
    return {name: int(code, 16) for name, code in RULE_RE.findall(FULL_CSS.read_text(encoding="utf-8"))}


class Command(BaseCommand):
    help = "Buat subset Bootstrap Icons (CSS dan woff2) berisi ikon yang dipakai templat saja."

    def handle(self, *args, **options):
        import logging

        from fontTools import subset

        logging.getLogger("fontTools").setLevel(logging.WARNING)

        codes = icon_codepoints()
        used = sorted(name for name in icons_used() if name in codes)
        full = FULL_CSS.read_text(encoding="utf-8")
        licence = full[: full.index("*/") + 2]
        base_rule = re.search(r"\.bi::before,[^{]+\{[^}]+\}", full).group(0)
        rules = "".join(f'.{name}::before{{content:"\\{codes[name]:x}"}}' for name in used)
        font_face = (
            "@font-face{font-display:block;font-family:bootstrap-icons;"
            f'src:url("fonts/{SUBSET_FONT.name}") format("woff2")}}'
        )
        SUBSET_CSS.write_text(f"{licence}\n/* subset: manage.py subset_icons */\n{font_face}{base_rule}{rules}\n")
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = []
        options.name_IDs = ["*"]
        font = subset.load_font(str(ICONS / "fonts" / "bootstrap-icons.woff2"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[codes[name] for name in used])
        subsetter.subset(font)
        subset.save_font(font, str(SUBSET_FONT), options)
        self.stdout.write(f"{len(used)} ikon: {SUBSET_CSS.stat().st_size} B CSS, {SUBSET_FONT.stat().st_size} B woff2")
