"""The on-disk build cache in PROJECT/.goalfolio-cache/: what a build can reuse from the last.

One table per kind (parsed front matter, validated items, rendered Markdown, rendered
pages), and the last build's state and output manifest, in files checked before they are
trusted (`cachefiles`).

Every key is a content digest, so a stale entry cannot be hit: an edited file has a new
digest. Entries not used by a build are dropped when it saves, so the cache does not grow.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cachefiles import CacheTable, Store
from .fingerprint import (
    builtin_themes_dir,
    generator_fingerprint,
    listed_line,
    regular_file_bytes,
    tree_digests,
)
from .ignorednames import is_ignored

if TYPE_CHECKING:
    from .config import Project
    from .frontmatter import ParsedFile

CACHE_DIR = ".goalfolio-cache"


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
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{generator_fingerprint()}|{sys.getfilesystemencoding()}|{list(options)!r}\n".encode())
    try:
        config = regular_file_bytes(str(config_path))
        h.update(b"not a file" if config is None else config)
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
