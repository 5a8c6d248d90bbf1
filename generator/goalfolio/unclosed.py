"""Where a template opened the block it leaves open: Jinja2 reports a missing `{% endif %}`
at the tag it met instead (the `{% endblock %}` after it, or the end of the file), naming
only the kind of block, and a template may have twenty `{% if %}`.

The template's tags are read with Jinja2's own lexer, and the blocks they open and close
followed as its parser follows them; the opening tag is named only where that walk stops
where Jinja2 stopped, with a block of the kind Jinja2 names still open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import jinja2

# The tags of Jinja2 (without extensions: goalfolio's themes have none) that hold a body up
# to their `end` tag; `set` only without `=` (`{% set x %}...{% endset %}`).
BLOCK_TAGS = frozenset({"for", "if", "block", "macro", "call", "filter", "with", "set", "autoescape"})
# The tokens that start at a `{%`: `{% raw %}` and `{% endraw %}` are tags of the lexer's own.
_TAG_STARTS = frozenset({"block_begin", "raw_begin", "raw_end"})

_INNERMOST = re.compile(r"The innermost block that needs to be closed is '(\w+)'\.$")
_UNKNOWN_TAG = re.compile(r"Encountered unknown tag '(\w+)'\.")
_END_OF_TEMPLATE = "Unexpected end of template."
_NEWLINE = re.compile(r"\r\n|\r|\n")  # as Jinja2 counts lines
_TARGET_OPERATORS = frozenset({".", ",", "(", ")"})  # with names: what a `set` sets, before its `=`


@dataclass(frozen=True)
class Tag:
    """A block tag: its name, line, and place among the tags that start on its line."""

    name: str
    line: int
    index: int


def unclosed_hint(source: str, message: str, line: int) -> str | None:
    """The hint for Jinja2's syntax error `message` at `line` of `source` where a block is
    left open: the tag that opened it, at its line and column, and the tag that closes it.
    None for any other error, or where the walk through the tags does not stop where
    Jinja2 did."""
    innermost = _INNERMOST.search(message)
    if innermost is None:
        return None
    tag = unclosed_block(source, message, line)
    if tag is None or tag.name != innermost.group(1):
        return None
    column = tag_column(source, tag)
    where = f"at {tag.line}:{column}" if column else f"on line {tag.line}"
    return f"the `{{% {tag.name} %}}` {where} is not closed: add its `{{% end{tag.name} %}}`"


def unclosed_block(source: str, message: str, line: int) -> Tag | None:
    """The innermost block still open where Jinja2 stopped with `message` at `line`: at the
    end tag of a block around it (`{% endblock %}` with an `{% if %}` open), or at the end
    of the template. None where the walk stops elsewhere, or at a stray end tag (an
    `{% endif %}` with no `{% if %}` open), where no block was left open."""
    unknown = _UNKNOWN_TAG.match(message)
    open_tags: list[Tag] = []
    for tag in _tags(source):
        if tag.name in BLOCK_TAGS:
            open_tags.append(tag)
        elif tag.name.startswith("end"):
            if open_tags and open_tags[-1].name == tag.name[3:]:
                open_tags.pop()
                continue
            stopped_alike = unknown is not None and unknown.group(1) == tag.name and tag.line == line
            closes_outer = any(opened.name == tag.name[3:] for opened in open_tags)
            return open_tags[-1] if stopped_alike and closes_outer else None
    return open_tags[-1] if message.startswith(_END_OF_TEMPLATE) and open_tags else None


def tag_column(source: str, tag: Tag) -> int:
    """The column of `tag`'s `{%`, or 0 where its line holds a `{%` that starts no tag (in a
    comment, a string or raw text), so that which is the tag's is not sure."""
    lines = _NEWLINE.split(source)
    text = lines[tag.line - 1] if tag.line <= len(lines) else ""
    starts = [found.start() + 1 for found in re.finditer(r"\{%", text)]
    tags_on_line = sum(1 for lineno, kind, _ in _tokens(source) if lineno == tag.line and kind in _TAG_STARTS)
    return starts[tag.index - 1] if len(starts) == tags_on_line else 0


def _tags(source: str) -> Iterator[Tag]:
    """The template's block tags in order, but a `set` with `=`, which opens no block."""
    tokens = _tokens(source)
    on_line: dict[int, int] = {}  # line -> the tags starting on it so far
    for lineno, kind, _ in tokens:
        if kind not in _TAG_STARTS:
            continue
        index = on_line[lineno] = on_line.get(lineno, 0) + 1
        if kind != "block_begin":
            continue
        _, name_kind, name = next(tokens, (lineno, "", ""))
        if name_kind == "name" and not (name == "set" and _sets_a_value(tokens)):
            yield Tag(name, lineno, index)


def _tokens(source: str) -> Iterator[tuple[int, str, str]]:
    """Jinja2's tokens of `source` as (line, kind, value), without white space, up to a
    lexing error (which Jinja2 would have met before any error of its parser)."""
    try:
        for token in jinja2.Environment().lex(source):
            if token[1] != "whitespace":
                yield token
    except jinja2.TemplateSyntaxError:
        return


def _sets_a_value(tokens: Iterator[tuple[int, str, str]]) -> bool:
    """Whether the `set` whose tokens follow is `{% set x = value %}`, as Jinja2's parser
    tells: the first token after what it sets is `=`. Reads the tag's tokens up to that one."""
    for _, kind, value in tokens:
        if kind == "name" or (kind == "operator" and value in _TARGET_OPERATORS):
            continue
        return kind == "operator" and value == "="
    return False
