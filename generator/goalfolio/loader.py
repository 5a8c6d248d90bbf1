"""Find the content files of a project, read each once, and validate it into the model.

Every file is read, parsed and validated independently, so one bad file never hides the
problems of another: the loader returns the portfolio it could build and every diagnostic.
"""

from __future__ import annotations

import dataclasses
import errno
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .anonymity import anonymity_problems
from .config import CONFIG_NAME, Project
from .errors import Diagnostic, not_utf8, other_unicode, utf8_position
from .fieldtypes import ID_RE
from .fingerprint import regular_file_bytes
from .frontmatter import FrontMatterError, ParsedFile, parse_content
from .items import Item
from .misfiled import as_misfiled, home_hint
from .models import (
    CONTENT_TYPES,
    PROFILE_ID,
    Case,
    Endorsement,
    Evidence,
    Goal,
    Profile,
    Review,
    Source,
)
from .parsecache import ParseCache, StampedParseCache, ValidatedItems
from .siteconfig import SiteConfig
from .sources import MAX_CONTENT_BYTES, PROFILE, content_digest, content_walk, not_a_file
from .urls import id_from_text
from .validation import (
    beside_refused,
    semantic_problems,
    validate_elements,
    validate_model,
    validate_remainder,
    with_date_hints,
)


@dataclass(frozen=True)
class Unvalidated:
    """A content file that did not load (the profile too, as folder ''): its source, its
    front matter as YAML read it, and the item without the fields that failed
    (`validation.validate_remainder`), if that validates: the checks across files take it
    in their stride."""

    folder: str
    source: Source
    data: dict[str, Any]
    remainder: Item | None = None
    left_out: frozenset[str] = frozenset()  # the fields the remainder is without

    def unchecked(self) -> dict[str, Any]:
        """The front matter the remainder does not stand for: every field without one."""
        if self.remainder is None:
            return self.data
        return {key: value for key, value in self.data.items() if key in self.left_out}


@dataclass
class Portfolio:
    """Everything the content folder says, validated; ids map to items, in id order."""

    config: SiteConfig
    project: Project
    profile: Profile | None = None
    goals: dict[str, Goal] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    endorsements: dict[str, Endorsement] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    assets: list[str] = field(default_factory=list)
    # Ids of content files that exist but could not be loaded: their own errors are reported,
    # so references to them are not reported a second time as pointing nowhere.
    unloaded: set[str] = field(default_factory=set)
    # Those files where they could be read: their citations and references are still
    # checked, so that one run reports a misspelt field and a broken `[[id]]` in one file.
    unvalidated: list[Unvalidated] = field(default_factory=list)
    # Where the site is published, when the config's `base_url` is elsewhere: the preview's
    # is its own address (see `own_address`).
    published_at: str | None = None

    @property
    def own_address(self) -> str:
        """The address the site is published at (`base_url`, or `--base-url`), by which a
        link written as an address on it leads into the site (`links.on_own_site`): in the
        preview too, goalfolio.yaml's, which `check` reads."""
        return self.config.base_url if self.published_at is None else self.published_at

    def collection(self, folder: str) -> dict[str, Item]:
        return getattr(self, folder)  # type: ignore[no-any-return]

    def items(self) -> Iterator[Item]:
        if self.profile:
            yield self.profile
        for folder in CONTENT_TYPES:
            yield from self.collection(folder).values()

    def find(self, item_id: str) -> Item | None:
        for folder in CONTENT_TYPES:
            found = self.collection(folder).get(item_id)
            if found is not None:
                return found
        return None


