"""`python -m goalfolio`."""

from .cli import run

run()
