"""The catalogue as DHIS2 metadata: data elements, data sets, indicators,
category combos and option combos, organisation unit levels — and the list
machinery (fields, filters, order, paging) every collection shares.

Names: `name` and `shortName` are the Chinese names (the source of truth),
`displayName` and `displayShortName` follow the request's language (the
`locale` parameter, else Accept-Language, else Chinese), and `translations`
carries the English, as DHIS2 does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Min
from django.utils import translation
from django.utils.translation import gettext as _

from xiezuo.indicators import combos as combo_module
from xiezuo.indicators import expressions
from xiezuo.indicators.models import (
    Aggregation,
    DataElement,
    DataSet,
    Dimension,
    Indicator,
    ValueType,
)
from xiezuo.language import pick
from xiezuo.places.models import Level, Place
from xiezuo.uids import stable_uid

from .fields import (
    DEFAULT_LIST_FIELDS,
    DEFAULT_OBJECT_FIELDS,
    Filter,
    Lazy,
    Order,
    Paging,
    Spec,
    check_unpaged,
    junction_of,
    matches,
    parse_fields,
    parse_filters,
    parse_order,
    parse_paging,
    render,
    search_filter,
    sort_records,
)

# DHIS2's "default" category combo, its one category and that category's one option
# (DefaultCategoryService.generateDefaultDimension)
DEFAULT_CATEGORY_COMBO_UID = "bjDvmb4bfuf"
DEFAULT_CATEGORY_UID = "GLevLNI9wkl"
DEFAULT_CATEGORY_OPTION_UID = "xYerKDKCefk"
# the time of what has no row of its own (the default category…) when nothing is loaded yet
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Xiezuo's value types as DHIS2 names them: DHIS2 has no money, so money is a NUMBER;
# whole numbers may not be negative here, which is DHIS2's INTEGER_ZERO_OR_POSITIVE.
VALUE_TYPES = {
    ValueType.INTEGER: "INTEGER_ZERO_OR_POSITIVE",
    ValueType.NUMBER: "NUMBER",
    ValueType.PERCENTAGE: "PERCENTAGE",
    ValueType.MONEY: "NUMBER",
    ValueType.TEXT: "TEXT",
    ValueType.BOOLEAN: "BOOLEAN",
}
AGGREGATION_TYPES = {
    Aggregation.SUM: "SUM",
    Aggregation.AVERAGE: "AVERAGE",
    Aggregation.LAST: "LAST",
}


def display(zh: str, en: str) -> str:
    return pick(zh, en or zh)


def translations(en: str, *properties: str) -> list[dict[str, str]]:
    if not en:
        return []
    return [{"property": p, "locale": "en", "value": en} for p in properties]


def _names(zh: str, en: str, *, form: bool = False) -> dict[str, Any]:
    names: dict[str, Any] = {
        "name": zh,
        "shortName": zh,
        "displayName": display(zh, en),
        "displayShortName": display(zh, en),
    }
    if form:
        names["formName"] = zh
        names["displayFormName"] = display(zh, en)
    properties = ("NAME", "SHORT_NAME", "FORM_NAME") if form else ("NAME", "SHORT_NAME")
    names["translations"] = translations(en, *properties)
    return names


def workflow_uid(data_set_uid: str) -> str:
    """The UID of a data set's approval workflow (DHIS2's dataApprovalWorkflow): each data
    set has its own, approved by the level above, so it is derived from the data set's."""
    return stable_uid("dataApprovalWorkflow", data_set_uid)


class Stamped(Protocol):
    created_at: datetime
    updated_at: datetime


def stamps(obj: Stamped) -> dict[str, datetime]:
    """DHIS2's `created` and `lastUpdated` of a row."""
    return {"created": obj.created_at, "lastUpdated": obj.updated_at}


