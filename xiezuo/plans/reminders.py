"""Reminders of work items due soon or overdue, and the in-app notifications they make.

`xiezuo plans remind [--days N] [--today YYYY-MM-DD] [--dry-run]` (run it
from cron, e.g. every morning) calls `reminder_send_all()`. The in-app
notifications are read and marked read by `selectors` and `services`.

Which items. Every work item that is not done — "done" is the computed
status (`xiezuo.plans.status`) as it stands on the run's date — and whose due
date is

- within the next N days (default 7), today and the N-th day included:
  a *due soon* reminder;
- already past: an *overdue* reminder.

Who is reminded (the recipient rule). For each such item:

- every active user with a role of clerk or above whose organisation is the
  item's lead organisation; and
- every active user with a role of clerk or above one of whose scope places
  is exactly one of the item's responsible places (a county clerk whose
  scope is that county; a prefecture's user is not reminded of a county's
  item, nor a county's of its prefecture's).

Viewers, supporting organisations and users whose scope merely contains a
responsible place are not reminded; they see the item on the board.

Once only. Each (user, item, kind, due date) gets one notification — the
model's unique constraint — and one email: `emailed_at` is set when it went
out, so running the command again sends nothing new, and a mail that failed
(or a run stopped between making and mailing) is tried again by the next run
while the item is still due. A changed due date
is a new reminder; an item due soon that becomes overdue gets its overdue
reminder too.

Email. One message per user per run, listing that user's new reminders with
a link to each item (`XIEZUO_SITE_URL` followed by the item's page), in the
site's default language (users have no language of their own). A user
without an email address gets the in-app notification only; `emailed_at`
records when the mail went out.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Generic, Protocol, TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xiezuo.accounts import policy
from xiezuo.accounts.models import User

from . import selectors
from .models import Document, Notification, NotificationKind, WorkItem
from .status import Status

log = logging.getLogger(__name__)

DEFAULT_DAYS = 7
# those who may report on an item are reminded of it (clerk and up)
REMINDED_ROLES = policy.roles_for("plan.update")


@dataclass(frozen=True)
class Reminder:
    """A reminder one user should have about one item."""

    user: User
    item: WorkItem
    kind: str
    due_on: date

    @property
    def key(self) -> tuple[int, int, str, date]:
        return (self.user.pk, self.item.pk, self.kind, self.due_on)


class Due(Protocol):
    """A reminder one user should have, in any app: `key` names it once only (with the due
    date), e.g. (user pk, subject key, due date)."""

    @property
    def user(self) -> User: ...

    @property
    def key(self) -> Hashable: ...


R = TypeVar("R", bound=Due)


@dataclass
class RemindResult(Generic[R]):
    """What a run did: the reminders created (or, in a dry run, that would be), emails sent."""

    reminders: list[R] = field(default_factory=list)
    emails: int = 0
    failed: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        """The run in a line, e.g. "3 reminders, 2 emails", in the active language."""
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


# --- which items, whom -------------------------------------------------------------


def reminder_kind(*, due_on: date, today: date) -> str:
    return NotificationKind.OVERDUE if due_on < today else NotificationKind.DUE_SOON


def reminder_items(*, today: date, days: int = DEFAULT_DAYS) -> list[WorkItem]:
    """Items not done (as on `today`) that are due by `today + days`, overdue ones included."""
    horizon = today + timedelta(days=days)
    found: list[WorkItem] = []
    for document in Document.objects.filter(items__due_on__lte=horizon).distinct():
        items = list(selectors.item_list(document=document).filter(due_on__lte=horizon))
        statuses = selectors.item_assessments(items, on=today)
        found += [item for item in items if statuses[item.pk].status != Status.DONE]
    return found


def reminder_recipients(items: Sequence[WorkItem]) -> dict[int, list[User]]:
    """item id -> the users to remind of it (the recipient rule above), in two queries."""
    eligible = User.objects.filter(is_active=True, role__in=REMINDED_ROLES)
    members: dict[int, list[User]] = defaultdict(list)
    for user in eligible.filter(organisation_id__in={item.lead_id for item in items}):
        assert user.organisation_id is not None
        members[user.organisation_id].append(user)
    place_ids = {place.pk for item in items for place in item.places.all()}
    answerable: dict[int, list[User]] = defaultdict(list)
    through = User.scope_places.through.objects.filter(
        place_id__in=place_ids, user__in=eligible
    ).select_related("user")
    for row in through:
        answerable[row.place_id].append(row.user)
    found: dict[int, list[User]] = {}
    for item in items:
        users = {u.pk: u for u in members.get(item.lead_id, [])}
        for place in item.places.all():
            users.update({u.pk: u for u in answerable.get(place.pk, [])})
        found[item.pk] = sorted(users.values(), key=lambda u: u.username)
    return found


def reminder_list(*, today: date, days: int = DEFAULT_DAYS) -> list[Reminder]:
    """Every reminder that should exist on `today`, whether or not it exists already."""
    items = reminder_items(today=today, days=days)
    whom = reminder_recipients(items)
    return [
        Reminder(user, item, reminder_kind(due_on=item.due_on, today=today), item.due_on)
        for item in items
        for user in whom[item.pk]
    ]


# --- the run -------------------------------------------------------------------------


def _existing(reminders: Sequence[Reminder]) -> dict[Hashable, Notification]:
    rows = Notification.objects.filter(
        item_id__in={r.item.pk for r in reminders}, user_id__in={r.user.pk for r in reminders}
    )
    return {(n.user_id, n.item_id, n.kind, n.due_on): n for n in rows}


def _notice(reminder: Reminder) -> dict[str, Any]:
    return {"item": reminder.item, "kind": reminder.kind, "due_on": reminder.due_on}


def reminder_send_all(
    *, today: date | None = None, days: int = DEFAULT_DAYS, dry_run: bool = False
) -> RemindResult[Reminder]:
    """Create the missing notifications and mail the new ones (see the module docstring)."""
    if days < 0:
        raise ValueError("days must not be negative")
    today = today or timezone.localdate()
    due = reminder_list(today=today, days=days)
    return notices_send(
        due, today=today, dry_run=dry_run, existing=_existing(due), notice=_notice,
        templates=("plans/email/reminder_subject.txt", "plans/email/reminder_body.txt"),
        line=_line,
    )  # fmt: skip


def _line(reminder: Reminder, notification: Notification, today: date) -> dict[str, Any]:
    """One item in the plans' mail: the item itself, whether overdue, and its page."""
    item = reminder.item
    return {
        "item": item,
        "overdue": reminder.kind == NotificationKind.OVERDUE,
        "due_on": reminder.due_on,
        "days": abs((reminder.due_on - today).days),
        "url": site_url(reverse("plan_item_detail", args=[item.pk])),
    }


