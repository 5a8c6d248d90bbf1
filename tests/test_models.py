"""The content models' own behaviour, beside the schema (test_validation): an item's id,
source and body, and which builds see it."""

from __future__ import annotations

from goalfolio.frontmatter import FrontMatter
from goalfolio.models import Evidence, Goal, Profile, Source


def source(body: str) -> Source:
    return Source("content/goals/a.md", FrontMatter("title: A\n", 2), body, 4, "digest")


def test_an_id_source_and_body_read_early_follow_the_attribute_set_later() -> None:
    """They are cached on first read: setting the private attribute again must drop them."""
    goal = Goal.model_validate({"title": "A", "type": "personal", "start": "2026-01-01", "target_date": "2026-06-01"})
    assert (goal.id, goal.body) == ("", "")
    goal._id, goal._source = "a", source("First.\n")
    assert (goal.id, goal.body, goal.source.body) == ("a", "First.\n", "First.\n")
    goal._id, goal._source = "b", source("Second.\n")
    assert (goal.id, goal.body, goal.source.body) == ("b", "Second.\n", "Second.\n")


def test_the_profile_is_public_in_every_build() -> None:
    profile = Profile.model_validate({"name": "Ana"})
    hidden = Evidence.model_validate({"title": "E", "date": "2026-01-01", "kind": "project", "visibility": "private"})
    assert (profile.visibility, profile.is_public, profile.reader_views()) == ("public", True, ["public"])
    assert [profile.visible_to(view) for view in (None, "public", "manager")] == [True, True, True]
    assert profile.build_hiding(hidden) == "a public build"
