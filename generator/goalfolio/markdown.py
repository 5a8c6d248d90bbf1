"""Markdown bodies to HTML: CommonMark plus tables, strikethrough, footnotes, task lists,
heading anchors and `[[id]]` citations.

The HTML of a body does not depend on the page it appears on, so it can be cached by the
body's hash: citations and paths from the site root (`assets/slides.pdf`, `goals/lead/`)
are written as placeholders (`gf-cite:`, `gf-path:`) that `localize` turns into relative
links for each page and audience. A citation in raw HTML (with `allow_html`), perhaps
inside an attribute or a comment, gets a placeholder of its own that becomes plain text:
the title, or the withheld text in a build that cannot see the item, never its id. A
render also gives the links and images the body writes, at their lines (`bodylinks`).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore, normalize
from markdown_it.rules_inline import StateInline, html_inline
from markdown_it.rules_inline import image as image_rule
from markdown_it.rules_inline import text as text_rule
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_inline
from mdit_py_plugins.tasklists import tasklists_plugin

from .bodylinks import Reference, references_in
from .citations import CITATION_RE, PLACEHOLDER_SCHEMES
from .directions import block_directions, render_footnotes_open
from .links import ASSET_PREFIXES, is_site_path

CITE = "gf-cite:"
SITE_PATH = "gf-path:"
# Wrapped in NULs, which markdown-it replaces in what it reads: no body can write one.
TEXT_CITE = "\0gf-cite-text:"
_CITATION_OPEN = '<a class="citation" href="'
# A path placeholder only where the renderer writes one, as an attribute's value: `gf-path:`
# in a body's text stays text. The pattern starts with the literal `gf-`, which the regex
# engine finds by a fast scan, and looks behind it for the rest of each placeholder: with
# the alternatives written from their start it was tried at every character of every body.
_PLACEHOLDER_RE = re.compile(r'gf-(?:(?<=<a class="citation" href="gf-)cite:([^"]+)">\[\[[^<]*\]\]</a>'
                             r'|(?:(?<=href="gf-)|(?<=src="gf-))path:([^"\s]*)'
                             r"|(?<=\0gf-)cite-text:([^\0]*)\0)")


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    references: list[Reference] = field(default_factory=list)


_PLACEHOLDER_LINK_RE = re.compile(rf"(?:{PLACEHOLDER_SCHEMES}):", re.IGNORECASE)


class _Parser(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        """markdown-it's rule, which refuses `javascript:` links, and no link written as one
        of goalfolio's placeholders: `localize` takes `href="gf-path:..."` for its own and
        writes what follows as the link, so `[x](gf-path:javascript:...)` became a script
        link. Such a link is text, as a `javascript:` one is."""
        return super().validateLink(url) and _PLACEHOLDER_LINK_RE.match(url.strip()) is None


class MarkdownRenderer:
    def __init__(self, allow_html: bool = False, placing: bool = False) -> None:
        self.md = (
            _Parser("commonmark", {"html": allow_html, "typographer": False})
            .enable(["table", "strikethrough"])
            .use(footnote_plugin)
            .use(tasklists_plugin, label=True)  # the item text names its checkbox
            .use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify)
        )
        core = self.md.core.ruler
        core.at("normalize", _normalize)
        if not allow_html:  # what the `html` option turns on: each rule is tried at every block start and `<`, to refuse
            self.md.disable(["html_block", "html_inline"])
        core.at("github-tasklists", _with_task_markers(_rule(core, "github-tasklists")))
        core.after("anchor", "anchor_prefix", _prefix_anchors)
        core.push("block_direction", block_directions)
        self.md.inline.ruler.before("link", "citation", _citation_rule)
        if placing:
            self._note_places(allow_html)
        if self.md.inline.ruler.getRules("")[0] is text_rule:
            self.md.core.ruler.at("inline", _inline_or_plain_text)
        self.md.add_render_rule("citation", _render_citation)
        self.md.add_render_rule("image", _render_image)
        self.md.add_render_rule("link_open", _render_link_open)
        self.md.add_render_rule("html_block", _render_raw_html)
        self.md.add_render_rule("html_inline", _render_raw_html)
        self.md.add_render_rule("footnote_block_open", render_footnotes_open)

    def _note_places(self, allow_html: bool) -> None:
        """Where raw HTML, inline footnotes and images start, for placing the citations in
        them (`citations`): a page's render has no use for it, so only the parse for
        citations pays for it."""
        if allow_html:
            self.md.inline.ruler.at("html_inline", _noting_start(html_inline))
        self.md.inline.ruler.at("footnote_inline", _noting_start(footnote_inline))
        self.md.inline.ruler.at("image", _noting_start(image_rule))
        self.md.core.ruler.before("footnote_tail", "footnote_places", _footnote_places)

    def render(self, body: str, doc_id: str = "") -> RenderedMarkdown:
        env: dict[str, Any] = {"docId": doc_id}
        tokens = self.md.parse(body, env)
        references = references_in(tokens, body)
        return RenderedMarkdown(self.md.renderer.render(tokens, self.md.options, env), references)


@functools.lru_cache(maxsize=2)
def _parser(allow_html: bool = False) -> MarkdownIt:
    return MarkdownRenderer(allow_html, placing=True).md


def parse_tokens(body: str, allow_html: bool = False, env: dict[str, Any] | None = None) -> list[Any]:
    """The tokens the renderer makes of `body`, for finding its citations exactly; an
    `env` holding an empty `footnote_places` gets them filled in (see `_footnote_places`)."""
    return _parser(allow_html).parse(body, {"docId": ""} if env is None else env)


def body_references(body: str, allow_html: bool) -> list[Reference]:
    """The images and links of `body` as rendering finds them, without the HTML: for
    `goalfolio check`, which reports what a build would."""
    return references_in(_parser(allow_html).parse(body, {"docId": ""}), body)


def _prefix_anchors(state: Any) -> None:
    """Heading ids start with the item's id, as its footnotes do: a page that shows several
    bodies (the endorsements wall) or has ids of its own (`main`) keeps every id unique."""
    prefix = state.env.get("docId", "")
    if not prefix:
        return
    for token in state.tokens:
        if token.type == "heading_open" and token.attrGet("id"):
            token.attrSet("id", f"{prefix}-{token.attrGet('id')}")


def _render_image(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """An image's text is no citation (`citations` finds none there, so `check` warns of a
    hidden item's id in it): its `[[id]]` is shown as written, where markdown-it's text
    of the image's description left it out."""
    token = tokens[idx]
    _to_site_path(token, "src")
    if token.children and any(child.type == "citation" for child in token.children):
        token.children = [Token("text", "", 0, content=child.content) if child.type == "citation" else child
                          for child in token.children]
    return str(renderer.image(tokens, idx, options, env))


