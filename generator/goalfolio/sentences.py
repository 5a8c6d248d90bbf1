"""What a sentence a person wrote states, read with regular expressions: the measurements
of a win told in one line (`goalfolio log`) and the date a goal's title sets (`goalfolio
new goal`). Plain text in, values out: nothing here reads or writes a file."""

from __future__ import annotations

import datetime
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .progress import add_months

# A goal's title -----------------------------------------------------------------------


# Month names in English and their short forms, by number: for the dates people write.
MONTHS = {name: index for index, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_END_OF = r"(?:(?:the\s+)?end\s+of\s+)?"
_BY_DAY_MONTH_RE = re.compile(rf"\bby\s+(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+(?P<year>\d{{4}})\b", re.I)
_BY_MONTH_DAY_RE = re.compile(rf"\bby\s+{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I)
_BY_ISO_DATE_RE = re.compile(r"\bby\s+(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b", re.I)
_BY_MONTH_RE = re.compile(rf"\bby\s+{_END_OF}{_MONTH}\s+(?P<year>\d{{4}})\b", re.I)
_BY_QUARTER_RE = re.compile(rf"\bby\s+{_END_OF}Q(?P<quarter>[1-4])\s+(?P<year>\d{{4}})\b", re.I)
# A year alone only where nothing follows it: "grow by 2030 customers" is a number.
_BY_YEAR_RE = re.compile(rf"\bby\s+{_END_OF}(?P<year>\d{{4}})(?=\s*(?:$|[,.;:!?)]))", re.I)
_WITHIN_RE = re.compile(r"\b(?:within|in)\s+(?:the\s+next\s+)?(?P<count>\d{1,3}(?:\.\d+)?)\s+(?P<unit>weeks?|months?|years?)\b", re.I)


def target_date_from_title(title: str, today: datetime.date) -> datetime.date | None:
    """The date a goal's title sets, as the article writes goals ("... by 30 April 2027",
    "within 24 months"): a month or quarter means its last day, a year its 31 December. A
    title giving two ("A2 by June 2027 and lead by Q2 2028") sets the later, when all it
    names is done. None when the title sets none, or one that is not after today."""
    found = [date for date in _title_dates(title, today) if date > today]
    return max(found, default=None)


def _title_dates(title: str, today: datetime.date) -> Iterator[datetime.date]:
    """Every date the title gives; a day that does not exist (31 February) gives none."""
    for pattern in (_BY_DAY_MONTH_RE, _BY_MONTH_DAY_RE, _BY_ISO_DATE_RE):
        for match in pattern.finditer(title):
            month = match["month"]
            try:
                yield datetime.date(int(match["year"]), int(month) if month.isdigit() else MONTHS[month.lower()], int(match["day"]))
            except ValueError:
                pass
    for match in _BY_MONTH_RE.finditer(title):
        yield _month_end(int(match["year"]), MONTHS[match["month"].lower()])
    for match in _BY_QUARTER_RE.finditer(title):
        yield _month_end(int(match["year"]), 3 * int(match["quarter"]))
    for match in _BY_YEAR_RE.finditer(title):
        yield datetime.date(int(match["year"]), 12, 31)
    for match in _WITHIN_RE.finditer(title):
        count, unit = float(match["count"]), match["unit"].lower().rstrip("s")
        whole = count * (7 if unit == "week" else 12 if unit == "year" else 1)
        if whole != int(whole):
            continue  # half a month: no date to name
        try:
            yield today + datetime.timedelta(days=int(whole)) if unit == "week" else add_months(today, int(whole))
        except OverflowError:
            continue  # past 9999-12-31 (from a `today:` late in 9999): no date to name


def _month_end(year: int, month: int) -> datetime.date:
    """December's last day is written out: the day after it, in 9999, is no date."""
    if month == 12:
        return datetime.date(year, 12, 31)
    return add_months(datetime.date(year, month, 1), 1) - datetime.timedelta(days=1)


# A win --------------------------------------------------------------------------------


class InexactNumber(ValueError):
    """A number of the text that a metric cannot hold as written: with more figures than a
    float keeps (`99999999999999999999999999999999999`, which it holds as 1e35: `kept`), or
    past about 1e308 (`too_large`), which it holds as infinity."""

    def __init__(self, written: str, kept: float) -> None:
        super().__init__(written)
        self.written = written
        self.kept = kept
        self.too_large = not math.isfinite(kept)


@dataclass(frozen=True)
class ParsedMetric:
    """A measurement found in free text; `change` is a relative move such as +12%."""

    name: str
    after: float
    before: float | None = None
    unit: str = ""
    change: bool = False
    note: str = ""  # what the person should check, written beside the metric


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = r"[$€£¥]"
_ARROW = r"→|->|=>|⇒|⟶|➔|➜"


def _side(n: int) -> str:
    """One side of a before/after pair: an optional currency, a number with an optional
    thousand (`k`) or million (`M`) written against it, an optional unit. A number written
    with an exponent (`2e3`) is none: it was read as 2 in the unit `e`."""
    return (rf"(?P<pre{n}>{_CURRENCY})?(?P<v{n}>{_NUM})(?![.,]?\d|[eE][+\-]?\d)(?:(?P<x{n}>[kK]|M)(?![A-Za-zµ]))?"
            rf"(?:\s?(?P<u{n}>%|[A-Za-zµ]+))?")


_MAGNITUDES = {"k": 1_000, "K": 1_000, "M": 1_000_000}
# Units that convert exactly into one another, as (kind, size in the kind's smallest unit):
# `from 2 hours to 45 minutes` is 120 to 45 minutes. Sizes go by the SI prefixes (1 GB is
# 1,000 MB). Months and years vary in length, and are left as written.
_TIME_UNITS = {
    **dict.fromkeys(("ms",), 1), **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1_000),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), 60_000),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3_600_000),
    **dict.fromkeys(("day", "days"), 86_400_000), **dict.fromkeys(("week", "weeks"), 604_800_000),
}
_SIZE_UNITS = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}


