"""Exporting data values: DHIS2 dataValueSets JSON, CSV and XML, ADX, and the Excel template.

An export is a selection — data sets, places (each alone or with its
subtree), periods and/or values changed since a moment — read from the
database in chunks and written out as it is read, so that a large export is
streamed rather than built in memory. With `include_deleted`, a syncing client
also learns which values were deleted (from the values' history).
Every place asked for must be in the user's scope for "data.view"; the Excel
template can also be had empty, one row per place × period × data element ×
disaggregation waiting for its value.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from django.db.models import Q
from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.dates import dhis2_timestamp
from xiezuo.language import period_label
from xiezuo.periods import Period
from xiezuo.places import codes
from xiezuo.places.models import Place
from xiezuo.spreadsheets import append_row, cells

from . import combos, sources
from .imports import template
from .imports.readers import ADX_NS
from .models import (
    DataElement,
    DataSet,
    DataValue,
    DataValueChange,
    ValueType,
    provinces_named,
)

CHUNK = 5_000
CSV_HEADER = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
    "deleted",
]
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "application/csv; charset=utf-8",
    "adx": "application/adx+xml",
    "xml": "application/xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Selection:
    data_set: DataSet
    places: Sequence[Place]
    periods: Sequence[Period]  # empty: every period (only with `since`)
    children: bool = False  # each place with its whole subtree
    id_scheme: str = "UID"  # UID or CODE, for data elements, places and combos
    more_data_sets: Sequence[DataSet] = ()  # the values of their elements too, each once
    since: datetime | None = None  # only values changed (or deleted) since
    include_deleted: bool = False  # and the cells whose value was deleted, marked deleted

    @property
    def data_sets(self) -> list[DataSet]:
        return [self.data_set, *self.more_data_sets]

    def of_one(self, data_set: DataSet, **changes: Any) -> Selection:
        """The same selection of one data set (ADX's groups, the Excel template)."""
        return dataclasses.replace(self, data_set=data_set, more_data_sets=(), **changes)


def periods_within(start: date, end: date) -> list[Period]:
    """Every period, of every type, that lies within the days start to end, as DHIS2 selects
    an export's periods by startDate and endDate."""
    found: list[Period] = []
    for period_type in periods.PeriodType:
        first, last = periods.of_date(start, period_type), periods.of_date(end, period_type)
        if first.start_date < start:
            first = first.shift(1)
        if last.end_date > end:
            last = last.shift(-1)
        if first.start <= last.start:
            found += periods.between(first, last, period_type)
    return found


def selection_require(user: Any, selection: Selection) -> None:
    """PermissionDenied unless every place asked for is in the user's scope for "data.view"."""
    for place in selection.places:
        policy.require(user, "data.view", place)


def _elements(data_set: DataSet) -> list[DataElement]:
    return list(
        data_set.data_elements.prefetch_related("dimensions__options").order_by(
            "sort_order", "code"
        )
    )


def _elements_of(selection: Selection) -> dict[int, DataElement]:
    """The elements of every data set of the selection, each once."""
    return {
        element.pk: element
        for element in DataElement.objects.filter(data_sets__in=selection.data_sets).distinct()
    }


@dataclass(frozen=True)
class Row:
    element: str
    period: str
    place: str
    combo: str
    disaggregation: str
    value: str
    stored_by: str
    updated: str
    comment: str
    created: str = ""
    deleted: bool = False


def _places_where(selection: Selection, code_field: str, id_field: str) -> Q:
    """The selection's places (and their subtrees with `children`), naming their provinces
    (the values and their history carry them: DataValue.province)."""
    provinces = provinces_named(place.code for place in selection.places)
    where = Q()
    for place in selection.places:
        if selection.children:
            lo, hi = codes.subtree_range(place.code)
            where |= Q(**{f"{code_field}__gte": lo, f"{code_field}__lt": hi})
        else:
            where |= Q(**{id_field: place.pk})
    return where if provinces is None else where & Q(province__in=provinces)


def rows(selection: Selection) -> Iterator[Row]:
    """The stored values of the selection, place by place, period by period; then, with
    `include_deleted`, the deleted ones."""
    yield from _stored_rows(selection)
    if selection.include_deleted:
        yield from deleted_rows(selection)


def _stored_rows(selection: Selection) -> Iterator[Row]:
    elements = _elements_of(selection)
    by_code = selection.id_scheme == "CODE"
    if not selection.places or not elements:
        return
    if not selection.periods and selection.since is None:
        return
    query = DataValue.objects.filter(
        _places_where(selection, "place_code", "place_id"), data_element_id__in=list(elements)
    )
    if selection.periods:
        query = query.filter(period__in=[p.id for p in selection.periods])
    if selection.since is not None:
        query = query.filter(updated_at__gte=selection.since)
    listed = query.order_by(
        "place_code", "start_month", "data_element_id", "disaggregation"
    ).values_list(
        "data_element_id",
        "period",
        "place_code",
        "place__uid",
        "disaggregation",
        "value",
        "text",
        "comment",
        "stored_by_name",
        "stored_by__username",
        "source",
        "created_at",
        "updated_at",
    )
    stored = listed.iterator(chunk_size=CHUNK)
    for (element_id, period, code, uid, key, value, text, comment, named, who, source, created,
         updated) in stored:  # fmt: skip
        element = elements[element_id]
        yield Row(
            element=element.code if by_code else element.uid,
            period=period,
            place=code if by_code else uid,
            combo=(key or combos.DEFAULT_NAME) if by_code else combos.combo_uid(key),
            disaggregation=key,
            value=element.typed(value, text),
            # a registry's figure is stored by no one: its source says where it comes from
            stored_by=named or who or (source if source.startswith(sources.DERIVED) else ""),
            updated=dhis2_timestamp(updated) if updated else "",
            comment=comment,
            created=dhis2_timestamp(created) if created else "",
        )


def deleted_rows(selection: Selection) -> Iterator[Row]:
    """The cells of the selection that have no value now and whose last change deleted it
    (DataValueChange keeps every delete): each with its last value, marked deleted,
    lastUpdated the moment it was deleted."""
    elements = _elements_of(selection)
    if not selection.places or not elements:
        return
    if not selection.periods and selection.since is None:
        return
    changes = DataValueChange.objects.filter(
        _places_where(selection, "place__code", "place_id"),
        data_element_id__in=list(elements),
        action=DataValueChange.Action.DELETE,
    )
    if selection.periods:
        changes = changes.filter(period__in=[p.id for p in selection.periods])
    if selection.since is not None:
        changes = changes.filter(changed_at__gte=selection.since)
    latest: dict[tuple[int, int, str, str], tuple[Any, ...]] = {}
    for change in changes.order_by("changed_at", "id").values_list(
        "data_element_id",
        "place_id",
        "period",
        "disaggregation",
        "place__code",
        "place__uid",
        "old_value",
        "changed_by__username",
        "changed_at",
    ):
        latest[change[:4]] = change[4:]
    if not latest:
        return
    # a cell whose value was entered again after its delete has a value now
    cells = list(latest)
    place_ids = sorted({cell[1] for cell in cells})
    stored = DataValue.objects.in_provinces(change[0] for change in latest.values())
    for start in range(0, len(place_ids), 500):
        for cell in stored.filter(
            data_element_id__in={cell[0] for cell in cells},
            place_id__in=place_ids[start : start + 500],
            period__in={cell[2] for cell in cells},
        ).values_list("data_element_id", "place_id", "period", "disaggregation"):
            latest.pop(cell, None)
    by_code = selection.id_scheme == "CODE"
    ordered = sorted(latest.items(), key=lambda item: (item[1][0], item[0][2], item[0][0]))
    for (element_id, _place, period, key), (code, uid, old, who, when) in ordered:
        element = elements[element_id]
        moment = dhis2_timestamp(when)
        yield Row(
            element=element.code if by_code else element.uid,
            period=period,
            place=code if by_code else uid,
            combo=(key or combos.DEFAULT_NAME) if by_code else combos.combo_uid(key),
            disaggregation=key,
            value=_old_typed(element, old),
            stored_by=who or "",
            updated=moment,
            comment="",
            created=moment,  # when it was first stored is not kept once it is deleted
            deleted=True,
        )


def _old_typed(element: DataElement, old: str) -> str:
    """A value the history keeps as text (`plain`), as it is exchanged."""
    if element.value_type == ValueType.BOOLEAN and old in ("0", "1"):
        return "true" if old == "1" else "false"
    return old


# --- JSON, CSV, ADX: streamed in pieces
def json_chunks(selection: Selection) -> Iterator[str]:
    data_set = selection.data_set
    if selection.more_data_sets:
        yield '{"dataValues": ['  # as DHIS2: a set's own fields only when it is one data set
    else:
        yield (
            json.dumps(
                {"dataSet": data_set.code if selection.id_scheme == "CODE" else data_set.uid},
                ensure_ascii=False,
            )[:-1]
            + ', "dataValues": ['
        )
    first = True
    for row in rows(selection):
        item = {
            "dataElement": row.element,
            "period": row.period,
            "orgUnit": row.place,
            "categoryOptionCombo": row.combo,
            "attributeOptionCombo": combos.DEFAULT_NAME
            if selection.id_scheme == "CODE"
            else combos.DEFAULT_UID,
            "value": row.value,
            "storedBy": row.stored_by,
            "created": row.created,
            "lastUpdated": row.updated,
            "comment": row.comment,
            "followup": False,
        }
        if row.deleted:
            item["deleted"] = True  # as DHIS2: only on a deleted value
        yield ("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]}\n"


class _Line:
    """A file-like that hands back what csv.writer wrote."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text = text


def csv_chunks(selection: Selection) -> Iterator[str]:
    """/api/dataValueSets.csv: a CSV for machines (DHIS2 clients, scripts), written byte for
    byte as DHIS2 writes it: a comment beginning with “=” is not escaped here, as it is in a
    CSV meant for people (`spreadsheets.csv_text`, the pivot table's CSV)."""
    line = _Line()
    writer = csv.writer(line)
    writer.writerow(CSV_HEADER)
    yield line.text
    attribute = combos.DEFAULT_NAME if selection.id_scheme == "CODE" else combos.DEFAULT_UID
    for row in rows(selection):
        writer.writerow(
            [
                row.element,
                row.period,
                row.place,
                row.combo,
                attribute,
                row.value,
                row.stored_by,
                row.updated,
                row.comment,
                "false",
                # DHIS2 writes its Boolean as it is: true, or null for a value not deleted
                "true" if row.deleted else "null",
            ]
        )
        yield line.text


def xml_chunks(selection: Selection) -> Iterator[str]:
    """DHIS2's dataValueSet XML (DXF 2), attributes as DHIS2 writes them."""
    by_code = selection.id_scheme == "CODE"
    head = ""
    if not selection.more_data_sets:
        head = f" dataSet={quoteattr(_id(selection.data_set, by_code))}"
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0"{head}>\n'
    )
    attribute = combos.DEFAULT_NAME if by_code else combos.DEFAULT_UID
    for row in rows(selection):
        pairs = [
            ("dataElement", row.element),
            ("period", row.period),
            ("orgUnit", row.place),
            ("categoryOptionCombo", row.combo),
            ("attributeOptionCombo", attribute),
            ("value", row.value),
            ("storedBy", row.stored_by),
            ("created", row.created),
            ("lastUpdated", row.updated),
            ("comment", row.comment),
            ("followUp", "false"),
            ("deleted", "true" if row.deleted else ""),
        ]
        written = "".join(f" {name}={quoteattr(value)}" for name, value in pairs if value)
        yield f"<dataValue{written}/>\n"
    yield "</dataValueSet>\n"


def _id(data_set: DataSet, by_code: bool) -> str:
    return data_set.code if by_code else data_set.uid


_ADX_DURATION = {"Monthly": "P1M", "Quarterly": "P3M", "SixMonthly": "P6M", "Yearly": "P1Y"}


def adx_period(period_id: str) -> str:
    period = periods.parse(period_id)
    return f"{period.start_date.isoformat()}/{_ADX_DURATION[period.type.dhis2_name]}"


def adx_chunks(selection: Selection) -> Iterator[str]:
    """ADX: a group per data set, place and period (as DHIS2 writes them, a value of an element
    in two data sets is in each one's group); disaggregations as attributes (dimension codes).
    ADX has no mark for a deleted value: deleted values are not written."""
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<adx xmlns="{ADX_NS}" '
        f'exported="{timezone.now().isoformat(timespec="seconds")}">\n'
    )
    for data_set in selection.data_sets:
        yield from _adx_groups(selection.of_one(data_set, include_deleted=False))
    yield "</adx>\n"


def _adx_groups(selection: Selection) -> Iterator[str]:
    data_set = selection.data_set
    group: tuple[str, str] | None = None
    set_id = data_set.code if selection.id_scheme == "CODE" else data_set.uid
    for row in rows(selection):
        if group != (row.place, row.period):
            if group is not None:
                yield "</group>\n"
            group = (row.place, row.period)
            yield (
                f"<group dataSet={quoteattr(set_id)} orgUnit={quoteattr(row.place)} "
                f"period={quoteattr(adx_period(row.period))}>\n"
            )
        pairs = "".join(
            f" {dimension}={quoteattr(option)}"
            for dimension, option in sorted(_pairs(row.disaggregation).items())
        )
        annotation = f"<annotation>{_escape(row.comment)}</annotation>" if row.comment else ""
        yield (
            f"<dataValue dataElement={quoteattr(row.element)}{pairs} "
            f"value={quoteattr(row.value)}>{annotation}</dataValue>\n"
        )
    if group is not None:
        yield "</group>\n"


def _pairs(key: str) -> dict[str, str]:
    from .expressions import parse_key

    return parse_key(key)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- Excel
def template_places(data_set: DataSet, place: Place | None) -> list[Place]:
    """The places an empty template is for: the chosen place's children, else the data set's."""
    if place is not None:
        children = list(place.children.order_by("code"))
        return children or [place]
    return list(data_set.places.order_by("code"))


def xlsx_file(selection: Selection, *, empty: bool = False) -> IO[bytes]:
    """The Excel template of the selection, filled with the stored values unless `empty`.

    Every place × period × data element × disaggregation has a row; with
    `children` the places are those under each place asked for (one level
    down, as a county fills in for its townships). Elements a registry owns
    are not entered, so they are not on the first sheet (the one imported):
    a second sheet shows their figures and the registry they come from.
    """
    from openpyxl import Workbook

    data_set = selection.data_set
    elements = _elements(data_set)
    entered = [e for e in elements if sources.owner_of(e.code) is None]
    owned = [e for e in elements if sources.owner_of(e.code) is not None]
    dimensions: dict[str, str] = {}
    for element in entered:
        for dimension in element.dimensions.all():
            dimensions[dimension.code] = dimension.name
    dimension_codes = sorted(dimensions)
    stored: dict[tuple[str, str, str, str], tuple[str, str]] = {}
    if not empty or owned:
        for row in rows(selection.of_one(data_set, id_scheme="CODE", include_deleted=False)):
            if empty and sources.owner_of(row.element) is None:
                continue
            stored[(row.place, row.period, row.element, row.disaggregation)] = (
                row.value,
                row.comment,
            )
    places = _sheet_places(selection)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=data_set.code[:31])
    sheet.freeze_panes = "A2"
    append_row(
        sheet, _header_cells(sheet, template.header([(c, dimensions[c]) for c in dimension_codes]))
    )
    for place, period, element, combo in _cells(places, selection.periods, entered):
        value, comment = stored.get((place.code, period.id, element.code, combo.key), ("", ""))
        names = _option_names(element, combo.key)
        append_row(
            sheet,
            [place.code, place.name, period.id, period_label(period), element.code, element.name]
            + [names.get(code, "") for code in dimension_codes]
            + [_number(value), comment],
        )
    widths = [14, 24, 10, 14, 26, 30] + [14] * len(dimension_codes) + [14, 24]
    for position, width in enumerate(widths):
        sheet.column_dimensions[_column(position)].width = width
    if owned:
        _registry_sheet(workbook, places, selection.periods, owned, stored)
    target = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the response, which closes it)
    workbook.save(target)
    target.seek(0)
    return target


