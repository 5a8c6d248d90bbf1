"""`css_string`: the user's text as a CSS string that nothing in it can end, nor the
`<style>` element around it."""

from __future__ import annotations

import pytest

from goalfolio.cssstrings import css_string


@pytest.mark.parametrize(("value", "css"), [
    ("Nadia Okafor", '"Nadia Okafor"'),
    ("Zoë 李 & Ngozi's “plan”", '"Zoë 李 & Ngozi\'s “plan”"'),  # as written: `&` is not HTML here
    ('The "big" one', '"The \\22 big\\22  one"'),
    ("C:\\new", '"C:\\5c new"'),
    ("Title</style><script>alert(1)</script>", '"Title\\3c /style>\\3c script>alert(1)\\3c /script>"'),
    ("two\nlines\ttab", '"two\\a lines\\9 tab"'),
    (2027, '"2027"'),
])
def test_quotes_backslashes_tags_and_control_characters_are_escaped(value: object, css: str) -> None:
    assert str(css_string(value)) == css
