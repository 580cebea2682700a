"""Suppliers in Excel, one layout for the export, the import and the template.

One row per supplier, the header in the user's language with each column's code in
brackets, found by the import whatever their order (see `products`). The id and the
numbers of products are written by the export and ignored by the import, so that an
exported list imports as new suppliers elsewhere.

The import is all or nothing: every row is read first (the name, the kind by its label
in either language or its code, the place — a helped place within the importer's scope —
the households linked, the credit code, the organisation by name; a supplier already on
record for that place and name, or twice in the file, is refused), then each row is
registered through `services.supplier_create` in one transaction; a refusal — a bad cell
or the service's — is named on its row and column, and then nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from xiezuo.accounts import policy
from xiezuo.importing import ImportRefused, RowError
from xiezuo.places.lookups import Directory
from xiezuo.places.selectors import home_place_code
from xiezuo.spreadsheets import (
    Column,
    Row,
    append_row,
    cell_text,
    choice_lookup,
    first_sheet,
    refuse,
    workbook_bytes,
)

from .. import services
from ..models import Supplier, SupplierKind
from .products import new_sheet

SUPPLIER_COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("name", gettext_lazy("Name"), 30, gettext_lazy("The supplier's name."),
           required=True),
    Column("kind", gettext_lazy("Kind"), 14,
           gettext_lazy("Enterprise, cooperative, village collective or family farm."),
           required=True),
    Column("place", gettext_lazy("Place"), 18,
           gettext_lazy("The helped place's division code."), required=True),
    Column("credit_code", gettext_lazy("Unified social credit code"), 20,
           gettext_lazy("Optional; 18 letters and digits.")),
    Column("households", gettext_lazy("Registered poor households linked"), 12,
           gettext_lazy("A whole number, zero or more; empty: zero.")),
    Column("linkage", gettext_lazy("How it links to poor households"), 30,
           gettext_lazy("Optional.")),
    Column("contact", gettext_lazy("Contact"), 20, gettext_lazy("Optional.")),
    Column("organisation", gettext_lazy("Organisation on record"), 24,
           gettext_lazy("Optional: an organisation recorded in Xiezuo, by its name.")),
    Column("products", gettext_lazy("Products applied for"), 10,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("certified", gettext_lazy("Products certified"), 10,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
)  # fmt: skip
BY_KEY = {c.key: c for c in SUPPLIER_COLUMNS}
# which column a service's refusal of a field belongs to
_SERVICE_COLUMNS = {"households_linked": "households"}


# --- out


def suppliers_workbook(suppliers: QuerySet[Supplier]) -> bytes:
    """One row per supplier, with the numbers of its products."""
    workbook = Workbook()
    sheet = new_sheet(workbook, _("Suppliers"), SUPPLIER_COLUMNS)
    for supplier in suppliers.select_related("organisation"):
        append_row(sheet, [
            supplier.uid, supplier.name, str(supplier.get_kind_display()),
            f"{supplier.place.code} {supplier.place.name}", supplier.credit_code,
            supplier.households_linked, supplier.linkage, supplier.contact,
            supplier.organisation.name if supplier.organisation else "",
            getattr(supplier, "products_applied", 0), getattr(supplier, "products_certified", 0),
        ])  # fmt: skip
    return workbook_bytes(workbook)


def suppliers_template_workbook() -> bytes:
    """The header alone, each column's help as a note."""
    workbook = Workbook()
    new_sheet(workbook, _("Suppliers"), SUPPLIER_COLUMNS)
    return workbook_bytes(workbook)


# --- in


def _parse_row(
    number: int, cells: Sequence[Any], columns: dict[str, int], directory: Directory,
    user: Any, seen: dict[tuple[str, str], int], errors: list[RowError],
) -> dict[str, Any] | None:  # fmt: skip
    before = len(errors)
    row = Row(number, cells, columns, {k: str(c.label) for k, c in BY_KEY.items()}, errors)
    row.require("name", "kind", "place")
    fields: dict[str, Any] = {
        "name": row.text("name"), "linkage": row.text("linkage"),
        "contact": row.text("contact"), "credit_code": row.text("credit_code").upper(),
        "households_linked": row.text("households") or "0",
    }  # fmt: skip
    if row.text("kind"):
        fields["kind"] = choice_lookup(SupplierKind).get(row.text("kind").lower())
        if fields["kind"] is None:
            row.error("kind", _("“%(value)s” is not one of the allowed values.")
                      % {"value": row.text("kind")})  # fmt: skip
    place = None
    if row.text("place"):
        try:
            place = directory.place(row.text("place"))
        except ValueError as exc:
            row.error("place", str(exc))
        else:
            if not place.code.startswith(home_place_code()):
                row.error("place", _("%(place)s is not a helped place.") % {"place": place.name})
            elif not policy.can(user, "consumption.record", Supplier(place=place)):
                row.error("place", _("The place is not within your scope."))
    fields["place"] = place
    if not fields["households_linked"].isdigit():
        row.error("households", _("“%(value)s” is not a whole number of zero or more.")
                  % {"value": fields["households_linked"]})  # fmt: skip
    code = fields["credit_code"]
    if code and (len(code) != 18 or not code.isalnum()):
        row.error("credit_code", _("A unified social credit code has 18 letters and digits."))
    if row.text("organisation"):
        try:
            fields["organisation"] = directory.organisation(row.text("organisation"))
        except ValueError as exc:
            row.error("organisation", str(exc))
    if place is not None and fields["name"]:
        key = (place.code, fields["name"])
        if key in seen:
            row.error("name", _("Row %(row)s already has a supplier of this name and place.")
                      % {"row": seen[key]})  # fmt: skip
        else:
            seen[key] = number
        if Supplier.objects.filter(place=place, name=fields["name"]).exists():
            row.error("name", _("This place already has a supplier of that name."))
    if len(errors) > before:
        return None
    return fields


@transaction.atomic
def import_suppliers(*, source: IO[bytes], user: Any) -> list[Supplier]:
    """Register a supplier on each row; ImportRefused (and nothing written) if any cell is
    bad."""
    directory = Directory()
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    parsed: list[tuple[int, dict[str, Any]]] = []
    with first_sheet(source, SUPPLIER_COLUMNS) as (columns, rows):
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            fields = _parse_row(number, cells, columns, directory, user, seen, errors)
            if fields is not None:
                parsed.append((number, fields))
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    if not parsed:
        raise refuse(_("The first sheet has no suppliers below its header."))
    created = []
    for number, fields in parsed:
        try:
            with transaction.atomic():
                created.append(services.supplier_create(actor=user, **fields))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                column = BY_KEY.get(_SERVICE_COLUMNS.get(key, key), BY_KEY["name"])
                errors += [RowError(number, str(column.label), message) for message in messages]
    if errors:
        raise ImportRefused(errors)  # inside the transaction: the rows recorded are undone
    return created
