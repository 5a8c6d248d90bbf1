"""The front of every command: config, then content, then references, collecting every problem."""

from __future__ import annotations

from .config import Project, load_config
from .errors import Diagnostic
from .graph import check_references
from .loader import ParseCache, Portfolio, load_portfolio


def load_checked_portfolio(project: Project, cache: ParseCache | None = None) -> tuple[Portfolio, list[Diagnostic]]:
    """Raises UserError when the config is unusable; content problems come back as diagnostics."""
    config = load_config(project)
    portfolio, problems = load_portfolio(project, config, cache)
    problems.extend(check_references(portfolio))
    return portfolio, sorted(problems)
