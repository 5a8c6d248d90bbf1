"""Fingerprints on their own: the digests of a folder's files (names, bytes, what is left
out), and reading a file whole, within a limit, without blocking and without leaking."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from goalfolio import fingerprint
from goalfolio.fingerprint import digest_bytes, regular_file_bytes, tree_digests


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def test_a_folder_digests_each_file_by_its_path_and_bytes_leaving_out_what_builds_do_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    write(folder, {"a.md": b"a", "b.md": b"b", "goals/c.md": b"c", "goals/deeper/d.md": b"",
                   ".hidden.md": b"x", ".git/config": b"x", "goals/.draft/e.md": b"x", "__pycache__/m.pyc": b"x",
                   "m.pyc": b"x", "skipped/f.md": b"x", "notes.md~": b"x"})
    os.mkfifo(folder / "pipe.md")
    read: dict[str, str] = {}
    found = tree_digests(folder, skip=["skipped"], read=read, ignored=lambda name: name.endswith("~"))
    assert found == {"a.md": digest_bytes(b"a"), "b.md": digest_bytes(b"b"), "goals/c.md": digest_bytes(b"c"),
                     "goals/deeper/d.md": digest_bytes(b""), "pipe.md": "not a file"}
    assert read == {str(folder / name): digest for name, digest in found.items() if name != "pipe.md"}
    assert tree_digests(tmp_path / "missing") == {}


def test_a_folder_linked_twice_is_read_once_and_named_where_it_is_linked_again(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    write(folder, {"goals/g.md": b"g"})
    (folder / "again").symlink_to("goals")
    (folder / "goals" / "loop").symlink_to("..")
    assert tree_digests(folder) == {"again/g.md": digest_bytes(b"g"), "again/loop": "a folder read already",
                                    "goals": "a folder read already"}


@pytest.mark.parametrize("size", [0, 5, 4 << 20, (4 << 20) + 7])
def test_a_file_is_digested_in_pieces_of_at_most_4_mib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    (tmp_path / "big.md").write_bytes(data)
    asked: list[int] = []
    real = os.read

    def read(handle: int, count: int) -> bytes:
        asked.append(count)
        return real(handle, count)

    monkeypatch.setattr(fingerprint.os, "read", read)
    assert tree_digests(tmp_path) == {"big.md": hashlib.blake2b(data, digest_size=16).hexdigest()}
    assert max(asked) == min(size + 1, 4 << 20)


def test_a_file_is_read_whole_up_to_its_limit_and_refused_beyond(tmp_path: Path) -> None:
    path = tmp_path / "goal.md"
    path.write_bytes(b"x" * 100)
    os.mkfifo(tmp_path / "pipe.md")
    descriptors = open_descriptors()
    assert regular_file_bytes(str(path)) == regular_file_bytes(str(path), limit=100) == b"x" * 100
    assert regular_file_bytes(str(tmp_path / "pipe.md")) is None
    with pytest.raises(OSError) as caught:
        regular_file_bytes(str(path), limit=99)
    assert (caught.value.errno, caught.value.strerror, caught.value.filename) == (
        errno.EFBIG, "this file holds 100 bytes, more than the 0 MiB a content file may hold", str(path))
    assert open_descriptors() == descriptors


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "goal.md"
    path.write_bytes(b"x" * (3 << 20))
    real = os.read

    def growing(handle: int, count: int) -> bytes:
        with open(path, "ab") as stream:  # another program appends while the file is read
            stream.write(b"y" * (1 << 20))
        return real(handle, count)

    monkeypatch.setattr(fingerprint.os, "read", growing)
    descriptors = open_descriptors()
    with pytest.raises(OSError) as caught:
        regular_file_bytes(str(path), limit=4 << 20)
    assert (caught.value.errno, caught.value.strerror, caught.value.filename) == (
        errno.EFBIG, "this file holds more than the 4 MiB a content file may hold", str(path))
    assert open_descriptors() == descriptors
