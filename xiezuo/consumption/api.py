"""API: the consumption registry under /api/v1/consumption/."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from ninja import Router

router = Router(tags=["consumption"])
router.add_router("", "xiezuo.consumption.api_sales.router")  # buyers, sales, facilities
