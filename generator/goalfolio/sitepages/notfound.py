"""404.html: served by the host for any missed URL, at any depth.

Its location is unknown when it is shown, so page-relative links cannot work. With a
base_url every link is absolute (the renderer's `url()` does this when the plan asks for
`links_from_root`); without one, links are written relative to the site root (depth 0),
which is right when the host serves the page for a missed URL at the root, and the
stylesheet is inlined so the page is readable wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from ..graph import SiteGraph
from ..pages import ALL, STATIC_DEP, PagePlan, page_builder
from ..templating import static_files

STYLESHEET = "static/style.css"


@page_builder
def not_found_page(graph: SiteGraph) -> Iterator[PagePlan]:
    yield PagePlan(
        path="404.html",
        title="Page not found",
        template="404.html",
        context=partial(_context, graph),
        deps=frozenset({ALL, STATIC_DEP + STYLESHEET}),
        in_sitemap=False,
        description="This page does not exist.",
        links_from_root=True,
    )


def _context(graph: SiteGraph) -> dict[str, Any]:
    styles = static_files(graph.portfolio.project, graph.portfolio.config.theme).get(STYLESHEET)
    return {"inline_css": styles.read_text(encoding="utf-8") if styles else ""}
