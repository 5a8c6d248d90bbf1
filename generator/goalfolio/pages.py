"""The page plan: every output file the site will have, with its template, how to make its
context and the content it depends on, decided before anything is rendered.

Planning runs on every build, incremental ones included, while usually only a few pages
are rendered. So a plan carries only what is cheap and needed to decide what to render
(path, title, deps); its context is a zero-argument callable, called when the page is
rendered, and so is a description drawn from a body. A plan thus depends on front matter
and citations only, and the preview keeps its plans across saves that change only bodies.

A page's `deps` name the items it shows (ids), the items it shows only as cards
(`~id`: front matter and excerpt), the collections it lists (`*evidence`: every item's
front matter), the collections whose list pages it is (`#evidence`: only what decides
whether, where and under which filter an item is listed, `LISTING_FIELDS`; the cards
themselves are `~id` deps) and the static files it copies into itself (`@static/style.css`);
the incremental builder re-renders a page when one of them changes. `*` means everything
(site-wide data such as the config and the profile).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .graph import SiteGraph
from .items import Item

ALL = "*"

Context = Callable[[], dict[str, Any]]


def no_context() -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class PagePlan:
    path: str  # output file, e.g. goals/lead-team/index.html
    title: str
    template: str = ""  # a Jinja2 template; empty when `produce` makes the bytes
    context: Context = no_context  # called at render time, e.g. functools.partial(builder, item, graph)
    deps: frozenset[str] = frozenset()
    produce: Callable[[SiteGraph], bytes] | None = None
    in_sitemap: bool = True
    description: str | Callable[[], str] = ""  # a callable when drawn from a body (see the module's docstring)
    links_from_root: bool = False  # the page is served at unknown depths (404.html): link from the root

    def shown(self) -> ShownPage:
        """The page as its template reads it (`page`)."""
        return ShownPage(self.path, self.title, self.template, self.description_text())

    def description_text(self) -> str:
        """The description alone, for fingerprints: a whole new plan (`described`) costs
        more than the rest of a page's fingerprint, and every page is fingerprinted."""
        return self.description if isinstance(self.description, str) else self.description()


@dataclass(frozen=True)
class ShownPage:
    """What a template reads of its page. Not the plan: its context holds the site graph,
    whose indexes are keyed by every id the shown items name, hidden items' too, and a
    template printing `{{ page }}` printed them."""

    path: str
    title: str
    template: str
    description: str


SUMMARY = "~"  # prefix of a key naming only an item's front matter and body excerpt
LISTING = "#"  # prefix of a key naming what decides a folder's lists (LISTING_FIELDS)
LISTING_FIELDS: dict[str, tuple[str, ...]] = {"evidence": ("date", "kind", "skills", "visibility")}
STATIC_DEP = "@"  # prefix of a key naming a static file the page copies in, e.g. `@static/style.css`
CONSTANT = "="  # the one key of a file whose bytes depend on nothing (.nojekyll): no change names it


def deps(*items: Item | None, lists: Iterable[str] = (), also: Iterable[Item] = (), summaries: Iterable[Item] = (),
         listings: Iterable[str] = (), ids: Iterable[str] = ()) -> frozenset[str]:
    """Dependency keys for a page showing `items` (and `also`) and listing the folders `lists`.

    `summaries` are items the page shows only as cards: front matter and the body's
    excerpt (Source.excerpt), so an edit further down a body does not re-render the page.
    `ids` name items the page shows if this build can see them: the key of a hidden item
    changes with its file, so the page follows it into and out of view."""
    keys = {item.id for item in items if item is not None}
    keys.update(item.id for item in also)
    keys.update(ids)
    keys.update(SUMMARY + item.id for item in summaries)
    keys.update(f"*{name}" for name in lists)
    keys.update(LISTING + name for name in listings)
    return frozenset(keys)


PageBuilder = Callable[[SiteGraph], Iterable[PagePlan]]
PAGE_BUILDERS: list[PageBuilder] = []
SiteBuilder = Callable[[SiteGraph, Sequence[PagePlan]], Iterable[PagePlan]]
SITE_BUILDERS: list[SiteBuilder] = []


def page_builder(function: PageBuilder) -> PageBuilder:
    PAGE_BUILDERS.append(function)
    return function


def site_builder(function: SiteBuilder) -> SiteBuilder:
    """For files about the other pages (the sitemap): called once with every page plan,
    so the site is planned once rather than again by the file that lists it."""
    SITE_BUILDERS.append(function)
    return function


def plan_site(graph: SiteGraph) -> list[PagePlan]:
    """All pages, in a stable order; duplicate output paths are a bug in a builder."""
    from . import sitepages  # noqa: F401 - registers the page builders

    plans: dict[str, PagePlan] = {}
    for builder in PAGE_BUILDERS:
        _add(plans, builder(graph))
    pages = [plans[path] for path in sorted(plans)]
    for site in SITE_BUILDERS:
        _add(plans, site(graph, pages))
    return [plans[path] for path in sorted(plans)]


def _add(plans: dict[str, PagePlan], new: Iterable[PagePlan]) -> None:
    for plan in new:
        assert plan.path not in plans, f"two pages would be written to {plan.path}"
        plans[plan.path] = plan
