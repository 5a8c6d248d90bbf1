"""Relative links: the fast `relative_url` must give exactly what `posixpath.relpath` gives. Skill page
names and the anchors of anonymous endorsements are stable."""

from __future__ import annotations

import datetime
import hashlib
import posixpath
import random

import pytest

from goalfolio.models import Endorsement
from goalfolio.urls import PageLinks, endorsement_anchor, order_id, relative_url, skill_slug

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


@pytest.mark.parametrize("unusual", [False, True])
def test_page_links_sharing_what_they_know_match_relpath(unusual: bool) -> None:
    """Pages of one build share the links they have worked out (`known`): each must still get
    its own, whatever page worked one out first."""
    rng = random.Random(8)
    known: dict[tuple[str, str | None], dict[str, str]] = {}
    targets = [random_path(rng, unusual) + rng.choice(["", "", "#anchor"]) for _ in range(300)]
    for _ in range(2_000):
        source = random_path(rng, unusual)
        links = PageLinks(source, known)
        for target in rng.sample(targets, 10):
            assert links(target) == reference(source, target), (source, target)
    assert any(known.values())


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("goals/lead/index.html", "goals", ".."),
    ("goals/lead/index.html", "evidence/a./b", "../../evidence/a./b"),
    ("index.html", "goals/index.html", "goals/index.html"),
    ("evidence/kind/talk/index.html", "evidence/x/index.html", "../../x/index.html"),
    ("evidence/kind/talk/index.html", "goals/g/index.html", "../../../goals/g/index.html"),
])
def test_page_links_on_known_links(source: str, target: str, expected: str) -> None:
    assert PageLinks(source)(target) == expected == reference(source, target)


def test_a_long_skill_gets_a_page_name_a_file_system_takes() -> None:
    """A skill of 360 characters made a folder name too long to write: the build stopped."""
    long, longer = "skill " * 60, "skill " * 61
    assert skill_slug(long) == ("skill-" * 14)[:80].rstrip("-") + "-" + hashlib.sha1(("skill-" * 60).rstrip("-").encode()).hexdigest()[:8]
    assert len(skill_slug(long)) == 89 and skill_slug(long) != skill_slug(longer)
    assert skill_slug("a" * 80) == "a" * 80


def test_a_skill_in_letters_that_are_not_latin_gets_a_page_of_its_own() -> None:
    """`Go 言語` is kept from the page of `Go` by a hash of its spelling, and a skill with no
    Latin letters at all is named `skill` and its hash."""
    assert [skill_slug(s) for s in ("Go 言語", "言語", "Go", "C++")] == ["go-3e0874ef", "skill-31eecb3d", "go", "c-plus-plus"]


def test_an_anonymous_endorsement_is_anchored_and_ordered_by_ten_hex_digits_of_what_the_wall_shows() -> None:
    """A link to the endorsement on the wall keeps working from one goalfolio version to the next."""
    item = Endorsement.model_validate({"author": "Bo", "role": "Director", "relationship": "manager",
                                       "date": datetime.date(2026, 4, 1), "attribution": "anonymous", "quote": "Great."})
    item._id = "bo"
    assert (endorsement_anchor(item), order_id(item)) == ("endorsement-6392404661", "dafb3e5e89")
