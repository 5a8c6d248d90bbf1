"""Excerpts and first sentences read only up to the first paragraph; they must equal the
plain definitions: split the whole body into paragraphs and take the first one (for
excerpts, once heading, table, image and, with `allow_html`, lines starting an HTML block
are dropped, as markdown-it tells one)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_block.html_block import HTML_SEQUENCES

from goalfolio.excerpts import (
    excerpt,
    first_sentence,
    plain_text,
    sentence_of,
    shorten,
    with_titles,
)
from goalfolio.markdown import parse_tokens


def reference_first_sentence(body: str, allow_html: bool = False) -> str:
    """The plain definition of which paragraph is read; its text is cleaned as the code does."""
    paragraph = next((p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()), "")
    return sentence_of(plain_text(paragraph, allow_html))


def without_fenced_code(lines: list[str]) -> list[str]:
    """Each fence line and what lies between it and the next line of only its character,
    at least as many, or the end."""
    kept, fence = [], None
    for line in lines:
        opening = re.match(r"\s*(?:(?:[-*+]|\d+[.)])\s+)*(`{3,}|~{3,})(.*)", line)
        if fence is None and opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = opening.group(1)
        elif fence is not None:
            fence = None if re.fullmatch(rf"\s*{re.escape(fence)}{re.escape(fence[0])}*\s*", line) else fence
        else:
            kept.append(line)
    return kept


def without_html_blocks(lines: list[str]) -> list[str]:
    """Each line that starts an HTML block by markdown-it's own conditions for one, those
    that may not interrupt a paragraph (a lone tag) only where no paragraph goes on: after
    no text, or a blank line; and the lines of a block that ends at an end marker rather
    than a blank line (a comment, `<script>`), up to the one holding it."""
    kept, in_paragraph, end = [], False, None
    for line in lines:
        stripped = line.lstrip()
        if end is not None:
            end = None if end.search(stripped) else end
            continue
        start = next((sequence for sequence in HTML_SEQUENCES if sequence[0].search(stripped)), None)
        if start is not None and (start[2] or not in_paragraph):
            if not start[1].search("") and not start[1].search(stripped):
                end = start[1]
            continue
        kept.append(line)
        if not stripped:
            in_paragraph = False
        elif not stripped.startswith(("#", "|", "!")):
            in_paragraph = True
    return kept


def reference_excerpt(body: str, allow_html: bool = False) -> str:
    lines = without_fenced_code(body.splitlines())
    if allow_html:
        lines = without_html_blocks(lines)
    kept = "\n".join(line for line in lines if not line.lstrip().startswith(("#", "|", "!")))
    return reference_first_sentence(kept, allow_html)


LINES = st.sampled_from([
    "", " ", "\t", "# Heading", "  ## Indented heading", "| a | b |", "|---|---|", "![chart](assets/c.png)",
    "<div>", "</span>", "<b>Bold</b> words.", "<https://x.org> here.", "Plain words here.", "Two sentences. Second one!", "- a list item", "  + nested item",
    "A [link](https://example.com) and [[goal-id]].", "Shipped ([[a]], [[b]]) on time.", "(see [[a]])",
    "*Emphasis* and `code`", "> a quote.", "no stop",
    "Trailing spaces.   ", "\u2028", "x\x0cy", "Ünïcode wörds?", "```", "```python", "~~~", "````", "print(2 * 3)",
    "```npm i``` runs it.", "- ```sh",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_excerpt_matches_the_reference_definition(lines: list[str], newline: str, allow_html: bool) -> None:
    body = newline.join(lines)
    assert excerpt(body, allow_html) == reference_excerpt(body, allow_html)


def test_excerpt_skips_headings_tables_and_images() -> None:
    body = "# Title\n\n| a | b |\n|---|---|\n\n![x](assets/x.png)\n\nShipped the *new* flow. Then more.\n\nLater text."
    assert excerpt(body) == "Shipped the new flow."


def test_excerpt_skips_fenced_code() -> None:
    """A body of only code has no excerpt: it read `python print('x' 300) # y`, the language
    taken for a word and the `*` for emphasis. A longer fence is closed only by as long a one."""
    assert excerpt("```python\nprint('x' * 300)  # y\n```\n") == ""
    assert excerpt("~~~~\ncode\n~~~\nstill code\n~~~~~\n\nShipped it. Then more.") == "Shipped it."


def test_excerpt_reads_inline_code_of_three_backticks_and_skips_a_fence_after_a_list_marker() -> None:
    """A backtick fence's info string holds no backtick, so "```npm i``` ..." is inline code:
    taken for a fence never closed, it hid the rest of the body. A fence may open a list item."""
    assert excerpt("```npm install``` is all it takes. More.\n\nOther.") == "npm install is all it takes."
    assert excerpt("- ```sh\n  make\n  ```\n\nAfter the list.") == "After the list."
    assert excerpt("1. ~~~\n   make\n   ~~~\n\nAfter the list.") == "After the list."
    assert excerpt("~~~ a`b\ncode\n~~~\nAfter the fence.") == "After the fence."


def test_excerpt_joins_lines_of_one_paragraph() -> None:
    assert excerpt("\n\nFirst line\ncontinues here. Next.\n\nOther.") == "First line continues here."


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?#|<>![]()*-+ \t\n\r\x0b\x0c\u2028\u00a0")), max_size=80), st.booleans())
def test_excerpt_matches_the_reference_on_any_text(body: str, allow_html: bool) -> None:
    assert excerpt(body, allow_html) == reference_excerpt(body, allow_html)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?#|<>![]()*-+ \t\n\r\x0b\x0c\u2028\u00a0")), max_size=80))
def test_first_sentence_matches_the_reference_on_any_text(body: str) -> None:
    assert first_sentence(body) == reference_first_sentence(body)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_first_sentence_matches_the_reference_on_markdown_lines(lines: list[str], newline: str) -> None:
    body = newline.join(lines)
    assert first_sentence(body) == reference_first_sentence(body)


def test_first_sentence_stops_at_the_first_blank_line() -> None:
    assert first_sentence("\n  Shipped it\nfast\n \t\nLater. More.") == "Shipped it fast"


def test_a_bare_list_marker_before_more_text_is_still_a_list_marker() -> None:
    # Found by Hypothesis: splitting the whole text keeps the paragraph's trailing space.
    for body in ("- \r\r>", "- \n\nMore."):
        assert excerpt(body) == reference_excerpt(body) == ""
    assert excerpt("- ") == reference_excerpt("- ") == "-"
    # Followed only by lines an excerpt leaves out, the marker is the body's last text, as in "- ".
    assert excerpt("- \n\n# Notes\n\n| a |") == reference_excerpt("- \n\n# Notes\n\n| a |") == "-"
    # So is it before a lone tag, which after a blank line starts an HTML block.
    assert excerpt("- \n\n</span>", True) == reference_excerpt("- \n\n</span>", True) == "-"


def test_brackets_holding_only_citations_are_left_out() -> None:
    assert excerpt("## Context\n\nThe pilot ([[pilot]]; [[memo]]) went well. More.") == "The pilot went well."


def titled(text: str) -> str:
    return with_titles(text, lambda item_id: f"<{item_id}>")


def test_a_citation_in_a_sentence_is_kept_as_a_mark_that_becomes_the_title() -> None:
    body = "Building on [[stretch-project]], activation held at 38%. More."
    assert excerpt(body) == "Building on \ufdd0stretch-project\ufdd1, activation held at 38%."
    assert titled(excerpt(body)) == "Building on <stretch-project>, activation held at 38%."
    assert titled(first_sentence("The work in [[a]] and [see [[b]]](https://x.example) changed how we plan. Then.")) \
        == "The work in <a> and see <b> changed how we plan."
    assert titled(first_sentence("Ends with [[a]]. Then [[b]].")) == "Ends with <a>."


def test_an_escaped_citation_and_marks_in_the_text_are_text() -> None:
    assert titled(first_sentence("Written as \\[[a]] here. More.")) == "Written as [[a]] here."
    assert titled(first_sentence("No \ufdd0mark\ufdd1 &#xfdd0;here&#xfdd1; [[a]]. More.")) == "No mark here <a>."


def test_the_limit_counts_the_titles_and_is_applied_once_they_are_in() -> None:
    sentence = first_sentence("Built on [[a]] " + "x " * 110 + "done.")
    assert len(sentence) == 238 and sentence.endswith("x done.")
    assert with_titles(sentence, lambda _: "A") == "Built on A " + "x " * 110 + "done."
    cut = with_titles(sentence, lambda _: "A much longer title")
    assert cut == "Built on A much longer title " + "x " * 104 + "x\u2026" and len(cut) == 239
    assert with_titles(first_sentence("Per [[a]] it worked. More."), lambda _: "Plan B. It") == "Per Plan B. It it worked."


def test_a_sentence_does_not_end_at_an_abbreviation_or_an_initial() -> None:
    assert first_sentence("She worked with Dr. Smith on the launch. More.") == "She worked with Dr. Smith on the launch."
    assert first_sentence("Checkout conversion rose 3.5 percent, e.g. on mobile. Then.") == (
        "Checkout conversion rose 3.5 percent, e.g. on mobile.")
    assert [first_sentence(text) for text in [
        "Met J. R. Doe and Mrs. Lee (Prof. Kim too) at St. Mary's vs. Acme Inc. in May. Next.",
        "Shipped i.e. released it, approx. two weeks early, incl. docs. Next.",
        "Worked at Acme Ltd. and Foo Co. for years, etc. and more. Next.",
        "Ticket No. 5 closed. Next.",
    ]] == [
        "Met J. R. Doe and Mrs. Lee (Prof. Kim too) at St. Mary's vs. Acme Inc. in May.",
        "Shipped i.e. released it, approx. two weeks early, incl. docs.",
        "Worked at Acme Ltd. and Foo Co. for years, etc. and more.",
        "Ticket No. 5 closed.",
    ]


def test_a_sentence_ends_where_the_next_one_starts() -> None:
    assert [sentence_of(text) for text in [
        "Shipped it. then kept going. Done.", "Grew 3.5x. 40% more. Then.", 'He said "Go." Then we went.',
        "Asked why? (Nobody knew.) Then.", "We won! \u201cGreat,\u201d they said.", "No stop at all", "Wait... Then.",
    ]] == [
        "Shipped it. then kept going.", "Grew 3.5x.", 'He said "Go."', "Asked why?", "We won!", "No stop at all",
        "Wait...",
    ]


def test_sentences_in_other_scripts_end_at_their_stops() -> None:
    assert first_sentence("\u0421\u0434\u0435\u043b\u0430\u043b\u0438 \u0440\u0435\u043b\u0438\u0437. "
                          "\u0414\u0430\u043b\u044c\u0448\u0435.") == "\u0421\u0434\u0435\u043b\u0430\u043b\u0438 \u0440\u0435\u043b\u0438\u0437."
    assert first_sentence("\u9879\u76ee\u5b8c\u6210\u4e86\u3002\u7136\u540e\u7ee7\u7eed\u3002") == "\u9879\u76ee\u5b8c\u6210\u4e86\u3002"
    assert first_sentence("\u4e0a\u7ebf\u4e86. \u7136\u540e\u3002") == "\u4e0a\u7ebf\u4e86."
    assert first_sentence("\u597d\u3002\u518d\u89c1\u3002") == "\u597d\u3002"  # a sentence of one character


def test_a_german_day_and_abbreviation_do_not_end_a_sentence() -> None:
    assert [first_sentence(text) for text in [
        "Prüfung bestanden am 15. Juni 2026. Danach mehr.",
        "Seit dem 1. März leite ich das Team. Danach mehr.",
        "Der Umsatz stieg um ca. 20 % und bzw. Nr. 5 blieb. Danach mehr.",
        "Shipped in 2026. Then more.",
        "Finished 15. Then more.",
    ]] == [
        "Prüfung bestanden am 15. Juni 2026.",
        "Seit dem 1. März leite ich das Team.",
        "Der Umsatz stieg um ca. 20 % und bzw. Nr. 5 blieb.",
        "Shipped in 2026.",
        "Finished 15.",
    ]


def test_arabic_and_devanagari_stops_end_a_sentence() -> None:
    assert [first_sentence(text) for text in [
        "تحدثنا عن سوق العمل؟ نعم! وكانت مفيدة.",
        "اردو میں جملہ ختم ہوا۔ دوسرا جملہ۔",
        "परियोजना पूरी हुई। फिर आगे।",
    ]] == [
        "تحدثنا عن سوق العمل؟",
        "اردو میں جملہ ختم ہوا۔",
        "परियोजना पूरी हुई।",
    ]


def test_plain_text_keeps_what_a_reader_sees_and_nothing_else() -> None:
    body = ("Shipped C# tooling for AT&amp;T &copy; with snake_case_names, 5 > 3, a flow[^1], <b>bold</b>, ~~old~~ and"
            " *new* **words**, [a link](https://x.example) and [a reference][1] ([[a]], [[b]]). Then more.")
    assert first_sentence(body, allow_html=True) == ("Shipped C# tooling for AT&T \u00a9 with snake_case_names, 5 > 3, a flow, bold, old and"
                                     " new words, a link and a reference.")
    assert [first_sentence(b) for b in ["- [x] Called the recruiter. Then.", "1. First step. Then.", "> Quoted. More.",
                                         "Cost \\*not\\* emphasis."]] == [
        "Called the recruiter.", "First step.", "Quoted.", "Cost *not* emphasis.",
    ]
    assert excerpt("## Context\nThe story. More.") == "The story."


def test_an_html_comment_is_left_out_as_the_page_leaves_it_out() -> None:
    """With `allow_html`, a comment in a paragraph is not shown on the page, but it was in
    the card, the description, the feed and portfolio.json: a note to self, published."""
    body = "Cut the budget <!-- ask Jo about\nher [[secret]] offer --> by 8%. More.\n\nLater."
    assert (excerpt(body, True), first_sentence(body, True)) == ("Cut the budget by 8%.", "Cut the budget by 8%.")


def test_a_backslash_that_breaks_the_line_is_left_out_as_the_page_leaves_it_out() -> None:
    """A `\\` at the end of a line is a hard line break: the page shows none, but cards, the
    description, the feed and portfolio.json showed `First line\\ second line.`. At the end
    of a paragraph, or escaped (`\\\\`), it is a backslash, on the page too."""
    assert [first_sentence(body) for body in ["First line\\\nsecond line. More.", "A path C:\\\\\nthen text. More.",
                                               "Ends with a backslash\\\n\nNext."]] == [
        "First line second line.", "A path C:\\ then text.", "Ends with a backslash\\"]
    assert excerpt("Signed,\\\nthe team\\\n\nMore.") == "Signed, the team\\"


def test_a_sentence_of_240_characters_is_whole_and_a_longer_one_is_cut_at_a_word() -> None:
    assert titled(first_sentence("x " * 119 + "y.")) == "x " * 119 + "y."
    cut = titled(first_sentence("x " * 120 + "y."))
    assert cut == "x " * 118 + "x\u2026" and len(cut) <= 240


@pytest.mark.parametrize(("text", "kept"), [
    ("e\u0301" * 300, "e\u0301" * 119),  # a letter and its accent
    ("\U0001F468\u200d\U0001F469\u200d\U0001F467" * 100, "\U0001F468\u200d\U0001F469\u200d\U0001F467" * 47),  # a family
    ("\U0001F1F3\U0001F1F1" * 200, "\U0001F1F3\U0001F1F1" * 119),  # flags, two letters each
    ("\U0001F44D\U0001F3FD" * 200, "\U0001F44D\U0001F3FD" * 119),  # a thumb and its skin tone
    ("\U0001F44D\U0001F3FB" * 200, "\U0001F44D\U0001F3FB" * 119),  # the lightest skin tone
    ("xx" + "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F" * 50,
     "xx" + "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F" * 33),  # England's flag and its end tag
    ("\u4e2d" * 300, "\u4e2d" * 239),  # characters of one code point each
    ("e" + "\u0301" * 300, ""),  # no character starts after the first
    ("\u0301" * 300, ""),
    ("\u2764\ufe0f" * 200, "\u2764\ufe0f" * 119),  # a heart shown as an emoji
    ("x" * 238 + "e\u0301\u0302", "x" * 238),
])
def test_a_text_without_spaces_is_cut_between_characters_as_read(text: str, kept: str) -> None:
    """Cut at 239 code points, a description or feed summary in CJK or emoji ended in a bare
    accent, half a flag or a joiner: `👨‍👩‍` then `…`."""
    assert shorten(text) == kept + "\u2026"



def test_every_citation_not_escaped_becomes_a_mark_wherever_it_is() -> None:
    """Derived text never shows an id as written: a paragraph cut out of its body cannot
    tell for sure what the body reads as code or as a footnote, and the id may be a
    private item's."""
    assert plain_text("The `[[a]]` notes, ![a [[b]] sketch](assets/x.png), [the [[c]] page](https://x.org), "
                      "\\[[d]] and \\\\[[e]].") == \
        "The \ufdd0a\ufdd1 notes, a \ufdd0b\ufdd1 sketch, the \ufdd0c\ufdd1 page, [[d]] and \\\ufdd0e\ufdd1."