def span(objects: Iterable[Stamped], default: datetime) -> dict[str, datetime]:
    """`created` and `lastUpdated` of something made of rows: since the first was created,
    changed when the last was."""
    objects = list(objects)
    if not objects:
        return {"created": default, "lastUpdated": default}
    return {
        "created": min(o.created_at for o in objects),
        "lastUpdated": max(o.updated_at for o in objects),
    }


def latest(*records: dict[str, Any]) -> datetime:
    return max(r["lastUpdated"] for r in records)


def category_combo_uid(dimension_codes: Sequence[str]) -> str:
    if not dimension_codes:
        return DEFAULT_CATEGORY_COMBO_UID
    return stable_uid("categoryCombo", ";".join(sorted(dimension_codes)))


class Catalogue:
    """The catalogue as linked DHIS2 records, read once per request (a few queries).

    `api` is the API's absolute base as the request used it ("http://host/api" or
    ".../api/40"): each record's `href` is under it, as DHIS2's LinkService writes them.
    """

    def __init__(self, api: str = "") -> None:
        self.api = api
        self.elements = list(
            DataElement.objects.prefetch_related("dimensions__options", "data_sets")
        )
        self.data_sets = list(DataSet.objects.prefetch_related("data_elements"))
        self.indicator_models = list(Indicator.objects.all())
        # what has no row of its own (the default category and combos) exists since the
        # catalogue was first loaded
        self.origin = min((o.created_at for o in [*self.elements, *self.data_sets]), default=EPOCH)
        self.category_combos: dict[tuple[str, ...], dict[str, Any]] = {}
        self.option_combos: dict[str, dict[str, Any]] = {}  # by UID
        self.categories: dict[str, dict[str, Any]] = {}  # by dimension code
        self.combo_of_element: dict[int, dict[str, Any]] = {}
        self._combos()
        # a dimension no element uses yet is a category all the same
        unused = Dimension.objects.exclude(code__in=self.categories).prefetch_related("options")
        for dimension in unused:
            self._category(dimension)
        self.data_element_records = {e.pk: self._element(e) for e in self.elements}
        self.data_set_records = {s.pk: self._data_set(s) for s in self.data_sets}
        self._link_data_sets()
        self.indicator_records = [self._indicator(i) for i in self.indicator_models]

    def href(self, collection: str, uid: str) -> str:
        return f"{self.api}/{collection}/{uid}"

    # --- categories
    def _category(self, dimension: Dimension) -> dict[str, Any]:
        if dimension.code not in self.categories:
            options = [
                {
                    "id": o.uid,
                    "code": o.code,
                    **stamps(o),
                    "href": self.href("categoryOptions", o.uid),
                    **_names(o.name_zh, o.name_en),
                }
                for o in dimension.options.all()
            ]
            self.categories[dimension.code] = {
                "id": dimension.uid,
                "code": dimension.code,
                "created": dimension.created_at,
                # a category changes with its options (DHIS2 keeps them in it)
                "lastUpdated": max(
                    [dimension.updated_at, *(o.updated_at for o in dimension.options.all())]
                ),
                "href": self.href("categories", dimension.uid),
                **_names(dimension.name_zh, dimension.name_en),
                "dataDimensionType": "DISAGGREGATION",
                "dataDimension": True,
                "categoryOptions": options,
            }
        return self.categories[dimension.code]

    def _default_category(self) -> dict[str, Any]:
        """DHIS2's default category ("default", not a data dimension) and its one option."""
        times = {"created": self.origin, "lastUpdated": self.origin}
        default = combo_module.DEFAULT_NAME
        option = {
            "id": DEFAULT_CATEGORY_OPTION_UID,
            "code": default,
            **times,
            "href": self.href("categoryOptions", DEFAULT_CATEGORY_OPTION_UID),
            **_names(default, default),
        }
        return {
            "id": DEFAULT_CATEGORY_UID,
            "code": default,
            **times,
            "href": self.href("categories", DEFAULT_CATEGORY_UID),
            **_names(default, default),
            "dataDimensionType": "DISAGGREGATION",
            "dataDimension": False,
            "categoryOptions": [option],
        }

    def _combos(self) -> None:
        self.categories[""] = self._default_category()  # no dimension has an empty code
        default = self._category_combo([])
        self.category_combos[()] = default
        for element in self.elements:
            dimensions = sorted(element.dimensions.all(), key=lambda d: d.code)
            signature = tuple(d.code for d in dimensions)
            if signature not in self.category_combos:
                self.category_combos[signature] = self._category_combo(dimensions)
            self.combo_of_element[element.pk] = self.category_combos[signature]

    def _category_combo(self, dimensions: list[Dimension]) -> dict[str, Any]:
        codes = [d.code for d in dimensions]
        zh = "，".join(d.name_zh for d in dimensions) or combo_module.DEFAULT_NAME
        en = ", ".join(d.name_en for d in dimensions) or combo_module.DEFAULT_NAME
        categories = [self._category(d) for d in dimensions] or [self.categories[""]]
        uid = category_combo_uid(codes)
        record: dict[str, Any] = {
            "id": uid,
            "code": ";".join(codes) or combo_module.DEFAULT_NAME,
            "created": min(c["created"] for c in categories),
            "lastUpdated": latest(*categories),
            "href": self.href("categoryCombos", uid),
            **_names(zh, en),
            "dataDimensionType": "DISAGGREGATION",
            "isDefault": not codes,
            "categories": categories,
            "categoryOptionCombos": [],
        }
        options_by_code = {d.code: {o.code: o for o in d.options.all()} for d in dimensions}
        for combo in combo_module.combos_of_dimensions(dimensions):
            pairs = expressions.parse_key(combo.key)
            options = [options_by_code[d][o] for d, o in pairs.items()]
            option_combo = {
                "id": combo.uid,
                "code": combo.code,
                # made when its last option was, changed when one of its options was
                "created": max((o.created_at for o in options), default=self.origin),
                "lastUpdated": max((o.updated_at for o in options), default=self.origin),
                "href": self.href("categoryOptionCombos", combo.uid),
                **_names(combo.name_zh, combo.name_en),
                "ignoreApproval": False,
                "categoryCombo": record,
                "categoryOptions": [{"id": o.uid} for o in options]
                or [{"id": DEFAULT_CATEGORY_OPTION_UID}],
            }
            record["categoryOptionCombos"].append(option_combo)
            self.option_combos[combo.uid] = option_combo
        return record

    # --- data elements and sets
    def _element(self, element: DataElement) -> dict[str, Any]:
        return {
            "id": element.uid,
            "code": element.code,
            **stamps(element),
            "href": self.href("dataElements", element.uid),
            **_names(element.name_zh, element.name_en, form=True),
            "description": element.description,
            "valueType": VALUE_TYPES.get(ValueType(element.value_type), "NUMBER"),
            "aggregationType": AGGREGATION_TYPES.get(Aggregation(element.aggregation), "SUM"),
            "domainType": "AGGREGATE",
            # a zero is kept, as this programme means it ("no job fair this month" is a
            # figure, not a missing one): said so, as DHIS2 would keep it then
            "zeroIsSignificant": True,
            "categoryCombo": self.combo_of_element[element.pk],
            "dataSetElements": [],
        }

    def _data_set(self, data_set: DataSet) -> dict[str, Any]:
        return {
            "id": data_set.uid,
            "code": data_set.code,
            **stamps(data_set),
            "href": self.href("dataSets", data_set.uid),
            **_names(data_set.name_zh, data_set.name_en),
            "periodType": data_set.period_type,
            "categoryCombo": self.category_combos[()],
            "workflow": {"id": workflow_uid(data_set.uid)},
            "dataSetElements": [],
            "organisationUnits": Lazy(lambda: _place_references(data_set, self.api)),
        }

    def _link_data_sets(self) -> None:
        for data_set in self.data_sets:
            set_record = self.data_set_records[data_set.pk]
            for element in sorted(data_set.data_elements.all(), key=lambda e: e.sort_order):
                element_record = self.data_element_records[element.pk]
                link = {"dataSet": set_record, "dataElement": element_record}
                set_record["dataSetElements"].append(link)
                element_record["dataSetElements"].append(link)

    # --- indicators
    def dhis2_expression(self, text: str) -> str:
        """An expression of Xiezuo's (an indicator's side, a validation rule's) in DHIS2's."""
        return self._expression(text)

    def _expression(self, text: str) -> str:
        """Xiezuo's `a + b[dim=opt]` in DHIS2's `#{uid}+#{uid.cocUid}` syntax."""
        if expressions.is_constant(text):
            return text
        by_code = {e.code: e for e in self.elements}
        parts = []
        try:
            terms = expressions.parse_expression(text)
        except ValueError:
            return text
        for term in terms:
            element = by_code.get(term.element)
            if element is None:
                return text
            if not term.wanted:
                parts.append(f"#{{{element.uid}}}")
                continue
            matching = [
                c
                for c in self.combo_of_element[element.pk]["categoryOptionCombos"]
                if expressions.matches(
                    "" if c["code"] == combo_module.DEFAULT_NAME else c["code"], term.wanted
                )
            ]
            operands = [f"#{{{element.uid}.{c['id']}}}" for c in matching]
            parts.append(operands[0] if len(operands) == 1 else "(" + "+".join(operands) + ")")
        return "+".join(parts)

    def _indicator(self, indicator: Indicator) -> dict[str, Any]:
        factor = _factor(indicator)
        factor_number: int | float = int(factor) if factor == int(factor) else float(factor)
        type_en = "Per cent" if factor == 100 else f"Factor {factor_number}"
        type_zh = "百分比" if factor == 100 else f"系数 {factor_number}"
        type_uid = stable_uid("indicatorType", str(factor_number))
        # an indicator type is its factor: there since the first indicator with it
        sharing = [i for i in self.indicator_models if _factor(i) == factor]
        return {
            "id": indicator.uid,
            "code": indicator.code,
            **stamps(indicator),
            "href": self.href("indicators", indicator.uid),
            **_names(indicator.name_zh, indicator.name_en),
            "description": indicator.description,
            "numerator": self._expression(indicator.numerator),
            "denominator": self._expression(indicator.denominator or "1"),
            "numeratorDescription": indicator.numerator,
            "denominatorDescription": indicator.denominator,
            "annualized": False,
            "indicatorType": {
                "id": type_uid,
                "code": str(factor_number),
                **span(sharing, self.origin),
                "href": self.href("indicatorTypes", type_uid),
                **_names(type_zh, type_en),
                "factor": factor_number,
                "number": factor == 1,
            },
        }

    # --- the collections
    def data_elements(self) -> list[dict[str, Any]]:
        return list(self.data_element_records.values())

    def data_sets_list(self) -> list[dict[str, Any]]:
        return list(self.data_set_records.values())

    def indicators(self) -> list[dict[str, Any]]:
        return self.indicator_records

    def category_combo_list(self) -> list[dict[str, Any]]:
        return list(self.category_combos.values())

    def option_combo_list(self) -> list[dict[str, Any]]:
        return list(self.option_combos.values())

    def category_list(self) -> list[dict[str, Any]]:
        return list(self.categories.values())


