"""The one layout of the project list in Excel: the export, the import and the template.

One row per project, the header in the user's language with each column's
code in brackets — “实施单位 (implementing)” — so that the import finds its
columns by those codes (or by the plain label) whatever their order. The
budget is one column per funding source, in yuan. The uid, status and
published columns are written by the export and ignored by the import: an
exported list can be imported (as new projects) elsewhere.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from xiezuo.spreadsheets import CONTENT_TYPE, DATE_FORMAT, Column

from ..models import FundingSource

__all__ = ["BUDGET_KEYS", "BY_KEY", "COLUMNS", "CONTENT_TYPE", "DATE_FORMAT"]

_NAMES = gettext_lazy("Organisation names separated by 、 or ;.")
_WHOLE = gettext_lazy("A whole number; may be empty.")
_AMOUNT = gettext_lazy("Yuan, at most two decimals; empty: none from this source.")

COLUMNS: tuple[Column, ...] = (
    Column(
        "uid",
        gettext_lazy("Id"),
        13,
        gettext_lazy("Written by the export; ignored on import."),
        imported=False,
    ),
    Column("name", gettext_lazy("Name"), 30, gettext_lazy("The project's name."), required=True),
    Column(
        "kind",
        gettext_lazy("Kind"),
        12,
        gettext_lazy("Industry, infrastructure, education… as the list of kinds names them."),
        required=True,
    ),
    Column("sector", gettext_lazy("Sector"), 12, gettext_lazy("Optional.")),
    Column(
        "locations",
        gettext_lazy("Locations"),
        24,
        gettext_lazy(
            "Division codes separated by 、 or ; (“451024 德保县” is read as the code 451024)."
        ),
        required=True,
    ),
    Column(
        "implementing",
        gettext_lazy("Implementing organisation"),
        22,
        gettext_lazy("The name of an organisation known to Xiezuo."),
    ),
    Column(
        "responsible",
        gettext_lazy("Responsible organisation"),
        22,
        gettext_lazy("The name of an organisation known to Xiezuo."),
    ),
    Column("partners", gettext_lazy("Helper-side partners"), 24, _NAMES),
    Column(
        "parent",
        gettext_lazy("Parent project"),
        20,
        gettext_lazy(
            "Optional: the name or id of a project in this file or already in the library."
        ),
    ),
    Column("start", gettext_lazy("Planned start"), 12, gettext_lazy("A date (YYYY-MM-DD).")),
    Column("end", gettext_lazy("Planned end"), 12, gettext_lazy("A date, not before the start.")),
    Column("households", gettext_lazy("Poor households expected to benefit"), 10, _WHOLE),
    Column("people", gettext_lazy("Poor people expected to benefit"), 10, _WHOLE),
    Column(
        "mechanism",
        gettext_lazy("Benefit mechanism"),
        30,
        gettext_lazy("How the project benefits poor households."),
    ),
    *(Column(source.value, source.label, 14, _AMOUNT) for source in FundingSource),
    Column(
        "status",
        gettext_lazy("Status"),
        10,
        gettext_lazy("Written by the export; ignored on import."),
        imported=False,
    ),
    Column(
        "published",
        gettext_lazy("Published"),
        12,
        gettext_lazy("Written by the export; ignored on import."),
        imported=False,
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}
BUDGET_KEYS = tuple(source.value for source in FundingSource)
DATE_KEYS = ("start", "end")
