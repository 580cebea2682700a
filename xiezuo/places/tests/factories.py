"""Places' records for the tests: organisations nothing refers to yet."""

from __future__ import annotations

from xiezuo.places.models import Organisation, Place
from xiezuo.places.services import organisation_create


def organisation(
    name: str, place: str = "440305", kind: str = "enterprise", side: str = "helper"
) -> Organisation:
    """A new organisation in a place (its code); by default an enterprise of Nanshan helping."""
    return organisation_create(name=name, kind=kind, side=side, place=Place.objects.get(code=place))
