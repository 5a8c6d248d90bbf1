"""Say how to write what is given in the wrong shape for its place: a field outside the
section that holds it, one text where a list goes, a set of fields where text goes, text
where a list's entries are sets of fields, readings not grouped by goal, a value YAML
read as a comment, a number where text of a set form goes (a language tag, an id); and
what to write for a required field left out.

Each hint is told from the shape the schema wants there, found by walking the models
along the field's path, and from what YAML made of what was written.
"""

from __future__ import annotations

import datetime
import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import Loc, written_number
from .fieldtypes import ID_PATTERN, ID_RE, Url
from .frontmatter import FrontMatter, Location
from .models import Review
from .siteconfig import LANGUAGE_TAG_RE
from .syntaxerrors import quoted_text


def shape_hint(model: type[BaseModel], kind: str, loc: Loc, value: Any, where: Location, front: FrontMatter) -> str | None:
    """A hint for a value written in the wrong shape for where it is, told from the shape
    the field wants (a list, text or fields, a set of fields, readings by goal) and what
    YAML made of what was written; None where the error's own hint says it best."""
    if kind == "list_type":
        return _list_hint(loc, value, [] if _takes_text(_annotation_at(model, loc)) else fields_at(model, loc))
    if kind == "string_type" and isinstance(value, dict) and (fields := fields_at(model, loc)):
        return _text_or_fields_hint(value, fields)
    if kind in ("model_type", "model_attributes_type") and loc and isinstance(loc[-1], int) and isinstance(value, (str, int, float)) \
            and (entry := _model_at(model, loc)) is not None:
        return _entry_hint(entry, where.raw or value)
    if model is Review and len(loc) == 2 and loc[0] == "readings" and isinstance(value, (int, float)) and not isinstance(value, bool):
        reading = f"{loc[1]}: {where.raw or written_number(value)}"  # an indicator's reading, where its goal's id goes
        return f"readings are grouped by goal: write `{reading}` indented below the goal's id, as `readings: {{goal-id: {{{reading}}}}}`"
    if kind == "string_type" and value is None and loc and (comment := _comment_for_value(front, where)):
        quote = f"the whole value: `{loc[-1]}: {quoted_text(comment)}`" if isinstance(loc[-1], str) \
            else f"the whole item: `- {quoted_text(comment)}`"
        return f"`#` after a space starts a comment in YAML, so this value is empty; quote {quote}"
    if kind == "string_type" and isinstance(value, (int, float, datetime.date)) and loc:
        return _checked_text_hint(model, loc, where.raw or str(value))
    return None


# Text fields their model's own check holds to a form, by model and field: the form, as a
# pattern the value as written is matched against, and the hint that shows it.
_CHECKED_TEXT = {
    ("SiteConfig", "language"): (LANGUAGE_TAG_RE, "write a language tag, such as `language: en` or `language: pt-BR`"),
    ("SiteConfig", "base_url"): (re.compile(r"https?://.*"),
                                 "write the address the site is published at, e.g. `base_url: https://you.github.io/portfolio/`"),
}


def _checked_text_hint(model: type[BaseModel], loc: Loc, written: str) -> str | None:
    """For a number, boolean or date where text of a set form goes (a language tag, an
    address, an id), what that form is: quoted, `language: 12` would only be refused again,
    as no language tag. None where the value as written has the form, and quoting it is the
    fix (`language: no`, Norwegian, which YAML reads as false; `parent: 2026`)."""
    entry = isinstance(loc[-1], int)
    field_loc = loc[:-1] if entry else loc
    parent = _model_at(model, field_loc[:-1]) if field_loc else None
    name = str(field_loc[-1]) if field_loc else ""
    info = parent.model_fields.get(name) if parent is not None else None
    if parent is None or info is None:
        return None
    if _names_ids(info.annotation) or _is_id(info.metadata):
        example = _id_example(parent, name)
        return None if ID_RE.fullmatch(written) else \
            f"write an id: lowercase letters, digits and `-`, e.g. `{example if entry else f'{name}: {example}'}`"
    if info.metadata == list(typing.get_args(Url)[1:]):
        return f"write an address, as `{name}: https://example.com`, or a path from the site root, as `{name}: assets/slides.pdf`"
    form, hint = _CHECKED_TEXT.get((parent.__name__, name), (None, ""))
    return hint if form is not None and not form.fullmatch(written) else None


def _names_ids(annotation: Any) -> bool:
    """Whether a type is an id, or holds ids: a list of them, or an optional one."""
    return _is_id(getattr(annotation, "__metadata__", ())) or any(_names_ids(arg) for arg in typing.get_args(annotation))


