"""The `[[id]]` citations found without parsing are those the rendered page shows: `check`
reports a citation of an item that does not exist, and the graph and privacy go by them,
so one the page shows and the scan misses (or the reverse) is published unchecked. The
line scan reads only the Markdown it is sure of, exactly as markdown-it does, and leaves
any other body to the parser."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goalfolio import citations
from goalfolio.citations import CITATION_RE, Citation, commented_citations, find_citations
from goalfolio.markdown import TEXT_CITE, MarkdownRenderer

ROOT = Path(__file__).resolve().parent.parent
RENDERER = MarkdownRenderer()
HTML_RENDERER = MarkdownRenderer(allow_html=True)


def shown(body: str) -> list[str]:
    """The ids of the citations the rendered body links, in the page's order."""
    return [html.unescape(target) for target in re.findall(r'href="gf-cite:([^"]*)"', RENDERER.render(body).html)]


def found(body: str) -> list[tuple[str, int, int]]:
    return [(citation.target, citation.line, citation.column) for citation in find_citations(body)]


# Markdown's punctuation, dense: runs of backticks and tildes, brackets, parentheses,
# angle brackets, quotes, backslashes, pipes and spaces, with citations, links, autolinks
# and line starts that open fences, lists, quotes, tables, definitions and indented code.
PIECES = ["`", "`", "``", "```", "~", "~~~", "[", "]", "[[", "]]", "[[x]]", "[[x]]", "[[y]]", "[[a`b]]", "[[a|b]]",
          "(", ")", "<", ">", "<ab:c>", "<a@b.c>", "<javascript:", '"', "'", "\\", "\\[", "\\`", " ", " ", "  ", "a",
          "!", "![", "](", "](u)", "](u ", "[t](u)", "|", "-", ":", "]:", "^[", "&#58;", "\t", "\u00a0", "\n"]
LINE_STARTS = ["", "", "", "```", "~~~", "````", "~~~~", " ```", "   ~~~", "    ", "\t", "> ", "- ", "1. ", "> - ",
               "|", "| --- |", "|---|---|", "-|-", "[a]: ", "[^1]: "]
LINE = st.builds(lambda start, pieces: start + "".join(pieces),
                 st.sampled_from(LINE_STARTS), st.lists(st.sampled_from(PIECES), max_size=12))
BODY = st.lists(LINE, min_size=1, max_size=6).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(BODY)
def test_the_citations_found_are_those_the_page_shows(body: str) -> None:
    assert [target for target, _, _ in found(body)] == shown(body)
    assert all(written_at(body, citation) for citation in find_citations(body))


