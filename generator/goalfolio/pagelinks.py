"""Links written in content to an item's own page (`evidence/launch/`), in a body or under
`links:`. A build writes them as written, so one to a page that no build makes, or to the
page of an item that some build showing the link hides, would publish a broken link, and in
the second case the hidden item's id with it. `[[id]]` is the way to point at an item: the
id is checked, and a build that cannot see the item shows the withheld text instead.

Both are errors, so no build ever writes such a link, and a page showing one need not
depend on the item it leads to. A link written from the page's own folder (`../secret/`),
in raw HTML, or as an address on the site's own (`https://me.example/evidence/secret/`,
where the site's address is known) is written as it is too: one that leads to a hidden
item's page, or to a hidden or anonymous endorsement on the wall by its id, is refused as
well.
"""

from __future__ import annotations

import difflib
import posixpath
import urllib.parse
from collections.abc import Callable

from .citations import WITHHELD
from .items import Item
from .links import as_browsers_read, is_site_path, on_own_site
from .loader import Portfolio
from .models import Endorsement
from .urls import item_path

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
    if not is_site_path(target):
        return hidden_link_problem(target, linking, portfolio)
    wall = _wall_problem(target, target, linking, portfolio)
    if wall is not None:
        return wall
    page = item_page_of(target)
    if page is None:
        return _no_such_page(target, linking, portfolio)
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


SECTIONS = ("goals", "progress", "evidence", "endorsements", "reviews", "cases")  # the site's top folders of pages
_FILE_FOLDERS = ("assets", "static")


def _no_such_page(target: str, linking: Item | None, portfolio: Portfolio) -> tuple[str, str, str] | None:
    """A link to a page the site never has: outside its sections (`about/`), or to the page
    of a kind or skill of evidence that no evidence shown with the linking item has (only
    those are made). Files are checked by `links.unmade_file`. A browser reads `./` and
    servers read `//` as nothing, so those are left out first."""
    path = urllib.parse.unquote(target.split("#", 1)[0].split("?", 1)[0])
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if parts[-1:] == ["index.html"]:
        parts = parts[:-1]
    if parts == ["sitemap.xml"]:
        return _sitemap_problem(target, linking, portfolio)
    if not parts or "." in parts[-1] or parts[0] in _FILE_FOLDERS:
        return None
    if parts[0] not in SECTIONS:
        close = difflib.get_close_matches(parts[0], SECTIONS, n=1)
        hint = f"did you mean `{close[0]}/`?" if close else \
            f"the site's pages are the dashboard and those under {', '.join(f'`{s}/`' for s in SECTIONS)}; cite an item as [[id]]"
        return "broken-link", f"the link `{target}` leads to no page of the site", hint
    if len(parts) == 3 and parts[0] == "evidence" and parts[1] in _LISTING_FOLDERS["evidence"]:
        return _listing_problem(target, parts[1], parts[2], linking, portfolio)
    return _too_deep(target, parts, portfolio)


def _sitemap_problem(target: str, linking: Item | None, portfolio: Portfolio) -> tuple[str, str, str] | None:
    """Only the public build of a site with an address writes sitemap.xml: builds for an
    audience and `--all` keep search engines away. A warning where the build that is
    published may have it (`--base-url` gives the address); an error from an item that
    build does not show, as no build showing the link has the sitemap."""
    if linking is not None and not linking.is_public:
        return ("broken-link",
                f"the link `{target}` leads to the sitemap, which only the public build writes, and that build does not show this item",
                "remove the link: builds for an audience and --all keep search engines away, so they have no sitemap")
    if not portfolio.config.base_url:
        return ("no-sitemap", f"the link `{target}` leads to the sitemap, which a build writes only for a site with an address",
                "set base_url in goalfolio.yaml, or build with --base-url as the Pages workflow does; or remove the link")
    if linking is not None and portfolio.config.audiences:
        return ("no-sitemap", f"the link `{target}` leads to the sitemap, which only the public build writes: the build for "
                f"`{portfolio.config.audiences[0]}` shows this item with the link broken",
                "remove the link: builds for an audience keep search engines away, so they have no sitemap")
    return None


def _too_deep(target: str, parts: list[str], portfolio: Portfolio) -> tuple[str, str, str] | None:
    """A folder below any page of its section (`goals/lead/notes/`, `endorsements/jo/`):
    no build writes a page there, so the link would be broken on every page showing it.
    Pages go as deep as `progress/`, `goals/<id>/` and `evidence/kind/<kind>/`."""
    if ".." in parts:
        return None
    listing = parts[0] == "evidence" and len(parts) > 2 and parts[1] in _LISTING_FOLDERS["evidence"]
    depth = 3 if listing else 1 if parts[0] in ("progress", "endorsements") else 2
    if len(parts) <= depth:
        return None
    if parts[0] == "endorsements" and parts[1] in portfolio.endorsements:
        hint = f"endorsements have no page of their own: cite it as `[[{parts[1]}]]`, which leads to its place on the wall"
    else:
        hint = f"did you mean `{'/'.join(parts[:depth])}/`?"
    return "broken-link", f"the link `{target}` leads to no page of the site", hint


