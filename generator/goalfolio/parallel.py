"""Worker processes for the costly stages of a build: Markdown and page rendering.

Markdown bodies are sent to workers in chunks; each worker builds its `MarkdownRenderer`
once (in the pool initializer) and sends back `RenderedMarkdown`. A cold build's early
worker, which parses and renders while the build imports its models, is `earlywork`'s.

Pages are rendered by forked workers that inherit the renderer (graph, bodies, plans, Jinja
environment) from the parent instead of receiving it pickled; only output paths go out,
and bytes come back, or nothing when the workers write the pages themselves (a one-shot
build streaming into its staging folder). Where `fork` is not available pages are rendered
in the parent. Every page and body is rendered independently of the others, so the output
does not depend on the number of workers.
"""

from __future__ import annotations

import gc
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import BuildStopped
from .stopsignals import STOP_SIGNALS, stop_signals_held

# multiprocessing and concurrent.futures are imported where a pool is made: a build that
# uses none (a small edit, `check`) does not pay for them (about 15 ms).
if TYPE_CHECKING:
    import multiprocessing.process
    from concurrent.futures import Future, ProcessPoolExecutor


CHUNKS_PER_WORKER = 4
AUTO_THRESHOLD = 200  # content files; below this a pool costs more than it saves
LEFT_ON_CTRL_C = 128 + signal.SIGINT  # a worker's exit code, as a shell reports a process Ctrl-C stopped
EXIT_CODE_WAIT_SECONDS = 2.0  # at most, for a worker found gone to have an exit code (`lost_worker`)

T = TypeVar("T")

_markdown: Any = None
_pages: Callable[[str], bytes] | None = None