def _header_cells(sheet: Any, texts: list[str]) -> list[Any]:
    from openpyxl.styles import PatternFill

    head = cells(sheet, texts, bold=True)
    for cell in head:
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    return head


def _cells(
    places: list[Place], chosen: Sequence[Period], elements: list[DataElement]
) -> Iterator[tuple[Place, Period, DataElement, combos.Combo]]:
    for place in places:
        for period in chosen:
            for element in elements:
                for combo in combos.combos_of_element(element):
                    yield place, period, element, combo


def _option_names(element: DataElement, key: str) -> dict[str, str]:
    """Dimension code -> the name of the option the disaggregation chooses."""
    pairs = _pairs(key)
    return {
        d.code: next((o.name for o in d.options.all() if o.code == pairs.get(d.code)), "")
        for d in element.dimensions.all()
    }


def _registry_sheet(
    workbook: Any,
    places: list[Place],
    chosen: Sequence[Period],
    owned: list[DataElement],
    stored: dict[tuple[str, str, str, str], tuple[str, str]],
) -> None:
    """The figures of elements a registry owns: shown, not entered (the import reads the
    first sheet only)."""
    sheet = workbook.create_sheet(title=str(_("From registries"))[:31])
    sheet.freeze_panes = "A2"
    texts = [
        *template.cell_header(),
        _("Disaggregation"),
        f"{_('Value')} (value)",
        _("Where the figure comes from"),
    ]
    append_row(sheet, _header_cells(sheet, texts))
    for place, period, element, combo in _cells(places, chosen, owned):
        owner = sources.owner_of(element.code)
        assert owner is not None
        value, _comment = stored.get((place.code, period.id, element.code, combo.key), ("", ""))
        where = _("Counted from %(source)s: change the records there.") % {"source": owner.label}
        append_row(
            sheet,
            [
                *(place.code, place.name, period.id, period_label(period)),
                *(element.code, element.name, combo.name, _number(value), where),
            ],
        )
    for position, width in enumerate([14, 24, 10, 14, 26, 30, 16, 14, 40]):
        sheet.column_dimensions[_column(position)].width = width


