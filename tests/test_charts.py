"""Timeline geometry: markers of close dates move to further rows instead of overlapping.
Progress bars and percents: never a full bar or 100% short of the target."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goalfolio.charts import (
    NARROW_TIMELINE,
    TIMELINE_LABEL_SIZE,
    TODAY_DX,
    Timeline,
    TimelineEvent,
    _rows,
    edge_anchor,
    label_width,
    month_axis,
    progress_bar,
    timeline,
)
from goalfolio.linechart import (
    Note,
    _label_room,
    _overlap,
    _target_text,
    _value_labels,
    line_chart,
    points_apart,
)
from goalfolio.numbers import with_unit
from goalfolio.sitepages.wording import percent

D = datetime.date


def test_rows_put_close_positions_on_further_rows() -> None:
    assert _rows([100.0, 105.0, 112.0, 130.0, 131.0], 14.0) == [0, 1, 2, 0, 1]


def test_rows_go_on_as_far_as_the_closest_marks_need() -> None:
    """The fifth of five marks a unit apart took the fourth row, over the fourth mark."""
    assert _rows([10.0, 11.0, 12.0, 13.0, 14.0, 24.0, 30.0], 14.0) == [0, 1, 2, 3, 4, 0, 1]


CLOSE_EVENTS = [
    TimelineEvent(D(2026, 3, 1), "Draft the plan", "done"),
    TimelineEvent(D(2026, 3, 2), "Share the plan", "done"),
    TimelineEvent(D(2026, 3, 3), "Plan agreed", "due"),
    TimelineEvent(D(2026, 3, 2), "Kick-off deck", "evidence"),
    TimelineEvent(D(2026, 9, 1), "Half-year review", "due"),
]


def test_no_two_markers_of_a_lane_overlap_and_the_chart_grows() -> None:
    chart = timeline(CLOSE_EVENTS, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1))
    below = [(m.label, m.y) for m in chart.marks if m.lane == "below"]
    assert below == [("Draft the plan", "42"), ("Share the plan", "65"), ("Plan agreed", "88"), ("Half-year review", "42")]
    assert [(m.label, m.y) for m in chart.marks if m.lane == "above"] == [("Kick-off deck", "22")]
    assert (chart.axis_y, chart.height) == (42, 84 + 2 * 23)


def test_a_timeline_of_two_centuries_is_labelled_every_fifty_years() -> None:
    """Ten years was the longest step: 21 labels, 42 px apart and 60 wide."""
    chart = timeline([], D(1900, 1, 1), D(2100, 1, 1), D(2026, 11, 20))
    assert [(t.position, t.label, t.anchor) for t in chart.ticks] == [
        ("20", "Jan 1900", "start"), ("230", "Jan 1950", "middle"), ("440", "Jan 2000", "middle"),
        ("650", "Jan 2050", "middle"), ("860", "Jan 2100", "end")]


def test_spread_out_marks_keep_the_plain_layout() -> None:
    events = [TimelineEvent(D(2026, m, 1), f"M{m}", "due") for m in (2, 5, 8, 11)]
    chart = timeline(events, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1))
    assert {m.y for m in chart.marks} == {"42"}
    assert (chart.axis_y, chart.height) == (42, 84)


def test_a_milestone_numbered_past_99_gets_a_marker_wide_enough_for_its_digits() -> None:
    """A year of 145 events numbered its last milestone `145` in a 12 px circle: 8 px bold
    digits 17 px wide, their ends white on the page where they left the circle."""
    events = [TimelineEvent(D(2026, 1, 1) + datetime.timedelta(days=2 * n), f"E{n:03}", "evidence") for n in range(99)]
    events += [TimelineEvent(D(2026, 1, 5), "Early", "done"), TimelineEvent(D(2026, 12, 1), "Late", "due"),
               TimelineEvent(D(2026, 12, 31), "Last", "due")]
    chart = timeline(events, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1))
    assert [(m.number, m.x, m.y, m.dot_x, m.dot_y, m.dot_width) for m in chart.marks if m.lane == "below"] == [
        (4, "29.2", "90", "19.2", "80", "20"), (101, "790.8", "90", "776.6", "80", "28.4"),
        (102, "860", "90", "845.8", "80", "28.4")]


def test_wide_milestone_markers_of_close_dates_go_to_further_rows() -> None:
    """Two markers of three digits 16 px apart overlapped: the row gap was that of a circle.
    Evidence a day apart, 2.3 units, needs seven rows of squares 14 apart (it had four)."""
    events = [TimelineEvent(D(2026, 1, 1) + datetime.timedelta(days=n), f"E{n:03}", "evidence") for n in range(99)]
    events += [TimelineEvent(D(2026, 11, 1), "One", "due"), TimelineEvent(D(2026, 11, 8), "Two", "due")]
    chart = timeline(events, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1))
    assert [(m.number, m.x, m.y) for m in chart.marks if m.lane == "below"] == [(100, "721.5", "138"), (101, "737.7", "161")]
    assert sorted({int(m.y) for m in chart.marks if m.lane == "above"}) == [22, 38, 54, 70, 86, 102, 118]
    assert (chart.axis_y, chart.height) == (42 + 6 * 16, 84 + 6 * 16 + 23)


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


def monthly(first_year: int, years: int) -> list[tuple[datetime.date, float]]:
    return [(D(first_year + n // 12, n % 12 + 1, 1), float(n % 7)) for n in range(12 * years)]


def test_readings_too_close_for_their_points_are_drawn_as_the_line_alone() -> None:
    """Five years of monthly readings on a 292 px plot put a point of 9 px every 4.8 px: a
    smear of circles over the line. The readings table under the chart has every value."""
    dense = line_chart(monthly(2021, 5), baseline=0, target=8, start=D(2021, 1, 1), end=D(2025, 12, 31), today=D(2026, 1, 1))
    assert (dense.markers, len(dense.points), dense.points[1].x, dense.points[2].x) == (False, 60, "45", "49.4")


def test_readings_a_point_apart_keep_their_points() -> None:
    sparse = line_chart(monthly(2025, 2), baseline=0, target=8, start=D(2025, 1, 1), end=D(2026, 12, 31), today=D(2026, 1, 1))
    assert (sparse.markers, len(sparse.points), sparse.points[1].x, sparse.points[2].x) == (True, 24, "52.4", "63.6")


def test_a_count_is_drawn_as_steps_with_one_point_a_day_held_up_to_today() -> None:
    """Two interviews on 1 July made two points on one date and a vertical line, and the
    count rose gradually from the start as if it were measured in between."""
    counts = [(D(2026, 3, 1), 1.0), (D(2026, 7, 1), 2.0), (D(2026, 7, 1), 3.0)]
    chart = line_chart(counts, baseline=0, target=4, start=D(2026, 1, 1), end=D(2026, 12, 31), today=D(2026, 9, 1), steps=True)
    assert chart.path == "M40,156 H87.3 V121 H185.2 V51 H234.9"
    assert [(p.x, p.y, p.label) for p in chart.points] == [("87.3", "121", "1 Mar 2026: 1"), ("185.2", "51", "1 Jul 2026: 3")]
    measured = line_chart(counts, baseline=0, target=4, start=D(2026, 1, 1), end=D(2026, 12, 31), today=D(2026, 9, 1))
    assert measured.path == "M40,156 L87.3,121 L185.2,86 L185.2,51"


def test_value_labels_of_any_width_start_inside_the_chart() -> None:
    """The plot moves right to make room for `−2,000,000,000` or `0.0005`, which at a fixed
    left edge of 40 began outside the drawing and were cut off; short labels keep 40."""
    huge = line_chart([(D(2026, 9, 1), -2e9)], baseline=0, target=-1e9, start=D(2026, 1, 1), end=D(2027, 1, 1),
                      today=D(2026, 11, 20))
    assert [t.label for t in huge.y_ticks] == ["−2,000,000,000", "−1,500,000,000", "−1,000,000,000", "−500,000,000", "0"]
    assert (huge.plot_left, huge.y_label_x) == (125, 119)
    tiny = line_chart([(D(2026, 9, 1), 0.0003)], baseline=0.0001, target=0.0005, start=D(2026, 1, 1),
                      end=D(2027, 1, 1), today=D(2026, 11, 20))
    assert (tiny.y_ticks[-1].label, tiny.plot_left, tiny.y_label_x) == ("0.0005", 60, 54)
    plain = line_chart([], baseline=0, target=10, start=D(2026, 1, 1), end=D(2026, 12, 31), today=D(2026, 11, 20))
    assert (plain.plot_left, plain.y_label_x) == (40, 34)


@pytest.mark.parametrize(("start", "end", "labels"), [
    (D(2026, 1, 1), D(2026, 12, 31), [("40", "Jan 2026", "middle"), ("185.2", "Jul 2026", "middle")]),
    (D(2026, 1, 1), D(2027, 6, 30), [("40", "Jan 2026", "middle"), ("137", "Jul 2026", "middle"),
                                     ("235.6", "Jan 2027", "middle")]),
    (D(2026, 1, 1), D(2027, 1, 1), [("40", "Jan 2026", "middle"), ("184.8", "Jul 2026", "middle"),
                                    ("332", "Jan 2027", "end")]),
    (D(2020, 1, 1), D(2026, 11, 20), [("40", "Jan 2020", "middle"), ("124.9", "Jan 2022", "middle"),
                                      ("209.6", "Jan 2024", "middle"), ("294.5", "Jan 2026", "middle")]),
    (D(1900, 1, 1), D(2100, 1, 1), [("40", "Jan 1900", "middle"), ("186", "Jan 2000", "middle"),
                                    ("332", "Jan 2100", "end")]),
    (D(1, 1, 1), D(9999, 12, 31), [("186", "Jan 5000", "middle")]),
])
def test_month_labels_leave_room_between_them(start: datetime.date, end: datetime.date,
                                              labels: list[tuple[str, str, str]]) -> None:
    """Quarters where they fit; else every six months, or every two years: quarters over 18
    months, `Oct 2026` beside a `Jan 2027` set against the right edge, or a label a year over
    seven years ran into each other. Steps go on past ten years: 200 years had 21 labels a
    decade apart drawn over each other, and the whole calendar 999."""
    chart = line_chart([], baseline=0, target=10, start=start, end=end, today=D(2026, 11, 20))
    assert [(t.position, t.label, t.anchor) for t in chart.x_ticks] == labels


def test_value_labels_too_wide_for_half_the_chart_are_written_as_powers_of_ten() -> None:
    """The labels of -1e300 in full, 400 characters each, pushed the plot to the middle and
    still ran off the left of the drawing; now they read `−1 × 10³⁰⁰` and fit."""
    chart = line_chart([(D(2026, 9, 1), -1e300)], baseline=0, target=-1e300, start=D(2026, 1, 1),
                       end=D(2027, 1, 1), today=D(2026, 11, 20))
    assert [t.label for t in chart.y_ticks] == ["\u22121 \u00d7 10\u00b3\u2070\u2070", "\u22127.5 \u00d7 10\u00b2\u2079\u2079",
                                                "\u22125 \u00d7 10\u00b2\u2079\u2079", "\u22122.5 \u00d7 10\u00b2\u2079\u2079", "0"]
    assert (chart.plot_left, chart.plot_right, chart.y_label_x) == (107, 332, 101)
    assert chart.target_note.text == "Target \u22121 \u00d7 10\u00b3\u2070\u2070"
    assert chart.points[0].label.startswith("1 Sep 2026: \u22121,000,000,000,000,")


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (1, "experiments", "1 experiment"), (1.0, "hours", "1 hour"), (1.0000001, "squads", "1.0000001 squads"), (1, "PRs", "1 PR"),
    (1, "KPIs", "1 KPI"), (1, "courses", "1 course"), (1, "ideas", "1 idea"), (1, "people", "1 person"), (2, "people", "2 people"),
    (1, "women", "1 woman"), (1, "children", "1 child"),
    (2, "experiments", "2 experiments"), (0, "hours", "0 hours"), (-1, "hours", "\u22121 hours"), (1.5, "hours", "1.5 hours"),
    # kept as written: no plain plural, an abbreviation, or several words
    (1, "People", "1 People"), (1, "entries", "1 entries"), (1, "matches", "1 matches"), (1, "classes", "1 classes"),
    (1, "news", "1 news"), (1, "status", "1 status"), (1, "kbps", "1 kbps"), (1, "hrs", "1 hrs"), (1, "ms", "1 ms"),
    (1, "hours per week", "1 hours per week"), (1, "%", "1%"), (1, "/10", "1/10"), (1, "EUR", "1 EUR"),
])
def test_a_plural_unit_reads_singular_after_exactly_1(value: float, unit: str, shown: str) -> None:
    """The example's `before: 1, unit: squads` read `1 squads`; a unit is written as it reads
    after most numbers, and loses its s after 1 only where that surely gives the singular."""
    assert with_unit(value, unit) == shown


YEAR = (D(2026, 1, 1), D(2026, 12, 31))


def test_tiny_values_have_distinct_value_labels_in_every_figure() -> None:
    """An error rate from 0.0000004 down to 0.0000001 had four value labels reading `0`,
    `Target 0` and points of `0`: values were cut to six decimals."""
    chart = line_chart([(D(2026, 6, 1), 3e-7), (D(2026, 10, 1), 2e-7)], baseline=4e-7, target=1e-7, start=YEAR[0],
                       end=YEAR[1], today=D(2026, 11, 20))
    assert [(t.position, t.label) for t in chart.y_ticks] == [
        ("156", "0.0000001"), ("109.3", "0.0000002"), ("62.7", "0.0000003"), ("16", "0.0000004")]
    assert [(p.x, p.y, p.label) for p in chart.points] == [("188.6", "62.7", "1 Jun 2026: 0.0000003"),
                                                           ("270.8", "109.3", "1 Oct 2026: 0.0000002")]
    assert (chart.plot_left, chart.target_note.text) == (87, "Target 0.0000001")


@pytest.mark.parametrize(("baseline", "target", "labels"), [
    (1.0000001, 1.0000002, ["1.0000001", "1.000000125", "1.00000015", "1.000000175", "1.0000002"]),
    (-2.5e-7, -5e-8, ["\u22120.00000025", "\u22120.0000002", "\u22120.00000015", "\u22120.0000001", "\u22120.00000005"]),
    (1e23, 2e23, ["1 \u00d7 10\u00b2\u00b3", "1.25 \u00d7 10\u00b2\u00b3", "1.5 \u00d7 10\u00b2\u00b3",
                  "1.75 \u00d7 10\u00b2\u00b3", "2 \u00d7 10\u00b2\u00b3"]),
    (-1e308, 1e308, ["\u22121 \u00d7 10\u00b3\u2070\u2078", "\u22125 \u00d7 10\u00b3\u2070\u2077", "0",
                     "5 \u00d7 10\u00b3\u2070\u2077", "1 \u00d7 10\u00b3\u2070\u2078"]),
    (0.0, 1.7e308, ["0", "5 \u00d7 10\u00b3\u2070\u2077", "1 \u00d7 10\u00b3\u2070\u2078",
                    "1.5 \u00d7 10\u00b3\u2070\u2078", "2 \u00d7 10\u00b3\u2070\u2078"]),
    (0.0, 5e-324, ["0", "2 \u00d7 10\u207b\u00b3\u00b2\u2074", "4 \u00d7 10\u207b\u00b3\u00b2\u2074",
                   "6 \u00d7 10\u207b\u00b3\u00b2\u2074"]),
])
def test_value_labels_are_distinct_and_true_at_any_magnitude(baseline: float, target: float, labels: list[str]) -> None:
    """A range narrower than six decimals read `1` five times; 1e23 read the float's
    99,999,999,999,999,991,611,392; and -1e308 to 1e308 (its span overflows a float),
    1.7e308 (rounded up past the largest float) and 5e-324 (a quarter of it is 0) stopped
    the build with an internal error."""
    chart = line_chart([], baseline=baseline, target=target, start=YEAR[0], end=YEAR[1], today=D(2026, 11, 20))
    assert [t.label for t in chart.y_ticks] == labels
    assert len({t.position for t in chart.y_ticks}) == len(labels)


def test_the_target_label_stays_at_the_right_end_above_its_line_where_that_is_clear() -> None:
    chart = line_chart([(D(2026, 7, 1), 5.0)], baseline=0, target=10, start=YEAR[0], end=YEAR[1], today=D(2026, 11, 20))
    assert chart.target_note == Note("328", "11.2", "end", "Target 10")


def test_the_target_label_moves_off_readings_that_cross_its_place() -> None:
    """180 hours reached in September drew the line and its last point through `Target 180
    hours`, at the right end above the line: it now stands at the left end, which is clear."""
    chart = line_chart([(D(2026, 3, 1), 70.0), (D(2026, 6, 1), 130.0), (D(2026, 9, 1), 185.0)], baseline=0,
                       target=180, start=YEAR[0], end=YEAR[1], today=D(2026, 11, 20), unit="hours")
    assert (chart.target_y, chart.target_note) == ("30", Note("44", "25.2", "start", "Target 180 hours"))


def test_the_target_label_goes_below_its_line_where_the_readings_run_above_it() -> None:
    chart = line_chart([(D(2026, 7, 1), 11.0), (D(2026, 12, 1), 11.0)], baseline=0, target=10, start=YEAR[0],
                       end=YEAR[1], today=D(2027, 3, 1))
    assert (chart.target_y, chart.target_note) == ("62.7", Note("328", "77.9", "end", "Target 10"))


def test_a_target_label_at_the_bottom_never_goes_below_into_the_month_labels() -> None:
    """Fewer escalations is better: the readings cross the target line at the right end,
    and below it are the month labels, so the label takes the left end."""
    chart = line_chart([(D(2026, 6, 1), 5.0), (D(2026, 10, 1), 2.0)], baseline=9, target=3, start=YEAR[0],
                       end=YEAR[1], today=D(2026, 11, 20), unit="escalations")
    assert chart.target_note == Note("44", "133.8", "start", "Target 3 escalations")


def test_the_target_label_avoids_the_today_line_between_places_the_readings_leave_clear() -> None:
    """The right end above the line is clear of the readings but crossed by today's line."""
    chart = line_chart([(D(2026, 6, 1), 20.0)], baseline=0, target=70, start=YEAR[0], end=YEAR[1],
                       today=D(2026, 11, 20), unit="%")
    assert (chart.today_x, chart.target_note) == ("299.1", Note("44", "28.8", "start", "Target 70%"))


