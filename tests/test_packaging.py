"""The wheel ships every file of the package and its theme: each folder that holds them is
a package named in pyproject.toml, so setuptools neither warns about it nor, as it says it
one day may, leaves it out."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def listed_packages() -> list[str]:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs tomllib, new in Python 3.11")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["setuptools"]["packages"])


def importable_folders(top: Path, package: str) -> set[str]:
    """Every folder under `top` that Python could import, as setuptools names it: a folder
    whose name is not an identifier (`dot-github`) is shipped as plain package data."""
    names = {package}
    for folder in top.rglob("*"):
        parts = folder.relative_to(top).parts
        if folder.is_dir() and "__pycache__" not in parts and all(part.isidentifier() for part in parts):
            names.add(".".join((package, *parts)))
    return names


def test_every_importable_folder_of_the_package_and_theme_is_a_listed_package() -> None:
    expected = importable_folders(REPO / "generator" / "goalfolio", "goalfolio")
    expected |= importable_folders(REPO / "themes", "goalfolio.themes")
    listed = listed_packages()
    assert len(listed) == len(set(listed))
    assert sorted(set(listed) ^ expected) == []
    assert "goalfolio.data.starter.content.goals" in listed and "goalfolio.themes.default.templates.macros" in listed
