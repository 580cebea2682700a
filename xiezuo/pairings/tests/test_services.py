from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xiezuo.pairings.models import Pairing, Status
from xiezuo.pairings.services import pairing_end, pairing_update
from xiezuo.places.tests.factories import organisation

from .factories import nanshan_debao, pairing

pytestmark = pytest.mark.django_db


def errors_of(exc_info):
    return exc_info.value.message_dict


def test_a_township_pairing_joins_a_helper_township_and_a_poor_township(place):
    created = pairing("township", "451024102")
    assert created.helper == place("440305001")
    assert created.helped == place("451024102")
    assert created.status == Status.ACTIVE


def test_either_side_may_be_an_organisation():
    enterprise = organisation("测试企业")
    created = pairing("enterprise_village", "451024101200", helper=enterprise)
    assert created.helper_organisation == enterprise
    assert created.helper_place is None


def test_a_place_cannot_be_paired_with_itself():
    with pytest.raises(ValidationError) as exc:
        pairing("county", "451024", helper="451024")
    assert errors_of(exc) == {"helped": ["行政区划或单位不能与自身结对"]}


def test_the_sides_must_fit_the_type():
    with pytest.raises(ValidationError) as exc:
        pairing("county", "451024101", helper="4403")
    assert errors_of(exc) == {
        "helper": ["“县–县（携手奔小康）”结对的帮扶方必须是：县或政府部门"],
        "helped": ["“县–县（携手奔小康）”结对的受援方必须是：县"],
    }


def test_an_end_date_before_the_start_is_refused():
    with pytest.raises(ValidationError) as exc:
        pairing("township", "451024102", ended_on=date(2017, 12, 31))
    assert errors_of(exc) == {"ended_on": ["结束日期早于开始日期"]}


def test_a_duplicate_active_pairing_is_refused_and_nothing_is_written():
    before = Pairing.objects.count()
    with pytest.raises(ValidationError) as exc:
        pairing("county", "451024")  # Nanshan → Debao is in the demo already.
    assert errors_of(exc) == {"helped": ["双方已有该类型的有效结对"]}
    assert Pairing.objects.count() == before


def test_after_ending_a_pairing_the_same_sides_may_pair_again():
    first = pairing("township", "451024102")
    pairing_end(pairing=first, ended_on=date(2019, 1, 1), reason="调整")
    again = pairing("township", "451024102", started_on=date(2019, 1, 1))
    assert first.status == Status.ENDED
    assert again.status == Status.ACTIVE


def test_ending_keeps_the_pairing_with_its_date_and_reason():
    ended = nanshan_debao()
    pairing_end(pairing=ended, ended_on=date(2021, 1, 1), reason="2021年起调整结对关系")
    ended.refresh_from_db()
    assert ended.ended_on == date(2021, 1, 1)
    assert ended.end_reason == "2021年起调整结对关系"
    assert ended.status_on(date(2020, 12, 31)) == Status.ACTIVE
    assert ended.status_on(date(2021, 1, 1)) == Status.ENDED


def test_a_pairing_cannot_be_ended_twice_or_before_it_started():
    county = nanshan_debao()
    with pytest.raises(ValidationError) as before_the_start:
        pairing_end(pairing=county, ended_on=date(2000, 1, 1))
    assert errors_of(before_the_start) == {"ended_on": ["结束日期早于开始日期"]}
    pairing_end(pairing=county, ended_on=date(2021, 1, 1))
    with pytest.raises(ValidationError) as again:
        pairing_end(pairing=county, ended_on=date(2022, 1, 1))
    assert errors_of(again) == {"ended_on": ["该结对已结束"]}
    county.refresh_from_db()
    assert county.ended_on == date(2021, 1, 1)


def test_an_update_is_validated_like_a_create(place):
    county = nanshan_debao()
    with pytest.raises(ValidationError) as exc:
        pairing_update(pairing=county, helped=place("440305"))  # Nanshan, the helper
    assert errors_of(exc) == {"helped": ["行政区划或单位不能与自身结对"]}
    updated = pairing_update(pairing=county, note="新增备注")
    assert updated.note == "新增备注"


def test_a_pairing_that_starts_later_is_planned():
    assert pairing("township", "451024102", started_on=date(2099, 1, 1)).status == Status.PLANNED
