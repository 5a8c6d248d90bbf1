"""Ready-to-show views of goals, indicators, evidence and endorsements, shared by the pages.

Templates only present: every number, label, state and chart here is computed once from
the site graph, which holds only the items the build's audience may see. An endorsement's
view never carries the author's name when the endorsement is anonymous.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple, TypeVar

from markupsafe import Markup, escape

from ..audit import GoalAudit, audit_goal
from ..charts import (
    ProgressBar,
    Timeline,
    TimelineEvent,
    progress_bar,
    short_date,
    timeline,
    timeline_order,
    whole_percent,
)
from ..citations import WITHHELD
from ..errors import counted
from ..excerpts import CITED, with_titles
from ..frameworks import Readiness
from ..graph import OWNER, SiteGraph
from ..linechart import LineChart, line_chart
from ..models import Case, Endorsement, Evidence, FeedbackSource, Goal, Item, Profile, Review
from ..numbers import difference, exact, number, whole, with_unit
from ..progress import (
    LIVE_STATUSES,
    GoalProgress,
    IndicatorState,
    MilestoneState,
    ReviewSchedule,
    feedback_state,
    review_schedule,
    stale_reading,
)
from ..urls import date_order, endorsement_anchor, item_path, page_path, skill_slug

T = TypeVar("T")

PACE_CLASS = {
    "on track": "on-track", "at risk": "at-risk", "off track": "off-track", "not measured": "not-measured",
    "achieved": "achieved", "paused": "paused", "dropped": "dropped",
}


def memoized(graph: SiteGraph, kind: str, item_id: str, make: Callable[[], T]) -> T:
    """One view per item and graph: the same card is shown on many pages, and views are
    immutable, so they are computed once. The memo belongs to the graph, so a view never
    outlives its build or leaks into another audience's pages."""
    key = (kind, item_id)
    try:
        return graph.memo[key]  # type: ignore[no-any-return]
    except KeyError:
        value = graph.memo[key] = make()
        return value


def visibility_mark(item: Item, graph: SiteGraph) -> str:
    """How a build labels an item that is not public; empty for public items. The owner's
    view names every audience of the item, an audience's build its own only: the others'
    names (`acme-recruiter`) are not its readers' to know."""
    if item.visibility == "private":
        return "Private"
    if isinstance(item.visibility, list):
        return "Only for " + ", ".join(item.visibility if graph.audience is OWNER else [graph.audience])
    return ""


def percent(share: float | None) -> str:
    return "—" if share is None else f"{whole_percent(share)}%"


def item_title(item: Item) -> str:
    """How an item is named in links and lists; anonymous endorsers stay unnamed."""
    if isinstance(item, (Goal, Evidence, Case)):
        return item.title
    if isinstance(item, Endorsement):
        who = item.role if item.is_anonymous else item.author
        return f"Endorsement from {who}"
    if isinstance(item, Review):
        return f"Review of {short_date(item.date)}"
    if isinstance(item, Profile):
        return item.name
    return item.id


def shown_excerpt(item: Item, graph: SiteGraph) -> str:
    """An item's excerpt (`Source.excerpt`) as this build shows it. It is kept per body, the
    same for every page and audience, so it names a cited item by a mark; here it becomes
    the item's title, or the words the body shows when the build does not hold the item (a
    private one in a public build). Every page, feed entry, description and portfolio.json
    field showing such text takes it from here."""
    text = item.source.excerpt(graph.portfolio.config.markdown.allow_html)
    return with_titles(text, lambda item_id: _cited_name(item_id, graph))


def _cited_name(item_id: str, graph: SiteGraph) -> str:
    target = graph.find(item_id)
    return WITHHELD if target is None else item_title(target)


def endorsement_quote(endorsement: Endorsement, graph: SiteGraph) -> str:
    """The endorsement's `quote` as written, else its body's first sentence as shown."""
    return endorsement.quote or shown_excerpt(endorsement, graph)


def cited_in(items: Iterable[Item], graph: SiteGraph) -> list[Item]:
    """The items the excerpts of `items` name by a mark that this build holds: a page
    showing those texts lists them in its `summaries` deps (a cited item going out of view
    changes its front matter, and with it the plan)."""
    allow_html = graph.portfolio.config.markdown.allow_html
    return [target for item in items if "\ufdd0" in (text := item.source.excerpt(allow_html))
            for cited_id in CITED.findall(text) if (target := graph.find(cited_id)) is not None]


class Reading(NamedTuple):
    date: str
    value: str
    path: str  # the output path of the item it was read from, or ""


@dataclass(frozen=True)
class IndicatorView:
    id: str
    name: str
    kind: str
    unit: str
    counted: bool
    direction: str
    baseline: str
    target: str
    current: str
    last_read: str  # the date of the current value's reading when older than the review rhythm, else ""
    progress: str
    bar: ProgressBar
    chart: LineChart | None  # None until there is a reading: a chart of no line is a frame to read nothing in
    readings: list[Reading]
    summary: str  # the numbers in one sentence, for the chart's description


