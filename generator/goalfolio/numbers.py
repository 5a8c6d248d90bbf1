"""Numbers as the pages write them: the figures they were written with, in full, grouped by
thousands, with a true minus sign; and, where a chart has no room for all the digits, as
`1.5 × 10²³`.

Values are handled as decimals made from a float's shortest spelling (`repr`), so a value
keeps the figures it was written with at any size (4e-7 is 0.0000004, not 0, and 1e23 is
100,000,000,000,000,000,000,000, not the 99,999,999,999,999,991,611,392 a float holds),
and sums and differences of written values carry no float noise (0.042 - 0.031 is 0.011).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"
_SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def exact(value: float | Decimal) -> Decimal:
    """The shortest decimal that reads back as `value`: the figures it was written with
    (0.1, not the 0.1000000000000000055511151231257827 that a float holds)."""
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def number(value: float | Decimal) -> str:
    """Numbers as people write them: `3`, `8.2`, `0.031`, `0.0000004`, `1,200`, `−1,500`.
    Every figure is kept and none is added, and there is no exponent: a small value is not
    rounded to 0 and a large one does not read as an approximation. A negative takes the
    minus sign, as the changes beside it do (`−9 points`)."""
    text = f"{exact(value):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace("-", MINUS)


def short_number(value: float | Decimal) -> str:
    """`1.5 × 10²³`, `−4 × 10⁻⁷`, `0`: the same figures in a few characters, for a chart
    that has no room for a number's every digit."""
    written = exact(value)
    if not written:
        return "0"
    power = written.adjusted()
    return f"{number(written.scaleb(-power))} \u00d7 10{str(power).translate(_SUPERSCRIPTS)}"


def difference(after: float, before: float) -> Decimal:
    """`after - before` in the figures written: 0.042 - 0.031 is 0.011, where floats make
    it 0.011000000000000003, and 1000000.1 - 1000000 is 0.1, not 0.10000000009313226."""
    return exact(after) - exact(before)


def share_along(value: float, start: float, end: float) -> float:
    """How far `value` is along the way from `start` to `end` (0 at the start, 1 at the end),
    in the figures written: from -1e308 to 1e308 is a way longer than a float holds, and
    half of 5e-324 is 0."""
    return float((exact(value) - exact(start)) / (exact(end) - exact(start)))


def whole(value: Decimal) -> Decimal:
    """Rounded to a whole number as people round, halves up (12.5 is 13), at any size:
    a change from 5e-324 to 1 is a number of percent no float holds."""
    return value.to_integral_value(rounding=ROUND_HALF_UP)


def with_unit(value: float | Decimal | None, unit: str) -> str:
    """`64.9%`, `8.2/10`, `3 initiatives`, `1 initiative`; an em dash when there is no value yet."""
    if value is None:
        return "—"
    return joined(number(value), unit)


def joined(figures: str, unit: str) -> str:
    """A written number and its unit: `64.9%`, `8.2/10`, but `3 initiatives` and `1 initiative`."""
    if not unit:
        return figures
    joiner = "" if not unit[0].isalpha() else " "
    return f"{figures}{joiner}{singular_unit(unit) if figures == '1' else unit}"


# A unit is written as it reads after most numbers (`hours`, `PRs`). After 1 it loses the s
# only where that surely gives the singular: an acronym's (`PRs`), or a lowercase word's
# whose stem has a vowel (not `kbps`) and whose plural is no `-es`, `-ies` or irregular
# one (`matches`, `entries`, `news` are kept as written, as is any unit of several words).
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
_WORD_PLURAL = re.compile(r"[a-z]*[aeiouy][a-z]*[a-z]s")
_NOT_PLAIN_PLURALS = ("ss", "us", "is", "ies", "sses", "yses", "ches", "shes", "xes", "zes", "oes")
_KEPT_UNITS = frozenset({"news", "lens", "canvas", "atlas", "alias", "bias", "chaos", "ethos"})
_IRREGULAR_PLURALS = {"people": "person", "children": "child", "men": "man", "women": "woman"}  # units that count people


def singular_unit(unit: str) -> str:
    """The unit after a value of 1: `hour` for `hours`, `PR` for `PRs`, `person` for `people`;
    else as written."""
    if unit in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[unit]
    plain = _WORD_PLURAL.fullmatch(unit) and len(unit) >= 4 and not unit.endswith(_NOT_PLAIN_PLURALS)
    if _ACRONYM_PLURAL.fullmatch(unit) or plain and unit not in _KEPT_UNITS:
        return unit[:-1]
    return unit
