"""Builds with worker processes write exactly what a single-process build writes."""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from interrupt_support import interrupted
from preview_support import running_preview
from test_cache import (
    assert_same_files,
    build,
    edit_one_evidence,
    example_project,
    generated_project,
    read_tree,
)

from goalfolio import earlywork, parallel, stopsignals
from goalfolio.build import Builder, BuildOptions
from goalfolio.cli import main
from goalfolio.config import find_project
from goalfolio.earlywork import start_early_work
from goalfolio.oneshot import build_site
from goalfolio.parallel import auto_jobs, can_fork, chunked
from goalfolio.preview import Preview, PreviewOptions


@pytest.mark.parametrize("kind", ["example", "generated"])
def test_two_jobs_match_one(kind: str, tmp_path: Path) -> None:
    root = example_project(tmp_path) if kind == "example" else generated_project(tmp_path)
    expected = build(root, tmp_path / "one", cache=False, jobs=1)
    assert_same_files(build(root, tmp_path / "two", cache=False, jobs=2), expected)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], "no staging folder left by a worker"


def test_two_jobs_with_a_broken_file_report_it_and_write_nothing(tmp_path: Path) -> None:
    """Bodies are rendered in workers before the front matter is read: a file the loader
    rejects is reported as in a one-process build, and the site is not touched."""
    root = generated_project(tmp_path)
    broken = sorted((root / "content" / "evidence").glob("*.md"))[3]
    broken.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    (root / "content" / "evidence" / "binary.md").write_bytes(b"\x00\x01 not text")
    one = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--no-cache", "--jobs", "1"], capture_output=True, text=True)
    two = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--no-cache", "--jobs", "2"], capture_output=True, text=True)
    assert (two.returncode, two.stderr) == (one.returncode, one.stderr) == (1, one.stderr)
    assert f"{broken.relative_to(root).as_posix()}:2:8: error: this `[` is never closed" in two.stderr
    assert "content/evidence/binary.md:1:1: error: this looks like a binary file" in two.stderr
    assert not (root / "site").exists()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_two_jobs_with_the_cache_after_an_edit_match_one(tmp_path: Path) -> None:
    root = generated_project(tmp_path)
    build(root, tmp_path / "site", cache=True, jobs=2)
    edit_one_evidence(root)
    expected = build(root, tmp_path / "one", cache=False, jobs=1)
    assert_same_files(build(root, tmp_path / "site", cache=True, jobs=2), expected)


def test_markdown_in_workers_matches_in_process(tmp_path: Path) -> None:
    if not can_fork():
        pytest.skip("needs fork")
    from goalfolio.markdown import MarkdownRenderer
    from goalfolio.parallel import render_markdown

    bodies = [(f"doc{i}", f"# Title {i}\n\nText with [[goal-{i}]] and a footnote[^1].\n\n[^1]: note {i}\n") for i in range(40)]
    local = MarkdownRenderer(False)
    assert render_markdown(bodies, False, 2) == [local.render(body, doc) for doc, body in bodies]


def test_jobs_are_chosen_by_size() -> None:
    assert auto_jobs(10, 0) == 1
    assert auto_jobs(10, 3) == 3
    assert auto_jobs(5000, 0) >= 1


def test_chunks_cover_every_value_in_order() -> None:
    values = list(range(23))
    parts = chunked(values, 8)
    assert [v for part in parts for v in part] == values and len(parts) == 8


def with_raw_html(root: Path, allow: bool) -> None:
    config = root / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"markdown:\n  allow_html: {'true' if allow else 'false'}\n", encoding="utf-8")
    evidence = sorted((root / "content" / "evidence").glob("*.md"))[0]
    evidence.write_text(evidence.read_text(encoding="utf-8") + "\nPress <kbd>Enter</kbd> to ship.\n", encoding="utf-8")


