"""The page plan: every output file the site will have, with its template, its ready-made
context and the content it depends on, decided before anything is rendered.

A page's `deps` name the items it shows (ids) and the collections it lists (`*evidence`);
the incremental builder re-renders a page when one of them changes. `*` means everything
(site-wide data such as the config and the profile).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .graph import SiteGraph
from .models import Item

ALL = "*"


@dataclass(frozen=True)
class PagePlan:
    path: str  # output file, e.g. goals/lead-team/index.html
    title: str
    template: str = ""  # a Jinja2 template; empty when `produce` makes the bytes
    context: dict[str, Any] = field(default_factory=dict)
    deps: frozenset[str] = frozenset()
    produce: Callable[[SiteGraph], bytes] | None = None
    in_sitemap: bool = True
    description: str = ""


def deps(*items: Item | None, lists: Iterable[str] = (), also: Iterable[Item] = ()) -> frozenset[str]:
    """Dependency keys for a page showing `items` (and `also`) and listing the folders `lists`."""
    keys = {item.id for item in items if item is not None}
    keys.update(item.id for item in also)
    keys.update(f"*{name}" for name in lists)
    return frozenset(keys)


PageBuilder = Callable[[SiteGraph], Iterable[PagePlan]]
PAGE_BUILDERS: list[PageBuilder] = []


def page_builder(function: PageBuilder) -> PageBuilder:
    PAGE_BUILDERS.append(function)
    return function


def plan_site(graph: SiteGraph) -> list[PagePlan]:
    """All pages, in a stable order; duplicate output paths are a bug in a builder."""
    from . import sitepages  # noqa: F401 - registers the page builders

    plans: dict[str, PagePlan] = {}
    for builder in PAGE_BUILDERS:
        for plan in builder(graph):
            assert plan.path not in plans, f"two pages would be written to {plan.path}"
            plans[plan.path] = plan
    return [plans[path] for path in sorted(plans)]
