"""The coaching audit behind `goalfolio check`: the six-question checklist per goal, framework
readiness per case, and staleness (reviews, overdue milestones, indicators never read or left
out of the latest review).

Findings are warnings: they advise, they do not stop a build.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from .errors import Diagnostic, counted, plural, written_number
from .frameworks import Readiness
from .graph import OWNER, PUBLIC, SiteGraph
from .items import Hideable, Item
from .models import Endorsement, Evidence, FeedbackSource, Goal
from .progress import GoalProgress, Reading, feedback_state, review_schedule, stale_reading
from .validation import located_error

MIN_INDICATORS = 3
MIN_CHECKPOINTS = 3


@dataclass(frozen=True)
class AuditCheck:
    id: str
    question: str
    passed: bool
    advice: str
    field: str  # the front matter field to point at
    why: str = ""  # what falls short, when it does: "the title names an activity"


@dataclass(frozen=True)
class GoalAudit:
    goal: Goal
    checks: list[AuditCheck]

    @property
    def score(self) -> int:
        return sum(c.passed for c in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)


# The article's examples: "get better at management" is a direction, not a result;
# "complete a product leadership programme", "complete a certification" or "read three books"
# an activity, not an outcome; and "work in Europe someday" is not specific enough to act on.
_DIRECTION_WORDS = frozenset({"better", "more", "improve", "improving", "grow", "increase", "enhance", "stronger"})
_ARRIVALS = frozenset({"to", "into", "until"})  # "Grow into a staff engineer role", "Improve my French to fluency"
_ACTIVITY_VERBS = frozenset({"read", "watch", "study"})
_ACTIVITY_STARTS = frozenset({"complete", "finish", "take", "do", "attend"})  # with what is done, not what it brings
_ACTIVITIES = frozenset({"course", "courses", "programme", "programmes", "program", "programs", "training", "class", "classes",
                         "module", "modules", "workshop", "workshops", "bootcamp", "book", "books", "webinar", "webinars",
                         "conference", "conferences", "seminar", "seminars", "certificate", "certificates",
                         "certification", "certifications"})
_SOMEDAY = re.compile(r"\bsome\s*day\b")
_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                           "dozen", "half", "double", "twice", "triple"})
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_YEAR = r"(?:19|20)\d\d"
# A date says when, not how much: "by 2026", "by Q3", "by 30 June", "by 2026-06-30" or "by 06/2026"
# do not make a direction a result. Numeric dates come first, before their year alone is taken.
_DATES = re.compile(
    rf"\b{_YEAR}[-/.]\d{{1,2}}(?:[-/.]\d{{1,2}})?\b|\b(?:\d{{1,2}}[-/.]){{1,2}}{_YEAR}\b"
    rf"|\b{_YEAR}\b|\bq[1-4]\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
)
_PLACEHOLDERS = frozenset({"n/a", "na", "none", "no", "tbd", "todo", "nothing", "same", "?"})  # after stripping . ! … and dashes


def audit_goal(goal: Goal) -> GoalAudit:
    """The seed article's final checklist, one check per question."""
    due = [m.due for m in goal.milestones if m.due <= goal.target_date]
    checkpoints = set(due)
    outcome = _vague_outcome(goal.title)
    mobility = goal.mobility.strip().strip(".!?…—–-").strip().casefold()
    return GoalAudit(goal, [
        AuditCheck("outcome", "What is the specific outcome?", outcome is None,
                   outcome[1] if outcome else "", "title", outcome[0] if outcome else ""),
        AuditCheck("indicators", "Which 3 measurable indicators show progress?", len(goal.indicators) >= MIN_INDICATORS,
                   f"add {_more(MIN_INDICATORS - len(goal.indicators), 'indicator with a target', 'indicators, each with a target')} "
                   "(3-5 leading and 1-2 lagging work best)", "indicators", "fewer than 3 indicators"),
        AuditCheck("gaps", "What skills, experiences or credentials are missing?", bool(goal.gaps),
                   "list what the target role expects that you lack under `gaps:`, each with a plan", "gaps", "no gaps listed"),
        AuditCheck("timeline", "What is the timeline, with three checkpoints?", len(checkpoints) >= MIN_CHECKPOINTS,
                   f"add {_more(MIN_CHECKPOINTS - len(checkpoints), 'milestone')} due on or before the target date"
                   + (", on days of their own (milestones due on one day are one checkpoint)" if len(checkpoints) < len(due) else ""),
                   "milestones", "fewer than 3 checkpoints on or before the target date"),
        AuditCheck("feedback", "Who gives feedback, and how will you secure it?", bool(goal.feedback),
                   "name at least one mentor, manager or peer under `feedback:`, and how you will secure their feedback, "
                   "e.g. `- {who: My manager, how: monthly one-to-one}`",
                   "feedback", "no feedback source"),
        AuditCheck("mobility", "How does the goal account for life and mobility preferences?",
                   bool(mobility) and mobility not in _PLACEHOLDERS,
                   "say under `mobility:` how the goal fits your life, location and relocation plans", "mobility",
                   "life and mobility not considered"),
    ])


