"""A method in Excel: four sheets — the method (a field per row), the criteria (one row per
criterion with its area and item), the grades and the groups — written from the method's
dict and read back into one, then checked and saved by `methods` all or nothing, each
problem named by its sheet, row and column."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from xiezuo.importing import ImportRefused, RowError
from xiezuo.spreadsheets import (
    Column,
    append_row,
    cell_names,
    cell_text,
    columns_of_header,
    first_sheet,
    refuse,
    workbook_bytes,
    write_header,
)

from . import methods
from .models import Method

METHOD_COLUMNS = [
    Column(
        "field",
        gettext_lazy("Field"),
        16,
        gettext_lazy(
            "the field's code: code, name_zh, name_en, year_from, year_to, unit_level "
            "(3: county), full_score, illustrative, source, note"
        ),
        required=True,
    ),
    Column("value", gettext_lazy("Value"), 60, gettext_lazy("its value"), required=True),
]
CRITERION_COLUMNS = [
    Column("area", gettext_lazy("Area code"), 14, gettext_lazy("the area's code"), required=True),
    Column(
        "area_zh",
        gettext_lazy("Area"),
        16,
        gettext_lazy("the area's Chinese label (its first row counts)"),
    ),
    Column("area_en", gettext_lazy("Area (English)"), 16, gettext_lazy("the area's English label")),
    Column(
        "item",
        gettext_lazy("Item code"),
        14,
        gettext_lazy("the item's code, unique in its area"),
        required=True,
    ),
    Column(
        "item_zh",
        gettext_lazy("Item"),
        20,
        gettext_lazy("the item's Chinese label (its first row counts)"),
    ),
    Column("item_en", gettext_lazy("Item (English)"), 20, gettext_lazy("the item's English label")),
    Column(
        "code",
        gettext_lazy("Criterion code"),
        16,
        gettext_lazy("the criterion's code, unique in its item"),
        required=True,
    ),
    Column(
        "label_zh",
        gettext_lazy("Criterion"),
        24,
        gettext_lazy("the criterion's Chinese label"),
        required=True,
    ),
    Column(
        "label_en",
        gettext_lazy("Criterion (English)"),
        24,
        gettext_lazy("the criterion's English label"),
    ),
    Column(
        "weight",
        gettext_lazy("Weight"),
        8,
        gettext_lazy("points; the weights add up to the full score"),
        required=True,
    ),
    Column(
        "rule",
        gettext_lazy("Scoring rule"),
        12,
        gettext_lazy("ratio, thresholds, yes_no or assessor"),
        required=True,
    ),
    Column(
        "data",
        gettext_lazy("Data"),
        28,
        gettext_lazy("the actual: a data element or indicator, e.g. workers_placed[poverty=poor]"),
    ),
    Column(
        "target_data", gettext_lazy("Target data"), 20, gettext_lazy("the target as a data item")
    ),
    Column("target_value", gettext_lazy("Target"), 12, gettext_lazy("the target as a number")),
    Column("cap", gettext_lazy("Cap"), 8, gettext_lazy("ratio counted at most, at least 1")),
    Column(
        "thresholds",
        gettext_lazy("Levels"),
        20,
        gettext_lazy("level:share; …, the highest level first"),
    ),
    Column(
        "evidence_required", gettext_lazy("Evidence required"), 10, gettext_lazy("yes or empty")
    ),
    Column(
        "guidance",
        gettext_lazy("Guidance"),
        30,
        gettext_lazy("for the assessed unit and the assessor"),
    ),
]
GRADE_COLUMNS = [
    Column("code", gettext_lazy("Code"), 14, gettext_lazy("the grade's code"), required=True),
    Column("label_zh", gettext_lazy("Grade"), 12, gettext_lazy("its Chinese label"), required=True),
    Column("label_en", gettext_lazy("Grade (English)"), 14, gettext_lazy("its English label")),
    Column(
        "min_score",
        gettext_lazy("Lowest score"),
        12,
        gettext_lazy("the highest grade first; the last at 0"),
        required=True,
    ),
]
GROUP_COLUMNS = [
    Column("code", gettext_lazy("Code"), 14, gettext_lazy("the group's code"), required=True),
    Column("label_zh", gettext_lazy("Group"), 24, gettext_lazy("its Chinese label"), required=True),
    Column("label_en", gettext_lazy("Group (English)"), 24, gettext_lazy("its English label")),
    Column(
        "is_default",
        gettext_lazy("Takes the others"),
        10,
        gettext_lazy("yes for the one group of every unit listed nowhere else"),
    ),
    Column(
        "places",
        gettext_lazy("Places"),
        60,
        gettext_lazy("division codes, separated by commas or spaces"),
    ),
]


def _titles() -> list[str]:
    return [_("Method"), _("Criteria"), _("Grades"), _("Groups")]


def _yes(value: bool) -> str:
    return _("yes") if value else ""


def method_workbook(method: Method) -> bytes:
    data = methods.method_dump(method)
    workbook = Workbook()
    titles = _titles()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = titles[0]
    write_header(sheet, METHOD_COLUMNS)
    for field in methods.METHOD_FIELDS:
        value = data[field]
        append_row(
            sheet,
            [field, _yes(value) if isinstance(value, bool) else ("" if value is None else value)],
        )
    sheet = workbook.create_sheet(titles[1])
    write_header(sheet, CRITERION_COLUMNS)
    for area in data["areas"]:
        for item in area["items"]:
            for c in item["criteria"]:
                cells = {
                    "area": area["code"],
                    "area_zh": area["label_zh"],
                    "area_en": area["label_en"],
                    "item": item["code"],
                    "item_zh": item["label_zh"],
                    "item_en": item["label_en"],
                    **c,
                    "thresholds": methods.thresholds_text(c["thresholds"]),
                    "evidence_required": _yes(c["evidence_required"]),
                }
                append_row(
                    sheet,
                    ["" if cells.get(k.key) is None else cells[k.key] for k in CRITERION_COLUMNS],
                )
    sheet = workbook.create_sheet(titles[2])
    write_header(sheet, GRADE_COLUMNS)
    for grade in data["grades"]:
        append_row(sheet, [grade[c.key] for c in GRADE_COLUMNS])
    sheet = workbook.create_sheet(titles[3])
    write_header(sheet, GROUP_COLUMNS)
    for group in data["groups"]:
        append_row(
            sheet,
            [
                group["code"],
                group["label_zh"],
                group["label_en"],
                _yes(group["is_default"]),
                ", ".join(group["places"]),
            ],
        )
    return workbook_bytes(workbook)


def _rows(
    sheet: Any, columns: list[Column], title: str, errors: list[RowError]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, cells by key) of a sheet's rows below its header, empty rows skipped."""
    rows = sheet.iter_rows(values_only=True)
    found = columns_of_header(list(next(rows, None) or []), columns)
    missing = [c for c in columns if c.required and c.key not in found]
    for column in missing:
        errors.append(
            RowError(1, f"{title} · {column.label}", _("the column is missing from the header"))
        )
    if missing:
        return
    for number, cells in enumerate(rows, start=2):
        values = {key: cells[at] if at < len(cells) else None for key, at in found.items()}
        if any(cell_text(v) for v in values.values()):
            yield number, values


