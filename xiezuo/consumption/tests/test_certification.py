"""Certification of a product, step by step: the order is kept, each step says who, when
and why, and what is refused writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xiezuo.consumption import services
from xiezuo.consumption.models import CertificationStep, Objection, Product, Supplier
from xiezuo.places.models import Place

from .factories import certified_product, product, supplier, to_notice

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _messages(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict[field])


def test_an_application_opens_with_its_step(clerk):
    applied = product(clerk)
    assert applied.status == "applied"
    steps = list(applied.steps.values_list("kind", "by", "on"))
    assert steps == [("apply", clerk.pk, TODAY() - timedelta(days=30))]


def test_the_whole_way_to_a_certificate_valid_three_years(clerk, approver):
    item = to_notice(clerk, product(clerk))
    assert item.status == "notice"
    assert item.notice_until == item.notice_from + timedelta(days=6)
    certified = services.product_certify(actor=approver, product=item)
    assert certified.status == "certified"
    assert certified.valid_from == TODAY()
    assert certified.valid_until.year == TODAY().year + 3
    assert certified.certificate_number.startswith("451024")
    kinds = list(certified.steps.order_by("on", "at").values_list("kind", flat=True))
    assert kinds == ["apply", "check", "review", "notice", "certify"]


def test_a_review_before_the_township_check_is_refused(clerk):
    item = product(clerk)
    with pytest.raises(ValidationError) as refused:
        services.product_review(actor=clerk, product=item)
    assert "status" in refused.value.message_dict
    assert Product.objects.get(pk=item.pk).status == "applied"
    assert item.steps.count() == 1


def test_certifying_before_the_notice_has_run_its_days_is_refused(clerk, approver):
    item = to_notice(clerk, product(clerk), days_ago=3)
    with pytest.raises(ValidationError) as refused:
        services.product_certify(actor=approver, product=item)
    assert item.notice_until.isoformat() in _messages(refused, "on")
    assert Product.objects.get(pk=item.pk).status == "notice"


def test_a_step_dated_before_the_previous_step_is_refused(clerk):
    item = product(clerk)
    with pytest.raises(ValidationError) as refused:
        services.product_check(actor=clerk, product=item, on=TODAY() - timedelta(days=31))
    assert (TODAY() - timedelta(days=30)).isoformat() in _messages(refused, "on")


def test_a_step_dated_in_the_future_is_refused(clerk):
    item = product(clerk)
    with pytest.raises(ValidationError) as refused:
        services.product_check(actor=clerk, product=item, on=TODAY() + timedelta(days=1))
    assert "on" in refused.value.message_dict


def test_an_open_objection_holds_the_certificate_and_a_dismissal_lets_it_go(clerk, approver):
    item = to_notice(clerk, product(clerk))
    objection = services.objection_record(
        actor=approver, product=item, content="实际为外地收购", received_on=item.notice_from
    )
    with pytest.raises(ValidationError, match="尚未答复"):
        services.product_certify(actor=approver, product=item)
    services.objection_answer(actor=approver, objection=objection, outcome="dismissed",
                              answer="经核实为本地种植")  # fmt: skip
    assert services.product_certify(actor=approver, product=item).status == "certified"


def test_an_upheld_objection_rejects_the_product_with_the_answer_as_reason(clerk, approver):
    item = to_notice(clerk, product(clerk))
    objection = services.objection_record(actor=approver, product=item, content="以次充好")
    services.objection_answer(actor=approver, objection=objection, outcome="upheld",
                              answer="抽检不合格", then="reject")  # fmt: skip
    item.refresh_from_db()
    assert item.status == "rejected"
    assert item.steps.filter(kind="reject", comment="抽检不合格").exists()
    assert Objection.objects.get(pk=objection.pk).outcome == "upheld"


def test_an_upheld_objection_may_return_the_product_and_a_new_notice_starts_clean(clerk, approver):
    item = to_notice(clerk, product(clerk), days_ago=20)
    objection = services.objection_record(
        actor=approver, product=item, content="规格不符", received_on=TODAY() - timedelta(days=19)
    )
    services.objection_answer(actor=approver, objection=objection, outcome="upheld",
                              answer="请更正规格", then="return",
                              on=TODAY() - timedelta(days=18))  # fmt: skip
    item.refresh_from_db()
    assert item.status == "applied" and item.notice_from is None
    to_notice(clerk, item, days_ago=10)
    assert services.product_certify(actor=approver, product=item).status == "certified"


def test_a_return_needs_its_reason(clerk):
    item = product(clerk)
    services.product_check(actor=clerk, product=item)
    with pytest.raises(ValidationError) as refused:
        services.product_return(actor=clerk, product=item, comment=" ")
    assert "comment" in refused.value.message_dict
    services.product_return(actor=clerk, product=item, comment="缺少产地证明")
    assert Product.objects.get(pk=item.pk).status == "applied"


def test_a_rejection_needs_reasons_and_ends_the_application(clerk, approver):
    item = product(clerk)
    with pytest.raises(ValidationError):
        services.product_reject(actor=approver, product=item, comment="")
    services.product_reject(actor=approver, product=item, comment="非本地生产")
    with pytest.raises(ValidationError):
        services.product_check(actor=clerk, product=item)


def test_a_certified_product_is_suspended_reinstated_and_withdrawn(clerk, approver):
    item = certified_product(clerk)
    with pytest.raises(ValidationError):
        services.product_reinstate(actor=approver, product=item)
    services.product_suspend(actor=approver, product=item, comment="质量抽检不合格")
    assert item.status == "suspended"
    services.product_reinstate(actor=approver, product=item, comment="复检合格")
    assert item.status == "certified"
    services.product_withdraw(actor=approver, product=item, comment="停产")
    assert Product.objects.get(pk=item.pk).status == "withdrawn"
    with pytest.raises(ValidationError):
        services.product_suspend(actor=approver, product=item, comment="再次")


def test_only_a_certified_product_can_be_suspended(clerk, approver):
    item = product(clerk)
    with pytest.raises(ValidationError) as refused:
        services.product_suspend(actor=approver, product=item, comment="x")
    assert "status" in refused.value.message_dict


def test_a_validity_ending_before_it_begins_is_refused(clerk, approver):
    item = to_notice(clerk, product(clerk))
    with pytest.raises(ValidationError) as refused:
        services.product_certify(
            actor=approver, product=item, valid_until=TODAY() - timedelta(days=1)
        )
    assert "valid_until" in refused.value.message_dict
    assert Product.objects.get(pk=item.pk).status == "notice"


def test_a_certificate_number_is_given_once(clerk, approver):
    first = certified_product(clerk)
    item = to_notice(clerk, product(clerk, first.supplier, name="德保芒果"))
    with pytest.raises(ValidationError) as refused:
        services.product_certify(
            actor=approver, product=item, certificate_number=first.certificate_number
        )
    assert "certificate_number" in refused.value.message_dict


def test_the_steps_are_append_only(clerk):
    step = product(clerk).steps.get()
    with pytest.raises(Exception):  # noqa: B017
        step.comment = "改"
        step.save()
    assert CertificationStep.objects.get(pk=step.pk).comment == ""


# --- suppliers and applications: bad input


@pytest.mark.parametrize(("price", "words"), [("-5", "负"), ("abc", "abc"), ("0", "大于零")])
def test_a_negative_or_non_numeric_price_is_refused(clerk, price, words):
    with pytest.raises(ValidationError) as refused:
        product(clerk, price=price)
    assert words in _messages(refused, "price")
    assert not Product.objects.filter(supplier__name="德保县测试种植合作社").exists()


@pytest.mark.parametrize("field", ["capacity_value", "capacity_quantity"])
@pytest.mark.parametrize("value", ["-1", "十吨"])
def test_a_negative_or_non_numeric_capacity_is_refused(clerk, field, value):
    with pytest.raises(ValidationError) as refused:
        product(clerk, **{field: value})
    assert field in refused.value.message_dict


def test_a_helper_side_place_is_refused_for_a_supplier(clerk):
    with pytest.raises(ValidationError) as refused:
        supplier(clerk, place="440305")
    assert "不是受援地区" in _messages(refused, "place")
    assert not Supplier.objects.filter(name="德保县测试种植合作社").exists()


def test_a_supplier_name_is_recorded_once_per_place(clerk):
    supplier(clerk)
    with pytest.raises(ValidationError) as refused:
        supplier(clerk)
    assert "name" in refused.value.message_dict


def test_a_product_is_changed_only_while_applied(clerk):
    item = product(clerk)
    services.product_update(actor=clerk, product=item, name="德保脐橙（特级）",
                            category="primary", place=item.place, price="78")  # fmt: skip
    assert Product.objects.get(pk=item.pk).price == 78
    services.product_check(actor=clerk, product=item)
    with pytest.raises(ValidationError):
        services.product_update(actor=clerk, product=item, name="别的", category="primary",
                                place=item.place)  # fmt: skip


def test_the_place_of_origin_defaults_to_the_suppliers(clerk):
    of = supplier(clerk, place="451024100")
    item = product(clerk, of)
    assert item.place == Place.objects.get(code="451024100")


def test_an_objection_outside_a_notice_is_refused(clerk, approver):
    item = product(clerk)
    with pytest.raises(ValidationError):
        services.objection_record(
            actor=approver, product=item, content="x", received_on=date.today()
        )
