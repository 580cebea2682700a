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


def _notice(reminder: Reminder, *, today: date) -> dict[str, Any]:
    kind = NotificationKind.OVERDUE if reminder.due < today else NotificationKind.DUE_SOON
    return {
        "subject_key": subject_key(reminder.assessment, reminder.stage),
        "kind": kind,
        "due_on": reminder.due,
        "subject_text": _text(reminder),
        "subject_url": reverse("assessment_detail", args=[reminder.assessment.uid]),
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
        (subject_key(r.assessment, r.stage) for r in due), (r.user for r in due)
    )
    return notices_send(
        due, today=on, dry_run=dry_run, existing=existing,
        notice=lambda r: _notice(r, today=on),
        templates=("assessment/reminder_subject.txt", "assessment/reminder_body.txt"),
    )  # fmt: skip
