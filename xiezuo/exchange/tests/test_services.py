"""Recording people and secondments: what is kept, and each refusal (nothing written)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from xiezuo.exchange import services
from xiezuo.exchange.models import Person, Secondment
from xiezuo.places.models import Place

from .factories import DEBAO, IDENTITY, NANSHAN, STARTED, person, secondment

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def test_a_person_is_registered_with_the_identity_encrypted_and_found_by_its_hash(recorder):
    who = person(recorder, identity=IDENTITY, phone="138 1234 5678")
    again = Person.objects.get(pk=who.pk)
    assert (again.identity, again.phone) == (IDENTITY, "13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT identity FROM exchange_person WHERE id = %s", [who.pk])
        [raw] = cursor.fetchone()
    assert IDENTITY not in raw  # stored encrypted
    assert again.identity_hash


def test_an_identity_number_and_a_phone_are_optional(recorder):
    who = person(recorder)
    assert (who.identity, who.identity_hash, who.phone) == ("", None, "")


def test_an_identity_number_already_on_record_is_refused_naming_the_person(recorder):
    person(recorder, identity=IDENTITY, name="李已有")
    errors = refused(person, actor=recorder, identity=IDENTITY, name="王新来")
    assert "李已有" in errors["identity"][0]
    assert not Person.objects.filter(name="王新来").exists()


def test_a_wrong_identity_number_is_refused(recorder):
    errors = refused(person, actor=recorder, identity="450102199001011232")
    assert list(errors) == ["identity"]


def test_a_wrong_phone_is_refused(recorder):
    assert list(refused(person, actor=recorder, phone="12345")) == ["phone"]


def test_a_secondment_is_recorded_with_the_persons_category(recorder):
    s = secondment(recorder)
    assert (s.category, s.person.secondments.count()) == ("cadre", 1)


def test_a_planned_end_before_the_planned_start_is_refused(recorder):
    errors = refused(secondment, actor=recorder, planned_end=STARTED - timedelta(days=1))
    assert list(errors) == ["planned_end"]
    assert not Secondment.objects.filter(post="德保县副县长").exists()


def test_an_actual_end_before_the_actual_start_is_refused(recorder):
    errors = refused(secondment, actor=recorder, ended_on=STARTED - timedelta(days=1))
    assert list(errors) == ["ended_on"]


def test_an_end_without_a_start_is_refused(recorder):
    errors = refused(secondment, actor=recorder, started_on=None, ended_on=date(2022, 1, 1))
    assert list(errors) == ["ended_on"]


def test_a_start_in_the_future_is_refused(recorder):
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = refused(
        secondment, actor=recorder, planned_start=tomorrow,
        planned_end=tomorrow + timedelta(days=300), started_on=tomorrow,
    )  # fmt: skip
    assert list(errors) == ["started_on"]


def test_a_secondment_overlapping_another_of_the_same_person_is_refused(recorder):
    first = secondment(recorder)
    errors = refused(
        secondment, actor=recorder, who=first.person, planned_start=date(2022, 6, 1),
        planned_end=date(2023, 6, 1), started_on=None,
    )  # fmt: skip
    assert "2021-03-01" in errors["planned_start"][0]
    assert first.person.secondments.count() == 1


def test_an_ended_secondment_leaves_room_for_the_next(recorder):
    first = secondment(recorder, ended_on=date(2021, 12, 31))
    second = secondment(
        recorder, who=first.person, planned_start=date(2022, 6, 1), planned_end=date(2023, 6, 1),
        started_on=None,
    )  # fmt: skip
    assert list(first.person.secondments.all()) == [second, first]


def test_an_origin_on_the_helped_side_is_refused_for_a_secondment_to_the_helped(recorder):
    errors = refused(secondment, actor=recorder, origin=Place.objects.get(code="451022"))
    assert list(errors) == ["origin"]


def test_a_host_on_the_helper_side_is_refused_for_a_secondment_to_the_helped(recorder):
    errors = refused(secondment, actor=recorder, host=Place.objects.get(code="440304"))
    assert list(errors) == ["host"]


def test_sides_are_reversed_for_a_secondment_to_the_helper(recorder):
    errors = refused(secondment, actor=recorder, direction="to_helper")
    assert list(errors) == ["origin"]
    back = secondment(
        recorder, direction="to_helper", origin=Place.objects.get(code=DEBAO),
        host=Place.objects.get(code=NANSHAN),
    )  # fmt: skip
    assert back.direction == "to_helper"


def test_an_end_is_recorded_and_checked(recorder):
    s = secondment(recorder)
    services.secondment_end(secondment=s, on=date(2022, 3, 1))
    assert Secondment.objects.get(pk=s.pk).ended_on == date(2022, 3, 1)
    assert list(refused(services.secondment_end, secondment=s, on=date(2020, 1, 1))) == ["ended_on"]
    assert Secondment.objects.get(pk=s.pk).ended_on == date(2022, 3, 1)
