"""Writes of the indicators app, by subject:

- `values`: data values, one at a time (entry) or in batches (import, demo,
  derived figures), each change kept;
- `reports`: a report's life: its cells saved from the entry grid, marked
  complete, approved or returned by the level above, un-approved.

Callers import from the package: `from xiezuo.indicators.services import value_set`.
"""

from __future__ import annotations

from .reports import (
    cell_save,
    report_approve,
    report_complete,
    report_return,
    report_unapprove,
    report_uncomplete,
)
from .values import (
    Checked,
    PreparedBatch,
    WriteSummary,
    value_delete,
    value_set,
    values_apply,
    values_bulk_key_checks,
    values_prepare,
    values_write,
)

__all__ = [
    "Checked",
    "PreparedBatch",
    "WriteSummary",
    "cell_save",
    "report_approve",
    "report_complete",
    "report_return",
    "report_unapprove",
    "report_uncomplete",
    "value_delete",
    "value_set",
    "values_apply",
    "values_bulk_key_checks",
    "values_prepare",
    "values_write",
]
