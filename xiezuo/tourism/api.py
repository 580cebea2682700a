"""API: the tourism registry under /api/v1/tourism/."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from ninja import Router

router = Router(tags=["tourism"])