def _factor(indicator: Indicator) -> Decimal:
    return indicator.factor.normalize() if isinstance(indicator.factor, Decimal) else Decimal(1)


def _place_references(data_set: DataSet, api: str) -> list[dict[str, Any]]:
    return [
        {
            "id": uid,
            "code": code,
            "created": created,
            "lastUpdated": updated,
            "href": f"{api}/organisationUnits/{uid}",
            "name": name,
            "displayName": name,
            "level": level,
        }
        for uid, code, created, updated, name, level in data_set.places.order_by(
            "code"
        ).values_list("uid", "code", "created_at", "updated_at", "name", "level")
    ]


def organisation_unit_levels(api: str = "") -> list[dict[str, Any]]:
    # the levels are fixed: there since the first places were loaded
    origin = Place.objects.aggregate(first=Min("created_at"))["first"] or EPOCH
    levels = []
    for level in Level:
        uid = stable_uid("organisationUnitLevel", str(level.value))
        with translation.override("zh-hans"):
            zh = str(level.label)
        with translation.override("en"):
            en = str(level.label)
        levels.append(
            {
                "id": uid,
                "code": str(level.value),
                "created": origin,
                "lastUpdated": origin,
                "href": f"{api}/organisationUnitLevels/{uid}",
                "level": level.value,
                **_names(zh, en),
                "offlineLevels": None,
            }
        )
    return levels


