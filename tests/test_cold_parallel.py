"""A cold two-job build keeps its own path short: the queues its early worker and the
parent share (`workqueue`), the parent doing the parsing and rendering no worker has taken
when it comes to collect them, and the views it works out for the page workers to inherit."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from test_cache import assert_same_files, build, generated_project, read_tree

from goalfolio import earlywork, parallel
from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.earlywork import EARLY_CHUNKS_PER_WORKER, start_early_work
from goalfolio.oneshot import build_site
from goalfolio.parallel import can_fork
from goalfolio.sitepages import evidenceviews, progressviews
from goalfolio.workqueue import MAX_CHUNKS, ChunkQueue


def test_a_queue_hands_out_each_chunk_once_in_order() -> None:
    queue = ChunkQueue(5)
    taken = queue.taken()
    assert [next(taken), next(taken)] == [0, 1]
    assert list(queue.taken()) == [2, 3, 4]
    assert list(queue.taken()) == []
    queue.close()
    assert list(queue.taken()) == []


@pytest.mark.parametrize("count", [-1, MAX_CHUNKS + 1])
def test_a_queue_holds_at_most_one_byte_of_chunks(count: int) -> None:
    with pytest.raises(ValueError, match=f"a queue holds 0 to 255 chunks, not {count}"):
        ChunkQueue(count)


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_forked_processes_share_the_chunks_out_without_taking_one_twice() -> None:
    queue = ChunkQueue(MAX_CHUNKS)
    read, write = os.pipe()
    children = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:  # a worker: takes chunks slowly, and says which
            os.close(read)
            for index in queue.taken():
                os.write(write, bytes([index]))
                time.sleep(0.001)
            os._exit(0)
        children.append(pid)
    os.close(write)
    mine = list(queue.taken())
    for pid in children:
        assert os.waitpid(pid, 0)[1] == 0
    with os.fdopen(read, "rb") as theirs:
        taken = mine + list(theirs.read())
    queue.close()
    assert sorted(taken) == list(range(MAX_CHUNKS))


_HELD: list[int] = []  # the end of a pipe a held worker reads a byte from before each stage
_STAGES = {"_parse_files": earlywork._parse_files, "_render_files": earlywork._render_files}


def _parsed_late() -> Any:
    os.read(_HELD[0], 1)
    return _STAGES["_parse_files"]()


def _rendered_late() -> Any:
    os.read(_HELD[0], 1)
    return _STAGES["_render_files"]()


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_the_parent_does_the_work_no_worker_has_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker parses front matter and renders bodies beside a two-job build, which keeps
    the other core; the build, done with its own work, parses and renders what is still
    waiting instead of waiting too. Here the worker starts each stage only once the build
    has taken all of it."""
    root = generated_project(tmp_path)
    expected = build(root, tmp_path / "one", cache=False, jobs=1)
    held, release = os.pipe()
    monkeypatch.setattr(sys.modules[__name__], "_HELD", [held])
    monkeypatch.setattr(earlywork, "_parse_files", _parsed_late)
    monkeypatch.setattr(earlywork, "_render_files", _rendered_late)
    left = earlywork.EarlyWork._do_what_is_left

    def done_here_then_released(work: earlywork.EarlyWork, *args: Any) -> dict[int, Any]:
        done = left(work, *args)
        os.write(release, b"x")
        return done

    monkeypatch.setattr(earlywork.EarlyWork, "_do_what_is_left", done_here_then_released)
    project = find_project(root)
    pending = start_early_work(project, 2, False, False)
    assert pending is not None and len(pending.rendered) == len(pending.parsed) == 1
    assert len(pending.rendering.chunks) == len(pending.parsing.chunks) == EARLY_CHUNKS_PER_WORKER
    build_site(project, BuildOptions(cache=False, jobs=2), tmp_path / "two", pending)
    assert pending.parsed[0].result() == pending.rendered[0].result() == [], "the worker took no chunk"
    assert_same_files(read_tree(tmp_path / "two"), expected)


