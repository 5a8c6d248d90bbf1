"""The dashboard: the person, each active goal against pace, latest evidence, what is due."""

from __future__ import annotations

from collections.abc import Iterator

from ..graph import SiteGraph
from ..pages import ALL, PagePlan, page_builder
from ..urls import page_path


@page_builder
def home_page(graph: SiteGraph) -> Iterator[PagePlan]:
    goals = [graph.progress[g.id] for g in graph.portfolio.goals.values() if g.status == "active"]
    latest = sorted(graph.portfolio.evidence.values(), key=lambda e: (e.date, e.id), reverse=True)[:6]
    yield PagePlan(
        path=page_path(),
        title="Dashboard",
        template="home.html",
        context={"goals": goals, "latest_evidence": latest},
        deps=frozenset({ALL}),
    )
