"""What a theme does wrong, as located diagnostics: what `goalfolio check` can tell before
any page is rendered, a template that fails to compile or render, at its file and line,
and a template of the project's own told apart from a bug in goalfolio's.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.filters import FILTERS

from .config import Project, config_position
from .errors import Diagnostic, UserError
from .fingerprint import builtin_themes_dir
from .templating import (
    TemplateNotUTF8,
    make_environment,
    static_files,
    template_closure,
    theme_templates,
)
from .unclosed import unclosed_hint


def theme_problems(project: Project, theme: str) -> list[Diagnostic]:
    """What `goalfolio check` can tell of the theme before any page is rendered: a theme
    that does not exist, templates of the project's own that do not compile, static files
    that clash with the built-in theme's, and links to static files the site will not
    have. The built-in templates are goalfolio's, and tested with it."""
    try:
        env = make_environment(project, theme)
    except UserError as exc:
        return list(exc.diagnostics)
    problems = missing_page_templates(project, theme, env)
    for name in own_templates(project, theme, env):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            problems.append(template_problem(exc, project))
    try:
        static_files(project, theme)
    except UserError as exc:
        return problems + list(exc.diagnostics)
    return problems + static_link_problems(project, theme, static_links(env))


def missing_page_templates(project: Project, theme: str, env: jinja2.Environment) -> list[Diagnostic]:
    """A theme of the project's own that is no built-in theme's override has no fallback: the
    page templates it lacks, and the built-in macros and partials its templates reach (a page
    of `{% extends "default/goal.html" %}` imports `macros/items.html`), named at `theme:`,
    not one page's failure at a line of the built-in theme."""
    if (builtin_themes_dir() / theme).is_dir():
        return []
    builtin = builtin_themes_dir() / "default" / "templates"
    own = project.themes_dir / theme / "templates"
    pages = page_templates()
    missing = [name for name in pages if not (own / name).is_file()]
    missing += sorted(name for name in _reached(env, [name for name in pages if name not in missing])
                      if name not in pages and (builtin / name).is_file() and not (own / name).is_file())
    if not missing:
        return []
    line, column = config_position(project, "theme")
    return [Diagnostic(project.display(project.config_path), line, column, "error", "missing-templates",
                       f"the theme `{theme}` has no {', '.join(missing)}: pages are rendered with them",
                       f"add them to themes/{theme}/templates/; one holding `{{% extends \"default/{missing[0]}\" %}}` alone "
                       "is the built-in one")]


def page_templates() -> list[str]:
    """The names of the templates pages are rendered with: the built-in theme's top level."""
    return sorted(p.name for p in (builtin_themes_dir() / "default" / "templates").glob("*.html"))


def _reached(env: jinja2.Environment, names: list[str]) -> set[str]:
    """Every template `names` extend, include or import, transitively; one that does not
    compile is reported on its own."""
    reached: set[str] = set()
    for name in names:
        try:
            template_closure(env, name, reached)
        except jinja2.TemplateSyntaxError:
            continue
    return reached


@dataclass(frozen=True)
class StaticLink:
    """A literal `url('static/...')` in a template some page uses: the file it names, and
    where it is written (`builtin`, the built-in template's name, `default/base.html`, or
    empty in a template of the project's own)."""

    path: str
    filename: str
    line: int
    column: int
    builtin: str


def static_links(env: jinja2.Environment) -> list[StaticLink]:
    """Every literal `url('static/...')` of the templates the pages use, theirs and those
    they extend, include or import: a name mistyped there wrote a broken link into every
    page with exit 0. A name built at render time (`url('static/' ~ name)`) is not known
    before; a template that is missing or does not compile is reported on its own."""
    assert env.loader is not None
    links: dict[StaticLink, None] = {}
    seen: set[str] = set()
    waiting = page_templates()
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
            tree = env.parse(source, name, filename)
        except jinja2.TemplateError:
            continue
        waiting += [referenced for referenced in jinja2.meta.find_referenced_templates(tree) if referenced]
        links.update(dict.fromkeys(_literal_static_links(tree, source, filename or name)))
    return list(links)


_NEWLINE = re.compile(r"\r\n|\r|\n")  # as Jinja2 counts lines


def _literal_static_links(tree: nodes.Template, source: str, filename: str) -> list[StaticLink]:
    """The calls of `url` with one literal naming a file under `static/`, at the literal:
    Jinja2 gives the line only, so the column is where the line writes it. What follows a
    `?` or `#` is no part of the file's name."""
    builtin = builtin_themes_dir()
    shown = ""
    if Path(filename).is_relative_to(builtin):  # default/templates/base.html, shown as default/base.html
        shown = Path(filename).relative_to(builtin).as_posix().replace("/templates/", "/", 1)
    lines = _NEWLINE.split(source)
    found = []
    for call in tree.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "url" and len(call.args) == 1 and not call.kwargs
                and isinstance(call.args[0], nodes.Const) and isinstance(call.args[0].value, str)
                and call.args[0].value.startswith("static/")):
            continue
        literal = call.args[0]
        text = lines[literal.lineno - 1] if literal.lineno <= len(lines) else ""
        written = re.search(rf"(['\"]){re.escape(literal.value)}\1", text) or re.search(r"['\"]static/", text)
        path = literal.value.partition("#")[0].partition("?")[0]
        found.append(StaticLink(path, filename, literal.lineno, written.start() + 1 if written else 1, shown))
    return found


