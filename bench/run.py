"""goalfolio against the Python floor, measured side by side in one run.

For each size: generate the portfolio once (kept in a temp folder between runs of this
script), then, for every run, time the floor (one process and N workers) and goalfolio's
builds, each goalfolio build right after a floor of its own, so both see the same machine
load. Reports medians and ratios to the single-process floor, and the median of each
build's ratio to the floor timed just before it ("paired"): on a shared machine whose
speed drifts from minute to minute, a build and the floor measured a second apart slow
down together, so the paired ratio is the steadiest figure. Every floor writes its pages
into a new folder, as every goalfolio cold build does; one row shows the floor writing
over its previous run's pages instead, as it did up to the bench's 67th run.

Every figure but two is a separate process, start-up and imports included, the way a
person or CI runs it. The floor is `floor.py --once` (one process, or N workers), the
reference for the ratios; "floor work, in process" is the same work timed inside this
process, without start-up and imports, for comparison. goalfolio (`python -m goalfolio`):
  cold        build --no-cache --jobs 1, the built-in theme compiled by an earlier build
              (goalfolio keeps it in the user's cache folder, as Python keeps __pycache__)
  first build the same on a machine where goalfolio never ran: no compiled theme either
  cold N jobs build --no-cache --jobs N
  warm        build with the cache, nothing changed since the last build
  1 edit      build with the cache after appending a sentence to one evidence file
  peak memory maximum resident set of a cold one-process build (ru_maxrss of the child)
  imports     `python -c "import pydantic, jinja2, markdown_it, yaml"` (and BaseModel): the
              least any new goalfolio process pays before reading a file
  --version   start-up; check: `goalfolio check` on the example portfolio of this repository
The other figures measured in this process are `Builder.build(changed=[path])` after an
edit, with the builder kept from the previous build (what the preview server pays per
save), that builder's first build with N jobs and no build cache (a preview's start;
its CPU column counts this process only), and a preview's start when the last one kept its
pages in the build cache and nothing changed since.
goalfolio's modules are compiled to bytecode first, as `pip install` does.

Usage: python bench/run.py [--sizes 1000,5000,10000] [--runs 5] [--workers 2] [--keep DIR] [--no-compile]
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import floor  # noqa: E402

MEMORY_PROBE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def floor_process(content: Path, out: Path, mode: str, workers: int) -> list[str]:
    """The floor as its own process: start-up and imports counted, as for goalfolio."""
    return [sys.executable, str(HERE / "floor.py"), str(content), "--once", mode, "--workers", str(workers), "--out", str(out)]


def goalfolio(*args: str) -> list[str]:
    return [sys.executable, "-m", "goalfolio", *args]


RUNTIME_IMPORTS = [sys.executable, "-c", "import jinja2, markdown_it, mdit_py_plugins.footnote, yaml; from pydantic import BaseModel"]


class Timing(NamedTuple):
    wall: float
    cpu: float  # user + system seconds of the process and its workers


def timed(command: list[str], user_cache: Path | None = None) -> Timing:
    """How long `command` takes; `user_cache`: another XDG_CACHE_HOME than the bench's (see main)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(user_cache)) if user_cache is not None else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return Timing(seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def in_process(work: Callable[[], object]) -> Timing:
    cpu, started = time.process_time(), time.perf_counter()
    work()
    return Timing(time.perf_counter() - started, time.process_time() - cpu)


def peak_memory_mb(command: list[str]) -> float:
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, *command], check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024  # Linux reports KiB


def portfolio(size: int, keep: Path) -> Path:
    project = keep / f"portfolio-{size}"
    if not (project / "goalfolio.yaml").is_file():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(project), "--items", str(size)], check=True, stdout=subprocess.DEVNULL)
    return project


