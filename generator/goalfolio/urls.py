"""Every internal URL comes from here, and every link is relative to the page it is on.

Output paths end in `index.html` and links name the file, so the site works at a domain
root, under a `/repo/` prefix, and opened straight from disk. `base_url` is used only
where an absolute URL is required (canonical links, sitemap, feed).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import posixpath
import re
import unicodedata

from .items import Item
from .models import Case, Endorsement, Evidence, Goal, Profile, Review

SECTION_FOLDERS: dict[type[Item], str] = {
    Goal: "goals",
    Evidence: "evidence",
    Endorsement: "endorsements",
    Review: "reviews",
    Case: "cases",
}


def page_path(*parts: str) -> str:
    """The output file of a page: `page_path("goals", "x")` is `goals/x/index.html`."""
    return "/".join([*parts, "index.html"]) if parts else "index.html"


def item_path(item: Item) -> str:
    """Endorsements have no page of their own: they live on the wall, anchored by id."""
    if isinstance(item, Profile):
        return page_path()
    if isinstance(item, Endorsement):
        return page_path("endorsements") + f"#{endorsement_anchor(item)}"
    return page_path(SECTION_FOLDERS[type(item)], item.id)


def endorsement_anchor(item: Endorsement) -> str:
    """Endorsement files are often named after their author, so an anonymous one gets an
    anchor that cannot be traced back to it: a hash of what the site shows of it anyway
    (date, role, organisation, relationship, location, quote, body), and of nothing else. A
    hash of text that names the author could be checked against guessed names, once the
    rest of the file is guessed; this one holds no secret to guess. The text as read (line
    endings and a byte-order mark set aside), so a checkout on Windows publishes the same
    anchor."""
    if item.is_anonymous:
        return "endorsement-" + _hash_of_shown("anonymous", item, item.body)
    return item.id


def order_id(item: Item) -> str:
    """What puts items in order where nothing else does: the id, except for an anonymous
    endorsement, whose place among the named ones would tell how its file name, often its
    author's, sorts against theirs. For that one, a hash of the fields the site shows of it,
    so that nothing unpublished (its author) can be tested against its place either. Not of
    its body, as its anchor is: the preview keeps its lists over a body edit."""
    if isinstance(item, Endorsement) and item.is_anonymous:
        return _hash_of_shown("order", item)
    return item.id


def _hash_of_shown(purpose: str, item: Endorsement, *more: str) -> str:
    """A short hash of the front matter fields the wall shows of an endorsement, and `more`."""
    shown = [purpose, item.date.isoformat(), item.role, item.organisation, item.relationship, item.location, item.quote, *more]
    return hashlib.sha256("\0".join(shown).encode()).hexdigest()[:10]


def date_order(item: Evidence | Endorsement) -> tuple[datetime.date, str]:
    """Date order, ties broken by `order_id`."""
    return item.date, order_id(item)


def body_id(item: Item) -> str:
    """What the anchors of an item's footnotes start with (markdown-it's `docId`), so that
    they stay unique on a page showing several bodies: the item's id, except for an
    anonymous endorsement, whose file is often named after its author."""
    return endorsement_anchor(item) if isinstance(item, Endorsement) else item.id


def relative_url(from_path: str, to_path: str) -> str:
    """The href that leads from the page written at `from_path` to the file `to_path`."""
    target, _, anchor = to_path.partition("#")
    link = _relative_path(from_path, target) if target else posixpath.basename(from_path)
    return f"{link}#{anchor}" if anchor else link


_UNUSUAL_PARTS = frozenset({"", ".", ".."})


def _relative_path(from_path: str, target: str) -> str:
    """`posixpath.relpath(target, dirname(from_path))` by plain list work on '/'-split parts.

    Every page links to dozens of files, and `relpath` makes both paths absolute and
    normalizes them each time. Output paths are already normal (no `.`, `..`, empty or
    leading-slash parts), so the common prefix of their parts is all that matters; anything
    else is left to `relpath` itself, so the result is the same for every input.
    """
    start = from_path.split("/")[:-1]
    parts = target.split("/")
    if _UNUSUAL_PARTS.intersection(parts) or _UNUSUAL_PARTS.intersection(start):
        return posixpath.relpath(target, posixpath.dirname(from_path) or ".")
    return _relative_parts(start, parts)


def _relative_parts(start: list[str], parts: list[str]) -> str:
    """The relative path from the folder `start` to `parts`, both without unusual parts."""
    common = 0
    for mine, theirs in zip(start, parts):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


class PageLinks:
    """`relative_url` from one page, as a callable: the page's own path is split once, and a
    link to another top-level folder (most links: a goal page linking evidence, every page
    linking the navigation) is just `../` per folder the page is in, plus the target.

    Such a link is the same from every page as deep in the same top-level folder (every
    evidence page links the stylesheet and the goals alike), so `known`, shared by the pages
    of a build, keeps them by that depth and folder."""

    def __init__(self, from_path: str, known: dict[tuple[str, str | None], dict[str, str]] | None = None) -> None:
        self.from_path = from_path
        self.start = from_path.split("/")[:-1]
        self.fast = not _UNUSUAL_PARTS.intersection(self.start)
        self.up = "../" * len(self.start)
        self.up_one = "../" * (len(self.start) - 1)
        self.top = self.start[0] if self.start else None
        self.known: dict[str, str] = known.setdefault((self.up, self.top), {}) if known is not None and self.fast else {}

    def __call__(self, to_path: str) -> str:
        found = self.known.get(to_path) if type(to_path) is str else None
        if found is not None:
            return found
        if not (self.fast and _plain(to_path)):
            return relative_url(self.from_path, to_path)
        top, slash, rest = to_path.partition("/")
        if top != self.top:
            link = self.known[to_path] = self.up + to_path
            return link
        if slash and (len(self.start) == 1 or rest.partition("/")[0] != self.start[1]):
            return self.up_one + rest  # only the top-level folder in common
        return _relative_parts(self.start, to_path.split("/"))  # as `relative_url`, without splitting this page's path again


def _plain(path: str) -> bool:
    """No anchor, and no empty, `.` or `..` part (conservatively: no `./` and no final `.`)."""
    return bool(path) and "#" not in path and "//" not in path and "./" not in path \
        and path[0] != "/" and path[-1] not in "/."


def absolute_url(base_url: str, path: str) -> str:
    """Canonical form: directory URLs without `index.html`, before an anchor too
    (`endorsements/#ann`, the address of an endorsement on the wall)."""
    page, mark, anchor = path.partition("#")
    if page.endswith("index.html"):
        page = page[: -len("index.html")]
    path = page + mark + anchor
    return base_url.rstrip("/") + "/" + path if base_url else "/" + path


MAX_ID = 60
# Latin letters that Unicode does not decompose into a letter and an accent, as a reader
# writes them without: ids take them so, and the anonymity check reads a name so.
LETTER_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
                             "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"})


# An apostrophe inside a word is dropped, as a typographic one already is: `what's` gives
# `whats`, not `what-s`.
_APOSTROPHE_RE = re.compile(r"(?<=\w)['ʼ](?=\w)")


def id_from_text(text: str, limit: int = MAX_ID) -> str:
    """A valid item id from free text: ASCII-folded, lowercase, words joined by `-`. An id is
    the file's name and its page's folder, so `new` and the loader's rename hint share it."""
    folded = unicodedata.normalize("NFKD", _APOSTROPHE_RE.sub("", text).translate(LETTER_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text))
    if len(slug) > limit:
        cut = slug[:limit + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug.strip("-")


def name_order(name: str) -> tuple[str, str, str]:
    """The sort key of a name a page lists (a skill, a milestone's title): its letters
    without accents, as `Äpfel` is read among words in A, then its casefolded spelling and
    the spelling itself, so that names alike in letters still take one order every build."""
    return folded(name), name.casefold(), name


def folded(text: str) -> str:
    """Text as a reader matches it: without accents (`Munchen` for `München`, in NFC or NFD
    alike), Latin letters Unicode does not decompose written out (`ø` as `o`), casefolded."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LETTER_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_SPELLED_OUT = {"+": " plus ", "#": " sharp ", "&": " and "}  # C, C++ and C# are three skills


@functools.lru_cache(maxsize=4096)
def skill_slug(skill: str) -> str:
    """The skill's page name: spellings that differ only in case, accents, Unicode form
    (NFC or NFD) or punctuation other than + # & share one page.

    Letters that are not Latin are kept by a hash of the folded spelling, so `Go 言語` does
    not land on the page of `Go`; so is the rest of a slug longer than `MAX_SLUG`, a folder
    name a file system takes (a skill of 360 characters stopped the build with "File name
    too long")."""
    decomposed = unicodedata.normalize("NFKD", skill.casefold())
    folded = "".join(_SPELLED_OUT.get(c, c) for c in decomposed if not unicodedata.combining(c))
    words = "-".join(re.findall(r"[^\W_]+", folded))
    slug = re.sub(r"[^a-z0-9]+", "-", words).strip("-")
    if words.isascii() and slug and len(slug) <= MAX_SLUG:
        return slug
    return (slug[:MAX_SLUG].rstrip("-") or "skill") + "-" + hashlib.sha1((words or folded).encode("utf-8")).hexdigest()[:8]


MAX_SLUG = 80