def test_text_in_angle_brackets_that_a_page_shows_is_kept() -> None:
    """Every `<x…>` was taken for an HTML tag and left out: an autolink the page shows as
    its address, a code span's tag and an escaped `\\<div\\>` were missing from cards,
    descriptions and feed summaries ("See or & a c", "Use \\ tags")."""
    assert plain_text("See <https://example.com/a> or <me@example.com> & `a <b> c`, \\<div\\> and <i>this</i>.", True) == \
        "See https://example.com/a or me@example.com & a <b> c, <div> and this."
    assert plain_text("A backslash \\\\<b>then bold</b>, ``x <br> y`` and <span class=\"k\">k</span>.", True) == \
        "A backslash \\then bold, x <br> y and k."


def test_a_paragraph_starting_with_an_autolink_is_read() -> None:
    """A line starting with `<` was left out as HTML, so an evidence body opening with an
    autolink gave its card and description no text at all."""
    assert excerpt("<https://blog.example/post> is where I wrote it up. More.") == "https://blog.example/post is where I wrote it up."
    assert excerpt("<me@example.com> asked for it. More.") == "me@example.com asked for it."
    assert excerpt("<div class=\"note\">Left out.</div>\n\nThe text. More.", allow_html=True) == "The text."


def test_without_allow_html_text_in_angle_brackets_is_shown_as_written() -> None:
    """Without `markdown.allow_html` a page shows `x<y>z` as written, but the card, the
    description, the feed and portfolio.json showed `xz`: the user's `<y>` silently gone.
    A comment and an HTML line are text there too; an autolink still reads as its address."""
    assert plain_text("Compared x<y>z, Vec<T> and <b>bold</b> <!-- a [[note]] --> with <https://x.org>.") == \
        "Compared x<y>z, Vec<T> and <b>bold</b> <!-- a \ufdd0note\ufdd1 --> with https://x.org."
    assert excerpt("Used <Ctrl> keys. More.") == "Used <Ctrl> keys."
    assert excerpt("<div class=\"note\">Shown.</div>\n\nThe text. More.") == "<div class=\"note\">Shown.</div>"
    assert excerpt("I like\n<b>bold</b> things. More.") == "I like <b>bold</b> things."


