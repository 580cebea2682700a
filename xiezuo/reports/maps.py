"""The map of the helped places: each place at its centre, or its outline once loaded.

Centres come with Xiezuo (`data/centres.csv.xz`, from cpca 0.5.5, MIT; see its README):
provinces, prefectures and counties as of 2020. A place without a row (a county created
or renamed since) sits at its parent's centre, and the map says so. Outlines do not ship
(a published map needs an approved map number): a deployer loads them from GeoJSON with
`xiezuo maps load FILE --key PROPERTY`, matched to places by division code.
"""

from __future__ import annotations

import csv
import json
import lzma
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.indicators.analytics import Query, analytics
from xiezuo.indicators.models import DataElement, Indicator
from xiezuo.numbers import format_cn
from xiezuo.periods import parse
from xiezuo.places.models import Place

from .dashboard import dashboard_url
from .models import Boundary

CENTRES_FILE = Path(__file__).resolve().parent / "data" / "centres.csv.xz"
DEFAULT_FIGURE = "workers_placed"
GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}


class MapError(ValueError):
    """A request or a file the map cannot use; the message is for the user."""


@cache
def centres() -> dict[str, tuple[float, float]]:
    """Division code → (longitude, latitude), read once per process."""
    with lzma.open(CENTRES_FILE, "rt", encoding="utf-8") as file:
        return {
            row["code"]: (float(row["longitude"]), float(row["latitude"]))
            for row in csv.DictReader(file)
        }


def centre_of(code: str) -> tuple[tuple[float, float] | None, bool]:
    """A place's centre, and whether it is borrowed from the nearest ancestor that has
    one (a place without a row of its own, such as a county renamed since 2020)."""
    known = centres()
    if code in known:
        return known[code], False
    for length in (9, 6, 4, 2):
        if len(code) > length and code[:length] in known:
            return known[code[:length]], True
    return None, False


def division_code(value: Any) -> str | None:
    """A feature's code in Xiezuo's form: 450000 → 45, 451000 → 4510, 451024000000 →
    451024, 451024100000 → 451024100; None when it is not a division code."""
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit() or len(text) not in (2, 4, 6, 9, 12):
        return None
    if len(text) == 12:
        if text.endswith("000000"):
            text = text[:6]
        elif text.endswith("000"):
            return text[:9]
        else:
            return text
    if len(text) == 6:
        if text.endswith("0000"):
            return text[:2]
        if text.endswith("00"):
            return text[:4]
    return text


# --- what the map shows -----------------------------------------------------------


def figure_choices() -> list[tuple[str, str]]:
    """The figures a map may show: every data element and indicator, by code."""
    elements = [(e.code, e.name) for e in DataElement.objects.all()]
    indicators = [(i.code, i.name) for i in Indicator.objects.all()]
    return elements + indicators


def figure_name(item: str) -> str:
    """The name of an analytics item (`people_trained[poverty=poor]` → its element's name);
    raises MapError for an unknown one."""
    code = item.split("[", 1)[0]
    element = DataElement.objects.filter(code=code).first()
    if element is not None:
        return element.name
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is not None:
        return indicator.name
    raise MapError(_("There is no figure “%(item)s”.") % {"item": item})


def map_level(place: Place, level: int | None = None) -> int | None:
    """The level of the places a map of `place` shows: `level` when it is below the place
    (e.g. every county of a province), by default the place's children down to counties;
    None for the place itself (a county or below)."""
    if level is not None and level > place.level:
        return level
    return place.level + 1 if place.level < 3 else None


def map_places(place: Place, level: int | None = None) -> list[Place]:
    """The places a map of `place` shows (see `map_level`)."""
    shown = map_level(place, level)
    if shown is None:
        return [place]
    return list(Place.objects.within(place.code).filter(level=shown).order_by("code"))


@dataclass
class MapPoint:
    code: str
    name: str
    centre: tuple[float, float] | None
    value: Decimal | None
    borrowed: bool  # the centre is the parent's

    def as_json(self, year: int) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "centre": list(self.centre) if self.centre else None,
            "value": float(self.value) if self.value is not None else None,
            "text": format_cn(self.value) if self.value is not None else "—",
            "borrowed": self.borrowed,
            "url": dashboard_url(self.code, year),
        }


@dataclass
class MapData:
    place: Place
    year: int
    item: str
    figure: str
    points: list[MapPoint]
    boundaries: list[dict[str, Any]] = field(default_factory=list)
    left_out: bool = False

    @property
    def borrowed(self) -> list[MapPoint]:
        return [p for p in self.points if p.borrowed]

    def as_json(self) -> dict[str, Any]:
        names = "、".join(p.name for p in self.borrowed)
        note = (
            _(
                "%(names)s: no centre of their own (created or renamed since 2020), "
                "shown at the centre of the place above."
            )
            % {"names": names}
            if names
            else ""
        )
        return {
            "place": {"code": self.place.code, "name": self.place.display_name},
            "year": self.year,
            "figure": {"item": self.item, "name": self.figure},
            "points": [p.as_json(self.year) for p in self.points],
            "note": note,
            "left_out": self.left_out,
            "boundaries": (
                {"type": "FeatureCollection", "features": self.boundaries}
                if self.boundaries
                else None
            ),
        }


