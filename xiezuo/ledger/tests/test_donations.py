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


def test_a_cash_pledge_is_a_ledger_pledge_and_counts_only_once_received(recorder, tiandong):
    """The charity evening's pledge (认捐) is promised money: pending in the ledger, not yet
    donated cash; when it arrives, the receipt posts the pledge and the figure counts it."""
    donor = Donor.objects.create(name="某慈善晚会认捐企业", kind="enterprise", origin="guangdong")
    gift = services.donation_record(
        actor=recorder, donor=donor, form="cash", amount="230000", place=tiandong,
        pledged_on=date(2018, 6, 30),
    )  # fmt: skip
    assert not gift.received and gift.transfer is None
    assert gift.pledge.kind == "pledge" and gift.pledge.pending
    social = gift.pledge.target
    assert account_balances(social).pledged == Decimal("230000.00")
    assert account_balances(social).remaining == Decimal("0.00")
    assert not DataValue.objects.filter(
        data_element__code="donation_cash", place__code="451022", period__startswith="2018"
    ).exists()
    with pytest.raises(ValidationError) as refused:
        services.donation_receive(actor=recorder, donation=gift, received_on=date(2018, 6, 1))
    assert refused.value.message_dict == {"received_on": ["捐赠不能早于认捐日期收到。"]}
    services.donation_receive(
        actor=recorder, donation=gift, received_on=date(2018, 8, 15), receipt_number="收据 88"
    )
    gift.refresh_from_db()
    assert gift.received_on == date(2018, 8, 15) and gift.transfer.pledge == gift.pledge
    assert account_balances(social).remaining == Decimal("230000.00")
    key = "donor_kind=enterprise;donor_origin=guangdong"
    assert stored("donation_cash", "451022", "201808", key) == (
        Decimal("230000"),
        "derived:donations",
    )
    with pytest.raises(ValidationError) as refused:
        services.donation_receive(actor=recorder, donation=gift, received_on=date(2018, 9, 1))
    assert refused.value.message_dict == {"received_on": ["该捐赠已于 2018-08-15 收到。"]}
    assert ledger_check().sound


def test_a_gift_for_a_project_goes_into_the_projects_account(recorder, tiandong, accounts):
    """The project is in Debao (451024): the gift is for its place, and a place that does not
    hold the project is refused."""
    donor = Donor.objects.create(name="某基金会", kind="organisation", origin="guangdong")
    project = accounts["project"]
    gift = services.donation_record(
        actor=recorder, donor=donor, form="cash", amount="80000", project_account=project,
        received_on=date(2018, 7, 1),
    )  # fmt: skip
    assert gift.place.code == "451024" and gift.transfer.target == project
    assert account_balances(project).received == Decimal("80000.00")
    with pytest.raises(ValidationError) as refused:
        services.donation_record(
            actor=recorder, donor=donor, form="cash", amount="1", project_account=project,
            place=tiandong, received_on=date(2018, 7, 1),
        )  # fmt: skip
    assert refused.value.message_dict == {"place": ["该项目位于德保县，不在田东县范围内。"]}
    with pytest.raises(ValidationError) as refused:
        services.donation_record(
            actor=recorder, donor=donor, form="cash", amount="1", place=tiandong,
        )  # fmt: skip
    assert refused.value.message_dict == {"received_on": ["请填写收到捐赠的日期，或认捐的日期。"]}


def test_the_donations_api_records_a_pledge_once_and_its_receipt(client_for):
    import json

    clerk = client_for("clerk", scope=["451022"])
    body = {
        "donor": "某慈善晚会认捐企业", "donor_kind": "enterprise", "donor_origin": "guangdong",
        "form": "cash", "amount": "23000000", "place": "451022", "pledged_on": "2018-06-30",
    }  # fmt: skip

    def post(path, data, key=None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return clerk.post(path, json.dumps(data), content_type="application/json", **headers)

    before = Donation.objects.count()
    first = post("/api/v1/ledger/donations", body, key="evening-1")
    assert first.status_code == 201, first.content
    again = post("/api/v1/ledger/donations", body, key="evening-1")
    assert again.json() == first.json() and Donation.objects.count() == before + 1
    other = post("/api/v1/ledger/donations", {**body, "amount": "1"}, key="evening-1")
    assert other.status_code == 422 and "幂等键" in other.content.decode()
    gift = first.json()
    assert gift["amount"] == "23000000" and gift["received_on"] is None and gift["pledge"]
    pledges = clerk.get("/api/v1/ledger/donations?received=false&year=2018&place=4510").json()
    assert [g["uid"] for g in pledges["items"]] == [gift["uid"]]
    received = post(f"/api/v1/ledger/donations/{gift['uid']}/receive",
                    {"received_on": "2018-08-15", "receipt_number": "收据 88"})  # fmt: skip
    assert received.status_code == 200, received.content
    assert received.json()["received_on"] == "2018-08-15" and received.json()["transfer"]
    outside = post("/api/v1/ledger/donations", {**body, "place": "451024"})
    assert outside.status_code == 403
    bad = post("/api/v1/ledger/donations", {**body, "amount": "1.234"})
    assert bad.status_code == 422 and "amount" in bad.json()["errors"]


def test_a_pledge_is_received_on_the_page(client_for, recorder, tiandong):
    clerk = client_for("clerk", scope=["451022"])
    donor = Donor.objects.create(name="某企业", kind="enterprise", origin="guangdong")
    gift = services.donation_record(
        actor=recorder, donor=donor, form="goods", goods="棉被 500 床", amount="60000",
        place=tiandong, pledged_on=date(2018, 6, 30),
    )  # fmt: skip
    listed = clerk.get("/ledger/donations/").content.decode()
    assert "认捐" in listed and f"/ledger/donations/{gift.uid}/receive/" in listed
    done = clerk.post(f"/ledger/donations/{gift.uid}/receive/", {"received_on": "2018-07-02"})
    assert done.status_code == 302
    gift.refresh_from_db()
    assert gift.received_on == date(2018, 7, 2)
    assert stored("donation_goods", "451022", "201807", "donor_origin=guangdong")[0] == 60000
