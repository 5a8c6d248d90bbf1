"""The feed's XML escaping matches the standard library's, which it does not import."""

from __future__ import annotations

from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr

from hypothesis import given
from hypothesis import strategies as st

from goalfolio.sitepages.feeds import escape, quoteattr

TEXT = st.text(alphabet=st.sampled_from(list("ab &<>\"'\n\r\t;#é")), max_size=30)


@given(TEXT)
def test_escape_matches_saxutils(text: str) -> None:
    assert escape(text) == sax_escape(text)


@given(TEXT)
def test_quoteattr_matches_saxutils(text: str) -> None:
    assert quoteattr(text) == sax_quoteattr(text)
