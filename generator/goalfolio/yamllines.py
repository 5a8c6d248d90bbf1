"""What a YAML line near where libyaml stopped did wrong, found by reading the lines
themselves: a field with no space after its colon, a tab among the spaces, a quote a
value opens and never closes, a line of prose where a field belongs. libyaml stops at
the line below, or names only the rule it broke (`syntaxerrors` says the rest).
"""

from __future__ import annotations

import re

import yaml

# A field written without the space after its colon: `date:2026-03-01`, `- title:Launch`.
_UNSPACED_FIELD = re.compile(r"^\s*(?:- )?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:#].*)$")


def no_space_after_colon(exc: yaml.YAMLError, text: str) -> tuple[int, int, str, str] | None:
    """(line and column of the colon, from 0, message, hint) for a field with no space after
    its colon. YAML reads such a line as text, not as a field, and stops at the line below
    it ("could not find expected ':'", "mapping values are not allowed in this context"),
    with a hint to check the indentation that sent people looking at the wrong line."""
    context, opened = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    problem, mark = getattr(exc, "problem", None), getattr(exc, "problem_mark", None)
    if context == "while scanning a simple key" and opened is not None:
        row = opened.line
    elif problem == "mapping values are not allowed in this context" and mark is not None and mark.line > 0:
        row = mark.line - 1  # the first field of a mapping, read as text going on to this line
    else:
        return None
    lines = text.split("\n")
    found = _UNSPACED_FIELD.match(lines[row]) if row < len(lines) else None
    if found is None or (context is None and not _starts_a_mapping(lines, row)):
        return None
    key, value = found["key"], re.sub(r"\s+#.*$", "", found["value"]).rstrip()
    return (row, found.end("key"), f"`{key}:` has no space after it, so YAML does not read `{key}:{value}` as a field",
            f"write a space after the colon: `{key}: {value}`")


# A comment at the end of a line: its `#` after a space or a tab, which YAML reads alike.
_COMMENT = re.compile(r"[ \t]#.*")


def _starts_a_mapping(lines: list[str], row: int) -> bool:
    """Whether the line may hold a mapping's first field: the first line, a list item's, or
    the one below a field that opens a section, also one with a comment after it, after a
    space or a tab. Elsewhere the line may be the text of the field above going on
    (`why: Lead` and `  ratio:high`), not a field of its own."""
    above = _COMMENT.sub("", lines[row - 1]).rstrip() if row > 0 else ""
    return row == 0 or lines[row].lstrip().startswith("- ") or above.endswith(":") or above.lstrip() == "-"


_INDENTING = "indent with spaces instead (two per level is usual)"


def tab_problem(text: str, mark: yaml.Mark | None, libyaml: bool = True) -> tuple[str, str, int] | None:
    """What a tab where YAML stopped did wrong, what to do, and the tab's column (from 0),
    or None when YAML stopped at something else. libyaml names it in words that do not say
    tabs are the cause ("found character that cannot start any token"), or that spaces are
    the cure. A tab among the spaces that indent the line makes YAML stop further on, at
    the line's `:`. Without libyaml, PyYAML's own reader stops at every tab between the
    parts of a line, where libyaml reads a space (`title: Launch<TAB>#2`, `title:<TAB>x`):
    "indent with spaces" told of a tab that indents nothing. libyaml too stops at one after
    a list item's `-`, and is told so."""
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return None
    row = lines[mark.line]
    tab = row.find("\t", 0, len(row) - len(row.lstrip(" \t")))  # in the line's indentation
    if tab != -1 and tab <= mark.column:
        return "invalid YAML: a tab indents this line, and YAML does not allow tabs for indentation", _INDENTING, tab
    if row[mark.column:mark.column + 1] != "\t":
        return None
    if libyaml or _INDICATOR_BEFORE.search(row[:mark.column]):
        return ("invalid YAML: found a tab where YAML takes only spaces, as it does not allow tabs for indentation",
                _INDENTING, mark.column)
    return ("this tab stops PyYAML, installed here without libyaml: it takes only spaces between the parts of a line",
            "write a space in place of the tab (PyYAML with libyaml, as its wheels have it, reads a tab there as a space)",
            mark.column)


_INDICATOR_BEFORE = re.compile(r"(?:^|\s)[-?][ \t]*$")  # the `- ` or `? ` that starts a line's item or key


PROSE = re.compile(r"^(?![\s#-])[^:]*[A-Za-z][^:]*$")  # a line of text, not a key, a list item or a comment
_QUOTED_VALUE = re.compile(r"""^\s*(?:- )?[^\s:#][^:#]*:\s+(["'])(.*)$""")


def unclosed_quote_line(text: str, before: int) -> int | None:
    """The first line up to `before` (0-based) whose value opens a quote it does not close:
    YAML reads such a value on into the lines below, and stumbles far from the cause."""
    for number, line in enumerate(text.split("\n")[:before + 1]):
        found = _QUOTED_VALUE.match(line)
        if found and found.group(1) not in found.group(2).replace("\\" + found.group(1), "").replace(found.group(1) * 2, ""):
            return number
    return None
