"""How pages word an item: its title, the mark of an item that is not public, its excerpt
with the items it cites named, an endorsement's quote, a share as a percentage, and a
message's `names` as code.

One wording for every page, card, feed entry, description and portfolio.json field, from
the site graph, which holds only the items the build's audience may see: a cited item the
build does not hold is never named, and an anonymous endorser never is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from ..charts import short_date, whole_percent
from ..citations import WITHHELD
from ..excerpts import CITED, with_titles
from ..graph import OWNER, SiteGraph
from ..items import Item
from ..models import Case, Endorsement, Evidence, Goal, Profile, Review


def visibility_mark(item: Item, graph: SiteGraph) -> str:
    """How a build labels an item that is not public; empty for public items. The owner's
    view names every audience of the item, an audience's build its own only: the others'
    names (`acme-recruiter`) are not its readers' to know."""
    if item.visibility == "private":
        return "Private"
    if isinstance(item.visibility, list):
        return "Only for " + ", ".join(item.visibility if graph.audience is OWNER else [graph.audience])
    return ""


def percent(share: float | None) -> str:
    return "—" if share is None else f"{whole_percent(share)}%"


def item_title(item: Item) -> str:
    """How an item is named in links and lists; anonymous endorsers stay unnamed."""
    if isinstance(item, (Goal, Evidence, Case)):
        return item.title
    if isinstance(item, Endorsement):
        who = item.role if item.is_anonymous else item.author
        return f"Endorsement from {who}"
    if isinstance(item, Review):
        return f"Review of {short_date(item.date)}"
    if isinstance(item, Profile):
        return item.name
    return item.id


def shown_excerpt(item: Item, graph: SiteGraph) -> str:
    """An item's excerpt (`Source.excerpt`) as this build shows it. It is kept per body, the
    same for every page and audience, so it names a cited item by a mark; here it becomes
    the item's title, or the words the body shows when the build does not hold the item (a
    private one in a public build). Every page, feed entry, description and portfolio.json
    field showing such text takes it from here."""
    text = item.source.excerpt(graph.portfolio.config.markdown.allow_html)
    return with_titles(text, lambda item_id: _cited_name(item_id, graph))


def _cited_name(item_id: str, graph: SiteGraph) -> str:
    target = graph.find(item_id)
    return WITHHELD if target is None else item_title(target)


def endorsement_quote(endorsement: Endorsement, graph: SiteGraph) -> str:
    """The endorsement's `quote` as written, else its body's first sentence as shown."""
    return endorsement.quote or shown_excerpt(endorsement, graph)


def cited_in(items: Iterable[Item], graph: SiteGraph) -> list[Item]:
    """The items the excerpts of `items` name by a mark that this build holds: a page
    showing those texts lists them in its `summaries` deps (a cited item going out of view
    changes its front matter, and with it the plan)."""
    allow_html = graph.portfolio.config.markdown.allow_html
    return [target for item in items if "\ufdd0" in (text := item.source.excerpt(allow_html))
            for cited_id in CITED.findall(text) if (target := graph.find(cited_id)) is not None]


_CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(text: str) -> Markup:
    """Messages name fields and values `like this` for the terminal; a page shows those
    names in <code>, not the backticks."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(text))))
