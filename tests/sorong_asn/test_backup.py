"""Backup the demo, restore it into a fresh database and media folder, and find everything identical."""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from employees.models import Employee, User
from sorong_asn.backup import MANIFEST, media_checksums

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/pegawai/", "/dasbor/", "/kinerja/", "/pelatihan/", "/rekrutmen/", "/notifikasi/"]
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|csrf[-_]?token[^>]*?content="[^"]+"', re.I)


def _admin_sql(sql: str) -> None:
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
        password=db["PASSWORD"] or None,
    )  # fmt: skip
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def _pages(user_pk: int, employee_pk: int) -> dict[str, bytes]:
    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    urls = [*PAGES, f"/pegawai/{employee_pk}/"]
    responses = {url: client.get(url) for url in urls}
    assert {url: r.status_code for url, r in responses.items()} == dict.fromkeys(urls, 200)
    return {url: CSRF.sub(b"", r.content) for url, r in responses.items()}


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        out = {}
        for name in names:
            cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
            out[name] = cursor.fetchone()[0]
    return out


@pytest.mark.django_db(transaction=True)
def test_backup_of_the_demo_restores_identically(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore perlu PostgreSQL; di SQLite cadangan berupa salinan berkas")
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", employees=60, stdout=open(os.devnull, "w"))
    hr = User.objects.get(username="hr")
    employee = Employee.objects.order_by("pk").first()
    before_files = media_checksums(settings.MEDIA_ROOT)
    assert before_files, "the demo stores certificates and evidence files"
    before_pages = _pages(hr.pk, employee.pk)
    assert all(b"Traceback" not in body for body in before_pages.values())
    before_counts = _counts()

    call_command("backup", dest=tmp_path / "backups", stdout=open(os.devnull, "w"))
    (folder,) = (tmp_path / "backups").iterdir()
    assert (folder / MANIFEST).exists()

    original = connection.settings_dict["NAME"]
    restored = f"{original}_restore"
    _admin_sql(f'DROP DATABASE IF EXISTS "{restored}"')
    _admin_sql(f'CREATE DATABASE "{restored}"')
    db = connection.settings_dict
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="sorong_asn.settings", DJANGO_TESTING="1",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{restored}",
        MEDIA_ROOT=str(tmp_path / "restored-media"),
    )  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Pemulihan cocok dengan manifest" in result.stdout
    # a second restore into the now full database is refused
    again = subprocess.run([sys.executable, "manage.py", "restore", str(folder)], cwd=ROOT, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert again.returncode != 0 and "tidak kosong" in again.stderr

    assert media_checksums(tmp_path / "restored-media") == before_files
    connection.close()
    connection.settings_dict["NAME"] = restored
    try:
        settings.MEDIA_ROOT = tmp_path / "restored-media"
        assert _counts() == before_counts
        after_pages = _pages(hr.pk, employee.pk)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        _admin_sql(f'DROP DATABASE IF EXISTS "{restored}"')
    for url, body in before_pages.items():
        assert after_pages[url] == body, url
