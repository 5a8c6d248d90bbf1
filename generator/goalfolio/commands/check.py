"""`goalfolio check [PROJECT] [--strict] [--format json]`."""

from __future__ import annotations

import argparse

from .arguments import project_arguments


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("check", help="validate the content and audit each goal against the coaching checklist")
    project_arguments(parser)
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..check import format_scores, run_check
    from ..config import find_project
    from ..errors import has_errors
    from ..report import format_json, format_text, summary

    result = run_check(find_project(args.project, args.config))
    if args.format == "json":
        print(format_json(result.diagnostics))
    else:
        if result.diagnostics:
            print(format_text(result.diagnostics))
            print()
        scores = format_scores(result)
        if scores:
            print(scores)
        print(summary(result.diagnostics))
    failed = has_errors(result.diagnostics) or (args.strict and bool(result.diagnostics))
    return 1 if failed else 0
