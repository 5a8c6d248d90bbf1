"""The Markdown renderer's shortcut for plain text gives what markdown-it's own inline
step gives, token for token."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_core import inline as stock_inline

from goalfolio.markdown import MarkdownRenderer

WORDS = st.text(alphabet=st.sampled_from(list("ab Zé中 1.,;?'\"()|/!#$%&*+-:<=>@[\\]^_`{}~\t")), min_size=1, max_size=30)
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=3).map("\n".join)
TABLE = st.lists(st.lists(WORDS.filter(lambda cell: "|" not in cell and "\\" not in cell), min_size=2, max_size=2),
                 min_size=1, max_size=3).map(
    lambda rows: "| A | B |\n| --- | --- |\n" + "\n".join(f"| {left} | {right} |" for left, right in rows))
LIST = st.lists(WORDS, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {item}" for item in items))
HEADING = WORDS.map(lambda words: f"## {words}")
DOCUMENT = st.lists(st.one_of(PARAGRAPH, TABLE, LIST, HEADING), min_size=1, max_size=5).map("\n\n".join)


def stock_renderer(allow_html: bool) -> MarkdownRenderer:
    renderer = MarkdownRenderer(allow_html)
    renderer.md.core.ruler.at("inline", stock_inline)
    return renderer


RENDERERS = {allow: (MarkdownRenderer(allow), stock_renderer(allow)) for allow in (False, True)}


def tokens(renderer: MarkdownRenderer, body: str) -> list[dict[str, Any]]:
    return [token.as_dict() for token in renderer.md.parse(body, {"docId": "x"})]


@settings(max_examples=300, deadline=None)
@given(DOCUMENT, st.booleans())
def test_plain_text_shortcut_matches_markdown_it(body: str, allow_html: bool) -> None:
    ours, stock = RENDERERS[allow_html]
    assert tokens(ours, body) == tokens(stock, body)
    assert ours.render(body, "x") == stock.render(body, "x")


def test_plain_text_skips_the_inline_parser_and_marked_up_text_does_not() -> None:
    renderer = MarkdownRenderer()
    parsed: list[str] = []
    parse = renderer.md.inline.parse

    def counting_parse(src: str, *args: Any) -> Any:
        parsed.append(src)
        return parse(src, *args)

    renderer.md.inline.parse = counting_parse  # type: ignore[method-assign]
    body = "Plain words, with commas.\n\n| Metric | Before |\n| --- | --- |\n| p95 latency | 480 ms |\n\nNow *emphasis* and a follow-up."
    html = renderer.render(body).html
    assert parsed == ["Now *emphasis* and a follow-up."]
    assert html == (
        "<p>Plain words, with commas.</p>\n"
        "<table>\n<thead>\n<tr>\n<th>Metric</th>\n<th>Before</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>p95 latency</td>\n<td>480 ms</td>\n</tr>\n</tbody>\n</table>\n"
        "<p>Now <em>emphasis</em> and a follow-up.</p>\n"
    )
