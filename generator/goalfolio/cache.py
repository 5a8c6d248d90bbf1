"""The on-disk build cache in PROJECT/.goalfolio-cache/: what a build can reuse from the last.

One file per kind (parsed front matter, validated items, rendered Markdown, rendered pages,
the last build's state and the output manifest), each a pickle behind a header that names
the cache format and the generator fingerprint and carries the payload's length and
checksum. A file that is truncated, altered, from another goalfolio (or another edit of its
code) or otherwise unreadable is discarded and rebuilt: the cache is never trusted blindly.

Every key is a content digest, so a stale entry cannot be hit: an edited file has a new
digest. Entries not used by a build are dropped when it saves, so the cache does not grow.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import os
import pickle
import shutil
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fingerprint import (
    builtin_themes_dir,
    digest_bytes,
    generator_fingerprint,
    listed_line,
    tree_digests,
)

if TYPE_CHECKING:
    from .config import Project
    from .frontmatter import ParsedFile

CACHE_DIR = ".goalfolio-cache"
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
        path = self.folder / f"{kind}.pickle"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
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


class BuildCache:
    """The cache of one project; implements the loader's `ParseCache` (plus validated items)."""

    def __init__(self, root: Path, view: str = "") -> None:
        """`view` names the audience and base URL: each view keeps its own pages and state."""
        self.folder = root / CACHE_DIR
        self.store = Store(self.folder, generator_fingerprint())
        self.view = hashlib.blake2b(view.encode(), digest_size=4).hexdigest()
        self.parsed = CacheTable(self.store, "parsed")
        self.items = CacheTable(self.store, "items")  # (folder, shown path, digest) -> (item | None, diagnostics)
        self.bodies = CacheTable(self.store, "bodies")
        self.pages = CacheTable(self.store, f"pages-{self.view}")  # output path -> (fingerprint, dependency keys, bytes)
        # Content file (full path) to the digest of the bytes the input fingerprint read just
        # before this build: the loader takes a file's validated item from `items` by it,
        # without reading the file a second time (or its parsed front matter).
        self.read: dict[str, str] = {}
        self._state: dict[str, Any] | None = None

    # ParseCache
    def get(self, digest: str) -> ParsedFile | None:
        return self.parsed.get(digest)

    def put(self, digest: str, parsed: ParsedFile) -> None:
        self.parsed.put(digest, parsed)

    def state(self) -> dict[str, Any]:
        """What the last build recorded: its input fingerprint, diagnostics and page count."""
        if self._state is None:
            loaded = self.store.load(f"state-{self.view}")
            self._state = loaded if isinstance(loaded, dict) else {}
        return self._state

    def reusable(self, fingerprint: str) -> tuple[dict[str, bytes], dict[str, Any]] | None:
        """The last build's files and state when its input fingerprint is `fingerprint`, and
        the date it was computed against (`today`, None where the config pins it) is today's.

        The pages' files must be the ones that build saved (`shards`): a build stopped (or
        out of disk space) between saving its pages and its state, or another build saving
        into the same cache meanwhile, leaves the state of one build beside pages of another."""
        state = self.state()
        if state.get("fingerprint") != fingerprint or state.get("today", "") not in (None, local_date().isoformat()):
            return None
        files: dict[str, bytes] = {}
        for path in state["paths"]:
            entry = self.pages.get(path)
            if entry is None:
                return None
            files[path] = entry[2]
        shards = state.get("shards", {})
        if any(shards.get(kind) != self.store.checksums.get(kind) for kind in {self.pages.file_of(p) for p in files}):
            return None
        return files, state

    def templates(self) -> Any:
        """A Jinja2 bytecode cache kept in this cache's checked files (see `_template_cache_class`)."""
        return _template_cache_class()(self.store)

    def manifest(self) -> dict[str, Any]:
        """What the last build of this view wrote where (writer.write_site). One per view, as
        its pages and state: with one per project, builds of two audiences into two folders
        (a Makefile building both) each found the other's, naming the other folder, and
        wrote their whole site again every time, though nothing had changed."""
        loaded = self.store.load(f"manifest-{self.view}")
        return loaded if isinstance(loaded, dict) else {}

    def save_manifest(self, manifest: dict[str, Any]) -> None:
        self.store.save(f"manifest-{self.view}", manifest)
        (self.folder / "manifest.pickle").unlink(missing_ok=True)  # the one per project goalfolio kept before

    def save(self, state: dict[str, Any] | None = None) -> None:
        self.store.sweep()
        for table in (self.parsed, self.items, self.bodies, self.pages):
            table.save()
            # The same kind in one file, as goalfolio kept it before the tables were sharded.
            (self.folder / f"{table.kind}.pickle").unlink(missing_ok=True)
        if state is not None:
            kinds = {self.pages.file_of(path) for path in state["paths"]}
            state = {**state, "shards": {kind: self.store.checksums.get(kind) for kind in sorted(kinds)}}
            self._state = state
            self.store.save(f"state-{self.view}", state)


