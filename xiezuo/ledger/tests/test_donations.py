"""The donation register: gifts in cash (into the ledger) and in goods, and their figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xiezuo.indicators.models import DataValue
from xiezuo.ledger import services
from xiezuo.ledger.models import Donation, Donor
from xiezuo.ledger.selectors import account_balances, ledger_check
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def tiandong():
    return Place.objects.get(code="451022")


def give(recorder, donor, place, form="cash", amount="50000", **extra):
    return services.donation_record(
        actor=recorder, donor=donor, form=form, amount=amount, place=place,
        received_on=extra.pop("received_on", date(2019, 4, 8)), **extra,
    )  # fmt: skip


def stored(element, place, period, key):
    value = DataValue.objects.filter(
        data_element__code=element, place__code=place, period=period, disaggregation=key
    ).first()
    return value and (value.value, value.source)


def test_a_cash_gift_is_a_receipt_into_the_places_social_funds_and_counts_as_donated_cash(
    recorder, tiandong
):
    donor = Donor.objects.create(name="佛山某企业", kind="enterprise", origin="guangdong")
    gift = give(recorder, donor, tiandong, receipt_number="田捐〔2019〕3号")
    assert gift.transfer.target.code == "social-451022"
    assert gift.transfer.voucher == "田捐〔2019〕3号" and gift.transfer.note == "佛山某企业捐赠"
    assert account_balances(gift.transfer.target).received == Decimal("50000.00")
    key = "donor_kind=enterprise;donor_origin=guangdong"
    assert stored("donation_cash", "451022", "201904", key) == (
        Decimal("50000"),
        "derived:donations",
    )
    assert ledger_check().sound


def test_goods_are_valued_and_described_but_move_no_money(recorder, tiandong):
    donor = Donor.objects.create(name="某基金会", kind="organisation", origin="other")
    with pytest.raises(ValidationError) as refused:
        give(recorder, donor, tiandong, form="goods", amount="8000")
    assert refused.value.message_dict == {"goods": ["请说明捐赠的物资。"]}
    gift = give(recorder, donor, tiandong, form="goods", amount="8000", goods="课桌椅 40 套")
    assert gift.transfer is None
    assert stored("donation_goods", "451022", "201904", "donor_origin=other")[0] == 8000


def test_an_anonymous_donor_is_not_named_in_the_ledger(recorder, tiandong):
    donor = Donor.objects.create(
        name="某退休干部", kind="individual", origin="guangdong", anonymous=True
    )
    gift = give(recorder, donor, tiandong, amount="2000")
    assert gift.transfer.note == "匿名捐赠者捐赠"


def test_a_bad_gift_is_refused_and_nothing_is_written(recorder, tiandong):
    donor = Donor.objects.create(name="某企业", kind="enterprise", origin="guangdong")
    before = Donation.objects.count()
    with pytest.raises(ValidationError) as refused:
        give(recorder, donor, tiandong, amount="-1")
    assert refused.value.message_dict == {"amount": ["金额必须大于零。"]}
    with pytest.raises(ValidationError) as refused:
        give(recorder, donor, tiandong, received_on=date(2999, 1, 1))
    assert refused.value.message_dict == {"received_on": ["日期在未来。"]}
    assert Donation.objects.count() == before


def test_a_clerk_records_a_donation_on_the_page(client_for, errors_beside):
    clerk = client_for("clerk", scope=["451022"])
    form = {
        "donor_name": "佛山某企业", "donor_kind": "enterprise", "donor_origin": "guangdong",
        "form": "goods", "amount": "12000", "place": "451022", "received_on": "2019-04-08",
    }  # fmt: skip
    refused = clerk.post("/ledger/donations/new/", form)
    assert refused.status_code == 422
    assert errors_beside(refused, "id_goods") == ["请说明捐赠的物资。"]
    assert not Donor.objects.filter(name="佛山某企业").exists()  # nothing half-written
    done = clerk.post("/ledger/donations/new/", {**form, "goods": "图书 2000 册"})
    assert done.status_code == 302 and done["Location"] == "/ledger/donations/"
    page = clerk.get("/ledger/donations/?place=451022").content.decode()
    assert "佛山某企业" in page and "图书 2000 册" in page and "1.2万" in page
    outside = clerk.post("/ledger/donations/new/", {**form, "goods": "x", "place": "451024"})
    assert outside.status_code == 403
    clerk.post("/ledger/donations/new/", {**form, "goods": "文具", "received_on": "2019-05-01"})
    assert Donor.objects.filter(name="佛山某企业").count() == 1  # the same donor, found again