def test_with_no_clear_place_the_target_label_takes_the_one_the_readings_cover_least() -> None:
    """Readings along the target line: the right end below it is grazed by two points, where
    the left end below it has the rising line through its words."""
    chart = line_chart([(D(2026, 3, 1), 2.0), (D(2026, 5, 1), 4.0), (D(2026, 8, 1), 4.0), (D(2026, 10, 1), 4.0)],
                       baseline=0, target=4, start=YEAR[0], end=YEAR[1], today=D(2026, 11, 20), unit="sessions")
    assert chart.target_note == Note("328", "31.2", "end", "Target 4 sessions")


@pytest.mark.parametrize(("target", "unit", "text"), [
    (2e11, "thousand euros of recurring revenue", "Target 200,000,000,000"),
    (2e23, "EUR", "Target 2 \u00d7 10\u00b2\u00b3 EUR"),
    (1.0000000000000002e300, "widgets", "Target"),
])
def test_a_target_label_wider_than_the_plot_drops_the_unit_then_digits(target: float, unit: str, text: str) -> None:
    """`Target 200,000,000,000 thousand euros of recurring revenue` began left of the
    drawing, over the value labels. The last target differs from its baseline of 1e300 in
    its 17th figure: its value labels take half the chart, and no form of it fits the rest."""
    chart = line_chart([], baseline=1e300 if target > 1e299 else target / 2, target=target, start=YEAR[0],
                       end=YEAR[1], today=D(2026, 11, 20), unit=unit)
    assert chart.target_note.text == text


