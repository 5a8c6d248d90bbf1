"""The Markdown renderer's shortcuts give what markdown-it's own steps give, token for
token: plain text without the inline parser, and no normalizing, HTML rules or task list
step where a body cannot need them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_core import inline as stock_inline
from markdown_it.rules_core import normalize as stock_normalize
from mdit_py_plugins.tasklists import tasklists_plugin

from goalfolio.bodylinks import Reference, reference_problems
from goalfolio.markdown import MarkdownRenderer, body_references, localize

WORDS = st.text(alphabet=st.sampled_from(list("ab Zé中 1.,;?'\"()|/!#$%&*+-:<=>@[\\]^_`{}~\t")), min_size=1, max_size=30)
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=3).map("\n".join)
TABLE = st.lists(st.lists(WORDS.filter(lambda cell: "|" not in cell and "\\" not in cell), min_size=2, max_size=2),
                 min_size=1, max_size=3).map(
    lambda rows: "| A | B |\n| --- | --- |\n" + "\n".join(f"| {left} | {right} |" for left, right in rows))
LIST = st.lists(WORDS, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {item}" for item in items))
HEADING = WORDS.map(lambda words: f"## {words}")
DOCUMENT = st.lists(st.one_of(PARAGRAPH, TABLE, LIST, HEADING), min_size=1, max_size=5).map("\n\n".join)
# Footnotes: references (`[^1]`, inline `^[...]`) among the words of a paragraph, and their
# definitions, some with a second paragraph; a reference may have no definition or the
# other way round.
NOTE_LABEL = st.sampled_from(["1", "2"])
INLINE_NOTE = WORDS.filter(lambda words: not set(words) & set("[]\\`<")).map("^[{}]".format)
NOTED_PARAGRAPH = st.lists(st.one_of(WORDS, NOTE_LABEL.map("[^{}]".format), INLINE_NOTE),
                           min_size=1, max_size=4).map("".join)
NOTE = st.tuples(NOTE_LABEL, PARAGRAPH, st.one_of(st.just(""), WORDS.map("\n\n    {}".format))).map(
    lambda note: f"[^{note[0]}]: {note[1]}{note[2]}")
FOOTNOTED_DOCUMENT = st.tuples(st.lists(st.one_of(PARAGRAPH, TABLE, LIST, HEADING, NOTED_PARAGRAPH, NOTE), max_size=4),
                               NOTED_PARAGRAPH, NOTE).flatmap(
    lambda parts: st.permutations([*parts[0], parts[1], parts[2]])).map("\n\n".join)


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


def unshortened_renderer(allow_html: bool) -> MarkdownRenderer:
    """The renderer with markdown-it's own steps back: `normalize` on every body, the HTML
    rules, which do nothing when `html` is off, and the task list step on every body."""
    renderer = stock_renderer(allow_html)
    core = renderer.md.core.ruler
    core.at("normalize", stock_normalize)
    renderer.md.enable(["html_block", "html_inline"])
    plugin = MarkdownIt().use(tasklists_plugin, label=True).core.ruler
    core.at("github-tasklists", dict(zip(plugin.get_active_rules(), plugin.getRules("")))["github-tasklists"])
    return renderer


UNSHORTENED = {allow: unshortened_renderer(allow) for allow in (False, True)}
# Line breaks of every kind, NULs, task markers in and out of list items, and raw HTML.
SHORTCUT_PIECES = ["\n", "\n", "\r", "\r\n", "\0", "- ", "* ", "1. ", "  ", "> ", "[ ] ", "[x] ", "[X]\t", "[ ]", "[y] ",
                   "[", "]", "x", "a b", "<div>", "</div>", "<b>", "</b>", "<!-- c -->", "<?p ?>", "<", ">", "`", "## ", "|", "---"]
SHORTCUT_BODY = st.lists(st.sampled_from(SHORTCUT_PIECES), min_size=1, max_size=24).map("".join)


@settings(max_examples=400, deadline=None)
@given(SHORTCUT_BODY, st.booleans())
def test_the_skipped_steps_change_nothing(body: str, allow_html: bool) -> None:
    ours, unshortened = RENDERERS[allow_html][0], UNSHORTENED[allow_html]
    assert tokens(ours, body) == tokens(unshortened, body)
    assert ours.render(body, "x") == unshortened.render(body, "x")


def test_line_breaks_nuls_and_task_lists_still_render_as_markdown_it_makes_them() -> None:
    body = "- [ ] draft\r\n- [x] sent\r\rNUL \0 here\n\n<b>raw</b>"
    assert MarkdownRenderer().render(body).html == (
        '<ul class="contains-task-list">\n'
        '<li class="task-list-item"><label><input class="task-list-item-checkbox" disabled="disabled" type="checkbox"> draft</label></li>\n'
        '<li class="task-list-item"><label><input class="task-list-item-checkbox" checked="checked" disabled="disabled" type="checkbox"> sent</label></li>\n'
        '</ul>\n<p>NUL \ufffd here</p>\n<p>&lt;b&gt;raw&lt;/b&gt;</p>\n'
    )


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


RIGHT_TO_LEFT_BODY = """## خطة العمل