def auto_jobs(items: int, jobs: int) -> int:
    """`jobs` > 0 is taken as given, but never more than one process per item: a pool forks
    every worker it may use at once, so `--jobs 1000` forked a thousand processes to render
    81 pages. 0 means: one for small sites, every CPU for large ones."""
    if jobs > 0:
        return max(1, min(jobs, items))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)) if items > AUTO_THRESHOLD else 1


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def chunked(values: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    parts = max(1, min(parts, len(values)))
    size, extra = divmod(len(values), parts)
    chunks, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        chunks.append(values[start:end])
        start = end
    return chunks


def start_pool(jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool whose workers are all started here, with Ctrl-C and SIGTERM held back until
    each has set its handlers (`_start_worker`). Without that, a Ctrl-C while forking was
    lost: this process raised its KeyboardInterrupt in Python's after-fork hooks, which
    only print it ("Exception ignored in ... _releaseLock") and go on; a worker not yet
    ready printed a traceback, or forgot it. And a worker of the preview stopped (SIGTERM,
    `shut_down`) before it was ready raised the preview's KeyboardInterrupt instead of
    ending."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if can_fork() else None)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(initializer, initargs))
    try:
        with stop_signals_held():
            pool.submit(int)  # the first task starts every worker
    except BaseException as exc:
        shut_down(pool, exc)
        raise
    return pool


def shut_down(pool: ProcessPoolExecutor, stopped_by: BaseException | None = None, cancel: bool = False) -> None:
    """Shut `pool` down once its work is done, or no longer wanted (`cancel`, or an error
    `stopped_by` the build, Ctrl-C included).

    When stopped, it does not wait for the pool: a worker that left in the middle of
    sending a result (Ctrl-C, killed, or stopped here) leaves the pool's reading thread
    waiting for the rest of it. The workers are stopped instead (Ctrl-C may have reached
    this process only), and waited for, so that none still writes into a staging folder
    being removed. Then this process's end of the results pipe is closed: with no writer
    left, the reading thread gets an end of file and ends. Left waiting, it kept a process
    that goes on (the test suite, a preview) from ever exiting, as Python waits for the
    thread at exit; the goalfolio command ends with `os._exit`, which does not."""
    if stopped_by is None:
        pool.shutdown(cancel_futures=cancel)
        return
    workers = list((pool._processes or {}).values())  # None once shut down
    results = pool._result_queue  # None once shut down
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=10)
    if results is not None:
        results._writer.close()  # type: ignore[attr-defined]  # the parent never writes results


@contextmanager
def closing_pool(pool: ProcessPoolExecutor) -> Iterator[ProcessPoolExecutor]:
    """Shut `pool` down however its work ends; a pool broken by a worker that died ends the
    build as `lost_worker` says."""
    from concurrent.futures.process import BrokenProcessPool

    workers = list(pool._processes.values())
    try:
        yield pool
    except BrokenProcessPool:
        shut_down(pool)  # the pool's thread found it broken, stopped every worker and waits for them
        raise lost_worker(workers) from None
    except BaseException as exc:
        shut_down(pool, exc)
        raise
    shut_down(pool)


@contextmanager
def told_if_broken(pool: ProcessPoolExecutor) -> Iterator[None]:
    """A pool found broken by a worker that died, told as `lost_worker` tells it, for work
    collected while the pool goes on; whatever the build does on an error shuts it down."""
    from concurrent.futures.process import BrokenProcessPool

    workers = list(pool._processes.values())
    try:
        yield
    except BrokenProcessPool:
        raise lost_worker(workers) from None


def result_of(pool: ProcessPoolExecutor, future: Future[T]) -> T:
    """`future.result()`, or what the death of a worker means (`lost_worker`). The pool finds
    a dead worker itself, except one that died in the middle of sending a result: its
    reading thread then waits for the rest forever, and so did the build."""
    from concurrent.futures import TimeoutError as FutureTimeout

    workers = list(pool._processes.values())
    while True:
        try:
            return future.result(timeout=0.2)
        except FutureTimeout:  # not the built-in TimeoutError before Python 3.11
            if any(worker.exitcode is not None for worker in workers):
                raise lost_worker(workers) from None


def lost_worker(workers: Sequence[multiprocessing.process.BaseProcess]) -> BaseException:
    """A worker that left on Ctrl-C (`_leave`) means the build was interrupted: the terminal
    sends SIGINT to every process of the group, and this one may find the pool broken
    before it raises its own KeyboardInterrupt, or never get one (`kill -INT` to a
    worker). Any other death (killed, out of memory) is said plainly, not as a bug in
    goalfolio. The pool may find a worker gone (its end of the pipe closed) before its
    exit code can be read: under load a worker that left on Ctrl-C was then told as killed."""
    deadline = time.monotonic() + EXIT_CODE_WAIT_SECONDS
    while all(worker.exitcode is None for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.005)
    if any(worker.exitcode == LEFT_ON_CTRL_C for worker in workers):
        return KeyboardInterrupt()
    return BuildStopped("a worker process stopped before its work was done (killed, or out of memory?); "
                        "run again, or with --jobs 1 to use none")


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """Ctrl-C reaches every process of the terminal's process group: a worker leaves at
    once and quietly (not with a traceback of where it was waiting), and the parent, which
    gets it too, stops the build as without workers. Where the parent ignores it (started
    in the background by a shell without job control), so do the workers: one that left
    would leave the parent waiting for its work. A worker forked from the preview does
    not keep its handler that turns SIGTERM into a clean stop of the server. Both signals
    wait (`stop_signals_held`) until these handlers are set."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _leave)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if initializer is not None:
        initializer(*initargs)


def _leave(signum: int, frame: object) -> None:
    os._exit(LEFT_ON_CTRL_C)


def _start_markdown(allow_html: bool) -> None:
    global _markdown
    from .markdown import MarkdownRenderer

    _markdown = MarkdownRenderer(allow_html)


def _render_markdown(chunk: Sequence[tuple[str, str]]) -> list[Any]:
    return [_markdown.render(body, doc_id) for doc_id, body in chunk]


def render_markdown(jobs: Sequence[tuple[str, str]], allow_html: bool, workers: int) -> list[Any]:
    """Render (doc id, body) pairs in `workers` processes; results in the order given."""
    results: list[Any] = []
    with closing_pool(start_pool(workers, _start_markdown, (allow_html,))) as pool:
        for future in [pool.submit(_render_markdown, chunk) for chunk in chunked(jobs, workers * CHUNKS_PER_WORKER)]:
            part = result_of(pool, future)
            results.extend(part)
    return results


def _render_pages(paths: Sequence[str]) -> list[bytes]:
    assert _pages is not None
    return [_pages(path) for path in paths]


def interleaved(values: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    """`parts` slices taking every `parts`-th value: pages are sorted by path, so costly
    ones (evidence pages) cluster, and contiguous chunks would leave one worker the tail."""
    parts = max(1, min(parts, len(values)))
    return [values[i::parts] for i in range(parts)]


def render_pages(paths: Sequence[str], render: Callable[[str], bytes], workers: int) -> list[bytes]:
    """Render output paths with `render` in forked workers (in this process without fork).

    The parent's objects are moved out of the collector's reach (`gc.freeze`) before the
    fork: otherwise the first full collection in a worker touches every inherited object,
    copying the parent's heap page by page, for nothing (nothing inherited is garbage)."""
    global _pages
    if workers <= 1 or len(paths) < 2 or not can_fork():
        return [render(path) for path in paths]
    _pages = render
    parts = interleaved(list(paths), workers * CHUNKS_PER_WORKER)
    gc.freeze()
    try:
        results: list[bytes] = [b""] * len(paths)
        with closing_pool(start_pool(workers)) as pool:
            for index, future in enumerate([pool.submit(_render_pages, part) for part in parts]):
                pages = result_of(pool, future)
                results[index::len(parts)] = pages
        return results
    finally:
        gc.unfreeze()
        _pages = None
