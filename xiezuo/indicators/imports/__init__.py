"""Importing data values: DHIS2 dataValueSets JSON and CSV, ADX and DHIS2 XML, Excel."""

from __future__ import annotations

from .pipeline import BATCH, values_import
from .readers import FileRefused, format_of_content_type, format_of_name
from .summary import ImportOptions, ImportSummary, OptionError

__all__ = [
    "BATCH",
    "FileRefused",
    "ImportOptions",
    "ImportSummary",
    "OptionError",
    "format_of_content_type",
    "format_of_name",
    "values_import",
]
