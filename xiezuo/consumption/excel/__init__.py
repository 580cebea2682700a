"""Consumption assistance in Excel: suppliers and products exported as filtered, and
imported all or nothing — product applications (`products`) and suppliers (`suppliers`)."""

from .products import (
    PRODUCT_COLUMNS,
    import_products,
    products_workbook,
    template_workbook,
)
from .suppliers import (
    SUPPLIER_COLUMNS,
    import_suppliers,
    suppliers_template_workbook,
    suppliers_workbook,
)

__all__ = [
    "PRODUCT_COLUMNS",
    "SUPPLIER_COLUMNS",
    "import_products",
    "import_suppliers",
    "products_workbook",
    "suppliers_template_workbook",
    "suppliers_workbook",
    "template_workbook",
]
