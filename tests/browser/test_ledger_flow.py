"""Debao's clerk pays money from the county's account to its projects on the ledger's page
and sees the statement, the programme's figures and the public disclosure change at once —
in a real Chromium against gunicorn, on the demo (which records the seed's fiscal aid in the
ledger)."""

from decimal import Decimal

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

DISBURSED = "#cell-fiscal_aid_disbursed--total .value"
PUBLIC = "/disclosure/?place=451024&year=2018"


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "").split()[0])


def test_a_clerk_records_a_disbursement_and_the_figures_follow(page, screenshot):
    sign_in(page, "clerk")
    page.goto(PUBLIC)
    public_before = Decimal(page.get_attribute("#funds-disbursed", "title").replace(",", ""))
    page.goto("/data/entry/FUNDS/451024/2018/")
    before = amount(page.locator(DISBURSED).inner_text())
    assert page.locator("#cell-fiscal_aid_disbursed--total .tag.derived").inner_text() == (
        "来自资金台账"
    )

    page.goto("/ledger/receiving-451024/")
    disbursed = amount(page.locator("#balance-disbursed").inner_text())
    page.click("#record-transfer")
    page.wait_for_url("**/ledger/transfers/new/**")
    assert page.input_value("#id_source") == "receiving-451024"
    page.select_option("#id_kind", "disbursement")
    page.fill("#id_target", "projects-451024")
    page.fill("#id_amount", "120000.50")
    page.fill("#id_on", "2018-06-10")
    page.fill("#id_voucher", "德财拨〔2018〕7号")
    with page.expect_navigation():
        page.click("#transfer-form button[type=submit]")
    assert page.url.endswith("/ledger/receiving-451024/")
    screenshot(page, "ledger-statement")
    assert amount(page.locator("#balance-disbursed").inner_text()) == disbursed + Decimal(
        "120000.50"
    )
    assert "德财拨〔2018〕7号" in page.locator("#ledger-transfers").inner_text()

    page.goto("/data/entry/FUNDS/451024/2018/")
    assert amount(page.locator(DISBURSED).inner_text()) == before + Decimal("120000.50")
    screenshot(page, "ledger-figures")

    # the public page, which anyone may read, shows it at once too
    page.goto(PUBLIC)
    public_after = Decimal(page.get_attribute("#funds-disbursed", "title").replace(",", ""))
    assert public_after == public_before + Decimal("120000.50")
    screenshot(page, "disclosure-debao")
