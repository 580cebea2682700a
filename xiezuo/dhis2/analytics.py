"""`/api/analytics` in DHIS2's shape, answered by Xiezuo's live analytics engine.

A request names dimensions (`dimension=dx:…`, `pe:…`, `ou:…`, a category,
or `co`) and filters (`filter=pe:…` adds the periods up, `filter=ou:…` the
places); this module turns it into `xiezuo.indicators.analytics.Query`s —
one per organisation unit level and per disaggregation asked for — and the
cells into DHIS2's `{"headers", "rows", "metaData", "height", "width"}`
(written as CSV or XML by `grids`), DHIS2's analytics data value set, or its
raw data.

Every query parameter of DHIS2 2.40's analytics API is either applied or
refused with a 409 naming it: a parameter ignored would give a wrong figure.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.indicators import combos as combo_module
from xiezuo.indicators import expressions
from xiezuo.indicators.analytics import Query, Split, analytics, raw_values
from xiezuo.indicators.models import DataElement, Dimension, DimensionOption, Indicator
from xiezuo.language import period_label
from xiezuo.numbers import plain, whole_number
from xiezuo.periods import Period
from xiezuo.places import codes
from xiezuo.places.models import Level, Place
from xiezuo.uids import stable_uid

from .metadata import display
from .params import flag
from .webmessages import Conflict

FIXED_DIMENSIONS = ("dx", "pe", "ou", "co")

# DHIS2's relative periods, named in Chinese and English.
RELATIVE_NAMES = {
    "THIS_MONTH": ("本月", "This month"),
    "LAST_MONTH": ("上月", "Last month"),
    "LAST_3_MONTHS": ("最近3个月", "Last 3 months"),
    "LAST_6_MONTHS": ("最近6个月", "Last 6 months"),
    "LAST_12_MONTHS": ("最近12个月", "Last 12 months"),
    "THIS_QUARTER": ("本季度", "This quarter"),
    "LAST_QUARTER": ("上季度", "Last quarter"),
    "LAST_4_QUARTERS": ("最近4个季度", "Last 4 quarters"),
    "THIS_SIX_MONTH": ("本半年", "This six-month"),
    "LAST_SIX_MONTH": ("上半年度", "Last six-month"),
    "LAST_2_SIXMONTHS": ("最近2个半年", "Last 2 six-months"),
    "THIS_YEAR": ("今年", "This year"),
    "LAST_YEAR": ("去年", "Last year"),
    "LAST_5_YEARS": ("最近5年", "Last 5 years"),
    "LAST_10_YEARS": ("最近10年", "Last 10 years"),
    "MONTHS_THIS_YEAR": ("今年各月", "Months this year"),
    "QUARTERS_THIS_YEAR": ("今年各季度", "Quarters this year"),
    "MONTHS_LAST_YEAR": ("去年各月", "Months last year"),
    "QUARTERS_LAST_YEAR": ("去年各季度", "Quarters last year"),
}


def dimension_name(dimension: str) -> str:
    return {
        "dx": pgettext("DHIS2 analytics", "Data"),
        "pe": pgettext("DHIS2 analytics", "Period"),
        "ou": pgettext("DHIS2 analytics", "Organisation unit"),
        "co": pgettext("DHIS2 analytics", "Category option combo"),
    }.get(dimension, dimension)


@dataclass
class DataItem:
    output: str  # the id in rows: a UID, or deUID.cocUID for an operand
    code: str
    item: str  # what the engine computes: a code, or code[dim=option]
    name: str
    element: DataElement | None = None  # None for an indicator

    @property
    def dimensions(self) -> tuple[str, ...]:
        if self.element is None:
            return ()
        return tuple(sorted(d.code for d in self.element.dimensions.all()))


@dataclass
class Category:
    dimension: Dimension
    options: list[DimensionOption]  # those asked for; all when none were named


@dataclass
class Request:
    """A parsed analytics request."""

    order: list[str] = field(default_factory=list)  # dimensions as columns, in request order
    filters: set[str] = field(default_factory=set)
    data: list[DataItem] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    relative: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    categories: dict[str, Category] = field(default_factory=dict)  # by the id asked for
    combos: set[str] | None = None  # the combo keys of `co:…`; None: all
    skip_meta: bool = False
    skip_data: bool = False
    skip_rounding: bool = False
    approved_only: bool = False
    approval_level: int | None = None
    aggregation: str | None = None  # the engine's name of `aggregationType`
    measure_criteria: list[tuple[str, Decimal]] = field(default_factory=list)
    value_criteria: list[tuple[str, Decimal]] = field(default_factory=list)
    include_num_den: bool = False
    hierarchy_meta: bool = False
    show_hierarchy: bool = False
    include_details: bool = False
    # where unapproved reported values count (policy.unapproved_scope); None: everywhere
    unapproved_within: tuple[str, ...] | None = None
    sort: str | None = None
    id_scheme: dict[str, str] = field(default_factory=dict)

    def is_filter(self, dimension: str) -> bool:
        return dimension in self.filters


def _split(text: str) -> tuple[str, list[str]]:
    dimension, _sep, items = text.partition(":")
    return dimension.strip(), [i.strip() for i in items.split(";") if i.strip()]


def parse(params: Any, *, user: User, today: date | None = None) -> Request:
    """The request in the query parameters; Conflict (409) for what DHIS2 would refuse."""
    request = Request()
    given: dict[str, list[str]] = {}
    for kind in ("dimension", "filter"):
        for text in params.getlist(kind):
            dimension, items = _split(text)
            if not dimension:
                continue
            if dimension in given:
                if dimension in request.filters or kind == "filter":
                    raise Conflict(
                        _("Dimensions cannot be specified as dimension and filter simultaneously"),
                        "E7103",
                    )
                raise Conflict(_("Dimensions cannot be specified more than once"), "E7111")
            given[dimension] = items
            if kind == "filter":
                request.filters.add(dimension)
            else:
                request.order.append(dimension)
    if "dx" not in given or not given["dx"]:
        raise Conflict(
            _(
                "At least one data dimension item or data element group set dimension item "
                "must be specified"
            ),
            "E7102",
        )
    if "pe" not in given or not given["pe"]:
        raise Conflict(_("At least one period as dimension or filter must be specified"), "E7104")
    request.data = _data_items(given["dx"])
    indicators = any(item.element is None for item in request.data)
    if "dx" in request.filters and len(request.data) > 1 and indicators:
        raise Conflict(_("Only a single indicator can be specified as filter"), "E7108")
    _refuse_unsupported(params)
    relative_day = _relative_day(params.get("relativePeriodDate")) or today
    request.periods, request.relative = _periods(given["pe"], relative_day)
    if "ou" in given:
        request.places, request.levels = _places(given["ou"], _user_places(params, user))
    else:
        request.places = list(Place.objects.filter(level=1).order_by("code"))
        request.filters.add("ou")
    for dimension, items in given.items():
        if dimension in ("dx", "pe", "ou"):
            continue
        if dimension == "co":
            if "co" in request.filters:
                raise Conflict(_("Category option combos cannot be specified as filter"), "E7110")
            if any(item.element is None for item in request.data):
                raise Conflict(
                    _(
                        "Category option combos can only be specified together with data "
                        "elements, not indicators"
                    ),
                    "E7114",
                )
            if items:
                request.combos = _combo_keys(items)
            continue
        request.categories[dimension] = _category(dimension, items, request)
    request.skip_meta = flag(params, "skipMeta")
    request.skip_data = flag(params, "skipData")
    request.skip_rounding = flag(params, "skipRounding")
    request.include_num_den = flag(params, "includeNumDen")
    request.hierarchy_meta = flag(params, "hierarchyMeta")
    request.show_hierarchy = flag(params, "showHierarchy")
    request.include_details = flag(params, "includeMetadataDetails")
    request.approval_level = _approval_level(params.get("approvalLevel"))
    request.approved_only = request.approval_level is not None
    request.unapproved_within = policy.unapproved_scope(user)
    request.aggregation = _aggregation(params.get("aggregationType"))
    request.measure_criteria = _criteria(params, "measureCriteria")
    request.value_criteria = _criteria(params, "preAggregationMeasureCriteria")
    sort = _choice(params, "order", ("ASC", "DESC"))
    request.sort = sort or None
    general = _choice(params, "outputIdScheme", ID_SCHEMES) or "UID"
    request.id_scheme = {
        "dx": _choice(params, "outputDataElementIdScheme", ID_SCHEMES) or general,
        "ou": _choice(params, "outputOrgUnitIdScheme", ID_SCHEMES) or general,
    }
    return request


# --- the parameters of DHIS2's analytics API that Xiezuo refuses or reads

ID_SCHEMES = ("UID", "CODE", "NAME")
# DHIS2's aggregation types that the engine can apply to every data element
AGGREGATION_TYPES = {
    "DEFAULT": None,
    "SUM": "sum",
    "AVERAGE": "average",
    "LAST": "last",
    "COUNT": "count",
    "MIN": "min",
    "MAX": "max",
}
MEASURE_OPERATORS = ("EQ", "GT", "GE", "LT", "LE")
# parameters of DHIS2's analytics API that Xiezuo does not implement: any value refused
REFUSED = ("startDate", "endDate", "timeField", "orgUnitField", "columns", "rows")
# boolean parameters whose `true` Xiezuo does not implement
REFUSED_WHEN_TRUE = ("completedOnly", "tableLayout")


def not_supported(name: str, value: str | None = None) -> Conflict:
    """The 409 for a DHIS2 parameter (or one of its values) that Xiezuo does not implement."""
    if value is None:
        return Conflict(f"Query parameter not supported by this server: {name}")
    return Conflict(f"Value not supported by this server for query parameter {name}: {value}")


def _refuse_unsupported(params: Any) -> None:
    for name in REFUSED:
        if params.get(name):
            raise not_supported(name)
    for name in REFUSED_WHEN_TRUE:
        if flag(params, name):
            raise not_supported(name, "true")
    _choice(params, "displayProperty", ("NAME", "SHORTNAME"))  # the short names are the names
    _choice(params, "inputIdScheme", ("UID", "CODE"))  # identifiers are read as either
    # Xiezuo's users have one set of places, those they capture data for
    _choice(params, "userOrgUnitType", ("DATA_CAPTURE",))
    # no limit on the number of rows, so ignoreLimit changes nothing; without a table layout
    # (refused above) DHIS2 reads neither hideEmptyRows nor hideEmptyColumns, and Xiezuo
    # answers no empty rows
    output_format(params)


def output_format(params: Any, suffix: str = "") -> str:
    """json, csv or xml: the path's suffix, else the `format` parameter (which Xiezuo reads
    and DHIS2 ignores), else json."""
    return suffix or _choice(params, "format", ("JSON", "CSV", "XML")).lower() or "json"


def _choice(params: Any, name: str, allowed: Sequence[str]) -> str:
    """The parameter's value among `allowed` (upper case), "" when absent; refuses others."""
    value = (params.get(name) or "").strip()
    if value and value.upper() not in allowed:
        raise not_supported(name, value)
    return value.upper()