@pytest.mark.parametrize("allow", [True, False])
def test_bodies_started_before_the_imports_match_one_job(allow: bool, tmp_path: Path) -> None:
    """`goalfolio build` starts rendering bodies before importing the models, with
    `allow_html` as written in the config."""
    root = generated_project(tmp_path)
    with_raw_html(root, allow)
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--no-cache", "--jobs", jobs, "--out", str(tmp_path / jobs)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert_same_files(read_tree(tmp_path / "2"), read_tree(tmp_path / "1"))
    stem = sorted((root / "content" / "evidence").glob("*.md"))[0].stem
    page = (tmp_path / "2" / "evidence" / stem / "index.html").read_text(encoding="utf-8")
    assert ("Press <kbd>Enter</kbd> to ship." in page) is allow
    assert ("Press &lt;kbd&gt;Enter&lt;/kbd&gt; to ship." in page) is not allow


def test_bodies_started_with_another_allow_html_are_not_used(tmp_path: Path) -> None:
    root = generated_project(tmp_path)
    with_raw_html(root, False)
    expected = build(root, tmp_path / "one", cache=False, jobs=1)
    project = find_project(root)
    pending = start_early_work(project, 2, True, False)
    assert pending is not None and pending.allow_html
    build_site(project, BuildOptions(cache=False, jobs=2), tmp_path / "two", pending)
    assert_same_files(read_tree(tmp_path / "two"), expected)


def test_a_broken_template_no_page_uses_stops_a_parallel_build_as_it_stops_one_job(tmp_path: Path) -> None:
    """The build reports it as a one-job build and `check` do, once, and writes nothing."""
    root = generated_project(tmp_path)
    draft = root / "themes" / "default" / "templates" / "draft.html"
    draft.parent.mkdir(parents=True)
    draft.write_text("{% if %}unfinished\n", encoding="utf-8")
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--no-cache", "--jobs", jobs,
                               "--out", str(tmp_path / jobs)], capture_output=True, text=True)
        assert (done.returncode, done.stdout, done.stderr.splitlines()) == (1, "", [
            "themes/default/templates/draft.html:1:1: error: template error: Expected an expression, got 'end of statement block'",
            "    hint: fix the template in your theme, or delete it to fall back to the built-in one",
            "1 error, 0 warnings in 1 file"]), jobs
        assert not (tmp_path / jobs).exists()


def test_templates_a_parallel_build_compiled_are_kept_in_the_build_cache(tmp_path: Path, compiled_here: list[str],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The next build (one edit, a new process) loads them from .goalfolio-cache/ (the
    user's cache folder is another each time here, so it cannot be that one)."""
    if not can_fork():
        pytest.skip("needs fork")
    root = generated_project(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "first"))
    build(root, tmp_path / "site", cache=True, jobs=2)
    edit_one_evidence(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "second"))
    compiled_here.clear()
    build(root, tmp_path / "site", cache=True, jobs=1)
    assert compiled_here == []


