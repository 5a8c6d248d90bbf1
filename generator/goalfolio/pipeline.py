"""The front of every command: config, then content, then references, collecting every problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import Project, load_config
from .errors import Diagnostic, UserError
from .graph import check_references
from .loader import ParseCache, Portfolio, load_portfolio

if TYPE_CHECKING:
    from .models import SiteConfig


def load_checked_portfolio(project: Project, cache: ParseCache | None = None) -> tuple[Portfolio, list[Diagnostic]]:
    """Raises UserError when the config is unusable; content problems come back as diagnostics."""
    config = load_config_or_report_files(project, cache)
    portfolio, problems = load_portfolio(project, config, cache)
    problems.extend(check_references(portfolio))
    return portfolio, sorted(problems)


def load_config_or_report_files(project: Project, cache: ParseCache | None = None) -> SiteConfig:
    """The validated config. When it is unusable, the UserError also lists what is wrong in
    each content file on its own (its YAML and fields need no config), so that one run
    shows every problem; references between files wait for a config to check them by."""
    try:
        return load_config(project)
    except UserError as exc:
        from .models import SiteConfig

        _, problems = load_portfolio(project, SiteConfig.model_construct(title=""), cache)
        raise UserError(sorted([*exc.diagnostics, *problems])) from None
