"""Fingerprints of what made a build: content digests of files and folders, and of
goalfolio's own code with the libraries that shape its output.

A leaf module: the build cache, the compiled-theme cache and the command that reuses a
site unchanged all ask it, without importing each other (or Jinja2).
"""

from __future__ import annotations

import errno
import hashlib
import importlib.resources
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from . import __version__

_generator: str | None = None
# Distributions (as pip names their dist-info folders, lowercased) whose code decides what a
# build writes: Markdown to HTML, templates, escaping, YAML and validation.
_LIBRARIES = frozenset({"jinja2", "markupsafe", "markdown_it_py", "mdit_py_plugins", "pyyaml", "pydantic", "pydantic_core"})


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def generator_fingerprint() -> str:
    """What made the cache's contents: goalfolio's own code, the Python that ran it and the
    installed versions of the libraries that shape the output.

    Read from file contents, not file times, so that the same code installed again (on a new
    CI runner, say) keeps the cache. Any changed module, during development or after an
    upgrade without a version bump, and any upgraded library give a new fingerprint, and so
    a cache that is thrown away rather than one that lies.
    """
    global _generator
    if _generator is None:
        _generator = code_fingerprint(Path(__file__).parent, library_versions(sys.path))
    return _generator


def code_fingerprint(package: Path, libraries: Iterable[str]) -> str:
    h = hashlib.blake2b(f"{__version__}|{sys.version}|{'|'.join(libraries)}\n".encode(), digest_size=16)
    for name, digest in tree_digests(package).items():
        h.update(listed_line(name, digest))
    return h.hexdigest()


def listed_line(name: str, digest: str) -> bytes:
    """A `tree_digests` entry as the bytes to hash: the name as the file system holds it.
    A name the locale cannot decode (any non-ASCII name in the C locale, or one not in
    UTF-8, as an old zip leaves it) comes with surrogates, which UTF-8 refuses: a cached
    build failed on it with an internal error."""
    return os.fsencode(name) + f":{digest}\n".encode()


def library_versions(folders: Iterable[str]) -> list[str]:
    """The `NAME-VERSION.dist-info` folders of the output's libraries found in `folders`.

    Read from the folder names pip gives them: `importlib.metadata` would tell the same,
    but importing it costs 25 to 35 ms, and a warm build takes less than 0.3 s."""
    found: list[str] = []
    for folder in folders:
        try:
            names = os.listdir(folder or ".")
        except OSError:  # a zip file on the path, or a folder that is gone
            continue
        found += (name for name in names if name.endswith(".dist-info") and name.partition("-")[0].lower() in _LIBRARIES)
    return sorted(found)


def tree_digests(folder: Path, skip: Iterable[str] = (), read: dict[str, str] | None = None,
                 ignored: Callable[[str], bool] | None = None) -> dict[str, str]:
    """Relative path to content digest for every file under `folder` (dot-names skipped);
    `read` gets each file's full path to its digest. `ignored` leaves out the names a build
    never reads (`ignorednames.is_ignored`), so that an editor's backup file does not make the
    next build start over."""
    found: dict[str, str] = {}
    if not folder.is_dir():
        return found
    for path, name in _files_below(folder, skip, ignored):
        if path is None:
            found[name] = "a folder read already"
            continue
        try:
            digest = _regular_file_digest(path)
        except OSError:
            found[name] = "unreadable"
            continue
        if digest is None:
            found[name] = "not a file"
            continue
        found[name] = digest
        if read is not None:
            read[path] = digest
    return found


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def regular_file_bytes(path: str, limit: int | None = None) -> bytes | None:
    """The file's bytes; None for a named pipe, socket or device, which the loader does not
    read either. Opened without blocking: reading a named pipe would wait for a writer
    forever (a cached build hung on one in content/, and a file replaced by one between
    the walk and the read would hang the loader). A file of more than `limit` bytes raises
    EFBIG instead of filling the memory."""
    handle = os.open(path, _READ_FLAGS)
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            return None
        if limit is not None and status.st_size > limit:
            raise OSError(errno.EFBIG, f"this file holds {status.st_size:,} bytes, more than the {limit // 2**20} MiB a content file may hold", path)
        chunks, total = [], 0
        while chunk := os.read(handle, status.st_size + 1):
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total > limit:  # it grew while read
                raise OSError(errno.EFBIG, f"this file holds more than the {limit // 2**20} MiB a content file may hold", path)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _regular_file_digest(path: str) -> str | None:
    """`digest_bytes` of a regular file's bytes (None as `regular_file_bytes`), read in pieces
    of at most 4 MiB: telling whether anything changed does not hold a huge file in memory
    (the loader then refuses it)."""
    handle = os.open(path, _READ_FLAGS)
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            return None
        digest = hashlib.blake2b(digest_size=16)
        while chunk := os.read(handle, min(status.st_size + 1, 1 << 22)):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(handle)


def _files_below(folder: Path, skip: Iterable[str] = (),
                 ignored: Callable[[str], bool] | None = None) -> Iterator[tuple[str | None, str]]:
    """(path, path relative to `folder`) of each file below it, in a stable order, leaving out
    dot-names (as the loader and the theme's static files do), `skip` folders and compiled Python. Each build walks the content, the themes
    and goalfolio itself: the relative path is cut from the walk's own, which costs far
    less than `os.path.relpath` per file.

    A folder reached a second time (a symlink) comes as (None, its relative path): the
    loader refuses one that leads back to a folder it is in, and reads another twice, so
    adding one changes what a build makes."""
    skipped = {*skip, "__pycache__"}
    start = len(str(folder)) + 1
    seen = {os.path.realpath(folder)}
    for root, dirs, files in os.walk(folder, followlinks=True):
        wanted = [d for d in sorted(dirs) if not d.startswith(".") and d not in skipped and not (ignored and ignored(d))]
        dirs[:] = [d for d in wanted if _first_visit(root, d, seen)]
        for name in sorted(set(wanted) - set(dirs)):
            yield None, os.path.join(root, name)[start:]
        for name in sorted(files):
            if not name.startswith(".") and not name.endswith(".pyc") and not (ignored and ignored(name)):
                path = os.path.join(root, name)
                yield path, path[start:]


def _first_visit(root: str, name: str, seen: set[str]) -> bool:
    """The loader follows symlinked folders (inside the project), so the walk that tells
    whether anything changed follows them too; a folder reached twice is read once."""
    real = os.path.realpath(os.path.join(root, name))
    if real in seen:
        return False
    seen.add(real)
    return True


def builtin_themes_dir() -> Path:
    """Where the themes shipped inside the package are."""
    return Path(str(importlib.resources.files("goalfolio.themes")))
