"""Turn pydantic's validation errors and cross-field rules into diagnostics a person can act on.

Each message names the field as written in the file, says what was expected and what YAML
made of the value, and points at the line of the key or value.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import difflib
import math
import re
import types
import typing
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from .citations import CITATION_RE
from .errors import HINT, Diagnostic, written_number
from .frontmatter import FrontMatter, Location, decimal_comma_hint, describe_value, quoted_text
from .models import Endorsement, Goal, Item, Profile, Review
from .urls import id_from_text

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

DATE_HINT = "write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"
DECIMAL_COMMA = re.compile(r"([+-]?[0-9]+),([0-9]+)")  # `3,5` on a line of its own: text to YAML


def validate_model(model: type[M], data: dict[str, Any], path: str, front: FrontMatter) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` against `model`; on failure return every problem, located in the file."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _without_explained_missing(_dedupe([_diagnose(model, err, path, front, data) for err in exc.errors()]))


def validate_remainder(model: type[M], data: dict[str, Any]) -> tuple[M, frozenset[str]] | None:
    """The item without the fields that fail the schema, and their names, when each of them
    may be left out (an unknown field, an optional one): so that one run also reports what
    the rest of the file gets wrong, such as a goal's dates or a reference to nothing. Only
    top-level fields are left out, so every other field keeps the position its problems are
    reported at. None when a required field fails, or the file is not a mapping of fields."""
    try:
        return model.model_validate(data), frozenset()
    except ValidationError as exc:
        failing = {err["loc"][0] if err["loc"] else None for err in exc.errors()}
    if not _may_leave_out(model, failing):
        return None
    try:
        return model.model_validate({key: value for key, value in data.items() if key not in failing}), frozenset(map(str, failing))
    except ValidationError:
        return None


def validate_elements(model: type[M], data: dict[str, Any]) -> tuple[M, dict[str, list[int]]] | None:
    """As `validate_remainder`, but a list keeps its elements that pass: one bad indicator
    must not hide what the rules across fields say of its siblings. Returns the item and,
    for each list that lost elements, the original index of each element kept, so that
    problems are reported where the file has them."""
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        errors = exc.errors()
    failing: set[Any] = set()
    elements: dict[str, set[int]] = {}
    for err in errors:
        loc = err["loc"]
        if len(loc) > 1 and isinstance(loc[0], str) and isinstance(loc[1], int) and isinstance(data.get(loc[0]), list):
            elements.setdefault(loc[0], set()).add(loc[1])
        else:
            failing.add(loc[0] if loc else None)
    if not _may_leave_out(model, failing):
        return None
    kept = {key: [i for i in range(len(data[key])) if i not in bad] for key, bad in elements.items()}
    trimmed = {key: [value[i] for i in kept[key]] if key in kept else value for key, value in data.items() if key not in failing}
    try:
        return model.model_validate(trimmed), kept
    except ValidationError:
        return None


def _may_leave_out(model: type[BaseModel], failing: set[Any]) -> bool:
    """Whether the item still stands without these top-level fields: none is required, and
    none is the file itself (an error with no field, such as a file that is no mapping)."""
    return None not in failing and not any(
        isinstance(key, str) and key in model.model_fields and model.model_fields[key].is_required() for key in failing)


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


def semantic_problems(item: Item, path: str, front: FrontMatter, kept: dict[str, list[int]] | None = None) -> list[Diagnostic]:
    """Rules that span fields, reported at the field that has to change. `kept`: the
    original indices of list elements, for an item validated without some of them
    (`validate_elements`)."""
    kept = kept or {}
    cited = [located_error(path, front, _original(loc, kept), *found) for loc, found in _front_matter_citations(item, front)]
    if not isinstance(item, Goal):
        return cited
    return cited + [located_error(path, front, _original(loc, kept), code, message, hint) for loc, code, message, hint in _goal_rules(item)] + [
        located_error(path, front, _original(loc, kept), code, message, hint, "warning")
        for loc, code, message, hint in _milestone_dates(item)]


def _front_matter_citations(item: Item, front: FrontMatter) -> Iterator[tuple[Loc, tuple[str, str, str]]]:
    """Front matter text (a goal's `why`, a milestone's title) is shown as written on every
    page, in the feed and in portfolio.json: a `[[id]]` in it would show as it is, a private
    item's id too. Only the body's citations are resolved. (A quote has its own rule.) It is
    not Markdown either: `\\[[id]]`, which a body shows as `[[id]]`, would show its backslash."""
    if "[[" not in front.text:
        return
    for loc, text in _texts(item, ()):
        found = CITATION_RE.search(text)
        if found is None or loc == ("quote",) or (loc == ("author",) and isinstance(item, Endorsement) and item.is_anonymous):
            continue  # an anonymous endorsement's author is never shown
        escapes = len(text[:found.start()]) - len(text[:found.start()].rstrip("\\"))
        if escapes % 2:
            yield loc, ("front-matter-citation", f"front matter is not Markdown, so `\\{found.group()}` in it would show "
                        "with its backslash, and the id as written", "name the item in words, and cite it with [[id]] in the body")
        else:
            yield loc, ("front-matter-citation", f"front matter is shown as written, so `{found.group()}` in it would show as it is",
                        "name the item in words, and cite it with [[id]] in the body")


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every text in a validated model, with where it is."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for index, element in enumerate(value):
            yield from _texts(element, (*loc, index))


def _original(loc: Loc, kept: dict[str, list[int]]) -> Loc:
    """Where a list element of an item validated without some of its siblings is in the file."""
    if len(loc) > 1 and isinstance(loc[1], int) and loc[0] in kept:
        return (loc[0], kept[str(loc[0])][loc[1]], *loc[2:])
    return loc


def config_problems(data: dict[str, object], path: str, front: FrontMatter) -> list[Diagnostic]:
    """Rules the config's fields do not check one by one. They read the file as written, so
    they are reported beside its other problems, not only once those are fixed."""
    return [located_error(path, front, loc, code, message, hint)
            for loc, code, message, hint in (*_audiences_listed_twice(data), *_steps_named_twice(data))]


def _audiences_listed_twice(data: dict[str, object]) -> Iterator[tuple[Loc, str, str, str]]:
    audiences = data.get("audiences")
    if not isinstance(audiences, list):
        return
    for index, audience in enumerate(audiences):
        if isinstance(audience, str) and audience in audiences[:index]:
            yield ("audiences", index), "duplicate-audience", f"the audience `{audience}` is listed twice", "list each audience once"


def _steps_named_twice(data: dict[str, object]) -> Iterator[tuple[Loc, str, str, str]]:
    frameworks = data.get("frameworks")
    if not isinstance(frameworks, dict):
        return
    for name, framework in frameworks.items():
        steps = framework.get("steps") if isinstance(framework, dict) else None
        ids = [step.get("id") if isinstance(step, dict) else None for step in steps] if isinstance(steps, list) else []
        for index, step_id in enumerate(ids):
            if isinstance(step_id, str) and step_id in ids[:index]:
                yield (("frameworks", name, "steps", index, "id"), "duplicate-step",
                       f"step id `{step_id}` is used twice in the framework `{name}`",
                       "give each step of a framework its own id: a case page names each step's section by it")


def _milestone_dates(goal: Goal) -> Iterator[tuple[Loc, str, str, str]]:
    """A milestone outside its goal's timeline is most often a mistyped year."""
    for index, milestone in enumerate(goal.milestones):
        if milestone.due < goal.start:
            yield (("milestones", index, "due"), "milestone-before-start",
                   f"milestone `{milestone.title}` is due {milestone.due}, before the goal starts ({goal.start})",
                   "check the year, or move the goal's start back")
        elif milestone.due > goal.target_date:
            yield (("milestones", index, "due"), "milestone-after-target",
                   f"milestone `{milestone.title}` is due {milestone.due}, after the goal's target_date ({goal.target_date})",
                   "check the year, or move the goal's target_date")


