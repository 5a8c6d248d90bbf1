"""The front of every command: config, then content, then references, collecting every problem."""

from __future__ import annotations

from .config import (
    PortfolioElsewhere,
    Project,
    config_position,
    content_only_config,
    load_config,
    usable_part,
)
from .decimalmarks import thousands_separators
from .errors import Diagnostic, UserError
from .graph import PUBLIC
from .items import Item
from .links import may_link
from .loader import Portfolio, load_portfolio
from .models import Source
from .namedelsewhere import named_elsewhere
from .parsecache import ParseCache
from .references import check_references
from .siteconfig import SiteConfig, absolute_base_url


def load_checked_portfolio(project: Project, cache: ParseCache | None = None) -> tuple[Portfolio, list[Diagnostic]]:
    """Raises UserError when the config is unusable; content problems and the config's
    warnings come back as diagnostics."""
    config_warnings: list[Diagnostic] = []
    config = load_config_or_report_files(project, cache, config_warnings)
    portfolio, problems = load_portfolio(project, config, cache)
    problems.extend(portfolio_problems(portfolio) + config_warnings)
    return portfolio, sorted(problems)


def portfolio_problems(portfolio: Portfolio) -> list[Diagnostic]:
    """What is found across the loaded files with the config: references that point nowhere,
    numbers the site's language suggests were meant otherwise, and an anonymous
    endorsement's author named by another item. Never cached with a file."""
    return check_references(portfolio) + thousands_separators(portfolio) + named_elsewhere(portfolio)


def load_config_or_report_files(project: Project, cache: ParseCache | None, warnings: list[Diagnostic]) -> SiteConfig:
    """The validated config, its warnings appended to `warnings`. When it is unusable, the
    UserError also lists them and what is wrong in the content, so that one run shows every
    problem: checked in full against the config's usable part where the failed fields are
    ones the content does not depend on, else each file on its own (its YAML and fields need
    no config). A folder with neither config nor content/ but a portfolio above or below is
    not one missing both: only its config is reported."""
    try:
        return load_config(project, warnings)
    except UserError as exc:
        if isinstance(exc, PortfolioElsewhere) and not project.content_dir.exists():
            raise  # a portfolio's content/, or a team repository's top: its hint names the portfolios
        usable = usable_part(project, exc.diagnostics)
        portfolio, problems = load_portfolio(project, usable or content_only_config(project), cache)
        if usable is not None:
            problems.extend(portfolio_problems(portfolio) + body_problems(portfolio) + own_theme_problems(project, usable.theme))
        else:
            problems.extend(thousands_separators(portfolio))
        raise UserError(sorted([*exc.diagnostics, *warnings, *problems])) from None


def body_problems(portfolio: Portfolio, unloaded_only: bool = False) -> list[Diagnostic]:
    """What a build finds in the bodies as it renders them: missing images and files, links
    from the root. Also in the bodies of files that did not load (a bad field elsewhere in
    the file), which no build renders: one run reports every problem of a file."""
    loaded: list[tuple[Source, Item | None]] = [] if unloaded_only else [(item.source, item) for item in portfolio.items()]
    allow_html = portfolio.config.markdown.allow_html
    linking = [(source, item) for source, item in loaded + [(file.source, None) for file in portfolio.unvalidated]
               if may_link(source.body, allow_html)]
    if not linking:
        return []  # and markdown-it need not be imported
    from .bodylinks import reference_problems
    from .markdown import body_references
    from .pagelinks import page_link_rule

    return [problem for source, item in linking
            for problem in reference_problems(source.path, source.body_line, body_references(source.body, allow_html),
                                              portfolio.assets, page_link_rule(item, portfolio))]


def own_theme_problems(project: Project, theme: str) -> list[Diagnostic]:
    """What is wrong with the theme before any page is rendered (one that does not exist, a
    template that does not compile), found with the content's problems so that one run
    shows both. Only a project with a theme of its own, or naming another, has a theme to
    check: the example and most portfolios need not load Jinja2 for it. (goalfolio's own
    repository keeps the built-in theme in its themes/ folder.)"""
    if not has_own_theme(project, theme):
        return []
    from .themeerrors import theme_problems

    return theme_problems(project, theme)


def has_own_theme(project: Project, theme: str) -> bool:
    from .fingerprint import builtin_themes_dir

    return theme != "default" or (project.themes_dir.is_dir() and project.themes_dir.resolve() != builtin_themes_dir().resolve())


def load_build_config(project: Project, cache: ParseCache | None, base_url: str | None, audience: str | None,
                      warnings: list[Diagnostic]) -> tuple[SiteConfig, str]:
    """The config of a build for `audience` (None: the owner's view), `base_url` overriding
    the file's, its warnings appended to `warnings`; and the file's own `base_url`. An
    audience the config does not declare is refused at `audiences:`."""
    config = written = load_config_or_report_files(project, cache, warnings)
    if base_url is not None:
        config = config.model_copy(update={"base_url": absolute_base_url(base_url)})
    if audience not in (None, PUBLIC, *config.audiences):
        # `goalfolio build` refuses such an audience before it starts; a preview learns of
        # it when goalfolio.yaml changes while it shows that audience's view.
        line, column = config_position(project, "audiences")
        raise UserError([*warnings, Diagnostic(
            project.config_name, line, column, "error", "unknown-audience",
            f"this build is for the audience `{audience}`, which {project.config_name} does not declare",
            f"declare it under `audiences:` (declared: {', '.join(config.audiences) or 'none'}), or build or preview another --audience")])
    return config, written.base_url