def test_a_span_of_17_months_is_labelled_by_quarter_and_one_of_18_by_half_year() -> None:
    """A step is taken only where it makes fewer than MOST_TICKS intervals of the span."""
    quarters = timeline([], D(2026, 1, 1), D(2027, 6, 1), D(2026, 5, 1)).ticks
    halves = timeline([], D(2026, 1, 1), D(2027, 7, 1), D(2026, 5, 1)).ticks
    assert [(t.position, t.label, t.anchor) for t in quarters] == [
        ("20", "Jan 2026", "start"), ("166.5", "Apr 2026", "middle"), ("314.7", "Jul 2026", "middle"),
        ("464.4", "Oct 2026", "middle"), ("614.2", "Jan 2027", "middle"), ("760.7", "Apr 2027", "middle")]
    assert [(t.position, t.label, t.anchor) for t in halves] == [
        ("20", "Jan 2026", "start"), ("298.5", "Jul 2026", "middle"), ("581.5", "Jan 2027", "middle"),
        ("860", "Jul 2027", "end")]


def test_the_first_month_tick_is_the_first_first_of_a_month_on_the_axis() -> None:
    chart = timeline([], D(2026, 3, 15), D(2026, 6, 15), D(2026, 5, 1))
    assert [(t.position, t.label) for t in chart.ticks] == [("175.2", "Apr 2026"), ("449.1", "May 2026"), ("732.2", "Jun 2026")]


