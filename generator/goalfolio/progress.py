"""Derived progress: indicator values, goal pace, milestone states and the next checkpoint.

The pace rule (documented in docs/content.md): `expected` is the share of the time from
start to target_date that has passed on `today`; `progress` is the mean of the indicators'
progress and, when the goal has milestones, the share of milestones done. A goal is
achieved when its status says so; not measured when it has neither indicators nor
milestones; off track when past its target date or more than 25 points behind expected;
at risk when more than 10 points behind or a milestone is overdue; on track otherwise.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from .models import Evidence, FeedbackSource, Goal, Indicator, Milestone, Review
from .numbers import share_along

Pace = Literal["on track", "at risk", "off track", "not measured", "achieved", "paused", "dropped"]
LIVE_STATUSES = ("active", "paused")  # goals still being worked on, or to be taken up again
AT_RISK_GAP = 0.10
OFF_TRACK_GAP = 0.25


@dataclass(frozen=True)
class Reading:
    date: datetime.date
    value: float
    source: str  # the review id, or the evidence id for counted indicators


@dataclass(frozen=True)
class IndicatorState:
    indicator: Indicator
    readings: list[Reading]
    current: float | None
    progress: float | None  # 0..1 from baseline to target; None without a reading

    @property
    def counted(self) -> bool:
        return self.indicator.count is not None


@dataclass(frozen=True)
class MilestoneState:
    milestone: Milestone
    state: Literal["done", "overdue", "due", "not-done"]  # not-done: left undone by an achieved or dropped goal
    index: int  # position in the goal's list, to point at its line

    @property
    def day(self) -> datetime.date:
        """Where timelines and calendars place it: when it was done, else when it is due."""
        if self.state == "done" and self.milestone.done:
            return self.milestone.done
        return self.milestone.due


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    indicators: list[IndicatorState]
    milestones: list[MilestoneState]
    expected: float
    progress: float
    pace: Pace
    next_checkpoint: Milestone | None

    @property
    def overdue(self) -> list[MilestoneState]:
        return [m for m in self.milestones if m.state == "overdue"]

    @property
    def leading(self) -> list[IndicatorState]:
        return [i for i in self.indicators if i.indicator.kind == "leading"]

    @property
    def lagging(self) -> list[IndicatorState]:
        return [i for i in self.indicators if i.indicator.kind == "lagging"]


def stale_reading(state: IndicatorState, today: datetime.date, stale_after_days: int) -> Reading | None:
    """The reading an indicator's current value comes from, when it is older than the
    longest gap between two reviews: a goal no review has read for a year still shows that
    value as current, so its pages say when it was read."""
    if state.counted or not state.readings:
        return None  # a count is recounted on every build
    last = state.readings[-1]
    return last if (today - last.date).days > stale_after_days else None


def indicator_progress(indicator: Indicator, value: float) -> float:
    """Share of the way from baseline to target, clamped to 0..1 (works for `down` too)."""
    return min(max(share_along(value, indicator.baseline, indicator.target), 0.0), 1.0)


def goal_progress(goal: Goal, reviews: Iterable[Review], evidence: Iterable[Evidence], today: datetime.date) -> GoalProgress:
    """`reviews` and `evidence` are those visible in the build, so hidden items never count."""
    reviews = sorted((r for r in reviews if r.date <= today), key=lambda r: (r.date, r.id))
    linked = sorted((e for e in evidence if goal.id in e.goals and e.date <= today), key=lambda e: (e.date, e.id))
    indicators = [_indicator_state(goal.id, ind, reviews, linked) for ind in goal.indicators]
    live = goal.status in LIVE_STATUSES
    milestones = [_milestone_state(m, i, today, live) for i, m in enumerate(goal.milestones)]
    expected = _elapsed(goal, today)
    progress = _overall(indicators, milestones)
    upcoming = [m.milestone for m in milestones if m.state == "due"]
    next_checkpoint = min(upcoming, key=lambda m: m.due) if upcoming else None
    return GoalProgress(goal, indicators, milestones, expected, progress,
                        _pace(goal, expected, progress, milestones, today), next_checkpoint)


def _indicator_state(goal_id: str, indicator: Indicator, reviews: list[Review], linked: list[Evidence]) -> IndicatorState:
    if indicator.count is not None:
        kind = indicator.count.kind
        counted = [e for e in linked if e.kind == kind]
        readings = [Reading(e.date, float(n), e.id) for n, e in enumerate(counted, start=1)]
        current: float | None = float(len(counted))
    else:
        readings = [
            Reading(r.date, r.readings[goal_id][indicator.id], r.id)
            for r in reviews
            if indicator.id in r.readings.get(goal_id, {})
        ]
        current = readings[-1].value if readings else None
    progress = indicator_progress(indicator, current) if current is not None else None
    return IndicatorState(indicator, readings, current, progress)


def _milestone_state(milestone: Milestone, index: int, today: datetime.date, live: bool) -> MilestoneState:
    """A goal that is achieved or dropped has no work left: a milestone it left undone is
    neither due nor overdue, and is no next checkpoint."""
    if milestone.done is not None and milestone.done <= today:
        return MilestoneState(milestone, "done", index)
    if not live:
        return MilestoneState(milestone, "not-done", index)
    return MilestoneState(milestone, "overdue" if milestone.due < today else "due", index)


def feedback_state(goal: Goal, entry: str | FeedbackSource, today: datetime.date) -> Literal["due", "overdue", ""]:
    """Whether the next ask for a source's feedback is to come or late, as a milestone is
    due or overdue: the one rule the goal's page, portfolio.json and `check` share. Only an
    entry with a `next` date has one, and only while its goal is worked on: an achieved or
    dropped goal asks for no more."""
    if isinstance(entry, str) or entry.next is None or goal.status not in LIVE_STATUSES:
        return ""
    return "overdue" if entry.next < today else "due"


@dataclass(frozen=True)
class FeedbackAsk:
    """The next ask of a feedback source with a `next` date, on a goal worked on."""

    source: FeedbackSource
    day: datetime.date
    state: Literal["due", "overdue"]


def feedback_asks(goal: Goal, today: datetime.date) -> list[FeedbackAsk]:
    """The goal's next asks for feedback, as the dashboard and the calendar list them."""
    asks = []
    for entry in goal.feedback:
        state = feedback_state(goal, entry, today)
        if state and isinstance(entry, FeedbackSource) and entry.next is not None:
            asks.append(FeedbackAsk(entry, entry.next, state))
    return asks