@pytest.mark.parametrize(("body", "expected"), [
    # A run of backticks with a backtick after it opens no fence: the line is text.
    ("```a``` [[y]]", [("y", 1, 9)]),
    # A fence closes only at a line of its own character, as long, with nothing after it.
    ("~~~~\n~~~\n[[x]]\n~~~~", []),
    ("~~~\n~~~[\n[[x]]", []),
    ("```~```[[x]]", [("x", 1, 8)]),
    # A table is looked for before a fence, and a `|` splits a code span or a link.
    ("~~~-[[x]]|\n|-", [("x", 1, 5)]),
    ("| `[[x]] | y` |\n|---|---|", [("x", 1, 4)]),
    ("| [a](u|[[x]]) |\n|---|---|", [("x", 1, 9)]),
    ("[[a|b]]\n|---|---|", []),
    ("| --- |\n| --- |\n| --- |[[x]]", []),
    ("| a | b |\n|---|---|\n| [[x]] | y | [[z]] |", [("x", 3, 3)]),  # a cell past the header's is dropped
    # What is a link: markdown-it refuses some schemes, and reads a destination and title
    # over lines; an address with a space and no quoted title is none.
    ("[a](javascript:[[x]])", [("x", 1, 16)]),
    ("[a](GF-Path:[[x]]) <gf-cite:[[y]]>", [("x", 1, 13), ("y", 1, 29)]),  # goalfolio's placeholders
    ("[a](\n[[x]])", []),
    ('[a](u "t\n[[x]]")', []),
    ("[a](b c [[x]])", [("x", 1, 9)]),
    ("[a\\](u [[x]])", [("x", 1, 8)]),
    ("[a ![b](u)](v [[x]])", [("x", 1, 15)]),
    ("\\\\[]([[x]][t](u)", [("x", 1, 6)]),  # parentheses left open: no destination
    ("[[x]]([[x]])", [("x", 1, 1), ("x", 1, 7)]),
    ("[" * 21 + "a](u[[x]]) [[y]]", [("x", 1, 26), ("y", 1, 33)]),  # markdown-it reads labels 20 deep
    # Autolinks as markdown-it reads them: an email address may hold a backtick.
    ("<javascript:[[x]]>", [("x", 1, 13)]),
    ("<a`@b.c> [[x]]`", [("x", 1, 10)]),
    ("<ab:c\u00a0[[x]]>", []),
    ("\\<ab:[[x]]>", [("x", 1, 6)]),
    ("\\![[[x]]](u)", [("x", 1, 4)]),
    # A citation is read before a code span that would start inside it.
    ("[[a`b]]`", [("a`b", 1, 1)]),
    ("[t](`) ` x\n`` ` [[x]] ``", [("x", 2, 6)]),
    # Definitions: a reference's needs its destination, on its line or the next; in a
    # quote it is one too.
    ("[a]: u [[x]]", [("x", 1, 8)]),
    ("[a]:\n[[x]]", []),
    ("> [a]: [[x]]", []),
    # Fences and indented code in a list item or a quote, and what markdown-it nests too
    # deep to render.
    ("> ~~~[[x]]", []),
    ("-     [[x]]", []),
    (">     [[x]]", []),
    ("> " * 20 + "[[x]]", []),
    # An inline footnote's citations are shown at the page's end, after the text's.
    ("^[[[x]]] [[y]]", [("y", 1, 10), ("x", 1, 3)]),
    ("^[[[x]]]\n\n    code", [("x", 1, 3)]),
    ("`^[[[x]]]", [("x", 1, 4)]),
    # placed in the text holding its `^[`, over lines a list item indents, and nested.
    ("\n- ^[\n    [[x]]]]>", [("x", 3, 5)]),
    ("a ^[b ^[c [[x]]] [[y]]] [[z]]", [("z", 1, 25), ("y", 1, 18), ("x", 1, 11)]),
    ("![a ^[[[x]]]](u) [[y]]", [("y", 1, 18), ("x", 1, 7)]),  # one in an image's description is on the page too
    # A tab a list item's text starts with is read as spaces: the citation is where it is written.
    ("- `\n\t[[x]]", [("x", 2, 2)]),
    # markdown-it strips a paragraph's text of Unicode spaces, lines of them before it too.
    ("\u00a0\n`[[x]]", [("x", 2, 2)]),
    ("| --- |[[x]]\\|\n|---|---|", [("x", 1, 8)]),  # a cell's `\\|` is read as `|`
    ("| a\\|[[x]] [[x]] |\n|---|", [("x", 1, 6), ("x", 1, 12)]),
    ("[^1]: ^[a\n [[x]]]", [("x", 2, 2)]),  # an inline footnote in a definition no text refers to
    ("\n[^1]: ^[\n[[x]]]", [("x", 3, 1)]),
    ("^[\n[^1]: ^[\n[[x]]](", [("x", 3, 1)]),  # the text's `^[` opens none
    ("[^1]: ^[[[x]]]\n\nSee[^1]", [("x", 1, 9)]),
    ("![a ![b ^[[[x]]]](v)](u)", [("x", 1, 11)]),
])
def test_a_citation_is_found_where_the_page_shows_one(body: str, expected: list[tuple[str, int, int]]) -> None:
    assert found(body) == expected
    assert [target for target, _, _ in expected] == shown(body)


@pytest.mark.parametrize(("body", "expected"), [
    ("\t\u00a0[[y]]", []),  # a tab indents code, whatever space follows it
    (" \t[[x]]", []),
    ("- \n   ~~~\n[[x]]", [("x", 3, 1)]),
    ("- a\n  ```\n[[x]]\n  ```", [("x", 3, 1)]),  # the line at the margin closes the list item and its fence
    ("1. a\n   ```\n   b\n```\n[[y]]", []),  # the fence at the margin opens another
])
def test_a_fence_or_indented_code_that_may_be_in_a_list_item_is_left_to_the_parser(body: str, expected: list[tuple[str, int, int]]) -> None:
    assert found(body) == expected
    assert [target for target, _, _ in expected] == shown(body)