@pytest.mark.parametrize(("february", "labels"), [(110.0, ["Jan 2026", "Feb 2026", "Mar 2026"]), (120.0, ["Jan 2026"])])
def test_month_labels_are_kept_only_where_each_ends_the_gap_before_the_next(february: float, labels: list[str]) -> None:
    """`Jan 2026` is set from its tick, `Feb 2026` centred on it and `Mar 2026` ending at it:
    with February at 110, 8 px lie between February's label and March's; at 120, none."""
    at = {D(2026, 1, 1): 0.0, D(2026, 2, 1): february, D(2026, 3, 1): 200.0}
    assert [t.label for t in month_axis(D(2026, 1, 1), D(2026, 3, 1), at.__getitem__, 200, 11)] == labels


def test_an_x_label_is_set_against_an_edge_only_within_half_a_label_of_it() -> None:
    assert [edge_anchor(x, 880) for x in (29.9, 30, 850, 850.1)] == ["start", "middle", "middle", "end"]


def test_close_evidence_moves_up_a_row_and_today_on_the_first_day_is_drawn() -> None:
    events = [TimelineEvent(D(2026, 3, 1), "A", "evidence"), TimelineEvent(D(2026, 3, 2), "B", "evidence")]
    chart = timeline(events, D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1))
    assert [(m.label, m.y, m.dot_y) for m in chart.marks] == [("A", "38", "28"), ("B", "22", "12")]
    assert (chart.axis_y, chart.height, chart.today_x) == (58, 100, "20")  # a row above, none below
    assert (chart.tick_top, chart.tick_bottom, chart.label_y, chart.today_bottom) == (55, 61, 96, 82)


