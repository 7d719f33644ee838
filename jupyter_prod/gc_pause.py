"""Python's cycle collector, paused while one notebook is analysed.

Analysing a notebook builds tens of thousands of objects (syntax trees, facts) that all live
until the report is made. The cycle collector, triggered every few hundred allocations, walks
them again and again while they grow, and finds nothing to free: 5 % of a check's time, a
quarter before the analysis allocated less (`bench/bench_gc_pause.py`, bench/RESULTS.md).
Paused, it runs once afterwards and frees the analysis's cycles then.
Reference counting still frees everything else at once, so memory stays bounded by one
notebook's analysis.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # analyses running in this process (the server runs them in threads too)
_we_disabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it is turned back on when the last
    paused block in the process ends, unless it was off before the first began."""
    global _depth, _we_disabled
    with _lock:
        if _depth == 0:
            _we_disabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _we_disabled:
                gc.enable()
