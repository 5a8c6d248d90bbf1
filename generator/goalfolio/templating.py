"""The theme: a Jinja2 environment over a loader chain (project theme first, then built-in),
static files with the same override rule, and which templates each template pulls in.

What a theme does wrong is reported by `themeerrors` and `renderfailures`; compiled
templates are kept by `templatecache`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from types import FunctionType
from typing import Any, NoReturn

import jinja2
import jinja2.meta
import jinja2.runtime
import jinja2.utils

from .anonymity import SHOWN_FIELDS
from .breaks import breakable
from .config import Project, config_position
from .cssstrings import css_string
from .disclosure import REFERENCE_FIELDS, shown_body, shown_references
from .errors import Diagnostic, UserError, not_utf8, utf8_position
from .fingerprint import builtin_themes_dir
from .items import Item, NamesItems
from .models import Endorsement
from .refusedtemplates import refuse_what_cannot_render
from .sources import (
    LINK_BACK,
    LINK_OUTSIDE,
    content_behind_link,
    folder_entries,
    hidden_behind_link,
    inside,
)


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
                raise TemplateNotUTF8(not_utf8(raw, exc.start), line, template, filename, column) from None
            return super().get_source(environment, template)  # rewritten as UTF-8 since the first read


# What an anonymous endorsement shows (see `anonymity`): a template reads nothing else of it.
ANONYMOUS_SHOWN = frozenset(SHOWN_FIELDS) | {"relationship", "date", "goals", "evidence", "attribution", "visibility", "is_anonymous"}


# What a template reads of no item: pydantic's dumps of the fields, and the instance's
# `__dict__` (a debugging habit), which give the ids of hidden items as written (a loop over
# the item gives the fields as a template reads them).
DUMPS = frozenset({"model_dump", "model_dump_json", "dict", "json", "__dict__"})
_GUARDED = DUMPS | {"source"}  # names checked on any object; every name, on an endorsement
_FILTERED = REFERENCE_FIELDS | {"body"}  # what a template reads as the page may show it


# Callables that take no context, environment or evaluation context unless marked with
# Jinja2's `pass_context` and the like: the page's helpers (`url`, `body`, `title_of`) and macros.
_PLAIN_CALLABLES = (FunctionType, jinja2.runtime.Macro)


class ThemeContext(jinja2.runtime.Context):
    """Jinja2's context, with a shorter way for a template to call a page helper or a macro:
    some 33,000 calls a build, each of which Jinja2 asks whether the callable, or its
    `__call__`, wants the context passed first. A function or macro wants it only if it is
    marked (`jinja_pass_arg`); any other callable goes Jinja2's way."""

    @jinja2.utils.internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


# Attribute names and object types that need none of ThemeEnvironment's checks: a name not
# guarded, not filtered and not Python's own; a type that is no endorsement. Each is found
# plain the first time a template reads it, and a read of a plain name of an object of a
# plain type is then Python's own: the checks cost more than the read, and a build reads
# some 170,000 attributes of a few dozen names and types.
_PLAIN_NAMES: set[str] = set()
_PLAIN_TYPES: set[type] = set()


def _remember_plain(obj: Any, attribute: str, endorsement: bool) -> None:
    if not (attribute in _GUARDED or attribute in _FILTERED or attribute.startswith("_")):
        _PLAIN_NAMES.add(attribute)
    if not endorsement and obj.__class__ is type(obj):  # not a proxy, whose class may differ by instance
        _PLAIN_TYPES.add(type(obj))


