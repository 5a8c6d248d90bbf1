"""How the preview's server reads a client's connection: each one has a thread of its own,
which a client that sends its request slowly, or never finishes it, would hold for good;
how a thread that only writes (the live-reload stream) sees that its client has gone, and
the system that its client's machine has vanished; and how many connections get a thread.

A socket timeout alone (`settimeout`) bounds each read, not a whole request: a client
sending a byte every few seconds (Slowloris) never lets one time out. So a request's head
(its line and headers) must also arrive whole within a time of its first byte. A browser
sends it in one write of a few kilobytes at most, which arrives in milliseconds on
loopback or a LAN, and within about 3 s even when TCP must send it again twice (RFC 6298
waits 1 s at first, then twice as long). socketserver and http.server offer only the
per-read timeout.
"""

from __future__ import annotations

import io
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from typing import Any

# A machine that vanishes without closing its connections (its Wi-Fi dropped, its lid shut)
# sends nothing more, not even a reset. Linux gave up on such a connection only once data
# written to it had gone unacknowledged for over 15 minutes (tcp_retries2): the live-reload
# stream, which writes a heartbeat every 15 s, held its thread all that time. So the system
# probes a connection silent for 15 s, 3 times 5 s apart, and on Linux gives up on data
# unacknowledged for 30 s: a vanished client's stream ends within 45 s there. A client that
# is there answers the probes (its system does, whatever its program is doing).
KEEPALIVE_IDLE_SECONDS = 15
KEEPALIVE_INTERVAL_SECONDS = 5
KEEPALIVE_PROBES = 3
UNACKNOWLEDGED_SECONDS = KEEPALIVE_IDLE_SECONDS + KEEPALIVE_PROBES * KEEPALIVE_INTERVAL_SECONDS
# Each connection has a thread of its own, and a client opening hundreds (a scanner on
# `--host 0.0.0.0`, a page stuck in a loop) made hundreds. A browser opens 6 connections at
# most to one server: 128 serve a score of browsers at once, as many as the listening socket
# keeps waiting. Past them a connection is answered 503 and closed; idle ones close within
# 5 s (server.IDLE_SECONDS), hence Retry-After. Live-reload streams, which stay open, have
# a limit of their own (eventhub.MAX_STREAMS), so that pages still load with every one taken.
MAX_CONNECTIONS = 128
RETRY_AFTER_SECONDS = 5
BUSY = f"the preview is serving as many connections as it can ({MAX_CONNECTIONS}): try again in a few seconds\n".encode()
BUSY_ANSWER = (b"HTTP/1.1 503 Service Unavailable\r\nServer: goalfolio-preview\r\nContent-Type: text/plain; charset=utf-8\r\n"
               b"Content-Length: %d\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nRetry-After: %d\r\n"
               b"Connection: close\r\n\r\n%s") % (len(BUSY), RETRY_AFTER_SECONDS, BUSY)


class RequestReader(io.RawIOBase):
    """A connection as the handler reads requests from it: at most `idle` seconds between
    two pieces, and each request's head whole within `idle` seconds of its first byte.

    The handler reads nothing else (a GET or HEAD with a body closes the connection), so
    the limit holds from `start_request` until the next one: an answer is written, not
    read. A read past the limit raises TimeoutError, which the handler takes as it takes
    the socket's own timeout: the connection closes, quietly."""

    def __init__(self, connection: socket.socket, idle: float) -> None:
        super().__init__()
        self._connection = connection
        self._idle = idle
        self._deadline: float | None = None

    def start_request(self) -> None:
        """The next bytes start a request: its time counts from the first of them."""
        self._deadline = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        wait = self._idle
        if self._deadline is not None:
            wait = min(wait, self._deadline - time.monotonic())
            if wait <= 0:
                raise TimeoutError("the request did not arrive whole in time")
        self._connection.settimeout(wait)
        try:
            count = self._connection.recv_into(buffer)
        finally:
            self._connection.settimeout(self._idle)  # the answer's writes have the idle timeout
        if self._deadline is None and count:
            self._deadline = time.monotonic() + self._idle
        return count


def hung_up(connection: socket.socket) -> bool:
    """Whether the client has closed the connection, or reset it: a thread that only
    writes learns it from a write only once an earlier one was refused. What the client
    sent is looked at, not taken; nothing here waits."""
    timeout = connection.gettimeout()
    connection.settimeout(0)
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False  # open, and nothing sent
    except OSError:
        return True
    finally:
        connection.settimeout(timeout)


class LimitedThreads(socketserver.ThreadingMixIn):
    """socketserver's thread for each connection, for MAX_CONNECTIONS at once: past them a
    connection is answered BUSY_ANSWER and closed by the thread that accepts connections,
    and the terminal warned once. The server's `__init__` calls `limit_connections`."""

    slots: threading.BoundedSemaphore

    def limit_connections(self, warn: Callable[[str], None]) -> None:
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.warn = warn
        self._warned: set[str] = set()
        self._warned_lock = threading.Lock()

    def warn_once(self, text: str) -> None:
        """A warning line for the terminal, the first time only: a client that opens too
        many connections goes on opening them, and each refused would print a line."""
        with self._warned_lock:
            if text in self._warned:
                return
            self._warned.add(text)
        self.warn(f"{time.strftime('%H:%M:%S')} warning: {text}")

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            refuse(request, BUSY_ANSWER)
            self.refused()
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()  # no thread was started to release it
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def refused(self) -> None:
        self.warn_once(f"{MAX_CONNECTIONS} connections are open, the most the preview serves at once: "
                       "it answers others with 503 (Service Unavailable) until some close")


def end_if_client_vanishes(connection: socket.socket) -> None:
    """Has the system end `connection` once its client's machine stops answering (see
    KEEPALIVE_IDLE_SECONDS). Each option is set where the system has it; one it refuses (an
    older Windows, say) leaves the connection as it was, served as before."""
    options = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)]
    tcp = {"TCP_KEEPIDLE": KEEPALIVE_IDLE_SECONDS, "TCP_KEEPALIVE": KEEPALIVE_IDLE_SECONDS,  # macOS's name for the first
           "TCP_KEEPINTVL": KEEPALIVE_INTERVAL_SECONDS, "TCP_KEEPCNT": KEEPALIVE_PROBES,
           "TCP_USER_TIMEOUT": UNACKNOWLEDGED_SECONDS * 1000}  # Linux, in milliseconds
    options += [(socket.IPPROTO_TCP, getattr(socket, name), value) for name, value in tcp.items() if hasattr(socket, name)]
    for level, option, value in options:
        try:
            connection.setsockopt(level, option, value)
        except OSError:
            pass


def refuse(connection: socket.socket, answer: bytes) -> None:
    """Sends `answer` on a connection the server has no thread for, and closes it, without
    waiting: the thread that accepts every connection does it, and a wait would hold up the
    others. The answer fits in a new connection's send buffer. What the client has sent is
    read first: a connection closed with data unread is reset, and a client's system may
    drop the answer unread."""
    connection.setblocking(False)
    try:
        connection.sendall(answer)
        connection.recv(65536)
    except OSError:
        pass
    finally:
        connection.close()
