"""Plain-text summaries of Markdown bodies: the first sentence (pull quotes, feed entries,
review lists) and the excerpt (evidence cards and page descriptions).

They depend on the body text and `markdown.allow_html` alone (without it, a page shows
HTML as text, and so do they), so `Source` keeps them with the item, and the build cache
keeps them with the validated item: a build after one edit works out only the edited
body's.

What depends on the build stays out of them. A citation is kept as a mark, the cited id
between two Unicode noncharacters (`CITED`: meant for a program's own use; a body loses
any it has, and no HTML entity makes one), and `with_titles` puts in the cited item's
title, or the words a body shows for an item the build does not hold, once the build is
known. The length limit is applied there too, so it counts the text as shown.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from markdown_it.common.html_blocks import block_names as html_block_names

from .citations import CITATION_RE

LIMIT = 240  # characters of a summary as shown, titles of cited items included
CITED = re.compile("\ufdd0([^\ufdd0\ufdd1]*)\ufdd1")
_MARK_CHARACTERS = re.compile("[\ufdd0\ufdd1]")


@functools.lru_cache(maxsize=16384)
def excerpt(body: str, allow_html: bool = False) -> str:
    """An evidence item's first sentence below its headings, tables, images, HTML blocks and code.

    Planning needs it for every evidence page's description on every build, so it reads
    only as far as the first paragraph, and is cached by the body text and the setting
    (it depends on nothing else, so an edited body is simply another key). Without
    `markdown.allow_html` a page shows HTML as text, so the excerpt does too: a `<y>` in
    `x<y>z` is what the user wrote, not a tag to leave out."""
    return first_sentence(first_paragraph(body, allow_html), allow_html)


_LEFT_OUT = ("#", "|", "!")  # heading, table and image lines
# An autolink (`<https://x>`, `<me@x.org>`), which a page shows as its address: text, not HTML.
_AUTOLINK = r"<(?P<address>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9.\-]+)>"

# A line that starts an HTML block, as CommonMark reads one, by the first six of its spec's
# conditions: `<script`, `<pre`, `<style` or `<textarea`; a comment; `<?`; a declaration
# (`<!DOCTYPE`); CDATA; a block-level tag, opening or closing. The first five are named for
# what ends them. The block-level names come from the renderer itself: the spec's list
# changes between its versions, and an excerpt reads a line as the page does. Tag names are
# matched as ASCII, so `<ſcript>` is no `<script>`.
_HTML_BLOCK = re.compile(
    r"<(?:(?P<raw>(?ai:script|pre|style|textarea))(?=\s|>|$)|(?P<comment>!--)|(?P<instruction>\?)"
    r"|(?P<cdata>!\[CDATA\[)|(?P<declaration>![A-Za-z])"
    rf"|/?(?ai:{'|'.join(html_block_names)})(?=\s|/?>|$))")
# The seventh: any other complete opening or closing tag alone on its line.
_LONE_TAG = re.compile(
    r"(?:<[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)*"
    r"\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$")
# Where each of the first five ends: at the first line holding this, which may be its first.
# Their lines are never a paragraph's text: hidden (a comment, a script) or code-like (`<pre>`).
_RAW_HTML_ENDS = {
    "raw": re.compile(r"</(?ai:script|pre|style|textarea)>"),
    "comment": re.compile("-->"),
    "instruction": re.compile(r"\?>"),
    "cdata": re.compile(r"\]\]>"),
    "declaration": re.compile(">"),
}
# A block-level or lone tag's block ends at a blank line, but only its first line is left
# out: the page shows the text of the lines after it (`<p align="center">` then a line of
# text), and an excerpt reads them.
_THIS_LINE = re.compile("")


def _html_block_end(line: str, in_paragraph: bool) -> re.Pattern[str] | None:
    """What ends the HTML block that a line starting with `<` starts, which the page shows
    apart from any paragraph; None where it starts none and is a paragraph's text with its
    tags inline: "I like" then "<b>bold</b> things." is one paragraph. A lone tag starts a
    block only where no paragraph goes on, as CommonMark lets only the first six kinds
    interrupt one."""
    start = _HTML_BLOCK.match(line)
    if start is not None:
        return _RAW_HTML_ENDS.get(start.lastgroup or "", _THIS_LINE)
    if not in_paragraph and _LONE_TAG.match(line):
        return _THIS_LINE
    return None


# A fence may open a list item (`- ```sh`); a backtick fence's info string holds no
# backtick, or "```npm i``` is all" is inline code, as Markdown reads it.
_FENCE = re.compile(r"(?:(?:[-*+]|[0-9]{1,9}[.)])\s+)*(`{3,}(?!.*`)|~{3,})")


def _lines_read(lines: Iterable[str], allow_html: bool) -> Iterator[str]:
    """The lines an excerpt reads, and "" for each blank one. Left out: heading, table and
    image lines; fenced code (from a line starting with ``` or ~~~, after any list markers,
    to one of only as many or more of the same, or the end), which is no sentence to quote
    and read as one loses its `*` and gains its language (`python print('x' 300)`); and,
    with `allow_html`, a line starting an HTML block (see `_html_block_end`), not one of a
    paragraph's text (`<b>bold</b> things`) nor an autolink (`<https://x> is ...`), and the
    rest of a comment, script, `<pre>` or other block of the first five kinds, up to its end:
    a note to self over several lines was published.

    One pass over the lines, as far as the caller reads: it runs for every body."""
    fence = ""
    html_end: re.Pattern[str] | None = None  # the end of the raw HTML block being passed over
    in_paragraph = False
    for line in lines:
        if fence:
            stripped = line.strip()
            if stripped and stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = ""
            continue
        if html_end is not None:
            if html_end.search(line):
                html_end = None
            continue
        stripped = line.lstrip()
        if not stripped:
            in_paragraph = False
            yield ""
            continue
        opening = _FENCE.match(stripped)
        if opening:
            fence = opening.group(1)
            continue
        if stripped.startswith(_LEFT_OUT):
            continue
        if allow_html and stripped[0] == "<":
            end = _html_block_end(stripped, in_paragraph)
            if end is not None:
                if end.search(stripped) is None:
                    html_end = end
                continue
        in_paragraph = True
        yield line


def first_paragraph(body: str, allow_html: bool = False) -> str:
    """The first paragraph of the lines an excerpt reads (`_lines_read`): lines up to the
    first blank one after some text (what splitting them all on blank lines would give
    first, without reading the rest).

    When more text follows, a stand-in paragraph is kept after it, so that stripping the
    result keeps the paragraph's trailing spaces as stripping the whole text would (they
    decide whether a last line of `- ` is a list marker)."""
    lines: list[str] = []
    rest = _lines_read(body.splitlines(), allow_html)
    for line in rest:
        if line:
            lines.append(line)
        elif lines:
            if any(rest):
                lines.extend(("", "."))
            break
    return "\n".join(lines)


# Where `<` starts what a page shows as text rather than a tag to leave out: a code span, as
# written; an escape (`\<`, `\\`), for the escapes' step; an autolink (`<https://x>`,
# `<me@x.org>`), as its address. Matched from the left, so an escape or a code span is
# passed over whole, and a tag only found outside them.
_ANGLE_BRACKETS = re.compile(
    r"(?P<code>(?<!`)(`+)(?!`).+?(?<!`)\2(?!`))|(?P<escape>\\.)"
    rf"|{_AUTOLINK}"
    r"|</?[A-Za-z][^<>\n]*>", re.DOTALL)


def _shown_in_brackets(match: re.Match[str]) -> str:
    """What `_ANGLE_BRACKETS` found, as a page with `allow_html` shows it: a tag not at all."""
    if match.group("address"):
        return match.group("address")
    return match.group("code") or match.group("escape") or ""


def _shown_as_text(match: re.Match[str]) -> str:
    """What `_ANGLE_BRACKETS` found, as a page without `allow_html` shows it: a tag as written."""
    return match.group("address") or match.group()


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Markdown and HTML that a plain sentence leaves out, in this order, each with the characters
# one of which any match holds: a pattern is not run over text without them (most of a
# cold build's excerpts hold no link, tag, code or emphasis). Emphasis marks go only where
# they can open or close emphasis, so `snake_case` and `C#` keep their characters; its
# pattern starts by looking for a mark, which the engine then finds by a fast scan.
_MARKUP: list[tuple[str, re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    ("\ufdd0", re.compile("\\s*\\(\\s*(?:\ufdd0[^\ufdd1]*\ufdd1[\\s,;]*)+\\)"), ""),  # "([[a]], [[b]])": a list of references
    ("[", re.compile(r"\[\^[^\]\s]*\]"), ""),  # footnote references
    ("[", re.compile(r"!?\[((?:[^\[\]]|\[\[?[^\[\]]*\]\]?)*)\](?:\([^)]*\)|\[[^\]]*\])"), r"\1"),  # links, images, reference links
    ("<", _HTML_COMMENT, ""),  # HTML comments: no page with HTML shows them, notes to self often
    ("<", _ANGLE_BRACKETS, _shown_in_brackets),  # HTML tags, but not what a page shows as text
    ("", re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?", re.MULTILINE), ""),  # list and task markers
    (">", re.compile(r"^\s*(?:>\s?)+", re.MULTILINE), ""),  # quote markers
    ("#", re.compile(r"^\s*#{1,6}(?:\s|$)", re.MULTILINE), ""),  # heading markers
    ("`~", re.compile(r"`+|~~"), ""),  # code and strikethrough delimiters
    ("*_", re.compile(r"(?=[*_])(?:(?<![\w\\])[*_]+|(?<!\\)[*_]+(?!\w))"), ""),  # emphasis
    # backslash escapes, and a backslash ending a line of the paragraph (a line break)
    ("\\", re.compile(r"\\(?:([!-/:-@\[-`{-~])|(\n)(?=[^\n]*\S))"), r"\1\2"),
]
# Without `markdown.allow_html` a page shows tags and comments as the text they are, so a
# sentence keeps them: of what is in angle brackets, only an autolink reads differently.
_MARKUP_WITHOUT_HTML = [(needs, pattern, _shown_as_text if pattern is _ANGLE_BRACKETS else replacement)
                        for needs, pattern, replacement in _MARKUP if pattern is not _HTML_COMMENT]


def plain_text(markdown: str, allow_html: bool = False) -> str:
    """A paragraph of Markdown as the words a reader sees, for text that is not HTML (a
    meta description, a feed summary, a card's line): templates escape it once. Citations
    are left as marks for `with_titles`; a bracket holding only citations is left out, as
    footnote references are: it points elsewhere rather than saying something."""
    markdown = _marked_citations(_MARK_CHARACTERS.sub("", markdown))
    for needs, pattern, replacement in _MARKUP if allow_html else _MARKUP_WITHOUT_HTML:
        if not needs or any(character in markdown for character in needs):
            markdown = pattern.sub(replacement, markdown)
    return " ".join(html.unescape(markdown).split())


# A `[[x]]` whose `[` is not escaped: after no backslash, or after escaped backslashes
# (`\\[[x]]` is a backslash and a citation).
_UNESCAPED_CITATION = re.compile(r"(?<!\\)((?:\\\\)*)" + CITATION_RE.pattern)


def _marked_citations(markdown: str) -> str:
    """Every `[[x]]` not escaped becomes a mark, shown as the item's title or as withheld:
    never as the id, whatever a paragraph cut out of its body makes of it (a code span
    the body reads differently, a footnote the body shows elsewhere). Pages showing the
    text depend on the items its marks name (`sitepages.wording.cited_in`)."""
    if "[[" not in markdown:
        return markdown
    return _UNESCAPED_CITATION.sub(lambda m: f"{m.group(1)}\ufdd0{m.group(2).strip()}\ufdd1", markdown)


# What may close a sentence after its stop, and what may open a word before one.
_CLOSERS = "\"'\u201d\u2019\u00bb)]"
_OPENERS = "\"'\u201c\u2018\u00ab(["
# Besides `.!?`: the Arabic question mark `؟` and full stop `۔` (Arabic, Persian, Urdu) and
# the Devanagari danda `।`, each followed by a space as `.` is.
_SENTENCE_END = re.compile(rf"[.!?\u061f\u06d4\u0964]+[{re.escape(_CLOSERS)}]*(?=\s|$)|[\u3002\uff01\uff1f]")
# A stop after one of these words, or after letters each followed by a stop (J., e.g.,
# i.e., U.S., z. B.), abbreviates the word and does not end the sentence; the German ones
# are followed by a capital or a figure as often as the English (`ca. 20 %`, `Nr. 5`).
ABBREVIATIONS = frozenset("dr mr mrs ms prof st jr sr vs etc no approx incl inc ltd co "
                          "ca nr bzw ggf evtl vgl inkl".split())
# German writes a day with a stop (`am 15. Juni`), and its months start with a capital.
_GERMAN_MONTHS = frozenset("januar jänner februar märz april mai juni juli august september oktober november dezember".split())
_DAY = re.compile(r"[0-9]{1,2}")
_INITIALS = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")


def sentence_of(text: str) -> str:
    """The first sentence of plain text, whole. It ends at a stop (`.`, `!`, `?`, `؟`, `۔`,
    `।`, or the CJK `。！？`) followed by a space and a word that does not start with a lowercase
    letter (scripts without case start a sentence with any word), except at a stop that
    ends an abbreviation or an initial: "Dr. Smith", "e.g. on mobile", "J. Doe"."""
    for match in _SENTENCE_END.finditer(text, 1):
        if _ends_sentence(text, match):
            return text[: match.end()]
    return text


_NEXT_CHARACTER = re.compile(r"\s*(\S?)")


def _ends_sentence(text: str, stop: re.Match[str]) -> bool:
    if stop.group()[0] in "\u3002\uff01\uff1f":
        return True
    after = _NEXT_CHARACTER.match(text, stop.end())
    if after is not None and after.group(1).islower():
        return False
    if stop.group().rstrip(_CLOSERS) != ".":
        return True
    start = max(text.rfind(" ", 0, stop.start()), text.rfind("\n", 0, stop.start())) + 1
    word = text[start:stop.start()].lstrip(_OPENERS)
    if _DAY.fullmatch(word) and _next_word(text, stop.end()).lower() in _GERMAN_MONTHS:
        return False
    return word.lower() not in ABBREVIATIONS and _INITIALS.fullmatch(word) is None


_WORD_AFTER = re.compile(r"\s*(\w*)")


def _next_word(text: str, at: int) -> str:
    match = _WORD_AFTER.match(text, at)
    return match.group(1) if match else ""


def shorten(text: str, limit: int = LIMIT) -> str:
    """`text` if it has at most `limit` characters, else cut at a word before them, or, in
    text without spaces (CJK, a row of emoji), between two characters as a reader sees them."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        return cut.rsplit(" ", 1)[0] + "\u2026"
    return text[: _character_start(text, limit - 1)] + "\u2026"


_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_JOINER = "\u200d"


def _character_start(text: str, cut: int) -> int:
    """The last index at or before `cut` where a character as read starts: not before an
    accent or other mark, a joiner or what it joins, a variation selector, a skin tone or
    the second letter of a flag. Python's slicing counts code points, and a cut between
    those leaves a bare accent, half a flag or a dangling joiner before the ellipsis."""
    while 0 < cut < len(text) and _extends(text, cut):
        cut -= 1
    return cut


def _extends(text: str, at: int) -> bool:
    """Whether the code point at `at` belongs to the character before it."""
    char, code = text[at], ord(text[at])
    if char == _JOINER or text[at - 1] == _JOINER or unicodedata.category(char) in ("Mn", "Mc", "Me"):
        return True
    if 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F or 0xE0100 <= code <= 0xE01EF:
        return True  # variation selectors, skin tones, the tags of a subdivision flag
    if code in _REGIONAL_INDICATORS:
        before = at
        while before > 0 and ord(text[before - 1]) in _REGIONAL_INDICATORS:
            before -= 1
        return (at - before) % 2 == 1
    return False


def with_titles(text: str, title_of: Callable[[str], str], limit: int = LIMIT) -> str:
    """A summary as a page shows it: each citation mark replaced by `title_of(id)`, then cut
    to `limit` characters. The limit counts the titles, as a reader sees them; the sentence
    itself was found without them, so a title's `.` never ends it."""
    if "\ufdd0" in text:
        text = CITED.sub(lambda match: title_of(match.group(1)), text)
    return shorten(text, limit)


@functools.lru_cache(maxsize=16384)
def first_sentence(body: str, allow_html: bool = False) -> str:
    """The first sentence of a Markdown body as plain text with citation marks, whole: for
    pull quotes and excerpts, through `with_titles`.

    Cached by text and setting (it depends on nothing else): feeds, lists and page
    descriptions ask for the same sentences on every build."""
    text = body.strip()
    end = _PARAGRAPH_BREAK.search(text)
    return sentence_of(plain_text(text[: end.start()] if end else text, allow_html))
