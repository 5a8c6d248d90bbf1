"""The endorsement wall: quotes with who said them and what they endorse. Endorsements
have no pages of their own; each quote is anchored so citations and backlinks can point at it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from ..errors import counted, plural
from ..graph import SiteGraph
from ..pages import PagePlan, deps, page_builder
from ..urls import page_path
from .evidenceviews import endorsements_by_date


@page_builder
def endorsements_page(graph: SiteGraph) -> Iterator[PagePlan]:
    yield PagePlan(
        path=page_path("endorsements"),
        title="Endorsements",
        template="endorsements.html",
        context=partial(_context, graph),
        # Each quote's whole body is shown, with what its citations name (a case, a review).
        deps=deps(also=[*graph.portfolio.endorsements.values(), *(item for e in graph.portfolio.endorsements for item in graph.cites.get(e, []))],
                  lists=["endorsements", "goals", "evidence"]),
        description=_description(len(graph.portfolio.endorsements)),
    )


def _description(count: int) -> str:
    people = counted(count, "colleague, stakeholder or client", "colleagues, stakeholders and clients")
    return f"What {people} {plural(count, 'says', 'say')} about the work."


def _context(graph: SiteGraph) -> dict[str, Any]:
    return {"endorsements": endorsements_by_date(list(graph.portfolio.endorsements.values()), graph)}
