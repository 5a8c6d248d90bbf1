"""Reviews: the list, and one page per review with its reflection, the readings it
recorded (only for goals the build may show) and its keep/stop/start decisions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..charts import short_date
from ..fieldtypes import Number
from ..graph import SiteGraph
from ..models import Goal, Indicator, Review
from ..numbers import with_unit
from ..pages import PagePlan, deps, page_builder
from ..urls import page_path
from .progressviews import review_rhythm
from .wording import cited_in, item_title, shown_excerpt, visibility_mark


@dataclass(frozen=True)
class ReadingGroup:
    goal: Goal
    readings: list[tuple[str, str, str]]  # (indicator name, value, target)


def reading_groups(review: Review, graph: SiteGraph) -> list[ReadingGroup]:
    return [
        ReadingGroup(goal, [(ind.name, with_unit(values[ind.id], ind.unit), with_unit(ind.target, ind.unit)) for ind in read])
        for goal, read, values in _readings(review, graph)
    ]


def _readings(review: Review, graph: SiteGraph) -> Iterator[tuple[Goal, list[Indicator], dict[str, Number]]]:
    """(goal, its indicators the review read, the values) for each goal the build may show.
    Planning needs only the goals, so the figures are formatted by `reading_groups` alone."""
    for goal_id, values in sorted(review.readings.items()):
        goal = graph.portfolio.goals.get(goal_id)
        if goal is None:
            continue
        read = [ind for ind in goal.indicators if ind.id in values and ind.count is None]
        if read:
            yield goal, read, values


@page_builder
def review_pages(graph: SiteGraph) -> Iterator[PagePlan]:
    reviews = sorted(graph.portfolio.reviews.values(), key=lambda r: (r.date, r.id), reverse=True)
    yield PagePlan(
        path=page_path("reviews"),
        title="Reviews",
        template="reviews.html",
        context=partial(_list_context, reviews, graph),
        deps=deps(also=reviews, lists=["reviews"], summaries=cited_in(reviews, graph)),  # each review's first sentence
        description="Quarterly reviews: readings, reflections and decisions.",
    )
    for review in reviews:
        cited = graph.cites.get(review.id, [])
        goals = [goal for goal, _, _ in _readings(review, graph)]
        yield PagePlan(
            path=page_path("reviews", review.id),
            title=item_title(review),
            template="review.html",
            context=partial(_review_context, review, graph),
            # What it shows of other items: the goals it read, the items it cites and those
            # citing it. A cited item that becomes visible is in the next plan's deps.
            deps=deps(review, also=goals + cited + graph.cited_by.get(review.id, []), summaries=cited_in([review], graph)),
            description=partial(_review_description, review, graph),
        )


def _review_description(review: Review, graph: SiteGraph) -> str:
    return shown_excerpt(review, graph) or item_title(review)


def _list_context(reviews: list[Review], graph: SiteGraph) -> dict[str, Any]:
    return {
        "reviews": [(r, short_date(r.date), shown_excerpt(r, graph), visibility_mark(r, graph)) for r in reviews],
        "planned": {r.id for r in reviews if r.date > graph.today},
        "rhythm": review_rhythm(graph),
    }


def _review_context(review: Review, graph: SiteGraph) -> dict[str, Any]:
    return {
        "review": review,
        "date": short_date(review.date),
        "groups": reading_groups(review, graph),
        "decisions": review.decisions,
        "mark": visibility_mark(review, graph),
        # Dated after today: its readings are a plan, which no progress figure counts yet.
        "planned": review.date > graph.today,
        "cited_by": graph.cited_by.get(review.id, []),
    }
