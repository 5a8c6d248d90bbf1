"""The theme: a Jinja2 environment over a loader chain (project theme first, then built-in),
static files with the same override rule, and which templates each template pulls in.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.meta

from .anonymity import SHOWN_FIELDS
from .breaks import breakable
from .config import Project, config_position
from .disclosure import REFERENCE_FIELDS, shown_references
from .errors import Diagnostic, UserError, utf8_position
from .fingerprint import builtin_themes_dir, generator_fingerprint
from .models import Endorsement, NamesItems
from .sources import LINK_OUTSIDE, hidden_behind_link, inside, is_ignored


def theme_dirs(project: Project, theme: str) -> list[Path]:
    """Theme folders in lookup order; a name that exists nowhere is a config error."""
    candidates = [project.themes_dir / theme, builtin_themes_dir() / theme]
    found = [d for d in candidates if d.is_dir()]
    if not found:
        available = [p.name for p in builtin_theme_folders()]
        line, column = config_position(project, "theme")
        raise UserError([Diagnostic(project.display(project.config_path), line, column, "error", "unknown-theme",
                                    f"the theme `{theme}` was found neither in themes/ nor among the built-in themes",
                                    f"built-in themes: {', '.join(available)}; or create themes/{theme}/templates/")])
    return found


def theme_problems(project: Project, theme: str) -> list[Diagnostic]:
    """What `goalfolio check` can tell of the theme before any page is rendered: a theme
    that does not exist, templates of the project's own that do not compile, and static
    files that clash with the built-in theme's. The built-in templates are goalfolio's,
    and tested with it."""
    try:
        env = make_environment(project, theme)
    except UserError as exc:
        return list(exc.diagnostics)
    problems = missing_page_templates(project, theme)
    for name in own_templates(project, theme, env):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            problems.append(template_problem(exc, project))
    return problems + static_problems(project, theme)


def missing_page_templates(project: Project, theme: str) -> list[Diagnostic]:
    """A theme of the project's own that is no built-in theme's override has no fallback: the
    page templates it lacks, named at `theme:`, not one page's failure with no place."""
    if (builtin_themes_dir() / theme).is_dir():
        return []
    pages = builtin_themes_dir() / "default" / "templates"
    missing = sorted(p.name for p in pages.glob("*.html") if not (project.themes_dir / theme / "templates" / p.name).is_file())
    if not missing:
        return []
    line, column = config_position(project, "theme")
    return [Diagnostic(project.display(project.config_path), line, column, "error", "missing-templates",
                       f"the theme `{theme}` has no {', '.join(missing)}: pages are rendered with them",
                       f"add them to themes/{theme}/templates/; one holding `{{% extends \"default/{missing[0]}\" %}}` alone "
                       "is the built-in one")]


def own_templates(project: Project, theme: str, env: jinja2.Environment) -> list[str]:
    """The names of the templates the project's own theme has."""
    own = project.themes_dir / theme / "templates"
    if not own.is_dir():
        return []
    return [name for name in theme_templates(env, ["html", "xml", "txt"]) if (own / name).is_file()]


def compile_own_templates(project: Project, theme: str, env: jinja2.Environment) -> None:
    """Compiles every template of the project's own theme, so that one no page uses yet (a
    partial being written) stops the build as it stops `check`; raises the first error."""
    for name in own_templates(project, theme, env):
        env.get_template(name)


