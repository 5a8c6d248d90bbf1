"""Write a built site to disk atomically: into a fresh folder beside the output, swapped in
only when complete, so a failed or interrupted build never leaves a half-written site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .config import Project
from .errors import UsageError

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


def write_site(files: dict[str, bytes], out_dir: Path, project: Project) -> None:
    check_output_folder(out_dir, project)
    out = out_dir.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        _write_tree(files, staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_tree(files: dict[str, bytes], root: Path) -> None:
    made: set[Path] = set()
    for relative, data in files.items():
        target = root / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
    (root / MARKER).write_bytes(b"This folder is written by goalfolio build and replaced on every build.\n")
    root.chmod(0o755)


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
