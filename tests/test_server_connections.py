"""Connections the preview server closes by itself, on a real port: one kept open with no
request, a request left half sent or sent a byte at a time, an answer the client stopped
reading, and an event stream whose tab has closed. An open tab's event stream and a slow
download are not among them; and many opened at once are all taken, up to the most the
server serves at once, past which they are answered 503. The system ends those of a
client whose machine vanished; and Ctrl-C stops the preview at once with every stream open."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from preview_support import PROFILE, EventClient, get, open_stream, running_preview, small_project

from goalfolio.preview import Preview
from goalfolio.server import PreviewHandler

IDLE = 0.5  # the preview's idle timeout in these tests (5 s in `goalfolio serve`)
BIG = 12 * 1024 * 1024  # more than the socket buffers of both ends hold
MAX_CONNECTIONS = 128  # served at once, as docs/cli.md says
MAX_STREAMS = 64  # live-reload streams kept open at once


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = small_project(tmp_path)
    (root / "content/assets").mkdir()
    (root / "content/assets/talk.mp4").write_bytes(bytes(range(256)) * (BIG // 256))
    return root


def seconds_until_closed(client: socket.socket) -> float:
    """How long the server left the connection open, from now; it must send nothing more."""
    started = time.monotonic()
    client.settimeout(IDLE + 5)
    assert client.recv(65536) == b""
    return time.monotonic() - started


def request(port: int, path: str = "/portfolio/") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


@pytest.mark.parametrize("sent", ["nothing", "half a request"])
def test_a_connection_without_a_whole_request_is_closed_after_the_idle_timeout(project: Path, sent: str) -> None:
    """It held one of the server's threads for as long as the client kept it open."""
    with running_preview(project, idle=IDLE) as preview:
        with socket.create_connection(("127.0.0.1", preview.server.port), timeout=10) as client:
            if sent == "half a request":
                client.sendall(request(preview.server.port)[:-2])  # the blank line never comes
            waited = seconds_until_closed(client)
    assert IDLE * 0.8 <= waited < IDLE + 2


def test_a_request_sent_a_byte_at_a_time_is_cut_off_while_others_are_served(project: Path) -> None:
    """Slowloris: a byte every quarter of the idle timeout never let a read time out, so the
    connection held its thread for as long as the client went on. A request must arrive
    whole within the idle timeout of its first byte."""
    with running_preview(project, idle=IDLE) as preview:
        with socket.create_connection(("127.0.0.1", preview.server.port), timeout=10) as client:
            started = time.monotonic()
            for byte in request(preview.server.port):
                client.sendall(bytes([byte]))
                assert get(preview, "/portfolio/")[0] == 200
                if _closed_within(client, IDLE / 4):
                    break
            else:
                raise AssertionError(f"the request was still being read after {time.monotonic() - started:.1f} s")
            waited = time.monotonic() - started
    assert IDLE <= waited < IDLE + 1


def test_a_request_in_pieces_that_arrives_whole_in_time_is_answered(project: Path) -> None:
    """Its time counts from its first byte, not from when the connection opened."""
    with running_preview(project, idle=IDLE) as preview:
        with socket.create_connection(("127.0.0.1", preview.server.port), timeout=10) as client:
            time.sleep(IDLE * 0.6)
            whole = request(preview.server.port)
            client.sendall(whole[:10])
            time.sleep(IDLE * 0.6)
            client.sendall(whole[10:])
            assert client.recv(65536).startswith(b"HTTP/1.1 200 OK\r\n")


def _closed_within(client: socket.socket, seconds: float) -> bool:
    """Whether the server closes the connection within `seconds`, sending nothing."""
    client.settimeout(seconds)
    try:
        return client.recv(65536) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_kept_alive_connection_is_closed_after_the_idle_timeout(project: Path) -> None:
    with running_preview(project, idle=IDLE) as preview:
        connection = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=10)
        connection.request("GET", "/portfolio/")
        response = connection.getresponse()
        assert (response.status, response.getheader("Connection")) == (200, None)  # kept alive
        response.read()
        assert connection.sock is not None
        waited = seconds_until_closed(connection.sock)
        connection.close()
    assert IDLE * 0.8 <= waited < IDLE + 2


def test_an_answer_the_client_stopped_reading_is_given_up(project: Path) -> None:
    """A client that reads nothing more (a frozen tab, a paused video) held a thread, blocked
    in the middle of the answer, for good. It gets the start of it, then the connection
    closes; a browser asks again with a Range request where it stopped."""
    with running_preview(project, idle=IDLE) as preview:
        with socket.socket() as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
            client.connect(("127.0.0.1", preview.server.port))
            client.sendall(request(preview.server.port, "/portfolio/assets/talk.mp4"))
            time.sleep(IDLE * 4)
            received = _read_to_the_end(client)
    assert received.startswith(b"HTTP/1.1 200 OK\r\n")
    assert len(received) < BIG


