"""An anonymous endorsement's author named by another item of the same build.

`anonymity` keeps the author's name out of the endorsement's own texts. A reader who finds
"Priya Shah (mentor)" under a goal, or "Priya and Ana Ruiz ran the pilot" in a piece of
evidence, next to an anonymous quote signed "Mentor, Fernway", ties the quote to her all
the same. The whole name (as `anonymity` finds one: any accents, order or address, or as
the language of a fenced code block, which the page writes as a class) in a text another
item shows is a warning here, not an error: she may be named as a mentor on
purpose. One part of the name alone is not reported across items: a first name is in too
many texts.

Only items a published build shows next to the endorsement count: both public, or one
public and the other for an audience, or both for one audience. A private item is in the
owner's build only (`--all`), which nobody else reads.

This runs on every build and check, over every text of the portfolio, so it first keeps
the items that may hold a name (`candidates`): each text folded at C speed as `namefold`
reads it character by character, and searched for the longest literal piece of the
name's first and last words, which every way of writing the whole name holds (markup
inside a word of the name, `**Zebe**diah`, is not read past here: see `namefold`).
The precise matcher then reads the few items kept. The check depends on every item, so
it is not cached with one file."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from .anonymity import author_names, body_mention, first_whole_mention
from .disclosure import REFERENCE_FIELDS
from .errors import Diagnostic
from .items import Item
from .loader import Portfolio
from .models import Endorsement
from .namefold import fold, folded_body, literal_pieces
from .validation import located_error, model_texts

_NOT_SHOWN = frozenset({"visibility", "attribution"}) | REFERENCE_FIELDS  # ids and settings, not texts
# In YAML, a value may be written with escapes (`"\u0050riya"`, `'O''Brien'`): its
# front matter as written may not hold the name it shows, so it is read in full.
_YAML_ESCAPES = ("\\", "''")


@dataclass(frozen=True)
class Author:
    endorsement: Endorsement
    names: list[str]
    pieces: tuple[str, ...]  # literal pieces of the folded first and last words

    @property
    def key(self) -> str:
        """The piece searched for first: the longest is the rarest, and the quickest to search."""
        return max(self.pieces, key=len)

    def may_be_in(self, folded: str) -> bool:
        """Whether a folded text holds every piece: the precise matcher, slower by far, need
        read only those that do."""
        return all(piece in folded for piece in self.pieces)


def named_elsewhere(portfolio: Portfolio) -> list[Diagnostic]:
    """A warning wherever an item names the author of an anonymous endorsement that a
    published build shows with it."""
    authors = anonymous_authors(portfolio)
    if not authors:
        return []
    items = list(portfolio.items())
    problems: list[Diagnostic] = []
    for index, found in candidates([folded_item(item) for item in items], authors).items():
        for author in found:
            if _may_name(items[index], author.endorsement):
                problems.extend(_warnings(items[index], author))
    return problems


def anonymous_authors(portfolio: Portfolio) -> list[Author]:
    """The authors of the anonymous endorsements, each with what a text naming them holds."""
    authors = []
    for endorsement in portfolio.endorsements.values():
        names = author_names(endorsement) if endorsement.is_anonymous else []
        if names:
            pieces = literal_pieces(names[0]) + literal_pieces(names[-1])
            authors.append(Author(endorsement, names, tuple(p for p in pieces if p)))
    return [author for author in authors if author.pieces]


def folded_item(item: Item) -> str | None:
    """What the item writes, folded; None when its front matter may show more than it
    writes (an escape in YAML), and it is read in full."""
    front = item.source.front_matter.text
    if any(escape in front for escape in _YAML_ESCAPES):
        return None
    return fold(front) + "\n" + folded_body(item.body)


def candidates(texts: list[str | None], authors: list[Author]) -> dict[int, list[Author]]:
    """By index in `texts`, the authors whose whole name a text may hold: a superset of
    those the precise matcher finds. One search of all texts at once for each author's
    longest piece, then the other pieces in the texts holding it. None: every author."""
    joined = "\x00".join(text or "" for text in texts)
    starts = list(_starts(texts))
    found: dict[int, list[Author]] = {i: list(authors) for i, text in enumerate(texts) if text is None}
    by_key: dict[str, list[Author]] = {}
    for author in authors:
        by_key.setdefault(author.key, []).append(author)
    for key, keyed in by_key.items():
        for index in _holding(joined, starts, key):
            text = texts[index]
            if text is None:
                continue
            found.setdefault(index, []).extend(a for a in keyed if a.may_be_in(text))
    return {index: kept for index, kept in found.items() if kept}


def _starts(texts: list[str | None]) -> Iterator[int]:
    start = 0
    for text in texts:
        yield start
        start += len(text or "") + 1


def _holding(joined: str, starts: list[int], piece: str) -> list[int]:
    """The indexes of the texts holding `piece`, each once."""
    held: list[int] = []
    at = joined.find(piece)
    while at >= 0:
        index = bisect.bisect_right(starts, at) - 1
        held.append(index)
        following = starts[index + 1] if index + 1 < len(starts) else len(joined)
        at = joined.find(piece, following)
    return held


def _may_name(item: Item, endorsement: Endorsement) -> bool:
    """Whether a published build shows both, and the item is not the endorsement itself
    nor another anonymous one by the same author (`anonymity` reads those)."""
    if item is endorsement or (isinstance(item, Endorsement) and item.is_anonymous and item.author == endorsement.author):
        return False
    return share_a_build(item, endorsement)


def share_a_build(one: Item, other: Item) -> bool:
    """Whether a published build (the public one or an audience's) shows both items."""
    views, others = one.reader_views(), other.reader_views()
    if None in views or None in others:
        return False  # private: the owner's build only
    return "public" in views or "public" in others or not set(views).isdisjoint(others)


def _warnings(item: Item, author: Author) -> list[Diagnostic]:
    """One warning per text of `item` that names the author: at the field, or in the body."""
    problems = []
    message, hint = _finding(author.endorsement)
    for path, value in shown_texts(item):
        found = first_whole_mention(value, author.names, markdown=False) if author.may_be_in(fold(value)) else None
        if found is not None:
            problems.append(located_error(item.source.path, item.source.front_matter, path, "anonymous-author-named-elsewhere",
                                          message.format(name=found.text), hint, severity="warning"))
    found = body_mention(item.body, author.names, parts=False) if author.may_be_in(folded_body(item.body)) else None
    if found is not None:
        body, start = item.body, found.start
        line = item.source.body_line + body.count("\n", 0, start)
        column = start - (body.rfind("\n", 0, start) + 1) + 1
        problems.append(Diagnostic(item.source.path, line, column, "warning", "anonymous-author-named-elsewhere",
                                   message.format(name=found.text), hint))
    return problems


def shown_texts(item: Item) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text of the item's front matter a build shows, with its path: its fields and
    those of its lists (feedback, milestones, links...), but not ids, settings or an
    anonymous endorsement's author."""
    hidden_author = isinstance(item, Endorsement) and item.is_anonymous
    return ((path, text) for path, text in model_texts(item, (), _NOT_SHOWN) if not (hidden_author and path == ("author",)))


def _finding(endorsement: Endorsement) -> tuple[str, str]:
    """(message with `{name}` to fill, hint)."""
    where = endorsement.source.path
    return (f"this names `{{name}}`, the author of the anonymous endorsement {where}, which a build shows with it: "
            "a reader can tie the quote to the name",
            f"write the role instead (`my mentor`), or, if the author agrees to be named, set `attribution: named` in {where}")
