"""Cases: the narrative promotion (or pivot, mobility) case assembled along its framework,
written to be read on screen and printed as a clean document of a few pages."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from ..errors import listed
from ..frameworks import Readiness
from ..graph import SiteGraph
from ..models import Case, Endorsement, Evidence, Goal
from ..pages import PagePlan, deps, page_builder
from ..progress import LIVE_STATUSES
from ..siteconfig import Framework
from ..urls import date_order, name_order, page_path
from .common import EVERY_FOLDER
from .evidenceviews import endorsement_view, evidence_view, related
from .progressviews import goal_view, milestone_view, readiness_view
from .views import EvidenceView
from .wording import cited_in, visibility_mark

AUDIENCE_LABELS = {"manager": "My manager", "recruiter": "A recruiter", "committee": "The promotion committee"}


@page_builder
def case_pages(graph: SiteGraph) -> Iterator[PagePlan]:
    cases = sorted(graph.portfolio.cases.values(), key=lambda c: c.id)
    yield PagePlan(
        path=page_path("cases"),
        title="Cases",
        template="cases.html",
        context=partial(_list_context, cases, graph),
        deps=deps(also=cases, lists=EVERY_FOLDER),  # readiness reads each case's text
        description="Promotion and mobility cases built from the evidence.",
    )
    for case in cases:
        yield _case_page(case, graph)


def _list_context(cases: list[Case], graph: SiteGraph) -> dict[str, Any]:
    return {"cases": [(c, readiness_view(graph.case_readiness.get(c.id)), visibility_mark(c, graph)) for c in cases]}


def _case_page(case: Case, graph: SiteGraph) -> PagePlan:
    goals = graph.goals_of(case.goals)
    evidence = graph.case_evidence(case)
    cited = graph.cites.get(case.id, [])
    return PagePlan(
        path=page_path("cases", case.id),
        title=case.title,
        template="case.html",
        context=partial(_case_context, case, graph),
        # The goals' progress counts the evidence linked to them, listed in the case or not.
        deps=deps(case, also=[
            *goals, *cited, *related(evidence, graph), *(e for g in goals for e in graph.evidence_by_goal.get(g.id, [])),
            *related(graph.case_endorsements(case), graph),
        ], lists=["reviews"], summaries=cited_in([*evidence, *graph.case_endorsements(case)], graph)),
        description=f"The case for {case.target_role}.",
    )


def endorsements_heading(framework: Framework | None) -> str:
    """The framework's own name for what endorsements prove (the Evidence Ladder's
    "Stakeholder validation"); a plain heading when none of its steps counts them."""
    for step in framework.steps if framework else []:
        if any(requirement.check == "endorsements" for requirement in step.requires):
            return step.title
    return "Endorsements"


# Whose word a decision-maker weighs first: those who see the work from above and around it.
RELATIONSHIP_ORDER = ("manager", "stakeholder", "client", "peer", "mentor", "report")


def case_endorsements_in_order(case: Case, graph: SiteGraph) -> list[Endorsement]:
    """In the order the case lists them; else managers and stakeholders first, the newest
    first within each relationship."""
    endorsements = graph.case_endorsements(case)
    if case.endorsements is not None:
        return endorsements
    newest = sorted(endorsements, key=date_order, reverse=True)
    return sorted(newest, key=lambda n: RELATIONSHIP_ORDER.index(n.relationship))


def _evidence_by_step(readiness: Readiness | None, evidence: list[Evidence], graph: SiteGraph) -> list[tuple[str, str, list[EvidenceView]]]:
    """(step id, step title, evidence) for each framework step that some of the case's evidence
    counts for, as the Evidence Ladder's rungs are shown: each piece once, under its first step."""
    placed: set[str] = set()
    steps = []
    for step in readiness.steps if readiness else []:
        counted = [e for e in evidence if e.id in step.evidence and e.id not in placed]
        placed.update(e.id for e in counted)
        if counted:
            steps.append((step.id, step.title, [evidence_view(e, graph) for e in counted]))
    return steps


def _case_context(case: Case, graph: SiteGraph) -> dict[str, Any]:
    goals = graph.goals_of(case.goals)
    evidence = graph.case_evidence(case)
    # The rung layout is the built-in Evidence Ladder's: a project's framework of that name
    # replaces it, and its page follows the project's own steps.
    ladder = case.framework == "evidence-ladder" and case.framework not in graph.portfolio.config.frameworks
    baseline = [evidence_view(e, graph) for e in evidence if e.ladder == "baseline"]
    stretch = [evidence_view(e, graph) for e in evidence if e.ladder == "stretch"]
    readiness = graph.case_readiness.get(case.id)
    by_step = [] if ladder else _evidence_by_step(readiness, evidence, graph)
    placed = {v.item.id for v in baseline + stretch} if ladder else {v.item.id for _, _, views in by_step for v in views}
    further = [evidence_view(e, graph) for e in evidence if e.id not in placed]
    plan = sorted(
        (milestone_view(g, m, graph) for g in goals for m in graph.progress[g.id].milestones
         if m.state in ("due", "overdue")),
        key=lambda m: (m.due_date, name_order(m.title)),
    )
    framework = graph.frameworks.get(case.framework)
    return {
        "case": case,
        "audience_label": AUDIENCE_LABELS[case.audience],
        "framework_title": framework.title if framework else case.framework,
        "ladder": ladder,
        "goals": [goal_view(g, graph) for g in goals],
        "baseline": baseline,
        "stretch": stretch,
        "by_step": by_step,
        "further": further,
        "endorsements": [endorsement_view(n, graph) for n in case_endorsements_in_order(case, graph)],
        "endorsements_heading": endorsements_heading(framework),
        "plan": plan,
        "plan_note": _plan_note(goals, graph),
        "readiness": readiness_view(readiness),
        "mark": visibility_mark(case, graph),
    }


def _plan_note(goals: list[Goal], graph: SiteGraph) -> str:
    """What the plan says when nothing is left to do: an achieved or dropped goal's undone
    milestones are not done, but no longer part of any plan. A goal still worked on that
    has no milestones is named first: "Nothing is left to do" or "Every milestone is done"
    read as if its plan were finished."""
    milestones = [m for g in goals for m in graph.progress[g.id].milestones]
    if not milestones:
        return _no_milestones_note(goals)
    unplanned = [g.title for g in goals if g.status in LIVE_STATUSES and not graph.progress[g.id].milestones]
    if unplanned:
        return f"No milestones are set yet for {listed(unplanned)}; the others are done, or belong to goals achieved or dropped."
    if all(m.state == "done" for m in milestones):
        return "Every milestone is done."
    return "Nothing is left to do: the milestones not done belong to goals achieved or dropped."


def _no_milestones_note(goals: list[Goal]) -> str:
    """`yet` only while a goal of the case is worked on (active or paused): a case whose
    goals are all achieved or dropped read "No milestones are set yet.", as if some were
    still to come. A case has a goal, so one with none here is in a build that hides them
    all: it says what its table of goals says ("No goal of this case is shown here."), and
    nothing of its goals' milestones, status or number. "No milestones are set yet." told
    of goals its reader cannot see, and untruly where they have milestones."""
    if not goals:
        return "No milestone of this case is shown here."
    statuses = sorted({goal.status for goal in goals})
    if any(status in LIVE_STATUSES for status in statuses):
        return "No milestones are set yet."
    return f"No milestones were set; {'the goal is' if len(goals) == 1 else 'the goals are'} {' or '.join(statuses)}."
