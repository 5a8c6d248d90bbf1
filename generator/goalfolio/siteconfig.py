"""goalfolio.yaml's models: the site's settings, its audiences, and the frameworks it may
define (the built-in ones in `frameworks` are of the same models).

A model of its own because the config is read before any content file, and by itself
(`config`), and because a framework's requirements name the content's fields and kinds:
this module reads `models`, never the other way.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    Strict,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .errors import HINT, listed
from .fieldtypes import EVIDENCE_KINDS, GAP_KINDS, Count, Date, Id, Required, unsafe_character
from .items import Model
from .models import Profile

# A language (two or three letters, as ISO 639 gives them), then subtags: script, region,
# variant (`en`, `zh-Hant-TW`, `de-CH-1996`); `x-` private use tags too.
LANGUAGE_TAG_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|[xX](?:-[A-Za-z0-9]{1,8})+")


# Strict, as numbers are (`fieldtypes`): `1` or a quoted "yes" is reported, not read as true.
# YAML 1.1's `yes`, `no`, `on` and `off` are booleans to PyYAML, so to goalfolio, and text
# to a YAML 1.2 editor checking the schema, which therefore allows them as text.
Flag = Annotated[bool, Strict(), WithJsonSchema({"anyOf": [
    {"type": "boolean"}, {"type": "string", "pattern": "^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$"}]})]


CheckName = Literal[
    "evidence", "endorsements", "skills", "case_body", "gaps", "profile",
    "local_contacts", "after_credential", "milestones",
]


# The options each check reads (`label` is every check's): one given to another check would
# be ignored, and its step would read as stricter than it is.
CHECK_OPTIONS: dict[str, tuple[str, ...]] = {
    "evidence": ("count", "kind", "ladder", "with_metrics"),
    "endorsements": ("count", "distinct_authors"),
    "skills": ("count",),
    "case_body": ("cites",),
    "gaps": ("count", "kind", "with_plan"),
    "profile": ("field",),
    "local_contacts": ("count",),
    "after_credential": ("count", "kind"),
    "milestones": ("count",),
}


def _profile_field_schema(schema: dict[str, Any]) -> None:
    """The profile's fields, and no default: the empty one only stands for "not given", which
    the `profile` check refuses, and a default outside the enum is a schema error to editors."""
    schema["enum"] = list(Profile.model_fields)
    schema.pop("default", None)


class Requirement(Model):
    check: CheckName = Field(description="What the requirement checks; an option that the check does not read is an error.")
    count: Count = Field(default=1, json_schema_extra={"minimum": 1},  # below 1: _counts_something
                         description="For a check that counts: how many are needed, 1 or more. Default: 1.")
    kind: list[str] = Field(default=[], json_schema_extra={"items": {"enum": [*EVIDENCE_KINDS, *GAP_KINDS], "type": "string"}},
                            description="Evidence kinds to count (gap kinds for `gaps`); default: any kind.")
    ladder: Literal["baseline", "stretch"] | None = Field(default=None, description=(
        "For `evidence`: count only evidence on this rung of the ladder. Default: any rung."))
    with_metrics: Flag = Field(default=False, description=(
        "For `evidence`: count only evidence with a metric giving both `before` and `after`. Default: false."))
    distinct_authors: Flag = Field(default=True, description=(
        "For `endorsements`: count distinct authors, each anonymous endorsement as its own. Default: true."))
    with_plan: Flag = Field(default=False, description="For `gaps`: every gap counted must have a `plan`. Default: false.")
    cites: Flag = Field(default=False, description="For `case_body`: the body must also cite evidence with `[[id]]`. Default: false.")
    field: str = Field(default="", json_schema_extra=_profile_field_schema,
                       description="For `profile`, which needs it: the profile field that must be filled, e.g. `target_locations`.")
    label: str = Field(default="", description="How the requirement reads in checklists; default: wording made from its options.")

    @field_validator("count", "kind", "ladder", "with_metrics", "distinct_authors", "with_plan", "cites", "field",
                     mode="before")
    @classmethod
    def _option_applies(cls, value: object, info: ValidationInfo) -> object:
        """Reported at the option, as an unknown field is; skipped when `check` itself is wrong."""
        check, option = info.data.get("check"), info.field_name
        if check is None or option is None or option in CHECK_OPTIONS[check]:
            return value
        readers = [name for name, options in CHECK_OPTIONS.items() if option in options]
        article = "an" if check[0] in "aeiou" else "a"
        raise ValueError(f"`{option}` does not apply to {article} `{check}` requirement, which reads only "
                         f"{listed(CHECK_OPTIONS[check])}{HINT}remove `{option}`, or use it with a check that reads it: "
                         f"{', '.join(readers)}")

    @field_validator("count")
    @classmethod
    def _counts_something(cls, count: int) -> int:
        """A count below 1 is met with nothing at all: its step, and the readiness a case
        shows its readers, would claim what no evidence supports."""
        if count < 1:
            raise ValueError(f"`count: {count}` is always met, so this requirement checks nothing{HINT}"
                             "write a count of 1 or more, or remove the requirement")
        return count

    @field_validator("kind")
    @classmethod
    def _known_kinds(cls, kinds: list[str], info: ValidationInfo) -> list[str]:
        """A misspelt kind would leave the requirement unmet forever, so it is an error."""
        gaps = info.data.get("check") == "gaps"
        allowed = GAP_KINDS if gaps else EVIDENCE_KINDS
        for kind in kinds:
            if kind not in allowed:
                raise ValueError(f"`{kind}` is not {'a gap' if gaps else 'an evidence'} kind; use one of: {', '.join(allowed)}")
        return kinds

    @model_validator(mode="after")
    def _profile_field(self) -> Requirement:
        if self.check == "profile" and self.field not in Profile.model_fields:
            fields = ", ".join(name for name in Profile.model_fields if name != "visibility")
            raise ValueError(f"a `profile` requirement needs `field:` naming a profile field ({fields})")
        return self


class Step(Model):
    id: Id = Field(description="The step's id, for its section's anchor on case pages: lowercase letters, digits and `-`.")
    title: Required = Field(description="What the step asks, as checklists show it, e.g. `Present learnings`.")
    requires: list[Requirement] = Field(min_length=1, description="Its requirements, at least one; the step is met when all of them are.")


class Framework(Model):
    title: Required = Field(description="The framework's name, shown with its checklist.")
    description: str = Field(default="", description=(
        "What the framework is for, shown above its checklist on goal and case pages. Default: empty."))
    steps: list[Step] = Field(min_length=1, description="Its steps in order, at least one.")


class MarkdownOptions(Model):
    allow_html: Flag = Field(default=False, description=(
        "When `true`, raw HTML in bodies is written as it is; when `false` (the default), it is shown as text."))


def _not_a_visibility(name: str) -> str:
    """`public` and `private` are visibilities: an audience of either name made
    `visibility: [public]` an audience list, and `--audience public` the public build."""
    if name in ("public", "private"):
        raise ValueError(f"`{name}` is a visibility, not an audience name{HINT}name audiences after who reads the site, "
                         f"e.g. manager; an item is made {name} with `visibility: {name}`")
    return name


Audience = Annotated[Id, AfterValidator(_not_a_visibility), Field(json_schema_extra={"not": {"enum": ["public", "private"]}})]


# A language written by its name, in English or its own, as people write it in `language:`.
LANGUAGE_NAMES = {
    name: tag for tag, names in (
        ("en", ("english",)), ("de", ("german", "deutsch")), ("fr", ("french", "français", "francais")),
        ("es", ("spanish", "español", "espanol")), ("nl", ("dutch", "nederlands")), ("pt", ("portuguese", "português", "portugues")),
        ("it", ("italian", "italiano")), ("sv", ("swedish", "svenska")), ("da", ("danish", "dansk")), ("nb", ("norwegian", "norsk")),
        ("fi", ("finnish", "suomi")), ("pl", ("polish", "polski")), ("cs", ("czech", "čeština", "cestina")),
        ("ja", ("japanese", "日本語")), ("zh", ("chinese", "中文")), ("ko", ("korean", "한국어")), ("ru", ("russian", "русский")),
        ("uk", ("ukrainian", "українська")), ("tr", ("turkish", "türkçe", "turkce")), ("ar", ("arabic", "العربية")),
        ("he", ("hebrew", "עברית")), ("hi", ("hindi", "हिन्दी")), ("el", ("greek", "ελληνικά")),
    ) for name in names
}


class SiteConfig(Model):
    title: Required = Field(description="The site's name, used in link previews, the feed, the calendar and portfolio.json.")
    # The patterns say to an editor what the validators below say to `check`.
    base_url: str = Field(default="", json_schema_extra={"pattern": '^(?:https?://[^\\s"<>`?#]*)?$'}, description=(
        "The address the site is published at, e.g. `https://you.github.io/portfolio/`, for canonical links, sitemap and feed. "
        "Default: none."))
    language: str = Field(default="en", json_schema_extra={"pattern": f"^(?:{LANGUAGE_TAG_RE.pattern})$"}, description=(
        "The site's language as a BCP 47 tag such as `en`, `en-GB` or `nl`, for each page's `lang`. Default: `en`."))
    theme: str = Field(default="default", json_schema_extra={"pattern": r"^[^./\\:][^/\\:]*$"}, description=(
        "A folder of themes/ (`mine` for themes/mine/templates/) or a built-in theme; not a path. Default: `default`."))
    today: Date | None = Field(default=None, description=(
        "Fixes today's date (YYYY-MM-DD) so that pace, overdue milestones and staleness are reproducible. Default: the building machine's date."))
    stale_after_days: Count = Field(default=95, ge=1, le=3660, description=(  # ten years: longer is no rhythm, and overflows dates
        "Days from one review until the next is due, 1 to 3660 (a month after a monthly review, if sooner). Default: 95."))
    audiences: list[Audience] = Field(default=[], description=(
        "Audience names that items may list in `visibility`, e.g. `[manager, committee]`; not `public` or `private`."))
    frameworks: dict[str, Framework] = Field(default={}, description=(
        "Your own frameworks by id, for a goal's or case's `framework:`; one named as a built-in one replaces it."))
    markdown: MarkdownOptions = Field(default=MarkdownOptions(), title="Markdown", description="How Markdown bodies are rendered.")
    author: str = Field(default="", description="The site's author, for every page's `author` metadata. Default: empty.")
    description: str = Field(default="", description=(
        "A short description of the site: the home page's meta description when the profile has no `headline`."))

    @field_validator("language")
    @classmethod
    def _language_is_a_tag(cls, value: str) -> str:
        """Written into every page's `lang` and the feed's `xml:lang`, where browsers, screen
        readers and the HTML checker read a BCP 47 tag: `English` is none."""
        if not LANGUAGE_TAG_RE.fullmatch(value):
            tag = LANGUAGE_NAMES.get(value.strip().casefold())
            hint = f"write `{tag}`, the language tag for {value.strip()}" if tag else "write a BCP 47 tag such as `en`, `en-GB`, `nl` or `pt-BR`"
            raise ValueError(f"`{value}` is not a language tag{HINT}{hint}")
        return value

    @field_validator("theme")
    @classmethod
    def _theme_is_a_folder_name(cls, value: str) -> str:
        """A theme is a folder of themes/ (or a built-in one): `../x` read templates from
        outside the project's themes, and the hint offered to create `themes/../x/templates/`."""
        if not value or value.startswith(".") or any(c in value for c in "/\\:"):
            raise ValueError(f"the theme `{value}` is not a folder name{HINT}name a folder of themes/, such as `default` "
                             "or `mine` for themes/mine/templates/")
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url_is_absolute(cls, value: str) -> str:
        try:
            return absolute_base_url(value)
        except ValueError as exc:
            raise ValueError(f"{exc}{HINT}write the address the site is published at, e.g. https://you.github.io/portfolio/") from None


