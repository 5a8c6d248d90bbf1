"""The front of every command: config, then content, then references, collecting every problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import Project, content_only_config, load_config, usable_part
from .decimalmarks import thousands_separators
from .errors import Diagnostic, UserError
from .graph import check_references
from .loader import ParseCache, Portfolio, load_portfolio

if TYPE_CHECKING:
    from .models import SiteConfig


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
    file on its own (its YAML and fields need no config)."""
    try:
        return load_config(project)
    except UserError as exc:
        usable = usable_part(project, exc.diagnostics)
        portfolio, problems = load_portfolio(project, usable or content_only_config(project), cache)
        problems.extend(portfolio_problems(portfolio) if usable is not None else thousands_separators(portfolio))
        raise UserError(sorted([*exc.diagnostics, *problems])) from None