def _aggregation(text: str | None) -> str | None:
    name = (text or "").strip().upper()
    if not name:
        return None
    if name not in AGGREGATION_TYPES:
        raise not_supported("aggregationType", name)
    return AGGREGATION_TYPES[name]


def _criteria(params: Any, name: str) -> list[tuple[str, Decimal]]:
    """DHIS2's measure criteria, `GE:10;LT:50`: (operator, number) pairs."""
    found: list[tuple[str, Decimal]] = []
    for part in (params.get(name) or "").split(";"):
        if not part.strip():
            continue
        operator, _sep, number = part.partition(":")
        operator = operator.strip().upper()
        try:
            value = Decimal(number.strip())
        except ArithmeticError:
            value = None
        if operator not in MEASURE_OPERATORS or value is None or not value.is_finite():
            raise Conflict(
                f"Measure criteria are operator:number pairs joined by ';' "
                f"({', '.join(MEASURE_OPERATORS)}), not {part.strip()!r} in {name}"
            )
        found.append((operator, value))
    return found


def meets(value: Decimal, criteria: Sequence[tuple[str, Decimal]]) -> bool:
    tests = {
        "EQ": value.__eq__,
        "GT": value.__gt__,
        "GE": value.__ge__,
        "LT": value.__lt__,
        "LE": value.__le__,
    }
    return all(tests[operator](number) for operator, number in criteria)


