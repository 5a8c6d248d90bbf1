"""The content model: what each kind of content file may say, as pydantic models, with
the field types they share with goalfolio.yaml's models (`siteconfig`).

The models validate front matter only. Derived values (progress, pace, readiness) live in
`progress` and `frameworks`; cross-file references are resolved by `graph`. Every model
forbids unknown fields so that a typo is reported instead of silently ignored.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    Strict,
    WithJsonSchema,
    field_validator,
)

from .citations import CITATION_RE, Citation, find_citations
from .disclosure import REFERENCE_FIELDS, shown_references
from .errors import HINT
from .excerpts import excerpt
from .frontmatter import FrontMatter
from .links import from_site_root

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_RE = re.compile(ID_PATTERN)
PROFILE_ID = "profile"  # content/profile.md's id: no item in a folder may take it

Id = Annotated[str, Field(pattern=ID_PATTERN, description="An item id: lowercase letters, digits, `-`.")]
GoalType = Literal["advancement", "leadership", "education", "personal", "mobility"]
GoalStatus = Literal["active", "achieved", "paused", "dropped"]
EvidenceKind = Literal[
    "project", "result", "certification", "course", "talk", "publication",
    "interview", "referral", "assignment", "other",
]
GapKind = Literal["skill", "credential", "experience", "network", "language", "visa"]
Relationship = Literal["manager", "peer", "stakeholder", "report", "mentor", "client"]
EVIDENCE_KINDS: tuple[str, ...] = EvidenceKind.__args__  # type: ignore[attr-defined]
GAP_KINDS: tuple[str, ...] = GapKind.__args__  # type: ignore[attr-defined]
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _check_url(url: str) -> str:
    """Front matter links may only lead to the web, to mail, or within the site."""
    lowered = url.strip().lower()
    if ":" in lowered.split("/", 1)[0] and not lowered.startswith(SAFE_SCHEMES):
        raise ValueError(f"the link `{url}` uses a scheme that is not allowed (only http, https, mailto and relative links)")
    if lowered.startswith("//"):
        raise ValueError(f"the link `{url}` has no scheme; write it with https://")
    if lowered.startswith("/"):
        raise ValueError(f"the link `{url}` starts with `/`, which breaks under a /repo/ prefix and from disk; "
                         f"write it from the site root without the `/` (`{from_site_root(url.strip())}`)")
    if lowered.startswith(("./", "../")) or lowered in (".", ".."):
        raise ValueError(_from_the_page(url.strip()))
    unsafe = unsafe_character(url.strip())
    if unsafe is not None:
        raise ValueError(f"the link `{url}` holds {unsafe}, which a web address cannot; write spaces as %20")
    return url


def _from_the_page(url: str) -> str:
    """A link under `links:` is shown on several pages (the item's own, the home page) and in
    portfolio.json, each reading it from the site root: `../x/` from the page's folder would
    lead somewhere else from each, so it is refused rather than guessed at."""
    start = "../" if url.startswith("..") else "./"
    fixed = re.sub(r"^(?:\.\.?(?:/|$))+", "", url)
    hint = f"write it from the site root: `{fixed}`" if fixed.startswith("assets/") else \
        ("a link under `links:` is a path from the site root, as every page and portfolio.json read it, "
         "such as `goals/lead-team/` or `assets/slides.pdf`")
    return f"the link `{url}` starts with `{start}`, which differs from page to page{HINT}{hint}"


def unsafe_character(url: str) -> str | None:
    """The first character of `url` that a web address cannot hold as written, in words."""
    unsafe = next((c for c in url if c.isspace() or c in '"<>`'), None)
    if unsafe is None:
        return None
    return "a space" if unsafe.isspace() else f"`{unsafe}`"


def _check_visibility(value: Any) -> Any:
    if value in ("public", "private"):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return value
    raise ValueError("visibility must be `public`, `private`, or a list of audience names such as [manager]")


Url = Annotated[str, AfterValidator(_check_url)]
# Numbers are strict so that YAML's `yes`/`no` (booleans) or a quoted "12" are reported, not read as 1, 0 or 12.
Required = Annotated[str, Field(min_length=1)]  # text that must be there, and not empty
Number = Annotated[float, Strict()]
Count = Annotated[int, Strict()]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _quoted_date(value: object) -> object:
    """A quoted `"2026-03-14"` is read as the date it names, as Hugo and Jekyll read it:
    their archetypes, YAML 1.2 tools (to which every date is text) and scripts dumping text
    write dates so. Only that one form is: a number is no date (pydantic would read
    `start: 0` as 1970-01-01), and other text, `"2026-02-30"` too, is left for the strict
    check to refuse, as it is unquoted (validation says why)."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


Date = Annotated[datetime.date, Strict(), BeforeValidator(_quoted_date)]
Visibility = Annotated[
    Union[str, list[str]],
    PlainValidator(_check_visibility),
    WithJsonSchema({
        "anyOf": [{"enum": ["public", "private"]},
                  {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}],
        "description": "`public` (default), `private`, or a list of audience names from goalfolio.yaml.",
    }),
]


class Model(BaseModel):
    """`defer_build`: a model's validator is built when a file of its kind is first
    validated, not at import. A build that takes most items from the cache validates only
    the edited files, and so skips building the validators of the other kinds."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False, defer_build=True)


class Link(Model):
    title: str = ""
    url: Url


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
    # it through `sitepages.views.shown_text`.
    @functools.cached_property
    def excerpt(self) -> str:
        return excerpt(self.body)

    @property
    def lead(self) -> str:
        """An endorsement's pull quote, a review's summary, a feed entry: the excerpt's
        sentence, as a heading above the first paragraph is not a sentence to quote."""
        return self.excerpt

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


_CACHED_FROM = {"_id": ("id",), "_source": ("source", "body")}  # private attribute -> cached properties


class Item(Model):
    """Fields and source shared by every content file."""

    if TYPE_CHECKING:  # a field of each kind of item but the profile (see `Hideable`)
        @property
        def visibility(self) -> Visibility: ...

    _id: str = PrivateAttr(default="")
    _source: Source | None = PrivateAttr(default=None)

    # `id`, `source` and `body` are read hundreds of thousands of times per build. A plain property
    # over a private attribute goes through pydantic's slow `__getattr__`; a cached_property
    # lands in the instance `__dict__` after the first read (not a field: dumps, the JSON
    # schema and `extra="forbid"` are unaffected), and `__setattr__` drops it when the
    # private attribute is set, so an early read can never leave a stale value behind.
    @functools.cached_property
    def id(self) -> str:
        return self._id

    @functools.cached_property
    def source(self) -> Source:
        assert self._source is not None, "items are always loaded with a source"
        return self._source

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        for cached in _CACHED_FROM.get(name, ()):
            self.__dict__.pop(cached, None)

    @functools.cached_property
    def body(self) -> str:
        return self._source.body if self._source else ""

    @property
    def is_public(self) -> bool:
        return self.visibility == "public"

    def visible_to(self, audience: str | None) -> bool:
        """`audience` None is the owner's view, which sees everything."""
        if audience is None or self.visibility == "public":
            return True
        return isinstance(self.visibility, list) and audience in self.visibility

    def reader_views(self) -> list[str | None]:
        """The builds that publish this item: the public one for a public item (every
        audience's build shows what it shows), each of its audiences', or the owner's (None)
        alone for a private one."""
        if self.visibility == "public":
            return ["public"]
        if self.visibility == "private":
            return [None]
        return list(self.visibility)

    def build_hiding(self, target: Item) -> str | None:
        """A build that shows this item and not `target`, named for a message, or None:
        where a citation of `target`, or a link to it, would lose it or give its id away."""
        if target.is_public or self.visibility == "private":  # a private item is only in the owner's build
            return None
        if self.is_public:
            return "a public build"
        hidden = [name for name in self.visibility if not target.visible_to(name)]
        return f"the build for `{hidden[0]}`" if hidden else None


class NamesItems(Model):
    """A model with fields naming other items by id. A theme's template that prints or
    loops over the whole of one (`{{ case }}`, `{% for field, value in case %}`) gets the
    ids as it would reading each field: only those the page's build shows (`disclosure`).
    A loop gives the fields only, not the source (the front matter as written)."""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return ((name, shown_references(value) if name in REFERENCE_FIELDS else value) for name, value in super().__repr_args__())

    def __iter__(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        fields = type(self).model_fields
        return ((name, shown_references(value) if name in REFERENCE_FIELDS else value)
                for name, value in super().__iter__() if name in fields)


class Hideable(NamesItems, Item):
    """Items that may be kept from the public site. The profile is not one: it is the site."""

    visibility: Visibility = "public"


class LanguageSkill(Model):
    language: str
    level: str = ""


class Profile(Item):
    name: Required
    headline: str = ""
    role: str = ""
    organisation: str = ""
    location: str = ""
    target_locations: list[str] = []
    languages: list[LanguageSkill] = []
    links: list[Link] = []
    email: str = ""
    photo: str = Field(default="", description="A file under content/assets/, e.g. portrait.jpg.")

    @property
    def visibility(self) -> Visibility:
        """Always public, and not a field: `visibility:` in profile.md is an unknown field."""
        return "public"


class CountRule(Model):
    kind: EvidenceKind = Field(description="Count linked evidence of this kind.")


class Indicator(Model):
    id: Id
    name: Required
    kind: Literal["leading", "lagging"]
    unit: str = ""
    baseline: Number = 0.0
    target: Number
    direction: Literal["up", "down"] = "up"
    count: CountRule | None = Field(default=None, title="Count")



class Milestone(NamesItems):
    title: Required
    due: Date
    done: Date | None = None
    evidence: list[Id] = []


class Gap(Model):
    need: Required
    kind: GapKind = "skill"
    plan: str = ""


class Goal(Hideable):
    title: str = Field(min_length=1, description="The outcome, e.g. 'Lead a team of six'.")
    type: GoalType
    start: Date
    target_date: Date
    status: GoalStatus = "active"
    horizon: Literal["short", "long"] | None = Field(default=None, description="Derived when absent: up to 12 months is short.")
    why: str = ""
    non_negotiables: list[str] = []
    framework: str | None = None
    indicators: list[Indicator] = []
    milestones: list[Milestone] = []
    gaps: list[Gap] = []
    feedback: list[str] = []
    mobility: str = ""
    parent: Id | None = None
    tags: list[str] = []

    @property
    def derived_horizon(self) -> str:
        if self.horizon:
            return self.horizon
        months = (self.target_date.year - self.start.year) * 12 + self.target_date.month - self.start.month
        return "short" if months <= 12 else "long"


class Metric(Model):
    name: Required
    before: Number | None = None
    after: Number
    unit: str = ""


class Evidence(Hideable):
    title: Required
    date: Date
    kind: EvidenceKind
    goals: list[Id] = []
    ladder: Literal["baseline", "stretch"] | None = None
    metrics: list[Metric] = []
    skills: list[str] = []
    location: str = ""
    links: list[Link] = []


class Endorsement(Hideable):
    author: Required
    role: str
    organisation: str = ""
    relationship: Relationship
    date: Date
    goals: list[Id] = []
    evidence: list[Id] = []
    quote: str = Field(default="", description="Pull quote; defaults to the body's first sentence.")
    attribution: Literal["named", "anonymous"] = "named"
    location: str = ""

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
    action: Literal["keep", "stop", "start"]
    what: Required


class Review(Hideable):
    date: Date
    period: Literal["monthly", "quarterly"] = "quarterly"
    readings: dict[str, dict[str, Number]] = Field(default={}, description="{goal id: {indicator id: value}}")
    decisions: list[Decision] = []


class Case(Hideable):
    title: Required
    target_role: str
    goals: list[Id] = Field(min_length=1)
    framework: str = "evidence-ladder"
    audience: Literal["manager", "recruiter", "committee"] = "manager"
    evidence: list[Id] | None = Field(default=None, description="Explicit selection; default: all evidence linked to the goals.")
    endorsements: list[Id] | None = Field(default=None, description="Explicit selection; default: all endorsements linked to the goals.")


CONTENT_TYPES: dict[str, type[Item]] = {
    "goals": Goal,
    "evidence": Evidence,
    "endorsements": Endorsement,
    "reviews": Review,
    "cases": Case,
}
