"""`goalfolio` leaves with `os._exit` after flushing (cli.run): what it printed must all be
there, with the right exit code, even when the reader of its output has gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_project
from interrupt_support import interrupted
from test_cache import generated_project, read_tree

GOALFOLIO = [sys.executable, "-m", "goalfolio"]
# Output to a pipe is block-buffered unless PYTHONUNBUFFERED is set (as on some machines).
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def test_a_build_prints_its_last_line_and_exits_0(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    done = subprocess.run([*GOALFOLIO, "build", str(root)], capture_output=True, text=True, env=BUFFERED)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("built ") and done.stdout.endswith(f"into {root / 'site'} in {done.stdout.split(' in ')[-1]}")
    assert (root / "site" / "index.html").is_file()


def test_problems_are_printed_in_full_before_exit_1(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"content/goals/g.md": "---\ntitle: [unclosed\n---\n", "content/evidence/e.md": "---\nkind: nope\n---\n"})
    done = subprocess.run([*GOALFOLIO, "build", str(root)], capture_output=True, text=True, env=BUFFERED)
    assert (done.returncode, done.stdout) == (1, "")
    kinds = "project, result, certification, course, talk, publication, interview, referral, assignment, other"
    assert done.stderr == (
        "content/evidence/e.md:1:1: error: missing required field `date`\n    hint: add `date:` with a date, as `date: 2026-03-01`\n"
        "content/evidence/e.md:1:1: error: missing required field `title`\n    hint: add `title:` with a value\n"
        f"content/evidence/e.md:2:7: error: `kind` must be one of {kinds}; got `nope`\n    hint: use one of: {kinds}\n"
        "\n"
        "content/goals/g.md:2:8: error: this `[` is never closed\n"
        "    hint: end the list or mapping with `]` on the same line, or quote the value if the `[` is text\n"
        "4 errors, 0 warnings in 2 files\n"
    )


def test_a_reader_that_left_early_does_not_change_the_exit_code(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    reader = subprocess.Popen([*GOALFOLIO, "build", str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BUFFERED)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()
    assert reader.wait(timeout=60) == 0
    assert reader.stderr.read() == b""


def test_a_cached_build_does_not_wait_on_a_named_pipe_in_the_content(tmp_path: Path) -> None:
    """Telling whether anything changed read every file, and reading a named pipe waits for
    a writer: the second build hung. Both builds now skip it, with a warning."""
    root = make_project(tmp_path)
    os.mkfifo(root / "content" / "pipe.md")
    warning = ("content/pipe.md:1:1: warning: this is not a file or a folder (a named pipe, a socket or a device), so it is ignored\n"
               "    hint: remove it from the content folder\n")
    for _ in range(2):
        done = subprocess.run([*GOALFOLIO, "build", str(root)], capture_output=True, text=True, env=BUFFERED, timeout=60)
        assert (done.returncode, done.stderr) == (0, warning)


@pytest.mark.parametrize("command", [["build"], ["build", "--no-cache"], ["check"], ["build", "--jobs", "2", "--no-cache"]])
def test_a_named_pipe_saved_as_the_config_is_an_error_not_a_wait(tmp_path: Path, command: list[str]) -> None:
    """Reading goalfolio.yaml waited for a writer forever when it was a named pipe: the
    fingerprint, the settings a cold build starts with and the check all opened it."""
    root = make_project(tmp_path)
    (root / "goalfolio.yaml").unlink()
    os.mkfifo(root / "goalfolio.yaml")
    done = subprocess.run([*GOALFOLIO, *command, str(root)], capture_output=True, text=True, env=BUFFERED, timeout=60)
    message = ("goalfolio.yaml:1:1: error: goalfolio.yaml is not a file but a named pipe, socket or device\n"
               "    hint: remove it, and write goalfolio.yaml as a file with at least `title: My portfolio`\n")
    assert (done.returncode, (done.stdout if command == ["check"] else done.stderr).startswith(message)) == (1, True)
    assert not (root / "site").exists()


def test_ctrl_c_that_a_library_turns_into_its_own_error_exits_130(tmp_path: Path) -> None:
    """pydantic, building a model's validator as goalfolio imports its models, turns the
    KeyboardInterrupt into a SchemaError: that was reported as a bug in goalfolio (exit 3)."""
    root = make_project(tmp_path)
    assert interrupted("ctrl-c-made-an-error", "build", root) == (130, "", "")
    assert not (root / "site").exists()


def test_sigterm_while_the_site_is_written_leaves_the_old_site_and_no_staging_folder(tmp_path: Path) -> None:
    """SIGTERM (a CI job or service manager stopping the build) ended the process at once:
    the half-written staging folder stayed beside the site, and no build removes it."""
    root = generated_project(tmp_path, 400)
    subprocess.run([*GOALFOLIO, "build", str(root), "--no-cache", "--jobs", "1"], check=True, capture_output=True)
    before = read_tree(root / "site")
    building = subprocess.Popen([*GOALFOLIO, "build", str(root), "--no-cache", "--jobs", "1"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=BUFFERED)
    while not any(p.name.startswith(".site.new-") for p in root.iterdir()) and building.poll() is None:
        time.sleep(0.005)
    building.send_signal(signal.SIGTERM)
    out, err = building.communicate(timeout=60)
    assert (building.returncode, out, err) == (128 + signal.SIGTERM, "", "")
    assert read_tree(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == []


@pytest.mark.parametrize(("name", "code"), [("TERM", 128 + signal.SIGTERM), ("INT", 130)])
def test_a_stop_the_moment_the_staging_folder_is_made_leaves_none(tmp_path: Path, name: str, code: int) -> None:
    """A stop between making the staging folder and its build having it to discard left it
    beside the site for good: the test above hit that moment now and then."""
    root = make_project(tmp_path)
    subprocess.run([*GOALFOLIO, "build", str(root), "--no-cache"], check=True, capture_output=True)
    before = read_tree(root / "site")
    assert interrupted(f"stopped-making-staging:{name}", "build", root, "--no-cache") == (code, "", "")
    assert read_tree(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == []


@pytest.mark.parametrize(("name", "code"), [("TERM", 128 + signal.SIGTERM), ("INT", 130)])
def test_a_stop_between_the_swaps_two_renames_still_leaves_a_whole_site(tmp_path: Path, name: str, code: int) -> None:
    """A stop after the old site was renamed aside, and before the new one took its place,
    left no site at all: the next build swept the old one away as a retired tree."""
    root = make_project(tmp_path)
    subprocess.run([*GOALFOLIO, "build", str(root), "--no-cache"], check=True, capture_output=True)
    (root / "content" / "profile.md").write_text((root / "content" / "profile.md").read_text() + "\nA new line.\n")
    expected = _built_elsewhere(root, tmp_path / "expected")
    assert interrupted(f"stopped-swapping:{name}", "build", root, "--no-cache") == (code, "", "")
    assert read_tree(root / "site") == expected
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.new-")] == []


@pytest.mark.parametrize(("name", "code"), [("TERM", 128 + signal.SIGTERM), ("INT", 130)])
def test_a_stop_while_a_small_edit_is_applied_in_place_still_applies_all_of_it(tmp_path: Path, name: str, code: int) -> None:
    """A small edit's new pages are renamed over the old ones one after another: a stop
    after the first left the site half old, half new, with the others' new files beside
    them under hidden names."""
    root = make_project(tmp_path)
    subprocess.run([*GOALFOLIO, "build", str(root)], check=True, capture_output=True)
    before = read_tree(root / "site")
    profile = root / "content" / "profile.md"
    profile.write_text(profile.read_text().replace("name: Test Person", "name: Test Persona"))
    expected = _built_elsewhere(root, tmp_path / "expected")
    assert len([path for path in expected if "index.html" in path and expected[path] != before.get(path)]) >= 2
    assert interrupted(f"stopped-replacing:{name}", "build", root) == (code, "", "")
    assert read_tree(root / "site") == expected


def _built_elsewhere(root: Path, out: Path) -> dict[str, bytes]:
    subprocess.run([*GOALFOLIO, "build", str(root), "--no-cache", "--out", str(out)], check=True, capture_output=True)
    return read_tree(out)


def test_a_command_notes_ctrl_c_and_sigterm_while_it_runs_and_leaves_their_handlers_as_they_were(
        write_project, tmp_path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One handler notes both while a command runs (so that a Ctrl-C a library turns into an
    error of its own exits 130, a SIGTERM 143); an ignored SIGINT (a command started in the
    background) stays ignored; both are as they were afterwards; and off the main thread,
    where no handler can be set, the command runs all the same."""
    import threading

    import goalfolio.commands.check
    from goalfolio.cli import main

    seen: list[tuple[object, object]] = []

    def note(args: object) -> int:
        seen.append((signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)))
        return 0

    monkeypatch.setattr(goalfolio.commands.check, "run", note)
    root = write_project(tmp_path, {})
    outside = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    try:
        for sigint in (signal.default_int_handler, signal.SIG_IGN):
            signal.signal(signal.SIGINT, sigint)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            assert run_cli("check", root) == (0, "", "")
            assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == (sigint, signal.SIG_DFL)
        codes: list[int] = []
        thread = threading.Thread(target=lambda: codes.append(main(["check", str(root)])))
        thread.start()
        thread.join()
    finally:
        signal.signal(signal.SIGINT, outside[0])  # type: ignore[arg-type]
        signal.signal(signal.SIGTERM, outside[1])  # type: ignore[arg-type]
    (noted, also_noted), (ignored, noted_term), in_thread = seen
    assert noted is also_noted and ignored is signal.SIG_IGN
    assert [handler in (signal.default_int_handler, signal.SIG_DFL, signal.SIG_IGN) for handler in (noted, noted_term)] == [False, False]
    assert codes == [0] and in_thread == (signal.SIG_IGN, signal.SIG_DFL)  # as the loop left them


