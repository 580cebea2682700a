"""Reminders of secondments ending soon, through the work plan's notifications.

`xiezuo exchange remind [--days N] [--today YYYY-MM-DD] [--dry-run]` (run it from cron,
every morning, beside `xiezuo plans remind`) calls `reminder_send_all()`.

Which secondments. Every secondment in post on the run's day (started, not ended) whose
planned end is within the next N days (default 30), the day itself and the N-th included.

Who is reminded. The clerks and coordinators (clerk and up, as those who record
secondments) whose scope place is the host place or the origin place, or the county
either lies in (a township's secondment reaches the county's clerks); a prefecture's or
a province's users are not reminded of a county's secondment.

Once only. Each (user, secondment, planned end) gets one notification — the
notification's unique constraint on its subject key "exchange.secondment:<uid>" — and
one email: `emailed_at` is set when it went out, so a second run sends nothing; a mail
that failed is tried again by the next run. A changed planned end is a new reminder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.plans.models import NotificationKind
from xiezuo.plans.reminders import RemindResult, notices_about, notices_send

from .models import Secondment
from .quotas import county_of, ending_list

DEFAULT_DAYS = 30
REMINDED_ROLES = policy.roles_for("exchange.record")


def subject_key(secondment: Secondment) -> str:
    return f"exchange.secondment:{secondment.uid}"


@dataclass(frozen=True)
class Reminder:
    user: User
    secondment: Secondment

    @property
    def key(self) -> tuple[int, str, date]:
        return (self.user.pk, subject_key(self.secondment), self.secondment.planned_end)


def _places(secondment: Secondment) -> set[str]:
    codes = {secondment.host.code, secondment.origin.code}
    return codes | {county_of(code) for code in codes}


def reminder_list(*, today: date, days: int = DEFAULT_DAYS) -> list[Reminder]:
    """Every reminder that should exist on `today`, whether or not it exists already."""
    ending = list(ending_list(on=today, days=days))
    wanted = set().union(*(_places(s) for s in ending)) if ending else set()
    through = User.scope_places.through.objects.filter(
        place__code__in=wanted, user__is_active=True, user__role__in=REMINDED_ROLES
    ).select_related("user", "place")
    users_at: dict[str, dict[int, User]] = defaultdict(dict)
    for row in through:
        users_at[row.place.code][row.user.pk] = row.user
    found = []
    for secondment in ending:
        users: dict[int, User] = {}
        for code in _places(secondment):
            users.update(users_at.get(code, {}))
        found += [Reminder(u, secondment) for u in sorted(users.values(), key=lambda u: u.username)]
    return found


def _text(secondment: Secondment) -> str:
    return _("%(name)s ends the secondment to %(host)s on %(day)s") % {
        "name": secondment.person.name,
        "host": secondment.host.name,
        "day": secondment.planned_end.isoformat(),
    }


def _notice(reminder: Reminder, *, today: date) -> dict[str, Any]:
    secondment = reminder.secondment
    path = reverse("exchange_in_post")
    return {
        "subject_key": subject_key(secondment),
        "kind": NotificationKind.ENDING,
        "due_on": secondment.planned_end,
        "subject_text": _text(secondment),
        "subject_url": f"{path}?on={today.isoformat()}&place={secondment.host.code}",
    }


def reminder_send_all(
    *, today: date | None = None, days: int = DEFAULT_DAYS, dry_run: bool = False
) -> RemindResult[Reminder]:
    """Create the missing notifications and mail the new ones (and those unsent before)."""
    if days < 0:
        raise ValueError("days must not be negative")
    on = today or timezone.localdate()
    due = reminder_list(today=on, days=days)
    existing = notices_about(
        (subject_key(r.secondment) for r in due), (r.user for r in due),
        kind=NotificationKind.ENDING,
    )  # fmt: skip
    return notices_send(
        due, today=on, dry_run=dry_run, existing=existing,
        notice=lambda r: _notice(r, today=on),
        templates=("exchange/in_post_reminder_subject.txt", "exchange/in_post_reminder_body.txt"),
    )  # fmt: skip
