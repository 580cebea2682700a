"""The pairing registry's figures follow every change at once, county by county."""

from datetime import date

import pytest

from xiezuo.indicators.analytics import value_of
from xiezuo.pairings.models import Pairing
from xiezuo.pairings.services import pairing_end, pairing_update
from xiezuo.periods import PeriodType, of_date

pytestmark = pytest.mark.django_db

THIS_YEAR = [of_date(date.today(), PeriodType.YEARLY)]


def test_ending_a_county_pairing_uncounts_the_county_at_once(place):
    assert value_of("paired_counties", place=place("451024"), periods=THIS_YEAR) == 1
    pairing = Pairing.objects.get(kind="county", helped_place__code="451024")
    pairing_end(pairing=pairing, ended_on=date(2021, 1, 1))
    assert value_of("paired_counties", place=place("451024"), periods=THIS_YEAR) == 0
    assert value_of("paired_counties", place=place("45"), periods=THIS_YEAR) == 32
    assert (
        value_of(
            "paired_counties",
            place=place("45"),
            periods=[of_date(date(2020, 6, 1), PeriodType.YEARLY)],
        )
        == 33
    )


def test_moving_a_pairing_recounts_both_counties(place):
    pairing = Pairing.objects.filter(
        kind="township", helped_place__code__startswith="451024"
    ).first()
    before_debao = value_of("paired_townships", place=place("451024"), periods=THIS_YEAR)
    before_napo = value_of("paired_townships", place=place("451026"), periods=THIS_YEAR)
    pairing_update(pairing=pairing, helped=place("451026100"))
    assert (
        value_of("paired_townships", place=place("451024"), periods=THIS_YEAR) == before_debao - 1
    )
    # 451026100 is not a designated poor township: it is paired but not counted
    assert value_of("paired_townships", place=place("451026"), periods=THIS_YEAR) == before_napo
