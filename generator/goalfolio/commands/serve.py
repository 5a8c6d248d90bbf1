"""`goalfolio serve [PROJECT] [--host 127.0.0.1] [--port 8000] [--audience NAME | --public] [--open] [--jobs N] [--no-cache]`."""

from __future__ import annotations

import argparse
import signal
from types import FrameType

from .arguments import jobs_argument, project_arguments


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("serve", help="preview the site, rebuilding and reloading the browser on every save")
    project_arguments(parser)
    parser.add_argument("--host", metavar="HOST", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, metavar="N", help="port to listen on (default: 8000; 0 picks a free one)")
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--audience", metavar="NAME", help="preview what an audience sees: public items plus theirs")
    view.add_argument("--public", action="store_true", help="preview exactly what will be published")
    parser.add_argument("--open", action="store_true", help="open the preview in the web browser")
    jobs_argument(parser, "the first build")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the build cache (.goalfolio-cache/) when starting")
    parser.set_defaults(run=run)


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got '{value}'")
    return int(value)


def run(args: argparse.Namespace) -> int:
    before = signal.signal(signal.SIGTERM, _interrupt)  # from the start: a service manager may stop it at any time
    try:
        return _serve(args)
    finally:
        signal.signal(signal.SIGTERM, before)


def _serve(args: argparse.Namespace) -> int:
    from ..collector import collecting_less
    from ..config import find_project, load_config
    from ..errors import UsageError, UserError
    from ..graph import PUBLIC
    from ..preview import Preview, PreviewOptions

    project = find_project(args.project, args.config)
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


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM stops the preview the same clean way Ctrl-C does."""
    raise KeyboardInterrupt