def _approval_level(text: str | None) -> int | None:
    """approvalLevel: an organisation unit level (its UID or number); data approved at that
    level or above. Xiezuo's approval levels are its organisation unit levels."""
    value = (text or "").strip()
    if not value:
        return None
    for level in codes.CODE_LENGTHS:
        if value in (str(level), level_uid(level)):
            return level
    raise not_supported("approvalLevel", value)


def level_uid(level: int) -> str:
    return stable_uid("organisationUnitLevel", str(level))


def _user_places(params: Any, user: User) -> list[Place]:
    """What USER_ORGUNIT stands for: the `userOrgUnit` places if given, else the user's."""
    given = [u.strip() for u in (params.get("userOrgUnit") or "").split(";") if u.strip()]
    if not given:
        return list(user.scope_places.order_by("code"))
    found = {p.uid: p for p in Place.objects.filter(uid__in=given)}
    missing = [u for u in given if u not in found]
    if missing:
        raise Conflict(f"Organisation unit does not exist: {missing[0]}", "E7124")
    return [found[u] for u in given]


def _combo_keys(items: Sequence[str]) -> set[str]:
    """The keys of the category option combos `co:…` names (UIDs or codes)."""
    keys: set[str] = set()
    for item in items:
        key = combo_module.key_of(item)
        if key is None:
            raise Conflict(
                _("Dimension %s is present in query without any valid dimension options") % "co",
                "E7124",
            )
        keys.add(key)
    return keys


def _relative_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise Conflict(_("relativePeriodDate is a date (YYYY-MM-DD), not “%s”.") % text) from exc


def _data_items(identifiers: Sequence[str]) -> list[DataItem]:
    # only the elements and indicators named (by uid or code), not the whole catalogue
    heads = {identifier.partition(".")[0] for identifier in identifiers}
    elements = list(
        DataElement.objects.filter(Q(uid__in=heads) | Q(code__in=heads)).prefetch_related(
            "dimensions__options"
        )
    )
    element_by = {e.uid: e for e in elements} | {e.code: e for e in elements}
    indicators = list(Indicator.objects.filter(Q(uid__in=identifiers) | Q(code__in=identifiers)))
    indicator_by = {i.uid: i for i in indicators} | {i.code: i for i in indicators}
    items: list[DataItem] = []
    for identifier in identifiers:
        head, dot, tail = identifier.partition(".")
        element = element_by.get(head)
        if dot and element is not None:
            tail = tail.split(".")[0]  # an attribute option combo after it is the default
            items.append(_operand(element, tail, identifier))
            continue
        if element is not None:
            name = display(element.name_zh, element.name_en)
            items.append(DataItem(element.uid, element.code, element.code, name, element))
            continue
        indicator = indicator_by.get(identifier)
        if indicator is not None:
            name = display(indicator.name_zh, indicator.name_en)
            items.append(DataItem(indicator.uid, indicator.code, indicator.code, name))
            continue
        raise Conflict(
            _("No data element or indicator has the id or code “%s”.") % identifier, "E7124"
        )
    return items


