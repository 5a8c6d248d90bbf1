"""The front of every command: config, then content, then references, collecting every problem."""

from __future__ import annotations

from .config import (
    PortfoliosBelow,
    Project,
    config_position,
    content_only_config,
    load_config,
    usable_part,
)
from .decimalmarks import thousands_separators
from .errors import Diagnostic, UserError
from .graph import PUBLIC
from .loader import ParseCache, Portfolio, load_portfolio
from .references import check_references
from .siteconfig import SiteConfig, absolute_base_url


def load_checked_portfolio(project: Project, cache: ParseCache | None = None) -> tuple[Portfolio, list[Diagnostic]]:
    """Raises UserError when the config is unusable; content problems come back as diagnostics."""
    config = load_config_or_report_files(project, cache)
    portfolio, problems = load_portfolio(project, config, cache)
    problems.extend(portfolio_problems(portfolio))
    return portfolio, sorted(problems)


def portfolio_problems(portfolio: Portfolio) -> list[Diagnostic]:
    """What is found across the loaded files with the config: references that point nowhere,
    and numbers the site's language suggests were meant otherwise. Never cached with a file."""
    return check_references(portfolio) + thousands_separators(portfolio)


def load_config_or_report_files(project: Project, cache: ParseCache | None = None) -> SiteConfig:
    """The validated config. When it is unusable, the UserError also lists what is wrong in
    the content, so that one run shows every problem: checked in full against the config's
    usable part where the failed fields are ones the content does not depend on, else each
    file on its own (its YAML and fields need no config). A folder with neither config nor
    content/ but portfolios below is not one missing both: only its config is reported."""
    try:
        return load_config(project)
    except UserError as exc:
        if isinstance(exc, PortfoliosBelow) and not project.content_dir.exists():
            raise  # a folder above portfolios, such as a team repository's top: its hint names them
        usable = usable_part(project, exc.diagnostics)
        portfolio, problems = load_portfolio(project, usable or content_only_config(project), cache)
        problems.extend(portfolio_problems(portfolio) if usable is not None else thousands_separators(portfolio))
        raise UserError(sorted([*exc.diagnostics, *problems])) from None


def load_build_config(project: Project, cache: ParseCache | None, base_url: str | None, audience: str | None) -> SiteConfig:
    """The config of a build for `audience` (None: the owner's view), `base_url` overriding
    the file's. An audience the config does not declare is refused at `audiences:`."""
    config = load_config_or_report_files(project, cache)
    if base_url is not None:
        config = config.model_copy(update={"base_url": absolute_base_url(base_url)})
    if audience not in (None, PUBLIC, *config.audiences):
        # `goalfolio build` refuses such an audience before it starts; a preview learns of
        # it when goalfolio.yaml changes while it shows that audience's view.
        line, column = config_position(project, "audiences")
        raise UserError([Diagnostic(project.config_name, line, column, "error", "unknown-audience",
                                    f"this build is for the audience `{audience}`, which {project.config_name} does not declare",
                                    f"declare it under `audiences:` (declared: {', '.join(config.audiences) or 'none'}), "
                                    "or build or preview another --audience")])
    return config
