"""Pausing Python's cyclic garbage collector around bulk work.

A 100,000-row upload keeps a few hundred thousand container objects alive at once (the
requests, the resolved learners, the rows of each chunk). Every time the collector's
allocation thresholds trip it walks the live objects of a generation, and the older
generations hold all of them: 1.9 s of a 5.7 s upload went to collections that found
nothing to free (bench/README.md). Reference counting still frees every object that is
not part of a cycle while the collector is paused; only the search for cycles waits
until the outermost bulk operation ends. Paused per process, so nested and concurrent
bulk operations (threads) keep it paused until the last one ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False  # whether the collector was running when the first pause began


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector paused; also usable as a decorator."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