def located_error(path: str, front: FrontMatter, loc: Loc, code: str, message: str, hint: str,
                  severity: str = "error", key: bool = False) -> Diagnostic:
    where = front.locate(loc, key=key)
    return Diagnostic(path, where.line, where.column, severity, code, message, hint, field_label(loc))  # type: ignore[arg-type]


def field_label(loc: Loc) -> str:
    label = ""
    for part in loc:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


def _goal_rules(goal: Goal) -> Iterator[tuple[Loc, str, str, str]]:
    if goal.target_date <= goal.start:
        yield (("target_date",), "dates-out-of-order",
               f"target_date {goal.target_date} is not after start {goal.start}",
               "a goal needs time between start and target_date")
    seen: set[str] = set()
    for index, indicator in enumerate(goal.indicators):
        loc: Loc = ("indicators", index)
        if indicator.id in seen:
            yield (loc + ("id",), "duplicate-indicator", f"indicator id `{indicator.id}` is used twice in this goal",
                   "give each indicator of a goal its own id")
        seen.add(indicator.id)
        if indicator.target == indicator.baseline:
            yield (loc + ("target",), "target-equals-baseline",
                   f"indicator `{indicator.id}` has the same baseline and target ({written_number(indicator.target)})",
                   "set a target that differs from the baseline, so progress can be measured")
        elif (indicator.target > indicator.baseline) != (indicator.direction == "up"):
            side = "below" if indicator.direction == "up" else "above"
            other = "down" if indicator.direction == "up" else "up"
            yield (loc + ("target",), "target-against-direction",
                   f"indicator `{indicator.id}` goes {indicator.direction} but its target {written_number(indicator.target)} is {side} "
                   f"its baseline {written_number(indicator.baseline)}",
                   f"set `direction: {other}`, or swap baseline and target")


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
                          f"add `{loc[-1]}:` with a value", name)
    value = err.get("input")
    where = front.locate(loc)
    message, hint = _explain(kind, name, value, err, where.raw, loc)
    hint = _shape_hint(model, kind, loc, value, where, front) or hint
    return Diagnostic(path, where.line, where.column, "error", kind.replace("_", "-"), message, hint, name)