def _comment_for_value(front: FrontMatter, where: Location) -> str:
    """The text written where an empty value is, which YAML took for a comment as it starts
    with `#` (`title: #1 in sales`, `- #rust`). Empty where the value is empty as written,
    or followed by a comment as people write one, with a space after its `#`."""
    lines = front.text.split("\n")
    index = where.line - front.first_line
    found = re.match(r"\s+(#\S.*\S|#\S)", lines[index][where.column - 1:]) if 0 <= index < len(lines) else None
    return found[1] if found else ""


_FLOW_BREAKERS = re.compile(r"""[\[\]{}#'"\n]|: |:$|^[-?&*!|>%@`]""")  # what `[...]` would read otherwise


def _list_hint(loc: Loc, value: Any, entry_fields: list[str]) -> str:
    """The list as it is written: one text (`skills: pricing`, `goals: a, b`) in brackets,
    where they keep it as it reads; entries of fields each as a `- ` item."""
    key = loc[-1] if loc else "field"
    if entry_fields:
        return f"write each entry as a `- ` item with its fields beneath it, starting `- {entry_fields[0]}: ...`"
    if isinstance(value, str) and value.strip() and not _FLOW_BREAKERS.search(value.strip()):
        return f"write `{key}: [{value.strip()}]`, or one `- item` per line"
    return f"write `{key}: [first, second]` or one `- item` per line"


def _text_or_fields_hint(value: dict[Any, Any], fields: list[str]) -> str:
    """For an entry that is text or a set of fields (one of `feedback:`), given neither: most
    often text a `: ` cut into a key and a value (`- My mentor: quarterly`), to be quoted."""
    fields_hint = f"write its fields: {', '.join(fields)}"
    if len(value) == 1 and all(isinstance(part, str) for part in (*value, *value.values())):
        [(key, text)] = value.items()
        return f'quote it if it is text: `"{key}: {text}"`; or {fields_hint}'
    return f"write the item as text, quoted if it contains `: ` or starts with `{{` or `[`; or {fields_hint}"


# The field that a list entry written as text most likely gives, where its model has one.
_TEXT_FIELDS = ("title", "name", "need", "what", "language")


def _entry_hint(entry: type[BaseModel], value: str | float) -> str:
    """How to write an entry of a list of sets of fields written as a plain value, as a
    newcomer writes a list (`milestones: [Ship the beta]`, `languages: [Dutch]`): as a set
    of fields, with the text in the field it most likely gives and the required others."""
    fields = entry.model_fields
    text = str(value)
    given = "url" if "url" in fields and re.match(r"(https?:|mailto:)", text) else \
        next((name for name in _TEXT_FIELDS if name in fields), None)
    written = quoted_text(text) if _FLOW_BREAKERS.search(text) or "," in text else text
    shown = [f"{name}: {written if name == given else '...'}" for name, field in fields.items() if field.is_required() or name == given]
    return f"write it as a set of fields: `{{{', '.join(shown)}}}`"


def missing_hint(model: type[BaseModel], loc: Loc) -> str:
    """What to add for the required field at `loc`, with what its value looks like, told
    from its type: the values it accepts, a date's or a number's form, a list's, or the
    example its description gives; `with a value` where the type tells nothing more."""
    name = str(loc[-1])
    parent = _model_at(model, loc[:-1])
    info = parent.model_fields.get(name) if parent is not None else None
    form = _value_form(name, info, _id_example(parent, name)) if parent is not None and info is not None else None
    return f"add `{name}:` with {form or 'a value'}"


# The example each type of value is shown with, as the other hints write one.
_DATE_EXAMPLE = "2026-03-01"
# An id's example names what its place does: a list of ids by its name (`goals:`), an
# `id:` by the model it is in. A goal's id, "lead-team", read oddly as an indicator's.
_ID_EXAMPLES = {"goals": "lead-team", "Indicator": "weekly-active-users", "Step": "stretch-project"}
_DESCRIBED_EXAMPLE = re.compile(r"e\.g\. `([^`]+)`")


def _id_example(parent: type[BaseModel], name: str) -> str:
    """The example of an id at the field `name` of `parent`; a goal's where the place names
    no other, as most lists of ids do."""
    return _ID_EXAMPLES.get(parent.__name__ if name == "id" else name, _ID_EXAMPLES["goals"])


