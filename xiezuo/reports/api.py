"""API: the reports under /api/v1/reports/ — the dashboard's figures, and the progress
report as a file (`progress`, its own router)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from ninja import Router

from xiezuo.reports.progress.api import router as progress_router

router = Router(tags=["reports"])
router.add_router("/progress", progress_router)
