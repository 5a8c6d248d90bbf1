"""Say in plain words what a YAML syntax error in front matter or goalfolio.yaml is, and how
to write the line so that YAML reads it as meant.

libyaml names the rule its parser broke ("mapping values are not allowed in this
context", "did not find expected key"), often far from the cause and in words that name
neither quotes, tabs nor brackets. Most of these hints quote a value, and `quoted_text`
writes one for the schema's hints too. The module is imported on an error's path only, so
no build of valid files pays for compiling it.
"""

from __future__ import annotations

import re

import yaml

from .errors import Diagnostic
from .frontmatter import reads_with_libyaml
from .indentation import misaligned_line
from .yamllines import PROSE, no_space_after_colon, tab_problem, unclosed_quote_line


def syntax_error(exc: yaml.YAMLError, first_line: int, path: str, text: str) -> Diagnostic:
    """The error at the place and in the words a person writing the file needs."""
    context, opened = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context == "while scanning a quoted scalar" and opened is not None:
        return _error(path, first_line + opened.line, opened.column + 1, "unclosed-quote", "this quote is never closed",
                      "end the text with the same quote mark, or remove the opening one")
    problem_mark = getattr(exc, "problem_mark", None)
    hidden = _closed_in_comment(text, context, opened, problem_mark)
    if hidden is not None:
        row, column, message, hint = hidden
        return _error(path, first_line + row, column + 1, "unclosed-bracket", message, hint)
    bracket = _unclosed_bracket(text, context, opened, problem_mark)
    if bracket is not None:
        row, column, char = bracket
        return _error(path, first_line + row, column + 1, "unclosed-bracket", f"this `{char}` is never closed",
                      f"end the list or mapping with `{_CLOSING[char]}` on the same line, or quote the value if the `{char}` is text")
    mark = problem_mark or opened
    star = _star_at(exc, text)
    if star is not None:
        row, star_column = star
        return _error(path, first_line + row, star_column + 1, "yaml-syntax", *_star_problem(text.split("\n")[row], star_column))
    indicator = _indicator_problem(exc, text)
    if indicator is not None:
        row, indicator_column, message, hint = indicator
        return _error(path, first_line + row, indicator_column + 1, "yaml-syntax", message, hint)
    surrogate = _surrogate_escape(exc, text)
    if surrogate is not None:
        row, escape_column, message, hint = surrogate
        return _error(path, first_line + row, escape_column + 1, "yaml-syntax", message, hint)
    item = _item_after_field(exc, text)
    if item is not None:
        row, item_column, message, hint = item
        return _error(path, first_line + row, item_column + 1, "yaml-syntax", message, hint)
    unspaced = no_space_after_colon(exc, text)
    if unspaced is not None:
        row, colon_column, message, hint = unspaced
        return _error(path, first_line + row, colon_column + 1, "yaml-syntax", message, hint)
    line = first_line + mark.line if mark else first_line
    column = mark.column + 1 if mark else 1
    tab = tab_problem(text, mark, reads_with_libyaml())
    if tab is not None:
        tab_message, tab_hint, tab_column = tab
        return _error(path, line, tab_column + 1, "yaml-syntax", tab_message, tab_hint)
    problem = getattr(exc, "problem", None) or str(exc)
    if problem == "but found another document":  # only in goalfolio.yaml: `---` ends front matter
        return _error(path, line, column, "yaml-syntax", f"this `---` starts a second YAML document, and {path} is one",
                      "remove the line, so that every field is in one set")
    unclosed = unclosed_quote_line(text, mark.line if mark else 0)
    plain = _plain_value_problem(problem, text.split("\n")[mark.line], mark.column) \
        if mark and mark.line <= text.count("\n") and unclosed is None else None
    if plain is not None:
        return _error(path, line, column, "yaml-syntax", *plain)
    misaligned = misaligned_line(text, first_line, problem, mark.line, mark.column) if mark and unclosed is None else None
    if misaligned is not None:
        return _error(path, misaligned.line, misaligned.column, "yaml-syntax", misaligned.message, misaligned.hint)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    if unclosed is not None:
        hint = f"the quote that opens line {first_line + unclosed} is not closed on that line, so YAML reads on"
    elif mark is not None and PROSE.match(text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""):
        hint = "this line is not `key: value`: if the front matter ends above it, close it with a line `---`"
    else:
        hint = "check indentation and quote values that contain `: ` or start with a symbol"
    return _error(path, line, column, "yaml-syntax", message, hint)


