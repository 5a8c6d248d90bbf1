"""The build cache: cached, warm and incremental builds write exactly what a clean build
writes, a damaged cache is rebuilt rather than trusted, and `clean` / `--no-cache` work."""

from __future__ import annotations

import datetime
import errno
import hashlib
import os
import pickle
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
import markdown_it
import pytest
from conftest import make_project

from goalfolio import build as build_module
from goalfolio import cache as cache_module
from goalfolio import cachefiles, staging
from goalfolio.build import Builder, BuildOptions
from goalfolio.cache import CACHE_DIR
from goalfolio.cli import main
from goalfolio.config import find_project
from goalfolio.fingerprint import (
    code_fingerprint,
    digest_bytes,
    generator_fingerprint,
    library_versions,
)
from goalfolio.oneshot import build_site
from goalfolio.writer import IN_PLACE_LIMIT, write_site

REPO = Path(__file__).resolve().parents[1]


def example_project(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "goalfolio.yaml", root / "goalfolio.yaml")
    return root


def generated_project(tmp_path: Path, items: int = 60) -> Path:
    root = tmp_path / "generated"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), "--items", str(items)],
                   check=True, stdout=subprocess.DEVNULL)
    return root


@pytest.fixture(params=["example", "generated"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return example_project(tmp_path) if request.param == "example" else generated_project(tmp_path)


def build(root: Path, out: Path, *, cache: bool, jobs: int = 1) -> dict[str, bytes]:
    build_site(find_project(root), BuildOptions(cache=cache, jobs=jobs), out)
    return read_tree(out)


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """A single-process build without the cache, into a fresh folder."""
    out = tmp_path / f"clean-{len(list(tmp_path.glob('clean-*')))}"
    files = build(root, out, cache=False)
    return files


def edit_one_evidence(root: Path) -> Path:
    path = sorted((root / "content" / "evidence").glob("*.md"))[0]
    path.write_bytes(path.read_bytes() + b"\nOne more sentence, added after the first build.\n")
    return path


def assert_same_files(got: dict[str, bytes], expected: dict[str, bytes]) -> None:
    assert sorted(got) == sorted(expected)
    different = [path for path in expected if got[path] != expected[path]]
    assert not different, f"{len(different)} files differ, e.g. {different[:5]}"


def test_cold_warm_and_incremental_cached_builds_match_a_clean_build(project: Path, tmp_path: Path) -> None:
    expected = clean_build(project, tmp_path)
    out = tmp_path / "site"
    assert_same_files(build(project, out, cache=True), expected)  # fills the cache
    assert (project / CACHE_DIR).is_dir()
    assert_same_files(build(project, out, cache=True), expected)  # warm: nothing changed
    edit_one_evidence(project)
    expected = clean_build(project, tmp_path)
    assert_same_files(build(project, out, cache=True), expected)  # after one edit


def test_a_file_saved_again_during_a_build_and_then_put_back_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file saved again while a build ran (an editor's on-save hook starting the next
    build) was loaded as saved, but the build kept the input fingerprint of the bytes read
    before: once the file was put back (undo), the next build found nothing changed and
    wrote the other version's site."""
    root = generated_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    path = edit_one_evidence(root)
    first = path.read_bytes()
    expected = clean_build(root, tmp_path)
    real_load = build_module.load_portfolio

    def saved_meanwhile(*args: Any, **options: Any) -> Any:
        path.write_bytes(first.replace(b"One more sentence", b"Another sentence"))
        return real_load(*args, **options)

    monkeypatch.setattr(build_module, "load_portfolio", saved_meanwhile)
    during = build(root, out, cache=True)
    monkeypatch.undo()
    assert b"Another sentence" in during[f"evidence/{path.stem}/index.html"]
    path.write_bytes(first)
    assert_same_files(build(root, out, cache=True), expected)


def with_a_theme_and_an_asset(root: Path) -> Path:
    """The project with its own evidence template and stylesheet, an asset and an evidence
    file no other item cites (so deleting it breaks nothing)."""
    templates, static, assets = root / "themes/default/templates", root / "themes/default/static", root / "content/assets"
    for folder in (templates, static, assets):
        folder.mkdir(parents=True)
    shutil.copy(REPO / "themes/default/templates/evidence.html", templates / "evidence.html")
    shutil.copy(REPO / "themes/default/static/style.css", static / "style.css")
    (assets / "notes.txt").write_bytes(b"the first notes\n")
    evidence = sorted((root / "content/evidence").glob("*.md"))[0]
    shutil.copy(evidence, root / "content/evidence/uncited.md")
    return root


MID_BUILD_SAVES: dict[str, tuple[str, Callable[[bytes], bytes] | None]] = {
    "template": ("themes/default/templates/evidence.html",
                 lambda text: text.replace(b"{% block content %}", b"{% block content %}<p>saved meanwhile</p>", 1)),
    "static file": ("themes/default/static/style.css", lambda text: text + b"\n/* saved meanwhile */\n"),
    "asset": ("content/assets/notes.txt", lambda text: b"saved meanwhile\n"),
    "config": ("goalfolio.yaml", lambda text: text.replace(b"title: ", b"title: saved meanwhile ", 1)),
    "content file deleted": ("content/evidence/uncited.md", None),
}


@pytest.mark.parametrize("saved", sorted(MID_BUILD_SAVES))
def test_an_input_other_than_an_item_saved_during_a_build_and_put_back_is_built_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: str) -> None:
    """Only the items were checked against the bytes the input fingerprint read: a
    template, a static file, an asset or goalfolio.yaml saved while a build ran (after its
    fingerprint was taken), or a content file deleted, was built as saved, and the build
    was recorded under the fingerprint of the files before. Once the file was put back
    (undo), the next build found nothing changed and wrote the other version's site."""
    root = with_a_theme_and_an_asset(generated_project(tmp_path))
    out = tmp_path / "site"
    build(root, out, cache=True)
    edit_one_evidence(root)  # so that the next build is not the last one reused whole
    expected = clean_build(root, tmp_path)
    name, edit = MID_BUILD_SAVES[saved]
    path = root / name
    first = path.read_bytes()
    real_config = build_module.load_build_config

    def saved_meanwhile(*args: Any, **options: Any) -> Any:
        if edit is None:
            path.unlink()
        else:
            path.write_bytes(edit(first))
        return real_config(*args, **options)

    monkeypatch.setattr(build_module, "load_build_config", saved_meanwhile)
    during = build(root, out, cache=True)
    monkeypatch.undo()
    if edit is None:
        assert "evidence/uncited/index.html" not in during
    else:
        assert any(b"saved meanwhile" in data for data in during.values())
    path.write_bytes(first)
    assert_same_files(build(root, out, cache=True), expected)


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_template_saved_as_the_theme_compiles_leaves_no_page_kept_under_the_other_versions_digest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """The theme's digest, which keys every kept page, was read after the environment
    compiled the templates: a template saved in between kept the pages rendered from the
    version before under the new one's digest, and every later build reused them. Read
    before, a template saved between the two keeps pages of the new version under the
    old digest, which a build after the save is put back (undo) reused."""
    root = with_a_theme_and_an_asset(generated_project(tmp_path))
    out = tmp_path / "site"
    build(root, out, cache=True)
    edit_one_evidence(root)
    template = root / "themes/default/templates/evidence.html"
    first = template.read_bytes()
    real_environment = Builder._environment

    def saved_as_compiled(builder: Builder, theme: str, fresh: bool) -> jinja2.Environment:
        if moment == "before":
            template.write_bytes(first.replace(b"{% block content %}", b"{% block content %}<p>saved meanwhile</p>", 1))
        env = real_environment(builder, theme, fresh)
        if moment == "after":
            template.write_bytes(first.replace(b"{% block content %}", b"{% block content %}<p>saved meanwhile</p>", 1))
        return env

    monkeypatch.setattr(Builder, "_environment", saved_as_compiled)
    during = build(root, out, cache=True)
    monkeypatch.undo()
    assert any(b"saved meanwhile" in data for data in during.values()) == (moment == "before")
    if moment == "before":
        template.write_bytes(first)
    assert_same_files(build(root, out, cache=True), clean_build(root, tmp_path))


def test_unchanged_outputs_are_not_rewritten(tmp_path: Path) -> None:
    root = generated_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    before = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    build(root, out, cache=True)
    after = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert after == before  # nothing changed: the site is left alone
    edit_one_evidence(root)
    build(root, out, cache=True)
    again = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    kept = [p for p in before if p in again and again[p] == before[p]]
    assert "index.html" not in kept or len(kept) < len(before)
    assert len(kept) > len(before) // 2, "most pages did not change and are hard-linked, not rewritten"


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong-version", "empty"])
def test_a_damaged_cache_is_rebuilt_not_trusted(damage: str, tmp_path: Path) -> None:
    root = generated_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    edit_one_evidence(root)
    expected = clean_build(root, tmp_path)
    for path in (root / CACHE_DIR).iterdir():
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            path.write_bytes(data[:64] + os.urandom(256) + data[64 + 256:])
        elif damage == "wrong-version":
            path.write_bytes(data[:16] + b"\x63\x00" + data[18:])
        else:
            path.write_bytes(b"")
    assert_same_files(build(root, out, cache=True), expected)
    assert_same_files(build(root, out, cache=True), expected)  # and the rebuilt cache is good


@pytest.mark.parametrize("replacement", ["named pipe", "link to /dev/zero"])
def test_cache_files_that_are_not_files_are_rebuilt_without_waiting(replacement: str, tmp_path: Path) -> None:
    """Reading a named pipe in a cache file's place waited for a writer forever, and a link
    to /dev/zero read until the memory ran out (here, until the limit set below)."""
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    expected = clean_build(root, tmp_path)
    for path in (root / CACHE_DIR).iterdir():
        path.unlink()
        if replacement == "named pipe":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    for _ in range(2):  # the second build reads the cache the first one saved
        done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--out", str(out)], capture_output=True,
                              text=True, timeout=60, preexec_fn=limit_memory)
        assert (done.returncode, done.stderr) == (0, "")
        assert_same_files(read_tree(out), expected)
    assert all(path.is_file() and not path.is_symlink() for path in (root / CACHE_DIR).iterdir())