def _more(count: int, one: str, many: str = "") -> str:
    """`1 more milestone`, `2 more milestones`."""
    return f"{count} more {plural(count, one, many)}"


def _vague_outcome(title: str) -> tuple[str, str] | None:
    """Why the title does not name a specific outcome, and the advice; None when it does.
    A heuristic for English titles: it leaves alone what it cannot read."""
    unspaced = any("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\u0e00" <= c <= "\u0e7f" for c in title)
    if (len(title.strip()) < 4) if unspaced else len(title.split()) < 3:  # Chinese, Japanese, Korean, Thai: no spaces
        return "the title is too vague", "state the outcome in a few concrete words, e.g. `Lead a team of six`"
    words = re.findall(r"\w+(?:['’/-]\w+)*", title.casefold())
    first = words[0] if words else ""
    if first in _ACTIVITY_VERBS or (first in _ACTIVITY_STARTS and not _ACTIVITIES.isdisjoint(words)):
        return ("the title names an activity",
                "name the result the activity should bring, e.g. `Become a senior product manager` rather than "
                "`Complete a product leadership programme`")
    if _SOMEDAY.search(" ".join(words)):
        return ("the title puts the outcome off to someday",
                "be flexible on geography but specific on impact, e.g. `Secure a product leadership role within a European "
                "market in 24 months` rather than `Work in Europe someday`")
    measured = any(c.isdigit() for c in _DATES.sub(" ", title.casefold())) or not _NUMBER_WORDS.isdisjoint(words)
    if not measured and not _DIRECTION_WORDS.isdisjoint(words) and _ARRIVALS.isdisjoint(words):
        return ("the title names a direction, not a result",
                "say where you want to arrive, with a number, a level or a role: e.g. `Lead a team of six` rather than "
                "`Get better at management`")
    return None


@dataclass(frozen=True)
class SeenReadiness:
    """A case's or goal's framework readiness as the readers of its page see it: in the build
    that publishes it (the least ready, if several do, for the table), so a private
    endorsement that no reader will ever see does not make a step look met. `each_view`
    keeps every publishing build's, as a step may be unmet in one and met in another."""

    item: Hideable
    readiness: Readiness
    view: str | None  # PUBLIC, an audience, or OWNER for an item nobody else sees
    each_view: tuple[tuple[Readiness, str | None], ...]


GraphFor = Callable[[str | None], SiteGraph]


def audit_portfolio(graph_for: GraphFor) -> list[Diagnostic]:
    """Audit findings: the checklist and staleness over the owner's view (everything),
    readiness in the view of each page's readers; warnings only."""
    graph = graph_for(OWNER)
    findings: list[Diagnostic] = []
    reviews_overdue = review_schedule(graph.portfolio.reviews.values(), graph.today, graph.portfolio.config.stale_after_days).overdue
    for goal in graph.portfolio.goals.values():
        if goal.status in ("active", "paused"):
            findings.extend(_goal_findings(goal, graph.progress[goal.id], graph.today))
            findings.extend(_unread_indicators(goal, graph, reviews_overdue))
    # A case argues for its goals, and its own steps are reported: a goal's steps are
    # reported where no case (of any visibility) builds on it yet.
    argued = {goal_id for case in graph.portfolio.cases.values() for goal_id in case.goals}
    alone = [g for g in graph.portfolio.goals.values() if g.status in ("active", "paused") and g.id not in argued]
    for seen in [*goal_readiness(alone, graph_for), *case_readiness(graph_for)]:
        findings.extend(_step_findings(seen))
    findings.extend(_undecided_quarter(graph))
    findings.extend(_stale_reviews(graph))
    findings.extend(_dated_after_today(graph))
    findings.extend(_done_after_today(graph))
    findings.extend(_wordless_endorsements(graph))
    findings.extend(_readings_of_one_day(graph))
    return findings


