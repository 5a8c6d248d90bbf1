"""The theme: a Jinja2 environment over a loader chain (project theme first, then built-in),
static files with the same override rule, and which templates each template pulls in.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import jinja2
import jinja2.bccache
import jinja2.meta

from .config import Project
from .errors import Diagnostic, UserError


def builtin_themes_dir() -> Path:
    return Path(str(importlib.resources.files("goalfolio.themes")))


def theme_dirs(project: Project, theme: str) -> list[Path]:
    """Theme folders in lookup order; a name that exists nowhere is a config error."""
    candidates = [project.themes_dir / theme, builtin_themes_dir() / theme]
    found = [d for d in candidates if d.is_dir()]
    if not found:
        available = sorted(p.name for p in builtin_themes_dir().iterdir() if p.is_dir() and not p.name.startswith("_"))
        raise UserError([Diagnostic(project.display(project.config_path), 1, 1, "error", "unknown-theme",
                                    f"the theme `{theme}` was found neither in themes/ nor among the built-in themes",
                                    f"built-in themes: {', '.join(available)}; or create themes/{theme}/templates/")])
    return found


def make_environment(project: Project, theme: str, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([str(d / "templates") for d in theme_dirs(project, theme)])
    env = jinja2.Environment(
        loader=loader,
        bytecode_cache=bytecode_cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    return env


def static_files(project: Project, theme: str) -> dict[str, Path]:
    """Output path (under `static/`) to source file; the project's theme wins."""
    files: dict[str, Path] = {}
    for folder in reversed(theme_dirs(project, theme)):
        root = folder / "static"
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files["static/" + path.relative_to(root).as_posix()] = path
    return dict(sorted(files.items()))


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja2 bytecode held in memory, by bucket key: a worker of a cold parallel build
    compiles the theme (`compile_theme`) while this process loads the content, and the
    build loads the result instead of compiling (~0.25 s). Jinja checks every entry against
    its template's source, so a template edited in between is compiled again. Entries used
    are passed on to `then` (the disk cache), where a later build looks for them."""

    def __init__(self, found: dict[str, bytes] | None = None, then: jinja2.BytecodeCache | None = None) -> None:
        self.found = dict(found or {})
        self.then = then

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.found.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)
        if bucket.code is None:
            if self.then is not None:
                self.then.load_bytecode(bucket)
        elif self.then is not None:
            self.then.dump_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.found[bucket.key] = bucket.bytecode_to_string()
        if self.then is not None:
            self.then.dump_bytecode(bucket)


def compile_theme(project: Project, theme: str) -> dict[str, bytes]:
    """Every `.html` template of the theme as Jinja2 bytecode, by bucket key (for
    `CompiledTemplates`); those that do not compile are left to the build, which reports
    the error if a page uses them."""
    compiled = CompiledTemplates()
    try:
        env = make_environment(project, theme, compiled)
    except UserError:
        return {}
    load_templates(env)
    return compiled.found


def load_templates(env: jinja2.Environment) -> None:
    """Load every `.html` template of the theme, ignoring errors (rendering reports those a
    page meets), so that forked workers inherit them compiled instead of each compiling them."""
    for name in env.list_templates(extensions=["html"]):
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
    source, _, _ = env.loader.get_source(env, name)
    for referenced in jinja2.meta.find_referenced_templates(env.parse(source)):
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
    message = exc.message or type(exc).__name__
    return Diagnostic(shown, line or 1, 1, "error", "template-error", f"template error: {message}",
                      "fix the template in your theme, or delete it to fall back to the built-in one")


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt", ".j2")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found