class TemplateNotUTF8(jinja2.TemplateSyntaxError):
    """A template file that is not UTF-8, located at its first bad byte: Jinja2's loader
    let the UnicodeDecodeError through, which was reported as a bug in goalfolio."""

    def __init__(self, message: str, lineno: int, name: str | None = None, filename: str | None = None, column: int = 1) -> None:
        super().__init__(message, lineno, name, filename)
        self.column = column

    def __reduce__(self) -> tuple[Any, ...]:
        return TemplateNotUTF8, (self.message, self.lineno, self.name, self.filename, self.column)


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja2's file loader, with a file that is not UTF-8 made a located template error,
    and without the byte order mark some Windows editors begin a file with: Jinja2 would
    print it into the page, at its top or wherever the template is included."""

    def __init__(self, searchpath: list[str]) -> None:
        super().__init__(searchpath, encoding="utf-8-sig")

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            filename = next(str(Path(folder) / template) for folder in self.searchpath if (Path(folder) / template).is_file())
            raw = Path(filename).read_bytes()
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line, column = utf8_position(raw, exc.start)
                raise TemplateNotUTF8(f"this file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, template, filename, column) from None
            return super().get_source(environment, template)  # rewritten as UTF-8 since the first read


# What an anonymous endorsement shows (see `anonymity`): a template reads nothing else of it.
ANONYMOUS_SHOWN = frozenset(SHOWN_FIELDS) | {"relationship", "date", "goals", "evidence", "attribution", "visibility", "is_anonymous"}


class ThemeEnvironment(jinja2.Environment):
    """Jinja2's environment, where a template cannot read an anonymous endorsement's author,
    file name (its `id`) or source: the built-in theme never shows them, and a theme of the
    project's own must not publish them by accident (`{{ n.item.author }}`). Nor does it
    read the ids of items the build hides, or of anonymous endorsements, in the fields that
    name other items (`disclosure`). Every `a.b`, `a["b"]`, `attr` and
    `map(attribute=...)` of a template goes through these two methods."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Endorsement) and obj.is_anonymous and attribute not in ANONYMOUS_SHOWN:
            return self._withheld(obj, attribute)
        try:  # the attribute here, without a second call: templates read some 160,000 a build
            value = getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # the item of that name, or undefined
        return shown_references(value) if attribute in REFERENCE_FIELDS and isinstance(obj, NamesItems) else value

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Endorsement) and obj.is_anonymous and isinstance(argument, str) and argument not in ANONYMOUS_SHOWN:
            return self._withheld(obj, argument)
        value = super().getitem(obj, argument)
        return shown_references(value) if isinstance(obj, NamesItems) and isinstance(argument, str) and argument in REFERENCE_FIELDS else value

    def _withheld(self, obj: Endorsement, name: str) -> jinja2.Undefined:
        return self.undefined(obj=obj, name=name, hint=(
            f"an anonymous endorsement's `{name}` is not given to templates: its author is never named, "
            f"nor its file; it shows only {', '.join(sorted(ANONYMOUS_SHOWN))}"))


