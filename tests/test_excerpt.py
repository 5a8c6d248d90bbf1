"""Excerpts read only up to the first paragraph; they must equal the plain definition:
the first sentence of what is left once heading, table, image and HTML lines are dropped."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from goalfolio.sitepages.views import excerpt, first_sentence


def reference_excerpt(body: str) -> str:
    kept = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith(("#", "|", "!", "<")))
    paragraph = next((p for p in re.split(r"\n\s*\n", kept.strip()) if p.strip()), "")
    return first_sentence(paragraph)


LINES = st.sampled_from([
    "", " ", "\t", "# Heading", "  ## Indented heading", "| a | b |", "|---|---|", "![chart](assets/c.png)",
    "<div>", "Plain words here.", "Two sentences. Second one!", "- a list item", "  + nested item",
    "A [link](https://example.com) and [[goal-id]].", "*Emphasis* and `code`", "> a quote.", "no stop",
    "Trailing spaces.   ", "\u2028", "x\x0cy", "Ünïcode wörds?",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_excerpt_matches_the_reference_definition(lines: list[str], newline: str) -> None:
    body = newline.join(lines)
    assert excerpt(body) == reference_excerpt(body)


def test_excerpt_skips_headings_tables_and_images() -> None:
    body = "# Title\n\n| a | b |\n|---|---|\n\n![x](assets/x.png)\n\nShipped the *new* flow. Then more.\n\nLater text."
    assert excerpt(body) == "Shipped the new flow."


def test_excerpt_joins_lines_of_one_paragraph() -> None:
    assert excerpt("\n\nFirst line\ncontinues here. Next.\n\nOther.") == "First line continues here."


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?#|<>![]()*-+ \t\n\r\x0b\x0c\u2028\u00a0")), max_size=80))
def test_excerpt_matches_the_reference_on_any_text(body: str) -> None:
    assert excerpt(body) == reference_excerpt(body)