# A field on one line, `key: value` or `- key: value`, with the value's start as group `value`.
_FIELD_LINE = re.compile(r"^\s*(?:- )?(?P<key>[^\s:#\"'\[{][^:#]*?):[ \t]+(?P<value>\S.*)$")
_RESERVED_START = {"@": "`@`", "`": "a backtick", "%": "`%`"}


def _plain_value_problem(problem: str, row: str, column: int) -> tuple[str, str] | None:
    """(message, hint) in plain words for a text value YAML stumbled on, with the value
    quoted in the hint: one holding `: ` (`title: Goal: promotion`), one starting with a
    character YAML keeps for itself (`@name`), and one going on after a closing quote or
    bracket (`title: "Big" launch`, `title: [Draft] plan`). libyaml's words for these
    ("mapping values are not allowed in this context") name none of them. None for any
    other problem, such as a line indented too far."""
    if problem == "did not find expected ',' or '}'" and row[column:column + 2] in (": ", ":"):
        return _colon_in_flow_value(row, column)
    found = _FIELD_LINE.match(row)
    if found is None or column < found.start("value"):
        return None
    key, value = found["key"], re.sub(r"\s+#.*$", "", found["value"]).rstrip()
    quoted = f"`{key}: {quoted_text(value)}`"
    if problem == "mapping values are not allowed in this context" and row[column:column + 1] == ":":
        return (f"the value of `{key}` holds `: `, which YAML reads as the start of another field",
                f"quote the whole value: {quoted}")
    if problem == "found character that cannot start any token" and column == found.start("value") and value[0] in _RESERVED_START:
        return f"a value cannot start with {_RESERVED_START[value[0]]} in YAML", f"quote the whole value: {quoted}"
    opener = value[0]
    if problem == "did not find expected key" and opener in "\"'[{" and column > found.start("value"):
        if opener in "\"'":
            return f"the value of `{key}` goes on after its closing quote: quotes must hold the whole value", f"quote the whole value: {quoted}"
        return (f"the value of `{key}` goes on after its closing `{_CLOSING[opener]}`: YAML reads `{opener}...{_CLOSING[opener]}` "
                "as a list or mapping, which must be the whole value", f"if the `{opener}` is text, quote the whole value: {quoted}")
    return None


def _star_at(exc: yaml.YAMLError, text: str) -> tuple[int, int] | None:
    """Where (line and column, from 0) text starting with `*` is, when YAML stopped at it as
    at an alias: one going on after its name (`*Star* performer`), or one no anchor names
    (`*nix`). None for any other problem. libyaml's words for these ("did not find expected
    alphabetic or numeric character", "found undefined alias") name neither `*` nor quotes."""
    if getattr(exc, "context", None) == "while scanning an alias":
        mark = getattr(exc, "context_mark", None)
    elif getattr(exc, "problem", None) == "found undefined alias":
        mark = getattr(exc, "problem_mark", None)
    else:
        return None
    rows = text.split("\n")
    if mark is None or mark.line >= len(rows) or rows[mark.line][mark.column:mark.column + 1] != "*":
        return None
    return mark.line, mark.column