def test_a_mark_exactly_the_gap_from_the_last_of_a_row_stays_in_the_row() -> None:
    assert _rows([100.0, 114.0], 14.0) == [0, 0]


def test_the_narrow_timeline_numbers_the_same_marks_in_markers_for_12_px_digits() -> None:
    """Phones show the narrow layout: 340 units across, so that its text is drawn near its
    size; circles of 20 for two 12 px digits, squares of 12, and rows 23 and 16 apart."""
    chart = timeline(CLOSE_EVENTS, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1))
    narrow = chart.narrow
    assert narrow is not None and narrow.narrow is None
    assert [(m.number, m.label, m.x, m.y, m.dot_x, m.dot_y, m.dot_width) for m in narrow.marks] == [
        (1, "Draft the plan", "68.6", "42", "58.6", "32", "20"), (2, "Kick-off deck", "69.5", "22", "59.5", "12", "20"),
        (3, "Share the plan", "69.5", "65", "59.5", "55", "20"), (4, "Plan agreed", "70.3", "88", "60.3", "78", "20"),
        (5, "Half-year review", "220.3", "42", "210.3", "32", "20")]
    assert [(m.number, m.label) for m in narrow.marks] == [(m.number, m.label) for m in chart.marks]
    assert (narrow.width, narrow.height, narrow.axis_y, narrow.axis_left, narrow.axis_right) == (340, 84 + 2 * 23, 42, 20, 320)
    assert (narrow.square, narrow.square_shift, narrow.dot, narrow.dot_radius) == (12, "-6", 20, "10")
    assert (chart.square, chart.square_shift, chart.dot, chart.dot_radius) == (12, "-6", 20, "10")  # the wide one's alike
    assert (narrow.today_x, narrow.tick_top, narrow.tick_bottom, narrow.label_y, narrow.today_bottom) == ("144.5", 39, 45, 126, 112)


