"""Diagnostics order as reports read: by file, line, column, then rank and message."""

from __future__ import annotations

from goalfolio.errors import Diagnostic


def diagnostic(line: int, message: str, code: str = "x", rank: int = 0) -> Diagnostic:
    return Diagnostic("content/goals/a.md", line, 1, "error", code, message, rank=rank)


def test_diagnostics_compare_by_place_then_rank_then_message() -> None:
    first, second = diagnostic(2, "b"), diagnostic(10, "a")
    assert (first < second, first <= second, first > second, first >= second) == (True, True, False, False)
    assert (second < first, second <= first, second > first, second >= first) == (False, False, True, True)
    same = diagnostic(2, "b", code="y")
    assert (first < same, first <= same, first > same, first >= same) == (False, True, False, True)
    assert sorted([diagnostic(3, "z", rank=1), diagnostic(3, "a", rank=2), diagnostic(3, "m")]) == [
        diagnostic(3, "m"), diagnostic(3, "z", rank=1), diagnostic(3, "a", rank=2)]


def test_diagnostics_at_one_place_with_one_message_keep_the_order_they_were_found_in() -> None:
    found = [diagnostic(4, "same", code="first"), diagnostic(4, "same", code="second")]
    assert [d.code for d in sorted(found)] == ["first", "second"]
