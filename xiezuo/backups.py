"""Backups that restore: the database and the uploaded files in one file, checked whole
before anything is written back (`xiezuo backup FILE`, `xiezuo restore FILE`).

A backup is a tar file (gzip-compressed when its name ends in .gz or .tgz) whose members
are, in this order:

- manifest.json: format, Xiezuo's version, when, the database engine, the migrations
  applied, and every other member's size and SHA-256;
- database.sqlite3 (SQLite): a copy made with SQLite's online backup, consistent while
  the server writes; or database.pgdump (PostgreSQL): `pg_dump --format=custom`, one
  consistent snapshot;
- media/...: the uploaded files (MEDIA_ROOT).

No secret is in it: the secret key and the personal-information keys live in var/ or
the environment and must be kept separately. Without XIEZUO_PERSONAL_KEY the identity
numbers and phones in a backup cannot be read.

Restoring refuses a database or media folder that already holds something (unless
forced), reads the whole file and checks every member against the manifest before it
writes anything (a damaged or truncated file restores nothing), and then checks that the
database shows the migrations the backup recorded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from xiezuo.personal.checks import unreadable_personal

FORMAT = "xiezuo-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Written:
    path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    media_files: int
    # migrations of this version of Xiezuo that the restored database lacks
    pending: list[str] = field(default_factory=list)
    # models whose personal information the configured keys cannot decrypt
    unreadable: list[str] = field(default_factory=list)


def _version() -> str:
    try:
        return version("xiezuo")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout not installed
        return "unknown"


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"backups know SQLite and PostgreSQL, not {vendor}")
    return vendor


def _copy_hashed(source: Any, target: Path) -> tuple[int, str]:
    """Copy a readable binary stream to `target`; its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def _hashed(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return path.stat().st_size, digest.hexdigest()


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _postgres_env() -> dict[str, str]:
    """The libpq environment naming the configured database (the password stays out of
    the command line and out of the backup)."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if sslmode := (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client programs "
            "(Debian: apt-get install postgresql-client) of the server's major version or newer"
        )
    return found


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, env=_postgres_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip() or done.stdout.strip()}")


def _dump_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            # one step: a consistent snapshot; in WAL mode the server's writers go on
            connection.connection.backup(copy)
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("the copy of the SQLite database does not pass quick_check")
        copy.close()
    else:
        _run(
            [
                _postgres_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
            ],
            "pg_dump",
        )


def _secret_files() -> set[Path]:
    var = Path(settings.VAR_DIR)
    return {(var / name).resolve() for name in ("secret_key", "personal_key", "personal_hash_key")}


def backup_write(*, path: Path) -> Written:
    """Write the database and the uploaded files to `path` (replaced only once complete)."""
    engine = _engine()
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    secrets = _secret_files()
    with tempfile.TemporaryDirectory(prefix=".xiezuo-backup-", dir=path.parent) as staging:
        stage = Path(staging)
        database = DATABASE_MEMBERS[engine]
        _dump_database(engine, stage / database)
        size, sha = _hashed(stage / database)
        files: list[dict[str, Any]] = [{"name": database, "size": size, "sha256": sha}]
        if media_root.is_dir():
            for source in sorted(media_root.rglob("*")):
                if not source.is_file() or source.is_symlink() or source.resolve() in secrets:
                    continue
                name = str(PurePosixPath(MEDIA, *source.relative_to(media_root).parts))
                # copied first, so that the bytes hashed are the bytes archived
                with open(source, "rb") as f:
                    size, sha = _copy_hashed(f, stage / name)
                files.append({"name": name, "size": size, "sha256": sha})
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "xiezuo_version": _version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": database,
            "migrations": _applied_migrations(),
            "files": files,
        }
        (stage / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = path.with_name(path.name + ".partial")
        mode = "w:gz" if path.name.endswith((".gz", ".tgz")) else "w"
        with tarfile.open(partial, mode) as tar:  # type: ignore[call-overload]
            tar.add(stage / MANIFEST, arcname=MANIFEST, recursive=False)
            for entry in files:
                name = str(entry["name"])
                tar.add(stage / name, arcname=name, recursive=False)
        os.replace(partial, path)
    return Written(path=path, manifest=manifest)


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(f"{path} is damaged or incomplete ({why}); nothing was restored")


def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (
        bool(parts)
        and not PurePosixPath(name).is_absolute()
        and ".." not in parts
        and (
            name == MANIFEST
            or name in DATABASE_MEMBERS.values()
            or (parts[0] == MEDIA and len(parts) > 1)
        )
    )


def backup_read(*, path: Path, into: Path) -> dict[str, Any]:
    """Unpack the backup at `path` into the folder `into`, checking the manifest and every
    member's size and SHA-256; its manifest. Raises BackupError on anything amiss."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    manifest: dict[str, Any] | None = None
    expected: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    try:
        with tarfile.open(path, "r|*") as tar:
            for info in tar:
                name = info.name
                if not info.isfile() or not _safe_member(name) or name in seen:
                    raise _damaged(path, f"unexpected member {name!r}")
                seen.add(name)
                stream = tar.extractfile(info)
                assert stream is not None  # a regular file
                if manifest is None:
                    if name != MANIFEST:
                        raise _damaged(path, "the manifest does not come first")
                    manifest = _manifest(path, stream.read())
                    expected = {entry["name"]: entry for entry in manifest["files"]}
                    continue
                entry = expected.get(name)
                if entry is None:
                    raise _damaged(path, f"{name} is not in the manifest")
                size, sha = _copy_hashed(stream, into / name)
                if size != entry["size"] or sha != entry["sha256"]:
                    raise _damaged(path, f"{name} does not match its checksum")
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise _damaged(path, str(exc) or type(exc).__name__) from None
    if manifest is None:
        raise _damaged(path, "no manifest")
    missing = sorted(set(expected) - seen)
    if missing:
        raise _damaged(path, f"{len(missing)} members missing, first {missing[0]}")
    return manifest


def _manifest(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw)
    except ValueError:
        raise _damaged(path, "the manifest is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(path, "not a Xiezuo backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a backup of format {manifest.get('format_version')}, this Xiezuo "
            f"reads format {FORMAT_VERSION}: restore it with the version that made it "
            f"({manifest.get('xiezuo_version')})"
        )
    files = manifest.get("files")
    if (
        manifest.get("engine") not in DATABASE_MEMBERS
        or not isinstance(files, list)
        or not all(
            isinstance(e, dict) and _safe_member(str(e.get("name"))) and e.get("name") != MANIFEST
            for e in files
        )
        or DATABASE_MEMBERS[manifest["engine"]] not in {e["name"] for e in files}
        or not all(
            isinstance(e.get("size"), int) and isinstance(e.get("sha256"), str) for e in files
        )
        or not isinstance(manifest.get("migrations"), dict)
        or not all(
            isinstance(names, list) and all(isinstance(n, str) for n in names)
            for names in manifest["migrations"].values()
        )
    ):
        raise _damaged(path, "the manifest does not list a database, files and migrations")
    return manifest


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _media_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    executor = MigrationExecutor(connection)
    known = set(executor.loader.disk_migrations) | set(executor.loader.applied_migrations or ())
    return sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )


def _clear_database() -> None:
    """Drop what the schema holds (PostgreSQL: tables, views, sequences and the functions
    of the append-only triggers), so that the dump is restored onto nothing. SQLite's
    online backup replaces the whole database file by itself."""
    if connection.vendor != "postgresql":
        return
    schema = "current_schema()"
    with connection.cursor() as cursor:
        for kind, query in (
            ("VIEW", f"SELECT quote_ident(viewname) FROM pg_views WHERE schemaname = {schema}"),
            ("TABLE", f"SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = {schema}"),
            (
                "SEQUENCE",
                f"SELECT quote_ident(sequencename) FROM pg_sequences WHERE schemaname = {schema}",
            ),
            (
                "FUNCTION",
                "SELECT p.oid::regprocedure::text FROM pg_proc p "
                "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()",
            ),
        ):
            cursor.execute(query)
            names = [row[0] for row in cursor.fetchall()]
            if names:
                cursor.execute(f"DROP {kind} IF EXISTS {', '.join(names)} CASCADE")


def _load_database(engine: str, dump: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        _run(
            [
                _postgres_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={settings.DATABASES['default']['NAME']}",
                str(dump),
            ],
            "pg_restore",
        )
    connection.close()  # the next query sees the restored database afresh


def backup_restore(*, path: Path, force: bool = False) -> Restored:
    """Restore the backup at `path` into the configured database and MEDIA_ROOT.

    Refuses (BackupError) a database with tables or a media folder with files unless
    `force`, a backup of another engine, a backup made by a newer Xiezuo, and a damaged
    file; in each case nothing is written."""
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if tables := _tables():
            raise BackupError(
                f"the database is not empty ({len(tables)} tables, e.g. {tables[0]}): restore "
                "into a new, empty database, or pass --force to replace everything in it"
            )
        if media := _media_files(media_root):
            raise BackupError(
                f"the media folder {media_root} is not empty ({len(media)} files): restore into "
                "an empty folder, or pass --force to overwrite the files of the same name"
            )
    staging_parent = media_root.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".xiezuo-restore-", dir=staging_parent) as staging:
        stage = Path(staging)
        manifest = backup_read(path=path, into=stage)
        if manifest["engine"] != engine:
            raise BackupError(
                f"{path} is a backup of a {manifest['engine']} database; the configured "
                f"database is {engine} (set DATABASE_URL to a {manifest['engine']} database)"
            )
        if unknown := _unknown_migrations(manifest):
            raise BackupError(
                f"{path} was made by a newer Xiezuo ({manifest.get('xiezuo_version')}): "
                f"{len(unknown)} of its migrations are unknown here, e.g. {unknown[0]}; "
                "restore it with that version"
            )
        if force:
            _clear_database()
        database = DATABASE_MEMBERS[engine]
        _load_database(engine, stage / database)
        media = [e["name"] for e in manifest["files"] if e["name"] != database]
        for name in media:
            target = media_root.joinpath(*PurePosixPath(name).parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(stage / name, target)
    applied = _applied_migrations()
    if applied != manifest["migrations"]:
        raise BackupError(
            "the restored database does not show the migrations the backup recorded: "
            "the restore did not complete; restore again into an empty database"
        )
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    return Restored(
        manifest=manifest,
        media_files=len(media),
        pending=pending,
        unreadable=unreadable_personal() if not pending else [],
    )
