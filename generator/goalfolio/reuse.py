"""What a build takes from earlier builds and leaves for later ones (the tables are in
`cache`): parsed files, items and bodies looked up in the build cache on a miss, pages
reused while their fingerprint is unchanged, the state a build with the cache records for
the next one to reuse whole, and what the preview's first build leaves for its next
start. The preview keeps in memory only the versions of files its last build read."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bodies import body_key, keep_bodies_of
from .cache import CACHE_DIR, BuildCache, project_fingerprint
from .cachefiles import CacheTable
from .config import Project
from .errors import Diagnostic
from .frontmatter import ParsedFile
from .loader import Portfolio
from .markdown import RenderedMarkdown
from .pagefingerprints import PageValues
from .pages import PagePlan

if TYPE_CHECKING:
    from .build import BuildOptions, BuildResult

# The preview keeps one table of pages per project. A page is reused only for the audience
# and address it was rendered for (PageValues), and a table per address would leave one
# behind at every start with `--port 0`, which picks a new port each time.
PREVIEW_PAGES = "preview"


class Remembered(dict):  # type: ignore[type-arg]
    """Entries kept in memory which, while `table` (a build cache table) is set, are looked
    up there on a miss and written there too."""

    def __init__(self, table: Any | None = None) -> None:
        super().__init__()
        self.table = table

    def get(self, key: Any, default: Any = None) -> Any:
        found = super().get(key)
        if found is None and self.table is not None:
            found = self.table.get(key)
            if found is not None:
                super().__setitem__(key, found)
        return default if found is None else found

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        if self.table is not None:
            self.table.put(key, value)


class MemoryParseCache:
    def __init__(self, backing: BuildCache | None = None) -> None:
        self._parsed = Remembered(backing.parsed if backing else None)
        self.items = Remembered(backing.items if backing else None)  # validated items, see loader._load_item
        # Path to (stat identity, digest) of its last read, trusted during an incremental
        # build for files the watcher did not report: they are not read again.
        self.stamps: dict[str, tuple[tuple[int, ...], str]] = {}
        self.reported: set[str] | None = None  # None: trust no stamp (a full build reads all)

    def trusts(self, path: str) -> bool:
        return self.reported is not None and path not in self.reported

    def get(self, digest: str) -> ParsedFile | None:
        return self._parsed.get(digest)  # type: ignore[no-any-return]

    def put(self, digest: str, parsed: ParsedFile) -> None:
        self._parsed[digest] = parsed

    def keep_only(self, root: Path, files: set[tuple[str, str]]) -> None:
        """Forget every file but `files` (path as shown, content digest), the portfolio as last
        built: the preview kept the parse, item and stamp of every version of every file
        saved, and of files renamed or deleted, for as long as it ran."""
        digests = {digest for _, digest in files}
        stamped = {str(root / shown): digest for shown, digest in files}
        for key in [key for key in self._parsed if key not in digests]:
            del self._parsed[key]
        for item_key in [item_key for item_key in self.items if item_key[1:] not in files]:
            del self.items[item_key]
        for path in [path for path, (_, digest) in self.stamps.items() if stamped.get(path) != digest]:
            del self.stamps[path]

    def forget(self, digest: str) -> None:
        """Forget one file's version that a body save replaced (its item is replaced in
        `items` by the save itself)."""
        self._parsed.pop(digest, None)

    def detach(self) -> None:
        self._parsed.table = self.items.table = None


def forget_other_versions(project: Project, portfolio: Portfolio, parse_cache: MemoryParseCache | BuildCache,
                          body_cache: dict[str, RenderedMarkdown]) -> None:
    """After a build that succeeded, what is kept in memory for the next one is of the
    files as they are now: the preview's memory grew with every save, all day."""
    if isinstance(parse_cache, MemoryParseCache):
        parse_cache.keep_only(project.root, {(item.source.path, item.source.digest) for item in portfolio.items()})
    keep_bodies_of(portfolio, body_cache)


def forget_replaced(replaced: list[tuple[str, str]], allow_html: bool, parse_cache: MemoryParseCache | BuildCache,
                    body_cache: dict[str, RenderedMarkdown]) -> None:
    """A body save forgets the versions it replaced (item id, digest), in time that
    grows with the save: pruning to the whole portfolio, as a full build does, took
    70 ms at 10,000 items, twice the save itself."""
    for item_id, digest in replaced:
        body_cache.pop(body_key(item_id, digest, allow_html), None)
        if isinstance(parse_cache, MemoryParseCache):
            parse_cache.forget(digest)