- البند الأول
- English second
  - nested

1. خطوة

   Step in English.

> اقتباس
>
> A quote in English.

| اسم | 1 |
| --- | --- |
| Name | ٢ |

Ends in English, with عربي. ![שלום](a.png) [[x]]
"""


def test_each_block_of_a_right_to_left_body_takes_the_direction_of_its_first_letter() -> None:
    """A list of Arabic items kept its bullets at the left, a quote its rule, a table its
    first column. A block starting in English inside one in Arabic is marked too, and a
    block without a letter takes the one it is in; a cell without one (`1`, `٢`) says so,
    as the theme draws a cell's text in the direction of its first letter, and a text
    without one left to right. An image's description and a citation are not read (the
    page puts the cited title in later)."""
    assert MarkdownRenderer().render(RIGHT_TO_LEFT_BODY).html == (
        '<h2 id="خطة-العمل" dir="rtl">خطة العمل</h2>\n'
        '<ul dir="rtl">\n<li>البند الأول</li>\n<li>English second\n<ul dir="ltr">\n<li>nested</li>\n</ul>\n</li>\n</ul>\n'
        '<ol dir="rtl">\n<li>\n<p>خطوة</p>\n<p dir="ltr">Step in English.</p>\n</li>\n</ol>\n'
        '<blockquote dir="rtl">\n<p>اقتباس</p>\n<p dir="ltr">A quote in English.</p>\n</blockquote>\n'
        '<table dir="rtl">\n<thead>\n<tr>\n<th>اسم</th>\n<th dir="rtl">1</th>\n</tr>\n</thead>\n'
        '<tbody>\n<tr>\n<td>Name</td>\n<td dir="rtl">٢</td>\n</tr>\n</tbody>\n</table>\n'
        '<p>Ends in English, with عربي. <img src="gf-path:a.png" alt="שלום" /> <a class="citation" href="gf-cite:x">[[x]]</a></p>\n'
    )
    assert MarkdownRenderer().render("![שלום](a.png) [[x]] שלום\n").html == (
        '<p dir="rtl"><img src="gf-path:a.png" alt="שלום" /> <a class="citation" href="gf-cite:x">[[x]]</a> שלום</p>\n')


def test_a_cell_without_a_letter_says_its_tables_direction_where_that_is_right_to_left() -> None:
    """`٣٪` and `12` in an Arabic table were drawn left to right, at the left of their cells:
    the theme draws a cell's text in the direction of its first letter. A citation does not
    count (the browser does not read the cited title, a link set apart), and a cell in a
    left-to-right table is not marked."""
    body = "| البند | النسبة |\n|---|--:|\n| تحويل | ٣٪ |\n| 12 | [[x]] |\n\n| A | B |\n|---|---|\n| ١ | 2 |\n"
    assert MarkdownRenderer().render(body).html == (
        '<table dir="rtl">\n<thead>\n<tr>\n<th>البند</th>\n<th style="text-align:right">النسبة</th>\n</tr>\n</thead>\n'
        '<tbody>\n<tr>\n<td>تحويل</td>\n<td style="text-align:right" dir="rtl">٣٪</td>\n</tr>\n'
        '<tr>\n<td dir="rtl">12</td>\n<td style="text-align:right" dir="rtl"><a class="citation" href="gf-cite:x">[[x]]</a></td>\n'
        '</tr>\n</tbody>\n</table>\n'
        '<table>\n<thead>\n<tr>\n<th>A</th>\n<th>B</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>١</td>\n<td>2</td>\n'
        '</tr>\n</tbody>\n</table>\n')


def test_a_list_item_without_a_letter_says_its_lists_direction_where_that_is_right_to_left() -> None:
    """`- ٣٪` and `- 12` in an Arabic list were drawn left to right, at the left, with the
    bullets at the right: the theme draws an item's text in the direction of its first
    letter. An item is read by its own first paragraph, not a nested list after it, and a
    citation does not count; an item starting in English, an empty one and one in a
    left-to-right list are not marked."""
    body = ("- البند\n- ٣٪\n- 12\n  - English\n  - ٤\n- Growth!\n-\n- ٣ [[x]]\n\n"
            "1. عربي\n\n2. ٣٪\n\n   Step.\n\n- A\n- ١\n")
    assert MarkdownRenderer().render(body).html == (
        '<ul dir="rtl">\n<li>البند</li>\n<li dir="rtl">٣٪</li>\n'
        '<li dir="rtl">12\n<ul dir="ltr">\n<li>English</li>\n<li>٤</li>\n</ul>\n</li>\n<li>Growth!</li>\n<li></li>\n'
        '<li dir="rtl">٣ <a class="citation" href="gf-cite:x">[[x]]</a></li>\n</ul>\n'
        '<ol dir="rtl">\n<li>\n<p>عربي</p>\n</li>\n<li dir="rtl">\n<p>٣٪</p>\n<p dir="ltr">Step.</p>\n</li>\n</ol>\n'
        '<ul>\n<li>A</li>\n<li>١</li>\n</ul>\n')


def test_the_footnotes_list_takes_the_direction_of_its_first_letter() -> None:
    """Arabic footnotes kept their numbers at the left: the footnote plugin's list had no
    direction. A footnote in English inside it is marked as a paragraph is, and English
    footnotes under an Arabic text keep the page's direction."""
    arabic = MarkdownRenderer().render("Text.[^1] ^[حاشية ثانية]\n\n[^1]: هذه حاشية.\n\n    A second paragraph.\n", "e")
    assert arabic.html == (
        '<p>Text.<sup class="footnote-ref"><a href="#fn-e-1" id="fnref-e-1">[1]</a></sup> '
        '<sup class="footnote-ref"><a href="#fn-e-2" id="fnref-e-2">[2]</a></sup></p>\n'
        '<hr class="footnotes-sep" />\n<section class="footnotes" dir="rtl">\n<ol class="footnotes-list">\n'
        '<li id="fn-e-1" class="footnote-item"><p>هذه حاشية.</p>\n'
        '<p dir="ltr">A second paragraph. <a href="#fnref-e-1" class="footnote-backref">↩︎</a></p>\n</li>\n'
        '<li id="fn-e-2" class="footnote-item"><p>حاشية ثانية <a href="#fnref-e-2" class="footnote-backref">↩︎</a></p>\n'
        '</li>\n</ol>\n</section>\n')
    english = MarkdownRenderer().render("نص.[^1]\n\n[^1]: A note.\n", "e")
    assert english.html == (
        '<p dir="rtl">نص.<sup class="footnote-ref"><a href="#fn-e-1" id="fnref-e-1">[1]</a></sup></p>\n'
        '<hr class="footnotes-sep" />\n<section class="footnotes">\n<ol class="footnotes-list">\n'
        '<li id="fn-e-1" class="footnote-item"><p>A note. <a href="#fnref-e-1" class="footnote-backref">↩︎</a></p>\n'
        '</li>\n</ol>\n</section>\n')


