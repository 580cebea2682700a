"""The reports only read."""

READ_ONLY_PAGES = {"dashboard", "figures", "pivot", "pivot_export"}
