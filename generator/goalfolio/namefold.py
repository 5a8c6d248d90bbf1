"""A text folded as a reader compares a person's name with it, in two ways that must agree.

`anonymity` and `namedelsewhere` look for an author's name in what a page shows. Both read
a text folded: without accents or capitals, with letters such as `ø` and `ł` as a reader
writes them without (`o`, `l`), with one apostrophe and one hyphen, and without what the
page does not show of it. That is, the characters a browser shows nothing of (a soft
hyphen, zero-width spaces and joiners, a left-to-right mark, a byte order mark), those it
shows as a blank space (a Hangul filler, read as a space), and, in a
body, which markdown-it renders, a character reference (`&#80;`) read as its character and
the Markdown a page shows as no character: emphasis and strikethrough marks, a code
span's backquotes, a tag or comment, a link's brackets and address (`**Zebe**diah` reads
`Zebediah`). A tag is left out with or without `markdown.allow_html`: without it the page
shows `Zebe<b></b>diah` as written, but a reader still reads the name around the tag. What
the page shows of a word parts it: a backslash before a letter (`Zebe\\diah`; CommonMark
escapes punctuation only), an underscore inside a word (no emphasis there). A letter
escaped in an address (`%5A` for `Z`) is read as that letter, as a browser shows the address.

`readings` folds each character on its own and keeps where each came from, so that a
name found is reported where it starts in the source; it is what decides. Markup is a
second reading, beside the text as written: a lone `*` or a backquote in `O`Brien` may be
shown as written, and the text as written is read too. `fold`, `folded_body` and
`folded_without_markup` fold a whole text at C speed, for the prefilters that keep the few
texts that may hold a name: the first two hold every literal piece of a name
(`literal_pieces`) that `readings` finds in the text as written, the last those it finds
without the markup. `namedelsewhere`, which reads every text of a portfolio on every build,
does without the last (its regex is tried at every character: a second search of every
body), so there a name parted by markup inside a word (`**Zebe**diah`) is not reported;
the endorsement's own check reads it.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from urllib.parse import unquote

from .urls import LETTER_FOLD

# German writes an umlaut as its vowel and `e` where a keyboard or address has none:
# `Müller` is `Mueller` in a signature or an email address.
UMLAUTS = frozenset("äöüÄÖÜ")
# A character reference as markdown-it reads one in text (always with its `;`).
REFERENCE_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Markdown a page shows nothing of: emphasis, strikethrough and code span marks, a tag or
# comment, a link's opening bracket and its `](address)`. An image's text shows as a link's.
MARKUP_RE = re.compile(r"[*~`]+|<[^>\n]*>|!?\[(?=[^\]\n]*\]\()|\]\([^)\n]*\)")
# One character escaped in an address as its bytes in UTF-8.
_ESCAPED_CHARACTER_RE = re.compile(r"%[0-7][0-9a-f]|%[cd][0-9a-f]%[89ab][0-9a-f]|%e[0-9a-f](?:%[89ab][0-9a-f]){2}"
                                   r"|%f[0-4](?:%[89ab][0-9a-f]){3}", re.IGNORECASE)
# The first byte of an escaped letter or digit: ASCII's, or one that starts a character of
# two bytes or more. Not a space, `/`, `:` or `?`: most escapes in addresses are those.
_LETTER_ESCAPE_RE = re.compile(r"%(?:3[0-9]|[46][1-9a-f]|[57][0-9a]|[c-f][0-9a-f])", re.IGNORECASE)
ADDRESS_MARKS = ("@", "/", "www.")
_SPACE_RE = re.compile(r"[ \t\n]")  # what ends a word of an address, as `in_address` reads it
_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")

Piece = tuple[int, int, str]  # the span of the text written, and what it folds to
Reading = tuple[str, list[tuple[int, int]]]  # the folded text, and the span written of each of its characters


def readings(text: str, markdown: bool) -> list[Reading]:
    """The text folded as compared, once as written and, in a body with markup, once as the
    page shows the markup: without it."""
    pieces = [(index, index + 1, fold_character(character)) for index, character in enumerate(text)]
    if markdown and "&" in text:
        pieces = _replaced(pieces, _references(text))
    if "%" in text and _LETTER_ESCAPE_RE.search(text):
        pieces = _replaced(pieces, _escaped_letters(text))
    found = [_joined(pieces)]
    if markdown and _has_markup(text):
        markup = [(match.start(), match.end(), "") for match in MARKUP_RE.finditer(text)]
        if markup:
            found.append(_joined(_replaced(pieces, markup)))
    return found


def _has_markup(body: str) -> bool:
    """Whether the body holds what a match of MARKUP_RE starts with: most do not, and
    finding so is five scans at C speed, not a regex tried at every character."""
    return "*" in body or "~" in body or "`" in body or "<" in body or "](" in body


def _joined(pieces: list[Piece]) -> Reading:
    return "".join(piece for _, _, piece in pieces), [(start, end) for start, end, piece in pieces for _ in piece]


def _replaced(pieces: list[Piece], spans: list[Piece]) -> list[Piece]:
    """`pieces` with those starting in each of `spans` (in order, apart) replaced by the span."""
    found: list[Piece] = []
    index = 0
    for start, end, folded in spans:
        while index < len(pieces) and pieces[index][0] < start:
            found.append(pieces[index])
            index += 1
        found.append((start, end, folded))
        while index < len(pieces) and pieces[index][0] < end:
            index += 1
    return found + pieces[index:]


def _references(text: str) -> list[Piece]:
    """Each character reference of `text`, folded as the characters it stands for (markdown-it
    writes `&#80;riya` as `Priya`); one HTML does not know (`&x;`) is text, as written."""
    found = []
    for match in REFERENCE_RE.finditer(text):
        shown = html.unescape(match.group())
        if shown != match.group():
            found.append((match.start(), match.end(), "".join(map(fold_character, shown))))
    return found


def _escaped_letters(text: str) -> list[Piece]:
    """Each letter or digit escaped in an address of `text` (`%5A`, `%C3%A9`), folded as the
    letter a browser shows. A space (`%20`) stays as written: it parts the words of an
    address as `.` or `-` does."""
    found = []
    for match in _ESCAPED_CHARACTER_RE.finditer(text):
        try:
            character = bytes.fromhex(match.group().replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:  # not a character in UTF-8 (an overlong form, a surrogate)
            continue
        if character.isalnum() and in_address(text, match.start(), match.end()):
            found.append((match.start(), match.end(), fold_character(character)))
    return found


def in_address(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is inside an email address or a URL: the run of text
    without spaces holding it."""
    first = max(text.rfind(c, 0, start) for c in " \t\n") + 1
    ends = [i for i in (text.find(c, end) for c in " \t\n") if i >= 0]
    token = text[first:min(ends, default=len(text))].lower()
    return any(mark in token for mark in ADDRESS_MARKS)


