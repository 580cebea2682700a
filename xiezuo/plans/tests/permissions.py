"""Permission-matrix entries for the work plan's documents and items."""

from __future__ import annotations

ENDPOINTS: list = []

READ_ONLY_PAGES = {"plan_document_list"}
WRITE_PAGES: dict[str, str] = {}
API_WRITES: dict[tuple[str, str], str] = {}
