"""API: the assessments under /api/v1/assessments."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from ninja import Router

router = Router(tags=["assessments"])