def test_a_portfolio_s_common_markdown_is_read_without_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing costs more than the scan: headings, lists, quotes, tables, fences, links,
    images, autolinks and code spans stay on the scan."""
    def parsed(body: str) -> None:
        raise AssertionError(f"parsed: {body!r}")

    monkeypatch.setattr(citations, "_parsed", parsed)
    body = ("## Summary\n\nShipped [[api]] with [the team](https://x.example/t) ![chart](assets/c.png \"Chart\").\n"
            "See <https://x.example> or <me@x.example>, and `[[not-code]]`.\n\n"
            "- [[a]]: first\n- [[b]]: second\n\n> Quoted [[c]]\n\n"
            "| Rung | Evidence |\n| --- | :-: |\n| baseline | [[d]] |\n| `x` | [[e]] |\n\n"
            "```yaml\n    [[in-code]]\n```\n\n1. Then [[f]].\n")
    assert found(body) == [("api", 3, 9), ("a", 6, 3), ("b", 7, 3), ("c", 9, 10), ("d", 13, 14), ("e", 14, 9), ("f", 20, 9)]
    for path in sorted((ROOT / "content").rglob("*.md")):
        find_citations(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1])


# With `allow_html`: raw HTML's tags, comments, what a browser reads as a comment (`<?`,
# `<!X`), blocks that hold fences or blank lines (`<pre>`, `<div>`), backticks and quotes
# in attributes, with the Markdown that raw HTML changes the reading of.
HTML_PIECES = ["`", "``", "```", "[[x]]", "[[y]]", "[[a`b]]", "[", "]", "<", ">", "<!--", "-->", "<!-->", "<!---->",
               "<!-- [[z]] -->", "<div>", "</div>", "<pre>", "</pre>", "<script>", "</script>", '<span title="', '"', "'",
               "<span>", "</span>", "<b>", '<a href="u">', "</a>", "<?", "?>", "<!X ", "<![CDATA[", "]]>", "=", " ", " ",
               "a", "\\", "\n", "\n\n", "~~~", "> ", "- ", "    ", "^[", "](u)", "[t](u)"]
HTML_LINE_STARTS = ["", "", "", "<div>", "<pre>", "<!--", "<?x", "<!X", "</div>", "<span>", "```", "~~~", "> ", "- ",
                    "    ", "|", "|---|"]
HTML_LINE = st.builds(lambda start, pieces: start + "".join(pieces),
                      st.sampled_from(HTML_LINE_STARTS), st.lists(st.sampled_from(HTML_PIECES), max_size=10))
HTML_BODY = st.lists(HTML_LINE, min_size=1, max_size=6).map("\n".join)
_RESOLVED_RE = re.compile(rf'href="gf-cite:([^"]*)"|{re.escape(TEXT_CITE)}([^\0]*)\0')


def resolved(body: str) -> list[str]:
    """The ids of every citation the allow_html renderer resolves, in the page's order: as
    links, and in raw HTML as the cited item's title, in a comment too."""
    return [html.unescape(found.group(1)) if found.group(1) is not None else found.group(2)
            for found in _RESOLVED_RE.finditer(HTML_RENDERER.render(body).html)]


def written_at(body: str, citation: Citation) -> bool:
    """Whether the body writes the citation where it is said to be."""
    lines = body.split("\n")
    cited = CITATION_RE.match(lines[citation.line - 1], citation.column - 1) if citation.line <= len(lines) else None
    return cited is not None and cited.group(1).strip() == citation.target


@settings(max_examples=400, deadline=None)
@given(HTML_BODY)
def test_with_allow_html_the_citations_found_are_those_the_page_shows(body: str) -> None:
    """Found and commented citations are every one the renderer resolves, each where it is
    written; the found ones in the page's order."""
    shown, commented = find_citations(body, allow_html=True), commented_citations(body)
    on_page = resolved(body)
    assert Counter(c.target for c in shown + commented) == Counter(on_page)
    remaining = iter(on_page)
    assert all(c.target in remaining for c in shown)
    assert all(written_at(body, c) for c in shown + commented)


