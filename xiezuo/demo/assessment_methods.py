"""The demo's assessment methods: the shipped 2017 and 2021 methods (their weights and
the 2021 provincial key counties illustrative, as the files say). Idempotent."""

from __future__ import annotations

from xiezuo.reports.assessment.methods import shipped_methods_load


def load_assessment_methods() -> int:
    """Load both shipped methods (by code); the number created."""
    return sum(1 for _method, outcome in shipped_methods_load() if outcome == "created")