def _value_form(name: str, info: FieldInfo, id_example: str) -> str | None:
    """`one of: a, b`, `a date, as `due: 2026-03-01``: the value a field takes, in words and
    by example; None where its type says no more than "a value"."""
    annotation = _without_none(info.annotation)
    options = _literal_options(annotation)
    if options:
        return f"one of: {', '.join(options)}"
    if annotation is datetime.date:
        return f"a date, as `{name}: {_DATE_EXAMPLE}`"
    if annotation in (int, float):
        return f"a number, as `{name}: 12`"
    if typing.get_origin(annotation) is list:
        return _list_form(name, annotation, id_example)
    if annotation is str:
        return _text_form(name, info, id_example)
    return None


def _list_form(name: str, annotation: Any, id_example: str) -> str:
    [entry] = typing.get_args(annotation)
    entry_fields = list(entry.model_fields) if _is_model(entry) else []
    if entry_fields:
        return f"one `- ` item per entry, each with its fields beneath it, starting `- {entry_fields[0]}: ...`"
    if _is_id(getattr(entry, "__metadata__", ())):
        return f"a list of ids, as `{name}: [{id_example}]`"
    return f"a list, as `{name}: [first, second]`"


def _text_form(name: str, info: FieldInfo, id_example: str) -> str | None:
    """An id's form, a link's, or the example the field's description gives (`e.g. `Dutch``)."""
    if _is_id(info.metadata):
        return f"an id: lowercase letters, digits and `-`, e.g. `{name}: {id_example}`"
    if info.metadata == list(typing.get_args(Url)[1:]):
        return f"an address, as `{name}: https://example.com`"
    example = _DESCRIBED_EXAMPLE.search(info.description or "")
    if example is None or _FLOW_BREAKERS.search(example[1]) or " #" in example[1]:
        return None
    return f"a value, e.g. `{name}: {example[1]}`"


def _is_id(metadata: Any) -> bool:
    """Whether a field's metadata, or a list entry's (a `Field` in it), holds the id pattern
    of `fieldtypes.Id`."""
    return any(getattr(part, "pattern", None) == ID_PATTERN or _is_id(getattr(part, "metadata", ())) for part in metadata)


def _literal_options(annotation: Any) -> list[str]:
    return [str(option) for option in typing.get_args(annotation)] if typing.get_origin(annotation) is typing.Literal else []


def _without_none(annotation: Any) -> Any:
    """`X` for `X | None`: a required field may still take null, and the hint is for X."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The fields the value at `loc` may have (each entry's, for a list): none for a value
    that is no set of fields."""
    current = _model_at(model, loc)
    return list(current.model_fields) if current is not None else []


def section_of(model: type[BaseModel], loc: Loc) -> str | None:
    """The field beside an unknown one whose own fields (a set of them, not a list) hold its
    name: `allow_html` written at the top of goalfolio.yaml, where the table of
    docs/content.md names it `markdown.allow_html`. None where there is no such field."""
    current = _model_at(model, loc[:-1])
    if current is None:
        return None
    fields: dict[str, Any] = current.model_fields
    for name, field in fields.items():
        inner = field.annotation if _is_model(field.annotation) else None
        if inner is None and typing.get_origin(field.annotation) in (typing.Union, types.UnionType):
            inner = next((arg for arg in typing.get_args(field.annotation) if _is_model(arg)), None)
        if inner is not None and loc[-1] in inner.model_fields:
            return name
    return None


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model of the value at `loc` (of each entry, for a list), or None for a value
    that is no set of fields."""
    current = _inner_model(_annotation_at(model, loc)) if loc else model
    return current if _is_model(current) else None


def _annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    """The type of the field `loc` leads to (through list indices and mapping keys), or None
    where it leads to no field."""
    current: Any = model
    annotation: Any = None
    is_key = False  # the next part is a key of a `{name: model}` field, not a field name
    for part in loc:
        if isinstance(part, int) or is_key:
            is_key = False
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return None
        annotation = field.annotation
        is_key = _is_mapping(annotation)
        current = _inner_model(annotation)
    return annotation


def _takes_text(annotation: Any) -> bool:
    """Whether a field's type, or its list's entries, may be text: a `feedback:` entry may
    be text or fields, and a list of it written as one text is told to bracket it as text."""
    return annotation is str or any(_takes_text(arg) for arg in typing.get_args(annotation))


def _is_mapping(annotation: Any) -> bool:
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_mapping(arg) for arg in typing.get_args(annotation))


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and not isinstance(value, types.GenericAlias) and issubclass(value, BaseModel)
