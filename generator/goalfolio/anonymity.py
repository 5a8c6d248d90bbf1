"""An anonymous endorsement shows its author's role and organisation, never their name. The
site hides `author:`, but it shows the words as written: a signature under them ("— Priya")
or a name pasted from an email would publish what `attribution: anonymous` promises to hide.

The whole name in a shown text (without a title such as `Dr` or initials), or a name of three
parts or more shortened to its first and last, is an error, so no build writes it. A reader sees the name whatever its accents (`Jose` for `José`, `Lukasz`
for `Łukasz`, `Mueller` for `Müller`), apostrophe (`O’Brien`), hyphen (`Jean Luc`),
emphasis or markup between its words, or order (`Ruiz, Ana`); and an address holding it (`ana.ruiz@example.com`, `linkedin.com/in/anaruiz`,
`?q=Ana%20Ruiz`) names
the author as well. Names in scripts written without spaces (李雷) are found inside words.
The text is read as the page shows it: without the characters a browser does not show (a
soft hyphen, zero-width spaces and joiners), and in the body, which markdown-it renders,
with each character reference (`&#80;`, `&shy;`) as the character it stands for.

One part of the name is a warning: "Mark" or "Hope" may be a word of the text and not the
author. In prose, a name and its parts are found only with their capitals as written, or in
capitals throughout as a signature may be: "I will hope" does not name Will Hope."""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .errors import Diagnostic
from .models import Endorsement, Item
from .urls import LETTER_FOLD
from .validation import located_error

SHOWN_FIELDS = ("quote", "role", "organisation", "location")  # besides the body
_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"})
# What a reader does not see between two words of a name: spaces (a line break too, and
# the `\` that ends a line to break it), a hyphen, emphasis, a tag or comment mark, a
# non-breaking space however written. The last name first has a comma or a space alone
# after it (`Ruiz, Ana`).
_BETWEEN_WORDS = r"(?:[\s*_~`\-]|\\\n|&nbsp;|&#0*160;|&#x0*a0;|<[^>\n]*>)+"
_REVERSED = r",?\s+"
_IN_ADDRESS = r"(?:[._\-+]|%20)?"  # ana.ruiz@, ana_ruiz, /in/ana-ruiz, anaruiz, ?q=Ana%20Ruiz
_ADDRESS_MARKS = ("@", "/", "www.")
# Scripts written without spaces between words: a name in them is a name inside a word too.
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")
# German writes an umlaut as its vowel and `e` where a keyboard or address has none:
# `Müller` is `Mueller` in a signature or an email address.
UMLAUTS = frozenset("äöüÄÖÜ")
# A character reference as markdown-it reads one in text (always with its `;`).
REFERENCE_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class _Mention:
    start: int
    text: str
    is_whole: bool


def anonymity_problems(item: Item) -> list[Diagnostic]:
    """Where an anonymous endorsement's shown texts name its author: one finding per text."""
    if not isinstance(item, Endorsement) or not item.is_anonymous:
        return []
    names = author_names(item)
    if not names:
        return []
    problems: list[Diagnostic] = []
    for field in SHOWN_FIELDS:
        found = _named(getattr(item, field), names, markdown=False)
        if found is not None:
            problems.append(located_error(item.source.path, item.source.front_matter, (field,), *_finding(found),
                                          severity=_severity(found)))
    found = _named(item.body, names, markdown=True)
    if found is not None:
        body, start = item.body, found.start
        line = item.source.body_line + body.count("\n", 0, start)
        column = start - (body.rfind("\n", 0, start) + 1) + 1
        problems.append(Diagnostic(item.source.path, line, column, _severity(found), *_finding(found)))
    return problems


def author_names(endorsement: Endorsement) -> list[str]:
    """The words of the author's name a reader would know them by: without initials,
    titles or an aside, unless the name is nothing else. A word without a letter or digit
    once folded (`--`, a soft hyphen) names no one: its pattern would match nothing."""
    words = endorsement.author.split()
    names = [_bare(n) for n in words if _is_name_part(n)] or [_bare(n) for n in words]
    return [n for n in names if any(c.isalnum() for c in "".join(map(fold_character, n)))]


