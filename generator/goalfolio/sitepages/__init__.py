"""Page builders, one module per section; importing the package registers them all."""

from __future__ import annotations

from ..graph import SiteGraph
from . import (  # noqa: F401
    cases,
    endorsements,
    evidence,
    evidenceviews,
    feeds,
    goals,
    home,
    notfound,
    progress_page,
    progressviews,
    reviews,
)


def fill_views(graph: SiteGraph) -> None:
    """Work out every goal's, evidence item's and endorsement's view (its card, shown on
    many pages) ahead of the pages: forked page workers then inherit them instead of each
    working out nearly all of them again. Worth it where this process would otherwise wait
    for the Markdown workers of a cold build."""
    portfolio = graph.portfolio
    for goal in portfolio.goals.values():
        progressviews.goal_view(goal, graph)
    for item in portfolio.evidence.values():
        evidenceviews.evidence_view(item, graph)
    for endorsement in portfolio.endorsements.values():
        evidenceviews.endorsement_view(endorsement, graph)
