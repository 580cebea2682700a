"""Streaming readers of data value files: DHIS2 JSON and CSV, ADX and DHIS2 XML, Excel.

Each reader takes a binary file and yields `RawValue`s one at a time, so a
file of a million values is never held in memory; what the file says about
all its values (dataSet, period, orgUnit, completeDate) comes first, as
`Header`. A file that is not what its name says, or that cannot be read,
raises `FileRefused` with one message in the user's language.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, NamedTuple
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree
import ijson
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from xiezuo import periods
from xiezuo.bodies import json_too_deep, too_deep_message

from . import template


class FileRefused(Exception):
    """The whole file was refused: one message, nothing written."""


class RawValue(NamedTuple):
    position: int  # 0-based position among the file's values
    row: int | None  # the line (CSV) or row (Excel) it is on, as a spreadsheet counts
    element: str
    period: str
    place: str
    combo: str
    attribute: str
    value: str | None
    comment: str
    deleted: bool = False
    stored_by: str = ""  # storedBy as the file gives it
    # the data set an ADX group gives its values ("": the file's, if any)
    data_set: str = ""


@dataclass
class Header:
    data_set: str = ""
    period: str = ""
    place: str = ""
    complete_date: str = ""
    attribute: str = ""
    # the import options the file gives itself, by DHIS2's names (see `_OPTION_KEYS`)
    options: dict[str, str] = field(default_factory=dict)


# --- what a file really is
_MAGIC = [
    (b"\x89PNG", gettext_noop("a PNG image")),
    (b"\xff\xd8\xff", gettext_noop("a JPEG image")),
    (b"GIF8", gettext_noop("a GIF image")),
    (b"%PDF", gettext_noop("a PDF document")),
    (b"PK\x03\x04", gettext_noop("a ZIP archive (such as an Excel .xlsx file)")),
    (b"\xd0\xcf\x11\xe0", gettext_noop("an old Excel (.xls) or Word (.doc) file")),
    (b"\x1f\x8b", gettext_noop("a gzip archive")),
    (b"Rar!", gettext_noop("a RAR archive")),
    (b"7z\xbc\xaf", gettext_noop("a 7-Zip archive")),
]


def _what_it_is(head: bytes) -> str | None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return _(what)
    return None


def _first_char(head: bytes) -> str:
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    return chr(text[0]) if text else ""


FORMAT_NAMES = {
    "json": "JSON",
    "csv": "CSV",
    "adx": "ADX XML",
    "xml": "XML",
    "xlsx": "Excel (.xlsx)",
}


def check_kind(head: bytes, fmt: str) -> None:
    """FileRefused unless the first bytes look like the format the name or type claims."""
    claimed = FORMAT_NAMES[fmt]
    if not head.strip():
        raise FileRefused(_("The file is empty."))
    if fmt == "xlsx":
        if head.startswith(b"PK\x03\x04"):
            return
        what = _what_it_is(head)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise FileRefused(
                _(
                    "This is an old Excel (.xls) file; save it as .xlsx (Excel workbook) "
                    "and try again."
                )
            )
        raise FileRefused(
            _("The file is said to be %(claimed)s but it is %(what)s; nothing was imported.")
            % {"claimed": claimed, "what": what or _("not a workbook")}
        )
    what = _what_it_is(head) or (_("binary data") if b"\x00" in head[:4096] else None)
    if what:
        raise FileRefused(
            _("The file is said to be %(claimed)s but it is %(what)s; nothing was imported.")
            % {"claimed": claimed, "what": what}
        )
    first = _first_char(head)
    looks = {"{": "JSON", "[": "JSON", "<": "XML"}.get(first)
    expected = {"json": "JSON", "adx": "XML", "xml": "XML"}.get(fmt)
    if fmt == "csv" and looks:
        raise FileRefused(
            _(
                "The file is said to be %(claimed)s but it looks like %(what)s; "
                "nothing was imported."
            )
            % {"claimed": claimed, "what": looks}
        )
    if expected and looks != expected:
        raise FileRefused(
            _(
                "The file is said to be %(claimed)s but it looks like %(what)s; "
                "nothing was imported."
            )
            % {"claimed": claimed, "what": looks or _("plain text")}
        )


def format_of_name(name: str) -> str | None:
    lower = name.lower()
    for suffix, fmt in (
        (".json", "json"),
        (".csv", "csv"),
        (".adx", "adx"),
        (".adx.xml", "adx"),
        (".xml", "xml"),
        (".xlsx", "xlsx"),
    ):
        if lower.endswith(suffix):
            return fmt
    return None


def format_of_content_type(content_type: str) -> str | None:
    kind = content_type.split(";")[0].strip().lower()
    return {
        "application/json": "json",
        "text/json": "json",
        "application/csv": "csv",
        "text/csv": "csv",
        "application/adx+xml": "adx",
        "application/xml": "xml",
        "text/xml": "xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    }.get(kind)


# --- JSON
_HEADER_KEYS = {
    "dataSet": "data_set",
    "period": "period",
    "orgUnit": "place",
    "completeDate": "complete_date",
    "attributeOptionCombo": "attribute",
}
# DHIS2 reads these from the JSON object or the XML root, over the query's options
_OPTION_KEYS = frozenset(
    {
        "dryRun",
        "importStrategy",
        "strategy",
        "idScheme",
        "dataElementIdScheme",
        "orgUnitIdScheme",
        "categoryOptionComboIdScheme",
    }
)


_JSON_KEYS = (
    "dataElement",
    "period",
    "orgUnit",
    "categoryOptionCombo",
    "attributeOptionCombo",
    "value",
    "comment",
    "storedBy",
)
_new = tuple.__new__  # builds a RawValue without NamedTuple's Python-level __new__ (hot loop)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _set_header(header: Header, key: str, value: Any) -> None:
    if key in _HEADER_KEYS:
        setattr(header, _HEADER_KEYS[key], _text(value))
    elif key in _OPTION_KEYS:
        header.options[key] = _text(value)


def read_json_header(source: IO[bytes], header: Header) -> None:
    """The set's own fields and options, wherever they stand: before `dataValues` (read
    as the file begins) or after it, as every serializer that sorts its keys writes them
    (read from the end of the file, see `_trailing_keys`). The source is left at its start.

    JSON nested deeper than a data value set can be is refused before it is parsed (see
    `xiezuo.bodies`): ijson's work grows with the square of the depth."""
    if json_too_deep(source):
        raise FileRefused(too_deep_message())
    found = False
    try:
        opening = True
        for prefix, event, value in ijson.parse(source):
            if opening:
                if event != "start_map":
                    raise FileRefused(_("The JSON file must hold one object with “dataValues”."))
                opening = False
            elif prefix == "dataValues" and event == "start_array":
                found = True
                break
            elif event in ("string", "number", "boolean"):
                _set_header(header, prefix, value)
    except ijson.JSONError:
        raise FileRefused(
            _("The file is not valid JSON: it breaks near byte %(position)s.")
            % {"position": _tell(source)}
        ) from None
    if not found:
        raise FileRefused(_("The JSON file has no “dataValues” list."))
    for key, value in _trailing_keys(source).items():
        _set_header(header, key, value)
    source.seek(0)