def test_a_top_level_block_without_a_letter_takes_the_direction_of_the_block_with_one_before_it() -> None:
    """`٤٥٪`, `12` and `—` between Arabic paragraphs stood at the left and ran left to right:
    the theme runs a paragraph in the direction of its first letter, and one without left
    to right whatever its `dir`; so did `## ٢٠٢٦`. Such a block takes the direction of the
    nearest block before it with a letter, or, with none before it, after it; a quote or
    list without a letter too, and its paragraphs and items then take theirs."""
    body = "١٢\n\nمرحبا بكم.\n\n٤٥٪\n\n## ٢٠٢٦\n\n—\n\n> ١٢\n\n- ١\n- 2\n\nنص آخر.\n"
    assert MarkdownRenderer().render(body, "e").html == (
        '<p dir="rtl" class="no-letter">١٢</p>\n<p dir="rtl">مرحبا بكم.</p>\n<p dir="rtl" class="no-letter">٤٥٪</p>\n'
        '<h2 id="e-٢٠٢٦" dir="rtl" class="no-letter">٢٠٢٦</h2>\n<p dir="rtl" class="no-letter">—</p>\n'
        '<blockquote dir="rtl">\n<p dir="rtl" class="no-letter">١٢</p>\n</blockquote>\n'
        '<ul dir="rtl">\n<li dir="rtl">١</li>\n<li dir="rtl">2</li>\n</ul>\n<p dir="rtl">نص آخر.</p>\n')


