"""The benchmark is not timed here; a tiny run keeps it from rotting."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bench(tmp_path, database_url, *extra):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1", "PYTHONWARNINGS": "ignore"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "bench", "--output", str(tmp_path / "results.json"), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_bench_refuses_sqlite(tmp_path):
    result = run_bench(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}", "--sizes", "10")
    assert result.returncode != 0
    assert "hanya berjalan di PostgreSQL" in result.stderr


def test_bench_runs_at_tiny_size(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the benchmark smoke test on PostgreSQL")
        pytest.skip("DATABASE_URL bukan PostgreSQL: benchmark hanya berjalan di PostgreSQL")
    result = run_bench(
        tmp_path, url, "--sizes", "60", "--requests", "2", "--import-rows", "40", "--applications", "300"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads((tmp_path / "results.json").read_text())
    rows = {row["what"]: row for row in data["rows"]}
    assert rows["lantai: templat dasar tanpa kueri"]["ratio"] == 1.0
    pages = [r for r in data["rows"] if r["queries"] is not None]
    assert pages and all(r["note"] == "" for r in pages), [r for r in pages if r["note"]]
    assert all(r["queries"] <= 15 for r in pages), [(r["what"], r["queries"]) for r in pages if r["queries"] > 15]
    jobs = [r for r in data["rows"] if r["what"].startswith("pekerjaan")]
    assert jobs and all(r["median_ms"] is not None and "galat" not in r["note"] for r in jobs), jobs
    assert data["machine"]["cores"] >= 1
