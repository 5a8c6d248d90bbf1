"""`breakable`: break points in words too long for a table column, and nothing else."""

from __future__ import annotations

import pytest

from goalfolio.breaks import breakable


@pytest.mark.parametrize(("value", "html"), [
    ("responsibilities", "responsibilities"),  # 16 characters: whole
    ("internationalised", "internat<wbr>ionalise<wbr>d"),  # 17: broken
    ("experience & credentials", "experience &amp; credentials"),
    (2.5, "2.5"),
    ("https://example.com/a?b=1&c=<2>", "https://<wbr>example.<wbr>com/a?b=<wbr>1&amp;c=&lt;2&gt;"),
    ("see " + "9" * 20 + " units", "see 99999999<wbr>99999999<wbr>9999 units"),
])
def test_only_words_longer_than_sixteen_characters_get_break_points(value: object, html: str) -> None:
    assert str(breakable(value)) == html