def test_a_block_without_a_letter_after_a_left_to_right_one_is_left_as_it_was() -> None:
    """In a body of Arabic and English, a block without a letter takes the direction of the
    block with one before it: `12` after English gets nothing, as in an English body,
    `١٢` and `—` after Arabic run right to left, and a body's first block without a letter
    takes the direction of the first with one."""
    body = "مرحبا.\n\n١٢\n\nIn English.\n\n12\n\n- 3\n\nعربي.\n\n—\n"
    assert MarkdownRenderer().render(body).html == (
        '<p dir="rtl">مرحبا.</p>\n<p dir="rtl" class="no-letter">١٢</p>\n<p>In English.</p>\n<p>12</p>\n'
        '<ul>\n<li>3</li>\n</ul>\n<p dir="rtl">عربي.</p>\n<p dir="rtl" class="no-letter">—</p>\n')
    assert MarkdownRenderer().render("12\n\nIn English.\n\nعربي.\n").html == (
        '<p>12</p>\n<p>In English.</p>\n<p dir="rtl">عربي.</p>\n')


def test_a_paragraph_without_a_letter_in_a_right_to_left_quote_runs_right_to_left() -> None:
    """`٤٥٪` after an Arabic paragraph of a quote stood at the left of the quote, whose rule
    is at the right, and ran left to right. A paragraph without a letter takes the direction
    of the block it is in, even after an English one there; in an English quote it gets
    nothing."""
    body = "> اقتباس.\n>\n> ٤٥٪\n>\n> A quote in English.\n>\n> 12\n\n> English.\n>\n> ١٢\n"
    assert MarkdownRenderer().render(body).html == (
        '<blockquote dir="rtl">\n<p>اقتباس.</p>\n<p dir="rtl" class="no-letter">٤٥٪</p>\n'
        '<p dir="ltr">A quote in English.</p>\n<p dir="rtl" class="no-letter">12</p>\n</blockquote>\n'
        '<blockquote>\n<p>English.</p>\n<p>١٢</p>\n</blockquote>\n')


def test_a_footnote_without_a_letter_runs_right_to_left_among_arabic_ones() -> None:
    """A footnote of `٤٥٪` among Arabic footnotes stood at the left and ran left to right,
    its number at the right; so did a footnote's second paragraph of `١٢`. Footnotes none
    of which has a letter take the direction of the body's last block with one."""
    body = "نص.[^1][^2]\n\n[^1]: حاشية.\n\n    ١٢\n\n[^2]: ٤٥٪\n"
    assert MarkdownRenderer().render(body, "e").html == (
        '<p dir="rtl">نص.<sup class="footnote-ref"><a href="#fn-e-1" id="fnref-e-1">[1]</a></sup>'
        '<sup class="footnote-ref"><a href="#fn-e-2" id="fnref-e-2">[2]</a></sup></p>\n'
        '<hr class="footnotes-sep" />\n<section class="footnotes" dir="rtl">\n<ol class="footnotes-list">\n'
        '<li id="fn-e-1" class="footnote-item"><p>حاشية.</p>\n'
        '<p dir="rtl" class="no-letter">١٢ <a href="#fnref-e-1" class="footnote-backref">↩︎</a></p>\n</li>\n'
        '<li id="fn-e-2" class="footnote-item"><p dir="rtl" class="no-letter">٤٥٪ '
        '<a href="#fnref-e-2" class="footnote-backref">↩︎</a></p>\n</li>\n</ol>\n</section>\n')
    assert MarkdownRenderer().render("نص.[^1]\n\n[^1]: 12\n", "e").html == (
        '<p dir="rtl">نص.<sup class="footnote-ref"><a href="#fn-e-1" id="fnref-e-1">[1]</a></sup></p>\n'
        '<hr class="footnotes-sep" />\n<section class="footnotes" dir="rtl">\n<ol class="footnotes-list">\n'
        '<li id="fn-e-1" class="footnote-item"><p dir="rtl" class="no-letter">12 '
        '<a href="#fnref-e-1" class="footnote-backref">↩︎</a></p>\n</li>\n</ol>\n</section>\n')