@pytest.mark.parametrize(("body", "shown"), [
    # No HTML block: a tag in a line's text, at a paragraph's start or inside one.
    ("I like\n<b>bold</b> things. More.", "I like bold things."),
    ('<a href="https://x.org">The write-up</a> went out. More.', "The write-up went out."),
    ("<3 and <br> then more. Next.", "<3 and then more."),
    # A lone tag (CommonMark's seventh kind) starts a block where no paragraph goes on.
    ('I like\n<span class="lead">\nthings. More.', "I like things."),
    ('<span class="lead">\n\nThe text. More.', "The text."),
    ("Some text\n\n</span>\n\nThe rest.", "Some text"),
    # The other six kinds start a block anywhere, a paragraph's middle too.
    ("I like\n<div>\nthings. More.", "I like things."),
    ('I like\n   <DIV class="box">\nthings.', "I like things."),
    ("I like\n</table>\nthings.", "I like things."),
    ("I like\n<!-- a note -->\nthings.", "I like things."),
    ("I like\n<script>track()</script>\nthings.", "I like things."),
    ("I like\n<pre>x</pre>\nthings.", "I like things."),
    ("I like\n<?php echo 1 ?>\nthings.", "I like things."),
    ("I like\n<!DOCTYPE html>\nthings.", "I like things."),
    ("I like\n<![CDATA[ x ]]>\nthings.", "I like things."),
    ("<div>a box</div>\n\nThe text.", "The text."),
])
def test_a_line_of_html_is_left_out_only_where_it_starts_an_html_block(body: str, shown: str) -> None:
    """Every line starting with `<` was left out, though one that starts no HTML block there
    is a paragraph's text on the page: "I like" then "<b>bold</b> things." made the card
    "I like", and a body opening with a link in a tag had no excerpt at all."""
    assert excerpt(body, allow_html=True) == shown


