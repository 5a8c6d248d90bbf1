"""Write a built site to disk atomically: into a fresh folder beside the output, swapped in
only when complete, so a failed or interrupted build never leaves a half-written site.

With the previous build's manifest (output path to digest and file identity), a file whose
bytes did not change is hard-linked from the current site instead of written again, and a
site that is already exactly right on disk is left alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError

if TYPE_CHECKING:
    from .config import Project

MARKER = ".goalfolio-site"


def check_output_folder(out_dir: Path, project: Project) -> None:
    """Refuse folders whose replacement would destroy something that is not a goalfolio site."""
    out = out_dir.resolve()
    protected = {Path("/"), Path.home().resolve(), project.root, project.content_dir.resolve()}
    for place in protected:
        if out == place or out in place.parents:
            raise UsageError(f"refusing to write the site to {out}: it is {'or contains ' if out != place else ''}{place}; choose a folder such as {project.root / 'site'}")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UsageError(f"refusing to write the site to {out}: it is not a folder")
    if out.is_dir():
        entries = [e.name for e in os.scandir(out)]
        if ".git" in entries:
            raise UsageError(f"refusing to write the site to {out}: it holds a .git folder")
        if entries and MARKER not in entries:
            raise UsageError(f"refusing to replace {out}: it is not empty and was not made by goalfolio (no {MARKER} file); empty it or choose another --out")


def write_site(files: dict[str, bytes], out_dir: Path, project: Project, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write `files` into `out_dir`; returns the manifest to pass to the next call."""
    check_output_folder(out_dir, project)
    out = out_dir.resolve()
    digests = {path: hashlib.blake2b(data, digest_size=16).hexdigest() for path, data in files.items()}
    previous, exact = _verified(manifest, out)
    if exact and previous.keys() == digests.keys() and all(previous[p][0] == d for p, d in digests.items()):
        return {"out": str(out), "files": previous}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        written = _write_tree(files, staging, digests, out, previous)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {"out": str(out), "files": written}


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _verified(manifest: dict[str, Any] | None, out: Path) -> tuple[dict[str, tuple[str, tuple[int, int, int]]], bool]:
    """The manifest's entries whose file in `out` is still the one written (same size, time
    and inode), and whether `out` holds exactly those files."""
    if not manifest or manifest.get("out") != str(out) or not (out / MARKER).is_file():
        return {}, False
    kept: dict[str, tuple[str, tuple[int, int, int]]] = {}
    for path, (digest, identity) in manifest.get("files", {}).items():
        try:
            if _identity(os.stat(out / path)) == tuple(identity):
                kept[path] = (digest, identity)
        except OSError:
            continue
    on_disk = sum(len(names) for _, _, names in os.walk(out)) - 1  # the marker
    return kept, on_disk == len(kept) == len(manifest.get("files", {}))


def _write_tree(files: dict[str, bytes], root: Path, digests: dict[str, str], out: Path,
                previous: dict[str, tuple[str, tuple[int, int, int]]]) -> dict[str, tuple[str, tuple[int, int, int]]]:
    made: set[Path] = set()
    written: dict[str, tuple[str, tuple[int, int, int]]] = {}
    for relative, data in files.items():
        target = root / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        old = previous.get(relative)
        linked = False
        if old is not None and old[0] == digests[relative]:
            try:
                os.link(out / relative, target)
                linked = True
            except OSError:
                pass
        if not linked:
            target.write_bytes(data)
        written[relative] = (digests[relative], _identity(os.stat(target)))
    (root / MARKER).write_bytes(b"This folder is written by goalfolio build and replaced on every build.\n")
    root.chmod(0o755)
    return written


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