def indicator_view(goal: Goal, state: IndicatorState, today: datetime.date, graph: SiteGraph) -> IndicatorView:
    ind = state.indicator
    readings = [(r.date, r.value) for r in state.readings]
    chart = line_chart(readings, ind.baseline, ind.target, goal.start, goal.target_date, today, ind.unit,
                       steps=state.counted) if readings else None
    sources = []
    for r in state.readings:
        source = graph.find(r.source)
        sources.append(Reading(short_date(r.date), with_unit(r.value, ind.unit), item_path(source) if source else ""))
    current = with_unit(state.current, ind.unit)
    old = stale_reading(state, today, graph.portfolio.config.stale_after_days) if goal.status in LIVE_STATUSES else None
    last_read = short_date(old.date) if old else ""
    direction = "lower is better" if ind.direction == "down" else "higher is better"
    summary = (f"{ind.name}: baseline {with_unit(ind.baseline, ind.unit)}, target {with_unit(ind.target, ind.unit)} "
               f"({direction}), current {current}{f' (last read {last_read})' if last_read else ''}, "
               f"{counted(len(readings), 'reading')}.")
    return IndicatorView(
        ind.id, ind.name, ind.kind, ind.unit, state.counted, ind.direction,
        with_unit(ind.baseline, ind.unit), with_unit(ind.target, ind.unit), current, last_read, percent(state.progress),
        progress_bar(state.progress), chart, sources, summary,
    )


@dataclass(frozen=True)
class MilestoneView:
    title: str
    due_date: datetime.date
    due: str
    done: str
    state: str
    goal: Goal
    evidence: list[Evidence]
    reward: str = ""  # how the author will rest or celebrate once it is reached

    @property
    def state_label(self) -> str:
        """The state in words: `not-done` is a class name, "not done" what a reader sees."""
        return self.state.replace("-", " ")


def milestone_view(goal: Goal, state: MilestoneState, graph: SiteGraph) -> MilestoneView:
    """A `done` date still to come is not shown: it is not done yet, so its page read
    "due · due 1 Mar 2026, done 1 Feb 2026", as the calendar already leaves it out."""
    m = state.milestone
    done = short_date(m.done) if m.done and state.state == "done" else ""
    return MilestoneView(m.title, m.due, short_date(m.due), done, state.state, goal, graph.evidence_of(m.evidence), m.reward.strip())


@dataclass(frozen=True)
class FeedbackView:
    """A source of feedback as its goal's page shows it. An entry written as text is `who`
    alone, as written, with no `how`: it may say how too, which goalfolio cannot tell apart."""

    who: str
    how: str  # "" only for an entry written as text: a source's `how` is required
    next: str  # the date of the next ask while the goal is worked on, else ""
    state: str  # `due` or `overdue` with a date, else ""


def feedback_views(goal: Goal, today: datetime.date) -> list[FeedbackView]:
    views = []
    for entry in goal.feedback:
        state = feedback_state(goal, entry, today)
        if isinstance(entry, FeedbackSource):
            views.append(FeedbackView(entry.who, entry.how, short_date(entry.next) if state and entry.next else "", state))
        else:
            views.append(FeedbackView(entry, "", "", ""))
    return views


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    progress: GoalProgress
    pace: str
    pace_class: str
    measured: bool  # it has indicators or milestones: without, no share of it is done or due
    percent: str
    expected: str  # the share of its time used, shown for a running goal only: else ""
    bar: ProgressBar
    next_checkpoint: str
    next_checkpoint_due: str
    overdue: list[MilestoneView]
    overdue_text: str  # "2 milestones"
    milestones: list[MilestoneView]
    feedback: list[FeedbackView]
    leading: list[IndicatorView]
    lagging: list[IndicatorView]
    timeline: Timeline
    mark: str
    horizon: str
    start: str
    target_date: str

    @property
    def indicators(self) -> list[IndicatorView]:
        """Leading then lagging, for a page that shows them in one grid."""
        return [*self.leading, *self.lagging]


def goal_view(goal: Goal, graph: SiteGraph) -> GoalView:
    return memoized(graph, "goal", goal.id, lambda: _goal_view(goal, graph))


def _goal_view(goal: Goal, graph: SiteGraph) -> GoalView:
    progress = graph.progress[goal.id]
    # The list under the timeline is its text alternative: numbered in the same order.
    placed = sorted(((TimelineEvent(m.day, m.milestone.title, m.state), m) for m in progress.milestones),
                    key=lambda pair: timeline_order(pair[0]))
    events = [event for event, _ in placed]
    milestones = [milestone_view(goal, m, graph) for _, m in placed]
    nxt = progress.next_checkpoint
    indicators = {s.indicator.id: indicator_view(goal, s, graph.today, graph) for s in progress.indicators}
    overdue = [v for v in milestones if v.state == "overdue"]
    measured = bool(goal.indicators or goal.milestones)
    running = goal.status == "active" and measured  # pace against the time used means nothing otherwise
    return GoalView(
        goal=goal,
        progress=progress,
        pace=progress.pace,
        pace_class=PACE_CLASS[progress.pace],
        measured=measured,
        percent=percent(progress.progress if measured else None),
        expected=percent(progress.expected) if running else "",
        bar=progress_bar(progress.progress, progress.expected if running else None),
        next_checkpoint=nxt.title if nxt else "",
        next_checkpoint_due=short_date(nxt.due) if nxt else "",
        overdue=overdue,
        overdue_text=counted(len(overdue), "milestone"),
        milestones=milestones,
        feedback=feedback_views(goal, graph.today),
        leading=[indicators[s.indicator.id] for s in progress.leading],
        lagging=[indicators[s.indicator.id] for s in progress.lagging],
        timeline=timeline(events, goal.start, goal.target_date, graph.today),
        mark=visibility_mark(goal, graph),
        horizon=goal.derived_horizon,
        start=short_date(goal.start),
        target_date=short_date(goal.target_date),
    )


