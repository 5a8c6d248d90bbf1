"""What every page receives: the site, the person, the navigation and the view banner."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from ..charts import short_date
from ..graph import SiteGraph
from ..siteconfig import SiteConfig
from ..urls import page_path

# Folders whose items can link to, cite or count towards any other item: a page showing
# backlinks or derived values must be re-rendered when any item in them changes.
EVERY_FOLDER = ("goals", "evidence", "endorsements", "reviews", "cases")


@dataclass(frozen=True)
class NavLink:
    label: str
    path: str
    section: str  # the first path segment of pages in this section; empty for the dashboard


NAV = [
    NavLink("Dashboard", page_path(), ""),
    NavLink("Goals", page_path("goals"), "goals"),
    NavLink("Progress", page_path("progress"), "progress"),
    NavLink("Evidence", page_path("evidence"), "evidence"),
    NavLink("Endorsements", page_path("endorsements"), "endorsements"),
    NavLink("Reviews", page_path("reviews"), "reviews"),
    NavLink("Cases", page_path("cases"), "cases"),
]


def site_person(graph: SiteGraph) -> str:
    """Who the site is about, as every page and the feed name them. A build has a profile
    (the loader requires one); the rest is for a graph made without it."""
    config = graph.portfolio.config
    profile = graph.portfolio.profile
    return profile.name if profile else config.author or config.title


def shared_context(graph: SiteGraph) -> dict[str, Any]:
    profile = graph.portfolio.profile
    return {
        "site": shown_config(graph),
        "profile": profile,
        "person": site_person(graph),
        "nav": NAV,
        "owner_view": graph.is_owner_view,
        "audience": graph.audience,
        "audience_view": graph.audience not in (None, "public"),
        "today": graph.today,
        "today_text": short_date(graph.today),
        "photo_path": photo_path(graph),
        "og_image": photo_path(graph),
    }


def shown_config(graph: SiteGraph) -> SiteConfig:
    """The config as this build's templates read it (`site`): with only the audiences the
    build is for. An audience's name can say more than its items (`acme-recruiter`), and a
    theme of the project's own printing `{{ site.audiences }}` published every one."""
    config = graph.portfolio.config
    if graph.audience is None:  # the owner's view, kept to the owner
        return config
    return config.model_copy(update={"audiences": [name for name in config.audiences if name == graph.audience]})


def photo_path(graph: SiteGraph) -> str:
    """The profile photo's address from the site root, percent-encoded: a file name is
    written as it is on disk (`my photo é.jpg`), and a space is no valid URL in `src` or
    `og:image`."""
    profile = graph.portfolio.profile
    return urllib.parse.quote(f"assets/{profile.photo}") if profile and profile.photo else ""
