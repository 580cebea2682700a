"""The year's quotas and the report "planned vs in post"."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xiezuo.exchange import quotas
from xiezuo.exchange.models import Category, Direction, Quota

from .records import secondment

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", scope=["4510"])


def debao_row(report):
    return next(row for row in report.rows if row.code == "451024")


def set_debao(coordinator, place, *, year=2023, cadres=3, professionals=5):
    return quotas.quota_set(
        actor=coordinator, place=place("451024"), year=year, direction=Direction.TO_HELPED,
        cadres=cadres, professionals=professionals, source="2023年协议",
    )  # fmt: skip


def test_setting_a_countys_quotas_records_cadres_and_professionals(coordinator, place):
    set_debao(coordinator, place)
    found = dict(
        Quota.objects.filter(place__code="451024", year=2023).values_list("group", "planned")
    )
    assert found == {"cadres": 3, "professionals": 5}


def test_setting_the_quotas_again_replaces_them(coordinator, place):
    set_debao(coordinator, place)
    set_debao(coordinator, place, cadres=4, professionals=6)
    assert Quota.objects.filter(place__code="451024", year=2023).count() == 2
    assert debao_row(quotas.quota_report(year=2023)).planned == 10


@pytest.mark.parametrize("value", ["-1", "三", "2.5", ""])
def test_a_planned_count_that_is_not_a_whole_number_is_refused_by_field(coordinator, place, value):
    with pytest.raises(ValidationError) as refused:
        set_debao(coordinator, place, cadres=value)
    assert set(refused.value.message_dict) == {"cadres"}
    assert not Quota.objects.filter(place__code="451024", year=2023).exists()


@pytest.mark.parametrize("year", [1990, 2999, "二〇一九"])
def test_a_year_out_of_range_is_refused(coordinator, place, year):
    with pytest.raises(ValidationError) as refused:
        set_debao(coordinator, place, year=year)
    assert set(refused.value.message_dict) == {"year"}


def test_quotas_are_set_per_county_not_for_a_city(coordinator, place):
    with pytest.raises(ValidationError) as refused:
        quotas.quota_set(actor=coordinator, place=place("4510"), year=2023,
                         direction=Direction.TO_HELPED, cadres=1, professionals=1)  # fmt: skip
    assert set(refused.value.message_dict) == {"place"}


def test_a_secondment_started_and_not_ended_is_in_post(coordinator, place):
    set_debao(coordinator, place)
    secondment(started_on=date(2023, 3, 1))
    secondment(name="王芳", category=Category.DOCTOR, started_on=date(2023, 4, 1))
    row = debao_row(quotas.quota_report(year=2023, on=date(2023, 6, 1)))
    assert (row.cadres_planned, row.cadres_in_post) == (3, 1)
    assert (row.professionals_planned, row.professionals_in_post) == (5, 1)
    assert (row.planned, row.in_post) == (8, 2)


def test_a_secondment_is_in_post_on_its_first_and_last_day_only(coordinator, place):
    secondment(started_on=date(2023, 3, 1), ended_on=date(2023, 8, 31))

    def in_post(day):
        report = quotas.quota_report(year=2023, on=day)
        return sum(row.in_post for row in report.rows if row.code == "451024")

    assert in_post(date(2023, 2, 28)) == 0
    assert in_post(date(2023, 3, 1)) == 1
    assert in_post(date(2023, 8, 31)) == 1
    assert in_post(date(2023, 9, 1)) == 0


def test_a_secondment_not_yet_started_is_not_in_post(place):
    secondment(started_on=None)
    report = quotas.quota_report(year=2023, on=date(2023, 6, 1))
    assert all(row.code != "451024" for row in report.rows)


def test_a_secondment_to_a_township_counts_for_its_county():
    secondment(host="451024100", started_on=date(2023, 3, 1))
    assert debao_row(quotas.quota_report(year=2023, on=date(2023, 6, 1))).cadres_in_post == 1


def test_people_sent_count_for_the_county_that_sends_them(coordinator, place):
    secondment(direction=Direction.TO_HELPER, origin="451024", host="440305",
               started_on=date(2023, 3, 1))  # fmt: skip
    day = date(2023, 6, 1)
    sent = quotas.quota_report(year=2023, on=day, direction=Direction.TO_HELPER)
    assert debao_row(sent).cadres_in_post == 1
    received = quotas.quota_report(year=2023, on=day, place="451024")
    assert received.total.in_post == 0


def test_the_report_keeps_to_the_place_and_its_area(coordinator, place):
    set_debao(coordinator, place)
    secondment(host="451228", started_on=date(2023, 3, 1))  # Du'an, in Hechi
    report = quotas.quota_report(year=2023, on=date(2023, 6, 1), place="4510")
    assert {row.code for row in report.rows} >= {"451024"}
    assert all(row.code.startswith("4510") for row in report.rows)


def test_the_totals_add_up_the_counties():
    report = quotas.quota_report(year=2018, on=date(2018, 6, 1))
    assert report.total.planned == sum(row.planned for row in report.rows)
    assert report.total.cadres_planned == sum(row.cadres_planned for row in report.rows)


def test_the_demo_has_quotas_for_the_poor_counties_in_2017_and_2018():
    for year, planned in ((2017, 80 + 170), (2018, 96 + 240)):
        report = quotas.quota_report(year=year, direction=Direction.TO_HELPED)
        assert report.total.planned == planned
    assert set(Quota.objects.values_list("source", flat=True)) == {"示意：演示用配额，非协议原文"}


def test_who_is_in_post_and_who_ends_within_thirty_days():
    staying = secondment(started_on=date(2023, 3, 1), planned_end=date(2024, 2, 29))
    leaving = secondment(name="王芳", started_on=date(2023, 3, 1), planned_end=date(2023, 6, 20))
    day = date(2023, 6, 1)
    assert {s.pk for s in quotas.in_post_list(on=day, place="451024")} == {staying.pk, leaving.pk}
    assert [s.pk for s in quotas.ending_list(on=day, place="451024")] == [leaving.pk]
