"""Markdown bodies to HTML: CommonMark plus tables, strikethrough, footnotes, task lists,
heading anchors and `[[id]]` citations.

The HTML of a body does not depend on the page it appears on, so it can be cached by the
body's hash: citations and paths from the site root (`assets/slides.pdf`, `goals/lead/`)
are written as placeholders (`gf-cite:`, `gf-path:`) that `localize` turns into relative
links for each page and audience. A citation in raw HTML (with `allow_html`), perhaps
inside an attribute or a comment, gets a placeholder of its own that becomes plain text:
the title, or the withheld text in a build that cannot see the item, never its id.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline, html_inline
from markdown_it.rules_inline import image as image_rule
from markdown_it.rules_inline import text as text_rule
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_inline
from mdit_py_plugins.tasklists import tasklists_plugin

from .citations import CITATION_RE, PLACEHOLDER_SCHEMES
from .errors import Diagnostic, Severity
from .links import (
    ASSET_PREFIXES,
    WARNING_CODES,
    as_browsers_read,
    asset_name,
    from_site_root,
    is_site_path,
    may_link,
    missing_asset,
    unmade_file,
)

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
# Where raw HTML names a file: the attributes that load or link one, and CSS `url()`. An
# attribute's name may follow a `/` or a quote as well as a space: browsers read
# `<img/src="x">` and `<img alt=""src="x"srcset="y 2x">` (the quote may end the value of
# an attribute found, so it is looked behind at, not taken).
_HTML_TARGET_RE = re.compile(r"""(?:(?<=[\s/"'])(?:xlink:)?(?P<name>href|src|srcset|imagesrcset|poster|data|background|action|formaction|cite)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`]+)))"""
                             r"""|url\(\s*["']?(?P<css>[^"')\s]+)""", re.IGNORECASE)


Problem = tuple[str, str, str]  # (code, message, hint)
PageProblem = Callable[[str], "Problem | None"]
# Raw HTML attributes that load an image (or a video's), which Markdown writes as `![]()`.
_IMAGE_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "poster", "background", "url"})


@dataclass(frozen=True)
class Reference:
    """A link or image target met in a body, where it is written (1-based, in the body)."""

    kind: str  # "image" | "link" | "html" (a file raw HTML names)
    target: str
    line: int
    column: int = 1
    attribute: str = ""  # raw HTML's: `src`, `href`, ..., or `url` for CSS


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
        self.md.core.ruler.after("anchor", "anchor_prefix", _prefix_anchors)
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
        references = _references(tokens, body)
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
    return _references(_parser(allow_html).parse(body, {"docId": ""}), body)


def reference_problems(path: str, body_line: int, references: list[Reference], assets: Collection[str],
                       page_problem: PageProblem | None = None, shown: bool = True) -> list[Diagnostic]:
    """What a build would publish broken, or with a hidden item's id: see `_markdown_problem`
    and `_raw_html_problem`. `shown` is whether the build writes the body at all: its raw
    HTML is written as it is only then (`goalfolio check` asks for every build, the owner's
    showing every item)."""
    problems = []
    for ref in references:
        found = _raw_html_problem(ref, page_problem, shown) if ref.kind == "html" else _markdown_problem(ref, assets, page_problem)
        if found is not None:
            severity: Severity = "warning" if found[0] in WARNING_CODES else "error"
            problems.append(Diagnostic(path, body_line + ref.line - 1, ref.column, severity, *found))
    return problems


def _markdown_problem(ref: Reference, assets: Collection[str], page_problem: PageProblem | None) -> Problem | None:
    """An image or linked file missing from content/assets/, or one outside it (only that
    folder is copied to the site), a link from the server's root (`/x`), which breaks when
    the site is served under a prefix or opened from disk, and what `page_problem` finds
    wrong with a link to an item's page (`pagelinks`)."""
    target = ref.target
    what = "image" if ref.kind == "image" else "file"
    code = "missing-image" if ref.kind == "image" else "missing-asset"
    name = asset_name(target)
    if name is not None:
        if name in assets:
            return None
        return code, *missing_asset(what, target, name, assets)
    if target.startswith("/") and not target.startswith("//"):
        fixed = from_site_root(target)
        hint = f"put the file in content/assets/ and write its path from the site root: `{fixed}`" if fixed.startswith("assets/") \
            else f"cite items with [[id]], or write the path from the site root without the `/`: `{fixed}`"
        return "root-absolute-link", _root_absolute(target), hint
    if unmade_file(target):
        return (code, f"the {what} `{target}` is not in content/assets/, and the site has no other file of that name",
                f"put the file in content/assets/ and write its path as `{from_site_root(target)}`")
    if page_problem is not None and ref.kind == "link":
        return page_problem(target)
    return None


