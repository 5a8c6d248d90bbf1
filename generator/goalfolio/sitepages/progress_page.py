"""The progress overview: every goal's indicators side by side, the review rhythm,
milestones due this quarter, and a year timeline of milestones and evidence."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import partial
from typing import Any

from ..charts import TimelineEvent, short_date, timeline
from ..errors import counted
from ..graph import SiteGraph
from ..pages import PagePlan, deps, page_builder
from ..urls import item_path, name_order, page_path
from .common import EVERY_FOLDER
from .goals import ordered_goals
from .progressviews import goal_view, milestone_view, review_rhythm


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    end = datetime.date(day.year, 12, 31) if first_month == 10 else datetime.date(day.year, first_month + 3, 1) - datetime.timedelta(days=1)
    return start, end, f"Q{(first_month - 1) // 3 + 1} {day.year}"


@page_builder
def progress_page(graph: SiteGraph) -> Iterator[PagePlan]:
    yield PagePlan(
        path=page_path("progress"),
        title="Progress",
        template="progress.html",
        context=partial(_context, graph),
        deps=deps(lists=EVERY_FOLDER),
        description="Indicators, review rhythm and this year's milestones and evidence.",
    )


def _context(graph: SiteGraph) -> dict[str, Any]:
    goals = [g for g in ordered_goals(graph) if g.status in ("active", "paused")]
    q_start, q_end, q_label = quarter_of(graph.today)
    this_quarter = sorted(
        (milestone_view(g, m, graph) for g in goals for m in graph.progress[g.id].milestones
         if q_start <= m.milestone.due <= q_end),
        key=lambda m: (m.due_date, name_order(m.title)),
    )
    year_start, year_end = datetime.date(graph.today.year, 1, 1), datetime.date(graph.today.year, 12, 31)
    events = [
        TimelineEvent(m.day, f"{m.milestone.title} ({g.title})", m.state, item_path(g))
        for g in graph.portfolio.goals.values() for m in graph.progress[g.id].milestones
        if year_start <= m.day <= year_end and m.state != "not-done"
    ]
    events += [
        TimelineEvent(e.date, e.title, "evidence", item_path(e))
        for e in graph.portfolio.evidence.values() if year_start <= e.date <= year_end
    ]
    year_timeline = timeline(events, year_start, year_end, graph.today)
    marks = len(year_timeline.marks)
    return {
        "goals": [goal_view(g, graph) for g in goals],
        "rhythm": review_rhythm(graph),
        "quarter_label": q_label,
        "quarter_range": f"{short_date(q_start)} to {short_date(q_end)}",
        "this_quarter": this_quarter,
        "year": graph.today.year,
        "year_timeline": year_timeline,
        "year_events": f"{'All ' if marks > 1 else ''}{counted(marks, 'event')} in {graph.today.year}",  # the list's summary
    }