# --- any app's reminders: the notifications, the mail ------------------------------


def notices_about(
    subject_keys: Iterable[str], users: Iterable[User], **filters: Any
) -> dict[Hashable, Notification]:
    """The notifications already there about these subjects (not work items) for these
    users, by (user pk, subject key, due date): `existing` for `notices_send`."""
    rows = Notification.objects.filter(
        subject_key__in=set(subject_keys), user_id__in={u.pk for u in users}, **filters
    )
    return {(n.user_id, n.subject_key, n.due_on): n for n in rows}


def notice_line(_reminder: Any, notification: Notification, today: date) -> dict[str, Any]:
    """One reminder in a mail about subjects other than work items: its text, link, days left."""
    return {
        "text": notification.subject_text,
        "url": site_url(notification.subject_url),
        "days": (notification.due_on - today).days,
    }


def notices_send(
    due: Sequence[R],
    *,
    today: date,
    dry_run: bool,
    existing: Mapping[Hashable, Notification],
    notice: Callable[[R], dict[str, Any]],
    templates: tuple[str, str],
    line: Callable[[R, Notification, date], dict[str, Any]] = notice_line,
) -> RemindResult[R]:
    """The run of any app's reminders: create the notifications of `due` not yet `existing`
    (by `reminder.key`), then mail the new ones and those an earlier run did not mail.

    `notice(reminder)` gives the notification's fields (`item` or `subject_key`, `kind`,
    `due_on`, and `subject_text`, `subject_url` for a subject); `templates`, the mail's
    (subject, body) templates, given `user`, `count`, `lines` (`line(reminder,
    notification, today)` each) and `notifications_url`. A dry run creates and sends
    nothing and counts the reminders and emails it would have."""
    missing = [r for r in due if r.key not in existing]
    if dry_run:
        emails = len({r.user.pk for r in missing if r.user.email})
        return RemindResult(missing, emails=emails, dry_run=True)
    created: list[tuple[R, Notification]] = []
    for reminder in missing:
        fields = notice(reminder)
        defaults: dict[str, Any] = {
            k: fields.pop(k) for k in ("subject_text", "subject_url") if k in fields
        }
        if "subject_text" in defaults:
            defaults["subject_text"] = defaults["subject_text"][:300]
        # get_or_create: of two runs at once, only one creates (the unique
        # constraints), so only one mails
        notification, made = Notification.objects.get_or_create(
            user=reminder.user, defaults=defaults, **fields
        )
        if made:
            created.append((reminder, notification))
    # made by an earlier run whose mail did not go out (a failed send, or a run stopped
    # between making and mailing), still due today: mailed now
    unsent = [
        (r, existing[r.key]) for r in due
        if r.key in existing and existing[r.key].emailed_at is None and r.user.email
    ]  # fmt: skip
    subject_template, body_template = templates

    def message_for(user: User, lines: Sequence[tuple[R, Notification]]) -> EmailMessage:
        context = {
            "user": user,
            "count": len(lines),
            "lines": [line(r, n, today) for r, n in lines],
            "notifications_url": site_url(reverse("plan_notification_list")),
        }
        with translation.override(recipient_language(user)):
            subject = " ".join(render_to_string(subject_template, context).split())
            body = render_to_string(body_template, context)
        return EmailMessage(subject, body, to=[user.email])

    emails, failed = mail_by_user(created + unsent, message_for)
    return RemindResult([r for r, _n in created], emails=emails, failed=failed)


