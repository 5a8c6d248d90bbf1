"""Find `[[id]]` citations in Markdown bodies, outside code, with their positions."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

CITATION_RE = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
# Where Markdown reads `[[id]]` as part of something else, so the body shows it as written:
# code spans, autolinks, images (their text is the `alt`), a link's destination and title
# (a link's text may cite, but one whose text does is not read as a link), a link
# reference definition, and brackets escaped with `\`.
_NOT_CITED_RE = re.compile(
    r"`+[^`\n]*`+"
    r"|<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*>"
    r"|!\[(?:[^\[\]\n]|\[\[?[^\[\]\n]*\]\]?)*\]\([^)\n]*\)"
    r"|(?P<text>\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])\([^)\n]*\)"
    r"|^\s{0,3}\[[^\]\n]+\]:.*$"
    r"|\\\["
)


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
    all ask for them on every build, so they are kept by body text (an edit is a new key)."""
    return tuple(_scan(body)) if "[[" in body else ()


def _scan(body: str) -> Iterator[Citation]:
    fenced = False
    for number, line in enumerate(body.split("\n"), start=1):
        if _FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced or "[[" not in line:
            continue
        visible = _NOT_CITED_RE.sub(_blank, line)
        for match in CITATION_RE.finditer(visible):
            yield Citation(match.group(1).strip(), number, match.start() + 1)