def test_the_narrow_timeline_moves_close_evidence_up_by_its_squares_and_widens_three_digits_by_one() -> None:
    events = [TimelineEvent(D(2026, 3, 1), "A", "evidence"), TimelineEvent(D(2026, 3, 10), "B", "evidence")]
    narrow = timeline(events, D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1)).narrow
    assert narrow is not None
    assert [(m.label, m.x, m.y) for m in narrow.marks] == [("A", "68.6", "38"), ("B", "76", "22")]  # 7.4 apart: less than 14
    assert (narrow.axis_y, narrow.height) == (58, 100)
    assert [NARROW_TIMELINE.dot_width(n) for n in (99, 100, 1000)] == [20, 28.4, 36.8]


def test_the_narrow_timeline_labels_a_year_by_half_years_and_a_goal_of_27_months_likewise() -> None:
    """Quarters' labels would run into each other at 340 units: `Jan 2026` ends 59 units on,
    and April is 74 units along."""
    year = timeline([], D(2026, 1, 1), D(2026, 12, 31), D(2026, 11, 20)).narrow
    goal = timeline([], D(2025, 3, 1), D(2027, 6, 30), D(2026, 11, 20)).narrow
    assert year is not None and goal is not None
    assert [(t.position, t.label, t.anchor) for t in year.ticks] == [("20", "Jan 2026", "start"), ("169.2", "Jul 2026", "middle")]
    assert [(t.position, t.label, t.anchor) for t in goal.ticks] == [
        ("63", "Jul 2025", "middle"), ("127.9", "Jan 2026", "middle"), ("191.7", "Jul 2026", "middle"),
        ("256.5", "Jan 2027", "middle")]


