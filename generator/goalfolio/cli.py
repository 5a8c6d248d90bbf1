"""The command line: parse arguments, call one function per command, print, return an exit code."""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any, NoReturn, TextIO, cast

from . import __version__
from .errors import BuildStopped, UsageError, UserError

ISSUES_URL = "https://github.com/goalfolio/goalfolio/issues"
# What to do about the errors of the disk a command meets most (a build leaves the previous
# site as it was on each of them).
DISK_HINTS = {
    errno.ENOSPC: "free some space on that disk, or build into a folder on another one with --out",
    errno.EDQUOT: "free some space within your disk quota, or build into a folder on another disk with --out",
    errno.EROFS: "that file system is mounted read-only; build into a folder on another one with --out",
    errno.EACCES: "check the permissions of that path and of the folders above it",
    errno.EPERM: "check the permissions and attributes (such as immutable) of that path and of the folders above it",
}
STANDARD_OUTPUT = "standard output"  # the name an error of writing to it is reported with
# Where the standard output is a file (`> report.json`) the command has no --out to give.
STANDARD_OUTPUT_HINTS = {
    errno.ENOSPC: "free some space on the disk the output is redirected to, or redirect it to a file on another one",
    errno.EDQUOT: "free some space within your disk quota, or redirect the output to a file on another disk",
}