def _unknown_field(model: type[BaseModel], loc: Loc, path: str, front: FrontMatter, name: str) -> Diagnostic:
    where = front.locate(loc, key=True)
    known = _fields_at(model, loc[:-1])
    close = closest_field(str(loc[-1]), known)
    hint = f"did you mean `{close}`?" if close else f"known fields here: {', '.join(known)}"
    if (home := _section_of(model, loc)) is not None:
        hint = f"`{loc[-1]}` belongs under `{home}:`: write `{home}:` and, indented below it, `{loc[-1]}: ...`"
    if model is Profile and loc == ("visibility",):
        hint = "the profile is always on the site, whatever its visibility; leave out what must stay private"
    return Diagnostic(path, where.line, where.column, "error", "unknown-field", f"unknown field `{name}`", hint, name)


def _shape_hint(model: type[BaseModel], kind: str, loc: Loc, value: Any, where: Location, front: FrontMatter) -> str | None:
    """A hint for a value written in the wrong shape for where it is, told from the shape
    the field wants (a list, text or fields, a set of fields, readings by goal) and what
    YAML made of what was written; None where the error's own hint says it best."""
    if kind == "list_type":
        return _list_hint(loc, value, [] if _takes_text(_annotation_at(model, loc)) else _fields_at(model, loc))
    if kind == "string_type" and isinstance(value, dict) and (fields := _fields_at(model, loc)):
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
    return None


def _comment_for_value(front: FrontMatter, where: Location) -> str:
    """The text written where an empty value is, which YAML took for a comment as it starts
    with `#` (`title: #1 in sales`, `- #rust`). Empty where the value is empty as written,
    or followed by a comment as people write one, with a space after its `#`."""
    lines = front.text.split("\n")
    index = where.line - front.first_line
    found = re.match(r"\s+(#\S.*\S|#\S)", lines[index][where.column - 1:]) if 0 <= index < len(lines) else None
    return found[1] if found else ""


def _explain(kind: str, name: str, value: Any, err: ErrorDetails, raw: str | None, loc: Loc) -> tuple[str, str]:
    got = f"the text `{_shorten(value)}`" if isinstance(value, str) else describe_value(value)
    written = f"`{raw}`" if raw else None
    read_as = f"YAML read {written} as {got}" if written and raw != str(value) or isinstance(value, bool) and written else f"got {got}"
    if kind == "string_type":
        return _not_text(name, value, raw, loc, read_as)
    if kind == "literal_error":
        return _not_an_option(name, value, err, got)
    if kind.startswith("date"):
        return _not_a_date(name, value, read_as)
    if kind in _NUMBER_KINDS or kind in ("int_from_float", "int_parsing_size", "finite_number"):
        return _not_a_number(kind, name, value, read_as)
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
    if kind == "string_too_short":
        return f"`{name}` must not be empty", f"write the text after `{loc[-1] if loc else name}:`"
    if kind in _BOUNDS:
        size, bound, wording = _BOUNDS[kind]
        return f"`{name}` is {size}: {got}", wording.format(_shown_number(err.get("ctx", {}).get(bound)))
    if kind == "value_error":  # a model's own check; it may give its hint after HINT
        message, _, hint = str(err["ctx"]["error"]).partition(HINT)
        return message, hint or "see docs/content.md for the accepted values"
    return f"`{name}`: {err['msg']}", "see docs/content.md for this field"


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


