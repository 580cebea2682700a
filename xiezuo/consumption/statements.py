"""Sales in Excel: the export of the list, and the import of a channel's monthly statement
(the 832 platform's, the East–West product market's, a shop's), one layout for both.

One row per sale, the header in the user's language with each column's code in brackets
— “订单号 (order_number)” — so the import finds its columns by those codes (or by the plain
label) whatever their order. The id, whether the sale counts, and the reversal are
written by the export and ignored by the import.

The import is all or nothing: every row is read and checked first — the buyer (and that
the importing user may record its purchases: the buyer's side or the supplier's in
scope), the supplier and its product, the day, the amount and quantity, the order number
(required; refused if repeated in the file or already recorded for that buyer) — and one
bad cell refuses the whole file with a message per row and column; then each row is
recorded by `sales.sale_record` in one transaction, and a refusal by the service is named
on its row too and undoes the rows before it. A sale of a product not certified on its
day is imported (kept apart, as on the page).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from xiezuo.accounts import policy
from xiezuo.amounts import amount_clean
from xiezuo.importing import ImportRefused, RowError
from xiezuo.spreadsheets import (
    DATE_FORMAT,
    Column,
    Row,
    append_row,
    cell_date,
    cell_text,
    first_sheet,
    not_a_date,
    refuse,
    workbook_bytes,
    write_header,
)

from . import sales
from .models import ZERO, Buyer, Product, Sale, Supplier
from .sources import Certification

MONEY = "#,##0.00"

COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("sold_on", gettext_lazy("Date"), 12, gettext_lazy("A date, e.g. 2018-05-08."),
           required=True),
    Column("buyer", gettext_lazy("Buyer"), 28,
           gettext_lazy("A buyer or channel known to Xiezuo, by its name or id."),
           required=True),
    Column("supplier", gettext_lazy("Supplier"), 28,
           gettext_lazy("The supplier, by its name or id; may be empty if the product is "
                        "named by its id."), required=True),
    Column("product", gettext_lazy("Product"), 20,
           gettext_lazy("One of the supplier's products, by its name or id; may be empty.")),
    Column("quantity", gettext_lazy("Quantity"), 10, gettext_lazy("May be empty.")),
    Column("amount", gettext_lazy("Amount (yuan)"), 16,
           gettext_lazy("Yuan, at most two decimals."), required=True),
    Column("order_number", gettext_lazy("Order or invoice number"), 22,
           gettext_lazy("Once per buyer."), required=True),
    Column("counts", gettext_lazy("Counts toward the consumption figure"), 12,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("reverses", gettext_lazy("Reverses"), 13,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("note", gettext_lazy("Note"), 30, gettext_lazy("Optional.")),
)  # fmt: skip
BY_KEY = {c.key: c for c in COLUMNS}
_SERVICE_COLUMNS = {
    "buyer": "buyer", "supplier": "supplier", "product": "product", "sold_on": "sold_on",
    "amount": "amount", "quantity": "quantity", "order_number": "order_number",
}  # fmt: skip


# --- totals


@dataclass
class SaleTotals:
    """The net sales of a list (reversed sales and reversals left out), those that count
    toward the consumption figure and those kept apart."""

    sales: int = 0
    amount: Decimal = ZERO
    certified: Decimal = ZERO
    uncertified: Decimal = ZERO
    counted: set[int] = field(default_factory=set)


def sale_totals(found: QuerySet[Sale]) -> SaleTotals:
    rows = list(
        found.filter(reverses__isnull=True, reversed_by__isnull=True).values_list(
            "id", "product_id", "sold_on", "amount"
        )
    )
    certification = Certification(r[1] for r in rows if r[1] is not None)
    totals = SaleTotals()
    for pk, product, day, amount in rows:
        totals.sales += 1
        totals.amount += amount
        if certification.counts(product, day):
            totals.certified += amount
            totals.counted.add(pk)
        else:
            totals.uncertified += amount
    return totals


# --- out


def _sheet(workbook: Workbook) -> Any:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Sales")
    write_header(sheet, COLUMNS, comments=True)
    return sheet


def sales_workbook(found: QuerySet[Sale]) -> bytes:
    """One row per sale or reversal (amounts exact, a reversal's negative), then totals."""
    workbook = Workbook()
    sheet = _sheet(workbook)
    counting = Certification(found.exclude(product=None).values_list("product_id", flat=True))
    yes, no = _("yes"), _("no")
    for sale in found:
        counts = not sale.reverses_id and counting.counts(sale.product_id, sale.sold_on)
        cells: dict[str, Any] = {
            "uid": sale.uid, "sold_on": sale.sold_on, "buyer": sale.buyer.name,
            "supplier": sale.supplier.name, "product": sale.product.name if sale.product else "",
            "quantity": sale.quantity, "amount": sale.signed_amount,
            "order_number": sale.order_number, "counts": yes if counts else no,
            "reverses": sale.reverses.uid if sale.reverses else "", "note": sale.note,
        }  # fmt: skip
        append_row(sheet, [cells[c.key] for c in COLUMNS])
    keys = [c.key for c in COLUMNS]
    totals = sale_totals(found)
    total: list[Any] = [""] * len(keys)
    total[keys.index("buyer")] = _("Total")
    total[keys.index("amount")] = totals.amount
    append_row(sheet, total, bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[keys.index("sold_on")].number_format = DATE_FORMAT
        row[keys.index("amount")].number_format = MONEY
    return workbook_bytes(workbook)


def template_workbook() -> bytes:
    """The header alone, each column's help as a note."""
    workbook = Workbook()
    _sheet(workbook)
    return workbook_bytes(workbook)


# --- in


class _Known:
    """Buyers, suppliers and products by id or name, read once."""

    def __init__(self) -> None:
        self.buyers = _index(Buyer.objects.select_related("place"))
        self.suppliers = _index(Supplier.objects.select_related("place"))
        self.products: dict[tuple[int, str], list[Product]] = {}
        self.product_uids: dict[str, Product] = {}
        for product in Product.objects.select_related("supplier", "place"):
            self.products.setdefault((product.supplier_id, product.name), []).append(product)
            self.product_uids[product.uid] = product


def _index(items: Iterable[Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for item in items:
        found.setdefault(item.uid, []).append(item)
        found.setdefault(item.name, []).append(item)
    return found


def _one(index: dict[str, list[Any]], text: str, kind: str) -> Any:
    matches = index.get(text, [])
    if not matches:
        raise ValueError(_("No %(kind)s is named “%(name)s”.") % {"kind": kind, "name": text})
    if len(matches) > 1:
        raise ValueError(
            _("More than one %(kind)s is named “%(name)s”; give its id.")
            % {"kind": kind, "name": text}
        )
    return matches[0]


@dataclass
class ParsedRow:
    row: int
    fields: dict[str, Any]


def _parse_row(
    number: int, cells: Sequence[Any], columns: dict[str, int], known: _Known, user: Any,
    seen: dict[tuple[int, str], int], errors: list[RowError],
) -> ParsedRow | None:  # fmt: skip
    before = len(errors)
    row = Row(number, cells, columns, {k: str(c.label) for k, c in BY_KEY.items()}, errors)
    row.require("sold_on", "buyer", "amount", "order_number")
    fields: dict[str, Any] = {"note": row.text("note"), "product": None}
    buyer: Buyer | None = None
    if row.text("buyer"):
        try:
            buyer = fields["buyer"] = _one(known.buyers, row.text("buyer"), _("buyer"))
        except ValueError as exc:
            row.error("buyer", str(exc))
    if row.text("product") and row.text("product") in known.product_uids:
        fields["product"] = known.product_uids[row.text("product")]
    supplier: Supplier | None = None
    if row.text("supplier"):
        try:
            supplier = _one(known.suppliers, row.text("supplier"), _("supplier"))
        except ValueError as exc:
            row.error("supplier", str(exc))
    elif fields["product"] is not None:
        supplier = fields["product"].supplier
    else:
        row.error("supplier", _("This cell must be filled in."))
    fields["supplier"] = supplier
    if supplier is not None and row.text("product") and fields["product"] is None:
        named = known.products.get((supplier.pk, row.text("product")), [])
        if len(named) == 1:
            fields["product"] = named[0]
        else:
            row.error("product", _("%(supplier)s has no product named “%(name)s”.")
                      % {"supplier": supplier.name, "name": row.text("product")})  # fmt: skip
    if row.text("sold_on"):
        fields["sold_on"] = cell_date(row.cell("sold_on"))
        if fields["sold_on"] is None:
            row.error("sold_on", not_a_date(row.cell("sold_on")))
    if row.text("amount"):
        try:
            fields["amount"] = amount_clean(row.text("amount"))
        except ValidationError as exc:
            row.error("amount", " ".join(exc.messages))
    try:
        fields["quantity"] = sales.quantity_clean(row.text("quantity"))
    except ValidationError as exc:
        row.error("quantity", " ".join(exc.messages))
    number_text = fields["order_number"] = row.text("order_number")
    if buyer is not None and number_text:
        first = seen.setdefault((buyer.pk, number_text), number)
        if first != number:
            row.error(
                "order_number",
                _("The order number %(number)s is repeated: it is on row %(row)s too.")
                % {"number": number_text, "row": first},
            )
        elif Sale.objects.filter(buyer=buyer, order_number=number_text,
                                 reverses__isnull=True).exists():  # fmt: skip
            row.error("order_number", sales.repeated_order(buyer, number_text))
    candidate = Sale(buyer=buyer, supplier=supplier) if buyer and supplier else None
    if candidate is not None and not policy.can(user, "consumption.record", candidate):
        row.error("buyer", _("Neither the buyer nor the supplier is within your scope."))
    if len(errors) > before:
        return None
    return ParsedRow(number, fields)


@transaction.atomic
def import_statement(*, source: IO[bytes], user: Any) -> list[Sale]:
    """Record a sale for each row of a channel's statement; ImportRefused (and nothing
    written) if any cell is bad."""
    known = _Known()
    total_labels = {str(_("Total")), "Total", "合计"}
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    seen: dict[tuple[int, str], int] = {}
    with first_sheet(source, COLUMNS) as (columns, rows):
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            buyer = cell_text(cells[columns["buyer"]]) if columns["buyer"] < len(cells) else ""
            if buyer in total_labels:
                continue  # the export's row of totals
            row = _parse_row(number, cells, columns, known, user, seen, errors)
            if row is not None:
                parsed.append(row)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    if not parsed:
        raise refuse(_("The first sheet has no sales below its header."))
    created = []
    for row in parsed:
        try:
            created.append(sales.sale_record(actor=user, **row.fields))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                label = str(BY_KEY[_SERVICE_COLUMNS.get(key, "order_number")].label)
                errors += [RowError(row.row, label, message) for message in messages]
    if errors:
        raise ImportRefused(errors)  # inside the transaction: the rows recorded are undone
    return created
