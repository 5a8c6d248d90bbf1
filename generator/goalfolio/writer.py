"""Write a built site to disk atomically: into a fresh folder beside the output, swapped in
(`staging`) only when complete, so a failed or interrupted build never leaves a
half-written site. First, the output folder is checked: a build replaces it whole.

With the previous build's manifest (output path to digest and file identity), a file whose
bytes did not change is hard-linked from the current site instead of written again, and a
site that is already exactly right on disk is left alone.

A small edit (the same files, at most `IN_PLACE_LIMIT` of them changed) of a site that is
exactly as last written is applied in place instead: each changed file is written beside
its old one and renamed over it, so a reader sees the old or the new file, never part of
one. Rebuilding the tree for it would cost more than the edit (about 0.1 s at 1,000 pages).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import CACHE_DIR
from .errors import UsageError
from .staging import discard, new_staging, output_locked, swap_in, sweep_left_behind
from .stopsignals import stop_signals_held

if TYPE_CHECKING:
    from .config import Project

MARKER = ".goalfolio-site"
IN_PLACE_LIMIT = 64


def check_output_folder(out_dir: Path, project: Project) -> None:
    """Refuse folders whose replacement would destroy something that is not a goalfolio site,
    and folders inside what a build reads: a site written into content/assets/ is published
    by the next public build, private pages and all."""
    try:
        out = out_dir.resolve()
        looped = out.is_symlink() and _loops(out)  # Python 3.13 leaves a link it cannot follow as it is
    except RuntimeError:  # where Python 3.10 to 3.12 raise
        looped = True
    if looped:
        raise UsageError(f"refusing to write the site to {out_dir}: it is a symbolic link that leads back to itself; "
                         f"remove it or choose another --out") from None
    protected = {Path("/"): "the root folder", Path.home().resolve(): "your home folder", project.root: "the project folder",
                 _real(project.content_dir): "the content folder"}
    for place, name in protected.items():
        if out == place or out in place.parents:
            what = name if out == place else f"above {name}, {place}"
            raise UsageError(f"refusing to write the site to {out}: it is {what}, and a build replaces its output folder "
                             f"whole; choose a folder such as {project.root / 'site'}")
    for source in (project.content_dir, project.themes_dir, project.root / CACHE_DIR):
        source = _real(source)
        if out == source or source in out.parents:
            raise UsageError(f"refusing to write the site to {out}: it is {'inside ' if out != source else ''}{source}, which builds read "
                             f"(the next build would take it in and publish it); choose a folder such as {project.root / 'site'}")
    if not _folder_or_missing(out):
        raise UsageError(f"refusing to write the site to {out}: it is not a folder")
    above = next((folder for folder in out.parents if folder.exists()), None)
    if above is not None and not above.is_dir():  # else "File exists", as if the disk had failed
        raise UsageError(f"refusing to write the site to {out}: {above} is a file, not a folder")
    if out.is_dir() and os.path.ismount(out):  # renaming it fails ("Device or resource busy") once the site is built
        raise UsageError(f"refusing to write the site to {out}: it is a mount point, which a build cannot replace (it writes "
                         f"the new site beside it and swaps the two); write to a folder inside it, such as {out / 'site'}")
    with output_locked(out):  # not between another build's two renames, when it is missing
        entries = [e.name for e in os.scandir(out)] if out.is_dir() else []
    if entries:
        if ".git" in entries:
            raise UsageError(f"refusing to write the site to {out}: it holds a .git folder")
        if MARKER not in entries:
            raise UsageError(f"refusing to replace {out}: it is not empty and was not made by goalfolio (no {MARKER} file); empty it or choose another --out")


def _real(path: Path) -> Path:
    """`path` with its links followed as far as they lead. `Path.resolve` raises RuntimeError
    (Python 3.10 to 3.12) on a link that leads back to itself: a `content`, `themes` or
    `.goalfolio-cache` link of that kind failed every build with an internal error."""
    return Path(os.path.realpath(path))


def _folder_or_missing(out: Path) -> bool:
    """One look at `out`: another build swapping its site in renames the folder away and
    back, and between "it exists" and "it is a folder" asked apart it went (exit 1, "it is
    not a folder", from a build writing the same site at the same time)."""
    try:
        return stat.S_ISDIR(os.lstat(out).st_mode)
    except (FileNotFoundError, NotADirectoryError):  # missing, or below a file: told next
        return True


def _loops(link: Path) -> bool:
    """Whether the symbolic link leads back to itself (a link to nothing yet is a folder to make)."""
    try:
        os.stat(link)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def write_site(files: dict[str, bytes], out_dir: Path, project: Project, manifest: dict[str, Any] | None = None,
               record: bool = True) -> dict[str, Any]:
    """Write `files` into `out_dir`; returns the manifest to pass to the next call.

    With `record` false (no build cache to keep the manifest in) no digest is computed and
    no written file is looked at again: the manifest returned is then empty."""
    check_output_folder(out_dir, project)
    out = out_dir.resolve()
    with output_locked(out):  # what is verified is what is replaced in place, not another build's site
        previous, exact = _verified(manifest, out)
        digests = {path: _digest(data) for path, data in files.items()} if record or previous else {}
        if exact and previous.keys() == digests.keys():
            changed = [p for p, d in digests.items() if previous[p][0] != d]
            if len(changed) <= IN_PLACE_LIMIT:
                try:
                    written = _replace_in_place(files, changed, digests, out, previous)
                except OSError:
                    pass  # nothing was replaced: write the whole site beside it, as for a larger change
                else:
                    sweep_left_behind(out)
                    return _manifest(out, written)
    staging = new_staging(out)
    try:
        written = _write_tree(files, staging, digests, out, previous, record)
        _finish(staging, out)
    except BaseException:
        discard(staging)
        raise
    return _manifest(out, written) if record else {}


def _manifest(out: Path, files: dict[str, tuple[str, tuple[int, int, int]]]) -> dict[str, Any]:
    """What the next build needs to know of this site: where it is, its files, and the
    encoding their names were decoded with. A name is kept as the locale read it, and one
    recorded in a UTF-8 locale (`İstanbul.svg`) cannot even be looked up in a Latin-1 or
    C locale: the next build there failed with an internal error."""
    return {"out": str(out), "encoding": sys.getfilesystemencoding(), "files": files}


def _replace_in_place(files: dict[str, bytes], changed: list[str], digests: dict[str, str], out: Path,
                      previous: dict[str, tuple[str, tuple[int, int, int]]]) -> dict[str, tuple[str, tuple[int, int, int]]]:
    """Every new file is written beside its old one before any is renamed over it: a file
    that cannot be written (a full disk, a folder made read-only) leaves the site as it was."""
    written = dict(previous)
    temporaries: list[tuple[str, Path]] = []
    try:
        for relative in changed:
            target = out / relative
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.new-", dir=target.parent)
            temporaries.append((relative, Path(name)))
            with os.fdopen(handle, "wb") as stream:
                stream.write(files[relative])
            os.chmod(name, _file_mode())
    except BaseException:
        for _, written_beside in temporaries:
            written_beside.unlink(missing_ok=True)
        raise
    with stop_signals_held():  # a stop between two renames left the site half old, half new
        for relative, written_beside in temporaries:
            os.replace(written_beside, out / relative)
            written[relative] = (digests[relative], _identity(os.stat(out / relative)))
    return written


class StreamingSite:
    """A site written file by file while it is built, for one-shot builds without a cache:
    a page's bytes need not be kept until the whole site is rendered (about 110 MB at
    10,000 items). Files go to the same staging folder as `write_site`'s, swapped in by
    `finish` only when complete; `abort` (or a failed build) leaves `out_dir` untouched.

    `prepare` checks the output folder and makes the staging folder; once it has run,
    forked workers can `add` files too (each writes its own), which saves sending every
    page's bytes back to the parent to be written one after another."""

    def __init__(self, out_dir: Path, project: Project) -> None:
        self.out_dir, self.project = out_dir, project
        self.staging: Path | None = None

    def prepare(self) -> Path:
        if self.staging is None:
            check_output_folder(self.out_dir, self.project)
            self.staging = new_staging(self.out_dir.resolve())
        return self.staging

    def add(self, relative: str, data: bytes) -> None:
        _write_tree({relative: data}, self.prepare(), {}, self.out_dir, {}, False)

    def finish(self, rest: dict[str, bytes]) -> None:
        """Write the files of `rest` (those not added yet), then swap the site in."""
        staging = self.prepare()
        try:
            _write_tree(rest, staging, {}, self.out_dir, {}, False)
            _finish(staging, self.out_dir.resolve())
        except BaseException:
            self.abort()
            raise
        self.staging = None

    def abort(self) -> None:
        if self.staging is not None:
            discard(self.staging)
            self.staging = None


def _finish(staging: Path, out: Path) -> None:
    (staging / MARKER).write_bytes(b"This folder is written by goalfolio build and replaced on every build.\n")
    staging.chmod(0o755 & ~_umask())
    swap_in(staging, out)


@functools.cache
def _umask() -> int:
    """The process's umask, which files made by `os.open` follow by themselves: files and
    folders made private-to-start (`mkstemp`, `mkdtemp`) are opened up to the same modes,
    never further (an owner-view build under `umask 077` stays the owner's)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _file_mode() -> int:
    """The mode of a written file: 0644 under the usual umask 022."""
    return 0o644 & ~_umask()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _identity(found: os.stat_result) -> tuple[int, int, int]:
    return (found.st_size, found.st_mtime_ns, found.st_ino)


def _verified(manifest: dict[str, Any] | None, out: Path) -> tuple[dict[str, tuple[str, tuple[int, int, int]]], bool]:
    """The manifest's entries whose file in `out` is still the one written (same size, time
    and inode) with the mode this build gives files, and whether `out` holds exactly those
    files. A file written under another umask (`umask 077` once) is written again, not kept
    or linked: a build with the cache leaves the modes a clean build would."""
    if not manifest or manifest.get("out") != str(out) or manifest.get("encoding") != sys.getfilesystemencoding() \
            or not (out / MARKER).is_file():
        return {}, False
    kept: dict[str, tuple[str, tuple[int, int, int]]] = {}
    mode = _file_mode() if os.name == "posix" else None  # Windows keeps a read-only flag, not modes
    for path, (digest, identity) in manifest.get("files", {}).items():
        try:
            found = os.stat(out / path)
        except OSError:
            continue
        if _identity(found) == tuple(identity) and mode in (None, stat.S_IMODE(found.st_mode)):
            kept[path] = (digest, identity)
    files = manifest.get("files", {})
    on_disk = sum(len(folders) + len(names) for _, folders, names in os.walk(out)) - 1  # the marker
    return kept, on_disk == len(kept) + len(_folders_of(files)) and len(kept) == len(files)


def _folders_of(paths: Iterable[str]) -> set[str]:
    """The folders that hold `paths` (output paths, `/`-separated), at every depth. A site
    holding anything else is not as last written: counting its files alone, a folder put
    into it, or a link to one (to content/, which a deploy that follows links publishes),
    stayed through every build with the cache."""
    found: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _write_tree(files: dict[str, bytes], root: Path, digests: dict[str, str], out: Path,
                previous: dict[str, tuple[str, tuple[int, int, int]]], record: bool) -> dict[str, tuple[str, tuple[int, int, int]]]:
    made: set[str] = set()
    written: dict[str, tuple[str, tuple[int, int, int]]] = {}
    base, source = str(root), str(out)
    for relative, data in files.items():
        target = os.path.join(base, relative)
        parent = os.path.dirname(target)
        if parent not in made:
            _make_folder(parent)
            made.add(parent)
        old = previous.get(relative)
        if old is not None and old[0] == digests[relative]:
            try:
                os.link(os.path.join(source, relative), target)
                identity = _identity(os.stat(target))
                if identity != tuple(old[1]):  # another build's file, swapped in since it was verified
                    os.unlink(target)
                    raise FileNotFoundError(target)
                if record:
                    written[relative] = (digests[relative], identity)
                continue
            except OSError:
                pass
        handle = os.open(target, _FLAGS, 0o644)
        try:
            _write_all(handle, data, target)
            if record:
                written[relative] = (digests[relative], _identity(os.fstat(handle)))
        finally:
            os.close(handle)
    return written


def _write_all(handle: int, data: bytes, target: str) -> None:
    """`data` into the open file `target`. A failed write names the file: `os.write` does not,
    and a full disk was reported as "No space left on device" alone."""
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(handle, view):]
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, exc.strerror, target) from None


def _make_folder(path: str) -> None:
    """`os.makedirs(path, exist_ok=True)` with one system call in the usual case (the parent
    exists: every page has its own folder, and a cold build makes hundreds of them)."""
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)
