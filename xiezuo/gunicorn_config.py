"""gunicorn's settings for Xiezuo (`gunicorn --config python:xiezuo.gunicorn_config`,
as `make run`, the tests' servers and deploy/xiezuo.service start it): the
Prometheus metrics of all workers.

Every worker is a process of its own, so each writes its counts to files in
`PROMETHEUS_MULTIPROC_DIR` (default `<XIEZUO_VAR_DIR>/metrics`), which a scrape of
/metrics adds up (`xiezuo.metrics`). The directory is emptied when the server starts (the
counts of a previous run would be mixed in); a worker that exits — recycled after
`--max-requests`, or killed — leaves its counts there, so totals do not drop.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def metrics_dir() -> Path:
    """Where the workers write their metrics (the var directory as settings.py finds it)."""
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XIEZUO_VAR_DIR", Path.cwd() / "var")).resolve() / "metrics"


def on_starting(server: Any) -> None:
    """In the master, before any worker: an empty directory, named in the environment
    the workers inherit (prometheus_client reads it when it is first imported)."""
    path = metrics_dir()
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.db"):
        old.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
