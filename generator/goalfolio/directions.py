"""Which way each block of a Markdown body runs: `dir` on the blocks of a body holding
text written right to left (Arabic, Hebrew), where the theme's `unicode-bidi: plaintext`
alone left a list's bullets, a table's columns and the footnotes' numbers at the left.

A block without a letter (`٤٥٪`, `12`, `—`, a lone citation) has no direction of its own:
inside a block it takes that block's, whose first letter made the side its bullets, rule
or first column stand on, so a number in an Arabic quote, list or footnotes runs with
them. At the top level the only direction around is the page's, the site language's,
which says nothing of the body; there such a block takes the direction of the nearest
block before it that has a letter, or, where none is before it, of the nearest after it,
as word processors take a paragraph without a letter: a `12` between Arabic paragraphs
runs right to left, one after English left to right.

A core rule and a render rule of `markdown.MarkdownRenderer`; a body without a letter
written right to left, nearly every body, is left byte for byte as it was.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote.index import render_footnote_block_open

# A letter of a script written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and those
# after them up to U+08FF, their presentation forms, and those past U+FFFF): a body without
# one, nearly every body, has its blocks left as they are.
_RIGHT_TO_LEFT_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
# The blocks whose direction a reader sees: where a list's bullets and numbers stand, which
# side a quote's rule is on, the order of a table's columns. A list item, a row and a cell
# take their list's or table's; their text, and every paragraph's, runs in its own
# direction in the theme (`unicode-bidi: plaintext`). The footnotes at the end of a body
# are a numbered list too (`render_footnotes_open`).
_DIRECTED_BLOCKS = frozenset({"paragraph_open", "heading_open", "bullet_list_open", "ordered_list_open",
                              "blockquote_open", "table_open", "footnote_block_open"})

# A table cell's text and a list item's runs in the direction of its first letter in the
# theme (`unicode-bidi: plaintext`), and left to right where it has none, as the browser
# takes a text without a letter (`٣٪`, `12`) whatever the element's `dir`: such a cell in a
# right-to-left table, or item in a right-to-left list, gets `dir="rtl"`, which the theme
# draws it in instead (`unicode-bidi: isolate`).
_CELLS = frozenset({"th_open", "td_open"})
# A paragraph or heading without a letter is drawn left to right by the same rule whatever
# its `dir`: one that is to run right to left gets `dir="rtl"` and this class, which the
# theme draws it by instead (`unicode-bidi: isolate`). Not on every block with a `dir`:
# isolated, `عربي<br>English.` ran its second line from the right, and `[رابط](x) English.`
# right to left, where plaintext runs each line in the direction of its own first letter
# outside a link.
_TEXT_BLOCKS = frozenset({"paragraph_open", "heading_open"})
_WITHOUT_A_LETTER = "no-letter"


def block_directions(state: StateCore) -> None:
    """`dir="rtl"` on each block (`_DIRECTED_BLOCKS`) whose first letter is of a script
    written right to left, and `dir="ltr"` on one starting with a letter written left to
    right inside such a block, as `dir="auto"` would take them: a list of Arabic items kept
    its bullets at the left. `dir="auto"` itself would not do: a list's direction comes from
    its first letter outside any element with a `dir` of its own, and so from none in a list
    whose paragraphs all have one. A block without a letter (`| 1 | 2 |`) takes the one it
    is in, or at the top level its neighbours' (see the module's docstring); a cell or
    list item without one in a right-to-left table or list says so (`_CELLS`), and so does
    a paragraph or heading without one that runs right to left (`_TEXT_BLOCKS`). A body
    with no letter written right to left is left as it was, byte for byte."""
    if _RIGHT_TO_LEFT_RE.search(state.src) is None:
        return
    first = _first_letters(state.tokens)
    neighbours = _neighbours_directions(state.tokens, first)
    around = ["ltr"]
    for index, token in enumerate(state.tokens):
        if token.nesting == 1:
            direction = first.get(id(token)) or neighbours.get(id(token), around[-1])
            if direction == "rtl" and id(token) not in first and _a_text_of_its_own(state.tokens, index):
                token.attrSet("dir", "rtl")
                token.attrJoin("class", _WITHOUT_A_LETTER)
            elif token.type in _DIRECTED_BLOCKS and not token.hidden and direction != around[-1]:
                token.attrSet("dir", direction)
            elif around[-1] == "rtl" and _without_a_letter(_own_text(state.tokens, index)):
                token.attrSet("dir", "rtl")
            around.append(str(token.attrGet("dir") or around[-1]))
        elif token.nesting == -1 and len(around) > 1:
            around.pop()


def _first_letters(tokens: list[Token]) -> dict[int, str]:
    """The direction of the first letter in each block that has one, by the block's `id`."""
    first: dict[int, str] = {}
    open_blocks: list[Token] = []
    for token in tokens:
        if token.nesting == 1:
            open_blocks.append(token)
        elif token.nesting == -1 and open_blocks:
            open_blocks.pop()
        elif token.type == "inline" and (direction := _first_letter_direction(token.children or [])):
            for block in open_blocks:
                first.setdefault(id(block), direction)
    return first