def _listing_problem(target: str, listing: str, name: str, linking: Item | None,
                     portfolio: Portfolio) -> tuple[str, str, str] | None:
    """`evidence/kind/<kind>/` and `evidence/skill/<skill>/` exist in a build only for the
    kinds and skills of the evidence it shows, so the link needs its page in each build
    showing the linking item. Each build is asked on its own: an item for the manager and
    the committee may link to a skill that each build has from evidence of its own."""
    from .urls import skill_slug

    views: list[str | None] = [None] if linking is None else linking.reader_views()
    for view in views:
        shown = [e for e in portfolio.evidence.values() if e.visible_to(view)]
        present: set[str] = {e.kind for e in shown} if listing == "kind" else {skill_slug(s) for e in shown for s in e.skills}
        if name not in present:
            return _unlisted(target, listing, name, present, f" in the build for `{view}`" if len(views) > 1 else "")
    return None


def _unlisted(target: str, listing: str, name: str, present: set[str], where: str) -> tuple[str, str, str]:
    """The problem of a link to the page of a kind or skill that a build (`where`, when the
    linking item is in several) does not make, given those it does (`present`)."""
    from .fieldtypes import EVIDENCE_KINDS
    from .urls import skill_slug

    if listing == "skill" and skill_slug(name) in present:
        return ("broken-link", f"the link `{target}` leads to no page: the skill's page is `evidence/skill/{skill_slug(name)}/`",
                f"link to `evidence/skill/{skill_slug(name)}/`: a skill's page is named as lower case letters, "
                "digits and hyphens (`C++` as `c-plus-plus`), or by a hash of letters that are not Latin")
    if listing == "kind" and name in EVIDENCE_KINDS:
        article = "an" if name[0] in "aeiou" else "a"
        return ("broken-link", f"the link `{target}` leads to no page: no evidence shown with this item{where} is {article} {name}",
                "a kind's page lists its evidence, and it has none to list; link to all the evidence at `evidence/`")
    close = difflib.get_close_matches(name, EVIDENCE_KINDS if listing == "kind" else sorted(present), n=1)
    hint = f"did you mean `evidence/{listing}/{close[0]}/`?" if close else "link to all the evidence at `evidence/`"
    what = "a kind of evidence" if listing == "kind" else f"a skill of any evidence shown with this item{where}"
    return "broken-link", f"the link `{target}` leads to no page: `{name}` is not {what}", hint


def hidden_link_problem(target: str, linking: Item | None, portfolio: Portfolio) -> tuple[str, str, str] | None:
    """What is wrong with a link written as it is, from the page's own folder, in raw HTML,
    or as an address on the site's own (`https://me.example/portfolio/evidence/x/`, see
    `links.on_own_site`), or by `https:` without `//`, which a page of that scheme reads as
    the address after the colon (`https:../secret/`): only that it names a hidden item, read
    from the site root with `./` and `../` dropped and, but for an address on the site's own,
    from the linking item's folder (a
    broken one is left to the browser: an address on the site's host may be another site's,
    as `https://me.github.io/other-project/` is)."""
    if linking is None:
        return None
    own = on_own_site(target, portfolio.own_address)
    read = as_browsers_read(target, on_same_scheme=True) if own is None else as_browsers_read(own)
    if read is None:
        return None
    path, ending = read
    ending = ("/" if path.endswith("/") else "") + ending  # kept, as normpath drops it
    for folder in ("",) if own is not None else ("", posixpath.dirname(item_path(linking))):
        candidate = posixpath.normpath(posixpath.join("/", folder, path)).lstrip("/") + ending
        found = _wall_problem(candidate, target, linking, portfolio)
        if found is None and is_site_path(candidate):
            found = page_link_problem(candidate, linking, portfolio)
        if found is not None and found[0] == "hidden-link":
            return found[0], found[1].replace(f"`{candidate}`", f"`{target}`", 1), found[2]
    return None


def _wall_problem(target: str, written: str, linking: Item | None, portfolio: Portfolio) -> tuple[str, str, str] | None:
    """A link to an endorsement's place on the wall by its id (`endorsements/#id`): the
    wall shows a hidden one to no build that shows the link, and an anonymous one under an
    anchor of its own, so the link would publish a hidden id or the author's file name."""
    path, _, anchor = target.partition("#")
    if linking is None or path not in ("endorsements", "endorsements/", "endorsements/index.html"):
        return None
    found = portfolio.endorsements.get(urllib.parse.unquote(anchor))
    if found is None:
        return None
    hidden_from = linking.build_hiding(found)
    if hidden_from is not None:
        return ("hidden-link", f"the link `{written}` leads to a {_visibility(found)} endorsement, which {hidden_from} does not show",
                f"cite it as `[[{found.id}]]` instead: a build that cannot see it shows \"{WITHHELD}\", never its id")
    if isinstance(found, Endorsement) and found.is_anonymous:
        return ("hidden-link", f"the link `{written}` names an anonymous endorsement by its file name, which the wall never shows",
                f"cite it as `[[{found.id}]]` instead: the citation leads to its place on the wall")
    return None


def _visibility(item: Item) -> str:
    return "private" if item.visibility == "private" else "non-public"