def _render_link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    _to_site_path(tokens[idx], "href")
    return str(renderer.renderToken(tokens, idx, options, env))


_NOT_IN_SLUG_RE = re.compile(r"[^\w\s-]")
_SLUG_GAP_RE = re.compile(r"[\s_-]+")


def slugify(text: str) -> str:
    """A heading of punctuation alone (`## ___`, `## ?`) gets `section`, as an empty one
    does, rather than a bare `-`."""
    slug = _NOT_IN_SLUG_RE.sub("", text.lower()).strip()
    slug = _SLUG_GAP_RE.sub("-", slug)
    return slug if slug.strip("-") else "section"


def localize(rendered_html: str, resolve_citation: Callable[[str], str], resolve_path: Callable[[str], str],
             cited_text: Callable[[str], str]) -> str:
    """Replace placeholders with page-relative links; `resolve_citation` returns the final HTML,
    `resolve_path` the link for a path from the site root, and `cited_text` the escaped text
    that stands for a citation in raw HTML."""
    if "gf-" not in rendered_html:
        return rendered_html
    parts: list[str] = []
    done = 0
    for match in _PLACEHOLDER_RE.finditer(rendered_html):
        start = match.start()
        if match.group(1) is not None:
            start -= len(_CITATION_OPEN)
            replacement = resolve_citation(match.group(1))
        elif match.group(3) is not None:
            start -= 1  # the NUL that opens it
            replacement = cited_text(match.group(3))
        else:
            replacement = resolve_path(match.group(2))
        parts += (rendered_html[done:start], replacement)
        done = match.end()
    parts.append(rendered_html[done:])
    return "".join(parts)


def _to_site_path(token: Any, attribute: str) -> None:
    """A relative target is a path from the site root, as under `links:`: a body shows on
    several pages at different depths (an evidence page, a case, the endorsements wall)."""
    target = str(token.attrGet(attribute) or "")
    for prefix in ASSET_PREFIXES[1:]:
        if target.startswith(prefix):
            target = "assets/" + target[len(prefix):]
            break
    if is_site_path(target):
        token.attrSet(attribute, SITE_PATH + target)


