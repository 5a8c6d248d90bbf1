"""Chunks of work shared out among forked processes, the parent included, without a lock.

The queue is a pipe holding one byte per chunk: reading one byte takes one chunk, for
whichever process reads first (a pipe's read is atomic), and the pipe's end is the end of
the work. A worker killed mid-way holds nothing the others wait for, as it could hold a
lock; the parent takes what is left and finds the dead worker when it collects."""

from __future__ import annotations

import os
from collections.abc import Iterator

MAX_CHUNKS = 255  # one byte each


class ChunkQueue:
    """Chunk numbers 0 to `count` - 1, in order. Made before the fork, so that every
    worker inherits the same pipe."""

    def __init__(self, count: int) -> None:
        if not 0 <= count <= MAX_CHUNKS:
            raise ValueError(f"a queue holds 0 to {MAX_CHUNKS} chunks, not {count}")
        self.fd, write = os.pipe()
        try:
            os.write(write, bytes(range(count)))  # well under a pipe's buffer: never blocks
        finally:
            os.close(write)  # so that a read of the emptied pipe ends instead of waiting

    def taken(self) -> Iterator[int]:
        """Chunk numbers this process takes, one at a time, until none is left."""
        while self.fd >= 0:
            byte = os.read(self.fd, 1)
            if not byte:
                return
            yield byte[0]

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
