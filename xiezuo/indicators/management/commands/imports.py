"""`xiezuo imports run`: import the data value files waiting on the web (for a worker process)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.indicators.jobs import jobs_run_pending


class Command(BaseCommand):
    help = (
        "Run the data value imports waiting (uploaded on the web with XIEZUO_IMPORT_JOBS=worker)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="run the waiting imports, oldest first")
        run.add_argument(
            "--watch",
            type=float,
            metavar="SECONDS",
            help="keep running: look for new imports every SECONDS",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            ran = jobs_run_pending()
            if ran or not options["watch"]:
                self.stdout.write(f"imports: {ran} run")
            if not options["watch"]:
                return
            time.sleep(options["watch"])
