"""Ctrl-C and SIGTERM held back for a few steps that must not be cut in two: forking a
pool's workers (`parallel`), making a staging folder and noting it as this process's, and
its two renames over the old site (`staging`), and renaming a small edit's pages over their
old ones (`writer`). Held, a stop stays pending and comes once the block has ended, as the
KeyboardInterrupt goalfolio's handler raises."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}  # Ctrl-C, and what stops a preview or a worker


@contextmanager
def stop_signals_held() -> Iterator[None]:
    """`STOP_SIGNALS` stay pending, in this thread and in the processes forked meanwhile,
    until the end of the block."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no fork, no signal masks
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
