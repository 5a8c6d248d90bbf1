"""An anonymous endorsement shows its author's role and organisation, never their name. The
site hides `author:`, but it shows the words as written: a signature under them ("— Priya")
or a name pasted from an email would publish what `attribution: anonymous` promises to hide.

The whole name in a shown text (without a title such as `Dr` or initials), or a name of
three parts or more shortened to its first and last, is an error, so no build writes it. A
reader sees the name whatever its accents (`Jose` for `José`, `Lukasz` for `Łukasz`,
`Mueller` for `Müller`), apostrophe (`O’Brien`), hyphen (`Jean Luc`), emphasis or markup
between its words, or order (`Ruiz, Ana`); and an address holding it
(`ana.ruiz@example.com`, `linkedin.com/in/anaruiz`, `?q=Ana%20Ruiz`, a letter escaped as
in `/%5Aebediah-quarrington`) names the author as well. Names in scripts written without
spaces (李雷) are found inside words. The text is read as the page shows it (see
`namefold`): without the characters a browser does not show (a soft hyphen, zero-width
spaces and joiners), and in the body, which markdown-it renders, with each character
reference (`&#80;`, `&shy;`) as the character it stands for and without the markup the
page shows as nothing, inside a word too (`**Zebe**diah`, a code span, a tag, a link).
The page also writes the language of a fenced code block (```` ```zed-quarry ````) as a
class (`language-zed-quarry`): a name written in it, an identifier, is read as in an
address.

One part of the name is a warning: "Mark" or "Hope" may be a word of the text and not the
author. In prose, a name and its parts are found only with their capitals as written, or in
capitals throughout as a signature may be: "I will hope" does not name Will Hope. The words
of the name run together (`ZebediahQuarrington`, or joined by a character the page does not
show) are the name only with each word's capital as written, and not in capitals throughout:
there only the capitals mark where one word ends, so `WillHope` names Will Hope, but
`willhope`, `Willhope` and `WILLHOPE` do not, nor `willpower` Will Power. In an address,
where names are written run together in any capitals, `willhope@example.com` does."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .errors import Diagnostic
from .items import Item
from .models import Endorsement
from .namefold import (
    UMLAUTS,
    fold,
    fold_character,
    folded_body,
    folded_without_markup,
    in_address,
    literal_pieces,
    readings,
)
from .validation import located_error

SHOWN_FIELDS = ("quote", "role", "organisation", "location")  # besides the body
_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"})
# What a reader does not see between two words of a name: spaces (a line break too, and
# the `\` that ends a line to break it), a hyphen, emphasis, a tag or comment mark, a
# non-breaking space however written; or nothing, the words run together. The last name
# first has a comma or a space alone after it (`Ruiz, Ana`).
_BETWEEN_WORDS = r"(?:[\s*_~`\-]|\\\n|&nbsp;|&#0*160;|&#x0*a0;|<[^>\n]*>)*"
_REVERSED = r",?\s+"
_IN_ADDRESS = r"(?:[._\-+]|%20)?"  # ana.ruiz@, ana_ruiz, /in/ana-ruiz, anaruiz, ?q=Ana%20Ruiz
# Scripts written without spaces between words: a name in them is a name inside a word too.
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")


# A fence's opening line, after any quote and list markers, and the language it gives the
# code block (the first word of its info string, which a backtick fence may not hold a
# backtick in). Indented code with such a line is read too: the safe mistake.
_FENCE_LANGUAGE_RE = re.compile(r"^[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+[ \t>]*)*(?:`{3,}(?=[^`\n]*$)|~{3,})[ \t]*(?P<language>\S+)",
                                re.MULTILINE)
_ESCAPED_PUNCTUATION_RE = re.compile(r"\\([!-/:-@\[-`{-~])")  # as markdown-it reads an info string


@dataclass(frozen=True)
class _Mention:
    start: int
    text: str
    is_whole: bool
    in_language: bool = False  # of a fenced code block (see `body_mention`)


def anonymity_problems(item: Item) -> list[Diagnostic]:
    """Where an anonymous endorsement's shown texts name its author: one finding per text."""
    if not isinstance(item, Endorsement) or not item.is_anonymous:
        return []
    names = author_names(item)
    if not names:
        return []
    pieces = [piece for name in names for piece in literal_pieces(name) if piece]
    problems: list[Diagnostic] = []
    for field in SHOWN_FIELDS:
        text = getattr(item, field)
        found = _named(text, names, markdown=False) if _may_name(text, pieces, markdown=False) else None
        if found is not None:
            problems.append(located_error(item.source.path, item.source.front_matter, (field,), *_finding(found),
                                          severity=_severity(found)))
    found = body_mention(item.body, names) if _may_name(item.body, pieces, markdown=True) else None
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
    return _named(text, names, markdown, parts=False)


def body_mention(body: str, names: list[str], parts: bool = True) -> _Mention | None:
    """The first mention of the whole name in a body, else of a part of it (with `parts`):
    in its text, or in the language of a fenced code block, which the page writes as a
    class (```` ```zed-quarry ```` as `language-zed-quarry`), read as in an address, where
    a name is written in any capitals. A body without a fence is read as before."""
    found = [_named(body, names, markdown=True, parts=parts)]
    for start, language in _fence_languages(body):
        shown = _ESCAPED_PUNCTUATION_RE.sub(r"\1", language) if "\\" in language else language
        mention = _named(shown, names, markdown=True, parts=parts, address=True)
        if mention is not None:  # where an escape was dropped, the place is the language's
            found.append(_Mention(start + (mention.start if shown == language else 0), mention.text, mention.is_whole, True))
    mentions = [m for m in found if m is not None]
    return min(mentions, key=lambda m: (not m.is_whole, m.start), default=None)