def test_cache_from_another_state_of_the_content_is_not_reused(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    saved = tmp_path / "saved-cache"
    shutil.copytree(root / CACHE_DIR, saved)
    edit_one_evidence(root)
    expected = clean_build(root, tmp_path)
    build(root, out, cache=True)
    shutil.rmtree(root / CACHE_DIR)
    shutil.copytree(saved, root / CACHE_DIR)  # the cache of the content before the edit
    assert_same_files(build(root, out, cache=True), expected)


def test_a_change_behind_a_symlinked_content_folder_is_built(tmp_path: Path) -> None:
    """The loader follows links to folders inside the project; so must the check that
    anything changed, or a cached build would say "nothing changed" and keep old pages."""
    root = example_project(tmp_path)
    (root / "content" / "evidence").rename(root / "evidence-store")
    (root / "content" / "evidence").symlink_to(Path("..") / "evidence-store")
    out = tmp_path / "site"
    build(root, out, cache=True)
    edit_one_evidence(root)
    assert_same_files(build(root, out, cache=True), clean_build(root, tmp_path))


@pytest.mark.parametrize(("target", "first"), [
    ("..", "content/evidence/again:1:1: error: this symlink leads back to a folder it is in"),
    ("../../content/goals", "content/evidence/again/become-senior-pm.md:1:1: error: this file has a goal's fields "
                            "(`type`, `start`, `target_date` and 10 more), not evidence's"),
])
def test_a_link_to_a_folder_read_already_fails_a_cached_build_as_it_fails_check(tmp_path: Path, target: str, first: str, capsys) -> None:
    """A symlink back to a folder it is in, or a second one to a folder already read: the
    walk that tells whether anything changed read such a folder once, so nothing had, and
    the cached build wrote the last site again with exit code 0 while `check` failed."""
    root = example_project(tmp_path)
    assert main(["build", str(root)]) == 0
    before = read_tree(root / "site")
    (root / "content" / "evidence" / "again").symlink_to(target)
    capsys.readouterr()
    assert main(["build", str(root)]) == 1
    found = capsys.readouterr().err.splitlines()
    assert found[0] == first
    assert main(["build", str(root), "--no-cache"]) == 1
    assert found == capsys.readouterr().err.splitlines()
    assert read_tree(root / "site") == before


def test_theme_static_files_in_dot_folders_are_not_published(tmp_path: Path) -> None:
    """What the cache does not watch is not published either: dot-names, as in content/."""
    root = example_project(tmp_path)
    hidden = root / "themes" / "default" / "static" / ".well-known" / "security.txt"
    hidden.parent.mkdir(parents=True)
    hidden.write_text("Contact: mailto:me@example.com\n")
    (hidden.parent.parent / "extra.txt").write_text("v1\n")
    out = tmp_path / "site"
    files = build(root, out, cache=True)
    assert "static/extra.txt" in files and not any(".well-known" in path for path in files)


def test_editors_files_in_a_themes_static_folder_are_not_published(tmp_path: Path) -> None:
    """`style.css~` and Emacs's `#style.css#` were published beside the stylesheet."""
    root = example_project(tmp_path)
    static = root / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "fonts").mkdir()
    for name in ("extra.css", "extra.css~", "#extra.css#", "extra.css___jb_old___", "fonts/a.woff", "fonts/a.woff~", "fonts/.#a.woff"):
        (static / name).write_text("body {}\n")
    files = build(root, tmp_path / "site", cache=True)
    assert sorted(path for path in files if path.startswith(("static/extra", "static/fonts"))) == ["static/extra.css", "static/fonts/a.woff"]


def installed_copy(folder: Path, mtime: int) -> Path:
    """goalfolio laid out as a wheel installs it (the themes inside the package), every file
    with the time `mtime`, as a new install on another machine would have."""
    package = folder / "goalfolio"
    shutil.copytree(REPO / "generator" / "goalfolio", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "themes", package / "themes")
    for path in package.rglob("*"):
        os.utime(path, (mtime, mtime))
    return folder


