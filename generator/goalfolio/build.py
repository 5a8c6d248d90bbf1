"""The build: content → model → site graph → page plan → rendered files, in memory.

`Builder` keeps what it made between runs, so the preview server can ask for an
incremental build with the paths that changed: unchanged files are not parsed again,
bodies are not rendered again, and only pages whose dependencies changed are rendered.
`build_site` is the one-shot build behind `goalfolio build`, which writes atomically.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import __version__
from .cache import (
    CACHE_DIR,
    BuildCache,
    CacheTable,
    PageValues,
    project_fingerprint,
    view_name,
)
from .changes import (
    changed_keys,
    item_bodies,
    item_digests,
    item_fronts,
    item_listings,
    template_users,
)
from .config import Project, config_position
from .errors import Diagnostic, UserError, has_errors
from .fingerprint import builtin_themes_dir, generator_fingerprint
from .frontmatter import ParsedFile
from .graph import PUBLIC, SiteGraph, build_graph, today_of
from .links import leaves_the_site, named_asset
from .loader import Portfolio, load_item, load_portfolio
from .markdown import MarkdownRenderer, RenderedMarkdown, reference_problems
from .models import Case, Endorsement, Evidence, Item, Profile, SiteConfig, absolute_base_url
from .pagelinks import page_link_rule
from .pages import ALL, STATIC_DEP, PagePlan, plan_site
from .parallel import (
    CHUNKS_PER_WORKER,
    PendingMarkdown,
    auto_jobs,
    render_markdown,
    render_pages,
    start_cold_markdown,
)
from .pipeline import load_config_or_report_files, portfolio_problems
from .render import PageRenderer, RootAbsoluteLinkError
from .templating import (
    compile_own_templates,
    load_templates,
    make_environment,
    static_files,
    template_cache,
    template_problem,
    theme_dirs,
    theme_problems,
)
from .urls import body_id, endorsement_anchor
from .writer import StreamingSite, write_site


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


class Remembered(dict):  # type: ignore[type-arg]
    """Entries kept in memory which, while `table` (a build cache table) is set, are looked
    up there on a miss and written there too."""

    def __init__(self, table: Any | None = None) -> None:
        super().__init__()
        self.table = table

    def get(self, key: Any, default: Any = None) -> Any:
        found = super().get(key)
        if found is None and self.table is not None:
            found = self.table.get(key)
            if found is not None:
                super().__setitem__(key, found)
        return default if found is None else found

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        if self.table is not None:
            self.table.put(key, value)


class MemoryParseCache:
    def __init__(self, backing: BuildCache | None = None) -> None:
        self._parsed = Remembered(backing.parsed if backing else None)
        self.items = Remembered(backing.items if backing else None)  # validated items, see loader._load_item
        # Path to (stat identity, digest) of its last read, trusted during an incremental
        # build for files the watcher did not report: they are not read again.
        self.stamps: dict[str, tuple[tuple[int, ...], str]] = {}
        self.reported: set[str] | None = None  # None: trust no stamp (a full build reads all)

    def trusts(self, path: str) -> bool:
        return self.reported is not None and path not in self.reported

    def get(self, digest: str) -> ParsedFile | None:
        return self._parsed.get(digest)  # type: ignore[no-any-return]

    def put(self, digest: str, parsed: ParsedFile) -> None:
        self._parsed[digest] = parsed

    def detach(self) -> None:
        self._parsed.table = self.items.table = None


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


# The preview keeps one table of pages per project. A page is reused only for the audience
# and address it was rendered for (PageValues), and a table per address would leave one
# behind at every start with `--port 0`, which picks a new port each time.
PREVIEW_PAGES = "preview"


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
        self.env: jinja2.Environment | None = None
        self.env_theme = ""
        self.disk: BuildCache | None = None
        # One-shot builds (build_site without a cache) write each page as it is rendered,
        # in this process or a worker, instead of keeping it: `files` then maps those
        # pages to b"" and `streamed` names them.
        self.sink: StreamingSite | None = None
        self.streamed: set[str] = set()
        self.pending: PendingMarkdown | None = None  # see _start_markdown
        self.compiled: dict[str, bytes] = {}  # the theme, compiled by a worker (templating.CompiledTemplates)
        self.kept: KeptBuild | None = None  # see _body_edits
        self.today: datetime.date | None = None  # of the last build: a new day changes every page showing figures
        self._index: tuple[dict[str, PagePlan], dict[str, set[str]]] | None = None  # see _dependents
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
        paths = None if changed is None or self.unbuilt is None else {p.resolve() for p in changed} | self.unbuilt
        self.unbuilt = paths  # until this build succeeds: its changes are then in self.files
        try:
            result = self._build(paths)
        except UserError as exc:
            result = BuildResult(dict(self.files), exc.diagnostics)
        except jinja2.TemplateError as exc:
            self.env = None
            result = BuildResult(dict(self.files), self._template_problems(exc))
        if result.ok:
            self.unbuilt = set()
        result.seconds = time.perf_counter() - started
        return result

    def _template_problems(self, exc: jinja2.TemplateError) -> list[Diagnostic]:
        """The template that stopped the build, and every other template of the project's
        theme that does not compile, as `check` reports them: one run shows them all."""
        first = template_problem(exc, self.project)
        others = theme_problems(self.project, self.config.theme) if self.config is not None else []
        if isinstance(exc, jinja2.TemplateNotFound) and any(d.code == "missing-templates" for d in others):
            return others  # a page's template the theme lacks: named at `theme:`, with the others it lacks
        return [first, *(d for d in others if d.path != first.path)]

    def _build(self, changed: set[Path] | None) -> BuildResult:
        full = changed is None or self._needs_full(changed) or not self.files
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
        pending = self._start_markdown(config, cold=changed is None and not self.files)
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
                            pending: PendingMarkdown | None) -> BuildResult:
        portfolio, problems = self._load(config, None if full else changed)
        if has_errors(problems):  # the bodies' problems too, as `check` reports them: one run shows all
            from .check import body_problems as unloaded_body_problems

            found = self._render_bodies(portfolio, pending)[1] + unloaded_body_problems(portfolio, unloaded_only=True)
            return BuildResult(dict(self.files), sorted(problems + found))
        # Planned before the bodies are collected: a cold parallel build's workers may
        # still be rendering them.
        graph = build_graph(portfolio, self.options.audience)
        full = full or graph.today != self.today
        plans = {plan.path: plan for plan in plan_site(graph)}
        bodies, body_problems = self._render_bodies(portfolio, pending)
        problems.extend(body_problems)
        if has_errors(problems):
            return BuildResult(dict(self.files), sorted(problems))
        templates = self._changed_templates(changed or set(), config.theme)
        env = self._environment(config.theme, fresh=changed is None or self._needs_full(changed) or bool(templates))
        known = item_digests(portfolio), item_fronts(portfolio), item_bodies(portfolio), item_listings(portfolio)
        dirty = set(plans) if full else self._dirty_pages(plans, known) | template_users(env, plans, templates) \
            | self._static_users(plans, changed or set(), config.theme)
        renderer = PageRenderer(env, graph, bodies, self._shared(graph))
        files: dict[str, bytes] = {} if full else {p: b for p, b in self.files.items() if p in plans or p.startswith(("static/", "assets/"))}
        pages = self._pages_table()
        values = self._page_values(portfolio, config, graph, known[0], known[3]) if pages is not None else None
        todo = [path for path in sorted(dirty) if not self._reuse_page(plans[path], values, files)]
        # Chosen by the pages to render too: a pool for the ten pages one edit touches
        # costs more (~0.4 s) than rendering them here.
        self._render_todo(todo, plans, renderer, files, auto_jobs(min(len(bodies), len(todo)), self.jobs), stream=full)
        self._copy_static(files, portfolio, config, published_assets(portfolio, graph, bodies))
        changed_outputs = sorted(p for p in set(files) | set(self.files) if files.get(p) != self.files.get(p))
        result = BuildResult(dict(files), sorted(problems), changed_outputs, len(plans), len(todo))
        self._remember(files, plans, known, graph.today)
        if self.disk is not None:
            self._save_cache(fingerprint, result, values, plans, set(todo))
            return result
        self.kept = KeptBuild(config, portfolio, graph, bodies, result.diagnostics)  # for the preview's next save
        if self.warm is not None:
            self._leave_warm_start(result.files, values, plans, set(todo))
        return result

    def _load(self, config: SiteConfig, changed: set[Path] | None) -> tuple[Portfolio, list[Diagnostic]]:
        """The portfolio and its problems; in an incremental build (`changed`), files the
        watcher did not report and whose size and times are the same are not read again."""
        if isinstance(self.parse_cache, MemoryParseCache):
            self.parse_cache.reported = None if changed is None else {str(p) for p in changed}
        try:
            portfolio, problems = load_portfolio(self.project, config, self.parse_cache)
        finally:
            if isinstance(self.parse_cache, MemoryParseCache):
                self.parse_cache.reported = None
        return portfolio, problems + portfolio_problems(portfolio)

    def _remember(self, files: dict[str, bytes], plans: dict[str, PagePlan], known: tuple[dict[str, Any], ...],
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
            raise self._theme_link_error(exc) from None

    def _leave_warm_start(self, files: dict[str, bytes], values: PageValues | None, plans: dict[str, PagePlan],
                          rendered: set[str]) -> None:
        """Save what the first build read or made for the next start (only the shards that
        changed are written), then work from memory only. The pages are kept too, so the
        next start with the same audience and address renders only what changed meanwhile."""
        assert self.warm is not None
        warm, self.warm = self.warm, None
        if isinstance(self.parse_cache, MemoryParseCache):
            self.parse_cache.detach()
        if isinstance(self.body_cache, Remembered):
            self.body_cache.table = None
        _keep_pages(warm.pages, files, values, plans, rendered)
        try:
            for table in (warm.parsed, warm.items, warm.bodies, warm.pages):
                table.save()
        except OSError:
            pass  # a cache that cannot be written costs the next start time, never the preview

    def _theme_link_error(self, exc: RootAbsoluteLinkError) -> UserError:
        """Bodies are checked for root-absolute links when loaded, so one met while
        rendering comes from the theme."""
        return UserError([Diagnostic(self.project.display(self.project.themes_dir), 1, 1, "error", "root-absolute-link",
                                     str(exc), "use the `url()` helper so links stay relative")])

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
        edits = []
        for path in sorted(changed):
            edit = self._body_edit(path, kept)
            if edit is None:
                return None
            edits.append(edit)
        try:
            return self._apply_body_edits(edits, kept)
        except BaseException:
            self.kept = None
            raise

    def _body_edit(self, path: Path, kept: KeptBuild) -> tuple[Item, Item, RenderedMarkdown] | None:
        """(the item as built, the item as the file now reads, its rendered body), or None
        when the file's change is more than a body edit (see `_body_edits`)."""
        shown = self.project.display(path)
        old = kept.items.get(shown)
        if old is None or isinstance(old, (Case, Profile)) or any(d.path == shown for d in kept.problems):
            return None
        new, problems = load_item(self.project, self.digests[old.id][0], path, self.parse_cache)
        if new is None or problems or type(new) is not type(old) or new.id != old.id \
                or new.source.front_matter.text != old.source.front_matter.text or _cited(new) != _cited(old) \
                or _shares_an_anchor(new, kept.portfolio):
            return None
        allow_html = kept.config.markdown.allow_html
        key = f"{__version__}:{allow_html}:{new.id}:{new.source.digest}"
        rendered = self.body_cache.get(key)
        if rendered is None:
            rendered = self.body_cache[key] = MarkdownRenderer(allow_html).render(new.body, body_id(new))
        if reference_problems(new.source.path, new.source.body_line, rendered.references, kept.portfolio.assets,
                              page_link_rule(old, kept.portfolio), old.visible_to(self.options.audience)) or _linked_assets(rendered) != _linked_assets(kept.bodies[old.id]):
            return None  # which assets a build publishes may change (see `published_assets`)
        return old, new, rendered

    def _apply_body_edits(self, edits: list[tuple[Item, Item, RenderedMarkdown]], kept: KeptBuild) -> BuildResult:
        validated: dict[tuple[str, str, str], Any] = getattr(self.parse_cache, "items", {})
        ids = [old.id for old, _, _ in edits]
        digests, fronts, bodies = {i: self.digests[i] for i in ids}, {i: self.fronts[i] for i in ids}, {i: self.bodies[i] for i in ids}
        for old, new, rendered in edits:
            folder = self.digests[old.id][0]
            if new is not old:
                # The built item, referenced from the graph, the plans and the views, takes
                # the new source; the cache then knows it by the new digest only.
                validated.pop((folder, old.source.path, old.source.digest), None)
                old._source = new.source
                validated[(folder, old.source.path, old.source.digest)] = (old, [])
            kept.bodies[old.id] = rendered
        kept.graph.memo.clear()  # views hold excerpts and quotes
        # Recorded as built only once its pages are: a failed save leaves the change for the next build.
        new_digests = {old.id: (self.digests[old.id][0], old.source.digest) for old, _, _ in edits}
        new_bodies = {old.id: old.body for old, _, _ in edits}
        todo = sorted(self._dependents(changed_keys(digests, new_digests, fronts, fronts, bodies, new_bodies)))
        renderer = PageRenderer(self._environment(kept.config.theme, fresh=False), kept.graph, kept.bodies, self._shared(kept.graph))
        files = dict(self.files)
        self._render_todo(todo, self.plans, renderer, files, jobs=1, stream=False)
        changed_outputs = [path for path in todo if files[path] != self.files.get(path)]
        self.files = files
        self.digests.update(new_digests)
        self.bodies.update(new_bodies)
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

    def _page_values(self, portfolio: Portfolio, config: SiteConfig, graph: SiteGraph,
                     digests: dict[str, tuple[str, str]], listings: dict[str, str]) -> PageValues:
        themes = [self.project.themes_dir, builtin_themes_dir()]
        base = f"{generator_fingerprint()}|{self.options.audience}|{self.options.base_url}|{config.model_dump_json()}|{graph.today}|{portfolio.assets}"
        return PageValues(digests, listings, portfolio, themes, base)

    def _pages_table(self) -> CacheTable | None:
        """Where rendered pages are kept: the build cache of `goalfolio build`, or the
        preview's, for its first build only."""
        cache = self.disk or self.warm
        return cache.pages if cache is not None else None

    def _reuse_page(self, plan: PagePlan, values: PageValues | None, files: dict[str, bytes]) -> bool:
        pages = self._pages_table()
        if pages is None or values is None or _always_made(plan):
            return False
        entry = pages.get(plan.path)
        if entry is None or not values.cached(plan, entry):
            return False
        files[plan.path] = entry[2]
        return True

    def _save_cache(self, fingerprint: str, result: BuildResult, values: PageValues | None,
                    plans: dict[str, PagePlan], rendered: set[str]) -> None:
        assert self.disk is not None
        _keep_pages(self.disk.pages, result.files, values, plans, rendered)
        unpinned = self.config is not None and self.config.today is None
        state = {"fingerprint": fingerprint, "paths": sorted(result.files), "diagnostics": result.diagnostics, "pages": result.pages,
                 "today": self.today.isoformat() if unpinned and self.today is not None else None}
        try:
            self.disk.save(state if result.ok else None)
        except OSError as exc:  # it costs speed, never the build: said, as the next build is cold
            result.diagnostics.append(cache_not_saved(self.project, exc))

    def _config(self) -> SiteConfig:
        config = load_config_or_report_files(self.project, self.parse_cache)
        if self.options.base_url is not None:
            config = config.model_copy(update={"base_url": absolute_base_url(self.options.base_url)})
        audience = self.options.audience
        if audience not in (None, PUBLIC, *config.audiences):
            # `goalfolio build` refuses such an audience before it starts; a preview learns of
            # it when goalfolio.yaml changes while it shows that audience's view.
            line, column = config_position(self.project, "audiences")
            raise UserError([Diagnostic(self.project.config_name, line, column, "error", "unknown-audience",
                                        f"this build is for the audience `{audience}`, which {self.project.config_name} does not declare",
                                        f"declare it under `audiences:` (declared: {', '.join(config.audiences) or 'none'}), "
                                        "or build or preview another --audience")])
        self.config = config
        return config

    def _environment(self, theme: str, fresh: bool) -> jinja2.Environment:
        """The Jinja2 environment, kept between incremental builds: its compiled templates
        cost more than rendering the few pages a saved content file touches. A full build,
        or a changed template or config, starts a new one (it does not reload templates)."""
        if fresh or self.env is None or self.env_theme != theme:
            bytecode = template_cache(self.disk.templates() if self.disk is not None else None, self.compiled)
            self.env, self.env_theme, self.compiled = make_environment(self.project, theme, bytecode), theme, {}
            compile_own_templates(self.project, theme, self.env)
        return self.env

    def _needs_full(self, changed: set[Path]) -> bool:
        """A config change can touch every page: it is handled by a full render. (`changed`
        is resolved, as the config's path may be a symlink.)"""
        config = self.project.config_path.resolve()
        return any(p == config for p in changed)

    def _changed_templates(self, changed: set[Path], theme: str) -> set[str]:
        """Names (as Jinja2 loads them) of the project's templates among the changed paths."""
        folder = (self.project.themes_dir / theme / "templates").resolve()
        return {p.relative_to(folder).as_posix() for p in changed if folder in p.parents}

    def _static_users(self, plans: dict[str, PagePlan], changed: set[Path], theme: str) -> set[str]:
        """Pages that copy a changed static file into themselves (deps key `@static/...`):
        edited, added, or deleted (then the page copies the file it falls back to)."""
        outputs = {output for output, source in static_files(self.project, theme).items() if source.resolve() in changed}
        for folder in theme_dirs(self.project, theme):
            root = (folder / "static").resolve()
            outputs |= {"static/" + path.relative_to(root).as_posix() for path in changed if root in path.parents}
        keys = {STATIC_DEP + output for output in outputs}
        return {path for path, plan in plans.items() if plan.deps & keys} if keys else set()

    def _dependents(self, keys: set[str]) -> set[str]:
        """The pages whose deps hold one of `keys`, as `_dirty_pages` finds them when the
        plan has not changed, from an index of the plan rather than a walk over it."""
        if ALL in keys:
            return set(self.plans)
        if self._index is None or self._index[0] is not self.plans:
            index: dict[str, set[str]] = {}
            for path, plan in self.plans.items():
                for key in plan.deps:
                    index.setdefault(key, set()).add(path)
            self._index = (self.plans, index)
        index = self._index[1]
        return set().union(*(index.get(key, ()) for key in keys), index.get(ALL, ())) if keys else set()

    def _dirty_pages(self, plans: dict[str, PagePlan],
                     known: tuple[dict[str, tuple[str, str]], dict[str, str], dict[str, str], dict[str, str]]) -> set[str]:
        keys = changed_keys(self.digests, known[0], self.fronts, known[1], self.bodies, known[2], self.listings, known[3])
        dirty = {path for path in plans if path not in self.plans}
        for path, plan in plans.items():
            old = self.plans.get(path)
            page_deps = plan.deps | (old.deps if old else frozenset())
            if keys and (ALL in keys or ALL in page_deps or page_deps & keys):
                dirty.add(path)
        return dirty

    def _start_markdown(self, config: SiteConfig, cold: bool) -> PendingMarkdown | None:
        """Bodies rendering in workers already (handed in by `goalfolio build`, which starts
        them before importing the rest), if they were rendered with this config; else
        started now for a cold build of a large site (see parallel.start_cold_markdown)."""
        handed, self.pending = self.pending, None
        if handed is not None and cold and handed.allow_html == config.markdown.allow_html:
            return handed
        if handed is not None:
            handed.cancel()
        if not cold:
            return None
        cached = self.options.cache or self.warm is not None  # bodies may be there already
        return start_cold_markdown(self.project, self.jobs, config.markdown.allow_html, cached, config.theme)

    def _render_bodies(self, portfolio: Portfolio, pending: PendingMarkdown | None = None) -> tuple[dict[str, RenderedMarkdown], list[Diagnostic]]:
        renderer: MarkdownRenderer | None = None
        allow_html = portfolio.config.markdown.allow_html
        bodies: dict[str, RenderedMarkdown] = {}
        problems: list[Diagnostic] = []
        items = list(portfolio.items())
        keys = [f"{__version__}:{allow_html}:{item.id}:{item.source.digest}" for item in items]
        early = pending.result() if pending is not None else {}
        self.compiled = pending.compiled if pending is not None else {}
        for key, item in zip(keys, items):
            found = early.get(item.source.path)
            if found is not None and found[0] == item.source.digest:
                self.body_cache[key] = found[1]
        missing = [(key, item) for key, item in zip(keys, items) if self.body_cache.get(key) is None]
        jobs = auto_jobs(len(items), self.jobs)
        if jobs > 1 and len(missing) >= 2 * jobs * CHUNKS_PER_WORKER:
            for (key, _), rendered in zip(missing, render_markdown([(body_id(i), i.body) for _, i in missing], allow_html, jobs)):
                self.body_cache[key] = rendered
        for key, item in zip(keys, items):
            rendered = self.body_cache.get(key)
            if rendered is None:
                renderer = renderer or MarkdownRenderer(allow_html)
                rendered = renderer.render(item.body, body_id(item))
                self.body_cache[key] = rendered
            bodies[item.id] = rendered
            problems.extend(reference_problems(item.source.path, item.source.body_line, rendered.references, portfolio.assets,
                                               page_link_rule(item, portfolio), item.visible_to(self.options.audience)))
        return bodies, problems

    def _shared(self, graph: SiteGraph) -> dict[str, Any]:
        from .sitepages.common import shared_context

        return shared_context(graph)

    def _copy_static(self, files: dict[str, bytes], portfolio: Portfolio, config: SiteConfig, assets: list[str]) -> None:
        for output, source in static_files(self.project, config.theme).items():
            files[output] = source.read_bytes()
        for asset in assets:
            files["assets/" + asset] = (self.project.content_dir / "assets" / asset).read_bytes()
        wanted = {f"assets/{a}" for a in assets} | set(static_files(self.project, config.theme))
        for path in [p for p in files if p.startswith(("static/", "assets/")) and p not in wanted]:
            del files[path]


