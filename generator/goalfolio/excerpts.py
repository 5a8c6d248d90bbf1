"""Plain-text summaries of Markdown bodies: the first sentence (pull quotes, feed entries,
review lists) and the excerpt (evidence cards and page descriptions).

They depend on the body text alone, so `Source` keeps them with the item, and the build
cache keeps them with the validated item: a build after one edit works out only the
edited body's.
"""

from __future__ import annotations

import functools
import html
import re


@functools.lru_cache(maxsize=16384)
def excerpt(body: str) -> str:
    """An evidence item's first sentence below its headings, tables, images and HTML lines.

    Planning needs it for every evidence page's description on every build, so it reads
    only as far as the first paragraph, and is cached by the body text (it depends on
    nothing else, so an edited body is simply another key)."""
    return first_sentence(first_paragraph(body))


_LEFT_OUT = ("#", "|", "!", "<")  # heading, table, image and HTML lines


def first_paragraph(body: str) -> str:
    """The first paragraph once heading, table, image and HTML lines are left out: lines
    up to the first blank one after some text (what splitting the rest on blank lines
    would give first, without reading the rest).

    When more text follows, a stand-in paragraph is kept after it, so that stripping the
    result keeps the paragraph's trailing spaces as stripping the whole text would (they
    decide whether a last line of `- ` is a list marker)."""
    lines: list[str] = []
    rest = iter(body.splitlines())
    for line in rest:
        stripped = line.lstrip()
        if stripped.startswith(_LEFT_OUT):
            continue
        if not stripped:
            if lines:
                if any(later.strip() and not later.lstrip().startswith(_LEFT_OUT) for later in rest):
                    lines.extend(("", "."))
                break
            continue
        lines.append(line)
    return "\n".join(lines)


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Markdown and HTML that a plain sentence leaves out, in this order. Emphasis marks go only
# where they can open or close emphasis, so `snake_case` and `C#` keep their characters.
_MARKUP = [
    (re.compile(r"\s*\(\s*(?:\[\[[^\]]+\]\][\s,;]*)+\)"), ""),  # "([[a]], [[b]])" says nothing once cited ids go
    (re.compile(r"\[\[[^\]]+\]\]"), ""),  # citations
    (re.compile(r"\[\^[^\]\s]*\]"), ""),  # footnote references
    (re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"), r"\1"),  # links, images, reference links
    (re.compile(r"</?[A-Za-z][^<>\n]*>"), ""),  # HTML tags
    (re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?", re.MULTILINE), ""),  # list and task markers
    (re.compile(r"^\s*(?:>\s?)+", re.MULTILINE), ""),  # quote markers
    (re.compile(r"^\s*#{1,6}(?:\s|$)", re.MULTILINE), ""),  # heading markers
    (re.compile(r"`+|~~"), ""),  # code and strikethrough delimiters
    (re.compile(r"(?<![\w\\])[*_]+|(?<!\\)[*_]+(?!\w)"), ""),  # emphasis
    (re.compile(r"\\([!-/:-@\[-`{-~])"), r"\1"),  # backslash escapes
]


def plain_text(markdown: str) -> str:
    """A paragraph of Markdown as the words a reader sees, for text that is not HTML (a
    meta description, a feed summary, a card's line): templates escape it once."""
    for pattern, replacement in _MARKUP:
        markdown = pattern.sub(replacement, markdown)
    return " ".join(html.unescape(markdown).split())


def sentence_of(text: str, limit: int = 240) -> str:
    """The first sentence of plain text, cut at a word before `limit` characters."""
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


@functools.lru_cache(maxsize=16384)
def first_sentence(body: str, limit: int = 240) -> str:
    """The first sentence of a Markdown body as plain text, for pull quotes and excerpts.

    Cached by text (it depends on nothing else): feeds, lists and page descriptions ask
    for the same sentences on every build."""
    text = body.strip()
    end = _PARAGRAPH_BREAK.search(text)
    return sentence_of(plain_text(text[: end.start()] if end else text), limit)