def build_with(code: Path, root: Path, out: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--out", str(out)], check=True,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(code)}, timeout=300)
    found = re.fullmatch(rf"built 82 pages \(85 files, ([a-z ]+)\) into {re.escape(str(out))} in [0-9.]+s\n", result.stdout)
    assert found, result.stdout
    return found.group(1)


def test_the_same_code_installed_again_keeps_the_cache_and_changed_code_drops_it(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    first, again = installed_copy(tmp_path / "first", 1_700_000_000), installed_copy(tmp_path / "again", 1_800_000_000)
    assert build_with(first, root, tmp_path / "site-1") == "all rendered"
    assert build_with(again, root, tmp_path / "site-2") == "nothing changed"
    module = again / "goalfolio" / "urls.py"
    module.write_text(module.read_text() + "\n")
    assert build_with(again, root, tmp_path / "site-3") == "all rendered"
    assert read_tree(tmp_path / "site-3") == read_tree(tmp_path / "site-2") == read_tree(tmp_path / "site-1")


def test_a_changed_module_gives_another_fingerprint_and_a_touched_one_the_same(tmp_path: Path) -> None:
    """The fingerprint reads the code's contents, not its file times (the test above, which
    installs goalfolio again, cannot run from a git worktree, whose themes are a symlink)."""
    package = tmp_path / "goalfolio"
    package.mkdir()
    module = package / "urls.py"
    module.write_text("A = 1\n")
    before = code_fingerprint(package, [])
    os.utime(module, (1_800_000_000, 1_800_000_000))
    touched = code_fingerprint(package, [])
    module.write_text("A = 2\n")
    assert (touched == before, code_fingerprint(package, []) == before) == (True, False)


def test_each_audience_keeps_its_own_cached_build(tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]) -> None:
    """A build for an audience between two public builds leaves the public build's cache as
    it was: the second public build renders nothing."""
    root = example_project(tmp_path)
    reports = [run_cli("build", root, "--out", tmp_path / f"site-{i}", *args)[1]
               for i, args in enumerate([(), ("--audience", "manager"), ()])]
    assert [re.sub(r"^built \d+ pages \(\d+ files, ([a-z ]+)\) into .*$", r"\1", report.strip()) for report in reports] == [
        "all rendered", "all rendered", "nothing changed"]


def test_an_upgraded_library_gives_another_fingerprint(tmp_path: Path) -> None:
    package = REPO / "generator" / "goalfolio"
    assert code_fingerprint(package, ["jinja2-3.1.6.dist-info"]) != code_fingerprint(package, ["jinja2-3.1.7.dist-info"])
    assert code_fingerprint(package, ["jinja2-3.1.6.dist-info"]) == code_fingerprint(package, ["jinja2-3.1.6.dist-info"])


def test_library_versions_are_read_from_the_dist_info_folders_on_the_path(tmp_path: Path) -> None:
    for name in ("Jinja2-3.1.6.dist-info", "markdown_it_py-4.3.0.dist-info", "PyYAML-6.0.4.dist-info",
                 "requests-2.32.0.dist-info", "jinja2_time-0.2.0.dist-info", "jinja2.py"):
        (tmp_path / "site-packages" / name).mkdir(parents=True)
    (tmp_path / "user" / "pydantic-2.14.4.dist-info").mkdir(parents=True)
    folders = [str(tmp_path / "site-packages"), str(tmp_path / "gone"), str(tmp_path / "user")]
    assert library_versions(folders) == ["Jinja2-3.1.6.dist-info", "PyYAML-6.0.4.dist-info",
                                         "markdown_it_py-4.3.0.dist-info", "pydantic-2.14.4.dist-info"]
    installed = [name.lower() for name in library_versions(sys.path)]
    assert f"jinja2-{jinja2.__version__}.dist-info" in installed
    assert f"markdown_it_py-{markdown_it.__version__}.dist-info" in installed


def test_the_time_a_cached_build_reports_covers_writing_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Into a new folder, writing the files can take longer than building them."""
    root = example_project(tmp_path)
    build(root, tmp_path / "site", cache=True)

    def slow_write(*args: Any) -> Any:
        written = write_site(*args)
        time.sleep(0.5)
        return written

    monkeypatch.setattr("goalfolio.oneshot.write_site", slow_write)
    result = build_site(find_project(root), BuildOptions(cache=True), tmp_path / "new-site")
    assert result.rendered == 0 and (tmp_path / "new-site" / "index.html").is_file()
    assert result.seconds >= 0.5


def test_no_cache_leaves_no_cache_folder(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    assert main(["build", str(root), "--out", str(tmp_path / "site"), "--no-cache"]) == 0
    assert not (root / CACHE_DIR).exists()
    assert main(["build", str(root), "--out", str(tmp_path / "site")]) == 0
    assert (root / CACHE_DIR).is_dir()


@pytest.mark.parametrize("edit", ["added", "changed"])
def test_a_cached_build_after_a_theme_template_is_added_or_changed_renders_its_pages_again(tmp_path: Path, edit: str) -> None:
    """The theme's files are in every page's fingerprint: a page kept from the cache after
    its template changed would be the page of the template before."""
    root = example_project(tmp_path)
    home = root / "themes" / "default" / "templates" / "home.html"
    home.parent.mkdir(parents=True)
    template = '{% extends "base.html" %}\n{% block content %}<p id="shown">THEME</p>{% endblock %}\n'
    if edit == "changed":
        home.write_text(template.replace("THEME", "first"), encoding="utf-8")
    assert main(["build", str(root)]) == 0
    home.write_text(template.replace("THEME", "second"), encoding="utf-8")
    assert main(["build", str(root)]) == 0
    assert re.findall(r'<p id="shown">(\w+)</p>', (root / "site" / "index.html").read_text(encoding="utf-8")) == ["second"]


def test_clean_removes_the_cache_and_the_built_site(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    assert main(["build", str(root)]) == 0
    assert (root / CACHE_DIR).is_dir() and (root / "site" / "index.html").is_file()
    assert main(["clean", str(root)]) == 0
    assert not (root / CACHE_DIR).exists()
    assert not (root / "site").exists()


def _removal_failing(failures: list[OSError | None], folder: Path, calls: list[int]) -> Callable[[Path], None]:
    """`shutil.rmtree` for `remove_cache`: the first calls fail as `failures` says, an error
    as a build saving meanwhile makes it fail (None: the folder is gone, removed by another
    clean, and then the error), and the calls after them remove the folder."""
    real = shutil.rmtree

    def rmtree(path: Path) -> None:
        calls.append(1)
        if len(calls) <= len(failures):
            failure = failures[len(calls) - 1]
            if failure is None:
                real(path)
                failure = FileNotFoundError(errno.ENOENT, "No such file or directory")
            raise failure
        real(path)

    assert folder.name == CACHE_DIR
    return rmtree


NOT_EMPTY = OSError(errno.ENOTEMPTY, "Directory not empty")


@pytest.mark.parametrize(("failures", "calls"), [
    ([FileNotFoundError(errno.ENOENT, "No such file or directory"), NOT_EMPTY, OSError(errno.EEXIST, "File exists")], 4),
    ([NOT_EMPTY] * (cache_module.REMOVE_TRIES - 1), cache_module.REMOVE_TRIES),
    ([None], 1),
])
def test_removing_the_cache_starts_over_when_a_save_spoils_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              failures: list[OSError | None], calls: int) -> None:
    """A build saving into the cache while `goalfolio clean` removes it adds or renames a file
    under `shutil.rmtree`; the removal starts over, up to REMOVE_TRIES times, and a cache
    another clean removed meanwhile is removed all the same."""
    (tmp_path / CACHE_DIR).mkdir()
    (tmp_path / CACHE_DIR / "state.pickle").write_bytes(b"state")
    made: list[int] = []
    monkeypatch.setattr(shutil, "rmtree", _removal_failing(failures, tmp_path / CACHE_DIR, made))
    assert cache_module.remove_cache(tmp_path) is True
    assert (len(made), (tmp_path / CACHE_DIR).exists()) == (calls, False)


@pytest.mark.parametrize(("failure", "calls"), [
    (NOT_EMPTY, cache_module.REMOVE_TRIES),  # saved into without end: the last error is the clean's
    (OSError(errno.EACCES, "Permission denied"), 1),  # no save makes this one: said at once
])
def test_a_cache_removal_that_keeps_failing_fails_with_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 failure: OSError, calls: int) -> None:
    (tmp_path / CACHE_DIR).mkdir()
    made: list[int] = []
    monkeypatch.setattr(shutil, "rmtree", _removal_failing([failure] * 20, tmp_path / CACHE_DIR, made))
    with pytest.raises(OSError) as raised:
        cache_module.remove_cache(tmp_path)
    assert (raised.value.errno, len(made), (tmp_path / CACHE_DIR).is_dir()) == (failure.errno, calls, True)


def test_clean_keeps_a_site_folder_goalfolio_did_not_make(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "mine.txt").write_text("keep me")
    assert main(["clean", str(root)]) == 0
    assert (root / "site" / "mine.txt").read_text() == "keep me"


def test_version_does_not_import_the_heavy_libraries() -> None:
    code = "import sys\nfrom goalfolio.cli import build_parser\nbuild_parser()\nprint(sorted(m for m in ('pydantic', 'jinja2', 'markdown_it') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_schema_type_names_match_the_models() -> None:
    from goalfolio.commands.schema import TYPE_NAMES, schema_types

    assert TYPE_NAMES == tuple(sorted(schema_types()))


def cache_edits(root: Path) -> list[tuple[Path, str | None]]:
    """Body edits, citations added and removed, a new title, a goal link dropped, a new
    kind, and a file added and deleted again (None)."""
    content = root / "content"
    evidence = sorted((content / "evidence").glob("*.md"))[0]
    goal = sorted((content / "goals").glob("*.md"))[-1]
    text = evidence.read_text(encoding="utf-8")
    linked = re.search(r"^goals: \[([^\]]+)\]$", text, re.MULTILINE)
    assert linked and "," in linked.group(1), "the first evidence links two goals"
    first_goal = linked.group(1).split(",")[0].strip()
    return [
        (evidence, text + "\nOne more sentence.\n"),
        (goal, goal.read_text(encoding="utf-8") + f"\nThis builds on [[{evidence.stem}]].\n"),
        (goal, goal.read_text(encoding="utf-8")),
        (evidence, re.sub(r"^title: .*$", "title: A new title for this evidence", text, count=1, flags=re.MULTILINE)),
        (evidence, text.replace(linked.group(0), f"goals: [{linked.group(1).split(',', 1)[1].strip()}]")),
        (evidence, re.sub(r"^kind: .*$", "kind: talk", text, count=1, flags=re.MULTILINE)),
        (evidence, text),
        (content / "goals" / f"{first_goal}.md", (content / "goals" / f"{first_goal}.md").read_text(encoding="utf-8") + "\nMore.\n"),
        (content / "evidence" / "a-new-piece-of-evidence.md", re.sub(r"^title: .*$", "title: A new piece", text, count=1, flags=re.MULTILINE)),
        (content / "evidence" / "a-new-piece-of-evidence.md", None),
    ]


def cached_and_kept(tmp_path: Path) -> tuple[Path, Path, Builder]:
    """The example built with the cache into `out`, and a kept (preview) builder of it."""
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    kept = Builder(find_project(root), BuildOptions())
    kept.build()
    return root, out, kept


def test_builds_after_each_edit_match_a_clean_build_and_render_what_the_preview_renders(tmp_path: Path) -> None:
    """`goalfolio build` with the cache decides what to render by the preview's rule: the
    pages rendered after each edit are those an in-process incremental build renders."""
    root, out, kept = cached_and_kept(tmp_path)
    project = kept.project
    for path, text in cache_edits(root):
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
        result = build_site(project, BuildOptions(cache=True, jobs=1), out)
        preview = kept.build(changed=[path])
        assert read_tree(out) == clean_build(root, tmp_path), path.name
        assert result.rendered == preview.rendered, path.name


def assert_cached_and_preview_builds_are_clean(kept: Builder, out: Path, edited: Path) -> None:
    """After an edit of `edited`: `goalfolio build` with the cache, into `out`, and the
    preview's builder `kept` both give what a clean build gives."""
    build_site(kept.project, BuildOptions(cache=True, jobs=1), out)
    clean = Builder(kept.project, BuildOptions()).build().files
    assert {p: data for p, data in read_tree(out).items() if p != ".goalfolio-site"} == clean, edited.name
    assert kept.build(changed=[edited]).files == clean, edited.name


def make_private(text: str) -> str:
    if re.search(r"^visibility: .*$", text, flags=re.MULTILINE):
        return re.sub(r"^visibility: .*$", "visibility: private", text, count=1, flags=re.MULTILINE)
    return text.replace("---\n", "---\nvisibility: private\n", 1)


def test_items_hidden_one_by_one_leave_no_trace_in_cached_or_preview_builds(tmp_path: Path) -> None:
    """Each goal, evidence item, endorsement, review and case of the example made private
    in turn, then all made public again: after each step the cached build and the
    preview's equal a clean build, so no page keeps showing an item that left the view."""
    root, out, kept = cached_and_kept(tmp_path)
    files = [p for folder in ("goals", "evidence", "endorsements", "reviews", "cases") for p in sorted((root / "content" / folder).glob("*.md"))]
    originals = {path: path.read_text(encoding="utf-8") for path in files}
    steps = [(path, make_private(originals[path])) for path in files]
    for path, text in [*steps, *((path, originals[path]) for path in files)]:
        path.write_text(text, encoding="utf-8")
        assert_cached_and_preview_builds_are_clean(kept, out, path)


SCENARIOS = {
    # The wall shows each endorsement's whole body, and so the title of what it cites.
    "a case cited from an endorsement is renamed": [
        ("content/endorsements/daniel-osei.md", lambda text: text + "\nSee also [[amsterdam-transfer]].\n"),
        ("content/cases/amsterdam-transfer.md", lambda text: re.sub(r"^title: .*$", 'title: "A new case title"', text, count=1, flags=re.MULTILINE)),
    ],
    "a review cited from an endorsement is hidden": [
        ("content/endorsements/daniel-osei.md", lambda text: text + "\nSee the [[review-2026-q1]] notes.\n"),
        ("content/reviews/review-2026-q1.md", lambda text: text.replace("---\n", "---\nvisibility: [manager]\n", 1)),
    ],
    # A case page shows its goals' progress, which counts all evidence linked to them.
    "evidence is added to a goal of a case that lists its own": [
        ("content/cases/amsterdam-transfer.md", lambda text: text.replace("goals: [move-to-amsterdam]\n", "goals: [move-to-amsterdam]\nevidence: [amsterdam-secondment]\n")),
        ("content/evidence/interview-new.md", lambda _: "---\ntitle: A new interview\ndate: 2026-05-01\nkind: interview\ngoals: [move-to-amsterdam]\n---\nTalked.\n"),
    ],
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_pages_follow_what_they_show_of_other_items(tmp_path: Path, scenario: str) -> None:
    """Edit sequences an incremental build once got wrong (found by fuzzing the two paths)."""
    root, out, kept = cached_and_kept(tmp_path)
    for name, edit in SCENARIOS[scenario]:
        path = root / name
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        assert edit(before) != before
        path.write_text(edit(before), encoding="utf-8")
        assert_cached_and_preview_builds_are_clean(kept, out, path)


def test_a_small_edit_is_written_in_place(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    before = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    folder = out.stat().st_ino
    evidence = edit_one_evidence(root)
    build(root, out, cache=True)
    after = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert out.stat().st_ino == folder, "the output folder was not swapped"
    assert sorted(after) == sorted(before)
    replaced = sorted(p for p in after if after[p] != before[p])
    assert replaced == [f"evidence/{evidence.stem}/index.html"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")], "no staging or retired folder left"


@pytest.mark.parametrize(("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)])
def test_files_written_whole_or_in_place_follow_the_umask(tmp_path: Path, umask: int, file_mode: int, folder_mode: int) -> None:
    """An owner-view build under `umask 077` must stay readable by its owner only, also
    after an edit replaces a few files in place."""
    root = example_project(tmp_path)
    out = tmp_path / "site"

    def build_all() -> None:
        done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--all", "--out", str(out)],
                              capture_output=True, text=True, preexec_fn=lambda: os.umask(umask))  # noqa: PLW1509 - one thread
        assert done.returncode == 0, done.stderr

    def modes() -> set[int]:
        return {p.stat().st_mode & 0o777 for p in out.rglob("*") if p.is_file()}

    build_all()
    assert (modes(), out.stat().st_mode & 0o777) == ({file_mode}, folder_mode)
    edit_one_evidence(root)
    build_all()
    assert (modes(), out.stat().st_mode & 0o777) == ({file_mode}, folder_mode)


@pytest.mark.parametrize("edit", [False, True])
def test_a_cached_build_under_another_umask_leaves_the_modes_a_clean_build_would(tmp_path: Path, edit: bool) -> None:
    """A site built once under `umask 077` kept its 0600 files (unchanged ones linked or
    left alone, "nothing changed") in every later build under `umask 022`: a web server
    could not read them, and only a build without the cache set them right."""
    root = example_project(tmp_path)
    out = tmp_path / "site"

    def build_under(umask: int) -> None:
        done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--out", str(out)],
                              capture_output=True, text=True, preexec_fn=lambda: os.umask(umask))  # noqa: PLW1509 - one thread
        assert done.returncode == 0, done.stderr

    def modes() -> dict[str, set[int]]:
        found: dict[str, set[int]] = {"file": set(), "folder": set()}
        for path in [out, *out.rglob("*")]:
            found["folder" if path.is_dir() else "file"].add(path.stat().st_mode & 0o777)
        return found

    build_under(0o077)
    assert modes() == {"file": {0o600}, "folder": {0o700}}
    if edit:
        edit_one_evidence(root)
    build_under(0o022)
    assert modes() == {"file": {0o644}, "folder": {0o755}}
    before = {p: p.stat().st_ino for p in out.rglob("*")}
    build_under(0o022)
    assert {p: p.stat().st_ino for p in out.rglob("*")} == before, "a site with the right modes is left alone"


def test_a_build_that_passed_midnight_is_reused_on_its_own_date_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The input fingerprint held the date it was taken on, while the pages were computed
    against the graph's date, taken later: a build that passed midnight in between was
    kept as the build of the day before, and a build on that day (in a time zone behind,
    a runner sharing the cache) was given its pages, dated the day after."""
    root = example_project(tmp_path)
    config = root / "goalfolio.yaml"
    config.write_text(re.sub(r"(?m)^today: .*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "site"
    day = datetime.date.today()
    monkeypatch.setattr("goalfolio.cache.local_date", lambda: day, raising=False)
    monkeypatch.setattr("goalfolio.graph.local_date", lambda: day + datetime.timedelta(days=1))
    build(root, out, cache=True)
    monkeypatch.setattr("goalfolio.graph.local_date", lambda: day)
    assert_same_files(build(root, out, cache=True), clean_build(root, tmp_path))


def test_a_pinned_today_keeps_the_cached_build_in_every_time_zone(tmp_path: Path) -> None:
    """With `today:` in the config the clock's date changes nothing, so a build in another
    time zone (here a day apart) is the last one, reused whole."""
    root = example_project(tmp_path)
    lines = []
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
        done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root)], capture_output=True, text=True,
                              env={**os.environ, "TZ": zone})
        assert done.returncode == 0, done.stderr
        lines.append(re.sub(r" in [0-9.]+s$", "", done.stdout.strip()))
    assert lines == [f"built 82 pages (85 files, all rendered) into {root / 'site'}",
                     f"built 82 pages (85 files, nothing changed) into {root / 'site'}"]


NOT_UTF8 = os.fsdecode(b"caf\xe9.pdf")  # as an old zip names it: Latin-1, which UTF-8 cannot read
C_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}  # file names read as ASCII
UTF8_LOCALE = {"LC_ALL": "C.UTF-8"}


def test_a_file_name_not_in_utf8_is_built_with_the_cache(tmp_path: Path) -> None:
    """A name the locale cannot decode comes with surrogates (PEP 383), which the input
    fingerprint wrote as UTF-8: every cached build failed with an internal error, while
    `--no-cache` published the file."""
    root = example_project(tmp_path)
    try:
        (root / "content" / "assets" / NOT_UTF8).write_bytes(b"%PDF-1.4")
    except OSError:
        pytest.skip("this file system takes names in UTF-8 only")
    clean = clean_build(root, tmp_path)
    out = tmp_path / "site"
    assert build(root, out, cache=True) == clean
    assert build(root, out, cache=True) == clean
    assert sorted(os.listdir(os.fsencode(out / "assets"))) == [b"caf\xe9.pdf", b"portrait.svg"]


def locale_project(tmp_path: Path) -> Path:
    """A project publishing `café.svg`, which the C locale reads as `caf\\udcc3\\udca9.svg`."""
    evidence = "---\ntitle: Talk\ndate: 2026-05-01\nkind: talk\n---\n![Slide](assets/caf\u00e9.svg)\n"
    return make_project(tmp_path, {"content/evidence/talk.md": evidence,
                                   "content/assets/caf\u00e9.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'})


def build_in_locale(root: Path, out: Path, locale: dict[str, str], *more: str) -> dict[str, bytes]:
    done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--out", str(out), *more],
                          capture_output=True, text=True, env={**os.environ, **locale})
    assert done.returncode == 0, done.stderr
    return read_tree(out)


@pytest.mark.parametrize(("first", "then"), [(UTF8_LOCALE, C_LOCALE), (C_LOCALE, UTF8_LOCALE)], ids=["utf-8-then-c", "c-then-utf-8"])
def test_a_cache_made_in_another_locale_gives_the_files_a_clean_build_does(tmp_path: Path, first: dict[str, str],
                                                                           then: dict[str, str]) -> None:
    """A cached build in the C locale failed on a non-ASCII file name (see above). Reused
    as it stood in a locale that reads names otherwise, the last site's files would keep
    the names as the other locale decoded them: the cache is kept per file system encoding.
    Into the same folder, the build looked up the files the last one wrote by the names
    that one read, which the C locale cannot encode: it failed with an internal error."""
    root = locale_project(tmp_path)
    clean = build_in_locale(root, tmp_path / "clean", UTF8_LOCALE, "--no-cache")
    assert "assets/caf\u00e9.svg" in clean
    assert build_in_locale(root, tmp_path / "first", first) == clean
    assert build_in_locale(root, tmp_path / "first", then) == clean
    assert build_in_locale(root, tmp_path / "then", then) == clean


def rename_one_evidence(root: Path) -> None:
    """A new title: its page and the pages listing it change, a small edit of a few files."""
    path = sorted((root / "content" / "evidence").glob("*.md"))[0]
    path.write_text(re.sub(r"^title: .*$", "title: Renamed", path.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE))


def failing_second_write(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    """The second file written in place into `out` cannot be: a full disk, a folder made
    read-only. (The build cache's files are written the same way, and still can be.)"""
    real, calls = tempfile.mkstemp, []

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        if str(kwargs.get("dir", "")).startswith(str(out)):
            calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr("goalfolio.writer.tempfile.mkstemp", mkstemp)


def renamed_with_a_failing_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, dict[str, bytes]]:
    """The example built with the cache, then an evidence title changed, and the second file
    written in place set to fail: (project, site folder, the site's files before)."""
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    before = read_tree(out)
    rename_one_evidence(root)
    failing_second_write(monkeypatch, out)
    return root, out, before


def test_a_small_edit_that_cannot_be_written_in_place_rewrites_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, out, before = renamed_with_a_failing_write(tmp_path, monkeypatch)
    after = build(root, out, cache=True)
    assert after == clean_build(root, tmp_path) and len([p for p in after if after[p] != before.get(p)]) >= 2
    assert not [p for p in out.rglob(".*.new-*")]


def test_a_failed_write_leaves_the_site_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, out, before = renamed_with_a_failing_write(tmp_path, monkeypatch)
    monkeypatch.setattr("goalfolio.writer._write_tree", lambda *args: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OSError):
        build(root, out, cache=True)
    assert read_tree(out) == before
    assert not [p for p in out.rglob(".*.new-*")]
    assert beside(out) == []


def beside(out: Path) -> list[str]:
    """Staging (`.site.new-*`) and retired (`.site.old-*`) folders left next to the site."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_a_site_that_cannot_be_moved_into_place_leaves_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    before = read_tree(out)
    rename_one_evidence(root)
    for n in range(IN_PLACE_LIMIT + 1):  # more changes than are applied in place: a new site is swapped in
        (root / "content" / "evidence" / f"extra-{n}.md").write_text(f"---\ntitle: Extra {n}\ndate: 2026-03-01\nkind: project\n---\nX.\n")
    real = Path.rename

    def rename(self: Path, target: Any) -> Any:
        if self.name.startswith(".site.new-") and Path(target) == out:
            raise OSError(28, "No space left on device")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    monkeypatch.setattr(staging, "_exchange", lambda *folders: False)  # as where the system cannot exchange two names
    with pytest.raises(OSError):
        build(root, out, cache=True)
    assert read_tree(out) == before
    assert beside(out) == []


def test_pages_saved_by_a_build_whose_state_was_not_saved_are_not_served_for_the_last_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up (or the build is stopped, or another build saves into the same
    cache) after a build saved its pages but before it saved its state: the last state,
    fingerprint and all, sat beside pages of another build. Going back to the content of
    that state then served the edited build's page, without rendering anything."""
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    edited = edit_one_evidence(root)
    real = cachefiles.Store.save

    def full_at_state(self: cachefiles.Store, kind: str, value: Any) -> None:
        if kind.startswith("state-"):
            raise OSError(28, "No space left on device", str(self.folder / f"{kind}.pickle"))
        real(self, kind, value)

    monkeypatch.setattr(cachefiles.Store, "save", full_at_state)
    build(root, out, cache=True)
    monkeypatch.setattr(cachefiles.Store, "save", real)
    edited.write_bytes(edited.read_bytes().removesuffix(b"\nOne more sentence, added after the first build.\n"))
    assert_same_files(build(root, out, cache=True), clean_build(root, tmp_path))


def test_a_file_added_to_the_site_folder_is_gone_after_a_small_edit(tmp_path: Path) -> None:
    """A small edit is applied in place only to a site that is exactly as last written."""
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    (out / "stray.html").write_text("not goalfolio's")
    edit_one_evidence(root)
    assert_same_files(build(root, out, cache=True), clean_build(root, tmp_path))


@pytest.mark.parametrize("added", ["an empty folder", "a link to a folder"])
def test_a_folder_added_to_the_site_folder_is_gone_after_the_next_build(added: str, tmp_path: Path) -> None:
    """The site counted as exactly as last written when it held the files written, whatever
    folders it held besides: a folder, or a link to one (to content/, which a deploy that
    follows links publishes, private items and all), stayed through every cached build."""
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build(root, out, cache=True)
    extra = out / "extra"
    for edit in (False, True):  # the site reused as it is, then a small edit applied in place
        if added == "an empty folder":
            extra.mkdir()
        else:
            extra.symlink_to(root / "content", target_is_directory=True)
        if edit:
            edit_one_evidence(root)
        files = build(root, out, cache=True)
        assert not extra.exists() and not extra.is_symlink()
        assert_same_files(files, clean_build(root, tmp_path))


def test_a_table_kept_whole_by_an_older_goalfolio_is_removed(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    build(root, tmp_path / "site", cache=True)
    folder = root / CACHE_DIR
    (folder / "parsed.pickle").write_bytes(b"an unsharded table")
    edit_one_evidence(root)
    build(root, tmp_path / "site", cache=True)
    assert not (folder / "parsed.pickle").exists()
    assert any(folder.glob("parsed-*.pickle")), "the sharded table is kept"


def test_a_build_after_one_edit_reads_and_parses_only_that_file(tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The input fingerprint reads every content file; the loader then takes each unchanged
    file's validated item from the cache by that digest, without reading it again."""
    import goalfolio.loader

    root = generated_project(tmp_path)
    assert run_cli("build", root)[0] == 0
    edited = edit_one_evidence(root)
    parsed: list[Path] = []
    read_and_parse = goalfolio.loader._read_and_parse

    def note_and_read(path: Path, *args: Any) -> Any:
        parsed.append(path)
        return read_and_parse(path, *args)

    monkeypatch.setattr(goalfolio.loader, "_read_and_parse", note_and_read)
    code, out, _ = run_cli("build", root)
    assert (code, parsed) == (0, [edited])
    assert read_tree(root / "site") == clean_build(root, tmp_path)


def test_a_build_after_one_edit_reads_only_that_body_for_excerpts_and_citations(tmp_path: Path) -> None:
    """Excerpts, first sentences and citations are kept with each item in the cache: a new
    process (here: emptied memos) building after one edit works them out for that body
    alone. The first sentence is asked once, of the excerpt's paragraph (the lead is the
    excerpt)."""
    from goalfolio.citations import find_citations
    from goalfolio.excerpts import excerpt, first_sentence

    root = generated_project(tmp_path)
    build(root, tmp_path / "site", cache=True)
    edit_one_evidence(root)
    for memo in (excerpt, first_sentence, find_citations):
        memo.cache_clear()
    files = build(root, tmp_path / "site", cache=True)
    assert (excerpt.cache_info().misses, first_sentence.cache_info().misses, find_citations.cache_info().misses) == (1, 1, 1)
    assert_same_files(files, clean_build(root, tmp_path))


class Work:
    """Counts front matter parsed and Markdown bodies rendered in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from goalfolio import loader
        from goalfolio.markdown import MarkdownRenderer

        self.parsed = self.rendered = 0
        parse, render = loader.parse_content, MarkdownRenderer.render

        def counted_parse(*args: Any, **kwargs: Any) -> Any:
            self.parsed += 1
            return parse(*args, **kwargs)

        def counted_render(*args: Any, **kwargs: Any) -> Any:
            self.rendered += 1
            return render(*args, **kwargs)

        monkeypatch.setattr(loader, "parse_content", counted_parse)
        monkeypatch.setattr(MarkdownRenderer, "render", counted_render)


def test_the_preview_starts_from_the_build_cache_and_leaves_it_warm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = generated_project(tmp_path, 40)
    project = find_project(root)
    expected = Builder(project, BuildOptions(audience=None)).build().files
    items = sum(1 for _ in (root / "content").rglob("*.md"))
    work = Work(monkeypatch)
    first = Builder(project, BuildOptions(audience=None, warm=True)).build()  # no cache yet: makes it
    assert (work.parsed, work.rendered) == (items, items)
    assert first.files == expected and (root / CACHE_DIR).is_dir()
    work.parsed = work.rendered = 0
    again = Builder(project, BuildOptions(audience=None, warm=True))
    assert again.build().files == expected
    assert (work.parsed, work.rendered) == (0, 0)
    edited = sorted((root / "content" / "evidence").glob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert again.build(changed=[edited]).files == Builder(project, BuildOptions(audience=None)).build().files
    work.parsed = work.rendered = 0
    assert Builder(project, BuildOptions(audience=None, warm=True)).build().ok
    assert (work.parsed, work.rendered) == (1, 1)  # the save was made after the cache was left


def test_a_preview_start_renders_only_the_pages_changed_since_the_last_start(tmp_path: Path) -> None:
    """The preview's first build keeps its pages by the rule `goalfolio build` uses: the
    next start with the same audience and address renders only what changed meanwhile,
    and the result is a clean build's."""
    root = generated_project(tmp_path, 40)
    project = find_project(root)
    preview = BuildOptions(audience=None, base_url="http://127.0.0.1:8000/", warm=True)
    first = Builder(project, preview).build()
    assert (first.pages, first.rendered) == (76, 76)
    again = Builder(project, preview).build()
    assert (again.rendered, again.files) == (0, first.files)
    edit_one_evidence(root)
    started = Builder(project, preview).build()
    assert started.rendered == 8
    assert started.files == Builder(project, BuildOptions(audience=None, base_url="http://127.0.0.1:8000/")).build().files
    elsewhere = Builder(project, replace(preview, base_url="http://127.0.0.1:8001/")).build()
    assert elsewhere.rendered == elsewhere.pages, "another port is another address: its links differ"
    shards = {path.name.rsplit("-", 1)[0] for path in (root / CACHE_DIR).glob("pages-*")}
    assert len(shards) == 1, "one table of pages for every preview, whatever its port"


def test_a_cli_build_warms_the_preview_and_no_cache_leaves_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = generated_project(tmp_path, 40)
    project = find_project(root)
    Builder(project, BuildOptions(audience=None, warm=False)).build()
    assert not (root / CACHE_DIR).exists()
    assert main(["build", str(root)]) == 0  # the public view: items and bodies are shared by every view
    work = Work(monkeypatch)
    assert Builder(project, BuildOptions(audience=None, warm=True)).build().ok
    assert (work.parsed, work.rendered) == (0, 0)


def test_editor_backups_and_swap_files_do_not_start_a_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The loader and the theme's static files leave them out, so a build that counted them
    in its fingerprint loaded everything again to find that nothing had changed."""
    root = example_project(tmp_path)
    out = tmp_path / "site"
    assert main(["build", str(root), "--out", str(out)]) == 0
    evidence = sorted((root / "content" / "evidence").glob("*.md"))[0]
    (evidence.parent / f"{evidence.name}~").write_bytes(evidence.read_bytes())
    (evidence.parent / f".{evidence.name}.swp").write_bytes(b"swap")
    (root / "content" / "notes.tmp").write_text("draft")
    (root / "themes" / "default" / "static").mkdir(parents=True)
    (root / "themes" / "default" / "static" / "style.css~").write_text("body {}")
    capsys.readouterr()
    assert main(["build", str(root), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert re.fullmatch(rf"built 82 pages \(85 files, nothing changed\) into {re.escape(str(out))} in [0-9.]+s\n", printed), printed


def test_a_cache_that_cannot_be_saved_is_said_and_the_site_is_built(tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]) -> None:
    """Every later build is cold, and the user should know why. A file where the cache folder
    goes fails its saving for root too, which a read-only folder would not."""
    root = example_project(tmp_path)
    (root / CACHE_DIR).write_text("not a folder")
    for _ in range(2):
        code, out, err = run_cli("build", root, "--out", tmp_path / "site")
        assert code == 0
        assert out.startswith(f"built 82 pages (85 files, all rendered) into {tmp_path / 'site'} in ")
        assert err.splitlines()[-2:] == [
            ".goalfolio-cache:1:1: warning: the build cache could not be saved (File exists): the next build starts from scratch",
            "    hint: make it a folder you can write to (or delete it), or build with --no-cache"]
    assert read_tree(tmp_path / "site") == clean_build(root, tmp_path)


def test_a_temporary_file_left_by_a_stopped_save_is_removed_an_hour_later(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    build(root, tmp_path / "site", cache=True)
    folder = root / CACHE_DIR
    left = {name: folder / name for name in (".parsed-03-k2j9x", ".pages-1a2b3c4d-00-q8w7e", ".state-1a2b3c4d-z1", ".notes", ".parsed-04-now")}
    for path in left.values():
        path.write_bytes(b"half a shard")
    two_hours_ago = time.time() - 7200
    for name in (".parsed-03-k2j9x", ".pages-1a2b3c4d-00-q8w7e", ".state-1a2b3c4d-z1", ".notes"):
        os.utime(left[name], (two_hours_ago, two_hours_ago))
    edit_one_evidence(root)
    build(root, tmp_path / "site", cache=True)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [".notes", ".parsed-04-now"]


def stored(tmp_path: Path) -> tuple[cachefiles.Store, Path]:
    store = cachefiles.Store(tmp_path / "cache", generator_fingerprint())
    store.save("parsed-03", {"key": ("value", 1)})
    return store, tmp_path / "cache" / "parsed-03.pickle"


def test_a_saved_cache_file_is_a_checked_header_and_its_pickle(tmp_path: Path) -> None:
    store, path = stored(tmp_path)
    payload = pickle.dumps({"key": ("value", 1)}, protocol=pickle.HIGHEST_PROTOCOL)
    checksum = hashlib.blake2b(payload, digest_size=32).digest()
    assert path.read_bytes() == (b"GOALFOLIO-CACHE\n" + struct.pack("<H", 1) + bytes.fromhex(generator_fingerprint())
                                 + struct.pack("<Q", len(payload)) + checksum + payload)
    assert sorted(p.name for p in path.parent.iterdir()) == ["parsed-03.pickle"]
    again = cachefiles.Store(tmp_path / "cache", generator_fingerprint())
    assert (again.load("parsed-03"), again.discarded, again.checksums) == ({"key": ("value", 1)}, [], {"parsed-03": checksum.hex()})
    assert (again.load("parsed-04"), again.discarded) == (None, []), "a file not there is not damage"


@pytest.mark.parametrize("offset", [0, 16, 18, 34, 50, 80, None])
def test_a_cache_file_altered_anywhere_is_discarded(tmp_path: Path, offset: int | None) -> None:
    """Magic, format, generator, payload length, checksum and payload (or bytes added): each is checked."""
    _, path = stored(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data + b"more" if offset is None else data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1:])
    store = cachefiles.Store(tmp_path / "cache", generator_fingerprint())
    assert (store.load("parsed-03"), store.discarded, store.checksums) == (None, ["parsed-03"], {})


def test_a_cache_file_of_another_goalfolio_is_discarded(tmp_path: Path) -> None:
    stored(tmp_path)
    store = cachefiles.Store(tmp_path / "cache", "00" * 16)
    assert (store.load("parsed-03"), store.discarded) == (None, ["parsed-03"])


def test_a_table_saves_only_the_shards_a_build_changed_or_pruned(tmp_path: Path) -> None:
    """Each shard is loaded on first use, pruned to what this build used, and saved only if
    that changed it: a shard no entry of which was asked is left as it is."""
    by_shard: dict[int, list[str]] = {}
    for i in range(200):
        by_shard.setdefault(cachefiles._shard(f"key{i}"), []).append(f"key{i}")
    first, second, third = sorted(by_shard)[:3]
    used, dropped, used_alone, left_alone = *by_shard[first][:2], by_shard[second][0], by_shard[third][0]
    store = cachefiles.Store(tmp_path / "cache", generator_fingerprint())
    table = cachefiles.CacheTable(store, "items")
    for key in (used, dropped, used_alone, left_alone):
        table[key] = key.upper()
    table.save()
    files = {p.name: p.stat().st_ino for p in (tmp_path / "cache").iterdir()}
    assert sorted(files) == [f"items-{shard:02d}.pickle" for shard in (first, second, third)]
    again = cachefiles.CacheTable(store, "items")
    assert (again.get(used), again[used_alone], used in again, again.get("missing"), "missing" in again) == (
        used.upper(), used_alone.upper(), True, None, False)
    with pytest.raises(KeyError):
        again["missing"]
    again.save()
    after = {p.name: p.stat().st_ino for p in (tmp_path / "cache").iterdir()}
    assert sorted(name for name in after if after[name] != files.get(name)) == [f"items-{first:02d}.pickle"]
    kept = cachefiles.CacheTable(cachefiles.Store(tmp_path / "cache", generator_fingerprint()), "items")
    assert [kept.get(key) for key in (used, dropped, used_alone, left_alone)] == [used.upper(), None, used_alone.upper(),
                                                                                 left_alone.upper()]


def test_the_input_fingerprint_follows_content_config_themes_and_options_and_reads_content_only(tmp_path: Path) -> None:
    root = tmp_path / "project"
    files = {"content/goals/a.md": b"a", "goalfolio.yaml": b"title: T\n", "themes/default/page.html": b"<p>"}
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)

    def fingerprint(options: tuple[str | None, ...] = (None, None), read: dict[str, str] | None = None) -> str:
        return cache_module.input_fingerprint(root, root / "goalfolio.yaml", [root / "themes"], options, read)

    read: dict[str, str] = {}
    first = fingerprint(read=read)
    assert read == {str(root / "content" / "goals" / "a.md"): digest_bytes(b"a")}
    (root / "content" / "goals" / "a.md~").write_bytes(b"an editor's backup")
    assert fingerprint() == first
    found = {"audience": fingerprint(("manager", None)), "base URL": fingerprint((None, "/x/"))}
    for name in files:
        (root / name).write_bytes(files[name] + b" edited")
        found[name] = fingerprint()
        (root / name).write_bytes(files[name])
    (root / "goalfolio.yaml").unlink()
    found["no config"] = fingerprint()
    assert len({first, *found.values()}) == 1 + len(found), found


def test_a_site_reused_into_another_folder_takes_the_next_small_edit_in_place(tmp_path: Path) -> None:
    """A build that changed nothing, into a new folder, is written from the cache, and its
    manifest kept: the next edit is applied in place there, not to a whole new site."""
    root = example_project(tmp_path)
    assert main(["build", str(root), "--out", str(tmp_path / "first")]) == 0
    out = tmp_path / "second"
    assert main(["build", str(root), "--out", str(out)]) == 0  # reused: nothing changed
    folder = out.stat().st_ino
    before = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    evidence = edit_one_evidence(root)
    assert main(["build", str(root), "--out", str(out)]) == 0
    after = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert (out.stat().st_ino, sorted(p for p in after if after[p] != before.get(p))) == (folder, [f"evidence/{evidence.stem}/index.html"])


def test_builds_of_two_audiences_into_two_folders_leave_each_unchanged_site_alone(tmp_path: Path,
                                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The manifest of what a build wrote was one per project: a build of one audience found
    the other's, naming the other folder, and wrote its whole site again though nothing had
    changed (as a Makefile building both audiences does, one after the other or at once)."""
    root = generated_project(tmp_path)
    public = ["build", str(root), "--out", str(tmp_path / "site")]
    manager = ["build", str(root), "--audience", "manager", "--out", str(tmp_path / "site-manager")]

    def files() -> dict[str, int]:
        return {p.relative_to(tmp_path).as_posix(): p.stat().st_ino for p in tmp_path.glob("site*/**/*") if p.is_file()}

    assert [main(public), main(manager)] == [0, 0]
    assert capsys.readouterr().err == ""  # each saved its manifest, with none of goalfolio before to remove
    (root / CACHE_DIR / "manifest.pickle").write_bytes(b"the one manifest of goalfolio before")
    before = files()
    assert [main(public), main(manager), main(public)] == [0, 0, 0]
    assert files() == before and len(before) > 100
    assert sorted(p.name for p in (root / CACHE_DIR).glob("manifest*")) == sorted(
        f"manifest-{hashlib.blake2b(view.encode(), digest_size=4).hexdigest()}.pickle" for view in ("public|None", "manager|None"))


def test_a_build_with_nothing_changed_reads_no_yaml_and_imports_no_heavy_library(tmp_path: Path) -> None:
    """It only asks whether anything changed: PyYAML came in through the content walk's
    ignore rules, a fifth of such a build's time."""
    root = example_project(tmp_path)
    build(root, tmp_path / "site", cache=True)
    code = ("import sys\nfrom goalfolio.cli import main\n"
            f"assert main(['build', {str(root)!r}, '--out', {str(tmp_path / 'site')!r}]) == 0\n"
            "print(sorted(m for m in ('yaml', 'pydantic', 'jinja2', 'markdown_it') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert (done.stdout.splitlines()[-1], "nothing changed" in done.stdout) == ("[]", True)
