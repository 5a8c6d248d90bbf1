"""Helpers for the site tests: build projects in-process, find the checking tools, crawl a
built site for broken links and anchors.

Tools that are not on a newcomer's machine (Java with vnu.jar, Chromium, axe-core) make
their tests skip with the reason, unless GOALFOLIO_REQUIRE_BROWSER=1 (set by .ci/run),
which turns the skip into a failure.
"""

from __future__ import annotations

import html.parser
import os
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from goalfolio.build import BuildOptions
from goalfolio.config import find_project
from goalfolio.oneshot import build_site

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


def require(condition: bool, reason: str) -> None:
    """Skip (or, in CI, fail) when a checking tool is missing."""
    if condition:
        return
    if os.environ.get("GOALFOLIO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"required in CI but missing: {reason}")
    pytest.skip(reason)


def require_vnu() -> None:
    require(shutil.which("java") is not None, "java is not installed (needed for the Nu Html Checker)")
    require(VNU_JAR.is_file(), "node_modules/vnu-jar is missing: run `npm ci`")


def require_browser() -> None:
    require(CHROMIUM.is_file(), "/usr/bin/chromium is missing: `apt-get install -y chromium`")
    require(AXE_JS.is_file(), "node_modules/axe-core is missing: run `npm ci`")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "playwright is not installed: pip install -e '.[test]'")


def build_project(root: Path, out: Path, audience: str | None = "public", base_url: str | None = None) -> Path:
    build_site(find_project(root), BuildOptions(audience=audience, base_url=base_url), out)
    return out


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class _LinkParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if value is not None and (name == "src" or (name == "href" and tag in ("a", "link", "area"))):
                self.links.append(value)


@dataclass(frozen=True)
class Page:
    links: list[str]
    ids: set[str]


def parse_page(data: bytes) -> Page:
    parser = _LinkParser()
    parser.feed(data.decode("utf-8"))
    return Page(parser.links, parser.ids)


def internal_targets(path: str, link: str) -> tuple[str, str] | None:
    """The site file and anchor a relative link on `path` leads to; None for outside links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path))) if parts.path else path
    if parts.path.endswith("/"):
        target = posixpath.join(target, "index.html")
    return target, unquote(parts.fragment)


def broken_links(files: dict[str, bytes]) -> list[str]:
    """Every internal link and #anchor in every HTML file must resolve to a file and an id."""
    pages = {path: parse_page(data) for path, data in files.items() if path.endswith(".html")}
    problems = []
    for path, page in pages.items():
        if path == "404.html":
            continue  # its links are relative to the site root by design; checked separately
        for link in page.links:
            found = internal_targets(path, link)
            if found is None:
                continue
            target, anchor = found
            if target.startswith("..") or target not in files:
                problems.append(f"{path}: {link} -> missing {target}")
            elif anchor and target in pages and anchor not in pages[target].ids:
                problems.append(f"{path}: {link} -> no id {anchor!r} in {target}")
    return problems
