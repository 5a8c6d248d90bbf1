"""Chart geometry for server-side SVG: progress bars, timelines, and the dated axis and label
measures they share with the indicator line charts (`linechart`).

Everything a chart needs is computed here as plain numbers and strings, so templates only
draw (see themes/default/templates/macros/charts.html) and the output is deterministic:
coordinates are rounded to one decimal and dates are formatted without the locale.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from .urls import name_order

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: datetime.date) -> str:
    """`20 Nov 2026`: the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_label(day: datetime.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def coordinate(value: float) -> str:
    """An SVG coordinate: one decimal at most, so output is the same on every machine."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ProgressBar:
    """A horizontal bar: the filled share, and optionally where the pace says it should be."""

    share: float  # 0..1
    expected: float | None  # 0..1, drawn as a tick
    percent: int
    expected_percent: int | None
    fill_width: str  # in viewBox units out of 100
    expected_x: str


def half_up(value: float) -> int:
    """Rounded as people round, halves up (12.5 is 13, not the 12 of Python's `round`);
    the 6-digit pre-rounding keeps 0.145 * 100 = 14.499999... a half."""
    return math.floor(round(value, 6) + 0.5)


def whole_percent(share: float) -> int:
    """A share as a whole percent, halves rounded up, but never 100 short of the whole:
    179.2 of 180 is 99%, not a target met."""
    value = half_up(share * 100)
    return min(value, 99) if share < 1 else value


def _bar_width(share: float) -> str:
    """Out of 100; a bar short of the whole stops short of the end."""
    return coordinate(share * 100) if share >= 1 else coordinate(min(share * 100, 99.9))


def progress_bar(share: float | None, expected: float | None = None) -> ProgressBar:
    value = min(max(share or 0.0, 0.0), 1.0)
    tick = None if expected is None else min(max(expected, 0.0), 1.0)
    return ProgressBar(
        share=value,
        expected=tick,
        percent=whole_percent(value),
        expected_percent=None if tick is None else whole_percent(tick),
        fill_width=_bar_width(value),
        expected_x=coordinate(tick * 100) if tick is not None else "",
    )


@dataclass(frozen=True)
class Tick:
    position: str  # x or y coordinate
    label: str
    anchor: str = "middle"  # an x tick's label: centred, or set against the edge it is near


LABEL_HALF_WIDTH = 30  # half of `Sep 2026` or of `today` at the timelines' 12 px, in viewBox units
# px, as style.css draws a line chart's `.chart-label`: 12.1 px on a 360 px phone, where the
# chart is 294 px wide (its 340 units scaled by 0.86), and 12.2 px at 320, where its card
# takes the page's margins; at 11 they were drawn at 9.5 px.
CHART_LABEL_SIZE = 14
TIMELINE_LABEL_SIZE = 12  # px, as style.css draws `.timeline .chart-label`
LABEL_GAP = 4  # the least space between two labels of an axis, and between a label and the drawing's edge


def label_width(text: str, size: float) -> float:
    """About how wide `text` is drawn at `size` px, in the widths of a common sans-serif
    (DejaVu Sans, Helvetica): enough to keep a label inside the drawing and off its
    neighbours without measuring fonts."""
    narrow, wide = ",.:; ", "\u2212MW%"
    ems = sum(0.32 if ch in narrow else 0.84 if ch in wide else 0.72 if ch.isupper() else 0.64 for ch in text)
    return ems * size


def edge_anchor(x: float, width: int, half: float = LABEL_HALF_WIDTH) -> str:
    """`middle`, or `start` or `end` for a label within half a label (`half`) of the drawing's
    left or right edge, where a centred one is cut off: `Jan 2026` on the first day of a year."""
    if x < half:
        return "start"
    return "end" if x > width - half else "middle"


def month_axis(first: datetime.date, last: datetime.date, x: Callable[[datetime.date], float], width: int,
             size: float) -> list[Tick]:
    """Month ticks at the first interval whose labels, `size` px high, leave room between
    them: a span of 17 months on a small chart is labelled every six months, not every three."""
    months = (last.year - first.year) * 12 + last.month - first.month
    half = max(LABEL_HALF_WIDTH, label_width("May 2026", size) / 2)  # the widest month's label
    for every in (n for n in _month_steps() if months / n < MOST_TICKS):
        ticks = [Tick(coordinate(x(d)), month_label(d), edge_anchor(x(d), width, half))
                 for d in _month_ticks(first, last, every)]
        if _labels_apart(ticks, size):
            return ticks
    raise AssertionError("unreachable: a step longer than the chart leaves at most one label")


def _labels_apart(ticks: Sequence[Tick], size: float) -> bool:
    """Whether each label ends at least LABEL_GAP before the next one starts."""
    spans = []
    for tick in ticks:
        x, w = float(tick.position), label_width(tick.label, size)
        left = x if tick.anchor == "start" else x - w if tick.anchor == "end" else x - w / 2
        spans.append((left, left + w))
    return all(after[0] - before[1] >= LABEL_GAP for before, after in zip(spans, spans[1:]))


MOST_TICKS = 6


def _month_steps() -> Iterator[int]:
    """Months between two ticks, shortest first: a month, a quarter, half a year, then 1, 2,
    5, 10, 20, 50... years, with no end: a goal from 1900 to 2100 had its 21 decades
    drawn over each other, as ten years was the longest step."""
    yield from (1, 3, 6)
    for years in itertools.count():
        yield from (12 * 10**years * m for m in (1, 2, 5))


def _month_ticks(first: datetime.date, last: datetime.date, every: int) -> list[datetime.date]:
    """First days of months from `first` to `last`, every `every` months counted from January
    of year 0, so that quarters fall on January, April, July and October, and years on even ones."""
    start = first.year * 12 + first.month - 1 + (first.day > 1)  # the first first-of-month on or after `first`
    start += -start % every
    return [datetime.date(n // 12, n % 12 + 1, 1) for n in range(start, last.year * 12 + last.month, every)]


@dataclass(frozen=True)
class TimelineMark:
    number: int
    x: str
    y: str  # centre of the marker: marks too close to their neighbours move off the axis
    lane: str  # "above" or "below" the axis
    state: str  # done | due | overdue | evidence
    label: str
    date: datetime.date
    date_text: str
    path: str  # output path of the page it links to, or empty
    dot_x: str  # a milestone's marker: a circle, or a pill as wide as its number (`dot_width`)
    dot_y: str
    dot_width: str

    @property
    def kind_text(self) -> str:
        """What the mark stands for, as the list of a year's events names it."""
        return "evidence" if self.state == "evidence" else f"milestone {self.state}"


@dataclass(frozen=True)
class TimelineLayout:
    """The sizes a timeline is drawn at. Its rows, gaps and the height of evidence over the
    axis follow from its two markers, so larger markers keep the same room around them."""

    width: int
    height: int
    dot: int  # a milestone's circle, which holds a number of two digits
    digit: float  # how much wider each further digit makes it: one bold digit of `.tl-num`
    square: int  # an evidence mark

    def dot_width(self, number: int) -> float:
        """A milestone marker's width: a circle up to 99, then a pill as long as the number, so
        that `145` in white is not drawn past its marker, where it cannot be seen."""
        return self.dot + max(len(str(number)) - 2, 0) * self.digit

    @property
    def row(self) -> dict[str, int]:
        """The pitch of each lane's rows: a marker and a little room."""
        return {"above": self.square + 4, "below": self.dot + 3}

    @property
    def gap(self) -> dict[str, float]:
        """The least x distance between two marks of a row."""
        return {"above": self.square + 2.0, "below": self.dot + 2.0}

    @property
    def lift(self) -> int:
        """How far above the axis evidence stands: clear of a milestone's circle on it."""
        return self.dot // 2 + 4 + self.square // 2


# Both layouts draw every text at 12 px (style.css: `.timeline .chart-label`, `.tl-num`) in
# markers made for it; a drawing w units wide in a column of c CSS px draws it at 12c/w px.
# Screens from 849 px (53rem; columns of 809 px and more) and paper get the wide one, its
# text drawn there at 11 px or more; its numbers were 8 px, 7.4 to 10.1 px on every screen
# that showed it. Narrower screens get the narrow one, at 11 to 15 px: at 340 units across,
# in the 312 to 343 px a phone of 344 to 375 px leaves it, it draws the text at 11 to 12.1
# px; on smaller phones it takes the page's margins too (320 px: 11.3 px). Tablets (641 to
# 848 px, columns of 601 to 808) would draw the wide one's text at 8.2 to 11 px.
WIDE_TIMELINE = TimelineLayout(width=880, height=84, dot=20, digit=8.4, square=12)
NARROW_TIMELINE = TimelineLayout(width=340, height=84, dot=20, digit=8.4, square=12)


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: int
    axis_left: int
    axis_right: int
    marks: list[TimelineMark]
    ticks: list[Tick]
    today_x: str
    start_label: str
    end_label: str
    today_at_end: bool  # `today` near the right edge: its label stands left of the line
    layout: TimelineLayout
    narrow: Timeline | None = None  # the same events in the narrow layout, which phones show instead

    @property
    def square(self) -> int:
        return self.layout.square

    @property
    def square_shift(self) -> str:
        """An evidence square is drawn from its mark's centre moved up and left by this."""
        return coordinate(-self.layout.square / 2)

    @property
    def dot(self) -> int:
        return self.layout.dot

    @property
    def dot_radius(self) -> str:
        return coordinate(self.layout.dot / 2)

    @property
    def tick_top(self) -> int:
        return self.axis_y - 3

    @property
    def tick_bottom(self) -> int:
        return self.axis_y + 3

    @property
    def label_y(self) -> int:
        return self.height - 4

    @property
    def today_bottom(self) -> int:
        return self.height - 18


@dataclass(frozen=True)
class TimelineEvent:
    """One dated thing to place on a timeline."""

    date: datetime.date
    label: str
    state: str
    path: str = ""


def timeline_order(event: TimelineEvent) -> tuple[datetime.date, tuple[str, str, str]]:
    """Marks are numbered in this order; a list that is the chart's text alternative sorts by it too."""
    return event.date, name_order(event.label)


TODAY_DX = 3  # how far the `today` label stands from its line, as the template draws it


def timeline(events: Sequence[TimelineEvent], start: datetime.date, end: datetime.date,
             today: datetime.date) -> Timeline:
    """Events on a dated axis in the wide layout, with the same events in the narrow one
    (`narrow`), numbered alike: a phone shows that one, as the wide one's 12 px text
    shrinks there to under 5 px."""
    narrow = laid_out_timeline(events, start, end, today, NARROW_TIMELINE)
    return replace(laid_out_timeline(events, start, end, today, WIDE_TIMELINE), narrow=narrow)


def laid_out_timeline(events: Sequence[TimelineEvent], start: datetime.date, end: datetime.date, today: datetime.date,
                      layout: TimelineLayout) -> Timeline:
    """Events on a dated axis; evidence above the axis, milestones below, numbered for the list.

    Marks closer than a marker's width go to a further row from the axis, as many rows as
    they need, and the chart grows by those rows, so close dates never draw one marker over
    another."""
    width, height = layout.width, layout.height
    left, right = 20, 20
    first = min([start, *(e.date for e in events)])
    last = max([end, *(e.date for e in events)])
    span = max((last - first).days, 1)

    def x(day: datetime.date) -> float:
        return left + (width - left - right) * (day - first).days / span

    ordered = sorted(events, key=timeline_order)
    lanes = ["above" if e.state == "evidence" else "below" for e in ordered]
    widest = layout.dot_width(len(ordered))
    gaps = {"above": layout.gap["above"], "below": max(layout.gap["below"], widest + 2)}
    pitch = layout.row
    rows = {lane: _rows([x(e.date) for e, mine in zip(ordered, lanes) if mine == lane], gaps[lane]) for lane in pitch}
    extra_above = max(rows["above"], default=0) * pitch["above"]
    extra_below = max(rows["below"], default=0) * pitch["below"]
    axis_y = height // 2 + extra_above
    height += extra_above + extra_below
    placed = {lane: iter(found) for lane, found in rows.items()}
    marks = []
    for n, (e, lane) in enumerate(zip(ordered, lanes), start=1):
        row = next(placed[lane])
        y = axis_y - layout.lift - row * pitch[lane] if lane == "above" else axis_y + row * pitch[lane]
        dot = layout.dot_width(n)
        marks.append(TimelineMark(n, coordinate(x(e.date)), str(y), lane, e.state, e.label, e.date, short_date(e.date), e.path,
                                  coordinate(x(e.date) - dot / 2), str(y - layout.dot // 2), coordinate(dot)))
    # `today` ends where it would pass the drawing's right edge, not only within half a month label of it.
    today_at_end = x(today) + TODAY_DX + label_width("today", TIMELINE_LABEL_SIZE) > width
    return Timeline(width, height, axis_y, left, width - right, marks,
                    month_axis(first, last, x, width, TIMELINE_LABEL_SIZE), coordinate(x(today)) if first <= today <= last else "",
                    short_date(first), short_date(last), today_at_end, layout)


def _rows(positions: list[float], gap: float) -> list[int]:
    """A row per position (in order): the first row whose last mark is at least `gap` away,
    else a new row. There are as many rows as the closest marks need, so no marker is drawn
    over another: a fourth row that took the overflow drew a crowded fortnight's numbers
    over each other. Folding the overflow into one `+N more` mark would lose the numbers
    that lead from each mark to its line in the list below, and a drawing, unlike a
    calendar's cell, can grow."""
    ends: list[float] = []
    found = []
    for position in positions:
        row = next((i for i, end in enumerate(ends) if position - end >= gap), len(ends))
        if row == len(ends):
            ends.append(position)
        ends[row] = position
        found.append(row)
    return found
