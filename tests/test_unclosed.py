"""Where a template opened the block it leaves open, and an end tag that closes nothing, as
Jinja2's parser reads its tags."""

from __future__ import annotations

import itertools
from typing import Union

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goalfolio.unclosed import stray_end_hint, unclosed_hint

# The blocks a theme writes, each opening tag told apart by a number, and what blocks hold
# besides (no `else`: one would close an `if` or `for` early).
BLOCKS = {"if": "{{% if x{} %}}", "for": "{{% for x{} in xs %}}", "block": "{{% block b{} %}}", "macro": "{{% macro m{}() %}}",
          "with": "{{% with x{} = 1 %}}", "set": "{{% set x{} %}}", "filter": "{{% filter f{} %}}", "call": "{{% call m{}() %}}"}
LEAVES = ["text", "{{ x }}", "{# note #}", "{% set y = 1 %}", "{% set a, b = 1, 2 %}", "{% raw %}{{ raw }}{% endraw %}", "\n", "\n  "]
Node = Union[str, tuple[str, list["Node"]]]
TREES = st.lists(st.recursive(st.sampled_from(LEAVES), lambda children: st.tuples(st.sampled_from(sorted(BLOCKS)),
                                                                                    st.lists(children, max_size=4)),
                              max_leaves=12), min_size=1, max_size=4)


def written(tree: list[Node], left_open: int) -> tuple[str, str, int]:
    """The template of `tree` with the end tag of its `left_open`-th block left out, the
    opening tag of the block Jinja2 then finds left open, and how many blocks it has. That
    is the block itself, or where the blocks around it are of its kind, the outermost of
    them: each takes the end tag of the one around it."""
    opened = ""
    count = 0
    around: list[tuple[str, str]] = []  # the blocks being written: kind, opening tag

    def write(node: Node) -> str:
        nonlocal opened, count
        if isinstance(node, str):
            return node
        kind, children = node
        count += 1
        tag, left = BLOCKS[kind].format(count), count == left_open
        if left:
            alike = list(itertools.takewhile(lambda block: block[0] == kind, reversed(around)))
            opened = alike[-1][1] if alike else tag
        around.append((kind, tag))
        text = tag + "".join(write(child) for child in children) + ("" if left else f"{{% end{kind} %}}")
        around.pop()
        return text

    return "".join(write(node) for node in tree), opened, count


@settings(max_examples=300, deadline=None)
@given(TREES, st.integers(min_value=0, max_value=50))
def test_the_block_left_open_is_the_one_whose_end_tag_is_missing(tree: list[Node], which: int) -> None:
    """Leaving out a block's end tag leaves that block the innermost one open where Jinja2
    stops, at the end of a block around it or of the template: the hint names its tag."""
    blocks = written(tree, 0)[2]
    if not blocks:
        return
    text, opened, _ = written(tree, which % blocks + 1)
    with pytest.raises(jinja2.TemplateSyntaxError) as error:
        jinja2.Environment().parse(text)
    before = text[:text.index(opened)]
    line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    kind = opened.split()[1]
    assert unclosed_hint(text, error.value.message or "", error.value.lineno) == \
        f"the `{{% {kind} %}}` at {line}:{column} is not closed: add its `{{% end{kind} %}}`"


def jinja_stop(text: str) -> tuple[str, int]:
    """Jinja2's message and line where it stops parsing `text`; ("", 0) where it does not."""
    try:
        jinja2.Environment().parse(text)
    except jinja2.TemplateSyntaxError as error:
        return error.message or "", error.lineno
    return "", 0