def static_link_problems(project: Project, theme: str, links: list[StaticLink]) -> list[Diagnostic]:
    """The links of `links` to static files the build does not publish: each of the
    project's own templates at its literal, with the name it may mean; those of built-in
    templates (a `theme: mine` without static/) together at `theme:`, as the templates it
    lacks are. A theme whose static files clash gets nothing here: that is reported."""
    if not links:
        return []
    try:
        published = static_files(project, theme)
    except UserError:
        return []
    broken = [link for link in links if link.path not in published]
    problems = [_unknown_static_file(project, theme, link, published) for link in broken if not link.builtin]
    lacking = [link for link in broken if link.builtin]
    return problems + ([_lacking_static_files(project, theme, lacking)] if lacking else [])


def _unknown_static_file(project: Project, theme: str, link: StaticLink, published: dict[str, Path]) -> Diagnostic:
    name = link.path.removeprefix("static/")
    close = difflib.get_close_matches(name, [p.removeprefix("static/") for p in published], n=1)
    folder = project.display(project.themes_dir / theme / "static") + "/"
    also = " and the built-in theme's" if (builtin_themes_dir() / theme).is_dir() else ""
    return Diagnostic(project.display(Path(link.filename)), link.line, link.column, "error", "missing-static",
                      f"no static file `{link.path}` in the theme",
                      f"did you mean `static/{close[0]}`?" if close
                      else f"put the file in {folder}: the site's static/ holds the files of that folder{also}")


def _lacking_static_files(project: Project, theme: str, links: list[StaticLink]) -> Diagnostic:
    """A theme of the project's own whose pages extend built-in ones that link to static
    files it lacks: a stylesheet cannot extend the built-in one, so it is copied, and
    goalfolio has no command that tells where its built-in theme is."""
    missing = sorted({link.path for link in links})
    templates = sorted({link.builtin for link in links})
    source = builtin_themes_dir() / templates[0].partition("/")[0] / "static"
    line, column = config_position(project, "theme")
    return Diagnostic(project.display(project.config_path), line, column, "error", "missing-static",
                      f"the theme `{theme}` has no {', '.join(missing)}: its pages link to them "
                      f"(the built-in {', '.join(templates)})",
                      f"copy them to themes/{theme}/static/ from the built-in theme, in {source}/")


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
    placed = not isinstance(exc, jinja2.TemplateSyntaxError) or isinstance(exc, jinja2.TemplateAssertionError)
    column = _column_of(filename, line, message) if filename and line and placed else 1
    if isinstance(exc, TemplateFailed):
        hint = exc.hint
    else:
        hint = _unclosed_block_hint(filename, message, line) if filename and line and not placed else None
    return Diagnostic(shown, line or 1, column, "error", "template-error", f"template error: {message}",
                      hint or _filter_hint(message) or "fix the template in your theme, or delete it to fall back to the built-in one")


def _unclosed_block_hint(filename: str, message: str, line: int) -> str | None:
    """Where the block Jinja2 names as left open (`{% if %}` without its `{% endif %}`)
    was opened, as Jinja2 stops at the tag after it."""
    try:
        source = Path(filename).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return unclosed_hint(source, message, line)


_UNKNOWN_FILTER = re.compile(r"No filter named '([^']+)'")


def _filter_hint(message: str) -> str | None:
    """`did you mean` for a filter's name mistyped (`|lenght`), among Jinja2's and the theme's."""
    unknown = _UNKNOWN_FILTER.match(message)
    if unknown is None:
        return None
    close = difflib.get_close_matches(unknown.group(1), [*FILTERS, "breakable"], n=1)
    return f"did you mean `{close[0]}`?" if close else "the filters are Jinja2's own and `breakable` (see docs/site.md)"


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
    user's to fix, reported at its line like a syntax error, with a hint where one is
    known then (the name an undefined one may mean). Kept whole when a worker process
    sends it back."""

    def __init__(self, message: str, filename: str, lineno: int | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.filename, self.lineno, self.hint = filename, lineno, hint

    def __reduce__(self) -> tuple[Any, ...]:
        return TemplateFailed, (self.message, self.filename, self.lineno, self.hint)


def project_template_failure(exc: Exception, themes_dir: Path, env: jinja2.Environment) -> TemplateFailed | None:
    """`exc` as a TemplateFailed when a template under `themes_dir` raised it, called the
    built-in template that did (a macro given too few arguments fails in the macro's file),
    or made a built-in template fail by overriding what it imports: placed at the project's
    line, the built-in one named after the message. None when the built-in theme or
    goalfolio did alone, which is a bug in goalfolio. Jinja2's own errors (an undefined
    name) keep their message, as the build reports them in this process."""
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
    hint = _undefined_name_hint(exc, tracebacks[-1].tb_frame.f_locals) if frames[-1] == own[-1] else None
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


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
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
