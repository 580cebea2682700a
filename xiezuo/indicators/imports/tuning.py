"""The interpreter settings a large import runs with, and their return afterwards.

Two settings make a million-value import markedly faster (see
`bench/import_values.py`):

- the garbage collector's thresholds: an import makes no reference cycles
  worth collecting early, yet the default thresholds make the collector scan
  the batch in hand thousands of times while a million short-lived dicts and
  tuples pass by;
- the thread switch interval: the reading thread holds the GIL nearly all the
  time; the writer thread lets it go at each call into the database driver and
  then waits up to the switch interval to have it back, many times per batch,
  while the database waits for its data (1 ms rather than Python's 5: about a
  tenth less time on PostgreSQL, no worse on SQLite).

Both belong to the whole process: CPython cannot give them to one thread. So
they are confined in time instead. An import asks for them only once it has
filled its first batch (`Tuning.engage`): a request posting a few values —
nearly every request a web worker serves — never changes them. Imports
running at the same time are counted; the last one to end, whether it
succeeded or failed, puts back what was there before the first began.
"""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any

GC_THRESHOLD = (100_000, 50, 100)
SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005

_lock = threading.Lock()
_running = 0  # imports running with the settings
_saved: tuple[tuple[int, ...], float] | None = None  # the settings before the first


def _enter() -> None:
    global _running, _saved
    with _lock:
        if not _running:
            _saved = (gc.get_threshold(), sys.getswitchinterval())
            gc.set_threshold(*GC_THRESHOLD)
            sys.setswitchinterval(SWITCH_INTERVAL)
        _running += 1


def _leave() -> None:
    global _running, _saved
    with _lock:
        _running -= 1
        if not _running and _saved is not None:
            threshold, interval = _saved
            gc.set_threshold(*threshold)
            sys.setswitchinterval(interval)
            _saved = None


class Tuning:
    """One import's claim on the settings: `with Tuning() as tuning: … tuning.engage()`.

    Nothing changes until `engage()`; leaving the block (normally or by an
    exception) gives the claim back.
    """

    def __init__(self) -> None:
        self.engaged = False

    def engage(self) -> None:
        if not self.engaged:
            _enter()
            self.engaged = True

    def __enter__(self) -> Tuning:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.engaged:
            self.engaged = False
            _leave()
