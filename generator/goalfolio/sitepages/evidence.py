"""Evidence: the full list, one page per item with its backlinks, and index pages per
kind and per skill (built from visible evidence only, so hidden skills never appear)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from typing import Any, NamedTuple

from ..errors import counted
from ..graph import SiteGraph
from ..models import Evidence, Goal
from ..pages import PagePlan, deps, page_builder
from ..urls import name_order, page_path, skill_slug
from .evidenceviews import by_date, endorsements_by_date, evidence_view, related
from .views import memoized
from .wording import cited_in, shown_excerpt


class Filter(NamedTuple):
    """One kind or skill of evidence: its own list page, and a link to it on every list."""

    label: str
    path: str  # the output path of its page
    members: list[Evidence]


Index = dict[str, Filter]  # kind, or skill page slug, to its filter


@page_builder
def evidence_pages(graph: SiteGraph) -> Iterator[PagePlan]:
    items = by_date(list(graph.portfolio.evidence.values()))
    kinds = _kind_index(items)
    skills = _skill_index(items)
    listing = deps(lists=["goals"], listings=["evidence"])  # and each card's own ~id
    yield PagePlan(
        path=page_path("evidence"),
        title="Evidence",
        template="evidence_list.html",
        context=partial(_list_context, graph, "Evidence", "", items, kinds, skills, ""),
        deps=listing | deps(summaries=[*items, *cited_in(items, graph)]),  # cards show excerpts of the bodies
        description=f"{counted(len(items), 'piece of evidence', 'pieces of evidence')}: projects, results, credentials and more.",
    )
    for kind, (label, path, members) in kinds.items():
        intro = f"{counted(len(members), 'item')} of kind {kind}."
        yield PagePlan(
            path=path, title=f"Evidence: {label}", template="evidence_list.html",
            context=partial(_list_context, graph, f"Evidence: {label}", intro, members, kinds, skills, path),
            deps=listing | deps(summaries=[*members, *cited_in(members, graph)]), description=f"Evidence of kind {kind}.",
        )
    for _slug, (label, path, members) in skills.items():
        yield PagePlan(
            path=path, title=f"Skill: {label}", template="evidence_list.html",
            context=partial(_list_context, graph, f"Skill: {label}", f"Evidence showing {label}.", members, kinds, skills, path),
            deps=listing | deps(summaries=[*members, *cited_in(members, graph)]),
            description=f"Evidence showing the skill {label}.",
        )
    for evidence in items:
        yield _evidence_page(evidence, graph)


def _list_context(graph: SiteGraph, heading: str, intro: str, members: list[Evidence], kinds: Index, skills: Index, current: str) -> dict[str, Any]:
    return {"heading": heading, "intro": intro, "items": [evidence_view(e, graph) for e in members],
            "kinds": kinds, "skills": skills, "current": current}


KIND_LABELS = {
    "project": "Projects", "result": "Results", "certification": "Certifications", "course": "Courses",
    "talk": "Talks", "publication": "Publications", "interview": "Interviews", "referral": "Referrals",
    "assignment": "Assignments", "other": "Other",
}


def _kind_index(items: list[Evidence]) -> Index:
    grouped: dict[str, list[Evidence]] = defaultdict(list)
    for e in items:
        grouped[e.kind].append(e)
    return {k: Filter(KIND_LABELS[k], page_path("evidence", "kind", k), grouped[k]) for k in KIND_LABELS if k in grouped}


def _skill_index(items: list[Evidence]) -> Index:
    """Skills grouped by page (see `skill_slug`); the label is the first spelling met."""
    grouped: dict[str, tuple[str, list[Evidence]]] = {}
    for e in sorted(items, key=lambda e: (e.date, e.id)):
        for skill in dict.fromkeys(e.skills):
            label, members = grouped.setdefault(skill_slug(skill), (skill, []))
            if not members or members[-1] is not e:  # two spellings of one skill list it once
                members.append(e)
    return {
        slug: Filter(label, page_path("evidence", "skill", slug), by_date(members))
        for slug, (label, members) in sorted(grouped.items(), key=lambda kv: name_order(kv[1][0]))
    }


def _evidence_page(evidence: Evidence, graph: SiteGraph) -> PagePlan:
    goals = graph.goals_of(evidence.goals)
    endorsements = graph.endorsements_by_evidence.get(evidence.id, [])
    cases = graph.cases_on(evidence.id)
    milestones = _milestones_by_evidence(graph).get(evidence.id, [])
    cited = graph.cites.get(evidence.id, [])
    return PagePlan(
        path=page_path("evidence", evidence.id),
        title=evidence.title,
        template="evidence.html",
        context=partial(_evidence_context, evidence, graph),
        deps=deps(evidence, also=[
            *cited, *goals, *graph.cited_by.get(evidence.id, []), *cases,
            *(g for g, _ in milestones), *related(endorsements, graph),
        ], summaries=cited_in([evidence, *endorsements], graph)),  # its description is its excerpt
        description=partial(_evidence_description, evidence, graph),
    )


def _evidence_description(evidence: Evidence, graph: SiteGraph) -> str:
    return shown_excerpt(evidence, graph) or evidence.title


def _evidence_context(evidence: Evidence, graph: SiteGraph) -> dict[str, Any]:
    return {
        "view": evidence_view(evidence, graph),
        "kind_label": KIND_LABELS[evidence.kind],  # its kind page's name, for the crumbs that lead there
        "endorsements": endorsements_by_date(graph.endorsements_by_evidence.get(evidence.id, []), graph),
        "cases": graph.cases_on(evidence.id),
        "cited_by": graph.citers_besides_cases(evidence.id),
        "milestones": _milestones_by_evidence(graph).get(evidence.id, []),
    }


def _milestones_by_evidence(graph: SiteGraph) -> dict[str, list[tuple[Goal, str]]]:
    """Evidence id to the (goal, milestone title) pairs naming it, in goal and milestone
    order: one pass over the milestones instead of one per evidence page."""
    return memoized(graph, "milestones-by-evidence", "", lambda: _index_milestones(graph))


def _index_milestones(graph: SiteGraph) -> dict[str, list[tuple[Goal, str]]]:
    found: dict[str, list[tuple[Goal, str]]] = defaultdict(list)
    for goal in graph.portfolio.goals.values():
        for state in graph.progress[goal.id].milestones:
            for evidence_id in dict.fromkeys(state.milestone.evidence):
                found[evidence_id].append((goal, state.milestone.title))
    return found
