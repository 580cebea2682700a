"""The consumption figures: certified sales apart from the rest, per county and month, by
channel and buyer origin, moved by each write, rebuilt by a full sync, and never typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xiezuo.consumption import facilities, sales
from xiezuo.consumption.models import Supplier
from xiezuo.indicators import sources
from xiezuo.indicators.checking import CleanValue, ValueChecker
from xiezuo.places.models import Place

from .records import (
    QUIET,
    buyer,
    figure,
    product,
    sale,
    stored,
    suspend,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder(make_user):
    """A coordinator of the whole programme, who may record anywhere."""
    return make_user("coordinator", scope=["44", "45"])


DIRECT_HELPER = "buyer_origin=helper;channel=direct"


def test_a_certified_sale_counts_at_the_products_place_in_its_month(recorder):
    sale(recorder, product(recorder), amount="1234.50", sold_on=date(2019, 5, 10))
    assert stored("products_sold", QUIET, "201905", DIRECT_HELPER) == (
        Decimal("1234.50"), "derived:consumption_sales",
    )  # fmt: skip
    assert figure("products_sold", "45", "2019") == Decimal("1234.50")
    assert figure("uncertified_sales", QUIET, "2019") is None


def test_a_sale_before_certification_is_reported_apart(recorder):
    mango = product(recorder, certified_on=date(2019, 6, 1))
    sale(recorder, mango, amount="500", sold_on=date(2019, 5, 10))
    assert figure("products_sold", QUIET, "201905") is None
    assert figure("uncertified_sales", QUIET, "201905") == Decimal("500")


def test_a_sale_on_the_day_of_a_suspension_is_reported_apart(recorder):
    mango = product(recorder)
    suspend(mango, date(2019, 7, 1), recorder)
    sale(recorder, mango, amount="100", sold_on=date(2019, 6, 30))
    sale(recorder, mango, amount="300", sold_on=date(2019, 7, 1))
    assert figure("products_sold", QUIET, "2019") == Decimal("100")
    assert figure("uncertified_sales", QUIET, "2019") == Decimal("300")


def test_sales_are_split_by_channel_and_buyer_origin(recorder):
    mango = product(recorder)
    platform = buyer(recorder, place="451024", name="832平台百色采购", kind="channel_832")
    sale(recorder, mango, amount="100")
    sale(recorder, mango, by=platform, amount="40")
    assert figure("products_sold[channel=direct]", QUIET, "2019") == Decimal("100")
    assert figure("products_sold[channel=platform_832]", QUIET, "2019") == Decimal("40")
    assert figure("products_sold[buyer_origin=helped]", QUIET, "2019") == Decimal("40")
    assert figure("products_sold[buyer_origin=helper]", QUIET, "2019") == Decimal("100")


def test_a_reversed_sale_counts_nothing(recorder):
    made = sale(recorder, product(recorder), amount="700")
    sales.sale_reverse(actor=recorder, sale=made)
    assert figure("products_sold", QUIET, "2019") is None


def test_households_benefiting_are_the_suppliers_linked_households_once_a_month(recorder):
    mango = product(recorder)  # its supplier links 12 households
    sale(recorder, mango, sold_on=date(2019, 5, 1))
    sale(recorder, mango, sold_on=date(2019, 5, 20))
    assert stored("households_benefiting", QUIET, "201905") == (12, "derived:consumption_sales")


def test_a_product_certified_counts_at_once_in_the_month_certified(recorder):
    product(recorder)  # certified by the certification services, which sync its figure
    assert stored("products_certified", QUIET, "201903") == (1, "derived:consumption_products")
    sources.sync("consumption_products", places=[QUIET])  # a full sync finds it the same
    assert stored("products_certified", QUIET, "201903") == (1, "derived:consumption_products")


def test_a_facility_counts_from_its_year_for_the_place_it_serves(recorder):
    facilities.facility_create(
        actor=recorder, kind="supply_base", name="测试基地", serves=Place.objects.get(code=QUIET),
        opened_on=date(2019, 4, 1), area_mu="1200.5",
    )  # fmt: skip
    facilities.facility_create(
        actor=recorder, kind="sales_fair", name="测试展销会",
        serves=Place.objects.get(code=QUIET), opened_on=date(2019, 9, 9),
    )  # fmt: skip
    assert figure("supply_base_area", QUIET, "2019") == Decimal("1200.5")
    assert figure("supply_base_area", QUIET, "2020") == Decimal("1200.5")
    assert figure("sales_fairs", QUIET, "201909") == 1


def test_a_full_sync_rebuilds_what_the_services_wrote(recorder):
    sale(recorder, product(recorder), amount="250")
    before = stored("products_sold", QUIET, "201905", DIRECT_HELPER)
    summary = sources.sync("consumption_sales")
    assert summary.created == 0 and summary.deleted == 0
    assert stored("products_sold", QUIET, "201905", DIRECT_HELPER) == before


@pytest.mark.parametrize(
    "element", ["products_sold", "uncertified_sales", "market_stalls", "products_certified"]
)
def test_the_consumption_figures_cannot_be_typed(element):
    checked = ValueChecker().check(
        element=element, place=QUIET, period="2019" if element == "market_stalls" else "201905",
        disaggregation=DIRECT_HELPER if "sales" in element or "sold" in element else "",
        value="1",
    )  # fmt: skip
    assert not isinstance(checked, CleanValue)


def test_the_demo_consumption_figures_come_from_records():
    assert figure("market_stalls", "45", "2018") == 4
    assert figure("supply_base_area", "45", "2018") == 51_200
    assert figure("supply_cooperatives", "45", "2018") == 13
    assert figure("showrooms", "4510", "2018") == 1
    assert figure("sales_fairs", "45", "2018") == 2
    assert figure("products_sold", "45", "2018") > 0
    assert figure("uncertified_sales", "45", "2018") > 0
    assert Supplier.objects.filter(illustrative=True).exists()
