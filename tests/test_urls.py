"""Relative links: the fast `relative_url` must give exactly what `posixpath.relpath` gives."""

from __future__ import annotations

import posixpath
import random

import pytest

from goalfolio.urls import PageLinks, relative_url

SEGMENTS = ["goals", "evidence", "kind", "skill", "a", "b", "x-1", "a.", ".h", "...", "index.html", "style.css", ".", "..", ""]


def reference(from_path: str, to_path: str) -> str:
    """The definition `relative_url` had before it was made fast."""
    target, _, anchor = to_path.partition("#")
    start = posixpath.dirname(from_path) or "."
    link = posixpath.relpath(target, start) if target else posixpath.basename(from_path)
    return f"{link}#{anchor}" if anchor else link


def random_path(rng: random.Random, unusual: bool) -> str:
    pool = SEGMENTS if unusual else SEGMENTS[:-3]
    return "/".join(rng.choice(pool) for _ in range(rng.randint(1, 5)))


@pytest.mark.parametrize("unusual", [False, True])
def test_matches_relpath_on_random_pairs(unusual: bool) -> None:
    rng = random.Random(6)
    for _ in range(20_000):
        source = random_path(rng, unusual)
        target = random_path(rng, unusual) + rng.choice(["", "", "#anchor"])
        assert relative_url(source, target) == reference(source, target), (source, target)


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("index.html", "goals/index.html", "goals/index.html"),
    ("goals/lead/index.html", "goals/index.html", "../index.html"),
    ("goals/lead/index.html", "evidence/kind/talk/index.html", "../../evidence/kind/talk/index.html"),
    ("goals/lead/index.html", "goals/lead/index.html", "index.html"),
    ("goals/lead/index.html", "goals/lead", "."),
    ("evidence/x/index.html", "endorsements/index.html#ann", "../../endorsements/index.html#ann"),
    ("evidence/x/index.html", "#top", "index.html#top"),
    ("404.html", "static/style.css", "static/style.css"),
])
def test_known_links(source: str, target: str, expected: str) -> None:
    assert relative_url(source, target) == expected == reference(source, target)


@pytest.mark.parametrize("unusual", [False, True])
def test_page_links_match_relpath_on_random_pairs(unusual: bool) -> None:
    rng = random.Random(7)
    for _ in range(2_000):
        source = random_path(rng, unusual)
        links = PageLinks(source)
        for _ in range(10):
            target = random_path(rng, unusual) + rng.choice(["", "", "#anchor"])
            assert links(target) == reference(source, target), (source, target)


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("goals/lead/index.html", "goals", ".."),
    ("goals/lead/index.html", "evidence/a./b", "../../evidence/a./b"),
    ("index.html", "goals/index.html", "goals/index.html"),
    ("evidence/kind/talk/index.html", "evidence/x/index.html", "../../x/index.html"),
    ("evidence/kind/talk/index.html", "goals/g/index.html", "../../../goals/g/index.html"),
])
def test_page_links_on_known_links(source: str, target: str, expected: str) -> None:
    assert PageLinks(source)(target) == expected == reference(source, target)