def test_a_large_answer_read_slowly_is_sent_whole(project: Path) -> None:
    """The idle timeout bounds each piece of an answer, not the time a download takes."""
    with running_preview(project, idle=IDLE) as preview:
        with socket.socket() as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
            client.connect(("127.0.0.1", preview.server.port))
            client.sendall(request(preview.server.port, "/portfolio/assets/talk.mp4").replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
            started = time.monotonic()
            received = _read_to_the_end(client, pause=0.02)
            took = time.monotonic() - started
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and len(body) == BIG
    assert took > IDLE * 2, "the download should have taken longer than the idle timeout"


def test_the_event_stream_outlives_the_idle_timeout(project: Path) -> None:
    """The live-reload stream only writes, so waiting longer than the timeout between two
    events (here with no heartbeat either) does not cut it."""
    with running_preview(project, idle=0.2, heartbeat=30) as preview:
        events = EventClient(preview)
        events.next("hello")
        time.sleep(1.0)
        (project / "content/profile.md").write_text(PROFILE.replace("first", "second"), encoding="utf-8")
        assert "index.html" in events.next("build")["changed"]
        assert preview.hub.count == 1
    events.close()  # after the preview stopped and ended the stream: no heartbeat would wake its reader


def test_the_threads_of_closed_event_streams_end_within_seconds(project: Path) -> None:
    """A stream found its tab closed only when a write failed, and the first write after
    the close goes through: each closed tab held a thread for two heartbeats, up to 30 s."""
    with running_preview(project, heartbeat=30) as preview:
        streams = [EventClient(preview) for _ in range(5)]
        for stream in streams:
            stream.next("hello")
        assert (preview.hub.count, _stream_threads()) == (5, 5)
        for stream in streams:
            stream.close()
        deadline = time.monotonic() + 3
        while (preview.hub.count or _stream_threads()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (preview.hub.count, _stream_threads()) == (0, 0)


def _stream_threads() -> int:
    """The server's threads serving a connection (here, only event streams are open)."""
    return sum(thread.name.endswith("(process_request_thread)") for thread in threading.enumerate())


def _read_to_the_end(client: socket.socket, pause: float = 0.0) -> bytes:
    client.settimeout(10)
    pieces = []
    while piece := client.recv(256 * 1024):
        pieces.append(piece)
        time.sleep(pause)
    return b"".join(pieces)


def test_many_connections_opened_at_once_are_all_accepted_at_once(project: Path) -> None:
    """The listening socket kept 5 connections waiting (socketserver's default): past
    those, the system dropped the rest, and each client retried a second later. Two
    browsers (a phone and a laptop, say) reloading on a save open a dozen at once."""
    with running_preview(project) as preview:
        request = f"GET /portfolio/static/style.css HTTP/1.1\r\nHost: 127.0.0.1:{preview.server.port}\r\nConnection: close\r\n\r\n"

        def connected_in() -> float:
            started = time.monotonic()
            with socket.create_connection(("127.0.0.1", preview.server.port), timeout=10) as client:
                took = time.monotonic() - started
                client.sendall(request.encode())
                while client.recv(65536):
                    pass
            return took

        with ThreadPoolExecutor(max_workers=60) as pool:
            waits = sorted(pool.map(lambda _: connected_in(), range(60)))
    assert waits[-1] < 0.9, f"{sum(w >= 0.9 for w in waits)} of 60 connections waited for a retry"


def _answer_on_a_new_connection(port: int, path: str = "/portfolio/", within: float = 3.0) -> bytes:
    """What a new connection is sent for a request, to its close or for `within` seconds (a
    stream does not close), its Date header left out. A refused one may be reset once its
    answer is sent (where the request arrives as the server closes it), which a client
    reading the answer to its length does not see."""
    deadline = time.monotonic() + within
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=within) as client:
        client.sendall(request(port, path).replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
        try:
            while time.monotonic() < deadline and (piece := client.recv(65536)):
                received += piece
        except (ConnectionResetError, TimeoutError):
            pass
    return re.sub(rb"\r\nDate: [^\r]*", b"", received, count=1)


def _warnings(preview: Preview) -> list[str]:
    """The warning lines the preview printed, each one's time written HH:MM:SS."""
    printed = preview.out.getvalue().splitlines()  # type: ignore[attr-defined]
    return [re.sub(r"^\d\d:\d\d:\d\d ", "HH:MM:SS ", line) for line in printed if "warning:" in line]


def test_connections_past_the_most_served_at_once_are_answered_503_until_some_close(project: Path) -> None:
    """Each connection holds a thread of the server: a client opening hundreds (a scanner,
    with `--host 0.0.0.0`) made hundreds. Past MAX_CONNECTIONS, a connection is answered
    503 and closed, and the terminal says so once, not once a connection."""
    body = b"the preview is serving as many connections as it can (128): try again in a few seconds\n"
    busy = (b"HTTP/1.1 503 Service Unavailable\r\nServer: goalfolio-preview\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Length: %d\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nRetry-After: 5\r\n"
            b"Connection: close\r\n\r\n%s") % (len(body), body)
    with running_preview(project, idle=30) as preview:
        port = preview.server.port
        held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(MAX_CONNECTIONS)]
        try:
            assert [_answer_on_a_new_connection(port) for _ in range(3)] == [busy] * 3
            for client in held[:8]:
                client.close()
            deadline = time.monotonic() + 5
            while (answer := _answer_on_a_new_connection(port)) == busy and time.monotonic() < deadline:
                time.sleep(0.02)
            assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
        finally:
            for client in held:
                client.close()
        assert _warnings(preview) == ["HH:MM:SS warning: 128 connections are open, the most the preview serves at once: "
                                      "it answers others with 503 (Service Unavailable) until some close"]


def test_live_reload_streams_past_the_most_kept_are_answered_503_and_pages_still_load(project: Path) -> None:
    """A stream stays open as long as its tab: streams alone could take every connection the
    server serves, and no page would load."""
    with running_preview(project) as preview:
        streams = [open_stream(preview.server.port) for _ in range(MAX_STREAMS)]
        try:
            body = b"the preview is keeping as many live-reload streams as it can (64): try again once some tabs have closed\n"
            busy = (b"HTTP/1.1 503 Service Unavailable\r\nServer: goalfolio-preview\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    b"Content-Length: %d\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nRetry-After: 5\r\n"
                    b"Connection: close\r\n\r\n%s") % (len(body), body)
            assert [_answer_on_a_new_connection(preview.server.port, "/portfolio/__goalfolio/events") for _ in range(2)] == [busy] * 2
            assert get(preview, "/portfolio/")[0] == 200
            streams.pop().close()
            deadline = time.monotonic() + 5
            while preview.hub.count == MAX_STREAMS and time.monotonic() < deadline:
                time.sleep(0.02)
            streams.append(open_stream(preview.server.port))
        finally:
            for stream in streams:
                stream.close()
        assert _warnings(preview) == ["HH:MM:SS warning: 64 live-reload streams are open, the most the preview keeps: "
                                      "the tabs that open others are answered 503, and follow saves again once some tabs have closed"]


KEEPALIVE = {(socket.SOL_SOCKET, "SO_KEEPALIVE"): 1, (socket.IPPROTO_TCP, "TCP_KEEPIDLE"): 15,
             (socket.IPPROTO_TCP, "TCP_KEEPINTVL"): 5, (socket.IPPROTO_TCP, "TCP_KEEPCNT"): 3,
             (socket.IPPROTO_TCP, "TCP_USER_TIMEOUT"): 30_000}


@pytest.mark.skipif(not all(hasattr(socket, name) for _, name in KEEPALIVE), reason="needs Linux's TCP options")
def test_the_system_ends_the_connections_of_a_client_whose_machine_vanished(project: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine that vanishes (its Wi-Fi dropped) sends no close and no reset: the event
    stream's heartbeats went on into the system's buffer, and Linux gave up only once they
    had gone unacknowledged for 15 minutes. Read here from the server's own end of each
    connection, as accepted: probes after 15 s of silence, 3 of them 5 s apart, and data
    unacknowledged for 30 s ends it."""
    found: list[dict[str, int]] = []
    setup = PreviewHandler.setup

    def noted(handler: PreviewHandler) -> None:
        setup(handler)
        found.append({name: handler.connection.getsockopt(level, getattr(socket, name)) for level, name in KEEPALIVE})

    monkeypatch.setattr(PreviewHandler, "setup", noted)
    with running_preview(project) as preview:
        assert get(preview, "/portfolio/")[0] == 200
        events = EventClient(preview)
        events.next("hello")
        events.close()
    assert found == [{name: value for (_, name), value in KEEPALIVE.items()}] * 2


def test_ctrl_c_with_every_live_reload_stream_open_stops_serve_at_once(project: Path) -> None:
    """Ctrl-C ends every stream and leaves the other connections to the process's end:
    none is waited for, those of a client that reads nothing included."""
    process = subprocess.Popen([sys.executable, "-m", "goalfolio", "serve", str(project), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    clients: list[socket.socket] = []
    try:
        assert process.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline() + process.stdout.readline())
        assert found
        port = int(found[1])
        clients += [open_stream(port) for _ in range(MAX_STREAMS)]
        for _ in range(MAX_CONNECTIONS - MAX_STREAMS):  # waiting for a request, or not reading the answer
            client = socket.socket()
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            client.connect(("127.0.0.1", port))
            if len(clients) % 2:
                client.sendall(request(port, "/portfolio/assets/talk.mp4"))
            clients.append(client)
        time.sleep(0.5)
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
        for client in clients:
            client.close()
    assert (process.returncode, out, err) == (0, "stopping\n", "")
    assert took < 2, f"serve took {took:.1f} s to stop"