def test_output_to_a_reader_gone_before_it_is_written_exits_0_quietly(tmp_path: Path) -> None:
    """`goalfolio schema | head -0`: the reader left first, so the write itself fails. That
    is no error of goalfolio's (exit 0, nothing on stderr), as for the last line of a build above."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([*GOALFOLIO, "schema"], stdout=write, stderr=subprocess.PIPE, env=BUFFERED, timeout=60)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, b"")


def test_an_os_error_without_an_errno_is_reported_without_a_hint(write_project, tmp_path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The hints are for the disk's own errors (`errno`): one without gets none, not EPERM's."""
    import goalfolio.commands.check

    def fail(args: object) -> int:
        raise OSError("the disk went away")

    monkeypatch.setattr(goalfolio.commands.check, "run", fail)
    assert run_cli("check", write_project(tmp_path, {})) == (1, "", "goalfolio: error: the disk went away\n")


def gone_reader_run(*args: str | Path, gone: str = "stdout", env: dict[str, str] = BUFFERED) -> tuple[int, bytes]:
    """`goalfolio ARGS` with the reader of `gone` (stdout or stderr) left before it is
    written to, as `| head -0` does: (exit code, what the other stream got)."""
    read, write = os.pipe()
    os.close(read)
    streams = {"stdout": write, "stderr": subprocess.PIPE} if gone == "stdout" else {"stdout": subprocess.PIPE, "stderr": write}
    try:
        done = subprocess.run([*GOALFOLIO, *map(str, args)], env=env, timeout=60, **streams)  # type: ignore[call-overload]
    finally:
        os.close(write)
    return done.returncode, done.stderr if gone == "stdout" else done.stdout


