"""Which items the page being rendered may name.

Front matter names other items by id (`goals`, `evidence`, `endorsements`, `parent`, a
review's readings), and an id is a file's name: `joanne-adeyemi` for a private endorsement,
`job-search-2027` for a private goal. Every page of the built-in theme drops references to
items its build hides, but a theme of the project's own reads the fields themselves
(`{{ case.endorsements|join(', ') }}`). While a page renders, `showing` holds the build's
test for an id; the template environment and the items' own printing (`models`) hand a
template only the ids it passes. An item's body, as written, names items in its
citations (`[[job-search-2027]]`): a template reading it gets each citation it may not show
as a build shows one of a hidden item. Outside rendering, Python sees every reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .citations import CITATION_RE, WITHHELD

# Fields of items (and of a goal's milestones) that hold ids of other items.
REFERENCE_FIELDS = frozenset({"parent", "goals", "evidence", "endorsements", "readings"})

_shows: ContextVar[Callable[[str], bool] | None] = ContextVar("shows", default=None)


@contextmanager
def showing(shows: Callable[[str], bool]) -> Iterator[None]:
    """Within the block, references are filtered by `shows` (an id to whether it may show)."""
    token = _shows.set(shows)
    try:
        yield
    finally:
        _shows.reset(token)


def shown_references(value: Any) -> Any:
    """`value` of a reference field as the page being rendered may show it: one id or None,
    a list of ids, or a review's readings by goal id."""
    shows = _shows.get()
    if shows is None or value is None:
        return value
    if isinstance(value, str):
        return value if shows(value) else None
    if isinstance(value, dict):
        return {key: readings for key, readings in value.items() if shows(key)}
    return [item_id for item_id in value if shows(item_id)]


def shown_body(body: str) -> str:
    """An item's Markdown as the page being rendered may show it: each `[[id]]` it may not
    show written as a build writes the citation of a hidden item."""
    shows = _shows.get()
    if shows is None or "[[" not in body:
        return body
    return CITATION_RE.sub(lambda found: found.group() if shows(found.group(1).strip()) else WITHHELD, body)
