"""Places and organisations named in a file's cells, looked up once per file (imports)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .models import Organisation, Place
from .selectors import place_get

_PLACE_CODE = re.compile(r"^(\d{2,12})(?:\s.*)?$")


class Directory:
    """The organisations (by name or uid) and places (by code or name) a file names.
    Each lookup raises ValueError with the message for the user."""

    def __init__(self) -> None:
        self.organisations: dict[str, list[Organisation]] = {}
        for organisation in Organisation.objects.all():
            self.organisations.setdefault(organisation.name, []).append(organisation)
            self.organisations.setdefault(organisation.uid, []).append(organisation)
        self.places: dict[str, Place | None] = {}

    def organisation(self, name: str) -> Organisation:
        found = self.organisations.get(name, [])
        if not found:
            raise ValueError(_("No organisation is named “%(name)s”.") % {"name": name})
        if len(found) > 1:
            raise ValueError(
                _("Several organisations are named “%(name)s”; write the one meant by its uid.")
                % {"name": name}
            )
        return found[0]

    def place(self, token: str) -> Place:
        """A place by its division code (“4510 百色市” reads as 4510) or its unique name."""
        match = _PLACE_CODE.match(token)
        if match:
            code = match.group(1)
            if code not in self.places:
                self.places[code] = place_get(code)
            place = self.places[code]
            if place is None:
                raise ValueError(_("No place has the code “%(code)s”.") % {"code": code})
            return place
        found = list(Place.objects.filter(name=token)[:2])
        if not found:
            raise ValueError(_("No place is named “%(name)s”.") % {"name": token})
        if len(found) > 1:
            raise ValueError(
                _("Several places are named “%(name)s”; write its division code.") % {"name": token}
            )
        return found[0]
