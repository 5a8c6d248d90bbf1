"""goalfolio collects garbage less often while it builds or serves, and puts the
collector's setting back afterwards (tests and other callers share the process)."""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from goalfolio.collector import THRESHOLD, IdleCollection, collecting_less
from goalfolio.commands import build
from goalfolio.config import find_project
from goalfolio.preview import Preview, PreviewOptions

REPO = Path(__file__).resolve().parent.parent


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


@pytest.fixture
def collections_by_thread() -> Iterator[list[tuple[str, int]]]:
    """The thread and generation of each collection that starts while a test runs, with
    automatic collections off: only explicit ones are seen."""
    seen: list[tuple[str, int]] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append((threading.current_thread().name, info["generation"]))

    gc.collect()  # the garbage of earlier tests
    enabled = gc.isenabled()
    gc.disable()
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        if enabled:
            gc.enable()


def example_preview(tmp_path: Path, collect_after: float | None) -> Preview:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "goalfolio.yaml", tmp_path / "goalfolio.yaml")
    return Preview(find_project(tmp_path), PreviewOptions(port=0, watch=False, collect_after=collect_after),
                   out=io.StringIO())


def wait_for_collection(seen: list[tuple[str, int]]) -> None:
    """Until the preview's collection has started and its thread has ended: a `gc.collect()`
    made while another runs returns 0 at once."""
    deadline = time.monotonic() + 30
    while ("goalfolio-collector", 2) not in seen and time.monotonic() < deadline:
        time.sleep(0.02)
    for thread in threading.enumerate():
        if thread.name == "goalfolio-collector":
            thread.join(timeout=30)


def test_an_idle_preview_collects_the_garbage_its_builds_left_in_cycles(
        tmp_path: Path, collections_by_thread: list[tuple[str, int]]) -> None:
    """Jinja's contexts and macros refer to each other: without a full collection, a save's
    garbage in cycles, and the site graph it refers to, stays until a rare one."""
    preview = example_preview(tmp_path, collect_after=0.5)  # longer than the pause between the two builds
    try:
        preview.rebuild(None)
        evidence = sorted((tmp_path / "content/evidence").glob("*.md"))[0]
        evidence.write_text(evidence.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Renamed ", 1), encoding="utf-8")
        result = preview.rebuild([evidence])
        assert result is not None and result.ok
        wait_for_collection(collections_by_thread)
        assert collections_by_thread == [("goalfolio-collector", 2)]
        assert gc.collect() == 0  # nothing left in cycles
    finally:
        preview.stop()


def test_a_collection_due_while_a_build_runs_leaves_it_to_the_next_one(collections_by_thread: list[tuple[str, int]]) -> None:
    """A collection falls due while a build runs: it does not run, then or when that build
    ends, since the preview is not idle; the collection that build set off runs."""
    lock = threading.Lock()
    collection = IdleCollection(lock, delay=0.05)
    try:
        with lock:
            collection.after_build()
            time.sleep(0.3)  # its collection is due, and gives way to the build
            collection.after_build()  # the next build ends
        wait_for_collection(collections_by_thread)
        time.sleep(0.3)  # time for another collection to start
        assert collections_by_thread == [("goalfolio-collector", 2)]
    finally:
        collection.stop()


def test_a_stopped_preview_leaves_no_collection_pending(tmp_path: Path, collections_by_thread: list[tuple[str, int]]) -> None:
    preview = example_preview(tmp_path, collect_after=0.2)
    preview.rebuild(None)
    preview.stop()
    time.sleep(0.4)
    assert collections_by_thread == []
    assert not any(t.name == "goalfolio-collector" for t in threading.enumerate())


def test_without_a_delay_the_preview_never_collects(tmp_path: Path, collections_by_thread: list[tuple[str, int]]) -> None:
    preview = example_preview(tmp_path, collect_after=None)
    try:
        preview.rebuild(None)
        time.sleep(0.2)
        assert collections_by_thread == []
        assert not any(t.name == "goalfolio-collector" for t in threading.enumerate())
    finally:
        preview.stop()


def test_a_stop_while_a_build_has_made_its_timer_and_not_started_it_cancels_it() -> None:
    """A save's build ending as the preview stops makes the next timer, then starts it:
    the stop, between the two, joined a thread not started and raised RuntimeError."""
    collected: list[int] = []
    collection = IdleCollection(threading.Lock(), delay=0.01)
    timer = threading.Timer(0.01, collected.append, args=(1,))
    collection._timer = timer
    collection.stop()
    timer.start()
    timer.join(5)
    assert (timer.is_alive(), collected) == (False, [])
