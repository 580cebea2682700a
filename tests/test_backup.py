"""`xiezuo backup` and `xiezuo restore`, for real: the commands run as processes against a
database of their own (a SQLite file, or a new PostgreSQL database when DATABASE_URL names
a PostgreSQL server), seeded with a small programme (tests/backup_seed.py: places, users,
a work plan, projects, ledger transfers and a reversal, a worker whose identity number is
encrypted, a placement, an uploaded photo, and the audit log these leave). The backup is
restored into a fresh database and media folder, and every table is compared row by row
and every uploaded file byte for byte, read with the database drivers, not through
Xiezuo.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.live_server import postgres_admin

BIN = Path(sys.executable).parent
SEED = Path(__file__).resolve().parent / "backup_seed.py"
SERVER_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
KEYS = ("secret_key", "personal_key", "personal_hash_key")


@dataclass
class Site:
    """One installation: a var folder (keys, media, the SQLite file) and a database."""

    var: Path
    database_url: str

    @property
    def env(self) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))
        }
        env.update(XIEZUO_VAR_DIR=str(self.var), DATABASE_URL=self.database_url)
        return env

    @property
    def media(self) -> Path:
        return self.var / "media"

    def xiezuo(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "xiezuo"), *args],
            env=self.env, cwd=self.var, capture_output=True, text=True, timeout=900,
        )  # fmt: skip

    def contents(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows (sorted), and on PostgreSQL every sequence's position."""
        if POSTGRES:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                tables = [
                    r[0]
                    for r in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                found = {
                    t: _sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables
                }
                found["(sequences)"] = _sorted(
                    conn.execute(
                        "SELECT sequencename, last_value FROM pg_sequences "
                        "WHERE schemaname = 'public'"
                    ).fetchall()
                )
                return found
        conn = sqlite3.connect(self.var / "xiezuo.sqlite3")
        try:
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            # sqlite_sequence included: it is where the next ids come from
            return {t: _sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}
        finally:
            conn.close()

    def files(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.media)): p.read_bytes()
            for p in self.media.rglob("*")
            if p.is_file()
        }


def _sorted(rows: list[Any]) -> list[tuple[Any, ...]]:
    return sorted((tuple(row) for row in rows), key=repr)


def _site(root: Path, name: str) -> Iterator[Site]:
    var = root / f"{name}-{uuid.uuid4().hex[:8]}"
    var.mkdir(parents=True)
    if POSTGRES:
        database = f"xiezuo_backup_{name}_{uuid.uuid4().hex[:8]}"
        postgres_admin(SERVER_URL, f'CREATE DATABASE "{database}"')
        url = SERVER_URL.rsplit("/", 1)[0] + "/" + database
    else:
        url = f"sqlite:///{var / 'xiezuo.sqlite3'}"
    try:
        yield Site(var, url)
    finally:
        if POSTGRES:
            postgres_admin(SERVER_URL, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@dataclass
class Made:
    source: Site
    backup: Path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """A seeded installation and its backup (compressed on PostgreSQL, plain on SQLite, so
    that both kinds of file are read)."""
    root = tmp_path_factory.mktemp("backup")
    for source in _site(root, "source"):
        migrated = source.xiezuo("migrate", "--noinput", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        seeded = subprocess.run(
            [sys.executable, str(SEED)], env=source.env, cwd=source.var, capture_output=True,
            text=True, timeout=900,
        )  # fmt: skip
        assert seeded.returncode == 0, seeded.stderr
        backup = root / ("programme.tar.gz" if POSTGRES else "programme.tar")
        done = source.xiezuo("backup", str(backup))
        assert done.returncode == 0, done.stderr
        yield Made(source, backup)


@pytest.fixture
def fresh(tmp_path: Path, made: Made) -> Iterator[Site]:
    """A new installation with nothing in its database or media folder, holding the
    source's keys (kept apart from the backup, as the README says)."""
    for site in _site(tmp_path, "target"):
        for key in KEYS:
            shutil.copy(made.source.var / key, site.var / key)
        yield site


def _no_data(site: Site) -> bool:
    tables = {t for t in site.contents() if t != "(sequences)"}
    return not tables and not site.files()


def test_a_restored_backup_holds_every_table_row_for_row_and_every_file_byte_for_byte(made, fresh):
    from django.apps import apps

    restored = fresh.xiezuo("restore", str(made.backup))

    assert restored.returncode == 0, restored.stderr
    source, target = made.source.contents(), fresh.contents()
    every_model = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    assert every_model | {"auditlog_logentry", "django_migrations"} <= set(source)
    for table in ("labour_worker", "ledger_transfer", "projects_projectfile", "auditlog_logentry"):
        assert source[table], f"the seed left {table} empty"
    assert set(target) == set(source)
    differing = [table for table in source if target[table] != source[table]]
    assert not differing
    assert made.source.files() and fresh.files() == made.source.files()


@pytest.fixture
def keyless(tmp_path: Path, made: Made) -> Iterator[Site]:
    """A new installation whose keys were not put back: it makes new ones."""
    yield from _site(tmp_path, "keyless")


def test_the_restored_identity_numbers_read_with_the_keys_kept_apart(made, fresh):
    from xiezuo.personal.identity import synthetic_identity

    restored = fresh.xiezuo("restore", str(made.backup))
    assert restored.returncode == 0 and "WARNING" not in restored.stderr
    shown = fresh.xiezuo(
        "shell", "-c",
        "from xiezuo.labour.models import Worker; "
        "print(Worker.objects.get(name='黄春梅').identity)",
    )  # fmt: skip

    assert shown.stdout.split()[-1] == str(synthetic_identity(7, date(1990, 5, 6), "female", "45"))


def test_a_restore_without_the_kept_personal_key_says_the_identity_numbers_cannot_be_read(
    made, keyless
):
    restored = keyless.xiezuo("restore", str(made.backup))

    assert restored.returncode == 0, restored.stderr
    assert "labour.Worker.identity" in restored.stderr
    assert "cannot be read with XIEZUO_PERSONAL_KEY" in restored.stderr


def test_a_backup_made_by_a_newer_xiezuo_is_refused_and_nothing_is_written(made, fresh):
    newer = fresh.var.parent / f"newer-{made.backup.name}"
    with tarfile.open(made.backup) as old, tarfile.open(newer, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"]["labour"].append("9999_from_the_future")
                manifest["xiezuo_version"] = "9.0"
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))

    refused = fresh.xiezuo("restore", str(newer))

    assert refused.returncode != 0
    assert "made by a newer Xiezuo (9.0)" in refused.stderr
    assert "labour.9999_from_the_future" in refused.stderr
    assert _no_data(fresh)


def test_a_backup_naming_a_file_outside_the_media_folder_is_refused(made, fresh):
    crafted = fresh.var.parent / f"crafted-{made.backup.name}"
    payload = b"written where it should not be"
    with tarfile.open(made.backup) as old, tarfile.open(crafted, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["files"].append(
                    {"name": "media/../../outside.txt", "size": len(payload),
                     "sha256": hashlib.sha256(payload).hexdigest()}
                )  # fmt: skip
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))
        evil = tarfile.TarInfo("media/../../outside.txt")
        evil.size = len(payload)
        new.addfile(evil, io.BytesIO(payload))

    refused = fresh.xiezuo("restore", str(crafted))

    assert refused.returncode != 0 and "damaged or incomplete" in refused.stderr
    assert not (fresh.var.parent / "outside.txt").exists()
    assert not (fresh.var / "outside.txt").exists()
    assert _no_data(fresh)


