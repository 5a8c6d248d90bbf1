"""Say what a value written for a date or a number was meant to be, where YAML or the
schema read it otherwise: `2026-02-30`, `26/11/2026`, `3,5`, `"90"`, `１２`.

The hint writes the value as the field reads it, so that it can be copied in. Only a
value the schema refuses comes here: the module is imported on an error's path only.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
import unicodedata
from typing import Any

from .errors import written_number
from .yamlvalues import decimal_comma_hint

DATE_HINT = "write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"
DECIMAL_COMMA = re.compile(r"([+-]?[0-9]+),([0-9]+)")  # `3,5` on a line of its own: text to YAML
NUMBER_KINDS = ("float_type", "float_parsing", "int_type", "int_parsing")


def not_a_date(name: str, value: Any, read_as: str) -> tuple[str, str]:
    """The hint writes the date the user meant where it can tell: without its time, or padded."""
    if isinstance(value, datetime.datetime):
        return f"`{name}` must be a date without a time, but {read_as}", f"write the date alone, as YYYY-MM-DD: {value.date()}"
    if isinstance(value, str) and (invalid := _invalid_date(value)):
        return f"`{value}` is not a valid date: {invalid}", _invalid_date_hint(value)
    if isinstance(value, str) and _is_date(value[:10]) and value[10:11] in ("T", "t", " "):
        return f"`{name}` must be a date without a time, but {read_as}", f"write the date alone, as YYYY-MM-DD: {value[:10]}"
    if isinstance(value, str) and (invalid := _invalid_date(_padded(value))):
        return f"`{value}` is not a valid date: {invalid}", _invalid_date_hint(_padded(value))
    meant = (_as_date(value) or _meant_date(value)) if isinstance(value, str) else None
    return f"`{name}` must be a date, but {read_as}", f"write it as YYYY-MM-DD: {meant}" if meant else DATE_HINT


def _invalid_date(text: str) -> str:
    """Why text written as YYYY-MM-DD is no date (`2026-02-30`); empty for any other text."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return ""
    try:
        datetime.date.fromisoformat(text)
    except ValueError as exc:
        return str(exc)
    return ""


def _invalid_date_hint(text: str) -> str:
    """For a date written YYYY-MM-DD whose day its month does not have (`2026-02-29`,
    `2026-06-31`, `2026-04-00`), how many days the month has: the general hint, to write
    YYYY-MM-DD, tells someone who did just that nothing. The general hint for any other."""
    year, month, _ = (int(part) for part in text.split("-"))
    if year < 1 or not 1 <= month <= 12:
        return DATE_HINT
    days = calendar.monthrange(year, month)[1]
    return f"{_MONTH_NAMES[month - 1]} {year} has {days} days: write a day from 01 to {days}"


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def _is_date(text: str) -> bool:
    """Whether text is a date written as YYYY-MM-DD, as a date field reads it quoted or not."""
    return _as_date(text) is not None


def _as_date(text: str) -> str | None:
    """`2026-03-01` for a date written `2026-3-1` or `2026-03-01`: year, month and day as a
    date field reads them, or None when the text is no such date."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    try:
        return datetime.date(*(int(part) for part in found.groups())).isoformat() if found else None
    except ValueError:
        return None


def _padded(text: str) -> str:
    """`2026-02-30` for `2026-2-30`: a date's parts to two digits, for `_invalid_date`."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    return f"{found[1]}-{int(found[2]):02}-{int(found[3]):02}" if found else ""


_NUMERIC_DATE = re.compile(r"([0-9]{1,4})([/.-])([0-9]{1,2})\2([0-9]{1,4})")
_WORDED_DATE = re.compile(r"(?:(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[a-z]+)\.?|(?P<month2>[a-z]+)\.?\s+"
                          r"(?P<day2>[0-9]{1,2})(?:st|nd|rd|th)?,?)\s+(?P<year>[0-9]{4})", re.IGNORECASE)


def _meant_date(text: str) -> str | None:
    """`2026-11-26` for a date written another common way: `2026/11/26`, `26/11/2026` or
    `26.11.2026`, `11/26/2026`, `26 November 2026`, `Nov 26, 2026`. Day and month in either
    order only where one of them is over 12: `03/04/2026` could be either, and gives None.
    The month names are imported here, for such a date only: their module's regular
    expressions take about 8 ms to compile."""
    from .sentences import MONTHS

    written = text.strip()
    if (numeric := _NUMERIC_DATE.fullmatch(written)) is not None:
        first, _, second, last = numeric.groups()
        if len(first) == 4:
            return _date_of(int(first), int(second), int(last))
        if len(last) != 4:
            return None  # a year of two digits: which century is a guess
        a, b = int(first), int(second)
        if a == b or (a > 12) != (b > 12):
            return _date_of(int(last), min(a, b) if a != b else a, max(a, b))
        return None
    if (worded := _WORDED_DATE.fullmatch(written)) is not None:
        month = MONTHS.get((worded["month"] or worded["month2"]).lower())
        return _date_of(int(worded["year"]), month, int(worded["day"] or worded["day2"])) if month else None
    return None


def _date_of(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def not_a_number(kind: str, name: str, value: Any, read_as: str) -> tuple[str, str]:
    """The hint writes the number the user meant where it can tell: in ASCII digits, with a
    decimal point, unquoted."""
    whole = kind.startswith("int")
    wanted = "a whole number" if whole else "a number"
    plain = "write a whole number such as 12, without units" if whole else "write a plain number such as 12 or 4.5, without units"
    if kind in NUMBER_KINDS and isinstance(value, str) and (ascii_number := _ascii_number(value)):
        return f"`{name}` must be {wanted}, but {read_as}", f"write it in ASCII digits: `{ascii_number}`"
    if kind in ("int_from_float", "int_parsing_size") or whole and isinstance(value, float):
        return f"`{name}` must be a whole number, but {read_as}", plain
    if kind == "finite_number":
        return f"`{name}` must be a finite number, but {read_as}", "write a plain number such as 12 or 4.5"
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):  # any other whole number is one
        return f"`{name}` is too large: a number of {len(str(abs(value)))} digits", "write a number below 1e308"
    if kind in ("float_type", "float_parsing") and isinstance(value, str) and (comma := DECIMAL_COMMA.fullmatch(value)):
        return f"`{name}` must be a number, but {read_as}", decimal_comma_hint(comma[1], comma[2])
    meant = _meant_number(value, whole) if isinstance(value, str) else ""
    return f"`{name}` must be {wanted}, but {read_as}", f"write it as a plain number, unquoted: {meant}" if meant else plain


def _ascii_number(text: str) -> str:
    """`12` for `１２` (full width, as a Japanese input method types it) or `١٢` (Arabic-Indic):
    a number in digits YAML does not read as one. Empty for text that is no such number."""
    if text.isascii():
        return ""
    written = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in unicodedata.normalize("NFKC", text.strip()))
    return written if re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", written) else ""


def _meant_number(text: str, whole: bool) -> str:
    """The number text stands for, written as YAML reads one: text in quotes (`"90"`), or in
    a form YAML 1.1 reads as text (`1e3`). Empty for text that is no such number."""
    written = text.strip()
    if whole:
        return str(int(written)) if _WHOLE_NUMBER.fullmatch(written) else ""
    number = float(written) if _NUMBER.fullmatch(written) else math.inf
    return written_number(number) if math.isfinite(number) else ""


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,18}")
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