def _read(source: IO[bytes]) -> tuple[dict[str, Any], dict[tuple, tuple[str, int]], list[RowError]]:
    """The method's dict, where each part came from ((sheet title, row) by ref), errors."""
    with first_sheet(source, METHOD_COLUMNS):  # refuses what is not a workbook
        pass
    source.seek(0)
    workbook = load_workbook(source, read_only=True, data_only=True)
    errors: list[RowError] = []
    titles = _titles()
    if len(workbook.worksheets) < 4:
        workbook.close()
        raise refuse(
            _(
                "A method's workbook has four sheets: the method, its criteria, its grades "
                "and its groups."
            )
        )
    sheets = workbook.worksheets
    data: dict[str, Any] = {"areas": [], "grades": [], "groups": []}
    origin: dict[tuple, tuple[str, int]] = {}
    fields: dict[str, int] = {}
    for number, cells in _rows(sheets[0], METHOD_COLUMNS, titles[0], errors):
        field = cell_text(cells.get("field"))
        if field not in methods.METHOD_FIELDS:
            errors.append(
                RowError(
                    number,
                    f"{titles[0]} · {METHOD_COLUMNS[0].label}",
                    _("“%(field)s” is not a field of a method.") % {"field": field},
                )
            )
            continue
        value = cells.get("value")
        data[field] = cell_text(value)
        fields[field] = number
    for field in methods.METHOD_FIELDS:
        origin[("method", field)] = (titles[0], fields.get(field, 1))
    areas: dict[str, dict[str, Any]] = {}
    for number, cells in _rows(sheets[1], CRITERION_COLUMNS, titles[1], errors):
        area_code, item_code = cell_text(cells.get("area")), cell_text(cells.get("item"))
        if area_code not in areas:
            areas[area_code] = {
                "code": area_code,
                "label_zh": cell_text(cells.get("area_zh")),
                "label_en": cell_text(cells.get("area_en")),
                "items": [],
            }
            data["areas"].append(areas[area_code])
            origin[("area", len(data["areas"]) - 1)] = (titles[1], number)
        area = areas[area_code]
        a = data["areas"].index(area)
        item = next((i for i in area["items"] if i["code"] == item_code), None)
        if item is None:
            item = {
                "code": item_code,
                "label_zh": cell_text(cells.get("item_zh")),
                "label_en": cell_text(cells.get("item_en")),
                "criteria": [],
            }
            area["items"].append(item)
            origin[("item", a, len(area["items"]) - 1)] = (titles[1], number)
        criterion = {c.key: cells.get(c.key) for c in CRITERION_COLUMNS[6:]}
        criterion = {
            k: (v if k in ("weight", "target_value", "cap") else cell_text(v))
            for k, v in criterion.items()
        }
        if criterion["cap"] in (None, ""):
            criterion["cap"] = 1
        item["criteria"].append(criterion)
        origin[("criterion", a, area["items"].index(item), len(item["criteria"]) - 1)] = (
            titles[1],
            number,
        )
    for number, cells in _rows(sheets[2], GRADE_COLUMNS, titles[2], errors):
        data["grades"].append(
            {
                c.key: cells.get(c.key) if c.key == "min_score" else cell_text(cells.get(c.key))
                for c in GRADE_COLUMNS
            }
        )
        origin[("grade", len(data["grades"]) - 1)] = (titles[2], number)
    for number, cells in _rows(sheets[3], GROUP_COLUMNS, titles[3], errors):
        group: dict[str, Any] = {c.key: cell_text(cells.get(c.key)) for c in GROUP_COLUMNS[:3]}
        group["is_default"] = cell_text(cells.get("is_default"))
        group["places"] = cell_names(cells.get("places")) if cells.get("places") else []
        group["places"] = [p for part in group["places"] for p in part.split()]
        data["groups"].append(group)
        origin[("group", len(data["groups"]) - 1)] = (titles[3], number)
    workbook.close()
    return data, origin, errors


