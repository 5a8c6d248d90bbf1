"""The views templates receive, with every figure, label, state and date already worked
out from the site graph: goals, indicators, milestones, feedback, evidence, metrics,
endorsements, readiness, the coaching checklist and the review rhythm.

Their fields are what a theme may read (docs/site.md lists them), so they are defined
together here, apart from the functions that make them (`progressviews`, `evidenceviews`).
A template that reads a field a view lacks is told the view by this module's name
(`'goalfolio.sitepages.views.GoalView object' has no attribute 'titel'`), so they stay here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from markupsafe import Markup

from ..charts import ProgressBar, Timeline
from ..graph import SiteGraph
from ..linechart import LineChart
from ..models import Endorsement, Evidence, Goal, Review
from ..progress import GoalProgress, ReviewSchedule

T = TypeVar("T")


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
    no_reading: str  # shown in place of the chart until there is a reading: "No reading yet."


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


@dataclass(frozen=True)
class FeedbackView:
    """A source of feedback as its goal's page shows it. An entry written as text is `who`
    alone, as written, with no `how`: it may say how too, which goalfolio cannot tell apart."""

    who: str
    how: str  # "" only for an entry written as text: a source's `how` is required
    next: str  # the date of the next ask while the goal is worked on, else ""
    state: str  # `due` or `overdue` with a date, else ""


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    progress: GoalProgress
    pace: str
    pace_class: str
    measured: bool  # it has indicators or milestones: without, no share of it is done or due
    unmeasured: str  # shown in place of its share when not `measured`, else "": "Achieved; nothing was measured."
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


@dataclass(frozen=True)
class MetricView:
    """A metric as written on pages. `before` is empty for a metric with only an `after`
    value: a card then shows the value alone, not an arrow from a dash."""

    name: str
    before: str  # "" when the metric has no `before`; a table shows it as "—"
    after: str
    change: str  # "−3.1 days (−74%)"


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


class CheckView(NamedTuple):
    question: Markup
    passed: bool
    advice: Markup


@dataclass(frozen=True)
class AuditView:
    score: int
    total: int
    checks: list[CheckView]


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
