"""`goalfolio clean [PROJECT] [--config FILE]`: remove what a build makes, the build cache and
site/, and nothing goalfolio cannot be sure it made."""

from __future__ import annotations

import argparse
from pathlib import Path

from .arguments import command_words, project_arguments


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("clean", help="remove the build cache (.goalfolio-cache/) and site/ if goalfolio built it")
    project_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """The config is found as every command finds it, but not read: no setting in it moves
    the site or the cache, so a broken config, often the reason to clean, cannot stop it.
    Each of the two is named, removed or kept, and a clean that finds neither says so, as
    a silent one leaves the user unsure whether it looked in the right folder. In a folder
    that is no portfolio, above some (a team repository's top), it names them, as the
    other commands' hints do."""
    from ..cache import CACHE_DIR
    from ..config import find_project, portfolios_hint

    project = find_project(args.project, args.config, command_words(args))
    root = project.root
    cache, site = root / CACHE_DIR, root / "site"
    said = False
    for clean, path in ((_clean_cache, cache), (_clean_site, site), (_clean_left_behind, site)):
        line = clean(path)
        if line:
            print(line, flush=True)
            said = True
    if not said:
        print(f"nothing to remove: no {cache} and no {site}")
    hint = "" if project.config_path.is_file() else portfolios_hint(project)
    if hint:
        print(f"    hint: {hint}")
    return 0


def _clean_cache(cache: Path) -> str:
    """What became of the build cache: removed, kept, or nothing when there is none."""
    from ..cache import remove_cache

    if cache.is_symlink():
        return f"kept {cache}: it is a symbolic link, which goalfolio never makes; remove it yourself"
    if remove_cache(cache.parent):
        return f"removed {cache}"
    if cache.exists():
        return f"kept {cache}: it is not a folder, so goalfolio did not make it"
    return ""


def _clean_site(site: Path) -> str:
    """What became of site/: removed if goalfolio made it, else kept and why. Looked at and
    removed holding the lock a build takes to swap its site in: a build doing so meanwhile
    renamed the folder from under `shutil.rmtree`, which failed on the new one ("Directory
    not empty", exit 1), and one that looked once the marker file was gone refused the
    folder as not goalfolio's (exit 2). The build now waits, and its site is there after."""
    import shutil

    from ..staging import output_locked

    with output_locked(site):
        if not site.exists() and not site.is_symlink():
            return ""
        reason = _not_made_by_goalfolio(site)
        if reason:
            return f"kept {site}: {reason}"
        shutil.rmtree(site)
    return f"removed {site}"


def _clean_left_behind(site: Path) -> str:
    """The folders that builds stopped while writing (killed, or the machine off) left beside
    site/, as big as a site each: the next build removes them, but a clean said it had
    removed what builds make and left them."""
    import shutil

    from ..staging import left_behind

    folders = left_behind(site)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    if not folders:
        return ""
    return f"removed {', '.join(folder.name for folder in folders)} beside {site}: left by builds that were stopped"


def _not_made_by_goalfolio(site: Path) -> str | None:
    """Why `site` is not a site goalfolio made: a link (whose target may be anything, though
    a build writes through it), or, by the rules `goalfolio build` refuses to replace a
    folder with, a folder holding a Git repository (a deploy branch checked out there) or
    one without goalfolio's marker."""
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