_TAIL = 1024 * 1024


def _trailing_keys(source: IO[bytes]) -> dict[str, Any]:
    """The keys of the root object written after its `dataValues` list (`{"dataSet": …,
    "dataValues": […], "orgUnit": …, "period": …}`), read from the file's last megabyte.

    The list ends at the leftmost `]` of that window after which the rest of the file
    reads as the remainder of one object of scalars (`, "orgUnit": "…", …}`): a `]` inside
    the list, or inside a string, leaves a rest that is not one (brackets unbalanced, or a
    string's quotes read the wrong way round). Keys that are not scalars are not set-level
    fields and are left alone. The whole file is checked by the values' own pass."""
    source.seek(0, 2)
    size = source.tell()
    source.seek(max(0, size - _TAIL))
    tail = source.read().rstrip()
    if not tail.endswith(b"}"):
        return {}
    start = 0
    while (at := tail.find(b"]", start)) >= 0:
        start = at + 1
        rest = tail[start:].lstrip()
        if rest == b"}":
            return {}
        if not rest.startswith(b","):
            continue
        try:
            found = json.loads(b"{" + rest[1:])
        except ValueError:
            continue
        if isinstance(found, dict):
            return {k: v for k, v in found.items() if isinstance(v, str | int | float | bool)}
    return {}


