"""The status rule, table-driven: each row is an item's facts, a day, and the status expected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xiezuo.plans.status import (
    ItemFacts,
    MilestoneFacts,
    Status,
    TargetFacts,
    assess,
    elapsed_share,
    months_share,
)

JAN1, DEC31 = date(2018, 1, 1), date(2018, 12, 31)
MID = date(2018, 7, 2)  # just past half of 2018


def target(value: int, actual: int | None) -> TargetFacts:
    return TargetFacts(
        "trained", Decimal(value), None if actual is None else Decimal(actual), JAN1, DEC31
    )


def m(due: date, done: date | None = None) -> MilestoneFacts:
    return MilestoneFacts("step", due, done)


CASES = [
    # (name, facts, today, expected status)
    ("no milestones, nothing recorded, before the start",
     ItemFacts(date(2018, 3, 1), DEC31), JAN1, Status.NOT_STARTED),
    ("no milestones, nothing recorded, early on",
     ItemFacts(JAN1, DEC31), date(2018, 2, 1), Status.NOT_STARTED),
    ("no milestones, nothing recorded at half time",
     ItemFacts(JAN1, DEC31), MID, Status.AT_RISK),
    ("no milestones, update at 60 % at half time",
     ItemFacts(JAN1, DEC31, latest_percent=60, last_update_on=MID, updates=1), MID,
     Status.ON_TRACK),
    ("no milestones, update at 10 % at three quarters",
     ItemFacts(JAN1, DEC31, latest_percent=10, last_update_on=MID, updates=1),
     date(2018, 10, 1), Status.AT_RISK),
    ("no milestones, update without a percentage",
     ItemFacts(JAN1, DEC31, last_update_on=MID, updates=1), date(2018, 10, 1), Status.ON_TRACK),
    ("no milestones, reported 100 %",
     ItemFacts(JAN1, DEC31, latest_percent=100, last_update_on=MID, updates=1), MID, Status.DONE),
    ("no milestones, 100 % reported after the due date is still done",
     ItemFacts(JAN1, DEC31, latest_percent=100, last_update_on=date(2019, 2, 1), updates=2),
     date(2019, 3, 1), Status.DONE),
    ("due today and not done is not yet overdue",
     ItemFacts(JAN1, DEC31, latest_percent=90, last_update_on=MID, updates=1), DEC31,
     Status.ON_TRACK),
    ("due yesterday and not done is overdue",
     ItemFacts(JAN1, DEC31, latest_percent=90, last_update_on=MID, updates=1),
     date(2019, 1, 1), Status.OVERDUE),
    ("a one-day item on its day with nothing recorded",
     ItemFacts(MID, MID), MID, Status.AT_RISK),
    ("all milestones done",
     ItemFacts(JAN1, DEC31, milestones=[m(date(2018, 3, 1), date(2018, 2, 20)),
                                         m(date(2018, 6, 1), date(2018, 6, 1))]),
     MID, Status.DONE),
    ("milestones done but the latest update says 50 %: the roadmap decides",
     ItemFacts(JAN1, DEC31, milestones=[m(date(2018, 3, 1), date(2018, 3, 1))],
               latest_percent=50, last_update_on=date(2018, 2, 1), updates=1),
     MID, Status.DONE),
    ("a milestone past due and not ticked",
     ItemFacts(JAN1, DEC31, milestones=[m(date(2018, 3, 1), date(2018, 3, 1)),
                                         m(date(2018, 6, 1))]),
     MID, Status.AT_RISK),
    ("a milestone due today and not ticked is not late",
     ItemFacts(JAN1, DEC31, milestones=[m(date(2018, 3, 1), date(2018, 3, 1)), m(MID)]),
     MID, Status.ON_TRACK),
    ("milestones not yet due, none ticked, early",
     ItemFacts(JAN1, DEC31, milestones=[m(date(2018, 9, 1))]), date(2018, 2, 1),
     Status.NOT_STARTED),
    ("a target already met at the start",
     ItemFacts(JAN1, DEC31, targets=[target(100, 120)]), JAN1, Status.DONE),
    ("a target met, a milestone still open",
     ItemFacts(JAN1, DEC31, targets=[target(100, 120)], milestones=[m(date(2018, 9, 1))]),
     MID, Status.ON_TRACK),
    ("a target at 60 % at half time is on track",
     ItemFacts(JAN1, DEC31, targets=[target(10_000, 6_000)]), MID, Status.ON_TRACK),
    ("a target at 30 % at half time is at risk",
     ItemFacts(JAN1, DEC31, targets=[target(10_000, 3_000)]), MID, Status.AT_RISK),
    ("a target at 41 % at half time is within the 80 % tolerance",
     ItemFacts(JAN1, DEC31, targets=[target(10_000, 4_100)]), MID, Status.ON_TRACK),
    ("a target with no value in its first month: nothing expected yet",
     ItemFacts(JAN1, DEC31, targets=[target(10_000, None)]), date(2018, 1, 10),
     Status.NOT_STARTED),
    ("a target with no value two months in",
     ItemFacts(JAN1, DEC31, targets=[target(10_000, None)]), date(2018, 3, 5), Status.AT_RISK),
    ("a target with no value before its period",
     ItemFacts(JAN1, DEC31, targets=[target(10_000, None)]), date(2017, 12, 1),
     Status.NOT_STARTED),
    ("a target missed at the due date, the day after",
     ItemFacts(JAN1, DEC31, targets=[target(10_000, 9_000)]), date(2019, 1, 1), Status.OVERDUE),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "today", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_status_rule(facts, today, expected):
    assert assess(facts, today).status == expected


def test_every_status_but_done_and_not_started_says_why():
    for _name, facts, today, expected in CASES:
        assessment = assess(facts, today)
        if expected in (Status.AT_RISK, Status.OVERDUE):
            assert assessment.reasons, _name


def test_reasons_name_the_late_milestone_in_chinese():
    facts = ItemFacts(JAN1, DEC31, milestones=[MilestoneFacts("园区挂牌", date(2018, 6, 1))])
    assert any("园区挂牌" in r for r in assess(facts, MID).reasons)


def test_target_reason_gives_actual_target_and_what_time_calls_for():
    (reason,) = assess(ItemFacts(JAN1, DEC31, targets=[target(10_000, 3_000)]), MID).reasons
    assert "3000" in reason and "1万" in reason


def test_completion_date():
    done_early = ItemFacts(JAN1, DEC31, milestones=[m(date(2018, 6, 1), date(2018, 5, 30))])
    assessment = assess(done_early, date(2019, 1, 5))
    assert assessment.completed_on == date(2018, 5, 30)

    done_late = ItemFacts(
        JAN1, DEC31, latest_percent=100, last_update_on=date(2019, 2, 1), updates=3
    )
    assessment = assess(done_late, date(2019, 3, 1))
    assert assessment.completed_on == date(2019, 2, 1)
    assert assess(ItemFacts(JAN1, DEC31), MID).completed_on is None
    with_target = ItemFacts(
        JAN1, DEC31, targets=[target(100, 120)], milestones=[m(date(2018, 3, 1), date(2018, 3, 1))]
    )
    assert assess(with_target, MID).completed_on is None  # a figure's day is not recorded


@pytest.mark.parametrize(
    ("start", "end", "today", "share"),
    [
        (JAN1, DEC31, date(2017, 6, 1), 0.0),
        (JAN1, DEC31, JAN1, 0.0),
        (JAN1, DEC31, DEC31, 1.0),
        (JAN1, DEC31, date(2019, 6, 1), 1.0),
        (MID, MID, MID, 1.0),
        (date(2018, 1, 1), date(2018, 1, 11), date(2018, 1, 6), 0.5),
    ],
)
def test_elapsed_share(start, end, today, share):
    assert elapsed_share(start, end, today) == share


@pytest.mark.parametrize(
    ("today", "share"),
    [
        (date(2017, 12, 31), 0.0),
        (date(2018, 1, 31), 0.0),
        (date(2018, 2, 1), 1 / 12),
        (date(2018, 7, 2), 0.5),
        (DEC31, 11 / 12),
        (date(2019, 1, 1), 1.0),
    ],
)
def test_months_share(today, share):
    assert months_share(JAN1, DEC31, today) == share


@pytest.mark.parametrize(
    ("step", "today", "share"),
    [
        (6, date(2018, 6, 30), 0.0),
        (6, date(2018, 7, 1), 0.5),
        (6, DEC31, 0.5),
        (12, DEC31, 0.0),
        (12, date(2019, 1, 1), 1.0),
        (3, date(2018, 5, 1), 0.25),
    ],
)
def test_months_share_by_reporting_period(step, today, share):
    assert months_share(JAN1, DEC31, today, step) == share


def test_a_yearly_figure_is_not_expected_before_the_year_is_over():
    yearly = TargetFacts("projects", Decimal(10), None, JAN1, DEC31, step_months=12)
    facts = ItemFacts(JAN1, DEC31, targets=[yearly], latest_percent=50, updates=1)
    assert assess(facts, date(2018, 10, 1)).status == Status.ON_TRACK