@dataclass(frozen=True)
class MetricView:
    """A metric as written on pages. `before` is empty for a metric with only an `after`
    value: a card then shows the value alone, not an arrow from a dash."""

    name: str
    before: str  # "" when the metric has no `before`; a table shows it as "—"
    after: str
    change: str  # "−3.1 days (−74%)"


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


class SkillLink(NamedTuple):
    skill: str
    path: str  # the output path of the skill's evidence list


@dataclass(frozen=True)
class EvidenceView:
    item: Evidence
    title: str
    date: str
    kind: str
    metrics: list[MetricView]
    skills: list[SkillLink]
    goals: list[Goal]
    mark: str
    excerpt: str
    planned: bool  # dated after today: no framework counts it yet, so a case must not pass it off as done
    iso_date: str  # `2026-11-20`, for `<time datetime>`: read on every card, not worked out there


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


@dataclass(frozen=True)
class EndorsementView:
    """An endorsement as shown: `who` is the author's name only when attribution is named."""

    item: Endorsement
    anchor: str
    path: str
    who: str
    byline: str  # role, organisation
    relationship: str
    date: str
    quote: str
    goals: list[Goal]
    evidence: list[Evidence]
    mark: str
    planned: bool  # dated after today: not counted towards a framework until its day
    iso_date: str  # `2026-11-20`, for `<time datetime>`

    @property
    def endorses(self) -> list[Evidence | Goal]:
        """The evidence, then the goals, it speaks for: one list on the wall."""
        return [*self.evidence, *self.goals]


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


_CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(text: str) -> Markup:
    """Messages name fields and values `like this` for the terminal; a page shows those
    names in <code>, not the backticks."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(text))))


class RequirementView(NamedTuple):
    label: Markup
    met: bool
    missing: str  # what is missing, in a reader's words


@dataclass(frozen=True)
class StepView:
    title: str
    met: bool
    requirements: list[RequirementView]


@dataclass(frozen=True)
class ReadinessView:
    title: str
    description: str
    met: int
    total: int
    bar: ProgressBar
    steps: list[StepView]


def readiness_view(readiness: Readiness | None) -> ReadinessView | None:
    if readiness is None:
        return None
    steps = [StepView(s.title, s.met, [RequirementView(code_spans(r.label), r.met, r.shortfall) for r in s.requirements])
             for s in readiness.steps]
    return ReadinessView(readiness.title, readiness.description, readiness.met, len(readiness.steps), progress_bar(readiness.ratio),
                         steps)


class CheckView(NamedTuple):
    question: Markup
    passed: bool
    advice: Markup


@dataclass(frozen=True)
class AuditView:
    score: int
    total: int
    checks: list[CheckView]


def audit_view(goal: Goal) -> AuditView:
    """The checklist as a page shows it: advice only for a check not passed, where it is
    written for (a passed one's read "add -3 more indicators")."""
    audit: GoalAudit = audit_goal(goal)
    return AuditView(audit.score, audit.total,
                     [CheckView(code_spans(c.question), c.passed, Markup() if c.passed else code_spans(c.advice)) for c in audit.checks])


@dataclass(frozen=True)
class ReviewRhythm:
    reviews: list[Review]
    last: Review | None
    last_date: str
    next_due: datetime.date | None
    next_due_text: str
    overdue: bool
    every: str  # "every quarter"
    schedule: ReviewSchedule
    next_due_words: str  # before `next_due_text`: "due on", "due today,", "overdue since"


QUARTER_DAYS = range(89, 101)  # three months (89 days from February to April) and a few days' grace


def review_rhythm(graph: SiteGraph) -> ReviewRhythm:
    schedule = review_schedule(graph.portfolio.reviews.values(), graph.today, graph.portfolio.config.stale_after_days)
    reviews = sorted((r for r in graph.portfolio.reviews.values() if r.date <= graph.today), key=lambda r: (r.date, r.id))
    last = schedule.last
    if schedule.monthly:
        every = "every month"
    elif schedule.days in QUARTER_DAYS:
        every = "every quarter"
    else:
        every = f"every {counted(schedule.days, 'day')}"
    words = "overdue since" if schedule.overdue else "due today," if schedule.next_due == graph.today else "due on"
    return ReviewRhythm(list(reversed(reviews)), last, short_date(last.date) if last else "", schedule.next_due,
                        short_date(schedule.next_due), schedule.overdue, every, schedule, words)


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
