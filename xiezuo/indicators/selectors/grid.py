"""The entry grid's view model: a data set's elements as rows, one cell per
disaggregation, with the previous period's value, the target, whether the
cell may be edited, and a value's history."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from xiezuo.language import period_label
from xiezuo.numbers import plain
from xiezuo.paging import Capped, capped
from xiezuo.periods import Period
from xiezuo.places.models import Place

from ..checking import ValueChecker
from ..combos import Combo, combos_of_element
from ..models import (
    DataElement,
    DataSet,
    DataValue,
    DataValueChange,
    Target,
    ValueType,
)
from ..sources import Source, owner_of
from .reports import Report, report_get

# --- the entry grid


@dataclass
class GridCell:
    element: DataElement
    key: str  # the disaggregation: "" or "poverty=poor"
    label: str  # the combination's name, "" for an element without dimensions
    value: str = ""  # as typed in the input
    previous: str = ""
    target: str = ""
    stored: bool = False  # a value is stored in the cell
    stored_by: str = ""
    changed: bool = False  # has a history of changes
    owner: Source | None = None  # the registry its figure is counted from
    locked: bool = False
    may_enter: bool = False

    @property
    def derived(self) -> bool:
        return self.owner is not None

    @property
    def editable(self) -> bool:
        return self.may_enter and not self.locked and not self.derived

    @property
    def dom_id(self) -> str:
        return cell_dom_id(self.element.code, self.key)

    @property
    def input_kind(self) -> str:
        """number, text or boolean: which input the cell gets."""
        if self.element.value_type == ValueType.TEXT:
            return "text"
        if self.element.value_type == ValueType.BOOLEAN:
            return "boolean"
        return "number"


def cell_dom_id(element_code: str, key: str) -> str:
    return f"cell-{element_code}--" + (key.replace("=", "-").replace(";", "--") or "total")


@dataclass
class HeaderCell:
    label: str
    colspan: int


@dataclass
class GridRow:
    element: DataElement
    cells: list[GridCell]


@dataclass
class GridSection:
    """Data elements broken down the same way share a header, as in a DHIS2 section form."""

    header_rows: list[list[HeaderCell]]
    rows: list[GridRow] = field(default_factory=list)


@dataclass
class Grid:
    report: Report
    sections: list[GridSection]
    previous_period: Period
    next_period: Period
    may_enter: bool

    @property
    def editable(self) -> bool:
        return self.may_enter and not self.report.locked

    @property
    def previous_label(self) -> str:
        return period_label(self.previous_period)

    @property
    def next_label(self) -> str:
        return period_label(self.next_period)


def _header(element: DataElement) -> list[list[HeaderCell]]:
    """One header row per dimension (sorted by code, as the combinations are)."""
    dimensions = sorted(element.dimensions.all(), key=lambda d: d.code)
    if not dimensions:
        return [[HeaderCell(_("Value"), 1)]]
    counts = [len(d.options.all()) for d in dimensions]
    rows = []
    for i, dimension in enumerate(dimensions):
        repeat = 1
        for count in counts[:i]:
            repeat *= count
        span = 1
        for count in counts[i + 1 :]:
            span *= count
        row = [HeaderCell(option.name, span) for option in dimension.options.all()] * repeat
        rows.append(row)
    return rows


def _elements(data_set: DataSet) -> list[DataElement]:
    return list(
        data_set.data_elements.prefetch_related("dimensions__options").order_by(
            "sort_order", "code"
        )
    )


def grid_build(
    *, data_set: DataSet, place: Place, period: Period, may_enter: bool, report: Report | None
) -> Grid:
    """The data set's elements as rows, one cell per disaggregation, with the
    previous period's value, the target, and whether each cell may be edited."""
    report = report or report_get(data_set, place, period)
    elements = _elements(data_set)
    previous = period.previous
    stored: dict[tuple[int, str, str], DataValue] = {
        (v.data_element_id, v.period, v.disaggregation): v
        for v in DataValue.objects.at(place)
        .filter(data_element__in=elements, period__in=[period.id, previous.id])
        .select_related("stored_by")
    }
    targets = {
        (t.data_element_id, t.disaggregation): t.value
        for t in Target.objects.filter(data_element__in=elements, place=place, period=period.id)
    }
    changed = set(
        DataValueChange.objects.at(place)
        .filter(data_element__in=elements, period=period.id)
        .values_list("data_element_id", "disaggregation")
        .distinct()
    )
    checker = ValueChecker() if not report.locked else None
    sections: dict[tuple[int, ...], GridSection] = {}
    for element in elements:
        signature = tuple(sorted(d.pk for d in element.dimensions.all()))
        section = sections.get(signature)
        if section is None:
            section = sections[signature] = GridSection(_header(element))
        # Values are locked by an approval of any data set holding the element.
        locked = report.locked or bool(checker and checker.locked(element, place.code, period))
        cells = []
        for combo in combos_of_element(element):
            current = stored.get((element.pk, period.id, combo.key))
            before = stored.get((element.pk, previous.id, combo.key))
            cells.append(
                GridCell(
                    element=element,
                    key=combo.key,
                    label=_combo_label(combo),
                    value=_typed(element, current),
                    previous=_display(element, before),
                    target=plain(targets.get((element.pk, combo.key))),
                    stored=current is not None,
                    stored_by=_stored_by(current),
                    changed=(element.pk, combo.key) in changed,
                    owner=owner_of(element.code),
                    locked=locked,
                    may_enter=may_enter,
                )
            )
        section.rows.append(GridRow(element, cells))
    return Grid(
        report=report,
        sections=list(sections.values()),
        previous_period=previous,
        next_period=period.shift(1),
        may_enter=may_enter,
    )


