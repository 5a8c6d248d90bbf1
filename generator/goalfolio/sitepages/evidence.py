"""Evidence: the full list, one page per item with its backlinks, and index pages per
kind and per skill (built from visible evidence only, so hidden skills never appear)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..citations import find_citations
from ..graph import SiteGraph
from ..models import Evidence
from ..pages import PagePlan, deps, page_builder
from ..urls import page_path
from .views import EvidenceView, by_date, endorsements_by_date, evidence_view, related, skill_slug


@page_builder
def evidence_pages(graph: SiteGraph) -> Iterator[PagePlan]:
    items = by_date(list(graph.portfolio.evidence.values()))
    kinds = _kind_index(items)
    skills = _skill_index(items)
    listing = deps(lists=["evidence", "goals"])
    yield PagePlan(
        path=page_path("evidence"),
        title="Evidence",
        template="evidence_list.html",
        context={"heading": "Evidence", "intro": "", "items": [evidence_view(e, graph) for e in items],
                 "kinds": kinds, "skills": skills, "current": ""},
        deps=listing,
        description=f"{len(items)} pieces of evidence: projects, results, credentials and more.",
    )
    for kind, (label, path, members) in kinds.items():
        yield PagePlan(
            path=path, title=f"Evidence: {label}", template="evidence_list.html",
            context={"heading": f"Evidence: {label}", "intro": f"{len(members)} item{'s' if len(members) != 1 else ''} of kind {kind}.",
                     "items": [evidence_view(e, graph) for e in members], "kinds": kinds, "skills": skills, "current": path},
            deps=listing, description=f"Evidence of kind {kind}.",
        )
    for _slug, (label, path, members) in skills.items():
        yield PagePlan(
            path=path, title=f"Skill: {label}", template="evidence_list.html",
            context={"heading": f"Skill: {label}", "intro": f"Evidence showing {label}.",
                     "items": [evidence_view(e, graph) for e in members], "kinds": kinds, "skills": skills, "current": path},
            deps=listing, description=f"Evidence showing the skill {label}.",
        )
    for evidence in items:
        yield _evidence_page(evidence, graph)


KIND_LABELS = {
    "project": "Projects", "result": "Results", "certification": "Certifications", "course": "Courses",
    "talk": "Talks", "publication": "Publications", "interview": "Interviews", "referral": "Referrals",
    "assignment": "Assignments", "other": "Other",
}


def _kind_index(items: list[Evidence]) -> dict[str, tuple[str, str, list[Evidence]]]:
    grouped: dict[str, list[Evidence]] = defaultdict(list)
    for e in items:
        grouped[e.kind].append(e)
    return {k: (KIND_LABELS[k], page_path("evidence", "kind", k), grouped[k]) for k in KIND_LABELS if k in grouped}


def _skill_index(items: list[Evidence]) -> dict[str, tuple[str, str, list[Evidence]]]:
    """Skills grouped case-insensitively; the label is the first spelling met."""
    grouped: dict[str, tuple[str, list[Evidence]]] = {}
    for e in sorted(items, key=lambda e: (e.date, e.id)):
        for skill in dict.fromkeys(e.skills):
            slug = skill_slug(skill)
            label, members = grouped.setdefault(slug, (skill, []))
            if e not in members:
                members.append(e)
    return {
        slug: (label, page_path("evidence", "skill", slug), by_date(members))
        for slug, (label, members) in sorted(grouped.items(), key=lambda kv: kv[1][0].casefold())
    }


def _evidence_page(evidence: Evidence, graph: SiteGraph) -> PagePlan:
    view: EvidenceView = evidence_view(evidence, graph)
    endorsements = graph.endorsements_by_evidence.get(evidence.id, [])
    cases = list({c.id: c for c in graph.cases_by_item.get(evidence.id, [])}.values())
    milestones = [
        (g, m.milestone.title) for g in graph.portfolio.goals.values() for m in graph.progress[g.id].milestones
        if evidence.id in m.milestone.evidence
    ]
    cited = [graph.find(c.target) for c in find_citations(evidence.body)]
    return PagePlan(
        path=page_path("evidence", evidence.id),
        title=evidence.title,
        template="evidence.html",
        context={
            "view": view,
            "endorsements": endorsements_by_date(endorsements, graph),
            "cases": cases,
            "cited_by": graph.cited_by.get(evidence.id, []),
            "milestones": milestones,
        },
        deps=deps(evidence, also=[
            *(i for i in cited if i is not None), *view.goals, *graph.cited_by.get(evidence.id, []), *cases,
            *(g for g, _ in milestones), *related(endorsements, graph),
        ]),
        description=view.excerpt or evidence.title,
    )
