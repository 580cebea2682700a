"""Permission-matrix entries for the job fair and training registers (read-only pages)."""

from __future__ import annotations

ENDPOINTS: list = []
API_WRITES: dict = {}
READ_ONLY_PAGES = {"labour_fair_list", "labour_training_class_list"}
WRITE_PAGES: dict = {}
