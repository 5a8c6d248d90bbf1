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
import threading
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLD = (200_000, 30, 30)
IDLE_COLLECTION_SECONDS = 1.0


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


class IdleCollection:
    """Full collections for the preview, once no build has come for `delay` seconds.

    Under `THRESHOLD` some of a save's garbage in cycles outlives the young generations and
    waits for a rare full collection: Jinja's contexts and macros refer to each other, and
    through the page's variables to the renderer and the site graph of that build. A
    preview of 10,000 items grew from 363 to 780 MB over 100 saves that way, and stayed
    at about 425 MB with a full collection after each save. That collection takes about
    0.5 s there, so it waits until the preview is idle: a save pays for it only when it
    comes while the collection runs."""

    def __init__(self, lock: threading.Lock, delay: float | None = IDLE_COLLECTION_SECONDS) -> None:
        self._lock = lock  # the preview's build lock: a collection never runs beside a build
        self._delay = delay  # None: never (bench/preview_memory.py compares)
        self._builds = 0
        self._timer: threading.Timer | None = None

    def after_build(self) -> None:
        """Called by the build that holds the lock, as it ends."""
        if self._delay is None:
            return
        self._builds += 1
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self._delay, self._collect, args=(self._builds,))
        self._timer.name = "goalfolio-collector"
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        """A build ending in another thread may have made its timer and not yet started it:
        joining that raised. Cancelled first, it ends at once whenever it starts."""
        self._delay = None  # a build the preview's stop gave up waiting for sets off none as it ends
        timer = self._timer
        if timer is not None:
            timer.cancel()
            if timer.is_alive():
                timer.join()

    def _collect(self, build: int) -> None:
        """Not while a build runs: the build sets off a collection of its own as it ends. One
        that waited for the lock held up the preview's stop, which waits for it, until the
        build ended, however long after the stop gave up waiting for the build itself."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            if build == self._builds:  # no build ended since this one was set off
                gc.collect()
        finally:
            self._lock.release()
