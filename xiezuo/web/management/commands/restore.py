"""`xiezuo restore FILE`: a backup written back into an empty database (see xiezuo.backups)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiezuo.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `xiezuo backup` into the configured database (which must "
        "be empty) and media folder. The whole file is checked against its manifest first: "
        "a damaged file restores nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to restore")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace whatever the database holds, and overwrite uploaded files of the "
            "same name",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(path=options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = restored.manifest
        self.stdout.write(
            f"restored {options['file']}: the {manifest['engine']} database of "
            f"{manifest['created_at']} (Xiezuo {manifest['xiezuo_version']}) and "
            f"{restored.media_files} uploaded files; migrations as recorded"
        )
        if restored.unreadable:
            self.stderr.write(
                f"WARNING: the personal information ({', '.join(restored.unreadable)}) cannot "
                "be read with XIEZUO_PERSONAL_KEY: put back the key kept apart from the "
                "backup (var/personal_key), or the identity numbers and phones are lost"
            )
        if restored.pending:
            self.stdout.write(
                f"this Xiezuo has {len(restored.pending)} migrations the backup predates "
                f"(first {restored.pending[0]}): run `xiezuo migrate` before serving"
            )
