"""`xiezuo places load|designate`: fill the place registry."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiezuo.importing import ImportRefused
from xiezuo.places.divisions import load_divisions, province_codes
from xiezuo.places.services import designations_import

DEFAULT_PROVINCES = "44,45"


class Command(BaseCommand):
    help = "Load the national division codes, or designations from a CSV file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load places from the 2023 division codes")
        group = load.add_mutually_exclusive_group()
        group.add_argument(
            "--provinces",
            default=DEFAULT_PROVINCES,
            help="comma-separated province codes (default: 44,45 — Guangdong and Guangxi)",
        )
        group.add_argument("--all", action="store_true", help="the whole country (~665,000 places)")
        load.add_argument("--quiet", action="store_true", help="no progress bar")
        designate = sub.add_parser("designate", help="load designations from a CSV file")
        designate.add_argument(
            "file", help="CSV: code,kind,year_designated,year_exited[,source,illustrative]"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self._load(options)
        else:
            self._designate(options["file"])

    def _load(self, options: dict[str, Any]) -> None:
        provinces: set[str] | None = None
        if not options["all"]:
            provinces = {p.strip() for p in options["provinces"].split(",") if p.strip()}
            unknown = provinces - set(province_codes())
            if unknown:
                raise CommandError(f"unknown province codes: {', '.join(sorted(unknown))}")
        started = time.perf_counter()
        result = load_divisions(provinces=provinces, progress=False if options["quiet"] else None)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"places: {result.created} created, {result.renamed} renamed, "
            f"{result.unchanged} unchanged in {seconds:.1f} s"
        )

    def _designate(self, path: str) -> None:
        try:
            with open(path, encoding="utf-8-sig", newline="") as file:
                result = designations_import(file=file)
        except FileNotFoundError as exc:
            raise CommandError(f"no such file: {path}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not a UTF-8 text file") from exc
        except ImportRefused as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{path} refused: {len(exc.errors)} error(s); nothing was written"
            ) from exc
        self.stdout.write(
            f"designations: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