@pytest.mark.parametrize("cache", [True, False])
def test_the_preview_forks_workers_for_its_first_build_only(cache: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking a process that runs other threads can copy a lock one of them holds: the
    preview's first build may use workers because its server and watcher threads start
    after it, and the saves that follow render in the server's own process."""
    root = generated_project(tmp_path)
    before = set(threading.enumerate())
    pools: list[tuple[int, set[threading.Thread]]] = []
    real_pool = parallel.start_pool

    def recording_pool(jobs: int, *args: Any) -> Any:
        pools.append((jobs, set(threading.enumerate())))
        return real_pool(jobs, *args)

    monkeypatch.setattr(parallel, "start_pool", recording_pool)
    with running_preview(root, jobs=2, cache=cache, watch=False) as preview:
        first = preview.last_result
        assert first is not None and first.ok
        assert [jobs for jobs, _ in pools] == [1, 2], "one worker renders bodies beside the build, two render pages"
        assert all(threads == before for _, threads in pools)
        saved = preview.rebuild([edit_one_evidence(root)])
        assert saved is not None and saved.ok and saved.rendered > 0
        assert len(pools) == 2, "a save forks no worker"
        single = Builder(find_project(root), BuildOptions(audience=None, base_url=preview.url)).build()
    assert_same_files(saved.files, single.files)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def interrupted_build(tmp_path: Path, sigint: Any) -> tuple[int, str, str]:
    """A `goalfolio build --jobs 2` in its own process group, started with `sigint` as its
    disposition of SIGINT, and sent SIGINT once its workers run, as Ctrl-C does."""
    root = generated_project(tmp_path, items=600)
    build = subprocess.Popen([sys.executable, "-m", "goalfolio", "build", str(root), "--out", str(tmp_path / "site"), "--no-cache", "--jobs", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, sigint))
    deadline = time.monotonic() + 60
    while len(children_of(build.pid)) < 2 and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.1)  # the workers set their signal handlers first thing
    assert build.poll() is None, "the build ended before its workers could be interrupted"
    os.killpg(build.pid, signal.SIGINT)
    stdout, stderr = build.communicate(timeout=60)
    return build.returncode, stdout, stderr


@pytest.mark.skipif(not can_fork() or not Path("/proc/self/stat").exists(), reason="needs fork and /proc (Linux)")
def test_ctrl_c_stops_a_parallel_build_quietly(tmp_path: Path) -> None:
    """Ctrl-C goes to the whole process group: the workers leave without a traceback, the
    build stops with 130 as a one-process build does, and nothing is written."""
    assert interrupted_build(tmp_path, signal.SIG_DFL) == (130, "", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"], "no site and no staging folder"


@pytest.mark.skipif(not can_fork() or not Path("/proc/self/stat").exists(), reason="needs fork and /proc (Linux)")
def test_a_build_that_ignores_ctrl_c_goes_on_with_its_workers(tmp_path: Path) -> None:
    """Started in the background by a shell without job control, a build ignores SIGINT.
    Its workers used to leave on it all the same, and the build hung waiting for their
    work, or stopped with "a worker process stopped"."""
    code, stdout, stderr = interrupted_build(tmp_path, signal.SIG_IGN)
    assert (code, stderr) == (0, "")
    assert re.fullmatch(r"built 559 pages \(561 files, all rendered\) into \S+ in [0-9.]+s\n", stdout)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "site"], "no staging folder left"


def _wait_in_worker(ready: Any) -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a build started from a terminal
    parallel._start_worker(None, ())
    ready.set()
    threading.Event().wait()


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_an_interrupted_worker_leaves_at_once_without_a_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    """A worker waiting for work when Ctrl-C comes used to print the traceback of where it
    waited (the parent reports the interruption itself)."""
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    worker = context.Process(target=_wait_in_worker, args=(ready,))
    worker.start()
    try:
        assert ready.wait(timeout=30)
        os.kill(worker.pid, signal.SIGINT)  # type: ignore[arg-type]
        worker.join(timeout=30)
        assert worker.exitcode == 128 + signal.SIGINT
    finally:
        worker.kill()
    assert capfd.readouterr().err == ""


