"""The writer on its own, on small sites in tmp_path: what a write leaves on disk (files,
bytes, modes, inodes), that a failed write leaves the previous site as it was, and what
the next build sweeps away from beside the site."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from goalfolio import staging, writer
from goalfolio.config import Project, find_project
from goalfolio.errors import UsageError
from goalfolio.writer import IN_PLACE_LIMIT, MARKER, StreamingSite, write_site

MARKER_TEXT = b"This folder is written by goalfolio build and replaced on every build.\n"


def small_project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "goalfolio.yaml").write_text("title: T\n")
    return find_project(root)


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def beside(out: Path) -> list[str]:
    """Staging and retired folders (and the temporary files of an in-place edit) left over."""
    return sorted([p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
                  + [p.name for p in out.rglob(".*.new-*")])


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def site(n: int, tag: str = "v1") -> dict[str, bytes]:
    return {"index.html": f"home {tag}".encode(), **{f"p{i}/index.html": f"page {i} {tag}".encode() for i in range(n)}}


def test_a_new_site_holds_the_files_and_the_marker_with_the_modes_of_the_umask(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    out = tmp_path / "site"
    files = {"index.html": b"<p>home</p>", "a/b/index.html": b"deep", "feed.xml": b""}
    manifest = write_site(files, out, project)
    assert read_tree(out) == {**files, MARKER: MARKER_TEXT}
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    folder, file = 0o755 & ~umask(), 0o644 & ~umask()
    assert modes == {".": folder, "a": folder, "a/b": folder, "index.html": file, "a/b/index.html": file, "feed.xml": file, MARKER: file}
    assert manifest == {"out": str(out.resolve()), "encoding": sys.getfilesystemencoding(), "files": {
        path: (hashlib.blake2b(data, digest_size=16).hexdigest(), (len(data), (out / path).stat().st_mtime_ns, (out / path).stat().st_ino))
        for path, data in files.items()}}
    assert beside(out) == []


def test_a_site_folder_below_folders_not_made_yet_is_made_with_them(tmp_path: Path) -> None:
    out = tmp_path / "public" / "www" / "site"
    write_site(site(1), out, small_project(tmp_path))
    assert read_tree(tmp_path / "public") == {f"www/site/{path}": data for path, data in {**site(1), MARKER: MARKER_TEXT}.items()}


def test_without_record_the_site_is_written_and_no_manifest_is_returned(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert write_site(site(2), out, small_project(tmp_path), record=False) == {}
    assert read_tree(out) == {**site(2), MARKER: MARKER_TEXT}


def test_an_unchanged_site_is_left_alone(tmp_path: Path) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    manifest = write_site(site(3), out, project)
    before, folder = inodes(out), out.stat().st_ino
    descriptors = open_descriptors()
    assert write_site(site(3), out, project, manifest) == manifest
    assert (inodes(out), out.stat().st_ino, open_descriptors()) == (before, folder, descriptors)


def test_a_small_edit_replaces_only_the_changed_files_in_their_folder(tmp_path: Path) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    manifest = write_site(site(3), out, project)
    before, folder = inodes(out), out.stat().st_ino
    files = {**site(3), "p1/index.html": b"page 1 edited"}
    manifest = write_site(files, out, project, manifest)
    after = inodes(out)
    assert out.stat().st_ino == folder, "the site folder was not swapped"
    assert sorted(path for path in after if after[path] != before[path]) == ["p1/index.html"]
    assert read_tree(out) == {**files, MARKER: MARKER_TEXT}
    assert (out / "p1" / "index.html").stat().st_mode & 0o777 == 0o644 & ~umask()
    found = (out / "p1" / "index.html").stat()
    assert manifest["files"]["p1/index.html"] == (hashlib.blake2b(b"page 1 edited", digest_size=16).hexdigest(),
                                                  (13, found.st_mtime_ns, found.st_ino))
    assert beside(out) == []
    before = inodes(out)
    assert write_site(files, out, project, manifest) == manifest  # and the manifest returned is the site's
    assert inodes(out) == before


@pytest.mark.parametrize(("changes", "in_place"), [(IN_PLACE_LIMIT, True), (IN_PLACE_LIMIT + 1, False)])
def test_more_changes_than_the_limit_write_a_new_site_linking_the_unchanged_files(tmp_path: Path, changes: int,
                                                                                 in_place: bool) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    manifest = write_site(site(IN_PLACE_LIMIT + 3), out, project)
    before, folder = inodes(out), out.stat().st_ino
    files = {**site(IN_PLACE_LIMIT + 3), **{f"p{i}/index.html": f"page {i} v2".encode() for i in range(changes)}}
    write_site(files, out, project, manifest)
    after = inodes(out)
    assert read_tree(out) == {**files, MARKER: MARKER_TEXT}
    assert (out.stat().st_ino == folder) is in_place
    assert sorted(path for path in after if after.get(path) == before.get(path)) == sorted(
        ["index.html", *(f"p{i}/index.html" for i in range(changes, IN_PLACE_LIMIT + 3))] + ([MARKER] if in_place else []))


@pytest.mark.parametrize("stray", ["a file added", "a file removed", "a file chmod 600"])
def test_a_site_not_as_last_written_is_written_again_whole(tmp_path: Path, stray: str) -> None:
    """A small edit is applied in place only to the site exactly as it was written: a page
    left there (a private one, from another build) would be published with the new site."""
    project, out = small_project(tmp_path), tmp_path / "site"
    manifest = write_site(site(3), out, project)
    if stray == "a file added":
        (out / "p0" / "private.html").write_bytes(b"private")
    elif stray == "a file removed":
        (out / "p2" / "index.html").unlink()
    else:
        (out / "p2" / "index.html").chmod(0o600)
    folder = out.stat().st_ino
    files = {**site(3), "p1/index.html": b"page 1 edited"}
    write_site(files, out, project, manifest)
    assert read_tree(out) == {**files, MARKER: MARKER_TEXT}
    assert out.stat().st_ino != folder
    assert {p.stat().st_mode & 0o777 for p in out.rglob("*") if p.is_file()} == {0o644 & ~umask()}


@pytest.mark.parametrize("change", ["a page removed", "a page added"])
def test_a_page_removed_or_added_is_so_on_disk(tmp_path: Path, change: str) -> None:
    """A page made private between two builds must not stay in the site."""
    project, out = small_project(tmp_path), tmp_path / "site"
    manifest = write_site(site(3), out, project)
    files = site(3)
    if change == "a page removed":
        del files["p1/index.html"]
    else:
        files["p3/index.html"] = b"new"
    write_site(files, out, project, manifest)
    assert read_tree(out) == {**files, MARKER: MARKER_TEXT}


def test_a_manifest_of_another_folder_is_not_trusted(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    manifest = write_site(site(2), tmp_path / "one", project)
    write_site(site(2, "other"), tmp_path / "two", project)
    write_site(site(2), tmp_path / "two", project, manifest)
    assert read_tree(tmp_path / "two") == {**site(2), MARKER: MARKER_TEXT}


def test_a_file_written_in_pieces_is_written_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write
    monkeypatch.setattr(writer.os, "write", lambda handle, data: real(handle, bytes(data[:3])))
    write_site({"index.html": b"0123456789"}, tmp_path / "site", small_project(tmp_path), record=False)
    monkeypatch.undo()
    assert read_tree(tmp_path / "site") == {"index.html": b"0123456789", MARKER: MARKER_TEXT}


@pytest.mark.parametrize("named", [None, "/elsewhere/file"])
def test_a_failed_write_names_its_file_and_leaves_the_site_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    named: str | None) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    write_site(site(3), out, project)
    before, descriptors = read_tree(out), open_descriptors()
    calls = []

    def full(handle: int, data: Any) -> int:
        calls.append(handle)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", *([named] if named else []))
        return real(handle, data)

    real = os.write
    monkeypatch.setattr(writer.os, "write", full)
    with pytest.raises(OSError) as caught:
        write_site(site(3, "v2"), out, project)
    monkeypatch.undo()
    assert (caught.value.errno, caught.value.strerror) == (errno.ENOSPC, "No space left on device")
    if named:
        assert caught.value.filename == named
    else:
        assert re.fullmatch(rf"{re.escape(str(tmp_path))}/\.site\.new-[^/]+/p1/index\.html", caught.value.filename)
    assert read_tree(out) == before
    assert (beside(out), open_descriptors()) == ([], descriptors)


def test_an_in_place_edit_that_cannot_be_written_leaves_no_file_beside_the_old_one(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    manifest = write_site(site(3), out, project)
    files = {**site(3), "p0/index.html": b"edited", "p1/index.html": b"edited"}
    real, calls = writer.tempfile.mkstemp, []

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["dir"])
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(writer.tempfile, "mkstemp", mkstemp)
    write_site(files, out, project, manifest)  # written whole instead
    assert read_tree(out) == {**files, MARKER: MARKER_TEXT}
    assert [name for name in beside(out) if ".new-" in name] == []


def test_a_streamed_site_is_swapped_in_whole_or_not_at_all(tmp_path: Path) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    write_site(site(1), out, project)
    before, descriptors = read_tree(out), open_descriptors()
    streamed = StreamingSite(out, project)
    streamed.add("p0/index.html", b"streamed")
    streamed.add("p9/index.html", b"streamed")
    assert read_tree(out) == before
    streamed.abort()
    assert (read_tree(out), beside(out), open_descriptors()) == (before, [], descriptors)
    streamed = StreamingSite(out, project)
    streamed.add("p0/index.html", b"streamed")
    streamed.finish({"index.html": b"rest"})
    assert read_tree(out) == {"p0/index.html": b"streamed", "index.html": b"rest", MARKER: MARKER_TEXT}
    assert streamed.staging is None and open_descriptors() == descriptors
    streamed.abort()  # nothing left to abort
    deadline = time.monotonic() + 30
    while beside(out) and time.monotonic() < deadline:  # the retired site is removed by an `rm` of its own
        time.sleep(0.02)
    assert beside(out) == []


def test_a_streamed_site_refuses_a_folder_goalfolio_did_not_make_before_writing_anything(tmp_path: Path) -> None:
    """A one-shot build without the cache streams its pages: its folder is checked as any build's."""
    project, out = small_project(tmp_path), tmp_path / "documents"
    out.mkdir()
    (out / "letter.txt").write_text("mine")
    streamed = StreamingSite(out, project)
    with pytest.raises(UsageError) as caught:
        streamed.add("index.html", b"home")
    assert str(caught.value) == (f"refusing to replace {out}: it is not empty and was not made by goalfolio (no {MARKER} file); "
                                 "empty it or choose another --out")
    assert (read_tree(out), beside(out), streamed.staging) == ({"letter.txt": b"mine"}, [], None)


