"""What a build takes from earlier builds, on its own: entries remembered in memory over a
cache table, stamps trusted only for files not reported, and pages reused or kept by
their fingerprint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from goalfolio.cache import BuildCache
from goalfolio.pages import PagePlan
from goalfolio.reuse import MemoryParseCache, Remembered, keep_pages, leave_warm_start, reuse_page


class Table(dict):  # type: ignore[type-arg]
    """A cache table (`cachefiles.CacheTable`) in memory, counting its lookups."""

    def __init__(self, **entries: Any) -> None:
        super().__init__(entries)
        self.asked: list[Any] = []

    def get(self, key: Any, default: Any = None) -> Any:
        self.asked.append(key)
        return super().get(key, default)

    def put(self, key: Any, value: Any) -> None:
        self[key] = value


class Values:
    """`pagefingerprints.PageValues` reduced to what reuse asks: an entry is this page's while its
    fingerprint is "fresh"."""

    def cached(self, plan: PagePlan, entry: Any) -> bool:
        return entry is not None and entry[0] == "fresh"

    def fingerprint(self, plan: PagePlan, keys: Any) -> str:
        return f"fingerprint of {plan.path}"


def test_entries_looked_up_in_the_table_are_kept_in_memory_for_when_it_is_gone() -> None:
    table = Table(parsed="from the table")
    remembered = Remembered(table)
    remembered["new"] = "made here"
    assert (remembered.get("parsed"), remembered.get("parsed"), remembered.get("missing", "default")) == (
        "from the table", "from the table", "default")
    assert (table.asked, table["new"]) == (["parsed", "missing"], "made here")
    remembered.table = None
    assert (remembered.get("parsed"), remembered.get("new"), remembered.get("missing")) == ("from the table", "made here", None)


def test_stamps_are_trusted_only_in_an_incremental_build_for_files_not_reported() -> None:
    cache = MemoryParseCache()
    assert not cache.trusts("content/a.md"), "a full build reads every file"
    cache.reported = {"content/a.md"}
    assert (cache.trusts("content/a.md"), cache.trusts("content/b.md")) == (False, True)


def plan(path: str, deps: frozenset[str] = frozenset({"a"}), made: bool = False) -> PagePlan:
    return PagePlan(path=path, title=path, deps=deps, produce=(lambda graph: b"made") if made else None)


def test_a_page_is_reused_only_while_its_kept_copy_is_fresh() -> None:
    pages = Table(**{"fresh.html": ("fresh", frozenset({"a"}), b"kept"), "stale.html": ("stale", frozenset({"a"}), b"old"),
                     "made.html": ("fresh", frozenset(), b"kept")})
    files: dict[str, bytes] = {}
    found = [reuse_page(pages, plan(path, made=path == "made.html"), Values(), files)
             for path in ("fresh.html", "stale.html", "missing.html")]
    found += [reuse_page(pages, plan("made.html", frozenset(), made=True), Values(), files),
              reuse_page(None, plan("fresh.html"), Values(), files), reuse_page(pages, plan("fresh.html"), None, files)]
    assert (found, files) == ([True, False, False, False, False, False], {"fresh.html": b"kept"})


def test_rendered_pages_are_kept_with_their_fingerprint_and_reused_ones_keep_their_entry() -> None:
    reused_entry = ("fresh", frozenset({"a"}), b"reused")
    pages = Table(**{"reused.html": reused_entry})
    plans = {path: plan(path) for path in ("rendered.html", "reused.html")} | {"made.xml": plan("made.xml", frozenset(), made=True)}
    files = {"rendered.html": b"rendered", "reused.html": b"reused", "made.xml": b"made", "static/style.css": b"css"}
    keep_pages(pages, files, Values(), plans, {"rendered.html", "made.xml"})
    assert dict(pages) == {"rendered.html": ("fingerprint of rendered.html", frozenset({"a"}), b"rendered"),
                           "reused.html": reused_entry, "made.xml": ("", frozenset(), b"made"),
                           "static/style.css": ("", frozenset(), b"css")}


def test_the_first_preview_build_saves_what_it_read_then_works_from_memory_only(tmp_path: Path) -> None:
    warm = BuildCache(tmp_path)
    parse_cache, bodies = MemoryParseCache(warm), Remembered(warm.bodies)
    parse_cache.put("digest-1", "parsed 1")  # type: ignore[arg-type]
    bodies["body-1"] = "rendered 1"
    leave_warm_start(warm, parse_cache, bodies, {"static/style.css": b"css"}, None, {}, set())
    parse_cache.put("digest-2", "parsed 2")  # type: ignore[arg-type]
    parse_cache.items["item-2"] = "item 2"
    bodies["body-2"] = "rendered 2"
    again = BuildCache(tmp_path)
    assert (again.get("digest-1"), again.bodies.get("body-1"), again.pages.get("static/style.css")) == (
        "parsed 1", "rendered 1", ("", frozenset(), b"css"))
    assert (warm.parsed.get("digest-2"), warm.items.get("item-2"), warm.bodies.get("body-2")) == (None, None, None)
    assert (parse_cache.get("digest-2"), bodies.get("body-2")) == ("parsed 2", "rendered 2")
