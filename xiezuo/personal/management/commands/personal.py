"""`xiezuo personal rotate`: personal information encrypted again under the first key."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.personal import services


class Command(BaseCommand):
    help = "Personal information: re-encrypt it under the first key of XIEZUO_PERSONAL_KEY."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "rotate",
            help="encrypt every identity number and phone again under the first key, "
            "after which the other keys may be dropped",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rewritten = services.personal_keys_rotate()
        for label, count in rewritten.items():
            self.stdout.write(f"{label}\t{count} rows encrypted again")
        if not rewritten:
            self.stdout.write("no model holds encrypted personal information")
