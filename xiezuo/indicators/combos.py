"""DHIS2 category option combinations for Xiezuo's dimension=option pairs.

Xiezuo stores a disaggregation as its pairs ("poverty=poor"); DHIS2 clients
speak of category option combos with UIDs. The two are mapped one to one:
a combo's code is the canonical key, its UID is derived from the key (the
same on every installation), and the empty key is DHIS2's "default" combo.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from xiezuo.language import pick
from xiezuo.uids import stable_uid

from . import expressions
from .models import DataElement, Dimension, DimensionOption

DEFAULT_UID = "HllvX50cXC0"  # DHIS2's default category option combo
DEFAULT_NAME = "default"


@dataclass(frozen=True)
class Combo:
    key: str  # canonical dimension=option pairs; "" is the default combo
    uid: str
    name_zh: str
    name_en: str

    @property
    def code(self) -> str:
        return self.key or DEFAULT_NAME

    @property
    def name(self) -> str:
        """The combination's name in the reader's language."""
        return pick(self.name_zh, self.name_en)


def combo_uid(key: str) -> str:
    return DEFAULT_UID if not key else stable_uid("categoryOptionCombo", key)


def combos_of_dimensions(dimensions: list[Dimension]) -> list[Combo]:
    """Every combination of the dimensions' options (the default combo for none)."""
    if not dimensions:
        return [Combo("", DEFAULT_UID, DEFAULT_NAME, DEFAULT_NAME)]
    ordered = sorted(dimensions, key=lambda d: d.code)
    combos = []
    for options in product(*[list(d.options.all()) for d in ordered]):
        key = expressions.format_key(
            {d.code: o.code for d, o in zip(ordered, options, strict=True)}
        )
        combos.append(
            Combo(
                key,
                combo_uid(key),
                "，".join(o.name_zh for o in options),
                ", ".join(o.name_en for o in options),
            )
        )
    return combos


def combos_of_element(element: DataElement) -> list[Combo]:
    return combos_of_dimensions(list(element.dimensions.all()))


@lru_cache(maxsize=1)
def _all_combos(version: int) -> dict[str, Combo]:
    found: dict[str, Combo] = {}
    seen_sets: set[tuple[int, ...]] = set()
    for element in DataElement.objects.prefetch_related("dimensions__options"):
        dimensions = list(element.dimensions.all())
        signature = tuple(sorted(d.pk for d in dimensions))
        if signature in seen_sets:
            continue
        seen_sets.add(signature)
        for combo in combos_of_dimensions(dimensions):
            found[combo.uid] = combo
            found[combo.key or DEFAULT_NAME] = combo
    return found


def all_combos() -> dict[str, Combo]:
    """Every combo in use, by UID and by code. Recomputed when the catalogue changes."""
    version = DataElement.objects.count() * 1000 + Dimension.objects.count()
    return _all_combos(version)


@lru_cache(maxsize=1)
def _dimensions(version: int) -> dict[str, tuple[str, dict[str, str]]]:
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for dimension in Dimension.objects.prefetch_related("options"):
        options: dict[str, str] = {}
        for option in dimension.options.all():
            options[option.code] = option.code
            options[option.uid] = option.code
        found[dimension.code] = found[dimension.uid] = (dimension.code, options)
    return found


def codes_of_pairs(pairs: dict[str, str]) -> dict[str, str]:
    """Dimension=option pairs with each dimension (DHIS2: category) and option given by code
    or UID, as codes. What is unknown is left as given, for the checks to name."""
    version = Dimension.objects.count() * 100_000 + DimensionOption.objects.count()
    dimensions = _dimensions(version)
    codes: dict[str, str] = {}
    for dimension, option in pairs.items():
        code, options = dimensions.get(dimension, (dimension, {}))
        codes[code] = options.get(option, option)
    return codes


def key_of(uid_or_code: str) -> str | None:
    """The canonical key of a combo given by UID or code, or of dimension=option pairs (each
    by code or UID, in any order); None if unknown."""
    if uid_or_code in ("", DEFAULT_UID, DEFAULT_NAME):
        return ""
    combo = all_combos().get(uid_or_code)
    if combo is not None:
        return combo.key
    try:
        pairs = expressions.parse_key(uid_or_code)
    except ValueError:
        return None
    codes = codes_of_pairs(pairs)
    if len(codes) != len(pairs):
        return None  # one dimension given twice, once by code and once by UID
    return expressions.format_key(codes)
