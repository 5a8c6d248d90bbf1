"""A cold two-job build keeps its own path short: the queue its Markdown worker and the
parent share (`workqueue`), the parent rendering the bodies no worker has taken when it
comes to collect them, and the views it works out for the page workers to inherit."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from test_cache import assert_same_files, build, generated_project, read_tree

from goalfolio import parallel
from goalfolio.build import BuildOptions
from goalfolio.config import find_project
from goalfolio.oneshot import build_site
from goalfolio.parallel import can_fork, start_cold_markdown
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


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_the_parent_renders_the_bodies_no_worker_has_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker renders bodies beside a two-job build, which keeps the other core; the
    build, done with its own work, renders those still waiting instead of waiting too.
    Here the worker starts only once the parent has taken them all."""
    root = generated_project(tmp_path)
    expected = build(root, tmp_path / "one", cache=False, jobs=1)
    started = parallel._start_early_markdown

    def started_slowly(*args: Any) -> None:
        time.sleep(1.5)
        started(*args)

    monkeypatch.setattr(parallel, "_start_early_markdown", started_slowly)
    project = find_project(root)
    pending = start_cold_markdown(project, 2, False, False)
    assert pending is not None and len(pending.futures) == 1 and len(pending.chunks) == parallel.EARLY_CHUNKS_PER_WORKER
    build_site(project, BuildOptions(cache=False, jobs=2), tmp_path / "two", pending)
    assert pending.futures[0].result() == [], "the worker took no chunk"
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
    build_site(project, BuildOptions(cache=False, jobs=2), tmp_path / "two", start_cold_markdown(project, 2, False, False))
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
    assert start_cold_markdown(find_project(root), jobs, False, cache=jobs == 2) is None
    assert walks == []
