"""Links written in content to an item's own page (`evidence/launch/`), in a body or under
`links:`. A build writes them as written, so one to a page that no build makes, or to the
page of an item that some build showing the link hides, would publish a broken link, and in
the second case the hidden item's id with it. `[[id]]` is the way to point at an item: the
id is checked, and a build that cannot see the item shows the withheld text instead.

Both are errors, so no build ever writes such a link, and a page showing one need not
depend on the item it leads to.
"""

from __future__ import annotations

import difflib
import urllib.parse
from collections.abc import Callable

from .citations import WITHHELD
from .loader import Portfolio
from .models import Item

ITEM_PAGE_FOLDERS = ("goals", "evidence", "reviews", "cases")  # endorsements live on the wall
# Folders of the evidence index's pages (`evidence/kind/talk/`), beside the items' own
# pages: no page of their own, unless an item has the id.
_LISTING_FOLDERS = {"evidence": ("kind", "skill")}

PageLinkRule = Callable[[str], "tuple[str, str, str] | None"]  # target -> (code, message, hint)


def item_page_of(target: str) -> tuple[str, str] | None:
    """The (folder, id) of the item page a path from the site root leads to: `goals/lead/`,
    `goals/lead/index.html`, or `goals/lead` (which a server redirects to the folder)."""
    path = urllib.parse.unquote(target.split("#", 1)[0].split("?", 1)[0])
    parts = path.split("/")
    if len(parts) == 3 and parts[2] in ("", "index.html"):
        parts = parts[:2]
    if len(parts) != 2 or parts[0] not in ITEM_PAGE_FOLDERS or not parts[1] or "." in parts[1]:
        return None
    return parts[0], parts[1]


def page_link_rule(linking: Item | None, portfolio: Portfolio) -> PageLinkRule:
    """What is wrong with a link from `linking` (None: a file that did not load, whose
    visibility is not known) to a target, if it leads to an item page."""
    return lambda target: page_link_problem(target, linking, portfolio)


def page_link_problem(target: str, linking: Item | None, portfolio: Portfolio) -> tuple[str, str, str] | None:
    page = item_page_of(target)
    if page is None:
        return None
    folder, item_id = page
    items = portfolio.collection(folder)
    found = items.get(item_id)
    if found is None:
        if item_id in portfolio.unloaded:
            return None  # a file with errors of its own
        if item_id in _LISTING_FOLDERS.get(folder, ()):
            return ("broken-link", f"the link `{target}` leads to `{folder}/{item_id}/`, which is no page: only the folders in it are",
                    f"link to one {item_id}'s page, `{folder}/{item_id}/<name>/`, or to all of them at `{folder}/`")
        close = difflib.get_close_matches(item_id, list(items), n=1)
        hint = f"did you mean `{folder}/{close[0]}/`?" if close else f"check the ids in content/{folder}/, or cite an item as [[id]]"
        return ("broken-link", f"the link `{target}` leads to the page of `{item_id}`, and content/{folder}/ has no such item", hint)
    hidden_from = None if linking is None else linking.build_hiding(found)
    if hidden_from is None:
        return None
    return ("hidden-link", f"the link `{target}` leads to the page of a {_visibility(found)} item, which {hidden_from} does not make",
            f"cite it as `[[{item_id}]]` instead: a build that cannot see it shows \"{WITHHELD}\", never its id")


def _visibility(item: Item) -> str:
    return "private" if item.visibility == "private" else "non-public"