def absolute_base_url(value: str) -> str:
    """goalfolio.yaml's `base_url`, or `--base-url`, with the slash that ends it. Every page's
    path is appended to it, in the sitemap, feed, calendar and canonical links, so it is the
    address of a folder: what a link may not hold, or a query or fragment, breaks them all."""
    if value and not value.startswith(("http://", "https://")):
        raise ValueError(f"base_url `{value}` must start with https:// (or http://)")
    unsafe = unsafe_character(value)
    if unsafe is not None:
        raise ValueError(f"base_url `{value}` holds {unsafe}, which a web address cannot; write spaces as %20")
    if "\\" in value:  # read as `/` by browsers, written as it is in the sitemap and canonical links
        raise ValueError(f"base_url `{value}` holds a backslash (`\\`), which browsers read as `/`: write `/`")
    if "?" in value or "#" in value:
        raise ValueError(f"base_url `{value}` has a query or a fragment (`?`, `#`), which every page's address "
                         "would follow; end it at the site's folder")
    if value:
        _check_host_and_port(value)
    return _ascii_address(value if not value or value.endswith("/") else value + "/")


def _check_host_and_port(value: str) -> None:
    """Every page's absolute address starts with the base_url's: one with no host (`https://`,
    a placeholder left as it was) or a port that is no number made each an address of nothing."""
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:  # a `[` or `]` of an IPv6 host without the other, or a host that reads as a path
        what = "opens a `[` around the host that it does not close" if "[" in value or "]" in value else \
            "names a host with a character that reads as `/`, `:`, `?`, `#` or `@`"
        raise ValueError(f"base_url `{value}` {what}") from None
    if not parts.hostname:
        raise ValueError(f"base_url `{value}` names no host: write the site's domain after `{parts.scheme}://`")
    try:
        parts.port  # noqa: B018 - reading it is the check: it raises for a port that is no number
    except ValueError:
        port = parts.netloc.rpartition(":")[2]
        raise ValueError(f"base_url `{value}` has the port `{port}`, which is not a number from 0 to 65535") from None


def _ascii_address(value: str) -> str:
    """The address as a sitemap, feed or calendar must write it: a host in another script
    as its `xn--` name, other letters of the path percent-encoded (`léa/` is `l%C3%A9a/`).
    Browsers show both forms as the same address."""
    if value.isascii():
        return value
    parts = urllib.parse.urlsplit(value)
    user, at, host_and_port = parts.netloc.rpartition("@")
    host, colon, port = host_and_port.partition(":")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"base_url `{value}` names the host `{host}`, which is not a domain name") from None
    path = urllib.parse.quote(parts.path, safe="/%!$&'()*+,;=:@-._~")
    return urllib.parse.urlunsplit((parts.scheme, f"{user}{at}{host}{colon}{port}", path, "", ""))