def _star_problem(row: str, column: int) -> tuple[str, str]:
    """(message, hint) for text starting with `*`, which YAML reads as an alias (`*name`):
    Markdown's emphasis in a title (`title: *Star* performer`), or a skill such as `*nix`.
    The hint quotes the whole value of a field or list item, or, in `[...]`, the entry."""
    message = "a value cannot start with `*` in YAML, which reads it as an alias (`*name`)"
    found = _FIELD_LINE.match(row)
    if found is not None and found.start("value") == column:
        return message, f"quote the whole value: `{found['key']}: {quoted_text(_COMMENT.sub('', found['value']).rstrip())}`"
    item = re.match(r"\s*- ", row)
    if item is not None and item.end() == column:
        return message, f"quote the whole item: `- {quoted_text(_COMMENT.sub('', row[column:]).rstrip())}`"
    entry = re.match(r"[^,\]}]*", row[column:])
    return message, f"quote it: `{quoted_text(entry.group().rstrip() if entry else row[column:])}`"


_COMMENT = re.compile(r"\s+#.*$")


def _indicator_problem(exc: yaml.YAMLError, text: str) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) for a value or list item written inline after a `|`
    or `>` (`why: > because`), which YAML reads as a block scalar's header, or after `? `
    (`outcome: ? unsure`), which it reads as a complex key's indicator. libyaml's words for
    these ("did not find expected comment or line break", "mapping keys are not allowed in
    this context") name neither. None for any other problem, and for an indicator that
    starts no value or item, which the general message covers."""
    if getattr(exc, "context", None) == "while scanning a block scalar" \
            and getattr(exc, "problem", None) == "did not find expected comment or line break":
        mark, indicators = getattr(exc, "context_mark", None), "|>"
    elif getattr(exc, "problem", None) == "mapping keys are not allowed in this context":
        mark, indicators = getattr(exc, "problem_mark", None), "?"
    else:
        return None
    rows = text.split("\n")
    if mark is None or mark.line >= len(rows) or rows[mark.line][mark.column:mark.column + 1] not in tuple(indicators):
        return None
    row, column = rows[mark.line], mark.column
    found, item = _FIELD_LINE.match(row), re.match(r"\s*- ", row)
    if found is not None and found.start("value") == column:
        written, whole = f"{found['key']}: ", "value"
    elif item is not None and item.end() == column:
        written, whole = "- ", "item"
    else:
        return None
    value = _COMMENT.sub("", row[column:]).rstrip()
    quote = f"quote the whole {whole}: `{written}{quoted_text(value)}`"
    if indicators == "?":
        return mark.line, column, "a value cannot start with `? ` in YAML, which reads `?` as a complex key's indicator (`? key`)", quote
    found_header = _BLOCK_HEADER.match(value)
    header = found_header[0] if found_header else value[0]
    return (mark.line, column,
            f"`{header}` at the start of a value begins a YAML block scalar, whose text goes on the lines below it, not after it",
            f"to keep the `{header}` as text, {quote}; for text on several lines, end the line at `{written}{header}` "
            "and indent the text on the lines below")


_SURROGATE_RE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?|\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _surrogate_escape(exc: yaml.YAMLError, text: str) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) for `\\ud83d\\ude00` in quoted text, a character beyond
    U+FFFF as JSON escapes it, in two halves (a surrogate pair) that YAML does not join:
    libyaml says "found invalid Unicode character escape code". None for any other problem."""
    mark = getattr(exc, "problem_mark", None)
    if getattr(exc, "problem", None) != "found invalid Unicode character escape code" or mark is None:
        return None
    rows = text.split("\n")
    row = rows[mark.line] if mark.line < len(rows) else ""
    found = [m for m in _SURROGATE_RE.finditer(row) if m.start() <= mark.column]
    if not found:
        return None
    escape = found[-1]
    if escape.group(2) is None:
        return (mark.line, escape.start(), f"`{escape.group()}` is half of a character written as two escapes (a surrogate pair), "
                "which YAML does not read", "write the character itself, or one escape for all of it, such as `\\U0001F600`")
    code = 0x10000 + ((int(escape.group(1), 16) - 0xD800) << 10) + int(escape.group(2), 16) - 0xDC00
    return (mark.line, escape.start(), f"`{escape.group()}` writes one character in two escapes (a surrogate pair, as JSON "
            "does), which YAML does not read", f"write the character itself ({chr(code)}), or one escape for it: `\\U{code:08X}`")


def _item_after_field(exc: yaml.YAMLError, text: str) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) for a list's first item written after its field (`skills: - pricing`):
    libyaml says "block sequence entries are not allowed in this context", and a list's
    items go on the lines below. None for any other problem."""
    mark = getattr(exc, "problem_mark", None)
    if getattr(exc, "problem", None) != "block sequence entries are not allowed in this context" or mark is None:
        return None
    rows = text.split("\n")
    found = _FIELD_LINE.match(rows[mark.line]) if mark.line < len(rows) else None
    if found is None or found.start("value") != mark.column or not re.match(r"-(?:\s|$)", found["value"]):
        return None
    key, item = found["key"], _COMMENT.sub("", found["value"][1:]).strip()
    below = f"end the line at `{key}:` and write each item on a line of its own below it, indented: `  - {item or '...'}`"
    one_line = f", or write the list on one line: `{key}: [{item}]`" if item and not re.search(r"[\[\]{},#&*!|>'\"%@`]|: ", item) else ""
    return mark.line, mark.column, f"a list's items go on the lines below its field, not after `{key}:`", below + one_line


_BLOCK_HEADER = re.compile(r"[|>](?:[-+]?[1-9]?|[1-9][-+])(?=\s|$)")  # `|`, `>-`, `|2`: how a block scalar's first line may end


def _colon_in_flow_value(row: str, column: int) -> tuple[str, str] | None:
    """A value in `{...}` holding `: ` (`{name: Teams: weekly active, after: 46}`): the
    field is what follows the last `{` or `,` before the colon, the value runs to the next
    `,` or `}`. Where words come before the colon (`{a: 1 b: 2}`), a comma left out reads
    the same to YAML, and the hint says so too."""
    start = max(row.rfind("{", 0, column), row.rfind(",", 0, column)) + 1
    key, colon, head = row[start:column].partition(": ")
    end = min((i for i in (row.find(",", column), row.find("}", column)) if i != -1), default=len(row))
    key = key.strip()
    if not colon or not key or not re.fullmatch(r"[^\s:#\"'\[\]{},][^:#\[\]{},]*", key):
        return None
    value = (head + row[column:end]).strip()
    hint = f"quote the whole value: `{key}: {quoted_text(value)}`"
    if " " in head.strip():  # `{a: 1 b: 2}` may be a comma left out as well
        hint += f"; or, if `{head.split()[-1]}` starts another field, put a `,` before it"
    return f"the value of `{key}` holds `: `, which YAML reads as the start of another field", hint


def quoted_text(value: str) -> str:
    """The value as YAML text in quotes: double ones, or single ones where it holds a double
    quote or a backslash (which double quotes would read as an escape)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