def published_assets(portfolio: Portfolio, graph: SiteGraph, bodies: dict[str, RenderedMarkdown]) -> list[str]:
    """The files of content/assets/ a build publishes: all but those that only items hidden
    from it link to (in the body or under `links:`), such as the scan a private evidence item
    shows. A file nothing links to is published, as content/assets/ promises; the profile's
    photo is always shown."""
    shown: dict[str, bool] = {}
    for item in portfolio.items():
        visible = isinstance(item, Profile) or graph.find(item.id) is not None
        for name in _linked_assets(bodies[item.id]) | _listed_assets(item):
            shown[name] = shown.get(name, False) or visible
    return [asset for asset in portfolio.assets if shown.get(asset, True)]


def _linked_assets(rendered: RenderedMarkdown) -> set[str]:
    return {name for reference in rendered.references if (name := named_asset(reference.target)) is not None}


def _listed_assets(item: Item) -> set[str]:
    """Files of content/assets/ that an item's front matter shows: its `links:`, and the
    profile's photo (named as listed, as `graph` checks it)."""
    links = item.links if isinstance(item, (Evidence, Profile)) else []
    found = {name for link in links if not leaves_the_site(link.url) and (name := named_asset(link.url)) is not None}
    if isinstance(item, Profile) and item.photo:
        found.add(os.fsdecode(item.photo.encode()))
    return found