def read_json(source: IO[bytes], header: Header) -> Iterator[RawValue]:
    """DHIS2's dataValueSet JSON, its header read first (`read_json_header`); the set's own
    fields apply to every value that does not give its own."""
    period, place, attribute = header.period, header.place, header.attribute
    try:
        # ijson's C parser builds the values far faster from the file than from events
        for index, item in enumerate(ijson.items(source, "dataValues.item")):
            if not isinstance(item, dict):
                raise FileRefused(
                    _("Value %(number)s in “dataValues” is not an object.") % {"number": index + 1}
                )
            get = item.get
            cells = [get(key, "") for key in _JSON_KEYS]
            for position, cell in enumerate(cells):
                if cell.__class__ is not str:
                    cells[position] = _text(cell)
            value = get("value")
            yield _new(
                RawValue,
                (
                    index,
                    None,
                    cells[0],
                    cells[1] or period,
                    cells[2] or place,
                    cells[3],
                    cells[4] or attribute,
                    None if value is None else cells[5],
                    cells[6],
                    get("deleted") is True,
                    cells[7],
                    "",
                ),
            )
    except ijson.JSONError:
        raise FileRefused(
            # the parser's own words (English) are left out of the message
            _("The file is not valid JSON: it breaks near byte %(position)s.")
            % {"position": _tell(source)}
        ) from None


def _tell(source: IO[bytes]) -> str:
    try:
        return f"{source.tell():,}"
    except (OSError, ValueError):
        return "?"


# --- CSV
_CSV_COLUMNS = {
    "dataelement": "element",
    "de": "element",
    "period": "period",
    "pe": "period",
    "orgunit": "place",
    "ou": "place",
    "categoryoptioncombo": "combo",
    "catoptcombo": "combo",
    "co": "combo",
    "attributeoptioncombo": "attribute",
    "attroptcombo": "attribute",
    "ao": "attribute",
    "value": "value",
    "storedby": "stored_by",
    "strby": "stored_by",
    "lastupdated": "last_updated",
    "lstupd": "last_updated",
    "timestamp": "last_updated",
    "comment": "comment",
    "cmt": "comment",
    "followup": "follow_up",
    "flwup": "follow_up",
    "deleted": "deleted",
}
_DHIS2_ORDER = [
    "element",
    "period",
    "place",
    "combo",
    "attribute",
    "value",
    "stored_by",
    "last_updated",
    "comment",
    "follow_up",
    "deleted",
]


def _encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) or, as Excel in China saves CSV, GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise FileRefused(
            _("The CSV file is neither UTF-8 nor GB18030 text; save it as “CSV UTF-8”.")
        ) from None


def _in_dhis2_order(columns: list[str]) -> bool:
    """Whether each column a header names stands where DHIS2's column order puts it."""
    return all(
        not name or (at < len(_DHIS2_ORDER) and _DHIS2_ORDER[at] == name)
        for at, name in enumerate(columns)
    )