def load_portfolio(project: Project, config: SiteConfig, cache: ParseCache | None = None,
                   published_at: str | None = None) -> tuple[Portfolio, list[Diagnostic]]:
    portfolio = Portfolio(config, project, published_at=published_at)
    if not project.content_dir.is_dir():
        return portfolio, [_no_content_folder(project)]
    problems: list[Diagnostic] = []
    owners: dict[str, str] = {}
    unloaded_owners: dict[str, str] = {}  # files that did not load, by the id their name gives
    misplaced: list[Path] = []
    for folder, path, shown in content_walk(project, problems, portfolio.assets, misplaced, home_hint):
        item = _load_item(project, folder, path, problems, cache, shown)
        if item is None:
            portfolio.unvalidated.extend(_unvalidated(folder, path, shown, cache))
            if folder:
                portfolio.unloaded.update(_ids_meant(path))
                if (other := owners.get(path.stem) or unloaded_owners.get(path.stem)) is not None:
                    problems.append(_duplicate_id(shown, path.stem, other))
                unloaded_owners.setdefault(path.stem, shown)
            continue
        shown = item.source.path
        if folder == "":
            portfolio.profile = item  # type: ignore[assignment]
        elif item.id in owners:
            problems.append(_duplicate_id(shown, item.id, owners[item.id]))
            portfolio.unloaded.add(item.id)  # references meant for this file are not errors of their own
        else:
            if item.id in unloaded_owners:  # reported with that file's own problems, not after they are fixed
                problems.append(_duplicate_id(shown, item.id, unloaded_owners[item.id]))
            owners[item.id] = shown
            portfolio.collection(folder)[item.id] = item
    for path in misplaced:  # reported where they are, as a file that did not load is
        portfolio.unloaded.update(_ids_meant(path))
    if portfolio.profile is None and not any(d.path == f"content/{PROFILE}" or d.code == "profile-name" for d in problems):
        problems.append(_no_profile(project))
    _sort(portfolio)
    return portfolio, problems


def _duplicate_id(shown: str, item_id: str, other: str) -> Diagnostic:
    return Diagnostic(shown, 1, 1, "error", "duplicate-id", f"the id `{item_id}` is already used by {other}",
                      "ids are file names and must be unique across the portfolio; rename one file")


def _no_content_folder(project: Project) -> Diagnostic:
    if project.content_dir.exists():
        return Diagnostic("content", 1, 1, "error", "no-content", "`content` is a file, not a folder",
                          "rename or remove the file, and create the folder content/ with a profile.md")
    if _is_content_folder(project):
        return Diagnostic("content", 1, 1, "error", "no-content", "the content/ folder is missing",
                          f"this folder is content/ itself: move {CONFIG_NAME} up one folder, beside content/, and run goalfolio there")
    return Diagnostic("content", 1, 1, "error", "no-content", "the content/ folder is missing",
                      "create content/ with a profile.md, or run `goalfolio init`")


def _is_content_folder(project: Project) -> bool:
    """Whether the project folder is a portfolio's content/, with goalfolio.yaml saved in it
    by mistake: a command run there takes it for the project, and looks for content/ in it."""
    return project.root.name == "content" and project.config_path == project.root / CONFIG_NAME \
        and project.config_path.is_file() and any((project.root / name).exists() for name in (PROFILE, *CONTENT_TYPES))


def _no_profile(project: Project) -> Diagnostic:
    is_folder = (project.content_dir / PROFILE).is_dir()
    return Diagnostic(f"content/{PROFILE}", 1, 1, "error", "no-profile",
                      f"content/profile.md is {'a folder, not a file' if is_folder else 'missing'}",
                      "create it with at least a `name:` field and a short bio")


def _sort(portfolio: Portfolio) -> None:
    """Items in id order and assets by path, whatever order the file system listed them in,
    so that every list and output is the same on every machine."""
    for folder in CONTENT_TYPES:
        items = portfolio.collection(folder)
        ordered = dict(sorted(items.items()))
        items.clear()
        items.update(ordered)
    portfolio.assets.sort()


def _ids_meant(path: Path) -> set[str]:
    """The ids references to a file that did not load may use: its name, and the id it is
    told to rename itself to (`Lead_Team.md` is `lead-team`). Its own problem is reported,
    so a reference to it is not a second one."""
    return {path.stem, id_from_text(path.stem, limit=1 << 16)} - {""}


def load_item(project: Project, folder: str, path: Path, cache: ParseCache | None) -> tuple[Item | None, list[Diagnostic]]:
    """One content file of `folder` ('' for the profile), as `load_portfolio` loads it, with
    its problems: for a rebuild that knows which files changed (Builder's body edits)."""
    problems: list[Diagnostic] = []
    return _load_item(project, folder, path, problems, cache), problems


