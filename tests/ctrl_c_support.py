"""Ctrl-C at a chosen moment of a real `goalfolio` process, as a terminal sends it: SIGINT
to every process of the group, goalfolio's workers included.

`pressed(moment, *args)` runs `python ctrl_c_support.py MOMENT ARGS...`, which is
`goalfolio ARGS...` with Ctrl-C pressed at MOMENT:
- `fork:N`: while goalfolio forks its N-th worker process (in Python's after-fork hooks);
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def pressed(moment: str, *args: str | Path, timeout: float = 60) -> tuple[int | None, str, str]:
    """(exit code, stdout, stderr); the exit code is None when it was still running after
    `timeout` seconds (it is killed then). Started as from a terminal: SIGINT at its
    default, in a process group of its own."""
    process = subprocess.Popen([sys.executable, __file__, moment, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        return None, out, err
    return process.returncode, out, err


def _press() -> None:
    os.killpg(os.getpgrp(), signal.SIGINT)


def _press_at_fork(number: int) -> None:
    forks: list[int] = []

    def forked() -> None:
        forks.append(1)
        if len(forks) == number:
            _press()

    os.register_at_fork(after_in_parent=forked)


def main() -> None:
    moment = sys.argv.pop(1)
    kind, _, number = moment.partition(":")
    if kind == "fork":
        _press_at_fork(int(number))
    else:
        raise SystemExit(f"unknown moment {moment!r}")
    from goalfolio.cli import run

    sys.argv[0] = "goalfolio"
    run()


if __name__ == "__main__":
    main()
