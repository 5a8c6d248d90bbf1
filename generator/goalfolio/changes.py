"""Which pages a change touches: item digests, front matter and bodies before and after,
turned into dependency keys, and the pages whose templates use a changed template."""

from __future__ import annotations

import jinja2

from .loader import Portfolio
from .pages import ALL, LISTING, LISTING_FIELDS, SUMMARY, PagePlan
from .templating import template_closure
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
                  old_listings: dict[str, str] | None = None, new_listings: dict[str, str] | None = None) -> set[str]:
    """Dependency keys hit by a change: the item's id, its summary and its folder's keys.

    An edit of the body alone (the usual save while previewing) hits only the item's id:
    lists, counts and derived values come from front matter, and every page that shows
    something taken from a body (an excerpt, a quote, a backlink from a citation, a
    readiness check on a case's text) names that item among its deps; pages showing the
    item as a card only (`~id`) are hit when its excerpt changed. An edit of the front
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
                    or excerpt(old_bodies[item_id]) != excerpt(new_bodies[item_id]):
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
