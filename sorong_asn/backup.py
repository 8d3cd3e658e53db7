"""Backup and restore: the database, the uploaded files and a manifest to check both against.

A backup is one folder: `database.dump` (PostgreSQL custom format from `pg_dump`) or `database.sqlite3`
(SQLite's online backup), `media.tar.gz` (everything under MEDIA_ROOT) and `manifest.json` (row count
per table, sha256 per media file and per backup file, versions). The row counts are taken in the same
snapshot `pg_dump` reads (`pg_export_snapshot`), so they describe exactly what the dump holds.
A restore goes only into an empty database and an empty media folder, and ends by comparing every
count and every checksum with the manifest.
"""

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import django
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

DUMP, SQLITE, MEDIA, MANIFEST = "database.dump", "database.sqlite3", "media.tar.gz", "manifest.json"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_checksums(root: Path) -> dict[str, str]:
    root = Path(root)
    if not root.exists():
        return {}
    return {path.relative_to(root).as_posix(): sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


def table_counts(cursor) -> dict[str, int]:
    counts = {}
    for name in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    env = dict(os.environ, PGPASSWORD=db["PASSWORD"] or "")
    return args, env


def _tool_version(tool: str) -> str:
    return subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout.strip()


def backup_create(*, dest: Path) -> Path:
    """Write a consistent backup into a new folder under `dest`; returns the folder."""
    folder = Path(dest) / f"sorong-asn-{timezone.localtime():%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True)
    versions = {"python": platform.python_version(), "django": django.get_version()}
    if connection.vendor == "postgresql":
        counts = _dump_postgresql(folder / DUMP)
        versions.update(postgresql=connection.cursor().connection.server_version, pg_dump=_tool_version("pg_dump"))
        database = DUMP
    else:
        counts = _copy_sqlite(folder / SQLITE)
        versions["sqlite"] = sqlite3.sqlite_version
        database = SQLITE
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA, "w:gz") as tar:
        if media_root.exists():
            tar.add(media_root, arcname=".")
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "versions": versions,
        "tables": counts,
        "media": media_checksums(media_root),
        "files": {database: sha256(folder / database), MEDIA: sha256(folder / MEDIA)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump and the row counts from one snapshot, held open by this connection while pg_dump reads it."""
    args, env = _pg_env()
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor)
            subprocess.run(
                ["pg_dump", *args, "-Fc", "--snapshot", snapshot, "-f", str(target), connection.settings_dict["NAME"]],
                env=env, check=True, capture_output=True,
            )  # fmt: skip
        raw.rollback()
    finally:
        raw.autocommit = previous
    return counts


def _copy_sqlite(target: Path) -> dict[str, int]:
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # SQLite's online backup: a consistent copy while the site runs
        return table_counts(copy.cursor())
    finally:
        copy.close()
        source.close()


def backup_restore(*, source: Path) -> dict:
    """Restore a backup folder into the empty configured database and media folder, then verify it."""
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text())
    for name, digest in manifest["files"].items():
        if sha256(source / name) != digest:
            raise ValidationError(
                _("Berkas cadangan %(name)s rusak: checksum tidak cocok dengan manifest.") % {"name": name}
            )
    if manifest["engine"] != connection.vendor:
        raise ValidationError(
            _("Cadangan ini dari %(engine)s, basis data tujuan %(vendor)s.")
            % {"engine": manifest["engine"], "vendor": connection.vendor}
        )
    if connection.introspection.table_names():
        raise ValidationError(_("Basis data tujuan tidak kosong; pulihkan hanya ke basis data baru yang kosong."))
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise ValidationError(
            _("Folder media %(media_root)s tidak kosong; pulihkan hanya ke folder kosong.") % {"media_root": media_root}
        )
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        name = connection.settings_dict["NAME"]
        connection.close()
        subprocess.run(
            ["pg_restore", *args, "--no-owner", "--no-acl", "--exit-on-error", "-d", name, str(source / DUMP)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
    else:
        connection.close()
        shutil.copyfile(source / SQLITE, connection.settings_dict["NAME"])
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as tar:
        tar.extractall(media_root, filter="data")  # no absolute paths or links out of the folder
    return backup_verify(manifest=manifest)


def backup_verify(*, manifest: dict) -> dict:
    """Compare the configured database and media folder with a manifest; raises on any difference."""
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    files = media_checksums(Path(settings.MEDIA_ROOT))
    wrong_tables = sorted(t for t in counts.keys() | manifest["tables"] if counts.get(t) != manifest["tables"].get(t))
    wrong_files = sorted(f for f in files.keys() | manifest["media"] if files.get(f) != manifest["media"].get(f))
    if wrong_tables or wrong_files:
        raise ValidationError(
            _("Hasil pemulihan berbeda dari manifest: tabel %(wrong_tables)s; berkas %(wrong_files)s.")
            % {"wrong_tables": ", ".join(wrong_tables) or "-", "wrong_files": ", ".join(wrong_files[:20]) or "-"}
        )
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(files)}
