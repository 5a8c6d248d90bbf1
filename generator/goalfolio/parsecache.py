"""What the loader asks of a cache of parsed files: the build cache on disk
(`cache.BuildCache`) and the preview's in memory (`reuse.MemoryParseCache`) both keep
them, so that an unchanged file is neither parsed nor validated again."""

from __future__ import annotations

from typing import Protocol

from .errors import Diagnostic
from .frontmatter import ParsedFile
from .items import Item


class ParseCache(Protocol):
    """Remembers parsed files by content digest, so an unchanged file is not parsed again.

    A cache may also have an `items` mapping, (folder, path, digest) to (item, problems), so an
    unchanged file is not validated again either (reuse.MemoryParseCache, cache.BuildCache),
    and a `stamps` mapping, path to (stat identity, digest) of its last read, with a
    `trusts(path)` method (reuse.MemoryParseCache) saying the caller vouches that the file
    was not reported changed since: then a file whose size, times and inode are unchanged is
    not even read again.
    """

    def get(self, digest: str) -> ParsedFile | None: ...

    def put(self, digest: str, parsed: ParsedFile) -> None: ...


# A parse cache's `items`: (folder, shown path, digest) to (item, or None where the file
# does not validate, and its problems).
ValidatedItems = dict[tuple[str, str, str], tuple[Item | None, list[Diagnostic]]]


class StampedParseCache(ParseCache, Protocol):
    """A parse cache with `stamps` and `trusts(path)`, as ParseCache describes."""

    stamps: dict[str, tuple[tuple[int, ...], str]]

    def trusts(self, path: str) -> bool: ...
