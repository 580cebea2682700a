"""The monthly summary mailed to each coordinator (`xiezuo reports send`, from cron, e.g.
on the first of each month): the dashboard's figures for the coordinator's home places —
the places of his scope with none of their ancestors in it — for the year so far, and the
work plan's overdue items in his scope, each with its link.

Once a month per person: a `SummarySent` (user, month) is made before the mail goes out
and marked when it went (`plans.reminders.mail_by_user`, the one mail loop); a second run
in the same month sends nothing, and a mail that failed is tried again by the next run of
that month. Each mail is written in the recipient's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.core.mail import EmailMessage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.accounts.models import Role, User
from xiezuo.language import period_label
from xiezuo.places.models import Place
from xiezuo.places.selectors import home_place_code, place_get
from xiezuo.plans.models import WorkItem
from xiezuo.plans.reminders import mail_by_user, recipient_language, reminder_items, site_url

from . import dashboard as dashboards
from .models import SummarySent


@dataclass(frozen=True)
class Summary:
    """One coordinator's summary of a month (`user` is what `mail_by_user` reads)."""

    user: User
    month: str
    places: tuple[Place, ...]


@dataclass
class SendResult:
    summaries: list[Summary] = field(default_factory=list)
    emails: int = 0
    failed: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        if self.dry_run:
            return ngettext(
                "%(count)d monthly summary would be sent.",
                "%(count)d monthly summaries would be sent.",
                len(self.summaries),
            ) % {"count": len(self.summaries)}
        return ngettext(
            "%(count)d monthly summary sent.", "%(count)d monthly summaries sent.", self.emails
        ) % {"count": self.emails}


def home_places(user: User) -> list[Place]:
    """The user's scope places that have no ancestor in his scope (else his organisation's
    place, else the programme's home region)."""
    scope = list(user.scope_places.all())
    codes = {p.code for p in scope}
    top = [p for p in scope if not any(p.code.startswith(c) and p.code != c for c in codes)]
    if top:
        return sorted(top, key=lambda p: p.code)
    if user.organisation is not None and user.organisation.place is not None:
        return [user.organisation.place]
    home = place_get(home_place_code())
    return [home] if home is not None else []


def summary_recipients() -> list[User]:
    """Active coordinators with an email address."""
    return list(
        User.objects.filter(is_active=True, role=Role.COORDINATOR)
        .exclude(email="")
        .select_related("organisation__place")
        .prefetch_related(Prefetch("scope_places", queryset=Place.objects.order_by("code")))
        .order_by("username")
    )


def summary_list(*, today: date) -> list[Summary]:
    """The summaries due this month and not sent yet (a failed one again)."""
    month = periods.of_date(today, periods.PeriodType.MONTHLY).id
    users = summary_recipients()
    sent = set(
        SummarySent.objects.filter(
            month=month, user__in=users, emailed_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    return [
        Summary(user=user, month=month, places=tuple(home_places(user)))
        for user in users
        if user.pk not in sent
    ]


def _overdue(items: Sequence[WorkItem], places: Sequence[Place], today: date) -> list[dict]:
    """The overdue items (of those not done) that a place in these subtrees answers for."""
    found = []
    for item in items:
        if item.due_on >= today:
            continue
        if not any(p.code.startswith(root.code) for p in item.places.all() for root in places):
            continue
        found.append(
            {
                "item": item,
                "days": (today - item.due_on).days,
                "url": site_url(reverse("plan_item_detail", args=[item.pk])),
            }
        )
    return found


def summary_message(summary: Summary, *, items: Sequence[WorkItem], today: date) -> EmailMessage:
    """The summary's mail, in the recipient's language."""
    user = summary.user
    with translation.override(recipient_language(user)):
        boards = [
            {
                "board": dashboards.dashboard(
                    place=place,
                    year=today.year,
                    unapproved_within=policy.unapproved_scope(user),
                    today=today,
                ),
                "url": site_url(dashboards.dashboard_url(place.code, today.year)),
            }
            for place in summary.places
        ]
        context = {
            "user": user,
            "month": period_label(periods.parse(summary.month)),
            "boards": boards,
            "overdue": _overdue(items, summary.places, today),
        }
        subject = " ".join(render_to_string("reports/email/summary_subject.txt", context).split())
        body = render_to_string("reports/email/summary_body.txt", context)
    return EmailMessage(subject, body, to=[user.email])


def summary_send_all(*, today: date | None = None, dry_run: bool = False) -> SendResult:
    """Mail each coordinator the month's summary once (see the module docstring)."""
    today = today or timezone.localdate()
    due = summary_list(today=today)
    if dry_run:
        return SendResult(due, dry_run=True)
    batch: list[tuple[Summary, SummarySent]] = []
    for summary in due:
        record, _made = SummarySent.objects.get_or_create(user=summary.user, month=summary.month)
        if record.emailed_at is None:
            batch.append((summary, record))
    # the items not done and due before today
    items = reminder_items(today=today, days=-1) if batch else []

    def message_for(user: User, lines: Sequence[tuple[Any, Any]]) -> EmailMessage:
        return summary_message(lines[0][0], items=items, today=today)

    emails, failed = mail_by_user(cast(Any, batch), cast(Any, message_for), records=SummarySent)
    return SendResult([s for s, _r in batch], emails=emails, failed=failed)
