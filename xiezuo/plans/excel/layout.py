"""The one layout of a document's work items in Excel: the import, the board's export, the template.

One row per work item, the header in the user's language with each
column's code in brackets — “牵头单位 (lead)” — so that the import finds
its columns by those codes (or by the plain label) whatever their order:

- category: the category's name (a new name makes a new category, numbered
  after the document's in order of first appearance);
- number: the item's number in the document (empty: numbered after the
  document's last item; a number the document already has refuses the row);
- title, description;
- lead: the lead organisation's name; supporting: names separated by 、 or ;;
- places: the responsible places, division codes and/or names separated by
  、 or ; (“4510 百色市” reads as the code 4510);
- start (empty: the document's start), due: dates (YYYY-MM-DD);
- milestones: one a line, “title YYYY-MM-DD”;
- targets: one a line, “element_code[dim=option] @place_code period value”,
  e.g. `people_trained[poverty=poor] @45 2018 10000` (an indicator's code
  works too, without options);
- status, reasons: written by the board's export, ignored by the import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy

from xiezuo import spreadsheets
from xiezuo.spreadsheets import CONTENT_TYPE, DATE_FORMAT, Column

__all__ = ["BY_KEY", "COLUMNS", "CONTENT_TYPE", "DATE_FORMAT", "columns_of_header", "header"]


COLUMNS: tuple[Column, ...] = (
    Column(
        "category",
        gettext_lazy("Category"),
        14,
        gettext_lazy("The category's name; a new name makes a new category."),
        required=True,
    ),
    Column(
        "number",
        gettext_lazy("No."),
        6,
        gettext_lazy(
            "The item's number in the document; empty: numbered after the last item. "
            "A number the document already has is refused."
        ),
    ),
    Column("title", gettext_lazy("Work item"), 40, gettext_lazy("What is to be done."), True),
    Column("description", gettext_lazy("Description"), 30, gettext_lazy("Optional.")),
    Column(
        "lead",
        gettext_lazy("Lead organisation"),
        22,
        gettext_lazy("The name of an organisation known to Xiezuo."),
        required=True,
    ),
    Column(
        "supporting",
        gettext_lazy("Supporting organisations"),
        26,
        gettext_lazy("Organisation names separated by 、 or ;."),
    ),
    Column(
        "places",
        gettext_lazy("Responsible places"),
        24,
        gettext_lazy(
            "Prefectures and counties: division codes and/or names separated by 、 or ; "
            "(“4510 百色市” is read as the code 4510)."
        ),
    ),
    Column(
        "start", gettext_lazy("Start"), 12, gettext_lazy("A date; empty: the document's start.")
    ),
    Column("due", gettext_lazy("Due"), 12, gettext_lazy("A date, not before the start."), True),
    Column(
        "milestones",
        gettext_lazy("Milestones"),
        30,
        gettext_lazy("One a line: the title, a space, the due date (YYYY-MM-DD)."),
    ),
    Column(
        "targets",
        gettext_lazy("Targets"),
        40,
        gettext_lazy(
            "One a line: element_code[dimension=option] @place_code period value, "
            "e.g. people_trained[poverty=poor] @45 2018 10000."
        ),
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        8,
        gettext_lazy("Written by the board's export; ignored on import."),
        imported=False,
    ),
    Column(
        "reasons",
        gettext_lazy("Reasons"),
        40,
        gettext_lazy("Written by the board's export; ignored on import."),
        imported=False,
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}


def header() -> list[str]:
    return spreadsheets.header(COLUMNS)


def columns_of_header(cells: Sequence[Any]) -> dict[str, int]:
    """Position of each column by key, found by its code in brackets or its label."""
    return spreadsheets.columns_of_header(cells, COLUMNS)
