"""Permission-matrix entries for the labour registries (read-only pages for now)."""

from __future__ import annotations

ENDPOINTS: list = []
API_WRITES: dict = {}
READ_ONLY_PAGES = {"labour_worker_list", "labour_worker_detail", "labour_placement_list"}
WRITE_PAGES: dict = {}