def first_whole_mention(text: str, names: list[str], markdown: bool) -> _Mention | None:
    """The first mention of the whole name in `text` (`namedelsewhere` reads other items'
    texts so: a part alone is not reported there)."""
    if not text:
        return None
    folded, origin = _fold(text, markdown)
    return min(_whole_mentions(text, folded, origin, names), key=lambda m: m.start, default=None)


def _is_name_part(word: str) -> bool:
    """A word that names the person alone: not an initial (`J.`), a title (`Dr`) or an
    aside in brackets (`(CTO)`)."""
    bare = _bare(word)
    return len(bare) >= 2 and not word.endswith(".") and bare.casefold() not in _HONORIFICS and not word.startswith("(")


def _bare(word: str) -> str:
    return word.strip(".,;:()\"“”")


def _fold(text: str, markdown: bool) -> tuple[str, list[tuple[int, int]]]:
    """The text as compared, with where each of its characters comes from (the span of the
    character, or of the reference, written): without accents (in either Unicode form) or
    capitals, letters such as `ø`, `ł` and `æ` as a reader writes them without (`o`, `l`,
    `ae`), with one apostrophe and one hyphen. In Markdown, a character reference is read
    as its character: markdown-it writes `&#80;riya` as `Priya`."""
    pieces = [(index, index + 1, fold_character(character)) for index, character in enumerate(text)]
    if markdown and "&" in text:
        pieces = _with_references(text, pieces)
    origin = [(start, end) for start, end, piece in pieces for _ in piece]
    return "".join(piece for _, _, piece in pieces), origin


