"""Whether a page kept in the build cache is still the page a build would render: its
fingerprint, from what each of its dependency keys stands for in this build, by the rule
the preview server follows in memory (`changes.changed_keys`).
"""

from __future__ import annotations

import hashlib
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
from .ignorednames import is_ignored

if TYPE_CHECKING:
    from .build import BuildOptions
    from .changes import ItemTexts
    from .config import Project
    from .graph import SiteGraph
    from .loader import Portfolio
    from .siteconfig import SiteConfig


def theme_digest(themes: list[Path]) -> str:
    """One digest of every file of the theme folders (templates and static files), which
    every page's fingerprint holds."""
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


def page_values(project: Project, options: BuildOptions, portfolio: Portfolio, config: SiteConfig, graph: SiteGraph,
                known: ItemTexts) -> PageValues:
    """The values of a build's pages. Behind every page are goalfolio's code, the build's
    audience and address, the config, the date it computes against and the content assets
    it may publish, with the theme and the profile (`PageValues.common`)."""
    themes = [project.themes_dir, builtin_themes_dir()]
    base = f"{generator_fingerprint()}|{options.audience}|{options.base_url}|{config.model_dump_json()}|{graph.today}|{portfolio.assets}"
    return PageValues(known.digests, known.listings, portfolio, themes, base)


def values_to_keep(values: PageValues | None) -> PageValues | None:
    """The page values to keep the rendered pages under; None (kept unusable, and no
    whole build recorded) when the theme was saved while they were rendered: the
    environment may have compiled either version of a template, and a page inlines a
    static file as it reads it then."""
    return None if values is None or values.theme_saved_since() else values
