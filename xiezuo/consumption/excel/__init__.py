"""Consumption assistance in Excel: suppliers and products exported as filtered, and
product applications imported all or nothing (`products`)."""

from .products import (
    PRODUCT_COLUMNS,
    import_products,
    products_workbook,
    suppliers_workbook,
    template_workbook,
)

__all__ = [
    "PRODUCT_COLUMNS",
    "import_products",
    "products_workbook",
    "suppliers_workbook",
    "template_workbook",
]
