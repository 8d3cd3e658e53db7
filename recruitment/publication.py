"""A published announcement cut into its formations, so a public page reads only the rows it shows.

The frozen JSON (`Announcement.content`) stays the record and the download; these sections are
derived from it once, at publication (and by a migration for older announcements)."""

import json

from .models import Application, Outcome
from .selectors import PASSED


def passed_labels() -> set[str]:
    """The results a formation's "passed" column counts, as the snapshot writes them (their labels)."""
    return {str(Outcome(o).label) for o in PASSED} | {str(Application.Result.MS.label)}


def sections(payload: dict) -> list[dict]:
    """Per formation of a snapshot: its header fields, how many applied and passed, and its rows as JSON."""
    good = passed_labels()
    out = []
    for position, formation in enumerate(payload["formasi"]):
        rows = formation["hasil"]
        out.append({
            "position": position, "code": formation["kode"],
            "summary": {k: v for k, v in formation.items() if k != "hasil"},
            "applicants": len(rows), "passed": sum(1 for r in rows if r.get("hasil") in good),
            "results": json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
        })  # fmt: skip
    return out
