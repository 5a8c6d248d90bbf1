"""What a build publishes besides its pages: the theme's static files, and the files of
content/assets/ that the build's audience may see. Which assets an item links to is
worked out here too, so a preview's body edit can tell whether that set changed."""

from __future__ import annotations

import os

from .config import Project
from .graph import SiteGraph
from .items import Item
from .links import named_asset, on_own_site
from .loader import Portfolio
from .markdown import RenderedMarkdown
from .models import Evidence, Profile
from .templating import static_files


def published_assets(project: Project, portfolio: Portfolio, graph: SiteGraph,
                     bodies: dict[str, RenderedMarkdown]) -> list[str]:
    """The files of content/assets/ a build publishes: all but those that only items hidden
    from it link to (in the body or under `links:`), such as the scan a private evidence item
    shows. A file nothing links to is published, as content/assets/ promises, unless a symlink
    makes it the same file as one withheld: the same bytes under another name. The profile's
    photo is always shown."""
    shown: dict[str, bool] = {}
    base_url = portfolio.own_address
    for item in portfolio.items():
        visible = isinstance(item, Profile) or graph.find(item.id) is not None
        for name in linked_assets(bodies[item.id], base_url) | _listed_assets(item, base_url):
            shown[name] = shown.get(name, False) or visible
    withheld = {_real_file(project, asset) for asset in portfolio.assets if shown.get(asset) is False}
    return [asset for asset in portfolio.assets if _published(project, asset, shown, withheld)]


def _published(project: Project, asset: str, shown: dict[str, bool], withheld: set[str]) -> bool:
    if asset in shown:
        return shown[asset]
    return not withheld or _real_file(project, asset) not in withheld


def _real_file(project: Project, asset: str) -> str:
    return os.path.realpath(project.content_dir / "assets" / asset)


def linked_assets(rendered: RenderedMarkdown, base_url: str) -> set[str]:
    """Files of content/assets/ that a rendered body links to, also by the site's own
    address (`base_url`)."""
    return {name for reference in rendered.references if (name := _asset_at(reference.target, base_url)) is not None}


def _listed_assets(item: Item, base_url: str) -> set[str]:
    """Files of content/assets/ that an item's front matter shows: its `links:`, and the
    profile's photo (named as listed, as `graph` checks it)."""
    links = item.links if isinstance(item, (Evidence, Profile)) else []
    found = {name for link in links if (name := _asset_at(link.url, base_url)) is not None}
    if isinstance(item, Profile) and item.photo:
        found.add(os.fsdecode(item.photo.encode()))
    return found


def _asset_at(target: str, base_url: str) -> str | None:
    """The file of content/assets/ a link leads to: written from the site root or a page, or
    as an address on the site's own (a private item's scan linked as
    `https://me.example/portfolio/assets/scan.pdf` is that file on the published site)."""
    name = named_asset(target)
    if name is None and (path := on_own_site(target, base_url)) is not None:
        return named_asset(path)
    return name


def copy_static(project: Project, theme: str, files: dict[str, bytes], assets: list[str]) -> None:
    """Put the theme's static files and the published `assets` into `files`, and take out
    those an earlier build put there that this one does not publish."""
    for output, source in static_files(project, theme).items():
        files[output] = source.read_bytes()
    for asset in assets:
        files["assets/" + asset] = (project.content_dir / "assets" / asset).read_bytes()
    wanted = {f"assets/{a}" for a in assets} | set(static_files(project, theme))
    for path in [p for p in files if p.startswith(("static/", "assets/")) and p not in wanted]:
        del files[path]