def ends_at_a_blank_line(html_block: str) -> bool:
    """Whether markdown-it ends this HTML block at a blank line (a block-level or lone tag)
    rather than at an end marker (a comment, `<script>` and the like)."""
    first_line = html_block.split("\n", 1)[0].lstrip()
    return next(sequence for sequence in HTML_SEQUENCES if sequence[0].search(first_line))[1].search("") is not None


def inline_text(children: list[Any]) -> str:
    """What a paragraph shows as text: its text and code, a space for a line break, no tags."""
    shown = {"text": None, "text_special": None, "code_inline": None, "softbreak": " ", "hardbreak": " "}
    return "".join(child.content if shown[child.type] is None else shown[child.type]
                   for child in children if child.type in shown)


def shown_first_paragraph(body: str) -> str:
    """The text of a body's first paragraph as the page's parser reads it with HTML, by the
    excerpt's rules: paragraphs go on up to a blank line, over HTML blocks left out; and of an
    HTML block that ends at a blank line only its first line is left out, so what follows it
    is read again as if that line were not there."""
    lines = body.split("\n")
    texts: list[str] = []
    start = last = 0
    while start < len(lines):
        tokens = parse_tokens("\n".join(lines[start:]), allow_html=True)
        blocks = [(index, token) for index, token in enumerate(tokens)
                  if token.level == 0 and token.type in ("paragraph_open", "html_block")]
        restart = None
        for index, token in blocks:
            first, end = start + token.map[0], start + token.map[1]
            if texts and first > last:
                return " ".join(texts)
            if token.type == "paragraph_open":
                texts.append(inline_text(tokens[index + 1].children))
            elif end - first > 1 and ends_at_a_blank_line(token.content):
                restart = end = first + 1
            last = end
            if restart is not None:
                break
        if restart is None:
            break
        start = restart
    return " ".join(texts)


