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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.plans.models import Notification, NotificationKind
from xiezuo.plans.reminders import mail_by_user, recipient_language, site_url

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


@dataclass
class RemindResult:
    reminders: list[Reminder] = field(default_factory=list)
    emails: int = 0
    failed: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        reminders = ngettext("%(count)d reminder", "%(count)d reminders", len(self.reminders)) % {
            "count": len(self.reminders)
        }
        emails = ngettext("%(count)d email", "%(count)d emails", self.emails) % {
            "count": self.emails
        }
        line = _("%(reminders)s, %(emails)s") % {"reminders": reminders, "emails": emails}
        if self.dry_run:
            return _("Dry run, nothing created or sent: %(summary)s") % {"summary": line}
        return line


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


def _existing(reminders: Sequence[Reminder]) -> dict[tuple[int, str, date], Notification]:
    rows = Notification.objects.filter(
        subject_key__in={subject_key(r.secondment) for r in reminders},
        user_id__in={r.user.pk for r in reminders},
        kind=NotificationKind.ENDING,
    )
    return {(n.user_id, n.subject_key, n.due_on): n for n in rows}


def reminder_send_all(
    *, today: date | None = None, days: int = DEFAULT_DAYS, dry_run: bool = False
) -> RemindResult:
    """Create the missing notifications and mail the new ones (and those unsent before)."""
    if days < 0:
        raise ValueError("days must not be negative")
    today = today or timezone.localdate()
    due = reminder_list(today=today, days=days)
    existing = _existing(due)
    missing = [r for r in due if r.key not in existing]
    if dry_run:
        emails = len({r.user.pk for r in missing if r.user.email})
        return RemindResult(missing, emails=emails, dry_run=True)
    path = reverse("exchange_in_post")
    created: list[tuple[Reminder, Notification]] = []
    for reminder in missing:
        secondment = reminder.secondment
        notification, made = Notification.objects.get_or_create(
            user=reminder.user, subject_key=subject_key(secondment),
            kind=NotificationKind.ENDING, due_on=secondment.planned_end,
            defaults={"subject_text": _text(secondment)[:300],
                      "subject_url": f"{path}?on={today.isoformat()}&place={secondment.host.code}"},
        )  # fmt: skip
        if made:
            created.append((reminder, notification))
    unsent = [
        (r, existing[r.key]) for r in due
        if r.key in existing and existing[r.key].emailed_at is None and r.user.email
    ]  # fmt: skip
    emails, failed = _mail(created + unsent, today=today)
    return RemindResult([r for r, _n in created], emails=emails, failed=failed)


def _mail(batch: Sequence[tuple[Reminder, Notification]], *, today: date) -> tuple[int, int]:
    """One message per user with an email address; returns (sent, failed)."""

    def message_for(user: User, lines: Sequence[tuple[Reminder, Notification]]) -> EmailMessage:
        context = {
            "user": user,
            "count": len(lines),
            "lines": [
                {
                    "text": n.subject_text,
                    "url": site_url(n.subject_url),
                    "days": (n.due_on - today).days,
                }
                for _r, n in lines
            ],
            "notifications_url": site_url(reverse("plan_notification_list")),
        }
        with translation.override(recipient_language(user)):
            subject = " ".join(
                render_to_string("exchange/in_post_reminder_subject.txt", context).split()
            )
            body = render_to_string("exchange/in_post_reminder_body.txt", context)
        return EmailMessage(subject, body, to=[user.email])

    return mail_by_user(batch, message_for)
