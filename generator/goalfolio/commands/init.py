"""`goalfolio init [DIR] [--force]`: a ready portfolio repository with starter content."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("init", help="create a portfolio: starter content, config and a GitHub Pages workflow")
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the folder to create (default: the current folder)")
    parser.add_argument("--force", action="store_true",
                        help="add the starter files to a folder that is not empty; existing files are never overwritten")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..starter import WORKFLOW, init_portfolio

    target = Path(args.directory)
    result = init_portfolio(target, force=args.force)
    for path in result.written:
        print(f"created  {path}")
    for path in result.skipped:
        print(f"skipped  {path} (already exists, left as it is)")
    here = target.resolve() == Path.cwd()
    where = "" if here else f"cd {args.directory} && "
    if result.team_readme:
        print("note     README.md is the starter README for a folder of a larger repository: it points to the workflow "
              "at that repository's top. Delete it and run this command again for one that explains this folder's own workflow.")
    if result.repository is None:
        print(f"\nNext: {where}goalfolio check, then read README.md to publish it on GitHub Pages.")
        return 0
    print(f"left out  {WORKFLOW} (GitHub runs only the workflows at the top of the repository, {result.repository})")
    folder = "this folder" if here else args.directory
    print(f"\nNext: {where}goalfolio check. To publish several portfolios from one repository, use one workflow at its top: "
          'see "Several portfolios in one repository" in goalfolio\'s docs/publishing.md. '
          f"If {folder} is to be a repository of its own, run `git init` in it; then "
          f"`goalfolio init --force{'' if here else ' ' + args.directory}` adds the workflow.")
    return 0