# Letters and symbols a browser shows as a blank space, not as a character (fonts give them
# a blank glyph): the Hangul fillers and the Braille blank.
BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def shows_no_character(text: str) -> bool:
    """Whether a page shows `text` as blank: each character folds to nothing or a space, as
    `fold_character` folds it, or is a mark with no letter to sit on (an accent alone)."""
    return all(not fold_character(c).strip() or unicodedata.category(c).startswith("M") for c in text)


@functools.cache
def fold_character(character: str) -> str:
    """Kept per character: a body has few distinct ones, and folding costs a normalisation
    and two substitutions each time (at 1,000 items, 57 ms a build against 10 ms kept). A
    character a browser does not show (a format character: a soft hyphen, a zero-width
    space or joiner, a direction mark) folds to nothing, as the reader sees nothing of it,
    and a blank one (a Hangul filler) to a space, as the reader sees one."""
    if unicodedata.category(character) == "Cf":
        return ""
    if character in BLANK_CHARACTERS:
        return " "
    decomposed = unicodedata.normalize("NFKD", character.translate(LETTER_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[’ʼ‘`´]", "'", re.sub(r"[‐‑‒–]", "-", plain))


def literal_pieces(word: str) -> tuple[str, ...]:
    """The parts of one folded word of a name that `anonymity` matches as they are: a
    hyphen may be a space or nothing, and an `e` may follow an umlaut."""
    pieces, current = [], ""
    for character in unicodedata.normalize("NFC", word):
        folded = fold_character(character)
        if folded == "-":
            pieces.append(current)
            current = ""
            continue
        current += folded
        if character in UMLAUTS:
            pieces.append(current)
            current = ""
    return (*pieces, current)


def fold(text: str) -> str:
    """`text` as `readings` folds it (each character through `fold_character`), at C speed:
    plain ASCII needs only its capitals and backquote folded, and other characters come in
    short runs (an accent, a dash) folded through a table filled as they appear. The words
    holding an escaped letter (`%5A`) follow, on a line of their own, with every escape read."""
    folded = _fold_text(text)
    if "%" in text:
        escaped = _escaped_words(text)
        if escaped:
            folded += "\n" + _fold_text(unquote(" ".join(escaped)))
    return folded


def _escaped_words(text: str) -> list[str]:
    """The runs of text without spaces that hold an escaped letter: only they, not the whole
    text again, which would double what the prefilter searches (a link in every body)."""
    tab = "\t" in text  # a search for a tab not there reads the whole text
    words: list[str] = []
    end = 0
    for match in _LETTER_ESCAPE_RE.finditer(text):
        if match.start() >= end:
            before = text.rfind("\t", 0, match.start()) if tab else -1
            start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start()), before) + 1
            after = _SPACE_RE.search(text, match.end())
            end = after.start() if after else len(text)
            words.append(text[start:end])
    return words


def folded_body(body: str) -> str:
    """A body as `readings` folds it as written, character references as what they stand for."""
    if "&" in body:
        body = _unescaped(body)
    return fold(body)


def folded_without_markup(body: str) -> str:
    """A body as `readings` folds it without its markup, or nothing for a body without.
    MARKUP_RE is tried at every character, slower by far than a fold: it is for the few
    bodies of anonymous endorsements, not every body of a portfolio."""
    if not _has_markup(body):
        return ""
    return fold(MARKUP_RE.sub("", _unescaped(body) if "&" in body else body))


def _unescaped(body: str) -> str:
    return REFERENCE_RE.sub(lambda found: html.unescape(found.group()), body)


def _fold_text(text: str) -> str:
    if text.isascii():
        return _fold_ascii(text)
    parts = _NON_ASCII_RUN.split(text)  # ASCII at even indexes, the runs between at odd ones
    return "".join(part.translate(_FOLDED) if index % 2 else _fold_ascii(part) for index, part in enumerate(parts))


def _fold_ascii(text: str) -> str:
    folded = text.lower()
    return folded.replace("`", "'") if "`" in folded else folded


class _FoldTable(dict[int, str]):
    """Each character's fold, worked out the first time `str.translate` meets it."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_character(chr(code))
        return folded


_FOLDED = _FoldTable()
