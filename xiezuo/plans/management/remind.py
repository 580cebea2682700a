"""The `remind` subcommand that `xiezuo plans`, `xiezuo exchange` and `xiezuo assessment`
share: its arguments (`--days`, `--today`, `--dry-run`) and its run (send, list what a dry
run would send, say how many were sent and how many mails failed)."""

from __future__ import annotations

from argparse import ArgumentTypeError
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from xiezuo.dates import parse_day
from xiezuo.plans.reminders import Due, RemindResult

R = TypeVar("R", bound=Due)


class SubParsers(Protocol):
    def add_parser(self, name: str, **kwargs: Any) -> Any: ...


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


def remind_parser_add(sub: SubParsers, *, help: str, days_help: str, default_days: int) -> None:
    """Add the `remind` subcommand to `sub` (an `add_subparsers()` result); `days_help` says
    what `--days` counts, e.g. "remind of items due within this many days"."""
    rem = sub.add_parser("remind", help=help)
    rem.add_argument(
        "--days", type=_days, default=default_days, help=f"{days_help} (default {default_days})"
    )
    rem.add_argument(
        "--today", type=_day, default=None, help="run as on this date (default: today)"
    )
    rem.add_argument(
        "--dry-run", action="store_true", help="list what would be sent; change nothing"
    )


def remind_run(
    command: BaseCommand,
    options: dict[str, Any],
    send_all: Callable[..., RemindResult[R]],
    describe: Callable[[R], str],
) -> None:
    """Run `send_all(today=, days=, dry_run=)` with the options; on a dry run (or at
    verbosity 2) list each reminder as `describe` writes it; then the summary, and the
    failed mails on stderr."""
    result = send_all(today=options["today"], days=options["days"], dry_run=options["dry_run"])
    if options["dry_run"] or options["verbosity"] > 1:
        for reminder in result.reminders:
            command.stdout.write(describe(reminder))
    command.stdout.write(result.summary())
    if result.failed:
        command.stderr.write(
            _("%(count)d emails could not be sent; see the log.") % {"count": result.failed}
        )
