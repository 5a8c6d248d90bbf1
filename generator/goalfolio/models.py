"""The content model: what each kind of content file may say, as pydantic models, and an
item's `Source`. What every item shares (its id, source and visibility, and the strict base
model) is in `items`; the types of single values (ids, dates, numbers, links, visibility)
and their checks are in `fieldtypes`.

The models validate front matter only. Derived values (progress, pace, readiness) live in
`progress` and `frameworks`; cross-file references are resolved by `graph`. Every model
forbids unknown fields so that a typo is reported instead of silently ignored.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag, field_validator

from .citations import CITATION_RE, Citation, find_citations
from .errors import HINT
from .excerpts import excerpt
from .fieldtypes import (
    Date,
    EvidenceKind,
    GapKind,
    GoalStatus,
    GoalType,
    Id,
    Number,
    Relationship,
    Required,
    Url,
    Visibility,
)
from .frontmatter import FrontMatter
from .items import Hideable, Item, Model, NamesItems

PROFILE_ID = "profile"  # content/profile.md's id: no item in a folder may take it


class Link(Model):
    title: str = Field(default="", description="The link's text; without it, the address is shown.")
    url: Url = Field(description="An `https://`, `http://` or `mailto:` address, or a path from the site root such as `assets/slides.pdf`.")


@dataclass(frozen=True)
class Source:
    """Where an item came from: enough to point at any of its lines later."""

    path: str
    front_matter: FrontMatter
    body: str
    body_line: int
    digest: str

    # What pages and checks take from the body, worked out on first use. The build cache
    # pickles the source with the values already worked out, so a build after one edit
    # scans only the edited body again. The excerpt names cited items by a mark: pages show
    # it through `sitepages.wording.shown_excerpt`.
    def excerpt(self, allow_html: bool) -> str:
        """An evidence card's line, an endorsement's pull quote, a review's summary, a feed
        entry, a page's description: the first sentence below any heading, which is not a
        sentence to quote. As for citations, each setting's is kept apart."""
        return self._html_excerpt if allow_html else self._excerpt

    @functools.cached_property
    def _excerpt(self) -> str:
        return excerpt(self.body)

    @functools.cached_property
    def _html_excerpt(self) -> str:
        return excerpt(self.body, allow_html=True)

    def citations(self, allow_html: bool) -> tuple[Citation, ...]:
        """The body's citations as a build with `markdown.allow_html` as given shows them.
        Each setting's are a function of the body alone, so an item cached under one
        setting is sound under the other: they are kept apart, not worked out once."""
        return self._html_citations if allow_html else self._citations

    @functools.cached_property
    def _citations(self) -> tuple[Citation, ...]:
        return find_citations(self.body)

    @functools.cached_property
    def _html_citations(self) -> tuple[Citation, ...]:
        return find_citations(self.body, allow_html=True)


class LanguageSkill(Model):
    language: Required = Field(description="The language, e.g. `Dutch`.")
    level: str = Field(default="", description="How well you speak it, e.g. `native` or `A2`.")


class Profile(Item):
    name: Required = Field(description="Your name, as the site shows it.")
    headline: str = Field(default="", description="One line under your name; also the home page's description.")
    role: str = Field(default="", description="Your current job title.")
    organisation: str = Field(default="", description="Your current employer.")
    location: str = Field(default="", description="Where you live now.")
    target_locations: list[Required] = Field(default=[], description="Cities or regions you aim to work in; the mobility playbook reads them.")
    languages: list[LanguageSkill] = Field(default=[], description="Languages you speak, each `{language, level}`, e.g. `{language: Dutch, level: A2}`.")
    links: list[Link] = Field(default=[], description="Your profiles, writing or slides, each `{title, url}`.")
    email: str = Field(default="", description="Your contact address.")
    photo: str = Field(default="", description="A file under content/assets/, e.g. portrait.jpg.")

    @property
    def visibility(self) -> Visibility:
        """Always public, and not a field: `visibility:` in profile.md is an unknown field."""
        return "public"


