"""JSON API of the work plan (/api/v1/plans/…)."""

from ninja import Router

from .api_board import router as board_router

router = Router(tags=["plans"])
router.add_router("", board_router)
