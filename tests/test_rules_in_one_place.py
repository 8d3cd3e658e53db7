"""No rule logic outside a rules module, read from the source with `ast` (comments and docstrings aside).

A domain rule lives in one pure module of its app (RULES_MODULES); everywhere else imports its constant or
calls its function. The test fails when code outside those modules (tests, migrations, the demo, benchmark
and fake-SIASN data aside) writes one of the rule values below itself:

- putra/putri Papua formations: the string "papua" (any case) outside a `TextChoices` member
  (`recruitment.models.Category.PAPUA`, `recruitment.eligibility`);
- who is a PNS: a tuple, list or set holding both "pns" and "cpns" (`employees.ranks.PNS_TYPES`,
  `RETIRING_TYPES`, `training.rules.MIN_JP_EMPLOYMENT_TYPES`);
- predikat: "sangat_baik", "baik", "butuh_perbaikan", "kurang" or "sangat_kurang" compared (==, !=, in) with
  an attribute or anything named `*predikat*`, or given as `predikat=` / `predikat__in=` (`performance.rules`);
- the 20 JP right: 20 compared with, or given as a lookup on, something named `*jp*` (`training.rules.MIN_JP_PNS`);
- BUP: 58, 60 or 65 compared with, or given as, something named `*age*`, `*bup*` or `*retire*`
  (`employees.ranks.retirement_age`);
- SKD passing grades: 65, 80, 85, 166, 286 or 311 compared with, or given as, something named twk, tiu, tkp
  or skd, and any dict of two or more of twk/tiu/tkp to numbers (`recruitment.scoring`);
- NIP length: `len(...)` compared with 18 (`employees.identifiers.NIP_LENGTH`, `looks_like_nip`).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("employees", "recruitment", "training", "performance", "sorong_asn", "siasn")
RULES_MODULES = {
    "employees/ranks.py", "employees/identifiers.py", "performance/rules.py", "training/rules.py",
    "siasn/rules.py", "sorong_asn/rules.py", "recruitment/scoring.py", "recruitment/eligibility.py",
    "recruitment/selection.py",
}  # fmt: skip
DATA = ("demo.py", "bench.py", "bench_data.py", "bench_http.py", "seed_demo.py", "fake.py")
PREDIKATS = {"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"}
BUP_AGES = {58, 60, 65}
SKD_GRADES = {65, 80, 85, 166, 286, 311}
SKD_PARTS = {"twk", "tiu", "tkp"}


def _name(node) -> str:
    """The words of an expression, lower case: `row.skd_total` -> "row.skd_total", `len(nip)` -> "len(nip)"."""
    return ast.unparse(node).lower()


def _const(node, kind):
    return isinstance(node, ast.Constant) and type(node.value) is kind


def _values(node) -> list:
    """A constant, or the constants of a tuple/list/set."""
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return [node.value] if isinstance(node, ast.Constant) else []


def _numbers(node) -> set:
    return {v for v in _values(node) if type(v) is int}


def _compared(node) -> list[tuple[ast.expr, ast.expr]]:
    """(one side, other side) pairs of a comparison, or of a keyword argument (a lookup or a field value)."""
    if isinstance(node, ast.Compare):
        sides = [node.left, *node.comparators]
        return [(a, b) for a in sides for b in sides if a is not b]
    if isinstance(node, ast.keyword) and node.arg:
        return [(ast.Name(id=node.arg), node.value)]
    return []


def _choices_members(tree) -> set[int]:
    """ids of the constants that define a TextChoices member (`PAPUA = "papua", _("…")`)."""
    ids = set()
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        if any("Choices" in ast.unparse(b) for b in cls.bases):
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Tuple) and stmt.value.elts:
                    ids.add(id(stmt.value.elts[0]))
    return ids


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and _const(first.value, str):
                ids.add(id(first.value))
    return ids


def _pair_findings(side, other) -> list[str]:
    words = _name(side)
    found = []
    if any(v in PREDIKATS for v in _values(other) if isinstance(v, str)) and "predikat" in words + _name(other):
        found.append("predikat")
    elif any(v in PREDIKATS for v in _values(other) if isinstance(v, str)) and isinstance(side, ast.Attribute):
        found.append("predikat")
    numbers = _numbers(other)
    if 20 in numbers and "jp" in words:
        found.append("20 JP")
    if numbers & BUP_AGES and re.search(r"age|bup|retire", words):
        found.append("BUP")
    if numbers & SKD_GRADES and re.search(r"twk|tiu|tkp|skd", words):
        found.append("SKD passing grade")
    if 18 in numbers and isinstance(side, ast.Call) and _name(side.func) == "len":
        found.append("NIP length")
    return found


def findings(source: str) -> list[str]:
    tree = ast.parse(source)
    skip = _choices_members(tree) | _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if _const(node, str) and id(node) not in skip and node.value.lower() == "papua":
            found.append(f"{line}: papua")
        if isinstance(node, ast.Tuple | ast.List | ast.Set) and {"pns", "cpns"} <= set(_values(node)):
            found.append(f"{line}: PNS types")
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if _const(k, str)}
            if len(keys & SKD_PARTS) >= 2 and all(_const(v, int) for v in node.values):
                found.append(f"{line}: SKD passing grade")
        for side, other in _compared(node):
            found += [f"{getattr(node, 'lineno', line) or line}: {what}" for what in _pair_findings(side, other)]
    return sorted(set(found), key=lambda f: (int(f.split(":")[0]), f))


def sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" in path.parts or path.name in DATA or relative in RULES_MODULES:
                continue
            yield relative, path


def test_no_rule_value_is_written_outside_its_rules_module():
    found = [f"{relative}:{f}" for relative, path in sources() for f in findings(path.read_text())]
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('if category == "papua":\n    pass', ["1: papua"]),
        ('class Category(models.TextChoices):\n    PAPUA = "papua", _("Putra/putri Papua")', []),
        ('qs.filter(employment_type__in=["pns", "cpns"])', ["1: PNS types"]),
        ("qs.filter(employment_type__in=rules.MIN_JP_EMPLOYMENT_TYPES)", []),
        ('if appraisal.predikat == "sangat_baik":\n    pass', ["1: predikat"]),
        ('qs.filter(predikat__in=["butuh_perbaikan", "kurang"])', ["1: predikat"]),
        ("if appraisal.predikat == rules.SANGAT_BAIK:\n    pass", []),
        ("short = row.jp < 20", ["1: 20 JP"]),
        ("qs.filter(jp__gte=20)", ["1: 20 JP"]),
        ("qs.filter(jp__gte=rules.MIN_JP_PNS)", []),
        ("retiring = age >= 58", ["1: BUP"]),
        ("Employee(retirement_age=65)", ["1: BUP"]),
        ("passed = twk >= 65 and tiu >= 80", ["1: SKD passing grade"]),
        ('GRADES = {"twk": 65, "tiu": 80, "tkp": 166}', ["1: SKD passing grade"]),
        ("ok = len(nip) == 18", ["1: NIP length"]),
        ('def f():\n    """Papua, 20 JP, BUP 58, SKD 65: words in a docstring are no rule."""', []),
        ("width = 60\nlimit = 20", []),
    ],
)
def test_the_checker_itself(source, expected):
    assert findings(source) == expected
