"""`goalfolio init`: a new portfolio of starter files, dated relative to the day it runs
(see `newfiles`), in a folder of its own or in one of a larger git repository.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import BuildStopped, UsageError
from .newfiles import file_in_the_way, fill, link_to_nowhere, package_data, write_new

if TYPE_CHECKING:  # importlib.abc's Traversable is deprecated from Python 3.12
    from importlib.resources.abc import Traversable

DOT_PREFIX = "dot-"  # package data cannot reliably ship dotfiles, so `dot-x` is written as `.x`
IGNORED_IN_EMPTY = {".git"}  # a freshly cloned, empty repository still counts as empty
WORKFLOW = PurePosixPath(".github/workflows/pages.yml")
README = PurePosixPath("README.md")


def _walk(folder: Traversable, prefix: PurePosixPath) -> Iterator[tuple[PurePosixPath, str]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = "." + entry.name[len(DOT_PREFIX):] if entry.name.startswith(DOT_PREFIX) else entry.name
        if entry.is_dir():
            yield from _walk(entry, prefix / name)
        else:
            yield prefix / name, entry.read_text(encoding="utf-8")


# Where the starter README says the Pages workflow is: in the portfolio's own repository,
# or at the top of the larger one it is a folder of (a team's `people/alice/`).
_README_WORKFLOW = {
    False: "`.github/workflows/pages.yml` the\nsame way before you publish",
    True: "the workflow at the top of the\nrepository the same way before you publish",
}


def starter_files(today: datetime.date, in_larger_repository: bool = False) -> list[tuple[PurePosixPath, str]]:
    """Every file of a new portfolio with its final text, dated relative to `today`. The
    README says how the portfolio is published: by its own workflow, or, in a folder of a
    larger repository, which `init` writes no workflow in, by one at that repository's top."""
    variant = "larger-repository" if in_larger_repository else "own-repository"
    publishing = fill((package_data("readme") / f"{variant}.md").read_text(encoding="utf-8"), today)
    values = {"workflow": _README_WORKFLOW[in_larger_repository], "publishing": publishing.rstrip("\n")}
    return [(path, fill(text, today, values)) for path, text in _walk(package_data("starter"), PurePosixPath())]


@dataclass(frozen=True)
class InitResult:
    written: list[str]
    skipped: list[str]
    repository: Path | None = None  # the git repository above the portfolio, whose top holds its workflows
    team_readme: bool = False  # README.md is still the one written when the folder was part of a larger repository


def init_portfolio(target: Path, force: bool = False, today: datetime.date | None = None) -> InitResult:
    """Create the starter portfolio in `target`; refuse a non-empty folder unless `force`.
    In a folder of a larger git repository (a team's `people/alice/`) the Pages workflow is
    left out: GitHub runs only the workflows at the top of a repository, so it would never
    run, and a team publishes its portfolios with one workflow there (docs/publishing.md)."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder; choose an empty or new folder")
    present = sorted(p.name for p in target.iterdir() if p.name not in IGNORED_IN_EMPTY) if target.exists() else []
    if present and not force:
        shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
        raise UsageError(f"{target} is not empty (it holds {shown}); choose an empty or new folder, or add --force "
                         "to add the starter files beside what is there (existing files are never overwritten)")
    _make_folder(target)
    repository = enclosing_repository(target)
    written: list[str] = []
    skipped: list[str] = []
    day = today or datetime.date.today()
    for relative, text in starter_files(day, repository is not None):
        if relative == WORKFLOW and repository is not None:
            continue
        destination = target / relative
        if write_new(destination, text):
            written.append(relative.as_posix())
        else:
            skipped.append(relative.as_posix())
    team_readme = repository is None and README.as_posix() in skipped and _is_team_readme(target / README, day)
    return InitResult(written, skipped, repository, team_readme)


def _make_folder(target: Path) -> None:
    """Made before any file, so that a folder that cannot be made (under /proc, or in a
    folder the user may not write in) is told as such, with what to do: it was told as its
    first file, `cannot write /proc/x/README.md: No such file or directory`."""
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocking = file_in_the_way(target)
        if blocking is not None:
            raise UsageError(f"{blocking} is a file, so {target} cannot be a folder; choose an empty or new folder") from None
        dangling = link_to_nowhere(target)
        if dangling is not None:
            raise UsageError(f"cannot make the folder {target}: {dangling}") from None
        failed = exc.filename or target
        raise BuildStopped(f"cannot make the folder {failed}: {exc.strerror or exc}; choose a folder you can write to, "
                           "or make it first") from None


def _is_team_readme(path: Path, today: datetime.date) -> bool:
    """Whether the README that `init --force` kept is the starter one for a folder of a
    larger repository, unchanged: once the folder is a repository of its own, it points
    to a workflow the folder does not use. Edited, it is the owner's, and not judged."""
    try:
        kept = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return kept == dict(starter_files(today, in_larger_repository=True))[README]


def enclosing_repository(target: Path) -> Path | None:
    """The top of the git repository `target` lies in below its top, if any: the nearest
    folder above it holding `.git` (a folder, or a file in a worktree or submodule)."""
    resolved = target.resolve()
    if (resolved / ".git").exists():
        return None
    return next((folder for folder in resolved.parents if (folder / ".git").exists()), None)