def _block() -> None:
    threading.Event().wait()


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_after_ctrl_c_a_pool_is_left_without_waiting_for_it() -> None:
    """After Ctrl-C a pool may never finish: a worker that left while sending its result
    leaves the pool's reader waiting for the rest. Shutting it down used to wait for that
    (here: a worker that never returns), and the build hung instead of stopping."""
    pool = parallel.start_pool(1)
    pool.submit(_block)
    workers = list(pool._processes.values())  # type: ignore[attr-defined]
    assert len(workers) == 1
    stopping = threading.Thread(target=parallel.shut_down, args=(pool, KeyboardInterrupt()), daemon=True)
    stopping.start()
    stopping.join(timeout=30)
    assert not stopping.is_alive(), "shut_down waited for the pool"
    # Gone, not only ended: the pool's own thread may reap the worker first, and then
    # `is_alive()` asks the system about a process it no longer knows, and says yes.
    with pytest.raises(ProcessLookupError):
        os.kill(workers[0].pid, 0)


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_a_pool_stopped_while_a_result_was_half_sent_lets_its_reading_thread_end() -> None:
    """A worker stopped in the middle of sending a result (Ctrl-C, killed, or terminated by
    `shut_down` while another one failed) left the pool's reading thread waiting for the
    rest for good, and Python waits for that thread at exit: the test suite, having passed,
    never exited. Here the first bytes of a result are written as a worker would."""
    pool = parallel.start_pool(1)
    reader = pool._executor_manager_thread  # type: ignore[attr-defined]
    results = pool._result_queue._writer  # type: ignore[attr-defined]
    os.write(results.fileno(), struct.pack("!i", 1000) + b"half a result")
    time.sleep(0.5)  # the reading thread reads what came and waits for the rest
    parallel.shut_down(pool, KeyboardInterrupt())
    reader.join(timeout=30)
    waiting = reader.is_alive()
    if waiting and not results.closed:  # the rest, so that this test run can still exit
        os.write(results.fileno(), bytes(1000 - len(b"half a result")))
    assert not waiting, "the pool's reading thread still waits for the rest of the result"


def _die(*work: object) -> None:
    os._exit(9)


