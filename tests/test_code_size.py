"""No module over 600 lines and no function over 60, outside tests, migrations and demo data.

Read from the source with `ast`; there are no exceptions."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("employees", "recruitment", "training", "performance", "sorong_asn", "siasn")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60


def sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name == "demo.py":
                continue
            yield path


def measure(name: str, text: str) -> dict[str, int]:
    """The module and each function (methods and nested ones included) over their limit, with their length."""
    found = {}
    lines = len(text.splitlines())
    if lines > MAX_MODULE_LINES:
        found[name] = lines
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found[f"{name}: {node.name}()"] = length
    return found


def oversized() -> dict[str, int]:
    found = {}
    for path in sources():
        found |= measure(path.relative_to(ROOT).as_posix(), path.read_text())
    return found


def test_modules_and_functions_stay_small():
    assert oversized() == {}


def test_the_checker_finds_a_long_function_a_long_method_and_a_long_module():
    body = "".join(f"    x{i} = {i}\n" for i in range(59))
    assert measure("m.py", f"def short():\n{body}") == {}  # 60 lines: allowed
    assert measure("m.py", f"def long():\n{body}    x = 0\n") == {"m.py: long()": 61}
    method = "class A:\n" + "".join(f"    {line}\n" for line in f"def m(self):\n{body}    y = 1".splitlines())
    assert measure("m.py", method) == {"m.py: m()": 61}
    assert measure("m.py", "x = 1\n" * 601) == {"m.py": 601}
