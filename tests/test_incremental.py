"""Incremental builds after body-only edits: only the pages that show the edited text are
rendered again, and the result is byte for byte a clean build of the same content."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.graph import OWNER, PUBLIC

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "goalfolio.yaml", tmp_path / "goalfolio.yaml")
    return tmp_path


def edits(root: Path) -> list[tuple[Path, str]]:
    """A body-only edit of a file in every folder, then citations added and taken away."""
    content = root / "content"
    files = [sorted((content / folder).glob("*.md"))[0] for folder in ("goals", "evidence", "endorsements", "reviews", "cases")]
    target = sorted((content / "goals").glob("*.md"))[-1].stem
    steps = [(path, path.read_text(encoding="utf-8") + "\nOne more sentence.\n") for path in files]
    for path in files:
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n---\n")
        steps.append((path, f"{head}{sep}A new first sentence changes the excerpt.\n\n{body}"))  # cards change
        steps.append((path, text + f"\nThis builds on [[{target}]].\n"))
        steps.append((path, re.sub(r"\[\[[^\]]+\]\]", "", text)))
    return steps


@pytest.mark.parametrize("audience", [PUBLIC, OWNER])
def test_body_edits_match_a_clean_build(example: Path, audience: str | None) -> None:
    project = find_project(example)
    kept = Builder(project, BuildOptions(audience=audience))
    first = kept.build()
    assert first.ok
    for path, text in edits(example):
        path.write_text(text, encoding="utf-8")
        result = kept.build(changed=[path])
        clean = Builder(project, BuildOptions(audience=audience)).build()
        assert result.files == clean.files, path.name
        assert result.rendered < first.pages


def test_a_body_edit_renders_few_pages(example: Path) -> None:
    project = find_project(example)
    kept = Builder(project, BuildOptions())
    first = kept.build()
    evidence = sorted((example / "content/evidence").glob("*.md"))[0]
    evidence.write_text(evidence.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = kept.build(changed=[evidence])
    assert f"evidence/{evidence.stem}/index.html" in result.changed
    assert result.rendered <= first.pages // 3


def test_only_an_edit_of_the_excerpt_renders_the_lists_again(example: Path) -> None:
    project = find_project(example)
    kept = Builder(project, BuildOptions(audience=OWNER))
    kept.build()
    evidence = next(p for p in sorted((example / "content/evidence").glob("*.md")) if "metrics:" not in p.read_text(encoding="utf-8"))  # cards show its excerpt
    text = evidence.read_text(encoding="utf-8")
    evidence.write_text(text + "\nOne more sentence.\n", encoding="utf-8")
    below = kept.build(changed=[evidence])
    assert below.files == Builder(project, BuildOptions(audience=OWNER)).build().files
    head, sep, body = text.partition("\n---\n")
    evidence.write_text(f"{head}{sep}A new first sentence.\n\n{body}", encoding="utf-8")
    above = kept.build(changed=[evidence])
    assert above.files == Builder(project, BuildOptions(audience=OWNER)).build().files
    assert "evidence/index.html" in above.changed and "evidence/index.html" not in below.changed
    assert below.rendered < above.rendered
