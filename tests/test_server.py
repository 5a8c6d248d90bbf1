"""The preview server running for real on an ephemeral port: pages, live reload, errors, safety."""

from __future__ import annotations

import datetime
import errno
import http.client
import io
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pytest
from preview_support import (
    BAD_GOAL,
    CONFIG,
    EVIDENCE,
    GOAL,
    HOME,
    PROFILE,
    EventClient,
    embedded_state,
    get,
    running_preview,
    small_project,
)

from goalfolio import __version__
from goalfolio.build import Builder, BuildResult
from goalfolio.cli import ISSUES_URL, main
from goalfolio.config import find_project
from goalfolio.eventhub import EventHub
from goalfolio.httpfiles import requested_range, safe_relative_path
from goalfolio.ignorednames import is_ignored
from goalfolio.preview import (
    Preview,
    PreviewOptions,
    _listed,
    base_path_of,
    configured_base_path,
    seconds_to_next_look,
)
from goalfolio.server import PreviewServer
from goalfolio.watcher import (
    ATTRIB_EVENTS,
    ChangeKind,
    Watcher,
    _files_in,
    _may_change_links,
    classify,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path)


def test_a_base_path_written_percent_encoded_is_served(project: Path) -> None:
    """A browser asks for `/my%20folio/`, which the server reads as `/my folio/`: the base
    path must be compared the same way, or every page is a 404."""
    config = project / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("/portfolio/", "/my%20folio/"), encoding="utf-8")
    with running_preview(project) as preview:
        assert preview.url.endswith("/my%20folio/")
        status, _, body = get(preview, "/my%20folio/")
        assert status == 200 and b"The first version of the bio." in body
        assert get(preview, "/my%20folio/goals/lead-team/")[0] == 200


def test_a_client_that_leaves_mid_download_is_not_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Closing a tab while a large asset downloads is normal: no traceback in the terminal."""
    (project / "content/assets").mkdir()
    (project / "content/assets/big.pdf").write_bytes(b"%PDF" + bytes(8_000_000))
    with running_preview(project) as preview:
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", preview.server.port)) as client:
                client.sendall(f"GET /portfolio/assets/big.pdf HTTP/1.1\r\nHost: 127.0.0.1:{preview.server.port}\r\n\r\n".encode())
                client.recv(100)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # a reset, not a close
        time.sleep(0.5)
        assert get(preview, "/portfolio/")[0] == 200
        assert "Traceback" not in preview.out.getvalue()  # type: ignore[attr-defined]
    assert capsys.readouterr().err == ""  # where the server's handle_error prints


def test_a_client_that_resets_an_idle_kept_alive_connection_is_not_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A browser resets the connections it keeps open between pages when a tab closes: the
    server is then waiting for the next request, and must not print a traceback."""
    with running_preview(project) as preview:
        request = f"GET /portfolio/ HTTP/1.1\r\nHost: 127.0.0.1:{preview.server.port}\r\n\r\n".encode()
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", preview.server.port), timeout=10) as client:
                client.sendall(request)
                answer = b""
                while b"</html>" not in answer:
                    answer += client.recv(65536)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        time.sleep(0.5)
        assert get(preview, "/portfolio/")[0] == 200
    assert capsys.readouterr().err == ""


def test_pages_are_served_from_memory_under_the_base_path(project: Path) -> None:
    with running_preview(project) as preview:
        status, headers, body = get(preview, "/portfolio/")
        assert status == 200
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["cache-control"] == "no-store"
        assert b"The first version of the bio." in body
        assert b'<script src="/portfolio/__goalfolio/livereload.js"></script>\n</body>' in body
        assert embedded_state(body)["page"] == "index.html"
        assert not (project / "site").exists()
        assert preview.url.endswith("/portfolio/")


def test_the_owners_view_is_the_default_and_public_shows_what_is_published(project: Path) -> None:
    with running_preview(project) as preview:
        assert b"includes private items" in get(preview, "/portfolio/")[2]
        assert get(preview, "/portfolio/sitemap.xml")[0] == 404
    with running_preview(project, audience="public") as preview:
        assert b"includes private items" not in get(preview, "/portfolio/")[2]
        assert get(preview, "/portfolio/sitemap.xml")[0] == 200


def test_root_and_bare_directories_redirect_into_the_site(project: Path) -> None:
    with running_preview(project) as preview:
        assert get(preview, "/")[:2][0] == 302
        assert get(preview, "/")[1]["location"] == "/portfolio/"
        assert get(preview, "/portfolio")[1]["location"] == "/portfolio/"


def test_canonical_links_point_at_the_preview(project: Path) -> None:
    with running_preview(project) as preview:
        body = get(preview, "/portfolio/index.html")[2]
        assert f'href="{preview.url}"'.encode() in body


def test_content_types_and_head(project: Path) -> None:
    with running_preview(project) as preview:
        status, headers, body = get(preview, "/portfolio/static/style.css")
        assert (status, headers["content-type"]) == (200, "text/css; charset=utf-8")
        assert b"__goalfolio" not in body
        status, headers, body = get(preview, "/portfolio/__goalfolio/livereload.js")
        assert (status, headers["content-type"]) == (200, "text/javascript; charset=utf-8")
        status, headers, body = get(preview, "/portfolio/", method="HEAD")
        assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_files_in_assets_run_in_a_sandbox_of_their_own(project: Path) -> None:
    """The preview's origin holds the owner's view, private items included. An SVG or HTML
    file in content/assets/ (from a co-author's commit, say) opened in the tab ran its
    script in that origin, free to read every private page and send it anywhere. The
    sandbox gives it an origin of its own; its scripts still run, as on the published
    site, where the origin holds only what is public. Pages and theme files are the site's own."""
    (project / "content/assets").mkdir()
    (project / "content/assets/diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/")</script></svg>')
    (project / "content/assets/demo.html").write_text("<!DOCTYPE html><title>Demo</title><body><script>fetch('/')</script></body>")
    with running_preview(project) as preview:
        policies = {path: get(preview, path)[1].get("content-security-policy")
                    for path in ("/portfolio/assets/diagram.svg", "/portfolio/assets/demo.html", "/portfolio/",
                                 "/portfolio/static/style.css", "/portfolio/goals/lead-team/")}
        ranged = get(preview, "/portfolio/assets/diagram.svg", headers={"Range": "bytes=0-3"})
    assert policies == {"/portfolio/assets/diagram.svg": "sandbox allow-scripts", "/portfolio/assets/demo.html": "sandbox allow-scripts",
                        "/portfolio/": None, "/portfolio/static/style.css": None, "/portfolio/goals/lead-team/": None}
    assert (ranged[0], ranged[1].get("content-security-policy"), ranged[2]) == (206, "sandbox allow-scripts", b"<svg")


def test_an_html_file_in_assets_is_served_as_built_without_the_previews_state(project: Path) -> None:
    """Its script runs sandboxed, but reads its own page: the state injected there listed the
    problems of a broken save, private files' included, for it to send anywhere. The live
    reload could not run there anyway: a sandboxed page has no origin to open the preview's
    event stream or shared worker from."""
    demo = "<!DOCTYPE html><title>Demo</title><body><script>fetch('/')</script></body>"
    (project / "content/assets").mkdir()
    (project / "content/assets/demo.html").write_text(demo, encoding="utf-8")
    with running_preview(project) as preview:
        (project / "content/goals/lead-team.md").write_text(BAD_GOAL, encoding="utf-8")
        assert served_soon(preview, b"lead-team.md", page="/portfolio/")
        status, headers, body = get(preview, "/portfolio/assets/demo.html")
        ranged = get(preview, "/portfolio/assets/demo.html", headers={"Range": "bytes=0-14"})
    assert (status, headers["content-security-policy"], body) == (200, "sandbox allow-scripts", demo.encode())
    assert (ranged[0], ranged[2]) == (206, b"<!DOCTYPE html>")


def test_media_and_documents_in_assets_get_their_own_content_types(project: Path) -> None:
    """A linked video or recording plays in the tab, as on the published site, instead of
    downloading as `application/octet-stream`."""
    assets = project / "content/assets"
    assets.mkdir()
    names = ["demo.mp4", "demo.webm", "talk.mp3", "talk.m4a", "talk.ogg", "talk.wav", "data.csv", "notes.md",
             "slides.pptx", "cv.docx", "plan.xlsx", "bundle.zip", "unknown.xyz"]
    for name in names:
        (assets / name).write_bytes(b"x")
    with running_preview(project) as preview:
        served = [get(preview, f"/portfolio/assets/{name}")[1]["content-type"] for name in names]
    assert served == [
        "video/mp4", "video/webm", "audio/mpeg", "audio/mp4", "audio/ogg", "audio/wav", "text/csv; charset=utf-8",
        "text/markdown; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip", "application/octet-stream",
    ]


def test_module_scripts_webassembly_captions_and_source_maps_get_their_types(project: Path) -> None:
    """A theme's `static/app.mjs` was `application/octet-stream`, which, with `nosniff`, a
    browser refuses to run as a module (GitHub Pages serves it as JavaScript); so for
    WebAssembly, which `instantiateStreaming` compiles only as `application/wasm`."""
    static = project / "themes/default/static"
    static.mkdir(parents=True)
    names = {"app.mjs": "text/javascript; charset=utf-8", "app.wasm": "application/wasm",
             "captions.vtt": "text/vtt; charset=utf-8", "app.js.map": "application/json"}
    for name in names:
        (static / name).write_bytes(b"x")
    with running_preview(project) as preview:
        assert {name: get(preview, f"/portfolio/static/{name}")[1]["content-type"] for name in names} == names


def test_range_requests_on_files_get_the_bytes_asked_for(project: Path) -> None:
    """Safari plays a video only from a server that answers Range requests; pages, which
    the preview changes by injecting its script, are always sent whole."""
    (project / "content/assets").mkdir()
    (project / "content/assets/demo.mp4").write_bytes(bytes(range(100)))
    with running_preview(project) as preview:
        def ranged(value: str) -> tuple[int, str | None, str | None, bytes]:
            status, headers, body = get(preview, "/portfolio/assets/demo.mp4", headers={"Range": value})
            return status, headers.get("content-range"), headers.get("accept-ranges"), body

        assert ranged("bytes=10-19") == (206, "bytes 10-19/100", "bytes", bytes(range(10, 20)))
        assert ranged("bytes=95-") == (206, "bytes 95-99/100", "bytes", bytes(range(95, 100)))
        assert ranged("bytes=90-500") == (206, "bytes 90-99/100", "bytes", bytes(range(90, 100)))
        assert ranged("bytes=-3") == (206, "bytes 97-99/100", "bytes", bytes([97, 98, 99]))
        assert ranged("bytes=100-")[:2] == (416, "bytes */100")
        assert ranged("bytes=0-1,5-6") == (200, None, "bytes", bytes(range(100)))
        assert ranged("lines=1-2") == (200, None, "bytes", bytes(range(100)))
        status, headers, body = get(preview, "/portfolio/", headers={"Range": "bytes=0-9"})
        assert status == 200 and "accept-ranges" not in headers and body.endswith(b"</html>\n")


