"""`xiezuo plans remind`: reminders of work items due soon or overdue (run it from cron)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.formats import date_format

from xiezuo.plans.management.remind import remind_parser_add, remind_run
from xiezuo.plans.reminders import DEFAULT_DAYS, Reminder, reminder_send_all


def _describe(reminder: Reminder) -> str:
    return (
        f"{reminder.kind:9} {date_format(reminder.due_on, 'Y-m-d')}  "
        f"{reminder.user.username:16} {reminder.item.document.title} · "
        f"{reminder.item.number}. {reminder.item.title}"
    )


class Command(BaseCommand):
    help = "Work plan tasks. remind: notify (in the app and by email) of items due soon or overdue."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind_parser_add(
            sub,
            help="notify lead organisations and responsible places of items due soon or "
            "overdue; a reminder is never sent twice",
            days_help="remind of items due within this many days",
            default_days=DEFAULT_DAYS,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        remind_run(self, options, reminder_send_all, _describe)