def case_readiness(graph_for: GraphFor) -> list[SeenReadiness]:
    cases = graph_for(OWNER).portfolio.cases.values()
    return [seen for case in cases if (seen := _seen(case, lambda g, i: g.case_readiness.get(i), graph_for))]


def goal_readiness(goals: list[Goal], graph_for: GraphFor) -> list[SeenReadiness]:
    return [seen for goal in goals if (seen := _seen(goal, lambda g, i: g.goal_readiness.get(i), graph_for))]


def _seen(item: Hideable, readiness_in: Callable[[SiteGraph, str], Readiness | None], graph_for: GraphFor) -> SeenReadiness | None:
    found = [(r, view) for view in item.reader_views() if (r := readiness_in(graph_for(view), item.id)) is not None]
    if not found:
        return None
    readiness, view = min(found, key=lambda pair: pair[0].met)
    return SeenReadiness(item, readiness, view, tuple(found))


def view_note(view: str | None) -> str:
    return views_note([view])


def views_note(views: list[str | None]) -> str:
    """` in the `committee` build`, ` in the `manager` and `committee` builds`; nothing for
    the public build or the owner's view."""
    named = [f"`{view}`" for view in views if view not in (PUBLIC, OWNER)]
    if len(named) < 2:
        return "".join(f" in the {name} build" for name in named)
    return f" in the {', '.join(named[:-1])} and {named[-1]} builds"


def _step_findings(seen: SeenReadiness) -> Iterator[Diagnostic]:
    """Each requirement unmet in any build that publishes the item, once per wording of what
    it misses, naming the builds: a committee reading a case the manager's build finds
    ready still sees its unmet step. Every build has the framework's steps, in its order.
    A step is named by its id too where another step has its title, and two requirements
    of one step missing the same are told once: either way two lines were the same."""
    titles = [step.title for step in seen.readiness.steps]
    for rank, step in enumerate(seen.readiness.steps, 1):
        named = f"`{step.title}` (id `{step.id}`)" if titles.count(step.title) > 1 else f"`{step.title}`"
        unmet: dict[str, tuple[str, list[str | None]]] = {}  # what is missing: what to write, and the builds missing it
        for index in range(len(step.requirements)):
            for readiness, view in seen.each_view:
                found = readiness.steps[rank - 1].requirements[index]
                if found.met:
                    continue
                views = unmet.setdefault(found.missing, (found.how, []))[1]
                if view not in views:
                    views.append(view)
        for missing, (how, views) in unmet.items():
            yield replace(_warn(seen.item, ("framework",), "framework-step",
                                f"{seen.readiness.title}{views_note(views)}: step {named} is not met: {missing}",
                                how, key=True), rank=rank)


def _goal_findings(goal: Goal, progress: GoalProgress, today: datetime.date) -> Iterator[Diagnostic]:
    audit = audit_goal(goal)
    for rank, check in enumerate(audit.checks, 1):
        if not check.passed:
            yield replace(_warn(goal, (check.field,), f"audit-{check.id}", f"audit {audit.score}/{audit.total}: {check.question.lower()} ({check.why})",
                                check.advice, key=True), rank=rank)
    leading, lagging = len(progress.leading), len(progress.lagging)
    if len(goal.indicators) >= MIN_INDICATORS and not (3 <= leading <= 5 and 1 <= lagging <= 2):
        yield _warn(goal, ("indicators",), "indicator-mix", f"the goal has {leading} leading and {lagging} lagging indicators",
                    _mix_advice(leading, lagging), key=True)
    for index, gap in enumerate(goal.gaps):
        if not gap.plan.strip():
            yield _warn(goal, ("gaps", index, "need"), "gap-without-plan", f"the gap `{gap.need}` has no plan",
                        "add `plan:` with how you will close it: a course, a stretch project, a mentor, a date")
    if goal.status == "active" and goal.target_date < today:
        yield _warn(goal, ("target_date",), "target-date-passed", f"the target date {goal.target_date} has passed and the goal is still active",
                    "set `status:` to achieved or dropped, or move `target_date:` and note why in the next review")
    for overdue in progress.overdue:
        m = overdue.milestone
        yield _warn(goal, ("milestones", overdue.index, "due"), "overdue-milestone", f"the milestone `{m.title}` was due on {m.due} and is not done",
                    "set `done:` with the date it was reached, or move `due:` and note why in the next review")
    if goal.derived_horizon == "long" and goal.milestones and not any(m.reward.strip() for m in goal.milestones):
        yield _warn(goal, ("milestones",), "no-reward", "no milestone of the goal plans rest or a reward",
                    "add `reward:` to a milestone or two: how you will rest or celebrate once it is reached "
                    "(a goal of more than a year needs recovery as well as output)", key=True)
    for index, entry in enumerate(goal.feedback):
        if isinstance(entry, FeedbackSource) and feedback_state(goal, entry, today) == "overdue":
            yield _warn(goal, ("feedback", index, "next"), "overdue-feedback",
                        f"the next ask for feedback from `{entry.who}` was due on {entry.next}",
                        "ask for it, then set `next:` to the date you will ask again")
    for index, reading in enumerate(progress.indicators):
        if not reading.counted and reading.current is None:
            yield _warn(goal, ("indicators", index, "id"), "no-reading", f"the indicator `{reading.indicator.id}` has no reading yet",
                        f"record it in a review: `readings: {{{goal.id}: {{{reading.indicator.id}: <value>}}}}`")


