"""The import direction of docs/architecture.md, read from the source with `ast` (no app is imported).

- `employees` imports no other app of the project;
- a feature app imports only `employees` (and `training` may read `performance.selectors`);
- `sorong_asn` and `siasn` read feature apps only through their `selectors` and pure `rules` modules;
- no migration imports `sorong_asn`.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("employees", "recruitment", "training", "performance", "sorong_asn", "siasn")
FEATURES = ("recruitment", "training", "performance")
READ_MODULES = ("selectors", "rules", "scoring")  # what the readers above the feature apps may import
# Tools that build whole data sets across every app, not part of any request or job.
CROSS_APP_TOOLS = {
    "sorong_asn/bench.py", "sorong_asn/bench_data.py", "sorong_asn/bench_http.py",
    "sorong_asn/management/commands/seed_demo.py",
}  # fmt: skip


def imports(path: Path) -> list[str]:
    """Absolute module names imported by a file (relative imports stay inside the app)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def allowed(app: str, module: str, path: str) -> bool:
    target = module.split(".")[0]
    if target not in APPS or target == app:
        return True
    if "/migrations/" in path:
        return target != "sorong_asn"
    if app == "employees":
        return False
    if target == "employees":
        return True
    if app in FEATURES:
        return app == "training" and module.startswith("performance.selectors")
    # sorong_asn and siasn: feature apps through their reads only
    parts = module.split(".")
    return target in FEATURES and (len(parts) == 1 or parts[1] in READ_MODULES)


def violations() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in CROSS_APP_TOOLS:
                continue
            for module in imports(path):
                # `from performance import selectors` is listed as both `performance` and `performance.selectors`
                if module in FEATURES:
                    continue
                if not allowed(app, module, relative):
                    found.append(f"{relative} imports {module}")
    return found


def test_every_app_imports_only_what_the_layering_allows():
    assert violations() == []


@pytest.mark.parametrize(
    ("app", "module", "path", "ok"),
    [
        ("employees", "training.selectors", "employees/views.py", False),
        ("recruitment", "training.models", "recruitment/services.py", False),
        ("recruitment", "employees.models", "recruitment/services.py", True),
        ("training", "performance.selectors", "training/selectors.py", True),
        ("training", "performance.models", "training/selectors.py", False),
        ("sorong_asn", "training.selectors", "sorong_asn/dashboard.py", True),
        ("sorong_asn", "training.models", "sorong_asn/dashboard.py", False),
        ("siasn", "performance.selectors", "siasn/outbox.py", True),
        ("siasn", "performance.models", "siasn/outbox.py", False),
        ("siasn", "training.models", "siasn/outbox.py", False),
        ("performance", "sorong_asn.schedules", "performance/migrations/0002_x.py", False),
        ("performance", "employees.schedules", "performance/migrations/0002_x.py", True),
        ("recruitment", "django.db", "recruitment/models.py", True),
    ],
)
def test_the_checker_itself(app, module, path, ok):
    assert allowed(app, module, path) is ok