@settings(max_examples=300, deadline=None)
@given(FOOTNOTED_DOCUMENT)
def test_a_body_without_a_right_to_left_letter_renders_as_it_did_byte_for_byte(body: str) -> None:
    undirected = MarkdownRenderer()
    undirected.md.core.ruler.disable("block_direction")
    assert MarkdownRenderer().render(body, "x") == undirected.render(body, "x")


BODY = """## Café & Bar!

See [[ev-one ]] and [deck](assets/my%20deck.pdf), ![chart](./assets/c.png "t") and [lead](goals/lead/).
[x](../assets/a.pdf) [y](/abs) [z](https://ex.org) [w](#top)

## ___
"""


def test_a_body_renders_with_placeholders_anchors_under_its_id_and_located_references() -> None:
    rendered = MarkdownRenderer().render(BODY, "g1")
    assert rendered.html == (
        '<h2 id="g1-café-bar">Café &amp; Bar!</h2>\n'
        '<p>See <a class="citation" href="gf-cite:ev-one">[[ev-one]]</a> and <a href="gf-path:assets/my%20deck.pdf">deck</a>, '
        '<img src="gf-path:assets/c.png" alt="chart" title="t" /> and <a href="gf-path:goals/lead/">lead</a>.\n'
        '<a href="gf-path:assets/a.pdf">x</a> <a href="/abs">y</a> <a href="https://ex.org">z</a> <a href="#top">w</a></p>\n'
        '<h2 id="g1-section">___</h2>\n'
    )
    assert rendered.references == [
        Reference("link", "assets/my%20deck.pdf", 3, 28), Reference("image", "./assets/c.png", 3, 60),
        Reference("link", "goals/lead/", 3, 91), Reference("link", "../assets/a.pdf", 4, 5), Reference("link", "/abs", 4, 26),
        Reference("link", "https://ex.org", 4, 36), Reference("link", "#top", 4, 56),
    ]
    assert MarkdownRenderer().render("## Café & Bar!\n").html == '<h2 id="café-bar">Café &amp; Bar!</h2>\n'


def test_localize_puts_each_pages_links_in_place_of_the_placeholders() -> None:
    rendered = MarkdownRenderer(allow_html=True).render('[a](goals/x/) [[c1]] <b title="[[c2]]">gf-path:t</b>', "d")
    assert rendered.html == ('<p><a href="gf-path:goals/x/">a</a> <a class="citation" href="gf-cite:c1">[[c1]]</a> '
                             '<b title="\0gf-cite-text:c2\0">gf-path:t</b></p>\n')
    localized = localize(rendered.html, lambda target: f"<C {target}>", lambda path: f"../{path}", lambda target: f"T {target}")
    assert localized == '<p><a href="../goals/x/">a</a> <C c1> <b title="T c2">gf-path:t</b></p>\n'
    assert localize("<p>no placeholder</p>", str.upper, str.upper, str.upper) == "<p>no placeholder</p>"


def test_raw_html_names_its_files_where_they_are_written() -> None:
    body = '<img src="/x.png"> [[a]]\n<p title="[[b]]">\n<img srcset="a.png 1x, b.png 2x"\n  src=\'c.png\'>\n</p>\n'
    assert MarkdownRenderer(allow_html=True).render(body, "d").references == [
        Reference("html", "/x.png", 1, 11, "src"), Reference("html", "a.png", 3, 14, "srcset"),
        Reference("html", "b.png", 3, 24, "srcset"), Reference("html", "c.png", 4, 8, "src"),
    ]
    assert body_references(body, allow_html=False) == []


