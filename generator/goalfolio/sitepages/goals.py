"""The goals list and one page per goal: outcome, indicators with charts, milestones,
gaps, framework checklist, the six-point audit, linked evidence, endorsements and cases."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from ..errors import counted, plural
from ..excerpts import shorten
from ..graph import OWNER, SiteGraph
from ..models import Goal
from ..pages import PagePlan, deps, page_builder
from ..urls import page_path
from .common import EVERY_FOLDER
from .evidenceviews import by_date, endorsements_by_date, evidence_view, related
from .progressviews import audit_view, goal_view, readiness_view
from .wording import cited_in, visibility_mark

STATUS_ORDER = {"active": 0, "paused": 1, "achieved": 2, "dropped": 3}


def ordered_goals(graph: SiteGraph) -> list[Goal]:
    """Active goals first, then by target date: the order a reader cares about."""
    return sorted(graph.portfolio.goals.values(), key=lambda g: (STATUS_ORDER[g.status], g.target_date, g.id))


@page_builder
def goal_pages(graph: SiteGraph) -> Iterator[PagePlan]:
    goals = ordered_goals(graph)
    yield PagePlan(
        path=page_path("goals"),
        title="Goals",
        template="goals.html",
        context=partial(_list_context, goals, graph),
        deps=deps(lists=EVERY_FOLDER),
        description=f"{counted(len(goals), 'goal')} with {plural(len(goals), 'its', 'their')} progress against pace.",
    )
    for goal in goals:
        yield _goal_page(goal, graph)


def _list_context(goals: list[Goal], graph: SiteGraph) -> dict[str, Any]:
    return {"goals": [goal_view(g, graph) for g in goals]}


def _goal_page(goal: Goal, graph: SiteGraph) -> PagePlan:
    parent = _parent(goal, graph)
    evidence = graph.evidence_by_goal.get(goal.id, [])
    endorsements = graph.endorsements_by_goal.get(goal.id, [])
    cases = graph.cases_on(goal.id)
    cited = graph.cites.get(goal.id, [])
    return PagePlan(
        path=page_path("goals", goal.id),
        title=goal.title,
        template="goal.html",
        context=partial(_goal_context, goal, graph),
        # Readings come from any review, so every review is a dependency; the rest is named.
        # The framework checklist counts the evidence a case on the goal cites.
        deps=deps(goal, parent, also=[
            *cited, *graph.children.get(goal.id, []), *cases, *(item for case in cases for item in graph.cites.get(case.id, [])),
            *graph.cited_by.get(goal.id, []), *related(evidence, graph), *related(endorsements, graph),
        ], lists=["reviews"], ids=[evidence_id for milestone in goal.milestones for evidence_id in milestone.evidence],
            summaries=cited_in([*evidence, *endorsements], graph)),
        description=shorten(" ".join(goal.why.split())) if goal.why else f"Goal: {goal.title}",
    )


def _goal_context(goal: Goal, graph: SiteGraph) -> dict[str, Any]:
    return {
        "view": goal_view(goal, graph),
        "parent": _parent(goal, graph),
        "children": graph.children.get(goal.id, []),
        "evidence": [evidence_view(e, graph) for e in by_date(graph.evidence_by_goal.get(goal.id, []))],
        "endorsements": endorsements_by_date(graph.endorsements_by_goal.get(goal.id, []), graph),
        "cases": graph.cases_on(goal.id),
        "readiness": readiness_view(graph.goal_readiness.get(goal.id)),
        "audit": audit_view(goal, graph.audience is OWNER),
        "mark": visibility_mark(goal, graph),
        "cited_by": graph.citers_besides_cases(goal.id),
    }


def _parent(goal: Goal, graph: SiteGraph) -> Goal | None:
    return graph.portfolio.goals.get(goal.parent) if goal.parent else None