_CLOSING = {"[": "]", "{": "}"}
_FLOW_VALUE = re.compile(r"^\s*(?:- )?(?:[^\s:#\[{][^:#]*:\s+)?([\[{])")  # a value or list item that starts a `[...]` or `{...}`
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'""")


def _unclosed_bracket(text: str, context: str | None, opened: yaml.Mark | None,
                      stopped: yaml.Mark | None) -> tuple[int, int, str] | None:
    """(line, column, bracket) of a `[` or `{` YAML looked for the end of on a later line:
    it stops at the field below (or at the closing `---`), far from the cause. A
    bracket that is not closed on its own line is the usual cause; a flow written over
    several lines on purpose parses, and so never comes here."""
    if stopped is None or not (context or "").startswith("while parsing a flow"):
        return None
    lines = text.split("\n")
    candidates = [opened.line] if opened is not None and context != "while parsing a flow node" else range(stopped.line, -1, -1)
    for row in candidates:
        if row >= len(lines) or row >= stopped.line:
            continue
        found = _FLOW_VALUE.match(lines[row])
        unquoted = _QUOTED.sub("", lines[row])
        if found and unquoted.count("[") + unquoted.count("{") > unquoted.count("]") + unquoted.count("}"):
            return row, found.start(1), found.group(1)
    return None