def _sheet_places(selection: Selection) -> list[Place]:
    if not selection.children:
        return list(selection.places)
    found: list[Place] = []
    for place in selection.places:
        found += template_places(selection.data_set, place)
    return found


def _number(value: str) -> Any:
    if not value:
        return None
    try:
        number = Decimal(value)
    except ArithmeticError:
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def _column(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def file_name(selection: Selection, fmt: str, *, empty: bool = False) -> str:
    periods_part = selection.periods[0].id if selection.periods else ""
    if len(selection.periods) > 1:
        periods_part += f"-{selection.periods[-1].id}"
    places_part = "_".join(p.code for p in selection.places[:3])
    sets_part = "_".join(data_set.code for data_set in selection.data_sets[:3])
    stem = f"{sets_part}_{places_part}_{periods_part}"
    if empty:
        stem += "_" + _("template")
    return f"{stem}.{fmt}"


def chunks(selection: Selection, fmt: str) -> Iterator[str]:
    writers = {"json": json_chunks, "csv": csv_chunks, "adx": adx_chunks, "xml": xml_chunks}
    return writers[fmt](selection)


def text_of(selection: Selection, fmt: str) -> str:
    """The whole export as one string (small exports and tests)."""
    buffer = io.StringIO()
    for piece in chunks(selection, fmt):
        buffer.write(piece)
    return buffer.getvalue()


def download(selection: Selection, fmt: str, *, empty: bool = False) -> HttpResponseBase:
    """The export as a file to download: the Excel workbook, or text streamed as it is read."""
    name = file_name(selection, fmt, empty=empty)
    if fmt == "xlsx":
        return FileResponse(
            xlsx_file(selection, empty=empty),
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES["xlsx"],
        )
    language = translation.get_language()

    def pieces() -> Iterator[bytes]:
        with translation.override(language):  # a streamed body is written after the view returns
            for piece in chunks(selection, fmt):
                yield piece.encode()

    response = StreamingHttpResponse(pieces(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
