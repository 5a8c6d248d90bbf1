"""Turn each of pydantic's validation errors into a diagnostic a person can act on.

Each message names the field as written in the file, says what was expected and what YAML
made of the value, and points at the line of the key or value. Only a file that fails
its schema comes here, so `validation` imports the module on that path only.
"""

from __future__ import annotations

import difflib
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .errors import HINT, Diagnostic, Loc, field_label, written_number
from .frontmatter import FrontMatter
from .items import Item
from .models import Profile
from .shapehints import fields_at, missing_hint, section_of, shape_hint
from .urls import id_from_text
from .valuehints import NUMBER_KINDS, not_a_date, not_a_number
from .yamlvalues import describe_value

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


def diagnose(model: type[BaseModel], errors: list[ErrorDetails], path: str, front: FrontMatter, data: Any) -> list[Diagnostic]:
    """Every problem of a file that failed `model`, located in it, each told once."""
    return _without_explained_missing(_dedupe([_diagnose(model, err, path, front, data) for err in errors]))


def _without_explained_missing(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A misspelt required field is one mistake: keep "unknown `titel`, did you mean `title`?"
    and drop the "missing `title`" it explains."""
    suggested = {
        _sibling(d.field_path, d.hint.removeprefix("did you mean `").removesuffix("`?"))
        for d in diagnostics if d.code == "unknown-field" and d.hint.startswith("did you mean `")
    }
    return [d for d in diagnostics if not (d.code == "missing-field" and d.field_path in suggested)]


def _sibling(field_path: str, name: str) -> str:
    """The path of field `name` beside `field_path`: `a[0].titel` and `title` give `a[0].title`."""
    head, dot, _ = field_path.rpartition(".")
    return f"{head}.{name}" if dot else name


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for diagnostic in diagnostics:
        key = (diagnostic.line, diagnostic.column, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique


def _diagnose(model: type[BaseModel], err: ErrorDetails, path: str, front: FrontMatter, data: Any) -> Diagnostic:
    loc = _user_loc(err["loc"], data)
    kind = err["type"]
    name = field_label(loc) or "front matter"
    if kind == "extra_forbidden":
        return _unknown_field(model, loc, path, front, name)
    if kind == "missing":
        parent = front.locate(loc[:-1]) if loc[:-1] else None
        line, column = (parent.line, parent.column) if parent else (1, 1)
        return Diagnostic(path, line, column, "error", "missing-field", f"missing required field `{name}`",
                          missing_hint(model, loc), name)
    value = err.get("input")
    where = front.locate(loc)
    message, hint = _explain(kind, name, value, err, where.raw, loc)
    hint = shape_hint(model, kind, loc, value, where, front) or hint
    return Diagnostic(path, where.line, where.column, "error", kind.replace("_", "-"), message, hint, name)


def _user_loc(loc: Loc, data: Any) -> Loc:
    """The error's path as the user wrote it: without the labels pydantic adds for union members
    (such as `list[str]`), but keeping keys the user wrote, whatever characters they contain."""
    kept: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and "[" in part:
            continue
        else:
            data = None
        kept.append(part)
    return tuple(kept)


def _unknown_field(model: type[BaseModel], loc: Loc, path: str, front: FrontMatter, name: str) -> Diagnostic:
    where = front.locate(loc, key=True)
    known = fields_at(model, loc[:-1])
    close = closest_field(str(loc[-1]), known)
    hint = f"did you mean `{close}`?" if close else f"known fields here: {', '.join(known)}"
    if (home := section_of(model, loc)) is not None:
        hint = f"`{loc[-1]}` belongs under `{home}:`: write `{home}:` and, indented below it, `{loc[-1]}: ...`"
    if model is Profile and loc == ("visibility",):
        hint = "the profile is always on the site, whatever its visibility; leave out what must stay private"
    if issubclass(model, Item) and loc in (("id",), ("slug",)):  # as other generators name a page
        hint = (f"the profile's id is `profile`, its file's name: remove `{loc[0]}:`" if model is Profile else
                f"an item's id is its file name, `{PurePosixPath(path).stem}`: remove `{loc[0]}:`, and rename the file to change it")
    return Diagnostic(path, where.line, where.column, "error", "unknown-field", f"unknown field `{name}`", hint, name)


# Words written for a field that no spelling leads to, each with the fields it stands for,
# the first of them that the item has: a feedback entry's `who` is who it is from and its
# `next` the date of the next ask; a case's `target_role` is the role it argues for; a
# milestone's `due` its date; an endorsement's `author` its name and `role` its author's
# job title. Looked up before any spelling, which leads elsewhere: `state` to `start`,
# `position` to `location`, `tasks` to `tags`, a goal's `goals` to `gaps`.
_SAME_MEANING = {
    "from": ("who", "author", "before"), "to": ("after",), "when": ("next",), "date": ("next", "due"), "due": ("next",),
    "role": ("target_role",), "position": ("role", "target_role"), "job_title": ("role", "target_role"),
    "title": ("role", "name"), "name": ("title", "author", "who"),
    "company": ("organisation",), "employer": ("organisation",), "org": ("organisation",),
    "deadline": ("due", "target_date"), "end": ("target_date",), "completed": ("done",), "state": ("status",),
    "start": ("baseline", "before"), "type": ("kind",), "kind": ("type",),
    "kpis": ("indicators",), "metrics": ("indicators",), "tasks": ("milestones",), "steps": ("milestones",),
    "goals": ("parent",), "link": ("url",), "href": ("url",),
    "image": ("photo",), "avatar": ("photo",), "city": ("location",),
}


def closest_field(name: str, known: list[str]) -> str | None:
    """The known field `name` most likely stands for: first a field `name` is another word
    for (`role` for a case's `target_role`); then, as people shorten `target_date` to
    `target` or `targ`, which difflib alone would take for `start` or `tags`, a field whose
    first word `name` begins and makes at least half of; then a field that is the first
    word of `name` (`start` for `start_date`, which difflib takes for `target_date`); then
    the closest by difflib's ratio."""
    meant = next((field for field in _SAME_MEANING.get(name, ()) if field in known), None)
    if meant is not None:
        return meant
    words = {field.split("_")[0]: field for field in reversed(known) if "_" in field}
    names = {**words, **{field: field for field in known}}
    if len(name) >= 3:
        started = [field for word, field in names.items() if word.startswith(name) and 2 * len(name) >= len(word)]
        if started:
            return min(started, key=len)
    first_word = re.split(r"[_-]", name)[0]
    if first_word != name and first_word in known:
        return first_word
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _explain(kind: str, name: str, value: Any, err: ErrorDetails, raw: str | None, loc: Loc) -> tuple[str, str]:
    got = f"the text `{_shorten(value)}`" if isinstance(value, str) else describe_value(value)
    written = f"`{raw}`" if raw else None
    read_as = f"YAML read {written} as {got}" if written and raw != str(value) or isinstance(value, bool) and written else f"got {got}"
    if kind == "string_type":
        return _not_text(name, value, raw, loc, read_as)
    if kind == "literal_error":
        return _not_an_option(name, value, err, got)
    if kind.startswith("date"):
        return not_a_date(name, value, read_as)
    if kind in NUMBER_KINDS or kind in ("int_from_float", "int_parsing_size", "finite_number"):
        return not_a_number(kind, name, value, read_as)
    if kind == "bool_type" or kind == "bool_parsing":
        return f"`{name}` must be true or false, but {read_as}", "write true or false"
    if kind == "list_type":
        return f"`{name}` must be a list, but {read_as}", f"write `{loc[-1]}: [first, second]` or one `- item` per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"`{name}` must be a set of fields, but {read_as}", "indent its fields beneath it as `key: value` lines"
    if kind == "string_pattern_mismatch":
        folded = id_from_text(value, limit=1 << 16) if isinstance(value, str) else ""
        if folded:  # as the loader tells a file name to be renamed, so the reference and the file agree
            letters = "letters" if value.isascii() else "ASCII letters"
            return f"`{name}` is not a valid id: `{value}`", f"write `{folded}`: ids use lowercase {letters}, digits and `-`"
        return f"`{name}` is not a valid id: `{value}`", "ids use lowercase letters, digits and `-`, e.g. `lead-team`"
    if kind == "too_short":
        return f"`{name}` must not be empty", "add at least one entry"
    if kind in ("string_too_short", "blank_text"):
        # `skills: [pricing, ""]`: a list's item has no key
        write = "write the item's text, or remove the item" if loc and isinstance(loc[-1], int) \
            else f"write the text after `{loc[-1] if loc else name}:`"
        if kind == "blank_text":  # `title: "\u200b"`: text a page shows nothing of
            write = f"it holds no character a page shows, only {err['ctx']['characters']}: {write}"
        return f"`{name}` must not be empty", write
    if kind in _BOUNDS:
        size, bound, wording = _BOUNDS[kind]
        return f"`{name}` is {size}: {got}", wording.format(_shown_number(err.get("ctx", {}).get(bound)))
    if kind == "value_error":  # a model's own check; it may give its hint after HINT
        message, _, hint = str(err["ctx"]["error"]).partition(HINT)
        return message, hint or "see docs/content.md for the accepted values"
    return f"`{name}`: {err['msg']}", "see docs/content.md for this field"


def _not_text(name: str, value: Any, raw: str | None, loc: Loc, read_as: str) -> tuple[str, str]:
    """The hint depends on where the value sits: a list item has no key to write `>-` after."""
    key = loc[-1] if loc else "field"
    if value is None:
        return f"`{name}` must be text, but it is empty", "write the item's text, or remove the item" if isinstance(key, int) \
            else f"write the text after `{key}:`"
    if isinstance(value, (dict, list)) and isinstance(key, int):
        return f"`{name}` must be text, but {read_as}", "write the item as text, quoted if it contains `: ` or starts with `{` or `[`"
    if isinstance(value, (dict, list)):
        return f"`{name}` must be text, but {read_as}", f"write it on one line, quoted if it contains `: `, or as `{key}: >-` followed by indented lines"
    quoted = f'"{raw if raw is not None else value}"'
    return f"`{name}` must be text, but {read_as}", f"quote it: `{quoted if isinstance(key, int) else f'{key}: {quoted}'}`"


def _not_an_option(name: str, value: Any, err: ErrorDetails, got: str) -> tuple[str, str]:
    expected = err.get("ctx", {}).get("expected", "")
    options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5) if isinstance(value, str) else []
    hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(options)}"
    shown = f"`{value}`" if isinstance(value, str) else got
    return f"`{name}` must be one of {', '.join(options)}; got {shown}", hint


# pydantic's error types for a number out of bounds: (what the value is, the bound's name in
# the error's context, the hint).
_BOUNDS = {
    "greater_than_equal": ("too small", "ge", "it must be {} or more"),
    "greater_than": ("too small", "gt", "it must be more than {}"),
    "less_than_equal": ("too large", "le", "it must be {} or less"),
    "less_than": ("too large", "lt", "it must be less than {}"),
}


def _shown_number(value: Any) -> str:
    return written_number(value) if isinstance(value, float) else str(value)


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
