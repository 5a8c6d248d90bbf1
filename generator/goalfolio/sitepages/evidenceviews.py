"""The views of evidence and endorsements, what backs a goal: each piece of evidence with
its metrics' change and its skills' pages, each endorsement with its byline and quote.

An endorsement's view never carries the author's name when the endorsement is anonymous.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..charts import short_date
from ..graph import SiteGraph
from ..items import Item
from ..models import Endorsement, Evidence
from ..numbers import difference, exact, number, whole, with_unit
from ..urls import date_order, endorsement_anchor, item_path, page_path, skill_slug
from .views import EndorsementView, EvidenceView, MetricView, SkillLink, memoized
from .wording import endorsement_quote, shown_excerpt, visibility_mark


def _in_points(unit: str) -> bool:
    """A percentage (`%`) or a score on a scale (`/5`, `/10`) changes by points: "+1/5" reads
    as a fifth, and a percent of a score or of a percentage is no measure a reader weighs."""
    return unit == "%" or unit.startswith("/")


def _percent_change(delta: Decimal, before: Decimal, sign: str) -> str:
    """`+13%`, or `under 1%` for a change that rounds to none: 100 to 100.0001 ms read
    `+0%` (and the other way `−0%`) beside a change the same cell says is there."""
    percent = whole(abs(delta) / abs(before) * 100)
    return f"{sign}{number(percent)}%" if percent else "under 1%"


def metric_views(evidence: Evidence) -> list[MetricView]:
    views = []
    for m in evidence.metrics:
        change = ""
        if m.before is not None:
            delta = difference(m.after, m.before)
            sign = "+" if delta > 0 else "−"
            in_points = _in_points(m.unit)
            if not delta:
                change = "no change"
            elif in_points:
                change = f"{sign}{with_unit(abs(delta), 'points')}"  # `1 point` as shown
            else:
                change = f"{sign}{with_unit(abs(delta), m.unit)}"
            if delta and m.before and not in_points:
                change += f" ({_percent_change(delta, exact(m.before), sign)})"
        views.append(MetricView(m.name, with_unit(m.before, m.unit) if m.before is not None else "",
                                with_unit(m.after, m.unit), change))
    return views


def skill_links(skills: list[str]) -> list[SkillLink]:
    """Each skill page once, under its first spelling: `discovery` and `Discovery` share a
    page, so an item listing both shows one tag, as the Pivot Bridge counts one skill."""
    links: dict[str, SkillLink] = {}
    for skill in skills:
        path = page_path("evidence", "skill", skill_slug(skill))
        links.setdefault(path, SkillLink(skill, path))
    return list(links.values())


def evidence_view(evidence: Evidence, graph: SiteGraph) -> EvidenceView:
    return memoized(graph, "evidence", evidence.id, lambda: _evidence_view(evidence, graph))


def _evidence_view(evidence: Evidence, graph: SiteGraph) -> EvidenceView:
    return EvidenceView(
        evidence, evidence.title, short_date(evidence.date), evidence.kind, metric_views(evidence),
        skill_links(evidence.skills),
        graph.goals_of(evidence.goals), visibility_mark(evidence, graph), shown_excerpt(evidence, graph),
        evidence.date > graph.today, evidence.date.isoformat(),
    )


# How a relationship reads beside an endorser's role: a bare "report" reads as a document.
RELATIONSHIP_LABELS = {"report": "direct report"}


def endorsement_view(endorsement: Endorsement, graph: SiteGraph) -> EndorsementView:
    return memoized(graph, "endorsement", endorsement.id, lambda: _endorsement_view(endorsement, graph))


def _endorsement_view(endorsement: Endorsement, graph: SiteGraph) -> EndorsementView:
    byline = ", ".join(p for p in (endorsement.role, endorsement.organisation) if p)
    return EndorsementView(
        endorsement,
        endorsement_anchor(endorsement),
        item_path(endorsement),
        "" if endorsement.is_anonymous else endorsement.author,
        byline,
        RELATIONSHIP_LABELS.get(endorsement.relationship, endorsement.relationship),
        short_date(endorsement.date),
        endorsement_quote(endorsement, graph),
        graph.goals_of(endorsement.goals),
        graph.evidence_of(endorsement.evidence),
        visibility_mark(endorsement, graph),
        endorsement.date > graph.today,
        endorsement.date.isoformat(),
    )


def endorsements_by_date(items: list[Endorsement], graph: SiteGraph) -> list[EndorsementView]:
    return [endorsement_view(e, graph) for e in sorted(items, key=date_order, reverse=True)]


def by_date(items: list[Evidence]) -> list[Evidence]:
    return sorted(items, key=lambda e: (e.date, e.id), reverse=True)


def related(items: Iterable[Evidence | Endorsement], graph: SiteGraph) -> list[Item]:
    """Items and the goals and evidence their views name: what a page listing them shows."""
    found: list[Item] = []
    for item in items:
        found.append(item)
        found.extend(graph.goals_of(item.goals))
        if isinstance(item, Endorsement):
            found.extend(graph.evidence_of(item.evidence))
    return found
