"""Break points in long words, for the cells of the theme's tables.

From a tablet's width up, a table cell breaks a word only where the word alone is wider than
its column (`overflow-wrap: break-word`), so that "experience" in a short column is not cut
into "experien" and "ce". A word too long for any column (a URL, a figure of 1e300 written
out) would then widen the page: `breakable` gives such a word a `<wbr>` every few
characters, which the browser may break at and counts when it sizes the columns."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

LONGEST_WHOLE = 16  # "responsibilities": four columns of such words still fit a tablet
PIECE = 8
_LONG_WORD_RE = re.compile(rf"\S{{{LONGEST_WHOLE + 1},}}")


def breakable(value: object) -> Markup:
    """`value` escaped, with a `<wbr>` every `PIECE` characters of each word longer than
    `LONGEST_WHOLE`: copied or searched, the text is the same."""
    text = str(value)
    if len(text) <= LONGEST_WHOLE or _LONG_WORD_RE.search(text) is None:
        return escape(text)  # most cells: no word to break
    pieces: list[str] = []
    end = 0
    for word in _LONG_WORD_RE.finditer(text):
        pieces.append(escape(text[end:word.start()]))
        pieces.append("<wbr>".join(escape(word.group()[i:i + PIECE]) for i in range(0, len(word.group()), PIECE)))
        end = word.end()
    pieces.append(escape(text[end:]))
    return Markup("".join(pieces))
