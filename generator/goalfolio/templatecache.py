"""Compiled templates, kept so that a build loads them rather than compiling them again:
in layers (the project's build cache, the built-in themes compiled once per user), each
checked by Jinja2 against the template's source.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path

import jinja2
import jinja2.bccache

from .fingerprint import builtin_themes_dir, generator_fingerprint
from .templating import theme_templates

KEPT_VERSIONS = 4  # goalfolio versions whose compiled built-in themes stay in the user's cache folder


def _made(folder: Path) -> float:
    """When a version's folder was last written to: when it was made, or a template changed."""
    try:
        return folder.stat().st_mtime
    except OSError:
        return 0.0


class BuiltinThemeCache(jinja2.FileSystemBytecodeCache):
    """The built-in themes' templates compiled once per user and goalfolio code, in the
    user's cache folder, as Python keeps modules compiled in `__pycache__`: every project
    and every build, with or without the build cache, loads them instead of compiling
    (~0.25 s). A project's own templates are never kept here. The folder is named after
    goalfolio's code (`fingerprint.generator_fingerprint`), which sets how templates compile, and
    the folders of the last few versions are kept (`KEPT_VERSIONS`): two installations used in
    turn, a project's virtualenv and a `pipx` one, would each compile again every time."""

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
        """Make this version's folder, and delete all but the newest of the others."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        others = [older for older in self.folder.parent.glob("templates-*") if older != self.folder]
        for older in sorted(others, key=_made, reverse=True)[KEPT_VERSIONS - 1:]:
            shutil.rmtree(older, ignore_errors=True)


def user_cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/goalfolio`, or `~/.cache/goalfolio`; None without a home folder to
    put it in. As the XDG rules say, a relative `XDG_CACHE_HOME` is ignored, and so is a
    `HOME` that is relative, empty or missing (`/nonexistent`, a service's): the cache was
    made in the current folder (a project's, say), in `/.cache`, or made the home itself."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~") if os.environ.get("HOME") != "" else ""
        if not os.path.isabs(home) or not os.path.isdir(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "goalfolio" / f"templates-{generator_fingerprint()}"


class TemplateLayers(jinja2.BytecodeCache):
    """Compiled templates looked up in layers, each limited to the templates under a folder
    or not: the project's build cache and the built-in themes' cache.
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


def template_cache(project_cache: jinja2.BytecodeCache | None) -> TemplateLayers:
    """The layers of `TemplateLayers`, fastest first: `project_cache` (the build cache, when
    on) and the built-in themes' cache."""
    layers: list[tuple[jinja2.BytecodeCache, Path | None]] = []
    if project_cache is not None:
        layers.append((project_cache, None))
    layers.extend(_builtin_layer())
    return TemplateLayers(layers)


def _builtin_layer() -> list[tuple[jinja2.BytecodeCache, Path | None]]:
    """The built-in themes' cache, as a layer to add: none without a user cache folder."""
    folder = user_cache_dir()
    return [] if folder is None else [(BuiltinThemeCache(folder), builtin_themes_dir())]


def load_templates(env: jinja2.Environment) -> None:
    """Load every `.html` template of the theme, ignoring errors (rendering reports those a
    page meets), so that forked workers inherit them compiled instead of each compiling them."""
    for name in theme_templates(env, ["html"]):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass
