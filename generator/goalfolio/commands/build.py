"""`goalfolio build [PROJECT] [--out site] [--base-url URL] [--audience NAME | --all]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .arguments import command_words, format_argument, jobs_argument, project_arguments

if TYPE_CHECKING:
    from ..config import Project
    from ..errors import Diagnostic


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("build", help="build the static site into site/")
    project_arguments(parser)
    format_argument(parser)
    parser.add_argument("--out", metavar="DIR", help="output folder (default: PROJECT/site)")
    parser.add_argument("--base-url", metavar="URL", type=_base_url, help="the URL the site is published at (overrides goalfolio.yaml)")
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--audience", metavar="NAME", help="build for an audience: public items plus that audience's items")
    view.add_argument("--all", action="store_true", help="the owner's view: every item, non-public ones marked")
    jobs_argument(parser, "rendering")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the build cache (.goalfolio-cache/)")
    parser.set_defaults(run=run)


def _base_url(value: str) -> str:
    from ..siteconfig import absolute_base_url

    try:
        return absolute_base_url(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}, e.g. https://you.github.io/portfolio/") from None


def run(args: argparse.Namespace) -> int:
    from ..collector import collecting_less

    with collecting_less():
        return _build(args)


def _build(args: argparse.Namespace) -> int:
    from ..config import find_project

    project = find_project(args.project, args.config, command_words(args))
    out = Path(args.out) if args.out else project.root / "site"
    _check_output(out, project)
    read: dict[str, str] = {}
    view = None if args.all else (args.audience or "public")  # graph.PUBLIC, without importing it
    fingerprint, reused = (None, False) if args.no_cache else _reuse_unchanged(project, view, args.base_url, out, read, args.format)
    if reused:
        return 0

    # A cold build of a large site starts parsing and rendering the content in a worker
    # process now, while this process imports the models (about 0.15 s).
    from ..config import peek_allow_html
    from ..earlywork import start_early_work

    pending = start_early_work(project, args.jobs, peek_allow_html(project), not args.no_cache)
    try:
        from ..build import BuildOptions
        from ..graph import PUBLIC
        from ..oneshot import build_site

        if args.audience:
            _check_audience(project, args.audience)
    except BaseException as exc:
        if pending is not None:
            pending.cancel(exc)
        raise
    audience = None if args.all else (args.audience or PUBLIC)
    result = build_site(project, BuildOptions(audience=audience, base_url=args.base_url, jobs=args.jobs, cache=not args.no_cache,
                                                fingerprint=fingerprint if audience == view else None, read=read), out, pending)
    rendered = "all rendered" if result.rendered >= result.pages else f"{result.rendered} rendered"
    _report(result.diagnostics, f"built {result.pages} pages ({len(result.files)} files, {rendered}) into {out} in {result.seconds:.2f}s",
            args.format)
    return 0


def _report(warnings: list[Diagnostic], done: str, fmt: str) -> None:
    """Warnings of a build that succeeded, then what it did. With `--format json`, stdout
    holds only the JSON array of problems (as `check` prints it) and the line goes to stderr."""
    from ..report import format_json, format_text

    if fmt == "json":
        print(format_json(warnings))
        print(done, file=sys.stderr)
        return
    if warnings:
        print(format_text(warnings), file=sys.stderr)
    print(done)


def _check_output(out: Path, project: Project) -> None:
    """A refused output folder is a usage error, told before any work, as an unknown
    audience is: found only when the site was written, it came after the whole build (and
    a saved cache), and after every content problem, so a user fixed those first to learn
    that `--out` was wrong all along. The writer checks again when it writes. In a folder
    with no goalfolio.yaml (the top of a team's repository, perhaps with a `site/` of its
    own), that the folder is no portfolio, and where the portfolios are, is told first."""
    from ..writer import check_output_folder

    if project.config_path.is_file():
        check_output_folder(out, project)


def _check_audience(project: Project, audience: str) -> None:
    """An audience goalfolio.yaml does not declare is a usage error. A config that cannot be
    read is left to the build, which reports it with the content's problems."""
    from ..config import load_config
    from ..errors import UsageError, UserError

    try:
        audiences = load_config(project).audiences
    except UserError:
        return
    if audience not in audiences:
        raise UsageError(f"unknown audience `{audience}`; {project.config_name} declares: {', '.join(audiences) or 'none'}")


def _reuse_unchanged(project: Project, view: str | None, base_url: str | None, out: Path,
                     read: dict[str, str], fmt: str) -> tuple[str, bool]:
    """The input fingerprint, and whether nothing changed since the last cached build of
    this view (its fingerprint covers the config, so the audience was valid): then that
    build is written from the cache, before the rest of goalfolio is even imported."""
    from ..cache import project_fingerprint, reuse_site

    started = time.perf_counter()
    fingerprint = project_fingerprint(project, view, base_url, read)
    reused = reuse_site(project, view, base_url, out, fingerprint)
    if reused is None:
        return fingerprint, False
    pages, count, diagnostics = reused
    _report(diagnostics, f"built {pages} pages ({count} files, nothing changed) into {out} in {time.perf_counter() - started:.2f}s", fmt)
    return fingerprint, True
