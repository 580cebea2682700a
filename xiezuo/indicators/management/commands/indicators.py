"""`xiezuo indicators sync [--source NAME]`: recompute the figures the registries own."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiezuo.indicators import sources
from xiezuo.progress import progress_bar


class Command(BaseCommand):
    help = "Recompute the data values the registries own (indicator sources)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser(
            "sync",
            help="recompute every figure of the indicator sources: after imports of registry "
            "data, for repairs, and daily (figures 'as on today' move with the date)",
        )
        sync.add_argument(
            "--source",
            choices=[source.name for source in sources.source_list()],
            help="only this source (default: all)",
        )
        sync.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = sources.source_list()
        if options["source"]:
            chosen = [sources.source_get(options["source"])]
        if not chosen:
            raise CommandError("no indicator source is registered")
        for source in chosen:
            tick = progress_bar(
                total=None,
                desc=source.name,
                unit=" places",
                enabled=False if options["quiet"] else None,
            )
            result = sources.sync(source, progress=tick)
            self.stdout.write(
                f"{source.name}: {result.places} places, {result.created} created, "
                f"{result.updated} updated, {result.deleted} deleted, "
                f"{result.unchanged} unchanged"
            )
