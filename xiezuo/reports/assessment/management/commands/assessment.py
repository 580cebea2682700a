"""`xiezuo assessment …`: tasks of the yearly assessment.

- `load-method FILE …`: create or update assessment methods from JSON files (by code;
  loading a file again changes nothing); `load-method --shipped` loads the 2017 and 2021
  methods shipped with Xiezuo.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.reports.assessment.methods import MethodInvalid, method_file_load, shipped_methods_load


class Command(BaseCommand):
    help = "Assessment tasks. load-method: create or update methods from JSON files."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-method", help="create or update methods (by code) from files")
        load.add_argument("files", nargs="*", help="method files (JSON)")
        load.add_argument(
            "--shipped", action="store_true", help="the shipped 2017 and 2021 methods"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-method":
            self._load_method(options)

    def _load_method(self, options: dict[str, Any]) -> None:
        if not options["files"] and not options["shipped"]:
            raise CommandError(_("Name a method file, or --shipped."))
        try:
            with transaction.atomic():  # every file, or none
                loaded = shipped_methods_load() if options["shipped"] else []
                loaded += [method_file_load(path) for path in options["files"]]
        except MethodInvalid as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for method, outcome in loaded:
            self.stdout.write(f"{method.code}: {outcome}")