def _operand(element: DataElement, combo: str, identifier: str) -> DataItem:
    name = display(element.name_zh, element.name_en)
    if combo in ("*", ""):
        return DataItem(identifier, element.code, element.code, name, element)
    key = combo_module.key_of(combo)
    combos = {c.key: c for c in combo_module.combos_of_element(element)}
    if key is None or (key and key not in combos):
        raise Conflict(
            _("“%(combo)s” is not a category option combo of %(element)s.")
            % {"combo": combo, "element": name},
            "E7124",
        )
    if not key:
        return DataItem(
            f"{element.uid}.{combo_module.DEFAULT_UID}", element.code, element.code, name, element
        )
    found = combos[key]
    return DataItem(
        f"{element.uid}.{found.uid}",
        f"{element.code}.{found.code}",
        f"{element.code}[{key}]",
        f"{name} {display(found.name_zh, found.name_en)}",
        element,
    )


def _periods(items: Sequence[str], today: date | None) -> tuple[list[Period], list[str]]:
    found: list[Period] = []
    relative: list[str] = []
    for item in items:
        if periods.is_relative(item):
            relative.append(item)
            found.extend(periods.relative(item, today))
            continue
        try:
            found.append(periods.parse(item))
        except ValueError as exc:
            raise Conflict(
                _(
                    "“%s” is not a period (e.g. 2018, 2018S1, 2018Q2, 201805, THIS_YEAR, "
                    "LAST_12_MONTHS)"
                )
                % item,
                "E7124",
            ) from exc
    unique = list(dict.fromkeys(found))
    return unique, relative


def _places(items: Sequence[str], scope: list[Place]) -> tuple[list[Place], list[int]]:
    places: list[Place] = []
    levels: list[int] = []
    identifiers: list[str] = []
    for item in items:
        upper = item.upper()
        if upper.startswith("LEVEL-"):
            parts = item.split("-")
            try:
                level = whole_number(parts[1])
            except (IndexError, ValueError) as exc:
                raise Conflict(_("“%s” is not an organisation unit level.") % item) from exc
            if level not in codes.CODE_LENGTHS:
                raise Conflict(_("“%s” is not an organisation unit level.") % item)
            levels.append(level)
            identifiers.extend(parts[2:3])  # LEVEL-3-boundaryUid, DHIS2's older form
        elif upper in ("USER_ORGUNIT", "USER_ORGUNIT_CHILDREN", "USER_ORGUNIT_GRANDCHILDREN"):
            if not scope:
                raise Conflict(
                    _("You have no places in your scope, so USER_ORGUNIT stands for nothing."),
                    "E7123",
                )
            if upper == "USER_ORGUNIT":
                places.extend(scope)
            else:
                depth = 1 if upper == "USER_ORGUNIT_CHILDREN" else 2
                parents = scope
                for _step in range(depth):
                    parents = list(Place.objects.filter(parent__in=parents).order_by("code"))
                places.extend(parents)
        else:
            identifiers.append(item)
    if identifiers:
        by_uid = {p.uid: p for p in Place.objects.filter(uid__in=identifiers)}
        by_code = {p.code: p for p in Place.objects.filter(code__in=identifiers)}
        for identifier in identifiers:
            place = by_uid.get(identifier) or by_code.get(identifier)
            if place is None:
                raise Conflict(
                    _("No organisation unit has the id or code “%s”.") % identifier, "E7124"
                )
            places.append(place)
    if not places and levels:
        places = list(Place.objects.filter(level=1).order_by("code"))
    if not places:
        raise Conflict(
            _("Dimension ou is present in query without any valid dimension options"), "E7124"
        )
    return list(dict.fromkeys(places)), sorted(set(levels))


def _category(identifier: str, items: Sequence[str], request: Request) -> Category:
    dimension = (
        Dimension.objects.prefetch_related("options").filter(uid=identifier).first()
        or Dimension.objects.prefetch_related("options").filter(code=identifier).first()
    )
    if dimension is None:
        raise Conflict(
            _("Dimension identifier does not reference any dimension: %s") % identifier, "E7125"
        )
    if dimension.code in request.filters or identifier in request.filters:
        raise Conflict(_("A category can be a dimension here, not a filter."))
    if any(c.dimension.pk == dimension.pk for c in request.categories.values()):
        raise Conflict(_("Dimensions cannot be specified more than once"), "E7111")
    options = list(dimension.options.all())
    if items:
        wanted = set(items)
        options = [o for o in options if o.uid in wanted or o.code in wanted]
        if not options:
            raise Conflict(
                _("Dimension %s is present in query without any valid dimension options")
                % identifier,
                "E7124",
            )
    return Category(dimension, options)


# --- running and answering