def test_a_range_of_other_digits_or_of_thousands_of_them_is_read_or_ignored(project: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`²` passes str.isdigit but not int(), and int() refuses more than 4,300 digits: both
    were a ValueError, printed as a traceback, and the request went unanswered."""
    assert requested_range("bytes=\u00b2-", 100) is None
    assert requested_range("bytes=0-\u00b9", 100) is None
    assert requested_range("bytes=-\u0663", 100) is None
    assert requested_range("bytes=0-" + "9" * 5000, 100) == (0, 99)
    assert requested_range("bytes=" + "0" * 5000 + "7-8", 100) == (7, 8)
    assert requested_range("bytes=" + "9" * 5000 + "-", 100) == (-1, -1)
    assert requested_range("bytes=-" + "9" * 5000, 100) == (0, 99)
    (project / "content/assets").mkdir()
    (project / "content/assets/demo.mp4").write_bytes(bytes(range(100)))
    with running_preview(project) as preview:
        status, headers, body = get(preview, "/portfolio/assets/demo.mp4", headers={"Range": "bytes=\u00b2-"})
        assert (status, body) == (200, bytes(range(100)))
    assert "Traceback" not in capsys.readouterr().err


def test_injected_script_stays_out_of_the_build_output(project: Path) -> None:
    with running_preview(project) as preview:
        assert preview.last_result is not None
        assert all(b"__goalfolio" not in data for data in preview.last_result.files.values())


def test_editing_markdown_sends_a_reload_naming_the_page(project: Path) -> None:
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            assert events.next("hello")["generation"] == embedded_state(get(preview, "/portfolio/")[2])["generation"]
            (project / "content/profile.md").write_text(PROFILE.replace("first", "second"), encoding="utf-8")
            event = events.next("build")
            assert event["ok"] is True and "index.html" in event["changed"] and event["diagnostics"] == []
            assert b"The second version of the bio." in get(preview, "/portfolio/")[2]
        finally:
            events.close()


def test_a_saved_file_is_named_in_the_terminal_without_its_control_characters(project: Path) -> None:
    """A file pulled from someone else's commit, named with an escape sequence, set the
    terminal's title when the preview named it; a line break in the name forged a line."""
    (project / "content/assets").mkdir()
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            (project / "content/assets/\x1b]0;pwned\x07\nok.png").write_bytes(b"png")
            events.next("build")
        finally:
            events.close()
        lines = preview.out.getvalue().splitlines()  # type: ignore[attr-defined]
        assert re.fullmatch(r"\d\d:\d\d:\d\d content/assets/\\x1b\]0;pwned\\x07\\x0aok\.png: rendered 0/16 pages, "
                            r"1 output file changed, \d+ ms", lines[-1]), lines


def test_created_and_deleted_files_rebuild(project: Path) -> None:
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            (project / "content/evidence/talk.md").write_text(EVIDENCE.replace("Shipped the checkout", "Gave a talk"), encoding="utf-8")
            assert "index.html" in events.next("build")["changed"]
            assert b"Gave a talk" in get(preview, "/portfolio/")[2]
            (project / "content/evidence/talk.md").unlink()
            assert "index.html" in events.next("build")["changed"]
            assert b"Gave a talk" not in get(preview, "/portfolio/")[2]
        finally:
            events.close()


def _unpinned(project: Path, monkeypatch: pytest.MonkeyPatch, day: list[datetime.date]) -> None:
    """The config without `today:`, and the machine's date read from `day[0]`."""
    config = project / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("today: 2026-11-20\n", ""), encoding="utf-8")
    monkeypatch.setattr("goalfolio.graph.local_date", lambda: day[0])


def test_a_preview_left_open_past_midnight_shows_the_new_days_figures(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pace, due dates and "Figures as of" follow the date: they stayed at yesterday's until
    the next save. Midnight now rebuilds every page and reloads the tabs, once."""
    day = [datetime.date(2026, 11, 20)]
    _unpinned(project, monkeypatch, day)
    with running_preview(project, date_check=0.02) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            assert b"Figures as of 20 Nov 2026." in get(preview, "/portfolio/goals/lead-team/")[2]
            day[0] = datetime.date(2026, 11, 21)
            event = events.next("build")
            assert (event["ok"], event["rendered"], event["pages"]) == (True, 16, 16)
            assert {"index.html", "goals/lead-team/index.html", "calendar.ics"} <= set(event["changed"])
            assert b"Figures as of 21 Nov 2026." in get(preview, "/portfolio/goals/lead-team/")[2]
            with pytest.raises(AssertionError, match="no `build` event"):
                events.next("build", timeout=0.3)
        finally:
            events.close()
        line = preview.out.getvalue().splitlines()[-1]  # type: ignore[attr-defined]
    assert re.fullmatch(r"\d\d:\d\d:\d\d new day \(2026-11-21\): rendered 16/16 pages, \d+ output files changed, \d+ ms", line), line


def test_a_new_day_with_broken_content_is_built_once_and_a_pinned_today_not_at_all(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed build keeps the last good pages: looking at the date again must not rebuild
    (and print the problems) every minute. With `today:` the date changes nothing."""
    day = [datetime.date(2026, 11, 20)]
    monkeypatch.setattr("goalfolio.graph.local_date", lambda: day[0])
    with running_preview(project, date_check=0.02) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            day[0] = datetime.date(2026, 11, 21)
            with pytest.raises(AssertionError, match="no `build` event"):
                events.next("build", timeout=0.3)
        finally:
            events.close()
    _unpinned(project, monkeypatch, day)
    with running_preview(project, date_check=0.02) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            (project / "content/goals/lead-team.md").write_text(BAD_GOAL, encoding="utf-8")
            assert events.next("build")["ok"] is False
            day[0] = datetime.date(2026, 11, 22)
            assert events.next("build")["ok"] is False
            with pytest.raises(AssertionError, match="no `build` event"):
                events.next("build", timeout=0.3)
            (project / "content/goals/lead-team.md").write_text(GOAL, encoding="utf-8")
            assert events.next("build")["rendered"] == 16
            assert b"Figures as of 22 Nov 2026." in get(preview, "/portfolio/goals/lead-team/")[2]
        finally:
            events.close()


def test_the_date_is_looked_at_just_after_midnight_and_at_least_every_check() -> None:
    assert seconds_to_next_look(60.0, datetime.datetime(2026, 11, 20, 23, 59, 30)) == pytest.approx(30.05)
    assert seconds_to_next_look(60.0, datetime.datetime(2026, 11, 20, 12, 0)) == 60.0


def test_atomic_save_through_a_temporary_file_is_one_rebuild(project: Path) -> None:
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            temporary = project / "content/.profile.md.swp"
            temporary.write_text(PROFILE.replace("first", "renamed"), encoding="utf-8")
            temporary.replace(project / "content/profile.md")
            event = events.next("build")
            assert "index.html" in event["changed"]
            time.sleep(0.3)
            assert events.events.empty(), "one save should cause one rebuild"
        finally:
            events.close()


def test_stylesheet_change_names_only_the_stylesheet(project: Path) -> None:
    style = project / "themes/default/static/style.css"
    style.parent.mkdir(parents=True)
    style.write_text("body { color: black; }\n", encoding="utf-8")
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            style.write_text("body { color: navy; }\n", encoding="utf-8")
            assert events.next("build")["changed"] == ["404.html", "static/style.css"]  # the 404 page inlines it
            assert b"navy" in get(preview, "/portfolio/static/style.css")[2]
            assert b"body { color: navy; }" in get(preview, "/portfolio/404.html")[2]
        finally:
            events.close()


def test_a_deleted_stylesheet_override_leaves_the_404_page_too(project: Path) -> None:
    """The 404 page inlines the stylesheet; with the project's override deleted it must
    inline the built-in one again, as `static/style.css` is served again."""
    style = project / "themes/default/static/style.css"
    style.parent.mkdir(parents=True)
    style.write_text("body { color: navy; }\n", encoding="utf-8")
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            assert b"color: navy" in get(preview, "/portfolio/404.html")[2]
            style.unlink()
            assert events.next("build")["changed"] == ["404.html", "static/style.css"]
            builtin = (REPO / "themes/default/static/style.css").read_bytes()
            assert get(preview, "/portfolio/static/style.css")[2] == builtin
            page = get(preview, "/portfolio/404.html")[2]
            assert b"color: navy" not in page and builtin.strip() in page
        finally:
            events.close()


def test_template_change_rerenders_its_pages(project: Path) -> None:
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            home = project / "themes/default/templates/home.html"
            home.write_text(home.read_text(encoding="utf-8").replace("<h1>", "<h1 class=\"changed\">"), encoding="utf-8")
            assert "index.html" in events.next("build")["changed"]
            assert b'<h1 class="changed">' in get(preview, "/portfolio/")[2]
        finally:
            events.close()


def served_soon(preview: Preview, text: bytes, shown: bool = True, page: str = "/portfolio/") -> bool:
    """Whether `page` (the home page) shows `text` (or no longer does) within a few seconds:
    the watcher's batch, then a build."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if (text in get(preview, page)[2]) == shown:
            return True
        time.sleep(0.05)
    return False


def test_an_include_of_a_missing_template_is_reported_where_build_reports_it(project: Path, run_cli: Callable[..., tuple[int, str, str]]) -> None:
    """The preview's rebuild must name the template and line as `goalfolio build` does,
    not `themes:1:1`."""
    home = project / "themes/default/templates/home.html"
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            home.write_text(HOME.replace("<h1>", '{% include "missing.html" %}<h1>'), encoding="utf-8")
            [problem] = events.next("build")["diagnostics"]
            (home.parent / "missing.html").write_text("<p>now here</p>", encoding="utf-8")
            assert events.next("build")["ok"] is True
            assert b"<p>now here</p><h1>" in get(preview, "/portfolio/")[2]
        finally:
            events.close()
    (home.parent / "missing.html").unlink()
    code, _, err = run_cli("build", project, "--no-cache", "--out", project / "out")
    assert code == 1
    assert (problem["path"], problem["line"], problem["column"]) == ("themes/default/templates/home.html", 3, 13)
    assert err.splitlines()[0].startswith(f"{problem['path']}:{problem['line']}:{problem['column']}: error: {problem['message']}")


def test_folders_created_deleted_or_replaced_while_serving_are_followed(project: Path) -> None:
    """A themes/ made with its template in one go (`mkdir -p` then a write) sent no event
    for the template; a themes/ deleted and made again, or a content/ moved away and
    copied back, used to be watched no more."""
    shutil.rmtree(project / "themes")
    home = project / "themes/default/templates/home.html"
    with running_preview(project) as preview:
        for marker in (b"first override", b"second override"):
            home.parent.mkdir(parents=True)
            home.write_text(HOME.replace("<h1>", f"<h1>{marker.decode()} "), encoding="utf-8")
            assert served_soon(preview, marker)
            shutil.rmtree(project / "themes")
            assert served_soon(preview, marker, shown=False)
        (project / "content").rename(project / "content-old")
        shutil.copytree(project / "content-old", project / "content")
        (project / "content/profile.md").write_text(PROFILE.replace("Test Person", "Copied Back"), encoding="utf-8")
        assert served_soon(preview, b"Copied Back")
        (project / "content-old/profile.md").write_text(PROFILE.replace("Test Person", "Moved Away"), encoding="utf-8")
        time.sleep(0.5)
        assert b"Copied Back" in get(preview, "/portfolio/")[2]


def test_saves_made_while_the_first_build_runs_are_built_after_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher starts once the first build is done, which takes seconds on a large site:
    a file saved, deleted or made meanwhile was served as that build read it until the
    file was saved again."""
    first_build = Builder.build

    def save_during_the_first_build(builder: Builder, changed: object = None, jobs: int | None = None) -> BuildResult:
        result = first_build(builder, changed, jobs)  # type: ignore[arg-type]
        if changed is None:
            (project / "content/profile.md").write_text(PROFILE.replace("first", "saved meanwhile"), encoding="utf-8")
            (project / "content/evidence/checkout.md").unlink()
            (project / "themes/default/templates/home.html").write_text(HOME.replace("<h1>", "<h1>Made meanwhile "), encoding="utf-8")
        return result

    monkeypatch.setattr(Builder, "build", save_during_the_first_build)
    with running_preview(project) as preview:
        assert served_soon(preview, b"saved meanwhile")
        page = get(preview, "/portfolio/")[2]
        assert (b"Made meanwhile" in page, b"Shipped the checkout" in page) == (True, False)


INJECTED = re.compile(rb'<script id="goalfolio-state" type="application/json">.*?</script>\n<script src="[^"]*livereload\.js"></script>\n', re.S)


def served_unlike_a_build(preview: Preview, project: Path, run_cli: Callable[..., tuple[int, str, str]], out: Path) -> list[str]:
    """The files the preview serves over HTTP (without the live-reload script it adds)
    that differ from those of `goalfolio build` of the owner's view for its address, or
    that only one of them has."""
    code, _, err = run_cli("build", project, "--all", "--no-cache", "--base-url", preview.url, "--out", out)
    assert code == 0, err
    built = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != ".goalfolio-site"}
    served = {name: get(preview, preview.base_path + quote(name)) for name in built}
    unlike = [name for name, (status, _, body) in served.items() if status != 200 or INJECTED.sub(b"", body) != built[name]]
    return sorted(unlike + [f"{name} (not built)" for name in set(preview.snapshot().files) - set(built)])


