"""A real `goalfolio` process, interrupted at a chosen moment.

`interrupted(moment, *args)` runs `python interrupt_support.py MOMENT ARGS...`, which is
`goalfolio ARGS...` with, at MOMENT:
- `at-fork:N:SIGNAL`: SIGNAL to every process of the group, the workers included, while
  goalfolio forks its N-th worker (in Python's after-fork hooks): `INT` is Ctrl-C as a
  terminal sends it, `TERM` a service manager stopping the preview;
- `worker-dies-sending:SIGNAL`: a worker rendering pages sends the start of its result,
  then gets SIGNAL (`INT`: Ctrl-C reaching that worker alone; `KILL`: the machine);
- `ctrl-c-made-an-error`: Ctrl-C while the build makes its site graph, which turns the
  KeyboardInterrupt into an error of its own, as pydantic does building a validator;
- `stopped-making-staging:SIGNAL`: SIGNAL to goalfolio itself the moment its staging folder
  is made, before `tempfile.mkdtemp` has even returned it;
- `stopped-swapping:SIGNAL`: SIGNAL to goalfolio itself the moment the old site has been
  renamed aside, before the new one is renamed into its place;
- `stopped-replacing:SIGNAL`: SIGNAL to goalfolio itself the moment a small edit's first
  page has been renamed over its old one, before the others are.
"""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def interrupted(moment: str, *args: str | Path, timeout: float = 60) -> tuple[int | None, str, str]:
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


def _signal_at_fork(number: int, signum: signal.Signals) -> None:
    forks: list[int] = []

    def forked() -> None:
        forks.append(1)
        if len(forks) == number:
            os.killpg(os.getpgrp(), signum)

    os.register_at_fork(after_in_parent=forked)


def _dies_sending(paths: object) -> None:
    """The first 1,000 bytes of a 1 MB result, as the pool sends it (its length, then the
    bytes), then the signal given."""
    frame = sys._getframe()
    while frame.f_back is not None and "result_queue" not in frame.f_locals:
        frame = frame.f_back
    os.write(frame.f_locals["result_queue"]._writer.fileno(), struct.pack("!i", 1 << 20) + bytes(1000))
    os.kill(os.getpid(), _DEATH)
    time.sleep(60)


_DEATH = signal.SIGKILL


def _ctrl_c_made_an_error() -> None:
    from goalfolio import build

    make_graph = build.build_graph

    def build_graph(*args: Any, **kwargs: Any) -> Any:
        try:
            os.killpg(os.getpgrp(), signal.SIGINT)
            time.sleep(60)
        except KeyboardInterrupt:
            raise RuntimeError("KeyboardInterrupt:") from None
        return make_graph(*args, **kwargs)

    build.build_graph = build_graph


def _signal_making_staging(signum: signal.Signals) -> None:
    make_folder = tempfile.mkdtemp

    def mkdtemp(*args: Any, **kwargs: Any) -> Any:
        folder = make_folder(*args, **kwargs)
        if ".new-" in str(kwargs.get("prefix", "")):
            os.kill(os.getpid(), signum)
        return folder

    tempfile.mkdtemp = mkdtemp  # type: ignore[assignment]


def _signal_after_rename(signum: signal.Signals, rename: Any, aside: str) -> Any:
    """`rename` (`Path.rename`, which Python 3.10's pathlib does not make through the
    `os.rename` of the moment, or `os.replace`), sending SIGNAL after the first call whose
    source or target name holds `aside`."""
    sent: list[bool] = []

    def renamed(source: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
        done = rename(source, target, *args, **kwargs)
        if not sent and aside in f"{source} {target}":
            sent.append(True)
            os.kill(os.getpid(), signum)
        return done

    return renamed


def main() -> None:
    global _DEATH
    moment, _, value = sys.argv.pop(1).partition(":")
    if moment == "at-fork":
        number, _, name = value.partition(":")
        _signal_at_fork(int(number), signal.Signals[f"SIG{name}"])
    elif moment == "worker-dies-sending":
        from goalfolio import parallel

        _DEATH = signal.Signals[f"SIG{value}"]
        parallel._render_pages = _dies_sending
    elif moment == "ctrl-c-made-an-error":
        _ctrl_c_made_an_error()
    elif moment == "stopped-making-staging":
        _signal_making_staging(signal.Signals[f"SIG{value}"])
    elif moment == "stopped-swapping":
        Path.rename = _signal_after_rename(signal.Signals[f"SIG{value}"], Path.rename, ".site.old-")  # type: ignore[method-assign]
    elif moment == "stopped-replacing":
        os.replace = _signal_after_rename(signal.Signals[f"SIG{value}"], os.replace, ".index.html.new-")
    else:
        raise SystemExit(f"unknown moment {moment!r}")
    from goalfolio.cli import run

    sys.argv[0] = "goalfolio"
    run()


if __name__ == "__main__":
    main()