def _neighbours_directions(tokens: list[Token], first: dict[int, str]) -> dict[int, str]:
    """The direction of each top-level block without a letter, by its `id`: that of the
    nearest block before it with a letter, or, before the first such block, that block's;
    the page's (`ltr`) in a body none of whose blocks has one. The footnotes at the end
    are a top-level block too."""
    top_level: list[Token] = []
    depth = 0
    for token in tokens:
        if token.nesting == 1 and depth == 0:
            top_level.append(token)
        depth += token.nesting
    before = next((first[id(block)] for block in top_level if id(block) in first), "ltr")
    directions: dict[int, str] = {}
    for block in top_level:
        if id(block) in first:
            before = first[id(block)]
        else:
            directions[id(block)] = before
    return directions


def _a_text_of_its_own(tokens: list[Token], index: int) -> bool:
    """Whether `tokens[index]` opens a paragraph or heading the page writes as one: a tight
    list's paragraphs are not written, and a loose list item's first paragraph is the
    item's own text, whose `dir` the item has (`_own_text`)."""
    token = tokens[index]
    if token.type not in _TEXT_BLOCKS or token.hidden:
        return False
    return not (token.type == "paragraph_open" and index > 0 and tokens[index - 1].type == "list_item_open")


def _own_text(tokens: list[Token], index: int) -> Token | None:
    """The text of the table cell or list item `tokens[index]` opens: a cell's, or the
    first paragraph of an item (a nested list after it has its own direction); None for
    any other block, and for an item that starts with something else or is empty."""
    token = tokens[index]
    if token.type in _CELLS:
        return tokens[index + 1]
    if token.type == "list_item_open" and tokens[index + 1].type == "paragraph_open":
        return tokens[index + 2]
    return None


def _without_a_letter(text: Token | None) -> bool:
    """Whether `text` is there and has no letter. A citation does not count: the browser
    does not read the cited title the page puts in later, a link the theme sets apart
    (`unicode-bidi: plaintext`), and `٣ [[x]]` ran left to right at the left of its cell."""
    return text is not None and not _first_letter_direction(text.children or [])


def _first_letter_direction(children: list[Token]) -> str:
    """`rtl` or `ltr` for the first letter of a block's text and code, as a browser finds
    it; empty where there is none. An image's description is not shown, and a citation
    shows the cited item's title, which the page puts in later: both are left out."""
    for child in children:
        if child.type in ("text", "code_inline"):
            for character in child.content:
                kind = unicodedata.bidirectional(character)
                if kind == "L":
                    return "ltr"
                if kind in ("R", "AL"):
                    return "rtl"
    return ""


_FOOTNOTES_OPEN = '<section class="footnotes">'


def render_footnotes_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """The footnote plugin's opening of the footnotes list, with the direction
    `block_directions` gave it on its section: the plugin writes no attributes, and
    Arabic footnotes kept their numbers at the left."""
    opening = str(render_footnote_block_open(renderer, tokens, idx, options, env))
    direction = tokens[idx].attrGet("dir")
    if not direction:
        return opening
    return opening.replace(_FOOTNOTES_OPEN, f'{_FOOTNOTES_OPEN[:-1]} dir="{direction}">', 1)