def _with_references(text: str, pieces: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`pieces` with each character reference of `text` folded as the characters it stands for."""
    found: list[tuple[int, int, str]] = []
    done = 0
    for match in REFERENCE_RE.finditer(text):
        shown = html.unescape(match.group())
        if shown == match.group():  # no reference HTML knows (`&x;`): text, as written
            continue
        found += pieces[done:match.start()]
        found.append((match.start(), match.end(), "".join(map(fold_character, shown))))
        done = match.end()
    return found + pieces[done:]


@functools.cache
def fold_character(character: str) -> str:
    """Kept per character: a body has few distinct ones, and folding costs a normalisation
    and two substitutions each time (at 1,000 items, 57 ms a build against 10 ms kept). A
    character a browser does not show (a format character: a soft hyphen, a zero-width
    space or joiner) folds to nothing, as the reader sees nothing of it."""
    if unicodedata.category(character) == "Cf":
        return ""
    decomposed = unicodedata.normalize("NFKD", character.translate(LETTER_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[’ʼ‘`´]", "'", re.sub(r"[‐‑‒–]", "-", plain))


def _word(name: str) -> str:
    """One word of the name as a pattern on folded text: a hyphen in it may be read as a
    space or nothing (`Jean-Luc`, `Jean Luc`, `JeanLuc`), an umlaut as its vowel with or
    without an `e` (`Müller`, `Muller`, `Mueller`)."""
    pieces = []
    for character in unicodedata.normalize("NFC", name):
        folded = fold_character(character)
        if folded == "-":
            pieces.append(r"[\s\-]?")
        else:
            pieces.append(re.escape(folded) + ("e?" if character in UMLAUTS else ""))
    return "".join(pieces)


def _edges(names: list[str], pattern: str) -> str:
    """Whole words only, except at an edge written in a script without spaces."""
    before = "" if _unspaced(names[0][0]) else r"(?:(?<![^\W_])|(?<=%[0-9a-f]{2}))"  # `%20Ana`: a space in an address
    after = "" if _unspaced(names[-1][-1]) else r"(?![^\W_])"
    return before + pattern + after


def _unspaced(character: str) -> bool:
    return unicodedata.name(character, "").startswith(_UNSPACED_SCRIPTS)


def _named(text: str, names: list[str], markdown: bool) -> _Mention | None:
    """The first mention of the whole name, else of a part of it."""
    if not text:
        return None
    folded, origin = _fold(text, markdown)
    mentions = _whole_mentions(text, folded, origin, names)
    if mentions:
        return min(mentions, key=lambda m: m.start)
    parts = [piece for name in names for piece in {name, *name.split("-")} if len(piece) >= 2]
    found = [m for part in parts for m in _part_mentions(text, folded, origin, part)]
    return min(found, key=lambda m: m.start) if found else None


def _whole_names(names: list[str]) -> list[tuple[list[str], str]]:
    """Each way of writing the whole name, with what may come between its words: as written,
    last name first (`Ruiz, Ana`), and for a name of three parts or more its first and last
    alone, as people shorten it (`Maria Garcia` for Maria Elena Garcia)."""
    if len(names) == 1:
        return [(names, _BETWEEN_WORDS)]
    written = [names, [names[0], names[-1]]] if len(names) > 2 else [names]
    return [way for order in written for way in ((order, _BETWEEN_WORDS), (order[::-1], _REVERSED))]


def _whole_mentions(text: str, folded: str, origin: list[tuple[int, int]], names: list[str]) -> list[_Mention]:
    mentions = []
    for order, between in _whole_names(names):
        prose = _edges(order, between.join(f"(?P<p{i}>{_word(n)})" for i, n in enumerate(order)))
        for match in re.finditer(prose, folded):
            mention = _mention(text, origin, match)
            written = all(_capitals_as_written(_original(text, origin, match, f"p{i}"), n) for i, n in enumerate(order))
            if written or not any(c.islower() for c in mention.text):
                mentions.append(mention)
        address = _edges(order, _IN_ADDRESS.join(map(_word, order)))  # a one-word name too: priya@example.com
        mentions += [_mention(text, origin, m) for m in re.finditer(address, folded) if _in_address(folded, m)]
    return mentions


def _part_mentions(text: str, folded: str, origin: list[tuple[int, int]], part: str) -> list[_Mention]:
    """A part written with its capital as the name has it (or in capitals throughout)."""
    found = []
    for match in re.finditer(_edges([part], _word(part)), folded):
        mention = _mention(text, origin, match)
        if _capitals_as_written(mention.text, part) or (len(mention.text) > 1 and mention.text.isupper()):
            found.append(_Mention(mention.start, mention.text, False))
    return found


def _mention(text: str, origin: list[tuple[int, int]], match: re.Match[str]) -> _Mention:
    start, end = origin[match.start()][0], origin[match.end() - 1][1]
    return _Mention(start, text[start:end], True)


def _original(text: str, origin: list[tuple[int, int]], match: re.Match[str], group: str) -> str:
    return text[origin[match.start(group)][0]:origin[match.end(group) - 1][1]]


def _capitals_as_written(shown: str, name: str) -> bool:
    return shown[:1].isupper() == name[:1].isupper() or not shown[:1].isalpha()


def _in_address(folded: str, match: re.Match[str]) -> bool:
    """Inside an email address or a URL: the run of text without spaces holding it."""
    start = max(folded.rfind(c, 0, match.start()) for c in " \t\n") + 1
    ends = [i for i in (folded.find(c, match.end()) for c in " \t\n") if i >= 0]
    token = folded[start:min(ends, default=len(folded))]
    return any(mark in token for mark in _ADDRESS_MARKS)


def _severity(found: _Mention) -> Literal["error", "warning"]:
    return "error" if found.is_whole else "warning"


def _finding(found: _Mention) -> tuple[str, str, str]:
    """(code, message, hint)."""
    if found.is_whole:
        return ("anonymous-author-named", f"this anonymous endorsement shows its author's name, `{found.text}`",
                "take the name out (a signature too), or set `attribution: named` if the author agrees to be named")
    return ("anonymous-author-named", f"this anonymous endorsement shows `{found.text}`, a part of its author's name",
            "if it names the author, take it out: the site shows an anonymous endorsement's role and organisation only")
