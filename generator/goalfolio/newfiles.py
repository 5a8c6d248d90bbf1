"""Files written for the user from templates, never over a file: what `init`'s starter
portfolio (`starter`) and `new` and `log` (`scaffold`) write.

Templates live in package data (`data/starter/` for a whole portfolio, `data/new/` for
one item) so that they read like the files they become. They hold `<<name>>` tokens:
`<<today>>` and `<<today+N>>`/`<<today-N>>` are dates relative to the day the command
runs, so a fresh portfolio is never stale or overdue; other names are filled from
values the command knows. Nothing here ever overwrites a file: every write is
exclusive, and a name already taken is refused or skipped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import BuildStopped, UsageError
from .progress import days_after

if TYPE_CHECKING:  # importlib.abc's Traversable is deprecated from Python 3.12
    from importlib.resources.abc import Traversable

_TOKEN_RE = re.compile(r"<<([a-z_]+)([+-]\d+)?>>")


def fill(template: str, today: datetime.date, values: Mapping[str, str] | None = None) -> str:
    """Replace every `<<token>>` in one pass, so text from the user is never expanded again."""
    known = {"version": __version__, **(values or {})}

    def replace(match: re.Match[str]) -> str:
        name, offset = match.group(1), match.group(2)
        if name == "today":
            return days_after(today, int(offset or 0)).isoformat()  # held at 9999-12-31
        if offset:
            raise ValueError(f"only <<today>> takes a day offset, not <<{name}{offset}>>")
        return known[name]

    return _TOKEN_RE.sub(replace, template)


def package_data(*parts: str) -> Traversable:
    """A folder of goalfolio's package data, read through `importlib.resources`, as an
    installed package has no checkout beside it."""
    folder = resources.files("goalfolio") / "data"
    for part in parts:
        folder = folder / part
    return folder


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest of `folder` and the folders above it that exists, if it is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


def write_new(path: Path, text: str) -> bool:
    """Write `path` only if nothing is there yet; False when it already exists. A write that
    fails (a full disk) removes the file it made: an empty or cut one is a content error
    the next `check` would report."""
    if path.exists() or path.is_symlink():
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # FileExistsError too: a file where a folder belongs, not the file we would write
        blocking = _file_in_the_way(path.parent)
        if blocking:
            raise UsageError(f"cannot write {path}: {blocking} is a file, not a folder") from None
        raise _cannot_write(path, exc) from None
    try:
        handle = path.open("x", encoding="utf-8", newline="\n")
    except FileExistsError:
        return False
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with handle:
            handle.write(text)
    except BaseException as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    return True


def _cannot_write(path: Path, exc: OSError) -> BuildStopped:
    """The disk refused the file (read-only, full, no permission): the machine, not the
    command line, so exit code 1, as a build that cannot write its site."""
    return BuildStopped(f"cannot write {path}: {exc.strerror or exc}")
