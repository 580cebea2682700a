"""`xiezuo exchange remind`: reminders of secondments ending soon (run it from cron)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.exchange.reminders import DEFAULT_DAYS, Reminder, reminder_send_all
from xiezuo.plans.management.remind import remind_parser_add, remind_run


def _describe(reminder: Reminder) -> str:
    s = reminder.secondment
    return (
        f"{s.planned_end.isoformat()}  {reminder.user.username:16} "
        f"{s.person.name} · {s.origin.code} → {s.host.code}"
    )


class Command(BaseCommand):
    help = "Talent exchange tasks. remind: notify (in the app and by email) of secondments ending."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind_parser_add(
            sub,
            help="notify the host's and the origin's clerks and coordinators of secondments "
            "ending soon; a reminder is never sent twice",
            days_help="remind of secondments ending within this many days",
            default_days=DEFAULT_DAYS,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        remind_run(self, options, reminder_send_all, _describe)
