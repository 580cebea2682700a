"""API: the exchange registry under /api/v1/exchange/."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from ninja import Router

router = Router(tags=["exchange"])
router.add_router("", "xiezuo.exchange.api_quotas.router")