def _logging_calls(module: object, name: str, log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = getattr(module, name)

    def logged(item: Any, graph: object) -> object:
        with log.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {name} {item.id}\n")
        return real(item, graph)

    monkeypatch.setattr(module, name, logged)


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_the_page_workers_inherit_every_view_from_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each forked page worker worked out nearly every goal's and evidence item's card
    again, the same work twice; the parent now does it once, while its Markdown worker is
    still rendering bodies."""
    root = generated_project(tmp_path)
    expected = build(root, tmp_path / "one", cache=False, jobs=1)
    log = tmp_path / "views.log"
    for module, name in [(progressviews, "_goal_view"), (evidenceviews, "_evidence_view"), (evidenceviews, "_endorsement_view")]:
        _logging_calls(module, name, log, monkeypatch)
    project = find_project(root)
    build_site(project, BuildOptions(cache=False, jobs=2), tmp_path / "two", start_early_work(project, 2, False, False))
    calls = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    assert {pid for pid, _ in calls} == {str(os.getpid())}, "none in a worker"
    views = [view for _, view in calls]
    assert len(views) == len(set(views)) > 40, "each worked out once"
    assert_same_files(read_tree(tmp_path / "two"), expected)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_that_cannot_use_workers_does_not_walk_the_content_folder_for_them(jobs: int, tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """One job, or a build cache to take the bodies from: `goalfolio build` and the build
    itself each walked every content file only to find that no worker would be started."""
    from goalfolio import sources

    root = generated_project(tmp_path)
    (root / ".goalfolio-cache").mkdir()
    walks: list[str] = []
    monkeypatch.setattr(sources, "content_files", lambda project: walks.append(project.root.name) or [])
    assert start_early_work(find_project(root), jobs, False, cache=jobs == 2) is None
    assert walks == []


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_the_loader_takes_the_front_matter_parsed_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By content digest: a file changed since it was parsed early is parsed again, and one
    the early parse left out (its front matter is refused) is parsed and reported by the
    loader, as without workers; the loader parses no other file."""
    from goalfolio import loader

    root = generated_project(tmp_path)
    evidence = sorted((root / "content" / "evidence").glob("*.md"))
    evidence[0].write_text("---\n- not a mapping\n---\nBody.\n", encoding="utf-8")
    parsed_by_loader: list[str] = []
    parse = loader.parse_content

    def counted(text: str, path: str, *rest: Any) -> Any:
        parsed_by_loader.append(path)
        return parse(text, path, *rest)

    parse_into = earlywork.EarlyWork.parse_into

    def parsed_then_changed(work: earlywork.EarlyWork, cache: Any) -> None:
        parse_into(work, cache)
        evidence[1].write_text(evidence[1].read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")

    monkeypatch.setattr(loader, "parse_content", counted)
    monkeypatch.setattr(earlywork.EarlyWork, "parse_into", parsed_then_changed)
    project = find_project(root)
    builder = Builder(project, BuildOptions(cache=False, jobs=2))
    builder.pending = start_early_work(project, 2, False, False)
    assert builder.pending is not None
    result = builder.build()
    assert sorted(set(parsed_by_loader)) == [project.display(path) for path in evidence[:2]]
    one_job = Builder(project, BuildOptions(cache=False, jobs=1)).build()
    assert not result.ok and [d.format() for d in result.diagnostics] == [d.format() for d in one_job.diagnostics]


def _died(*args: object) -> None:
    os._exit(9)


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_a_worker_that_died_while_parsing_is_told_as_a_stopped_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool, found broken before the build came to collect the parsed files, raised its
    own BrokenProcessPool there, which goalfolio reported as a bug in itself (exit 3)."""
    from goalfolio.errors import BuildStopped
    from goalfolio.reuse import MemoryParseCache

    monkeypatch.setattr(earlywork, "_parse_files", _died)
    pending = start_early_work(find_project(generated_project(tmp_path)), 2, False, False)
    assert pending is not None
    try:
        assert list(pending.parsing.queue.taken()) == list(range(EARLY_CHUNKS_PER_WORKER)), "none left to parse"
        deadline = time.monotonic() + 10
        while not pending.pool._broken and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(BuildStopped, match="^a worker process stopped before its work was done"):
            pending.parse_into(MemoryParseCache())
    finally:
        pending.cancel()


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_the_endorsements_bodies_are_rendered_beside_the_early_worker_not_in_a_pool_of_their_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The early worker renders every body but the endorsements'. The build rendered those
    after it had collected the others, in a pool it forked for them where there were 16 or
    more; it now renders them while the early worker still works, and forks no such pool."""
    root = generated_project(tmp_path, 200)
    assert len(list((root / "content" / "endorsements").glob("*.md"))) >= 16
    expected = build(root, tmp_path / "one", cache=False, jobs=1)
    pools: list[int] = []
    start_pool = parallel.start_pool

    def recorded(jobs: int, *args: Any) -> Any:
        pools.append(jobs)
        return start_pool(jobs, *args)

    monkeypatch.setattr(parallel, "start_pool", recorded)
    project = find_project(root)
    build_site(project, BuildOptions(cache=False, jobs=2), tmp_path / "two", start_early_work(project, 2, False, False))
    assert pools == [1, 2], "the early worker, then the page workers"
    assert_same_files(read_tree(tmp_path / "two"), expected)


@pytest.mark.skipif(not can_fork() or not Path("/proc/self/fd").is_dir(), reason="needs fork and /proc")
@pytest.mark.parametrize("ending", ["built", "cancelled"])
def test_early_work_leaves_no_file_open(ending: str, tmp_path: Path) -> None:
    """Each stage's queue is a pipe: making the stages opened a third and fourth, which were
    never closed."""
    project = find_project(generated_project(tmp_path))
    before = sorted(os.listdir("/proc/self/fd"))
    pending = start_early_work(project, 2, False, False)
    assert pending is not None
    if ending == "built":
        build_site(project, BuildOptions(cache=False, jobs=2), tmp_path / "site", pending)
    else:
        pending.cancel()
    assert sorted(os.listdir("/proc/self/fd")) == before