class CountRule(Model):
    kind: EvidenceKind = Field(description="Count linked evidence of this kind.")


class Indicator(Model):
    id: Id = Field(description="The indicator's id, unique within the goal; a review's `readings` name it.")
    name: Required = Field(description="What is measured, e.g. `Study hours`.")
    kind: Literal["leading", "lagging"] = Field(
        description="`leading`: an action you control (study hours, interviews held); `lagging`: an outcome (conversion, promotion).")
    unit: str = Field(default="", description="Unit shown after values, e.g. `%`, `hours` or `/10`. Default: none.")
    baseline: Number = Field(default=0.0, description="The value at the start. Default: 0.")
    target: Number = Field(description="The value that means done; it must differ from `baseline`.")
    direction: Literal["up", "down"] = Field(
        default="up", description="`up` (the default) when higher is better; `down` when lower is, with `target` below `baseline`.")
    count: CountRule | None = Field(default=None, title="Count", description=(
        "Take the value from linked evidence instead of review readings: the number of items of a kind, e.g. `{kind: interview}`."))



class Milestone(NamesItems):
    title: Required = Field(description="The checkpoint, e.g. `Sit the exam`.")
    due: Date = Field(description="When it is due (YYYY-MM-DD); a date outside the goal's `start` to `target_date` gets a warning.")
    done: Date | None = Field(default=None, description="When it was reached (YYYY-MM-DD); it counts as done from that date. Absent while not done.")
    evidence: list[Id] = Field(default=[], description="Ids of the evidence that shows it is done.")
    reward: str = Field(default="", description=(
        "How you will rest or celebrate once it is reached, e.g. `A long weekend offline`: milestones of a long goal "
        "should include rest and reward, not just output."))


class Gap(Model):
    need: Required = Field(description="What the target needs that you lack, e.g. `Listening at natural speed`.")
    kind: GapKind = Field(default="skill", description="What sort of gap; `visa` is a visa, work or residence permit. Default: `skill`.")
    plan: str = Field(default="", description="How you will close it, e.g. a course or a stretch project; the audit asks for one.")


class FeedbackSource(Model):
    """An entry of a goal's `feedback:` that answers the checklist's question apart: who gives
    feedback, how it is secured, and when it is next asked for."""

    who: Required = Field(description="Who gives it: a person or a role, e.g. `My manager` or `Priya Shah (mentor)`.")
    how: Required = Field(description="How you will secure it, e.g. `monthly one-to-one` or `written review after each launch`.")
    next: Date | None = Field(default=None, description=(
        "When you will next ask for it (YYYY-MM-DD); while the goal is active or paused, a date before `today` shows as "
        "overdue and `check` warns."))

    def __str__(self) -> str:
        """As a theme written for entries of text prints one (`goal.feedback|join('; ')`)."""
        return f"{self.who} ({self.how})"


_SOURCE_FIELDS = frozenset(FeedbackSource.model_fields)
# The tags of a `feedback:` entry's two forms, named as pydantic names the members of an
# untagged union (`list[str]`), with brackets, which `validation` leaves out of the field
# path it reports: an error is at `feedback[1].how`, not at `feedback[1].feedback[fields].how`.
_TEXT_TAG = "feedback[text]"
_FIELDS_TAG = "feedback[fields]"


def _feedback_form(entry: Any) -> str:
    """Which form an entry of `feedback:` is written in, so that it is checked against that
    form alone, not reported as wrong under both. A mapping of one key that is none of the
    fields (`- My mentor: quarterly`) is text that a `: ` cut in two, as it was before the
    fields were there: it is reported as text to quote."""
    if isinstance(entry, FeedbackSource) or (isinstance(entry, dict) and (len(entry) > 1 or not _SOURCE_FIELDS.isdisjoint(entry))):
        return _FIELDS_TAG
    return _TEXT_TAG