def _load_item(project: Project, folder: str, path: Path, problems: list[Diagnostic], cache: ParseCache | None,
               shown: str | None = None) -> Item | None:
    shown = project.display(path) if shown is None else shown
    validated: ValidatedItems | None = getattr(cache, "items", None)  # optional, see ParseCache
    just_read = getattr(cache, "read", {}).get(str(path))  # see BuildCache.read
    remembered = validated.get((folder, shown, just_read)) if validated is not None and just_read else None
    if remembered is None:
        read = _read_and_parse(path, shown, problems, cache, folder)
        if read is None:  # unreadable, or no YAML to check: its name is checked all the same
            problems.extend(_file_name_problem(folder, path, shown))
            return None
        parsed, digest = read
        key = (folder, shown, digest)
        remembered = validated.get(key) if validated is not None else None
        if remembered is None:
            found: list[Diagnostic] = []
            remembered = (_validate_item(folder, path, shown, parsed, digest, found), found)
            if validated is not None:
                validated[key] = remembered
    problems.extend(remembered[1])
    return remembered[0]


def _unvalidated(folder: str, path: Path, shown: str, cache: ParseCache | None) -> list[Unvalidated]:
    """A file that did not validate, read again (from the parse cache where it is there):
    rare, and so not worth keeping every source of every build for."""
    read = _read_and_parse(path, shown, [], cache, folder)
    if read is None:
        return []
    parsed, digest = read
    source = Source(shown, parsed.front_matter, parsed.body, parsed.body_line, digest)
    found = validate_remainder(model_of(folder), parsed.data)
    if found is None:
        return [Unvalidated(folder, source, parsed.data)]
    remainder, left_out = found
    remainder._id, remainder._source = path.stem if folder else PROFILE_ID, source
    return [Unvalidated(folder, source, parsed.data, remainder, left_out)]


def model_of(folder: str) -> type[Item]:
    """The model of a content folder's files ('': the profile)."""
    return Profile if folder == "" else CONTENT_TYPES[folder]


def _validate_item(folder: str, path: Path, shown: str, parsed: ParsedFile, digest: str, problems: list[Diagnostic]) -> Item | None:
    model = model_of(folder)
    misnamed = _file_name_problem(folder, path, shown)  # reported with the fields' problems, whatever they are
    problems.extend(misnamed)
    problems.extend(_named(parsed.warnings, shown))
    item, errors = validate_model(model, parsed.data, shown, parsed.front_matter)
    if errors and folder:
        errors = as_misfiled(folder, parsed.data, errors, shown)
    checked = (item, {}) if item is not None else validate_elements(model, parsed.data)
    if checked is not None:
        errors.extend(semantic_problems(checked[0], shown, parsed.front_matter, checked[1]))
    if parsed.problems:
        # YAML refused something: the file is not loaded, but the schema was still checked,
        # leaving out what it says about the values YAML already reported.
        problems.extend(_named(with_date_hints(parsed.problems, errors), shown))
        problems.extend(beside_refused(parsed.problems, errors))
        return None
    problems.extend(errors)
    if item is None or misnamed:
        return None
    item._id = path.stem if folder else PROFILE_ID
    item._source = Source(shown, parsed.front_matter, parsed.body, parsed.body_line, digest)
    problems.extend(anonymity_problems(item))
    return item


def _named(diagnostics: Iterable[Diagnostic], shown: str) -> list[Diagnostic]:
    """What YAML found in a file, at its path: parsed files are cached by content, so two
    files alike share one."""
    return [d if d.path == shown else dataclasses.replace(d, path=shown) for d in diagnostics]


