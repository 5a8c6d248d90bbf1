"""`goalfolio new TYPE "Title" [PROJECT] [--goal ID]`: a new content file from a template."""

from __future__ import annotations

import argparse

from .arguments import command_words, format_argument, project_arguments, typed_text
from .log import accept_trailing_positionals

TYPES = ["goal", "evidence", "endorsement", "review", "case"]


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("new", help="write a new goal, evidence, endorsement, review or case with today's date")
    parser.add_argument("type", choices=TYPES, help="what to create")
    parser.add_argument("title", nargs="?", default=None,
                        help="its title, which also gives the file name (for an endorsement: the author's name; "
                             "optional for a review, which is then named after today's date)")
    project_arguments(parser)
    format_argument(parser)
    parser.add_argument("--goal", action="append", default=[], metavar="ID",
                        help="link it to this goal (repeatable); for a new goal, its parent goal")
    parser.add_argument("--id", metavar="ID",
                        help="its id and file name, instead of one made from the title (lowercase letters, digits "
                             "and `-`); needed when the title has no Latin letters or digits")
    accept_trailing_positionals(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..config import find_project
    from ..scaffold import new_item
    from .log import pinned_day, print_created

    title, folder = args.title, args.project
    if args.type == "review" and folder is None and _is_portfolio(title):
        title, folder = None, title  # `goalfolio new review PROJECT`: a review needs no title
    project = find_project(folder, args.config, command_words(args, args.type, title))
    title = None if title is None else typed_text(title, "title")
    path = new_item(project, args.type, title, args.goal, given_id=args.id)
    print_created(path, [pinned_day(project)], args.format)
    return 0


def _is_portfolio(folder: str | None) -> bool:
    from pathlib import Path

    from ..config import CONFIG_NAME

    return folder is not None and (Path(folder) / CONFIG_NAME).is_file()
