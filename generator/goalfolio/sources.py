"""The content files of a project on disk: which there are, and how one splits into front
matter and body.

Free of the models (pydantic) and of Jinja2, so that a cold build can start rendering the
bodies in worker processes while the rest of goalfolio is still being imported.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .config import CONFIG_NAME, MISNAMED_CONFIGS, Project
from .errors import Diagnostic
from .fingerprint import regular_file_bytes
from .frontmatter import FrontMatterError, split_front_matter
from .ignorednames import is_ignored

FOLDERS = ("goals", "evidence", "endorsements", "reviews", "cases")  # models.CONTENT_TYPES, in order
ASSETS = "assets"
PROFILE = "profile.md"
# Markdown's other extensions (Jekyll's `.markdown`, ...), matched in any case, as `.MD`
# is: content meant to be read, and so an error, not a file skipped with a warning.
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn"})
# What a symlink that leads out of the project is told, in content/ and in a theme's static/.
LINK_OUTSIDE = ("symlink-outside", "this symlink points outside the project", "copy the file into the project instead of linking to it")
# What a symlinked folder that leads back to a folder being read is told, in both places too.
LINK_BACK = ("symlink-loop", "this symlink leads back to a folder it is in", "remove it: goalfolio reads each folder once")


def content_files(project: Project) -> list[tuple[str, Path, str]]:
    """(type folder, file, path as shown) for every content file, '' being the profile's
    folder; problems with the layout are left to `load_portfolio` to report."""
    if not project.content_dir.is_dir():
        return []
    return list(content_walk(project, [], []))


# A content file is Markdown a person wrote: a larger one is a mistake (a log or a data
# file saved as .md), and reading it would take several times its size in memory.
MAX_CONTENT_BYTES = 16 * 2**20


def content_digest(raw: bytes) -> str:
    """What a content file is known by in the caches, and what a body rendered early
    (`read_body`) is matched to its loaded item by."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def read_text(path: Path) -> tuple[str, str] | None:
    """(content digest, text) of a content file, for reading it before `load_portfolio`
    does (`earlywork`); None for a file it will report as unreadable, binary or not UTF-8."""
    try:
        raw = regular_file_bytes(str(path), MAX_CONTENT_BYTES)
        if raw is None or b"\x00" in raw[:8192]:
            return None
        return content_digest(raw), raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def read_body(path: Path, shown: str) -> tuple[str, str] | None:
    """(content digest, Markdown body) of a content file, split as `load_portfolio` splits
    it, for rendering bodies while the front matter is still being read; None for a file
    `load_portfolio` will report."""
    found = read_text(path)
    if found is None:
        return None
    try:
        return found[0], split_front_matter(found[1], shown)[2]
    except FrontMatterError:
        return None


def content_walk(project: Project, problems: list[Diagnostic], assets: list[str],
                 misplaced: list[Path] | None = None,
                 home_hint: Callable[[Path, str], str | None] | None = None) -> Iterator[tuple[str, Path, str]]:
    """Yield (type folder, file, path as shown) for every content file; '' is the profile.
    `misplaced` collects the Markdown files reported for being outside a type folder, and
    `home_hint` tells such a file at the top of content/ the folder its fields fit, where
    it can (it reads the file, with the models: see `misfiled.home_hint`).

    Relative paths are carried as parts while walking rather than worked out with pathlib
    per file: the preview walks the whole content folder on every save."""
    misplaced = [] if misplaced is None else misplaced
    root = project.content_dir
    prefix = project.display(root)
    for path, parts in _walk(root, project, problems):
        shown = "/".join((prefix, *parts))
        top, name = parts[0], parts[-1]
        if top == ASSETS:
            assets.append("/".join(parts[1:]))
        elif len(parts) == 1:
            if name == PROFILE:
                yield "", path, shown
            elif path.stem.lower() == PROFILE[:-3] and path.suffix.lower() in MARKDOWN_SUFFIXES:
                problems.append(Diagnostic(shown, 1, 1, "error", "profile-name", f"`{name}` is not read: the profile is `{PROFILE}`",
                                           f"rename it to `{PROFILE}` (in lowercase)"))
            elif path.suffix.lower() in MARKDOWN_SUFFIXES:
                misplaced.append(path)
                problems.append(Diagnostic(shown, 1, 1, "error", "wrong-folder",
                                           f"`{name}` is not in a content folder",
                                           (home_hint(path, shown) if home_hint else None)
                                           or "move it into goals/, evidence/, endorsements/, reviews/ or cases/"))
            elif name in (*FOLDERS, ASSETS):
                problems.append(Diagnostic(shown, 1, 1, "error", "not-a-folder", f"`{name}` is a file, not a folder",
                                           f"rename or remove it, and keep your files in a folder {shown}/"))
            elif (unread := _not_read_at_top(shown, path, project)) is not None:
                problems.append(unread)
        elif top in FOLDERS:
            if path.suffix == ".md":
                yield top, path, shown
            else:
                if path.suffix.lower() in MARKDOWN_SUFFIXES:
                    misplaced.append(path)  # meant as content: references to it are not a second error
                problems.append(_not_markdown(shown, path))
        elif path.suffix.lower() in MARKDOWN_SUFFIXES:
            misplaced.append(path)
            close = difflib.get_close_matches(top, [*FOLDERS, ASSETS], n=1, cutoff=0.6)
            problems.append(Diagnostic(shown, 1, 1, "error", "wrong-folder", f"`{top}/` is not a content folder",
                                       f"did you mean `{close[0]}/`?" if close else "use goals/, evidence/, endorsements/, reviews/ or cases/"))


