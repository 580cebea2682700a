"""The registry's figures: equal to the records, rebuilt by a full sync, taken back by a
reversal, and never typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xiezuo.indicators import sources
from xiezuo.indicators.checking import CleanValue, ValueChecker
from xiezuo.indicators.models import DataElement, DataValue
from xiezuo.investment import services
from xiezuo.investment.models import ParkKind, Sector
from xiezuo.places.models import Place

from .factories import QUIET, figure, project, stored

pytestmark = pytest.mark.django_db
OURS = ("derived:investment", "derived:parks", "derived:workshops")


def test_a_signed_project_counts_at_its_place_and_year_by_sector(recorder, signed):
    assert stored("projects_signed", QUIET, "2019", "sector=agriculture") == (
        1, "derived:investment",
    )  # fmt: skip
    assert figure("planned_investment", "4501", "2019") == Decimal("120000000")
    project(recorder, name="另一个", sector="other", planned_investment="80000000.50")
    assert figure("planned_investment", "45", "2019") == Decimal("200000000.50")
    assert figure("planned_investment[sector=other]", QUIET, "2019") == Decimal("80000000.50")


def test_investment_in_place_counts_in_its_year_and_a_reversal_takes_it_back(recorder, signed):
    record = services.in_place_record(
        actor=recorder, project=signed, amount="30000000", on=date(2019, 5, 1)
    )
    assert figure("investment_in_place", QUIET, "2019") == Decimal("30000000")
    services.in_place_reverse(actor=recorder, record=record, on=date(2020, 2, 1))
    assert figure("investment_in_place", QUIET, "2019") == Decimal("30000000")
    assert figure("investment_in_place", QUIET, "2020") == Decimal("-30000000")
    assert (
        figure("investment_in_place", QUIET, "2019") + figure("investment_in_place", QUIET, "2020")
        == 0
    )


def test_jobs_are_a_stock_carried_to_later_years(recorder, signed):
    services.job_report_record(actor=recorder, project=signed, on=date(2019, 6, 30), jobs=50,
                               poor=20)  # fmt: skip
    services.job_report_record(actor=recorder, project=signed, on=date(2019, 12, 31), jobs=80,
                               poor=30)  # fmt: skip
    assert figure("investment_jobs", QUIET, "2019") == 80
    assert figure("investment_jobs[poverty=poor]", QUIET, "2019") == 30
    assert figure("investment_jobs", QUIET, "2020") == 80


def test_a_full_sync_rebuilds_what_the_services_wrote(recorder, signed):
    services.in_place_record(actor=recorder, project=signed, amount="500", on=date(2019, 5, 1))
    services.job_report_record(actor=recorder, project=signed, on=date(2019, 6, 1), jobs=9, poor=3)
    written = {
        (v.data_element_id, v.place_code, v.period, v.disaggregation, v.value)
        for v in DataValue.objects.filter(source__in=OURS)
    }
    DataValue.objects.filter(source__in=OURS).delete()
    for name in ("investment", "parks", "workshops"):
        sources.sync(name)
    rebuilt = {
        (v.data_element_id, v.place_code, v.period, v.disaggregation, v.value)
        for v in DataValue.objects.filter(source__in=OURS)
    }
    assert rebuilt == written


def test_the_zone_counts_its_enterprises_and_sums_their_returns_for_the_half_year(recorder):
    zone = services.park_create(
        actor=recorder, name="测试试验区", kind=ParkKind.SPECIAL_ZONE,
        place=Place.objects.get(code=QUIET), established_on=date(2019, 1, 1),
    )  # fmt: skip
    a, b = services.park_enterprises_add(
        actor=recorder, park=zone,
        enterprises=[services.EnterpriseDetails("甲企业", date(2019, 2, 1)),
                     services.EnterpriseDetails("乙企业", date(2019, 8, 1))],
    )  # fmt: skip
    assert figure("zone_enterprises", QUIET, "2019S1") == 1
    assert figure("zone_enterprises", QUIET, "2019S2") == 2
    services.park_returns_record(
        actor=recorder, park=zone, period="2019S2",
        returns=[services.ReturnDetails(a, "100.10", "50"), services.ReturnDetails(b, "0", "7")],
    )  # fmt: skip
    assert figure("zone_output", QUIET, "2019S2") == Decimal("100.10")
    assert figure("zone_investment_in_place", QUIET, "2019S2") == Decimal("57")
    services.park_enterprise_leave(enterprise=b, left_on=date(2020, 3, 1))
    assert figure("zone_enterprises", QUIET, "2020S1") == 1
    # a park of another kind is counted as a park, not in the zone's figures
    assert figure("industrial_parks", QUIET, "2019") is None


def test_industrial_parks_are_a_stock_from_the_year_each_was_established(recorder):
    services.park_create(
        actor=recorder, name="测试园区", kind=ParkKind.CROSS_BORDER,
        place=Place.objects.get(code=QUIET), established_on=date(2019, 5, 1),
    )  # fmt: skip
    assert figure("industrial_parks", QUIET, "2019") == 1
    assert figure("industrial_parks", QUIET, "2020") == 1


def test_workshops_and_the_people_they_employ(recorder):
    township = Place.objects.filter(parent__code=QUIET).order_by("code").first()
    assert township is not None
    workshop = services.workshop_create(
        actor=recorder, name="测试车间", place=township, enterprise_name="某企业",
        opened_on=date(2019, 5, 1),
    )  # fmt: skip
    services.workshop_report_record(actor=recorder, workshop=workshop, on=date(2019, 9, 1),
                                    employed=30, poor=12)  # fmt: skip
    assert figure("workshop_employed[poverty=poor]", township.code, "2019") == 12
    assert figure("workshops", QUIET, "2019") == 1
    assert figure("workshops", QUIET, "2018") is None


@pytest.mark.parametrize(
    ("element", "key"),
    [
        ("industry_events", ""),
        ("projects_signed", "sector=agriculture"),
        ("planned_investment", "sector=other"),
        ("investment_in_place", ""),
        ("investment_jobs", "poverty=poor"),
        ("industrial_parks", ""),
        ("zone_enterprises", ""),
        ("zone_output", ""),
        ("zone_investment_in_place", ""),
        ("workshops", ""),
        ("workshop_employed", "poverty=poor"),
    ],
)
def test_an_owned_figure_cannot_be_typed(element, key):
    period = "2019S1" if element.startswith("zone_") else "2019"
    checked = ValueChecker().check(
        element=element, place="451024", period=period, disaggregation=key, value="7"
    )
    assert not isinstance(checked, CleanValue)
    assert sources.owner_of(element) is not None


def test_the_api_refuses_to_post_an_owned_figure(client_for):
    clerk = client_for("clerk", scope=["451024"])
    response = clerk.post("/api/dataValues?de=planned_investment&pe=2019&ou=451024&value=7")
    assert response.status_code == 409
    assert "招商引资台账" in response.json()["message"]


def test_the_sectors_are_the_catalogues_options():
    element = DataElement.objects.get(code="planned_investment")
    options = {o.code for d in element.dimensions.all() for o in d.options.all()}
    assert options == set(Sector.values)
