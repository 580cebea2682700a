"""`/api/analytics` in DHIS2's shape, answered by Xiezuo's live analytics engine.

A request names dimensions (`dimension=dx:…`, `pe:…`, `ou:…`, a category,
or `co`) and filters (`filter=pe:…` adds the periods up, `filter=ou:…` the
places); this module turns it into `xiezuo.indicators.analytics.Query`s —
one per organisation unit level and per disaggregation asked for — and the
cells into DHIS2's `{"headers", "rows", "metaData", "height", "width"}`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.indicators import combos as combo_module
from xiezuo.indicators.analytics import Query, analytics
from xiezuo.indicators.models import DataElement, Dimension, DimensionOption, Indicator
from xiezuo.language import period_label
from xiezuo.numbers import plain, whole_number
from xiezuo.periods import Period
from xiezuo.places import codes
from xiezuo.places.models import Level, Place

from .metadata import display
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
    category: Category | None = None
    skip_meta: bool = False
    skip_data: bool = False
    skip_rounding: bool = False
    approved_only: bool = False
    # where unapproved reported values count (policy.unapproved_scope); None: everywhere
    unapproved_within: tuple[str, ...] | None = None
    sort: str | None = None
    id_scheme: dict[str, str] = field(default_factory=dict)

    def is_filter(self, dimension: str) -> bool:
        return dimension in self.filters


def _flag(params: Any, name: str) -> bool:
    return str(params.get(name) or "").strip().lower() == "true"


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
    relative_day = _relative_day(params.get("relativePeriodDate")) or today
    request.periods, request.relative = _periods(given["pe"], relative_day)
    if "ou" in given:
        request.places, request.levels = _places(given["ou"], user)
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
            if any(len(item.dimensions) > 1 for item in request.data):
                raise Conflict(
                    _(
                        "Category option combos can be asked only for data elements broken "
                        "down by at most one disaggregation; ask for the category instead."
                    ),
                )
            continue
        if request.category is not None:
            raise Conflict(_("Only one category can be asked for at a time."))
        request.category = _category(dimension, items, request)
    if request.category is not None and "co" in given:
        raise Conflict(_("Ask for a category or for category option combos, not both."))
    request.skip_meta = _flag(params, "skipMeta")
    request.skip_data = _flag(params, "skipData")
    request.skip_rounding = _flag(params, "skipRounding")
    request.approved_only = bool(params.get("approvalLevel"))
    request.unapproved_within = policy.unapproved_scope(user)
    sort = (params.get("order") or "").strip().upper()
    request.sort = sort if sort in ("ASC", "DESC") else None
    general = (params.get("outputIdScheme") or "UID").upper()
    request.id_scheme = {
        "dx": (params.get("outputDataElementIdScheme") or general).upper(),
        "ou": (params.get("outputOrgUnitIdScheme") or general).upper(),
    }
    return request


def _relative_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise Conflict(_("relativePeriodDate is a date (YYYY-MM-DD), not “%s”.") % text) from exc


def _data_items(identifiers: Sequence[str]) -> list[DataItem]:
    elements = list(DataElement.objects.prefetch_related("dimensions__options"))
    element_by = {e.uid: e for e in elements} | {e.code: e for e in elements}
    indicators = list(Indicator.objects.all())
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


def _places(items: Sequence[str], user: User) -> tuple[list[Place], list[int]]:
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
            scope = list(user.scope_places.order_by("code"))
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


def _groups(request: Request) -> list[tuple[str | None, list[DataItem]]]:
    """(split dimension, items) for each engine query the request needs."""
    if request.category is not None:
        return [(request.category.dimension.code, request.data)]
    if "co" in request.order:
        grouped: dict[str | None, list[DataItem]] = defaultdict(list)
        for item in request.data:
            grouped[item.dimensions[0] if item.dimensions else None].append(item)
        return list(grouped.items())
    return [(None, request.data)]


def run(request: Request) -> dict[str, Any]:
    """Ask the engine and answer in DHIS2's shape."""
    columns = list(request.order)
    cells: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
    left_out = False
    wanted_options = (
        {o.code for o in request.category.options} if request.category is not None else None
    )
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
                        unapproved_within=request.unapproved_within,
                    )
                )
            except ValueError as exc:
                raise Conflict(str(exc)) from exc
            left_out = left_out or bool(result.hidden)
            by_item = {i.item: i for i in items}
            for cell, value in result.values.items():
                if wanted_options is not None and cell.option not in wanted_options:
                    continue
                option = f"{split}={cell.option}" if split and cell.option else ""
                raw = {
                    "dx": by_item[cell.item].output,
                    "pe": cell.period or "",
                    "ou": cell.place or "",
                    "co": option,
                    "category": option,
                }
                cells[tuple(raw[_kind(d)] for d in columns)] += value
    found_codes = {key[columns.index("ou")] for key in cells} if "ou" in columns else set()
    places = {
        p.code: p
        for p in Place.objects.filter(code__in=found_codes | {p.code for p in request.places})
    }
    body = _answer(request, columns, cells, places)
    # Xiezuo's own key: whether unapproved figures of places outside the caller's scope
    # were left out of the sums (they count for him once the level above approves them)
    body["unapprovedLeftOut"] = left_out
    return body


