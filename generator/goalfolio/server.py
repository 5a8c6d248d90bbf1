"""The preview's HTTP side: serves the last good build from memory, never from disk.

Everything served comes from one immutable `Snapshot` that the preview swaps in whole
after each rebuild, so a request sees either the old site or the new one, never a mix.
Paths are checked as strings against that dict (`httpfiles`); nothing here opens a file,
so there is no path the server could be tricked into reading. The live-reload script and
the error state are injected into HTML responses only, never into the build output.
"""

from __future__ import annotations

import io
import json
import queue
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, urlsplit

from .connections import (
    MAX_CONNECTIONS,
    RETRY_AFTER_SECONDS,
    LimitedThreads,
    RequestReader,
    end_if_client_vanishes,
    hung_up,
)
from .eventhub import EventHub
from .hosts import LOOPBACK_NAMES, is_address, machine_names, split_host
from .httpfiles import (
    CONTENT_TYPES,
    UNSATISFIABLE,
    awaited_page,
    built_name,
    content_type_for,
    output_path,
    requested_range,
    safe_relative_path,
    url_text,
)
from .livereload import CLIENT_SCRIPT, WORKER_SCRIPT, failed_build_page, sent

INTERNAL = "__goalfolio/"
HEARTBEAT_SECONDS = 15.0
# How often a live-reload stream waiting for an event looks whether its tab has closed: a
# wake-up and a system call a second for each open stream (a browser has one for all its tabs).
HANGUP_CHECK_SECONDS = 1.0
# How long a connection may wait for a request, a request take to arrive whole from its
# first byte (`RequestReader`), or a client take to read the next piece of an answer, before
# the server closes it: 5 s, as Node's and uvicorn's keep-alive timeout. A browser opens
# connections it may never use, and keeps those it used for the next page.
IDLE_SECONDS = 5.0
WRITE_PIECE = 64 * 1024  # the idle timeout bounds each piece, not the whole answer

ASSETS = "assets/"
# The preview's origin holds the owner's view, private items included: a file of
# content/assets/ (an SVG or HTML page, perhaps from a co-author) opened in the tab gets an
# origin of its own, where its scripts run, as on the published site, but read no page.
# Nor is the preview's state injected there, with the problems of a broken save: a script
# reads its own page, and the live reload cannot run without an origin anyway.
ASSET_SANDBOX = {"Content-Security-Policy": "sandbox allow-scripts"}
NOT_FOUND_PAGE = "404.html"


@dataclass(frozen=True)
class Snapshot:
    """What the server shows: the last good files and, when the latest build failed, why."""

    files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: tuple[dict[str, object], ...] = ()
    generation: int = 0


