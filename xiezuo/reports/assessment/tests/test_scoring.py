"""The scoring rules, the totals and the grades at their boundaries."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from xiezuo.reports.assessment import scoring


def test_ratio_earns_the_weight_times_actual_over_target():
    assert scoring.ratio_score(weight=D(30), actual=D(600), target=D(1000), cap=D(1)) == D("18.00")


def test_ratio_is_capped_at_the_target_by_default():
    assert scoring.ratio_score(weight=D(30), actual=D(1500), target=D(1000), cap=D(1)) == D(30)


def test_ratio_may_be_capped_above_the_target():
    assert scoring.ratio_score(weight=D(10), actual=D(150), target=D(100), cap=D("1.2")) == D(
        "12.00"
    )
    assert scoring.ratio_score(weight=D(10), actual=D(300), target=D(100), cap=D("1.2")) == D(
        "12.00"
    )


def test_ratio_rounds_to_a_hundredth_of_a_point():
    assert scoring.ratio_score(weight=D(10), actual=D(1), target=D(3), cap=D(1)) == D("3.33")
    assert scoring.ratio_score(weight=D(10), actual=D(2), target=D(3), cap=D(1)) == D("6.67")


@pytest.mark.parametrize("target", [None, D(0)])
def test_ratio_without_a_target_is_not_scored(target):
    assert scoring.ratio_score(weight=D(10), actual=D(5), target=target, cap=D(1)) is None


def test_ratio_without_an_actual_is_not_scored():
    assert scoring.ratio_score(weight=D(10), actual=None, target=D(5), cap=D(1)) is None


LEVELS = [[500, 1], [200, 0.5]]


@pytest.mark.parametrize(
    ("actual", "earned"),
    [(D(800), D(20)), (D(500), D(20)), (D("499.99"), D(10)), (D(200), D(10)), (D(199), D(0))],
)
def test_thresholds_earn_the_share_of_the_highest_level_reached(actual, earned):
    assert scoring.threshold_score(weight=D(20), actual=actual, target=None, thresholds=LEVELS) \
        == earned  # fmt: skip


def test_thresholds_read_the_ratio_when_there_is_a_target():
    levels = [[1, 1], ["0.8", "0.6"]]
    assert scoring.threshold_score(weight=D(10), actual=D(85), target=D(100), thresholds=levels) \
        == D(6)  # fmt: skip
    assert scoring.threshold_score(weight=D(10), actual=D(79), target=D(100), thresholds=levels) \
        == D(0)  # fmt: skip


def test_thresholds_in_any_order_take_the_highest_reached():
    assert scoring.threshold_score(
        weight=D(20), actual=D(600), target=None, thresholds=[[200, 0.5], [500, 1]]
    ) == D(20)


def test_yes_no_earns_all_or_nothing_and_nothing_when_unanswered():
    assert scoring.yes_no_score(weight=D(25), done=True) == D(25)
    assert scoring.yes_no_score(weight=D(25), done=False) == D(0)
    assert scoring.yes_no_score(weight=D(25), done=None) is None


def test_an_assessor_score_is_kept_between_nothing_and_the_weight():
    assert scoring.assessor_score_check(weight=D(25), given=D("12.345")) == D("12.35")
    assert scoring.assessor_score_check(weight=D(25), given=D(25)) == D(25)
    for wrong in (D(-1), D("25.01")):
        with pytest.raises(ValueError):
            scoring.assessor_score_check(weight=D(25), given=wrong)


def test_the_total_counts_an_unscored_criterion_as_nothing():
    assert scoring.total([D("18.5"), None, D(25)]) == D("43.50")


GRADES = [SimpleNamespace(code=c, min_score=D(m)) for c, m in
          (("good", 90), ("fair", 80), ("average", 60), ("poor", 0))]  # fmt: skip


@pytest.mark.parametrize(
    ("score", "grade"),
    [(D(100), "good"), (D(90), "good"), (D("89.99"), "fair"), (D(80), "fair"),
     (D("79.99"), "average"), (D(60), "average"), (D("59.99"), "poor"), (D(0), "poor")],
)  # fmt: skip
def test_the_grade_is_the_highest_whose_lowest_score_is_reached(score, grade):
    assert scoring.grade_for(score, GRADES).code == grade


def test_below_every_grade_there_is_none():
    assert scoring.grade_for(D(50), GRADES[:3]) is None
