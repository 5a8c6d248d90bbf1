"""Worker processes for the two costly stages of a cold build: Markdown and page rendering.

Markdown bodies are sent to workers in chunks; each worker builds its `MarkdownRenderer`
once (in the pool initializer) and sends back `RenderedMarkdown`. A cold build starts them
on the content files before any front matter is read (`start_cold_markdown`, called by
`goalfolio build` before it imports the models): one worker fewer than the build's jobs,
so that the parent keeps a core, reads and renders the bodies while the parent imports,
reads and validates; the parent then renders what is left of them (`workqueue`) instead of
waiting.

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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import BuildStopped
from .workqueue import MAX_CHUNKS, ChunkQueue

# multiprocessing and concurrent.futures are imported where a pool is made: a build that
# uses none (a small edit, `check`) does not pay for them (about 15 ms).
if TYPE_CHECKING:
    import multiprocessing.process
    from concurrent.futures import Future, ProcessPoolExecutor

    from .config import Project
    from .siteconfig import SiteConfig

CHUNKS_PER_WORKER = 4
EARLY_CHUNKS_PER_WORKER = 16  # small enough that what the parent takes over evens out the end
AUTO_THRESHOLD = 200  # content files; below this a pool costs more than it saves
LEFT_ON_CTRL_C = 128 + signal.SIGINT  # a worker's exit code, as a shell reports a process Ctrl-C stopped
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}  # Ctrl-C, and what stops a preview or a worker

T = TypeVar("T")

_markdown: Any = None
_early: tuple[ChunkQueue, Sequence[Sequence[tuple[str, str, str]]]] | None = None  # a cold build's bodies to render
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


def _pool(jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
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
        with _stop_signals_held():
            pool.submit(int)  # the first task starts every worker
    except BaseException as exc:
        shut_down(pool, exc)
        raise
    return pool


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    """`STOP_SIGNALS` stay pending, in this process and in the workers forked meanwhile,
    until the end of the block here (a KeyboardInterrupt then), and `_start_worker` there."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no fork, no signal masks
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


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
def _closing(pool: ProcessPoolExecutor) -> Iterator[ProcessPoolExecutor]:
    """Shut `pool` down however its work ends; a pool broken by a worker that died ends the
    build as `_broken` says."""
    from concurrent.futures.process import BrokenProcessPool

    workers = list(pool._processes.values())
    try:
        yield pool
    except BrokenProcessPool:
        shut_down(pool)  # the pool's thread found it broken, stopped every worker and waits for them
        raise _broken(workers) from None
    except BaseException as exc:
        shut_down(pool, exc)
        raise
    shut_down(pool)


def _result(pool: ProcessPoolExecutor, future: Future[T]) -> T:
    """`future.result()`, or what the death of a worker means (`_broken`). The pool finds
    a dead worker itself, except one that died in the middle of sending a result: its
    reading thread then waits for the rest forever, and so did the build."""
    from concurrent.futures import TimeoutError as FutureTimeout

    workers = list(pool._processes.values())
    while True:
        try:
            return future.result(timeout=0.2)
        except FutureTimeout:  # not the built-in TimeoutError before Python 3.11
            if any(worker.exitcode is not None for worker in workers):
                raise _broken(workers) from None


