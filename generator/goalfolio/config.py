"""Read `goalfolio.yaml`, the site configuration, with the same located errors as content."""

from __future__ import annotations

import difflib
import errno
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Diagnostic, UsageError, UserError, listed, not_utf8, utf8_position

if TYPE_CHECKING:
    from .siteconfig import SiteConfig

CONFIG_NAME = "goalfolio.yaml"
# How far below a folder that is no portfolio the portfolios are looked for, and how many
# of them a hint names.
SEARCHED_LEVELS = 4
NAMED_PORTFOLIOS = 5


@dataclass(frozen=True)
class Project:
    """The folders a build reads from, resolved once."""

    root: Path
    config_path: Path
    # The command as run, up to PROJECT: a hint naming a portfolio shows it run on that one.
    command: str = field(default="goalfolio check", compare=False)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def themes_dir(self) -> Path:
        return self.root / "themes"

    @property
    def config_name(self) -> str:
        """The config file as messages name it: goalfolio.yaml, or the `--config` file."""
        return self.display(self.config_path)

    def display(self, path: Path) -> str:
        """Paths in messages are relative to the project, as the user sees them in their editor."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def find_project(folder: str | Path | None = None, config: str | Path | None = None, command: str = "goalfolio check") -> Project:
    """The project in `folder`; a folder or `--config` file that is not there is a mistake
    on the command line. (A goalfolio.yaml that is missing is one in the project.) Without
    either, the project is the current folder or the nearest one above it holding
    goalfolio.yaml, as git finds its repository: a command run in `content/goals/`, or
    in `people/alice/content/` of a team's repository, works on that portfolio."""
    if folder is None and config is None:
        root = _enclosing_project(Path.cwd())
        return Project(root, root / CONFIG_NAME, command)
    folder = "." if folder is None else folder
    root = Path(folder).resolve()
    if not root.is_dir():
        raise UsageError(f"the project folder {folder} {'is not a folder' if root.exists() else 'does not exist'}")
    config_path = Path(config).resolve() if config else root / CONFIG_NAME
    if config and not config_path.is_file():
        raise UsageError(f"the config file {config} {'is not a file' if config_path.exists() else 'does not exist'}")
    return Project(root, config_path, command)


def _enclosing_project(start: Path) -> Path:
    """The nearest of `start` and the folders above it that holds goalfolio.yaml, looking no
    higher than the top of a git repository (another repository's portfolio is not this
    one's); `start` itself when there is none, whose missing config is then reported."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
        if (candidate / ".git").exists():
            break
    return start


def portfolios_below(folder: Path) -> list[Path]:
    """The folders below `folder`, down to SEARCHED_LEVELS, that hold goalfolio.yaml, in
    order: at the top of a team's repository, `people/alice/` and `people/bob/`. A
    portfolio's own folders are not looked in. A `content` folder holding goalfolio.yaml
    and no content/ of its own is no portfolio but a portfolio's content, with the config
    saved in it by mistake (`misnamed_config` tells it)."""
    found: list[str] = []
    level = [str(folder)]
    for _ in range(SEARCHED_LEVELS):
        below: list[str] = []
        for parent in level:
            for path in _searched_folders(parent):
                is_content = os.path.basename(path) == "content" and not os.path.isdir(os.path.join(path, "content"))
                (found if os.path.isfile(os.path.join(path, CONFIG_NAME)) and not is_content else below).append(path)
        level = below
    return sorted((Path(path) for path in found), key=lambda path: path.parts)


def _searched_folders(parent: str) -> list[str]:
    """The folders in `parent` that may hold a portfolio, so the search stays short: not
    hidden (`.git`), not `node_modules`, not a site goalfolio built, not reached through a
    symbolic link. None where `parent` cannot be read; `os.path`, unlike `Path`, takes a
    file that cannot be looked at (in /proc, say) for one that is not there."""
    from .writer import MARKER

    try:
        with os.scandir(parent) as entries:
            return [entry.path for entry in entries
                    if not entry.name.startswith(".") and entry.name != "node_modules" and entry.is_dir(follow_symlinks=False)
                    and not os.path.exists(os.path.join(entry.path, MARKER))]
    except OSError:
        return []


def portfolios_hint(project: Project) -> str:
    """Where a command given a folder that is no portfolio finds one, as typed from the
    current folder, and the command run on it: the portfolio the folder is in (its
    `content/`, given as PROJECT), else the portfolios below it (a team repository's
    top); empty where there is none."""
    import shlex

    above = portfolio_above(project.root)
    if above is not None:
        typed = _typed(above)
        if typed == ".":
            return f"this folder is in the portfolio in the current folder; run `{project.command}`"
        return f"this folder is in the portfolio {typed}; run `{project.command} {shlex.quote(typed)}`"
    found = portfolios_below(project.root)
    if not found:
        return ""
    typed_below = [_typed(path) for path in found]
    named = typed_below[:NAMED_PORTFOLIOS] + ([f"{len(found) - NAMED_PORTFOLIOS} more"] if len(found) > NAMED_PORTFOLIOS else [])
    return f"portfolios below: {listed(named)}; run `{project.command} {shlex.quote(typed_below[0])}`"


def portfolio_above(folder: Path) -> Path | None:
    """The portfolio a folder is in, found as `_enclosing_project` finds it from the folder
    above; None at the top of a git repository, whose own portfolio would be another's."""
    if (folder / ".git").exists() or folder.parent == folder:
        return None
    found = _enclosing_project(folder.parent)
    return found if (found / CONFIG_NAME).is_file() else None


