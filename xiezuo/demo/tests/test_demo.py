"""The demo programme: the seed's structure on real places, loaded idempotently."""

import pytest
from auditlog.models import LogEntry

from xiezuo.accounts.models import Role, User
from xiezuo.demo.loader import load_demo
from xiezuo.pairings.models import Pairing
from xiezuo.places.models import Designation, Organisation, Place

pytestmark = pytest.mark.django_db


def test_a_second_load_changes_nothing():
    counts = [m.objects.count() for m in (Place, Designation, Organisation, Pairing, User)]
    entries = LogEntry.objects.count()
    result = load_demo(progress=False)
    assert not result.changed
    assert [m.objects.count() for m in (Place, Designation, Organisation, Pairing, User)] == counts
    assert LogEntry.objects.count() == entries


def test_there_is_one_demo_user_per_role_and_admin_is_the_administrator():
    roles = {
        u.role
        for u in User.objects.filter(
            username__in=["admin", "coordinator", "approver", "clerk", "viewer"]
        )
    }
    assert roles == {r.value for r in Role}
    assert User.objects.get(username="admin").role == Role.ADMINISTRATOR


def test_the_seeds_structure_is_on_real_places():
    county = Pairing.objects.filter(kind="county")
    assert county.count() == 33
    helped = Place.objects.filter(helped_pairings__kind="county").distinct()
    assert helped.count() == 33
    assert {p.code[:4] for p in helped} == {
        "4501",
        "4502",
        "4503",
        "4510",
        "4511",
        "4512",
        "4513",
        "4514",
    }
    shenzhen = {
        p.helper_place.code
        for p in county
        if p.helper_place and p.helper_place.code.startswith("4403")
    }
    assert len(shenzhen) == 9  # and Dapeng New Area as an organisation: Shenzhen's 10 districts
    assert county.filter(helper_organisation__name="深圳市大鹏新区管理委员会").count() == 1
    others = {
        p.helper_place.code
        for p in county
        if p.helper_place and not p.helper_place.code.startswith("4403")
    }
    assert len(others) == 16  # 16 counties/districts of Jiangmen, Zhanjiang, Maoming and Zhaoqing
    assert {c[:4] for c in others} == {"4407", "4408", "4409", "4412"}


def test_sourced_and_invented_pairings_are_marked():
    county = Pairing.objects.filter(kind="county")
    assert county.filter(illustrative=False).count() == 27
    invented = {p.helped_place.name for p in county.filter(illustrative=True)}
    assert invented == {
        "田东县",
        "隆林各族自治县",
        "环江毛南族自治县",
        "罗城仫佬族自治县",
        "龙胜各族自治县",
        "资源县",
    }
    assert all(p.source for p in county.filter(illustrative=False))
    assert not Pairing.objects.filter(kind__in=["township", "village"], illustrative=False).exists()


def test_the_demo_page_marks_invented_records(client_for):
    viewer = client_for("viewer")
    invented = Pairing.objects.get(kind="county", helped_place__code="451022")  # Tiandong
    page = viewer.get(f"/pairings/{invented.pk}/").content.decode()
    assert '<span class="tag illustrative">示例</span> 为演示而虚构' in page
    sourced = Pairing.objects.get(kind="county", helped_place__code="451024")  # Debao
    assert "示例" not in viewer.get(f"/pairings/{sourced.pk}/").content.decode()


def test_the_fiscal_aid_figures_come_from_the_ledgers_transfers():
    from decimal import Decimal

    from xiezuo import periods
    from xiezuo.indicators import analytics
    from xiezuo.indicators.models import DataValue
    from xiezuo.ledger.models import Transfer
    from xiezuo.ledger.selectors import ledger_check

    def value_of(item, place, period):
        return analytics.value_of(
            item, place=Place.objects.get(code=place), periods=[periods.parse(period)]
        )

    # pledged, received and disbursed per county, and Debao's two named projects paid apart
    assert Transfer.objects.filter(voucher__startswith="示意-2018").count() == 3 * 33 + 2
    fiscal = Transfer.objects.filter(voucher__startswith="示意-", donation__isnull=True)
    assert fiscal.count() == 119 + 2 + 3  # and three payments by those projects
    assert value_of("fiscal_aid", "45", "2018") == Decimal("1033000000")
    assert value_of("fiscal_aid_in_place", "45", "2018") == Decimal("985000000")
    assert value_of("fiscal_aid_disbursed", "45", "2018") == Decimal("812000000")
    assert value_of("fiscal_aid", "4510", "2016") == Decimal("100000000")  # 10 counties × 1,000万
    stored = DataValue.objects.filter(data_element__code__startswith="fiscal_aid")
    assert set(stored.values_list("source", flat=True)) == {"derived:ledger"}
    assert ledger_check().sound


def test_the_demo_projects_are_paid_and_spend_through_the_ledger():
    """Debao's workshop (completed) spent all it was paid, its road three fifths; the
    relocation town's 1亿 gift is in its own account; the county's total is unchanged."""
    from decimal import Decimal

    from xiezuo.ledger.selectors import account_balances
    from xiezuo.projects.models import Project

    def money(name):
        account = Project.objects.get(name=name).account
        return account_balances(account)

    workshop = money("德保县扶贫车间建设项目")
    assert (workshop.received, workshop.spent, workshop.spending_rate) == (
        Decimal("3000000"),
        Decimal("3000000"),
        1,
    )
    road = money("德保县贫困村道路硬化项目")
    assert (road.received, road.spent) == (Decimal("2000000"), Decimal("1200000"))
    assert money("深百小镇易地扶贫搬迁项目").received == Decimal("100000000")


def test_the_donation_figures_come_from_the_register_and_cash_is_in_the_ledger():
    from xiezuo.indicators.models import DataValue
    from xiezuo.ledger.models import Donation

    gifts = Donation.objects.all()
    assert gifts.count() == 7 + 9  # the enterprise, the evening's six, the official's nine years
    assert all(g.transfer is not None for g in gifts.filter(form="cash"))
    assert not gifts.filter(form="goods", transfer__isnull=False).exists()
    stored = DataValue.objects.filter(data_element__code__startswith="donation_")
    assert set(stored.values_list("source", flat=True)) == {"derived:donations"}
    assert gifts.get(receipt_number="示意-个人-2009").donor.anonymous
