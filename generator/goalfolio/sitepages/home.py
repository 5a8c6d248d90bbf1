"""The dashboard: the person, each active goal against pace, latest evidence, endorsement
highlights, what is due in the next 90 days and what is overdue: milestones, and the asks
for feedback of sources with a `next` date."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..charts import short_date
from ..graph import SiteGraph
from ..models import Endorsement, Evidence, Goal
from ..pages import PagePlan, deps, page_builder
from ..progress import days_after, feedback_asks
from ..urls import date_order, name_order, page_path
from .common import EVERY_FOLDER
from .evidenceviews import by_date, endorsements_by_date, evidence_view
from .goals import ordered_goals
from .progressviews import goal_view, milestone_view
from .views import MilestoneView

UPCOMING_DAYS = 90
LATEST_EVIDENCE = 6
TOP_ENDORSEMENTS = 3


@page_builder
def home_page(graph: SiteGraph) -> Iterator[PagePlan]:
    profile = graph.portfolio.profile
    description = profile.headline if profile and profile.headline else graph.portfolio.config.description
    yield PagePlan(
        path=page_path(),
        title="Dashboard",
        template="home.html",
        context=partial(_context, graph),
        # Everything it counts comes from front matter; the excerpts and quotes it shows
        # come from the bodies of the few items named. The profile is behind every page.
        deps=deps(also=[*_latest_evidence(graph), *_top_endorsements(graph)], lists=EVERY_FOLDER),
        description=description,
    )


def _context(graph: SiteGraph) -> dict[str, Any]:
    goals = ordered_goals(graph)  # as the goals page lists them, not by file name
    upcoming, overdue = _milestones(goals, graph)
    asks, overdue_asks = _feedback_asks(goals, graph)
    return {
        "goals": [goal_view(g, graph) for g in goals if g.status == "active"],
        "achieved": [goal_view(g, graph) for g in goals if g.status == "achieved"],
        "latest_evidence": [evidence_view(e, graph) for e in _latest_evidence(graph)],
        "endorsements": endorsements_by_date(_top_endorsements(graph), graph),
        "upcoming": upcoming,
        "overdue": overdue,
        "agenda": _by_due_date([*map(milestone_step, upcoming), *asks]),
        "agenda_overdue": _by_due_date([*map(milestone_step, overdue), *overdue_asks]),
        "upcoming_days": UPCOMING_DAYS,
        "counts": {
            "goals": len(goals),
            "evidence": len(graph.portfolio.evidence),
            "endorsements": len(graph.portfolio.endorsements),
            "reviews": len(graph.portfolio.reviews),
        },
    }


@dataclass(frozen=True)
class DueStep:
    """A dated step of a goal on the dashboard's lists: a milestone, or the next ask for a
    feedback source's feedback, as `due_list` shows either."""

    title: str
    due_date: datetime.date
    due: str
    goal: Goal
    kind: str  # `milestone` or `feedback`


def milestone_step(view: MilestoneView) -> DueStep:
    return DueStep(view.title, view.due_date, view.due, view.goal, "milestone")


def _by_due_date(steps: list[DueStep]) -> list[DueStep]:
    return sorted(steps, key=lambda step: (step.due_date, name_order(step.title)))


def _feedback_asks(goals: list[Goal], graph: SiteGraph) -> tuple[list[DueStep], list[DueStep]]:
    """The next asks for feedback of active and paused goals, as their milestones are
    listed: due within UPCOMING_DAYS, and overdue."""
    horizon = days_after(graph.today, UPCOMING_DAYS)
    upcoming: list[DueStep] = []
    overdue: list[DueStep] = []
    for goal in goals:
        for ask in feedback_asks(goal, graph.today):
            step = DueStep(f"Ask for feedback: {ask.source.who}", ask.day, short_date(ask.day), goal, "feedback")
            if ask.state == "overdue":
                overdue.append(step)
            elif ask.day <= horizon:
                upcoming.append(step)
    return upcoming, overdue


def _latest_evidence(graph: SiteGraph) -> list[Evidence]:
    return by_date(list(graph.portfolio.evidence.values()))[:LATEST_EVIDENCE]


def _top_endorsements(graph: SiteGraph) -> list[Endorsement]:
    return sorted(graph.portfolio.endorsements.values(), key=date_order, reverse=True)[:TOP_ENDORSEMENTS]


def _milestones(goals: list[Goal], graph: SiteGraph) -> tuple[list[MilestoneView], list[MilestoneView]]:
    """Milestones of active and paused goals: due within UPCOMING_DAYS, and overdue."""
    horizon = days_after(graph.today, UPCOMING_DAYS)
    upcoming: list[MilestoneView] = []
    overdue: list[MilestoneView] = []
    for goal in goals:
        if goal.status not in ("active", "paused"):
            continue
        for state in graph.progress[goal.id].milestones:
            if state.state == "overdue":
                overdue.append(milestone_view(goal, state, graph))
            elif state.state == "due" and state.milestone.due <= horizon:
                upcoming.append(milestone_view(goal, state, graph))
    upcoming.sort(key=lambda m: (m.due_date, name_order(m.title)))
    overdue.sort(key=lambda m: (m.due_date, name_order(m.title)))
    return upcoming, overdue
