"""Indicator sources (数据来源（台账派生）): registries that own data elements.

Enter once, count everywhere. A registry — pairings today; the ledger, labour,
exchange and consumption next — owns the data elements it can compute, and
no one types them:

1. It declares a `Source`: its `name` (its values are stored with source
   `derived:<name>`), a `label` people read ("the pairing registry"), the
   codes of the `elements` it owns, the `page` where its records are changed,
   `places()` (every place it has figures for) and `compute(places=…,
   periods=…)`, which yields a `Figure` for every value of those places.
2. It registers the source when its app is ready (`register(MySource())` in
   `AppConfig.ready`).
3. Its services call `sync(name, places=…)` after each change, for the places
   the change touches; `xiezuo indicators sync [--source NAME]` recomputes
   everything, for repairs, after imports of registry data, and daily (a
   figure "as on today" moves with the date).

`sync` writes what `compute` yields through the one batch writer: unchanged
values are left alone, changed ones updated (their change kept), and stored
values of the owned elements at those places (and periods) that `compute` no
longer yields are deleted. An owned element is written by nothing else: the
value checker refuses it on every path (entry grid, `/api/dataValues`,
`/api/dataValueSets`, file uploads, `value_set`), and the batch writer
refuses a value of it stored under any other source.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import ClassVar

from django.db import transaction
from django.utils.functional import Promise

from xiezuo import periods as period_ids
from xiezuo.periods import Period
from xiezuo.places.models import Place

from .models import DataElement, DataValue

DERIVED = "derived:"
CHUNK = 500  # places recomputed per transaction by a full sync


@dataclass(frozen=True)
class Figure:
    """One value a source computes: element × place × period (× disaggregation)."""

    element: str  # the data element's code
    place: str  # the place's division code
    period: str  # a period id: 2018, 2018S1, 2018Q2, 201805
    value: Decimal | int
    disaggregation: str = ""  # "" or "poverty=poor"


class Source(ABC):
    """A registry's figures: what it owns and how it counts them."""

    name: ClassVar[str]
    label: ClassVar[str | Promise]
    elements: ClassVar[tuple[str, ...]]
    page: ClassVar[str] = ""  # URL name of the page where the registry's records are changed

    @property
    def stored_as(self) -> str:
        """The `source` its values are stored with: derived:<name>."""
        return DERIVED + self.name

    @abstractmethod
    def places(self) -> Iterable[str]:
        """The division codes of every place the registry has figures for."""

    @abstractmethod
    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterable[Figure]:
        """Every figure of these places (in these periods, if given; a source may yield
        others, which `sync` leaves out). A stored value not yielded is deleted."""


_sources: dict[str, Source] = {}
_owners: dict[str, Source] = {}


class OwnedElementError(ValueError):
    """A value of an owned element was about to be written by something other than its source."""


def register(source: Source) -> None:
    """Make a source known (once, from its app's `ready()`); its elements become owned."""
    known = _sources.get(source.name)
    if known is not None and type(known) is not type(source):
        raise ValueError(f"two indicator sources are named {source.name!r}")
    for code in source.elements:
        owner = _owners.get(code)
        if owner is not None and owner.name != source.name:
            raise ValueError(f"{code} is owned by {owner.name!r}; {source.name!r} cannot own it")
    _sources[source.name] = source
    for code in source.elements:
        _owners[code] = source


def source_list() -> list[Source]:
    return [_sources[name] for name in sorted(_sources)]


def source_get(name: str) -> Source:
    """The source of that name; KeyError naming the known ones if there is none."""
    try:
        return _sources[name]
    except KeyError:
        known = ", ".join(sorted(_sources)) or "none"
        raise KeyError(f"no indicator source is named {name!r} (known: {known})") from None


def owner_of(element_code: str) -> Source | None:
    """The source that owns a data element, or None for an element reported directly."""
    return _owners.get(element_code)