FeedbackEntry = Annotated[
    Union[Annotated[Required, Tag(_TEXT_TAG)], Annotated[FeedbackSource, Tag(_FIELDS_TAG)]],
    Discriminator(_feedback_form),
]


class Goal(Hideable):
    title: Required = Field(description="The outcome, e.g. 'Lead a team of six'.")
    type: GoalType = Field(description="The kind of goal.")
    start: Date = Field(description="When work on the goal started (YYYY-MM-DD).")
    target_date: Date = Field(description="When the outcome should be reached (YYYY-MM-DD); it must be after `start`.")
    status: GoalStatus = Field(default="active", description="Where the goal stands. Default: `active`.")
    horizon: Literal["short", "long"] | None = Field(default=None, description=(
        "Derived when absent: `short` when `target_date`'s month is at most 12 months after `start`'s, else `long`."))
    why: str = Field(default="", description="Why the goal matters to you.")
    non_negotiables: list[Required] = Field(default=[], description="Limits you will not trade away for the goal.")
    framework: str | None = Field(default=None, description=(
        "Framework whose steps the goal is checked against: `evidence-ladder`, `pivot-bridge`, `mobility-playbook` "
        "or one from goalfolio.yaml. Default: none."))
    indicators: list[Indicator] = Field(default=[], description="What you measure to show progress; aim for 3-5 leading and 1-2 lagging indicators.")
    milestones: list[Milestone] = Field(default=[], description="Dated checkpoints on the way to the outcome, each `{title, due}` and `done` once reached.")
    gaps: list[Gap] = Field(default=[], description="Skills, credentials or experience the target needs that you lack, each `{need, kind, plan}`.")
    feedback: list[FeedbackEntry] = Field(default=[], description=(
        "Who gives you feedback, and how you will secure it: each as text, e.g. `My manager (monthly one-to-one)`, "
        "or as `{who, how, next}`, e.g. `{who: My manager, how: monthly one-to-one, next: 2026-12-04}`."))
    mobility: str = Field(default="", description="How the goal fits your life, location and relocation plans.")
    parent: Id | None = Field(default=None, description="The id of a larger goal this one serves; no loops. Default: none.")
    tags: list[Required] = Field(default=[], description="Free labels.")

    @property
    def derived_horizon(self) -> str:
        if self.horizon:
            return self.horizon
        months = (self.target_date.year - self.start.year) * 12 + self.target_date.month - self.start.month
        return "short" if months <= 12 else "long"


class Metric(Model):
    name: Required = Field(description="What was measured, e.g. `Time to resolve a refund`.")
    before: Number | None = Field(default=None, description="The value before the change; without it, only `after` is shown.")
    after: Number = Field(description="The value after the change.")
    unit: str = Field(default="", description=(
        "Unit of both values, e.g. `days`; a change in `%` or on a scale such as `/5` is shown in points. Default: none."))


class Evidence(Hideable):
    title: Required = Field(description="A short name for the piece of work.")
    date: Date = Field(description="When it happened or was completed (YYYY-MM-DD).")
    kind: EvidenceKind = Field(description="What sort of evidence; `interview` means an informational interview.")
    goals: list[Id] = Field(default=[], description="Ids of the goals this evidence supports.")
    ladder: Literal["baseline", "stretch"] | None = Field(default=None, description=(
        "Its rung on the evidence ladder: `baseline` for your starting results, `stretch` for a stretch initiative. Default: none."))
    metrics: list[Metric] = Field(default=[], description="Measured changes, each `{name, before, after, unit}`; `name` and `after` are required.")
    skills: list[Required] = Field(default=[], description="Skills the work shows.")
    location: str = Field(default="", description=(
        "Where it happened, e.g. `Amsterdam`; an interview's counts towards the mobility playbook's local network."))
    links: list[Link] = Field(default=[], description="Links to the work, each `{title, url}`.")


