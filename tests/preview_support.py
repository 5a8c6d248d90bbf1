"""Helpers for the preview tests: a small project, a running preview, an event-stream client.

The project carries its own `home.html` (found before the built-in theme's) that shows the
profile's Markdown body and the latest evidence, so these tests do not depend on how the
built-in pages look, only on the preview's behaviour.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conftest import make_project

from goalfolio.config import find_project
from goalfolio.preview import Preview, PreviewOptions

CONFIG = "title: Test portfolio\nbase_url: https://name.github.io/portfolio/\ntoday: 2026-11-20\naudiences: [manager]\n"
PROFILE = "---\nname: Test Person\n---\nThe first version of the bio.\n"
HOME = """{% extends "base.html" %}
{% block content %}
<h1>{{ profile.name }}</h1>
<div class="bio">{{ body(profile) }}</div>
<ul class="latest">{% for e in latest_evidence %}<li>{{ e.title }}</li>{% endfor %}</ul>
{% endblock %}
"""
GOAL = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
EVIDENCE = "---\ntitle: Shipped the checkout\ndate: 2026-05-22\nkind: project\ngoals: [lead-team]\n---\nWhat happened.\n"
BAD_GOAL = GOAL.replace("start: 2026-01-01", "start: 2026-13-01")


def small_project(tmp_path: Path) -> Path:
    return make_project(tmp_path, {
        "content/profile.md": PROFILE,
        "content/goals/lead-team.md": GOAL,
        "content/evidence/checkout.md": EVIDENCE,
        "themes/default/templates/home.html": HOME,
    }, config=CONFIG)


@contextmanager
def running_preview(root: Path, **options: Any) -> Iterator[Preview]:
    """A real preview on an ephemeral loopback port, stopped afterwards whatever happens."""
    settings = {"port": 0, "quiet": 0.05, "heartbeat": 0.2, **options}
    preview = Preview(find_project(root), PreviewOptions(**settings), out=io.StringIO())
    preview.start()
    try:
        yield preview
    finally:
        preview.stop()


def get(preview: Preview, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        sent = {"Host": f"127.0.0.1:{preview.server.port}", **(headers or {})}
        for name, value in sent.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def embedded_state(html: bytes) -> dict[str, Any]:
    """The state the server injected into a page (page path, generation, diagnostics)."""
    text = html.decode("utf-8")
    start = text.index('<script id="goalfolio-state" type="application/json">') + len('<script id="goalfolio-state" type="application/json">')
    return dict(json.loads(text[start:text.index("</script>", start)]))


def open_stream(port: int, base_path: str = "/portfolio/") -> socket.socket:
    """A live-reload stream opened on a raw socket, as a tab opens it, once the server has
    said hello on it; it stays open until closed, read or not."""
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    client.sendall(f"GET {base_path}__goalfolio/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    received = b""
    while b"event: hello" not in received:
        piece = client.recv(65536)
        assert piece, received
        received += piece
    return client


class EventClient:
    """Reads the server-sent event stream in a thread, as a browser tab would."""

    def __init__(self, preview: Preview) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=10)
        self.connection.request("GET", preview.base_path + "__goalfolio/events")
        self.socket = self.connection.sock  # let go by the connection once the answer says `Connection: close`
        self.response = self.connection.getresponse()
        self.events: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        name, data = "message", ""
        stream = self.response.fp
        try:
            while True:
                line = stream.readline()
                if not line:
                    return
                text = line.decode("utf-8").rstrip("\r\n")
                if text.startswith("event:"):
                    name = text[6:].strip()
                elif text.startswith("data:"):
                    data += text[5:].strip()
                elif text == "" and data:
                    self.events.put((name, json.loads(data)))
                    name, data = "message", ""
        except (OSError, ValueError):
            return

    def next(self, name: str = "build", timeout: float = 10.0, where: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
        """The next event called `name` (matching `where`), skipping others."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no `{name}` event within {timeout}s")
            try:
                event, data = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if event == name and (where is None or where(data)):
                return data

    def ended(self, timeout: float = 10.0) -> bool:
        """Whether the server ends the stream (its reader meets the end) within `timeout` seconds."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def close(self) -> None:
        """Hang up as a closing tab does: the socket really goes, not just this object. The
        connection had let go of it (the stream's answer closes the connection), so only
        closing the reader ended it, which waited for the next heartbeat or the 10 s timeout."""
        with contextlib.suppress(OSError):  # closed already
            self.socket.shutdown(socket.SHUT_RDWR)
        self.connection.close()
        self.response.close()
