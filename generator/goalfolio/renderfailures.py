"""A template failing while a page is rendered, placed where its author can fix it: at the
line of the project's own template that failed, or that made a built-in one fail, with a
hint where one is known then. Worked out where the page is rendered (in a worker too),
whose traceback and names are gone once the error is sent back.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Generator, Iterator, Mapping
from pathlib import Path
from types import GeneratorType, TracebackType
from typing import Any, cast

import jinja2
import pydantic
from jinja2 import nodes

from .fingerprint import builtin_themes_dir
from .refusedtemplates import HALF_CHARACTER, half_character_message
from .templating import AttributeMissing, ThemeEnvironment, builtin_theme_folders


class TemplateFailed(jinja2.TemplateError):
    """A template of the project's own theme raised while rendering (`{{ 1 / 0 }}`): the
    user's to fix, reported at its line like a syntax error, with a hint where one is
    known then (the name an undefined name or attribute may mean). Kept whole when a
    worker process sends it back."""

    def __init__(self, message: str, filename: str, lineno: int | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.filename, self.lineno, self.hint = filename, lineno, hint

    def __reduce__(self) -> tuple[Any, ...]:
        return TemplateFailed, (self.message, self.filename, self.lineno, self.hint)


def project_template_failure(exc: Exception, themes_dir: Path, env: jinja2.Environment, page_template: str) -> TemplateFailed | None:
    """`exc` as a TemplateFailed when a template under `themes_dir` raised it, called the
    built-in template that did (a macro given too few arguments fails in the macro's file),
    or made a built-in template fail by overriding what it imports: placed at the project's
    line, the built-in one named after the message; or when templates the page's extend
    each other in a loop, at the loop. None when the built-in theme or goalfolio did alone,
    which is a bug in goalfolio. Jinja2's own errors (an undefined name) keep their message,
    as the build reports them in this process."""
    if isinstance(exc, RecursionError):
        loop = _extends_loop_failure(env, page_template, themes_dir)
        if loop is not None:
            return loop
    tracebacks = _template_tracebacks(exc)
    frames = [(tb.tb_frame.f_code.co_filename, tb.tb_lineno) for tb in tracebacks]
    if frames and Path(frames[-1][0]).is_relative_to(builtin_themes_dir()):
        overridden = _overridden_import(exc, *frames[-1], themes_dir, env)
        if overridden is not None:
            return overridden
    own = [(filename, line) for filename, line in frames if Path(filename).is_relative_to(themes_dir)]
    if not own:
        return None
    filename, line = own[-1]
    hint = (_attribute_hint(exc, env) or _undefined_name_hint(exc, tracebacks[-1].tb_frame.f_locals)) \
        if frames[-1] == own[-1] else None
    if isinstance(exc, jinja2.TemplatesNotFound):
        message = f"no template named {' or '.join(f'`{name}`' for name in exc.templates)}, in your theme or the built-in one"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"no template named `{exc.name}`, in your theme or the built-in one"
    else:
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
    failed, failed_line = frames[-1]
    if failed != filename and Path(failed).is_relative_to(builtin_themes_dir()):
        message += f" (in the built-in {_builtin_name(failed)}, line {failed_line})"
    return TemplateFailed(message, filename, line, hint)


def unwritable_page_failure(template: jinja2.Template, context: dict[str, Any], themes_dir: Path,
                            env: jinja2.Environment) -> TemplateFailed | None:
    """A page that UTF-8 cannot write, as a template of the project's own made half of a
    character (a surrogate) while rendering it (`"%c"|format(n)`; one made of constants is
    refused when the template is parsed), at the line that wrote it. The page is rendered
    again piece by piece to find it, which only such a page pays for. None where no template
    of the project's wrote it: a bug in goalfolio."""
    pieces = cast(Generator[str, None, None], template.generate(context))  # a generator function, typed as an iterator
    try:
        for piece in pieces:
            if HALF_CHARACTER.search(piece) is not None:
                return _half_character_failure(piece, _writing_frames(pieces), themes_dir, env)
    finally:
        pieces.close()
    return None


def _writing_frames(pieces: Iterator[str]) -> list[tuple[str, int]]:
    """The templates (file, line) rendering a page, outermost first, each where it stands while
    the innermost yields its last piece: a template goes on in the next by `yield from` (the
    template it extends, a block), or by iterating it as `gen` (a template it includes)."""
    frames = []
    current: Any = pieces
    while isinstance(current, GeneratorType) and current.gi_frame is not None:
        frame = current.gi_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            frames.append((template.filename, template.get_corresponding_lineno(frame.f_lineno)))
        current = current.gi_yieldfrom if current.gi_yieldfrom is not None or template is None else frame.f_locals.get("gen")
    return frames


def _half_character_failure(piece: str, frames: list[tuple[str, int]], themes_dir: Path,
                            env: jinja2.Environment) -> TemplateFailed | None:
    """At the innermost template of the project's own that was writing `piece`; where a
    built-in template wrote it, at the macro of the project's own it called there, if any."""
    if not frames:
        return None
    message, hint = half_character_message(piece)
    failed, failed_line = frames[-1]
    builtin = Path(failed).is_relative_to(builtin_themes_dir())
    if builtin:
        for called in _CALLED.findall(_line_of(failed, failed_line)):
            defined = _imported_macro(env, failed, called, themes_dir)
            if defined is not None:
                return TemplateFailed(f"{message} (called by the built-in {_builtin_name(failed)}, line {failed_line})",
                                      *defined, hint)
    own = [(filename, line) for filename, line in frames if Path(filename).is_relative_to(themes_dir)]
    if not own:
        return None
    if builtin:
        message += f" (in the built-in {_builtin_name(failed)}, line {failed_line})"
    return TemplateFailed(message, *own[-1], hint)


_CALLED = re.compile(r"(\w+)\s*\(")


def _line_of(filename: str, number: int) -> str:
    try:
        lines = Path(filename).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _extends_loop_failure(env: jinja2.Environment, name: str, themes_dir: Path) -> TemplateFailed | None:
    """Templates that extend each other in a loop (`goal.html` extending `goals.html`, which
    extends `goal.html`), which recursed until Python stopped them: the loop from the
    template of the project's own whose name sorts first, so that every page it stops tells
    it alike, at its `{% extends %}`. One extending itself is refused as it is parsed."""
    loop = _extends_loop(env, name)
    own = sorted(step for step in loop if Path(step[1]).is_relative_to(themes_dir))
    if not own:
        return None
    start = loop.index(own[0])
    loop = loop[start:] + loop[:start]
    (first, filename, line), extended = loop[0], [step[0] for step in loop[1:]] + [loop[0][0]]
    message = "this template extends " + ", which extends ".join(f"`{n}`" for n in extended[:-1]) \
        + f", which extends this one, `{first}`: templates extending each other in a loop never render"
    builtin = next((f"{d.name}/{extended[0]}" for d in builtin_theme_folders() if (d / "templates" / extended[0]).is_file()), None)
    hint = f"a theme's `{extended[0]}` takes the place of the built-in one: to extend that one, name it by its theme's " \
        f"name, `{{% extends \"{builtin}\" %}}`" if builtin is not None else \
        "make one of them extend a template outside the loop, or none"
    return TemplateFailed(message, filename, line, hint)


def _extends_loop(env: jinja2.Environment, name: str) -> list[tuple[str, str, int]]:
    """The templates, each as (name, file, line of its `{% extends %}`), that extend each
    other in a loop which the template `name` extends into, in order; empty where there is
    no loop. Each template is followed by its first `{% extends %}` of a literal name."""
    assert env.loader is not None
    steps: list[tuple[str, str, int]] = []
    seen: dict[str, int] = {}
    while name not in seen:
        seen[name] = len(steps)
        try:
            source, filename, _ = env.loader.get_source(env, name)
            tree = env.parse(source, name, filename)
        except jinja2.TemplateError:
            return []
        extends = next((node for node in tree.find_all(nodes.Extends)
                        if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str)), None)
        if extends is None or filename is None:
            return []
        steps.append((name, filename, extends.lineno))
        name = cast(nodes.Const, extends.template).value
    return steps[seen[name]:]


