"""`xiezuo plans remind`: reminders of work items due soon or overdue (run it from cron)."""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xiezuo.dates import parse_day
from xiezuo.plans.reminders import DEFAULT_DAYS, reminder_send_all


def _day(value: str) -> date | None:
    try:
        return parse_day(value, default=None, field="today")
    except ValidationError as exc:
        raise ArgumentTypeError(" ".join(exc.messages)) from exc


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError as exc:
        raise ArgumentTypeError(f"not a whole number: {value}") from exc
    if days < 0:
        raise ArgumentTypeError("must not be negative")
    return days


class Command(BaseCommand):
    help = "Work plan tasks. remind: notify (in the app and by email) of items due soon or overdue."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rem = sub.add_parser(
            "remind",
            help="notify lead organisations and responsible places of items due soon or overdue; "
            "a reminder is never sent twice",
        )
        rem.add_argument(
            "--days",
            type=_days,
            default=DEFAULT_DAYS,
            help=f"remind of items due within this many days (default {DEFAULT_DAYS})",
        )
        rem.add_argument(
            "--today", type=_day, default=None, help="run as on this date (default: today)"
        )
        rem.add_argument(
            "--dry-run", action="store_true", help="list what would be sent; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "remind":  # pragma: no cover - argparse refuses others
            raise CommandError(f"unknown action {options['action']}")
        result = reminder_send_all(
            today=options["today"], days=options["days"], dry_run=options["dry_run"]
        )
        if options["dry_run"] or options["verbosity"] > 1:
            for reminder in result.reminders:
                self.stdout.write(
                    f"{reminder.kind:9} {date_format(reminder.due_on, 'Y-m-d')}  "
                    f"{reminder.user.username:16} {reminder.item.document.title} · "
                    f"{reminder.item.number}. {reminder.item.title}"
                )
        self.stdout.write(result.summary())
        if result.failed:
            self.stderr.write(
                _("%(count)d emails could not be sent; see the log.") % {"count": result.failed}
            )