def _file_name_problem(folder: str, path: Path, shown: str) -> list[Diagnostic]:
    """The file name of an item is its id: one that is not valid, or is the profile's."""
    item_id = path.stem
    if folder and not ID_RE.match(item_id):
        suggestion = id_from_text(item_id, limit=1 << 16) or "item"  # not shortened: two long names stay apart
        return [Diagnostic(shown, 1, 1, "error", "bad-id", f"the file name `{path.name}` is not a valid id",
                           f"rename it to `{suggestion}.md` (lowercase letters, digits and `-`)")]
    if folder and item_id == PROFILE_ID:
        return [Diagnostic(shown, 1, 1, "error", "reserved-id", f"the id `{PROFILE_ID}` is the profile's (content/profile.md)",
                           f"rename the file, e.g. to `{folder.rstrip('s')}-{PROFILE_ID}.md`")]
    return []


UNREADABLE_HINTS = {
    errno.ENOENT: "it was moved or deleted while goalfolio read the content; build again",
    errno.EFBIG: "split it into several items, or put a large file in content/assets/ and link to it",
}


# A field each folder's model requires, as the hint for front matter that is no mapping
# writes it: a profile has no `title:`, nor an endorsement or a review.
FIRST_FIELDS = {
    "": "name: Your Name",
    "goals": "title: Lead a team of six",
    "evidence": "title: Led the pricing workshop",
    "endorsements": "author: Alex Morgan",
    "reviews": "date: 2026-03-01",
    "cases": "title: Promotion case 2027",
}


def _read_and_parse(path: Path, shown: str, problems: list[Diagnostic], cache: ParseCache | None,
                    folder: str) -> tuple[ParsedFile, str] | None:
    stamped = cast(StampedParseCache, cache) if cache is not None and hasattr(cache, "stamps") else None
    identity = _identity(path) if stamped is not None else None
    if stamped is not None and identity is not None:
        unchanged = _unchanged_since_stamped(str(path), identity, stamped)
        if unchanged is not None:
            return unchanged
    raw = _read(path, shown, problems)
    if raw is None:
        return None
    digest = content_digest(raw)
    if stamped is not None and identity is not None:
        stamped.stamps[str(path)] = (identity, digest)  # stat taken before the read: a later write shows
    cached = cache.get(digest) if cache else None
    if cached is not None:
        return cached, digest
    text = _decode(raw, shown, problems)
    if text is None:
        return None
    try:
        parsed = parse_content(text, shown, FIRST_FIELDS[folder])
    except FrontMatterError as exc:
        problems.extend(exc.diagnostics)
        return None
    if cache:
        cache.put(digest, parsed)
    return parsed, digest


def _identity(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is written (size, times, inode), or None where it cannot be
    told: then the file is read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _unchanged_since_stamped(path: str, identity: tuple[int, ...], cache: StampedParseCache) -> tuple[ParsedFile, str] | None:
    """The file's parse from its last read, when the cache trusts its stamp and the file's
    identity is the one stamped then: such a file is not read again."""
    known = cache.stamps.get(path) if cache.trusts(path) else None
    if known is None or known[0] != identity:
        return None
    parsed = cache.get(known[1])
    return None if parsed is None else (parsed, known[1])


def _read(path: Path, shown: str, problems: list[Diagnostic]) -> bytes | None:
    try:
        raw = regular_file_bytes(str(path), MAX_CONTENT_BYTES)
    except OSError as exc:
        too_large = exc.errno == errno.EFBIG
        problems.append(Diagnostic(shown, 1, 1, "error", "too-large" if too_large else "unreadable",
                                   str(exc.strerror) if too_large else f"cannot read this file: {exc.strerror}",
                                   UNREADABLE_HINTS.get(exc.errno or 0, "check its permissions")))
        return None
    if raw is None:  # a file the walk found, made a named pipe or the like since
        problems.append(not_a_file(shown))
    return raw


def _decode(raw: bytes, shown: str, problems: list[Diagnostic]) -> str | None:
    if b"\x00" in raw[:8192] and other_unicode(raw) is None:
        problems.append(Diagnostic(shown, 1, 1, "error", "binary-file", "this looks like a binary file, not Markdown",
                                   "content folders hold .md text files; put binary files in content/assets/"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = utf8_position(raw, exc.start)
        problems.append(Diagnostic(shown, line, column, "error", "not-utf8", not_utf8(raw, exc.start), "save the file as UTF-8 in your editor"))
        return None
