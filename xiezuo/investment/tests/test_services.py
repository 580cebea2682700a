"""Writes of the investment registry and every refusal: nothing is written when refused."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from xiezuo.investment import services
from xiezuo.investment.models import InPlaceRecord, InvestmentProject, ParkKind
from xiezuo.places.models import Place

from .factories import SIGNED, enterprise, project

pytestmark = pytest.mark.django_db


def refused(call, field):
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field][0]


def test_a_signed_project_keeps_its_planned_investment_exactly(signed):
    assert signed.planned_investment == Decimal("120000000.00")
    assert signed.status == "signed"
    assert signed.scope_sides() == [signed.enterprise, signed.place]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "不是以元计的金额"),
        ("-5", "必须大于零"),
        ("0", "必须大于零"),
        ("10.005", "最多两位小数"),
    ],
)
def test_a_bad_planned_investment_is_refused_and_nothing_is_written(recorder, amount, message):
    before = InvestmentProject.objects.count()
    text = refused(lambda: project(recorder, planned_investment=amount), "planned_investment")
    assert message in text
    assert InvestmentProject.objects.count() == before


def test_a_project_cannot_be_signed_in_the_future(recorder):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert "未来" in refused(lambda: project(recorder, signed_on=tomorrow), "signed_on")


def test_a_project_is_signed_in_a_helped_place(recorder):
    nanshan = Place.objects.get(code="440305")
    assert "不是受援地区" in refused(lambda: project(recorder, place=nanshan.code), "place")


def test_the_enterprise_must_be_a_helper_side_enterprise(recorder):
    helped = enterprise("百色本地企业", side="helped")
    assert "不是帮扶方" in refused(lambda: project(recorder, enterprise=helped), "enterprise")


def test_investment_in_place_adds_up_and_a_reversal_takes_it_back(recorder, signed):
    first = services.in_place_record(
        actor=recorder, project=signed, amount="30000000", on=date(2019, 5, 1), voucher="凭证1"
    )
    services.in_place_record(actor=recorder, project=signed, amount="1000.50", on=date(2019, 6, 1))
    reversal = services.in_place_reverse(actor=recorder, record=first, on=date(2019, 7, 1))
    assert reversal.reverses == first and reversal.signed_amount == Decimal("-30000000.00")
    from xiezuo.investment.selectors import in_place_total

    assert in_place_total(signed.in_place.all()) == Decimal("1000.50")


def test_a_record_is_reversed_once_and_a_reversal_never(recorder, signed):
    record = services.in_place_record(
        actor=recorder, project=signed, amount="500", on=date(2019, 5, 1)
    )
    reversal = services.in_place_reverse(actor=recorder, record=record)
    assert "已冲正" in refused(
        lambda: services.in_place_reverse(actor=recorder, record=record), "record"
    )
    assert "不能再冲正" in refused(
        lambda: services.in_place_reverse(actor=recorder, record=reversal), "record"
    )
    assert InPlaceRecord.objects.filter(project=signed).count() == 2


def test_investment_in_place_is_never_changed_or_deleted(recorder, signed):
    record = services.in_place_record(
        actor=recorder, project=signed, amount="500", on=date(2019, 5, 1)
    )
    record.amount = Decimal("1")
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()
    with pytest.raises(TypeError):
        InPlaceRecord.objects.filter(pk=record.pk).update(amount=1)
    with pytest.raises(TypeError):
        InPlaceRecord.objects.filter(pk=record.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database's own trigger")
def test_the_database_refuses_to_change_or_delete_investment_in_place(recorder, signed):
    from django.db import DatabaseError, transaction

    record = services.in_place_record(
        actor=recorder, project=signed, amount="500", on=date(2019, 5, 1)
    )
    for sql in (
        "UPDATE investment_inplacerecord SET amount = 1 WHERE id = %s",
        "DELETE FROM investment_inplacerecord WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [record.pk])
    assert InPlaceRecord.objects.get(pk=record.pk).amount == Decimal("500.00")


def test_investment_cannot_arrive_before_the_signing_or_in_the_future(recorder, signed):
    assert "签约" in refused(
        lambda: services.in_place_record(
            actor=recorder, project=signed, amount="1", on=SIGNED - timedelta(days=1)
        ),
        "on",
    )
    assert "未来" in refused(
        lambda: services.in_place_record(
            actor=recorder,
            project=signed,
            amount="1",
            on=timezone.localdate() + timedelta(days=1),
        ),
        "on",
    )


def test_the_same_request_sent_twice_records_once(recorder, signed):
    once = services.in_place_record(
        actor=recorder, project=signed, amount="800", on=date(2019, 5, 1), idempotency_key="k1"
    )
    again = services.in_place_record(
        actor=recorder, project=signed, amount="800", on=date(2019, 5, 1), idempotency_key="k1"
    )
    assert once.pk == again.pk
    assert "另一请求" in refused(
        lambda: services.in_place_record(
            actor=recorder,
            project=signed,
            amount="900",
            on=date(2019, 5, 1),
            idempotency_key="k1",
        ),
        "idempotency_key",
    )


def test_a_job_report_counts_the_poor_within_everyone(recorder, signed):
    report = services.job_report_record(
        actor=recorder, project=signed, on=date(2019, 12, 31), jobs="120", poor=40
    )
    assert (report.jobs, report.poor) == (120, 40)
    assert "贫困" in refused(
        lambda: services.job_report_record(
            actor=recorder, project=signed, on=date(2020, 1, 31), jobs=10, poor=11
        ),
        "poor",
    )
    assert "整数" in refused(
        lambda: services.job_report_record(
            actor=recorder, project=signed, on=date(2020, 1, 31), jobs="-3", poor=0
        ),
        "jobs",
    )


def test_a_park_is_in_a_helped_place_with_helper_side_partners(recorder):
    debao, nanshan = Place.objects.get(code="451024"), Place.objects.get(code="440305")
    park = services.park_create(
        actor=recorder, name="测试园区", kind=ParkKind.INDUSTRIAL, place=debao,
        established_on=date(2019, 1, 1), partner_places=[nanshan],
    )  # fmt: skip
    assert list(park.partner_places.all()) == [nanshan]
    assert "不是受援地区" in refused(
        lambda: services.park_create(
            actor=recorder,
            name="别的园区",
            kind=ParkKind.INDUSTRIAL,
            place=nanshan,
            established_on=date(2019, 1, 1),
        ),
        "place",
    )
    assert "不是帮扶方" in refused(
        lambda: services.park_create(
            actor=recorder,
            name="别的园区",
            kind=ParkKind.INDUSTRIAL,
            place=debao,
            established_on=date(2019, 1, 1),
            partner_places=[debao],
        ),
        "partner_places",
    )


def test_a_half_years_returns_are_all_or_nothing(recorder):
    zone = services.park_create(
        actor=recorder, name="测试试验区", kind=ParkKind.SPECIAL_ZONE,
        place=Place.objects.get(code="451024"), established_on=date(2019, 1, 1),
    )  # fmt: skip
    a, b = services.park_enterprises_add(
        actor=recorder, park=zone,
        enterprises=[services.EnterpriseDetails("甲企业", date(2019, 2, 1)),
                     services.EnterpriseDetails("乙企业", date(2019, 3, 1))],
    )  # fmt: skip
    message = refused(
        lambda: services.park_returns_record(
            actor=recorder,
            park=zone,
            period="2019S1",
            returns=[
                services.ReturnDetails(a, "100", "50"),
                services.ReturnDetails(b, "abc", "50"),
            ],
        ),
        "returns.1.output",
    )
    assert "abc" in message
    assert not zone.enterprises.filter(returns__isnull=False).exists()
    assert "半年" in refused(
        lambda: services.park_returns_record(
            actor=recorder,
            park=zone,
            period="2019Q1",
            returns=[services.ReturnDetails(a, "1", "1")],
        ),
        "period",
    )


def test_a_workshop_report_cannot_precede_its_opening(recorder):
    township = Place.objects.filter(parent__code="451024").order_by("code").first()
    workshop = services.workshop_create(
        actor=recorder, name="测试车间", place=township, enterprise_name="某企业",
        opened_on=date(2019, 5, 1),
    )  # fmt: skip
    assert "开办" in refused(
        lambda: services.workshop_report_record(
            actor=recorder, workshop=workshop, on=date(2019, 4, 1), employed=5, poor=1
        ),
        "on",
    )


def test_a_stopped_project_stays_stopped(recorder, signed):
    services.project_status_change(project=signed, status="stopped")
    assert "不能改为" in refused(
        lambda: services.project_status_change(project=signed, status="in_production"), "status"
    )
