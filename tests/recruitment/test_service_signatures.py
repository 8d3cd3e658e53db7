"""Every recruitment service that acts for someone names them as `by`, keyword-only and typed, and takes no
`**fields` to pass on unchecked (read from the source with `ast`)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "recruitment"
NOT_SERVICES = {"admin.py", "apps.py", "forms.py", "views.py", "panel_views.py", "access_views.py", "demo.py"}


def problems(source: str, name: str = "m.py") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        if "by" in [a.arg for a in args.posonlyargs + args.args]:
            found.append(f"{name}: {node.name}() takes `by` positionally")
        by = next((a for a in args.kwonlyargs if a.arg == "by"), None)
        if by is not None and by.annotation is None:
            found.append(f"{name}: {node.name}() leaves `by` untyped")
        if by is not None and args.kwarg is not None:
            found.append(f"{name}: {node.name}() passes **{args.kwarg.arg} on")
    return found


def test_recruitment_services_take_by_keyword_only_typed_and_no_field_pass_through():
    found = []
    for path in sorted(ROOT.glob("*.py")):
        if path.name not in NOT_SERVICES:
            found += problems(path.read_text(), path.name)
    assert found == []


def test_the_checker_itself():
    assert problems("def f(*, x, by: User): pass") == []
    assert problems("def f(x, by): pass") == ["m.py: f() takes `by` positionally"]
    assert problems("def f(*, by): pass") == ["m.py: f() leaves `by` untyped"]
    assert problems("def f(*, by: User, **fields): pass") == ["m.py: f() passes **fields on"]
