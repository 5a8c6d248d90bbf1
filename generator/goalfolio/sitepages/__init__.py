"""Page builders, one module per section; importing the package registers them all."""

from . import cases, endorsements, evidence, feeds, goals, home, notfound, progress_page, reviews  # noqa: F401
