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
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500,
    )  # fmt: skip


def test_bench_refuses_sqlite(tmp_path):
    result = run_bench(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}", "--sizes", "10")
    assert result.returncode != 0
    assert "hanya berjalan di PostgreSQL" in result.stderr


def test_bench_runs_at_tiny_size_with_production_settings_and_keeps_both_sizes(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the benchmark smoke test on PostgreSQL")
        pytest.skip("DATABASE_URL bukan PostgreSQL: benchmark hanya berjalan di PostgreSQL")
    result = run_bench(
        tmp_path, url, "--sizes", "40,60", "--requests", "2", "--import-rows", "40", "--applications", "300",
        "--http-seconds", "0.5", "--keep",
    )  # fmt: skip
    try:
        assert result.returncode == 0, result.stderr[-3000:]
        data = json.loads((tmp_path / "results.json").read_text())
    finally:
        drop_kept(url, [40, 60])
    assert data["machine"]["debug"] is False  # even though DJANGO_DEBUG=1 was set for the command
    assert data["machine"]["static_storage"].endswith("CompressedManifestStaticFilesStorage")
    pages = [r for r in data["rows"] if r["queries"] is not None]
    assert {r["size"] for r in pages} == {40, 60}
    assert pages and all(r["note"] == "" for r in pages), [r for r in pages if r["note"]]
    assert all(0 < r["queries"] <= 12 for r in pages), [(r["what"], r["queries"]) for r in pages if r["queries"] > 12]
    assert all(r["floor_ms"] and r["cold_ms"] and r["load"] is not None for r in pages)
    assert any(r["changed_ms"] for r in pages)  # cached pages measured after a change
    assert any('cari "an"' in r["what"] for r in pages)
    jobs = [r for r in data["rows"] if r["what"].startswith("pekerjaan")]
    assert jobs and all(r["median_ms"] is not None and "galat" not in r["note"] for r in jobs), jobs
    assert all(r["peak_mb"] >= r["base_mb"] > 0 for r in jobs)
    # a fresh process's own memory, not its parent's (getrusage would report the parent's RSS)
    assert all(r["base_mb"] < 250 for r in jobs), [(r["what"], r["base_mb"]) for r in jobs]
    for size in ("40", "60"):
        http = data["http"][size]
        assert [level["users"] for level in http["levels"]] == [1, 8, 32]
        assert all(level["errors"] == 0 for level in http["levels"]), http["levels"]
        assert http["memory"]["workers_mb"] and all(http["memory"]["workers_mb"])
        for weight in http["weight"].values():
            assert weight["status"] == [200, 200] and weight["not_immutable"] == []
            assert 0 < weight["later_page_kb"] < weight["first_visit_kb"]
    assert data["machine"]["cores"] >= 1


def drop_kept(url, sizes):
    import psycopg2

    base = url.rsplit("/", 1)
    connection = psycopg2.connect(base[0] + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        for size in sizes:
            cursor.execute(f'DROP DATABASE IF EXISTS "{base[1]}_bench_{size}"')
    connection.close()