def test_a_template_saved_as_the_first_build_compiles_it_is_not_served_stale_at_the_next_start(
        project: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Callable[..., tuple[int, str, str]]) -> None:
    """The first build keeps its pages for the next start, under the theme's digest, which
    was read after the templates compiled: a template saved in between kept the pages of
    the version before under the new one's digest. The save was built at once, but the
    next start reused those pages, and served the template as it was before the save."""
    home = project / "themes/default/templates/home.html"
    first_environment = Builder._environment

    def saved_once_compiled(builder: Builder, theme: str, fresh: bool) -> object:
        env = first_environment(builder, theme, fresh)
        if b"Saved meanwhile" not in home.read_bytes():
            home.write_text(HOME.replace("<h1>", "<h1>Saved meanwhile "), encoding="utf-8")
        return env

    monkeypatch.setattr(Builder, "_environment", saved_once_compiled)
    with running_preview(project) as preview:
        assert served_soon(preview, b"Saved meanwhile")
        port = preview.server.port
    monkeypatch.undo()
    with running_preview(project, port=port) as preview:  # pages are kept for one address
        assert served_unlike_a_build(preview, project, run_cli, project.parent / "built") == []


def test_a_content_folder_deleted_and_made_again_with_the_same_inode_is_watched_again(project: Path) -> None:
    """ext4 gives a new folder the inode just freed, so (device, inode) alone took the new
    content/ for the old one and kept its dead watch: every later save went unseen."""
    saved = project.parent / "content-saved"
    shutil.copytree(project / "content", saved)
    with running_preview(project) as preview:
        shutil.rmtree(project / "content")
        (project / "content").mkdir()  # on ext4 it gets the freed inode in nearly every run: the case at issue
        for child in saved.iterdir():
            (shutil.copytree if child.is_dir() else shutil.copy2)(child, project / "content" / child.name)
        assert served_soon(preview, b"The first version of the bio.")
        time.sleep(0.3)
        (project / "content/profile.md").write_text(PROFILE.replace("Test Person", "Seen Again"), encoding="utf-8")
        assert served_soon(preview, b"Seen Again")


def test_the_scan_of_a_new_folder_skips_what_vanished_before_it(tmp_path: Path) -> None:
    """A tree moved into themes/ and deleted at once: the scan of the folder that appeared
    met folders already gone, and `rglob` raised FileNotFoundError, which ended the
    watcher's thread; every later save went unseen."""
    for name in ("a", "b", "c"):
        (tmp_path / "tree" / name / "deeper").mkdir(parents=True)
        (tmp_path / "tree" / name / "deeper" / "f.txt").write_text("x", encoding="utf-8")
    walk = _files_in(tmp_path / "tree")
    first = next(walk)
    for folder in (tmp_path / "tree").iterdir():
        if folder not in first.parents:
            shutil.rmtree(folder)
    assert list(walk) == []


def test_edits_to_the_targets_of_symlinks_the_build_follows_are_seen(project: Path) -> None:
    """A content file, a content folder and goalfolio.yaml kept elsewhere in the project and
    linked in: the build reads them through the links, so the preview must see their edits."""
    (project / "drafts/more").mkdir(parents=True)
    (project / "drafts/checkout.md").write_text(EVIDENCE, encoding="utf-8")
    (project / "drafts/more/later.md").write_text(EVIDENCE.replace("Shipped the checkout", "Later win"), encoding="utf-8")
    (project / "content/evidence/checkout.md").unlink()
    (project / "content/evidence/checkout.md").symlink_to("../../drafts/checkout.md")
    (project / "content/evidence/more").symlink_to("../../drafts/more")
    (project / "settings").mkdir()
    (project / "goalfolio.yaml").rename(project / "settings/goalfolio.yaml")
    (project / "goalfolio.yaml").symlink_to("settings/goalfolio.yaml")
    with running_preview(project) as preview:
        (project / "drafts/checkout.md").write_text(EVIDENCE.replace("What happened.", "Edited at the target."), encoding="utf-8")
        assert served_soon(preview, b"Edited at the target.", page="/portfolio/evidence/checkout/")
        (project / "drafts/more/later.md").write_text(EVIDENCE.replace("What happened.", "Edited in a linked folder."), encoding="utf-8")
        assert served_soon(preview, b"Edited in a linked folder.", page="/portfolio/evidence/later/")
        config = project / "settings/goalfolio.yaml"
        config.write_text(config.read_text(encoding="utf-8").replace("Test portfolio", "Linked config"), encoding="utf-8")
        assert served_soon(preview, b"Linked config", page="/portfolio/")


def test_links_inside_a_symlinked_content_folder_are_followed(project: Path) -> None:
    (project / "content").rename(project / "real-content")
    (project / "content").symlink_to("real-content")
    (project / "drafts").mkdir()
    (project / "drafts/checkout.md").write_text(EVIDENCE, encoding="utf-8")
    (project / "real-content/evidence/checkout.md").unlink()
    (project / "real-content/evidence/checkout.md").symlink_to("../../drafts/checkout.md")
    with running_preview(project) as preview:
        (project / "drafts/checkout.md").write_text(EVIDENCE.replace("What happened.", "Edited at the target."), encoding="utf-8")
        assert served_soon(preview, b"Edited at the target.", page="/portfolio/evidence/checkout/")


def test_a_linked_folder_deleted_and_made_again_is_followed(project: Path) -> None:
    """The target of a linked folder is watched from the folder it is in, too: made again
    after a delete, it is seen, and so are later edits inside it."""
    (project / "drafts/more").mkdir(parents=True)
    (project / "drafts/more/later.md").write_text(EVIDENCE.replace("Shipped the checkout", "Later win"), encoding="utf-8")
    (project / "content/evidence/more").symlink_to("../../drafts/more")
    saved = project.parent / "more-saved"
    shutil.copytree(project / "drafts/more", saved)
    with running_preview(project) as preview:
        shutil.rmtree(project / "drafts/more")
        assert served_soon(preview, b"Later win", shown=False)
        shutil.copytree(saved, project / "drafts/more")
        assert served_soon(preview, b"What happened.", page="/portfolio/evidence/later/")
        time.sleep(0.3)
        (project / "drafts/more/later.md").write_text(EVIDENCE.replace("What happened.", "Edited after its return."), encoding="utf-8")
        assert served_soon(preview, b"Edited after its return.", page="/portfolio/evidence/later/")


def test_a_link_out_of_the_project_is_not_watched(project: Path, tmp_path: Path) -> None:
    """The build refuses it (symlink-outside); watching where it leads (`/`, say) would add
    watches without end."""
    outside = tmp_path / "elsewhere"
    (outside / "deep/er").mkdir(parents=True)
    (project / "content/assets").mkdir()
    (project / "content/assets/linked").symlink_to(outside)
    with running_preview(project) as preview:
        assert preview.watcher is not None
        assert not any(outside in (folder, *folder.parents) for folder in preview.watcher._watches)
        assert "this symlink points outside the project" in preview.out.getvalue()  # type: ignore[attr-defined]
        (project / "content/assets/linked").unlink()
        assert served_soon(preview, b"The first version of the bio.")


def test_a_symlink_loop_saved_while_serving_is_reported_as_a_build_reports_it(project: Path) -> None:
    """Python before 3.13 raises on resolving a link that loops: the save that made one was
    an internal error, with a traceback and no overlay, until some other file was saved."""
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            (project / "content/evidence/loop").symlink_to("loop")
            event = events.next("build")
            assert [(d["path"], d["line"], d["column"], d["message"]) for d in event["diagnostics"]] == [
                ("content/evidence/loop", 1, 1, "this symlink leads round in a loop")]
            assert "internal error" not in preview.out.getvalue()  # type: ignore[attr-defined]
            (project / "content/evidence/loop").unlink()
            assert events.next("build")["ok"]
        finally:
            events.close()


def test_a_config_or_theme_folder_made_a_symlink_loop_is_survived(project: Path) -> None:
    """Each stopped the rebuild with an internal error, where `goalfolio build` reports a
    missing goalfolio.yaml, and builds with the built-in theme."""
    config = project / "goalfolio.yaml"
    good = config.read_text(encoding="utf-8")
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            config.unlink()
            config.symlink_to("goalfolio.yaml")
            event = events.next("build")
            assert [(d["path"], d["line"], d["column"], d["message"]) for d in event["diagnostics"]] == [
                ("goalfolio.yaml", 1, 1, "no goalfolio.yaml found")]
            config.unlink()
            config.write_text(good, encoding="utf-8")
            assert events.next("build")["ok"]
            shutil.rmtree(project / "themes/default")
            assert events.next("build")["ok"]
            (project / "themes/default").symlink_to("default")
            assert events.next("build")["ok"]
            assert "internal error" not in preview.out.getvalue()  # type: ignore[attr-defined]
        finally:
            events.close()


def test_broken_content_keeps_the_last_good_build_and_shows_diagnostics(project: Path) -> None:
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            (project / "content/goals/lead-team.md").write_text(BAD_GOAL, encoding="utf-8")
            event = events.next("build")
            assert event["ok"] is False and event["changed"] == []
            [problem] = event["diagnostics"]
            assert (problem["path"], problem["line"], problem["column"]) == ("content/goals/lead-team.md", 4, 8)
            assert "not a valid date" in problem["message"] and problem["hint"]

            status, _, body = get(preview, "/portfolio/")
            assert status == 200 and b"The first version of the bio." in body
            [shown] = embedded_state(body)["diagnostics"]
            assert f"{shown['path']}:{shown['line']}:{shown['column']}" == "content/goals/lead-team.md:4:8"
            assert "content/goals/lead-team.md:4:8: error:" in preview.out.getvalue()  # type: ignore[attr-defined]

            (project / "content/goals/lead-team.md").write_text(GOAL, encoding="utf-8")
            event = events.next("build")
            assert event["ok"] is True and event["diagnostics"] == []
            assert embedded_state(get(preview, "/portfolio/")[2])["diagnostics"] == []
        finally:
            events.close()


def test_a_previewed_audience_that_goalfolio_yaml_stops_declaring_is_an_error(project: Path) -> None:
    """`goalfolio build --audience manager` would refuse to start now: the preview must not go
    on showing pages "Prepared for: manager" as if nothing were wrong."""
    config = project / "goalfolio.yaml"
    good = config.read_text(encoding="utf-8")
    with running_preview(project, audience="manager") as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            config.write_text(good.replace("audiences: [manager]", "audiences: [committee]"), encoding="utf-8")
            event = events.next("build")
            assert not event["ok"]
            assert [(d["path"], d["line"], d["column"], d["message"], d["hint"]) for d in event["diagnostics"]] == [
                ("goalfolio.yaml", 4, 12, "this build is for the audience `manager`, which goalfolio.yaml does not declare",
                 "declare it under `audiences:` (declared: committee), or build or preview another --audience")]
            config.write_text(good, encoding="utf-8")
            assert events.next("build")["ok"]
        finally:
            events.close()


def test_a_broken_config_is_reported_and_survived(project: Path) -> None:
    config = project / "goalfolio.yaml"
    good = config.read_text(encoding="utf-8")
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            config.write_text(good + "colour: blue\n", encoding="utf-8")
            event = events.next("build")
            assert not event["ok"] and event["diagnostics"][0]["path"] == "goalfolio.yaml"
            assert get(preview, "/portfolio/")[0] == 200
            config.write_text(good, encoding="utf-8")
            assert events.next("build")["ok"]
        finally:
            events.close()