def read_csv(source: IO[bytes], header: Header, head: bytes) -> Iterator[RawValue]:
    """DHIS2's CSV: columns by their header names (DHIS2's or short ones), else in DHIS2's order."""
    text = io.TextIOWrapper(source, encoding=_encoding(head), newline="")
    reader = csv.reader(text, strict=True)
    try:
        first = next(reader, None)
        if first is None:
            return
        names = [c.strip().strip('"').lower().replace("_", "").replace(" ", "") for c in first]
        pending: list[list[str]] = []
        columns = [_CSV_COLUMNS.get(n, "") for n in names]
        missing = [c for c in ("element", "period", "place") if c not in columns]
        if missing and any(columns) and _in_dhis2_order(columns):
            # a header DHIS2 would read (it skips the first row and reads by position) with a
            # name Xiezuo does not know, such as dhis2-core's own "dataelelement"
            columns, missing = _DHIS2_ORDER, []
        elif names and names[0] in _CSV_COLUMNS:
            if missing:
                raise FileRefused(
                    _("The CSV header has no column for: %(columns)s.")
                    % {
                        "columns": ", ".join(
                            {"element": "dataelement", "period": "period", "place": "orgunit"}[c]
                            for c in missing
                        )
                    }
                )
        else:
            columns = _DHIS2_ORDER
            pending = [first]
        at = {name: position for position, name in enumerate(columns) if name}
        e, pe, ou = at["element"], at["period"], at["place"]
        co, ao, va = at.get("combo"), at.get("attribute"), at.get("value")
        cm, de, sb = at.get("comment"), at.get("deleted"), at.get("stored_by")
        width = len(columns)
        index = 0
        rows: Iterator[list[str]] = iter(pending) if pending else reader
        while True:
            for cells in rows:
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
                yield _new(
                    RawValue,
                    (
                        index,
                        reader.line_num,
                        cells[e].strip(),
                        cells[pe].strip(),
                        cells[ou].strip(),
                        cells[co].strip() if co is not None else "",
                        cells[ao].strip() if ao is not None else "",
                        cells[va] if va is not None else None,
                        cells[cm] if cm is not None else "",
                        de is not None and cells[de].strip().lower() == "true",
                        cells[sb].strip() if sb is not None else "",
                        "",
                    ),
                )
                index += 1
            if rows is reader:
                break
            rows = reader
    except csv.Error as exc:
        raise FileRefused(
            _("The CSV file cannot be read at line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from None
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "The CSV file has bytes that are not text near line %(line)s; "
                "save it as “CSV UTF-8”."
            )
            % {"line": reader.line_num}
        ) from None


# --- ADX and DHIS2 XML
ADX_NS = "urn:ihe:qrph:adx:2015"
_DURATIONS = {
    "P1M": periods.PeriodType.MONTHLY,
    "P3M": periods.PeriodType.QUARTERLY,
    "P6M": periods.PeriodType.SIXMONTHLY,
    "P1Y": periods.PeriodType.YEARLY,
    "P12M": periods.PeriodType.YEARLY,
}


def adx_period(text: str) -> str:
    """ADX writes a period as start/duration ("2018-01-01/P1M"); DHIS2 ids are accepted too."""
    start, sep, duration = text.strip().partition("/")
    if not sep:
        return text.strip()
    period_type = _DURATIONS.get(duration.upper())
    try:
        day = date.fromisoformat(start)
    except ValueError:
        return text.strip()
    if period_type is None:
        return text.strip()
    period = periods.of_date(day, period_type)
    return period.id if period.start_date == day else text.strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# What an ADX dataValue (or group) may carry besides categories: DHIS2's reader passes these
# through to the value (a combo given directly, or a property of the value) rather than read
# them as a category of the data element's (or the data set's attribute) category combo.
_ADX_COMBO_KEYS = frozenset({"categoryOptionCombo", "attributeOptionCombo"})
_ADX_VALUE_PROPERTIES = frozenset(
    {
        "created",
        "lastUpdated",
        "timestamp",
        "storedBy",
        "comment",
        "followUp",
        "followup",
        "deleted",
    }
)
_ADX_GROUP_KEYS = frozenset({"dataSet", "orgUnit", "period", "completeDate"})


def _pairs(attributes: dict[str, str]) -> str:
    """Category=option attributes as Xiezuo's disaggregation key (by code or UID, resolved
    by `combos.key_of`)."""
    return ";".join(f"{k}={attributes[k]}" for k in sorted(attributes))


class _AdxGroup(NamedTuple):
    data_set: str
    period: str
    place: str
    attribute: str  # a combo given directly, or the group's attribute categories as pairs
    properties: dict[str, str]


def _adx_group(attributes: dict[str, str]) -> _AdxGroup:
    """An ADX group's own fields. Any attribute that is neither one of them nor a property of
    its values is a category of the data set's attribute combo (ADX): Xiezuo holds the default
    one alone, and the pipeline refuses such a group's values rather than import them there."""
    categories = {
        k: v
        for k, v in attributes.items()
        if k not in _ADX_GROUP_KEYS and k not in _ADX_COMBO_KEYS and k not in _ADX_VALUE_PROPERTIES
    }
    return _AdxGroup(
        attributes.get("dataSet", "").strip(),
        adx_period(attributes.get("period", "")),
        attributes.get("orgUnit", "").strip(),
        attributes.get("attributeOptionCombo", "").strip() or _pairs(categories),
        {k: v for k, v in attributes.items() if k in _ADX_VALUE_PROPERTIES},
    )