def _builtin_name(filename: str) -> str:
    """A built-in template's name as a theme of the project's own extends it: `default/goal.html`."""
    theme, _, *name = Path(filename).relative_to(builtin_themes_dir()).parts  # default/templates/macros/items.html
    return f"{theme}/{'/'.join(name)}"


_NOT_EXPORTED = re.compile(r"the template '(.+)' \(imported on line (\d+) in '.+'\) does not export the requested name '(.+)'$")
_MACRO_CALL = re.compile(r"macro '([^']+)' (?:takes|was invoked)")


def _overridden_import(exc: Exception, failed: str, failed_line: int, themes_dir: Path,
                       env: jinja2.Environment) -> TemplateFailed | None:
    """A built-in template that failed on what it imports from a template of the project's
    own, which replaces the built-in one: a macro that is not there, or that takes other
    arguments than the built-in one (`evidence_card(e)` called as `evidence_card(e, 'h2')`).
    At the project's template, where the macro is defined, not at the built-in line that
    calls it, which the project cannot change. None for any other failure."""
    missing = _NOT_EXPORTED.match(exc.message or "") if isinstance(exc, jinja2.UndefinedError) else None
    if missing is not None:
        template, import_line, name = missing.groups()
        filename = _own_template(env, template, themes_dir)
        if filename is None:
            return None
        theme = _builtin_name(failed).partition("/")[0]
        return TemplateFailed(f"this template has no `{name}`, which the built-in {_builtin_name(failed)} imports from it "
                              f"(its line {import_line})", filename, 1,
                              f"define `{name}` here as the built-in {theme}/{template} does, or delete this file to fall "
                              "back to the built-in one")
    called = _MACRO_CALL.match(str(exc)) if isinstance(exc, TypeError) else None
    if called is None:
        return None
    defined = _imported_macro(env, failed, called.group(1), themes_dir)
    if defined is None:
        return None
    return TemplateFailed(f"TypeError: {exc} (called by the built-in {_builtin_name(failed)}, line {failed_line})", *defined,
                          f"the built-in templates call `{called.group(1)}` as they call the built-in one: give it the "
                          "same parameters")


