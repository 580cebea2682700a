"""Reminders of the assessment's deadlines, through the work plan's notifications.

`xiezuo assessment remind [--days N] [--today YYYY-MM-DD] [--dry-run]` (from cron, every
morning, beside `xiezuo plans remind`) calls `reminder_send_all()`.

Which assessments. Each not yet approved whose next deadline (the self-assessment by 31
December, the cross-verification by 31 January, the approved result by the end of
February) is within the next N days (default 14) or past.

Who is reminded. For the self-assessment, the users who may fill it in (clerk and up)
whose scope place is the assessed unit; for the cross-verification, the approvers and up,
and for the approval the coordinators and up, whose scope place is the unit's parent (the
level above).

Once per deadline. Each (user, assessment, stage, deadline) gets one notification — the
subject key "assessment.<stage>:<uid>" with the deadline as its due date, whether it was
due soon or already overdue when first seen — and one email (`emailed_at`).
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

from .models import Assessment, Status
from .selectors import STAGE_OF_STATUS, deadlines, stage_label

DEFAULT_DAYS = 14
STAGE_ACTIONS = {"self": "assessment.self", "verify": "assessment.verify",
                 "approve": "assessment.approve"}  # fmt: skip


def subject_key(assessment: Assessment, stage: str) -> str:
    return f"assessment.{stage}:{assessment.uid}"


@dataclass(frozen=True)
class Reminder:
    user: User
    assessment: Assessment
    stage: str
    due: date

    @property
    def key(self) -> tuple[int, str, date]:
        return (self.user.pk, subject_key(self.assessment, self.stage), self.due)


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


def _who_place(assessment: Assessment, stage: str) -> int | None:
    return assessment.place_id if stage == "self" else assessment.place.parent_id


def reminder_list(*, today: date, days: int = DEFAULT_DAYS) -> list[Reminder]:
    """Every reminder that should exist on `today`, whether or not it exists already."""
    due_now = []
    for assessment in Assessment.objects.filter(status__in=list(STAGE_OF_STATUS)).select_related(
        "place"
    ):
        stage = STAGE_OF_STATUS[Status(assessment.status)]
        due = deadlines(assessment.year)[stage]
        if (due - today).days <= days:
            due_now.append((assessment, stage, due))
    places = {p for a, s, _d in due_now if (p := _who_place(a, s)) is not None}
    through = User.scope_places.through.objects.filter(
        place_id__in=places, user__is_active=True
    ).select_related("user")
    users_at: dict[int, dict[int, User]] = defaultdict(dict)
    for row in through:
        users_at[row.place_id][row.user.pk] = row.user
    found = []
    for assessment, stage, due in due_now:
        roles = set(policy.roles_for(STAGE_ACTIONS[stage]))
        place_id = _who_place(assessment, stage)
        users = [u for u in users_at.get(place_id or 0, {}).values() if u.role in roles]
        found += [
            Reminder(u, assessment, stage, due) for u in sorted(users, key=lambda u: u.username)
        ]
    return found


def _text(reminder: Reminder) -> str:
    a = reminder.assessment
    return _("%(stage)s %(day)s: %(year)s assessment of %(place)s") % {
        "stage": stage_label(reminder.stage), "day": reminder.due.isoformat(),
        "year": a.year, "place": a.place.name,
    }  # fmt: skip


def _existing(reminders: Sequence[Reminder]) -> dict[tuple[int, str, date], Notification]:
    rows = Notification.objects.filter(
        subject_key__in={subject_key(r.assessment, r.stage) for r in reminders},
        user_id__in={r.user.pk for r in reminders},
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
    created: list[tuple[Reminder, Notification]] = []
    for reminder in missing:
        kind = NotificationKind.OVERDUE if reminder.due < today else NotificationKind.DUE_SOON
        notification, made = Notification.objects.get_or_create(
            user=reminder.user, subject_key=subject_key(reminder.assessment, reminder.stage),
            kind=kind, due_on=reminder.due,
            defaults={"subject_text": _text(reminder)[:300],
                      "subject_url": reverse("assessment_detail",
                                             args=[reminder.assessment.uid])},
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
            subject = " ".join(render_to_string("assessment/reminder_subject.txt", context).split())
            body = render_to_string("assessment/reminder_body.txt", context)
        return EmailMessage(subject, body, to=[user.email])

    return mail_by_user(batch, message_for)
