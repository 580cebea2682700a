"""Products in Excel, one layout for the export, the import and the template (suppliers:
`suppliers`).

One row per product, the header in the user's language with each column's code in
brackets — “供应主体 (supplier)” — so that the import finds its columns by those codes
(or by the plain label) whatever their order. The id, the status, the certificate and
its validity are written by the export and ignored by the import: an exported list
imports as new applications elsewhere.

The import is all or nothing: every row is read first (the supplier, the place and that
the importing user may record there, the category, the day), then each row is applied
for through `services.product_apply` in one transaction; a refusal — a bad cell or the
service's — is named on its row and column, and then nothing is written.
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
from xiezuo.spreadsheets import (
    DATE_FORMAT,
    Column,
    Row,
    append_row,
    cell_date,
    cell_text,
    choice_lookup,
    first_sheet,
    not_a_date,
    refuse,
    workbook_bytes,
    write_header,
)

from .. import services
from ..models import CertificationStep, Product, ProductCategory, Supplier

MONEY = "#,##0.00"

PRODUCT_COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("supplier", gettext_lazy("Supplier"), 28,
           gettext_lazy("A supplier registered in Xiezuo, by its name or its id."),
           required=True),
    Column("name", gettext_lazy("Name"), 24, gettext_lazy("The product's name."), required=True),
    Column("category", gettext_lazy("Category"), 14,
           gettext_lazy("Primary farm product, processed food, handicraft, rural tourism or "
                        "intangible heritage product."), required=True),
    Column("specification", gettext_lazy("Specification"), 14, gettext_lazy("Optional.")),
    Column("unit", gettext_lazy("Unit"), 8, gettext_lazy("Optional, e.g. jin, box.")),
    Column("price", gettext_lazy("Price (yuan per unit)"), 12,
           gettext_lazy("Yuan, at most two decimals; may be empty.")),
    Column("capacity_value", gettext_lazy("Annual supply capacity (yuan)"), 18,
           gettext_lazy("Yuan, zero or more; may be empty.")),
    Column("capacity_quantity", gettext_lazy("Annual supply capacity (quantity, in units)"),
           18, gettext_lazy("Zero or more; may be empty.")),
    Column("place", gettext_lazy("Place of origin"), 16,
           gettext_lazy("The helped place's division code; empty: the supplier's place.")),
    Column("households", gettext_lazy("Poor households benefiting"), 12,
           gettext_lazy("A whole number; may be empty.")),
    Column("applied_on", gettext_lazy("Applied on"), 12,
           gettext_lazy("A date, e.g. 2019-05-08; empty: today.")),
    Column("status", gettext_lazy("Status"), 12,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("certificate", gettext_lazy("Certificate number"), 16,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("valid_until", gettext_lazy("Valid until"), 12,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
)  # fmt: skip
BY_KEY = {c.key: c for c in PRODUCT_COLUMNS}
# which column a service's refusal of a field belongs to
_SERVICE_COLUMNS = {
    "supplier": "supplier", "name": "name", "category": "category", "place": "place",
    "price": "price", "capacity_value": "capacity_value",
    "capacity_quantity": "capacity_quantity", "households_benefiting": "households",
    "on": "applied_on",
}  # fmt: skip

# --- out


def _product_cells(product: Product) -> list[Any]:
    cells: dict[str, Any] = {
        "uid": product.uid,
        "supplier": product.supplier.name,
        "name": product.name,
        "category": str(product.get_category_display()),
        "specification": product.specification,
        "unit": product.unit,
        "price": product.price,
        "capacity_value": product.capacity_value,
        "capacity_quantity": product.capacity_quantity,
        "place": f"{product.place.code} {product.place.name}",
        "households": product.households_benefiting,
        "applied_on": None,
        "status": str(product.get_status_display()),
        "certificate": product.certificate_number,
        "valid_until": product.valid_until,
    }
    return [cells[c.key] for c in PRODUCT_COLUMNS]


def new_sheet(workbook: Workbook, title: str, columns: Sequence[Column]) -> Any:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    write_header(sheet, columns, comments=True)
    return sheet


def products_workbook(products: QuerySet[Product]) -> bytes:
    """One row per product (price and capacity in yuan, exact)."""
    workbook = Workbook()
    sheet = new_sheet(workbook, _("Products"), PRODUCT_COLUMNS)
    keys = [c.key for c in PRODUCT_COLUMNS]
    applied = {
        step.product_id: step.on
        for step in CertificationStep.objects.filter(
            product__in=products.values("pk"), kind="apply"
        ).order_by("at")
    }
    for product in products:
        cells = _product_cells(product)
        cells[keys.index("applied_on")] = applied.get(product.pk)
        append_row(sheet, cells)
    for row in sheet.iter_rows(min_row=2):
        for key in ("applied_on", "valid_until"):
            row[keys.index(key)].number_format = DATE_FORMAT
        for key in ("price", "capacity_value"):
            row[keys.index(key)].number_format = MONEY
    return workbook_bytes(workbook)


def template_workbook() -> bytes:
    """The header alone, each column's help as a note."""
    workbook = Workbook()
    new_sheet(workbook, _("Products"), PRODUCT_COLUMNS)
    return workbook_bytes(workbook)


