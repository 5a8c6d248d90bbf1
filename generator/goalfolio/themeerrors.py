"""What a theme does wrong, as located diagnostics: what `goalfolio check` can tell before
any page is rendered, and a template that fails to compile or render, at its file and
line. `renderfailures` places a failure while rendering, and tells a template of the
project's own apart from a bug in goalfolio's.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.filters import FILTERS

from .config import Project, config_position
from .errors import Diagnostic, UserError
from .fingerprint import builtin_themes_dir
from .refusedtemplates import TemplateRefused
from .renderfailures import TemplateFailed, template_frame
from .templating import (
    TemplateNotUTF8,
    make_environment,
    static_files,
    template_closure,
    theme_templates,
)
from .unclosed import stray_end_hint, unclosed_hint

if TYPE_CHECKING:
    from .render import RootAbsoluteLinkError


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
        filename, line = template_frame(exc)
    shown = project.display(Path(filename)) if filename else "themes"
    if isinstance(exc, TemplateNotUTF8):
        return Diagnostic(shown, exc.lineno, exc.column, "error", "not-utf8", exc.message or "", "save the file as UTF-8 in your editor")
    if isinstance(exc, TemplateRefused):
        return Diagnostic(shown, exc.lineno, exc.column, "error", "template-error", f"template error: {exc.message}", exc.hint)
    message = exc.message or type(exc).__name__
    placed = not isinstance(exc, jinja2.TemplateSyntaxError) or isinstance(exc, jinja2.TemplateAssertionError)
    column = _column_of(filename, line, message) if filename and line and placed else 1
    if isinstance(exc, TemplateFailed):
        hint = exc.hint
    else:
        hint = _block_hint(filename, message, line) if filename and line and not placed else None
    return Diagnostic(shown, line or 1, column, "error", "template-error", f"template error: {message}",
                      hint or _filter_hint(message) or "fix the template in your theme, or delete it to fall back to the built-in one")


def stopping_template_problems(exc: jinja2.TemplateError, project: Project, theme: str | None) -> list[Diagnostic]:
    """The template that stopped a build, and every other template of the project's theme
    that does not compile, as `check` reports them: one run shows them all. `theme` is the
    config's, None before a config was read."""
    first = template_problem(exc, project)
    others = theme_problems(project, theme) if theme is not None else []
    if isinstance(exc, jinja2.TemplateNotFound) and any(d.code == "missing-templates" for d in others):
        return others  # a page's template the theme lacks: named at `theme:`, with the others it lacks
    return [first, *(d for d in others if d.path != first.path)]


def theme_link_error(project: Project, exc: RootAbsoluteLinkError) -> UserError:
    """Bodies are checked for root-absolute links when loaded, so one met while
    rendering comes from the theme."""
    return UserError([Diagnostic(project.display(project.themes_dir), 1, 1, "error", "root-absolute-link",
                                 str(exc), "use the `url()` helper so links stay relative")])


def _block_hint(filename: str, message: str, line: int) -> str | None:
    """Where the block Jinja2 names as left open (`{% if %}` without its `{% endif %}`)
    was opened, as Jinja2 stops at the tag after it; or the end tag that closes nothing,
    which Jinja2 calls an unknown tag."""
    try:
        source = Path(filename).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return unclosed_hint(source, message, line) or stray_end_hint(source, message, line)


_UNKNOWN_FILTER = re.compile(r"No filter named '([^']+)'")


def _filter_hint(message: str) -> str | None:
    """`did you mean` for a filter's name mistyped (`|lenght`), among Jinja2's and the theme's."""
    unknown = _UNKNOWN_FILTER.match(message)
    if unknown is None:
        return None
    close = difflib.get_close_matches(unknown.group(1), [*FILTERS, "breakable", "css_string"], n=1)
    return f"did you mean `{close[0]}`?" if close else "the filters are Jinja2's own, `breakable` and `css_string` (see docs/site.md)"


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
