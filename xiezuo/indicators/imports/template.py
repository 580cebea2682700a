"""The Excel template of a data set: one sheet, a row per place × period × element × disaggregation.

The header row is in the user's language with each column's code in
brackets — “数据元代码 (dataElement)” — and the import finds its columns by
those codes, so the columns may be moved and the labels changed. A
disaggregation has a column per dimension (`dim:poverty`) holding the option's
name or code. Name columns are for people and ignored on import.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from ..models import DataSet, DimensionOption

_CODE = re.compile(r"\(([A-Za-z_]+(?::[A-Za-z0-9_]+)?)\)\s*$")
_KEYS = {
    "orgUnit": "place",
    "orgUnitName": "place_name",
    "period": "period",
    "periodName": "period_name",
    "dataElement": "element",
    "dataElementName": "element_name",
    "value": "value",
    "comment": "comment",
}


def cell_header() -> list[str]:
    """The columns that say which cell a row is: place, period, data element."""
    return [
        f"{_('Division code')} (orgUnit)",
        f"{_('Place')} (orgUnitName)",
        f"{_('Period')} (period)",
        f"{_('Period name')} (periodName)",
        f"{_('Data element code')} (dataElement)",
        f"{_('Data element')} (dataElementName)",
    ]


def header(dimensions: list[tuple[str, str]]) -> list[str]:
    """The header row; `dimensions` are (code, name) of the dimensions the data set uses."""
    cells = cell_header()
    cells += [f"{name} (dim:{code})" for code, name in dimensions]
    cells += [f"{_('Value')} (value)", f"{_('Comment')} (comment)"]
    return cells


def columns_of_header(cells: list[Any]) -> dict[str, int]:
    """Column positions by key (place, period, element, value, comment, dim:<code>)."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        match = _CODE.search(str(cell or ""))
        if not match:
            continue
        code = match.group(1)
        key = code if code.startswith("dim:") else _KEYS.get(code)
        if key and key not in found:
            found[key] = position
    return found


def data_set_of_title(title: str) -> str:
    code = title.strip()
    return code if DataSet.objects.filter(code=code).exists() else ""


def option_codes() -> dict[str, dict[str, str]]:
    """Per dimension: option code, Chinese or English name → option code."""
    found: dict[str, dict[str, str]] = {}
    for dimension, code, zh, en in DimensionOption.objects.values_list(
        "dimension__code", "code", "name_zh", "name_en"
    ):
        names = found.setdefault(dimension, {})
        names[code] = code
        names.setdefault(zh, code)
        names.setdefault(en, code)
    return found
