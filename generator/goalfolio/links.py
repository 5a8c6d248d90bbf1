"""How goalfolio reads a link written in content, in a body or under `links:`: one that
leaves the site (a scheme, or only an anchor) is used as written; any other is a path from
the site root, which each page turns into a link relative to itself.

A leaf module, without the models or markdown-it: the Markdown workers, the site graph's
checks and the pages all read links the same way.
"""

from __future__ import annotations

import os
import urllib.parse

# `../assets/` forms are what a body written for one page depth would use; they name the
# same files.
ASSET_PREFIXES = ("assets/", "../assets/", "../../assets/")


def leaves_the_site(href: str) -> bool:
    """A link with a scheme (`https:`, `mailto:`) or only an anchor is used as written."""
    return href.startswith("#") or ":" in href.split("/", 1)[0]


def is_site_path(href: str) -> bool:
    """A path from the site root (`goals/lead-team/`, `assets/slides.pdf`). Not one from a
    page's own folder (`./x`, `../x`), which differs from page to page, nor one from the
    server's root (`/x`, refused elsewhere), nor a query alone."""
    return bool(href) and not leaves_the_site(href) and not href.startswith(("/", ".", "?"))


def may_link(body: str) -> bool:
    """Only a body with `](` (a link or an image) or `]:` (a reference definition) can link
    to a file or a page of the site (autolinks need a scheme): the others need not be
    searched for links."""
    return "](" in body or "]:" in body


def asset_name(target: str) -> str | None:
    """The file in content/assets/ that a link or image target names, or None.

    markdown-it percent-encodes targets (`my%20slides.pdf`) as UTF-8; the name is decoded
    as the file system decodes the names it lists, so `café.svg` is found in any locale."""
    for prefix in ASSET_PREFIXES:
        if target.startswith(prefix):
            return os.fsdecode(urllib.parse.unquote_to_bytes(target[len(prefix):].split("#")[0].split("?")[0]))
    return None
