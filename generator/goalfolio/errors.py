"""Diagnostics: the one record every stage uses to tell a person what is wrong and where."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Literal

from .numbers import exact

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]  # where in a file's data a value is: keys and list indices


# Between the message and the hint in a ValueError a model's own check raises: the
# validation report shows them as any other problem's.
HINT = "\nhint: "



def written_number(value: float) -> str:
    """A number in a message, or in a file `new` or `log` writes, as it can be written back
    in front matter: `-1000000000`, `2.5`, `0.0000004`. The figures of its shortest spelling
    (`exact`), so 1e23 is not the 99999999999999991611392 a float holds, and no exponent:
    YAML reads Python's `1e-07` as text."""
    text = f"{exact(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def field_label(loc: Loc) -> str:
    """A value's place as messages name it: `milestones[1].due`."""
    label = ""
    for part in loc:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


def listed(words: list[str] | tuple[str, ...], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c` (or `or`): how messages and checklists list words."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def plural(count: float, one: str, many: str = "") -> str:
    """The noun a number takes: `one` after exactly 1, else `many` (by default `one` with an
    s), for every count in messages and pages: `1 goal`, `0 goals`, `1.5 points`."""
    return one if count == 1 else many or f"{one}s"


def counted(count: int, one: str, many: str = "") -> str:
    """`1 goal`, `2 goals`, `1 piece of evidence`: a count and its noun."""
    return f"{count} {plural(count, one, many)}"


def utf8_position(raw: bytes, start: int) -> tuple[int, int]:
    """Line and column of the byte at `start`, the first that is not UTF-8, as a content
    file, the config and a template report it. The column is in characters, as editors
    count it: what precedes the bad byte is valid UTF-8, and a byte order mark is not
    shown. Lines end as the readers count them: at `\\n`, `\\r\\n` or a lone `\\r`."""
    before = raw[:start].removeprefix(codecs.BOM_UTF8).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8")) + 1


# The byte order marks of the Unicode encodings Windows tools save text in besides UTF-8
# (Notepad's "Unicode", PowerShell 5's `>`), UTF-32's first as it starts with UTF-16's.
_OTHER_UNICODE = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                  (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def other_unicode(raw: bytes) -> str | None:
    """The encoding a file starting with its byte order mark is saved in, UTF-16 or UTF-32:
    such a file is text, not binary (its NUL bytes), and its first byte is no UTF-8."""
    return next((name for mark, name in _OTHER_UNICODE if raw.startswith(mark)), None)


def not_utf8(raw: bytes, start: int) -> str:
    """What a content file, the config or a template that UTF-8 cannot read is, from the
    byte at `start`, where reading it stopped."""
    encoding = other_unicode(raw)
    return f"this file is saved as {encoding}, not UTF-8" if encoding else f"this file is not valid UTF-8 (byte 0x{raw[start]:02x})"


# What a terminal acts on rather than shows: C0 and C1 controls but tab (ESC starts a
# sequence that sets its title or colours, CR overwrites the line, a line break forges one).
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with each control character as an escape (`\\x1b`): a file name comes from
    whoever made the file, perhaps someone else's commit, and is printed in the report,
    in the path and in messages that quote it."""
    return _TERMINAL_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass(frozen=True)
class Diagnostic:
    """A problem at a place in a file, with a hint on how to fix it.

    Ordering is by path, line, column so that reports read top to bottom per file. At one
    place, `rank` keeps findings that have an order of their own in it (the questions of the
    coaching checklist, the steps of a framework), where the message's letters would not.
    """

    path: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    code: str = field(compare=False)
    message: str = field(compare=True)
    hint: str = field(default="", compare=False)
    field_path: str = field(default="", compare=False)
    rank: int = field(default=0, compare=False)

    def _order(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.line, self.column, self.rank, self.message)

    def __lt__(self, other: Diagnostic) -> bool:
        return self._order() < other._order()

    def __le__(self, other: Diagnostic) -> bool:
        return self._order() <= other._order()

    def __gt__(self, other: Diagnostic) -> bool:
        return self._order() > other._order()

    def __ge__(self, other: Diagnostic) -> bool:
        return self._order() >= other._order()

    def format(self) -> str:
        """`path:line:col: severity: message`, then the hint indented beneath."""
        head = f"{printable(self.path)}:{self.line}:{self.column}: {self.severity}: {printable(self.message)}"
        return f"{head}\n    hint: {printable(self.hint)}" if self.hint else head

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "field": self.field_path,
            "message": self.message,
            "hint": self.hint,
        }


class UserError(Exception):
    """A problem the user can fix: reported cleanly, exit code 1 (never a traceback)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = sorted(diagnostics)


class UsageError(Exception):
    """A bad command line or an unusable option: exit code 2."""


class BuildStopped(Exception):
    """The machine stopped the build, not the content or goalfolio's code (a worker process
    was killed): reported as such, exit code 1."""


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