def _imported_macro(env: jinja2.Environment, importer: str, macro: str, themes_dir: Path) -> tuple[str, int] | None:
    """The file and line of the project's own template where `macro`, which the template
    `importer` imports, is defined; None where `importer` does not import it by name from
    one template, or that template is not the project's."""
    try:
        tree = env.parse(Path(importer).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
        return None
    templates = {node.template.value for node in tree.find_all(nodes.FromImport)
                 if isinstance(node.template, nodes.Const)
                 and any((name if isinstance(name, str) else name[0]) == macro for name in node.names)}
    filename = _own_template(env, templates.pop(), themes_dir) if len(templates) == 1 else None
    if filename is None:
        return None
    try:
        lines = [node.lineno for node in env.parse(Path(filename).read_text(encoding="utf-8-sig")).find_all(nodes.Macro)
                 if node.name == macro]
    except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
        return None
    return (filename, lines[0]) if lines else None


def _own_template(env: jinja2.Environment, name: str, themes_dir: Path) -> str | None:
    """The file of the template `name`, if it is the project's own."""
    try:
        filename = env.get_template(name).filename
    except jinja2.TemplateError:
        return None
    return filename if filename and Path(filename).is_relative_to(themes_dir) else None


_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined$")


def _undefined_name_hint(exc: Exception, names: Mapping[str, Any]) -> str | None:
    """`did you mean` for a name the template does not have (`goall`), among those it has
    where it failed: Jinja2 gives the frame of a failed template the names of that point,
    the page's, a loop's and the template's own `set` and macros (in a macro, its
    arguments and the other names it reads)."""
    undefined = _UNDEFINED_NAME.match(exc.message or "") if isinstance(exc, jinja2.UndefinedError) else None
    if undefined is None:
        return None
    known = [name for name, value in names.items() if not isinstance(value, jinja2.Undefined)]
    close = difflib.get_close_matches(undefined.group(1), known, n=1)
    return f"did you mean `{close[0]}`?" if close else None


def _attribute_hint(exc: Exception, env: jinja2.Environment) -> str | None:
    """`did you mean` for an attribute or key of an object that has none of that name
    (`goal.titel`, `review.dat`), among the names a template may read of it (its fields,
    properties and methods, a mapping's keys) and of the items it holds: a goal view read
    as its goal (`v.title`) means `goal.title`. The closest wins, the object's own on a tie."""
    if not isinstance(exc, AttributeMissing):
        return None
    candidates = [(name, name) for name in _readable_names(exc.obj, env)]
    candidates += [(f"{field}.{name}", name) for field, item in _held_items(exc.obj) for name in _readable_names(item, env)]
    scored = [(difflib.SequenceMatcher(None, name, exc.name).ratio(), shown) for shown, name in candidates]
    score, shown = max(scored, key=lambda pair: pair[0], default=(0.0, ""))
    return f"did you mean `{shown}`?" if score >= _CLOSE_ENOUGH else None


_CLOSE_ENOUGH = 0.6  # as difflib.get_close_matches, which the other hints use


def _readable_names(obj: Any, env: jinja2.Environment) -> list[str]:
    """The names `obj` has that a template may read: a mapping's keys first, then its
    attributes, but for pydantic's own on a model (`model_copy`, `schema`), which are no part
    of the content; never one starting with `_`, nor one the environment withholds (an
    item's `source`), which would fail as well."""
    keys = [key for key in obj if isinstance(key, str)] if isinstance(obj, Mapping) else []
    machinery = _PYDANTIC_NAMES if isinstance(obj, pydantic.BaseModel) else frozenset()
    names = dict.fromkeys(keys + [name for name in dir(obj) if name not in machinery])
    return [name for name in names
            if not name.startswith("_") and not (isinstance(env, ThemeEnvironment) and env.withholds(obj, name))]


_PYDANTIC_NAMES = frozenset(dir(pydantic.BaseModel))


def _held_items(obj: Any) -> list[tuple[str, pydantic.BaseModel]]:
    """The fields of a view (a dataclass) or a row (a named tuple) that hold an item, by name."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = [field.name for field in dataclasses.fields(obj)]
    elif isinstance(obj, tuple) and hasattr(obj, "_fields"):
        fields = list(obj._fields)
    else:
        return []
    return [(field, value) for field in fields if isinstance(value := getattr(obj, field), pydantic.BaseModel)]


def template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line that raised `exc`, the innermost."""
    tracebacks = _template_tracebacks(exc)
    return (tracebacks[-1].tb_frame.f_code.co_filename, tracebacks[-1].tb_lineno) if tracebacks else (None, None)


def _template_tracebacks(exc: BaseException) -> list[TracebackType]:
    """The steps of `exc`'s traceback through template files, outermost first: Jinja2 gives
    each the template's file and line, and the names the template had there."""
    found = []
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt", ".j2")):
            found.append(tb)
        tb = tb.tb_next
    return found