def _killed(*work: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _interrupted(*work: object) -> None:
    """Ctrl-C reaching this worker only (`kill -INT`), or before the build's own."""
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(60)


# What a worker does: the early worker's two stages, and pages.
WORK = [(earlywork, "_parse_files"), (earlywork, "_render_files"), (parallel, "_render_pages")]
LOST = ("goalfolio: error: a worker process stopped before its work was done (killed, or out of memory?); "
        "run again, or with --jobs 1 to use none")


@pytest.mark.skipif(not can_fork(), reason="needs fork")
@pytest.mark.parametrize("death", [_die, _killed])
@pytest.mark.parametrize(("module", "work"), WORK)
def test_a_worker_that_dies_is_reported_and_the_site_kept(module: Any, work: str, death: Callable[..., None], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, run_cli: Any) -> None:
    """Killed (say, out of memory) while parsing front matter, rendering bodies or
    rendering pages: not a bug in goalfolio, and, like any failed build, it leaves the
    previous site as it was."""
    root = generated_project(tmp_path)
    before = build(root, tmp_path / "site", cache=False)
    monkeypatch.setattr(module, work, death)
    code, out, err = run_cli("build", root, "--out", tmp_path / "site", "--no-cache", "--jobs", "2")
    assert (code, out) == (1, "")
    assert err == LOST + "\n"
    assert read_tree(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "site"], "no staging folder left"


def _leave_later(seconds: float) -> None:
    time.sleep(seconds)
    os._exit(parallel.LEFT_ON_CTRL_C)


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_a_worker_found_gone_before_its_exit_code_can_be_read_is_still_told_as_ctrl_c() -> None:
    """The pool may find a worker gone, its end of the pipe closed, a moment before the
    system has its exit code: under load, a worker that left on Ctrl-C was told as killed
    ("a worker process stopped ...", exit 1)."""
    worker = multiprocessing.get_context("fork").Process(target=_leave_later, args=(0.3,))
    worker.start()
    try:
        told = parallel.lost_worker([worker])
        assert (type(told), worker.exitcode) == (KeyboardInterrupt, parallel.LEFT_ON_CTRL_C)
    finally:
        worker.join()


@pytest.mark.skipif(not can_fork(), reason="needs fork")
@pytest.mark.parametrize(("module", "work"), WORK)
def test_a_worker_stopped_by_ctrl_c_stops_the_build_as_ctrl_c(module: Any, work: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                run_cli: Any, ctrl_c_at_its_default: None) -> None:
    """The build found its pool broken by a worker that left on Ctrl-C, and said a worker
    process stopped (exit 1): Ctrl-C reaches the workers as it reaches the build, which may
    raise its KeyboardInterrupt later, or not at all when only the workers got it."""
    root = generated_project(tmp_path)
    before = build(root, tmp_path / "site", cache=False)
    monkeypatch.setattr(module, work, _interrupted)
    assert run_cli("build", root, "--out", tmp_path / "site", "--no-cache", "--jobs", "2") == (130, "", "")
    assert read_tree(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "site"], "no staging folder left"


@pytest.mark.skipif(not can_fork(), reason="needs fork")
@pytest.mark.parametrize("fork", [1, 3], ids=["markdown-workers", "page-workers"])
def test_ctrl_c_while_the_workers_are_forked_stops_the_build(fork: int, tmp_path: Path) -> None:
    """Ctrl-C coming as the build forked a worker was lost: the build raised its
    KeyboardInterrupt in Python's after-fork hooks, which print it ("Exception ignored in")
    and go on, and the worker had no handler yet. The build then wrote the site, or
    stopped with "a worker process stopped"."""
    root = generated_project(tmp_path)
    before = build(root, tmp_path / "site", cache=False)
    assert interrupted(f"at-fork:{fork}:INT", "build", root, "--out", tmp_path / "site", "--no-cache", "--jobs", "2") == (130, "", "")
    assert read_tree(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "site"], "no staging folder left"


@pytest.mark.skipif(not can_fork(), reason="needs fork")
@pytest.mark.parametrize(("death", "ending"), [("KILL", (1, "", LOST + "\n")), ("INT", (130, "", ""))])
def test_a_worker_that_dies_while_sending_its_result_stops_the_build(death: str, ending: tuple[int, str, str],
                                                                     tmp_path: Path) -> None:
    """The pool's thread, left waiting for the rest of the result, never found the pool
    broken, and the build waited for it forever."""
    root = generated_project(tmp_path)
    before = build(root, tmp_path / "site", cache=False)
    args = ("build", root, "--out", tmp_path / "site", "--no-cache", "--jobs", "2")
    assert interrupted(f"worker-dies-sending:{death}", *args, timeout=30) == ending
    assert read_tree(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "site"], "no staging folder left"


@pytest.mark.skipif(not can_fork(), reason="needs fork")
@pytest.mark.parametrize("stop", ["INT", "TERM"])
def test_ctrl_c_or_sigterm_while_the_preview_forks_its_workers_stops_it(stop: str, tmp_path: Path) -> None:
    """With Ctrl-C, the preview went on serving, without its first build, after printing
    "a worker process stopped". A worker stopped before it set its handlers (SIGTERM, from
    a service manager or from the preview stopping its workers) had the preview's, and
    printed the traceback of a KeyboardInterrupt, or lived on."""
    root = generated_project(tmp_path)
    args = ("serve", root, "--port", "0", "--no-cache", "--jobs", "2")
    assert interrupted(f"at-fork:1:{stop}", *args, timeout=30) == (0, "stopping\n", "")


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_the_preview_starts_its_watcher_after_its_first_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """watchdog starts a thread as soon as its observer is made, and the preview made its
    watcher before the first build forked its workers: a thread whose locks a fork could
    copy, and that Ctrl-C could reach instead of the main thread (then lost in Python's
    after-fork hooks, and workers forked meanwhile left behind)."""
    root = generated_project(tmp_path)
    before = set(threading.enumerate())
    started: list[set[threading.Thread]] = []
    real_pool = parallel.start_pool

    def recording_pool(jobs: int, *args: Any) -> Any:
        started.append(set(threading.enumerate()) - before)
        return real_pool(jobs, *args)

    monkeypatch.setattr(parallel, "start_pool", recording_pool)
    with running_preview(root, jobs=2, cache=False) as preview:
        assert preview.watcher is not None and preview.watcher.running
    assert started == [set(), set()]


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_a_worker_stopped_by_ctrl_c_stops_the_preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      ctrl_c_at_its_default: None) -> None:
    """Its first build, with workers, stops as Ctrl-C stops the preview (`Preview.run`)."""
    root = generated_project(tmp_path)
    monkeypatch.setattr(earlywork, "_render_files", _interrupted)
    out = io.StringIO()
    preview = Preview(find_project(root), PreviewOptions(port=0, jobs=2, cache=False, watch=False), out=out)
    try:
        with pytest.raises(KeyboardInterrupt):
            preview.start()
    finally:
        preview.stop()
    assert out.getvalue() == ""


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_a_worker_that_dies_rendering_bodies_the_cache_lacks_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         run_cli: Any) -> None:
    """With a build cache, bodies are not started before the imports: those the cache
    lacks (here all of them, after `allow_html` changed) go to a pool of their own."""
    root = generated_project(tmp_path)
    before = build(root, tmp_path / "site", cache=True)
    with_raw_html(root, True)
    monkeypatch.setattr(parallel, "_render_markdown", _die)
    code, out, err = run_cli("build", root, "--out", tmp_path / "site", "--jobs", "2")
    assert (code, out) == (1, "")
    assert err == LOST + "\n"
    assert read_tree(tmp_path / "site") == before


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_a_worker_that_dies_in_the_previews_first_build_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = generated_project(tmp_path)
    monkeypatch.setattr(parallel, "_render_pages", _die)
    with running_preview(root, jobs=2, watch=False) as preview:
        printed = preview.out.getvalue()  # type: ignore[attr-defined]
        assert preview.last_result is None
        assert printed.splitlines()[0] == LOST
        assert "internal error" not in printed