# --- lists and single objects


class Params(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[str]: ...


@dataclass
class ListQuery:
    """What DHIS2 clients send with a list: fields, filter, rootJunction, order, paging, query."""

    spec: Spec
    filters: list[Filter]
    junction: str
    orders: list[Order]
    paging: Paging

    @classmethod
    def from_params(cls, params: Params, *, default_fields: str = DEFAULT_LIST_FIELDS) -> ListQuery:
        filters = parse_filters(params.getlist("filter"))
        search = search_filter(params.get("query"))
        if search is not None:
            filters.append(search)
        return cls(
            spec=parse_fields(params.getlist("fields"), default=default_fields),
            filters=filters,
            junction=junction_of(params.get("rootJunction")),
            orders=parse_order(params.getlist("order")),
            paging=parse_paging(params.get("paging"), params.get("page"), params.get("pageSize")),
        )


PageUrl = Callable[[int], str]

# Properties a list is filtered by that are paths through the record's own: a data element's
# data sets (DHIS2's DataElement.getDataSets, derived from its dataSetElements) and the
# organisation units that report it through them.
FILTER_PATHS: dict[str, dict[str, tuple[str, ...]]] = {
    "dataElements": {
        "dataSets": ("dataSetElements", "dataSet"),
        "organisationUnits": ("dataSetElements", "dataSet", "organisationUnits"),
    },
}


def _through(collection: str, flt: Filter) -> Filter:
    prefix = FILTER_PATHS.get(collection, {}).get(flt.path[0])
    if prefix is None:
        return flt
    return Filter((*prefix, *flt.path[1:]), flt.operator, flt.value)


def list_body(
    collection: str,
    records: list[dict[str, Any]],
    query: ListQuery,
    page_url: PageUrl,
) -> dict[str, Any]:
    """`{"pager": {…}, collection: [...]}` (no pager with paging=false)."""
    filters = [_through(collection, f) for f in query.filters]
    chosen = [r for r in records if matches(r, filters, query.junction)]
    if query.orders:
        chosen = sort_records(chosen, query.orders)
    check_unpaged(query.paging, query.spec, len(chosen))
    body: dict[str, Any] = {}
    if query.paging.enabled:
        paging = query.paging
        body["pager"] = paging.pager(
            len(chosen), page_url(paging.page + 1), page_url(paging.page - 1)
        )
        chosen = chosen[paging.offset : paging.offset + paging.page_size]
    body[collection] = [render(r, query.spec) for r in chosen]
    return body


def object_body(record: dict[str, Any], params: Params) -> dict[str, Any]:
    return render(record, parse_fields(params.getlist("fields"), default=DEFAULT_OBJECT_FIELDS))


def find(records: list[dict[str, Any]], identifier: str) -> dict[str, Any] | None:
    """A record by UID or by code."""
    for record in records:
        if record.get("id") == identifier:
            return record
    for record in records:
        if record.get("code") == identifier:
            return record
    return None


def not_found_message(kind: str, identifier: str) -> str:
    return _("%(kind)s with id %(id)s could not be found.") % {"kind": kind, "id": identifier}


def scope_places(user: Any) -> list[Place]:
    return list(user.scope_places.order_by("code"))
