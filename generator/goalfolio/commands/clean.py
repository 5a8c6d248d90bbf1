"""`goalfolio clean [PROJECT] [--config FILE]`: remove what a build makes, the build cache and
site/, and nothing a build would refuse to replace."""

from __future__ import annotations

import argparse
from pathlib import Path

from .arguments import project_arguments


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("clean", help="remove the build cache (.goalfolio-cache/) and site/ if goalfolio built it")
    project_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """The config is found as every command finds it, but not read: no setting in it moves
    the site or the cache, so a broken config, often the reason to clean, cannot stop it."""
    import shutil

    from ..cache import CACHE_DIR, remove_cache
    from ..config import find_project

    root = find_project(args.project, args.config).root
    cache = root / CACHE_DIR
    if cache.is_symlink():
        print(f"kept {cache}: it is a symbolic link, which goalfolio never makes; remove it yourself")
    elif remove_cache(root):
        print(f"removed {cache}")
    site = root / "site"
    if not site.exists() and not site.is_symlink():
        return 0
    reason = _not_made_by_goalfolio(site)
    if reason:
        print(f"kept {site}: {reason}")
    else:
        shutil.rmtree(site)
        print(f"removed {site}")
    return 0


def _not_made_by_goalfolio(site: Path) -> str | None:
    """Why `site` is not a site goalfolio made, by the rules `goalfolio build` refuses to
    replace a folder with: a link (whose target may be anything), a folder holding a Git
    repository (a deploy branch checked out there), or one without goalfolio's marker."""
    from ..writer import MARKER

    if site.is_symlink():
        return "it is a symbolic link, which goalfolio never makes"
    if not site.is_dir():
        return "it is not a folder"
    if (site / ".git").exists() or (site / ".git").is_symlink():
        return "it holds .git, a Git repository"
    if not (site / MARKER).is_file():
        return f"it has no {MARKER} file, so goalfolio did not make it"
    return None