def _not_a_date(name: str, value: Any, read_as: str) -> tuple[str, str]:
    """The hint writes the date the user meant where it can tell: without its time, or padded."""
    if isinstance(value, datetime.datetime):
        return f"`{name}` must be a date without a time, but {read_as}", f"write the date alone, as YYYY-MM-DD: {value.date()}"
    if isinstance(value, str) and (invalid := _invalid_date(value)):
        return f"`{value}` is not a valid date: {invalid}", _invalid_date_hint(value)
    if isinstance(value, str) and _is_date(value[:10]) and value[10:11] in ("T", "t", " "):
        return f"`{name}` must be a date without a time, but {read_as}", f"write the date alone, as YYYY-MM-DD: {value[:10]}"
    if isinstance(value, str) and (invalid := _invalid_date(_padded(value))):
        return f"`{value}` is not a valid date: {invalid}", _invalid_date_hint(_padded(value))
    meant = (_as_date(value) or _meant_date(value)) if isinstance(value, str) else None
    return f"`{name}` must be a date, but {read_as}", f"write it as YYYY-MM-DD: {meant}" if meant else DATE_HINT


def _not_a_number(kind: str, name: str, value: Any, read_as: str) -> tuple[str, str]:
    whole = kind.startswith("int")
    wanted = "a whole number" if whole else "a number"
    plain = "write a whole number such as 12, without units" if whole else "write a plain number such as 12 or 4.5, without units"
    if kind in _NUMBER_KINDS and isinstance(value, str) and (ascii_number := _ascii_number(value)):
        return f"`{name}` must be {wanted}, but {read_as}", f"write it in ASCII digits: `{ascii_number}`"
    if kind in ("int_from_float", "int_parsing_size") or whole and isinstance(value, float):
        return f"`{name}` must be a whole number, but {read_as}", plain
    if kind == "finite_number":
        return f"`{name}` must be a finite number, but {read_as}", "write a plain number such as 12 or 4.5"
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):  # any other whole number is one
        return f"`{name}` is too large: a number of {len(str(abs(value)))} digits", "write a number below 1e308"
    if kind in ("float_type", "float_parsing") and isinstance(value, str) and (comma := DECIMAL_COMMA.fullmatch(value)):
        return f"`{name}` must be a number, but {read_as}", decimal_comma_hint(comma[1], comma[2])
    meant = _meant_number(value, whole) if isinstance(value, str) else ""
    return f"`{name}` must be {wanted}, but {read_as}", f"write it as a plain number, unquoted: {meant}" if meant else plain


def _meant_number(text: str, whole: bool) -> str:
    """The number text stands for, written as YAML reads one: text in quotes (`"90"`), or in
    a form YAML 1.1 reads as text (`1e3`). Empty for text that is no such number."""
    written = text.strip()
    if whole:
        return str(int(written)) if _WHOLE_NUMBER.fullmatch(written) else ""
    number = float(written) if _NUMBER.fullmatch(written) else math.inf
    return written_number(number) if math.isfinite(number) else ""


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,18}")
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


# pydantic's error types for a number out of bounds: (what the value is, the bound's name in
# the error's context, the hint).
_BOUNDS = {
    "greater_than_equal": ("too small", "ge", "it must be {} or more"),
    "greater_than": ("too small", "gt", "it must be more than {}"),
    "less_than_equal": ("too large", "le", "it must be {} or less"),
    "less_than": ("too large", "lt", "it must be less than {}"),
}


_NUMBER_KINDS = ("float_type", "float_parsing", "int_type", "int_parsing")


def _ascii_number(text: str) -> str:
    """`12` for `１２` (full width, as a Japanese input method types it) or `١٢` (Arabic-Indic):
    a number in digits YAML does not read as one. Empty for text that is no such number."""
    if text.isascii():
        return ""
    written = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in unicodedata.normalize("NFKC", text.strip()))
    return written if re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", written) else ""


def _is_date(text: str) -> bool:
    """Whether text is a date written as YYYY-MM-DD, as a date field reads it quoted or not."""
    return _as_date(text) is not None


def _invalid_date(text: str) -> str:
    """Why text written as YYYY-MM-DD is no date (`2026-02-30`); empty for any other text."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return ""
    try:
        datetime.date.fromisoformat(text)
    except ValueError as exc:
        return str(exc)
    return ""


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def _invalid_date_hint(text: str) -> str:
    """For a date written YYYY-MM-DD whose day its month does not have (`2026-02-29`,
    `2026-06-31`, `2026-04-00`), how many days the month has: the general hint, to write
    YYYY-MM-DD, tells someone who did just that nothing. The general hint for any other."""
    year, month, _ = (int(part) for part in text.split("-"))
    if year < 1 or not 1 <= month <= 12:
        return DATE_HINT
    days = calendar.monthrange(year, month)[1]
    return f"{_MONTH_NAMES[month - 1]} {year} has {days} days: write a day from 01 to {days}"


def _as_date(text: str) -> str | None:
    """`2026-03-01` for a date written `2026-3-1` or `2026-03-01`: year, month and day as a
    date field reads them, or None when the text is no such date."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    try:
        return datetime.date(*(int(part) for part in found.groups())).isoformat() if found else None
    except ValueError:
        return None


