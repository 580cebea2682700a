"""The reports only read."""

READ_ONLY_PAGES = {"figures", "pivot", "pivot_export"}
