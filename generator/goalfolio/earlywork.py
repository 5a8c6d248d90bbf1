"""The early worker of a cold build: it reads the content while the build imports its models.

`goalfolio build` (and the preview's first build) of a large site without a build cache
forks it before importing pydantic, Jinja2 and the models (about 0.15 s): one worker
process fewer than the build's jobs, so that the build's own path keeps a core. The worker
parses every content file's front matter (libyaml and the position-keeping walk, the part
of loading that needs no model), then renders every body but the endorsements' (an
anonymous one's anchors must not carry its file name, and whether it is anonymous is in its
front matter). Each stage is a queue of chunks (`workqueue`): when the build comes to a
stage's results, it does the chunks no worker has started itself instead of waiting, so
whichever side is ahead, neither waits long for the other.

What the worker hands back is known by the content digest of the file it read: the build
puts parsed files into its parse cache, where the loader finds them by the digest of what
it reads itself, and takes a body only when its digest is the loaded item's. A file
changed meanwhile is parsed and rendered again, never taken stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import parallel
from .parallel import AUTO_THRESHOLD, CHUNKS_PER_WORKER, auto_jobs, can_fork, interleaved
from .workqueue import MAX_CHUNKS, ChunkQueue

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .config import Project
    from .frontmatter import ParsedFile
    from .parsecache import ParseCache
    from .siteconfig import SiteConfig

EARLY_CHUNKS_PER_WORKER = 16  # small enough that what the build takes over evens out the end

ToParse = tuple[str, str]  # file path, path as shown
ToRender = tuple[str, str, str]  # file path, path as shown, the id its anchors are made from
Parsed = list[tuple[str, "ParsedFile"]]  # (content digest, parsed file) of a chunk's files
Rendered = list[tuple[str, str, Any]]  # (path as shown, content digest, rendered body) of a chunk's files


@dataclass
class _Stage:
    chunks: list[Sequence[Any]]
    queue: ChunkQueue


@dataclass
class _Worker:
    renderer: Any  # markdown.MarkdownRenderer
    parsing: _Stage
    rendering: _Stage
    bodies: dict[str, tuple[str, str]]  # file path to (content digest, body), as parsed here


_worker: _Worker | None = None


def _stage(chunks: list[Sequence[Any]]) -> _Stage:
    return _Stage(chunks, ChunkQueue(len(chunks)))


def _start(allow_html: bool, parsing: _Stage, rendering: _Stage) -> None:
    global _worker
    from .markdown import MarkdownRenderer

    _worker = _Worker(MarkdownRenderer(allow_html), parsing, rendering, {})


def _parse_files() -> list[tuple[int, Parsed]]:
    assert _worker is not None
    stage = _worker.parsing
    return [(index, _read_and_parse(stage.chunks[index], _worker.bodies)) for index in stage.queue.taken()]


def _render_files() -> list[tuple[int, Rendered]]:
    assert _worker is not None
    stage = _worker.rendering
    return [(index, _read_and_render(stage.chunks[index], _worker.renderer, _worker.bodies)) for index in stage.queue.taken()]


def _read_and_parse(chunk: Sequence[ToParse], bodies: dict[str, tuple[str, str]]) -> Parsed:
    """The files of `chunk` the loader would parse, parsed as it parses them; the others
    (unreadable, binary, not UTF-8, front matter it refuses) are left to it to report.
    `bodies` keeps each body for rendering without reading the file again."""
    from .frontmatter import FrontMatterError, parse_content
    from .sources import read_text

    done: Parsed = []
    for path, shown in chunk:
        found = read_text(Path(path))
        if found is None:
            continue
        digest, text = found
        try:
            parsed = parse_content(text, shown)
        except FrontMatterError:
            continue
        bodies[path] = (digest, parsed.body)
        done.append((digest, parsed))
    return done


def _read_and_render(chunk: Sequence[ToRender], renderer: Any, bodies: dict[str, tuple[str, str]]) -> Rendered:
    from .sources import read_body

    done: Rendered = []
    for path, shown, doc_id in chunk:
        found = bodies.get(path) or read_body(Path(path), shown)
        if found is not None:
            done.append((shown, found[0], renderer.render(found[1], doc_id)))
    return done


class EarlyWork:
    """The parsed front matter and rendered bodies of a cold build's content files, being
    worked out in worker processes (see `start_early_work`)."""

    def __init__(self, to_parse: Sequence[ToParse], to_render: Sequence[ToRender], allow_html: bool, workers: int) -> None:
        self.allow_html = allow_html
        # Imported before the fork, so that the workers inherit them instead of each
        # importing them again; this process needs both anyway. Nothing else is: the sooner
        # the workers start, the less of their work is left to this process.
        from . import frontmatter, markdown  # noqa: F401

        parts = min(MAX_CHUNKS, workers * EARLY_CHUNKS_PER_WORKER)
        self.parsing = _stage(interleaved(list(to_parse), parts))
        try:
            self.rendering = _stage(interleaved(list(to_render), parts))
        except BaseException:
            self.parsing.queue.close()
            raise
        self.bodies: dict[str, tuple[str, str]] = {}  # those this process parsed
        try:
            self.pool = parallel.start_pool(workers, _start, (allow_html, self.parsing, self.rendering))
        except BaseException:
            self._close_queues()
            raise
        try:
            self.parsed: list[Future[list[tuple[int, Parsed]]]] = [self.pool.submit(_parse_files) for _ in range(workers)]
            self.rendered: list[Future[list[tuple[int, Rendered]]]] = [self.pool.submit(_render_files) for _ in range(workers)]
        except BaseException as exc:  # Ctrl-C: nothing else would stop these workers
            self.cancel(exc)
            raise

    def parse_into(self, cache: ParseCache) -> None:
        """Put every parsed file into `cache`, once all are parsed: this process parses those
        no worker has taken yet, as it has nothing else to do until they are. A worker that
        died ends the build (`parallel.result_of`), which then cancels the rest."""
        with parallel.told_if_broken(self.pool):
            done = self._do_what_is_left(self.parsing, lambda chunk: _read_and_parse(chunk, self.bodies))
            for future in self.parsed:
                for index, parsed_chunk in parallel.result_of(self.pool, future):
                    done[index] = parsed_chunk
        for index in range(len(self.parsing.chunks)):
            for digest, parsed in done.get(index, []):
                cache.put(digest, parsed)

    def result(self) -> dict[str, tuple[str, Any]]:
        """Path as shown to (content digest, rendered body), once every chunk is rendered, the
        chunks no worker has taken yet rendered here."""
        from .markdown import MarkdownRenderer

        renderer = MarkdownRenderer(self.allow_html)
        try:
            with parallel.closing_pool(self.pool):
                done = self._do_what_is_left(self.rendering, lambda chunk: _read_and_render(chunk, renderer, self.bodies))
                for future in self.rendered:
                    for index, rendered_chunk in parallel.result_of(self.pool, future):
                        done[index] = rendered_chunk
        finally:
            self._close_queues()
        return {shown: (digest, rendered) for index in range(len(self.rendering.chunks)) for shown, digest, rendered in done[index]}

    def _do_what_is_left(self, stage: _Stage, work: Any) -> dict[int, Any]:
        workers = list(self.pool._processes.values())
        done = {}
        for index in stage.queue.taken():
            done[index] = work(stage.chunks[index])
            if any(worker.exitcode is not None for worker in workers):
                raise parallel.lost_worker(workers)
        return done

    def cancel(self, stopped_by: BaseException | None = None) -> None:
        """The work is not needed (any more): the build went another way, or `stopped_by`
        stopped it (see `parallel.shut_down`)."""
        parallel.shut_down(self.pool, stopped_by, cancel=True)
        self._close_queues()

    def _close_queues(self) -> None:
        self.parsing.queue.close()
        self.rendering.queue.close()


def start_early_work(project: Project, jobs: int, allow_html: bool, cache: bool) -> EarlyWork | None:
    """For a cold build (no cache folder, or no cache) of a large site: start parsing every
    content file and rendering its body in worker processes, while this process imports the
    rest. None when the build will not use workers."""
    from .cache import CACHE_DIR

    if auto_jobs(AUTO_THRESHOLD + 1, jobs) <= 1 or (cache and (project.root / CACHE_DIR).is_dir()):
        return None  # without walking the content folder: one job, or a cache to take bodies from
    from .sources import content_files

    files = content_files(project)
    workers = auto_jobs(len(files), jobs)
    if workers <= 1 or len(files) < 2 * workers * CHUNKS_PER_WORKER or not can_fork():
        return None
    return EarlyWork([(str(path), shown) for _, path, shown in files],
                     [(str(path), shown, path.stem if folder else "profile") for folder, path, shown in files if folder != "endorsements"],
                     allow_html, workers - 1)


def early_work(handed: EarlyWork | None, project: Project, config: SiteConfig, jobs: int, cold: bool,
               cached: bool) -> EarlyWork | None:
    """The work a build takes from workers: that going on already (`handed` in by
    `goalfolio build`, which starts it before importing the rest), if its bodies are rendered
    with this config; else started now for a cold build of a large site. `cached`: the
    build has a cache its bodies may be in already."""
    if handed is not None and cold and handed.allow_html == config.markdown.allow_html:
        return handed
    if handed is not None:
        handed.cancel()
    if not cold:
        return None
    return start_early_work(project, jobs, config.markdown.allow_html, cached)