_template_cache: type | None = None


def _template_cache_class() -> type:
    """`TemplateCache`, made on first use: its base class is Jinja2's, and a warm build that
    reuses the last one (`reuse_site`) does not import Jinja2 at all."""
    global _template_cache
    if _template_cache is None:
        import jinja2

        class TemplateCache(jinja2.BytecodeCache):
            """Compiled Jinja2 templates, one checked file each (`jinja-<key>.pickle`), so the ~0.3 s
            of compiling the theme is paid once. The file's header ties it to this goalfolio
            (version and code) and checksums it like every other cache file; inside, Jinja checks
            its own and Python's version and the template source's checksum. Anything that does not
            match is compiled again."""

            def __init__(self, store: Store) -> None:
                self.store = store

            def load_bytecode(self, bucket: Any) -> None:
                data = self.store.load(f"jinja-{bucket.key}")
                if isinstance(data, bytes):
                    try:
                        bucket.bytecode_from_string(data)
                    except Exception:  # noqa: BLE001 - damaged: compile again
                        bucket.reset()

            def dump_bytecode(self, bucket: Any) -> None:
                try:
                    self.store.save(f"jinja-{bucket.key}", bucket.bytecode_to_string())
                except OSError:
                    pass  # a cache that cannot be written costs speed, never the build

        _template_cache = TemplateCache
    return _template_cache


def local_date() -> datetime.date:
    """The machine's date where it builds: what "today" is when the config does not pin it."""
    return datetime.date.today()


def input_fingerprint(project: Path, config_path: Path, themes: list[Path], options: Iterable[Any],
                      read: dict[str, str] | None = None) -> str:
    """Everything a build reads, hashed: content, config, themes, options and code.
    `read` gets the digest of every content file, by full path (see `BuildCache.read`).

    Today's date is not in it: a build whose config does not pin `today` records the date
    it computed progress and due dates against, and is reused on that date only (see
    `BuildCache.reusable`). A date taken here could be the day before the build's own, when
    midnight passes in between.

    The file system's encoding is in it: a build keeps the names of the files it publishes
    as the locale decoded them, and a site reused in another locale wrote `café.pdf` as
    `cafÃ©.pdf` (cached in a Latin-1 locale) or failed (cached in a UTF-8 one, reused in
    the C locale).
    """
    from .sources import is_ignored

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{generator_fingerprint()}|{sys.getfilesystemencoding()}|{list(options)!r}\n".encode())
    try:
        h.update(config_path.read_bytes())
    except OSError:
        h.update(b"no config")
    for label, folder in [("content", project / "content"), *((f"theme{i}", t) for i, t in enumerate(themes))]:
        for name, digest in tree_digests(folder, read=read if label == "content" else None, ignored=is_ignored).items():
            h.update(f"{label}/".encode() + listed_line(name, digest))
    return h.hexdigest()


def view_name(audience: str | None, base_url: str | None) -> str:
    return f"{audience}|{base_url}"


def project_fingerprint(project: Project, audience: str | None, base_url: str | None, read: dict[str, str] | None = None) -> str:
    """The input fingerprint of a build of `project` for one view (see `input_fingerprint`)."""
    themes = [project.themes_dir, builtin_themes_dir()]
    return input_fingerprint(project.root, project.config_path, themes, (audience, base_url), read)


def reuse_site(project: Project, audience: str | None, base_url: str | None, out_dir: Path,
               fingerprint: str | None = None) -> tuple[int, int, list[Any]] | None:
    """`goalfolio build` when no input changed since the last cached build of this view:
    its files are taken from the cache and written (or left alone when the output folder
    already holds them), without importing the models, YAML, Markdown or Jinja2.
    Returns (pages, files, diagnostics), or None when a real build is needed."""
    from .writer import write_site

    cache = BuildCache(project.root, view_name(audience, base_url))
    found = cache.reusable(fingerprint or project_fingerprint(project, audience, base_url))
    if found is None:
        return None
    files, state = found
    manifest = write_site(files, out_dir, project, cache.manifest())
    try:
        cache.save(None)  # no-op unless an entry changed
        cache.save_manifest(manifest)
    except OSError:
        pass
    return state["pages"], len(files), list(state["diagnostics"])


# Removals of the cache that a build saving into it at the same moment may spoil, in a row.
REMOVE_TRIES = 10