def _not_read_at_top(shown: str, path: Path, project: Project) -> Diagnostic | None:
    """A file at the top of content/ that is neither the profile nor Markdown (notes, a
    second goalfolio.yaml): a warning, as for such a file in a content folder, which says
    where what it holds is read from. None for the config itself (`--config
    content/settings.yaml`), and for a config in content/ where the project has none:
    the missing config's error tells to move it up already."""
    name = path.name
    if _is_config(path, project):
        return None
    if name.lower() in MISNAMED_CONFIGS:
        if not project.config_path.is_file():
            return None
        config = "the one beside content/" if project.config_path == project.root / CONFIG_NAME else f"`{project.config_name}`"
        return Diagnostic(shown, 1, 1, "warning", "not-read", f"this `{name}` is not read: the project's configuration is {config}",
                          "move the settings it holds into that file, and remove this one")
    return Diagnostic(shown, 1, 1, "warning", "not-read",
                      f"`{name}` is not read: the top of content/ holds only `{PROFILE}` and the content folders",
                      "move it into content/assets/ to publish it, or out of content/")


def _is_config(path: Path, project: Project) -> bool:
    """Whether a file in content/ is the config itself (`--config content/goalfolio.yaml`)."""
    try:
        return path.samefile(project.config_path)
    except OSError:
        return False


def _not_markdown(shown: str, path: Path) -> Diagnostic:
    """A file a content folder cannot hold. `X.MD` and `x.markdown` are Markdown all the
    same, but only `.md` is read (on every system alike), so its owner is told what to
    rename, not that it is not Markdown; and as content its owner means to publish, it is
    an error, not skipped."""
    if path.suffix.lower() == ".md":
        return Diagnostic(shown, 1, 1, "error", "uppercase-extension",
                          f"`{path.name}` is not read: content files end in `.md`, not `{path.suffix}`",
                          f"rename it to `{path.stem}.md` (the extension in lowercase)")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return Diagnostic(shown, 1, 1, "error", "markdown-extension",
                          f"`{path.name}` is not read: content files end in `.md`, not `{path.suffix}`",
                          f"rename it to `{path.stem}.md`")
    return Diagnostic(shown, 1, 1, "warning", "not-markdown", f"`{path.name}` is not a Markdown file and is ignored",
                      "content files end in .md; put images and files in content/assets/")


