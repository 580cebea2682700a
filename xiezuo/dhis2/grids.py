"""DHIS2's grid (the body of `/api/analytics`) written as CSV and as XML.

As DHIS2's `GridUtils`: CSV has a first line of the headers' column names
and a line per row; XML is `<grid>` with its `<headers>` and `<rows>` of
`<field>`s, without the meta data.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from xml.etree import ElementTree


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def grid_csv(grid: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([h.get("column") or h["name"] for h in grid["headers"]])
    for row in grid["rows"]:
        writer.writerow([_text(v) for v in row])
    return out.getvalue()


def grid_xml(grid: dict[str, Any]) -> bytes:
    root = ElementTree.Element("grid", {"width": str(grid["width"]), "height": str(grid["height"])})
    headers = ElementTree.SubElement(root, "headers")
    for header in grid["headers"]:
        ElementTree.SubElement(
            headers,
            "header",
            {
                "name": header["name"],
                "column": header["column"],
                "type": header["type"],
                "hidden": str(header["hidden"]).lower(),
                "meta": str(header["meta"]).lower(),
            },
        )
    rows = ElementTree.SubElement(root, "rows")
    for values in grid["rows"]:
        row = ElementTree.SubElement(rows, "row")
        for value in values:
            ElementTree.SubElement(row, "field").text = _text(value)
    return ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