# Text lines, some starting with a tag; lone tags; lines starting the other kinds of HTML block.
TEXT_AND_HTML_LINES = st.sampled_from([
    "", "  ", "plain words", "more words here", "<b>bold</b> words", '<a href="https://x.org">a link</a> here',
    "words <i>in</i> between", "</b> then words", "<3 hearts", "< not a tag", "<https://x.org> is a link",
    "<span>", "</span>", '<a href="x">', "<img src=x.png alt='i' />", "<x-custom>", "<b>",
    "<div>", "</div>", '<DIV class="box">', "<p>a para</p>", "  <table>", "<hr/>", "<!-- a note -->",
    "<script>var x = 1</script>", "<pre>code</pre>", "<style>p { color: red }</style>", "<?php echo 1 ?>",
    "<!DOCTYPE html>", "<![CDATA[ raw ]]>",
    # Blocks that run to an end marker on a later line, and the lines that end them.
    "<!-- a note", "still the note -->", "<script>", "</script>", "<PRE>", "</pre> after", "<!DOCTYPE", "html>",
    "<?php", "?>",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(TEXT_AND_HTML_LINES, max_size=10))
def test_an_excerpt_reads_the_text_the_page_shows_in_its_first_paragraph(lines: list[str]) -> None:
    body = "\n".join(lines)
    assert excerpt(body, allow_html=True) == sentence_of(" ".join(shown_first_paragraph(body).split()))


def test_a_comment_or_script_block_is_left_out_up_to_its_end() -> None:
    """With `allow_html`, the page shows nothing of a comment or a script (and a `<pre>` as
    code), but only their first line was left out of the excerpt: a note to self written
    over several lines was on the card, in the description and in the feed."""
    body = "<!-- TODO before publishing:\nask Jo whether the salary may be shown -->\nShipped the beta. More."
    assert excerpt(body, True) == "Shipped the beta."
    assert excerpt("<script>\ntrack('visit')\n</script>\n\nShipped it. More.", True) == "Shipped it."
    assert excerpt("I like\n<pre>\nx = 1\n\ny = 2\n</pre>\nthings. More.", True) == "I like things."
    # A fence inside the comment is the comment's, and a comment inside a fence the fence's.
    assert excerpt("<!--\n```\n-->\nShipped it.", True) == "Shipped it."
    assert excerpt("```\n<!--\n```\nShipped it.", True) == "Shipped it."
    # Without the setting, the page shows it all as text, and so does the excerpt.
    assert excerpt("<!-- a\nnote -->\nShipped it.") == "<!-- a note --> Shipped it."
