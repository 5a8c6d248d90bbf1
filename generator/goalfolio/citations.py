"""Find `[[id]]` citations in Markdown bodies, outside code, with their positions.

Most bodies are scanned line by line with regular expressions: that is what a cold build
can afford for every body before the bodies are rendered. A body with Markdown that spans
lines (indented code, a code span over two lines, footnote definitions, nested blocks) is
parsed as the renderer parses it instead, so both agree on what is a citation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

CITATION_RE = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
# What a build shows in place of a citation of an item it does not hold (one hidden from
# its audience): neither the item's title nor its id, but a reader sees that something is.
WITHHELD = "(an item not shown here)"
_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_BACKTICKS_RE = re.compile(r"`+")
# Where Markdown reads `[[id]]` as part of something else, so the body shows it as written:
# code spans (found by `_visible`), autolinks, images (their text is the `alt`), a link's
# destination and title (a link's text may cite, but one whose text does is not read as a
# link), a link reference definition, and brackets escaped with `\`.
_NOT_CITED_RE = re.compile(
    r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*>"
    r"|!\[(?:[^\[\]\n]|\[\[?[^\[\]\n]*\]\]?)*\]\([^)\n]*\)"
    r"|(?P<text>\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])\([^)\n]*\)"
    r"|^\s{0,3}\[[^\]\n]+\]:.*$"
    r"|(?<!\\)(?:\\\\)*\\\["
)


# Lines where the line-by-line scan could disagree with Markdown: indented code or nested
# blocks, a footnote definition (which a reference definition's pattern would hide); and an
# escaped backtick, which makes the run of backticks it starts one shorter.
_NEEDS_PARSING_RE = re.compile(r"^(?:\t| {4}| {0,3}\[\^)|\\`", re.MULTILINE)


def _blank(match: re.Match[str]) -> str:
    kept = match.group("text") or ""
    return kept + " " * (len(match.group(0)) - len(kept))


@dataclass(frozen=True)
class Citation:
    target: str
    line: int  # 1-based within the body
    column: int


@functools.lru_cache(maxsize=16384)
def find_citations(body: str) -> tuple[Citation, ...]:
    """Every citation in `body`, in order. Checks, the graph, the page plan and the cache
    all ask for them on every build, so they are kept by body text (an edit is a new key).
    A line with a backtick outside a code span of its own (a fence, a span over two lines,
    runs of two lengths, which are no span) is left to the parser."""
    if "[[" not in body:
        return ()
    if _NEEDS_PARSING_RE.search(body) or any(_unpaired_backticks(line) for line in body.split("\n") if "`" in line):
        return tuple(_parsed(body))
    return tuple(_scan(body))


def _parsed(body: str) -> Iterator[Citation]:
    """The citations Markdown itself finds: the renderer's citation tokens, each placed
    by its offset in the paragraph (or cell, or heading) it belongs to."""
    from .markdown import parse_tokens  # the renderer imports this module

    lines = body.split("\n")
    taken: dict[int, int] = {}  # line -> where the inline content found on it ends: a table row's cells share a line
    for token in parse_tokens(body):
        if token.type != "inline" or not token.children or token.map is None:
            continue
        first = token.map[0]
        for child in token.children:
            if child.type == "citation":
                yield _placed(child.meta["id"], token.content, child.meta["offset"], first, lines, taken.get(first, 0))
        text = token.content.split("\n", 1)[0]
        found = lines[first].find(text, taken.get(first, 0)) if first < len(lines) else -1
        if found >= 0:
            taken[first] = found + len(text)


def _placed(target: str, content: str, offset: int, first_line: int, lines: list[str], start: int = 0) -> Citation:
    """Block parsing strips each line's indentation and markers (`> `, `- `) from the
    content, so the column comes from finding the content's line in the body's line, on
    the block's first line from `start` on (past the cells before it in a table row)."""
    line_start = content.rfind("\n", 0, offset) + 1
    line_end = content.find("\n", offset)
    line_text = content[line_start:line_end if line_end >= 0 else len(content)]
    number = first_line + content.count("\n", 0, offset)
    source = lines[number] if number < len(lines) else ""
    found = source.find(line_text, start if number == first_line else 0)
    start = found if found >= 0 else len(source) - len(source.lstrip())
    return Citation(target, number + 1, start + offset - line_start + 1)


def _scan(body: str) -> Iterator[Citation]:
    fenced = False
    for number, line in enumerate(body.split("\n"), start=1):
        if _FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced or "[[" not in line:
            continue
        for match in CITATION_RE.finditer(_visible(line)):
            yield Citation(match.group(1).strip(), number, match.start() + 1)


def _backtick_runs(line: str) -> list[tuple[int, int, int | None]]:
    """Each run of backticks on the line, as its start, its end and the end of the next run
    of the same length (where a code span it opens would close), found in one pass back to
    front. A run with no such closer is text. This is how Markdown pairs them, in time
    linear in the line: a regular expression searched the rest of the line from each run
    with no closer, and a long line of runs of many lengths took seconds."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS_RE.finditer(line)]
    closers: list[int | None] = []
    later: dict[int, int] = {}  # length -> end of the nearest run of that length seen so far
    for start, end in reversed(runs):
        closers.append(later.get(end - start))
        later[end - start] = end
    return [(start, end, closer) for (start, end), closer in zip(runs, reversed(closers))]


def _unpaired_backticks(line: str) -> bool:
    """Whether a run of backticks on the line opens no code span and lies in none."""
    position = 0
    for start, _, closer in _backtick_runs(line):
        if start >= position:
            if closer is None:
                return True
            position = closer
    return False


def _visible(line: str) -> str:
    """The line with code spans and the other places that show `[[id]]` as written blanked,
    in one pass from left to right, as Markdown reads them: a run of backticks inside an
    earlier link's address is part of that link, and a code span's closer is the next run
    of its length wherever it is."""
    runs = _backtick_runs(line)
    parts: list[str] = []
    done = index = 0  # the end of what is copied or blanked; the next run of backticks
    other = _NOT_CITED_RE.search(line)
    while True:
        while index < len(runs) and runs[index][0] < done:
            index += 1
        if other is not None and other.start() < done:
            other = _NOT_CITED_RE.search(line, done)
        if index < len(runs) and (other is None or runs[index][0] < other.start()):
            start, _, closer = runs[index]
            index += 1
            if closer is not None:
                parts += [line[done:start], " " * (closer - start)]
                done = closer
        elif other is not None:
            parts += [line[done:other.start()], _blank(other)]
            done = other.end()
        else:
            break
    parts.append(line[done:])
    return "".join(parts)
