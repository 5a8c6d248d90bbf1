"""The checks of the `[[id]]` citations in items' bodies, over the whole portfolio: each must
name an item, must not stand in a link's text, and must not give away an item that a build
showing the body hides, whether it is a citation or an `[[id]]` Markdown shows as written.

Part of the reference checks (`references`), which run on every load; kept apart as they
read bodies, not front matter.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .citations import CITATION_RE, WITHHELD, Citation, cited_in_link_text, commented_citations
from .errors import Diagnostic
from .items import Item
from .loader import Portfolio
from .models import Endorsement, Source


def citation_problems(item: Item, p: Portfolio, visibility_known: bool = True) -> Iterator[Diagnostic]:
    """The problems of the citations in an item's body; `visibility_known` as for
    `references`' item checks."""
    lines = item.body.split("\n") if "](" in item.body else []
    for citation in item.source.citations(p.config.markdown.allow_html):
        line = item.source.body_line + citation.line - 1
        target = p.find(citation.target)
        if lines and cited_in_link_text(lines, citation):
            yield Diagnostic(item.source.path, line, citation.column, "warning", "citation-in-link",
                             f"`[[{citation.target}]]` is in a link's text, and a link cannot hold another: "
                             "the page shows the brackets and the address as text",
                             "cite the item after the link instead: `[the work](https://...) ([[id]])`")
        if target is None:
            yield from broken_citation(item.source, citation, p)
        elif visibility_known and (hidden_from := item.build_hiding(target)) is not None:
            where = "a non-public item from a public one" if item.is_public else f"an item {hidden_from} does not show"
            yield Diagnostic(item.source.path, line, citation.column, "warning", "hidden-citation",
                             f"`[[{citation.target}]]` cites {where}",
                             f"builds that cannot see it show \"{WITHHELD}\" in its place; cite public evidence instead")
    if visibility_known and item.visibility != "private":
        yield from _ids_shown_as_written(item, p)


def _ids_shown_as_written(item: Item, p: Portfolio) -> Iterator[Diagnostic]:
    """`[[id]]` where Markdown shows it as written (in code, a link's address, after a
    backslash) is no citation, and every build showing the body publishes it: one naming an
    item some of those builds hide, or an anonymous endorsement by its file name, gives the
    id away. With `allow_html`, raw HTML writes none as it is, even in a comment."""
    allow_html = p.config.markdown.allow_html
    citations = item.source.citations(allow_html)
    if item.body.count("[[") <= len(citations):
        return  # each `[[` a citation: most bodies
    cited = {(c.line, c.column) for c in (*citations, *(commented_citations(item.body) if allow_html else ()))}
    for number, text in enumerate(item.body.split("\n"), start=1):
        for match in CITATION_RE.finditer(text):
            target = p.find(match.group(1).strip())
            if target is None or (number, match.start() + 1) in cited:
                continue
            hidden_from = item.build_hiding(target)
            if hidden_from is not None or (isinstance(target, Endorsement) and target.is_anonymous):
                what = ("an anonymous endorsement, by its file name" if hidden_from is None
                        else "a non-public item" if item.is_public else f"an item {hidden_from} does not show")
                yield Diagnostic(item.source.path, item.source.body_line + number - 1, match.start() + 1, "warning", "hidden-id-as-text",
                                 f"`{match.group(0)}` is shown as written here, not as a citation, and names {what}",
                                 "every build publishes it as it is; take it out, or cite the item outside code and links")


def broken_citation(source: Source, citation: Citation, p: Portfolio) -> Iterator[Diagnostic]:
    """A citation of an id no file has (one that did not load has its own errors)."""
    if p.find(citation.target) is not None or citation.target in p.unloaded:
        return
    close = difflib.get_close_matches(citation.target, [i.id for i in p.items()], n=1)
    hint = f"did you mean `[[{close[0]}]]`?" if close else "cite an item by its file name without .md"
    yield Diagnostic(source.path, source.body_line + citation.line - 1, citation.column, "error", "broken-citation",
                     f"`[[{citation.target}]]` cites an item that does not exist", hint)
