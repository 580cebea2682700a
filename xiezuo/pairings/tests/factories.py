"""Pairings for the tests.

The demo pairs Nanshan (440305) with Debao (451024) at county level; from Nanshan's
side it leaves Debao's townships 451024102 and 451024105 unpaired, and some of
Guangxi's poor villages (see `coverage`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.pairings.models import Pairing
from xiezuo.pairings.services import pairing_create
from xiezuo.places.models import Organisation, Place

START = date(2018, 1, 1)
# Nanshan's place of each level: the district, its Nantou subdistrict, a community there
NANSHAN = {"county": "440305", "township": "440305001", "village": "440305001001"}


Side = str | Place | Organisation  # a place's code, a place or an organisation


def _side(side: Side) -> Place | Organisation:
    return Place.objects.get(code=side) if isinstance(side, str) else side


def pairing(
    kind: str,
    helped: Side,
    *,
    helper: Side | None = None,
    started_on: date = START,
    **fields: Any,
) -> Pairing:
    """A pairing of `kind` helping `helped` from 2018, by Nanshan's place of that level
    unless `helper` is given; `fields` go to pairing_create."""
    return pairing_create(
        kind=kind,
        helper=_side(helper or NANSHAN[kind]),
        helped=_side(helped),
        started_on=started_on,
        **fields,
    )


def nanshan_debao() -> Pairing:
    """The demo's county pairing: Nanshan (440305) helps Debao (451024)."""
    return Pairing.objects.get(
        kind="county", helper_place__code="440305", helped_place__code="451024"
    )