class ThemeEnvironment(jinja2.Environment):
    """Jinja2's environment, where a template cannot read an anonymous endorsement's author,
    file name (its `id`) or source: the built-in theme never shows them, and a theme of the
    project's own must not publish them by accident (`{{ n.item.author }}`). Nor does it
    read the ids of items the build hides, or of anonymous endorsements, in the fields that
    name other items (`disclosure`), in an item's body (its citations), in a dump of an item
    or in its source, the file as written; nor a name starting with `_` (`__getstate__()`,
    a helper's `__closure__`), Python's own, which reach all of those. Every `a.b`, `a["b"]`, `attr` and
    `map(attribute=...)` of a template goes through these two methods."""

    context_class = ThemeContext

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        """Jinja2's parse, refusing what compiles but could never render (`refusedtemplates`)."""
        tree = super()._parse(source, name, filename)
        refuse_what_cannot_render(tree, source, name, filename)
        return tree

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in _PLAIN_NAMES and type(obj) in _PLAIN_TYPES:  # most of some 170,000 reads a build
            try:
                return getattr(obj, attribute)
            except AttributeError:
                return super().getattr(obj, attribute)  # the item of that name, or undefined
        endorsement = isinstance(obj, Endorsement)
        if attribute in _GUARDED or attribute.startswith("_") or endorsement:
            withheld = self._withheld_of(obj, attribute)
            if withheld is not None:
                return withheld
        _remember_plain(obj, attribute, endorsement)
        try:  # the attribute here, without a second call
            value = getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)
        return self._shown(obj, attribute, value) if attribute in _FILTERED else value

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and (argument in _GUARDED or isinstance(obj, Endorsement)
                                          or (argument.startswith("_") and not isinstance(obj, Mapping))):
            withheld = self._withheld_of(obj, argument)
            if withheld is not None:
                return withheld
        value = super().getitem(obj, argument)
        return self._shown(obj, argument, value) if isinstance(argument, str) and argument in _FILTERED else value

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict, not Jinja2's ChainMap over the environment's:
        every page makes a context from them, and another for each import `with context`,
        and reading a ChainMap whole runs in Python (4 µs a page, a dict's in C). Nothing
        changes the environment's globals once templates load, as Jinja2 asks."""
        return {**self.globals, **(d or {})}

    def withholds(self, obj: Any, name: str) -> bool:
        """Whether a template reading `name` of `obj` gets an error instead of the value."""
        return self._withheld_of(obj, name) is not None

    @staticmethod
    def _shown(obj: Any, name: str, value: Any) -> Any:
        """`value`, read as `name` of `obj`, as the page being rendered may show it."""
        if name in REFERENCE_FIELDS and isinstance(obj, NamesItems):
            return shown_references(value)
        if name == "body" and isinstance(obj, Item) and isinstance(value, str):
            return shown_body(value)
        return value

    def _withheld_of(self, obj: Any, name: str) -> jinja2.Undefined | None:
        """The error a template gets for reading `name` of `obj`, or None: `obj` is an item, a
        milestone or anything else a template reads."""
        if isinstance(obj, Endorsement) and obj.is_anonymous and name not in ANONYMOUS_SHOWN:
            return self.undefined(obj=obj, name=name, hint=(
                f"an anonymous endorsement's `{name}` is not given to templates: its author is never named, "
                f"nor its file; it shows only {', '.join(sorted(ANONYMOUS_SHOWN))}"))
        if name in DUMPS and isinstance(obj, (Item, NamesItems)):
            return self.undefined(obj=obj, name=name, hint=(
                f"the `{name}` of an item is not given to templates: it holds the ids of items a build hides; "
                "read the fields of the item, or loop over them (`{% for field, value in item %}`)"))
        if name.startswith("_"):
            return self.undefined(obj=obj, name=name, hint=(
                f"`{name}` is not given to templates: a name starting with `_` is Python's own, and reaches what "
                "the build hides (the ids of hidden items as written)"))
        if name == "source" and isinstance(obj, Item):
            return self.undefined(obj=obj, name=name, hint=(
                f"the `{name}` of an item is not given to templates: it holds the file as written; "
                "use `body(item)` and the fields of the item"))
        return None


class AttributeMissing(jinja2.UndefinedError):
    """A template read an attribute or key of an object that has none of that name
    (`{{ goal.titel }}`): the object comes with the error, for the hint of the name the
    template may mean (`renderfailures`), worked out where the page is rendered. A worker
    sends the error back without it: an item reaches much of the site."""

    def __init__(self, message: str, obj: Any, name: str) -> None:
        super().__init__(message)
        self.obj, self.name = obj, name

    def __reduce__(self) -> tuple[Any, ...]:
        return jinja2.UndefinedError, (self.message,)


class ThemeUndefined(jinja2.StrictUndefined):
    """Jinja2's strict undefined, whose error for a missing attribute or key carries the
    object that lacks it. The same as Jinja2's until it fails: a build without errors
    creates undefined values (`x is defined`, `x|default`) and pays nothing more."""

    __slots__ = ()

    @jinja2.utils.internalcode
    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        if self._undefined_hint or self._undefined_obj is jinja2.utils.missing or not isinstance(self._undefined_name, str):
            super()._fail_with_undefined_error(*args, **kwargs)
        raise AttributeMissing(self._undefined_message, self._undefined_obj, self._undefined_name)


# Jinja2 makes its undefined fail through aliases of the function (`__str__ = ...`), which
# a subclass's own function does not replace.
for _name in dir(jinja2.StrictUndefined):
    if getattr(jinja2.StrictUndefined, _name) is jinja2.Undefined._fail_with_undefined_error:
        setattr(ThemeUndefined, _name, ThemeUndefined._fail_with_undefined_error)


def make_environment(project: Project, theme: str, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The theme's templates by name (the project's first), and each built-in theme's under
    its own name (`default/base.html`), so that a template of the project's own can extend
    the built-in one it replaces and change one block."""
    builtin = {d.name: ThemeLoader([str(d / "templates")]) for d in builtin_theme_folders()}
    env = ThemeEnvironment(
        loader=jinja2.ChoiceLoader([ThemeLoader([str(d / "templates") for d in theme_dirs(project, theme)]), jinja2.PrefixLoader(builtin)]),
        bytecode_cache=bytecode_cache,
        autoescape=True,
        undefined=ThemeUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["breakable"] = breakable
    env.filters["css_string"] = css_string
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
    problems: list[Diagnostic] = []
    by_theme = [_theme_static(folder / "static", project, problems) for folder in folders]
    problems += [_static_clash(project, theme, name, own_is_folder) for name, own_is_folder in _clashes(by_theme)]
    if folders[0] == project.themes_dir / theme:
        problems += _links_outside(project, list(by_theme[0].values()))
    if problems:
        raise UserError(problems)
    files: dict[str, Path] = {}
    for found in reversed(by_theme):
        files.update(found)
    return dict(sorted(files.items()))


def _theme_static(root: Path, project: Project, problems: list[Diagnostic]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    if root.is_dir():
        for relative, path in _static_below(root, "", {os.path.realpath(root)}, project, problems):
            files["static/" + relative] = path
    return files


def _static_below(folder: Path, prefix: str, walked: set[str], project: Project,
                  problems: list[Diagnostic]) -> Iterator[tuple[str, Path]]:
    """A theme's static files as content/assets/ is read: a symlinked folder is followed
    (its files were left out without a word), and one leading back to a folder it is in is
    an error, not a loop."""
    for entry in folder_entries(folder, project, problems):
        path = Path(entry.path)
        if entry.is_dir():
            real = os.path.realpath(path)
            if real in walked:
                problems.append(Diagnostic(project.display(path), 1, 1, "error", *LINK_BACK))
                continue
            yield from _static_below(path, f"{prefix}{entry.name}/", walked | {real}, project, problems)
        elif entry.is_file():
            yield prefix + entry.name, path


def _links_outside(project: Project, sources: list[Path]) -> list[Diagnostic]:
    """The symlinks through which the project's theme publishes a file from outside the
    project (one to a file, or a static/, theme or themes/ folder that is one), as content/
    refuses them: a theme from someone else could otherwise publish a key from the home
    folder; those leading to a file never published (`.git/config`); and, as content/assets/
    refuses them, those leading into content/, which would publish a private item's source.
    Each link once, however many files it leads to."""
    links: dict[Path, tuple[str, str, str]] = {}
    for source in sources:
        parts = source.relative_to(project.root).parts
        for link in (project.root.joinpath(*parts[:depth]) for depth in range(1, len(parts) + 1)):
            if not link.is_symlink():
                continue
            if not inside(link.resolve(), project.root):
                problem: tuple[str, str, str] | None = LINK_OUTSIDE
            else:
                problem = hidden_behind_link(link, project) or \
                    content_behind_link(link, project, "among a theme's static files", "the theme's static/")
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
