"""Check what a file gives against its schema and against the rules that span its fields,
and report each problem as a diagnostic at the field that has to change.

A file that fails its schema is told by `schemaerrors`, imported on that path only. An
item that fails may still be checked without its failing fields (`validate_remainder`,
`validate_elements`), so that one run reports the rest of what the file gets wrong.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .citations import CITATION_RE
from .errors import Diagnostic, Loc, field_label, written_number
from .frontmatter import FrontMatter
from .items import Item
from .models import Endorsement, Goal

M = TypeVar("M", bound=BaseModel)
def validate_model(model: type[M], data: dict[str, Any], path: str, front: FrontMatter) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` against `model`; on failure return every problem, located in the file."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        from .schemaerrors import diagnose  # on an error's path only

        return None, diagnose(model, exc.errors(), path, front, data)


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
    for loc, text in model_texts(item, ()):
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


def model_texts(value: Any, loc: Loc, skipped: frozenset[str] = frozenset()) -> Iterator[tuple[Loc, str]]:
    """Every text in a validated model, with where it is; none under a field named in `skipped`."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in skipped:
                yield from model_texts(getattr(value, name), (*loc, name), skipped)
    elif isinstance(value, list):
        for index, element in enumerate(value):
            yield from model_texts(element, (*loc, index), skipped)


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


def beside_refused(refused: Iterable[Diagnostic], errors: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The schema's errors that are not about a value YAML refused, which is reported
    already. Told apart by position, not by line: a `{...}` on one line may hold a refused
    value and other fields' mistakes (`{before: abc, after: 1:30}`), each to be reported."""
    positions = {(d.line, d.column) for d in refused}
    return [d for d in errors if (d.line, d.column) not in positions or d.code == "unknown-field"]


def with_date_hints(refused: Iterable[Diagnostic], errors: Iterable[Diagnostic]) -> list[Diagnostic]:
    """YAML's refusals, with the hint for dates on a value it could not read as a date
    (`2026-13-01`) where the schema wants a date: its own hint offers quoting, which keeps
    text as text but, in a date field, only trades one error for another."""
    hints = {(e.line, e.column): e.hint for e in errors if e.code.startswith("date")}
    return [dataclasses.replace(d, hint=hints[d.line, d.column]) if d.code == "bad-value" and (d.line, d.column) in hints else d
            for d in refused]
