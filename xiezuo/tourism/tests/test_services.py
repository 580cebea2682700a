"""The registry's writes refuse bad input by field, and write nothing then."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xiezuo.places.models import Place
from xiezuo.tourism import services
from xiezuo.tourism.models import Discount, ScenicSpot, TourismProject, VisitorReport

from .factories import FROM, QUIET, spot

pytestmark = pytest.mark.django_db


def _refused(call, field):
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field]


def test_a_spot_on_the_helper_side_is_refused(recorder):
    _refused(lambda: spot(recorder, place="440305"), "place")
    assert not ScenicSpot.objects.filter(name="测试景区").exists()


def test_a_spot_above_county_level_is_refused(recorder):
    _refused(lambda: spot(recorder, place="4510"), "place")


def test_a_second_spot_of_the_same_name_in_a_place_is_refused(recorder, scenic):
    _refused(lambda: spot(recorder), "name")


def test_a_discount_that_ends_before_it_begins_is_refused(recorder, scenic):
    messages = _refused(
        lambda: services.discount_create(
            actor=recorder,
            spot=scenic,
            audience="helper_province",
            kind="free",
            valid_from=FROM,
            valid_to=FROM - timedelta(days=1),
        ),
        "valid_to",
    )
    assert messages == ["折扣的结束日期早于开始日期。"]
    assert not Discount.objects.filter(spot=scenic).exists()


def test_a_percentage_discount_needs_a_percentage_below_100(recorder, scenic):
    _refused(
        lambda: services.discount_create(
            actor=recorder,
            spot=scenic,
            audience="everyone",
            kind="percent",
            value="120",
            valid_from=FROM,
        ),
        "value",
    )


@pytest.mark.parametrize("count", ["-5", "十", "1.5", ""])
def test_a_negative_or_non_numeric_count_is_refused(recorder, scenic, count):
    _refused(
        lambda: services.visitor_report_record(
            actor=recorder, spot=scenic, period="201905", visitors=count, helper_visitors=0
        ),
        "visitors",
    )
    assert not VisitorReport.objects.filter(spot=scenic).exists()


def test_more_helper_visitors_than_all_visitors_is_refused(recorder, scenic):
    _refused(
        lambda: services.visitor_report_record(
            actor=recorder, spot=scenic, period="201905", visitors=100, helper_visitors=101
        ),
        "helper_visitors",
    )


def test_a_report_for_a_month_to_come_is_refused(recorder, scenic):
    next_month = timezone.localdate().replace(day=1) + timedelta(days=32)
    _refused(
        lambda: services.visitor_report_record(
            actor=recorder, spot=scenic, period=f"{next_month:%Y%m}", visitors=1, helper_visitors=0
        ),
        "period",
    )


def test_a_second_report_of_a_month_is_refused_naming_the_first(recorder, scenic):
    services.visitor_report_record(
        actor=recorder, spot=scenic, period="2019-05", visitors=1200, helper_visitors=300
    )
    [message] = _refused(
        lambda: services.visitor_report_record(
            actor=recorder, spot=scenic, period="201905", visitors=1, helper_visitors=0
        ),
        "period",
    )
    assert "2019年5月" in message and "1200" in message
    assert VisitorReport.objects.get(spot=scenic).visitors == 1200


def test_a_report_corrected_keeps_its_month(recorder, scenic):
    report = services.visitor_report_record(
        actor=recorder, spot=scenic, period="201905", visitors=1200, helper_visitors=300
    )
    services.visitor_report_update(actor=recorder, report=report, visitors=1300)
    report.refresh_from_db()
    assert (report.period, report.visitors, report.helper_visitors) == ("201905", 1300, 300)


def test_a_project_agreed_in_the_future_is_refused(recorder):
    _refused(
        lambda: services.project_create(
            actor=recorder,
            name="未来项目",
            kind="promotion",
            place=Place.objects.get(code=QUIET),
            agreed_on=timezone.localdate() + timedelta(days=1),
        ),
        "agreed_on",
    )
    assert not TourismProject.objects.filter(name="未来项目").exists()


def test_a_route_through_a_helper_side_place_is_refused(recorder):
    _refused(
        lambda: services.route_create(
            actor=recorder,
            name="测试线路",
            places=[Place.objects.get(code="440305")],
            since=date(2019, 1, 1),
        ),
        "places",
    )
