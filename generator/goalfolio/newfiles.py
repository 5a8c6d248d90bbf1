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
import errno
import os
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


def file_in_the_way(folder: Path) -> Path | None:
    """The nearest of `folder` and the folders above it that exists, if it is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


def link_to_nowhere(folder: Path) -> str | None:
    """Where the nearest of `folder` and the folders above it that exists in name only is a
    symbolic link whose target is missing (moved, deleted, on a disk not mounted), what to
    do about it: a folder cannot be made there, and the system says only "File exists"."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return None
        if candidate.is_symlink():
            return (f"{candidate} is a symbolic link to {os.readlink(candidate)}, which does not exist; create the folder "
                    "it points to, or remove the link so that goalfolio makes a folder in its place")
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
        blocking = file_in_the_way(path.parent)
        if blocking:
            raise UsageError(f"cannot write {path}: {blocking} is a file, not a folder; move or rename that file, "
                             "so that the folder can be made") from None
        dangling = link_to_nowhere(path.parent)
        if dangling:
            raise UsageError(f"cannot write {path}: {dangling}") from None
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


# What to do when the disk refuses a new file, by the error it gives.
_WRITE_ADVICE = {
    errno.ENOSPC: "free some space on that disk",
    errno.EDQUOT: "free some space within your disk quota",
    errno.EROFS: "{folder} is on a file system mounted read-only: mount it writable, or work in a folder on another disk",
    errno.EACCES: "check the permissions of {folder} and of the folders above it",
    errno.EPERM: "check the permissions and attributes (such as immutable) of {folder} and of the folders above it",
}


def _cannot_write(path: Path, exc: OSError) -> BuildStopped:
    """The disk refused the file (read-only, full, no permission): the machine, not the
    command line, so exit code 1, as a build that cannot write its site. What to do
    depends on why, as for a build's site (`cli.DISK_HINTS`, which speak of --out)."""
    advice = _WRITE_ADVICE.get(exc.errno or 0, "check that you can write to {folder}").format(folder=path.parent)
    return BuildStopped(f"cannot write {path}: {exc.strerror or exc}; {advice}")
