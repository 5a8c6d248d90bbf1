"""Incremental builds after body-only edits: only the pages that show the edited text are
rendered again, and the result is byte for byte a clean build of the same content."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from test_cache import generated_project

from goalfolio import build as build_module
from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.graph import OWNER, PUBLIC
from goalfolio.reuse import MemoryParseCache

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


@pytest.mark.parametrize("edit", ["body", "front matter"])
def test_the_first_save_after_midnight_renders_every_page_again(example: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 edit: str) -> None:
    """Without `today:` in the config, progress and "Figures as of" follow the date: a
    preview left running overnight must not mix pages of two days."""
    config = example / "goalfolio.yaml"
    config.write_text(re.sub(r"(?m)^today: .*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr("goalfolio.graph.local_date", lambda: datetime.date(2026, 11, 20))
    project = find_project(example)
    kept = Builder(project, BuildOptions(audience=PUBLIC))
    first = kept.build()
    assert first.ok
    monkeypatch.setattr("goalfolio.graph.local_date", lambda: datetime.date(2026, 11, 21))
    path = example / "content" / "evidence" / "checkout-redesign-launch.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nOne more sentence.\n" if edit == "body" else text.replace("title: ", "title: New ", 1), encoding="utf-8")
    result = kept.build(changed=[path])
    assert (result.rendered, result.pages) == (first.pages, first.pages)
    assert result.files == Builder(project, BuildOptions(audience=PUBLIC)).build().files
    assert b"Figures as of 20 Nov" not in b"".join(result.files.values())


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


class FullPasses:
    """Counts the builder's calls to load the portfolio and to link the site graph: a save
    on the body-edit path makes neither."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        for name in ("load_portfolio", "build_graph"):
            monkeypatch.setattr(build_module, name, self._counted(name, getattr(build_module, name)))

    def _counted(self, name: str, real: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return real(*args, **kwargs)

        return counted

    def since(self) -> list[str]:
        calls, self.calls = self.calls, []
        return calls


@pytest.mark.parametrize("audience", [PUBLIC, OWNER])
def test_body_saves_keep_the_graph_and_match_a_clean_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            audience: str | None) -> None:
    root = generated_project(tmp_path, 60)
    project = find_project(root)
    kept = Builder(project, BuildOptions(audience=audience))
    kept.build()
    passes = FullPasses(monkeypatch)
    files = [p for folder in ("goals", "evidence", "endorsements", "reviews") for p in sorted((root / "content" / folder).glob("*.md"))[:3]]
    originals = {path: path.read_text(encoding="utf-8") for path in files}
    for step, path in enumerate(files * 2):
        head, sep, body = originals[path].partition("\n---\n")
        new_first = f"Rewritten in step {step}: the excerpt changes.\n\n" if step % 2 else ""
        path.write_text(f"{head}{sep}{new_first}{body}\nSaved in step {step}.\n", encoding="utf-8")
        result = kept.build(changed=[path])
        assert passes.since() == [], path.name
        assert result.files == Builder(project, BuildOptions(audience=audience)).build().files, path.name
        passes.since()
    path = files[0]
    path.write_text(originals[path], encoding="utf-8")  # back to content an earlier build validated
    assert kept.build(changed=[path]).files == Builder(project, BuildOptions(audience=audience)).build().files


