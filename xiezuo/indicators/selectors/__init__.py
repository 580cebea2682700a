"""Reads for data entry and approval, by subject:

- `reports`: a report's state and history, the start page's choices;
- `grid`: the entry grid and a value's history;
- `completeness`: expected against received reports;
- `approval_queue`: what awaits the level above.

Callers import from the package: `from xiezuo.indicators.selectors import report_get`.
"""

from __future__ import annotations

from .approval_queue import ApprovalQueue, approval_queue
from .completeness import Completeness, completeness, expected_places
from .grid import Grid, GridCell, cell_dom_id, grid_build, grid_cell, value_history
from .reports import (
    REPORT_STATES,
    Report,
    data_set_get,
    data_set_list,
    default_period,
    default_place_code,
    place_suggestions,
    recent_reports,
    report_get,
    report_history,
    report_statuses,
    report_took_part,
)

__all__ = [
    "REPORT_STATES",
    "ApprovalQueue",
    "Completeness",
    "Grid",
    "GridCell",
    "Report",
    "approval_queue",
    "cell_dom_id",
    "completeness",
    "data_set_get",
    "data_set_list",
    "default_period",
    "default_place_code",
    "expected_places",
    "grid_build",
    "grid_cell",
    "place_suggestions",
    "recent_reports",
    "report_get",
    "report_history",
    "report_statuses",
    "report_took_part",
    "value_history",
]