def _shares_an_anchor(item: Item, portfolio: Portfolio) -> bool:
    """An anonymous endorsement whose body now shows what another one shows: its anchor,
    a hash of what is shown, is the other's, which `check_references` reports."""
    if not isinstance(item, Endorsement) or not item.is_anonymous:
        return False
    anchor = endorsement_anchor(item)
    return any(other.id != item.id and other.is_anonymous and endorsement_anchor(other) == anchor
               for other in portfolio.endorsements.values() if isinstance(other, Endorsement))


def _cited(item: Item) -> tuple[str, ...]:
    """The items a body cites, in the order the site graph links them."""
    return tuple(dict.fromkeys(c.target for c in item.source.citations))


def _keep_pages(pages: CacheTable, files: dict[str, bytes], values: PageValues | None, plans: dict[str, PagePlan],
                rendered: set[str]) -> None:
    """Rendered pages are kept with their keys and fingerprint, reused pages keep their
    entry, and static files and assets are kept for a build that reuses everything."""
    for path, data in files.items():
        plan = plans.get(path)
        if plan is not None and path in rendered and values is not None and not _always_made(plan):
            pages.put(path, (values.fingerprint(plan, plan.deps), plan.deps, data))
        elif plan is None or path in rendered or path not in pages:
            pages.put(path, ("", frozenset(), data))