def test_saves_beyond_a_body_take_the_full_way(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = find_project(example)
    kept = Builder(project, BuildOptions())
    kept.build()
    passes = FullPasses(monkeypatch)
    content = example / "content"
    evidence = sorted((content / "evidence").glob("*.md"))[0]
    case = sorted((content / "cases").glob("*.md"))[0]
    goal = sorted((content / "goals").glob("*.md"))[-1]
    text = evidence.read_text(encoding="utf-8")
    saves = [
        (evidence, text.replace("\n---\n", "\nvisibility: [manager]\n---\n", 1)),  # front matter
        (evidence, text + f"\nIt builds on [[{goal.stem}]].\n"),  # a new citation
        (evidence, text + "\n![A chart](assets/not-there.png)\n"),  # a problem in the body
        (evidence, text + "\nSee [the budget](evidence/relocation-budget-notes/).\n"),  # a link to a private item's page
        (evidence, text),
        (evidence, text + "\nSee [the budget](https://example.github.io/portfolio/evidence/relocation-budget-notes/).\n"),  # by its address
        (evidence, text),
        (evidence, text + "\nSee [the budget](http:../relocation-budget-notes/).\n"),  # from the page, in the http preview
        (evidence, text),
        (case, case.read_text(encoding="utf-8") + "\nOne more sentence.\n"),  # a case's text counts towards readiness
    ]
    errors = []
    for path, new in saves:
        path.write_text(new, encoding="utf-8")
        result = kept.build(changed=[path])
        assert passes.since()[0] == "load_portfolio", new[-40:]
        clean = Builder(project, BuildOptions()).build()
        assert result.diagnostics == clean.diagnostics
        assert result.files == (clean.files if clean.ok else kept.files)  # a failed save keeps the last site
        errors.append([d.code for d in result.diagnostics if d.severity == "error"])
    assert errors == [[], [], ["missing-image"], ["hidden-link"], [], ["hidden-link"], [], ["hidden-link"], [], []]



def test_a_body_save_of_the_only_anonymous_endorsement_keeps_the_graph(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only another anonymous endorsement showing the same can share its anchor: named
    endorsements beside it do not send its body edit the full way."""
    project = find_project(example)
    kept = Builder(project, BuildOptions(audience=OWNER))
    kept.build()
    passes = FullPasses(monkeypatch)
    path = example / "content" / "endorsements" / "apm-mentee-feedback.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = kept.build(changed=[path])
    assert passes.since() == []
    assert result.files == Builder(project, BuildOptions(audience=OWNER)).build().files

def test_a_body_save_giving_an_anonymous_endorsement_anothers_anchor_fails_as_a_clean_build(example: Path) -> None:
    """An anonymous endorsement's anchor hashes its body: a body edit making it show what
    another shows is the error `check` reports, not a wall with one id twice."""
    content = example / "content" / "endorsements"
    first = content / "apm-mentee-feedback.md"
    second = content / "apm-second.md"
    text = first.read_text(encoding="utf-8")
    second.write_text(text.replace("author: Sam Whitfield", "author: Alex Moreau") + "\nOne more sentence.\n", encoding="utf-8")
    project = find_project(example)
    kept = Builder(project, BuildOptions())
    assert kept.build().ok
    second.write_text(text.replace("author: Sam Whitfield", "author: Alex Moreau"), encoding="utf-8")
    result = kept.build(changed=[second])
    assert [(d.path, d.code) for d in result.diagnostics if d.severity == "error"] == [
        ("content/endorsements/apm-second.md", "same-anonymous-endorsement"),
    ]
    assert result.diagnostics == Builder(project, BuildOptions()).build().diagnostics


def test_a_save_whose_pages_fail_to_render_is_rendered_by_the_next_build(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = find_project(example)
    kept = Builder(project, BuildOptions())
    kept.build()
    evidence = sorted((example / "content/evidence").glob("*.md"))[0]
    head, sep, body = evidence.read_text(encoding="utf-8").partition("\n---\n")
    evidence.write_text(f"{head}{sep}A new first sentence.\n\n{body}", encoding="utf-8")
    real = build_module.PageRenderer.render

    def failing(self: Any, plan: Any) -> bytes:
        raise jinja2.TemplateRuntimeError("the theme failed")

    monkeypatch.setattr(build_module.PageRenderer, "render", failing)
    failed = kept.build(changed=[evidence])
    assert [d.code for d in failed.diagnostics] == ["template-error"]
    monkeypatch.setattr(build_module.PageRenderer, "render", real)
    other = sorted((example / "content/reviews").glob("*.md"))[0]
    other.write_text(other.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert kept.build(changed=[other]).files == Builder(project, BuildOptions()).build().files


@pytest.mark.parametrize("audience", [PUBLIC, OWNER])
def test_front_matter_edits_match_a_clean_build(example: Path, audience: str | None) -> None:
    """Edits of what other pages show: titles, indicator names and targets, visibility."""
    project = find_project(example)
    kept = Builder(project, BuildOptions(audience=audience))
    kept.build()
    content = example / "content"
    review = sorted((content / "reviews").glob("*.md"))[-1]
    goal_id = next(iter(yaml.safe_load(review.read_text(encoding="utf-8").split("---\n")[1])["readings"]))
    goal = content / "goals" / f"{goal_id}.md"
    evidence = sorted((content / "evidence").glob("*.md"))[0]
    cited = sorted((content / "evidence").glob("*.md"))[1]
    steps = [
        (review, review.read_text(encoding="utf-8") + f"\nIt shows in [[{cited.stem}]].\n"),
        (goal, re.sub(r"^title: .*$", "title: A renamed goal", goal.read_text(encoding="utf-8"), count=1, flags=re.M)),
        (goal, re.sub(r"^(\s+)name: .*$", r"\1name: A renamed indicator", goal.read_text(encoding="utf-8"), count=1, flags=re.M)),
        (goal, re.sub(r"^(\s+)target: .*$", r"\g<1>target: 99", goal.read_text(encoding="utf-8"), count=1, flags=re.M)),
        (cited, cited.read_text(encoding="utf-8").replace("---\n", "---\nvisibility: [manager]\n", 1)),
        (cited, cited.read_text(encoding="utf-8")),
        (evidence, re.sub(r"^title: .*$", "title: A renamed piece of evidence", evidence.read_text(encoding="utf-8"), count=1, flags=re.M)),
        (evidence, re.sub(r"^kind: .*$", "kind: talk", evidence.read_text(encoding="utf-8"), count=1, flags=re.M)),
        (evidence, re.sub(r"^skills: \[", "skills: [a new skill, ", evidence.read_text(encoding="utf-8"), count=1, flags=re.M)),
        (evidence, re.sub(r"^date: .*$", "date: 2019-01-02", evidence.read_text(encoding="utf-8"), count=1, flags=re.M)),
        (evidence, evidence.read_text(encoding="utf-8").replace("---\n", "---\nvisibility: private\n", 1)),
    ]
    for path, text in steps:
        path.write_text(text, encoding="utf-8")
        result = kept.build(changed=[path])
        clean = Builder(project, BuildOptions(audience=audience)).build()
        assert result.ok and clean.ok, [d.message for d in result.diagnostics if d.severity == "error"]
        assert result.files == clean.files, (path.name, [p for p in clean.files if clean.files[p] != result.files.get(p)][:5])


def test_a_theme_showing_what_cards_name_follows_renames_of_those_items(example: Path) -> None:
    """A goal page's evidence and endorsement views name other goals and evidence (`e.goals`,
    `n.endorses`). The built-in theme does not show them there, a theme of one's own may: a
    renamed goal or piece of evidence renders such a page again, as a clean build has it."""
    templates = example / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    (templates / "goal.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p>{% for e in evidence %}{{ e.title }}: '
        '{% for g in e.goals %}{{ g.title }}; {% endfor %}{% endfor %}</p>\n<p>{% for n in endorsements %}'
        '{% for item in n.endorses %}{{ item.title }}; {% endfor %}{% endfor %}</p>{% endblock %}\n', encoding="utf-8")
    project = find_project(example)
    kept = Builder(project, BuildOptions())
    kept.build()
    content = example / "content"
    for path in [*sorted((content / "goals").glob("*.md")), *sorted((content / "evidence").glob("*.md"))]:
        path.write_text(re.sub(r"^title: .*$", f"title: Renamed {path.stem}", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                        encoding="utf-8")
        result = kept.build(changed=[path])
        clean = Builder(project, BuildOptions()).build()
        assert result.ok and clean.ok
        assert result.files == clean.files, (path.name, [p for p in clean.files if clean.files[p] != result.files.get(p)][:5])


def test_an_evidence_title_edit_renders_only_the_lists_that_show_it(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind or skill page depends on its members' cards and on what decides the lists
    (`#evidence`: dates, kinds, skills, visibility), not on every evidence file's front
    matter: a new title re-renders the lists the item is in; a new kind, every list."""
    project = find_project(example)
    kept = Builder(project, BuildOptions())
    kept.build()
    rendered: list[str] = []
    real_render = build_module.PageRenderer.render

    def recording_render(self: Any, plan: Any) -> bytes:
        rendered.append(plan.path)
        return real_render(self, plan)

    monkeypatch.setattr(build_module.PageRenderer, "render", recording_render)
    lists = {path for path in kept.files if path.startswith(("evidence/kind/", "evidence/skill/"))}
    path = example / "content" / "evidence" / "amsterdam-secondment.md"
    text = path.read_text(encoding="utf-8")
    steps = [
        (re.sub(r"^title: .*$", "title: Three weeks in Amsterdam", text, count=1, flags=re.M),
         {"evidence/kind/assignment/index.html", "evidence/skill/discovery/index.html",
          "evidence/skill/cross-cultural-collaboration/index.html", "evidence/skill/payments/index.html"}),
        (re.sub(r"^kind: .*$", "kind: project", text, count=1, flags=re.M), None),  # None: every list there is
    ]
    for new_text, expected in steps:
        rendered.clear()
        path.write_text(new_text, encoding="utf-8")
        result = kept.build(changed=[path])
        now = {page for page in result.files if page.startswith(("evidence/kind/", "evidence/skill/"))}
        assert result.ok and set(rendered) & (lists | now) == (now if expected is None else expected)
        assert result.files == Builder(project, BuildOptions()).build().files


def test_a_template_saved_with_a_broken_file_is_rendered_once_the_file_is_fixed(example: Path) -> None:
    """A save that fails on content still changed the theme: the preview's next build, after
    the content is fixed, rendered only what that fix touched and kept the old template's
    pages (and never reported the new template's error)."""
    project = find_project(example)
    kept = Builder(project, BuildOptions())
    assert kept.build().ok
    template = example / "themes/default/templates/goal.html"
    template.parent.mkdir(parents=True)
    template.write_text("<p>{{ view.goal.title }}</p>\n", encoding="utf-8")
    evidence = sorted((example / "content/evidence").glob("*.md"))[0]
    text = evidence.read_text(encoding="utf-8")
    evidence.write_text(text.replace("\n---\n", "\nstatuss: x\n---\n", 1), encoding="utf-8")
    assert not kept.build(changed=[template, template.parent, evidence]).ok
    evidence.write_text(text, encoding="utf-8")
    result = kept.build(changed=[evidence])
    assert result.files == Builder(project, BuildOptions()).build().files


def test_a_builder_saved_into_all_day_keeps_one_version_of_each_file(example: Path) -> None:
    """The preview's builder keeps each file's parse, validated item, stamp and rendered
    body, to build the next save from: those of every version a file was saved as, and of
    files renamed or deleted, were kept too, and a preview left open all day grew with
    every save (by about 140 parses and 150 bodies in 315 saves of a 600-item site)."""
    project = find_project(example)
    kept = Builder(project, BuildOptions(audience=OWNER))
    assert kept.build().ok
    evidence = example / "content/evidence"
    body, front, moved = sorted(evidence.glob("*.md"))[:3]
    for n in range(4):
        body.write_text(body.read_text(encoding="utf-8") + f"\nSaved again, {n}.\n", encoding="utf-8")
        front.write_text(front.read_text(encoding="utf-8").replace("title: ", f"title: {n} ", 1), encoding="utf-8")
        added = evidence / f"added-{n}.md"
        added.write_text(body.read_text(encoding="utf-8").replace("title: ", "title: Added ", 1), encoding="utf-8")
        renamed = evidence / f"renamed-{n}.md"
        moved.rename(renamed)
        for changed in ([body], [front], [added], [moved, renamed]):
            assert kept.build(changed=changed).ok
            assert _versions_held(kept) == _files_built(kept), changed
        added.unlink()
        renamed.rename(moved)
        assert kept.build(changed=[added, moved, renamed]).ok
        assert _versions_held(kept) == _files_built(kept)


def _versions_held(builder: Builder) -> tuple[int, int, int, int]:
    """How many parses, items, stamps and rendered bodies the builder keeps."""
    held = builder.parse_cache
    assert isinstance(held, MemoryParseCache)
    return len(held._parsed), len(held.items), len(held.stamps), len(builder.body_cache)


def _files_built(builder: Builder) -> tuple[int, int, int, int]:
    """One of each per file of the last build (one parse per distinct content)."""
    items = list(builder.kept.portfolio.items()) if builder.kept is not None else []
    return len({item.source.digest for item in items}), len(items), len(items), len(items)