def test_the_backup_holds_the_database_and_files_but_no_key(made):
    with tarfile.open(made.backup) as tar:
        names = tar.getnames()
        raw = b"".join(tar.extractfile(m).read() for m in tar.getmembers())  # type: ignore[union-attr]

    assert names[0] == "manifest.json"
    assert names[1] == ("database.pgdump" if POSTGRES else "database.sqlite3")
    assert names[2:] and all(name.startswith("media/") for name in names[2:])
    for key in KEYS:
        assert (made.source.var / key).read_bytes().strip() not in raw


@pytest.mark.parametrize("damage", ["truncated", "one byte changed"])
def test_a_damaged_backup_is_refused_and_nothing_is_written(made, fresh, damage):
    data = bytearray(made.backup.read_bytes())
    if damage == "truncated":
        data = data[: len(data) * 2 // 3]
    else:
        data[len(data) // 2] ^= 0x01
    damaged = fresh.var.parent / f"damaged-{made.backup.name}"
    damaged.write_bytes(bytes(data))

    refused = fresh.xiezuo("restore", str(damaged))

    assert refused.returncode != 0
    assert "damaged or incomplete" in refused.stderr
    assert "nothing was restored" in refused.stderr
    assert _no_data(fresh)


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(made, fresh):
    assert fresh.xiezuo("restore", str(made.backup)).returncode == 0

    again = fresh.xiezuo("restore", str(made.backup))
    assert again.returncode != 0
    assert "the database is not empty" in again.stderr and "--force" in again.stderr

    forced = fresh.xiezuo("restore", "--force", str(made.backup))
    assert forced.returncode == 0, forced.stderr
    assert fresh.contents() == made.source.contents()


@pytest.mark.skipif(POSTGRES, reason="SQLite's write lock; pg_dump reads one snapshot")
def test_a_backup_is_made_while_a_writer_holds_the_sqlite_database(made, tmp_path):
    writer = sqlite3.connect(made.source.var / "xiezuo.sqlite3", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES ('not-committed', '', '2030-01-01')"
        )
        done = made.source.xiezuo("backup", str(tmp_path / "during.tar"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert done.returncode == 0, done.stderr
    with tarfile.open(tmp_path / "during.tar") as tar:
        tar.extract("database.sqlite3", tmp_path, filter="data")
    copy = sqlite3.connect(tmp_path / "database.sqlite3")
    sessions = copy.execute("SELECT session_key FROM django_session").fetchall()
    copy.close()
    assert ("not-committed",) not in sessions