def test_a_streamed_site_that_fails_to_finish_leaves_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    write_site(site(1), out, project)
    before = read_tree(out)
    streamed = StreamingSite(out, project)
    streamed.add("p0/index.html", b"streamed")
    monkeypatch.setattr(staging, "_swap", lambda *args: (_ for _ in ()).throw(OSError(errno.EBUSY, "Device or resource busy")))
    with pytest.raises(OSError):
        streamed.finish({"index.html": b"rest"})
    assert (read_tree(out), beside(out), streamed.staging) == (before, [], None)


@pytest.mark.skipif(staging._renameat2() is None, reason="this system cannot exchange two names in one step (Linux's renameat2)")
def test_the_new_site_takes_the_old_ones_place_with_no_moment_without_a_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The old site was renamed aside before the new one took its name: a build killed
    outright between the two renames left no site, and the next build swept the old one
    away as a retired tree."""
    project, out = small_project(tmp_path), tmp_path / "site"
    write_site(site(1), out, project)
    seen: list[bool] = []
    rename = Path.rename  # not os.rename, which Python 3.10's pathlib holds on to
    monkeypatch.setattr(Path, "rename", lambda self, target: (seen.append(out.is_dir()), rename(self, target))[1])
    write_site(site(1, "v2"), out, project)
    assert (seen, read_tree(out)) == ([True], {**site(1, "v2"), MARKER: MARKER_TEXT})
    assert [name[:len(".site.old-")] for name in beside(out)] in ([], [".site.old-"])  # its `rm` may not have ended


@pytest.mark.skipif(staging._renameat2() is None, reason="this system cannot exchange two names in one step (Linux's renameat2)")
def test_an_old_site_that_cannot_be_renamed_aside_once_exchanged_is_removed_where_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    write_site(site(1), out, project)
    rename = Path.rename

    def refused(self: Path, target: Any) -> Any:
        if Path(target).name.startswith(".site.old-"):
            raise OSError(errno.EACCES, "Permission denied")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    write_site(site(1, "v2"), out, project)
    assert read_tree(out) == {**site(1, "v2"), MARKER: MARKER_TEXT}
    deadline = time.monotonic() + 30
    while beside(out) and time.monotonic() < deadline:  # removed by an `rm` of its own
        time.sleep(0.02)
    assert beside(out) == []


def test_where_two_names_cannot_be_exchanged_the_old_site_is_renamed_aside_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, out = small_project(tmp_path), tmp_path / "site"
    write_site(site(1), out, project)
    monkeypatch.setattr(staging, "_renameat2", lambda: None)
    write_site(site(1, "v2"), out, project)
    assert read_tree(out) == {**site(1, "v2"), MARKER: MARKER_TEXT}


def retired_by_a_second_write(tmp_path: Path) -> Path:
    """The site folder after a second write, which retires the first site beside it."""
    project, out = small_project(tmp_path), tmp_path / "site"
    write_site(site(1), out, project)
    write_site(site(1, "v2"), out, project)
    return out


def test_a_retired_site_is_removed_by_an_rm_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(staging.subprocess, "Popen", lambda command, **options: started.append(command))
    out = retired_by_a_second_write(tmp_path)
    retired = [tmp_path / name for name in beside(out)]
    assert [path.name[:len(".site.old-")] for path in retired] == [".site.old-"]
    assert started == [["rm", "-rf", "--", str(retired[0])]]
    assert read_tree(out) == {**site(1, "v2"), MARKER: MARKER_TEXT}


@pytest.mark.parametrize("rm", ["not found", "cannot start"])
def test_a_retired_site_is_removed_here_without_rm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rm: str) -> None:
    started: list[list[str]] = []

    def popen(command: list[str], **options: Any) -> None:
        started.append(command)
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(staging.subprocess, "Popen", popen)
    if rm == "not found":
        monkeypatch.setattr(staging.shutil, "which", lambda name: None)
    out = retired_by_a_second_write(tmp_path)
    assert (beside(out), len(started)) == ([], 0 if rm == "not found" else 1)


def test_a_link_to_itself_loops_and_others_do_not(tmp_path: Path) -> None:
    """Asked where Python 3.13 resolves such a link without an error (3.10 to 3.12 raise)."""
    (tmp_path / "self").symlink_to("self")
    (tmp_path / "nothing").symlink_to("missing")
    (tmp_path / "folder").mkdir()
    (tmp_path / "to-folder").symlink_to("folder")
    assert [writer._loops(tmp_path / name) for name in ("self", "nothing", "to-folder")] == [True, False, False]


def test_a_build_sweeps_retired_sites_and_abandoned_staging_folders_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A staging folder no process holds locked, older than a build takes to lock one, was
    left by a killed build; one still locked, or made a moment ago, is another build's."""
    fcntl = pytest.importorskip("fcntl")
    project, out = small_project(tmp_path), tmp_path / "site"
    removed: list[str] = []
    monkeypatch.setattr(staging, "_remove_later", lambda folder: removed.append(folder.name))
    now = time.time()
    old, young = now - staging.ABANDONED_AFTER - 30, now - staging.ABANDONED_AFTER + 30
    for name, when in [(".site.old-a", young), (".site.new-left", old), (".site.new-young", young), (".site.new-held", old),
                       (".other.new-b", old), (".other.old-c", old), ("site.new-d", old)]:
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (when, when))
    (tmp_path / ".site.old-file").write_text("a file, not a retired site")
    held = os.open(tmp_path / ".site.new-held", os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        descriptors = open_descriptors()
        write_site(site(1), out, project)
        assert open_descriptors() == descriptors
    finally:
        os.close(held)
    assert sorted(removed) == [".site.new-left", ".site.old-a"]
    assert read_tree(out) == {**site(1), MARKER: MARKER_TEXT}


def test_a_file_system_without_locks_gets_its_site_all_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where `flock` fails (a network file system without locks, "No locks available"),
    builds go on without locks, as `output_locked` says: the staging folder's lock failed
    the build instead."""
    fcntl = pytest.importorskip("fcntl")

    def no_locks(handle: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    project, out = small_project(tmp_path), tmp_path / "site"
    (tmp_path / ".site.new-left").mkdir()
    os.utime(tmp_path / ".site.new-left", (time.time() - 3600,) * 2)
    monkeypatch.setattr(fcntl, "flock", no_locks)
    descriptors = open_descriptors()
    write_site(site(1), out, project)
    streamed = StreamingSite(out, project)
    streamed.finish(site(1, "v2"))
    assert read_tree(out) == {**site(1, "v2"), MARKER: MARKER_TEXT}
    assert open_descriptors() == descriptors
    assert ".site.new-left" in beside(out), "whether another build still writes it cannot be told: it is kept"


def test_a_site_written_whole_under_umask_077_stays_the_owners_and_the_umask_is_kept(tmp_path: Path) -> None:
    """The writer asks the umask (which only setting it tells) before it writes: the files
    written after must still be made under the user's own."""
    project, out = small_project(tmp_path), tmp_path / "site"
    before = os.umask(0o077)
    writer._umask.cache_clear()
    try:
        manifest = write_site(site(2), out, project)
        (out / "stray.html").write_bytes(b"not as written: the next write is whole")
        write_site(site(2, "v2"), out, project, manifest)
        assert umask() == 0o077
    finally:
        os.umask(before)
        writer._umask.cache_clear()
    assert {stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]} == {0o700, 0o600}
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()} == {0o600}
