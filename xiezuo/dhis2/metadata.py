"""The catalogue as DHIS2 metadata: data elements, data sets, indicators,
category combos and option combos, organisation unit levels — and the list
machinery (fields, filters, order, paging) every collection shares.

Names: `name` and `shortName` are the Chinese names (the source of truth),
`displayName` and `displayShortName` follow the request's language (the
`locale` parameter, else Accept-Language, else Chinese), and `translations`
carries the English, as DHIS2 does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

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

DEFAULT_CATEGORY_COMBO_UID = "bjDvmb4bfuf"  # DHIS2's "default" category combo

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


def category_combo_uid(dimension_codes: Sequence[str]) -> str:
    if not dimension_codes:
        return DEFAULT_CATEGORY_COMBO_UID
    return stable_uid("categoryCombo", ";".join(sorted(dimension_codes)))


class Catalogue:
    """The catalogue as linked DHIS2 records, read once per request (a few queries)."""

    def __init__(self) -> None:
        self.elements = list(
            DataElement.objects.prefetch_related("dimensions__options", "data_sets")
        )
        self.data_sets = list(DataSet.objects.prefetch_related("data_elements"))
        self.indicator_models = list(Indicator.objects.all())
        self.category_combos: dict[tuple[str, ...], dict[str, Any]] = {}
        self.option_combos: dict[str, dict[str, Any]] = {}  # by UID
        self.categories: dict[str, dict[str, Any]] = {}  # by dimension code
        self.combo_of_element: dict[int, dict[str, Any]] = {}
        self._combos()
        self.data_element_records = {e.pk: self._element(e) for e in self.elements}
        self.data_set_records = {s.pk: self._data_set(s) for s in self.data_sets}
        self._link_data_sets()
        self.indicator_records = [self._indicator(i) for i in self.indicator_models]

    # --- categories
    def _category(self, dimension: Dimension) -> dict[str, Any]:
        if dimension.code not in self.categories:
            options = [
                {"id": o.uid, "code": o.code, **_names(o.name_zh, o.name_en)}
                for o in dimension.options.all()
            ]
            self.categories[dimension.code] = {
                "id": dimension.uid,
                "code": dimension.code,
                **_names(dimension.name_zh, dimension.name_en),
                "dataDimensionType": "DISAGGREGATION",
                "dataDimension": True,
                "categoryOptions": options,
            }
        return self.categories[dimension.code]

    def _combos(self) -> None:
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
        record: dict[str, Any] = {
            "id": category_combo_uid(codes),
            "code": ";".join(codes) or combo_module.DEFAULT_NAME,
            **_names(zh, en),
            "dataDimensionType": "DISAGGREGATION",
            "isDefault": not codes,
            "categories": [self._category(d) for d in dimensions],
            "categoryOptionCombos": [],
        }
        options_by_code = {d.code: {o.code: o.uid for o in d.options.all()} for d in dimensions}
        for combo in combo_module.combos_of_dimensions(dimensions):
            pairs = expressions.parse_key(combo.key)
            option_combo = {
                "id": combo.uid,
                "code": combo.code,
                **_names(combo.name_zh, combo.name_en),
                "ignoreApproval": False,
                "categoryCombo": record,
                "categoryOptions": [{"id": options_by_code[d][o]} for d, o in pairs.items()],
            }
            record["categoryOptionCombos"].append(option_combo)
            self.option_combos[combo.uid] = option_combo
        return record

    # --- data elements and sets
    def _element(self, element: DataElement) -> dict[str, Any]:
        return {
            "id": element.uid,
            "code": element.code,
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
            **_names(data_set.name_zh, data_set.name_en),
            "periodType": data_set.period_type,
            "categoryCombo": self.category_combos[()],
            "workflow": {"id": workflow_uid(data_set.uid)},
            "dataSetElements": [],
            "organisationUnits": Lazy(lambda: _place_references(data_set)),
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
        factor = indicator.factor.normalize() if isinstance(indicator.factor, Decimal) else 1
        factor_number: int | float = int(factor) if factor == int(factor) else float(factor)
        type_en = "Per cent" if factor == 100 else f"Factor {factor_number}"
        type_zh = "百分比" if factor == 100 else f"系数 {factor_number}"
        return {
            "id": indicator.uid,
            "code": indicator.code,
            **_names(indicator.name_zh, indicator.name_en),
            "description": indicator.description,
            "numerator": self._expression(indicator.numerator),
            "denominator": self._expression(indicator.denominator or "1"),
            "numeratorDescription": indicator.numerator,
            "denominatorDescription": indicator.denominator,
            "annualized": False,
            "indicatorType": {
                "id": stable_uid("indicatorType", str(factor_number)),
                "code": str(factor_number),
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


def _place_references(data_set: DataSet) -> list[dict[str, Any]]:
    return [
        {"id": uid, "code": code, "name": name, "displayName": name, "level": level}
        for uid, code, name, level in data_set.places.order_by("code").values_list(
            "uid", "code", "name", "level"
        )
    ]


def organisation_unit_levels() -> list[dict[str, Any]]:
    levels = []
    for level in Level:
        with translation.override("zh-hans"):
            zh = str(level.label)
        with translation.override("en"):
            en = str(level.label)
        levels.append(
            {
                "id": stable_uid("organisationUnitLevel", str(level.value)),
                "code": str(level.value),
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


def list_body(
    collection: str,
    records: list[dict[str, Any]],
    query: ListQuery,
    page_url: PageUrl,
) -> dict[str, Any]:
    """`{"pager": {…}, collection: [...]}` (no pager with paging=false)."""
    chosen = [r for r in records if matches(r, query.filters, query.junction)]
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
