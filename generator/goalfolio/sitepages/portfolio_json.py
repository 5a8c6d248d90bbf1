"""`portfolio.json`: the build's visible data for other tools (documented in docs/site.md).

Only items the audience may see are included, references to hidden items are dropped,
and an anonymous endorsement carries neither its author nor its file id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..audit import audit_goal
from ..graph import SiteGraph
from ..items import Item
from ..links import leaves_the_site
from ..models import Case, Endorsement, Evidence, FeedbackSource, Goal, Link, Profile, Review
from ..progress import feedback_state
from ..urls import endorsement_anchor, item_path, order_id
from .wording import endorsement_quote

FORMAT_VERSION = 1


def portfolio_data(graph: SiteGraph, link: Callable[[str], str]) -> dict[str, Any]:
    p = graph.portfolio
    config = p.config
    return {
        "format": FORMAT_VERSION,
        "site": {"title": config.title, "language": config.language, "base_url": config.base_url or None,
                 "today": graph.today.isoformat()},
        "profile": None if p.profile is None else _profile(p.profile, link),
        "goals": [_goal(g, graph, link) for g in p.goals.values()],
        "evidence": [_evidence(e, graph, link) for e in p.evidence.values()],
        # not by file: an anonymous endorsement's file is often named for its author
        "endorsements": [_endorsement(n, graph, link) for n in sorted(p.endorsements.values(), key=order_id)],
        "reviews": [_review(r, graph, link) for r in p.reviews.values()],
        "cases": [_case(c, graph, link) for c in p.cases.values()],
    }


def _visible(ids: list[str], folder: Mapping[str, Item]) -> list[str]:
    """References to items of `folder`, each once, without those this build does not show."""
    return [i for i in dict.fromkeys(ids) if i in folder]


def _links(links: list[Link], link: Callable[[str], str]) -> list[dict[str, Any]]:
    return [{"title": x.title, "url": x.url if leaves_the_site(x.url) else link(x.url)} for x in links]


def _profile(profile: Profile, link: Callable[[str], str]) -> dict[str, Any]:
    return {
        "name": profile.name, "headline": profile.headline, "role": profile.role,
        "organisation": profile.organisation, "location": profile.location,
        "target_locations": profile.target_locations,
        "languages": [{"language": lang.language, "level": lang.level} for lang in profile.languages],
        "links": _links(profile.links, link),
        "email": profile.email or None,
    }


def _evidence(e: Evidence, graph: SiteGraph, link: Callable[[str], str]) -> dict[str, Any]:
    return {
        "id": e.id, "url": link(item_path(e)), "title": e.title, "date": e.date.isoformat(), "kind": e.kind,
        "goals": _visible(e.goals, graph.portfolio.goals), "ladder": e.ladder,
        "metrics": [{"name": m.name, "before": m.before, "after": m.after, "unit": m.unit} for m in e.metrics],
        "skills": e.skills, "location": e.location or None,
        "links": _links(e.links, link),
    }


def _endorsement(n: Endorsement, graph: SiteGraph, link: Callable[[str], str]) -> dict[str, Any]:
    p = graph.portfolio
    return {
        "id": endorsement_anchor(n), "url": link(item_path(n)),
        "author": None if n.is_anonymous else n.author, "anonymous": n.is_anonymous,
        "role": n.role, "organisation": n.organisation or None, "relationship": n.relationship,
        "date": n.date.isoformat(), "goals": _visible(n.goals, p.goals), "evidence": _visible(n.evidence, p.evidence),
        "quote": endorsement_quote(n, graph),
    }


def _review(r: Review, graph: SiteGraph, link: Callable[[str], str]) -> dict[str, Any]:
    return {
        "id": r.id, "url": link(item_path(r)), "date": r.date.isoformat(), "period": r.period,
        "readings": {g: v for g, v in sorted(r.readings.items()) if g in graph.portfolio.goals},
        "decisions": [{"action": d.action, "what": d.what} for d in r.decisions],
    }


def _case(c: Case, graph: SiteGraph, link: Callable[[str], str]) -> dict[str, Any]:
    return {
        "id": c.id, "url": link(item_path(c)), "title": c.title, "target_role": c.target_role,
        "goals": _visible(c.goals, graph.portfolio.goals), "framework": c.framework, "audience": c.audience,
        "evidence": [e.id for e in graph.case_evidence(c)],
        "readiness": _readiness(graph, c.id),
    }


def _readiness(graph: SiteGraph, case_id: str) -> dict[str, Any] | None:
    readiness = graph.case_readiness.get(case_id)
    if readiness is None:
        return None
    return {"framework": readiness.framework_id, "met": readiness.met, "steps": len(readiness.steps),
            "missing": [r.missing for s in readiness.steps for r in s.requirements if not r.met]}


def _share(value: float) -> float:
    """A share to 4 places, as the pages round it to whole percents: one short of the whole
    stays short of 1 (999,999,999,999.9 of a target of 10^12 was `1.0`, where its page
    says 99%), so a reader of the file does not take it for a target met."""
    rounded = round(value, 4)
    return min(rounded, 0.9999) if value < 1 else rounded


def _goal(goal: Goal, graph: SiteGraph, link: Callable[[str], str]) -> dict[str, Any]:
    progress = graph.progress[goal.id]
    audit = audit_goal(goal)
    parent = goal.parent if goal.parent in graph.portfolio.goals else None
    return {
        "id": goal.id, "url": link(item_path(goal)), "title": goal.title, "type": goal.type, "status": goal.status,
        "pace": progress.pace, "progress": _share(progress.progress), "expected": _share(progress.expected),
        "start": goal.start.isoformat(), "target_date": goal.target_date.isoformat(),
        "horizon": goal.derived_horizon, "framework": goal.framework, "parent": parent, "tags": goal.tags,
        "why": goal.why or None, "non_negotiables": goal.non_negotiables, "mobility": goal.mobility or None,
        "indicators": [
            {"id": s.indicator.id, "name": s.indicator.name, "kind": s.indicator.kind, "unit": s.indicator.unit,
             "baseline": s.indicator.baseline, "target": s.indicator.target, "direction": s.indicator.direction,
             "current": s.current, "progress": None if s.progress is None else _share(s.progress),
             "readings": [{"date": r.date.isoformat(), "value": r.value} for r in s.readings
                          if r.source in graph.portfolio.reviews or r.source in graph.portfolio.evidence]}
            for s in progress.indicators
        ],
        "milestones": [
            {"title": m.milestone.title, "due": m.milestone.due.isoformat(),
             "done": m.milestone.done.isoformat() if m.milestone.done else None, "state": m.state, "reward": m.milestone.reward,
             "evidence": [e for e in m.milestone.evidence if e in graph.portfolio.evidence]}
            for m in progress.milestones
        ],
        "gaps": [{"need": g.need, "kind": g.kind, "plan": g.plan} for g in goal.gaps],
        "feedback": [_feedback(goal, entry, graph) for entry in goal.feedback],
        "audit": {"score": audit.score, "total": audit.total, "missing": [c.id for c in audit.checks if not c.passed]},
    }


def _feedback(goal: Goal, entry: str | FeedbackSource, graph: SiteGraph) -> dict[str, Any]:
    """One shape for both forms: an entry written as text is its `who`, as the page shows it."""
    if isinstance(entry, str):
        return {"who": entry, "how": None, "next": None, "state": None}
    return {"who": entry.who, "how": entry.how, "next": entry.next.isoformat() if entry.next else None,
            "state": feedback_state(goal, entry, graph.today) or None}