def _format(value: Decimal, skip_rounding: bool) -> str:
    if not skip_rounding and value != value.to_integral_value():
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = plain(value)
    return "0" if text == "-0" else text


def _kind(dimension: str) -> str:
    return dimension if dimension in FIXED_DIMENSIONS else "category"


def _groups(request: Request) -> list[tuple[Split, list[DataItem]]]:
    """(split, items) for each engine query the request needs: with `co`, the items of one
    set of categories together, split by all of them; else split by the categories asked."""
    categories = {c.dimension.code for c in request.categories.values()}
    if "co" in request.order:
        grouped: dict[tuple[str, ...], list[DataItem]] = defaultdict(list)
        for item in request.data:
            if categories <= set(item.dimensions):
                grouped[item.dimensions].append(item)
        return list(grouped.items())
    if categories:
        return [(tuple(sorted(categories)), request.data)]
    return [(None, request.data)]


Fraction = tuple[Decimal, Decimal, Decimal]  # an indicator's numerator, denominator, factor


@dataclass
class Cells:
    """The answer's figures by their dimension items (the raw ids of `request.order`)."""

    values: dict[tuple[str, ...], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    fractions: dict[tuple[str, ...], Fraction] = field(default_factory=dict)
    left_out: bool = False


_BASE = ("dx", "pe", "ou", "co")  # the dimensions every cell of the engine has


def _picker(positions: list[int]) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """A function that takes the items at these positions of a tuple, as a tuple."""
    if len(positions) > 1:
        return operator.itemgetter(*positions)
    return lambda row: tuple(row[n] for n in positions)


def compute(request: Request) -> Cells:
    """Ask the engine for the request's figures."""
    columns = list(request.order)
    found = Cells()
    wanted = {
        identifier: (c.dimension.code, {o.code for o in c.options})
        for identifier, c in request.categories.items()
    }
    # without categories a cell's key is its item, period, place and combo in column order
    take = None if wanted else _picker([_BASE.index(d) for d in columns])
    levels: list[int | None] = [*request.levels] or [None]
    for level in levels:
        for split, items in _groups(request):
            try:
                result = analytics(
                    Query(
                        items=[i.item for i in items],
                        periods=request.periods,
                        places=request.places,
                        level=level,
                        split=split,
                        periods_as_filter=request.is_filter("pe"),
                        places_as_filter=request.is_filter("ou"),
                        approved_only=request.approved_only,
                        approval_level=request.approval_level,
                        unapproved_within=request.unapproved_within,
                        aggregation=request.aggregation,
                        value_criteria=request.value_criteria,
                    )
                )
            except ValueError as exc:
                raise Conflict(str(exc)) from exc
            found.left_out = found.left_out or bool(result.hidden)
            output = {i.item: i.output for i in items}
            fractions = result.fractions
            values, combos = found.values, request.combos
            for cell, value in result.values.items():
                item, period, place, option = cell
                combo = option or ""
                if combos is not None and combo not in combos:
                    continue
                base = (output[item], period or "", place or "", combo)
                if take is not None:
                    key = take(base)
                else:
                    pairs = expressions.parse_key(combo) if combo else {}
                    if any(pairs.get(code) not in options for code, options in wanted.values()):
                        continue
                    raw = dict(zip(_BASE, base, strict=True))
                    for identifier, (code, _options) in wanted.items():
                        raw[identifier] = f"{code}={pairs[code]}"
                    key = tuple(raw[d] for d in columns)
                values[key] += value
                if fractions and cell in fractions:
                    found.fractions[key] = fractions[cell]
    if request.measure_criteria:
        found.values = {k: v for k, v in found.values.items() if meets(v, request.measure_criteria)}
    return found


def run(request: Request) -> dict[str, Any]:
    """Ask the engine and answer in DHIS2's shape."""
    columns = list(request.order)
    found = compute(request)
    places = _places_of(request, columns, found.values)
    body = _answer(request, columns, found, places)
    # Xiezuo's own key: whether unapproved figures of places outside the caller's scope
    # were left out of the sums (they count for him once the level above approves them)
    body["unapprovedLeftOut"] = found.left_out
    return body


def _places_of(
    request: Request, columns: list[str], cells: dict[tuple[str, ...], Decimal]
) -> dict[str, Place]:
    found_codes = {key[columns.index("ou")] for key in cells} if "ou" in columns else set()
    return {
        p.code: p
        for p in Place.objects.filter(code__in=found_codes | {p.code for p in request.places})
    }


def _place_id(request: Request, place: Place) -> str:
    scheme = request.id_scheme.get("ou", "UID")
    return {"CODE": place.code, "NAME": place.name}.get(scheme, place.uid)


def _data_id(request: Request, item: DataItem) -> str:
    scheme = request.id_scheme.get("dx", "UID")
    return {"CODE": item.code, "NAME": item.name}.get(scheme, item.output)


def _option_uids(request: Request) -> dict[str, str]:
    uids: dict[str, str] = {}
    for category in request.categories.values():
        code = category.dimension.code
        uids.update({f"{code}={o.code}": o.uid for o in category.options})
    return uids


NUM_DEN = (
    ("numerator", "Numerator"),
    ("denominator", "Denominator"),
    ("factor", "Factor"),
    ("multiplier", "Multiplier"),
    ("divisor", "Divisor"),
)


def _value_header(name: str, column: str) -> dict[str, Any]:
    return {
        "name": name,
        "column": column,
        "valueType": "NUMBER",
        "type": "java.lang.Double",
        "hidden": False,
        "meta": False,
    }


def _num_den(fraction: Fraction | None, skip_rounding: bool) -> list[Any]:
    """DHIS2's numerator, denominator, factor, multiplier and divisor of an indicator's cell;
    nulls for a data element's."""
    if fraction is None:
        return [None] * len(NUM_DEN)
    numerator, denominator, factor = fraction
    multiplier, divisor = factor.as_integer_ratio()
    return [
        _format(numerator, skip_rounding),
        _format(denominator, skip_rounding),
        _format(factor, skip_rounding),
        multiplier,
        divisor,
    ]


class _Memo(dict[str, Any]):
    """`of(dimension, raw)` for one column, worked out once per distinct raw value: read
    with `dict.__getitem__` (which asks `__missing__` for a new one) over whole rows."""

    def __init__(self, dimension: str, of: Callable[[str, str], Any]) -> None:
        super().__init__()
        self.dimension, self.of = dimension, of

    def __missing__(self, raw: str) -> Any:
        self[raw] = found = self.of(self.dimension, raw)
        return found


def _answer(
    request: Request, columns: list[str], found: Cells, places: dict[str, Place]
) -> dict[str, Any]:
    cells = found.values
    data_by_output = {i.output: i for i in request.data}
    option_uid = _option_uids(request)
    position = {
        "dx": {i.output: n for n, i in enumerate(request.data)},
        "pe": {p.id: n for n, p in enumerate(request.periods)},
    }

    def shown_once(dimension: str, raw: str) -> str:
        kind = _kind(dimension)
        if kind == "dx":
            return _data_id(request, data_by_output[raw])
        if kind == "ou":
            return _place_id(request, places[raw]) if raw in places else raw
        if kind == "co":
            return combo_module.combo_uid(raw)
        if kind == "category":
            return option_uid.get(raw, raw)
        return raw

    def order_once(dimension: str, raw: str) -> int | str:
        """Where the item goes in its column: items and periods as asked, the rest by code
        (one kind of key in each column, so that rows compare as flat tuples)."""
        kind = _kind(dimension)
        return position[kind].get(raw, 0) if kind in position else raw

    # a large answer repeats few items, periods and places: each is written and placed once
    shown_by = [_Memo(d, shown_once) for d in columns]
    order_by = [_Memo(d, order_once) for d in columns]

    ordered = sorted(cells.items(), key=lambda kv: tuple(map(dict.__getitem__, order_by, kv[0])))
    if request.sort:
        ordered.sort(key=lambda kv: kv[1], reverse=request.sort == "DESC")
    shown, skip_rounding = dict.__getitem__, request.skip_rounding
    rows: list[list[Any]] = [
        [*map(shown, shown_by, key), _format(value, skip_rounding)] for key, value in ordered
    ]
    if request.include_num_den:
        for row, (key, _value) in zip(rows, ordered, strict=True):
            row += _num_den(found.fractions.get(key), skip_rounding)
    headers = [_header(request, d) for d in columns]
    headers.append(_value_header("value", pgettext("DHIS2 analytics", "Value")))
    if request.include_num_den:
        headers += [_value_header(name, column) for name, column in NUM_DEN]
    body: dict[str, Any] = {"headers": headers}
    if not request.skip_meta:
        body["metaData"] = _meta(request, columns, cells, places)
    body["rows"] = [] if request.skip_data else rows
    body["rowContext"] = {}
    body["height"] = len(body["rows"])
    body["width"] = len(headers)
    body["headerWidth"] = len(headers)
    return body


def _header(request: Request, dimension: str) -> dict[str, Any]:
    column, name = dimension_name(dimension), dimension
    if _kind(dimension) == "category":
        category = request.categories[dimension].dimension
        column, name = display(category.name_zh, category.name_en), category.uid
    return {
        "name": name,
        "column": column,
        "valueType": "TEXT",
        "type": "java.lang.String",
        "hidden": False,
        "meta": True,
    }


def _meta(
    request: Request,
    columns: list[str],
    cells: dict[tuple[str, ...], Decimal],
    places: dict[str, Place],
) -> dict[str, Any]:
    """metaData: a name for every id in the answer, and each dimension's items."""
    details = request.include_details
    items: dict[str, dict[str, Any]] = {}
    dimensions: dict[str, list[str]] = {"dx": [], "pe": [], "ou": [], "co": []}
    for dimension in ("dx", "pe", "ou"):
        items[dimension] = {"name": dimension_name(dimension)}
        if details:
            items[dimension] |= {"uid": dimension, "dimensionType": DIMENSION_TYPES[dimension]}
    for item in request.data:
        items[_data_id(request, item)] = {"name": item.name} | (
            _data_details(item) if details else {}
        )
        dimensions["dx"].append(_data_id(request, item))
    # DHIS2 names every combo of the data elements asked for, and lists them as `co`
    elements = [i.element for i in request.data if i.element is not None and i.item == i.code]
    for element in dict.fromkeys(elements):
        for each in combo_module.combos_of_element(element):
            items[each.uid] = {"name": display(each.name_zh, each.name_en)}
            if details:
                items[each.uid] |= {"uid": each.uid, "code": each.code}
            if each.uid not in dimensions["co"]:
                dimensions["co"].append(each.uid)
    for period in request.periods:
        items[period.id] = {"name": period_label(period)} | (
            _period_details(period) if details else {}
        )
        dimensions["pe"].append(period.id)
    for name in request.relative:
        zh, en = RELATIVE_NAMES.get(name, (name, name))
        items[name] = {"name": display(zh, en)}
    if request.levels and "ou" in columns:
        index = columns.index("ou")
        shown_places = [places[c] for c in sorted({k[index] for k in cells}) if c in places]
    else:
        shown_places = list(request.places)
    for place in {p.code: p for p in [*request.places, *shown_places]}.values():
        items[_place_id(request, place)] = {"name": place.name} | (
            _place_details(place) if details else {}
        )
    dimensions["ou"] = [_place_id(request, p) for p in shown_places]
    for level in request.levels:
        items[f"LEVEL-{level}"] = {"name": display(*_level_names(level))}
    if "co" in columns:
        items["co"] = {"name": dimension_name("co")}
        if details:
            items["co"] |= {"uid": "co", "dimensionType": "CATEGORY_OPTION_COMBO"}
        index = columns.index("co")
        known = combo_module.all_combos()
        for key in sorted({k[index] for k in cells}):
            uid = combo_module.combo_uid(key)
            combo = known.get(uid)
            name = display(combo.name_zh, combo.name_en) if combo else combo_module.DEFAULT_NAME
            items.setdefault(uid, {"name": name})
    for category in request.categories.values():
        asked = category.dimension
        items[asked.uid] = {"name": display(asked.name_zh, asked.name_en)}
        if details:
            items[asked.uid] |= {"uid": asked.uid, "code": asked.code, "dimensionType": "CATEGORY"}
        dimensions[asked.uid] = []
        for option in category.options:
            items[option.uid] = {"name": display(option.name_zh, option.name_en)}
            if details:
                items[option.uid] |= {"uid": option.uid, "code": option.code}
            dimensions[asked.uid].append(option.uid)
    meta: dict[str, Any] = {"items": items, "dimensions": dimensions}
    if request.hierarchy_meta or request.show_hierarchy:
        hierarchy = _hierarchy(request, shown_places)
        if request.hierarchy_meta:
            meta["ouHierarchy"] = {k: uids for k, (uids, _names) in hierarchy.items()}
        if request.show_hierarchy:
            meta["ouNameHierarchy"] = {k: names for k, (_uids, names) in hierarchy.items()}
    return meta


DIMENSION_TYPES = {"dx": "DATA_X", "pe": "PERIOD", "ou": "ORGANISATION_UNIT"}


def _data_details(item: DataItem) -> dict[str, Any]:
    """includeMetadataDetails: what DHIS2's MetadataItem says of a data item."""
    uid, _dot, _combo = item.output.partition(".")
    if item.element is None:
        return {
            "uid": uid,
            "code": item.code,
            "dimensionItemType": "INDICATOR",
            "valueType": "NUMBER",
            "totalAggregationType": "SUM",
        }
    aggregation = {"average": "AVERAGE", "last": "LAST"}.get(item.element.aggregation, "SUM")
    return {
        "uid": item.output,
        "code": item.code,
        "dimensionItemType": "DATA_ELEMENT_OPERAND" if "." in item.output else "DATA_ELEMENT",
        "valueType": "BOOLEAN" if item.element.value_type == "boolean" else "NUMBER",
        "aggregationType": aggregation,
        "totalAggregationType": "SUM",
    }


def _period_details(period: Period) -> dict[str, Any]:
    return {
        "uid": period.id,
        "code": period.id,
        "dimensionItemType": "PERIOD",
        "valueType": "TEXT",
        "totalAggregationType": "SUM",
        "startDate": f"{period.start_date.isoformat()}T00:00:00.000",
        "endDate": f"{period.end_date.isoformat()}T00:00:00.000",
    }


def _place_details(place: Place) -> dict[str, Any]:
    return {
        "uid": place.uid,
        "code": place.code,
        "dimensionItemType": "ORGANISATION_UNIT",
        "valueType": "TEXT",
        "totalAggregationType": "SUM",
    }


def _hierarchy(request: Request, shown: Sequence[Place]) -> dict[str, tuple[str, str]]:
    """For each place of the answer: its ancestors' UIDs joined by "/" (DHIS2's ouHierarchy)
    and the names from the top down to itself, each after a "/" (ouNameHierarchy)."""
    wanted = {p.code: p for p in [*request.places, *shown]}
    ancestors = {c for code in wanted for c in codes.ancestor_codes(code)}
    known = {p.code: p for p in Place.objects.filter(code__in=ancestors)} | wanted
    answer: dict[str, tuple[str, str]] = {}
    for code, place in wanted.items():
        chain = [known[c] for c in codes.ancestor_codes(code) if c in known and c != code]
        uids = "/".join(p.uid for p in chain)
        names = "".join(f"/{p.name}" for p in [*chain, place])
        answer[_place_id(request, place)] = (uids, names)
    return answer


def _level_names(level: int) -> tuple[str, str]:
    label = Level(level).label
    with translation.override("zh-hans"):
        zh = str(label)
    with translation.override("en"):
        en = str(label)
    return zh, en


# --- the other shapes: DHIS2's analytics as data values, and the raw data


def data_value_set(request: Request, *, today: date | None = None) -> dict[str, Any]:
    """`/api/analytics/dataValueSet`: a data value per figure, as DHIS2's
    `AnalyticsUtils.getDataValueSet` writes them (comment "[aggregated]", created and
    last updated today); dx, pe and ou must be dimensions."""
    for dimension, header in (("dx", "Data"), ("pe", "Period"), ("ou", "Org unit")):
        if dimension not in request.order:
            raise Conflict(f"{header} header does not exist")
    request.include_num_den = False
    request.skip_meta = True
    request.skip_data = False
    columns = list(request.order)
    found = compute(request)
    grid = _answer(request, columns, found, _places_of(request, columns, found.values))
    index = {d: columns.index(d) for d in ("dx", "pe", "ou")}
    operands = {_data_id(request, i) for i in request.data if "." in i.output}
    created = (today or date.today()).isoformat()
    values: list[dict[str, Any]] = []
    for row in grid["rows"]:
        value: dict[str, Any] = {
            "dataElement": row[index["dx"]],
            "period": row[index["pe"]],
            "orgUnit": row[index["ou"]],
        }
        if "co" in columns:
            value["categoryOptionCombo"] = row[columns.index("co")]
        elif row[index["dx"]] in operands:
            element, _dot, combo = row[index["dx"]].partition(".")
            value["dataElement"], value["categoryOptionCombo"] = element, combo
        value |= {"value": row[-1], "created": created, "lastUpdated": created}
        value["comment"] = "[aggregated]"
        values.append(value)
    return {"dataValues": values}


def raw_data(request: Request) -> dict[str, Any]:
    """`/api/analytics/rawData`: the stored values themselves, each with its own period and
    the place that reported it, as DHIS2's raw data grid (the dimensions, the period's start
    and end dates, the value)."""
    if any(item.element is None for item in request.data):
        raise Conflict("Raw data can be asked for data elements only, not indicators")
    columns = list(request.order)
    try:
        found = raw_values(
            Query(
                items=[i.item for i in request.data],
                periods=request.periods,
                places=request.places,
                approved_only=request.approved_only,
                approval_level=request.approval_level,
                unapproved_within=request.unapproved_within,
                value_criteria=request.value_criteria,
            )
        )
    except ValueError as exc:
        raise Conflict(str(exc)) from exc
    by_item = {i.item: i for i in request.data}
    wanted = {
        identifier: (c.dimension.code, {o.code: o.uid for o in c.options})
        for identifier, c in request.categories.items()
    }
    places = {p.code: p for p in Place.objects.filter(code__in={v.place for v in found})}
    rows: list[list[Any]] = []
    for stored in found:
        pairs = expressions.parse_key(stored.disaggregation) if stored.disaggregation else {}
        if request.combos is not None and stored.disaggregation not in request.combos:
            continue
        if any(pairs.get(code) not in options for code, options in wanted.values()):
            continue
        if not meets(stored.value, request.measure_criteria):
            continue
        period = periods.parse(stored.period)
        raw = {
            "dx": _data_id(request, by_item[stored.item]),
            "pe": stored.period,
            "ou": _place_id(request, places[stored.place]),
            "co": combo_module.combo_uid(stored.disaggregation),
        }
        for identifier, (code, options) in wanted.items():
            raw[identifier] = options[pairs[code]]
        rows.append(
            [raw[d] for d in columns]
            + [period.start_date.isoformat(), period.end_date.isoformat(), float(stored.value)]
        )
    headers = [_header(request, d) for d in columns] + [
        {
            "name": name,
            "column": column,
            "valueType": "DATETIME",
            "type": "java.time.LocalDateTime",
            "hidden": False,
            "meta": False,
        }
        for name, column in (("pestartdate", "Period start date"), ("peenddate", "Period end date"))
    ]
    headers.append(_value_header("value", pgettext("DHIS2 analytics", "Value")))
    body: dict[str, Any] = {"headers": headers}
    if not request.skip_meta:
        body["metaData"] = _meta(request, columns, {}, places)
        body["metaData"]["dimensions"]["pe"] = []  # DHIS2 asks raw data by the periods' span
    body["rows"] = [] if request.skip_data else rows
    body["height"] = len(body["rows"])
    body["width"] = len(headers)
    body["headerWidth"] = len(headers)
    return body