def _always_made(plan: PagePlan) -> bool:
    """A file made by code without declaring what it depends on has nothing its cached
    copy could be checked against, so it is made on every build."""
    return plan.produce is not None and not plan.deps


def cache_not_saved(project: Project, exc: OSError) -> Diagnostic:
    """Every build after this one starts cold: the user should know why it is slow."""
    return Diagnostic(project.display(project.root / CACHE_DIR), 1, 1, "warning", "cache-not-saved",
                      f"the build cache could not be saved ({exc.strerror or exc}): the next build starts from scratch",
                      "make it a folder you can write to (or delete it), or build with --no-cache")


def build_site(project: Project, options: BuildOptions, out_dir: Path, pending: PendingMarkdown | None = None) -> BuildResult:
    """Build and write atomically; raises UserError (leaving `out_dir` untouched) on errors.
    `pending`: bodies already rendering in workers (parallel.start_cold_markdown). The
    result's `seconds` covers the writing too: into a new folder it can take longer than
    the build itself."""
    started = time.perf_counter()
    builder = Builder(project, options)
    builder.pending = pending
    stream = StreamingSite(out_dir, project) if builder.disk is None else None
    if stream is not None:
        builder.sink = stream
    try:
        result = builder.build()
        if not result.ok:
            raise UserError(result.diagnostics)
    except BaseException:
        if stream is not None:
            stream.abort()
        raise
    if stream is not None:
        stream.finish({path: data for path, data in result.files.items() if path not in builder.streamed})
    elif builder.disk is not None:
        manifest = write_site(result.files, out_dir, project, builder.disk.manifest())
        try:
            builder.disk.save_manifest(manifest)
        except OSError as exc:
            if not any(d.code == "cache-not-saved" for d in result.diagnostics):
                result.diagnostics.append(cache_not_saved(project, exc))
    result.seconds = time.perf_counter() - started
    return result
