"""`goalfolio log "TEXT" [--goal ID] [--kind KIND] [--date YYYY-MM-DD] [PROJECT]`: capture a win."""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .arguments import command_words, format_argument, project_arguments, typed_text

if TYPE_CHECKING:
    from ..config import Project

OPTION_END = "--"
NEGATIVE_NUMBER = re.compile(r"-\d")  # "-8% churn" is text, not an option


class OptionsFirstParser(argparse.ArgumentParser):
    """Accepts positionals after the options, as in `goalfolio log "text" --goal g PROJECT`.

    argparse fills every positional from the first run of plain words, so a PROJECT written
    after the options would be rejected. This parser moves the options first and puts the
    positionals after `--`, keeping their order, before parsing as usual.
    """

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
        words = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(self.options_first(words), namespace)

    def options_first(self, words: list[str]) -> list[str]:
        with_value = {o for a in self._actions if a.nargs != 0 for o in a.option_strings}
        options: list[str] = []
        positionals: list[str] = []
        rest = iter(words)
        for word in rest:
            if word == OPTION_END:
                positionals.extend(rest)
            elif word.startswith("-") and word != "-" and not NEGATIVE_NUMBER.match(word):
                options.append(word)
                if word in with_value:
                    options.extend(value for value in [next(rest, None)] if value is not None)
            else:
                positionals.append(word)
        return [*options, OPTION_END, *positionals] if positionals else options


def accept_trailing_positionals(parser: argparse.ArgumentParser) -> None:
    """Subparsers are made by argparse itself, so the behaviour is added to the one made."""
    parser.__class__ = OptionsFirstParser


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("log", help="capture a win in one line as dated evidence, with any metric it states")
    parser.add_argument("text", help='what happened, e.g. "Shipped the onboarding revamp, activation +12%%"')
    project_arguments(parser)
    format_argument(parser)
    parser.add_argument("--goal", action="append", default=[], metavar="ID", help="the goal it serves (repeatable)")
    parser.add_argument("--kind", default="result", metavar="KIND",
                        help="the evidence kind: result (default), project, certification, course, talk, "
                             "publication, interview, referral, assignment or other")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="when it happened (default: today)")
    accept_trailing_positionals(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..config import find_project
    from ..errors import written_number
    from ..scaffold import log_win

    project = find_project(args.project, args.config, command_words(args, args.text))
    path, metrics = log_win(project, typed_text(args.text, "text"), args.goal, args.kind, _date(args.date))
    notes = [pinned_day(project) if args.date is None else ""]
    for metric in metrics:
        before = f"{written_number(metric.before)} -> " if metric.before is not None else ""
        sign = "+" if metric.change and metric.after > 0 else ""
        kind = " (change)" if metric.change else ""
        note = f" ({metric.note})" if metric.note else ""
        notes.append(f"  metric: {metric.name}: {before}{sign}{written_number(metric.after)} {metric.unit}{kind}".rstrip() + note)
    if not metrics:
        notes.append("  no metric found in the text; the file has a commented template to add one")
    print_created(path, notes, args.format)
    return 0


def _date(text: str | None) -> datetime.date | None:
    from ..errors import UsageError

    if text is None:
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):  # Python 3.11 reads `20260314` and week dates too; 3.10 does not
        raise UsageError(f"--date must be a date written YYYY-MM-DD, e.g. 2026-03-14; got `{text}`")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--date `{text}` is not a valid date: {exc}") from None


def pinned_day(project: Project) -> str:
    """A new item is dated on the day the config pins, not the clock's: the line that says so."""
    from ..config import load_config

    pinned = load_config(project).today
    return f"  dated {pinned.isoformat()}, the `today:` set in {project.config_name}" if pinned is not None else ""


def print_created(path: Path, notes: list[str], fmt: str) -> None:
    """The new file's path, then the notes on it. With `--format json`, as `build` does, stdout
    holds only the JSON object (`problems` and the path as `created`) and the notes go to stderr."""
    from ..report import format_json

    lines = [note for note in notes if note]
    if fmt == "json":
        print(format_json([], created=shown_path(path)))
        if lines:
            print("\n".join(lines), file=sys.stderr)
        return
    print("\n".join([shown_path(path), *lines]))


def shown_path(path: Path) -> str:
    """Relative to the current folder when inside it, so it can be pasted into an editor command."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