def _raw_html_problem(ref: Reference, page_problem: PageProblem | None, shown: bool) -> Problem | None:
    """Raw HTML is written as it is, neither checked nor rewritten: but not from the
    server's root, and not with a hidden item's id in it."""
    read = as_browsers_read(ref.target)
    if shown and read is not None and read[0].startswith("/"):
        fixed = from_site_root(read[0] + read[1])
        if fixed.startswith("assets/"):
            written = f"`{'!' if ref.attribute in _IMAGE_ATTRIBUTES else ''}[text]({fixed})`, with the file in content/assets/"
        else:
            written = f"`[text]({fixed})`, which every page rewrites to lead from itself"
        return ("root-absolute-link", _root_absolute(ref.target),
                f"raw HTML is written as it is, on pages at several depths: write it in Markdown, {written}")
    found = page_problem(ref.target) if page_problem is not None else None
    return found if found is not None and found[0] == "hidden-link" else None


def _root_absolute(target: str) -> str:
    return f"the link `{target}` starts with `/`, which breaks under a /repo/ prefix and from disk"


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
    _to_site_path(tokens[idx], "src")
    return str(renderer.image(tokens, idx, options, env))


def _render_link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    _to_site_path(tokens[idx], "href")
    return str(renderer.renderToken(tokens, idx, options, env))


def slugify(text: str) -> str:
    """A heading of punctuation alone (`## ___`, `## ?`) gets `section`, as an empty one
    does, rather than a bare `-`."""
    slug = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    slug = re.sub(r"[\s_-]+", "-", slug)
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


def _references(tokens: list[Any], body: str) -> list[Reference]:
    found: list[Reference] = []
    if not may_link(body) and "<" not in body:
        return found  # most bodies: walking their tokens cost 25 ms a build at 1,000 items
    lines = body.split("\n")
    for token in tokens:
        # An inline footnote's text (`^[...]`), moved to the end, has no lines: the whole body is searched.
        first, last = token.map if token.map else (0, len(lines))
        if token.type == "html_block":
            found.extend(_raw_html_references(token.content, lines, (first, 0), last)[0])
        if token.type != "inline" or not token.children:
            continue
        after = (first, 0)  # just past the previous target of this block
        for child in token.children:
            if child.type == "html_inline":
                more, after = _raw_html_references(child.content, lines, after, last)
                found.extend(more)
            kind = "image" if child.type == "image" else "link" if child.type == "link_open" else ""
            if kind:
                target = str(child.attrGet("src" if kind == "image" else "href") or "")
                line, column = _written_at(target, lines, after, last) or _written_at(target, lines, (first, 0), last) \
                    or (first, 0)
                found.append(Reference(kind, target, line + 1, column + 1))
                after = (line, column + 1)
    return found


def _raw_html_references(content: str, lines: list[str], after: tuple[int, int],
                         last: int) -> tuple[list[Reference], tuple[int, int]]:
    """The files raw HTML names (only `allow_html` makes raw HTML), each where the body
    writes it, and the place just past the last: a file that only a hidden item's `<img
    src>` shows is a hidden item's file, as one its Markdown shows is. Where an attribute
    cannot be found as written (across lines), the first line searched stands for it."""
    found: list[Reference] = []
    for match in _HTML_TARGET_RE.finditer(content):
        written = match.group(0).lstrip()  # from the attribute's name (or `url(`) on
        start = match.end() - len(written)
        group = next(g for g in ("double", "single", "bare", "css") if match.group(g) is not None)
        value = html.unescape(match.group(group))
        name = (match.group("name") or "url").lower()
        targets = [c.split()[0] for c in value.split(",") if c.strip()] if name in ("srcset", "imagesrcset") else [value]
        at = _written_at(written.partition("\n")[0], lines, after, last)
        offset = match.start(group) - start
        for target in targets:
            if at is None:
                found.append(Reference("html", target, after[0] + 1, 1, name))
                continue
            if len(targets) > 1:  # a `srcset`'s candidates, each in its place
                offset = max(offset, written.find(target, offset))
            line, column = at[0] + written.count("\n", 0, offset), at[1] + offset
            if line != at[0]:
                column = offset - written.rfind("\n", 0, offset) - 1
            found.append(Reference("html", target, line + 1, column + 1, name))
            offset += len(target) if len(targets) > 1 else 0
        if at is not None:
            after = (at[0], at[1] + 1)
    return found, after


def _written_at(target: str, lines: list[str], after: tuple[int, int], last: int) -> tuple[int, int] | None:
    """Where a block (lines up to `last`) writes `target`, from `after` on: markdown-it gives
    only the block's first line, and keeps targets percent-encoded (`my%20deck.pdf`)."""
    forms = dict.fromkeys((target, urllib.parse.unquote(target)))
    for number in range(after[0], min(last, len(lines))):
        start = after[1] if number == after[0] else 0
        columns = [column for form in forms if form and (column := lines[number].find(form, start)) >= 0]
        if columns:
            return number, min(columns)
    return None
