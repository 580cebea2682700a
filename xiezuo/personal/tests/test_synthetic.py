"""Synthetic identity numbers for demo people: valid, unique, and never a real person's."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.personal.identity import identity_clean, is_synthetic, synthetic_identity
from xiezuo.places.models import Place

BORN = date(1990, 5, 17)


def test_a_synthetic_number_passes_the_validator_and_tells_its_date_and_sex():
    number = synthetic_identity(0, BORN, "male", "451024")
    assert identity_clean(number) == number
    assert number.birth_date == BORN and number.sex == "male"
    assert number.startswith("4599") and is_synthetic(number)


def test_the_same_arguments_give_the_same_number():
    assert synthetic_identity(42, BORN, "female") == synthetic_identity(42, BORN, "female")


def test_every_n_gives_a_different_valid_number():
    numbers = {
        synthetic_identity(n, BORN, sex) for n in range(0, 50_000, 7) for sex in ("male", "female")
    }
    assert len(numbers) == 2 * len(range(0, 50_000, 7))
    assert all(identity_clean(number) == number for number in numbers)


def test_n_out_of_range_is_refused():
    with pytest.raises(ValueError):
        synthetic_identity(50_000, BORN, "male")
    with pytest.raises(ValueError):
        synthetic_identity(0, BORN, "male", region="99")


@pytest.mark.django_db
def test_no_division_code_begins_like_a_synthetic_number():
    """The prefecture digits 99 belong to no place: 2023's codes of every province loaded."""
    provinces = {code[:2] for code in Place.objects.filter(level=1).values_list("code", flat=True)}
    assert {"44", "45"} <= provinces
    for province in provinces:
        assert not Place.objects.filter(code__startswith=f"{province}99").exists()
        number = synthetic_identity(0, BORN, "female", province)
        assert not Place.objects.filter(code=number.region_code).exists()
