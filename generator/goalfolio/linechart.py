"""Indicator line charts for server-side SVG: readings against the target and baseline on a
dated axis, with a target label placed where the readings leave it clear.

As in `charts`, everything is computed here as plain numbers and strings, and templates
only draw (themes/default/templates/macros/charts.html).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .charts import (
    CHART_LABEL_SIZE,
    LABEL_GAP,
    Tick,
    coordinate,
    label_width,
    month_axis,
    short_date,
)
from .numbers import exact, joined, number, short_number, with_unit

Y_LABEL_OFFSET = 6  # from a value label's right end to the plot


def _step_path(series: Sequence[tuple[datetime.date, float]], x: Callable[[datetime.date], float],
               y: Callable[[float], float], today: datetime.date | None) -> str:
    """Level until the next day something is counted, then up: `H` and `V` moves, and level
    again up to `today` when that is on the chart and after the last step."""
    if not series:
        return ""
    (day, value), rest = series[0], series[1:]
    parts = [f"M{coordinate(x(day))},{coordinate(y(value))}"]
    parts.extend(f"H{coordinate(x(d))} V{coordinate(y(v))}" for d, v in rest)
    if today is not None and today > series[-1][0]:
        parts.append(f"H{coordinate(x(today))}")
    return " ".join(parts)


@dataclass(frozen=True)
class ChartPoint:
    x: str
    y: str
    label: str  # "25 Sep 2026: 64.9%"


@dataclass(frozen=True)
class Note:
    """A text set beside a line: where it starts or ends (`anchor`), and its baseline."""

    x: str
    y: str
    anchor: str  # start | end
    text: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    plot_left: int  # the plotting area's edges; labels sit outside it
    plot_right: int
    plot_top: int
    plot_bottom: int
    path: str  # the readings polyline, starting at the baseline on the start date
    points: list[ChartPoint]
    markers: bool  # whether the points are drawn: not where they are too close to tell apart
    target_y: str
    baseline_y: str
    target_note: Note  # `Target 66%`, clear of the readings and of the other lines
    today_x: str  # empty when today is outside the chart
    x_ticks: list[Tick]
    y_ticks: list[Tick]

    @property
    def y_label_x(self) -> int:
        return self.plot_left - Y_LABEL_OFFSET

    @property
    def x_label_y(self) -> int:
        """The month labels' baseline: 22 below the plot, so that their tops stay under the
        lowest value label, which is centred on the plot's bottom edge beside them."""
        return self.height - 6

    @property
    def x_tick_end(self) -> int:
        return self.plot_bottom + 4


Point = tuple[float, float]


def line_chart(
    readings: Sequence[tuple[datetime.date, float]],
    baseline: float,
    target: float,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    unit: str = "",
    width: int = 340,
    height: int = 184,
    steps: bool = False,
) -> LineChart:
    """Readings over time against the target and baseline lines, on a dated x axis. A count
    (`steps`) changes only on the days something is counted: it is drawn as steps, one
    point a day (the count at its end), held up to today.

    Values are placed as the decimals they were written as (see `numbers`), so an axis from
    -1e308 to 1e308 or one of 5e-324 neither overflows nor collapses to a point."""
    if steps:
        readings = list({day: value for day, value in sorted(readings)}.items())
    readings = sorted(readings)
    right, top, bottom = 8, 16, 28
    first = min([start, *(d for d, _ in readings)])
    last = max([end, *(d for d, _ in readings)])
    span = max((last - first).days, 1)
    low, high, y_values, y_labels = _value_axis([baseline, target, *(v for _, v in readings)], width)
    left = _plot_left(y_labels, width)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: datetime.date) -> float:
        return left + plot_w * (day - first).days / span

    heights: dict[float | Decimal, float] = {}

    def y(value: float | Decimal) -> float:
        if value not in heights:  # a value is placed by its decimal once, however often it is drawn
            heights[value] = top + plot_h * (1 - float((exact(value) - low) / (high - low)))
        return heights[value]

    series = [(start, baseline), *readings] if start <= min((d for d, _ in readings), default=start) else readings
    shown_today = today if first <= today <= last else None
    points = [ChartPoint(coordinate(x(d)), coordinate(y(v)), f"{short_date(d)}: {with_unit(v, unit)}") for d, v in readings]
    markers = points_apart([x(d) for d, _ in readings])
    lines: list[tuple[Point, Point]] = [((left, y(baseline)), (width - right, y(baseline)))]
    if shown_today is not None:
        lines.append(((x(shown_today), top), (x(shown_today), height - bottom)))
    note = _target_note(target, unit, y(target), (left, width - right, height - bottom),
                        _line_vertices(series, x, y, steps, shown_today),
                        [(x(d), y(v)) for d, v in readings] if markers else [], lines)
    return LineChart(
        width, height, left, width - right, top, height - bottom, _readings_path(series, x, y, steps, shown_today),
        points, markers, target_y=coordinate(y(target)), baseline_y=coordinate(y(baseline)), target_note=note,
        today_x=coordinate(x(today)) if shown_today is not None else "",
        x_ticks=month_axis(first, last, x, width, CHART_LABEL_SIZE),
        y_ticks=[Tick(coordinate(y(value)), label) for value, label in zip(y_values, y_labels)],
    )


