"""`goalfolio` leaves with `os._exit` after flushing (cli.run): what it printed must all be
there, with the right exit code, even when the reader of its output has gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
        "content/evidence/e.md:1:1: error: missing required field `date`\n    hint: add `date:` with a value\n"
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