def _padded(text: str) -> str:
    """`2026-02-30` for `2026-2-30`: a date's parts to two digits, for `_invalid_date`."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    return f"{found[1]}-{int(found[2]):02}-{int(found[3]):02}" if found else ""


_NUMERIC_DATE = re.compile(r"([0-9]{1,4})([/.-])([0-9]{1,2})\2([0-9]{1,4})")
_WORDED_DATE = re.compile(r"(?:(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[a-z]+)\.?|(?P<month2>[a-z]+)\.?\s+"
                          r"(?P<day2>[0-9]{1,2})(?:st|nd|rd|th)?,?)\s+(?P<year>[0-9]{4})", re.IGNORECASE)


def _meant_date(text: str) -> str | None:
    """`2026-11-26` for a date written another common way: `2026/11/26`, `26/11/2026` or
    `26.11.2026`, `11/26/2026`, `26 November 2026`, `Nov 26, 2026`. Day and month in either
    order only where one of them is over 12: `03/04/2026` could be either, and gives None.
    The month names are imported here, on an error's path: their module's regular
    expressions cost every build that validates a file about 8 ms to compile."""
    from .sentences import MONTHS

    written = text.strip()
    if (numeric := _NUMERIC_DATE.fullmatch(written)) is not None:
        first, _, second, last = numeric.groups()
        if len(first) == 4:
            return _date_of(int(first), int(second), int(last))
        if len(last) != 4:
            return None  # a year of two digits: which century is a guess
        a, b = int(first), int(second)
        if a == b or (a > 12) != (b > 12):
            return _date_of(int(last), min(a, b) if a != b else a, max(a, b))
        return None
    if (worded := _WORDED_DATE.fullmatch(written)) is not None:
        month = MONTHS.get((worded["month"] or worded["month2"]).lower())
        return _date_of(int(worded["year"]), month, int(worded["day"] or worded["day2"])) if month else None
    return None


def _date_of(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _shown_number(value: Any) -> str:
    return written_number(value) if isinstance(value, float) else str(value)


def with_date_hints(refused: Iterable[Diagnostic], errors: Iterable[Diagnostic]) -> list[Diagnostic]:
    """YAML's refusals, with the hint for dates on a value it could not read as a date
    (`2026-13-01`) where the schema wants a date: its own hint offers quoting, which keeps
    text as text but, in a date field, only trades one error for another."""
    hints = {(e.line, e.column): e.hint for e in errors if e.code.startswith("date")}
    return [dataclasses.replace(d, hint=hints[d.line, d.column]) if d.code == "bad-value" and (d.line, d.column) in hints else d
            for d in refused]


# Words written for a field that no spelling leads to: a feedback entry's `who` is who it is
# from, and its `next` the date of the next ask.
_SAME_MEANING = {"from": "who", "when": "next", "date": "next", "due": "next"}


def closest_field(name: str, known: list[str]) -> str | None:
    """The known field `name` most likely stands for. A field's first word counts as the
    field, as people shorten `target_date` to `target` or `targ`, which difflib alone would
    take for `start` or `tags`: a field whose first word `name` begins and makes at least
    half of wins, then the closest by difflib's ratio, then a field `name` is another word
    for (`from` for `who`)."""
    words = {field.split("_")[0]: field for field in reversed(known) if "_" in field}
    names = {**words, **{field: field for field in known}}
    if len(name) >= 3:
        started = [field for word, field in names.items() if word.startswith(name) and 2 * len(name) >= len(word)]
        if started:
            return min(started, key=len)
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    if close:
        return names[close[0]]
    meant = _SAME_MEANING.get(name)
    return meant if meant in known else None


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


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    current = _model_at(model, loc)
    return list(current.model_fields) if current is not None else []


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


def _section_of(model: type[BaseModel], loc: Loc) -> str | None:
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


def _is_mapping(annotation: Any) -> bool:
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_mapping(arg) for arg in typing.get_args(annotation))


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


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


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for diagnostic in diagnostics:
        key = (diagnostic.line, diagnostic.column, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique
