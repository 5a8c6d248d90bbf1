"""How often Python's garbage collector runs while goalfolio builds.

A build keeps hundreds of thousands of objects alive until it ends (items, parsed front
matter, bodies, page plans), and the preview server keeps them between saves. With the
default threshold of 700 new objects the collector walks them again and again and finds
little: most garbage is freed by reference counting. That was about 8% of a cold build at
1,000 items, and a third of each save in the preview at 5,000 (a full collection per
save). As mypy does, goalfolio collects far less often; peak memory grows by a few
megabytes: 7 MB at 1,000 items, 15 MB at 10,000 (see docs/performance.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLD = (200_000, 30, 30)


@contextmanager
def collecting_less() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.set_threshold(*THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def collect_less_until_exit() -> None:
    """For a `goalfolio` process, which ends when its command does: `collecting_less` puts
    the default threshold back when a build ends, and the next allocation then sets off a
    young-generation collection over everything made since the last one (about 100,000
    objects in cycles, 0.12 s at 1,000 items) just before the process exits anyway."""
    gc.set_threshold(*THRESHOLD)
