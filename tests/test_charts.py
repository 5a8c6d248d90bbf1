"""Timeline geometry: markers of close dates move to further rows instead of overlapping.
Progress bars and percents: never a full bar or 100% short of the target."""

from __future__ import annotations

import datetime

import pytest

from goalfolio.charts import TimelineEvent, _rows, line_chart, progress_bar, timeline
from goalfolio.sitepages.views import percent

D = datetime.date


def test_rows_put_close_positions_on_further_rows() -> None:
    assert _rows([100.0, 105.0, 112.0, 130.0, 131.0], 14.0) == [0, 1, 2, 0, 1]


def test_rows_stop_at_the_limit_and_reuse_the_row_with_the_furthest_mark() -> None:
    assert _rows([10.0, 11.0, 12.0, 13.0], 14.0, most=2) == [0, 1, 0, 1]


def test_no_two_markers_of_a_lane_overlap_and_the_chart_grows() -> None:
    events = [
        TimelineEvent(D(2026, 3, 1), "Draft the plan", "done"),
        TimelineEvent(D(2026, 3, 2), "Share the plan", "done"),
        TimelineEvent(D(2026, 3, 3), "Plan agreed", "due"),
        TimelineEvent(D(2026, 3, 2), "Kick-off deck", "evidence"),
        TimelineEvent(D(2026, 9, 1), "Half-year review", "due"),
    ]
    chart = timeline(events, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1))
    below = [(m.label, m.y) for m in chart.marks if m.lane == "below"]
    assert below == [("Draft the plan", "42"), ("Share the plan", "57"), ("Plan agreed", "72"), ("Half-year review", "42")]
    assert [(m.label, m.y) for m in chart.marks if m.lane == "above"] == [("Kick-off deck", "28")]
    assert (chart.axis_y, chart.height) == (42, 84 + 2 * 15)


def test_spread_out_marks_keep_the_plain_layout() -> None:
    events = [TimelineEvent(D(2026, m, 1), f"M{m}", "due") for m in (2, 5, 8, 11)]
    chart = timeline(events, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1))
    assert {m.y for m in chart.marks} == {"42"}
    assert (chart.axis_y, chart.height) == (42, 84)


@pytest.mark.parametrize(("share", "shown"), [
    (179.2 / 180, "99%"), (0.9996, "99%"), (1.0, "100%"), (1.25, "125%"),
    (0.125, "13%"), (0.135, "14%"), (0.145, "15%"), (0.004, "0%"), (None, "—"),
])
def test_percents_round_halves_up_and_never_reach_100_short_of_the_target(share: float | None, shown: str) -> None:
    assert percent(share) == shown


def test_a_bar_short_of_the_target_is_not_full() -> None:
    assert [(b.percent, b.fill_width) for b in (progress_bar(179.2 / 180), progress_bar(0.9996), progress_bar(1.0))] == [
        (99, "99.6"), (99, "99.9"), (100, "100")]
    assert progress_bar(0.5, 0.125).expected_percent == 13


def test_a_line_chart_rises_with_its_values_and_hides_a_today_past_its_end() -> None:
    """Baseline at the bottom of the plot (top 16 + 140 high), the target at the top, a reading
    halfway up; today after the chart's range draws no line outside it."""
    chart = line_chart([(D(2026, 7, 1), 5.0)], baseline=0, target=10, start=D(2026, 1, 1), end=D(2026, 12, 31),
                       today=D(2027, 3, 1))
    assert (chart.baseline_y, chart.target_y, chart.today_x) == ("156", "16", "")
    assert [(p.x, p.y) for p in chart.points] == [("185.2", "86")]
    assert [(t.position, t.label) for t in chart.y_ticks] == [("156", "0"), ("121", "2.5"), ("86", "5"), ("51", "7.5"),
                                                              ("16", "10")]


def test_a_count_is_drawn_as_steps_with_one_point_a_day_held_up_to_today() -> None:
    """Two interviews on 1 July made two points on one date and a vertical line, and the
    count rose gradually from the start as if it were measured in between."""
    counts = [(D(2026, 3, 1), 1.0), (D(2026, 7, 1), 2.0), (D(2026, 7, 1), 3.0)]
    chart = line_chart(counts, baseline=0, target=4, start=D(2026, 1, 1), end=D(2026, 12, 31), today=D(2026, 9, 1), steps=True)
    assert chart.path == "M40,156 H87.3 V121 H185.2 V51 H234.9"
    assert [(p.x, p.y, p.label) for p in chart.points] == [("87.3", "121", "1 Mar 2026: 1"), ("185.2", "51", "1 Jul 2026: 3")]
    measured = line_chart(counts, baseline=0, target=4, start=D(2026, 1, 1), end=D(2026, 12, 31), today=D(2026, 9, 1))
    assert measured.path == "M40,156 L87.3,121 L185.2,86 L185.2,51"
