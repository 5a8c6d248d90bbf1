"""The build: content → model → site graph → page plan → rendered files, in memory.

`Builder` keeps what it made between runs, so the preview server can ask for an
incremental build with the paths that changed: unchanged files are not parsed again,
bodies are not rendered again, and only pages whose dependencies changed are rendered.
`oneshot.build_site`, behind `goalfolio build`, builds once and writes the site atomically.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .assets import copy_static, published_assets
from .bodies import BodyEdit, KeptBuild, body_edits, render_bodies, render_missing, take_new_sources
from .cache import BuildCache, project_fingerprint, view_name
from .cachefiles import CacheTable
from .changes import (
    Dependents,
    ItemTexts,
    changed_keys,
    changed_templates,
    dirty_pages,
    item_texts,
    needs_full,
    resolved,
    static_users,
    template_users,
)
from .config import Project
from .earlywork import EarlyWork, early_work
from .errors import Diagnostic, UserError, has_errors
from .graph import PUBLIC, SiteGraph, build_graph, today_of
from .loader import Portfolio, load_portfolio
from .markdown import RenderedMarkdown
from .pagefingerprints import page_values, values_to_keep
from .pages import PagePlan, plan_site
from .parallel import auto_jobs, render_pages
from .parsecache import ValidatedItems
from .pipeline import (
    body_problems,
    has_own_theme,
    load_build_config,
    own_theme_problems,
    portfolio_problems,
)
from .render import PageRenderer, RootAbsoluteLinkError
from .reuse import (
    PREVIEW_PAGES,
    MemoryParseCache,
    Remembered,
    forget_other_versions,
    forget_replaced,
    keep_build,
    keep_pages,
    leave_warm_start,
    reuse_page,
)
from .siteconfig import SiteConfig
from .sitepages import fill_views
from .templatecache import load_templates, template_cache
from .templating import make_environment
from .themeerrors import (
    StaticLink,
    compile_own_templates,
    static_link_problems,
    static_links,
    stopping_template_problems,
    theme_link_error,
    theme_problems,
)
from .writer import StreamingSite


@dataclass
class BuildOptions:
    audience: str | None = PUBLIC  # None is the owner's view: everything, marked
    base_url: str | None = None  # overrides goalfolio.yaml
    jobs: int = 1  # worker processes; 0 chooses: one for small sites, every CPU for large ones
    cache: bool = False  # keep and reuse .goalfolio-cache/ in the project (see cache.py)
    # The input fingerprint (cache.project_fingerprint) the caller has just worked out, used
    # by the first build only instead of reading every input again. Inputs that changed
    # since give the next build another fingerprint, so they are never missed.
    fingerprint: str | None = None
    read: dict[str, str] | None = None  # the content digests it read (see BuildCache.read)
    # Without `cache` (the preview): start from the build cache's parsed files, validated
    # items and rendered bodies, which every view shares, and leave them there after the
    # first build that succeeds; then work from memory only.
    warm: bool = False
    # The preview's: `base_url` is its own address, which its pages link to; links in content
    # are read by goalfolio.yaml's (`Portfolio.own_address`), as `check` and builds read them.
    local_address: bool = False


@dataclass
class BuildResult:
    files: dict[str, bytes]
    diagnostics: list[Diagnostic]
    changed: list[str] = field(default_factory=list)  # output paths added, changed or removed
    pages: int = 0
    rendered: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


class Builder:
    """Builds one project for one audience, remembering enough to rebuild incrementally."""

    def __init__(self, project: Project, options: BuildOptions | None = None) -> None:
        self.project = project
        self.options = options or BuildOptions()
        self.warm = BuildCache(project.root, PREVIEW_PAGES) if self.options.warm and not self.options.cache else None
        self.parse_cache = MemoryParseCache(self.warm)
        self.body_cache: dict[str, RenderedMarkdown] = Remembered(self.warm.bodies if self.warm else None)
        self.files: dict[str, bytes] = {}
        self.plans: dict[str, PagePlan] = {}
        self.digests: dict[str, tuple[str, str]] = {}
        self.fronts: dict[str, str] = {}  # item id -> front matter text, to tell body-only edits apart
        self.bodies: dict[str, str] = {}  # item id -> body text, to tell whether an excerpt changed
        self.listings: dict[str, str] = {}  # item id -> what decides its folder's lists (changes.item_listings)
        self.config: SiteConfig | None = None
        self.published_at: str | None = None  # goalfolio.yaml's base_url, where `local_address` replaces it
        self.config_warnings: list[Diagnostic] = []  # of the last build's config, reported with its content's
        self.env: jinja2.Environment | None = None
        self.env_theme = ""
        self.static_links: list[StaticLink] = []  # of the theme's templates, read with the environment
        self.disk: BuildCache | None = None
        # One-shot builds (build_site without a cache) write each page as it is rendered,
        # in this process or a worker, instead of keeping it: `files` then maps those
        # pages to b"" and `streamed` names them.
        self.sink: StreamingSite | None = None
        self.streamed: set[str] = set()
        self.pending: EarlyWork | None = None  # see earlywork.early_work
        self.kept: KeptBuild | None = None  # see _body_edits
        self.today: datetime.date | None = None  # of the last build: a new day changes every page showing figures
        self.dependents = Dependents()  # for the body-edit path
        self.jobs = self.options.jobs  # for the build running (see build)
        # The paths saved since the last build that succeeded (None: the next build is a
        # full one). A failed build renders nothing, so the next one, after the fix, takes
        # them in again: else a template saved with a broken file kept its old pages.
        self.unbuilt: set[Path] | None = set()
        self._fingerprint = self.options.fingerprint
        self._read = self.options.read
        if self.options.cache:
            self.disk = BuildCache(project.root, view_name(self.options.audience, self.options.base_url))
            self.parse_cache = self.disk  # type: ignore[assignment]
            self.body_cache = self.disk.bodies  # type: ignore[assignment]

    def build(self, changed: Iterable[Path] | None = None, jobs: int | None = None) -> BuildResult:
        """A full build, or with `changed` paths an incremental one; never raises on bad content.

        `jobs` overrides `options.jobs` for this build: the preview forks workers for its
        first build only, before its server and watcher threads start (a forked copy of
        a threaded process can inherit a lock some other thread held)."""
        started = time.perf_counter()
        self.jobs = self.options.jobs if jobs is None else jobs
        paths = None if changed is None or self.unbuilt is None else {resolved(p) for p in changed} | self.unbuilt
        self.unbuilt = paths  # until this build succeeds: its changes are then in self.files
        try:
            result = self._build(paths)
        except UserError as exc:
            result = BuildResult(dict(self.files), exc.diagnostics)
        except jinja2.TemplateError as exc:
            self.env = None
            theme = self.config.theme if self.config is not None else None
            result = BuildResult(dict(self.files), stopping_template_problems(exc, self.project, theme))
        if result.ok:
            self.unbuilt = set()
        result.seconds = time.perf_counter() - started
        return result

    def _build(self, changed: set[Path] | None) -> BuildResult:
        full = changed is None or needs_full(self.project, changed) or not self.files
        if not full and changed:
            edited = self._body_edits(changed)
            if edited is not None:
                return edited
        self.kept = None
        fingerprint = self._input_fingerprint() if self.disk else ""
        reused = self._reuse_unchanged(fingerprint) if self.disk else None
        if reused is not None:
            return reused
        config = self._config()
        pending = self._start_early_work(config, cold=changed is None and not self.files)
        try:
            result = self._build_after_config(changed, full, fingerprint, config, pending)
        except BaseException as exc:
            if pending is not None:
                pending.cancel(exc)
            raise
        if pending is not None:
            pending.cancel()
        return result

    def _build_after_config(self, changed: set[Path] | None, full: bool, fingerprint: str, config: SiteConfig,
                            pending: EarlyWork | None) -> BuildResult:
        if pending is not None:
            pending.parse_into(self.parse_cache)
        portfolio, problems = self._load(config, None if full else changed)
        if has_errors(problems):  # the bodies' and the theme's problems too, as `check` reports them: one run shows all
            found = self._render_bodies(portfolio, pending)[1] + body_problems(portfolio, unloaded_only=True)
            return BuildResult(dict(self.files), sorted(problems + found + own_theme_problems(self.project, config.theme)))
        # Planned before the bodies are collected: a cold parallel build's workers may
        # still be rendering them.
        graph = build_graph(portfolio, self.options.audience)
        full = full or graph.today != self.today
        plans = {plan.path: plan for plan in plan_site(graph)}
        if pending is not None:
            fill_views(graph)
        bodies, rendered_problems = self._render_bodies(portfolio, pending)
        problems.extend(rendered_problems)
        if has_errors(problems):
            return BuildResult(dict(self.files), sorted(problems))
        known = item_texts(portfolio)
        pages = self._pages_table()
        # Taken before the theme is compiled, and checked once the pages are rendered (see
        # values_to_keep): a page is never kept under the digest of a theme it was not rendered with.
        values = page_values(self.project, self.options, portfolio, config, graph, known) if pages is not None else None
        templates = changed_templates(self.project, changed or set(), config.theme)
        env = self._environment(config.theme, fresh=changed is None or needs_full(self.project, changed) or bool(templates))
        if static_link_problems(self.project, config.theme, self.static_links):  # checked again: a static file deleted
            return BuildResult(dict(self.files), sorted(problems + theme_problems(self.project, config.theme)))
        dirty = set(plans) if full else self._dirty_pages(plans, known, config.markdown.allow_html) | template_users(env, plans, templates) \
            | static_users(self.project, plans, changed or set(), config.theme)
        renderer = PageRenderer(env, graph, bodies, self._shared(graph))
        files: dict[str, bytes] = {} if full else {p: b for p, b in self.files.items() if p in plans or p.startswith(("static/", "assets/"))}
        todo = [path for path in sorted(dirty) if not reuse_page(pages, plans[path], values, files)]
        # Chosen by the pages to render too: a pool for the ten pages one edit touches
        # costs more (~0.4 s) than rendering them here.
        self._render_todo(todo, plans, renderer, files, auto_jobs(min(len(bodies), len(todo)), self.jobs), stream=full)
        copy_static(self.project, config.theme, files, published_assets(self.project, portfolio, graph, bodies))
        values = values_to_keep(values)
        changed_outputs = sorted(p for p in set(files) | set(self.files) if files.get(p) != self.files.get(p))
        result = BuildResult(dict(files), sorted(problems), changed_outputs, len(plans), len(todo))
        self._remember(files, plans, known, graph.today)
        if self.disk is not None:
            keep_pages(self.disk.pages, result.files, values, plans, set(todo))
            keep_build(self.disk, self.project, self.options, fingerprint, result, values, graph.today if config.today is None else None)
            return result
        self.kept = KeptBuild(config, portfolio, graph, bodies, result.diagnostics)  # for the preview's next save
        if self.warm is not None:
            warm, self.warm = self.warm, None
            leave_warm_start(warm, self.parse_cache, self.body_cache, result.files, values, plans, set(todo))
        forget_other_versions(self.project, portfolio, self.parse_cache, self.body_cache)
        return result

    def _load(self, config: SiteConfig, changed: set[Path] | None) -> tuple[Portfolio, list[Diagnostic]]:
        """The portfolio and its problems; in an incremental build (`changed`), files the
        watcher did not report and whose size and times are the same are not read again."""
        if isinstance(self.parse_cache, MemoryParseCache):
            self.parse_cache.reported = None if changed is None else {str(p) for p in changed}
        try:
            portfolio, problems = load_portfolio(self.project, config, self.parse_cache, self.published_at)
        finally:
            if isinstance(self.parse_cache, MemoryParseCache):
                self.parse_cache.reported = None
        return portfolio, problems + portfolio_problems(portfolio) + self.config_warnings

    def _remember(self, files: dict[str, bytes], plans: dict[str, PagePlan], known: ItemTexts,
                  today: datetime.date) -> None:
        """What the next build compares against to find what changed."""
        self.files, self.plans, self.today = files, plans, today
        self.digests, self.fronts, self.bodies, self.listings = known

    def _render_todo(self, todo: list[str], plans: dict[str, PagePlan], renderer: PageRenderer, files: dict[str, bytes],
                      jobs: int, stream: bool) -> None:
        """Render `todo` into `files`; a one-shot build (`sink`) of the whole site writes
        each page as it is rendered instead, and `files` names it with b"" (`streamed`)."""
        if jobs > 1:
            load_templates(renderer.env)
        try:
            if self.sink is not None and stream:
                sink = self.sink
                sink.prepare()  # here, not in each worker

                def render_and_write(path: str) -> bytes:
                    sink.add(path, renderer.render(plans[path]))
                    return b""

                render_pages(todo, render_and_write, jobs)
                files.update(dict.fromkeys(todo, b""))
                self.streamed = set(todo)
            else:
                for path, page in zip(todo, render_pages(todo, lambda path: renderer.render(plans[path]), jobs)):
                    files[path] = page
        except RootAbsoluteLinkError as exc:
            raise theme_link_error(self.project, exc) from None

    def _body_edits(self, changed: set[Path]) -> BuildResult | None:
        """A save that changed only the bodies of goals, evidence, endorsements or reviews,
        each citing the same items as before, in files without problems: the usual save
        while previewing. The site graph and the page plan come from front matter and
        citations, so both are kept: each edited item takes its new source in place, its
        body is rendered, and the pages that show it are rendered again. None for any other
        change, which takes the full way (so does a new day: progress depends on it)."""
        kept = self.kept
        if kept is None or self.env is None or today_of(kept.portfolio) != kept.graph.today:
            return None
        edits = body_edits(self.project, changed, kept, self.digests, self.parse_cache, self.body_cache, self.options.audience)
        if edits is None:
            return None
        try:
            return self._apply_body_edits(edits, kept)
        except BaseException:
            self.kept = None
            raise

    def _apply_body_edits(self, edits: list[BodyEdit], kept: KeptBuild) -> BuildResult:
        validated: ValidatedItems = getattr(self.parse_cache, "items", {})
        keys, new_digests, new_bodies = take_new_sources(edits, kept, validated, self.digests, self.fronts, self.bodies)
        todo = sorted(self.dependents.of(self.plans, keys))
        renderer = PageRenderer(self._environment(kept.config.theme, fresh=False), kept.graph, kept.bodies, self._shared(kept.graph))
        files = dict(self.files)
        self._render_todo(todo, self.plans, renderer, files, jobs=1, stream=False)
        changed_outputs = [path for path in todo if files[path] != self.files.get(path)]
        self.files = files
        replaced = [(item_id, self.digests[item_id][1]) for item_id, (_, digest) in new_digests.items()
                    if self.digests[item_id][1] != digest]
        self.digests.update(new_digests)
        self.bodies.update(new_bodies)
        forget_replaced(replaced, kept.config.markdown.allow_html, self.parse_cache, self.body_cache)
        return BuildResult(dict(files), list(kept.problems), changed_outputs, len(self.plans), len(todo))

    # The disk cache (cache.py): a whole build reused when no input changed, else pages
    # reused when their fingerprint (template closure + dependencies' digests) is unchanged.

    def _input_fingerprint(self) -> str:
        assert self.disk is not None
        known, read, self._fingerprint, self._read = self._fingerprint, self._read, None, None
        if known is not None and read is not None:
            self.disk.read = read
            return known
        self.disk.read = {}
        return project_fingerprint(self.project, self.options.audience, self.options.base_url, self.disk.read)

    def _reuse_unchanged(self, fingerprint: str) -> BuildResult | None:
        assert self.disk is not None
        found = self.disk.reusable(fingerprint)
        if found is None:
            return None
        files, state = found
        changed_outputs = sorted(p for p in set(files) | set(self.files) if files.get(p) != self.files.get(p))
        self.files, self.plans, self.digests, self.fronts, self.bodies, self.listings = files, {}, {}, {}, {}, {}
        return BuildResult(dict(files), list(state["diagnostics"]), changed_outputs, state["pages"], 0)

    def _pages_table(self) -> CacheTable | None:
        """Where rendered pages are kept: the build cache of `goalfolio build`, or the
        preview's, for its first build only."""
        cache = self.disk or self.warm
        return cache.pages if cache is not None else None

    def _config(self) -> SiteConfig:
        self.config_warnings = []
        self.config, written = load_build_config(self.project, self.parse_cache, self.options.base_url, self.options.audience, self.config_warnings)
        self.published_at = written if self.options.local_address else None
        return self.config

    def _environment(self, theme: str, fresh: bool) -> jinja2.Environment:
        """The Jinja2 environment, kept between incremental builds: its compiled templates
        cost more than rendering the few pages a saved content file touches. A full build,
        or a changed template or config, starts a new one (it does not reload templates)."""
        if fresh or self.env is None or self.env_theme != theme:
            bytecode = template_cache(self.disk.templates() if self.disk is not None else None)
            self.env, self.env_theme = make_environment(self.project, theme, bytecode), theme
            compile_own_templates(self.project, theme, self.env)
            self.static_links = static_links(self.env) if has_own_theme(self.project, theme) else []
        return self.env

    def _dirty_pages(self, plans: dict[str, PagePlan], known: ItemTexts, allow_html: bool) -> set[str]:
        keys = changed_keys(self.digests, known.digests, self.fronts, known.fronts, self.bodies, known.bodies,
                            self.listings, known.listings, allow_html=allow_html)
        return dirty_pages(self.plans, plans, keys)

    def _start_early_work(self, config: SiteConfig, cold: bool) -> EarlyWork | None:
        handed, self.pending = self.pending, None
        cached = self.options.cache or self.warm is not None  # bodies may be there already
        return early_work(handed, self.project, config, self.jobs, cold, cached)

    def _render_bodies(self, portfolio: Portfolio, pending: EarlyWork | None = None) -> tuple[dict[str, RenderedMarkdown], list[Diagnostic]]:
        if pending is not None:
            # The early worker renders every other body; with these rendered here first, it
            # does its share of those while this process renders these. After it, they were
            # on this process's path alone, in a pool forked for them.
            render_missing(portfolio.endorsements.values(), self.body_cache, portfolio.config.markdown.allow_html)
        early = pending.result() if pending is not None else {}
        return render_bodies(portfolio, early, self.body_cache, self.jobs, self.options.audience)

    def _shared(self, graph: SiteGraph) -> dict[str, Any]:
        from .sitepages.common import shared_context

        return shared_context(graph)