def _text_elements() -> frozenset[str]:
    """The codes and UIDs of the data elements whose values are text."""
    from ..models import DataElement, ValueType

    found = DataElement.objects.filter(value_type=ValueType.TEXT).values_list("code", "uid")
    return frozenset(identifier for pair in found for identifier in pair)


def _adx_value(
    index: int, element: ElementTree.Element, group: _AdxGroup, text_elements: frozenset[str]
) -> RawValue:
    """An ADX dataValue, as DHIS2's reader reads it: `categoryOptionCombo` is a combo given
    directly (then any category attributes are ignored, as DHIS2 does); otherwise every
    attribute that is not a property of the value names a category and its option."""
    attrib = element.attrib
    value = attrib.get("value")
    if value is None:
        value = (element.findtext(f"{{{ADX_NS}}}value") or element.text or "").strip() or None
    properties = {**group.properties}
    properties.update((k, v) for k, v in attrib.items() if k in _ADX_VALUE_PROPERTIES)
    combo = attrib.get("categoryOptionCombo", "").strip()
    if not combo:
        combo = _pairs(
            {
                k: v
                for k, v in attrib.items()
                if k not in ("dataElement", "value")
                and k not in _ADX_COMBO_KEYS
                and k not in _ADX_VALUE_PROPERTIES
            }
        )
    annotation = (element.findtext(f"{{{ADX_NS}}}annotation") or "").strip()
    data_element = attrib.get("dataElement", "").strip()
    comment = annotation or properties.get("comment", "")
    if annotation and data_element in text_elements:
        # ADX's value is a number: a text element's value is its annotation (as in DHIS2)
        value, comment = annotation, properties.get("comment", "")
    return RawValue(
        index,
        None,
        data_element,
        group.period,
        group.place,
        combo,
        attrib.get("attributeOptionCombo", "").strip() or group.attribute,
        value,
        comment,
        properties.get("deleted", "").strip().lower() == "true",
        properties.get("storedBy", "").strip(),
        group.data_set,
    )


def read_xml(source: IO[bytes], header: Header) -> Iterator[RawValue]:
    """ADX (groups of values with disaggregations as attributes) or DHIS2's dataValueSet XML.

    Each ADX group gives its values its own data set, period, place and attribute combo; a
    file may hold the groups of several data sets."""
    # defusedxml refuses a DOCTYPE (and so any entity) wherever it stands in the file
    parser = defusedxml.ElementTree.iterparse(source, events=("start", "end"), forbid_dtd=True)
    root: ElementTree.Element | None = None
    group = _AdxGroup("", "", "", "", {})
    adx = False
    text_elements: frozenset[str] = frozenset()
    index = 0
    try:
        for event, element in parser:
            name = _local(element.tag)
            if root is None:
                root = element
                if name == "adx":
                    adx = True
                    text_elements = _text_elements()
                elif name != "dataValueSet":
                    raise FileRefused(
                        _("The XML file's root is <%(name)s>; expected <adx> or <dataValueSet>.")
                        % {"name": name}
                    )
                for key, value in element.attrib.items():
                    _set_header(header, _local(key), value)
                continue
            if event == "start":
                if adx and name == "group":
                    group = _adx_group(dict(element.attrib))
                    if not header.data_set and group.data_set:
                        header.data_set = group.data_set
                continue
            if name != "dataValue":
                if name == "group":
                    element.clear()
                    root.clear()
                continue
            attrib = element.attrib
            if adx:
                raw = _adx_value(index, element, group, text_elements)
            else:
                raw = RawValue(
                    index,
                    None,
                    attrib.get("dataElement", ""),
                    attrib.get("period") or header.period,
                    attrib.get("orgUnit") or header.place,
                    attrib.get("categoryOptionCombo", ""),
                    attrib.get("attributeOptionCombo") or header.attribute,
                    attrib.get("value"),
                    attrib.get("comment", ""),
                    attrib.get("deleted") == "true",
                    attrib.get("storedBy", ""),
                )
            element.clear()
            if not adx and index % 1000 == 999:
                root.clear()
            index += 1
            yield raw
    except defusedxml.DefusedXmlException:
        raise FileRefused(_("XML files with a DOCTYPE are not accepted.")) from None
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise FileRefused(
            _("The file is not well-formed XML: line %(line)s, column %(column)s.")
            % {"line": line, "column": column}
        ) from None
    if root is None:
        raise FileRefused(_("The XML file is empty."))


