"""An anonymous endorsement shows its author's role and organisation, never their name. The
site hides `author:`, but it shows the words as written: a signature under them ("— Priya")
or a name pasted from an email would publish what `attribution: anonymous` promises to hide.

The whole name in a shown text (without a title such as `Dr` or initials) is an error, so no
build writes it. One part of the name is a warning: "Mark" or "Hope" may be a word of the text
and not the author."""

from __future__ import annotations

import re

from .errors import Diagnostic
from .models import Endorsement, Item
from .validation import located_error

SHOWN_FIELDS = ("quote", "role", "organisation", "location")  # besides the body
_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"})


def anonymity_problems(item: Item) -> list[Diagnostic]:
    """Where an anonymous endorsement's shown texts name its author: one finding per text."""
    if not isinstance(item, Endorsement) or not item.is_anonymous:
        return []
    names = [n for n in item.author.split() if _is_name_part(n)] or item.author.split()
    whole, parts = _words(names), [_words([n]) for n in names]
    problems: list[Diagnostic] = []
    for field in SHOWN_FIELDS:
        found = _named(getattr(item, field), whole, parts)
        if found is not None:
            named, is_whole = found
            problems.append(located_error(item.source.path, item.source.front_matter, (field,), *_finding(named.group(), is_whole),
                                          severity="error" if is_whole else "warning"))
    found = _named(item.body, whole, parts)
    if found is not None:
        named, is_whole = found
        body, start = item.body, named.start()
        line = item.source.body_line + body.count("\n", 0, start)
        column = start - (body.rfind("\n", 0, start) + 1) + 1
        problems.append(Diagnostic(item.source.path, line, column, "error" if is_whole else "warning", *_finding(named.group(), is_whole)))
    return problems


def _is_name_part(word: str) -> bool:
    """A word that names the person alone: not an initial (`J.`) or a title (`Dr`)."""
    bare = word.strip(".,")
    return len(bare) >= 2 and not word.endswith(".") and bare.casefold() not in _HONORIFICS


def _words(names: list[str]) -> re.Pattern[str]:
    """The words in order, as whole words, with any spaces between them. Written with their
    capitals, as names are: "Will Hope" is not "I will hope"."""
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, names)) + r"(?!\w)")


def _named(text: str, whole: re.Pattern[str], parts: list[re.Pattern[str]]) -> tuple[re.Match[str], bool] | None:
    """The first mention of the whole name, else of a part of it (written with its capital)."""
    if not text:
        return None
    found = whole.search(text)
    if found is not None:
        return found, True
    mentions = [m for part in parts if (m := part.search(text)) is not None]
    return (min(mentions, key=lambda m: m.start()), False) if mentions else None


def _finding(named: str, is_whole: bool) -> tuple[str, str, str]:
    """(code, message, hint)."""
    if is_whole:
        return ("anonymous-author-named", f"this anonymous endorsement shows its author's name, `{named}`",
                "take the name out (a signature too), or set `attribution: named` if the author agrees to be named")
    return ("anonymous-author-named", f"this anonymous endorsement shows `{named}`, a part of its author's name",
            "if it names the author, take it out: the site shows an anonymous endorsement's role and organisation only")