def _value_axis(values: Sequence[float], width: int) -> tuple[Decimal, Decimal, list[Decimal], list[str]]:
    """The value axis's bounds, and its ticks with their labels, which may take at most half
    the chart's width."""
    low, high, step = _nice_range([exact(v) for v in values])
    ticks = [low + k * step for k in range(int((high - low) / step) + 1)]
    return low, high, ticks, _value_labels(ticks, width // 2)


def _readings_path(series: Sequence[tuple[datetime.date, float]], x: Callable[[datetime.date], float],
                   y: Callable[[float], float], steps: bool, today: datetime.date | None) -> str:
    """The SVG path of the readings: steps for a count, else a straight line from reading to reading."""
    if steps:
        return _step_path(series, x, y, today)
    return " ".join(f"{'M' if i == 0 else 'L'}{coordinate(x(d))},{coordinate(y(v))}" for i, (d, v) in enumerate(series))


POINT_WIDTH = 9  # a point's radius of 3.5 and its stroke of 2, across


def points_apart(xs: Sequence[float]) -> bool:
    """Whether the readings' points, at these x positions in order, are mostly (the median
    gap) a point's width apart. Five years of monthly readings drew a smear of circles
    over the line they sit on; where they are this close the line alone is drawn, as the
    readings table under every chart lists each value."""
    gaps = sorted(b - a for a, b in zip(xs, xs[1:]))
    return not gaps or gaps[len(gaps) // 2] >= POINT_WIDTH


def _line_vertices(series: Sequence[tuple[datetime.date, float]], x: Callable[[datetime.date], float],
                   y: Callable[[float], float], steps: bool, today: datetime.date | None) -> list[Point]:
    """The corners of the readings line as `line_chart` draws it: through every reading, or,
    for a count (`steps`), level to each day then up, and level again up to `today`."""
    corners: list[Point] = []
    for day, value in series:
        if steps and corners:
            corners.append((x(day), corners[-1][1]))
        corners.append((x(day), y(value)))
    if steps and today is not None and series and today > series[-1][0]:
        corners.append((x(today), corners[-1][1]))
    return corners


def _value_labels(values: Sequence[Decimal], room: int) -> list[str]:
    """The value axis's labels: every figure (`0.0000004`, `1,250,000`), or, where the widest
    would not fit in `room` left of the plot, `1.25 × 10²³` for all of them."""
    written = [number(value) for value in values]
    if _label_room(written) <= room:
        return written
    return [short_number(value) for value in values]


def _label_room(y_labels: Sequence[str]) -> int:
    """How far from the drawing's left edge the plot must start to leave room for these labels."""
    widest = max(label_width(label, CHART_LABEL_SIZE) for label in y_labels)
    return math.ceil(widest) + Y_LABEL_OFFSET + LABEL_GAP


def _plot_left(y_labels: Sequence[str], width: int) -> int:
    """The plot's left edge: 40, or further right where the widest value label needs it
    (`−2,000,000,000`, `0.0005`), so no label starts outside the drawing; but no further
    than the middle, so the plot stays drawn when a label is longer than the chart is wide."""
    return min(max(40, _label_room(y_labels)), width // 2)


NICE_STEPS = tuple(Decimal(m) for m in ("1", "2", "2.5", "5", "10"))


def _nice_range(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Axis bounds on round numbers with four or five steps. In decimals: every tick is a
    number as written (0.0000003, not 3.0000000000000004e-07), and bounds of ±1e308 do not
    overflow nor a range of 5e-324 vanish."""
    low, high = min(values), max(values)
    if high == low:
        pad = max(abs(low), Decimal(1))
        high, low = high + pad, low - pad
    raw = (high - low) / 4
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(m * magnitude for m in NICE_STEPS if m * magnitude >= raw)
    return ((low / step).to_integral_value(ROUND_FLOOR) * step, (high / step).to_integral_value(ROUND_CEILING) * step,
            step)


NOTE_SIZE = 14  # px, as style.css draws `.chart-note`: as large as the axis labels
NOTE_WEIGHT = 1.06  # a `.chart-note` is bold (600): this much wider than `label_width` says
NOTE_ASCENT, NOTE_DESCENT = 0.8 * NOTE_SIZE, 0.25 * NOTE_SIZE  # how far its letters reach above and below its baseline
NOTE_GAP = 4  # between the target line and its label's letters below it, and its label and the plot's ends
NOTE_AIR = 1.25  # between the target line and the descenders of its label above it
LINE_CLEARANCE = 2.5  # half the readings line's width of 2.5, and a pixel of air
POINT_CLEARANCE = 5.5  # a point's radius of 3.5, its stroke, and a pixel of air
NOTE_PLACES = (("end", "above"), ("end", "below"), ("start", "above"), ("start", "below"))


def _target_note(target: float, unit: str, target_y: float, plot: tuple[float, float, float], line: Sequence[Point],
                 points: Sequence[Point], lines: Sequence[tuple[Point, Point]]) -> Note:
    """`Target 66%` at an end of the target line, above or below it: the first place in
    NOTE_PLACES (the right end, above, is the usual one) that the readings leave clear, else
    the one they cover least (a line through the words is worse than a point at their edge);
    the baseline and today lines count only between places the readings leave equally
    clear. A place reaching into the month labels under the plot is not taken. `plot` is
    the plot's left, right and bottom edges."""
    left, right, bottom = plot
    text = _target_text(target, unit, right - left - 2 * NOTE_GAP)
    width = label_width(text, NOTE_SIZE) * NOTE_WEIGHT
    best: tuple[tuple[float, int, int], Note] | None = None
    for rank, (anchor, side) in enumerate(NOTE_PLACES):
        baseline = target_y - NOTE_AIR - NOTE_DESCENT if side == "above" else target_y + NOTE_GAP + NOTE_ASCENT
        x = right - NOTE_GAP if anchor == "end" else left + NOTE_GAP
        box = (x - width if anchor == "end" else x, baseline - NOTE_ASCENT,
               x if anchor == "end" else x + width, baseline + NOTE_DESCENT)
        if box[3] > bottom:
            continue
        covered = (sum(_overlap(box, a, b, LINE_CLEARANCE) for a, b in zip(line, line[1:]))
                   + sum(_overlap(box, p, p, POINT_CLEARANCE) for p in points))
        score = (round(covered, 1), sum(_overlap(box, a, b, 1) > 0 for a, b in lines), rank)
        if best is None or score < best[0]:
            best = (score, Note(coordinate(x), coordinate(baseline), anchor, text))
        if score[:2] == (0, 0):
            break  # clear of everything: no later place can do better
    assert best is not None  # above the line is always inside: the target is never above the plot's top
    return best[1]


def _target_text(target: float, unit: str, room: float) -> str:
    """`Target 2,000,000 EUR` where it fits in `room`; else without the unit (the value axis
    does not show it either), then as `Target 2 × 10²³ EUR` or `Target 2 × 10²³`, and at
    the least `Target`: the figures above the chart and its description give the value."""
    full, short = number(target), short_number(target)
    for figures in (joined(full, unit), full, joined(short, unit), short):
        if label_width(f"Target {figures}", NOTE_SIZE) * NOTE_WEIGHT <= room:
            return f"Target {figures}"
    return "Target"


def _overlap(box: tuple[float, float, float, float], a: Point, b: Point, clearance: float) -> float:
    """How much of the segment from `a` to `b` comes within `clearance` of the box (left,
    top, right, bottom): its length there (Liang-Barsky clipping), or for a point (`a` is
    `b`) how deep in it lies; 0 when it stays clear."""
    left, top, right, bottom = box[0] - clearance, box[1] - clearance, box[2] + clearance, box[3] + clearance
    (x1, y1), (x2, y2) = a, b
    if max(x1, x2) < left or min(x1, x2) > right or max(y1, y2) < top or min(y1, y2) > bottom:
        return 0.0
    if a == b:
        return max(0.0, min(x1 - left, right - x1, y1 - top, bottom - y1))
    enter, leave = 0.0, 1.0
    for p, q in ((x1 - x2, x1 - left), (x2 - x1, right - x1), (y1 - y2, y1 - top), (y2 - y1, bottom - y1)):
        if p == 0:
            if q < 0:
                return 0.0
        elif p < 0:
            enter = max(enter, q / p)
        else:
            leave = min(leave, q / p)
    return max(0.0, leave - enter) * math.hypot(x2 - x1, y2 - y1)