# --- Excel (the template)
def read_xlsx(source: IO[bytes], header: Header) -> Iterator[RawValue]:
    """The data set's Excel template (see `template`): a value a row; blank rows are skipped."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise FileRefused(_("The Excel file cannot be opened; is it an .xlsx workbook?")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        columns = template.columns_of_header(list(first or []))
        if "element" not in columns or "place" not in columns or "period" not in columns:
            raise FileRefused(
                _(
                    "The first sheet's first row must be the template's header (with the codes "
                    "in brackets, such as “数据元代码 (dataElement)”)."
                )
            )
        header.data_set = header.data_set or template.data_set_of_title(sheet.title)
        dims = [(position, key[4:]) for key, position in columns.items() if key.startswith("dim:")]
        options = template.option_codes()
        e, pe, ou, va = (
            columns["element"],
            columns["period"],
            columns["place"],
            columns.get("value"),
        )
        cm = columns.get("comment")
        index = 0
        for number, cells in enumerate(rows, start=2):
            if not cells:
                continue
            value = cells[va] if va is not None and va < len(cells) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue  # a cell the template left for a value nobody filled in

            def cell(position: int | None, cells: tuple[Any, ...] = cells) -> str:
                if position is None or position >= len(cells) or cells[position] is None:
                    return ""
                item = cells[position]
                if isinstance(item, float) and item.is_integer():
                    item = int(item)
                return str(item).strip()

            pairs = [
                (dim, options.get(dim, {}).get(cell(position), cell(position)))
                for position, dim in dims
            ]
            combo = ";".join(f"{dim}={option}" for dim, option in sorted(pairs) if option)
            yield RawValue(
                index, number, cell(e), cell(pe), cell(ou), combo, "", cell(va), cell(cm)
            )
            index += 1
    finally:
        workbook.close()


Reader = Callable[..., Iterator[RawValue]]
READ_ROW_TAG = re.compile(r"\(([A-Za-z_:]+)\)\s*$")


def read_header(source: IO[bytes], fmt: str) -> Header:
    """The set-level fields and the options a file gives itself, before any value is read:
    a JSON object's keys (before or after `dataValues`), an XML or ADX root's attributes.
    The file is checked first to be what `fmt` says; the source is left at its start."""
    head = source.read(65536)
    source.seek(0)
    check_kind(head, fmt)
    header = Header()
    if fmt == "json":
        read_json_header(source, header)
    elif fmt in ("adx", "xml"):
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise FileRefused(_("XML files with a DOCTYPE are not accepted."))
        _read_xml_root(source, header)
    return header


def _read_xml_root(source: IO[bytes], header: Header) -> None:
    try:
        for _event, element in defusedxml.ElementTree.iterparse(
            source, events=("start",), forbid_dtd=True
        ):
            for key, value in element.attrib.items():
                _set_header(header, _local(key), value)
            break
    except defusedxml.DefusedXmlException:
        raise FileRefused(_("XML files with a DOCTYPE are not accepted.")) from None
    except ElementTree.ParseError:
        pass  # said, with its line and column, when the values are read
    source.seek(0)


def open_values(source: IO[bytes], fmt: str, header: Header) -> Iterator[RawValue]:
    """The values of a file whose `header` was read (`read_header`)."""
    head = source.read(65536)
    source.seek(0)
    if fmt == "json":
        return read_json(source, header)
    if fmt == "csv":
        return read_csv(source, header, head)
    if fmt in ("adx", "xml"):
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise FileRefused(_("XML files with a DOCTYPE are not accepted."))
        return read_xml(source, header)
    return read_xlsx(source, header)