_COLUMNS_OF = {
    "method": METHOD_COLUMNS,
    "area": CRITERION_COLUMNS,
    "item": CRITERION_COLUMNS,
    "criterion": CRITERION_COLUMNS,
    "grade": GRADE_COLUMNS,
    "group": GROUP_COLUMNS,
}
_AREA_FIELDS = {"code": "area", "label_zh": "area_zh", "label_en": "area_en"}
_ITEM_FIELDS = {"code": "item", "label_zh": "item_zh", "label_en": "item_en"}


def _row_error(problem: methods.Problem, origin: dict[tuple, tuple[str, int]]) -> RowError:
    kind = problem.ref[0]
    if kind == "method":
        title, row = origin.get(("method", problem.field), (_titles()[0], 0))
        return RowError(
            row, f"{title} · {problem.field}" if problem.field else title, problem.message
        )
    title, row = origin.get(problem.ref, ("", 0))
    key = {"area": _AREA_FIELDS, "item": _ITEM_FIELDS}.get(kind, {}).get(
        problem.field, problem.field
    )
    labels = {c.key: str(c.label) for c in _COLUMNS_OF[kind]}
    return RowError(row, f"{title} · {labels.get(key, key)}", str(problem))


def method_import(*, source: IO[bytes]) -> tuple[Method, str]:
    """Create or update the method of a workbook by its code, all or nothing;
    ImportRefused with a message per sheet, row and column."""
    data, origin, errors = _read(source)
    if errors:
        raise ImportRefused(errors)
    try:
        return methods.method_load(data=data)
    except methods.MethodInvalid as exc:
        raise ImportRefused([_row_error(p, origin) for p in exc.problems]) from exc
