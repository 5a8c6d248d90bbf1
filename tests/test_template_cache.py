"""The built-in theme is compiled once per user (templatecache.BuiltinThemeCache): every later
build loads it, with or without the build cache; a project's own templates stay out of it,
and a damaged or missing cache folder costs only the compiling."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_cache import build, example_project, read_tree

from goalfolio.fingerprint import generator_fingerprint

THEME = Path(__file__).resolve().parents[1] / "themes" / "default" / "templates"
BUILTIN = sorted(p.relative_to(THEME).as_posix() for p in THEME.rglob("*.html"))


@pytest.fixture
def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user cache folder for this test alone."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def kept(user_folder: Path) -> list[Path]:
    return sorted(user_folder.glob("goalfolio/templates-*/*.jinja"))


def test_a_second_build_compiles_nothing(tmp_path: Path, user_folder: Path, compiled_here: list[str]) -> None:
    root = example_project(tmp_path)
    first = build(root, tmp_path / "one", cache=False)
    assert sorted(compiled_here) == BUILTIN
    assert len(kept(user_folder)) == len(BUILTIN)
    compiled_here.clear()
    assert build(root, tmp_path / "two", cache=False) == first
    assert compiled_here == []


def test_the_projects_own_templates_are_not_kept(tmp_path: Path, user_folder: Path, compiled_here: list[str]) -> None:
    root = example_project(tmp_path)
    override = root / "themes" / "default" / "templates" / "reviews.html"
    override.parent.mkdir(parents=True)
    override.write_text((THEME / "reviews.html").read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<p>Mine</p>", 1),
                        encoding="utf-8")
    build(root, tmp_path / "one", cache=False)
    assert len(kept(user_folder)) == len(BUILTIN) - 1
    compiled_here.clear()
    site = build(root, tmp_path / "two", cache=False)
    assert compiled_here == ["reviews.html"]
    assert b"<p>Mine</p>" in site["reviews/index.html"]


def test_a_damaged_file_is_compiled_again_and_replaced(tmp_path: Path, user_folder: Path, compiled_here: list[str]) -> None:
    root = example_project(tmp_path)
    expected = build(root, tmp_path / "one", cache=False)
    files = kept(user_folder)
    for path, damage in zip(files, [b"", b"j2\x00garbage", files[2].read_bytes()[:40]]):
        path.write_bytes(damage)
    compiled_here.clear()
    assert build(root, tmp_path / "two", cache=False) == expected
    assert len(compiled_here) == 3
    compiled_here.clear()
    build(root, tmp_path / "three", cache=False)
    assert compiled_here == []


def test_an_edited_builtin_template_is_not_taken_from_the_cache(tmp_path: Path, user_folder: Path, compiled_here: list[str]) -> None:
    """Jinja2 checks each file against its template's source: a file kept for another
    source (here, planted under the key of reviews.html) is not used."""
    root = example_project(tmp_path)
    build(root, tmp_path / "one", cache=False)
    by_size = sorted(kept(user_folder), key=lambda p: p.stat().st_size)
    smallest, largest = by_size[0], by_size[-1]
    smallest.write_bytes(largest.read_bytes())
    compiled_here.clear()
    build(root, tmp_path / "two", cache=False)
    assert len(compiled_here) == 1


def test_the_folders_of_the_three_newest_other_versions_are_kept(tmp_path: Path, user_folder: Path) -> None:
    """A new version keeps the three other versions written to last, and deletes the rest."""
    for age, name in enumerate(["templates-a", "templates-b", "templates-c", "templates-d", "templates-e"]):
        older = user_folder / "goalfolio" / name
        older.mkdir(parents=True)
        (older / "x.jinja").write_bytes(b"old")
        os.utime(older, (1_000_000 + age, 1_000_000 + age))
    (user_folder / "goalfolio" / "notes").mkdir()
    build(example_project(tmp_path), tmp_path / "site", cache=False)
    assert sorted(p.name for p in (user_folder / "goalfolio").glob("templates-*")) == sorted(
        ["templates-c", "templates-d", "templates-e", f"templates-{generator_fingerprint()}"])
    assert len(kept(user_folder)) == len(BUILTIN) + 3
    assert (user_folder / "goalfolio" / "notes").is_dir()


def test_a_cache_folder_that_cannot_be_written_costs_only_the_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    root = example_project(tmp_path)
    done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--no-cache", "--out", str(tmp_path / "site")],
                          capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert read_tree(tmp_path / "site") == build(root, tmp_path / "again", cache=False)


@pytest.mark.parametrize("user", [{"XDG_CACHE_HOME": "cache"}, {"HOME": "home"}, {"HOME": "{tmp}/gone"}],
                         ids=["relative-xdg", "relative-home", "missing-home"])
def test_no_cache_folder_is_made_without_an_absolute_home_that_exists(tmp_path: Path, user: dict[str, str]) -> None:
    """A relative XDG_CACHE_HOME (which the XDG rules say to ignore) or HOME made the cache in
    the current folder, and a missing HOME (`/nonexistent`, a service's) was made, with the
    cache in it."""
    root = example_project(tmp_path)
    here = tmp_path / "here"
    here.mkdir()
    env = {name: value for name, value in os.environ.items() if name != "XDG_CACHE_HOME"}
    env.update({name: value.format(tmp=tmp_path) for name, value in user.items()})
    done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--no-cache", "--out", str(tmp_path / "site")],
                          capture_output=True, text=True, env=env, cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    assert (list(here.iterdir()), (tmp_path / "gone").exists()) == ([], False)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path, user_folder: Path, compiled_here: list[str], mode: int) -> None:
    """Compiled templates run as code: a folder writable by the group or others is ignored."""
    root = example_project(tmp_path)
    build(root, tmp_path / "one", cache=False)
    folder = kept(user_folder)[0].parent
    folder.chmod(mode)
    compiled_here.clear()
    build(root, tmp_path / "two", cache=False)
    assert sorted(compiled_here) == BUILTIN
    folder.chmod(0o700)
    compiled_here.clear()
    build(root, tmp_path / "three", cache=False)
    assert compiled_here == []


def test_the_cache_folder_is_the_users_alone(tmp_path: Path, user_folder: Path) -> None:
    build(example_project(tmp_path), tmp_path / "site", cache=False)
    assert stat.S_IMODE(kept(user_folder)[0].parent.stat().st_mode) == 0o700


def test_a_project_cache_takes_the_builtin_templates_from_the_users_cache_and_keeps_them(
        tmp_path: Path, user_folder: Path, compiled_here: list[str]) -> None:
    """The layers are looked up in order: a project built with its cache for the first time
    loads the built-in templates from the user's cache, compiling none, and copies them into
    its own cache, which serves them once the user's cache is gone."""
    root = example_project(tmp_path)
    build(root, tmp_path / "one", cache=False)
    compiled_here.clear()
    build(root, tmp_path / "two", cache=True)
    assert compiled_here == []
    shutil.rmtree(user_folder)
    goal = next((root / "content" / "goals").glob("*.md"))
    goal.write_text(goal.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    site = build(root, tmp_path / "three", cache=True)
    assert compiled_here == []
    assert site == build(root, tmp_path / "clean", cache=False)


def test_a_folder_of_another_user_is_not_used(tmp_path: Path, user_folder: Path, compiled_here: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = example_project(tmp_path)
    build(root, tmp_path / "one", cache=False)
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    compiled_here.clear()
    build(root, tmp_path / "two", cache=False)
    assert sorted(compiled_here) == BUILTIN


def test_other_goalfolio_code_compiles_the_templates_again_in_a_folder_of_its_own(
        tmp_path: Path, user_folder: Path, compiled_here: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Jinja2 checks a kept template against its source, not against the code that compiled
    it: the folder is named after goalfolio's code, and another version does not load it."""
    root = example_project(tmp_path)
    build(root, tmp_path / "one", cache=False)
    first = kept(user_folder)[0].parent
    monkeypatch.setattr("goalfolio.templatecache.generator_fingerprint", lambda: "0123456789abcdef")
    compiled_here.clear()
    build(root, tmp_path / "two", cache=False)
    assert sorted(compiled_here) == BUILTIN
    assert sorted({path.parent.name for path in kept(user_folder)}) == sorted({first.name, "templates-0123456789abcdef"})


def test_two_versions_used_in_turn_each_load_their_own_folder(
        tmp_path: Path, user_folder: Path, compiled_here: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A project's virtualenv and a `pipx` install of another version, used in turn: neither
    deletes the other's compiled templates, so neither compiles them again."""
    root = example_project(tmp_path)
    build(root, tmp_path / "one", cache=False)
    monkeypatch.setattr("goalfolio.templatecache.generator_fingerprint", lambda: "0123456789abcdef")
    build(root, tmp_path / "two", cache=False)
    monkeypatch.setattr("goalfolio.templatecache.generator_fingerprint", generator_fingerprint)
    compiled_here.clear()
    build(root, tmp_path / "three", cache=False)
    assert compiled_here == []
