"""goalfolio: a static site generator for goal portfolios."""

__version__ = "0.1.0"
