"""The folders beside a site that a build writes into and swaps in: a new site is written
into a staging folder and replaces the old one whole, by two renames, so that a failed or
interrupted build never leaves a half-written site. `writer` says what goes into one.

Two builds may write the same site at once (two terminals, a watcher and a build run by
hand): a lock on the folder above the site orders their swaps, and a lock on each staging
folder tells one still being written from one a killed build left behind, which the next
build removes, with the old sites that were swapped out.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .stopsignals import stop_signals_held


def new_staging(out: Path) -> Path:
    """A new folder beside `out`, locked (see `_lock`) until it is swapped in or discarded."""
    out.parent.mkdir(parents=True, exist_ok=True)
    sweep_left_behind(out)
    with stop_signals_held():  # a stop between making it and noting it here would leave it for good
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        try:
            _held[str(staging)] = _lock(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return staging


def discard_unfinished() -> None:
    """Remove the staging folders this process made and neither swapped in nor discarded:
    a build stopped (Ctrl-C, SIGTERM) as it made one, before its caller had it to discard,
    left it beside the site. Each is noted in `_held` as it is made, with a stop held back."""
    for staging in list(_held):
        discard(Path(staging))


def swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with the finished `staging` folder, while no other build looks at it."""
    with output_locked(out), stop_signals_held():  # a stop between the two renames left no site at all
        retired = _swap(staging, out)
        _release(staging)
    if retired is not None:
        _remove_later(retired)


@contextlib.contextmanager
def output_locked(out: Path) -> Iterator[None]:
    """Holds a lock on the folder above `out` while a build looks at or replaces `out`. Two
    builds into one folder at once (two terminals, a watcher and a build run by hand) each
    swapped their site in: between one's two renames the folder was missing or already back,
    and a build failed with "No such file or directory" or "Directory not empty", or applied
    its small edit to the other's site. In turn, the last one in wins, whole. `goalfolio
    clean` holds it too while it removes the site. Where there are no such locks (Windows,
    some network file systems) builds go on as before."""
    handle = None
    try:
        import fcntl

        handle = os.open(out.parent, os.O_RDONLY)
        fcntl.flock(handle, fcntl.LOCK_EX)
    except (ImportError, OSError):
        if handle is not None:
            os.close(handle)
        handle = None
    try:
        yield
    finally:
        if handle is not None:
            os.close(handle)


def discard(staging: Path) -> None:
    """Remove a staging folder that will not be swapped in (its build failed or stopped)."""
    _release(staging)
    shutil.rmtree(staging, ignore_errors=True)


# Staging folders this process writes, to the descriptor that holds each one's lock.
_held: dict[str, int | None] = {}
# A staging folder left unlocked this long was left by a build that was killed (`kill -9`,
# the machine stopped): no build leaves one unlocked longer than between making and locking it.
ABANDONED_AFTER = 60.0


def _lock(folder: Path, wait: bool = True) -> int | None:
    """An exclusive lock on `folder` held through the returned descriptor: the system drops
    it when the process ends, however it ends, so a later build can tell a staging folder
    still being written from one left behind. None where there are no such locks (Windows,
    a file system without them: "No locks available" failed the build, where
    `output_locked` goes on without), or when `wait` is false and another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(handle)
        return None
    return handle


def _release(staging: Path) -> None:
    handle = _held.pop(str(staging), None)
    if handle is not None:
        os.close(handle)


def _swap(staging: Path, out: Path) -> Path | None:
    """The site swapped out, to be removed; None where there was none. Where the system can
    exchange two names in one step, there is no moment without a site, not even for a
    build killed outright; elsewhere the old site is renamed aside first."""
    if not out.exists():
        staging.rename(out)
        return None
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    if _exchange(staging, out):
        try:
            staging.rename(retired)  # the old site, under a name the next build sweeps even if this one stops here
        except OSError:
            return staging  # the new site is in place: the old one is removed where it is
        return retired
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    return retired


def _exchange(first: Path, second: Path) -> bool:
    """Whether the two folders swapped names in one step (Linux's `renameat2` with
    `RENAME_EXCHANGE`); False where the system, its C library or the file system cannot,
    and on any error, which the two renames then report."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    return bool(renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no C library to load, or one without it (glibc before 2.28)
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _remove_later(folder: Path) -> None:
    """Delete the retired site off the critical path: the new one is already in place, and
    removing hundreds of folders costs more than writing them. A separate `rm` process does
    it (it outlives a `goalfolio build` that has finished); without one it is done here.
    A leftover (the machine stopped first) is swept by the next build of the same folder."""
    if os.name == "posix" and shutil.which("rm"):
        try:
            subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def sweep_left_behind(out: Path) -> None:
    """Retired trees of `out` left by an earlier build that did not get to remove them, and
    staging folders of builds that were killed while writing (no process holds their lock).
    A build that writes no new tree (its site reused, or a small edit applied in place)
    sweeps too: else one killed while writing left a folder as big as the site for as long
    as the builds after it had nothing more to write."""
    for folder in left_behind(out):
        _remove_later(folder)


def left_behind(out: Path) -> list[Path]:
    """The folders beside `out` that builds left and no build still writes: see
    `sweep_left_behind`; `goalfolio clean` removes them too."""
    retired, staging = f".{out.name}.old-", f".{out.name}.new-"
    try:
        entries = sorted((entry for entry in os.scandir(out.parent) if entry.name.startswith((retired, staging))
                          and entry.is_dir(follow_symlinks=False)), key=lambda entry: entry.name)
    except OSError:
        return []
    return [Path(entry.path) for entry in entries
            if entry.name.startswith(retired) or (entry.path not in _held and _abandoned(Path(entry.path)))]


def _abandoned(folder: Path) -> bool:
    """Whether no build holds `folder`'s lock, and it is old enough to have been locked."""
    try:
        if time.time() - folder.stat().st_mtime < ABANDONED_AFTER:
            return False
        handle = _lock(folder, wait=False)
    except OSError:
        return False
    if handle is None:
        return False
    os.close(handle)  # removed by another process: a build that made it again would need its new name anyway
    return True