def refuse_foreign_writes(element_codes: Iterable[str], *, stored_as: str) -> None:
    """OwnedElementError unless every owned element among these is written by its own source."""
    for code in element_codes:
        owner = _owners.get(code)
        if owner is not None and owner.stored_as != stored_as:
            raise OwnedElementError(
                f"{code} is owned by the indicator source {owner.name!r}; "
                f"it cannot be written as {stored_as!r}"
            )


@dataclass
class SyncSummary:
    places: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


def sync(
    source: Source | str,
    *,
    places: Collection[str] | None = None,
    periods: Collection[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> SyncSummary:
    """Write a source's figures for these places (None: every place it has figures for,
    and every place an owned value is stored for), in these periods (None: all).

    One transaction per chunk of places (the caller's, if it has one); `progress`
    is called with the number of places done after each chunk.
    """
    if isinstance(source, str):
        source = source_get(source)
    summary = SyncSummary()
    elements = {
        e.code: e
        for e in DataElement.objects.filter(code__in=source.elements).prefetch_related(
            "dimensions__options"
        )
    }
    if not elements:
        return summary  # the catalogue is not loaded yet
    if places is None:
        stored = DataValue.objects.filter(data_element__in=list(elements.values()))
        wanted = set(source.places()) | set(stored.values_list("place_code", flat=True).distinct())
    else:
        wanted = set(places)
    chosen = sorted(wanted)
    wanted_periods = set(periods) if periods is not None else None
    for chunk in _chunks(chosen, CHUNK):
        with transaction.atomic():
            _sync_places(source, elements, chunk, wanted_periods, summary)
        summary.places += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return summary


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _sync_places(
    source: Source,
    elements: dict[str, DataElement],
    chunk: list[str],
    periods: set[str] | None,
    summary: SyncSummary,
) -> None:
    # imported here: the checker and the writer ask this module who owns what
    from .checking import CleanValue
    from .services import values_write

    place_ids = dict(Place.objects.filter(code__in=chunk).values_list("code", "pk"))
    parsed: dict[str, Period] = {}
    computed: dict[tuple[int, int, str, str], CleanValue] = {}
    for figure in source.compute(places=chunk, periods=periods):
        if figure.element not in source.elements:
            raise OwnedElementError(
                f"the indicator source {source.name!r} yields {figure.element}, "
                "which it does not own"
            )
        element = elements.get(figure.element)
        place_id = place_ids.get(figure.place)
        if element is None or place_id is None:
            continue  # an element not in the catalogue, a place not loaded, or not asked for
        if periods is not None and figure.period not in periods:
            continue
        period = parsed.get(figure.period)
        if period is None:
            period = parsed[figure.period] = period_ids.parse(figure.period)
        clean = CleanValue(
            element=element,
            place_id=place_id,
            place_code=figure.place,
            period=period,
            disaggregation=figure.disaggregation,
            value=Decimal(figure.value),
            text="",
        )
        computed[(element.pk, place_id, period.id, figure.disaggregation)] = clean
    stored = (
        DataValue.objects.in_provinces(chunk)
        .filter(data_element__in=list(elements.values()), place_code__in=chunk)
        .select_related("data_element")
    )
    if periods is not None:
        stored = stored.filter(period__in=periods)
    # Stored values it no longer yields go; so do owned values stored under another
    # source (typed before the element was owned), to be written again as its own.
    stale = [
        CleanValue(
            element=value.data_element,
            place_id=value.place_id,
            place_code=value.place_code,
            period=parsed.get(value.period) or period_ids.parse(value.period),
            disaggregation=value.disaggregation,
            value=None,
            text="",
        )
        for value in stored
        if value.source != source.stored_as
        or (value.data_element_id, value.place_id, value.period, value.disaggregation)
        not in computed
    ]
    if stale:
        removed = values_write(cleans=stale, source=source.stored_as, strategy="DELETE")
        summary.deleted += removed.deleted
    written = values_write(cleans=computed.values(), source=source.stored_as)
    summary.created += written.imported
    summary.updated += written.updated
    summary.unchanged += written.ignored