def make_environment(project: Project, theme: str, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The theme's templates by name (the project's first), and each built-in theme's under
    its own name (`default/base.html`), so that a template of the project's own can extend
    the built-in one it replaces and change one block."""
    builtin = {d.name: ThemeLoader([str(d / "templates")]) for d in builtin_theme_folders()}
    env = ThemeEnvironment(
        loader=jinja2.ChoiceLoader([ThemeLoader([str(d / "templates") for d in theme_dirs(project, theme)]), jinja2.PrefixLoader(builtin)]),
        bytecode_cache=bytecode_cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["breakable"] = breakable
    return env


def builtin_theme_folders() -> list[Path]:
    return sorted(p for p in builtin_themes_dir().iterdir() if p.is_dir() and not p.name.startswith("_"))


def theme_templates(env: jinja2.Environment, extensions: list[str]) -> list[str]:
    """The theme's templates by their own names, without the built-in ones again under
    their prefixed names."""
    assert isinstance(env.loader, jinja2.ChoiceLoader)
    return [name for name in env.loader.loaders[0].list_templates() if name.rpartition(".")[2] in extensions]


def static_files(project: Project, theme: str) -> dict[str, Path]:
    """Output path (under `static/`) to source file; the project's theme wins. A file of one
    theme where the other has a folder of the same name is an error: the site cannot hold
    both, and neither can simply win (the other's pages would link to what is not there)."""
    folders = theme_dirs(project, theme)
    by_theme = [_theme_static(folder / "static") for folder in folders]
    problems = [_static_clash(project, theme, name, own_is_folder) for name, own_is_folder in _clashes(by_theme)]
    if folders[0] == project.themes_dir / theme:
        problems += _links_outside(project, list(by_theme[0].values()))
    if problems:
        raise UserError(problems)
    files: dict[str, Path] = {}
    for found in reversed(by_theme):
        files.update(found)
    return dict(sorted(files.items()))


def static_problems(project: Project, theme: str) -> list[Diagnostic]:
    try:
        static_files(project, theme)
    except UserError as exc:
        return list(exc.diagnostics)
    return []


def _theme_static(root: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(is_ignored(part) for part in relative.parts):
                files["static/" + relative.as_posix()] = path
    return files


def _links_outside(project: Project, sources: list[Path]) -> list[Diagnostic]:
    """The symlinks through which the project's theme publishes a file from outside the
    project (one to a file, or a static/, theme or themes/ folder that is one), as content/
    refuses them: a theme from someone else could otherwise publish a key from the home
    folder; and those leading to a file never published (`.git/config`). Each link once,
    however many files it leads to."""
    links: dict[Path, tuple[str, str, str]] = {}
    for source in sources:
        parts = source.relative_to(project.root).parts
        for link in (project.root.joinpath(*parts[:depth]) for depth in range(1, len(parts) + 1)):
            if not link.is_symlink():
                continue
            problem = hidden_behind_link(link, project) if inside(link.resolve(), project.root) else LINK_OUTSIDE
            if problem is not None:
                links[link] = problem
                break
    return [Diagnostic(project.display(link), 1, 1, "error", *problem) for link, problem in links.items()]


def _clashes(by_theme: list[dict[str, Path]]) -> list[tuple[str, bool]]:
    """(output path, whether the project's theme has the folder) for each output path that
    is a file in one theme and a folder in the other; the first theme is the project's."""
    if len(by_theme) < 2:
        return []
    own, builtin = by_theme
    return [(name, True) for name in builtin if _is_folder_in(name, own)] + \
        [(name, False) for name in own if _is_folder_in(name, builtin)]


def _is_folder_in(name: str, files: dict[str, Path]) -> bool:
    prefix = name + "/"
    return any(other.startswith(prefix) for other in files)


def _static_clash(project: Project, theme: str, name: str, own_is_folder: bool) -> Diagnostic:
    shown = project.display(project.themes_dir / theme / "static" / name.removeprefix("static/"))
    mine, theirs = ("folder", "file") if own_is_folder else ("file", "folder")
    return Diagnostic(shown, 1, 1, "error", "static-clash", f"a {mine} where the built-in theme has the {theirs} {name}",
                      f"rename the {mine}; to replace the built-in {theirs}, put a {theirs} of the same name in its place")


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja2 bytecode held in memory, by bucket key: what a worker of a cold parallel build
    compiled (`compile_theme`) while this process loaded the content."""

    def __init__(self, found: dict[str, bytes] | None = None) -> None:
        self.found = dict(found or {})

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.found.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.found[bucket.key] = bucket.bytecode_to_string()


class BuiltinThemeCache(jinja2.FileSystemBytecodeCache):
    """The built-in themes' templates compiled once per user and goalfolio code, in the
    user's cache folder, as Python keeps modules compiled in `__pycache__`: every project
    and every build, with or without the build cache, loads them instead of compiling
    (~0.25 s). A project's own templates are never kept here. The folder is named after
    goalfolio's code (`fingerprint.generator_fingerprint`), which sets how templates compile, and
    a new one replaces the others."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), "%s.jinja")
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self._private():
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged file: compile again, and replace it
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            if not self.folder.is_dir():
                self._replace_older_folders()
            if self._private():
                super().dump_bytecode(bucket)
        except OSError:
            pass  # a read-only home costs speed, never the build

    def _private(self) -> bool:
        """Loaded code runs in this process: only a folder that is this user's alone is used."""
        if not hasattr(os, "getuid"):
            return True
        try:
            found = self.folder.lstat()
        except OSError:
            return False
        return stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o022

    def _replace_older_folders(self) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for older in self.folder.parent.glob("templates-*"):
            if older != self.folder:
                shutil.rmtree(older, ignore_errors=True)


def user_cache_dir() -> Path:

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "goalfolio" / f"templates-{generator_fingerprint()}"


class TemplateLayers(jinja2.BytecodeCache):
    """Compiled templates looked up in layers, each limited to the templates under a folder
    or not: the project's build cache, the built-in themes' cache, what a worker compiled.
    Jinja2 checks what a layer holds against the template's source; a template found in
    one layer is copied into the layers before it that lack it, and a template compiled
    anew goes into every layer."""

    def __init__(self, layers: Sequence[tuple[jinja2.BytecodeCache, Path | None]]) -> None:
        self.layers = list(layers)
        self.filenames: dict[str, str] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> jinja2.bccache.Bucket:
        self.filenames[self.get_cache_key(name, filename)] = filename or ""
        return super().get_bucket(environment, name, filename, source)

    def _layers(self, bucket: jinja2.bccache.Bucket) -> list[jinja2.BytecodeCache]:
        filename = Path(self.filenames.get(bucket.key, ""))
        return [cache for cache, folder in self.layers if folder is None or folder in filename.parents]

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        missed: list[jinja2.BytecodeCache] = []
        for cache in self._layers(bucket):
            cache.load_bytecode(bucket)
            if bucket.code is not None:
                for earlier in missed:
                    earlier.dump_bytecode(bucket)
                return
            missed.append(cache)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        for cache in self._layers(bucket):
            cache.dump_bytecode(bucket)


def template_cache(project_cache: jinja2.BytecodeCache | None, compiled: dict[str, bytes]) -> TemplateLayers:
    """The layers of `TemplateLayers`, fastest first: `project_cache` (the build cache, when
    on), the built-in themes' cache, and `compiled` by a worker when there is any."""
    layers: list[tuple[jinja2.BytecodeCache, Path | None]] = []
    if project_cache is not None:
        layers.append((project_cache, None))
    layers.append(_builtin_layer())
    if compiled:
        layers.append((CompiledTemplates(compiled), None))
    return TemplateLayers(layers)


def _builtin_layer() -> tuple[jinja2.BytecodeCache, Path]:
    return BuiltinThemeCache(user_cache_dir()), builtin_themes_dir()


def compile_theme(project: Project, theme: str) -> dict[str, bytes]:
    """Every `.html` template of the theme as Jinja2 bytecode, by bucket key (for
    `CompiledTemplates`), loaded from the built-in themes' cache where it is there. Those
    that do not compile are left to the build, which reports the error if a page uses them."""
    compiled = CompiledTemplates()
    try:
        env = make_environment(project, theme, TemplateLayers([(compiled, None), _builtin_layer()]))
    except UserError:
        return {}
    load_templates(env)
    return compiled.found


def load_templates(env: jinja2.Environment) -> None:
    """Load every `.html` template of the theme, ignoring errors (rendering reports those a
    page meets), so that forked workers inherit them compiled instead of each compiling them."""
    for name in theme_templates(env, ["html"]):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass


def template_closure(env: jinja2.Environment, name: str, seen: set[str] | None = None) -> set[str]:
    """`name` and every template it extends, includes or imports, transitively."""
    seen = set() if seen is None else seen
    if name in seen:
        return seen
    seen.add(name)
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        # Kept in the closure, so creating it re-renders its users; rendering reports it,
        # at the line that names it, as `goalfolio build` does.
        return seen
    for referenced in jinja2.meta.find_referenced_templates(env.parse(source, name, filename)):
        if referenced:
            template_closure(env, referenced, seen)
    return seen


def template_problem(exc: jinja2.TemplateError, project: Project) -> Diagnostic:
    """A broken theme template as a located diagnostic, not an internal error: the line is
    the template's own (from the syntax error, or from the template frame that failed)."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:
        filename, line = _template_frame(exc)
    shown = project.display(Path(filename)) if filename else "themes"
    if isinstance(exc, TemplateNotUTF8):
        return Diagnostic(shown, exc.lineno, exc.column, "error", "not-utf8", exc.message or "", "save the file as UTF-8 in your editor")
    message = exc.message or type(exc).__name__
    column = _column_of(filename, line, message) if filename and line and not isinstance(exc, jinja2.TemplateSyntaxError) else 1
    return Diagnostic(shown, line or 1, column, "error", "template-error", f"template error: {message}",
                      "fix the template in your theme, or delete it to fall back to the built-in one")


_QUOTED = re.compile(r"'([^']+)'|`([^`]+)`")


def _column_of(filename: str, line: int, message: str) -> int:
    """Where on its line a template failed, as Jinja2 gives the line only: at the first name
    the message quotes that the line holds (`'nosuch' is undefined`, the template an include
    names), at a call of it where there is one (`macro 'card' takes not more than 2
    argument(s)`); else 1."""
    try:
        text = Path(filename).read_text(encoding="utf-8-sig").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return 1
    for quoted in _QUOTED.finditer(message):
        name = quoted.group(1) or quoted.group(2)
        found = list(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))
        if found:
            called = [m for m in found if text[m.end():].lstrip().startswith("(")]
            return (called or found)[0].start() + 1
    return 1


class TemplateFailed(jinja2.TemplateError):
    """A template of the project's own theme raised while rendering (`{{ 1 / 0 }}`): the
    user's to fix, reported at its line like a syntax error. Kept whole when a worker
    process sends it back."""

    def __init__(self, message: str, filename: str, lineno: int | None) -> None:
        super().__init__(message)
        self.filename, self.lineno = filename, lineno

    def __reduce__(self) -> tuple[Any, ...]:
        return TemplateFailed, (self.message, self.filename, self.lineno)


def project_template_failure(exc: Exception, themes_dir: Path) -> TemplateFailed | None:
    """`exc` as a TemplateFailed when a template under `themes_dir` raised it; None when
    the built-in theme or goalfolio did, which is a bug in goalfolio. Jinja2's own errors
    (an undefined name) keep their message, as the build reports them in this process."""
    filename, line = _template_frame(exc)
    if filename is None or not Path(filename).is_relative_to(themes_dir):
        return None
    if isinstance(exc, jinja2.TemplatesNotFound):
        message = f"no template named {' or '.join(f'`{name}`' for name in exc.templates)}, in your theme or the built-in one"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"no template named `{exc.name}`, in your theme or the built-in one"
    else:
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
    return TemplateFailed(message, filename, line)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt", ".j2")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found

