"""`xiezuo reports send`: the monthly summary mailed to each coordinator (run it from cron,
e.g. on the first of each month; a second run in the same month sends nothing)."""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xiezuo.dates import parse_day
from xiezuo.reports.summaries import summary_send_all


def _day(value: str) -> date | None:
    try:
        return parse_day(value, default=None, field="today")
    except ValidationError as exc:
        raise ArgumentTypeError(" ".join(exc.messages)) from exc


class Command(BaseCommand):
    help = "Reports. send: mail each coordinator the month's summary (once a month)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser(
            "send",
            help="mail each coordinator the dashboard's figures of his places and the overdue "
            "work items; once per month and person",
        )
        send.add_argument(
            "--today", type=_day, default=None, help="run as on this date (default: today)"
        )
        send.add_argument(
            "--dry-run", action="store_true", help="list who would be sent one; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "send":  # pragma: no cover - argparse refuses others
            raise CommandError(f"unknown action {options['action']}")
        result = summary_send_all(today=options["today"], dry_run=options["dry_run"])
        if options["dry_run"] or options["verbosity"] > 1:
            for summary in result.summaries:
                places = ", ".join(p.code for p in summary.places)
                self.stdout.write(f"{summary.month}  {summary.user.username:16} {places}")
        self.stdout.write(result.summary())
        if result.failed:
            self.stderr.write(
                _("%(count)d emails could not be sent; see the log.") % {"count": result.failed}
            )
