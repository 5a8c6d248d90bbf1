"""Where a template opened the block it leaves open: Jinja2 reports a missing `{% endif %}`
at the tag it met instead (the `{% endblock %}` after it, or the end of the file), naming
only the kind of block, and a template may have twenty `{% if %}`. And an end tag that
closes nothing (an `{% endif %}` with no `{% if %}` open), which Jinja2 calls an unknown
tag, as if `endif` were mistyped.

The template's tags are read with Jinja2's own lexer, and the blocks they open and close
followed as its parser follows them; a tag is named only where that walk stops where
Jinja2 stopped: with a block of the kind Jinja2 names still open, or at the end tag Jinja2
names, with no block of its kind open.
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
# What an end tag may close: outside raw text, `{% endraw %}` is a tag of the parser's.
_CLOSED_BY_END_TAGS = BLOCK_TAGS | {"raw"}

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
    open_tags, stop = _walk(source)
    if stop is None:
        return open_tags[-1] if message.startswith(_END_OF_TEMPLATE) and open_tags else None
    closes_outer = any(opened.name == stop.name[3:] for opened in open_tags)
    return open_tags[-1] if _stopped_alike(stop, message, line) and closes_outer else None


def stray_end_hint(source: str, message: str, line: int) -> str | None:
    """The hint for Jinja2's syntax error `message` at `line` of `source` where an end tag
    closes no block (`{% endif %}` with no `{% if %}` open): that tag, at its line and
    column, to delete. None for any other error, or where the walk through the tags does
    not stop at that tag."""
    tag = stray_end_tag(source, message, line)
    if tag is None:
        return None
    column = tag_column(source, tag)
    where = f"at {tag.line}:{column}" if column else f"on line {tag.line}"
    return f"the `{{% {tag.name} %}}` {where} closes nothing: no `{{% {tag.name[3:]} %}}` is open there; delete it"


def stray_end_tag(source: str, message: str, line: int) -> Tag | None:
    """The end tag Jinja2 stopped at with `message` at `line` where no block of its kind is
    open, as the walk through the tags finds it; None where the walk stops elsewhere, or
    at an end tag that closes a block around the innermost one (which is left open)."""
    open_tags, stop = _walk(source)
    if stop is None or not _stopped_alike(stop, message, line) or stop.name[3:] not in _CLOSED_BY_END_TAGS:
        return None
    return None if any(opened.name == stop.name[3:] for opened in open_tags) else stop


def _walk(source: str) -> tuple[list[Tag], Tag | None]:
    """The blocks open, innermost last, where the walk through the tags stops: at the first
    end tag that does not close the innermost block open (or a tag `end...` Jinja2 does
    not know), or, with None, at the end of the template."""
    open_tags: list[Tag] = []
    for tag in _tags(source):
        if tag.name in BLOCK_TAGS:
            open_tags.append(tag)
        elif tag.name.startswith("end"):
            if open_tags and open_tags[-1].name == tag.name[3:]:
                open_tags.pop()
                continue
            return open_tags, tag
    return open_tags, None


def _stopped_alike(stop: Tag, message: str, line: int) -> bool:
    """Whether Jinja2 stopped at the tag `stop` (`Encountered unknown tag 'endif'.`, at its line)."""
    unknown = _UNKNOWN_TAG.match(message)
    return unknown is not None and unknown.group(1) == stop.name and stop.line == line


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