def site_url(path: str) -> str:
    return settings.XIEZUO_SITE_URL.rstrip("/") + path


def recipient_language(user: User) -> str:
    """The language of a user's mail: the user's own if the model ever gets one, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def mail_by_user(
    batch: Sequence[tuple[Any, Notification]],
    message_for: Callable[[User, Sequence[tuple[Any, Notification]]], EmailMessage],
    *,
    records: type[Model] = Notification,
) -> tuple[int, int]:
    """Mail reminders, one message per user with an email address (`message_for` writes it
    from the user's reminders and notifications), marking the notifications mailed; returns
    (sent, failed). Any app's reminders (`reminder.user`) go out this way; `records`: the
    model of the second members (with an `emailed_at`), when they are not notifications."""
    by_user: dict[int, list[tuple[Any, Notification]]] = defaultdict(list)
    for reminder, notification in batch:
        if reminder.user.email:
            by_user[reminder.user.pk].append((reminder, notification))
    if not by_user:
        return 0, 0
    sent = failed = 0
    with get_connection() as connection:
        for lines in by_user.values():
            user = lines[0][0].user
            message = message_for(user, lines)
            message.connection = connection
            try:
                message.send()
            except (smtplib.SMTPException, OSError):
                # the notification stays in the app; the next run tries the mail again
                log.exception("reminder mail to %s failed", user.email)
                failed += 1
                continue
            records._default_manager.filter(pk__in=[n.pk for _r, n in lines]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent, failed
