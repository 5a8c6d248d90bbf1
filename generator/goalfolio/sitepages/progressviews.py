"""The views of progress: each goal with its indicators, milestones and feedback, a goal's
or a case's readiness against its framework, a goal's coaching checklist, and the rhythm of
reviews.

Templates only present: every number, label, state and chart is computed here once, from
the site graph, which holds only the items the build's audience may see.
"""

from __future__ import annotations

import datetime

from markupsafe import Markup

from ..audit import GoalAudit, audit_goal
from ..charts import TimelineEvent, progress_bar, short_date, timeline, timeline_order
from ..errors import counted
from ..frameworks import Readiness
from ..graph import SiteGraph
from ..linechart import line_chart
from ..models import FeedbackSource, Goal
from ..numbers import with_unit
from ..progress import (
    LIVE_STATUSES,
    IndicatorState,
    MilestoneState,
    feedback_state,
    review_schedule,
    stale_reading,
)
from ..urls import item_path
from .views import (
    AuditView,
    CheckView,
    FeedbackView,
    GoalView,
    IndicatorView,
    MilestoneView,
    ReadinessView,
    Reading,
    RequirementView,
    ReviewRhythm,
    StepView,
    memoized,
)
from .wording import code_spans, percent, visibility_mark

PACE_CLASS = {
    "on track": "on-track", "at risk": "at-risk", "off track": "off-track", "not measured": "not-measured",
    "achieved": "achieved", "paused": "paused", "dropped": "dropped",
}


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
        progress_bar(state.progress), chart, sources, summary, _no_reading_text(goal, state.counted),
    )


def _no_reading_text(goal: Goal, counted: bool) -> str:
    """What an indicator without a reading shows: `yet` only while its goal is worked on
    (active or paused); an achieved or dropped goal's will not be read."""
    if goal.status in LIVE_STATUSES:
        return "No evidence counted yet." if counted else "No reading yet."
    return "No evidence was counted." if counted else "No reading was taken."


def _unmeasured_text(goal: Goal) -> str:
    """What a goal without indicators or milestones shows in place of its share: `yet` only
    while it is worked on; an achieved goal read "No indicators or milestones to measure
    yet.", as if it still could be."""
    if goal.status in LIVE_STATUSES:
        return "No indicators or milestones to measure yet."
    return f"{goal.status.capitalize()}; nothing was measured."


def milestone_view(goal: Goal, state: MilestoneState, graph: SiteGraph) -> MilestoneView:
    """A `done` date still to come is not shown: it is not done yet, so its page read
    "due · due 1 Mar 2026, done 1 Feb 2026", as the calendar already leaves it out."""
    m = state.milestone
    done = short_date(m.done) if m.done and state.state == "done" else ""
    return MilestoneView(m.title, m.due, short_date(m.due), done, state.state, goal, graph.evidence_of(m.evidence), m.reward.strip())


def feedback_views(goal: Goal, today: datetime.date) -> list[FeedbackView]:
    views = []
    for entry in goal.feedback:
        state = feedback_state(goal, entry, today)
        if isinstance(entry, FeedbackSource):
            views.append(FeedbackView(entry.who, entry.how, short_date(entry.next) if state and entry.next else "", state))
        else:
            views.append(FeedbackView(entry, "", "", ""))
    return views


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
        unmeasured="" if measured else _unmeasured_text(goal),
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


def readiness_view(readiness: Readiness | None) -> ReadinessView | None:
    if readiness is None:
        return None
    steps = [StepView(s.title, s.met, [RequirementView(code_spans(r.label), r.met, r.shortfall) for r in s.requirements])
             for s in readiness.steps]
    return ReadinessView(readiness.title, readiness.description, readiness.met, len(readiness.steps), progress_bar(readiness.ratio),
                         steps)


def audit_view(goal: Goal, owner: bool) -> AuditView:
    """The checklist as a page shows it: advice only for a check not passed, where it is
    written for (a passed one's read "add -3 more indicators"), and only in the owner's
    view: it tells the author which front matter to write (`list ... under gaps:`), which
    is no reading for the manager a published page is for."""
    audit: GoalAudit = audit_goal(goal)
    return AuditView(audit.score, audit.total,
                     [CheckView(code_spans(c.question), c.passed, code_spans(c.advice) if owner and not c.passed else Markup())
                      for c in audit.checks])


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
