"""Performance workarounds, in one place: what each works around, why, and when it can go.

Each keeps a lesson or a quiz quick to start on a school's small machines; the figures are measured
in `make bench` (benchmarks/README.md), not quoted here. None changes what a student sees.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector() -> Iterator[None]:
    """Run the block (or, as `@paused_collector()`, the function) with the cyclic garbage collector off.

    Why: reading a map's outlines and building its figure allocates tens of thousands of small
    lists, which sets off full collections that scan every object in the kernel (pandas, plotly and
    pydantic leave about 150,000) and find nothing, since everything a build makes is kept or freed
    by reference counting. Can go: when the kernel's Python collects incrementally (CPython 3.14),
    or when maps are built from precomputed JSON.

    Nested use is safe: only the outermost pause switches the collector back on, and a collector
    the caller had switched off stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