def main(argv: Sequence[str] | None = None) -> int:
    _escape_what_the_terminal_cannot_show()
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # named with its command, as argparse names every other mistake in its arguments
        getattr(args, "command_parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    ctrl_c = _CtrlC()
    try:
        with _ctrl_c_noted(ctrl_c):
            return int(args.run(args))
    except UserError as exc:
        _print_problems(exc, args)
        return 1
    except UsageError as exc:
        print(f"goalfolio: error: {exc}", file=sys.stderr)
        return 2
    except BuildStopped as exc:
        print(f"goalfolio: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        from .staging import discard_unfinished

        discard_unfinished()
        return 128 + signal.SIGTERM if ctrl_c.terminated else 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except OSError as exc:  # the disk, not goalfolio: full, read-only, gone
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"goalfolio: error: {where}{exc.strerror or exc}", file=sys.stderr)
        hint = (STANDARD_OUTPUT_HINTS if exc.filename == STANDARD_OUTPUT else DISK_HINTS).get(exc.errno or 0)
        if hint:
            print(f"    hint: {hint}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last resort for bugs, reported as such
        if ctrl_c.pressed:  # a library made an error of its own of the KeyboardInterrupt
            return 128 + signal.SIGTERM if ctrl_c.terminated else 130
        _report_internal_error(exc)
        return 3


class _CtrlC:
    pressed = False
    terminated = False  # the stop was SIGTERM, not Ctrl-C


@contextmanager
def _ctrl_c_noted(noted: _CtrlC) -> Iterator[None]:
    """Notes in `noted` whether Ctrl-C was pressed, for a KeyboardInterrupt that a library
    turned into an error of its own: pydantic, building a model's validator as goalfolio
    imports its models, makes it a SchemaError, which was reported as a bug in goalfolio
    (exit 3). SIGINT is left alone where Python's default handler is not the one (it is
    ignored when started in the background).

    SIGTERM (a service manager or CI job stopping goalfolio) stops it the same clean way,
    exit 143: left at its default it ended the process at once, and a build's half-written
    staging folder stayed beside the site for good."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def pressed(signum: int, frame: FrameType | None) -> None:
        noted.pressed = True
        noted.terminated = signum == signal.SIGTERM
        raise KeyboardInterrupt

    handled = [signum for signum, default in ((signal.SIGINT, signal.default_int_handler), (signal.SIGTERM, signal.SIG_DFL))
               if signal.getsignal(signum) is default]
    before = {signum: signal.signal(signum, pressed) for signum in handled}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def _escape_what_the_terminal_cannot_show() -> None:
    """In a locale whose encoding lacks a character of a title or id (Latin-1, say), print
    it as `\\u2013` rather than fail: stderr already does this. JSON reads such an escape back
    as the same character."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def run() -> NoReturn:
    """The `goalfolio` command: `main`, then exit without tearing the interpreter down.

    Freeing every object of a build one by one at exit takes 0.2 to 0.3 s at 1,000 items,
    a fifth of a build after one edit, for nothing: the process is ending. As mypy does,
    flush the output and leave with `os._exit`; every file and worker pool is closed by then.
    For the same reason the collector is not set back to its default at the end."""
    from .collector import collect_less_until_exit

    collect_less_until_exit()
    sys.stdout = cast(TextIO, _UntilTheReaderLeaves(sys.stdout, BrokenPipeError))
    sys.stderr = cast(TextIO, _UntilTheReaderLeaves(sys.stderr, OSError))
    try:
        code = main()
    except SystemExit as exc:  # argparse's --help, --version and mistakes in the arguments
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:  # Ctrl-C while starting, before `main` notes it
        code = 130
    except OSError as exc:  # argparse writing --help or --version, which Python 3.10 lets through
        code = _unwritten_output(exc)
    failed = getattr(sys.stdout, "failed", None)  # a write whose error argparse ignores (--version, unbuffered)
    try:
        sys.stdout.flush()
    except OSError as exc:
        failed = exc
    except ValueError:
        pass  # a closed stream
    if failed is not None and code == 0:  # some output was lost: so is the command's work
        code = _unwritten_output(failed)
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # a closed pipe or stream: nothing more can be shown
    os._exit(code)


def _unwritten_output(exc: OSError) -> int:
    """Exit 1 and say why where output could not be written and the command did not say
    so (`goalfolio --version > /dev/full` exited 0); Python's own exit would give 120."""
    try:
        print(f"goalfolio: error: {STANDARD_OUTPUT}: {exc.strerror or exc}", file=sys.stderr)
        hint = STANDARD_OUTPUT_HINTS.get(exc.errno or 0)
        if hint:
            print(f"    hint: {hint}", file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1


class _UntilTheReaderLeaves:
    """A stream whose writes stop mattering once its reader has gone (`goalfolio check |
    head -1`): the rest is dropped and the command runs on to its own exit code. The
    BrokenPipeError stopped it where it was: `check` with errors exited 0, and one raised
    while printing a build's problems was a traceback (exit 120). On stderr any error of
    writing is dropped: there is nowhere left to report it, and the exit code still can."""

    def __init__(self, stream: TextIO, gone: type[OSError]) -> None:
        self.stream = stream
        self.gone = gone
        self.failed: OSError | None = None  # the last error of writing, other than `gone`

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except self.gone:
            self._drop_the_rest()
            return len(text)
        except OSError as exc:
            raise self._named(exc) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except self.gone:
            self._drop_the_rest()
        except OSError as exc:
            raise self._named(exc) from None

    def _named(self, exc: OSError) -> OSError:
        """`exc` naming the standard output, which a full disk reported with no file name:
        "No space left on device" alone, with the hint of a build's --out."""
        if exc.filename is None and self.stream.fileno() == 1:
            exc.filename = STANDARD_OUTPUT
        self.failed = exc
        return exc

    def _drop_the_rest(self) -> None:
        """Points the stream's descriptor at /dev/null, where what it still holds goes too."""
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass  # no descriptor to point elsewhere: the flush at exit ignores the error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="goalfolio", description="Turn a portfolio of goals, evidence and endorsements into a static site.")
    parser.add_argument("--version", action="version", version=f"goalfolio {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for register in _registrars():
        register(commands)
    for command in commands.choices.values():
        command.set_defaults(command_parser=command)
    return parser


def _registrars() -> Sequence[Callable[[argparse._SubParsersAction], None]]:  # type: ignore[type-arg]
    from .commands import REGISTRARS

    return REGISTRARS


def _print_problems(exc: UserError, args: argparse.Namespace) -> None:
    from .report import format_json, format_text, summary

    if getattr(args, "format", "text") == "json":
        print(format_json(exc.diagnostics))
    else:
        print(format_text(exc.diagnostics), file=sys.stderr)
        print(summary(exc.diagnostics), file=sys.stderr)


def _report_internal_error(exc: BaseException) -> None:
    print(f"goalfolio: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    print(f"This is a bug in goalfolio {__version__}, not in your content. Please report it at {ISSUES_URL}", file=sys.stderr)
    print("with the command you ran; set GOALFOLIO_DEBUG=1 to include the traceback.", file=sys.stderr)
    if os.environ.get("GOALFOLIO_DEBUG"):
        traceback.print_exception(exc)
