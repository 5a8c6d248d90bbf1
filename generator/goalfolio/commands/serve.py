"""`goalfolio serve [PROJECT] [--host 127.0.0.1] [--port 8000] [--audience NAME | --public] [--open] [--jobs N] [--no-cache]`."""

from __future__ import annotations

import argparse
import signal
from types import FrameType

from .arguments import ascii_digits, command_words, jobs_argument, project_arguments


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("serve", help="preview the site, rebuilding and reloading the browser on every save")
    project_arguments(parser)
    parser.add_argument("--host", type=_host, metavar="HOST", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, metavar="N", help="port to listen on (default: 8000; 0 picks a free one)")
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--audience", metavar="NAME", help="preview what an audience sees: public items plus theirs")
    view.add_argument("--public", action="store_true", help="preview exactly what will be published")
    parser.add_argument("--open", action="store_true", help="open the preview in the web browser")
    jobs_argument(parser, "the first build")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the build cache (.goalfolio-cache/) when starting")
    parser.set_defaults(run=run)


def _host(value: str) -> str:
    """`[::1]`, as a URL writes an IPv6 address, is `::1`."""
    return value[1:-1] if value.startswith("[") and value.endswith("]") else value


def _port(value: str) -> int:
    if not ascii_digits(value) or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got '{value}'")
    return int(value)


def run(args: argparse.Namespace) -> int:
    """Ctrl-C or SIGTERM at any moment, from the start (a service manager may stop it at
    any time), stops the preview with 0: before it serves (while goalfolio imports what it
    needs) as well as while it serves."""
    stopping = _StopOnce()
    handled = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) not in (signal.SIG_IGN, None):  # not where SIGINT is ignored (see parallel)
        handled.append(signal.SIGINT)  # in place of the command line's own handler too (cli._ctrl_c_noted)
    before = {signum: signal.signal(signum, stopping) for signum in handled}
    try:
        return _serve(args)
    except KeyboardInterrupt:
        return 0  # stopped before the preview ran: it had nothing to stop
    except Exception:
        if stopping.asked:  # a Ctrl-C that a library made an error of its own, while goalfolio imported it
            return 0
        raise
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def _serve(args: argparse.Namespace) -> int:
    from ..collector import collecting_less
    from ..config import find_project, load_config
    from ..errors import UsageError, UserError
    from ..graph import PUBLIC
    from ..preview import Preview, PreviewOptions

    project = find_project(args.project, args.config, command_words(args))
    if args.audience:
        try:
            audiences = load_config(project).audiences
        except UserError:
            audiences = None  # a broken config is shown by the preview itself
        if audiences is not None and args.audience not in audiences:
            raise UsageError(f"unknown audience `{args.audience}`; {project.config_name} declares: {', '.join(audiences) or 'none'}")
    audience = PUBLIC if args.public else args.audience
    options = PreviewOptions(host=args.host or "127.0.0.1", port=args.port, audience=audience, host_given=args.host is not None,
                             cache=not args.no_cache, jobs=args.jobs)
    preview = Preview(project, options)
    with collecting_less():
        return preview.run(open_browser=args.open)


class _StopOnce:
    """The first Ctrl-C or SIGTERM stops the preview (SIGTERM the same clean way as Ctrl-C);
    those that come while it stops are ignored. A second Ctrl-C pressed at once used to
    interrupt the stop itself, which then ended with 130 instead of 0. The stop is short
    and bounded (each thread is waited for a few seconds at most)."""

    def __init__(self) -> None:
        self.asked = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if not self.asked:
            self.asked = True
            raise KeyboardInterrupt
