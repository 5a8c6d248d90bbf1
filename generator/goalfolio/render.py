"""Render planned pages to bytes: templates receive ready data plus a few presentation
helpers bound to the page (relative `url`, localized Markdown `body`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .citations import WITHHELD
from .disclosure import showing
from .graph import SiteGraph
from .items import Item
from .links import leaves_the_site
from .markdown import RenderedMarkdown, localize
from .models import Endorsement
from .pagelinks import item_page_of
from .pages import PagePlan
from .renderfailures import project_template_failure, unwritable_page_failure
from .sitepages.common import NavLink
from .sitepages.wording import item_title
from .urls import PageLinks, absolute_url, item_path

# Inside a tag, outside its quoted values: text that shows `<a href=/x>` (a code span, raw
# HTML shown as text) is escaped, and so no tag.
ROOT_ABSOLUTE_RE = re.compile(r"""<[A-Za-z](?:[^>"']|"[^"]*"|'[^']*')*?(?P<link>\s(?:href|src|action|poster)\s*=\s*["']?/(?!/))""")
# Every match of ROOT_ABSOLUTE_RE contains a match of this one, which starts with a literal
# and so is found by a fast scan; the full pattern (slow on long pages) runs only on a hit.
_ROOT_ABSOLUTE_HINT = re.compile(r"""=\s*["']?/(?!/)""")
HEADING_RE = re.compile(r"<(/?)h([1-6])\b")


class RootAbsoluteLinkError(Exception):
    """A page links to `/something`: it would break under a `/repo/` prefix and from disk."""


class PageRenderer:
    def __init__(self, env: jinja2.Environment, graph: SiteGraph, bodies: dict[str, RenderedMarkdown], shared: dict[str, Any]) -> None:
        self.env = env
        self.graph = graph
        self.bodies = bodies
        self.shared = shared
        self.paths: dict[str, str] = {}  # item id -> item_path: the same on every page that links it
        self.links: dict[tuple[str, str | None], dict[str, str]] = {}  # see PageLinks

    def render(self, plan: PagePlan) -> bytes:
        if plan.produce is not None:
            return plan.produce(self.graph)
        template = self.env.get_template(plan.template)
        context = {**self.shared, **plan.context(), **self._helpers(plan)}
        try:
            with showing(self._shows):
                html = template.render(context)
        except jinja2.TemplateSyntaxError:
            raise
        except Exception as exc:  # an undefined name too: a worker sends it back without the traceback that locates it
            failed = project_template_failure(exc, self.graph.portfolio.project.themes_dir, self.env, plan.template)
            if failed is None:
                raise
            raise failed from None
        found = ROOT_ABSOLUTE_RE.search(html) if _ROOT_ABSOLUTE_HINT.search(html) else None
        if found:
            raise RootAbsoluteLinkError(f"{plan.path} has a root-absolute link: {found.group('link').strip()}")
        try:
            return html.encode("utf-8")
        except UnicodeEncodeError:
            with showing(self._shows):
                unwritable = unwritable_page_failure(template, context, self.graph.portfolio.project.themes_dir, self.env)
            if unwritable is None:
                raise
            raise unwritable from None

    def _helpers(self, plan: PagePlan) -> dict[str, Any]:
        here = plan.path
        base_url = self.graph.portfolio.config.base_url

        # A page served at unknown depths (404.html) links from the site root instead.
        link_from = "index.html" if plan.links_from_root else here
        links = PageLinks(link_from, self.links)
        absolute = bool(base_url) and link_from != here

        def url(target: Item | str) -> str:
            path = target if type(target) is str or not isinstance(target, Item) else self._item_path(target)
            return absolute_url(base_url, path) if absolute else links(path)

        def link(href: str) -> str:
            """A link written in content: a web or mail address as written, a relative one from
            the site root (a folder's as its index.html, as every link of the site is written)."""
            if leaves_the_site(href):
                return href
            target, hashmark, anchor = href.partition("#")
            path, question, query = target.partition("?")
            if not path.endswith(("/", "index.html")) and item_page_of(path) is not None:
                path += "/"  # `goals/lead`: an item's page is a folder, opened from disk too
            return url(path + ("index.html" if path.endswith("/") else "")) + question + query + hashmark + anchor

        def body(item: Item, heading_offset: int = 0) -> Markup:
            """The item's Markdown as HTML; `heading_offset` nests its headings under the page's own."""
            rendered = self.bodies.get(item.id)
            if rendered is None:
                return Markup("")
            html = localize(rendered.html, self._citation(links), link, self._cited_text)
            if heading_offset:
                html = HEADING_RE.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + heading_offset, 6)}", html)
            return Markup(html)

        return {
            "page": plan.shown(),
            "url": url,
            "link": link,
            "nav_links": self._nav(here, url),
            "body": body,
            "title_of": item_title,
            "canonical_url": absolute_url(base_url, here) if base_url else "",
            "absolute": lambda path: absolute_url(base_url, path),
        }

    def _nav(self, here: str, url: Callable[[str], str]) -> list[tuple[NavLink, str, str]]:
        """(link, href, aria-current value or "") per navigation link of the page at `here`.

        Every page has the whole navigation, so it is worked out here rather than by
        seven `url()` calls and string tests in the template."""
        links = []
        for link in self.shared["nav"]:
            current = "page" if link.path == here else "true" if link.section and here.startswith(link.section + "/") else ""
            links.append((link, url(link.path), current))
        return links

    def _shows(self, item_id: str) -> bool:
        """Whether a template may print `item_id`: an item this build shows, not by the file
        name of an anonymous endorsement."""
        target = self.graph.find(item_id)
        return target is not None and not (isinstance(target, Endorsement) and target.is_anonymous)

    def _item_path(self, item: Item) -> str:
        found = self.paths.get(item.id)
        if found is None:
            found = self.paths[item.id] = item_path(item)
        return found

    def _cited_text(self, target_id: str) -> str:
        """A citation in raw HTML, where a link may not go (an attribute, a comment): the
        title as text, or the withheld text."""
        target = self.graph.find(target_id)
        return str(escape(item_title(target) if target is not None else WITHHELD))

    def _citation(self, links: PageLinks) -> Callable[[str], str]:
        def resolve(target_id: str) -> str:
            target = self.graph.find(target_id)
            if target is None:
                return f'<span class="citation citation-withheld">{WITHHELD}</span>'
            href = escape(links(self._item_path(target)))
            return f'<a class="citation" href="{href}">{escape(item_title(target))}</a>'

        return resolve