# --- in


def _supplier(text: str) -> Supplier | None:
    by_uid = Supplier.objects.filter(uid=text).select_related("place").first()
    if by_uid is not None:
        return by_uid
    named = list(Supplier.objects.filter(name=text).select_related("place")[:2])
    return named[0] if len(named) == 1 else None


def _parse_row(
    number: int, cells: Sequence[Any], columns: dict[str, int], directory: Directory,
    user: Any, errors: list[RowError],
) -> dict[str, Any] | None:  # fmt: skip
    before = len(errors)
    row = Row(number, cells, columns, {k: str(c.label) for k, c in BY_KEY.items()}, errors)
    row.require("supplier", "name", "category")
    fields: dict[str, Any] = {
        key: row.text(column)
        for key, column in (
            ("name", "name"), ("specification", "specification"), ("unit", "unit"),
            ("price", "price"), ("capacity_value", "capacity_value"),
            ("capacity_quantity", "capacity_quantity"), ("households_benefiting", "households"),
        )
    }  # fmt: skip
    if row.text("supplier"):
        fields["supplier"] = _supplier(row.text("supplier"))
        if fields["supplier"] is None:
            row.error("supplier", _("No one supplier has the name or id “%(value)s”.")
                      % {"value": row.text("supplier")})  # fmt: skip
    if row.text("category"):
        fields["category"] = choice_lookup(ProductCategory).get(row.text("category").lower())
        if fields["category"] is None:
            row.error("category", _("“%(value)s” is not one of the allowed values.")
                      % {"value": row.text("category")})  # fmt: skip
    if row.text("place"):
        try:
            fields["place"] = directory.place(row.text("place"))
        except ValueError as exc:
            row.error("place", str(exc))
    if row.text("applied_on"):
        fields["on"] = cell_date(row.cell("applied_on"))
        if fields["on"] is None:
            row.error("applied_on", not_a_date(row.cell("applied_on")))
    supplier = fields.get("supplier")
    if supplier is not None:
        candidate = Product(supplier=supplier, place=fields.get("place") or supplier.place)
        if not policy.can(user, "consumption.record", candidate):
            row.error("supplier", _("Neither the supplier nor the place is within your scope."))
    if len(errors) > before:
        return None
    return fields


@transaction.atomic
def import_products(*, source: IO[bytes], user: Any) -> list[Product]:
    """Apply for a product on each row; ImportRefused (and nothing written) if any cell is
    bad."""
    directory = Directory()
    errors: list[RowError] = []
    parsed: list[tuple[int, dict[str, Any]]] = []
    with first_sheet(source, PRODUCT_COLUMNS) as (columns, rows):
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            fields = _parse_row(number, cells, columns, directory, user, errors)
            if fields is not None:
                parsed.append((number, fields))
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    if not parsed:
        raise refuse(_("The first sheet has no products below its header."))
    created = []
    for number, fields in parsed:
        try:
            with transaction.atomic():
                created.append(services.product_apply(actor=user, **fields))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                label = str(BY_KEY[_SERVICE_COLUMNS.get(key, "name")].label)
                errors += [RowError(number, label, message) for message in messages]
    if errors:
        raise ImportRefused(errors)  # inside the transaction: the rows recorded are undone
    return created
