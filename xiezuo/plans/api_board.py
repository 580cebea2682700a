"""The supervision board over the API: GET /api/v1/plans/board?document=ID."""

from ninja import Router

router = Router(tags=["plans"])
