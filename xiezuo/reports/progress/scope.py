"""What a progress report is about: a scope (a place and its subtree, or a pairing's
helped places) and a period (a year, a half-year, a range, or everything "as of" a month)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from xiezuo import periods
from xiezuo.language import pick
from xiezuo.pairings.models import Pairing
from xiezuo.pairings.selectors import pairing_place_group
from xiezuo.periods import Period, PeriodType
from xiezuo.places.models import Place

# "as of" a month counts from the start of the cooperation (the 1996 talks)
FIRST_YEAR = 1996


class ScopeError(ValueError):
    """A scope or period that cannot be read; `field` names the input, the message why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Scope:
    place: Place  # the place, or the pairing's helped place
    pairing: Pairing | None = None

    @property
    def name(self) -> str:
        if self.pairing is not None:
            return str(self.pairing)
        return pick(self.place.name, self.place.name_en or self.place.name)

    @property
    def slug(self) -> str:
        return f"pairing-{self.pairing.uid}" if self.pairing is not None else self.place.code

    def query_places(self) -> dict[str, Any]:
        """The analytics Query arguments that select the scope."""
        if self.pairing is not None:
            return {"places": [], "groups": [pairing_place_group(self.pairing)]}
        return {"places": [self.place]}


@dataclass(frozen=True)
class ReportPeriod:
    text: str  # as asked: "2018", "2018S1", "201701:201803", ":201806"
    periods: tuple[Period, ...]
    label_zh: str
    label_en: str

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)

    @property
    def id(self) -> str:
        return self.text

    @property
    def slug(self) -> str:
        return (
            self.text.replace(":", "-").strip("-")
            if not self.text.startswith(":")
            else ("to-" + self.text[1:])
        )


def _covering(first: Period, last: Period) -> tuple[Period, ...]:
    """Whole years from `first`'s year to the year before `last`'s, then `last`'s year's
    periods of its own type up to it: few periods for a long span."""
    found: list[Period] = []
    if last.type is PeriodType.YEARLY:
        return tuple(periods.between(first, last, PeriodType.YEARLY))
    if first.year < last.year:
        found += periods.between(
            periods.parse(str(first.year)), periods.parse(str(last.year - 1)), PeriodType.YEARLY
        )
        start = periods.parse(str(last.year))
        found += periods.between(start, last, last.type)
    else:
        found += periods.between(first, last, last.type)
    return tuple(found)


def parse_period(text: str) -> ReportPeriod:
    """A report period: a period id (2018, 2018S1, 201806), a range FIRST:LAST
    (201701:201803) or everything as of a period (:201806). ScopeError otherwise."""
    text = (text or "").strip()
    try:
        if ":" in text:
            first_text, last_text = (part.strip() for part in text.split(":", 1))
            last = periods.parse(last_text)
            first = periods.parse(first_text) if first_text else periods.parse(str(FIRST_YEAR))
            if first.start > last.start:
                raise ScopeError("period", _("The period “%s” ends before it starts.") % text)
            covered = _covering(first, last)
            if not first_text:
                return ReportPeriod(text, covered, f"截至{last.label_zh}", f"as of {last.label_en}")
            return ReportPeriod(
                text,
                covered,
                f"{first.label_zh}至{last.label_zh}",
                f"{first.label_en} to {last.label_en}",
            )
        period = periods.parse(text)
    except ValueError as exc:
        if isinstance(exc, ScopeError):
            raise
        raise ScopeError(
            "period",
            _("“%s” is not a period: write a year (2018), a period (2018S1, 201806), "
              "a range (201701:201803) or “as of” a month (:201806).") % text,
        ) from exc  # fmt: skip
    return ReportPeriod(text, (period,), period.label_zh, period.label_en)


def scope_get(*, place: str | None = None, pairing: str | None = None) -> Scope:
    """The scope of a place code or a pairing uid. ScopeError naming the field otherwise."""
    if pairing:
        found = (
            Pairing.objects.select_related(
                "helper_place", "helper_organisation", "helped_place", "helped_organisation"
            )
            .filter(uid=pairing)
            .first()
        )
        if found is None:
            raise ScopeError("pairing", _("No pairing has the id “%s”.") % pairing)
        _key, helped = pairing_place_group(found)
        if not helped:
            raise ScopeError("pairing", _("The pairing “%s” has no helped place.") % pairing)
        return Scope(place=helped[0], pairing=found)
    if not place:
        raise ScopeError("place", _("Choose a place or a pairing."))
    found_place = Place.objects.filter(code=place).first()
    if found_place is None:
        raise ScopeError("place", _("No place has the code “%s”.") % place)
    return Scope(place=found_place)
