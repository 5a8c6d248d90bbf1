"""The site graph: relations resolved and derived values computed, for one audience.

Once `references` has checked every reference over the whole portfolio, `build_graph`
makes one view of the portfolio for an audience: items the audience may not see are
removed first, so nothing derived from them (counts, progress, backlinks, readiness) can
reach a page.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .cache import local_date
from .frameworks import BUILTIN_FRAMEWORKS, Readiness, Subject, evaluate
from .items import Item
from .loader import Portfolio
from .models import (
    CONTENT_TYPES,
    Case,
    Endorsement,
    Evidence,
    Goal,
    Review,
)
from .progress import GoalProgress, goal_progress
from .siteconfig import Framework, SiteConfig
from .urls import date_order, order_id

OWNER = None  # the audience value for the owner's view, which includes everything
PUBLIC = "public"


def today_of(portfolio: Portfolio) -> datetime.date:
    return today_for(portfolio.config)


def today_for(config: SiteConfig) -> datetime.date:
    """The day a build computes against: the config's `today`, else the machine's date now."""
    return config.today or local_date()


def all_frameworks(portfolio: Portfolio) -> dict[str, Framework]:
    return {**BUILTIN_FRAMEWORKS, **portfolio.config.frameworks}


@dataclass
class SiteGraph:
    portfolio: Portfolio
    audience: str | None
    today: datetime.date
    frameworks: dict[str, Framework]
    evidence_by_goal: dict[str, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    endorsements_by_goal: dict[str, list[Endorsement]] = field(default_factory=lambda: defaultdict(list))
    endorsements_by_evidence: dict[str, list[Endorsement]] = field(default_factory=lambda: defaultdict(list))
    cases_by_item: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    children: dict[str, list[Goal]] = field(default_factory=lambda: defaultdict(list))
    cites: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    progress: dict[str, GoalProgress] = field(default_factory=dict)
    goal_readiness: dict[str, Readiness] = field(default_factory=dict)
    case_readiness: dict[str, Readiness] = field(default_factory=dict)
    # Views computed from this graph (sitepages/views.py), by (kind, id): an evidence card
    # appears on dozens of pages. It lives and dies with the graph, so it is never shared
    # between audiences or builds.
    memo: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_owner_view(self) -> bool:
        return self.audience is OWNER

    def find(self, item_id: str) -> Item | None:
        return self.portfolio.find(item_id)

    def goals_of(self, ids: Iterable[str]) -> list[Goal]:
        """The goals a list names that this view shows, each once: a list may name one twice
        (`goals: [lead, lead]`), which would list it twice and count its milestones twice."""
        return [self.portfolio.goals[i] for i in dict.fromkeys(ids) if i in self.portfolio.goals]

    def evidence_of(self, ids: Iterable[str]) -> list[Evidence]:
        """As `goals_of`, each once."""
        return [self.portfolio.evidence[i] for i in dict.fromkeys(ids) if i in self.portfolio.evidence]

    def case_evidence(self, case: Case) -> list[Evidence]:
        if case.evidence is not None:
            return self.evidence_of(case.evidence)
        seen = {e.id: e for g in case.goals for e in self.evidence_by_goal.get(g, [])}
        return sorted(seen.values(), key=lambda e: (e.date, e.id))

    def cases_on(self, item_id: str) -> list[Case]:
        """The cases built on a goal or an evidence item, each once (a case may name a goal
        twice), in the portfolio's order."""
        return list({case.id: case for case in self.cases_by_item.get(item_id, [])}.values())

    def citers_besides_cases(self, item_id: str) -> list[Item]:
        """The items citing this one, without the cases built on it: a page lists those under
        a heading of their own, and a case citing what it is built on was listed twice."""
        cases = {case.id for case in self.cases_on(item_id)}
        return [item for item in self.cited_by.get(item_id, []) if item.id not in cases]

    def case_endorsements(self, case: Case) -> list[Endorsement]:
        if case.endorsements is not None:
            return [self.portfolio.endorsements[i] for i in dict.fromkeys(case.endorsements) if i in self.portfolio.endorsements]
        seen = {e.id: e for g in case.goals for e in self.endorsements_by_goal.get(g, [])}
        return sorted(seen.values(), key=date_order)


def visible_portfolio(portfolio: Portfolio, audience: str | None) -> Portfolio:
    view = Portfolio(portfolio.config, portfolio.project, portfolio.profile, assets=list(portfolio.assets),
                     published_at=portfolio.published_at)
    for folder in CONTENT_TYPES:
        view.collection(folder).update(
            (item_id, item) for item_id, item in portfolio.collection(folder).items() if item.visible_to(audience)
        )
    return view