def test_more_jobs_than_items_fork_one_process_per_item(write_project, tmp_path: Path, run_cli,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool forks every worker it may use at once: `--jobs 1000` forked a thousand processes
    to render a handful of pages. (The pool made here has two at most, whatever it is asked.)"""
    evidence = "---\ntitle: Win {n}\ndate: 2026-03-0{n}\nkind: result\n---\nText {n}.\n"
    root = write_project(tmp_path, {f"content/evidence/win-{n}.md": evidence.format(n=n) for n in range(1, 4)})
    asked: list[int] = []
    pool = parallel.start_pool

    def recorded(jobs: int, *args: Any) -> Any:
        asked.append(jobs)
        return pool(min(jobs, 2), *args)

    monkeypatch.setattr(parallel, "start_pool", recorded)
    code, out, _ = run_cli("build", root, "--no-cache", "--jobs", "1000")
    assert code == 0 and out.startswith("built ")
    assert asked == [4]
    assert auto_jobs(10, 1000) == 10 and auto_jobs(0, 3) == 1


def test_one_job_renders_every_body_in_its_own_process(write_project, tmp_path: Path, run_cli,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`--jobs 1` is the way a build whose worker died is told to run without any: enough
    bodies to fill chunks for workers are rendered in the building process all the same."""
    evidence = "---\ntitle: Win {n}\ndate: 2026-03-{n:02}\nkind: result\n---\nText {n}.\n"
    root = write_project(tmp_path, {f"content/evidence/win-{n}.md": evidence.format(n=n) for n in range(1, 21)})
    asked: list[int] = []
    monkeypatch.setattr(parallel, "start_pool", lambda jobs, *args: asked.append(jobs))
    code, out, _ = run_cli("build", root, "--no-cache", "--jobs", "1")
    assert (code, out.startswith("built "), asked) == (0, True, [])


def test_jobs_given_are_kept_but_never_more_than_the_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """0 (auto) is one process up to `AUTO_THRESHOLD` content files and every CPU above it."""
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert [auto_jobs(items, jobs) for items, jobs in [(5, 3), (2, 8), (0, 4), (1, 1), (1000, 2), (1000, 1)]] == [3, 2, 1, 1, 2, 1]
    threshold = parallel.AUTO_THRESHOLD
    assert [auto_jobs(items, 0) for items in (0, threshold, threshold + 1, 10_000)] == [1, 1, 3, 3]
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert auto_jobs(10_000, 0) == 1


def test_chunks_and_interleaved_slices_have_the_sizes_said() -> None:
    values = list(range(23))
    assert [len(part) for part in chunked(values, 8)] == [3, 3, 3, 3, 3, 3, 3, 2]
    assert chunked(values[:3], 8) == [[0], [1], [2]]
    assert chunked([], 4) == [[]]
    assert parallel.interleaved(values[:7], 3) == [[0, 3, 6], [1, 4], [2, 5]]
    assert parallel.interleaved(values[:2], 5) == [[0], [1]]
    assert parallel.interleaved([], 3) == [[]]


def _page(path: str) -> bytes:
    return f"{path} in {os.getpid()}".encode()


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_pages_rendered_in_workers_come_back_in_the_order_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [f"p{i}/index.html" for i in range(11)]
    pages = parallel.render_pages(paths, _page, 2)
    assert [page.rsplit(b" in ", 1)[0] for page in pages] == [path.encode() for path in paths]
    assert str(os.getpid()).encode() not in {page.rsplit(b" in ", 1)[1] for page in pages}, "rendered in workers"
    assert parallel.render_pages(paths[:1], _page, 2) == [_page(paths[0])], "one page is rendered here"
    assert parallel.render_pages(paths, _page, 1) == [_page(path) for path in paths]
    assert (parallel._pages, gc.get_freeze_count()) == (None, 0)


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs signal masks")
def test_ctrl_c_and_sigterm_wait_while_workers_are_forked() -> None:
    def blocked() -> set[int]:
        return set(signal.pthread_sigmask(signal.SIG_BLOCK, [])) & set(parallel.STOP_SIGNALS)

    before = blocked()
    with stopsignals.stop_signals_held():
        held = blocked()
    assert (before, held, blocked()) == (set(), set(parallel.STOP_SIGNALS), set())


def _slow_page(path: str) -> bytes:
    time.sleep(0.5 if path == "slow.html" else 0)
    return path.encode()


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_a_page_that_takes_longer_than_a_look_at_the_workers_is_waited_for() -> None:
    """The workers are looked at every 0.2 s while a result is awaited: one still working is no dead one."""
    paths = ["a.html", "slow.html", "c.html"]
    assert parallel.render_pages(paths, _slow_page, 2) == [path.encode() for path in paths]


def test_one_job_starts_no_worker_for_the_bodies(tmp_path: Path) -> None:
    """"Run again, or with --jobs 1 to use none", says a build whose worker died."""
    root = generated_project(tmp_path, 20)
    assert start_early_work(find_project(root), 1, False, cache=False) is None
    pending = start_early_work(find_project(root), 2, False, cache=False)
    assert pending is not None
    pending.cancel()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_command_that_forks_no_worker_does_not_import_multiprocessing(tmp_path: Path, command: str) -> None:
    """`check`, and a build after one edit (a cache, a handful of pages), make no pool:
    multiprocessing and concurrent.futures cost them about 15 ms of start-up."""
    root = example_project(tmp_path)
    assert main(["build", str(root), "--out", str(tmp_path / "site")]) == 0
    with (root / "content" / "evidence" / "amsterdam-secondment.md").open("a", encoding="utf-8") as file:
        file.write("\nOne more line.\n")
    code = ("import sys\nfrom goalfolio.cli import main\n"
            f"main([{command!r}, {str(root)!r}] + ({['--out', str(tmp_path / 'site')]!r} if {command!r} == 'build' else []))\n"
            "print(sorted(m for m in ('multiprocessing', 'concurrent.futures') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert command == "check" or "rendered)" in done.stdout.splitlines()[-2]
