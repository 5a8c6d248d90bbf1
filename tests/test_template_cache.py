"""The built-in theme is compiled once per user (templatecache.BuiltinThemeCache): every later
build loads it, with or without the build cache; a project's own templates stay out of it,
and a damaged or missing cache folder costs only the compiling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_cache import build, example_project, read_tree

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


def test_an_older_folder_is_replaced(tmp_path: Path, user_folder: Path) -> None:
    older = user_folder / "goalfolio" / "templates-0123456789abcdef"
    older.mkdir(parents=True)
    (older / "x.jinja").write_bytes(b"old")
    build(example_project(tmp_path), tmp_path / "site", cache=False)
    assert not older.exists() and len(kept(user_folder)) == len(BUILTIN)


def test_a_cache_folder_that_cannot_be_written_costs_only_the_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    root = example_project(tmp_path)
    done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--no-cache", "--out", str(tmp_path / "site")],
                          capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert read_tree(tmp_path / "site") == build(root, tmp_path / "again", cache=False)


def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path, user_folder: Path, compiled_here: list[str]) -> None:
    """Compiled templates run as code: a folder writable by the group or others is ignored."""
    root = example_project(tmp_path)
    build(root, tmp_path / "one", cache=False)
    folder = kept(user_folder)[0].parent
    folder.chmod(0o777)
    compiled_here.clear()
    build(root, tmp_path / "two", cache=False)
    assert sorted(compiled_here) == BUILTIN
    folder.chmod(0o700)
    compiled_here.clear()
    build(root, tmp_path / "three", cache=False)
    assert compiled_here == []
