"""Progress bars for long commands: tqdm on a terminal, silence elsewhere (cron, logs, tests)."""

from __future__ import annotations

import sys
from collections.abc import Callable


def progress_bar(
    *, total: int | None, desc: str, unit: str, enabled: bool | None = None
) -> Callable[[int], None]:
    """A function to call with each step's size. `enabled=None`: only when stderr is a terminal."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return lambda n: None
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)
    return bar.update
