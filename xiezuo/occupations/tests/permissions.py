"""Permission-matrix entries for the occupation classification: read-only for everyone signed
in (policy action `occupation.view`); it is loaded from the file, never edited."""

from __future__ import annotations

READ_ONLY_PAGES = {
    "occupation_list", "occupation_detail", "occupation_children", "occupation_options",
}  # fmt: skip
