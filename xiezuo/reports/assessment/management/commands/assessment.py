"""`xiezuo assessment …`: tasks of the yearly assessment.

- `load-method FILE …`: create or update assessment methods from JSON files (by code;
  loading a file again changes nothing); `load-method --shipped` loads the 2017 and 2021
  methods shipped with Xiezuo.
- `remind`: reminders of the assessment's deadlines (run it from cron).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.plans.management.remind import remind_parser_add, remind_run
from xiezuo.reports.assessment.methods import MethodInvalid, method_file_load, shipped_methods_load
from xiezuo.reports.assessment.reminders import DEFAULT_DAYS, Reminder, reminder_send_all


class Command(BaseCommand):
    help = (
        "Assessment tasks. load-method: create or update methods from JSON files. remind: "
        "notify (in the app and by email) of the cycle's deadlines."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-method", help="create or update methods (by code) from files")
        load.add_argument("files", nargs="*", help="method files (JSON)")
        load.add_argument(
            "--shipped", action="store_true", help="the shipped 2017 and 2021 methods"
        )
        remind_parser_add(
            sub,
            help="notify whoever takes each assessment's next step of its deadline; once per "
            "deadline",
            days_help="remind of deadlines within this many days, or past",
            default_days=DEFAULT_DAYS,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-method":
            self._load_method(options)
        else:
            self._remind(options)

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

    def _remind(self, options: dict[str, Any]) -> None:
        remind_run(self, options, reminder_send_all, _describe)


def _describe(r: Reminder) -> str:
    return (
        f"{r.due.isoformat()}  {r.user.username:16} {r.stage:8} "
        f"{r.assessment.year} {r.assessment.place.code}"
    )