def _normalize(state: StateCore) -> None:
    """markdown-it's `normalize`, which makes every line break `\\n` and every NUL U+FFFD
    by two regex substitutions over the whole body, writing each `\\n` again: a body with
    neither a `\\r` nor a NUL, nearly every one, is already so (10 ms a build at 1,000 items)."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


def _rule(ruler: Any, name: str) -> Callable[[StateCore], None]:
    """A core rule's function by its name, through markdown-it's public API: the names and
    the functions of the enabled rules, in one order."""
    rules: dict[str, Callable[[StateCore], None]] = dict(zip(ruler.get_active_rules(), ruler.getRules("")))
    return rules[name]


_TASK_MARKERS = ("[ ]", "[x]", "[X]")


def _with_task_markers(rule: Callable[[StateCore], None]) -> Callable[[StateCore], None]:
    """The task list plugin's step, for a body that writes a task's `[ ]`, `[x]` or `[X]`:
    it calls a test for every token of every body, and makes a checkbox only of an item
    starting with one."""
    def tasks(state: StateCore) -> None:
        if "[" in state.src and any(marker in state.src for marker in _TASK_MARKERS):
            rule(state)
    return tasks


def _inline_or_plain_text(state: StateCore) -> None:
    """markdown-it's `inline` step, except for text without a single character at which
    an inline rule can start (markdown-it's terminators): its first rule, `text`, would take
    all of it as one text token, so that token is made directly. Most paragraphs and table
    cells are such text (three in four of a generated portfolio's), and the inline parser's
    set-up for each costs more than the text: about a tenth of rendering a body."""
    parse = state.md.inline.parse
    terminator = state.md.inline.terminator_re
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if content and terminator.search(content) is None:
                token.children.append(Token("text", "", 0, content=content))
            else:
                parse(content, state.md, state.env, token.children)


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = CITATION_RE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = match.group(0)
        token.meta = {"id": match.group(1).strip(), "offset": state.pos}
    state.pos = match.end()
    return True


InlineRule = Callable[[StateInline, bool], bool]


def _noting_start(rule: InlineRule) -> InlineRule:
    """markdown-it's `rule`, also noting in its token's `offset` where in the inline text
    the token starts. Citations are placed from there (`citations`): those written in raw
    HTML, in an inline footnote (from its `^[`), and in an image's description, where an
    inline footnote may be (`_footnote_places`)."""
    def placed(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        if not silent:
            state.tokens[-1].meta["offset"] = start
        return True
    return placed


def _footnote_places(state: StateCore) -> None:
    """Where each inline footnote's text is written, by its id in `footnote_places`: the
    block text that holds its `^[` (perhaps in an image's description), where the text
    starts in it and the block's first line. The footnote step after this one leaves out a
    footnote definition's blocks, whose inline footnotes the page still shows. Filled in
    where the parse's `env` holds an empty `footnote_places` (see `parse_tokens`)."""
    places = state.env.get("footnote_places")
    if places is None or "footnotes" not in state.env:
        return
    for token in state.tokens:
        if token.type == "inline" and token.map is not None and token.children:
            _note_footnotes(token.children, token, 0, places)


def _note_footnotes(children: list[Token], block: Token, base: int, places: dict[int, tuple[str, int, int]]) -> None:
    assert block.map is not None
    for child in children:
        if child.type == "footnote_ref" and "offset" in child.meta:
            places[child.meta["id"]] = (block.content, base + child.meta["offset"] + 2, block.map[0])
        elif child.type == "image" and child.children and "offset" in child.meta:
            _note_footnotes(child.children, block, base + child.meta["offset"] + 2, places)


def _render_raw_html(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """Raw HTML as written, except its citations: `goalfolio check` and the site graph read
    `[[id]]` there as anywhere in the text, and the id may be a hidden item's."""
    content = str(tokens[idx].content)
    if "[[" not in content:
        return content
    return CITATION_RE.sub(lambda match: f"{TEXT_CITE}{match.group(1).strip()}\0", content)


def _render_citation(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    target = html.escape(tokens[idx].meta["id"], quote=True)
    return f'{_CITATION_OPEN}{CITE}{target}">[[{target}]]</a>'
