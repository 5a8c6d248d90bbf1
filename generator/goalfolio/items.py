"""What every content item is, whatever its kind: the strict base model that the content's
models (`models`) and goalfolio.yaml's (`siteconfig`) share, an item's id and source (read
fast, as a build reads them hundreds of thousands of times), who may see it (its
visibility, the builds that publish it, a build that shows it and hides another), and the
ids a theme's template gets when it prints a whole model.

Kept apart from `models`, which says what each kind of file may contain: the kinds share
these rules, and the pages, checks and privacy rules depend on them alone.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

from .disclosure import REFERENCE_FIELDS, shown_references
from .fieldtypes import Visibility

if TYPE_CHECKING:  # `Source` stays in `models`, where the cache's pickles and template errors name it
    from .models import Source


class Model(BaseModel):
    """`defer_build`: a model's validator is built when a file of its kind is first
    validated, not at import. A build that takes most items from the cache validates only
    the edited files, and so skips building the validators of the other kinds."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False, defer_build=True)


_CACHED_FROM = {"_id": ("id",), "_source": ("source", "body")}  # private attribute -> cached properties


class Item(Model):
    """Fields and source shared by every content file."""

    if TYPE_CHECKING:  # a field of each kind of item but the profile (see `Hideable`)
        @property
        def visibility(self) -> Visibility: ...

    _id: str = PrivateAttr(default="")
    _source: Source | None = PrivateAttr(default=None)

    # `id`, `source` and `body` are read hundreds of thousands of times per build. A plain property
    # over a private attribute goes through pydantic's slow `__getattr__`; a cached_property
    # lands in the instance `__dict__` after the first read (not a field: dumps, the JSON
    # schema and `extra="forbid"` are unaffected), and `__setattr__` drops it when the
    # private attribute is set, so an early read can never leave a stale value behind.
    @functools.cached_property
    def id(self) -> str:
        return self._id

    @functools.cached_property
    def source(self) -> Source:
        assert self._source is not None, "items are always loaded with a source"
        return self._source

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        for cached in _CACHED_FROM.get(name, ()):
            self.__dict__.pop(cached, None)

    @functools.cached_property
    def body(self) -> str:
        return self._source.body if self._source else ""

    @property
    def is_public(self) -> bool:
        return self.visibility == "public"

    def visible_to(self, audience: str | None) -> bool:
        """`audience` None is the owner's view, which sees everything."""
        if audience is None or self.visibility == "public":
            return True
        return isinstance(self.visibility, list) and audience in self.visibility

    def reader_views(self) -> list[str | None]:
        """The builds that publish this item: the public one for a public item (every
        audience's build shows what it shows), each of its audiences', or the owner's (None)
        alone for a private one."""
        if self.visibility == "public":
            return ["public"]
        if self.visibility == "private":
            return [None]
        return list(self.visibility)

    def build_hiding(self, target: Item) -> str | None:
        """A build that shows this item and not `target`, named for a message, or None:
        where a citation of `target`, or a link to it, would lose it or give its id away."""
        if target.is_public or self.visibility == "private":  # a private item is only in the owner's build
            return None
        if self.is_public:
            return "a public build"
        hidden = [name for name in self.visibility if not target.visible_to(name)]
        return f"the build for `{hidden[0]}`" if hidden else None


class NamesItems(Model):
    """A model with fields naming other items by id. A theme's template that prints or
    loops over the whole of one (`{{ case }}`, `{% for field, value in case %}`) gets the
    ids as it would reading each field: only those the page's build shows (`disclosure`).
    A loop gives the fields only, not the source (the front matter as written)."""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return ((name, shown_references(value) if name in REFERENCE_FIELDS else value) for name, value in super().__repr_args__())

    def __iter__(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        fields = type(self).model_fields
        return ((name, shown_references(value) if name in REFERENCE_FIELDS else value)
                for name, value in super().__iter__() if name in fields)


class Hideable(NamesItems, Item):
    """Items that may be kept from the public site. The profile is not one: it is the site."""

    visibility: Visibility = "public"