def reuse_page(pages: CacheTable | None, plan: PagePlan, values: PageValues | None, files: dict[str, bytes]) -> bool:
    """Put the kept copy of a page into `files`, if `pages` has one whose fingerprint is
    still this plan's."""
    if pages is None or values is None or _always_made(plan):
        return False
    entry = pages.get(plan.path)
    if entry is None or not values.cached(plan, entry):
        return False
    files[plan.path] = entry[2]
    return True


def keep_pages(pages: CacheTable, files: dict[str, bytes], values: PageValues | None, plans: dict[str, PagePlan],
               rendered: set[str]) -> None:
    """Rendered pages are kept with their keys and fingerprint, reused pages keep their
    entry, and static files and assets are kept for a build that reuses everything."""
    for path, data in files.items():
        plan = plans.get(path)
        if plan is not None and path in rendered and values is not None and not _always_made(plan):
            pages.put(path, (values.fingerprint(plan, plan.deps), plan.deps, data))
        elif plan is None or path in rendered or path not in pages:
            pages.put(path, ("", frozenset(), data))


def _always_made(plan: PagePlan) -> bool:
    """A file made by code without declaring what it depends on has nothing its cached
    copy could be checked against, so it is made on every build."""
    return plan.produce is not None and not plan.deps


def leave_warm_start(warm: BuildCache, parse_cache: MemoryParseCache | BuildCache, body_cache: dict[str, RenderedMarkdown],
                     files: dict[str, bytes], values: PageValues | None, plans: dict[str, PagePlan],
                     rendered: set[str]) -> None:
    """Save what the first build read or made for the next start (only the shards that
    changed are written), then work from memory only. The pages are kept too, so the
    next start with the same audience and address renders only what changed meanwhile."""
    if isinstance(parse_cache, MemoryParseCache):
        parse_cache.detach()
    if isinstance(body_cache, Remembered):
        body_cache.table = None
    keep_pages(warm.pages, files, values, plans, rendered)
    try:
        for table in (warm.parsed, warm.items, warm.bodies, warm.pages):
            table.save()
    except OSError:
        pass  # a cache that cannot be written costs the next start time, never the preview


def keep_build(disk: BuildCache, project: Project, options: BuildOptions, fingerprint: str, result: BuildResult,
               values: PageValues | None, day: datetime.date | None) -> None:
    """Save the build cache after a build with it, recording the build for the next one with
    the same input fingerprint to reuse whole if it succeeded and is of what was
    fingerprinted. `day` is the date it computed against where the config pins none: it is
    reused on that date only."""
    state = {"fingerprint": fingerprint, "paths": sorted(result.files), "diagnostics": result.diagnostics, "pages": result.pages,
             "today": day.isoformat() if day is not None else None}
    try:
        disk.save(state if result.ok and _built_what_was_fingerprinted(disk, project, options, fingerprint, values) else None)
    except OSError as exc:  # it costs speed, never the build: said, as the next build is cold
        result.diagnostics.append(cache_not_saved(project, exc))


def _built_what_was_fingerprinted(disk: BuildCache, project: Project, options: BuildOptions, fingerprint: str,
                                  values: PageValues | None) -> bool:
    """Whether every item was loaded from the bytes the input fingerprint read, and no
    input changed until the build was done. A file saved again in between (an editor's
    on-save hook starting the next build while this one runs) is built as saved: the
    build is then not of its fingerprint, and once the file was put back (undo), a build
    recorded under it reused the other version's site. Items are checked as loaded (a
    file saved and put back before the end); the fingerprint is taken again for the
    rest: a template, a static file, an asset or goalfolio.yaml saved, a file deleted."""
    read = set(disk.read.values())
    return values is not None and all(digest in read for _, digest in values.digests.values()) \
        and project_fingerprint(project, options.audience, options.base_url) == fingerprint


def cache_not_saved(project: Project, exc: OSError) -> Diagnostic:
    """Every build after this one starts cold: the user should know why it is slow."""
    return Diagnostic(project.display(project.root / CACHE_DIR), 1, 1, "warning", "cache-not-saved",
                      f"the build cache could not be saved ({exc.strerror or exc}): the next build starts from scratch",
                      "make it a folder you can write to (or delete it), or build with --no-cache")