def test_each_broken_link_is_reported_at_its_target_in_the_file() -> None:
    body = ("Intro [deck](assets/deck.pdf) ![gone](assets/gone.png) [root](/goals/x/)\n"
            "[cv](cv.pdf) [page](goals/nope/) [hid](goals/secret/) [ok](https://ex.org)\n"
            '<img src="/assets/deck.pdf"> <a href="/goals/x/">x</a> <a href="goals/secret/">s</a> <a href="goals/nope/">n</a>\n')

    def page_problem(target: str) -> tuple[str, str, str] | None:
        if target.startswith("goals/secret"):
            return "hidden-link", f"hidden {target}", "h"
        return ("no-page", f"no page {target}", "h2") if target.startswith("goals/nope") else None

    markdown = [
        "a.md:5:39: error: the image `assets/gone.png` is not in content/assets/\n"
        "    hint: put the file at content/assets/gone.png, or correct the path",
        "a.md:5:63: error: the link `/goals/x/` starts with `/`, which breaks under a /repo/ prefix and from disk\n"
        "    hint: cite items with [[id]], or write the path from the site root without the `/`: `goals/x/`",
        "a.md:6:6: error: the file `cv.pdf` is not in content/assets/, and the site has no other file of that name\n"
        "    hint: put the file in content/assets/ and write its path as `assets/cv.pdf`",
        "a.md:6:21: error: no page goals/nope/\n    hint: h2",
        "a.md:6:40: error: hidden goals/secret/\n    hint: h",
    ]
    raw_html = [
        "a.md:7:11: error: the link `/assets/deck.pdf` starts with `/`, which breaks under a /repo/ prefix and from disk\n"
        "    hint: raw HTML is written as it is, on pages at several depths: write it in Markdown, `![text](assets/deck.pdf)`, "
        "with the file in content/assets/",
        "a.md:7:39: error: the link `/goals/x/` starts with `/`, which breaks under a /repo/ prefix and from disk\n"
        "    hint: raw HTML is written as it is, on pages at several depths: write it in Markdown, `[text](goals/x/)`, "
        "which every page rewrites to lead from itself",
        "a.md:7:65: error: hidden goals/secret/\n    hint: h",
    ]

    def found(allow_html: bool, shown: bool) -> list[str]:
        references = body_references(body, allow_html)
        return [d.format() for d in reference_problems("a.md", 5, references, {"deck.pdf"}, page_problem, shown)]

    assert found(False, True) == markdown
    assert found(True, True) == markdown + raw_html
    assert found(True, False) == markdown + raw_html[2:]
    assert [d.format() for d in reference_problems("a.md", 1, body_references("[p](goals/nope/)", False), set())] == []


def test_citations_sit_inside_emphasis_only_levels_two_to_four_get_ids_and_a_target_may_start_a_line() -> None:
    renderer = MarkdownRenderer()
    assert renderer.render("*see [[x]] here*", "g").html == '<p><em>see <a class="citation" href="gf-cite:x">[[x]]</a> here</em></p>\n'
    assert renderer.render("# Top\n\n#### Four\n\n##### Deep\n", "g").html == '<h1>Top</h1>\n<h4 id="g-four">Four</h4>\n<h5>Deep</h5>\n'
    assert renderer.render("[deck](\nassets/deck.pdf)").references == [Reference("link", "assets/deck.pdf", 2, 1)]


def test_an_images_text_shows_a_citation_as_written_as_the_docs_and_check_say() -> None:
    """An image's text is no citation (no backlink, and `check` warns of a hidden id there
    as "shown as written"): markdown-it's text of the description left `[[id]]` out."""
    assert MarkdownRenderer().render("![a [[ x ]] & *b*](assets/c.png)", "g").html == (
        '<p><img src="gf-path:assets/c.png" alt="a [[ x ]] &amp; b" /></p>\n')


def test_a_link_in_an_inline_footnote_is_reported_where_it_is_written() -> None:
    """markdown-it moves an inline footnote's text (`^[...]`) to the end of the body and
    gives it no line: its broken link was reported at the body's first line and column."""
    body = "Intro.\n\nText ^[see [deck](assets/gone.pdf)]\nand more.\n"
    references = MarkdownRenderer().render(body).references
    assert references == [Reference("link", "assets/gone.pdf", 3, 19)]
    assert [d.format() for d in reference_problems("a.md", 5, references, set())] == [
        "a.md:7:19: error: the file `assets/gone.pdf` is not in content/assets/\n"
        "    hint: put the file at content/assets/gone.pdf, or correct the path"]


@pytest.mark.parametrize(("body", "expected"), [
    ("The deck assets/gone.pdf is linked: [deck](assets/gone.pdf)\n", [("link", 1, 44)]),
    ("[a](assets/gone.pdf), assets/gone.pdf and [b](assets/gone.pdf)\n", [("link", 1, 5), ("link", 1, 47)]),
    ("See my deck.pdf\nor [deck](<my deck.pdf>)\n", [("link", 2, 12)]),
    ("A deck.pdf here.\n\nNo opening [x][r]\n\n[r]: deck.pdf\n", [("link", 3, 1)]),
])
def test_a_link_is_placed_where_it_opens_its_target_not_where_the_text_names_it_first(
        body: str, expected: list[tuple[str, int, int]]) -> None:
    """The target's text written earlier in the paragraph (`deck.pdf is here: [deck](deck.pdf)`)
    took the link's place: a broken link was reported where the text only named it."""
    found = [(r.kind, r.line, r.column) for r in MarkdownRenderer().render(body).references]
    assert found == expected
