"""`xiezuo occupations load`: fill the occupation classification (CSCO 2022)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.occupations.classification import SOURCE, load_occupations


class Command(BaseCommand):
    help = "Load the national occupation classification (CSCO 2022)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="create or update the occupations from the shipped file")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = load_occupations()
        seconds = time.perf_counter() - started
        levels = ", ".join(f"level {lv}: {n}" for lv, n in sorted(result.per_level.items()))
        self.stdout.write(
            f"occupations ({SOURCE}; {levels}): {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged in {seconds:.2f} s"
        )
