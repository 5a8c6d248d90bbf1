"""`goalfolio check [PROJECT] [--strict] [--format json]`."""

from __future__ import annotations

import argparse

from .arguments import command_words, format_argument, project_arguments


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("check", help="validate the content and audit each goal against the coaching checklist")
    project_arguments(parser)
    format_argument(parser)
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..check import CheckResult, case_scores, format_scores, goal_scores, run_check
    from ..config import find_project
    from ..errors import UserError, has_errors
    from ..report import format_json, format_text, summary

    project = find_project(args.project, args.config, command_words(args))
    try:
        result = run_check(project)
    except UserError as exc:  # an unusable config: no scores, but the report is the same, on stdout
        result = CheckResult(exc.diagnostics, [], [])
    diagnostics = result.diagnostics
    if args.format == "json":
        print(format_json(diagnostics, goals=goal_scores(result), cases=case_scores(result)))
    else:
        if diagnostics:
            print(format_text(diagnostics))
            print()
        scores = format_scores(result)
        if scores:
            print(scores)
        print(summary(diagnostics))
    failed = has_errors(diagnostics) or (args.strict and bool(diagnostics))
    return 1 if failed else 0