def remove_cache(root: Path) -> bool:
    """Remove the build cache; False when there is none. A build saving into it meanwhile
    (`Store.save`) adds a file after `shutil.rmtree` has listed the folder, or renames away
    one it listed: the removal failed ("Directory not empty", "No such file or directory")
    and `goalfolio clean` with it. It starts over instead; a build saves a few dozen files."""
    folder = root / CACHE_DIR
    if not folder.is_dir():
        return False
    for _ in range(REMOVE_TRIES - 1):
        try:
            shutil.rmtree(folder)
            return True
        except FileNotFoundError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
        if not folder.is_dir():  # removed by another clean
            return True
    shutil.rmtree(folder)
    return True


def theme_digest(themes: list[Path]) -> str:
    """One digest of every file of the theme folders (templates and static files), which
    every page's fingerprint holds."""
    from .sources import is_ignored

    theme = hashlib.blake2b(digest_size=16)
    for theme_dir in themes:
        for name, digest in tree_digests(theme_dir, ignored=is_ignored).items():
            theme.update(listed_line(name, digest))
    return theme.hexdigest()


class PageValues:
    """What each dependency key of a page (pages.py) stands for in this build, as a digest,
    so the disk cache decides which pages to render by the rule the preview server uses
    (changes.changed_keys): an item id counts its whole file, `~id` its front matter and
    excerpt, `*folder` the ids and front matter of the folder's items, `#folder` what decides
    its lists (changes.item_listings), `*` everything. The
    profile, config, theme, date and generator are behind every page.

    A cached page is kept with the keys it depended on. It is reused when those keys still
    have the values it was rendered with and the page does not depend on anything new: as
    in the preview, where a page is rendered again when its old or new deps changed.
    """

    def __init__(self, digests: dict[str, tuple[str, str]], listings: dict[str, str], portfolio: Any, themes: list[Path],
                 base: str) -> None:
        from .pages import LISTING

        self.digests = digests
        self.sources = {item.id: item.source for item in portfolio.items()}
        self.allow_html: bool = portfolio.config.markdown.allow_html
        fronts = {item.id: digest_bytes(item.source.front_matter.text.encode()) for item in portfolio.items()}
        folders: dict[str, hashlib.blake2b] = {}
        everything = hashlib.blake2b(digest_size=16)
        for item_id, (folder, digest) in sorted(digests.items()):
            folders.setdefault(folder, hashlib.blake2b(digest_size=16)).update(f"{item_id}:{fronts.get(item_id, digest)}\n".encode())
            everything.update(f"{folder}/{item_id}:{digest}\n".encode())
        self.folders = {f"*{folder}": h.hexdigest() for folder, h in folders.items()}
        listed: dict[str, hashlib.blake2b] = {}
        for item_id, fields in sorted(listings.items()):
            listed.setdefault(LISTING + digests[item_id][0], hashlib.blake2b(digest_size=16)).update(f"{item_id}:{fields}\n".encode())
        self.listings = {key: h.hexdigest() for key, h in listed.items()}
        self.everything = everything.hexdigest()
        self.themes = themes
        self.theme = theme_digest(themes)
        self.common = f"{base}|{self.theme}|{digests.get('profile', ('', 'none'))[1]}"
        self.known: dict[str, str] = {}

    def theme_saved_since(self) -> bool:
        """Whether a file of the theme changed since these values were taken: pages rendered
        meanwhile may be of either version, and kept under this digest, the next build
        would reuse them as of this one."""
        return theme_digest(self.themes) != self.theme

    def value(self, key: str) -> str:
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._value(key)
        return found

    def _value(self, key: str) -> str:
        from .pages import ALL, LISTING, SUMMARY

        if key == ALL:
            return self.everything
        if key.startswith("*"):
            return self.folders.get(key, "-")
        if key.startswith(LISTING):
            return self.listings.get(key, "-")
        if key.startswith(SUMMARY):
            source = self.sources.get(key[len(SUMMARY):])
            return digest_bytes(f"{source.front_matter.text}\0{source.excerpt(self.allow_html)}".encode()) if source is not None else "-"
        return self.digests[key][1] if key in self.digests else "-"

    def fingerprint(self, plan: Any, keys: Iterable[str]) -> str:
        """The page's plan and the current values of `keys`."""
        parts = "|".join(f"{key}={self.value(key)}" for key in sorted(keys))
        text = f"{self.common}|{plan.path}|{plan.template}|{plan.title}|{plan.description_text()}|{plan.in_sitemap}|{parts}"
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def cached(self, plan: Any, entry: tuple[str, frozenset[str], bytes] | None) -> bool:
        """Whether a cached page entry (fingerprint, keys, bytes) is still this page."""
        if entry is None or not plan.deps <= entry[1]:
            return False
        return entry[0] == self.fingerprint(plan, entry[1])
