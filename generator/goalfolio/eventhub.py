"""Rebuild events for the open live-reload streams: each stream owns one queue, and a
build's event is put on every one. Closing the hub ends them all, so their threads return
as the preview stops.
"""

from __future__ import annotations

import json
import queue
import threading
from typing import Any

# A stream stays open as long as its tab, with a thread of its own in the server; the other
# connections end within seconds of their last request. A browser follows the preview with
# one stream for all its tabs (a shared worker), and one per tab where it has no shared
# workers (Chrome on Android): 64 is far more than one person's browsers need, and leaves
# the server's other connections (server.MAX_CONNECTIONS) to load pages.
MAX_STREAMS = 64


class EventHub:
    """Fans rebuild events out to every open event stream; each stream owns one queue."""

    def __init__(self, limit: int = MAX_STREAMS) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._streams: set[queue.Queue[str | None]] = set()
        self._closed = False

    def subscribe(self) -> queue.Queue[str | None] | None:
        """A new stream's queue, or None while `limit` streams are open."""
        stream: queue.Queue[str | None] = queue.Queue()
        with self._lock:
            if self._closed:
                stream.put(None)
            elif len(self._streams) >= self.limit:
                return None
            else:
                self._streams.add(stream)
        return stream

    def unsubscribe(self, stream: queue.Queue[str | None]) -> None:
        with self._lock:
            self._streams.discard(stream)

    def broadcast(self, event: str, data: dict[str, Any]) -> None:
        message = f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        with self._lock:
            for stream in self._streams:
                stream.put(message)

    def close(self) -> None:
        """Ends every stream so their threads return and the sockets close."""
        with self._lock:
            self._closed = True
            for stream in self._streams:
                stream.put(None)
            self._streams.clear()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._streams)