def _fence_languages(body: str) -> list[tuple[int, str]]:
    """Each fence's language as written, with where it starts in the body."""
    if "```" not in body and "~~~" not in body:
        return []
    return [(match.start("language"), match.group("language")) for match in _FENCE_LANGUAGE_RE.finditer(body)]


def _is_name_part(word: str) -> bool:
    """A word that names the person alone: not an initial (`J.`), a title (`Dr`) or an
    aside in brackets (`(CTO)`)."""
    bare = _bare(word)
    return len(bare) >= 2 and not word.endswith(".") and bare.casefold() not in _HONORIFICS and not word.startswith("(")


def _bare(word: str) -> str:
    return word.strip(".,;:()\"“”")


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


def _may_name(text: str, pieces: list[str], markdown: bool) -> bool:
    """Whether `text` folded at C speed holds one of the literal pieces of the name's words,
    as every mention `_named` finds does: the few texts that do (of every anonymous
    endorsement, on every build) are read character by character."""
    if not text:
        return False
    folded = folded_body(text) + "\n" + folded_without_markup(text) if markdown else fold(text)
    return any(piece in folded for piece in pieces)


def _named(text: str, names: list[str], markdown: bool, parts: bool = True, address: bool = False) -> _Mention | None:
    """The first mention of the whole name, else of a part of it (with `parts`). `address`:
    the whole text is read as an address is."""
    if not text:
        return None
    shown = readings(text, markdown)
    mentions = [m for folded, origin in shown for m in _whole_mentions(text, folded, origin, names, address)]
    if mentions or not parts:
        return min(mentions, key=lambda m: m.start, default=None)
    words = [piece for name in names for piece in {name, *name.split("-")} if len(piece) >= 2]
    found = [m for folded, origin in shown for word in words for m in _part_mentions(text, folded, origin, word)]
    return min(found, key=lambda m: m.start) if found else None


def _whole_names(names: list[str]) -> list[tuple[list[str], str]]:
    """Each way of writing the whole name, with what may come between its words: as written,
    last name first (`Ruiz, Ana`), and for a name of three parts or more its first and last
    alone, as people shorten it (`Maria Garcia` for Maria Elena Garcia)."""
    if len(names) == 1:
        return [(names, _BETWEEN_WORDS)]
    written = [names, [names[0], names[-1]]] if len(names) > 2 else [names]
    return [way for order in written for way in ((order, _BETWEEN_WORDS), (order[::-1], _REVERSED))]


def _whole_mentions(text: str, folded: str, origin: list[tuple[int, int]], names: list[str],
                    address: bool = False) -> list[_Mention]:
    mentions = []
    for order, between in _whole_names(names):
        prose = _edges(order, between.join(f"(?P<p{i}>{_word(n)})" for i, n in enumerate(order)))
        for match in re.finditer(prose, folded):
            mention = _mention(text, origin, match)
            written = all(_capitals_as_written(_original(text, origin, match, f"p{i}"), n) for i, n in enumerate(order))
            if _reads_as_name(mention.text, written, _run_together(folded, match, len(order))):
                mentions.append(mention)
        joined = _edges(order, _IN_ADDRESS.join(map(_word, order)))  # a one-word name too: priya@example.com
        mentions += [_mention(text, origin, m) for m in re.finditer(joined, folded) if address or _in_address(folded, m)]
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


def _reads_as_name(shown: str, written: bool, together: bool) -> bool:
    """Words apart are the name with their capitals as written, or in capitals throughout
    as a signature may be. Run together, only capitals as written mark where a word ends:
    `ZebediahQuarrington` is the name, but neither `willpower` nor `WILLPOWER` is Will Power."""
    if together:
        return written and not shown.isupper()
    return written or not any(c.islower() for c in shown)


def _run_together(folded: str, match: re.Match[str], words: int) -> bool:
    """Whether nothing a reader sees parts two words of the mention (`ZebediahQuarrington`,
    or joined by a character the page does not show)."""
    return any(match.end(f"p{i}") == match.start(f"p{i + 1}") for i in range(words - 1))


def _in_address(folded: str, match: re.Match[str]) -> bool:
    return in_address(folded, match.start(), match.end())


def _severity(found: _Mention) -> Literal["error", "warning"]:
    return "error" if found.is_whole else "warning"


def _finding(found: _Mention) -> tuple[str, str, str]:
    """(code, message, hint)."""
    where = ", in the language of a code block" if found.in_language else ""
    written = "the page writes a code block's language into its HTML (`class=\"language-...\"`)"
    if found.is_whole:
        return ("anonymous-author-named", f"this anonymous endorsement shows its author's name, `{found.text}`{where}",
                (f"{written}: take the name out" if where else "take the name out (a signature too)")
                + ", or set `attribution: named` if the author agrees to be named")
    return ("anonymous-author-named", f"this anonymous endorsement shows `{found.text}`, a part of its author's name{where}",
            "if it names the author, take it out: " + (written if where else "the site shows an anonymous endorsement's role and organisation only"))