def map_data(
    place: Place,
    *,
    year: int,
    item: str,
    unapproved_within: tuple[str, ...] | None,
    level: int | None = None,
) -> MapData:
    """The places under `place` (`map_places`) with their centres, the figure `item` for
    `year` (one analytics query) and the outlines loaded for them."""
    figure = figure_name(item)
    places = map_places(place, level)
    # grouped by the level shown under the one place: one query however many places
    result = analytics(
        Query(
            items=[item],
            periods=[parse(str(year))],
            places=[place],
            level=map_level(place, level),
            periods_as_filter=True,
            unapproved_within=unapproved_within,
        )
    )
    points = []
    for p in places:
        centre, borrowed = centre_of(p.code)
        points.append(
            MapPoint(p.code, p.display_name, centre, result.get(item, None, p.code), borrowed)
        )
    outlines = Boundary.objects.filter(place__in=places).select_related("place")
    boundaries = [
        {
            "type": "Feature",
            "properties": {"name": b.place.code, "label": b.place.display_name},
            "geometry": b.geometry,
        }
        for b in outlines
    ]
    return MapData(
        place=place,
        year=year,
        item=item,
        figure=figure,
        points=points,
        boundaries=boundaries,
        left_out=bool(result.hidden),
    )


# --- loading outlines -------------------------------------------------------------


@dataclass
class LoadResult:
    loaded: list[Place]
    unmatched: list[str]  # the features matched to no place, as "#3 (key=…)"
    without: list[Place]  # places beside the loaded ones that still have no outline

    def summary(self) -> str:
        return _(
            "%(loaded)d boundaries loaded; %(unmatched)d features matched no place; "
            "%(without)d places beside them have no boundary."
        ) % {
            "loaded": len(self.loaded),
            "unmatched": len(self.unmatched),
            "without": len(self.without),
        }


def _features(data: bytes) -> list[Any]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MapError(_("The file is not GeoJSON: %(error)s") % {"error": exc}) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise MapError(_("The file is not a GeoJSON FeatureCollection."))
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise MapError(_("The file has no features."))
    return features


@transaction.atomic
def boundary_load(*, data: bytes, key: str, source: str = "") -> LoadResult:
    """Store the outlines of a GeoJSON FeatureCollection, each matched to the place whose
    division code is its `key` property (6- or 12-digit codes are accepted). A feature
    without the property or a polygon refuses the whole file; features whose code is no
    place are reported, not stored."""
    features = _features(data)
    matched: dict[str, dict[str, Any]] = {}
    unmatched_codes: dict[str, str] = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict) or properties.get(key) in (None, ""):
            raise MapError(
                _("Feature %(number)d has no property “%(key)s”.") % {"number": number, "key": key}
            )
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
            raise MapError(
                _("Feature %(number)d (%(key)s = %(value)s) is not a polygon or multipolygon.")
                % {"number": number, "key": key, "value": properties[key]}
            )
        label = f"#{number} ({key} = {properties[key]})"
        code = division_code(properties[key])
        if code is None:
            unmatched_codes[label] = ""
        elif code in matched:
            raise MapError(
                _("Features %(label)s and an earlier one are both for %(code)s.")
                % {"label": label, "code": code}
            )
        else:
            matched[code] = geometry
            unmatched_codes[label] = code
    places = {p.code: p for p in Place.objects.filter(code__in=list(matched))}
    unmatched = [label for label, code in unmatched_codes.items() if code not in places]
    if not places:
        raise MapError(_("No feature matched a place; nothing was loaded."))
    for code, place in places.items():
        Boundary.objects.update_or_create(
            place=place, defaults={"geometry": matched[code], "source": source[:300]}
        )
    loaded = sorted(places.values(), key=lambda p: p.code)
    parents = {p.parent_id for p in loaded}
    without = list(
        Place.objects.filter(parent_id__in=parents, boundary__isnull=True).order_by("code")
    )
    return LoadResult(loaded=loaded, unmatched=unmatched, without=without)


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise MapError(
            _("The file %(path)s cannot be read: %(error)s") % {"path": path, "error": exc.strerror}
        ) from exc


__all__ = [
    "LoadResult",
    "MapData",
    "MapError",
    "boundary_load",
    "centre_of",
    "centres",
    "division_code",
    "figure_choices",
    "map_data",
    "read_file",
]