def _place_id(request: Request, place: Place) -> str:
    scheme = request.id_scheme.get("ou", "UID")
    return {"CODE": place.code, "NAME": place.name}.get(scheme, place.uid)


def _data_id(request: Request, item: DataItem) -> str:
    scheme = request.id_scheme.get("dx", "UID")
    return {"CODE": item.code, "NAME": item.name}.get(scheme, item.output)


def _option_uids(request: Request) -> dict[str, str]:
    if request.category is None:
        return {}
    code = request.category.dimension.code
    return {f"{code}={o.code}": o.uid for o in request.category.options}


def _answer(
    request: Request,
    columns: list[str],
    cells: dict[tuple[str, ...], Decimal],
    places: dict[str, Place],
) -> dict[str, Any]:
    data_by_output = {i.output: i for i in request.data}
    option_uid = _option_uids(request)
    position = {
        "dx": {i.output: n for n, i in enumerate(request.data)},
        "pe": {p.id: n for n, p in enumerate(request.periods)},
    }

    def shown(dimension: str, raw: str) -> str:
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

    def sort_key(key: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(
            (position[_kind(d)].get(raw, 0), "") if _kind(d) in position else (0, raw)
            for d, raw in zip(columns, key, strict=True)
        )

    ordered = sorted(cells.items(), key=lambda kv: sort_key(kv[0]))
    if request.sort:
        ordered.sort(key=lambda kv: kv[1], reverse=request.sort == "DESC")
    rows = [
        [shown(d, raw) for d, raw in zip(columns, key, strict=True)]
        + [_format(value, request.skip_rounding)]
        for key, value in ordered
    ]
    headers = [_header(request, d) for d in columns] + [
        {
            "name": "value",
            "column": pgettext("DHIS2 analytics", "Value"),
            "valueType": "NUMBER",
            "type": "java.lang.Double",
            "hidden": False,
            "meta": False,
        }
    ]
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
    if _kind(dimension) == "category" and request.category is not None:
        category = request.category.dimension
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
    items: dict[str, dict[str, str]] = {}
    dimensions: dict[str, list[str]] = {"dx": [], "pe": [], "ou": [], "co": []}
    for dimension in ("dx", "pe", "ou"):
        items[dimension] = {"name": dimension_name(dimension)}
    for item in request.data:
        items[_data_id(request, item)] = {"name": item.name}
        dimensions["dx"].append(_data_id(request, item))
    for period in request.periods:
        items[period.id] = {"name": period_label(period)}
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
        items[_place_id(request, place)] = {"name": place.name}
    dimensions["ou"] = [_place_id(request, p) for p in shown_places]
    for level in request.levels:
        items[f"LEVEL-{level}"] = {"name": display(*_level_names(level))}
    if "co" in columns:
        items["co"] = {"name": dimension_name("co")}
        index = columns.index("co")
        known = combo_module.all_combos()
        for key in sorted({k[index] for k in cells}):
            uid = combo_module.combo_uid(key)
            combo = known.get(uid)
            name = display(combo.name_zh, combo.name_en) if combo else combo_module.DEFAULT_NAME
            items[uid] = {"name": name}
            dimensions["co"].append(uid)
    if request.category is not None:
        category = request.category.dimension
        items[category.uid] = {"name": display(category.name_zh, category.name_en)}
        dimensions[category.uid] = []
        for option in request.category.options:
            items[option.uid] = {"name": display(option.name_zh, option.name_en)}
            dimensions[category.uid].append(option.uid)
    return {"items": items, "dimensions": dimensions}


def _level_names(level: int) -> tuple[str, str]:
    label = Level(level).label
    with translation.override("zh-hans"):
        zh = str(label)
    with translation.override("en"):
        en = str(label)
    return zh, en