def test_an_unexpected_exception_in_a_build_is_printed_and_survived(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_preview(project) as preview:
        def explode(changed: object = None, jobs: object = None) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(preview.builder, "build", explode)
        assert preview.rebuild({project / "content/profile.md"}) is None
        lines = preview.out.getvalue().splitlines()  # type: ignore[attr-defined]
        assert lines[2:4] == ["goalfolio: internal error during a rebuild (a bug, not your content); still serving the last good build",
                              "Traceback (most recent call last):"]
        assert lines[-1] == "RuntimeError: boom"
        assert get(preview, "/portfolio/")[0] == 200


FAILED_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>goalfolio: the build failed (2 problems)</title>
</head>
<body>
<h1>goalfolio: the build failed (2 problems)</h1>
<p>There is no good build to show yet. Fix the files and save: this page reloads by itself.</p>
<ol>
<li><strong>content/evidence/checkout.md:5:7: error [literal-error]</strong>
<div>field: kind</div>
<div>`kind` must be one of project, result, certification, course, talk, publication, interview, referral, assignment, other; \
got `&lt;b&gt;talk&lt;/b&gt;`</div>
<div>hint: did you mean `talk`?</div></li>
<li><strong>content/goals/lead-team.md:4:8: error [bad-value]</strong>
<div>field: start</div>
<div>`2026-13-01` is not a valid date: month must be in 1..12</div>
<div>hint: write it as YYYY-MM-DD, without a time, e.g. 2026-03-31</div></li>
</ol>
"""


@pytest.mark.parametrize("audience", [None, "public"])
def test_a_first_build_that_fails_serves_its_problems_as_a_page_until_a_build_succeeds(tmp_path: Path, audience: str | None) -> None:
    """With no good build, a page was the plain 404 with the problems only in the JavaScript
    overlay. Now every page is a 503 listing them in HTML, escaped, with the live-reload
    script; with --public, as the overlay does, it names every file (it is the author's)."""
    root = small_project(tmp_path)
    (root / "content/goals/lead-team.md").write_text(BAD_GOAL, encoding="utf-8")
    (root / "content/evidence/checkout.md").write_text(EVIDENCE.replace("kind: project", "kind: <b>talk</b>")
                                                       .replace("---\n", "---\nvisibility: private\n", 1), encoding="utf-8")
    with running_preview(root, audience=audience) as preview:
        for path in ("/portfolio/", "/portfolio/goals/lead-team/", "/portfolio/nope.html", "/portfolio/static/style.css"):
            status, headers, body = get(preview, path)
            assert (status, headers["content-type"], headers["cache-control"]) == (503, "text/html; charset=utf-8", "no-store")
            page, script = body.decode().split('<script id="goalfolio-state"')
            assert page == FAILED_PAGE, path
            assert script.endswith('</script>\n<script src="/portfolio/__goalfolio/livereload.js"></script>\n</body>\n</html>\n')
            state = embedded_state(body)
            assert (state["built"], len(state["diagnostics"])) == (False, 2)
        assert get(preview, "/portfolio/", method="HEAD")[::2] == (503, b"")
        events = EventClient(preview)
        try:
            events.next("hello")
            (root / "content/goals/lead-team.md").write_text(GOAL, encoding="utf-8")
            (root / "content/evidence/checkout.md").write_text(EVIDENCE, encoding="utf-8")
            assert events.next("build", where=lambda e: e["ok"])["ok"]
        finally:
            events.close()
        status, _, body = get(preview, "/portfolio/")
        assert status == 200 and b"The first version of the bio." in body and embedded_state(body)["built"] is True


def test_a_first_build_stopped_by_a_bug_serves_a_page_that_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No diagnostics to list: the terminal has the traceback, and the page says to look there."""
    root = small_project(tmp_path)
    preview = Preview(find_project(root), PreviewOptions(port=0, quiet=0.05, heartbeat=0.2), out=io.StringIO())

    def explode(changed: object = None, jobs: object = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(preview.builder, "build", explode)
    preview.start()
    try:
        status, _, body = get(preview, "/portfolio/")
        assert status == 503
        assert body.decode().split("<body>\n")[1].split("<script")[0] == (
            "<h1>goalfolio: there is no build yet</h1>\n"
            "<p>The first build stopped before it finished; the terminal says why. "
            "This page reloads after the next build.</p>\n")
        assert "RuntimeError: boom" in preview.out.getvalue()  # type: ignore[attr-defined]
    finally:
        preview.stop()


@pytest.mark.parametrize("path", [
    "/portfolio/../goalfolio.yaml",
    "/../../etc/passwd",
    "/portfolio/%2e%2e/goalfolio.yaml",
    "/portfolio/%2E%2E/%2E%2E/etc/passwd",
    "/portfolio/.%2e/goalfolio.yaml",
    "/portfolio/%2fetc%2fpasswd",
    "/portfolio/static%2Fstyle.css",
    "/portfolio/static\\style.css",
    "/portfolio/%5c..%5cgoalfolio.yaml",
    "/portfolio/index.html%00.css",
    "//etc/passwd",
    "/etc/passwd",
    "/portfolio/./index.html",
    "/portfolio/static/",
    "/portfolio/content/profile.md",
    "http://127.0.0.1/portfolio/",
])
def test_paths_outside_the_site_are_a_plain_404(project: Path, path: str) -> None:
    with running_preview(project) as preview:
        status, _, body = get(preview, path)
        assert status == 404, path
        assert str(project).encode() not in body and str(project.parent).encode() not in body
        assert b"/etc" not in body


def test_a_restarted_preview_has_another_generation_so_open_tabs_reload(project: Path) -> None:
    with running_preview(project) as preview:
        before = embedded_state(get(preview, "/portfolio/")[2])["generation"]
    assert 0 < before < 2**53, "a JavaScript number holds it exactly, so `generation + 1` differs from it"
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            assert events.next("hello")["generation"] != before
        finally:
            events.close()


def test_an_unknown_page_gets_the_sites_own_404_page(project: Path) -> None:
    with running_preview(project) as preview:
        for path in ("/portfolio/nope.html", "/portfolio/nope", "/portfolio/goals/nope/"):
            status, headers, body = get(preview, path)
            assert (status, headers["content-type"]) == (404, "text/html; charset=utf-8"), path
            assert body.startswith(preview.last_result.files["404.html"].split(b"</body>")[0]), path
            assert embedded_state(body)["page"] == ("nope.html" if path.endswith(".html") else
                                                    "goals/nope/index.html" if path.endswith("/") else "nope/index.html")
        assert embedded_state(get(preview, "/portfolio/nope.xml")[2])["page"] == "404.html"


def test_a_tab_on_a_missing_folder_url_without_its_slash_reloads_when_the_page_is_made(project: Path) -> None:
    """It was told it showed 404.html, which a new page does not change: the tab stayed on
    "Page not found", where the same address with its slash showed the new page."""
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            waiting = embedded_state(get(preview, "/portfolio/goals/new-goal")[2])["page"]
            (project / "content/goals/new-goal.md").write_text(GOAL.replace("Lead a team of six", "A new goal"), encoding="utf-8")
            assert waiting in events.next("build")["changed"]
            status, headers, _ = get(preview, "/portfolio/goals/new-goal")
            assert (status, headers["location"]) == (302, "/portfolio/goals/new-goal/")
        finally:
            events.close()


def test_markup_in_a_requested_path_stays_inside_the_embedded_state(project: Path) -> None:
    """The page name goes into the state script: `</script>` in it must not end the script."""
    with running_preview(project) as preview:
        status, _, body = get(preview, "/portfolio/x%3C/script%3E%3Cb%3E&amp;.html")
        assert status == 404
        assert embedded_state(body)["page"] == "x</script><b>&amp;.html"
        assert b"x</script>" not in body and b"<b>&amp;" not in body


def test_a_folder_redirect_keeps_the_query(project: Path) -> None:
    with running_preview(project) as preview:
        status, headers, _ = get(preview, "/portfolio/goals?tab=2")
        assert (status, headers["location"]) == (302, "/portfolio/goals/?tab=2")


def test_the_base_path_redirect_keeps_the_query(project: Path) -> None:
    """`/portfolio?tab=2` lost its query on the way to `/portfolio/`, as a folder's did not."""
    with running_preview(project) as preview:
        status, headers, _ = get(preview, "/portfolio?tab=2")
        assert (status, headers["location"]) == (302, "/portfolio/?tab=2")
        assert get(preview, "/?tab=2")[1]["location"] == "/portfolio/?tab=2"
        assert get(preview, "/portfolio")[1]["location"] == "/portfolio/"


@pytest.mark.parametrize(("folder", "asked", "location"), [
    ("日本", "%E6%97%A5%E6%9C%AC", "%E6%97%A5%E6%9C%AC/"),
    ("café", "caf%C3%A9", "caf%C3%A9/"),
    ("my photos", "my%20photos", "my%20photos/"),
    ("a?b", "a%3Fb", "a%3Fb/"),
])
def test_a_folder_redirect_writes_its_name_percent_encoded(project: Path, folder: str, asked: str, location: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The redirect wrote the decoded name into `Location`: a name outside Latin-1 was a
    UnicodeEncodeError (a traceback, and no answer at all), `é` went out as one raw byte, a
    space or `?` made another URL."""
    page = project / "content/assets" / folder / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<!DOCTYPE html><html><body>hi</body></html>\n", encoding="utf-8")
    with running_preview(project) as preview:
        status, headers, _ = get(preview, f"/portfolio/assets/{asked}?x=1")
        assert (status, headers.get("location")) == (302, f"/portfolio/assets/{location}?x=1")
        assert get(preview, headers["location"])[0] == 200
    assert capsys.readouterr().err == ""


def test_a_file_whose_name_is_not_utf8_is_served_as_the_site_publishes_it(project: Path) -> None:
    """The preview read a request's path as UTF-8 (`caf%E9.pdf` as `caf\ufffd.pdf`) and the
    build keeps a file under the name the file system decodes (`caf\\udce9.pdf`): it
    answered 404 for a file the site publishes, and for a folder's redirect. The build
    event names the file as a browser reads its URL."""
    name = os.fsdecode(b"caf\xe9")  # Latin-1, as an old zip leaves it
    (project / "content/assets").mkdir()
    try:
        (project / "content/assets" / f"{name}.pdf").write_bytes(b"%PDF-1.4 in Latin-1")
        (project / "content/assets" / name).mkdir()
    except OSError:
        pytest.skip("this file system takes names in UTF-8 only")
    (project / "content/assets" / name / "index.html").write_text("<!DOCTYPE html><html><body>hi</body></html>\n")
    with running_preview(project, audience="public") as preview:
        status, _, body = get(preview, "/portfolio/assets/caf%E9.pdf")
        assert (status, body) == (200, b"%PDF-1.4 in Latin-1")
        status, headers, _ = get(preview, "/portfolio/assets/caf%E9")
        assert (status, headers.get("location")) == (302, "/portfolio/assets/caf%E9/")
        assert get(preview, "/portfolio/assets/caf%C3%A9.pdf")[0] == 404
        client = EventClient(preview)
        client.next("hello")
        (project / "content/assets" / f"{name}.pdf").write_bytes(b"%PDF-1.4 saved again")
        assert client.next("build")["changed"] == ["assets/caf\ufffd.pdf"]  # as a browser reads the name's bytes
        client.close()


C_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}  # file names read as ASCII


def _get_from(url: str, path: str) -> tuple[int, str | None, bytes]:
    """(status, Location, body) of a GET of `path` from the server at `url`."""
    host, port = re.fullmatch(r"http://([^:/]+):(\d+)/.*", url).groups()  # type: ignore[union-attr]
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Location"), response.read()
    finally:
        connection.close()


def test_the_preview_in_the_c_locale_serves_a_non_ascii_asset(project: Path) -> None:
    """Pages link `café.svg` as `caf%C3%A9.svg`, and the C locale (without UTF-8 mode) reads
    its name as `caf\\udcc3\\udca9.svg`: the preview answered 404, the built site has it.
    Saving it sent that name in the build event, as UTF-8, which failed: the event never
    came, and a page showing the image was not reloaded. It is sent as a browser reads the
    page's link to it. A folder of that name is redirected to, and its page is told its
    own path as the browser reads it (a theme's page: one of content/assets/ is served as
    built, without the state)."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    (project / "content/assets").mkdir(parents=True)
    (project / "content/assets/caf\u00e9.svg").write_bytes(svg)
    (project / "themes/default/static/caf\u00e9").mkdir(parents=True)
    (project / "themes/default/static/caf\u00e9/index.html").write_text("<!DOCTYPE html><html><body>hi</body></html>\n")
    process = subprocess.Popen([sys.executable, "-m", "goalfolio", "serve", str(project), "--port", "0", "--public"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **C_LOCALE})
    try:
        url = _lines_until(process, "(Ctrl-C to stop)")[-1].split(" at ")[1].split()[0]
        assert _get_from(url, "/portfolio/assets/caf%C3%A9.svg") == (200, None, svg)
        assert _get_from(url, "/portfolio/static/caf%C3%A9")[:2] == (302, "/portfolio/static/caf%C3%A9/")
        status, _, body = _get_from(url, "/portfolio/static/caf%C3%A9/")
        assert (status, embedded_state(body)["page"]) == (200, "static/caf\u00e9/index.html")
        port = int(url.split(":")[2].split("/")[0])
        client = EventClient(SimpleNamespace(server=SimpleNamespace(port=port), base_path="/portfolio/"))  # type: ignore[arg-type]
        client.next("hello")
        (project / "content/assets/caf\u00e9.svg").write_bytes(svg.replace(b"/>", b' width="2"/>'))
        assert client.next("build")["changed"] == ["assets/caf\u00e9.svg"]  # its stream ends with the server
    finally:
        process.kill()
        process.communicate(timeout=30)


def test_a_problem_in_a_folder_whose_name_is_not_utf8_is_shown_and_sent(project: Path) -> None:
    """The path of a problem came with a surrogate (`\\udce4` for a folder named in Latin-1,
    as every non-ASCII name in the C locale does), which the page's state and the event
    stream wrote as UTF-8: no page was answered at all, and the build event never came.
    The path is written as `goalfolio check` prints it."""
    folder = project / "content/evidence" / os.fsdecode(b"\xe4")
    try:
        folder.mkdir()
    except OSError:
        pytest.skip("this file system takes names in UTF-8 only")
    with running_preview(project, audience="public") as preview:
        client = EventClient(preview)
        client.next("hello")
        (folder / "broken.md").write_text(EVIDENCE.replace("2026-05-22", "2026-13-22"))
        event = client.next("build")
        assert [d["path"] for d in event["diagnostics"]] == ["content/evidence/\udce4/broken.md"]
        status, _, body = get(preview, "/portfolio/")
        assert status == 200 and [d["path"] for d in embedded_state(body)["diagnostics"]] == ["content/evidence/\udce4/broken.md"]
        client.close()
    with running_preview(project, audience="public") as preview:
        status, _, body = get(preview, "/portfolio/")
        assert status == 503 and b"content/evidence/\\udce4/broken.md" in body


def test_a_refused_request_with_a_body_does_not_spill_into_the_next(project: Path) -> None:
    with running_preview(project) as preview, socket.create_connection(("127.0.0.1", preview.server.port), timeout=10) as raw:
        host = f"127.0.0.1:{preview.server.port}"
        raw.sendall(f"POST /portfolio/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 11\r\n\r\nhello=world"
                    f"GET /portfolio/ HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 405 ") and answer.count(b"HTTP/1.1 ") == 1


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("body", ["Content-Length: 5\r\n\r\nhello", "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"])
def test_a_get_with_a_body_does_not_spill_into_the_next_request(project: Path, body: str, method: str) -> None:
    """The body of a GET is not read: the connection closes after the answer, as for a
    refused method, or the body would be read as the start of the next request."""
    with running_preview(project) as preview, socket.create_connection(("127.0.0.1", preview.server.port), timeout=10) as raw:
        host = f"127.0.0.1:{preview.server.port}"
        raw.sendall(f"{method} /portfolio/ HTTP/1.1\r\nHost: {host}\r\n{body}GET /portfolio/ HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
        head = answer.split(b"\r\n\r\n")[0].decode()
        assert head.startswith("HTTP/1.1 200 ") and "\r\nConnection: close" in head
        assert answer.count(b"HTTP/1.1 ") == 1


def test_safe_relative_path_accepts_ordinary_paths() -> None:
    assert safe_relative_path("/p/goals/x/?q=1", "/p/") == "goals/x/"
    assert safe_relative_path("/p/caf%C3%A9.html", "/p/") == "café.html"
    assert safe_relative_path("/p/a/../b", "/p/") is None


@pytest.mark.parametrize("host", ["evil.example:8000", "evil.example", "127.0.0.1.nip.io", "localhost:1", "", "localhost", "127.0.0.1"])
def test_a_host_header_that_is_not_this_preview_is_refused(project: Path, host: str) -> None:
    """A loopback name without the port names port 80, another server."""
    with running_preview(project) as preview:
        if host == "localhost:1":
            host = f"localhost:{preview.server.port + 1 if preview.server.port < 65535 else 1}"
        assert get(preview, "/portfolio/", headers={"Host": host})[0] == 400


def test_loopback_host_names_are_accepted(project: Path) -> None:
    with running_preview(project) as preview:
        for name in ("127.0.0.1", "localhost", "[::1]"):
            assert get(preview, "/portfolio/", headers={"Host": f"{name}:{preview.server.port}"})[0] == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_only_get_and_head_are_allowed(project: Path, method: str) -> None:
    with running_preview(project) as preview:
        status, headers, _ = get(preview, "/portfolio/", method=method)
        assert status == 405 and headers["allow"] == "GET, HEAD"


def test_concurrent_requests_during_rebuilds_all_succeed(project: Path) -> None:
    with running_preview(project, watch=False) as preview:
        streams = [EventClient(preview) for _ in range(5)]
        stop = threading.Event()

        def rebuild_repeatedly() -> int:
            count = 0
            while not stop.is_set():
                (project / "content/profile.md").write_text(PROFILE.replace("first", f"v{count}"), encoding="utf-8")
                preview.rebuild({project / "content/profile.md"})
                count += 1
            return count

        with ThreadPoolExecutor(max_workers=51) as pool:
            rebuilds = pool.submit(rebuild_repeatedly)
            pages = ["/portfolio/", "/portfolio/index.html", "/portfolio/static/style.css"]
            statuses = list(pool.map(lambda i: get(preview, pages[i % 3])[0], range(50)))
            stop.set()
            assert rebuilds.result() >= 1
        assert statuses == [200] * 50
        for stream in streams:
            stream.close()


def test_closed_event_streams_are_dropped(project: Path) -> None:
    with running_preview(project, heartbeat=0.05) as preview:
        streams = [EventClient(preview) for _ in range(3)]
        for stream in streams:
            stream.next("hello")
        assert preview.hub.count == 3
        for stream in streams:
            stream.close()
        deadline = time.monotonic() + 5
        while preview.hub.count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert preview.hub.count == 0


def test_stop_closes_streams_and_the_socket(project: Path) -> None:
    with running_preview(project) as preview:
        stream = EventClient(preview)
        stream.next("hello")
        port = preview.server.port
    assert preview.hub.count == 0
    assert stream.ended(), "the server ends an open tab's event stream as it stops"
    with pytest.raises(ConnectionRefusedError):
        import socket

        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert not any(t.name in ("goalfolio-server", "goalfolio-watcher") and t.is_alive() for t in threading.enumerate())


def long_rebuilds(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """(building, release): every build after the first waits for `release` once it has
    set `building`, as a save's rebuild of a large site runs on while the preview stops."""
    building, release = threading.Event(), threading.Event()
    build = Builder.build

    def long_build(self: Builder, paths: set[Path] | None, jobs: int | None = None) -> BuildResult:
        if paths:
            building.set()
            release.wait(60)
        return build(self, paths, jobs)

    monkeypatch.setattr(Builder, "build", long_build)
    return building, release


def test_stopping_during_a_long_rebuild_does_not_wait_for_its_end(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stop gives up on a save's rebuild after 5 s; but a garbage collection due while
    the rebuild ran waited for its lock, and the stop waited for that collection with no
    limit: for as long as the rebuild went on."""
    building, release = long_rebuilds(monkeypatch)
    out = io.StringIO()
    preview = Preview(find_project(project), PreviewOptions(port=0, quiet=0.05, collect_after=1.0), out=out)
    preview.start()
    stopping = threading.Thread(target=preview.stop)
    try:
        assert preview.watcher is not None
        preview.watcher.add([project / "content/profile.md"])
        assert building.wait(10)
        time.sleep(1.5)  # the collection set off by the first build falls due meanwhile
        stopping.start()
        stopping.join(8)
        assert not stopping.is_alive(), "the stop was still waiting for the rebuild"
    finally:
        release.set()
        if stopping.is_alive():
            stopping.join(10)
    deadline = time.monotonic() + 10
    while "content/profile.md: rendered" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)  # the rebuild the stop gave up on ends, and sets off no collection


def test_stopping_while_two_threads_wait_for_one_rebuild_waits_5_s_not_10(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save's rebuild runs, and the look at the date waits for it: the stop waited 5 s for
    each thread in turn, though both waited for the same build."""
    building, release = long_rebuilds(monkeypatch)
    preview = Preview(find_project(project), PreviewOptions(port=0, quiet=0.05, date_check=0.05), out=io.StringIO())
    preview.start()
    try:
        assert preview.watcher is not None
        preview.watcher.add([project / "content/profile.md"])
        assert building.wait(10)
        time.sleep(0.3)  # the date is looked at meanwhile: that thread waits for the build
        started = time.monotonic()
        preview.stop()
        took = time.monotonic() - started
    finally:
        release.set()
    assert 4.5 < took < 8


def test_the_example_content_is_served_and_reloads(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "goalfolio.yaml", root / "goalfolio.yaml")
    with running_preview(root) as preview:
        assert preview.last_result is not None and preview.last_result.ok
        for output in preview.last_result.files:
            if output.endswith(".html"):
                path = preview.base_path + output.removesuffix("index.html")
                assert get(preview, path)[0] == 200, path
        events = EventClient(preview)
        try:
            events.next("hello")
            profile = root / "content/profile.md"
            profile.write_text(profile.read_text(encoding="utf-8").replace("Nadia Okafor", "Nadia O. Okafor", 1), encoding="utf-8")
            assert "index.html" in events.next("build")["changed"]
        finally:
            events.close()


def test_classify_sorts_changes_by_kind(project: Path) -> None:
    found = find_project(project)
    assert classify(found.config_path, found) is ChangeKind.CONFIG
    assert classify(found.content_dir / "goals/x.md", found) is ChangeKind.CONTENT
    assert classify(found.themes_dir / "default/templates/base.html", found) is ChangeKind.TEMPLATE
    assert classify(found.themes_dir / "default/static/style.css", found) is ChangeKind.STATIC
    assert classify(found.root / "site/index.html", found) is None
    assert classify(found.root / "README.md", found) is None


@pytest.mark.parametrize("name", ["x.md.swp", ".x.md.swx", "x.md~", ".#x.md", "#x.md#", "4913", "x.md.tmp",
                                  "x.md___jb_tmp___", "x.md___jb_old___", ".subl4f2.tmp", ".goutputstream-1UGZ42",
                                  ".x.md.kate-swp", "x.md.vsctmp", "~$cv.docx", ".~lock.cv.docx#", ".DS_Store"])
def test_editor_temporary_files_are_ignored(name: str) -> None:
    assert is_ignored(name)


@pytest.mark.parametrize("name", ["x.md", "4913.md", "#hashtag.md", "notes~draft.md", "cv.docx", "#"])
def test_content_names_are_not_ignored(name: str) -> None:
    assert not is_ignored(name)


def _vim(path: Path, text: str) -> None:
    """Vim's probe of the folder, then its backup by renaming (`backupcopy=auto`)."""
    (path.parent / "4913").write_text("")
    (path.parent / "4913").unlink()
    path.rename(f"{path}~")
    path.write_text(text, encoding="utf-8")
    Path(f"{path}~").unlink()


def _emacs(path: Path, text: str) -> None:
    path.rename(f"{path}~")
    path.write_text(text, encoding="utf-8")
    Path(path.parent, f"#{path.name}#").unlink(missing_ok=True)


def _jetbrains(path: Path, text: str) -> None:
    """The IDEs' "safe write"."""
    Path(f"{path}___jb_tmp___").write_text(text, encoding="utf-8")
    path.rename(f"{path}___jb_old___")
    Path(f"{path}___jb_tmp___").rename(path)
    Path(f"{path}___jb_old___").unlink()


def _atomic(temporary: str) -> Callable[[Path, str], None]:
    """An atomic save through a temporary file in the same folder, renamed onto the file."""
    def save(path: Path, text: str) -> None:
        Path(path.parent, temporary.format(name=path.name)).write_text(text, encoding="utf-8")
        Path(path.parent, temporary.format(name=path.name)).replace(path)
    return save


# What an editor leaves beside a file while it is open, then how it saves it.
EDITORS = {
    "vim": ([".{name}.swp"], _vim),
    "emacs": ([".#{name}", "#{name}#"], _emacs),
    "jetbrains": ([], _jetbrains),
    "kate": ([".{name}.kate-swp"], _atomic("{name}.Ab12Cd")),  # Qt's QSaveFile: a random suffix
    "sublime text": ([], _atomic(".subl4f2.tmp")),
    "gedit": ([], _atomic(".goutputstream-1UGZ42")),
    "vs code": ([], _atomic("{name}.vsctmp")),
    "write-file-atomic": ([], _atomic("{name}.3264109185")),  # npm's, as tools built on Node save
    "python tempfile": ([], _atomic("tmpk2j3h4l5")),
}


@pytest.mark.parametrize("editor", EDITORS)
def test_an_editors_own_files_start_no_build_and_its_save_names_only_the_file(project: Path, editor: str) -> None:
    """Their swap, lock, backup and temporary files started builds of their own (a full
    pass over the portfolio, as if content had changed) and were named in the rebuild line."""
    leftovers, save = EDITORS[editor]
    profile = project / "content/profile.md"
    (project / "content/assets").mkdir()
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            for name in leftovers:  # the file is opened: the editor's files appear beside it
                Path(profile.parent, name.format(name=profile.name)).write_text("editor state", encoding="utf-8")
            (project / "content/.obsidian").mkdir()  # an editor's folder, written as it works
            (project / "content/.obsidian/workspace.json").write_text("{}", encoding="utf-8")
            (project / "content/assets/~$cv.docx").write_bytes(b"Word's lock on an open document")
            time.sleep(0.5)
            assert events.events.empty(), "nothing to build yet"
            save(profile, PROFILE.replace("first", "saved"))
            assert "index.html" in events.next("build")["changed"]
            time.sleep(0.5)
            assert events.events.empty(), "one save is one build"
            for name in leftovers:  # the file is closed
                Path(profile.parent, name.format(name=profile.name)).unlink(missing_ok=True)
            time.sleep(0.5)
            assert events.events.empty(), "closing the file builds nothing"
        finally:
            events.close()
        lines = preview.out.getvalue().splitlines()  # type: ignore[attr-defined]
        assert re.fullmatch(r"\d\d:\d\d:\d\d content/profile\.md: rendered 16/16 pages, 1 output file changed, \d+ ms", lines[-1]), lines
        assert len(lines) == 3, lines  # the first build, the preview's address, the save
        assert "assets/~$cv.docx" not in preview.snapshot().files


def test_a_burst_of_changes_is_delivered_as_one_batch(project: Path) -> None:
    batches: list[set[Path]] = []
    found = find_project(project)
    watcher = Watcher(found, batches.append, quiet=0.1)
    watcher.start()
    try:
        for i in range(10):
            (found.content_dir / f"evidence/e{i}.md").write_text(EVIDENCE, encoding="utf-8")
            (found.content_dir / f"evidence/e{i}.md.swp").write_text("x", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not batches and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
    finally:
        watcher.stop()
    assert len(batches) == 1
    assert {p.name for p in batches[0]} == {f"e{i}.md" for i in range(10)}


def test_permissions_changed_on_a_file_or_folder_are_delivered(project: Path) -> None:
    """A file the build cannot read is a problem whose hint is "check its permissions": the
    fix (`chmod`) changes no byte, and the preview kept the problem on every page until the
    next save."""
    batches: list[set[Path]] = []
    found = find_project(project)
    watcher = Watcher(found, batches.append, quiet=0.05)
    watcher.start()
    try:
        # watchdog before 7 reports a folder's as a modification of the folder, which is not watched
        folders = [found.content_dir / "evidence"] if len(ATTRIB_EVENTS) == 2 else []
        for path in (found.content_dir / "evidence/checkout.md", *folders):
            batches.clear()
            path.chmod(path.stat().st_mode & 0o7777)
            deadline = time.monotonic() + 5
            while not batches and time.monotonic() < deadline:
                time.sleep(0.02)
            assert batches == [{path}]
    finally:
        watcher.stop()


def test_a_file_created_and_gone_while_no_build_ran_is_not_delivered(project: Path) -> None:
    """The temporary file of an atomic save, whatever its name: only the file it saved is
    delivered, and a batch of nothing else is not delivered at all."""
    batches: list[set[Path]] = []
    found = find_project(project)
    evidence = found.content_dir / "evidence"
    watcher = Watcher(found, batches.append, quiet=0.05)
    watcher.start()
    try:
        (evidence / "checkout.md.Xy12Ab").write_text(EVIDENCE.replace("What", "Then what"), encoding="utf-8")
        (evidence / "checkout.md.Xy12Ab").replace(evidence / "checkout.md")
        time.sleep(0.3)
        (evidence / "scratch.txt").write_text("x", encoding="utf-8")
        time.sleep(0.3)
        (evidence / "scratch.txt").unlink()
        (evidence / "tmp3k_9q1z").mkdir()
        (evidence / "tmp3k_9q1z").rmdir()
        time.sleep(0.5)
    finally:
        watcher.stop()
    assert batches == [{evidence / "checkout.md"}, {evidence / "scratch.txt"}, {evidence / "scratch.txt"}]


def test_a_file_created_and_gone_while_a_build_ran_is_delivered(project: Path) -> None:
    """That build may have read it (published it from content/assets/, warned about it):
    the next one must see it gone."""
    batches: list[set[Path]] = []
    found = find_project(project)
    goal = found.content_dir / "goals/lead-team.md"
    note = found.content_dir / "goals/note.txt"

    def build(batch: set[Path]) -> None:
        batches.append(batch)
        if len(batches) == 1:
            note.write_text("seen by this build", encoding="utf-8")
            time.sleep(0.2)
            note.unlink()
            time.sleep(0.2)  # the build goes on: the watcher hears of both while it runs

    watcher = Watcher(found, build, quiet=0.05)
    watcher.start()
    try:
        goal.write_text(GOAL.replace("The plan.", "The new plan."), encoding="utf-8")
        deadline = time.monotonic() + 5
        while len(batches) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
    finally:
        watcher.stop()
    assert batches == [{goal}, {note}]


def test_saves_that_never_pause_still_get_built(project: Path) -> None:
    """An editor autosaving faster than the quiet period must not put the build off forever:
    a batch goes out once the first change has waited LONGEST_WAIT_SECONDS (1 s)."""
    batches: list[set[Path]] = []
    found = find_project(project)
    watcher = Watcher(found, batches.append, quiet=0.5)
    watcher.start()
    target = found.content_dir / "evidence" / "autosaved.md"
    try:
        for i in range(50):  # one save every 0.05 s for 2.5 s: never 0.5 s of quiet
            target.write_text(EVIDENCE + f"\nSave {i}.\n", encoding="utf-8")
            time.sleep(0.05)
        delivered_while_saving = len(batches)
    finally:
        watcher.stop()
    assert delivered_while_saving >= 1
    assert {p.name for batch in batches for p in batch} == {"autosaved.md"}


def test_serve_command_prints_the_url_and_stops_cleanly_on_ctrl_c(project: Path) -> None:
    """Started as from a terminal: with SIGINT at its default, whatever this process has (a
    test run started in the background by a shell without job control ignores SIGINT, and
    its children would inherit that)."""
    process = subprocess.Popen([sys.executable, "-m", "goalfolio", "serve", str(project), "--port", "0", "--public"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        url = re.search(r"http://127\.0\.0\.1:\d+/portfolio/", "".join(lines))
        assert url, lines
        assert "public site" in "".join(lines)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize(("audience", "shown"), [
    (None, "private and audience-only items (use --public to show only public ones)"),
    ("public", "only public items, and while the content has problems, every page lists them, private files included"),
    ("manager", "the items for `manager`, and while the content has problems, every page lists them, private files included"),
])
def test_another_host_prints_a_warning_naming_what_it_shows(project: Path, audience: str | None, shown: str) -> None:
    with running_preview(project, host="0.0.0.0", host_given=True, audience=audience) as preview:
        assert preview.out.getvalue().splitlines()[0] == (  # type: ignore[attr-defined]
            f"warning: serving on 0.0.0.0, so other machines can reach this preview; it shows {shown}")
        assert get(preview, "/portfolio/", headers={"Host": f"{socket.gethostname()}.local:8000"})[0] == 200


@pytest.mark.parametrize(("host", "status"), [
    ("evil.example:{port}", 400), ("evil.example", 400), ("127.0.0.1.nip.io:{port}", 400), ("", 400),
    ("192.168.1.20:{port}", 200), ("192.168.1.20:8080", 200), ("[fe80::1]:{port}", 200), ("{machine}:{port}", 200),
    ("{machine}.local", 200), ("LOCALHOST:{port}", 200),
])
def test_serving_other_machines_answers_to_addresses_and_this_machines_names_only(project: Path, host: str, status: int) -> None:
    """A site whose name an attacker points at this machine's address (DNS rebinding) reads
    nothing: a preview serving other machines checked no Host at all."""
    with running_preview(project, host="0.0.0.0", host_given=True) as preview:
        named = host.format(port=preview.server.port, machine=socket.gethostname())
        got = get(preview, "/portfolio/", headers={"Host": named})
        assert got[0] == status
        if status == 400:
            assert got[2] == b"bad Host header: the preview answers only to loopback names, IP addresses and this machine's names\n"


def test_every_address_is_shown_and_linked_as_localhost(project: Path) -> None:
    """0.0.0.0 is where the server listens, not an address a browser can open."""
    with running_preview(project, host="0.0.0.0", host_given=True) as preview:
        url = f"http://localhost:{preview.server.port}/portfolio/"
        assert f"at {url} (listening on 0.0.0.0)  (Ctrl-C to stop)" in preview.out.getvalue()  # type: ignore[attr-defined]
        page = get(preview, "/portfolio/")[2].decode()
        assert f'<link rel="canonical" href="{url}">' in page



@pytest.mark.skipif(not socket.has_ipv6, reason="needs IPv6")
def test_an_ipv6_host_may_be_written_in_brackets_as_in_a_url(project: Path) -> None:
    """`--host [::1]`, copied from an address, failed with "Name or service not known"."""
    with _serve(project, "--host", "[::1]") as process:
        line = _lines_until(process, "(Ctrl-C to stop)")[-1]
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert re.fullmatch(r"previewing the owner's view \(includes private items\) at http://\[::1\]:\d+/portfolio/  \(Ctrl-C to stop\)",
                        line), line


@contextmanager
def _serve(project: Path, *options: str) -> Iterator[subprocess.Popen[str]]:
    """`goalfolio serve` as started from a terminal (see the Ctrl-C test above), on a free
    port; killed on leaving if a test left it running."""
    process = subprocess.Popen([sys.executable, "-m", "goalfolio", "serve", str(project), "--port", "0", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()


def _lines_until(process: subprocess.Popen[str], last: str) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or last not in lines[-1]:
        line = process.stdout.readline()
        assert line, lines
        lines.append(line.rstrip("\n"))
    return lines


def test_serve_prints_the_problems_of_a_rebuild_as_text_on_stdout(project: Path) -> None:
    """Its log is for a person, one stream in order: the browser overlay shows the problems too."""
    with _serve(project) as process:
        assert _lines_until(process, "(Ctrl-C to stop)")[-1].startswith("previewing the owner's view")
        (project / "content/goals/lead-team.md").write_text(BAD_GOAL)
        lines = _lines_until(process, "build failed")
        assert lines[:-1] == [
            "content/goals/lead-team.md:4:8: error: `2026-13-01` is not a valid date: month must be in 1..12",
            "    hint: write it as YYYY-MM-DD, without a time, e.g. 2026-03-31",
        ]
        assert re.fullmatch(r"\d\d:\d\d:\d\d content/goals/lead-team\.md: build failed \(1 error, 0 warnings in 1 file\), "
                            r"still serving the last good build, \d+ ms", lines[-1])
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert process.stderr is not None and process.stderr.read() == ""


@pytest.mark.parametrize(("first", "gap"), [(signal.SIGINT, 0.0), (signal.SIGINT, 0.01), (signal.SIGINT, 0.05),
                                            (signal.SIGTERM, 0.01)])
def test_a_second_ctrl_c_while_stopping_still_stops_quietly_with_0(project: Path, first: int, gap: float) -> None:
    """Ctrl-C pressed twice: the second one interrupted the stop the first had started, and
    `serve` ended with 130."""
    with _serve(project) as process:
        _lines_until(process, "(Ctrl-C to stop)")
        process.send_signal(first)
        time.sleep(gap)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (0, "stopping\n", "")


class _Terminal:
    """A terminal that presses Ctrl-C once the preview says it is serving, and again while
    it prints `stopping`: a second Ctrl-C at the worst moment, every time."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        if text == "stopping" or (text == "\n" and self.text.endswith("(Ctrl-C to stop)\n")):
            os.kill(os.getpid(), signal.SIGINT)
        return len(text)

    def flush(self) -> None:
        pass


def test_a_second_ctrl_c_while_printing_stopping_is_ignored(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                           ctrl_c_at_its_default: None) -> None:
    """The command line's own Ctrl-C handler (which notes a Ctrl-C a library turns into an
    error of its own) made serve leave SIGINT to it, so a second Ctrl-C interrupted the
    stop: here, the line `stopping` lost its end."""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["serve", str(project), "--port", "0"]) == 0
    assert terminal.text.splitlines(keepends=True)[-1] == "stopping\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")
def test_ctrl_c_while_serve_is_starting_stops_quietly_with_0(project: Path) -> None:
    """Ctrl-C while `serve` imports what the preview needs (once pydantic's compiled core is
    loaded, a few tenths of a second before the first build) ended it with 130."""
    with _serve(project) as process:
        maps = Path(f"/proc/{process.pid}/maps")
        deadline = time.monotonic() + 30
        while "_pydantic_core" not in maps.read_text() and time.monotonic() < deadline:
            time.sleep(0.001)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (0, "", "")


def test_serve_has_no_format_option(project: Path) -> None:
    """`--format` was accepted and did nothing: serve's problems are text, for a person;
    `check --format json` reports them for tools."""
    with _serve(project, "--format", "json") as process:
        _, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert err.splitlines()[-1] == "goalfolio serve: error: unrecognized arguments: --format json"


def test_a_port_in_use_is_a_usage_error(project: Path) -> None:
    with running_preview(project) as preview:
        port = preview.server.port
        done = subprocess.run([sys.executable, "-m", "goalfolio", "serve", str(project), "--port", str(port)],
                              capture_output=True, text=True, timeout=30)
        assert get(preview, "/portfolio/")[0] == 200
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", f"goalfolio: error: cannot listen on 127.0.0.1:{port} (Address already in use); try another --port\n")


def test_a_port_the_user_may_not_use_says_so(project: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`--port 80` as a user who may not listen below 1024 said `check --host`, about the
    one option that was fine. (Tests may run as root, who may: the refusal is the system's,
    reproduced here.)"""
    def refused(self: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(PreviewServer, "server_bind", refused)
    assert main(["serve", str(project), "--port", "80"]) == 2
    assert capsys.readouterr() == ("", "goalfolio: error: cannot listen on 127.0.0.1:80 (Permission denied); "
                                       "ports below 1024 need administrator rights: try another --port, such as 8000\n")


def test_safe_relative_path_under_the_root_base_path() -> None:
    """A site published at the root of its domain (`base_url` without a path) is previewed at `/`."""
    assert safe_relative_path("/", "/") == ""
    assert safe_relative_path("/goals/x/", "/") == "goals/x/"
    assert safe_relative_path("/portfolio", "/portfolio/") is None
    assert safe_relative_path("/p//x.html", "/p/") is None


def test_requested_range_at_its_edges() -> None:
    """One byte asked for is that byte; a suffix of none, and any range of an empty file, is
    unsatisfiable (RFC 9110, 14.1.2); a range that ends before it starts is ignored."""
    assert requested_range("bytes=5-5", 10) == (5, 5)
    assert requested_range("bytes=9-9", 10) == (9, 9)
    assert requested_range("bytes=6-5", 10) is None
    assert requested_range("bytes=-0", 10) == (-1, -1)
    assert requested_range("bytes=-5", 0) == (-1, -1)
    assert requested_range("bytes=0-", 0) == (-1, -1)
    assert requested_range(" Bytes = 2-3 ", 10) == (2, 3)


def test_a_range_that_ends_before_it_starts_is_ignored_however_long_its_positions() -> None:
    """RFC 9110, 14.1.1: such a range is invalid, so the whole file is sent, not a 416."""
    assert requested_range(f"bytes={'9' * 20}-{'8' * 20}", 10) is None
    assert requested_range(f"bytes={'1' * 21}-{'9' * 20}", 10) is None
    assert requested_range(f"bytes=0010-{'0' * 30}9", 10) is None
    assert requested_range(f"bytes={'8' * 20}-{'9' * 20}", 10) == (-1, -1)
    assert requested_range(f"bytes=0-{'0' * 30}9", 10) == (0, 9)


def test_the_event_hub_ends_every_stream_when_it_closes() -> None:
    """Each open tab's stream gets every event, then None (the end) when the preview stops;
    a tab that connects while it stops gets the end at once."""
    hub = EventHub()
    streams = [hub.subscribe(), hub.subscribe()]
    hub.broadcast("build", {"changed": ["café/index.html"]})
    hub.close()
    for stream in streams:
        assert [stream.get_nowait(), stream.get_nowait()] == ['event: build\ndata: {"changed": ["café/index.html"]}\n\n', None]
    assert hub.count == 0
    late = hub.subscribe()
    assert (late.get_nowait(), hub.count) == (None, 0)


def test_a_file_is_served_with_exactly_these_headers(project: Path) -> None:
    (project / "content/assets").mkdir()
    (project / "content/assets/big.bin").write_bytes(bytes(range(256)) * 1000)  # more than one piece of WRITE_PIECE bytes
    with running_preview(project) as preview:
        status, headers, body = get(preview, "/portfolio/assets/big.bin")
    headers.pop("date")
    assert (status, headers) == (200, {"server": "goalfolio-preview", "content-type": "application/octet-stream",
                                       "content-length": "256000", "cache-control": "no-store",
                                       "x-content-type-options": "nosniff", "accept-ranges": "bytes",
                                       "content-security-policy": "sandbox allow-scripts"})
    assert body == bytes(range(256)) * 1000


def test_another_name_under_the_previews_own_folder_is_looked_up_as_a_built_file(project: Path) -> None:
    with running_preview(project) as preview:
        status, headers, body = get(preview, "/portfolio/__goalfolio/other.js")
    assert (status, headers["content-type"], embedded_state(body)["page"]) == (404, "text/html; charset=utf-8", "404.html")


def test_a_watcher_stopped_from_its_own_batch_stops_without_an_error(project: Path) -> None:
    """The batch callback runs on the watcher's thread, which cannot join itself."""
    found = find_project(project)
    errors: list[BaseException] = []
    stopped = threading.Event()

    def stop_here(batch: set[Path]) -> None:
        try:
            watcher.stop()
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)
        stopped.set()

    watcher = Watcher(found, stop_here, quiet=0.05)
    watcher.start()
    try:
        (found.content_dir / "goals/lead-team.md").write_text(GOAL.replace("The plan.", "A new plan."), encoding="utf-8")
        assert stopped.wait(10)
    finally:
        watcher.stop()
    assert errors == []


def test_a_watched_folder_reported_gone_is_watched_anew(project: Path) -> None:
    """(device, inode) cannot tell a content/ made again from the old one (ext4 reuses the
    inode at once): the deletion event alone replaces its watch; other folders' do not."""
    found = find_project(project)
    watcher = Watcher(found, lambda batch: None)
    watcher.start()
    try:
        old = watcher._watches[found.content_dir][0]
        watcher.folder_gone(found.content_dir / "goals")
        watcher.folder_gone(found.root / "site")
        assert (watcher._schedule(), watcher._watches[found.content_dir][0]) == (set(), old)
        watcher.folder_gone(found.content_dir)
        assert watcher._schedule() == {found.content_dir}
        assert watcher._watches[found.content_dir][0] is not old
    finally:
        watcher.stop()


def test_only_a_link_a_folder_or_a_path_gone_sends_the_watcher_looking_for_links_again(tmp_path: Path) -> None:
    """Saving a file changes no symlink, so a batch of saves skips the walk of content/ and themes/."""
    (tmp_path / "file.md").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "link.md").symlink_to("file.md")
    names = ["file.md", "folder", "link.md", "gone.md"]
    assert [_may_change_links(tmp_path / name) for name in names] == [False, True, True, True]


def test_ctrl_c_while_serving_stops_the_server_and_its_threads(project: Path, ctrl_c_at_its_default: None) -> None:
    """`Preview.run` waits for Ctrl-C, then stops everything it started: the port is free again."""
    out = io.StringIO()
    preview = Preview(find_project(project), PreviewOptions(port=0, quiet=0.05, heartbeat=0.2), out=out)
    port = preview.server.port

    def press_ctrl_c() -> None:
        deadline = time.monotonic() + 30
        while "(Ctrl-C to stop)" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=press_ctrl_c, daemon=True).start()
    assert preview.run() == 0
    assert out.getvalue().endswith("  (Ctrl-C to stop)\nstopping\n")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert not any(t.name in ("goalfolio-server", "goalfolio-watcher") and t.is_alive() for t in threading.enumerate())


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs pthread_kill (POSIX)")
def test_a_ctrl_c_the_system_hands_to_another_thread_stops_serve_at_once(project: Path, ctrl_c_at_its_default: None) -> None:
    """The system may hand a signal sent to the process to any of its threads (it did once
    in 160 runs of Ctrl-C pressed twice, under load); Python runs the handler in the main
    thread only once it wakes, and the preview slept an hour at a time: serve went on."""
    out = io.StringIO()
    preview = Preview(find_project(project), PreviewOptions(port=0, quiet=0.05, heartbeat=0.2), out=out)
    pressed: list[float] = []
    stopped = threading.Event()

    def press_ctrl_c_in_this_thread() -> None:
        deadline = time.monotonic() + 30
        while "(Ctrl-C to stop)" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        pressed.append(time.monotonic())
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        if not stopped.wait(5):
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)  # so that the test ends

    threading.Thread(target=press_ctrl_c_in_this_thread, daemon=True).start()
    assert preview.run() == 0
    took = time.monotonic() - pressed[0]
    stopped.set()
    assert out.getvalue().endswith("  (Ctrl-C to stop)\nstopping\n")
    assert took < 2


def test_the_base_path_is_the_path_of_base_url_ending_in_a_slash(project: Path) -> None:
    assert [base_path_of(url) for url in ("https://x.io/portfolio", "https://x.io/portfolio/", "https://x.io", None)] == [
        "/portfolio/", "/portfolio/", "/", "/"]
    (project / "goalfolio.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    assert configured_base_path(find_project(project)) == "/"


def test_the_rebuild_line_names_up_to_five_files_then_counts_the_rest() -> None:
    names = ["a.md", "b.md", "c.md", "d.md", "e.md", "f.md"]
    assert [_listed(names[:count]) for count in (0, 1, 5, 6)] == [
        "no files", "a.md", "a.md, b.md, c.md, d.md, e.md", "a.md, b.md, c.md, d.md and 2 more"]


def test_the_rebuild_line_names_the_files_in_a_new_or_deleted_folder_not_the_folder(project: Path) -> None:
    """`mkdir -p content/evidence/2026` then a save in it is three changes: the line named
    both folders before the file, and a theme deleted named its folders instead of its files."""
    folder = project / "content/evidence/2026"
    folder.mkdir()
    (folder / "talk.md").write_text(EVIDENCE.replace("Shipped the checkout", "Gave a talk"), encoding="utf-8")
    empty = project / "content/assets"
    empty.mkdir()
    with running_preview(project, watch=False) as preview:
        preview.rebuild({project / "content/evidence", folder, folder / "talk.md", empty})
        line = preview.out.getvalue().splitlines()[-1]  # type: ignore[attr-defined]
    assert re.fullmatch(r"\d\d:\d\d:\d\d content/assets, content/evidence/2026/talk\.md: rendered \d+/\d+ pages, "
                        r"\d+ output files changed, \d+ ms", line), line


def test_a_save_linking_a_hidden_item_by_the_sites_address_fails_in_the_preview_too(project: Path) -> None:
    """The preview's pages take its own address as `base_url`: a save linking a private item
    by the site's published address (goalfolio.yaml's) took the quick way for a body edit
    and was served, where `check` and every build refuse it."""
    (project / "content/evidence/secret.md").write_text(EVIDENCE.replace("Shipped the checkout", "Secret")
                                                         .replace("goals: [lead-team]\n", "visibility: private\n"), encoding="utf-8")
    path = project / "content/evidence/checkout.md"
    with running_preview(project, watch=False) as preview:
        path.write_text(EVIDENCE + "See [notes](https://Name.github.io/portfolio/evidence/secret/#top).\n", encoding="utf-8")
        result = preview.rebuild({path})
        assert result is not None
        assert [(d.path, d.line, d.column, d.message) for d in result.diagnostics if d.severity == "error"] == [
            ("content/evidence/checkout.md", 8, 13, "the link `https://Name.github.io/portfolio/evidence/secret/#top` leads to "
             "the page of a private item, which a public build does not make")]
        assert b'href="https://Name.github.io' not in get(preview, "/portfolio/evidence/checkout/")[2]  # the last good build


def test_a_loopback_host_given_on_the_command_line_still_answers_to_loopback_names_only(project: Path) -> None:
    with running_preview(project, host="127.0.0.1", host_given=True, watch=False) as preview:
        assert get(preview, "/portfolio/", headers={"Host": f"192.168.1.20:{preview.server.port}"})[0] == 400


@pytest.mark.parametrize(("audience", "view"), [
    (None, "the owner's view (includes private items)"), ("public", "the public site"), ("manager", "the view for `manager`"),
])
def test_the_preview_says_which_view_it_serves(project: Path, audience: str | None, view: str) -> None:
    with running_preview(project, audience=audience, watch=False) as preview:
        assert preview.out.getvalue().splitlines()[-1] == f"previewing {view} at {preview.url}  (Ctrl-C to stop)"  # type: ignore[attr-defined]


def test_a_new_base_url_in_goalfolio_yaml_moves_the_preview(project: Path) -> None:
    config = project / "goalfolio.yaml"
    with running_preview(project, watch=False) as preview:
        config.write_text(config.read_text(encoding="utf-8").replace("/portfolio/", "/moved/"), encoding="utf-8")
        expected = [f"base path changed: now at http://127.0.0.1:{preview.server.port}/moved/"]

        def moves() -> list[str]:
            return [line for line in preview.out.getvalue().splitlines() if line.startswith("base path changed")]  # type: ignore[attr-defined]

        preview.rebuild({config})
        assert moves() == expected
        assert get(preview, "/moved/")[0] == 200
        preview.rebuild({config})  # the same base path again: nothing moves
        preview.rebuild({project / "content/profile.md"})
        assert moves() == expected


def test_a_tab_left_at_the_old_base_path_is_sent_to_the_same_page_at_the_new_one(project: Path) -> None:
    """After `base_url` moved the preview, a tab open at the old address reloaded to a 404."""
    config = project / "goalfolio.yaml"
    written = config.read_text(encoding="utf-8")
    with running_preview(project, watch=False) as preview:
        config.write_text(written.replace("/portfolio/", "/moved/"), encoding="utf-8")
        preview.rebuild({config})
        assert [(status, headers.get("location")) for status, headers, _ in (
            get(preview, path) for path in ("/portfolio/goals/?tab=2", "/portfolio", "/portfolio/caf%C3%A9", "/elsewhere/"))] == [
            (302, "/moved/goals/?tab=2"), (302, "/moved/"), (302, "/moved/caf%C3%A9"), (404, None)]
        assert get(preview, "/moved/goals/")[0] == 200
        config.write_text(written, encoding="utf-8")  # and back
        preview.rebuild({config})
        assert [(status, headers.get("location")) for status, headers, _ in (
            get(preview, path) for path in ("/moved/goals/", "/portfolio/goals/"))] == [(302, "/portfolio/goals/"), (200, None)]


def test_a_base_url_moved_while_the_content_is_broken_still_serves_the_last_good_build(project: Path) -> None:
    """The builder made for the new address had built nothing, so its failed build served
    every page as the 503 page of problems, "nothing to serve until a build succeeds"."""
    config = project / "goalfolio.yaml"
    with running_preview(project, watch=False) as preview:
        (project / "content/goals/lead-team.md").write_text(BAD_GOAL, encoding="utf-8")
        preview.rebuild({project / "content/goals/lead-team.md"})
        config.write_text(config.read_text(encoding="utf-8").replace("/portfolio/", "/moved/"), encoding="utf-8")
        preview.rebuild({config})
        status, _, body = get(preview, "/moved/")
        last_line = preview.out.getvalue().splitlines()[-1]  # type: ignore[attr-defined]
        assert (status, b"The first version of the bio." in body) == (200, True)
        assert [d["path"] for d in embedded_state(body)["diagnostics"]] == ["content/goals/lead-team.md"]
        assert re.fullmatch(r"\d\d:\d\d:\d\d goalfolio\.yaml: build failed \(1 error, 0 warnings in 1 file\), "
                            r"still serving the last good build, \d+ ms", last_line), last_line
        (project / "content/goals/lead-team.md").write_text(GOAL, encoding="utf-8")
        result = preview.rebuild({project / "content/goals/lead-team.md"})
        assert result is not None and result.ok and "index.html" in result.changed
        status, _, body = get(preview, "/moved/")
        assert (status, embedded_state(body)["diagnostics"]) == (200, [])
        assert f'href="http://127.0.0.1:{preview.server.port}/moved/"'.encode() in body


def test_the_warnings_of_a_rebuild_that_succeeds_are_printed_before_its_line(project: Path) -> None:
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            (project / "content/goals/notes.txt").write_text("to sort out later", encoding="utf-8")
            events.next("build")
        finally:
            events.close()
        lines = preview.out.getvalue().splitlines()  # type: ignore[attr-defined]
    assert lines[-3:-1] == ["content/goals/notes.txt:1:1: warning: `notes.txt` is not a Markdown file and is ignored",
                            "    hint: content files end in .md; put images and files in content/assets/"], lines
    assert re.fullmatch(r"\d\d:\d\d:\d\d content/goals/notes\.txt: rendered 0/16 pages, 0 output files changed, \d+ ms", lines[-1]), lines


def saved_in_preview(project: Path, name: str, text: str) -> tuple[dict[str, Any], list[str]]:
    """The build event of a preview after `name` is saved with `text`, and the lines it printed."""
    with running_preview(project) as preview:
        events = EventClient(preview)
        try:
            events.next("hello")
            (project / name).write_text(text, encoding="utf-8")
            built = events.next("build")
        finally:
            events.close()
        return built, preview.out.getvalue().splitlines()  # type: ignore[attr-defined]


def test_a_comment_that_cuts_a_text_short_is_a_warning_of_the_preview_as_of_check(project: Path) -> None:
    """The preview prints it as `check` and `build` do, and serves the build: a warning."""
    built, lines = saved_in_preview(project, "content/evidence/launch.md", EVIDENCE.replace("Shipped the checkout", "Launch #2"))
    assert (built["ok"], built["diagnostics"]) == (True, [])
    assert lines[-3:-1] == ["content/evidence/launch.md:2:15: warning: the text after `#` is a YAML comment, so `title` is `Launch`, "
                            "not `Launch #2`",
                            '    hint: quote the value to keep it: `title: "Launch #2"`'], lines
    assert re.fullmatch(r"\d\d:\d\d:\d\d content/evidence/launch\.md: rendered \d+/\d+ pages, \d+ output files changed, \d+ ms",
                        lines[-1]), lines


def test_a_file_at_the_top_of_content_is_a_warning_of_the_preview_as_of_check(project: Path) -> None:
    built, lines = saved_in_preview(project, "content/todo.txt", "Ask Sam for an endorsement.")
    assert (built["ok"], built["diagnostics"]) == (True, [])
    assert lines[-3:-1] == ["content/todo.txt:1:1: warning: `todo.txt` is not read: the top of content/ holds only `profile.md` and "
                            "the content folders",
                            "    hint: move it into content/assets/ to publish it, or out of content/"], lines
    assert re.fullmatch(r"\d\d:\d\d:\d\d content/todo\.txt: rendered 0/\d+ pages, 0 output files changed, \d+ ms", lines[-1]), lines


def test_a_comment_that_cuts_a_text_of_the_config_short_is_a_warning_of_the_preview(project: Path) -> None:
    config = (project / "goalfolio.yaml").read_text(encoding="utf-8").replace("Test portfolio", "Test portfolio #1")
    built, lines = saved_in_preview(project, "goalfolio.yaml", config)
    assert (built["ok"], built["diagnostics"]) == (True, [])
    assert lines[-3:-1] == ["goalfolio.yaml:1:23: warning: the text after `#` is a YAML comment, so `title` is `Test portfolio`, "
                            "not `Test portfolio #1`",
                            '    hint: quote the value to keep it: `title: "Test portfolio #1"`'], lines
    assert re.fullmatch(r"\d\d:\d\d:\d\d goalfolio\.yaml: rendered \d+/\d+ pages, \d+ output files changed, \d+ ms", lines[-1]), lines


def test_serve_refuses_an_audience_the_config_does_not_declare(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(project), "--port", "0", "--audience", "recruiter"]) == 2
    assert capsys.readouterr() == ("", "goalfolio: error: unknown audience `recruiter`; goalfolio.yaml declares: manager\n")


def test_serve_with_an_audience_and_a_broken_config_previews_the_problem(project: Path) -> None:
    """The audience cannot be checked against a config that does not load: the preview
    starts and shows the config's problem, as it does for any content problem, and the
    author fixes it with the preview running."""
    (project / "goalfolio.yaml").write_text(CONFIG + "title: [\n", encoding="utf-8")
    with _serve(project, "--audience", "manager") as process:
        lines = _lines_until(process, "(Ctrl-C to stop)")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert lines[:2] == ["goalfolio.yaml:5:8: error: this `[` is never closed",
                         "    hint: end the list or mapping with `]` on the same line, or quote the value if the `[` is text"]
    assert re.fullmatch(r"\d\d:\d\d:\d\d first build: build failed \(1 error, 0 warnings in 1 file\), "
                        r"nothing to serve until a build succeeds, \d+ ms", lines[2]), lines
    assert re.fullmatch(r"previewing the view for `manager` at http://127\.0\.0\.1:\d+/  \(Ctrl-C to stop\)", lines[3]), lines
    assert (process.returncode, out, err) == (0, "stopping\n", "")


def test_a_ctrl_c_a_library_turns_into_its_own_error_still_stops_serve_with_0(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ctrl_c_at_its_default: None) -> None:
    """A library that catches the KeyboardInterrupt and raises an error of its own (as an
    import may) would otherwise be reported as a bug in goalfolio."""
    def interrupted(self: Preview, open_browser: bool = False) -> int:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(10)
        except KeyboardInterrupt as error:
            raise RuntimeError("interrupted while loading") from error
        return 1

    monkeypatch.setattr(Preview, "run", interrupted)
    assert main(["serve", str(project), "--port", "0"]) == 0
    assert capsys.readouterr() == ("", "")


def test_an_error_with_no_ctrl_c_in_serve_is_reported_as_a_bug(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(self: Preview, open_browser: bool = False) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Preview, "run", broken)
    monkeypatch.delenv("GOALFOLIO_DEBUG", raising=False)
    assert main(["serve", str(project), "--port", "0"]) == 3
    assert capsys.readouterr() == ("", (
        "goalfolio: internal error: RuntimeError: a bug\n"
        f"This is a bug in goalfolio {__version__}, not in your content. Please report it at {ISSUES_URL}\n"
        "with the command you ran; set GOALFOLIO_DEBUG=1 to include the traceback.\n"))


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_stop_before_the_servers_thread_ran_ends_within_its_time(project: Path) -> None:
    """A Ctrl-C between making the server's thread and starting it: the server's shutdown
    waited for a loop that never runs, and the stop never ended."""
    preview = Preview(find_project(project), PreviewOptions(port=0, watch=False), out=io.StringIO())
    preview._serving = threading.Thread(target=preview.server.serve_forever, daemon=True)
    stopping = threading.Thread(target=preview.stop, daemon=True)
    started = time.monotonic()
    stopping.start()
    stopping.join(timeout=10)
    assert (stopping.is_alive(), time.monotonic() - started < 6) == (False, True)
