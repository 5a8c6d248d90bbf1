"""Tell a YAML line indented out of line apart from other syntax errors, and say where it goes.

libyaml reports a field or list item that lines up with nothing above it in its parser's
words ("did not find expected '-' indicator", "mapping values are not allowed in this
context"), which name neither indentation nor the column to use. Here the lines above it
give the columns a field or a `-` may start at, and the nearest one is the column meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What libyaml says when a line starts at a column that opens or continues nothing.
INDENTATION_PROBLEMS = frozenset({
    "mapping values are not allowed in this context",
    "did not find expected '-' indicator",
    "did not find expected key",
    "did not find expected <document start>",
})
# A field as front matter writes one: a name without spaces (a field or an id), then `:`.
_KEY = re.compile(r"(?P<key>[A-Za-z0-9_][A-Za-z0-9_.-]*):(?:\s|$)")
_ITEM = re.compile(r"-(?:\s|$)")


@dataclass(frozen=True)
class Column:
    """A column (from 0) a line may start at, and the line above that starts there."""

    column: int
    line: int  # 0-based, in the YAML text
    key: str  # the field that starts there, or "" for a list item's `-`


@dataclass(frozen=True)
class Misaligned:
    """A line out of line: where it starts, and what to tell about it."""

    line: int  # in the file
    column: int  # in the file, from 1
    message: str
    hint: str


def misaligned_line(text: str, first_line: int, problem: str, line: int, column: int) -> Misaligned | None:
    """The line libyaml stopped at (`line` and `column` from 0 in `text`, which starts at
    `first_line` of its file), when it is a field or list item indented to a column that
    nothing above it starts at; None for any other problem, so that the other explanations
    (a value to quote, a tab) stay as they are."""
    lines = text.split("\n")
    if problem not in INDENTATION_PROBLEMS or line >= len(lines):
        return None
    row = lines[line]
    indent = len(row) - len(row.lstrip(" "))
    item = _ITEM.match(row, indent)
    key = None if item else _KEY.match(row, indent)
    if key is not None and problem == "mapping values are not allowed in this context":
        if column != key.end("key"):
            return None  # the colon YAML stopped at is in the value, not the field's own
    elif column != indent or (item is None and key is None):
        return None
    keys, items = _open_columns(lines[:line])
    choices = keys if key else items
    if not choices or indent in (c.column for c in choices):
        return None
    nearest = min(abs(c.column - indent) for c in choices)
    meant = {c.column: c for c in reversed(choices) if abs(c.column - indent) == nearest}  # per column, the nearest line above
    places = ", or ".join(f"in column {c.column + 1}, like {f'`{c.key}:`' if c.key else 'the `-`'} on line {first_line + c.line}"
                          for _, c in sorted(meant.items(), reverse=True))
    if key is None:
        return Misaligned(first_line + line, indent + 1, "this list item's `-` does not line up with the `-` of the items above it",
                          f"start it {places}: the items of one list start in the same column")
    return Misaligned(first_line + line, indent + 1, f"`{key['key']}:` does not line up with any field above it",
                      f"start it {places}: the fields of one item or section start in the same column")


def _open_columns(above: list[str]) -> tuple[list[Column], list[Column]]:
    """The columns a field (first) and a list item's `-` (second) may start at after the
    lines `above`: the nearest field or item, then, going up, each one indented less than
    everything met so far, as each of them is still open. Blank lines, comments and lines
    that are neither (the text of a long value) are passed over."""
    keys: list[Column] = []
    items: list[Column] = []
    bound = None
    for number in range(len(above) - 1, -1, -1):
        row = above[number]
        indent = len(row) - len(row.lstrip(" "))
        if bound is not None and indent >= bound:
            continue
        if _ITEM.match(row, indent):
            items.append(Column(indent, number, ""))
            after = row[indent + 1:]
            inner = _KEY.match(row, indent + 1 + len(after) - len(after.lstrip(" ")))
            if inner is not None:
                keys.append(Column(inner.start(), number, inner["key"]))
        elif (found := _KEY.match(row, indent)) is not None:
            keys.append(Column(indent, number, found["key"]))
        else:
            continue
        bound = indent
        if indent == 0:
            break
    return keys, items