def _broken(workers: Sequence[multiprocessing.process.BaseProcess]) -> BaseException:
    """A worker that left on Ctrl-C (`_leave`) means the build was interrupted: the terminal
    sends SIGINT to every process of the group, and this one may find the pool broken
    before it raises its own KeyboardInterrupt, or never get one (`kill -INT` to a
    worker). Any other death (killed, out of memory) is said plainly, not as a bug in
    goalfolio."""
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
    wait (`_stop_signals_held`) until these handlers are set."""
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


def _start_early_markdown(allow_html: bool, queue: ChunkQueue, chunks: Sequence[Sequence[tuple[str, str, str]]]) -> None:
    global _early
    _start_markdown(allow_html)
    _early = queue, chunks


def _render_markdown(chunk: Sequence[tuple[str, str]]) -> list[Any]:
    return [_markdown.render(body, doc_id) for doc_id, body in chunk]


def render_markdown(jobs: Sequence[tuple[str, str]], allow_html: bool, workers: int) -> list[Any]:
    """Render (doc id, body) pairs in `workers` processes; results in the order given."""
    results: list[Any] = []
    with _closing(_pool(workers, _start_markdown, (allow_html,))) as pool:
        for future in [pool.submit(_render_markdown, chunk) for chunk in chunked(jobs, workers * CHUNKS_PER_WORKER)]:
            part = _result(pool, future)
            results.extend(part)
    return results


def _render_files() -> list[tuple[int, list[tuple[str, str, Any]]]]:
    assert _early is not None
    queue, chunks = _early
    return [(index, _read_and_render(chunks[index], _markdown)) for index in queue.taken()]


def _read_and_render(chunk: Sequence[tuple[str, str, str]], renderer: Any) -> list[tuple[str, str, Any]]:
    from .sources import read_body

    done = []
    for path, shown, doc_id in chunk:
        found = read_body(Path(path), shown)
        if found is not None:
            done.append((shown, found[0], renderer.render(found[1], doc_id)))
    return done


class PendingMarkdown:
    """Bodies of content files being rendered in worker processes (see `start_cold_markdown`)."""

    def __init__(self, files: Sequence[tuple[str, str, str]], allow_html: bool, workers: int) -> None:
        self.allow_html = allow_html
        # Imported before the fork, so that the workers inherit markdown-it instead of each
        # importing it again; this process needs it anyway. Nothing else is: the sooner the
        # workers start, the less of their work is left to this process.
        from . import markdown  # noqa: F401

        self.chunks = interleaved(list(files), min(MAX_CHUNKS, workers * EARLY_CHUNKS_PER_WORKER))
        self.queue = ChunkQueue(len(self.chunks))
        try:
            self.pool = _pool(workers, _start_early_markdown, (allow_html, self.queue, self.chunks))
        except BaseException:
            self.queue.close()
            raise
        try:
            self.futures = [self.pool.submit(_render_files) for _ in range(workers)]
        except BaseException as exc:  # Ctrl-C: nothing else would stop these workers
            self.cancel(exc)
            raise

    def result(self) -> dict[str, tuple[str, Any]]:
        """Path as shown to (content digest, rendered body), once every chunk is rendered:
        this process renders those no worker has taken yet, as it has nothing else to do."""
        try:
            with _closing(self.pool):
                done = self._render_what_is_left()
                for future in self.futures:
                    for index, rendered in _result(self.pool, future):
                        done[index] = rendered
        finally:
            self.queue.close()
        return {shown: (digest, rendered) for index in range(len(self.chunks)) for shown, digest, rendered in done[index]}

    def _render_what_is_left(self) -> dict[int, list[tuple[str, str, Any]]]:
        from .markdown import MarkdownRenderer

        workers = list(self.pool._processes.values())
        renderer = MarkdownRenderer(self.allow_html)
        done: dict[int, list[tuple[str, str, Any]]] = {}
        for index in self.queue.taken():
            done[index] = _read_and_render(self.chunks[index], renderer)
            if any(worker.exitcode is not None for worker in workers):
                raise _broken(workers)
        return done

    def cancel(self, stopped_by: BaseException | None = None) -> None:
        """The bodies are not needed (any more): the build went another way, or `stopped_by`
        stopped it (see `shut_down`)."""
        shut_down(self.pool, stopped_by, cancel=True)
        self.queue.close()


def start_cold_markdown(project: Project, jobs: int, allow_html: bool, cache: bool) -> PendingMarkdown | None:
    """For a cold build (no cache folder, or no cache) of a large site: start rendering
    every content file's body in worker processes, each reading its own files, while this
    process goes on with the front matter. None when the build will not use workers."""
    from .cache import CACHE_DIR

    if auto_jobs(AUTO_THRESHOLD + 1, jobs) <= 1 or (cache and (project.root / CACHE_DIR).is_dir()):
        return None  # without walking the content folder: one job, or a cache to take bodies from
    from .sources import content_files

    # Endorsements are left to the build: the anchors in an anonymous one's body must not
    # carry its file name (urls.body_id), and whether it is anonymous is in its front matter.
    files = [(folder, path, shown) for folder, path, shown in content_files(project) if folder != "endorsements"]
    workers = auto_jobs(len(files), jobs)
    if workers <= 1 or len(files) < 2 * workers * CHUNKS_PER_WORKER or not can_fork():
        return None
    # One worker fewer than the build's jobs: the parent's imports, loading and checks are
    # the longest path; with as many workers as cores it shared its core with one of them.
    return PendingMarkdown([(str(path), shown, path.stem if folder else "profile") for folder, path, shown in files],
                           allow_html, workers - 1)


def cold_markdown(handed: PendingMarkdown | None, project: Project, config: SiteConfig, jobs: int, cold: bool,
                  cached: bool) -> PendingMarkdown | None:
    """The bodies a build takes from workers: those rendering already (`handed` in by
    `goalfolio build`, which starts them before importing the rest), if they were rendered
    with this config; else started now for a cold build of a large site. `cached`: the
    build has a cache its bodies may be in already."""
    if handed is not None and cold and handed.allow_html == config.markdown.allow_html:
        return handed
    if handed is not None:
        handed.cancel()
    if not cold:
        return None
    return start_cold_markdown(project, jobs, config.markdown.allow_html, cached)


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
        with _closing(_pool(workers)) as pool:
            for index, future in enumerate([pool.submit(_render_pages, part) for part in parts]):
                pages = _result(pool, future)
                results[index::len(parts)] = pages
        return results
    finally:
        gc.unfreeze()
        _pages = None
