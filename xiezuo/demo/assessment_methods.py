"""The demo's assessment methods: the shipped 2017 and 2021 methods (their weights and
the 2021 provincial key counties illustrative, as the files say).

Idempotent, and it never overwrites: a method whose code exists is left as it is, so that
the demo loaded again neither undoes a coordinator's edits nor touches a method locked by
its assessments (`xiezuo assessment load-method --shipped` updates them on purpose)."""

from __future__ import annotations

import json

from xiezuo.reports.assessment.methods import METHOD_FILES, SHIPPED, method_get, method_save


def load_assessment_methods() -> int:
    """Create the shipped methods that are missing; the number created."""
    created = 0
    for name in SHIPPED:
        data = json.loads((METHOD_FILES / name).read_text(encoding="utf-8"))
        if method_get(data["code"]) is None:
            method_save(data=data)
            created += 1
    return created