@pytest.mark.parametrize(("today", "wide", "narrow"), [
    (D(2026, 12, 5), ("800", False), ("298.6", False)), (D(2026, 12, 6), ("802.3", False), ("299.4", True)),
    (D(2026, 12, 21), ("836.9", False), ("311.8", True)), (D(2026, 12, 22), ("839.2", True), ("312.6", True)),
])
def test_today_stands_left_of_its_line_where_its_label_would_pass_the_right_edge(
        today: datetime.date, wide: tuple[str, bool], narrow: tuple[str, bool]) -> None:
    """`today` 12 px high and 3 units from its line is about 41 units wide: set from its line
    within 30 units of the right edge, as a month label is, it ran past the edge by up to 11."""
    chart = timeline([], D(2026, 1, 1), D(2026, 12, 31), today)
    assert chart.narrow is not None
    assert ((chart.today_x, chart.today_at_end), (chart.narrow.today_x, chart.narrow.today_at_end)) == (wide, narrow)


def test_the_expected_tick_is_placed_at_its_share_of_the_bar() -> None:
    assert progress_bar(0.5, 0.25).expected_x == "25"


def test_a_count_is_held_to_today_only_where_today_is_on_the_chart_and_after_the_last_count() -> None:
    """Held to today, the count at the target runs along the target line's right end, so the
    label goes below it; counted on today itself, nothing is held."""
    past_end = line_chart([(D(2026, 3, 1), 1.0)], baseline=0, target=4, start=YEAR[0], end=YEAR[1], today=D(2027, 3, 1),
                          steps=True)
    counted_today = line_chart([(D(2026, 3, 1), 1.0), (D(2026, 11, 20), 2.0)], baseline=0, target=4, start=YEAR[0],
                               end=YEAR[1], today=D(2026, 11, 20), steps=True)
    held = line_chart([(D(2026, 2, 1), 1.0), (D(2026, 3, 1), 4.0)], baseline=0, target=4, start=YEAR[0], end=YEAR[1],
                      today=D(2026, 11, 20), steps=True)
    assert [past_end.path, counted_today.path, held.path] == [
        "M40,156 H87.3 V121", "M40,156 H87.3 V121 H299.1 V86", "M40,156 H64.9 V121 H87.3 V16 H299.1"]
    assert (held.target_y, held.target_note) == ("16", Note("328", "31.2", "end", "Target 4"))
    assert (held.x_label_y, held.x_tick_end) == (178, 160)


def test_points_are_drawn_where_the_median_gap_is_at_least_a_point_wide() -> None:
    assert [points_apart(xs) for xs in ([0, 9, 18], [0, 1, 20], [0, 8.9, 17.8])] == [True, True, False]


def test_value_labels_are_written_in_full_where_they_fit_the_room_exactly() -> None:
    room = _label_room(["1,000,000"])
    assert [_value_labels([Decimal(1000000)], room), _value_labels([Decimal(1000000)], room - 1)] == [
        ["1,000,000"], ["1 \u00d7 10\u2076"]]


def test_the_plot_of_a_narrow_chart_starts_no_further_right_than_its_middle() -> None:
    chart = line_chart([], baseline=0, target=1e23, start=YEAR[0], end=YEAR[1], today=D(2026, 11, 20), width=100)
    assert (chart.plot_left, chart.y_ticks[-1].label) == (50, "1 \u00d7 10\u00b2\u00b3")


def test_a_target_label_takes_the_unit_where_it_fits_the_plot_exactly() -> None:
    """The plot of a 191 px chart leaves 135 px between the label gaps: `Target 10 hours` is 134.2 wide."""
    chart = line_chart([], baseline=0, target=10, start=YEAR[0], end=YEAR[1], today=D(2026, 11, 20), unit="hours", width=191)
    assert chart.target_note == Note("179", "11.2", "end", "Target 10 hours")
    fits = label_width("Target 2,000,000 EUR", 14) * 1.06
    assert [_target_text(2e6, "EUR", fits), _target_text(2e6, "EUR", fits - 0.01)] == ["Target 2,000,000 EUR", "Target 2,000,000"]


def test_overlap_is_the_length_of_a_segment_within_the_box_or_the_depth_of_a_point() -> None:
    box = (10, 0, 20, 10)
    assert [_overlap(box, (0, 5), (100, 5), 0), _overlap(box, (15, 5), (15, 5), 0), _overlap(box, (0, 20), (100, 20), 0)] == [
        10.0, 5, 0.0]


