"""`goalfolio clean [PROJECT]`: remove the build cache, and site/ when goalfolio made it."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("clean", help="remove the build cache (.goalfolio-cache/) and site/ if goalfolio built it")
    parser.add_argument("project", nargs="?", default=".", help="the portfolio folder (default: the current folder)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import shutil
    from pathlib import Path

    from ..cache import CACHE_DIR, remove_cache
    from ..errors import UsageError
    from ..writer import MARKER

    root = Path(args.project).resolve()
    if not root.is_dir():
        raise UsageError(f"the project folder {args.project} {'is not a folder' if root.exists() else 'does not exist'}")
    if remove_cache(root):
        print(f"removed {root / CACHE_DIR}")
    site = root / "site"
    if site.is_dir() and not site.is_symlink():
        if (site / MARKER).is_file():
            shutil.rmtree(site)
            print(f"removed {site}")
        else:
            print(f"kept {site}: it has no {MARKER} file, so goalfolio did not make it")
    return 0