def test_a_check_with_problems_exits_1_when_its_reader_left(tmp_path: Path) -> None:
    """`goalfolio check | head -1` in CI with `pipefail`: the BrokenPipeError stopped the
    report and the command exited 0, as if the content were fine. (Unbuffered, the first
    line is written at once, as a report longer than the buffer is.)"""
    root = make_project(tmp_path, {"content/goals/g.md": "---\ntitle: [unclosed\n---\n"})
    for env in (BUFFERED, {**BUFFERED, "PYTHONUNBUFFERED": "1"}):
        assert gone_reader_run("check", root, env=env) == (1, b"")
        assert gone_reader_run("check", root, "--format", "json", env=env) == (1, b"")


def test_a_build_printing_its_problems_to_a_reader_that_left_exits_1_without_a_traceback(tmp_path: Path) -> None:
    """The problems printed to a closed pipe raised BrokenPipeError while `main` handled the
    build's error: a traceback, and exit 120."""
    root = make_project(tmp_path, {"content/goals/g.md": "---\ntitle: [unclosed\n---\n"})
    assert gone_reader_run("build", root, "--format", "json") == (1, b"")
    assert gone_reader_run("build", root, gone="stderr") == (1, b"")
    assert not (root / "site").exists()


def test_help_and_version_to_a_reader_that_left_exit_0_quietly() -> None:
    """argparse prints them and exits with SystemExit, which skipped the flush that ignores
    a closed pipe: "Exception ignored ... BrokenPipeError" and exit 120."""
    for args in (["--help"], ["--version"], ["check", "--help"]):
        assert gone_reader_run(*args) == (0, b""), args


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
def test_a_usage_error_exits_2_when_stderr_cannot_be_written() -> None:
    """`goalfolio check missing 2>/dev/full`: printing the error failed inside `main`'s
    handler, and the exit code became 1, a content problem."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*GOALFOLIO, "check", "no-such-folder"], stdout=subprocess.PIPE, stderr=full, env=BUFFERED, timeout=60)
    assert (done.returncode, done.stdout) == (2, b"")


def test_ctrl_c_while_starting_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C before `main` notes it (while the commands are imported and the arguments read,
    the first tenth of a second) was a KeyboardInterrupt traceback."""
    starting = ("import sys, goalfolio.cli\n"
                "def interrupted():\n    raise KeyboardInterrupt\n"
                "goalfolio.cli.build_parser = interrupted\nsys.argv[1:] = ['check']\ngoalfolio.cli.run()\n")
    done = subprocess.run([sys.executable, "-c", starting], capture_output=True, text=True, env=BUFFERED, cwd=tmp_path, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
@pytest.mark.parametrize("env", [BUFFERED, {**BUFFERED, "PYTHONUNBUFFERED": "1"}], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("args", [["--version"], ["schema"], ["check"]])
def test_output_redirected_to_a_full_disk_is_exit_1_and_named(tmp_path: Path, env: dict[str, str], args: list[str]) -> None:
    """`goalfolio check > report.txt` on a full disk said "No space left on device" with the
    hint of a build's --out, which check has not; `--version` lost its line and exited 0."""
    root = make_project(tmp_path, {})
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*GOALFOLIO, *args], stdout=full, stderr=subprocess.PIPE, env=env, cwd=root, timeout=60)
    assert (done.returncode, done.stderr.decode()) == (1, (
        "goalfolio: error: standard output: No space left on device\n"
        "    hint: free some space on the disk the output is redirected to, or redirect it to a file on another one\n"))
