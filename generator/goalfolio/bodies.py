"""The Markdown bodies of a build, each rendered once with the problems of its links, and
the preview's short way for the usual save.

`render_bodies` takes every body from the workers a cold build started, the cache, a pool
of workers or this process. The usual save while previewing changes only the bodies of
goals, evidence, endorsements or reviews, each citing the same items as before, in files
without problems. The site graph and the page plan come from front matter and citations,
so a build keeps both (`KeptBuild`): each edited item takes its new source in place and
its body is rendered (`body_edits`, `take_new_sources`); `Builder` then renders the pages
that show it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .assets import linked_assets
from .bodylinks import reference_problems
from .changes import changed_keys
from .config import Project
from .errors import Diagnostic
from .graph import SiteGraph
from .items import Item
from .loader import Portfolio, load_item
from .markdown import MarkdownRenderer, RenderedMarkdown
from .models import Case, Endorsement, Profile
from .namedelsewhere import anonymous_authors, candidates
from .namefold import folded_body
from .pagelinks import page_link_rule
from .parallel import CHUNKS_PER_WORKER, auto_jobs, render_markdown
from .parsecache import ParseCache, ValidatedItems
from .siteconfig import SiteConfig
from .urls import body_id, endorsement_anchor

# (the item as built, the item as the file now reads, its rendered body)
BodyEdit = tuple[Item, Item, RenderedMarkdown]


def render_bodies(portfolio: Portfolio, early: dict[str, tuple[str, RenderedMarkdown]], body_cache: dict[str, RenderedMarkdown],
                  jobs: int, audience: str | None) -> tuple[dict[str, RenderedMarkdown], list[Diagnostic]]:
    """Every item's rendered body by id, and the problems of the links in them. `early`:
    bodies the workers of a cold build rendered, by path, with the digest they read."""
    allow_html = portfolio.config.markdown.allow_html
    bodies: dict[str, RenderedMarkdown] = {}
    problems: list[Diagnostic] = []
    items = list(portfolio.items())
    keys = [body_key(item.id, item.source.digest, allow_html) for item in items]
    for key, item in zip(keys, items):
        found = early.get(item.source.path)
        if found is not None and found[0] == item.source.digest:
            body_cache[key] = found[1]
    missing = [(key, item) for key, item in zip(keys, items) if body_cache.get(key) is None]
    jobs = auto_jobs(len(items), jobs)
    if jobs > 1 and len(missing) >= 2 * jobs * CHUNKS_PER_WORKER:
        for (key, _), rendered in zip(missing, render_markdown([(body_id(i), i.body) for _, i in missing], allow_html, jobs)):
            body_cache[key] = rendered
    render_missing(items, body_cache, allow_html)
    for key, item in zip(keys, items):
        rendered = bodies[item.id] = body_cache[key]
        problems.extend(reference_problems(item.source.path, item.source.body_line, rendered.references, portfolio.assets,
                                           page_link_rule(item, portfolio), item.visible_to(audience)))
    return bodies, problems


def render_missing(items: Iterable[Item], body_cache: dict[str, RenderedMarkdown], allow_html: bool) -> None:
    """Render in this process the bodies of `items` that `body_cache` does not hold yet."""
    renderer: MarkdownRenderer | None = None
    for item in items:
        key = body_key(item.id, item.source.digest, allow_html)
        if body_cache.get(key) is None:
            renderer = renderer or MarkdownRenderer(allow_html)
            body_cache[key] = renderer.render(item.body, body_id(item))


def body_key(item_id: str, digest: str, allow_html: bool) -> str:
    """An item's rendered body in the body cache: by id, as its anchors are made from it."""
    return f"{__version__}:{allow_html}:{item_id}:{digest}"


def keep_bodies_of(portfolio: Portfolio, body_cache: dict[str, RenderedMarkdown]) -> None:
    """Forget the bodies of the versions of files the portfolio no longer holds: the
    preview kept every version of every body saved, for as long as it ran."""
    allow_html = portfolio.config.markdown.allow_html
    wanted = {body_key(item.id, item.source.digest, allow_html) for item in portfolio.items()}
    for key in [key for key in body_cache if key not in wanted]:
        del body_cache[key]


@dataclass
class KeptBuild:
    """What a build without problems keeps in memory for the next save (Builder._body_edits)."""

    config: SiteConfig
    portfolio: Portfolio
    graph: SiteGraph
    bodies: dict[str, RenderedMarkdown]
    problems: list[Diagnostic]  # warnings only
    items: dict[str, Item] = field(init=False)  # by path as shown

    def __post_init__(self) -> None:
        self.items = {item.source.path: item for item in self.portfolio.items()}


