"""The files and pages a Markdown body links to, each where the body writes it (markdown-it
gives only a block's first line), and which of them a build would publish broken or with a
hidden item's id in it. `markdown` finds them in the tokens it renders a body from, so a
build and `goalfolio check` (`markdown.body_references`) report the same problems.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from .errors import Diagnostic, Severity
from .links import (
    WARNING_CODES,
    as_browsers_read,
    asset_name,
    from_site_root,
    is_site_path,
    may_link,
    missing_asset,
    unmade_file,
)

# Where raw HTML names a file: the attributes that load or link one, and CSS `url()`. An
# attribute's name may follow a `/` or a quote as well as a space: browsers read
# `<img/src="x">` and `<img alt=""src="x"srcset="y 2x">` (the quote may end the value of
# an attribute found, so it is looked behind at, not taken).
_HTML_TARGET_RE = re.compile(r"""(?:(?<=[\s/"'])(?:xlink:)?(?P<name>href|src|srcset|imagesrcset|poster|data|background|action|formaction|cite)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`]+)))"""
                             r"""|url\(\s*["']?(?P<css>[^"')\s]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """A link or image target met in a body, where it is written (1-based, in the body)."""

    kind: str  # "image" | "link" | "html" (a file raw HTML names)
    target: str
    line: int
    column: int = 1
    attribute: str = ""  # raw HTML's: `src`, `href`, ..., or `url` for CSS



def references_in(tokens: list[Any], body: str) -> list[Reference]:
    """The links and images of `body`, and the files its raw HTML names, in the tokens
    markdown-it made of it, each at the line and column where the body writes it."""
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
    only the block's first line, and keeps targets percent-encoded (`my%20deck.pdf`). The
    text may also name the target before the link does (`deck.pdf is here: [deck](deck.pdf)`),
    so the first place that opens a target, after `(` or `<`, wins over the first place."""
    forms = [form for form in dict.fromkeys((target, urllib.parse.unquote(target))) if form]
    first_seen = None
    for number in range(after[0], min(last, len(lines))):
        start = after[1] if number == after[0] else 0
        for column in sorted(c for form in forms for c in _columns_of(form, lines[number], start)):
            if _opens_a_target(lines, number, column):
                return number, column
            first_seen = first_seen or (number, column)
    return first_seen


def _columns_of(form: str, line: str, start: int) -> list[int]:
    columns = []
    while (column := line.find(form, start)) >= 0:
        columns.append(column)
        start = column + 1
    return columns


def _opens_a_target(lines: list[str], number: int, column: int) -> bool:
    """Whether `(` or `<` comes just before the column, across spaces and line breaks
    (`[deck](\nassets/deck.pdf)`)."""
    before = lines[number][:column].rstrip()
    while not before and number > 0:
        number -= 1
        before = lines[number].rstrip()
    return before.endswith(("(", "<"))


Problem = tuple[str, str, str]  # (code, message, hint)
PageProblem = Callable[[str], "Problem | None"]
# Raw HTML attributes that load an image (or a video's), which Markdown writes as `![]()`.
_IMAGE_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "poster", "background", "url"})


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
    wrong with a link to an item's page (`pagelinks`), and with an image's, which leads to
    no file (`_image_problem`)."""
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
    if page_problem is None:
        return None
    return page_problem(target) if ref.kind == "link" else _image_problem(target, page_problem)


def _image_problem(target: str, page_problem: PageProblem) -> Problem | None:
    """An image is checked as a link is (`![x](goals/nope/)`, `![x](evidence/secret/)`, which
    published the hidden item's id), and one of a page of the site (`![x](goals/lead/)`)
    is no image either: both were written broken, with no error. Told as an image's, with
    the hint an image needs: a file."""
    found = page_problem(target)
    if found is not None:
        code, message, hint = found
        if code in ("broken-link", "hidden-link"):
            hint = _IMAGE_HINT
        return code, message.replace("the link ", "the image ", 1) if message.startswith("the link ") else message, hint
    if is_site_path(target) and _names_a_page(target):
        return "missing-image", f"the image `{target}` leads to a page of the site, not to an image", \
            f"{_IMAGE_HINT}; to lead to the page, write a link, `[text]({target})`"
    return None


_IMAGE_HINT = "an image shows a file: put it in content/assets/ and write its path, extension and all (`assets/photo.jpg`)"


def _names_a_page(target: str) -> bool:
    """Whether a path from the site root names a page, not a file: a folder (`goals/lead/`,
    or `goals/lead`, which a server redirects to the folder) or an `index.html`. Files of
    content/assets/ and of the theme's `static/` are checked on their own."""
    path = urllib.parse.unquote(target.split("#", 1)[0].split("?", 1)[0])
    name = path.rstrip("/").rpartition("/")[2]
    return path.partition("/")[0] not in ("assets", "static") and ("." not in name or name == "index.html" or path.endswith("/"))


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
