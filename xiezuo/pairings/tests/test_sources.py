"""The pairing registry's figures (its indicator source) follow every change at once,
county by county, and count paired places exactly as coverage does."""

import contextlib
import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from xiezuo.indicators import sources
from xiezuo.indicators.analytics import value_of
from xiezuo.pairings.models import Kind, Pairing
from xiezuo.pairings.selectors import coverage
from xiezuo.pairings.services import pairing_create, pairing_end, pairing_update
from xiezuo.pairings.sources import FIRST_YEAR
from xiezuo.periods import PeriodType, of_date, parse
from xiezuo.places.models import Designation, Organisation, Place

from .factories import nanshan_debao

pytestmark = pytest.mark.django_db

THIS_YEAR = [of_date(date.today(), PeriodType.YEARLY)]


def test_ending_a_county_pairing_uncounts_the_county_at_once(place):
    assert value_of("paired_counties", place=place("451024"), periods=THIS_YEAR) == 1
    pairing_end(pairing=nanshan_debao(), ended_on=date(2021, 1, 1))
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


# --- the figures and the coverage page count by one rule


@pytest.mark.parametrize("seed", [1, 2])
def test_the_figures_and_coverage_agree_over_random_pairings(seed, place):
    """Pairings of random poor and non-poor places of Guangxi, started and ended on random
    days, some of organisations sitting there: for every year, the paired poor counties,
    townships and villages the figures count equal what coverage counts that day."""
    rng = random.Random(seed)
    poor = list(
        Designation.objects.filter(
            place__code__startswith="45", kind__in=["poor_county", "poor_township", "poor_village"]
        ).select_related("place")
    )
    others = list(Place.objects.filter(code__startswith="4510", level__gte=3)[:300])
    helpers = {
        level: list(Place.objects.filter(code__startswith="44", level=level)[:40])
        for level in (3, 4)
    }
    hospital = Organisation.objects.filter(kind="hospital", place__code__startswith="45").first()
    guangdong_hospital = Organisation.objects.filter(
        kind="hospital", place__code__startswith="44"
    ).first()
    Pairing.objects.filter(helped_place__code__startswith="45").exclude(kind="province").delete()
    Pairing.objects.filter(helped_organisation__place__code__startswith="45").delete()
    sources.sync("pairings")  # a repair: records removed behind the registry's back
    days = [date(2016, 1, 1) + timedelta(days=rng.randrange(0, 365 * 10)) for _ in range(200)]
    for i in range(40):
        helped = rng.choice(poor).place if rng.random() < 0.7 else rng.choice(others)
        kind = {3: Kind.COUNTY, 4: Kind.TOWNSHIP, 5: Kind.VILLAGE}[helped.level]
        start = rng.choice(days)
        end = rng.choice([None, start + timedelta(days=rng.randrange(1, 2000))])
        helper = rng.choice(helpers[3 if helped.level == 3 else rng.choice((3, 4))])
        with contextlib.suppress(ValidationError):  # the same two sides twice at once
            pairing_create(kind=kind, helper=helper, helped=helped, started_on=start, ended_on=end)
        if i % 10 == 0 and hospital and guangdong_hospital:
            with contextlib.suppress(ValidationError):
                pairing_create(
                    kind=Kind.HOSPITAL,
                    helper=guangdong_hospital,
                    helped=hospital,
                    started_on=start,
                    ended_on=end,
                )
    guangxi = place("45")
    today = date.today()
    for year in range(FIRST_YEAR, today.year + 1):
        day = min(date(year, 12, 31), today)
        covered = coverage(guangxi, on=day).levels
        for level, element in (
            ("county", "paired_counties"),
            ("township", "paired_townships"),
            ("village", "paired_villages"),
        ):
            counted = value_of(element, place=guangxi, periods=[parse(str(year))]) or 0
            assert counted == covered[level].paired, (year, level)
