"""Derived progress: indicator values and progress, milestone states, and the pace rule."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goalfolio.models import Evidence, Goal, Indicator, Review
from goalfolio.progress import add_months, goal_progress, indicator_progress, review_schedule

D = datetime.date
START, TARGET = D(2026, 1, 1), D(2026, 7, 20)  # 200 days apart
HALFWAY = START + datetime.timedelta(days=100)


def make_goal(**fields) -> Goal:
    data = {"title": "Lead a team of six", "type": "leadership", "start": START, "target_date": TARGET}
    return Goal.model_validate({**data, **fields})


def indicator(id="a", baseline=0, target=10, direction="up", kind="leading", **extra) -> dict:
    return {"id": id, "name": id.upper(), "kind": kind, "baseline": baseline, "target": target,
            "direction": direction, **extra}


def review(id: str, date: D, readings: dict) -> Review:
    item = Review.model_validate({"date": date, "readings": readings})
    item._id = id
    return item


def evidence(id: str, date: D, kind: str, goals=("g",)) -> Evidence:
    item = Evidence.model_validate({"title": id, "date": date, "kind": kind, "goals": list(goals)})
    item._id = id
    return item


def progress_of(goal: Goal, reviews=(), items=(), today=HALFWAY):
    goal._id = "g"
    return goal_progress(goal, reviews, items, today)


# --- one indicator ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "direction", "value", "expected"),
    [
        (0, 10, "up", 4, 0.4),
        (0, 10, "up", 10, 1.0),
        (0, 10, "up", 15, 1.0),  # past the target: clamped
        (0, 10, "up", -3, 0.0),  # worse than baseline: clamped
        (20, 40, "up", 25, 0.25),
        (9, 3, "down", 6, 0.5),
        (9, 3, "down", 3, 1.0),
        (9, 3, "down", 1, 1.0),
        (9, 3, "down", 12, 0.0),
        (61.0, 66.0, "up", 64.75, 0.75),
    ],
)
def test_indicator_progress(baseline, target, direction, value, expected):
    ind = Indicator.model_validate(indicator(baseline=baseline, target=target, direction=direction))
    assert indicator_progress(ind, value) == pytest.approx(expected)


def test_current_value_is_the_latest_reading_up_to_today():
    goal = make_goal(indicators=[indicator()])
    reviews = [
        review("q2", D(2026, 3, 31), {"g": {"a": 6}}),
        review("q1", D(2026, 2, 1), {"g": {"a": 2}}),
        review("later", D(2026, 5, 1), {"g": {"a": 9}}),  # after today: not yet
        review("other", D(2026, 4, 1), {"h": {"a": 1}}),  # another goal
    ]
    [state] = progress_of(goal, reviews).indicators
    assert [(r.date, r.value, r.source) for r in state.readings] == [(D(2026, 2, 1), 2.0, "q1"), (D(2026, 3, 31), 6.0, "q2")]
    assert (state.current, state.progress, state.counted) == (6.0, 0.6, False)


def test_a_review_and_evidence_dated_today_count_today():
    goal = make_goal(indicators=[indicator(), indicator(id="talks", target=4, count={"kind": "talk"})])
    read, counted = progress_of(goal, [review("now", HALFWAY, {"g": {"a": 7}})], [evidence("t1", HALFWAY, "talk")]).indicators
    assert [(r.date, r.value, r.source) for r in read.readings + counted.readings] == [(HALFWAY, 7.0, "now"), (HALFWAY, 1.0, "t1")]


def test_indicator_without_a_reading_has_no_value():
    [state] = progress_of(make_goal(indicators=[indicator()])).indicators
    assert (state.readings, state.current, state.progress) == ([], None, None)


def test_counted_indicator_counts_linked_evidence_of_its_kind():
    goal = make_goal(indicators=[indicator(id="talks", target=4, count={"kind": "talk"})])
    items = [
        evidence("t1", D(2026, 2, 1), "talk"),
        evidence("t2", D(2026, 3, 1), "talk"),
        evidence("p1", D(2026, 3, 2), "project"),  # other kind
        evidence("t3", D(2026, 3, 3), "talk", goals=("other",)),  # other goal
        evidence("t4", D(2026, 6, 1), "talk"),  # after today
    ]
    reviews = [review("q1", D(2026, 3, 31), {"g": {"talks": 9}})]  # ignored for counted indicators
    [state] = progress_of(goal, reviews, items).indicators
    assert [(r.date, r.value, r.source) for r in state.readings] == [(D(2026, 2, 1), 1.0, "t1"), (D(2026, 3, 1), 2.0, "t2")]
    assert (state.current, state.progress, state.counted) == (2.0, 0.5, True)


def test_counted_indicator_with_nothing_linked_is_zero():
    goal = make_goal(indicators=[indicator(id="talks", target=4, count={"kind": "talk"})])
    [state] = progress_of(goal).indicators
    assert (state.current, state.progress) == (0.0, 0.0)


def test_leading_and_lagging_split():
    goal = make_goal(indicators=[indicator(id="a"), indicator(id="b", kind="lagging"), indicator(id="c")])
    result = progress_of(goal)
    assert [s.indicator.id for s in result.leading] == ["a", "c"]
    assert [s.indicator.id for s in result.lagging] == ["b"]


# --- milestones ------------------------------------------------------------------------------


def test_milestone_states_and_next_checkpoint():
    goal = make_goal(milestones=[
        {"title": "done early", "due": D(2026, 3, 1), "done": D(2026, 2, 1)},
        {"title": "overdue", "due": D(2026, 4, 1)},
        {"title": "due today", "due": HALFWAY},
        {"title": "done in the future", "due": D(2026, 6, 1), "done": D(2026, 5, 1)},
        {"title": "later", "due": D(2026, 5, 15)},
        {"title": "done today, late", "due": D(2026, 3, 15), "done": HALFWAY},
    ])
    result = progress_of(goal)
    assert [(m.milestone.title, m.state, m.index) for m in result.milestones] == [
        ("done early", "done", 0), ("overdue", "overdue", 1), ("due today", "due", 2),
        ("done in the future", "due", 3), ("later", "due", 4), ("done today, late", "done", 5),
    ]
    assert [m.milestone.title for m in result.overdue] == ["overdue"]
    assert result.next_checkpoint.title == "due today"  # the earliest one still ahead; overdue ones are not
    assert [m.day for m in result.milestones] == [  # a done date still ahead is no day to show yet
        D(2026, 2, 1), D(2026, 4, 1), HALFWAY, D(2026, 6, 1), D(2026, 5, 15), HALFWAY]


def test_no_next_checkpoint_when_only_overdue_ones_remain():
    goal = make_goal(milestones=[{"title": "m", "due": D(2026, 2, 1)}])
    assert progress_of(goal).next_checkpoint is None


def test_no_next_checkpoint_when_everything_is_done():
    goal = make_goal(milestones=[{"title": "m", "due": D(2026, 2, 1), "done": D(2026, 2, 1)}])
    assert progress_of(goal).next_checkpoint is None


@pytest.mark.parametrize(("status", "states", "overdue", "checkpoint"), [
    ("active", ["done", "overdue", "due"], ["late"], "ahead"),
    ("paused", ["done", "overdue", "due"], ["late"], "ahead"),
    ("achieved", ["done", "not-done", "not-done"], [], None),
    ("dropped", ["done", "not-done", "not-done"], [], None),
])
def test_a_finished_goal_leaves_its_undone_milestones_not_done_rather_than_overdue(status, states, overdue, checkpoint):
    """An achieved or dropped goal has no work left: nothing of it is late or next."""
    goal = make_goal(status=status, milestones=[
        {"title": "met", "due": D(2026, 2, 1), "done": D(2026, 2, 1)},
        {"title": "late", "due": D(2026, 3, 1)},
        {"title": "ahead", "due": D(2026, 6, 1)},
    ])
    result = progress_of(goal)
    assert [m.state for m in result.milestones] == states
    assert [m.milestone.title for m in result.overdue] == overdue
    assert (result.next_checkpoint.title if result.next_checkpoint else None) == checkpoint


# --- overall progress and pace ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [(D(2025, 12, 1), 0.0), (START, 0.0), (HALFWAY, 0.5), (TARGET, 1.0), (D(2027, 1, 1), 1.0)],
)
def test_expected_share_is_elapsed_time(today, expected):
    assert progress_of(make_goal(), today=today).expected == expected


def test_a_goal_of_one_day_expects_nothing_on_its_start_day():
    goal = make_goal(target_date=START + datetime.timedelta(days=1))
    assert [progress_of(goal, today=today).expected for today in (START, goal.target_date)] == [0.0, 1.0]


def test_a_goal_whose_target_date_is_not_after_its_start_expects_everything():
    """Such dates are an error in `check`; the goal's progress is still worked out with the others'."""
    assert [progress_of(make_goal(target_date=day), today=START).expected for day in (START, D(2025, 12, 1))] == [1.0, 1.0]


def test_progress_is_the_mean_of_indicator_and_milestone_shares():
    goal = make_goal(
        indicators=[indicator(id="a"), indicator(id="b")],  # 0.8 and unread (0) -> 0.4
        milestones=[{"title": "m1", "due": D(2026, 2, 1), "done": D(2026, 2, 1)}, {"title": "m2", "due": D(2026, 6, 1)}],  # 0.5
    )
    result = progress_of(goal, [review("r", D(2026, 3, 1), {"g": {"a": 8}})])
    assert result.progress == pytest.approx(0.45)


def test_progress_from_indicators_alone_and_milestones_alone():
    with_indicator = make_goal(indicators=[indicator()])
    assert progress_of(with_indicator, [review("r", D(2026, 3, 1), {"g": {"a": 3}})]).progress == pytest.approx(0.3)
    with_milestones = make_goal(milestones=[{"title": "m", "due": D(2026, 6, 1), "done": D(2026, 2, 1)}])
    assert progress_of(with_milestones).progress == 1.0
    assert progress_of(make_goal()).progress == 0.0


def pace_at(value: float, today=HALFWAY, **fields) -> str:
    """Pace of a goal with one 0..10 indicator read at `value` (progress = value / 10)."""
    goal = make_goal(indicators=[indicator()], **fields)
    return progress_of(goal, [review("r", START, {"g": {"a": value}})], today=today).pace


@pytest.mark.parametrize(
    ("value", "pace"),
    [
        (10, "on track"),
        (5, "on track"),   # exactly as expected (0.5)
        (4, "on track"),   # exactly 10 points behind: still on track
        (3.9, "at risk"),  # more than 10 points behind
        (2.5, "at risk"),  # exactly 25 points behind: at risk, not off track
        (2.4, "off track"),  # more than 25 points behind
        (0, "off track"),
    ],
)
def test_pace_boundaries_halfway(value, pace):
    assert pace_at(value) == pace


def test_overdue_milestone_makes_an_on_pace_goal_at_risk():
    assert pace_at(10, milestones=[{"title": "m", "due": D(2026, 3, 1)}]) == "at risk"
    assert pace_at(10, milestones=[{"title": "m", "due": D(2026, 3, 1), "done": D(2026, 3, 2)}]) == "on track"


def test_past_the_target_date_is_off_track_even_when_complete():
    assert pace_at(10, today=TARGET) == "on track"
    assert pace_at(10, today=TARGET + datetime.timedelta(days=1)) == "off track"


def test_nothing_is_expected_before_the_start():
    assert pace_at(0, today=START) == "on track"



def test_an_active_goal_with_neither_indicators_nor_milestones_is_not_measured():
    today = D(2027, 1, 1)
    assert progress_of(make_goal(), [], today=today).pace == "not measured"
    assert progress_of(make_goal(status="paused"), [], today=today).pace == "paused"
    assert progress_of(make_goal(milestones=[{"title": "m", "due": D(2027, 3, 1)}]), [], today=today).pace == "off track"

@pytest.mark.parametrize("status", ["achieved", "paused", "dropped"])
def test_status_other_than_active_is_the_pace(status):
    assert pace_at(0, today=D(2027, 1, 1), status=status) == status


# --- the review rhythm -----------------------------------------------------------------------


def test_the_calendar_lists_the_next_review_then_only_dates_after_today() -> None:
    """Thirty days after an overdue review is today itself: a date the calendar no longer lists."""
    schedule = review_schedule([review("sep", D(2026, 9, 21), {})], D(2026, 11, 20), 30)
    assert (schedule.next_due, schedule.overdue, schedule.monthly) == (D(2026, 10, 21), True, False)
    assert schedule.dates(D(2026, 11, 20)) == [D(2026, 10, 21), D(2026, 12, 20), D(2027, 1, 19), D(2027, 2, 18)]
    assert schedule.dates(D(2026, 10, 1)) == [D(2026, 10, 21), D(2026, 11, 20), D(2026, 12, 20), D(2027, 1, 19)]


def test_the_review_rhythm_stops_at_the_first_and_last_days_a_date_can_have() -> None:
    """A rhythm added to a review or `today` late in 9999, or taken from `today` early in the
    year 1, went past what a date can hold: every build stopped with an internal error."""
    late = review_schedule([review("late", D(9999, 12, 30), {})], D(9999, 12, 31), 95)
    assert (late.next_due, late.overdue, late.dates(D(9999, 12, 31))) == (D(9999, 12, 31), False, [D(9999, 12, 31)])
    monthly = review("monthly", D(9999, 12, 15), {})
    monthly.period = "monthly"
    schedule = review_schedule([monthly], D(9999, 12, 20), 95)
    assert (schedule.next_due, schedule.monthly, schedule.dates(D(9999, 12, 20))) == (D(9999, 12, 31), False, [D(9999, 12, 31)])
    first = review_schedule([], D(1, 1, 1), 95)
    assert first.dates(D(1, 1, 1)) == [D(1, 1, 1), D(1, 4, 6), D(1, 7, 10), D(1, 10, 13)]
    with pytest.raises(OverflowError):
        add_months(D(9999, 12, 15), 1)


def one_rhythm_at_a_time(last: datetime.date, monthly: bool, days: int, today: datetime.date, count: int = 4) -> list[datetime.date]:
    """The calendar's dates as a person would count them: each rhythm after the last review
    in turn, keeping those after today."""
    found, k = [], 1
    while len(found) < count - 1:
        k += 1
        day = add_months(last, k) if monthly else last + datetime.timedelta(days=k * days)
        if day > today:
            found.append(day)
    return found


@settings(max_examples=300, deadline=None)
@given(last=st.dates(D(2000, 1, 1), D(2030, 12, 31)), gap=st.integers(0, 4000), days=st.integers(1, 400),
       monthly=st.booleans())
def test_the_calendar_skips_to_the_rhythms_after_today_as_counting_one_at_a_time_would(
        last: datetime.date, gap: int, days: int, monthly: bool) -> None:
    held = review("last", last, {})
    held.period = "monthly" if monthly else "quarterly"
    today = last + datetime.timedelta(days=gap)
    schedule = review_schedule([held], today, days)
    assert schedule.dates(today)[1:] == one_rhythm_at_a_time(last, schedule.monthly, days, today)


def test_a_daily_rhythm_from_a_review_long_ago_goes_straight_to_the_days_after_today() -> None:
    """With `stale_after_days: 1`, the calendar counted a day at a time from the last review:
    2.9 million steps for a review in 2020 and `today` in 9999."""
    schedule = review_schedule([review("old", D(2020, 1, 1), {})], D(9999, 1, 1), 1)
    assert schedule.dates(D(9999, 1, 1)) == [D(2020, 1, 2), D(9999, 1, 2), D(9999, 1, 3), D(9999, 1, 4)]


def test_a_month_after_a_day_the_next_month_lacks_is_its_last_day() -> None:
    assert [add_months(D(2028, 1, 31), 1), add_months(D(2026, 1, 31), 1), add_months(D(2026, 1, 31), 3),
            add_months(D(2026, 11, 30), 3), add_months(D(2026, 12, 15), 1)] == [
        D(2028, 2, 29), D(2026, 2, 28), D(2026, 4, 30), D(2027, 2, 28), D(2027, 1, 15)]
