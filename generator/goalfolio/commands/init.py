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

    from ..scaffold import init_portfolio

    target = Path(args.directory)
    result = init_portfolio(target, force=args.force)
    for path in result.written:
        print(f"created  {path}")
    for path in result.skipped:
        print(f"skipped  {path} (already exists, left as it is)")
    where = "" if target.resolve() == Path.cwd() else f"cd {args.directory} && "
    print(f"\nNext: {where}goalfolio check, then read README.md to publish it on GitHub Pages.")
    return 0