@pytest.mark.parametrize(("body", "expected"), [
    # A backtick in a tag opens no code span, and an HTML block holds a fence, indented
    # code and blank lines (`<pre>`) as raw HTML, whose citations read as titles.
    ('<span title="`">[[x]]`', [("x", 1, 17)]),
    ('a <a href="[[x]]">`</a>[[y]]`', [("x", 1, 12)]),
    ("<div>\n```\n[[x]]\n</div>", [("x", 3, 1)]),
    ("<pre>\n[[x]]\n\n    [[y]]\n</pre>", [("x", 2, 1), ("y", 4, 5)]),
    ('- <div title="[[a]]">\n  [[b]]', [("a", 1, 15), ("b", 2, 3)]),
    # A comment, and what a browser reads as one, shows nothing: `<!--` in an attribute,
    # after a backslash or in code opens none.
    ("<!-- [[x]] -->", []),
    ("a <!-- [[x]] --> [[y]]", [("y", 1, 18)]),
    ("<!-- a\n\n[[x]] -->\n[[y]]", [("y", 4, 1)]),
    ("> <!-- [[x]]\n> -->", []),
    ("a <?x [[x]] ?> [[y]]", [("y", 1, 16)]),
    ("<!X [[x]]> [[y]]", [("y", 1, 12)]),
    ("<!---> [[x]]", [("x", 1, 8)]),
    ('<span title="<!--">[[x]]</span>', [("x", 1, 20)]),
    ("\\<!-- [[x]] -->", [("x", 1, 7)]),
    ("`<!--` [[x]] `-->`", [("x", 1, 8)]),
])
def test_with_allow_html_a_citation_is_found_where_the_page_shows_one(body: str, expected: list[tuple[str, int, int]]) -> None:
    assert [(c.target, c.line, c.column) for c in find_citations(body, allow_html=True)] == expected
    assert all(written_at(body, c) for c in commented_citations(body))
    assert Counter(target for target, _, _ in expected) + Counter(c.target for c in commented_citations(body)) == Counter(resolved(body))


RAW_HTML_EVIDENCE = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n"
                     "Notes <!-- [[gone-one]] --> here.\n"
                     'A <span title="`">tag</span> then [[gone-two]] and `x`.\n')
GONE_ONE = ["content/evidence/talk.md:6:12: error: `[[gone-one]]` cites an item that does not exist",
            "    hint: cite an item by its file name without .md"]
GONE_TWO = ["content/evidence/talk.md:7:35: error: `[[gone-two]]` cites an item that does not exist",
            "    hint: cite an item by its file name without .md"]


def config(allow_html: bool) -> str:
    return f"title: Test portfolio\ntoday: 2026-11-20\nmarkdown:\n  allow_html: {str(allow_html).lower()}\n"


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("content/", "    hint:"))]


def test_check_reports_the_citations_an_allow_html_page_shows(tmp_path: Path, write_project: Any, run_cli: Any) -> None:
    """A citation in a comment is not shown: no error. One after a tag holding a backtick
    is (the backtick opens no code span): `check` reports it where it is written."""
    root = write_project(tmp_path, {"content/evidence/talk.md": RAW_HTML_EVIDENCE}, config=config(True))
    code, out, _ = run_cli("check", root)
    assert (code, problems(out)) == (1, GONE_TWO)


def test_a_cached_item_s_citations_follow_allow_html(tmp_path: Path, write_project: Any, run_cli: Any) -> None:
    """The build cache keeps validated items, with their citations, whatever the config:
    builds that flip `markdown.allow_html` each check and link what their own pages show."""
    files = {"content/evidence/other.md": "---\ntitle: Other work\ndate: 2026-03-10\nkind: project\n---\nDone.\n",
             "content/evidence/talk.md": RAW_HTML_EVIDENCE.replace("gone-two", "other").replace("gone-one", "gone")}
    root = write_project(tmp_path, files, config=config(True))
    other = tmp_path / "site" / "evidence" / "other" / "index.html"
    for allow_html in (True, False, True, False):
        (root / "goalfolio.yaml").write_text(config(allow_html), encoding="utf-8")
        code, _, err = run_cli("build", root, "--out", tmp_path / "site")
        if allow_html:
            assert (code, problems(err)) == (0, [])
            assert '<h3 class="label">Cited by</h3>' in other.read_text(encoding="utf-8")
            assert (root / ".goalfolio-cache").is_dir()
        else:
            assert (code, problems(err)) == (1, [GONE_ONE[0].replace("gone-one", "gone"), GONE_ONE[1]])


def test_a_comment_s_citation_of_a_private_item_is_neither_checked_nor_published(tmp_path: Path, write_project: Any,
                                                                                 run_cli: Any) -> None:
    """With `allow_html`, a citation in a comment is no citation, and not its id written as
    text either: the renderer writes the withheld text there in a public build."""
    files = {"content/evidence/secret-deal.md": "---\ntitle: Secret deal\ndate: 2026-03-10\nkind: project\nvisibility: private\n---\nHush.\n",
             "content/evidence/talk.md": "---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\nNotes <!-- [[secret-deal]] --> here.\n"}
    root = write_project(tmp_path, files, config=config(True))
    code, out, _ = run_cli("check", root, "--strict")
    assert (code, problems(out)) == (0, [])
    code, _, _ = run_cli("build", root, "--out", tmp_path / "site")
    page = (tmp_path / "site" / "evidence" / "talk" / "index.html").read_text(encoding="utf-8")
    assert code == 0 and "Notes <!-- (an item not shown here) --> here." in page and "secret-deal" not in page
