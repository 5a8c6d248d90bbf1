"""Real headless Chromium against a running preview: saves on disk show up without touching the browser.

Skipped when /usr/bin/chromium or Playwright is missing, unless GOALFOLIO_REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure instead.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from preview_support import (
    BAD_GOAL,
    EVIDENCE,
    GOAL,
    PROFILE,
    open_stream,
    running_preview,
    small_project,
)

from goalfolio.preview import Preview

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
WAIT_MS = 10_000


def _missing_browser() -> str | None:
    if not shutil.which(CHROMIUM):
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e .[test])"
    return None


@pytest.fixture
def chromium() -> Iterator[Any]:
    reason = _missing_browser()
    if reason:
        if os.environ.get("GOALFOLIO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(tmp_path: Path, chromium: Any) -> Iterator[tuple[Any, Preview, Path]]:
    root = small_project(tmp_path)
    with running_preview(root) as preview:
        page = chromium.new_context().new_page()
        page.goto(preview.url)
        wait_for_listeners(preview, 1)  # an edit made before the page listens would not reach it
        yield page, preview, root


def wait_for_listeners(preview: Preview, count: int) -> None:
    deadline = time.monotonic() + WAIT_MS / 1000
    while preview.hub.count < count:
        assert time.monotonic() < deadline, f"{preview.hub.count} event streams open, expected {count}"
        time.sleep(0.02)


def test_editing_markdown_shows_the_new_text_without_touching_the_browser(browser_page: tuple[Any, Preview, Path]) -> None:
    page, _, root = browser_page
    page.wait_for_selector("text=The first version of the bio.")
    (root / "content/profile.md").write_text(PROFILE.replace("first", "freshly saved"), encoding="utf-8")
    page.wait_for_selector("text=The freshly saved version of the bio.", timeout=WAIT_MS)


def test_a_broken_file_shows_the_overlay_and_fixing_it_clears_it(browser_page: tuple[Any, Preview, Path]) -> None:
    page, _, root = browser_page
    page.wait_for_selector("text=The first version of the bio.")
    goal = root / "content/goals/lead-team.md"
    goal.write_text(BAD_GOAL, encoding="utf-8")
    overlay = page.wait_for_selector("#goalfolio-overlay", timeout=WAIT_MS)
    text = overlay.inner_text()
    assert "content/goals/lead-team.md:4:8" in text
    assert "not a valid date" in text and "hint:" in text

    page.reload()
    assert "content/goals/lead-team.md:4:8" in page.wait_for_selector("#goalfolio-overlay", timeout=WAIT_MS).inner_text()

    goal.write_text(GOAL, encoding="utf-8")
    page.wait_for_selector("#goalfolio-overlay", state="detached", timeout=WAIT_MS)


def test_a_stylesheet_change_applies_without_a_reload(browser_page: tuple[Any, Preview, Path]) -> None:
    page, _, root = browser_page
    page.evaluate("window.__stillHere = true")
    style = root / "themes/default/static/style.css"
    style.parent.mkdir(parents=True, exist_ok=True)
    style.write_text("h1 { color: rgb(1, 2, 3); }\n", encoding="utf-8")
    page.wait_for_function("getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'", timeout=WAIT_MS)
    assert page.evaluate("window.__stillHere") is True


def test_an_edited_image_reloads_the_pages_that_show_it(browser_page: tuple[Any, Preview, Path]) -> None:
    page, _, root = browser_page
    image = root / "content/assets/me.svg"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    (root / "content/profile.md").write_text(PROFILE + "\n![Me](assets/me.svg)\n", encoding="utf-8")
    page.wait_for_selector("img[alt='Me']", timeout=WAIT_MS)
    page.evaluate("window.__stillHere = true")
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>', encoding="utf-8")
    page.wait_for_function("window.__stillHere === undefined", timeout=WAIT_MS)
    page.wait_for_function("document.querySelector(\"img[alt='Me']\").naturalWidth === 20", timeout=WAIT_MS)


def test_ten_tabs_load_and_all_follow_a_save(browser_page: tuple[Any, Preview, Path]) -> None:
    """A browser keeps at most six connections to one server: with an event stream per tab,
    the seventh tab never loaded. The tabs share one stream through a shared worker."""
    page, preview, root = browser_page
    pages = [page] + [page.context.new_page() for _ in range(9)]
    for tab in pages[1:]:
        tab.goto(preview.url, timeout=WAIT_MS)
        tab.wait_for_selector("text=The first version of the bio.", timeout=WAIT_MS)
    wait_for_listeners(preview, 1)
    assert preview.hub.count == 1
    (root / "content/profile.md").write_text(PROFILE.replace("first", "shared"), encoding="utf-8")
    for tab in pages:
        tab.wait_for_selector("text=The shared version of the bio.", timeout=WAIT_MS)


@pytest.mark.parametrize("streams", ["shared worker", "a stream per tab"])
def test_a_page_refused_its_live_reload_stream_asks_again_and_follows_saves(tmp_path: Path, chromium: Any,
                                                                            streams: str) -> None:
    """With every live-reload stream the preview keeps taken, a page's stream is answered
    503, which a browser's EventSource takes as the end: the page reloaded no more, even once
    others had closed, until reloaded by hand. It asks again 5 s later (not at once: a page
    refused must not hammer the server), reloads if a save was built meanwhile, and follows
    the saves after."""
    root = small_project(tmp_path)
    profile = root / "content/profile.md"
    with running_preview(root) as preview:
        taken = [open_stream(preview.server.port) for _ in range(preview.hub.limit)]
        try:
            context = chromium.new_context()
            if streams == "a stream per tab":
                context.add_init_script("delete window.SharedWorker")  # as in Chrome on Android
            page = context.new_page()
            page.goto(preview.url)
            wait_until(lambda: "live-reload streams are open" in preview.out.getvalue(),  # type: ignore[attr-defined]
                       "the page's stream was not refused")
            refused = time.monotonic()
            first = preview.last_result
            profile.write_text(PROFILE.replace("first", "missed"), encoding="utf-8")
            wait_until(lambda: preview.last_result is not first, "no rebuild")
            for stream in taken[:4]:
                stream.close()
            wait_until(lambda: preview.hub.count == preview.hub.limit - 4, "the closed streams were not let go")
            wait_until(lambda: preview.hub.count == preview.hub.limit - 3, "the page did not ask for a stream again")
            asked_again = time.monotonic() - refused
            page.wait_for_selector("text=The missed version of the bio.", timeout=WAIT_MS)
            profile.write_text(PROFILE.replace("first", "freshly saved"), encoding="utf-8")
            page.wait_for_selector("text=The freshly saved version of the bio.", timeout=WAIT_MS)
        finally:
            for stream in taken:
                stream.close()
    assert asked_again > 4, f"the page asked again {asked_again:.1f} s after it was refused"


def wait_until(condition: Callable[[], bool], failure: str) -> None:
    deadline = time.monotonic() + WAIT_MS / 1000
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.02)


def test_a_first_build_that_failed_lists_its_problems_and_shows_the_site_once_fixed(tmp_path: Path, chromium: Any) -> None:
    """No good build: the page itself lists the problems (no overlay over it saying it still
    shows a last good build), readable without JavaScript, and follows each build."""
    root = small_project(tmp_path)
    goal = root / "content/goals/lead-team.md"
    goal.write_text(BAD_GOAL, encoding="utf-8")
    with running_preview(root) as preview:
        plain = chromium.new_context(java_script_enabled=False).new_page()
        plain.goto(preview.url)
        assert plain.inner_text("li").splitlines() == [
            "content/goals/lead-team.md:4:8: error [bad-value]", "field: start",
            "`2026-13-01` is not a valid date: month must be in 1..12",
            "hint: write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"]
        page = chromium.new_context().new_page()
        page.goto(preview.url)
        assert page.inner_text("h1") == "goalfolio: the build failed (1 problem)"
        wait_for_listeners(preview, 1)
        assert page.query_selector("#goalfolio-overlay") is None
        goal.write_text(GOAL.replace("target_date: 2027-06-30", "target_date: 2027-02-30"), encoding="utf-8")
        page.wait_for_selector("text=content/goals/lead-team.md:5:14: error [bad-value]", timeout=WAIT_MS)
        goal.write_text(GOAL, encoding="utf-8")
        page.wait_for_selector("text=The first version of the bio.", timeout=WAIT_MS)
        assert page.query_selector("#goalfolio-overlay") is None


def test_a_save_that_changes_the_feed_leaves_the_pages_that_do_not_show_it(tmp_path: Path, chromium: Any) -> None:
    """Every page links to the feed (`<link rel="alternate" href="feed.xml">`), and a new
    title changes the feed: every open tab reloaded, those of pages that do not show the
    item too, as if the link were an image the page shows."""
    root = small_project(tmp_path)
    other = root / "content/goals/learn-dutch.md"
    other.write_text(GOAL.replace("Lead a team of six", "Learn Dutch"), encoding="utf-8")
    with running_preview(root) as preview:
        page = chromium.new_context().new_page()
        page.goto(preview.url + "goals/learn-dutch/")
        assert page.query_selector('link[rel="alternate"][href$="feed.xml"]') is not None
        wait_for_listeners(preview, 1)
        page.evaluate("window.__stillHere = true")
        first = preview.last_result
        evidence = root / "content/evidence/checkout.md"
        evidence.write_text(EVIDENCE.replace("Shipped the checkout", "Shipped the new checkout"), encoding="utf-8")
        deadline = time.monotonic() + WAIT_MS / 1000
        while preview.last_result is first:
            assert time.monotonic() < deadline, "no rebuild"
            time.sleep(0.02)
        changed = preview.last_result.changed  # type: ignore[union-attr]
        assert "feed.xml" in changed and "goals/learn-dutch/index.html" not in changed
        page.wait_for_timeout(1000)  # the build event reaches the tab within a few ms
        assert page.evaluate("window.__stillHere") is True


def test_a_script_in_an_asset_cannot_read_the_private_preview(tmp_path: Path, chromium: Any) -> None:
    """An SVG in content/assets/ (a co-author's, say) opened in the tab fetched a private
    item's page from the preview and could send it anywhere: it read `leaked`."""
    root = small_project(tmp_path)
    (root / "content/evidence/secret.md").write_text(EVIDENCE.replace("Shipped the checkout", "PRIVATE-CANARY")
                                                     .replace("kind: project", "kind: project\nvisibility: private"))
    (root / "content/assets").mkdir()
    (root / "content/assets/diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("../evidence/secret/").then(r => r.text())'
        '.then(t => document.documentElement.setAttribute("data-read", t.includes("PRIVATE-CANARY") ? "leaked" : "other"),'
        ' () => document.documentElement.setAttribute("data-read", "refused"))</script></svg>')
    with running_preview(root) as preview:
        page = chromium.new_context().new_page()
        page.goto(preview.url + "assets/diagram.svg")
        page.wait_for_function("document.documentElement.hasAttribute('data-read')", timeout=WAIT_MS)
        assert page.evaluate("document.documentElement.getAttribute('data-read')") == "refused"