def _mix_advice(leading: int, lagging: int) -> str:
    """What to change, with the article's examples of each kind: the numbers alone leave
    the author to work out which way the mix is off, and what counts as which."""
    changes = []
    if leading < 3:
        changes.append(f"add {_more(3 - leading, 'leading indicator')}, actions you control such as projects started, "
                       "certifications completed or conversations had")
    if leading > 5:
        changes.append(f"drop or merge {counted(leading - 5, 'leading indicator')}")
    if lagging < 1:
        changes.append("add a lagging indicator, an outcome such as a promotion, a salary increase or an international assignment")
    if lagging > 2:
        changes.append(f"keep the outcomes that matter most: drop {counted(lagging - 2, 'lagging indicator')}, "
                       "or mark one that counts an action you control `kind: leading`")
    return "; ".join(changes) + " (3-5 leading and 1-2 lagging make a readable dashboard)"


def _unread_indicators(goal: Goal, graph: SiteGraph, reviews_overdue: bool) -> Iterator[Diagnostic]:
    """An indicator that the latest review of its goal left out, or that no review has read
    for longer than the review rhythm while other goals are reviewed: its page shows an old
    value as current. Monthly reviews may read only the leading indicators, so a lagging one
    is judged against the latest quarterly review. A paused goal is not being read; when
    every review is overdue, that one warning says it for all."""
    if goal.status != "active":
        return
    held = [r for r in graph.portfolio.reviews.values() if r.date <= graph.today and r.readings.get(goal.id)]
    latest = max(held, key=lambda r: (r.date, r.id), default=None)
    quarterly = max((r for r in held if r.period == "quarterly"), key=lambda r: (r.date, r.id), default=None)
    for index, state in enumerate(graph.progress[goal.id].indicators):
        review = latest if state.indicator.kind == "leading" else quarterly
        if state.counted or not state.readings:
            continue
        last = state.readings[-1]
        if review is not None and last.date < review.date:
            yield _warn(goal, ("indicators", index, "id"), "old-reading",
                        f"the indicator `{state.indicator.id}` was last read on {last.date}; the latest "
                        f"{'' if review is latest else 'quarterly '}review of this goal ({review.date}) has no reading for it",
                        f"add `{state.indicator.id}` under `readings: {{{goal.id}: ...}}` in {review.source.path}, "
                        "or remove the indicator if you no longer track it")
        elif not reviews_overdue and stale_reading(state, graph.today, graph.portfolio.config.stale_after_days):
            yield _warn(goal, ("indicators", index, "id"), "stale-reading",
                        f"the indicator `{state.indicator.id}` was last read on {last.date}, "
                        f"{counted((graph.today - last.date).days, 'day')} ago; the goal's pages show that value as current",
                        f"read it in your next review: `readings: {{{goal.id}: {{{state.indicator.id}: <value>}}}}`")