def _elapsed(goal: Goal, today: datetime.date) -> float:
    total = (goal.target_date - goal.start).days
    return min(max((today - goal.start).days / total, 0.0), 1.0) if total > 0 else 1.0


def _overall(indicators: list[IndicatorState], milestones: list[MilestoneState]) -> float:
    parts = [i.progress if i.progress is not None else 0.0 for i in indicators]
    indicator_share = sum(parts) / len(parts) if parts else None
    milestone_share = sum(m.state == "done" for m in milestones) / len(milestones) if milestones else None
    shares = [s for s in (indicator_share, milestone_share) if s is not None]
    return sum(shares) / len(shares) if shares else 0.0


def _pace(goal: Goal, expected: float, progress: float, milestones: list[MilestoneState], today: datetime.date) -> Pace:
    if goal.status != "active":
        return goal.status
    if not goal.indicators and not goal.milestones:
        return "not measured"  # 0% done would read as falling behind, with nothing to fall behind on
    if today > goal.target_date or progress < expected - OFF_TRACK_GAP:
        return "off track"
    if progress < expected - AT_RISK_GAP or any(m.state == "overdue" for m in milestones):
        return "at risk"
    return "on track"


@dataclass(frozen=True)
class ReviewSchedule:
    last: Review | None  # the latest review held by `today`
    next_due: datetime.date  # `today` when there is no review yet
    overdue: bool
    monthly: bool  # the last review was a monthly one, and a month sets the next date
    days: int  # `stale_after_days`: the longest gap between two reviews

    def dates(self, today: datetime.date, count: int = 4) -> list[datetime.date]:
        """The next review's date, then the `count - 1` after it that are still to come, each
        one rhythm (a month, or `days`) from the last review: for a calendar."""
        def step(k: int) -> datetime.date:
            if self.last is None:  # the first review is due today, and then every `days`
                return today + timedelta(days=(k - 1) * self.days)
            return add_months(self.last.date, k) if self.monthly else self.last.date + timedelta(days=k * self.days)

        found, k = [self.next_due], self._rhythms_before(today)
        while len(found) < count:
            k += 1
            try:
                day = step(k)
            except OverflowError:  # past 31 December 9999, the last day a date can be
                break
            if day > today:
                found.append(day)
        return found

    def _rhythms_before(self, today: datetime.date) -> int:
        """How many rhythms after the last review surely end by `today` (at least 1): the
        dates start after them, not one rhythm at a time from a review long ago (with
        `stale_after_days: 1`, a day at a time)."""
        if self.last is None:
            return 1
        if self.monthly:
            months = (today.year - self.last.date.year) * 12 + today.month - self.last.date.month
            return max(1, months - 1)
        return max(1, (today - self.last.date).days // self.days)


def review_schedule(reviews: Iterable[Review], today: datetime.date, stale_after_days: int) -> ReviewSchedule:
    """When the next review is due: `stale_after_days` after the last one (by default 95, a
    quarter and a few days), or a month after a monthly one when that comes sooner. The
    pages, the calendar and `goalfolio check` all go by this one rule."""
    held = [r for r in reviews if r.date <= today]
    if not held:
        return ReviewSchedule(None, today, False, False, stale_after_days)
    last = max(held, key=lambda r: (r.date, r.period == "quarterly", r.id))  # on one day, the quarterly review counts
    due = days_after(last.date, stale_after_days)
    monthly = last.period == "monthly" and _month_after(last.date) < due
    if monthly:
        due = _month_after(last.date)
    return ReviewSchedule(last, due, due < today, monthly, stale_after_days)


def days_after(day: datetime.date, days: int) -> datetime.date:
    """`day` and `days` after it, held at 31 December 9999 (or 1 January of the year 1 for
    days before it): a date cannot pass them, and a date in the content may be either."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def _month_after(day: datetime.date) -> datetime.date:
    """A month after `day`, held at 31 December 9999 as `days_after` is."""
    try:
        return add_months(day, 1)
    except OverflowError:
        return datetime.date.max


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Raises OverflowError, as adding a timedelta does, past the years a date can have."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise OverflowError("date value out of range")
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")
