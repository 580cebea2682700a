"""Validation rules: left operator right over a place's figures in a period;
a broken rule is a violation with both sides and its message."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from xiezuo.indicators.analytics import value_of
from xiezuo.indicators.models import ValidationRule
from xiezuo.indicators.validation import (
    holds,
    rules_for,
    violations_below,
    violations_for,
    violations_of,
)
from xiezuo.periods import parse

from .factories import save_value

pytestmark = pytest.mark.django_db

JUNE = parse("201906")
D = Decimal


@pytest.mark.parametrize(
    ("op", "left", "right", "expected"),
    [
        ("<=", D(3), D(3), True),
        ("<=", D(4), D(3), False),
        ("<", D(3), D(3), False),
        ("==", D(3), D(3), True),
        ("==", D(3), D(2), False),
        (">=", D(2), D(3), False),
        (">", D(4), D(3), True),
        ("!=", D(3), D(3), False),
        ("<=", D(4), None, False),  # a side without values counts as zero
        ("<=", None, D(4), True),
        ("<=", None, None, None),  # nothing to check: skipped
    ],
)
def test_a_rule_holds_or_not(op, left, right, expected):
    assert holds(op, left, right) is expected


@pytest.mark.parametrize(
    ("fairs", "classes", "broken"),
    [("2", "3", False), ("3", "3", False), ("4", "3", True), ("1", None, True), (None, "1", False)],
)
def test_a_place_breaks_a_rule_by_its_figures(place, fairs_within_classes, fairs, classes, broken):
    if fairs:
        save_value("job_fairs", "451024", "201906", fairs)
    if classes:
        save_value("training_classes", "451024", "201906", classes)
    found = violations_for(place("451024"), JUNE)
    assert bool(found) is broken


def test_a_violation_carries_both_sides_and_the_message(place, fairs_within_classes):
    save_value("job_fairs", "451024", "201906", "5")
    save_value("training_classes", "451024", "201906", "2")
    (violation,) = violations_for(place("451024"), JUNE)
    assert (violation.left, violation.right) == (5, 2)
    assert violation.message == "招聘会场次不能多于培训班期数"
    with translation.override("en"):
        assert violation.message == "Job fairs cannot outnumber training classes"


def test_the_sides_sum_the_places_subtree(place, fairs_within_classes):
    save_value("job_fairs", "451024", "201906", "2")
    save_value("job_fairs", "451026", "201906", "2")
    save_value("training_classes", "451024", "201906", "3")
    baise = violations_for(place("4510"), JUNE)
    assert [(v.left, v.right) for v in baise] == [(4, 3)]  # 4 fairs > 3 classes in Baise
    assert violations_for(place("451024"), JUNE) == []


def test_a_side_may_name_one_disaggregation(place):
    ValidationRule.objects.all().delete()
    ValidationRule.objects.create(
        code="poor_placed_within_poor_trained",
        name_zh="x",
        name_en="x",
        left="school_leaver_agreements[poverty=poor]",
        operator="<=",
        right="people_trained[poverty=poor]",
        message_zh="x",
        message_en="x",
    )
    save_value("school_leaver_agreements", "451024", "201906", "5", key="poverty=poor")
    save_value("people_trained", "451024", "201906", "9", key="poverty=not_poor")
    save_value("people_trained", "451024", "201906", "4", key="poverty=poor")
    (violation,) = violations_for(place("451024"), JUNE)
    assert (violation.left, violation.right) == (5, 4)


def test_violations_are_listed_for_the_place_and_each_child(place, fairs_within_classes):
    save_value("job_fairs", "451024", "201906", "2")
    save_value("job_fairs", "451026", "201906", "1")
    save_value("training_classes", "451026", "201906", "1")
    found = violations_below(place("4510"), JUNE)
    assert [(v.place_code, v.place_name) for v in found] == [
        ("4510", "百色市"),
        ("451024", "德保县"),
    ]


def test_places_checked_together_break_what_they_break_one_by_one(place, fairs_within_classes):
    save_value("job_fairs", "451024", "201906", "2")
    save_value("job_fairs", "451026", "201906", "1")
    save_value("training_classes", "451026", "201906", "1")
    save_value("job_fairs", "451028", "201906", "3")
    save_value("training_classes", "451028", "201906", "3")
    save_value("job_fairs", "451002", "201906", "1")
    codes = [
        "4510",
        "451002",
        "451022",
        "451024",
        "451026",
        "451028",
    ]  # a prefecture and 5 counties
    places = [place(code) for code in codes]
    rules = rules_for()
    together = violations_of(places, JUNE, rules=rules)
    assert together == [v for p in places for v in violations_for(p, JUNE, rules=rules)]
    assert [v.place_code for v in together] == ["4510", "451002", "451024"]


def test_the_funds_rule_reads_the_ledger_which_cannot_break_it(place, make_user):
    """Funds disbursed within funds in place: the ledger's figures keep it by construction,
    since a receiving account cannot pay out more than it holds."""
    from django.core.exceptions import ValidationError

    from xiezuo.ledger.tests.factories import move, small_ledger

    clerk = make_user("coordinator", scope=["45"])
    a = small_ledger()
    move(clerk, "receipt", a["shenzhen"], a["baise"], "100", on=date(2019, 3, 1))
    move(clerk, "allocation", a["baise"], a["debao"], "100", on=date(2019, 4, 1))
    move(clerk, "disbursement", a["debao"], a["project"], "80", on=date(2019, 5, 1))
    with pytest.raises(ValidationError):
        move(clerk, "disbursement", a["debao"], a["project"], "40", on=date(2019, 5, 2))
    debao, year = place("451024"), parse("2019")
    assert value_of("fiscal_aid_in_place", place=debao, periods=[year]) == 100
    assert value_of("fiscal_aid_disbursed", place=debao, periods=[year]) == 80
    assert value_of("fiscal_aid_in_place", place=place("4510"), periods=[year]) == 100
    rules = [v.rule.code for v in violations_for(debao, year)]
    assert "disbursed_within_in_place" not in rules


def test_a_rule_naming_an_unknown_element_is_left_out(place, fairs_within_classes):
    ValidationRule.objects.create(
        code="broken", name_zh="x", name_en="x", left="no_such_element", operator="<=",
        right="job_fairs", message_zh="x", message_en="x",
    )  # fmt: skip
    save_value("job_fairs", "451024", "201906", "4")
    assert [v.rule.code for v in violations_for(place("451024"), JUNE)] == ["fairs_within_classes"]


def test_the_validation_page_lists_violations_by_place(client_for, fairs_within_classes):
    save_value("job_fairs", "451024", "201906", "3")
    viewer = client_for("viewer", scope=["45"])
    page = viewer.get("/data/validation/?place=4510&period=201906").content.decode()
    assert 'data-code="451024" data-rule="fairs_within_classes"' in page
    assert "招聘会场次不能多于培训班期数" in page


def test_the_validation_page_refuses_a_place_outside_the_scope_beside_it(client_for, errors_beside):
    clerk = client_for("clerk", scope=["451024"])
    response = clerk.get("/data/validation/?place=4512&period=2018")
    assert response.status_code == 422
    assert errors_beside(response, "id_place") == ["河池市 (4512)不在您的权限范围内。"]
    assert 'id="violation-list"' not in response.content.decode()


def test_the_validation_page_refuses_a_bad_period_beside_it(client_for, errors_beside):
    response = client_for("viewer", scope=["45"]).get("/data/validation/?place=45&period=2018X")
    assert response.status_code == 422
    assert errors_beside(response, "id_period") == [
        "“2018X”不是有效的报告期（例如 2018、2018S1、2018Q2、201805）"
    ]


def test_the_validation_page_has_a_query_budget(client_for, django_assert_max_num_queries):
    viewer = client_for("viewer", scope=["45"])
    with django_assert_max_num_queries(35):
        response = viewer.get("/data/validation/?place=45&period=2018")
    assert response.status_code == 200
    assert "<h2>广西壮族自治区及其下级地区，2018年</h2>" in response.content.decode()