def build_graph(portfolio: Portfolio, audience: str | None = PUBLIC) -> SiteGraph:
    view = visible_portfolio(portfolio, audience)
    graph = SiteGraph(view, audience, today_of(portfolio), all_frameworks(portfolio))
    _link(graph)
    _derive(graph)
    return graph


def _link(graph: SiteGraph) -> None:
    """Relations between the items the view shows. A link to a hidden item is dropped here,
    not only where a page reads it: a case reads the evidence and endorsements linked to
    its goals by their ids as written, and one that named a hidden goal gathered what is
    linked to that goal alone, a relation only the hidden goal makes."""
    p = graph.portfolio
    for evidence in p.evidence.values():
        for goal_id in dict.fromkeys(evidence.goals):  # each once, as `goals_of`
            if goal_id in p.goals:
                graph.evidence_by_goal[goal_id].append(evidence)
    for endorsement in p.endorsements.values():
        for goal_id in dict.fromkeys(endorsement.goals):
            if goal_id in p.goals:
                graph.endorsements_by_goal[goal_id].append(endorsement)
        for evidence_id in dict.fromkeys(endorsement.evidence):
            if evidence_id in p.evidence:
                graph.endorsements_by_evidence[evidence_id].append(endorsement)
    for goal in p.goals.values():
        if goal.parent in p.goals:
            graph.children[goal.parent].append(goal)
    for case in p.cases.values():
        for linked in [*graph.case_evidence(case), *graph.goals_of(case.goals)]:
            graph.cases_by_item[linked.id].append(case)
    for item in _citing_order(p):
        for target_id in dict.fromkeys(c.target for c in item.source.citations(p.config.markdown.allow_html)):
            target = p.find(target_id)
            if target is not None and target_id != item.id:
                graph.cites[item.id].append(target)
                graph.cited_by[target_id].append(item)
    for bucket in (graph.evidence_by_goal, graph.endorsements_by_goal, graph.endorsements_by_evidence):
        for items in bucket.values():
            items.sort(key=date_order, reverse=True)


def _citing_order(p: Portfolio) -> Iterator[Item]:
    """Every item, folder by folder, as backlinks list them: endorsements by `order_id`, not
    by file, which is often named after the author."""
    if p.profile:
        yield p.profile
    for folder in CONTENT_TYPES:
        items = p.collection(folder).values()
        yield from sorted(items, key=order_id) if folder == "endorsements" else items


def _derive(graph: SiteGraph) -> None:
    p = graph.portfolio
    # Each goal's progress sees only the reviews with readings for it and its linked evidence
    # (what goal_progress would filter out of all of them: that was goals × items per build).
    reviews_by_goal: dict[str, list[Review]] = defaultdict(list)
    for review in p.reviews.values():
        for goal_id in review.readings:
            reviews_by_goal[goal_id].append(review)
    for goal in p.goals.values():
        linked = {id(e): e for e in graph.evidence_by_goal.get(goal.id, [])}.values()
        graph.progress[goal.id] = goal_progress(goal, reviews_by_goal.get(goal.id, []), linked, graph.today)
        if goal.framework in graph.frameworks:
            cases = [c for c in p.cases.values() if goal.id in c.goals]
            subject = Subject(
                goals=[goal],
                evidence=list(graph.evidence_by_goal.get(goal.id, [])),
                endorsements=list(graph.endorsements_by_goal.get(goal.id, [])),
                profile=p.profile,
                body=cases[0].body if cases else None,
                cited=_cited_evidence(cases[0], p) if cases else 0,
                today=graph.today,
            )
            graph.goal_readiness[goal.id] = evaluate(goal.framework, graph.frameworks[goal.framework], subject)
    for case in p.cases.values():
        if case.framework in graph.frameworks:
            subject = Subject(graph.goals_of(case.goals), graph.case_evidence(case), graph.case_endorsements(case),
                              p.profile, case.body, _cited_evidence(case, p), graph.today,
                              frozenset(field for field in ("evidence", "endorsements") if getattr(case, field) is not None))
            graph.case_readiness[case.id] = evaluate(case.framework, graph.frameworks[case.framework], subject)


def _cited_evidence(case: Case, portfolio: Portfolio) -> int:
    return len({c.target for c in case.source.citations(portfolio.config.markdown.allow_html) if c.target in portfolio.evidence})