class Endorsement(Hideable):
    author: Required = Field(description="Who wrote it; with `attribution: anonymous`, the site never shows the name.")
    role: Required = Field(description="The author's role, e.g. `Head of Customer Operations`.")
    organisation: str = Field(default="", description="The author's organisation.")
    relationship: Relationship = Field(description="How the author knows your work; `report` is someone you manage.")
    date: Date = Field(description="When it was given (YYYY-MM-DD).")
    goals: list[Id] = Field(default=[], description="Ids of the goals it supports.")
    evidence: list[Id] = Field(default=[], description="Ids of the evidence it speaks to.")
    quote: str = Field(default="", description=(
        "Pull quote, shown as written; defaults to the body's first sentence. It may not cite items with `[[id]]`."))
    attribution: Literal["named", "anonymous"] = Field(default="named", description=(
        "`anonymous` hides the author's name on the site, though not in your source file. Default: `named`."))
    location: str = Field(default="", description="Where the author works; counts towards the mobility playbook's local network.")

    @property
    def is_anonymous(self) -> bool:
        return self.attribution == "anonymous"

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """Without an anonymous author's name: a theme's template that prints the whole
        item (`{{ n.item }}`, its `pprint`) would publish it."""
        return ((name, value) for name, value in super().__repr_args__() if not (name == "author" and self.is_anonymous))

    def __iter__(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        """The fields as `__repr_args__` shows them, for a template that loops over the item."""
        return ((name, value) for name, value in super().__iter__() if not (name == "author" and self.is_anonymous))

    @field_validator("quote")
    @classmethod
    def _quote_cites_nothing(cls, quote: str) -> str:
        """A quote is someone's words, shown as written on every page: a citation in it would
        show its id, also a hidden item's."""
        cited = CITATION_RE.search(quote)
        if cited:
            raise ValueError(f"a quote is shown as written, so `{cited.group()}` in it would show as it is"
                             f"{HINT}name the item in words, and cite it with [[id]] in the body")
        return quote


class Decision(Model):
    action: Literal["keep", "stop", "start"] = Field(description="Whether to `keep`, `stop` or `start` doing it.")
    what: Required = Field(description="What is kept, stopped or started.")


class Review(Hideable):
    date: Date = Field(description="Date of the review (YYYY-MM-DD); one after `today` is planned, and its readings count from that day.")
    period: Literal["monthly", "quarterly"] = Field(default="quarterly", description=(
        "Review rhythm: the next is due a month after a `monthly` review (sooner if `stale_after_days` is), "
        "else `stale_after_days` after it. Default: `quarterly`."))
    readings: dict[str, dict[str, Number]] = Field(default={}, description=(
        "Each indicator's value on this date, as `{goal id: {indicator id: number}}`; counted indicators need none."))
    decisions: list[Decision] = Field(default=[], description="What you decided, each `{action, what}` with `action` one of `keep`, `stop`, `start`.")


class Case(Hideable):
    title: Required = Field(description="The case's title.")
    target_role: Required = Field(description="The role the case argues for.")
    goals: list[Id] = Field(min_length=1, description="Ids of the goals the case is about; at least one.")
    framework: str = Field(default="evidence-ladder", description=(
        "Framework whose steps the case is checked against: a built-in one or one from goalfolio.yaml. Default: `evidence-ladder`."))
    audience: Literal["manager", "recruiter", "committee"] = Field(default="manager", description=(
        "Who the case is written for, shown on its page; not who may see it (that is `visibility`). Default: `manager`."))
    evidence: list[Id] | None = Field(default=None, description="Explicit selection; default: all evidence linked to the goals.")
    endorsements: list[Id] | None = Field(default=None, description=(
        "Explicit selection, shown in this order; default: all endorsements linked to the goals."))


CONTENT_TYPES: dict[str, type[Item]] = {
    "goals": Goal,
    "evidence": Evidence,
    "endorsements": Endorsement,
    "reviews": Review,
    "cases": Case,
}