def body_edits(project: Project, changed: set[Path], kept: KeptBuild, digests: dict[str, tuple[str, str]],
               parse_cache: ParseCache | None, body_cache: dict[str, RenderedMarkdown], audience: str | None) -> list[BodyEdit] | None:
    """The edits of a save that changed only bodies, one per changed path; None when one
    of them is more than that, and the save takes the full way."""
    edits = []
    for path in sorted(changed):
        edit = body_edit(project, path, kept, digests, parse_cache, body_cache, audience)
        if edit is None:
            return None
        edits.append(edit)
    return edits


def body_edit(project: Project, path: Path, kept: KeptBuild, digests: dict[str, tuple[str, str]], parse_cache: ParseCache | None,
              body_cache: dict[str, RenderedMarkdown], audience: str | None) -> BodyEdit | None:
    """(the item as built, the item as the file now reads, its rendered body), or None
    when the file's change is more than a body edit (see the module's docstring)."""
    shown = project.display(path)
    old = kept.items.get(shown)
    if old is None or isinstance(old, (Case, Profile)) or any(d.path == shown for d in kept.problems):
        return None
    new, problems = load_item(project, digests[old.id][0], path, parse_cache)
    allow_html = kept.config.markdown.allow_html
    if new is None or problems or type(new) is not type(old) or new.id != old.id \
            or new.source.front_matter.text != old.source.front_matter.text or _cited(new, allow_html) != _cited(old, allow_html) \
            or _shares_an_anchor(new, kept.portfolio) or _may_name_an_anonymous_author(new, kept.portfolio):
        return None
    key = body_key(new.id, new.source.digest, allow_html)
    rendered = body_cache.get(key)
    if rendered is None:
        rendered = body_cache[key] = MarkdownRenderer(allow_html).render(new.body, body_id(new))
    if reference_problems(new.source.path, new.source.body_line, rendered.references, kept.portfolio.assets,
                          page_link_rule(old, kept.portfolio), old.visible_to(audience)) or linked_assets(rendered, kept.portfolio.own_address) != linked_assets(kept.bodies[old.id], kept.portfolio.own_address):
        return None  # which assets a build publishes may change (see `assets.published_assets`)
    return old, new, rendered


def take_new_sources(edits: list[BodyEdit], kept: KeptBuild, validated: ValidatedItems,
                     digests: dict[str, tuple[str, str]], fronts: dict[str, str], bodies: dict[str, str],
                     ) -> tuple[set[str], dict[str, tuple[str, str]], dict[str, str]]:
    """Give each built item its new source and rendered body. Returns the dependency keys
    the edits hit, and the items' new digests and bodies, which the builder records only
    once their pages are rendered: a failed save leaves the change for the next build."""
    ids = [old.id for old, _, _ in edits]
    old_digests, old_fronts, old_bodies = {i: digests[i] for i in ids}, {i: fronts[i] for i in ids}, {i: bodies[i] for i in ids}
    for old, new, rendered in edits:
        folder = digests[old.id][0]
        if new is not old:
            # The built item, referenced from the graph, the plans and the views, takes
            # the new source; the cache then knows it by the new digest only.
            validated.pop((folder, old.source.path, old.source.digest), None)
            old._source = new.source
            validated[(folder, old.source.path, old.source.digest)] = (old, [])
        kept.bodies[old.id] = rendered
    kept.graph.memo.clear()  # views hold excerpts and quotes
    new_digests = {old.id: (digests[old.id][0], old.source.digest) for old, _, _ in edits}
    new_bodies = {old.id: old.body for old, _, _ in edits}
    keys = changed_keys(old_digests, new_digests, old_fronts, old_fronts, old_bodies, new_bodies,
                        allow_html=kept.config.markdown.allow_html)
    return keys, new_digests, new_bodies


def _shares_an_anchor(item: Item, portfolio: Portfolio) -> bool:
    """An anonymous endorsement whose body now shows what another one shows: its anchor,
    a hash of what is shown, is the other's, which `check_references` reports."""
    if not isinstance(item, Endorsement) or not item.is_anonymous:
        return False
    anchor = endorsement_anchor(item)
    return any(other.id != item.id and other.is_anonymous and endorsement_anchor(other) == anchor
               for other in portfolio.endorsements.values() if isinstance(other, Endorsement))


def _may_name_an_anonymous_author(item: Item, portfolio: Portfolio) -> bool:
    """A body that may now name an anonymous endorsement's author: `named_elsewhere`, which
    a full build runs, tells whether it does (a body that named one before has its warning
    in the kept problems, and takes the full way too)."""
    authors = anonymous_authors(portfolio)
    return bool(authors) and bool(candidates([folded_body(item.body)], authors))


def _cited(item: Item, allow_html: bool) -> tuple[str, ...]:
    """The items a body cites, in the order the site graph links them."""
    return tuple(dict.fromkeys(c.target for c in item.source.citations(allow_html)))
