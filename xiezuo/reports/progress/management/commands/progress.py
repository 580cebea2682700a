"""`xiezuo progress load-templates`: the shipped progress report templates (idempotent)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.reports.progress.services import template_load_shipped


class Command(BaseCommand):
    help = "Progress reports. load-templates: load the shipped report templates."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load-templates",
            help="load the shipped templates; one the office edited is kept unless --replace",
        )
        load.add_argument(
            "--replace", action="store_true", help="replace existing templates by the shipped"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = template_load_shipped(replace=options["replace"])
        self.stdout.write(
            f"templates: {result.created} created, {result.replaced} replaced, {result.kept} kept"
        )