def _closed_in_comment(text: str, context: str | None, opened: yaml.Mark | None,
                       stopped: yaml.Mark | None) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) for a `[...]` or `{...}` on one line whose closing
    brackets come after a `#` that a space precedes (`{after: 2 # up}`, `[Blog #2]`): YAML
    reads the rest of the line as a comment, brackets and all, and stops at the line below,
    in words ("did not find expected ',' or '}'") that name no comment. None for any other
    problem."""
    if opened is None or stopped is None or stopped.line <= opened.line or not (context or "").startswith("while parsing a flow"):
        return None
    row = text.split("\n")[opened.line]
    unquoted = _QUOTED.sub(lambda quoted: "x" * len(quoted.group()), row)  # the same columns, with no `#` or bracket in quotes
    comment = re.search(r"\s#", unquoted)
    if comment is None:
        return None
    hash_column = comment.end() - 1
    openers: list[str] = []
    for char in unquoted[:hash_column]:
        if char in _CLOSING:
            openers.append(char)
        elif char in "]}" and openers:
            openers.pop()
    closers = "".join(_CLOSING[char] for char in reversed(openers))
    if not openers or not any(char in closers for char in unquoted[hash_column:]):
        return None
    message = f"this `#` starts a YAML comment, which hides the `{closers}` after it: the `{openers[0]}` is never closed"
    return opened.line, hash_column, message, _hidden_closers_hint(row, unquoted, hash_column, openers[0], closers)


def _hidden_closers_hint(row: str, unquoted: str, hash_column: int, opener: str, closers: str) -> str:
    """A comment as people write one, `# ` and words at the end of the line, is written
    after the closing brackets. A `#` with no space after it (`#2`) may be text, and is
    quoted with the entry it is in, as is one followed by more entries (`# main, SQL]`);
    a space before the `#` of an address, which holds no spaces, is taken out."""
    remark = re.sub(r"[\s\]}]+$", "", row[hash_column:])
    indent = len(row) - len(row.lstrip())
    closed = "" if re.search(r"[\[\]{},]|: ", remark) or remark == "#" else f"`{row[indent:hash_column].rstrip()}{closers} {remark}`"
    if closed and unquoted[hash_column + 1:hash_column + 2] == " ":
        return f"close the `{opener}` before the comment: {closed}"
    start = max(unquoted.rfind(char, 0, hash_column) for char in "[{,") + 1
    key, colon, value = row[start:_entry_end(unquoted, hash_column)].strip().partition(": ")
    value = value.strip()
    if colon and re.fullmatch(r"(https?|mailto):\S*\s+#\S*", value):
        return f"an address holds no spaces: `{key}: {_SPACED_HASH.sub('#', value)}`"
    quoted = f"if the `#` is text, quote it: `{key}: {quoted_text(value)}`" if colon else f"if the `#` is text, quote it: `{quoted_text(key)}`"
    return f"{quoted}; for a comment, close the `{opener}` before it: {closed}" if closed else quoted


def _entry_end(unquoted: str, column: int) -> int:
    """Where the entry of a `[...]` or `{...}` that goes on at `column` ends: at the `,`,
    `]` or `}` after it that no bracket opened after it encloses, or at the end of the line."""
    depth = 0
    for end in range(column, len(unquoted)):
        char = unquoted[end]
        if char in _CLOSING:
            depth += 1
        elif char in ",]}" and depth == 0:
            return end
        elif char in "]}":
            depth -= 1
    return len(unquoted)


_SPACED_HASH = re.compile(r"\s+#")


def _error(path: str, line: int, column: int, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, line, column, "error", code, message, hint)