class PreviewServer(LimitedThreads, ThreadingHTTPServer):
    """A threading server whose handlers read the current snapshot through `snapshot()`."""

    daemon_threads = True
    block_on_close = False
    # socketserver's default of 5 waiting connections: the system dropped those past it, and
    # each client retried a second later. Two browsers reloading on a save open a dozen.
    request_queue_size = MAX_CONNECTIONS

    def __init__(
        self,
        address: tuple[str, int],
        snapshot: Callable[[], Snapshot],
        hub: EventHub,
        base_path: str = "/",
        lan_host: str | None = None,
        heartbeat: float = HEARTBEAT_SECONDS,
        idle: float = IDLE_SECONDS,
        warn: Callable[[str], None] = print,
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6  # `--host ::1`
        super().__init__(address, PreviewHandler)
        self.snapshot = snapshot
        self.hub = hub
        self.base_path = base_path
        self.former_base_paths: list[str] = []  # those base_url had before, the latest first
        self.lan_host = lan_host
        self.lan_names = machine_names(lan_host) if lan_host is not None else set()  # looked up once: a name server may be slow
        self.heartbeat = heartbeat
        self.idle = idle
        self.limit_connections(warn)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def answers_to(self, host: str) -> bool:
        """Whether a request naming `host` (its Host header) is for this preview. A web page
        whose own name an attacker points at this machine (DNS rebinding) would otherwise
        read the preview, private items and all, through the visitor's browser: it answers
        to loopback names with its port only, and, serving other machines (`lan_host`), to
        addresses and this machine's own names, which no other site can use."""
        name, port = split_host(host.lower())
        if self.lan_host is not None:  # any port: a container or a router may forward another to this one
            return name in LOOPBACK_NAMES or is_address(name) or name in self.lan_names
        return name in LOOPBACK_NAMES and (port == self.port or (port is None and self.port == 80))


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "goalfolio-preview"

    def __getattr__(self, name: str) -> Any:
        """Every method other than GET and HEAD is refused with 405, not the default 501."""
        if name.startswith("do_"):
            return self._method_not_allowed
        raise AttributeError(name)

    def setup(self) -> None:
        """Each thread serves one connection: without a timeout, a client that connects and
        sends nothing, stops mid-request or stops reading held its thread for good, and one
        that sends a request a byte at a time did too (`RequestReader`). A read or write
        that times out closes the connection quietly (`handle_one_request`). The event
        stream only writes, a heartbeat at least every 15 s, so it is not cut; the system
        ends it once its client's machine has vanished (`end_if_client_vanishes`)."""
        super().setup()
        end_if_client_vanishes(self.connection)
        self.connection.settimeout(self.server.idle)
        self.rfile.close()  # the stdlib's reader: it bounds each read, not a whole request
        self.reader = RequestReader(self.connection, self.server.idle)
        self.rfile = io.BufferedReader(self.reader)

    def handle_one_request(self) -> None:
        self.reader.start_request()
        super().handle_one_request()

    def handle(self) -> None:
        """A browser resets the connections it kept open for the next request when a tab
        closes; the stdlib would print that as a traceback in the terminal."""
        try:
            super().handle()
        except ConnectionError:
            self.close_connection = True

    def do_GET(self) -> None:
        self._close_after_a_body()
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._close_after_a_body()
        self._respond(send_body=False)

    def _close_after_a_body(self) -> None:
        """A GET or HEAD with a body (no browser sends one) is answered, then the connection
        closes: its unread body would be read as the start of the next request."""
        if self.headers.get("Transfer-Encoding") or self.headers.get("Content-Length", "0").strip() not in ("", "0"):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for rebuild lines and diagnostics, not request logs."""

    def _method_not_allowed(self) -> None:
        """The request's body is not read, so the connection closes after the answer: left
        open, the body would be read as the start of the next request."""
        self.close_connection = True
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n", "text/plain; charset=utf-8",
                   True, {"Allow": "GET, HEAD"})

    def _respond(self, send_body: bool) -> None:
        if not self.server.answers_to(self.headers.get("Host", "")):
            names = "loopback names" if self.server.lan_host is None else "loopback names, IP addresses and this machine's names"
            self._send(HTTPStatus.BAD_REQUEST, f"bad Host header: the preview answers only to {names}\n".encode(),
                       "text/plain; charset=utf-8", send_body)
            return
        base = self.server.base_path
        target = urlsplit(self.path)
        if base != "/" and target.path in ("/", base.rstrip("/")):
            self._redirect(base, target.query)
            return
        relative = safe_relative_path(self.path, base)
        if relative is None:
            moved = self._moved(target.path)
            if moved is not None:
                self._redirect(base + quote(moved, errors="surrogateescape"), target.query)
                return
            self._not_found(send_body, page=None)
            return
        if relative.startswith(INTERNAL) and self._serve_internal(relative[len(INTERNAL):], send_body):
            return
        self._serve_built(relative, target.query, send_body)

    def _moved(self, path: str) -> str | None:
        """The path below a base path `base_url` had before this preview moved (a tab left
        open at the old address reloads after the move): the same page at the new one."""
        for former in self.server.former_base_paths:
            if path == former.rstrip("/"):
                return ""
            relative = safe_relative_path(path, former)
            if relative is not None:
                return relative
        return None

    def _serve_internal(self, name: str, send_body: bool) -> bool:
        """The preview's own endpoints, under INTERNAL: False for any other name there, which
        is then looked up among the built files as any path is."""
        if name == "events":
            if send_body:
                self._stream_events()
            else:
                self._send(HTTPStatus.OK, b"", "text/event-stream; charset=utf-8", False)
        elif name == "livereload.js":
            self._send(HTTPStatus.OK, CLIENT_SCRIPT.encode("utf-8"), CONTENT_TYPES[".js"], send_body)
        elif name == "worker.js":
            self._send(HTTPStatus.OK, WORKER_SCRIPT.encode("utf-8"), CONTENT_TYPES[".js"], send_body)
        else:
            return False
        return True

    def _serve_built(self, relative: str, query: str, send_body: bool) -> None:
        base = self.server.base_path
        snapshot = self.server.snapshot()
        output = built_name(output_path(relative))
        page = url_text(output)
        if not snapshot.files:
            self._no_build(snapshot, page, send_body)
            return
        body = snapshot.files.get(output)
        if body is None and not relative.endswith("/") and relative and built_name(f"{relative}/index.html") in snapshot.files:
            self._redirect(base + quote(relative, errors="surrogateescape") + "/", query)
            return
        if body is None:
            self._not_found(send_body, page=awaited_page(relative, page))
            return
        content_type = content_type_for(output)
        isolated = ASSET_SANDBOX if output.startswith(ASSETS) else {}
        if output.endswith(".html") and not isolated:
            self._send(HTTPStatus.OK, inject(body, snapshot, page, base), content_type, send_body)
            return
        self._send_file(body, content_type, send_body, isolated)

    def _send_file(self, body: bytes, content_type: str, send_body: bool, isolated: dict[str, str]) -> None:
        """A file as it was built, or the one range of it asked for (Safari plays a video
        only from a server that answers Range requests)."""
        wanted = requested_range(self.headers.get("Range"), len(body))
        ranges = {"Accept-Ranges": "bytes", **isolated}
        if wanted is None:
            self._send(HTTPStatus.OK, body, content_type, send_body, ranges)
        elif wanted == UNSATISFIABLE:
            self._send(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, b"", content_type, send_body,
                       {**ranges, "Content-Range": f"bytes */{len(body)}"})
        else:
            first, last = wanted
            self._send(HTTPStatus.PARTIAL_CONTENT, body[first:last + 1], content_type, send_body,
                       {**ranges, "Content-Range": f"bytes {first}-{last}/{len(body)}"})

    def _not_found(self, send_body: bool, page: str | None) -> None:
        """The site's own 404.html, as GitHub Pages serves it, or a plain one for a path
        outside the site while no build has made it; with the live-reload script, so that
        creating the page shows it."""
        snapshot = self.server.snapshot()
        html = snapshot.files.get(NOT_FOUND_PAGE) or (
            b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>"
            b"<body><h1>Not found</h1><p>No page here in the current build.</p></body></html>\n")
        shown = page or NOT_FOUND_PAGE
        self._send(HTTPStatus.NOT_FOUND, inject(html, snapshot, shown, self.server.base_path), CONTENT_TYPES[".html"], send_body)

    def _no_build(self, snapshot: Snapshot, page: str, send_body: bool) -> None:
        """No build has succeeded yet: every request in the site gets the problems as a page.
        503, not 404 or 500: the page is not missing and the server is not broken; it has
        nothing to serve until the content is fixed, and the same request then succeeds."""
        html = inject(failed_build_page(snapshot.diagnostics), snapshot, page, self.server.base_path)
        self._send(HTTPStatus.SERVICE_UNAVAILABLE, html, CONTENT_TYPES[".html"], send_body)

    def _redirect(self, location: str, query: str) -> None:
        """To `location` (percent-encoded: a header is Latin-1 at most), keeping the query."""
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location + (f"?{query}" if query else ""))
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self._end_headers()

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, send_body: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self._end_headers()
        if send_body:
            try:
                self._write(body)
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                self.close_connection = True  # the browser went away mid-download: nothing to report

    def _write(self, body: bytes) -> None:
        """In pieces, so that the idle timeout ends an answer the client stopped reading, not
        one that takes long to download (a socket's timeout covers a whole `sendall`)."""
        view = memoryview(body)
        for start in range(0, len(view), WRITE_PIECE):
            self.wfile.write(view[start:start + WRITE_PIECE])

    def _end_headers(self) -> None:
        """Tells the client when the connection closes after this answer, so it does not
        send its next request on it."""
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def _stream_events(self) -> None:
        """Server-sent events until the client goes away or the server stops."""
        hub = self.server.hub
        stream = hub.subscribe()
        self.close_connection = True
        if stream is None:
            self._too_many_streams()
            return
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            snapshot = self.server.snapshot()
            hello = {"generation": snapshot.generation, "diagnostics": list(snapshot.diagnostics)}
            self.wfile.write(f"retry: 1000\nevent: hello\ndata: {json.dumps(hello)}\n\n".encode())
            self.wfile.flush()
            while (message := self._next_message(stream)) is not None:
                self.wfile.write(sent(message))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError, OSError):
            return
        finally:
            hub.unsubscribe(stream)

    def _too_many_streams(self) -> None:
        """A browser's EventSource takes a 503 as the end: the live-reload script asks again
        after Retry-After, then less often, until a stream is free (livereload.FOLLOW_EVENTS)."""
        limit = self.server.hub.limit
        self._send(HTTPStatus.SERVICE_UNAVAILABLE,
                   f"the preview is keeping as many live-reload streams as it can ({limit}): try again once some tabs have closed\n".encode(),
                   "text/plain; charset=utf-8", True, {"Retry-After": str(RETRY_AFTER_SECONDS)})
        self.server.warn_once(f"{limit} live-reload streams are open, the most the preview keeps: the tabs that open "
                              "others are answered 503, and follow saves again once some tabs have closed")

    def _next_message(self, stream: queue.Queue[str | None]) -> str | None:
        """The stream's next event, a heartbeat after `heartbeat` seconds without one, or None
        once the server stops or the client has gone. That is looked for every second: a
        write finds a closed tab only once the one before it was refused, so a closed tab
        held its thread for two heartbeats, up to 30 s."""
        deadline = time.monotonic() + self.server.heartbeat
        while (left := deadline - time.monotonic()) > 0:
            try:
                return stream.get(timeout=min(left, HANGUP_CHECK_SECONDS))
            except queue.Empty:
                if hung_up(self.connection):
                    return None
        return ": heartbeat\n\n"


def inject(html: bytes, snapshot: Snapshot, page: str, base_path: str) -> bytes:
    """Adds the page's identity, the current diagnostics and the client script before `</body>`.

    The state is embedded (not only sent over the event stream) so a page loaded while the
    build is broken shows the overlay at once.
    """
    state = {"page": page, "built": bool(snapshot.files), "generation": snapshot.generation,
             "diagnostics": list(snapshot.diagnostics),
             "base": base_path, "events": base_path + INTERNAL + "events"}
    payload = json.dumps(state, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
    snippet = sent(f'<script id="goalfolio-state" type="application/json">{payload}</script>\n'
                   f'<script src="{base_path}{INTERNAL}livereload.js"></script>\n')
    index = html.lower().rfind(b"</body>")
    if index == -1:
        return html + snippet
    return html[:index] + snippet + html[index:]
