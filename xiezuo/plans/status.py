"""A work item's status, computed — never typed.

The rule, in order (the first that applies wins); the board shows it too:

1. **done** — every milestone is ticked and every target is reached; an item
   with neither milestones nor targets is done when its latest update
   reports 100 %.
2. **overdue** — not done, and the due date has passed (an item due today is
   not yet overdue).
3. **at risk** — not done, and any of: a milestone's due date has passed
   without it being ticked; a target's live value is below 80 % of the share
   of the target that the reporting periods already past in its period call
   for (a monthly figure: the whole months past, so in January nothing is
   expected yet; a yearly figure: nothing until the year is over); the latest
   update's percentage lags the elapsed share of the item's time by more
   than 25 points; nothing at all has been recorded although half of the
   item's time has gone.
4. **not started** — nothing recorded yet: no update, no milestone ticked,
   no target with a value above zero.
5. **on track** — everything else.

The elapsed share of a span runs from 0 on its first day to 1 on its last
(a one-day span is wholly elapsed on that day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiezuo.numbers import format_cn

TARGET_TOLERANCE = Decimal("0.8")  # a target is at risk below 80 % of what time calls for
PROGRESS_LAG = 25  # percentage points of reported progress behind elapsed time
IDLE_SHARE = 0.5  # nothing recorded by half time: at risk


class Status(models.TextChoices):
    """The stable names of the API contract, in the order the board lists them."""

    OVERDUE = "overdue", gettext_lazy("Overdue")
    AT_RISK = "at_risk", gettext_lazy("At risk")
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    ON_TRACK = "on_track", gettext_lazy("On track")
    DONE = "done", gettext_lazy("Done")


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due_on: date
    done_on: date | None = None


@dataclass(frozen=True)
class TargetFacts:
    label: str
    value: Decimal
    actual: Decimal | None
    starts_on: date  # the target period's first day
    ends_on: date  # … and its last
    step_months: int = 1  # how often the figure is reported: 1 monthly … 12 yearly

    @property
    def reached(self) -> bool:
        return self.actual is not None and self.actual >= self.value


@dataclass(frozen=True)
class ItemFacts:
    starts_on: date
    due_on: date
    milestones: Sequence[MilestoneFacts] = ()
    targets: Sequence[TargetFacts] = ()
    latest_percent: int | None = None  # of the latest update that gave one
    last_update_on: date | None = None
    updates: int = 0


@dataclass
class Assessment:
    status: Status
    reasons: list[str] = field(default_factory=list)
    # when done: the last tick, or without milestones the last update; None when
    # targets count too (the day a figure reached its target is not recorded)
    completed_on: date | None = None
    elapsed: float = 0.0  # share of the item's time gone
    # the live value of each of the item's targets (by Target id), as the status read it
    target_values: dict[int, Decimal | None] = field(default_factory=dict)


def elapsed_share(starts_on: date, ends_on: date, today: date) -> float:
    if today < starts_on:
        return 0.0
    if today >= ends_on:
        return 1.0
    return (today - starts_on).days / (ends_on - starts_on).days


def months_share(starts_on: date, ends_on: date, today: date, step_months: int = 1) -> float:
    """The share of a target period wholly past on `today`, in reporting periods.

    With monthly reporting, the whole months past; with half-yearly
    reporting, nothing until the first half is over, and so on."""
    if today > ends_on:
        return 1.0
    total = (ends_on.year - starts_on.year) * 12 + ends_on.month - starts_on.month + 1
    past = (today.year - starts_on.year) * 12 + today.month - starts_on.month
    past = min(max(past, 0), total)
    return (past - past % max(step_months, 1)) / total


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def assess(facts: ItemFacts, today: date) -> Assessment:
    """Apply the rule above to one item's facts on `today`."""
    elapsed = elapsed_share(facts.starts_on, facts.due_on, today)
    milestones_done = all(m.done_on is not None for m in facts.milestones)
    targets_reached = all(t.reached for t in facts.targets)
    if facts.milestones or facts.targets:
        done = milestones_done and targets_reached
    else:
        done = facts.latest_percent == 100
    if done:
        # done on the last tick; without milestones, on the last update; with
        # targets the day cannot be told (the report asks the status as on the due date)
        dates = [m.done_on for m in facts.milestones if m.done_on is not None]
        if not facts.milestones and facts.last_update_on is not None:
            dates.append(facts.last_update_on)
        if facts.targets:
            dates = []
        reasons = []
        if facts.targets:
            reasons.append(_("All targets reached."))
        if facts.milestones:
            reasons.append(_("All milestones done."))
        if not reasons:
            reasons.append(_("Reported as complete."))
        return Assessment(Status.DONE, reasons, max(dates) if dates else None, elapsed)

    if today > facts.due_on:
        return Assessment(
            Status.OVERDUE,
            [_("Due on %(day)s and not done.") % {"day": _day(facts.due_on)}],
            None,
            elapsed,
        )

    risks: list[str] = []
    for m in facts.milestones:
        if m.done_on is None and m.due_on < today:
            risks.append(
                _("Milestone “%(title)s” was due on %(day)s.")
                % {"title": m.title, "day": _day(m.due_on)}
            )
    for t in facts.targets:
        if t.reached:
            continue
        share = Decimal(str(months_share(t.starts_on, t.ends_on, today, t.step_months)))
        expected = t.value * share
        actual = t.actual or Decimal(0)
        if share > 0 and actual < expected * TARGET_TOLERANCE:
            risks.append(
                _("%(label)s: %(actual)s of %(target)s; by now %(expected)s was due.")
                % {
                    "label": t.label,
                    "actual": format_cn(actual),
                    "target": format_cn(t.value),
                    "expected": format_cn(expected.quantize(Decimal(1))),
                }
            )
    if facts.latest_percent is not None and facts.latest_percent < elapsed * 100 - PROGRESS_LAG:
        risks.append(
            _("Reported %(percent)s %% complete with %(elapsed)s %% of the time gone.")
            % {"percent": facts.latest_percent, "elapsed": round(elapsed * 100)}
        )
    recorded = (
        facts.updates > 0
        or any(m.done_on is not None for m in facts.milestones)
        or any(t.actual is not None and t.actual > 0 for t in facts.targets)
    )
    if not recorded and elapsed >= IDLE_SHARE:
        risks.append(
            _("Nothing recorded with %(elapsed)s %% of the time gone.")
            % {"elapsed": round(elapsed * 100)}
        )
    if risks:
        return Assessment(Status.AT_RISK, risks, None, elapsed)
    if not recorded:
        return Assessment(Status.NOT_STARTED, [_("Nothing recorded yet.")], None, elapsed)
    return Assessment(Status.ON_TRACK, [], None, elapsed)
