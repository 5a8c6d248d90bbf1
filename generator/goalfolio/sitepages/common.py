"""What every page receives: the site, the person, the navigation and the view banner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..graph import SiteGraph
from ..urls import page_path


@dataclass(frozen=True)
class NavLink:
    label: str
    path: str


NAV = [
    NavLink("Dashboard", page_path()),
    NavLink("Goals", page_path("goals")),
    NavLink("Progress", page_path("progress")),
    NavLink("Evidence", page_path("evidence")),
    NavLink("Endorsements", page_path("endorsements")),
    NavLink("Reviews", page_path("reviews")),
    NavLink("Cases", page_path("cases")),
]


def shared_context(graph: SiteGraph) -> dict[str, Any]:
    config = graph.portfolio.config
    return {
        "site": config,
        "profile": graph.portfolio.profile,
        "nav": NAV,
        "owner_view": graph.is_owner_view,
        "audience": graph.audience,
        "today": graph.today,
    }
