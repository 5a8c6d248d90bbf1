"""Which pages a change touches: item digests, front matter and bodies before and after,
turned into dependency keys; the pages whose templates use a changed template or copy a
changed static file; and the pages an incremental build renders again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import jinja2

from .config import Project
from .loader import Portfolio
from .pages import ALL, LISTING, LISTING_FIELDS, STATIC_DEP, SUMMARY, PagePlan
from .templating import static_files, template_closure, theme_dirs
from .urls import SECTION_FOLDERS


def template_users(env: jinja2.Environment, plans: dict[str, PagePlan], templates: set[str]) -> set[str]:
    """Pages whose template extends, includes or imports one of `templates`."""
    if not templates:
        return set()
    closures: dict[str, set[str]] = {}
    for plan in plans.values():
        if plan.template and plan.template not in closures:
            closures[plan.template] = template_closure(env, plan.template)
    return {path for path, plan in plans.items() if plan.template and closures[plan.template] & templates}


class ItemTexts(NamedTuple):
    """Per item id, what the next build compares against to tell which pages a change
    touches (see `changed_keys`)."""

    digests: dict[str, tuple[str, str]]  # (folder, content digest)
    fronts: dict[str, str]
    bodies: dict[str, str]
    listings: dict[str, str]


def item_texts(portfolio: Portfolio) -> ItemTexts:
    return ItemTexts(item_digests(portfolio), item_fronts(portfolio), item_bodies(portfolio), item_listings(portfolio))


def item_digests(portfolio: Portfolio) -> dict[str, tuple[str, str]]:
    """Item id to (folder, content digest): what identifies a change and what it touches."""
    found = {"profile": ("", portfolio.profile.source.digest)} if portfolio.profile else {}
    for item in portfolio.items():
        if item.id != "profile":
            found[item.id] = (SECTION_FOLDERS[type(item)], item.source.digest)
    return found


def item_fronts(portfolio: Portfolio) -> dict[str, str]:
    return {item.id: item.source.front_matter.text for item in portfolio.items() if item.id != "profile"}


def item_bodies(portfolio: Portfolio) -> dict[str, str]:
    return {item.id: item.body for item in portfolio.items() if item.id != "profile"}


def item_listings(portfolio: Portfolio) -> dict[str, str]:
    """Item id to the fields that decide whether, where and under which filter its
    folder's lists show it (pages.LISTING_FIELDS), for the folders that have any."""
    found = {}
    for item in portfolio.items():
        fields = LISTING_FIELDS.get(SECTION_FOLDERS.get(type(item), ""))
        if fields:
            found[item.id] = repr(tuple(getattr(item, name) for name in fields))
    return found


def changed_keys(old: dict[str, tuple[str, str]], new: dict[str, tuple[str, str]],
                  old_fronts: dict[str, str], new_fronts: dict[str, str],
                  old_bodies: dict[str, str] | None = None, new_bodies: dict[str, str] | None = None,
                  old_listings: dict[str, str] | None = None, new_listings: dict[str, str] | None = None,
                  *, allow_html: bool) -> set[str]:
    """Dependency keys hit by a change: the item's id, its summary and its folder's keys.

    An edit of the body alone (the usual save while previewing) hits only the item's id:
    lists, counts and derived values come from front matter, and every page that shows
    something taken from a body (an excerpt, a quote, a backlink from a citation, a
    readiness check on a case's text) names that item among its deps; pages showing the
    item as a card only (`~id`) are hit when its excerpt (under `allow_html`) changed. An edit of the front
    matter also hits the folder's `*folder` key, and its `#folder` key (the folder's list
    pages) only when what decides its lists changed (`item_listings`; None: assume so).
    """
    from .excerpts import excerpt

    keys: set[str] = set()
    for item_id in set(old) | set(new):
        before, after = old.get(item_id), new.get(item_id)
        if before == after:
            continue
        folder = (after or before)[0]  # type: ignore[index]
        if not folder:
            keys.add(ALL)
        elif _body_only(item_id, before, after, old_fronts, new_fronts):
            keys.add(item_id)
            if old_bodies is None or new_bodies is None or item_id not in old_bodies or item_id not in new_bodies \
                    or excerpt(old_bodies[item_id], allow_html) != excerpt(new_bodies[item_id], allow_html):
                keys.add(SUMMARY + item_id)
        else:
            keys.update({item_id, SUMMARY + item_id, f"*{folder}"})
            if folder in LISTING_FIELDS and (old_listings is None or new_listings is None
                                             or old_listings.get(item_id) != new_listings.get(item_id)):
                keys.add(LISTING + folder)
    return keys


