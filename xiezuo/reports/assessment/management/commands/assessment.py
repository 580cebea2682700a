"""`xiezuo assessment remind`: reminders of the assessment's deadlines (run it from cron)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xiezuo.plans.management.commands.plans import _day, _days
from xiezuo.reports.assessment.reminders import DEFAULT_DAYS, reminder_send_all


class Command(BaseCommand):
    help = "Assessment tasks. remind: notify (in the app and by email) of the cycle's deadlines."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rem = sub.add_parser(
            "remind",
            help="notify whoever takes each assessment's next step of its deadline; once per "
            "deadline",
        )
        rem.add_argument(
            "--days", type=_days, default=DEFAULT_DAYS,
            help=f"remind of deadlines within this many days, or past (default {DEFAULT_DAYS})",
        )  # fmt: skip
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
            for r in result.reminders:
                self.stdout.write(
                    f"{r.due.isoformat()}  {r.user.username:16} {r.stage:8} "
                    f"{r.assessment.year} {r.assessment.place.code}"
                )
        self.stdout.write(result.summary())
        if result.failed:
            self.stderr.write(
                _("%(count)d emails could not be sent; see the log.") % {"count": result.failed}
            )