def measure(size: int, runs: int, workers: int, keep: Path) -> tuple[dict[str, list[Timing]], dict[str, list[Timing]]]:
    """Timings by row, and for each goalfolio row of every run the floor timed just before
    it (see `paired`); the rows measured in every run come first and in run order."""
    project = portfolio(size, keep)
    content = project / "content"
    edited = sorted((content / "evidence").glob("*.md"))[len(list((content / "evidence").glob("*.md"))) // 2]
    original = edited.read_bytes()
    times: dict[str, list[Timing]] = {}
    floors: dict[str, list[Timing]] = {}

    with tempfile.TemporaryDirectory(prefix="goalfolio-bench-") as scratch:
        out = Path(scratch)
        fresh = (out / f"new-{n}" for n in itertools.count())

        def note(label: str, run: Callable[[], Timing]) -> None:
            times.setdefault(label, []).append(run())

        def cold_build(jobs: str, user_cache: Path | None = None) -> Timing:
            return timed(goalfolio("build", str(project), "--out", str(next(fresh)), "--no-cache", "--jobs", jobs), user_cache)

        def beside_floor(label: str, run: Callable[[], Timing]) -> None:
            floors.setdefault(label, []).append(floor_timing := timed(floor_process(content, next(fresh), "single", workers)))
            times["floor"].append(floor_timing)
            note(label, run)

        try:
            shutil.rmtree(project / ".goalfolio-cache", ignore_errors=True)
            timed(goalfolio("build", str(project), "--out", str(out / "cold"), "--no-cache"))  # compiles the theme
            timed(floor_process(content, out / "floor-again", "single", workers))  # pages for the next run to write over
            times["floor"] = []
            for run in range(runs):
                note(f"floor {workers} workers", lambda: timed(floor_process(content, next(fresh), "parallel", workers)))
                note(FLOOR_OVER_ITS_PAGES, lambda: timed(floor_process(content, out / "floor-again", "single", workers)))
                note("floor work, in process", lambda: in_process(partial(floor.floor_single, content, next(fresh))))
                note("python + runtime imports", lambda: timed(RUNTIME_IMPORTS))
                # Every cold build, the floor's too, writes a new folder: replacing a site
                # removes the old one in a background `rm`, which would compete with the next
                # timed command, and writing over a file costs more than making it (see
                # FLOOR_OVER_ITS_PAGES).
                beside_floor("goalfolio cold, 1 job", partial(cold_build, "1"))
                beside_floor("goalfolio first build, 1 job", partial(cold_build, "1", out / f"never-ran-{run}"))
                beside_floor(f"goalfolio cold, {workers} jobs", partial(cold_build, str(workers)))
                if run == 0:
                    timed(goalfolio("build", str(project), "--out", str(out / "warm")))  # fills the cache
                beside_floor("goalfolio warm (no change)", lambda: timed(goalfolio("build", str(project), "--out", str(out / "warm"))))
                edited.write_bytes(original + f"\nEdited in benchmark run {run}.\n".encode())
                beside_floor("goalfolio after 1 edit", lambda: timed(goalfolio("build", str(project), "--out", str(out / "warm"))))
            times.update(incremental_in_process(project, edited, original, runs, workers))
            times["peak memory MB (cold, 1 job)"] = [Timing(peak_memory_mb(goalfolio("build", str(project), "--out", str(out / "mem"), "--no-cache", "--jobs", "1")), 0)]
        finally:
            edited.write_bytes(original)
    return times, floors


def incremental_in_process(project: Path, edited: Path, original: bytes, runs: int, workers: int) -> dict[str, list[Timing]]:
    """What the preview server pays to start (its first build, with `workers` processes and
    no build cache; then again from the pages the last start kept) and for one saved file:
    `Builder.build(changed=[path])`."""
    from goalfolio.build import Builder, BuildOptions
    from goalfolio.collector import collecting_less
    from goalfolio.config import find_project

    saves = []
    with collecting_less():  # as in `goalfolio serve`
        builder = Builder(find_project(project), BuildOptions())
        start = in_process(partial(builder.build, jobs=workers))
        for run in range(runs):
            edited.write_bytes(original + f"\nEdited in process, run {run}.\n".encode())
            cpu, started = time.process_time(), time.perf_counter()
            result = builder.build(changed=[edited])
            saves.append(Timing(time.perf_counter() - started, time.process_time() - cpu))
            if not result.ok:
                raise SystemExit(f"incremental build failed: {result.diagnostics[:3]}")
        preview = BuildOptions(audience=None, base_url="http://127.0.0.1:8000/", warm=True)  # as `goalfolio serve`
        Builder(find_project(project), preview).build(jobs=workers)  # keeps its pages in the build cache
        again = in_process(partial(Builder(find_project(project), preview).build, jobs=workers))
    return {"in-process: 1 edit, Builder kept": saves, f"in-process: preview start, {workers} jobs": [start],
            "in-process: preview start, pages kept": [again]}


def startup(runs: int) -> dict[str, list[Timing]]:
    return {
        "goalfolio --version": [timed(goalfolio("--version")) for _ in range(runs)],
        "goalfolio check (example)": [timed(goalfolio("check", str(REPO))) for _ in range(runs)],
    }


# The floor as the bench timed it up to its 67th run (docs/performance.md): into the folder of
# its previous run, writing over each page, which is not what a goalfolio cold build does,
# and on the disk this was measured on took anywhere from 0.97 to 1.39 times as long.
FLOOR_OVER_ITS_PAGES = "floor, over its last run's pages"


def paired(values: list[Timing], floor_runs: list[Timing]) -> float:
    """The median over runs of the row's wall time divided by the floor's timed just before it."""
    return statistics.median(v.wall / f.wall for v, f in zip(values, floor_runs))


def table(size: int, times: dict[str, list[Timing]], floors: dict[str, list[Timing]]) -> str:
    """Medians of wall time, and beside them the steadier figures on a shared machine,
    where other work only ever adds time: minimums, CPU time (the process and its
    workers; with workers it exceeds the wall time) and the paired ratio."""
    floor_runs = times["floor"]
    base, fastest = statistics.median(t.wall for t in floor_runs), min(t.wall for t in floor_runs)
    base_cpu = statistics.median(t.cpu for t in floor_runs)
    width = max(len(label) for label in times)
    lines = [f"{size:,} items ({len(floors[next(iter(floors))])} runs; goalfolio runs as a separate process; "
             f"the floor is timed before each goalfolio row, {len(floor_runs)} times)",
             f"  {'':{width}} {'median s':>9} {'× floor':>8} {'paired':>7} {'min s':>8} {'× floor':>8} {'CPU s':>8} {'× floor':>8}"]
    for label, values in times.items():
        wall = statistics.median(t.wall for t in values)
        if label.startswith("peak memory"):
            lines.append(f"  {label:{width}} {wall:>8.0f}M")
            continue
        least, cpu = min(t.wall for t in values), statistics.median(t.cpu for t in values)
        pair = f"{paired(values, floors[label]):>7.2f}" if label in floors else f"{'':>7}"
        lines.append(f"  {label:{width}} {wall:>9.3f} {wall / base:>8.2f} {pair} {least:>8.3f} {least / fastest:>8.2f} {cpu:>8.3f} {cpu / base_cpu:>8.2f}")
    return "\n".join(lines)


def compile_goalfolio() -> None:
    """Write goalfolio's bytecode first, as `pip install` does: where PYTHONDONTWRITEBYTECODE
    is set (as on some CI and sandbox machines) an editable install would otherwise compile
    every module in every timed process, about 0.15 s that no installed copy pays."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("goalfolio")
    assert spec is not None and spec.submodule_search_locations, "goalfolio is not installed"
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated portfolio sizes (default: 1000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "goalfolio-bench",
                        help="where generated portfolios are kept between runs")
    parser.add_argument("--no-compile", action="store_true",
                        help="leave goalfolio's bytecode as it is (for tests, which write nothing into the repository)")
    args = parser.parse_args(argv)
    args.keep.mkdir(parents=True, exist_ok=True)
    if not args.no_compile:
        compile_goalfolio()
    # goalfolio keeps the built-in theme compiled in the user's cache folder: the bench uses
    # its own, so that your ~/.cache neither helps nor changes.
    user_cache = tempfile.TemporaryDirectory(prefix="goalfolio-bench-user-")
    os.environ["XDG_CACHE_HOME"] = user_cache.name
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, floor start method {floor.multiprocessing.get_start_method()}")
    curve = []
    for size in (int(s) for s in args.sizes.split(",")):
        times, floors = measure(size, args.runs, args.workers, args.keep)
        print(table(size, times, floors), flush=True)
        curve.append((size, statistics.median(t.wall for t in times["floor"]), statistics.median(t.wall for t in times["goalfolio cold, 1 job"])))
    if len(curve) > 1:
        print("curve (cold, 1 job): " + ", ".join(f"{n:,}: {g:.2f}s = {g / n * 1000:.2f} ms/item (floor {f / n * 1000:.2f})" for n, f, g in curve))
    start = startup(args.runs)
    for label, values in start.items():
        print(f"  {label:34} {statistics.median(t.wall for t in values):>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
