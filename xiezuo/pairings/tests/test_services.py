from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xiezuo.pairings.models import Pairing, Status
from xiezuo.pairings.services import pairing_create, pairing_end, pairing_update
from xiezuo.places.models import Organisation

pytestmark = pytest.mark.django_db

START = date(2018, 1, 1)


def errors_of(exc_info):
    return exc_info.value.message_dict


def test_a_township_pairing_joins_a_helper_township_and_a_poor_township(place):
    pairing = pairing_create(
        kind="township", helper=place("440305001"), helped=place("451024102"), started_on=START
    )
    assert pairing.helper == place("440305001")
    assert pairing.helped == place("451024102")
    assert pairing.status == Status.ACTIVE


def test_either_side_may_be_an_organisation(place):
    enterprise = Organisation.objects.create(
        name="测试企业", kind="enterprise", place=place("440305"), side="helper"
    )
    pairing = pairing_create(
        kind="enterprise_village", helper=enterprise, helped=place("451024101200"), started_on=START
    )
    assert pairing.helper_organisation == enterprise
    assert pairing.helper_place is None


def test_a_place_cannot_be_paired_with_itself(place):
    with pytest.raises(ValidationError) as exc:
        pairing_create(
            kind="county", helper=place("451024"), helped=place("451024"), started_on=START
        )
    assert "helped" in errors_of(exc)


def test_the_sides_must_fit_the_type(place):
    with pytest.raises(ValidationError) as exc:
        pairing_create(
            kind="county", helper=place("4403"), helped=place("451024101"), started_on=START
        )
    assert set(errors_of(exc)) == {"helper", "helped"}


def test_an_end_date_before_the_start_is_refused(place):
    with pytest.raises(ValidationError) as exc:
        pairing_create(
            kind="township",
            helper=place("440305001"),
            helped=place("451024102"),
            started_on=START,
            ended_on=date(2017, 12, 31),
        )
    assert "ended_on" in errors_of(exc)


def test_a_duplicate_active_pairing_is_refused_and_nothing_is_written(place):
    before = Pairing.objects.count()
    with pytest.raises(ValidationError) as exc:
        # Nanshan → Debao is in the demo already.
        pairing_create(
            kind="county", helper=place("440305"), helped=place("451024"), started_on=START
        )
    assert "helped" in errors_of(exc)
    assert Pairing.objects.count() == before


def test_after_ending_a_pairing_the_same_sides_may_pair_again(place):
    first = pairing_create(
        kind="township", helper=place("440305001"), helped=place("451024102"), started_on=START
    )
    pairing_end(pairing=first, ended_on=date(2019, 1, 1), reason="调整")
    again = pairing_create(
        kind="township",
        helper=place("440305001"),
        helped=place("451024102"),
        started_on=date(2019, 1, 1),
    )
    assert first.status == Status.ENDED
    assert again.status == Status.ACTIVE


def test_ending_keeps_the_pairing_with_its_date_and_reason(place):
    pairing = Pairing.objects.get(
        kind="county", helper_place__code="440305", helped_place__code="451024"
    )
    pairing_end(pairing=pairing, ended_on=date(2021, 1, 1), reason="2021年起调整结对关系")
    pairing.refresh_from_db()
    assert pairing.ended_on == date(2021, 1, 1)
    assert pairing.end_reason == "2021年起调整结对关系"
    assert pairing.status_on(date(2020, 12, 31)) == Status.ACTIVE
    assert pairing.status_on(date(2021, 1, 1)) == Status.ENDED


def test_a_pairing_cannot_be_ended_twice_or_before_it_started(place):
    pairing = Pairing.objects.get(kind="county", helped_place__code="451024")
    with pytest.raises(ValidationError):
        pairing_end(pairing=pairing, ended_on=date(2000, 1, 1))
    pairing_end(pairing=pairing, ended_on=date(2021, 1, 1))
    with pytest.raises(ValidationError):
        pairing_end(pairing=pairing, ended_on=date(2022, 1, 1))


def test_an_update_is_validated_like_a_create(place):
    pairing = Pairing.objects.get(kind="county", helped_place__code="451024")
    with pytest.raises(ValidationError):
        pairing_update(pairing=pairing, helped=place("440305"))
    updated = pairing_update(pairing=pairing, note="新增备注")
    assert updated.note == "新增备注"


def test_a_pairing_that_starts_later_is_planned(place):
    pairing = pairing_create(
        kind="township",
        helper=place("440305001"),
        helped=place("451024102"),
        started_on=date(2099, 1, 1),
    )
    assert pairing.status == Status.PLANNED
