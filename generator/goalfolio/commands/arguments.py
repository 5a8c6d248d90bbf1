"""Arguments that several commands share, so each reads them the same way."""

from __future__ import annotations

import argparse
import os


def jobs_argument(parser: argparse.ArgumentParser, which: str) -> None:
    """`--jobs N` of `build` and `serve`: worker processes for `which` builds."""
    parser.add_argument("--jobs", type=_worker_count, default=0, metavar="N",
                        help=f"worker processes for {which} (default: 1 for small sites, every CPU for large ones)")


def ascii_digits(text: str) -> bool:
    """Whether `int` reads the text as a count: `str.isdigit` also takes `²`, which `int`
    refuses, and argparse then named the converter in its message instead of saying what
    it expects."""
    return text.isascii() and text.isdigit()


def _worker_count(text: str) -> int:
    digits = text.strip()
    count = int(digits) if ascii_digits(digits) else -1
    if count < 0:
        raise argparse.ArgumentTypeError(f"expected 0 (chosen by the site's size) or a number of processes, got {text!r}")
    return count


def project_arguments(parser: argparse.ArgumentParser) -> None:
    """Every command that works on a project: its folder and, optionally, another config file."""
    parser.add_argument("project", nargs="?", metavar="PROJECT",
                        help="the portfolio folder (default: the current folder, or the nearest one above it with goalfolio.yaml)")
    parser.add_argument("--config", metavar="FILE", help="another config file instead of PROJECT/goalfolio.yaml")


def command_words(args: argparse.Namespace, *before_project: str | None) -> str:
    """The command as run, up to PROJECT (`goalfolio new goal 'Lead the team'`): a hint that
    names the portfolios below a folder shows it run on one of them, ready to copy."""
    import shlex

    return " ".join([args.command_parser.prog, *(shlex.quote(word) for word in before_project if word is not None)])


def format_argument(parser: argparse.ArgumentParser) -> None:
    """`--format` of the commands that report problems once and end. Not `serve`'s: its
    output is a live log for a person, rebuild after rebuild, and its problems are shown in
    the browser too; `check --format json` reports everything a build would, for tools."""
    parser.add_argument("--format", choices=["text", "json"], default="text", help="how to print problems")


def typed_text(text: str, what: str) -> str:
    """A title or text as typed. In a locale that is not UTF-8 (`LC_ALL=C` with
    `PYTHONUTF8=0`, a Latin-1 one), Python decodes the arguments with the locale, each byte
    it cannot decode a lone surrogate: `new` wrote the title `Z\\uDCC3\\uDCBCrich` for
    `Zürich`, and `log` failed writing its file (exit 3), leaving it empty. A terminal
    sends UTF-8, so the bytes are read as UTF-8."""
    from ..errors import UsageError

    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(text).decode("utf-8")
    except UnicodeError:
        raise UsageError(f"the {what} is neither UTF-8 nor text in this locale's encoding: "
                         f"{os.fsencode(text).decode('ascii', 'backslashreplace')}") from None