def _body_only(item_id: str, before: tuple[str, str] | None, after: tuple[str, str] | None,
               old_fronts: dict[str, str], new_fronts: dict[str, str]) -> bool:
    """The item is still there, in the same folder, with the same front matter."""
    if before is None or after is None or before[0] != after[0] or item_id not in old_fronts:
        return False
    return old_fronts[item_id] == new_fronts.get(item_id)


def resolved(path: Path) -> Path:
    """`path` with its links followed, as far as they lead: before Python 3.13,
    `Path.resolve` raises on a link that loops, and a loop saved in the project (a content
    file, goalfolio.yaml, a theme's folder) is a problem the build reports where it is."""
    return Path(os.path.realpath(path))


def needs_full(project: Project, changed: set[Path]) -> bool:
    """A config change can touch every page: it is handled by a full render. (`changed`
    is resolved, as the config's path may be a symlink.)"""
    config = resolved(project.config_path)
    return any(p == config for p in changed)


def changed_templates(project: Project, changed: set[Path], theme: str) -> set[str]:
    """Names (as Jinja2 loads them) of the project's templates among the changed paths."""
    folder = resolved(project.themes_dir / theme / "templates")
    return {p.relative_to(folder).as_posix() for p in changed if folder in p.parents}


def static_users(project: Project, plans: dict[str, PagePlan], changed: set[Path], theme: str) -> set[str]:
    """Pages that copy a changed static file into themselves (deps key `@static/...`):
    edited, added, or deleted (then the page copies the file it falls back to)."""
    outputs = {output for output, source in static_files(project, theme).items() if resolved(source) in changed}
    for folder in theme_dirs(project, theme):
        root = resolved(folder / "static")
        outputs |= {"static/" + path.relative_to(root).as_posix() for path in changed if root in path.parents}
    keys = {STATIC_DEP + output for output in outputs}
    return {path for path, plan in plans.items() if plan.deps & keys} if keys else set()


def dirty_pages(old_plans: dict[str, PagePlan], plans: dict[str, PagePlan], keys: set[str]) -> set[str]:
    """The pages of `plans` to render again: new ones, and those whose deps, in the old plan
    or the new, hold one of the changed `keys` (see `changed_keys`)."""
    dirty = {path for path in plans if path not in old_plans}
    for path, plan in plans.items():
        old = old_plans.get(path)
        page_deps = plan.deps | (old.deps if old else frozenset())
        if keys and (ALL in keys or ALL in page_deps or page_deps & keys):
            dirty.add(path)
    return dirty


class Dependents:
    """The pages whose deps hold one of some keys, as `dirty_pages` finds them when the
    plan has not changed, from an index of the plan rather than a walk over it. The index
    is kept until the plan it was made from is replaced."""

    def __init__(self) -> None:
        self._index: tuple[dict[str, PagePlan], dict[str, set[str]]] | None = None

    def of(self, plans: dict[str, PagePlan], keys: set[str]) -> set[str]:
        if ALL in keys:
            return set(plans)
        if self._index is None or self._index[0] is not plans:
            index: dict[str, set[str]] = {}
            for path, plan in plans.items():
                for key in plan.deps:
                    index.setdefault(key, set()).add(path)
            self._index = (plans, index)
        index = self._index[1]
        return set().union(*(index.get(key, ()) for key in keys), index.get(ALL, ())) if keys else set()
