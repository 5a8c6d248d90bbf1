"""Shared fixtures: build small projects on disk and run the CLI in-process.

Keep fixtures here generic; test modules add their own content on top of them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from goalfolio.cli import main
from goalfolio.config import find_project
from goalfolio.errors import Diagnostic
from goalfolio.loader import Portfolio
from goalfolio.pipeline import load_checked_portfolio

MINIMAL_CONFIG = "title: Test portfolio\ntoday: 2026-11-20\n"
MINIMAL_PROFILE = "---\nname: Test Person\n---\nA short bio.\n"
REPO = Path(__file__).resolve().parent.parent
_HYPOTHESIS_HOME = pytest.StashKey[Path]()
_BEFORE = pytest.StashKey[set[str] | None]()  # the repository's untracked files when the run began


def _files_outside_git(repo: Path) -> set[str] | None:
    """Untracked and ignored paths of the repository, or None where git cannot tell.

    Python's `__pycache__` and pytest's own cache are left out: neither is a test's doing."""
    try:
        result = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=repo,
                                check=False, capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    if result.returncode != 0:
        return None
    paths = {line[3:] for line in result.stdout.splitlines()}
    return {path for path in paths if "__pycache__" not in path and not path.startswith(".pytest_cache")}


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis keeps its examples, and the constants it reads from the code while tests are
    collected, in a temporary folder instead of `.hypothesis/` in the repository."""
    config.stash[_HYPOTHESIS_HOME] = folder = Path(tempfile.mkdtemp(prefix="goalfolio-hypothesis-"))
    set_hypothesis_home_dir(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(config.stash[_HYPOTHESIS_HOME], ignore_errors=True)


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_BEFORE] = _files_outside_git(REPO)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a test wrote into the repository instead of its temporary folder."""
    before, after = session.config.stash.get(_BEFORE, None), _files_outside_git(REPO)
    if before is None or after is None or after <= before:
        return
    written = "\n".join(f"  {path}" for path in sorted(after - before))
    session.config.get_terminal_writer().line(f"\nerror: the tests wrote into the repository:\n{written}", red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """goalfolio keeps the built-in theme compiled in the user's cache folder
    (templatecache.BuiltinThemeCache): the tests' one is under their temporary folder."""
    folder = tmp_path_factory.mktemp("user-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def compiled_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the templates Jinja2 compiles in this process (not in workers) from now on."""
    names: list[str] = []
    parent, compile_source = os.getpid(), jinja2.Environment.compile

    def compile_and_note(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() == parent:
            names.append(name or "")
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_and_note)
    return names


def make_project(
    tmp_path: Path,
    files: Mapping[str, str | bytes | None] | None = None,
    config: str | None = None,
) -> Path:
    """Write a minimal valid project under `tmp_path/project` and return its root.

    The project has `goalfolio.yaml` (`title`, `today: 2026-11-20`, or `config` when given)
    and `content/profile.md`. `files` maps project-relative paths to text or bytes and
    overrides the defaults; a value of None leaves that file out (e.g. to test a missing
    profile). Text is written byte for byte (no newline translation).
    """
    root = tmp_path / "project"
    wanted: dict[str, str | bytes | None] = {
        "goalfolio.yaml": MINIMAL_CONFIG if config is None else config,
        "content/profile.md": MINIMAL_PROFILE,
    }
    wanted.update(files or {})
    (root / "content").mkdir(parents=True, exist_ok=True)
    for relative, content in wanted.items():
        if content is None:
            continue
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


@pytest.fixture
def write_project() -> Callable[..., Path]:
    """`write_project(tmp_path, files, config=None) -> Path`: see `make_project`."""
    return make_project


def load_files(
    tmp_path: Path,
    files: Mapping[str, str | bytes | None] | None = None,
    config: str | None = None,
) -> tuple[Portfolio, list[Diagnostic]]:
    """Write a project (see `make_project`) and load it as every command does."""
    return load_checked_portfolio(find_project(make_project(tmp_path, files, config)))


@pytest.fixture
def load_project() -> Callable[..., tuple[Portfolio, list[Diagnostic]]]:
    """`load_project(tmp_path, files, config=None) -> (portfolio, diagnostics)`: see `load_files`."""
    return load_files


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """`run_cli(*args) -> (exit_code, stdout, stderr)`: `goalfolio.cli.main` run in-process."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before this call
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --version, --help, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., tuple[int, Path, str]]:
    """`build_site(files, *args, **config) -> (exit_code, out_dir, stderr)`.

    Writes a project (see `make_project`) whose goalfolio.yaml holds the minimal config plus
    `config` (values written as YAML flow scalars), runs `goalfolio build` on it in-process
    with extra CLI `args`, and returns where the site went.
    """
    import contextlib
    import io

    def build(files: Mapping[str, str | bytes | None] | None = None, *args: str, **config: object) -> tuple[int, Path, str]:
        lines = [MINIMAL_CONFIG.rstrip("\n")] + [f"{key}: {value}" for key, value in config.items()]
        root = make_project(tmp_path, files, config="\n".join(lines) + "\n")
        out = tmp_path / "site"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["build", str(root), "--out", str(out), *args])
        return code, out, err.getvalue()

    return build


@pytest.fixture
def ctrl_c_at_its_default() -> Iterator[None]:
    """SIGINT handled as in a process started from a terminal (a test run started in the
    background inherits it ignored, and so would the workers forked from it): a test
    that presses Ctrl-C would otherwise wait forever."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)
