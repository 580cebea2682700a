"""The registry's figures: equal to the records, at once, and never typed."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.indicators import sources
from xiezuo.indicators.checking import CleanValue, ValueChecker
from xiezuo.indicators.models import DataValue
from xiezuo.places.models import Place
from xiezuo.tourism import services

from .factories import FROM, QUIET, figure, spot, stored

pytestmark = pytest.mark.django_db


def test_a_project_counts_at_its_place_in_the_year_agreed(recorder):
    services.project_create(
        actor=recorder, name="测试旅游项目", kind="promotion",
        place=Place.objects.get(code=QUIET), agreed_on=FROM,
    )  # fmt: skip
    assert stored("tourism_projects", QUIET, "2019") == (1, "derived:tourism")
    assert figure("tourism_projects", "4501", "2019") == 1


def test_a_spot_counts_in_every_year_its_discount_is_valid(recorder, scenic):
    services.discount_create(
        actor=recorder, spot=scenic, audience="helper_province", kind="free",
        valid_from=date(2019, 5, 1), valid_to=date(2020, 2, 1),
    )  # fmt: skip
    services.discount_create(
        actor=recorder, spot=scenic, audience="everyone", kind="half_price",
        valid_from=date(2019, 7, 1), valid_to=date(2019, 9, 30),
    )  # fmt: skip
    assert figure("discount_scenic_spots", QUIET, "2018") in (None, 0)
    assert figure("discount_scenic_spots", QUIET, "2019") == 1  # two discounts, one spot
    assert figure("discount_scenic_spots", QUIET, "2020") == 1
    assert figure("discount_scenic_spots", QUIET, "2021") in (None, 0)


def test_a_spot_without_a_discount_does_not_count(recorder, scenic):
    assert figure("discount_scenic_spots", QUIET, "2019") in (None, 0)


def test_the_months_helper_visitors_add_up_to_the_year(recorder, scenic):
    other = spot(recorder, name="另一个景区")
    for where, period, total, helper in (
        (scenic, "201901", 900, 200),
        (scenic, "201902", 800, 150),
        (other, "201902", 100, 50),
        (other, "202001", 10, 5),
    ):
        services.visitor_report_record(
            actor=recorder, spot=where, period=period, visitors=total, helper_visitors=helper
        )
    assert figure("guangdong_visitors", QUIET, "2019") == 400
    assert (
        figure("guangdong_visitors", "45", "2020") - figure("guangdong_visitors", "45", "2019") != 0
    )
    assert stored("guangdong_visitors", QUIET, "2020") == (5, "derived:tourism")


def test_a_corrected_report_moves_the_figure_at_once(recorder, scenic):
    report = services.visitor_report_record(
        actor=recorder, spot=scenic, period="201903", visitors=900, helper_visitors=200
    )
    services.visitor_report_update(actor=recorder, report=report, helper_visitors=250)
    assert figure("guangdong_visitors", QUIET, "2019") == 250


def test_a_spot_moved_takes_its_figures_with_it(recorder, scenic):
    services.visitor_report_record(
        actor=recorder, spot=scenic, period="201903", visitors=900, helper_visitors=200
    )
    services.spot_update(actor=recorder, spot=scenic, place=Place.objects.get(code="450103"))
    assert stored("guangdong_visitors", QUIET, "2019") is None
    assert stored("guangdong_visitors", "450103", "2019") == (200, "derived:tourism")


def test_a_full_sync_rebuilds_what_the_services_wrote(recorder, scenic):
    services.visitor_report_record(
        actor=recorder, spot=scenic, period="201903", visitors=900, helper_visitors=200
    )
    before = set(
        DataValue.objects.filter(source="derived:tourism").values_list(
            "data_element__code", "place_code", "period", "value"
        )
    )
    summary = sources.sync("tourism")
    assert summary.created == summary.updated == summary.deleted == 0
    after = set(
        DataValue.objects.filter(source="derived:tourism").values_list(
            "data_element__code", "place_code", "period", "value"
        )
    )
    assert before == after


@pytest.mark.parametrize(
    "code", ["tourism_projects", "discount_scenic_spots", "guangdong_visitors"]
)
def test_an_owned_figure_cannot_be_typed(code):
    checked = ValueChecker().check(
        element=code, place="451024", period="2019", disaggregation="", value="7"
    )
    assert not isinstance(checked, CleanValue)
    assert sources.owner_of(code) is not None


def test_the_api_refuses_to_post_an_owned_figure(client_for):
    clerk = client_for("clerk", scope=["451024"])
    response = clerk.post("/api/dataValues?de=guangdong_visitors&pe=2019&ou=451024&value=7")
    assert response.status_code == 409
    assert "旅游" in response.json()["message"]
