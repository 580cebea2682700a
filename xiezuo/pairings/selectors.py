"""Reads for pairings: lists, coverage of the poor places, the pairing network."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.language import pick
from xiezuo.places import codes
from xiezuo.places.models import Designation, Level, Organisation, Place

from .models import Kind, Pairing, Status

SIDES = ("helper", "helped", "either")


def _subtree_q(prefix: str, code: str) -> Q:
    lo, hi = codes.subtree_range(code)
    return Q(**{f"{prefix}__code__gte": lo, f"{prefix}__code__lt": hi})


def pairing_list(
    *,
    kind: str | None = None,
    status: str | None = None,
    place: str | None = None,
    side: str = "either",
    organisation: Organisation | None = None,
    on: date | None = None,
) -> QuerySet[Pairing]:
    """Pairings filtered by type, status (on a day), a place's subtree on a side, an organisation.

    A place filter matches a place side in the subtree, and an organisation
    side sitting in the subtree.
    """
    qs = Pairing.objects.select_related(
        "helper_place", "helper_organisation", "helped_place", "helped_organisation"
    )
    if kind:
        qs = qs.filter(kind=kind)
    day = on or timezone.localdate()
    if status == Status.ACTIVE:
        qs = qs.active_on(day)
    elif status == Status.ENDED:
        qs = qs.filter(ended_on__lte=day)
    elif status == Status.PLANNED:
        qs = qs.filter(started_on__gt=day)
    if place:
        side_qs = {
            s: _subtree_q(f"{s}_place", place) | _subtree_q(f"{s}_organisation__place", place)
            for s in ("helper", "helped")
        }
        if side == "helper":
            qs = qs.filter(side_qs["helper"])
        elif side == "helped":
            qs = qs.filter(side_qs["helped"])
        else:
            qs = qs.filter(side_qs["helper"] | side_qs["helped"])
    if organisation is not None:
        if side == "helper":
            qs = qs.filter(helper_organisation=organisation)
        elif side == "helped":
            qs = qs.filter(helped_organisation=organisation)
        else:
            qs = qs.filter(
                Q(helper_organisation=organisation) | Q(helped_organisation=organisation)
            )
    return qs.order_by("kind", "helped_place__code", "helped_organisation__name", "id")


def pairings_of(*, place: Place | None = None, organisation: Organisation | None = None) -> dict:
    """The pairings in which a place or an organisation is itself a side."""
    base = Pairing.objects.select_related(
        "helper_place", "helper_organisation", "helped_place", "helped_organisation"
    ).order_by("-started_on", "id")
    if place is not None:
        return {
            "helper": list(base.filter(helper_place=place)),
            "helped": list(base.filter(helped_place=place)),
        }
    return {
        "helper": list(base.filter(helper_organisation=organisation)),
        "helped": list(base.filter(helped_organisation=organisation)),
    }


def pairing_counts_by_kind(*, on: date | None = None) -> list[tuple[str, str, int]]:
    counts = dict(
        Pairing.objects.active_on(on)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return [(k.value, str(k.label), counts.get(k.value, 0)) for k in Kind]


@dataclass
class LevelCoverage:
    designated: int = 0
    paired: int = 0
    unpaired: list[Place] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.paired / self.designated if self.designated else 0.0


@dataclass
class Coverage:
    place: Place
    on: date
    poor_in: int | None
    levels: dict[str, LevelCoverage]


COVERAGE_LEVELS = (
    ("county", Designation.Kind.POOR_COUNTY),
    ("township", Designation.Kind.POOR_TOWNSHIP),
    ("village", Designation.Kind.POOR_VILLAGE),
)


def paired_place_ids(place_ids: QuerySet[Any] | Sequence[int], *, on: date) -> set[int]:
    """Which of these places are paired on a day: the helped side of a pairing active then.

    A pairing of an organisation sitting in a place (its hospital) does not pair
    the place. Coverage and the pairing registry's figures both count by this.
    """
    active = Pairing.objects.active_on(on)
    if isinstance(place_ids, QuerySet):
        return set(
            active.filter(helped_place_id__in=place_ids).values_list("helped_place_id", flat=True)
        )
    found: set[int] = set()
    for start in range(0, len(place_ids), 5000):  # a parameter list is bounded
        chunk = place_ids[start : start + 5000]
        found.update(
            active.filter(helped_place_id__in=chunk).values_list("helped_place_id", flat=True)
        )
    return found


def coverage(place: Place, *, on: date | None = None, poor_in: int | None = None) -> Coverage:
    """How many designated poor counties, townships and villages in a place have an active pairing.

    Every place ever designated counts, exited or not — assistance goes on
    after exit (摘帽不摘帮扶) — unless `poor_in` asks for those still poor in
    that year. A place is paired when it is the helped side of a pairing
    active on `on` (today by default).
    """
    day = on or timezone.localdate()
    lo, hi = codes.subtree_range(place.code)
    levels: dict[str, LevelCoverage] = {}
    for name, kind in COVERAGE_LEVELS:
        designations = Designation.objects.filter(
            kind=kind, place__code__gte=lo, place__code__lt=hi
        )
        if poor_in is not None:
            designations = designations.filter(year_designated__lte=poor_in).filter(
                Q(year_exited__isnull=True) | Q(year_exited__gte=poor_in)
            )
        place_ids = designations.values("place_id")
        paired_ids = paired_place_ids(place_ids, on=day)
        designated = list(
            Place.objects.filter(pk__in=place_ids)
            .only("id", "code", "name", "name_en", "level")
            .order_by("code")
        )
        levels[name] = LevelCoverage(
            designated=len(designated),
            paired=sum(1 for p in designated if p.pk in paired_ids),
            unpaired=[p for p in designated if p.pk not in paired_ids],
        )
    return Coverage(place=place, on=day, poor_in=poor_in, levels=levels)


@dataclass
class Network:
    nodes: list[dict]
    links: list[dict]


def _county_of(place: Place, names: dict[str, str]) -> str | None:
    if place.level < Level.COUNTY:
        return None
    code = place.code[: codes.CODE_LENGTHS[Level.COUNTY]]
    return names.get(code)


def _column_roles() -> tuple[str, str, str, str]:
    return (
        _("helper prefecture"),
        _("helper county or district"),
        _("helped county"),
        _("helped prefecture"),
    )


def pairing_network(place: Place, *, on: date | None = None) -> Network:
    """The flows of active pairings into a helped region, for a Sankey diagram.

    Four columns: helper prefecture → helper county or district (or the
    organisation standing for one) → helped county → helped prefecture. A
    link's value counts the pairings between the two, at every level below.

    A Sankey must be acyclic, and a node is known by its name alone. A place can
    stand in two columns (a village helping another village of its own county, a
    prefecture-level helper standing for its own county column), so a name seen
    in more than one column is suffixed with its column's role in every column
    but the first: each link then goes from one column to the next, never back.
    """
    qs = pairing_list(place=place.code, side="helped", status=Status.ACTIVE, on=on).select_related(
        "helper_organisation__place"
    )
    pairings = list(qs)
    wanted: set[str] = set()
    for p in pairings:
        for side in (
            p.helper_place,
            p.helped_place,
            getattr(p.helper_organisation, "place", None),
            getattr(p.helped_organisation, "place", None),
        ):
            if side is not None:
                wanted.update(codes.ancestor_codes(side.code))
                wanted.add(side.code)
    names = {  # in the reader's language: pinyin for English
        code: pick(name, name_en or name)
        for code, name, name_en in Place.objects.filter(code__in=wanted, level__lte=3).values_list(
            "code", "name", "name_en"
        )
    }
    # Links between (column, display name) pairs; node names are chosen afterwards.
    flows: Counter[tuple[tuple[int, str], tuple[int, str]]] = Counter()
    for p in pairings:
        if p.kind in (Kind.PROVINCE, Kind.PREFECTURE):
            continue
        helped_place = p.helped_place or p.helped_organisation.place  # type: ignore[union-attr]
        helped_county = _county_of(helped_place, names)
        if helped_county is None:
            continue
        helped_pref = names.get(helped_place.code[:4], "")
        if (
            p.helper_organisation is not None
            and p.helper_organisation.kind == Organisation.Kind.GOVERNMENT
        ):
            helper_unit = p.helper_organisation.name
            helper_place = p.helper_organisation.place
        else:
            helper_place = p.helper_place or p.helper_organisation.place  # type: ignore[union-attr]
            helper_unit = _county_of(helper_place, names) or helper_place.display_name
        helper_pref = names.get(helper_place.code[:4], "")
        path = [(0, helper_pref), (1, helper_unit), (2, helped_county), (3, helped_pref)]
        for a, b in pairwise(path):
            flows[(a, b)] += 1
    columns_of: dict[str, set[int]] = defaultdict(set)
    for a, b in flows:
        columns_of[a[1]].add(a[0])
        columns_of[b[1]].add(b[0])
    roles = _column_roles()

    def node(column: int, name: str) -> str:
        if column == min(columns_of[name]):
            return name
        return _("%(name)s (%(role)s)") % {"name": name, "role": roles[column]}

    nodes = sorted(
        {(column, node(column, name)) for column, name in (n for pair in flows for n in pair)}
    )
    return Network(
        nodes=[{"name": name, "depth": column} for column, name in nodes],
        links=sorted(
            ({"source": node(*a), "target": node(*b), "value": v} for (a, b), v in flows.items()),
            key=lambda link: (link["source"], link["target"]),
        ),
    )


def helper_counts(place: Place, *, on: date | None = None) -> dict[str, int]:
    """How many distinct helper places and organisations serve a helped region."""
    qs = pairing_list(place=place.code, side="helped", status=Status.ACTIVE, on=on)
    counter: dict[str, set[int]] = defaultdict(set)
    for helper_place_id, helper_org_id in qs.values_list(
        "helper_place_id", "helper_organisation_id"
    ):
        if helper_place_id:
            counter["places"].add(helper_place_id)
        if helper_org_id:
            counter["organisations"].add(helper_org_id)
    return {k: len(v) for k, v in counter.items()}


def pairing_place_group(pairing: Pairing) -> tuple[str, list[Place]]:
    """The helped places of a pairing as an analytics group: ("pairing:UID", [places])."""
    helped = pairing.helped_place
    if helped is None and pairing.helped_organisation is not None:
        helped = pairing.helped_organisation.place
    return f"pairing:{pairing.uid}", [helped] if helped is not None else []
