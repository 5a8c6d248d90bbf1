"""goalfolio collects garbage less often while it builds or serves, and puts the
collector's setting back afterwards (tests and other callers share the process)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from goalfolio.collector import THRESHOLD, collecting_less
from goalfolio.commands import build


def test_the_threshold_is_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with collecting_less():
        assert gc.get_threshold() == THRESHOLD
    assert gc.get_threshold() == before


def test_goalfolio_build_runs_with_the_raised_threshold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, ...]] = []

    def note_threshold(args: object) -> int:
        seen.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(build, "_build", note_threshold)
    before = gc.get_threshold()
    assert build.run(None) == 0  # type: ignore[arg-type]
    assert seen == [THRESHOLD] and gc.get_threshold() == before


def test_the_goalfolio_process_keeps_the_raised_threshold_to_its_end() -> None:
    """Setting the default back as the command ends would set off a collection just before
    the process exits: `run` (the process entry point) keeps the raised one."""
    probe = ("import gc, goalfolio.cli as cli\n"
             "from goalfolio.collector import collecting_less\n"
             "def main():\n"
             "    with collecting_less():  # as every command that builds\n"
             "        pass\n"
             "    print(gc.get_threshold())\n"
             "    return 0\n"
             "cli.main = main\n"
             "cli.run()\n")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert shown.stdout == f"{THRESHOLD}\n"
