"""The reports only read."""

READ_ONLY_PAGES = {"figures"}