def _walk(folder: Path, project: Project, problems: list[Diagnostic], parts: tuple[str, ...] = (),
          walked: set[Path] | None = None) -> Iterator[tuple[Path, tuple[str, ...]]]:
    """`walked`: the real paths of the folders being walked, so that a symlink back to one
    of them is reported instead of followed round and round."""
    walked = walked if walked is not None else {folder.resolve()}
    for entry in folder_entries(folder, project, problems):
        path = Path(entry.path)
        in_assets = parts[:1] == (ASSETS,)
        problem = _link_problem(path, project.root, walked) if entry.is_symlink() else None
        if problem is None and in_assets and entry.is_symlink():
            problem = content_behind_link(path, project) or hidden_behind_link(path, project)
        if problem is not None:
            problems.append(Diagnostic(project.display(path), 1, 1, "error", *problem))
        elif entry.is_symlink() and not os.path.exists(path):
            if path.suffix.lower() == ".md" or in_assets:
                problems.append(_dangling(project.display(path), path))
        elif entry.is_dir():
            real = path.resolve()
            walked.add(real)
            yield from _walk(path, project, problems, (*parts, entry.name), walked)
            walked.discard(real)
        elif entry.is_file():
            yield path, (*parts, entry.name)
        else:
            problems.append(not_a_file(project.display(path)))


def folder_entries(folder: Path, project: Project, problems: list[Diagnostic]) -> list[os.DirEntry[str]]:
    """The entries of a folder a build reads (content/, a theme's static/), by name, without
    the names it never reads; an unreadable folder is a problem, not an empty one."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Diagnostic(project.display(folder), 1, 1, "error", "unreadable",
                                   f"cannot read this folder: {exc.strerror}", "check its permissions"))
        return []
    return [entry for entry in entries if not is_ignored(entry.name)]


def not_a_file(shown: str) -> Diagnostic:
    return Diagnostic(shown, 1, 1, "warning", "not-a-file", "this is not a file or a folder (a named pipe, a socket or a device), so it is ignored",
                      "remove it from the content folder")


def _dangling(shown: str, path: Path) -> Diagnostic:
    """A symlink to a file inside the project that is not there (moved, renamed): a
    warning, as an editor may leave one for a moment, but the file is not read."""
    return Diagnostic(shown, 1, 1, "warning", "dangling-symlink",
                      f"this symlink points to `{os.readlink(path)}`, which does not exist, so it is ignored",
                      "point it at the file where it is now, or remove it")


def _link_problem(path: Path, root: Path, walked: set[Path]) -> tuple[str, str, str] | None:
    """(code, message, hint) for a symlink goalfolio will not follow, or None."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        target = path.resolve()  # a dangling link inside the project: see _dangling
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return "symlink-loop", "this symlink leads round in a loop", "point it at a file in the project, or remove it"
    if not inside(target, root):
        return LINK_OUTSIDE
    if target in walked:
        return LINK_BACK
    return None


def content_behind_link(path: Path, project: Project, place: str = "in assets/",
                        copy_to: str = "content/assets/") -> tuple[str, str, str] | None:
    """(code, message, hint) for a symlink among published files (content/assets/, a
    theme's static/) that leads into the rest of content/: every file there is published,
    and a private item's source would be too."""
    target = path.resolve()
    content = project.content_dir.resolve()
    if not target.exists() or not inside(target, content) or inside(target, content / ASSETS):
        return None  # a symlink leading nowhere is only a warning (`_dangling`)
    shown = project.display(project.content_dir / target.relative_to(content))
    return ("asset-links-content", f"this symlink {place} leads to `{shown}`, which is content, not a file to publish",
            f"link to files meant for the site only, or copy the file into {copy_to}")


def hidden_behind_link(path: Path, project: Project) -> tuple[str, str, str] | None:
    """(code, message, hint) for a symlink among published files (content/assets/, a
    theme's static/) that leads to a name never published: `.git/config`, where a CI
    checkout keeps its token, or `.env`. The name of the link is not the name published
    from."""
    target = path.resolve()
    if not target.exists() or not inside(target, project.root):
        return None  # a link leading nowhere or out of the project is reported as such
    relative = target.relative_to(project.root)
    if not any(is_ignored(part) for part in relative.parts):
        return None
    return ("symlink-hidden", f"this symlink leads to `{relative.as_posix()}`, which is hidden: a name starting with a dot, "
            "or an editor's file, is never published", "copy the file into the project, under a name of its own, if it is meant for the site")


def inside(path: Path, root: Path) -> bool:
    """`path` is `root` or under it; both resolved."""
    return path == root or root in path.parents