@pytest.mark.parametrize(("text", "hint"), [
    ("{% block b %}\n{% endif %}\n{% endblock %}", None),  # a stray end tag: no block left open
    ("{% for x in xs %}\n{% elif y %}\n{% endfor %}", None),  # Jinja2 stops at a tag that closes nothing
    ("{% block b %}\n{{ '{%' }}{% if x %}\n{% endblock %}", "the `{% if %}` on line 2 is not closed: add its `{% endif %}`"),
    ("{% block b %}\n{% raw %}{% if %}{% endraw %}{% if x %}\n{% endblock %}", "the `{% if %}` on line 2 is not closed: add its `{% endif %}`"),
    ("{% block b %}\n{% set ns.x | upper %}\n{% endblock %}", "the `{% set %}` at 2:1 is not closed: add its `{% endset %}`"),
    ("{% block b %}\n{%- if x -%}\n{% set y = {'a': 1} %}{% endblock %}", "the `{% if %}` at 2:1 is not closed: add its `{% endif %}`"),
    ("{% block b %}\r\n  {% if x %}\r\n{% endblock %}", "the `{% if %}` at 2:3 is not closed: add its `{% endif %}`"),
    ("{% if x %}{% endif %}{% if y %}", "the `{% if %}` at 1:22 is not closed: add its `{% endif %}`"),
    ("{% if x %}\n{% for y in x %}{% endif %}", "the `{% for %}` at 2:1 is not closed: add its `{% endfor %}`"),
])
def test_the_block_left_open_is_named_only_where_its_tag_is_sure(text: str, hint: str | None) -> None:
    """A `{%` in a string or raw text on the tag's line leaves its column unsure: the line
    alone is given. A stray tag leaves no block open, whatever block Jinja2 names."""
    assert unclosed_hint(text, *jinja_stop(text)) == hint


def with_stray_end_tag(tree: list[Node], slot: int, pick: int) -> tuple[str, str] | None:
    """The template of `tree` with an end tag that closes nothing written before its
    `slot`-th node, or at the end of a block or the template, of a kind `pick` chooses
    among those not open there; and the text before that tag. None where there is no such
    slot, or every kind is open there."""
    slots = 0
    before: str | None = None

    def stray_at_slot(around: list[str], written_so_far: str) -> str:
        nonlocal slots, before
        slots += 1
        kinds = sorted(set(BLOCKS) - set(around))
        if slots != slot or not kinds:
            return ""
        before = written_so_far
        return f"{{% end{kinds[pick % len(kinds)]} %}}"

    def write(nodes: list[Node], around: list[str], written_so_far: str) -> str:
        text = ""
        for node in [*nodes, None]:
            text += stray_at_slot(around, written_so_far + text)
            if node is None:
                return text
            if isinstance(node, str):
                text += node
                continue
            kind, children = node
            text += BLOCKS[kind].format(slots)
            text += write(children, [*around, kind], written_so_far + text) + f"{{% end{kind} %}}"
        return text

    text = write(tree, [], "")
    return None if before is None else (text, before)


@settings(max_examples=300, deadline=None)
@given(TREES, st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=7))
def test_an_end_tag_that_closes_nothing_is_the_one_jinja2_stops_at(tree: list[Node], slot: int, pick: int) -> None:
    """An end tag written where no block of its kind is open, at any depth: Jinja2 stops
    there, and the hint names it at its line and column, whatever block is open around."""
    written_with = with_stray_end_tag(tree, slot, pick)
    if written_with is None:
        return
    text, before = written_with
    with pytest.raises(jinja2.TemplateSyntaxError) as error:
        jinja2.Environment().parse(text)
    line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    kind = text[len(before):].split()[1][3:]
    assert stray_end_hint(text, error.value.message or "", error.value.lineno) == \
        f"the `{{% end{kind} %}}` at {line}:{column} closes nothing: no `{{% {kind} %}}` is open there; delete it"
    assert unclosed_hint(text, error.value.message or "", error.value.lineno) is None


@pytest.mark.parametrize(("text", "hint"), [
    ("{% block b %}\n{% endif %}\n{% endblock %}", "the `{% endif %}` at 2:1 closes nothing: no `{% if %}` is open there; delete it"),
    ("{% set x = 1 %}{% endset %}", "the `{% endset %}` at 1:16 closes nothing: no `{% set %}` is open there; delete it"),
    ("text {% endraw %}", "the `{% endraw %}` at 1:6 closes nothing: no `{% raw %}` is open there; delete it"),
    ("{{ '{%' }}{% endif %}", "the `{% endif %}` on line 1 closes nothing: no `{% if %}` is open there; delete it"),
    ("{% if x %}\n{% for y in x %}{% endif %}", None),  # an `{% if %}` is open: the `{% for %}` is left open
    ("{% endfoo %}", None),  # no block of Jinja2's: a tag mistyped
    ("{% foo %}{% endif %}", None),  # Jinja2 stops at the tag before
    ("{% if x %}{% endif %}", None),
])
def test_an_end_tag_that_closes_nothing_is_named_only_where_it_is_sure(text: str, hint: str | None) -> None:
    assert stray_end_hint(text, *jinja_stop(text)) == hint
