"""The benchmark runs, and prints every row with its ratios: it is run by hand, so a
change that broke it would otherwise show only in the next session's bench run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

ROWS = [
    ("floor", False),
    ("floor 2 workers", False),
    ("floor, over its last run's pages", False),
    ("floor work, in process", False),
    ("python + runtime imports", False),
    ("goalfolio cold, 1 job", True),
    ("goalfolio first build, 1 job", True),
    ("goalfolio cold, 2 jobs", True),
    ("goalfolio warm (no change)", True),
    ("goalfolio after 1 edit", True),
    ("in-process: 1 edit, Builder kept", False),
    ("in-process: preview start, 2 jobs", False),
    ("in-process: preview start, pages kept", False),
]
FIGURE = r"\d+\.\d{3}"
RATIO = r"\d+\.\d{2}"


def run_bench(tmp_path: Path) -> list[str]:
    env = dict(os.environ, TMPDIR=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "24", "--runs", "2",
                           "--keep", str(tmp_path / "keep"), "--no-compile"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_bench_prints_every_row_with_a_paired_ratio_for_each_goalfolio_build(tmp_path: Path) -> None:
    lines = run_bench(tmp_path)
    assert lines[1] == ("24 items (2 runs; goalfolio runs as a separate process; "
                        "the floor is timed before each goalfolio row, 10 times)")
    rows = lines[3:3 + len(ROWS)]
    for (label, paired), line in zip(ROWS, rows, strict=True):
        pair = rf" +{RATIO}" if paired else r" {8}"
        assert re.fullmatch(rf"  {re.escape(label)} +{FIGURE} +{RATIO}{pair} +{FIGURE} +{RATIO} +{FIGURE} +{RATIO}", line), line
    assert re.fullmatch(r"  peak memory MB \(cold, 1 job\) +\d+M", lines[3 + len(ROWS)])
    assert [line.split()[:2] for line in lines[-2:]] == [["goalfolio", "--version"], ["goalfolio", "check"]]
