"""Seconded people and secondments for the tests of quotas, who is in post and reminders,
made through the registry's services (`factories`) with the fields those tests vary."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from xiezuo.exchange.models import Category, Direction, Kind, Person, Secondment
from xiezuo.places.models import Place

from . import factories


def _someone() -> Any:
    return get_user_model().objects.get(username="admin")


def person(name: str = "李明", *, category: str = Category.CADRE, home: str = "440305") -> Person:
    return factories.person(
        _someone(), name=name, category=category, rank="", home=Place.objects.get(code=home)
    )


def secondment(
    *,
    name: str = "李明",
    category: str = Category.CADRE,
    direction: str = Direction.TO_HELPED,
    origin: str = "440305",
    host: str = "451024",
    started_on: date | None = date(2018, 3, 1),
    ended_on: date | None = None,
    planned_start: date = date(2018, 3, 1),
    planned_end: date = date(2020, 2, 29),
) -> Secondment:
    """A Nanshan cadre seconded to Debao from 2018-03-01 (by default), in post."""
    return factories.secondment(
        _someone(),
        person(name, category=category, home=origin),
        direction=direction,
        kind=Kind.SECONDMENT,
        category=category,
        origin=Place.objects.get(code=origin),
        host=Place.objects.get(code=host),
        post="副县长",
        planned_start=planned_start,
        planned_end=planned_end,
        started_on=started_on,
        ended_on=ended_on,
    )
