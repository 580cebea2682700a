"""The ledger and the donation register as indicator sources: a repair (`xiezuo indicators
sync`) rebuilds exactly what the services wrote as they went."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.indicators import sources
from xiezuo.indicators.models import DataValue
from xiezuo.ledger import services
from xiezuo.ledger.sources import DonationSource, LedgerSource

from .factories import move

pytestmark = pytest.mark.django_db


def owned(source):
    return sorted(
        DataValue.objects.filter(data_element__code__in=source.elements).values_list(
            "data_element__code", "place_code", "period", "disaggregation", "value"
        )
    )


def test_a_full_sync_of_the_ledger_changes_nothing_the_transfers_already_counted(
    recorder, accounts
):
    a = accounts
    move(recorder, "pledge", a["shenzhen"], a["baise"], "900", on=date(2019, 2, 1))
    move(recorder, "receipt", a["shenzhen"], a["baise"], "800", on=date(2019, 3, 1))
    move(recorder, "allocation", a["baise"], a["debao"], "500", on=date(2019, 4, 1))
    move(recorder, "disbursement", a["debao"], a["project"], "300", on=date(2019, 5, 1))
    move(recorder, "expenditure", a["project"], a["spent"], "120", on=date(2019, 6, 1))
    wrong = move(recorder, "expenditure", a["project"], a["spent"], "80", on=date(2019, 6, 2))
    assert ("project_spending", "451024", "2019", "", 200) in owned(LedgerSource)
    services.transfer_reverse(actor=recorder, transfer=wrong, on=date(2019, 6, 3))
    assert {"4510", "451024"} <= set(LedgerSource().places())
    before = owned(LedgerSource)
    assert ("fiscal_aid_in_place", "451024", "2019", "", 500) in before
    assert ("fiscal_aid_in_place", "4510", "2019", "", 300) in before  # 800 in, 500 passed down
    assert ("project_spending", "451024", "2019", "", 120) in before  # the mistake taken back
    summary = sources.sync("ledger")
    assert summary.created == summary.updated == summary.deleted == 0
    assert owned(LedgerSource) == before


def test_a_full_sync_of_the_donations_changes_nothing(recorder):
    before = owned(DonationSource)
    assert before  # the demo's gifts
    summary = sources.sync("donations")
    assert summary.created == summary.updated == summary.deleted == 0
    assert owned(DonationSource) == before