def _stale_reviews(graph: SiteGraph) -> Iterator[Diagnostic]:
    """With no review at all, each active goal is told so in its own file, where the user
    sees what a first review would read; a folder is no place to open. A paused, achieved
    or dropped goal is not being read."""
    schedule = review_schedule(graph.portfolio.reviews.values(), graph.today, graph.portfolio.config.stale_after_days)
    last = schedule.last
    if last is None:
        for goal in graph.portfolio.goals.values():
            if goal.status == "active":
                yield Diagnostic(goal.source.path, 1, 1, "warning", "no-reviews", "there is no review of this active goal yet",
                                 f"write a review with readings of each indicator, then one at least every {counted(schedule.days, 'day')}: "
                                 "`goalfolio new review`")
        return
    if schedule.overdue:
        age = (graph.today - last.date).days
        due = (f"after a monthly review the next is due within a month, by {schedule.next_due}" if schedule.monthly
               else f"reviews are due every {counted(schedule.days, 'day')}")
        yield Diagnostic(last.source.path, 1, 1, "warning", "stale-review", f"the last review was {counted(age, 'day')} ago ({last.date}); {due}",
                         "write a review with fresh readings: `goalfolio new review`")


def _dated_after_today(graph: SiteGraph) -> Iterator[Diagnostic]:
    """Evidence and endorsements record what happened. One dated after today is listed on
    the pages already, but meets framework steps and joins the feed only on its date: most
    often a mistyped year, or a plan, which is a goal's milestone."""
    dated: list[Evidence | Endorsement] = [*graph.portfolio.evidence.values(), *graph.portfolio.endorsements.values()]
    for item in dated:
        if item.date > graph.today:
            yield _warn(item, ("date",), "dated-after-today", f"the date {item.date} is after today ({graph.today})",
                        "check the year; what is still to happen is a milestone of its goal until it has")


def _done_after_today(graph: SiteGraph) -> Iterator[Diagnostic]:
    """A milestone counts as done only from its `done` date, as evidence counts from its
    own: one done after today shows as still due, which is most often a mistyped year."""
    for goal in graph.portfolio.goals.values():
        for index, milestone in enumerate(goal.milestones):
            if milestone.done is not None and milestone.done > graph.today:
                yield _warn(goal, ("milestones", index, "done"), "done-after-today",
                            f"the milestone `{milestone.title}` is marked done on {milestone.done}, after today ({graph.today})",
                            "check the year; until that date the milestone shows as due")


def _wordless_endorsements(graph: SiteGraph) -> Iterator[Diagnostic]:
    """An endorsement with neither a body nor a `quote:` puts an empty quote on the wall."""
    for endorsement in graph.portfolio.endorsements.values():
        if not endorsement.quote.strip() and not endorsement.source.body.strip():
            yield Diagnostic(endorsement.source.path, 1, 1, "warning", "no-words",
                             "this endorsement holds no words, so the wall shows an empty quote",
                             "write what they said below the front matter, or as `quote:`")


def _readings_of_one_day(graph: SiteGraph) -> Iterator[Diagnostic]:
    """Two reviews of one date reading an indicator differently: the chart draws both at
    that date, and which is current depends on the reviews' ids."""
    reviews = graph.portfolio.reviews
    for goal in graph.portfolio.goals.values():
        for state in graph.progress[goal.id].indicators:
            first: dict[datetime.date, Reading] = {}
            for reading in (r for r in state.readings if r.source in reviews):
                earlier = first.setdefault(reading.date, reading)
                if earlier is not reading and earlier.value != reading.value:
                    yield _warn(reviews[reading.source], ("readings", goal.id, state.indicator.id), "readings-of-one-day",
                                f"`{state.indicator.id}` of `{goal.id}` is read as {written_number(reading.value)} here and as "
                                f"{written_number(earlier.value)} in {reviews[earlier.source].source.path}, a review of the same date",
                                "keep one reading for the date: remove one, or give the reviews their own dates", key=True)


def _undecided_quarter(graph: SiteGraph) -> Iterator[Diagnostic]:
    """The latest quarterly review, where tactics change, should decide what to keep, stop or
    start; a monthly review may only read the indicators."""
    quarterly = [r for r in graph.portfolio.reviews.values() if r.date <= graph.today and r.period == "quarterly"]
    tactics = max(quarterly, key=lambda r: (r.date, r.id)) if quarterly else None
    if tactics is not None and not tactics.decisions:
        yield _warn(tactics, ("period",) if "period" in tactics.model_fields_set else ("date",), "no-decisions",
                    "the latest quarterly review decides nothing to keep, stop or start",
                    "a quarterly review is where tactics change: add `decisions:` such as "
                    "`- {action: stop, what: Work that produces no evidence}`", key=True)


def _warn(item: Item, loc: tuple[str | int, ...], code: str, message: str, hint: str, key: bool = False) -> Diagnostic:
    return located_error(item.source.path, item.source.front_matter, loc, code, message, hint, severity="warning", key=key)
