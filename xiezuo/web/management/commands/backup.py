"""`xiezuo backup FILE`: the database and the uploaded files in one file (see xiezuo.backups)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiezuo.backups import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump on PostgreSQL) and the "
        "uploaded files into FILE (a tar file; .tar.gz compresses it), safe while the server "
        "runs. The secret key and the personal-information keys are not in it: keep them "
        "separately."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write (replaced)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = backup_write(path=options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = written.manifest
        database, *media = manifest["files"]
        self.stdout.write(
            f"backup {written.path}: {manifest['engine']} database "
            f"({database['size']} bytes), {len(media)} uploaded files "
            f"({sum(f['size'] for f in media)} bytes), "
            f"{written.path.stat().st_size} bytes in all"
        )
