"""The overview and health pages only read."""

READ_ONLY_PAGES = {"home", "healthz", "metrics"}  # /metrics: by address or token (test_operations)
