"""The types of single values in content files and goalfolio.yaml (ids, kinds, dates,
numbers, required text, links, visibility), with the checks pydantic has no rule for: a
link's scheme and form, a visibility's names, a date written in quotes, required text a page
shows as blank.

Apart from the models (`models`, `siteconfig`), which say what each file holds: a value's
rules are the same in every file that holds one, and `siteconfig` takes its ids, dates and
counts, and the kinds a framework's steps may count, from here.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from .errors import HINT
from .links import from_site_root

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_RE = re.compile(ID_PATTERN)
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
    raise ValueError("visibility must be `public`, `private`, or a list of audience names such as [manager]"
                     + _visibility_hint(value))


def _visibility_hint(value: Any) -> str:
    """The visibility meant, where the value tells it: `Private` in capitals, `privat`, or
    an audience written without its brackets (`visibility: manager`), as a newcomer writes
    it. Empty (the general hint) for anything else."""
    if not isinstance(value, str):
        return ""
    if value.strip().lower() in ("public", "private"):
        return f"{HINT}write it in lowercase: `visibility: {value.strip().lower()}`"
    close = difflib.get_close_matches(value.strip().lower(), ["public", "private"], n=1, cutoff=0.8)
    if close:
        return f"{HINT}did you mean `{close[0]}`?"
    names = [name.strip() for name in value.split(",")]
    if all(ID_RE.match(name) for name in names):
        return f"{HINT}audiences are written in a list, in brackets: `visibility: [{', '.join(names)}]`; or write `public` or `private`"
    return ""


Url = Annotated[str, AfterValidator(_check_url)]


def unseen_characters(text: str) -> str | None:
    """The characters of `text` named (`U+200B ZERO WIDTH SPACE`), where a page shows it as
    blank; None where it shows a character. Plain ASCII always does, spaces stripped."""
    if text.isascii():
        return None
    from .namefold import shows_no_character  # here: it needs `urls`, which needs the models

    if not shows_no_character(text):
        return None
    unseen = list(dict.fromkeys(c for c in text if not c.isspace()))
    names = [f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in unseen[:3]]
    if len(unseen) > 3:
        names.append(f"{len(unseen) - 3} more")
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _shown(text: str) -> str:
    """Required text a page would show as blank is refused as empty text is: a title of a
    zero-width space or a Hangul filler (`"\\u200b"`) showed an empty heading and link."""
    unseen = unseen_characters(text)
    if unseen is not None:
        raise PydanticCustomError("blank_text", "the text shows as nothing: {characters}", {"characters": unseen})
    return text


Required = Annotated[str, Field(min_length=1), AfterValidator(_shown)]  # text that must be there, and show
# Numbers are strict so that YAML's `yes`/`no` (booleans) or a quoted "12" are reported, not read as 1, 0 or 12.
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