def grid_cell(
    *, element: DataElement, key: str, place: Place, period: Period, may_enter: bool
) -> GridCell:
    """One cell of the grid, as it stands now (after a save)."""
    previous = period.previous
    values = {
        v.period: v
        for v in DataValue.objects.at(place)
        .filter(data_element=element, period__in=[period.id, previous.id], disaggregation=key)
        .select_related("stored_by")
    }
    current = values.get(period.id)
    target = (
        Target.objects.filter(
            data_element=element, place=place, period=period.id, disaggregation=key
        )
        .values_list("value", flat=True)
        .first()
    )
    combo_label = next((_combo_label(c) for c in combos_of_element(element) if c.key == key), "")
    return GridCell(
        element=element,
        key=key,
        label=combo_label,
        value=_typed(element, current),
        previous=_display(element, values.get(previous.id)),
        target=plain(target),
        stored=current is not None,
        stored_by=_stored_by(current),
        changed=DataValueChange.objects.at(place)
        .filter(data_element=element, period=period.id, disaggregation=key)
        .exists(),
        owner=owner_of(element.code),
        locked=ValueChecker().locked(element, place.code, period),
        may_enter=may_enter,
    )


def _stored_by(value: DataValue | None) -> str:
    return value.stored_by.display_name if value is not None and value.stored_by else ""


def _combo_label(combo: Combo) -> str:
    if not combo.key:
        return ""
    return combo.name


def _typed(element: DataElement, value: DataValue | None) -> str:
    return element.typed(value.value, value.text) if value is not None else ""


def _display(element: DataElement, value: DataValue | None) -> str:
    return element.shown(value.value, value.text) if value is not None else ""


# --- a value's history


@dataclass
class ValueHistory:
    current: DataValue | None
    changes: Capped[DataValueChange]  # the latest 50
    owner: Source | None = None  # the registry the figure is counted from

    @property
    def current_shown(self) -> str:
        return plain(self.current.value, self.current.text) if self.current else ""


def value_history(*, element: DataElement, place: Place, period: Period, key: str) -> ValueHistory:
    """Who stored the value now in the cell, and every earlier change (who, when, old → new)."""
    cell = {"data_element": element, "period": period.id, "disaggregation": key}
    return ValueHistory(
        current=DataValue.objects.at(place).filter(**cell).select_related("stored_by").first(),
        changes=capped(
            DataValueChange.objects.at(place).filter(**cell).select_related("changed_by"), 50
        ),
        owner=owner_of(element.code),
    )