Box = tuple[float, float, float, float]  # left, top, right, bottom, in the drawing's units


def drawn_boxes(chart: Timeline) -> dict[str, Box]:
    """What the template draws from a timeline, each thing's box by name: every marker (a
    milestone's holds its number), every month label and `today`. Text is as wide as
    `label_width` estimates and reaches a size above its baseline and a quarter below."""
    boxes: dict[str, Box] = {}
    half = chart.square / 2
    for m in chart.marks:
        x, y = float(m.x), float(m.y)
        if m.state == "evidence":
            boxes[f"mark {m.number}"] = (x - half, y - half, x + half, y + half)
        else:
            boxes[f"mark {m.number}"] = (float(m.dot_x), float(m.dot_y), float(m.dot_x) + float(m.dot_width),
                                         float(m.dot_y) + chart.dot)

    def text(x: float, baseline: float, width: float) -> Box:
        return x, baseline - TIMELINE_LABEL_SIZE, x + width, baseline + TIMELINE_LABEL_SIZE / 4

    for tick in chart.ticks:
        x, width = float(tick.position), label_width(tick.label, TIMELINE_LABEL_SIZE)
        left = x if tick.anchor == "start" else x - width if tick.anchor == "end" else x - width / 2
        boxes[f"label {tick.label}"] = text(left, chart.label_y, width)
    if chart.today_x:
        width = label_width("today", TIMELINE_LABEL_SIZE)
        x = float(chart.today_x) - TODAY_DX - width if chart.today_at_end else float(chart.today_x) + TODAY_DX
        boxes["today"] = text(x, 10, width)
    return boxes


def overlapping(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    found = []
    named = sorted(boxes.items())
    for i, (one, a) in enumerate(named):
        found += [(one, two) for two, b in named[i + 1:] if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    return found


def outside(chart: Timeline, boxes: dict[str, Box]) -> list[str]:
    """Markers past an edge of the drawing (labels may stand in its margin: it draws outside its box)."""
    return [name for name, (left, top, right, bottom) in boxes.items()
            if name.startswith("mark") and (left < 0 or top < 0 or right > chart.width or bottom > chart.height)]


def test_twelve_milestones_in_a_fortnight_take_as_many_rows_as_they_need() -> None:
    """Past four rows the marks went on in the fourth, over the ones there: `8` over `4`."""
    days = [1, 2, 3, 5, 6, 8, 9, 9, 10, 12, 20, 40]
    events = [TimelineEvent(D(2026, 4, 1) + datetime.timedelta(days=d), f"Step {n:02}", "due") for n, d in enumerate(days, 1)]
    chart = timeline(events, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1))
    assert [(m.x, m.y) for m in chart.marks] == [
        ("230", "42"), ("232.3", "65"), ("234.6", "88"), ("239.2", "111"), ("241.5", "134"), ("246.2", "157"),
        ("248.5", "180"), ("248.5", "203"), ("250.8", "226"), ("255.4", "42"), ("273.8", "65"), ("320", "42")]
    assert (chart.axis_y, chart.height) == (42, 84 + 8 * 23)
    assert overlapping(drawn_boxes(chart)) == []
    assert chart.narrow is not None and overlapping(drawn_boxes(chart.narrow)) == []


STATES = ("done", "due", "overdue", "evidence")


@settings(max_examples=300, deadline=None)
@given(start=st.dates(D(1990, 1, 1), D(2040, 12, 31)), span=st.integers(0, 4000), today=st.integers(-400, 4400),
       placed=st.lists(st.tuples(st.integers(-60, 4060), st.sampled_from(STATES), st.text(max_size=40)), max_size=130))
def test_no_two_things_a_timeline_draws_overlap(start: datetime.date, span: int, today: int,
                                                 placed: list[tuple[int, str, str]]) -> None:
    """However many events fall on however few days, in either layout: markers, the numbers
    in them, month labels and `today` each keep to their own box, and the markers to the drawing."""
    events = [TimelineEvent(start + datetime.timedelta(days=min(day, span + 60)), title, state)
              for day, state, title in placed]
    chart = timeline(events, start, start + datetime.timedelta(days=span), start + datetime.timedelta(days=today))
    assert chart.narrow is not None
    for drawing in (chart, chart.narrow):
        boxes = drawn_boxes(drawing)
        assert overlapping(boxes) == []
        assert outside(drawing, boxes) == []
        digits = [m for m in drawing.marks if m.state != "evidence"
                  and len(str(m.number)) * drawing.layout.digit > float(m.dot_width)]
        assert digits == []
