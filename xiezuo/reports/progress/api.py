"""API: `POST /api/v1/reports/progress` answers a generated progress report as a file."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from ninja import Router

router = Router(tags=["reports"])
