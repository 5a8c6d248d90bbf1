"""Numbers on the pages keep the figures they were written with, at any size."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goalfolio.numbers import difference, number, share_along, short_number, whole, with_unit


@pytest.mark.parametrize(("value", "shown"), [
    (3.0, "3"), (8.2, "8.2"), (0.031, "0.031"), (1200.0, "1,200"), (-1500.5, "\u22121,500.5"), (-0.0, "0"),
    (4e-7, "0.0000004"), (-1e-7, "\u22120.0000001"), (1.5e-6, "0.0000015"), (0.1234567, "0.1234567"),
    (1.00000015, "1.00000015"), (1e23, "100,000,000,000,000,000,000,000"), (-2e9, "\u22122,000,000,000"),
])
def test_a_number_keeps_every_figure_written_and_adds_none(value: float, shown: str) -> None:
    """4e-7 read `0` (six decimals at most), 1.00000015 read `1`, and 1e23 read the float's
    99,999,999,999,999,991,611,392."""
    assert number(value) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (1e23, "1 \u00d7 10\u00b2\u00b3"), (-1.25e23, "\u22121.25 \u00d7 10\u00b2\u00b3"),
    (4e-7, "4 \u00d7 10\u207b\u2077"), (5e-324, "5 \u00d7 10\u207b\u00b3\u00b2\u2074"), (0.0, "0"),
])
def test_a_short_number_has_the_same_figures_times_a_power_of_ten(value: float, shown: str) -> None:
    assert short_number(value) == shown


@pytest.mark.parametrize(("after", "before", "shown"), [
    (0.042, 0.031, "0.011"), (1000000.1, 1000000.0, "0.1"), (1e-7, 4e-7, "\u22120.0000003"),
])
def test_a_difference_of_written_values_carries_no_float_noise(after: float, before: float, shown: str) -> None:
    """Floats make 0.011000000000000003 and 0.10000000009313226 of these."""
    assert number(difference(after, before)) == shown


def test_a_unit_is_joined_as_written() -> None:
    assert [with_unit(4e-7, "%"), with_unit(3.0, "initiatives"), with_unit(None, "%")] == [
        "0.0000004%", "3 initiatives", "—"]


@pytest.mark.parametrize(("value", "start", "end", "done"), [
    (5e307, -1e308, 1e308, 0.75), (1e308, -1e308, 1e308, 1.0), (5e-324, 0.0, 1e-323, 0.5), (6.0, 9.0, 3.0, 0.5),
])
def test_the_share_of_a_way_is_exact_however_long_or_short_the_way(value: float, start: float, end: float,
                                                                     done: float) -> None:
    """In floats, -1e308 to 1e308 is an infinite way (0 done, or NaN at its end) and half of
    1e-323 is 0."""
    assert share_along(value, start, end) == done


def test_whole_rounds_halves_up_at_any_size() -> None:
    assert [whole(Decimal(text)) for text in ("12.5", "14.5", "0.4999", "2E+325")] == [
        Decimal(13), Decimal(15), Decimal(0), Decimal("2E+325")]


def test_a_unit_of_four_letters_reads_singular_after_1_and_one_of_three_as_written() -> None:
    """`days` is the shortest unit the rule makes singular; `yds` is too short to tell."""
    assert [with_unit(1, "days"), with_unit(1, "bugs"), with_unit(1, "yds")] == ["1 day", "1 bug", "1 yds"]
