"""The references between files, checked once over the whole portfolio: every id a field
or a citation names, every audience and framework name, and the links and assets written
in front matter must point at something; a citation or id that a build would show of an
item it hides is a warning.

`pipeline` runs it on every load, before any audience's view is built (`graph`), so that
`check` and every build report the same problems. The citations in bodies are checked by
`citationchecks`.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any

from pydantic import ValidationError

from .citationchecks import broken_citation, citation_problems
from .errors import Diagnostic, listed
from .fieldtypes import ID_RE
from .graph import PUBLIC, all_frameworks
from .items import Item
from .links import (
    WARNING_CODES,
    asset_name,
    from_site_root,
    leaves_the_site,
    missing_asset,
    unmade_file,
)
from .loader import Portfolio, Unvalidated, model_of
from .models import Case, Endorsement, Evidence, Goal, Link, Profile, Review, Source
from .pagelinks import PageLinkRule, page_link_rule
from .urls import endorsement_anchor, id_from_text
from .validation import located_error


def check_references(portfolio: Portfolio) -> list[Diagnostic]:
    """Every reference, citation, audience name and framework name must point at something."""
    return list(_reference_problems(portfolio))


def _reference_problems(p: Portfolio) -> Iterator[Diagnostic]:
    frameworks = all_frameworks(p)
    assets = set(p.assets)
    for item in p.items():
        yield from _item_references(item, p, frameworks)
    for file in p.unvalidated:
        visibility_known = file.remainder is not None and "visibility" not in file.left_out
        if file.remainder is not None:
            yield from _item_references(file.remainder, p, frameworks, visibility_known)
        else:
            for citation in file.source.citations(p.config.markdown.allow_html):
                yield from broken_citation(file.source, citation, p)
        yield from _unvalidated_references(file, p)
        # A typo elsewhere, or another bad link, must not hide a broken link or photo.
        if "links" in model_of(file.folder).model_fields:
            yield from _broken_links(_valid_links(file.data), file.source, assets,
                                     page_link_rule(file.remainder if visibility_known else None, p))
        if file.folder == "":
            yield from _missing_photo(_written_photo(file.data), file.source, p.assets)
    if p.profile:
        yield from _missing_photo(p.profile.photo, p.profile.source, p.assets)
    linking: list[Profile | Evidence] = [*([p.profile] if p.profile else []), *p.evidence.values()]
    for item in linking:
        yield from _broken_links(enumerate(item.links), item.source, assets, page_link_rule(item, p))
    yield from _shared_anchors(p)


def _missing_photo(photo: str, source: Source, assets: Collection[str]) -> Iterator[Diagnostic]:
    listed = os.fsdecode(photo.encode())  # named as listed (links.asset_name)
    if photo and listed not in assets:
        yield _source_error(source, ("photo",), "missing-asset", *missing_asset(
            "photo", photo, listed, assets, _photo_hint(listed, assets)))


def _written_photo(data: Mapping[str, Any]) -> str:
    """The profile's `photo` as the model reads it, from a profile that did not load; ""
    where it is no text (that is reported as the field's own problem)."""
    photo = data.get("photo")
    return photo.strip() if isinstance(photo, str) else ""


def _valid_links(data: Mapping[str, Any]) -> Iterator[tuple[int, Link]]:
    """The entries of `links:` of a file that did not load that pass the schema, each with
    its place in the list: one bad entry is reported on its own and does not hide what is
    wrong with the others."""
    links = data.get("links")
    for index, entry in enumerate(links if isinstance(links, list) else []):
        try:
            yield index, Link.model_validate(entry)
        except ValidationError:
            continue


def _photo_hint(photo: str, assets: Collection[str]) -> str:
    """`photo: assets/me.jpg` names content/assets/assets/me.jpg: a link in a body or under
    `links:` starts with `assets/`, the photo does not, so say so where the file is there."""
    inside = photo.removeprefix("assets/")
    if inside != photo and inside in assets:
        return f"write `photo: {inside}`: the photo's path is relative to content/assets/"
    return "put the image in content/assets/ and give its path relative to that folder"


def _shared_anchors(p: Portfolio) -> Iterator[Diagnostic]:
    """Anonymous endorsements showing the same date, role, organisation and text get the
    same anchor (`urls.endorsement_anchor` hashes only what is shown): the owner's build
    would write two cards with one id, and the feed and portfolio.json two entries with one."""
    first: dict[str, Endorsement] = {}
    for endorsement in p.endorsements.values():
        if not endorsement.is_anonymous:
            continue
        other = first.setdefault(endorsement_anchor(endorsement), endorsement)
        if other is not endorsement:
            yield _ref_error(endorsement, ("attribution",), "same-anonymous-endorsement",
                             f"this anonymous endorsement shows exactly what {other.source.path} shows, so both would have one anchor",
                             "merge them into one, or tell them apart: a role, a location, a line of their own")


def _broken_links(links: Iterable[tuple[int, Link]], source: Source, assets: Collection[str],
                  page_problem: PageLinkRule) -> Iterator[Diagnostic]:
    """A link under `links:` (each with its index there) that the build would publish
    broken: to a file of content/assets/ that is not there, to a file outside it (only that
    folder is copied to the site), or to an item page (see `pagelinks`); one by an address
    is read only for a hidden item's page on the site's own address."""
    for index, link in links:
        if leaves_the_site(link.url):
            found = page_problem(link.url)
            if found is not None:
                yield _source_error(source, ("links", index, "url"), *found)
            continue
        name = asset_name(link.url)
        if name is not None and name not in assets:
            yield _source_error(source, ("links", index, "url"), "missing-asset", *missing_asset("file", link.url, name, assets))
        elif name is None and unmade_file(link.url):
            yield _source_error(source, ("links", index, "url"), "missing-asset",
                                f"the file `{link.url}` is not in content/assets/, and the site has no other file of that name",
                                f"put the file in content/assets/ and write its path as `{from_site_root(link.url)}`")
            continue
        found = page_problem(link.url) if name is None else None
        if found is not None:
            yield _source_error(source, ("links", index, "url"), *found)


def _item_references(item: Item, p: Portfolio, frameworks: Mapping[str, object],
                     visibility_known: bool = True) -> Iterator[Diagnostic]:
    """The references of one item: of a loaded one, or what is left of a file that failed
    the schema without its failing fields (loader.Unvalidated.remainder). Without its
    `visibility` (`visibility_known` false), a remainder is "public" only by default, so
    whether it may cite hidden items is not judged."""
    yield from _audience_problems(item, p)
    yield from citation_problems(item, p, visibility_known)
    if isinstance(item, Goal):
        yield from _goal_references(item, p, frameworks)
    elif isinstance(item, Evidence):
        yield from _list_refs(p, item, "goals", item.goals, p.goals, "goal")
    elif isinstance(item, Endorsement):
        yield from _list_refs(p, item, "goals", item.goals, p.goals, "goal")
        yield from _list_refs(p, item, "evidence", item.evidence, p.evidence, "evidence")
    elif isinstance(item, Review):
        yield from _reading_problems(item, p)
    elif isinstance(item, Case):
        yield from _list_refs(p, item, "goals", item.goals, p.goals, "goal")
        yield from _list_refs(p, item, "evidence", item.evidence or [], p.evidence, "evidence")
        yield from _list_refs(p, item, "endorsements", item.endorsements or [], p.endorsements, "endorsement")
        if visibility_known:
            yield from _case_without_goals(item, p)
        if item.framework not in frameworks:
            yield _missing_framework(item, item.framework, frameworks, p)


def _goal_references(goal: Goal, p: Portfolio, frameworks: Mapping[str, object]) -> Iterator[Diagnostic]:
    if goal.parent is not None:
        if goal.parent == goal.id:
            yield _ref_error(goal, ("parent",), "self-parent", "a goal cannot be its own parent", "remove `parent:` or name another goal")
        elif goal.parent not in p.goals:
            if goal.parent not in p.unloaded:
                yield _missing(goal, ("parent",), goal.parent, p.goals, "goal", p)
        elif _has_cycle(goal, p):
            yield _ref_error(goal, ("parent",), "parent-cycle", f"`parent: {goal.parent}` makes a loop of parent goals",
                             "a goal's parent chain must end at a goal without a parent")
        elif goal.target_date > (parent := p.goals[goal.parent]).target_date:
            yield located_error(goal.source.path, goal.source.front_matter, ("target_date",), "after-parent",
                                f"target_date {goal.target_date} is after the target_date of the parent goal `{parent.id}` ({parent.target_date})",
                                "a goal that serves another is reached by the time it is: check the year, or move one of the dates",
                                "warning")
    if goal.framework is not None and goal.framework not in frameworks:
        yield _missing_framework(goal, goal.framework, frameworks, p)
    for index, milestone in enumerate(goal.milestones):
        for n, evidence_id in enumerate(milestone.evidence):
            if evidence_id not in p.evidence and evidence_id not in p.unloaded and not _told_as_an_id(evidence_id, p.evidence, p):
                yield _missing(goal, ("milestones", index, "evidence", n), evidence_id, p.evidence, "evidence", p)


def _case_without_goals(case: Case, p: Portfolio) -> Iterator[Diagnostic]:
    """A build that shows a case but none of its goals (a case for the committee about a goal
    for the manager) drops them, as every reference to a hidden item: the case's page would
    argue for nothing, with an empty table of goals. Goals that do not exist are errors."""
    goals = [p.goals[goal_id] for goal_id in case.goals if goal_id in p.goals]
    if not goals or len(goals) < len(case.goals):
        return
    for view in case.reader_views():
        if not any(goal.visible_to(view) for goal in goals):
            where = "a public build" if view == PUBLIC else f"the build for `{view}`"
            yield located_error(case.source.path, case.source.front_matter, ("goals",), "case-goals-hidden",
                                f"{where} shows this case but none of its goals", "show one of its goals to the case's "
                                "readers too, or the case only to the goals' readers: the page would list no goal", "warning", key=True)


def _list_refs(p: Portfolio, item: Item, name: str, ids: list[str], targets: Mapping[str, object], kind: str) -> Iterator[Diagnostic]:
    yield from _ids_missing(p, item.source, (name,), ids, targets, kind)


def _ids_missing(p: Portfolio, source: Source, loc: tuple[str | int, ...], ids: object, targets: Mapping[str, object],
                 kind: str) -> Iterator[Diagnostic]:
    """Ids in a list that name nothing; `ids` may be what YAML read of a file that did not
    validate, so anything but a list of text is left to the schema's errors."""
    for index, target in enumerate(ids if isinstance(ids, list) else []):
        if isinstance(target, str) and target not in targets and target not in p.unloaded and not _told_as_an_id(target, targets, p):
            yield _missing_in(source, (*loc, index), target, targets, kind, p)


def _told_as_an_id(target: str, targets: Mapping[str, object], p: Portfolio) -> bool:
    """Whether the schema's error for a reference that is no id (`Next_Level`) names the item
    meant: its hint writes the id folded (`next-level`), and "no goal with the id
    `Next_Level`, did you mean `next-level`?" at the same place told it a second time. One
    that folds to no item (`nеxt-level`, its `е` Cyrillic) is still told what there is. A file
    that did not load counts, as its id does for every reference."""
    if ID_RE.match(target):
        return False
    folded = id_from_text(target, limit=1 << 16)
    return folded in targets or folded in p.unloaded


# What each list of ids in front matter names, and which kinds of file have which lists:
# checked in files that did not validate too, from what YAML read, wherever they are lists.
_LIST_KINDS = {"goals": "goal", "evidence": "evidence", "endorsements": "endorsement"}
_ID_LISTS = {"evidence": ("goals",), "endorsements": ("goals", "evidence"), "cases": ("goals", "evidence", "endorsements")}


def _unvalidated_references(file: Unvalidated, p: Portfolio) -> Iterator[Diagnostic]:
    data = file.unchecked()
    for name in _ID_LISTS.get(file.folder, ()):
        yield from _ids_missing(p, file.source, (name,), data.get(name), p.collection(name), _LIST_KINDS[name])
    if file.folder != "goals":
        return
    parent = data.get("parent")
    if isinstance(parent, str) and parent not in p.goals and parent not in p.unloaded and not _told_as_an_id(parent, p.goals, p):
        yield _missing_in(file.source, ("parent",), parent, p.goals, "goal", p)
    milestones = data.get("milestones")
    for index, milestone in enumerate(milestones if isinstance(milestones, list) else []):
        if isinstance(milestone, dict):
            yield from _ids_missing(p, file.source, ("milestones", index, "evidence"), milestone.get("evidence"),
                                    p.evidence, "evidence")


def _reading_problems(review: Item, p: Portfolio) -> Iterator[Diagnostic]:
    for goal_id, values in review.readings.items():  # type: ignore[attr-defined]
        goal = p.goals.get(goal_id)
        if goal is None:
            if goal_id in p.unloaded:
                continue
            yield _missing(review, ("readings", goal_id), goal_id, p.goals, "goal", p, key=True)
            continue
        indicators = {i.id: i for i in goal.indicators}
        for indicator_id in values:
            if indicator_id not in indicators:
                yield _missing(review, ("readings", goal_id, indicator_id), indicator_id, indicators, f"indicator of goal `{goal_id}`", None,
                               key=True, otherwise=_indicators_hint(goal))
            elif indicators[indicator_id].count is not None:
                yield located_error(review.source.path, review.source.front_matter, ("readings", goal_id, indicator_id),
                                    "reading-for-counted", f"`{indicator_id}` is counted from evidence, so this reading is ignored",
                                    "remove the reading, or remove `count:` from the indicator", severity="warning", key=True)


def _indicators_hint(goal: Goal) -> str:
    """Where a reading names no indicator of its goal and none is close: the ones there are,
    which live in the goal's file, not in a folder of content/ to look through."""
    if not goal.indicators:
        return f"the goal has no indicators: add them under `indicators:` in {goal.source.path}, or remove the reading"
    names = ", ".join(f"`{indicator.id}`" for indicator in goal.indicators)
    return f"the indicators of `{goal.id}` are {names}, in {goal.source.path}"


def _audience_problems(item: Item, p: Portfolio) -> Iterator[Diagnostic]:
    if not isinstance(item.visibility, list):
        return
    for index, name in enumerate(item.visibility):
        if name not in p.config.audiences:
            close = difflib.get_close_matches(name, p.config.audiences, n=1)
            config = p.project.config_name
            hint = f"did you mean `{close[0]}`?" if close else f"declare it under `audiences:` in {config}"
            if name in ("public", "private"):
                hint = f"a visibility is not written in a list: `visibility: {name}`"
            yield located_error(item.source.path, item.source.front_matter, ("visibility", index), "unknown-audience",
                                f"the audience `{name}` is not declared in {config}", hint)



def _has_cycle(goal: Goal, p: Portfolio) -> bool:
    seen = {goal.id}
    current = goal.parent
    while current is not None and current in p.goals:
        if current in seen:
            return True
        seen.add(current)
        current = p.goals[current].parent
    return False


def _missing(item: Item, loc: tuple[str | int, ...], target: str, known: Mapping[str, object], kind: str,
             p: Portfolio | None, key: bool = False, otherwise: str = "") -> Diagnostic:
    return _missing_in(item.source, loc, target, known, kind, p, key, otherwise)


def _missing_in(source: Source, loc: tuple[str | int, ...], target: str, known: Mapping[str, object], kind: str,
                p: Portfolio | None, key: bool = False, otherwise: str = "") -> Diagnostic:
    """`p`, for a reference to an item: an id of another kind of item (a piece of evidence
    listed under `goals:`) is told so, rather than to be checked. `otherwise`: the hint
    where no id is close (by default, the ids there are)."""
    other = p.find(target) if p is not None else None
    close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
    if other is not None:
        hint = f"`{target}` is {_A_KIND[type(other).__name__.lower()]} ({other.source.path}), not {_A_KIND[kind]}"
    elif close:
        hint = f"did you mean `{close[0]}`?"
    else:
        hint = otherwise or _ids_there_are(kind, known, p)
    return located_error(source.path, source.front_matter, loc, "broken-reference",
                         f"no {kind} with the id `{target}`", hint, key=key)


_A_KIND = {"goal": "a goal", "evidence": "evidence", "endorsement": "an endorsement", "review": "a review", "case": "a case"}
_FOLDER_OF = {"goal": "goals", "evidence": "evidence", "endorsement": "endorsements"}
_IDS_SHOWN = 5


def _ids_there_are(kind: str, known: Mapping[str, object], p: Portfolio | None) -> str:
    """Where no id is close to the one written: what an id is, and the ones there are, with
    those of the files that did not load (they have errors of their own). "Check the goal
    ids in content/" left a newcomer to find out that an id is a file's name, and where."""
    folder = _FOLDER_OF.get(kind)
    if folder is None:
        return f"check the {kind.split(' ')[0]} ids in content/"
    stems = {PurePosixPath(u.source.path).stem for u in p.unvalidated if u.folder == folder} if p is not None else set()
    unloaded = {stem for stem in stems if ID_RE.match(stem)}  # a name that is no id has an error saying so
    ids = [f"`{item_id}`" for item_id in sorted({*known, *unloaded})]
    if not ids:
        return f"there is no {kind} in content/{folder}/ yet"
    shown = ids if len(ids) <= _IDS_SHOWN else [*ids[:_IDS_SHOWN - 1], f"{len(ids) - _IDS_SHOWN + 1} more"]
    return f"{kind} ids are the file names in content/{folder}/ without .md: {listed(shown)}"


def _missing_framework(item: Item, framework: str, known: Mapping[str, object], p: Portfolio) -> Diagnostic:
    close = difflib.get_close_matches(framework, list(known), n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else \
        f"use one of: {', '.join(known)}; or define it under `frameworks:` in {p.project.config_name}"
    return _ref_error(item, ("framework",), "broken-reference", f"no framework with the id `{framework}`", hint)


def _ref_error(item: Item, loc: tuple[str | int, ...], code: str, message: str, hint: str) -> Diagnostic:
    return _source_error(item.source, loc, code, message, hint)


def _source_error(source: Source, loc: tuple[str | int, ...], code: str, message: str, hint: str) -> Diagnostic:
    severity = "warning" if code in WARNING_CODES else "error"
    return located_error(source.path, source.front_matter, loc, code, message, hint, severity)