_FROM_TO_RE = re.compile(rf"\bfrom\s+{_side(1)}\s+to\s+{_side(2)}", re.IGNORECASE)
_ARROW_RE = re.compile(rf"(?<![\w.]){_side(1)}\s*(?:{_ARROW})\s*{_side(2)}")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
# A change is relative (`+12%`, `up 3 points`) or in a unit of time or size (`-20 ms`), which
# reads the same without the starting value; a count (`+3 engineers`) is left to the person.
_MEASURE_UNITS = r"ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|[kKMG]B"
_CHANGE_UNIT = rf"(?P<unit>%|(?:pp|pts?|points?|percent|{_MEASURE_UNITS})\b)"
_SIGNED_RE = re.compile(rf"(?<![\w.])(?P<sign>[+\-−])(?P<v>{_NUM})\s?{_CHANGE_UNIT}", re.IGNORECASE)
_WORDED_RE = re.compile(rf"\b(?P<word>up|down|by)\s+(?P<v>{_NUM})\s?{_CHANGE_UNIT}", re.IGNORECASE)
_CLAUSE_SPLIT_RE = re.compile(r"[,;:!?()\[\]]|\.\s|\s[-–—]\s|[–—]|\s(?:and|while|with|after|so)\s", re.IGNORECASE)

_NOT_UNITS = {
    "a", "an", "and", "as", "at", "after", "before", "by", "for", "from", "in", "of", "on", "or",
    "over", "per", "the", "then", "to", "while", "with", "within", "across", "thanks", "this", "that",
}
_LEAD_WORDS = {
    "a", "an", "the", "our", "my", "its", "their", "we", "i", "and", "cut", "reduced", "reduce", "raised",
    "raise", "improved", "improve", "increased", "increase", "grew", "grow", "lifted", "lift", "dropped",
    "lowered", "decreased", "boosted", "brought", "took", "moved", "got", "shipped", "drove", "halved",
    "doubled", "trimmed", "slashed", "sped", "up", "down",  # `sped up`, `brought down`
}
_TRAIL_WORDS = {
    "by", "up", "down", "is", "was", "are", "were", "went", "of", "at", "rose", "fell", "grew", "dropped",
    "improved", "moved", "from", "to", "has", "have", "had", "now", "increased", "decreased", "changed",
}
_NEGATIVE_WORDS = {
    "cut", "reduced", "reduce", "decreased", "decrease", "lowered", "lower", "dropped", "drop", "fell",
    "shrank", "trimmed", "halved", "slashed", "down",
}
_PREPOSITIONS = {"on", "in", "for", "of", "at", "to", "across", "among", "from", "with", "within", "over", "per", "by"}
_NAME_OPENERS = _PREPOSITIONS | {"a", "an", "the", "our", "my", "its", "their"}
_CHANGE_UNITS = {"%": "%", "percent": "%", "pp": "pp", "pt": "points", "pts": "points", "point": "points", "points": "points"}


def parse_metrics(text: str) -> list[ParsedMetric]:
    """The measurements a one-line win states, in order; overlapping readings count once.

    `from 40 to 55 minutes` and `3.2s → 1.1s` give before and after; `+12%`, `-8%`,
    `up 3 points` and `cut churn by 8%` give the change as `after` with `change` set,
    since the starting value is unknown. The name is the few words before the number.
    """
    found: list[tuple[bool, int, int, ParsedMetric]] = []
    for pattern, read in ((_FROM_TO_RE, _before_after), (_ARROW_RE, _before_after),
                          (_SIGNED_RE, _signed_change), (_WORDED_RE, _worded_change)):
        for match in pattern.finditer(text):
            metric = read(match, text)
            if metric is not None:
                found.append((metric.change, match.start(), match.end(), metric))
    # A before and after says more than a change it overlaps: `sped up 3.2s → 1.1s` is
    # 3.2 to 1.1 s, not a change of "up 3.2s".
    chosen: list[tuple[int, int, ParsedMetric]] = []
    for _, start, end, metric in sorted(found, key=lambda f: (f[0], f[1], -f[2])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, metric))
    return [metric for _, _, metric in sorted(chosen, key=lambda c: c[0])]


def _before_after(match: re.Match[str], text: str) -> ParsedMetric | None:
    unit = _side_unit(match, 2) or _side_unit(match, 1)
    if not unit and all(_YEAR_RE.fullmatch(match.group(f"v{n}")) for n in (1, 2)):
        return None  # "from 2024 to 2025" is a period, not a measurement
    name = _metric_name(text[:match.start()], text[match.end():])
    before, after = _side_decimal(match, 1), _side_decimal(match, 2)
    first, second = _side_unit(match, 1), _side_unit(match, 2)
    scales = _unit_scale(first), _unit_scale(second)
    if not (first and second) or first.lower() == second.lower() or (scales[0] is not None and scales[0] == scales[1]):
        return ParsedMetric(name, _kept(after, _written(match, 2)), _kept(before, _written(match, 1)), unit)
    if scales[0] and scales[1] and scales[0][0] == scales[1][0]:
        small = min(scales[0][1], scales[1][1])
        smaller = first if scales[0][1] == small else second
        before, after = before * (scales[0][1] // small), after * (scales[1][1] // small)
        return ParsedMetric(name, _kept(after, _written(match, 2)), _kept(before, _written(match, 1)), smaller)
    return ParsedMetric(name, _kept(after, _written(match, 2)), _kept(before, _written(match, 1)), unit,
                        note=f"before was written in {first}: write both in one unit")


def _written(match: re.Match[str], n: int) -> str:
    return match.group(f"v{n}") + (match.group(f"x{n}") or "")


def _kept(value: Decimal, written: str) -> float:
    """`value` as the float a metric holds, where that is the number written: a float keeps
    about 15 to 17 figures, and the file `log` writes, the page and the check read it so.
    Rounded (1e35 for 35 nines) it was written into the file as a number never typed."""
    number = float(value)
    if not math.isfinite(number) or Decimal(repr(number)) != value:
        raise InexactNumber(written, number)
    return number


def _side_decimal(match: re.Match[str], n: int) -> Decimal:
    """`1.5k` is 1,500: the magnitude is part of the number, not its unit. Scaled as the
    decimal written: in floats `$1.005M` is 1004999.9999999999."""
    written = Decimal(match.group(f"v{n}").replace(",", ""))
    return written * _MAGNITUDES.get(match.group(f"x{n}") or "", 1)


def _unit_scale(unit: str) -> tuple[str, int] | None:
    """(kind, size) of a unit that converts exactly into others of its kind."""
    if unit in _TIME_UNITS or unit.lower() in _TIME_UNITS:
        return "time", _TIME_UNITS.get(unit, _TIME_UNITS.get(unit.lower(), 0))
    if unit.lower() in _SIZE_UNITS:
        return "size", _SIZE_UNITS[unit.lower()]
    return None


def _side_unit(match: re.Match[str], n: int) -> str:
    unit = match.group(f"u{n}") or ""
    if unit.lower() in _NOT_UNITS:
        unit = ""
    return (match.group(f"pre{n}") or "") + unit


def _signed_change(match: re.Match[str], text: str) -> ParsedMetric:
    sign = -1.0 if match.group("sign") in "-−" else 1.0
    return _change(match, text, sign * _to_number(match.group("v")))


def _worded_change(match: re.Match[str], text: str) -> ParsedMetric:
    before = text[:match.start()]
    word = match.group("word").lower()
    negative = word == "down" or (word == "by" and bool(_words(_clause(before)) & _NEGATIVE_WORDS))
    return _change(match, text, (-1.0 if negative else 1.0) * _to_number(match.group("v")))


def _change(match: re.Match[str], text: str, value: float) -> ParsedMetric:
    name = _metric_name(text[:match.start()], text[match.end():])
    unit = match.group("unit")
    return ParsedMetric(name, value, None, _CHANGE_UNITS.get(unit.lower(), unit), change=True)


def _clause(before: str) -> str:
    return _CLAUSE_SPLIT_RE.split(before)[-1]


def _words(clause: str) -> set[str]:
    return {w.lower() for w in clause.split()}


def _metric_name(before: str, after: str) -> str:
    """The subject of the number: the last words of its clause, or else the words after it."""
    return " ".join(_subject(_clause(before))[-5:]) or " ".join(_following_subject(_CLAUSE_SPLIT_RE.split(after)[0])) or "result"


def _following_subject(clause: str) -> list[str]:
    """The words after a number name it up to the next preposition: `up 3 points on NPS`
    is NPS, and `+12% checkout conversion on mobile web` is checkout conversion."""
    words = _subject(clause)
    while words and words[0].lower() in _NAME_OPENERS:
        words.pop(0)
    named = itertools.takewhile(lambda word: word.lower() not in _PREPOSITIONS, words)
    return list(itertools.islice(named, 3))


def _subject(clause: str) -> list[str]:
    """The words of a clause less the verbs and articles around its subject."""
    words = [w for w in (w.strip("\"'`*_.") for w in clause.split()) if w]
    while words and words[0].lower() in _LEAD_WORDS:
        words.pop(0)
    while words and words[-1].lower() in _TRAIL_WORDS:
        words.pop()
    return words


def _to_number(text: str) -> float:
    return _kept(Decimal(text.replace(",", "")), text)
