"""The build cache's files, each checked before it is trusted: a pickle behind a header that
names the cache format and the generator fingerprint and carries the payload's length and
checksum, written atomically. A file that is truncated, altered, from another goalfolio (or
another edit of its code) or otherwise unreadable is discarded and rebuilt: the cache is
never trusted blindly.

A table of entries is kept in `SHARDS` such files, so that saving after a small edit
rewrites only the shards it touched. What the tables hold, and when a build may reuse
them, is `cache`'s to say.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from .fingerprint import regular_file_bytes

MAGIC = b"GOALFOLIO-CACHE\n"
FORMAT = 1
_HEADER = struct.Struct("<16sH16sQ32s")  # magic, format, generator fingerprint, payload length, blake2b


class Store:
    """Reads and writes one checked pickle per kind, atomically."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = bytes.fromhex(fingerprint)
        self.discarded: list[str] = []  # kinds found unusable, for tests and `--verbose`
        self.checksums: dict[str, str] = {}  # kind to the checksum of its file as loaded or saved here

    def load(self, kind: str) -> Any | None:
        """The kind's value; None when it is missing or unusable. Read as the content is
        (`regular_file_bytes`): a named pipe in its place made the build wait for a writer
        forever, and a link to a device such as /dev/zero filled the memory."""
        path = self.folder / f"{kind}.pickle"
        try:
            data = regular_file_bytes(str(path))
        except OSError:
            return None
        try:
            if data is None:
                raise ValueError("not a file")
            magic, fmt, generator, length, checksum = _HEADER.unpack_from(data)
            payload = memoryview(data)[_HEADER.size:]
            if magic != MAGIC or fmt != FORMAT or generator != self.fingerprint or length != len(payload):
                raise ValueError("stale or foreign cache file")
            if hashlib.blake2b(payload, digest_size=32).digest() != checksum:
                raise ValueError("checksum mismatch")
            value = pickle.loads(payload)
            self.checksums[kind] = checksum.hex()
            return value
        except Exception:  # noqa: BLE001 - any damage means: rebuild
            self.discarded.append(kind)
            return None

    def sweep(self) -> None:
        """Remove what a save stopped by `kill -9` or a power cut left: its temporary file,
        a shard's size, would stay forever. One an hour old is no other build's save in
        progress (a build that shares the cache may be saving now)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name.startswith(".") and name.partition("-")[0][1:] in _KINDS:
                _remove_if_older(self.folder / name, time.time() - LEFT_BEHIND_AFTER)

    def save(self, kind: str, value: Any) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        checksum = hashlib.blake2b(payload, digest_size=32).digest()
        header = _HEADER.pack(MAGIC, FORMAT, self.fingerprint, len(payload), checksum)
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{kind}-", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header)
                out.write(payload)
            os.replace(temporary, self.folder / f"{kind}.pickle")
            self.checksums[kind] = checksum.hex()
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


LEFT_BEHIND_AFTER = 3600.0  # seconds: a temporary file this old is no save in progress
# What the cache's file names start with (`mkstemp` makes `.parsed-3k2j9x` for a shard of `parsed`).
_KINDS = frozenset({"parsed", "items", "bodies", "pages", "state", "manifest", "jinja"})


def _remove_if_older(path: Path, limit: float) -> None:
    try:
        if path.lstat().st_mtime < limit:
            path.unlink()
    except OSError:
        pass  # gone already, or not ours to remove: the next build tries again


SHARDS = 16


def _shard(key: Any) -> int:
    """A key's shard, the same in every process (unlike `hash` of a string)."""
    return zlib.crc32(repr(key).encode()) % SHARDS


class CacheTable:
    """One kind of entries, in `SHARDS` files so that saving after a small edit rewrites only
    the shards it touched: each is loaded on first use, pruned to what this build used and
    saved if changed."""

    def __init__(self, store: Store, kind: str) -> None:
        self.store, self.kind = store, kind
        self._old: list[dict[Any, Any] | None] = [None] * SHARDS
        self.used: list[dict[Any, Any]] = [{} for _ in range(SHARDS)]
        self.changed = [False] * SHARDS

    def file_of(self, key: Any) -> str:
        """The kind (file name) of the shard that holds `key`."""
        return f"{self.kind}-{_shard(key):02d}"

    def _entries(self, shard: int) -> dict[Any, Any]:
        old = self._old[shard]
        if old is None:
            loaded = self.store.load(f"{self.kind}-{shard:02d}")
            old = self._old[shard] = loaded if isinstance(loaded, dict) else {}
        return old

    def get(self, key: Any) -> Any | None:
        shard = _shard(key)
        used = self.used[shard]
        if key in used:
            return used[key]
        value = self._entries(shard).get(key)
        if value is not None:
            used[key] = value
        return value

    def put(self, key: Any, value: Any) -> None:
        shard = _shard(key)
        self.used[shard][key] = value
        self.changed[shard] = True

    def __contains__(self, key: Any) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    __setitem__ = put

    def save(self) -> None:
        for shard, used in enumerate(self.used):
            old = self._old[shard]
            if self.changed[shard] or (old is not None and old.keys() != used.keys()) or (old is None and used):
                self.store.save(f"{self.kind}-{shard:02d}", used)
