"""Use of aid funds (资金使用): payout and spending rates by year, place, helper and project,
the aid per county, on the page and in Excel; and the whole ledger in Excel."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from xiezuo.ledger import services
from xiezuo.ledger.models import AccountKind
from xiezuo.ledger.use import fund_use
from xiezuo.places.models import Place

from .factories import account, move

pytestmark = pytest.mark.django_db

# Guigang (4508) has no demo money: what is counted there is this test's alone
GUIGANG, PINGNAN, GUIPING = "4508", "450821", "450881"


@pytest.fixture
def guigang(recorder):
    """A helper pledges 1,000 to the city and sends 800; the city allocates 500 and 200 to
    two counties; Pingnan pays 400 to a project, which spends 150 and has 50 of it reversed
    (a mistake); in 2021 the helper sends 100 straight to Guiping."""
    helper = account("fiscal-test", AccountKind.HELPER_FISCAL, "4406", "佛山市财政帮扶资金")
    city = account("receiving-4508", AccountKind.RECEIVING, GUIGANG, "贵港市接收账户")
    pingnan = account("receiving-450821", AccountKind.RECEIVING, PINGNAN, "平南县接收账户")
    guiping = account("receiving-450881", AccountKind.RECEIVING, GUIPING, "桂平市接收账户")
    road = account("project-road", AccountKind.PROJECT, PINGNAN, "平南县产业路")
    spent = account("spent-test", AccountKind.EXPENDITURE, None, "支出")
    on = date(2020, 6, 1)
    pledge = move(recorder, "pledge", helper, city, "1000", on=date(2020, 3, 1))
    move(recorder, "receipt", helper, city, "800", on=date(2020, 4, 1), pledge=pledge)
    move(recorder, "allocation", city, pingnan, "500", on=on)
    move(recorder, "allocation", city, guiping, "200", on=on)
    move(recorder, "disbursement", pingnan, road, "400", on=on)
    move(recorder, "expenditure", road, spent, "100", on=date(2020, 7, 1))
    wrong = move(recorder, "expenditure", road, spent, "50", on=date(2020, 7, 2))
    services.transfer_reverse(actor=recorder, transfer=wrong, on=date(2020, 7, 3))
    move(recorder, "receipt", helper, guiping, "100", on=date(2021, 2, 1))
    return {"helper": helper, "road": road}


def rates(use):
    return (use.pledged, use.received, use.disbursed, use.spent, use.payout_rate,
            use.spending_rate)  # fmt: skip


def test_a_citys_rates_count_what_came_in_from_outside_paid_out_and_spent(guigang):
    report = fund_use(Place.objects.get(code=GUIGANG), 2020)
    # allocations inside the city move money, they do not bring it in; the reversal takes
    # back the mistaken 50
    assert rates(report.total) == (
        Decimal("1000"), Decimal("800"), Decimal("400"), Decimal("100"),
        Decimal("0.5"), Decimal("0.25"),
    )  # fmt: skip
    by_place = {row.key: rates(row) for row in report.places}
    assert by_place == {
        PINGNAN: (0, Decimal("500"), Decimal("400"), Decimal("100"), Decimal("0.8"),
                  Decimal("0.25")),
        GUIPING: (0, Decimal("200"), 0, 0, 0, None),
    }  # fmt: skip
    # 县均: 800 received over the two counties with a receiving account
    assert report.counties == 2 and report.per_county == Decimal("400")


def test_a_helpers_row_is_what_it_sent_and_where_its_money_went(guigang):
    report = fund_use(Place.objects.get(code=GUIGANG), 2020)
    (helper,) = report.helpers
    assert helper.key == "fiscal-test" and helper.in_place_rate == Decimal("0.8")
    assert rates(helper) == (
        Decimal("1000"), Decimal("800"), Decimal("400"), Decimal("100"),
        Decimal("0.5"), Decimal("0.25"),
    )  # fmt: skip


def test_every_year_and_each_project(guigang):
    report = fund_use(Place.objects.get(code=GUIGANG))
    years = {row.key: (row.received, row.payout_rate) for row in report.years}
    assert years == {"2020": (Decimal("800"), Decimal("0.5")), "2021": (Decimal("100"), 0)}
    assert report.total.received == Decimal("900")
    (road,) = report.projects
    assert (road.key, road.received, road.spent, road.spending_rate) == (
        "project-road",
        Decimal("400"),
        Decimal("100"),
        Decimal("0.25"),
    )


def test_no_rate_is_made_up_where_nothing_came_in():
    report = fund_use(Place.objects.get(code="4509"), 2020)  # Yulin: no money
    assert report.total.payout_rate is None and report.total.spending_rate is None
    assert report.per_county is None and report.places == [] and report.helpers == []


def test_the_page_and_its_workbook_show_the_rates(guigang, client_for):
    viewer = client_for("viewer", scope=["45"])
    page = viewer.get(f"/ledger/use/?place={GUIGANG}&year=2020")
    assert page.status_code == 200
    html = page.content.decode()
    assert "资金使用" in html and "拨付率" in html and "50.0%" in html and "25.0%" in html
    assert 'data-key="fiscal-test"' in html and "平南县产业路" in html
    download = viewer.get(f"/ledger/use/?place={GUIGANG}&year=2020&format=xlsx")
    assert download["Content-Disposition"] == 'attachment; filename="fund-use-4508-2020.xlsx"'
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["按年度", "按地区", "按帮扶方", "按项目", "县均"]
    by_place = [list(r) for r in book["按地区"].iter_rows(min_row=2, values_only=True)]
    assert by_place[0][:3] == ["贵港市", 1000, 800] and by_place[0][5] == 0.5
    assert book["县均"]["B2"].value == 400


def test_the_ledger_in_excel_has_every_account_and_transfer(guigang, client_for):
    viewer = client_for("viewer", scope=["45"])
    download = viewer.get(f"/ledger/ledger.xlsx?place={GUIGANG}")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    accounts = {row[0]: row for row in book["账户"].iter_rows(min_row=2, values_only=True)}
    assert set(accounts) == {"receiving-4508", "receiving-450821", "receiving-450881",
                             "project-road"}  # fmt: skip
    header = [c.value for c in book["账户"][1]]
    remaining = header.index("余额（元）")
    assert accounts["receiving-4508"][remaining] == 100  # 800 in, 700 allocated
    assert accounts["project-road"][remaining] == 300
    transfers = list(book["转账记录"].iter_rows(min_row=2, values_only=True))
    assert len(transfers) == 9  # the reversal too, oldest first
    assert [t[1].date() for t in transfers] == sorted(t[1].date() for t in transfers)