def _typed(path: Path) -> str:
    here = Path.cwd().resolve()
    return path.relative_to(here).as_posix() if path.is_relative_to(here) else str(path)


def config_bytes(project: Project) -> bytes:
    """The config file's bytes, read only from a regular file: a named pipe saved in its place
    would make every command wait for a writer forever. Raises OSError where there is none."""
    from .fingerprint import regular_file_bytes

    raw = regular_file_bytes(str(project.config_path))
    if raw is None:
        raise OSError(errno.EINVAL, "not a regular file", str(project.config_path))
    return raw


def config_text(project: Project) -> str:
    return _as_text(config_bytes(project))


def _as_text(raw: bytes) -> str:
    """The config's bytes as text, with its line endings as `Path.read_text` reads them."""
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def peek_allow_html(project: Project) -> bool:
    """`markdown.allow_html` as written in the config, before it is validated: what a cold
    build starts rendering bodies with while the models are imported. The build checks it
    against the validated config, and renders the bodies again on a mismatch."""
    import yaml

    try:
        data = yaml.load(config_text(project), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return data.get("markdown", {}).get("allow_html") is True
    except Exception:  # noqa: BLE001 - anything unreadable: the validated config decides
        return False


def config_position(project: Project, key: str) -> tuple[int, int]:
    """Where goalfolio.yaml writes `key` (1:1 where it cannot be read): problems a setting
    causes are reported at it."""
    from .frontmatter import FrontMatter

    try:
        where = FrontMatter(config_text(project), 1).locate((key,))
    except (OSError, UnicodeDecodeError):
        return 1, 1
    return where.line, where.column


# Names a config is saved under that goalfolio does not read: `.yml`, as many tools name
# theirs, other capitals, or the `.txt` an editor on Windows may add.
MISNAMED_CONFIGS = frozenset({"goalfolio.yml", "goalfolio.yaml", "goalfolio.yaml.txt", "goalfolio.yml.txt"})
# The configs of the site generators a newcomer may come from, which goalfolio does not read.
_OTHER_CONFIGS = {"_config.yml": "Jekyll", "mkdocs.yml": "MkDocs", "mkdocs.yaml": "MkDocs", "hugo.toml": "Hugo",
                  "hugo.yaml": "Hugo", "hugo.json": "Hugo"}


def misnamed_config(project: Project) -> str:
    """The hint to rename a config saved under another name in the project folder, or to
    move one saved inside content/, which the content folder's files sit beside; empty
    where there is none (or a `--config` file was named, which is read whatever its name)."""
    if project.config_path != project.root / CONFIG_NAME:
        return ""
    found = [name for name in _names_in(project.root) if name.lower() in MISNAMED_CONFIGS and name != CONFIG_NAME]
    if found:
        return f"rename {found[0]} to {CONFIG_NAME}: goalfolio reads the config under that name only"
    inside = [name for name in _names_in(project.content_dir) if name.lower() in MISNAMED_CONFIGS]
    if not inside:
        return ""
    if inside[0] == CONFIG_NAME:
        return f"move content/{CONFIG_NAME} up one folder, beside content/: goalfolio reads the config from the project folder only"
    return (f"move content/{inside[0]} up one folder, beside content/, as {CONFIG_NAME}: goalfolio reads the config "
            "under that name, from the project folder only")


def _other_generator_config(project: Project) -> str:
    """The hint for a project folder holding another site generator's config and no
    goalfolio.yaml (a user coming from Jekyll, MkDocs or Hugo), which may look like the
    config goalfolio reads; empty where there is none."""
    found = [name for name in _names_in(project.root) if name in _OTHER_CONFIGS]
    if not found:
        return ""
    return (f"{found[0]} configures {_OTHER_CONFIGS[found[0]]}, not goalfolio: create {CONFIG_NAME} "
            "beside it with at least `title: My portfolio`, or run `goalfolio init`")


def _names_in(folder: Path) -> list[str]:
    """The names in `folder`, in order; none where it cannot be read."""
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


class PortfolioElsewhere(UserError):
    """No config in a folder that is in a portfolio or has portfolios below it (a team
    repository's top): the hint names them, so callers need not search for them again."""


def load_config(project: Project, warnings: list[Diagnostic] | None = None) -> SiteConfig:
    """The validated config; raises UserError listing every problem in it. `warnings`,
    where given, gets what YAML read otherwise than it was most likely meant
    (`title: Launch #2`), found in the one reading of the file, even when it then fails."""
    # Imported here: finding a project is on the path of a warm `goalfolio build`, which
    # reuses the last build without pydantic, YAML or the models (see cache.reuse_site).
    from .frontmatter import FrontMatter, FrontMatterError, read_yaml
    from .siteconfig import SiteConfig
    from .validation import beside_refused, config_problems, validate_model, with_date_hints

    shown = project.config_name
    if not project.config_path.is_file():
        if project.config_path.is_dir():
            raise UserError([Diagnostic(shown, 1, 1, "error", "no-config", f"{shown} is a folder, not a file",
                                        f"rename or remove the folder, and write {shown} with at least `title: My portfolio`")])
        if project.config_path.exists():  # a named pipe, socket or device: reading one may wait forever
            raise UserError([Diagnostic(shown, 1, 1, "error", "no-config", f"{shown} is not a file but a named pipe, socket or device",
                                        f"remove it, and write {shown} as a file with at least `title: My portfolio`")])
        misnamed = misnamed_config(project)
        hint = "" if misnamed else portfolios_hint(project)
        raise (PortfolioElsewhere if hint else UserError)([Diagnostic(
            shown, 1, 1, "error", "no-config", f"no {shown} found", misnamed or hint or _other_generator_config(project)
            or f"create {shown} with at least `title: My portfolio`, or run `goalfolio init`")])
    raw = config_bytes(project)
    try:
        text = _as_text(raw)
        data, refused = read_yaml(text, 1, shown, warnings)
    except UnicodeDecodeError as exc:
        line, column = utf8_position(raw, exc.start)
        raise UserError([Diagnostic(shown, line, column, "error", "not-utf8", not_utf8(raw, exc.start),
                                    "save the file as UTF-8 in your editor")]) from None
    except FrontMatterError as exc:
        raise UserError(exc.diagnostics) from None
    if not isinstance(data, dict):
        raise UserError([*refused, Diagnostic(shown, 1, 1, "error", "config-not-mapping", f"{shown} must be a set of `key: value` fields",
                                              "start with `title: My portfolio`")])
    config, problems = validate_model(SiteConfig, data, shown, FrontMatter(text, 1))
    problems += config_problems(data, shown, FrontMatter(text, 1))
    if refused:
        raise UserError([*with_date_hints(refused, problems), *beside_refused(refused, problems)])
    if config is None or problems:
        raise UserError(problems)
    return config


# The fields the content is checked by: with one of them unusable, the files are checked
# each on their own only, not against a guess of what the config meant.
CONTENT_FIELDS = frozenset({"audiences", "frameworks", "today", "markdown", "stale_after_days"})


def usable_part(project: Project, problems: list[Diagnostic]) -> SiteConfig | None:
    """The config without its failed fields, when none of them is one the content is
    checked by (a typo such as `titel:`, a bad `base_url`): the content can then be checked
    in full, and one run reports every problem. None when the file cannot be read."""
    from .frontmatter import FrontMatterError, read_yaml
    from .siteconfig import SiteConfig

    failed = {_top_field(d.field_path) for d in problems}
    if "" in failed or {_meant(key, SiteConfig.model_fields) for key in failed} & CONTENT_FIELDS:
        return None
    try:
        data, refused = read_yaml(config_text(project), 1, project.config_name)
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return None
    if refused or not isinstance(data, dict):
        return None
    kept = {key: value for key, value in data.items() if key not in failed}
    kept.setdefault("title", "Portfolio")
    try:
        return SiteConfig.model_validate(kept)
    except ValueError:
        return None


def content_only_config(project: Project) -> SiteConfig:
    """What the files are checked with, each on its own, when the config is unusable: no
    settings, but the site's `language` where it is a valid tag, which the number check
    reads (`decimalmarks`), so that one run still shows those warnings."""
    from .frontmatter import FrontMatterError, read_yaml
    from .siteconfig import SiteConfig

    try:
        data, _ = read_yaml(config_text(project), 1, project.config_name)
        language = SiteConfig.model_validate({"title": "-", "language": data["language"]}).language
    except (OSError, UnicodeDecodeError, FrontMatterError, TypeError, KeyError, ValueError):
        language = "en"
    return SiteConfig.model_construct(title="", language=language)


def _meant(key: str, fields: Collection[str]) -> str:
    """The field an unknown key was probably meant to be (`audience:` for `audiences:`)."""
    return key if key in fields else next(iter(difflib.get_close_matches(key, fields, n=1)), key)


def _top_field(field_path: str) -> str:
    """`frameworks.x.steps[0]` → `frameworks`."""
    return field_path.split(".", 1)[0].split("[", 1)[0]
