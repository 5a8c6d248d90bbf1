"""Incremental builds, property-based: random edits of a small generated portfolio, and after
each one every incremental way of building gives, byte for byte, what a clean single-process
build of the same files gives (`goalfolio build --no-cache --jobs 1`, in another folder).

The incremental ways: a kept `Builder` given the changed paths (the preview's saves, with its
fast path for body-only edits), `goalfolio build` with the build cache, and a preview start
that reuses the pages the last start kept. Each is checked for the public site, an audience
and the owner's view, and so are the warnings, for a site built for an address
(`--base-url`: canonical links, feed, sitemap) or none.

`SettingsAndWorkers` also changes `theme:` (the built-in theme, or a complete one of the
project's own), that theme's files, `frameworks:`, the address (the preview starting again
elsewhere) and the build cache (removed); and it makes every build but the clean one with
two worker processes, comparing a clean build with them too.

CI runs a few short sequences of each with a fixed seed; hunt for more with e.g.
GOALFOLIO_PROPERTY_EXAMPLES=300 GOALFOLIO_PROPERTY_STEPS=25.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import io
import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from goalfolio.build import Builder, BuildOptions
from goalfolio.cache import CACHE_DIR
from goalfolio.cli import main
from goalfolio.config import find_project
from goalfolio.fieldtypes import EVIDENCE_KINDS
from goalfolio.graph import OWNER, PUBLIC
from goalfolio.report import format_text

REPO = Path(__file__).resolve().parent.parent
BUILTIN_THEME = REPO / "themes" / "default"
BUILTIN_TEMPLATES = BUILTIN_THEME / "templates"
AUDIENCE = "manager"
MARKER = ".goalfolio-site"
VIEWS: tuple[str | None, ...] = (PUBLIC, AUDIENCE, OWNER)
VIEW_ARGS: dict[str | None, list[str]] = {PUBLIC: [], AUDIENCE: ["--audience", AUDIENCE], OWNER: ["--all"]}
FRAMEWORKS = ["evidence-ladder", "pivot-bridge", "mobility-playbook"]
CUSTOM_FRAMEWORK = "skill-mastery"
# Where the site is built for: `--base-url` (the preview passes its own address), or none.
# Written as given: goalfolio adds the closing slash and writes the address in ASCII.
ADDRESSES: list[str | None] = [None, "https://example.org/folio/", "http://127.0.0.1:8000/", "https://example.org/léa"]
CONFIG_BASE_URL = "https://config.example/site"
OWN_THEME = "mine"  # a complete theme of the project's own, named by `theme:` (no built-in fallback)
ASSET = "content/assets/chart.svg"
VISIBILITIES: list[Any] = ["public", "private", ["manager"], ["committee"], ["manager", "committee"]]
SKILLS = ["sql", "writing", "coaching", "design", "negotiation"]
WORDS = ["ship", "plan", "measure", "lead", "teach", "review", "draft", "agree", "test", "learn"]
# Project theme overrides: a built-in template with a line inserted after an anchor, so the
# change shows in every page that uses it.
THEME_EDITS = [
    ("base.html", "</head>\n"),
    ("evidence.html", "{% block content %}\n"),
    ("goal.html", "{% block content %}\n"),
    ("macros/items.html", '<article class="card goal-card">\n'),
    ("partials/checklist.html", ""),
]
# Files of a theme the edits below touch, from the theme's folder: besides the templates
# above, static files (the 404 page inlines the stylesheet), and files the built-in theme
# does not have (a static file is published; a template nothing uses is not).
THEME_FILES = [*(f"templates/{name}" for name, _ in THEME_EDITS), "static/style.css", "static/icon.svg",
               "static/extra/note.txt", "templates/partials/spare.html"]
ANCHORS = {f"templates/{name}": anchor for name, anchor in THEME_EDITS}
TODAY = datetime.date(2026, 11, 20)
FIELD_ORDER = {
    "goals": ["title", "type", "start", "target_date", "parent", "indicators", "milestones"],
    "evidence": ["title", "date", "kind", "goals", "metrics", "skills"],
    "endorsements": ["author", "role", "organisation", "relationship", "date", "goals", "evidence", "attribution"],
    "reviews": ["date", "period", "readings"],
    "cases": ["title", "target_role", "goals", "framework"],
}
PREFIX = {"goals": "goal", "evidence": "ev", "endorsements": "end", "reviews": "rev", "cases": "case"}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # goalfolio refuses YAML anchors and aliases


def _front(fields: dict[str, Any]) -> str:
    return yaml.dump(fields, Dumper=_Dumper, sort_keys=False, default_flow_style=None, allow_unicode=True, width=200)


class Portfolio:
    """The portfolio as data, written out as files; edits keep it valid (references point at
    items that exist, a case keeps a goal, dates stay in order)."""

    def __init__(self) -> None:
        self.config: dict[str, Any] = {"title": "Property portfolio", "today": TODAY, "audiences": ["manager", "committee"]}
        self.items: dict[str, dict[str, dict[str, Any]]] = {folder: {} for folder in PREFIX}
        self.bodies: dict[str, list[str]] = {}
        self.theme: dict[str, str] = {}  # template name -> text of the project's override
        self.own_theme: dict[str, str] = {}  # path in themes/mine/ -> text
        self.profile: dict[str, Any] = {"name": "Pat Example", "headline": "A test", "target_locations": ["Amsterdam"]}
        self.profile_body = ["A short bio."]
        self.nested: set[str] = set()  # ids of items kept in a subfolder of their folder
        self.asset = 1
        self.counter = 0

    def new_id(self, folder: str) -> str:
        self.counter += 1
        return f"{PREFIX[folder]}-{self.counter}"

    def ids(self, folder: str) -> list[str]:
        return sorted(self.items[folder])

    def all_ids(self) -> list[str]:
        return sorted(i for folder in self.items.values() for i in folder)

    def folder_of(self, item_id: str) -> str:
        return next(folder for folder, items in self.items.items() if item_id in items)

    def path(self, item_id: str) -> str:
        return f"content/{self.folder_of(item_id)}/{'2025/' if item_id in self.nested else ''}{item_id}.md"

    def text(self, item_id: str) -> str:
        folder = self.folder_of(item_id)
        fields = self.items[folder][item_id]
        ordered = {k: fields[k] for k in FIELD_ORDER[folder] if k in fields}
        ordered.update({k: v for k, v in fields.items() if k not in ordered})
        return f"---\n{_front(ordered)}---\n" + "\n\n".join(self.bodies[item_id]) + "\n"

    def files(self) -> dict[str, str]:
        found = {"goalfolio.yaml": _front(self.config),
                 "content/profile.md": f"---\n{_front(self.profile)}---\n" + "\n\n".join(self.profile_body) + "\n",
                 ASSET: f'<svg xmlns="http://www.w3.org/2000/svg"><title>{self.asset}</title></svg>\n'}
        for item_id in self.all_ids():
            found[self.path(item_id)] = self.text(item_id)
        for name, text in self.theme.items():
            found[os.path.normpath(f"themes/default/templates/{name}")] = text
        for name, text in self.own_theme.items():
            found[f"themes/{OWN_THEME}/{name}"] = text
        return found

    def retarget(self, framework: str, to: str) -> list[str]:
        """Goals and cases that name `framework` name `to` instead; their ids."""
        moved = [i for folder in ("goals", "cases") for i, fields in self.items[folder].items() if fields.get("framework") == framework]
        for item_id in moved:
            self.items[self.folder_of(item_id)][item_id]["framework"] = to
        return moved

    def remove_references(self, gone: str) -> None:
        """Take every reference to `gone` out, deleting cases left without a goal."""
        for fields in self.items["goals"].values():
            if fields.get("parent") == gone:
                del fields["parent"]
            for milestone in fields["milestones"]:
                milestone["evidence"] = [e for e in milestone.get("evidence", []) if e != gone]
                if not milestone["evidence"]:
                    milestone.pop("evidence", None)
        for folder in ("evidence", "endorsements", "cases"):
            for fields in self.items[folder].values():
                for key in ("goals", "evidence", "endorsements"):
                    if fields.get(key) is not None:
                        fields[key] = [i for i in fields[key] if i != gone]
        for fields in self.items["reviews"].values():
            fields["readings"].pop(gone, None)
        for item_id in list(self.bodies):
            self.bodies[item_id] = [re.sub(rf" ?\[\[{re.escape(gone)}\]\]", "", p) for p in self.bodies[item_id]]


def _sentence(seed: int, item_id: str) -> str:
    words = [WORDS[(seed + i * 7) % len(WORDS)] for i in range(3 + seed % 4)]
    return f"{item_id} {' '.join(words)} {seed}."


def _extras(seed: int) -> list[str]:
    """What some bodies have from the start, as `edit_body` adds it: raw HTML, a footnote."""
    return [f"Press <kbd>key {seed}</kbd>[^s{seed}].", f"[^s{seed}]: A note {seed}."] if seed % 3 == 0 else []


def _set(fields: dict[str, Any], key: str, value: Any) -> None:
    """Set a field, or leave it out (None)."""
    if value is None:
        fields.pop(key, None)
    else:
        fields[key] = value


def _visibility(index: int) -> Any:
    return copy.deepcopy(VISIBILITIES[index % len(VISIBILITIES)])


def _theme_file(name: str, seed: int) -> str:
    """A theme file (see THEME_FILES) as the built-in theme has it, with a line of its own:
    after the template's anchor, so every page that uses it shows the change, or at the end."""
    builtin = BUILTIN_THEME / name
    text = builtin.read_text(encoding="utf-8") if builtin.is_file() else ""
    if name.endswith(".html"):
        at = text.index(ANCHORS.get(name, "")) + len(ANCHORS.get(name, ""))
        return f"{text[:at]}<!-- theme edit {seed} -->\n{text[at:]}"
    return text + (f"/* theme edit {seed} */\n" if name.endswith(".css") else f"<!-- theme edit {seed} -->\n")


def _framework(name: str, variant: int) -> dict[str, Any]:
    """A framework of the project's own under `frameworks:` (one of a few variants), or one
    that replaces a built-in one of the same name."""
    practise = {"check": "evidence", "count": 1 + variant % 3, "kind": ["project", "assignment", "result"][: 1 + variant % 3]}
    if variant % 2:
        practise["with_metrics"] = True
    endorse: dict[str, Any] = {"check": "endorsements", "count": 1 + variant % 2}
    if variant % 4 == 3:
        endorse["label"] = f"a word from someone who saw it {variant}"
    steps = [{"id": "practise", "title": f"Apply it {variant}", "requires": [practise]},
             {"id": "endorsed", "title": "Seen by others", "requires": [endorse]}]
    if variant % 3 == 1:
        steps.append({"id": "range", "title": "Range", "requires": [{"check": "skills", "count": 2}]})
    if variant % 5 == 4:
        steps.insert(0, {"id": "body", "title": "Told", "requires": [{"check": "case_body", "cites": True}]})
    found: dict[str, Any] = {"title": f"{name.replace('-', ' ').title()} {variant}", "steps": steps}
    if variant % 2 == 0:
        found["description"] = f"Described {variant}."
    return found


def _day(offset: int) -> datetime.date:
    return datetime.date(2025, 1, 1) + datetime.timedelta(days=offset % 600)


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(*args: str | Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(a) for a in args])
    return code, err.getvalue()


def differences(got: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    return sorted(p for p in set(got) | set(expected) if got.get(p) != expected.get(p))


def first_difference(got: bytes | None, expected: bytes | None) -> str:
    if got is None or expected is None:
        return "missing" if got is None else "extra"
    at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
    return f"at byte {at}: got {got[max(0, at - 80):at + 80]!r}, expected {expected[max(0, at - 80):at + 80]!r}"


class IncrementalBuilds(RuleBasedStateMachine):
    """Edits, and after each one every way of building compared with a clean build."""

    base: Path  # set by the test: the examples' folders go under its tmp_path
    examples = 0
    total_steps = 0
    jobs = 1  # worker processes of every build but the clean one (see SettingsAndWorkers)
    filler = 0  # content files but endorsements to start with at least, so that workers render bodies too
    settings_edits = False  # the rules that change the theme, frameworks, address or cache (costlier)

    def __init__(self) -> None:
        super().__init__()
        IncrementalBuilds.examples += 1
        self.folder = self.base / f"example-{IncrementalBuilds.examples}"
        self.root = self.folder / "project"
        self.model = Portfolio()
        self.changed: set[str] = set()
        self.kept: dict[str | None, Builder] = {}
        self.unbuilt: dict[str | None, set[Path]] = {view: set() for view in VIEWS}
        self.fresh: set[str | None] = set()  # views whose kept builder has not built yet
        self.address: str | None = None
        self.held = 0
        self.steps = 0
        self.log: list[str] = []

    # The portfolio, drawn ----------------------------------------------------------------

    @initialize(goals=st.integers(1, 3), evidence=st.integers(1, 4), endorsements=st.integers(1, 3), reviews=st.integers(0, 2),
                seed=st.integers(0, 10_000), case=st.booleans(), address=st.sampled_from(ADDRESSES))
    def start(self, goals: int, evidence: int, endorsements: int, reviews: int, seed: int, case: bool, address: str | None) -> None:
        m = self.model
        self.address = address
        for n in range(goals):
            self._add_goal(seed + n)
        goal_ids = m.ids("goals")
        for n in range(evidence):
            self._add_evidence(seed + n, goal_ids[: 1 + n % len(goal_ids)])
        for n in range(endorsements):
            self._add_endorsement(seed + n, anonymous=n == 0)
        for n in range(reviews):
            self._add_review(seed + n)
        if case:
            self._add_case(seed)
        bodies_for_workers = 1 + len(m.all_ids()) - len(m.ids("endorsements"))  # the profile's too
        for n in range(self.filler - bodies_for_workers):
            self._add_evidence(seed + 50 + n, goal_ids[:1])
        self._write_all()
        self.kept = {view: self._builder(view) for view in VIEWS}
        for builder in self.kept.values():
            assert builder.build().ok
        self.log.append(f"start {goals} {evidence} {endorsements} {reviews} {seed} {case} {address}")
        self.changed = set()

    def _builder(self, view: str | None) -> Builder:
        """A builder as the preview makes one: for its address, starting from the build cache."""
        return Builder(find_project(self.root), BuildOptions(audience=view, base_url=self.address, jobs=self.jobs, warm=True))

    def _add_goal(self, seed: int) -> str:
        m = self.model
        item_id = m.new_id("goals")
        start = _day(seed * 13)
        m.items["goals"][item_id] = {
            "title": f"Goal {item_id} {WORDS[seed % len(WORDS)]}",
            "type": ["advancement", "leadership", "education", "personal", "mobility"][seed % 5],
            "start": start,
            "target_date": start + datetime.timedelta(days=400),
            "visibility": _visibility(seed if seed % 3 else 0),
            "indicators": [{"id": "done-things", "name": "Things done", "kind": "lagging", "baseline": 0, "target": 10 + seed % 20},
                           {"id": "hours", "name": "Hours", "kind": "leading", "unit": "hours", "baseline": 5, "target": 100}],
            "milestones": [{"title": "First step", "due": start + datetime.timedelta(days=60)},
                           {"title": "Second step", "due": start + datetime.timedelta(days=200),
                            "done": start + datetime.timedelta(days=150)}],
        }
        m.bodies[item_id] = [_sentence(seed, item_id), _sentence(seed + 1, item_id)]
        return item_id

    def _add_evidence(self, seed: int, goals: list[str]) -> str:
        m = self.model
        item_id = m.new_id("evidence")
        m.items["evidence"][item_id] = {
            "title": f"Evidence {item_id}", "date": _day(seed * 29), "kind": EVIDENCE_KINDS[seed % len(EVIDENCE_KINDS)],
            "goals": list(goals), "metrics": [{"name": "Speed", "before": 10, "after": 10 + seed % 7, "unit": "%"}],
            "skills": [SKILLS[seed % len(SKILLS)]], "visibility": _visibility(seed if seed % 2 else 0),
        }
        m.bodies[item_id] = [_sentence(seed, item_id), _sentence(seed + 2, item_id), *_extras(seed)]
        return item_id

    def _add_endorsement(self, seed: int, anonymous: bool) -> str:
        m = self.model
        item_id = m.new_id("endorsements")
        goals, evidence = m.ids("goals"), m.ids("evidence")
        m.items["endorsements"][item_id] = {
            "author": f"Author Secretname {item_id}", "role": f"Role {seed % 4}", "organisation": "Org",
            "relationship": ["manager", "peer", "stakeholder", "report", "mentor", "client"][seed % 6],
            "date": _day(seed * 31), "goals": goals[:1], "evidence": evidence[seed % len(evidence):][:1] if evidence else [],
            "attribution": "anonymous" if anonymous else "named", "visibility": _visibility(seed if seed % 3 else 0),
        }
        m.bodies[item_id] = [f"Endorsed by {item_id}: {_sentence(seed, 'they')}", _sentence(seed + 3, item_id), *_extras(seed)]
        return item_id

    def _add_review(self, seed: int) -> str:
        m = self.model
        item_id = m.new_id("reviews")
        readings = {g: {"done-things": seed % 9, "hours": 5 + seed % 50} for g in m.ids("goals")[: 1 + seed % 2]}
        m.items["reviews"][item_id] = {"date": _day(seed * 17), "period": "quarterly", "readings": readings,
                                       "visibility": _visibility(seed if seed % 2 else 0)}
        m.bodies[item_id] = [_sentence(seed, item_id)]
        return item_id

    def _add_case(self, seed: int) -> str:
        m = self.model
        item_id = m.new_id("cases")
        m.items["cases"][item_id] = {"title": f"Case {item_id}", "target_role": "Senior", "goals": m.ids("goals")[:1],
                                     "framework": "evidence-ladder", "visibility": _visibility(seed % 2)}
        m.bodies[item_id] = [_sentence(seed, item_id), "More text."]
        return item_id

    # Writing -----------------------------------------------------------------------------

    def _write_all(self) -> None:
        for relative, text in self.model.files().items():
            target = self.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    def _sync(self) -> list[Path]:
        """Write what the model says into the project; the paths written or removed."""
        wanted = self.model.files()
        touched = []
        for relative in sorted(self.changed):
            target = self.root / relative
            if relative in wanted:
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists() or target.read_text(encoding="utf-8") != wanted[relative]:
                    target.write_text(wanted[relative], encoding="utf-8")
                    touched.append(target)
            elif target.exists():
                target.unlink()
                touched.append(target)
        self.changed = set()
        return touched

    def _touch_item(self, item_id: str) -> None:
        self.changed.add(self.model.path(item_id))

    def _touch_all_items(self) -> None:
        self.changed.update(self.model.path(i) for i in self.model.all_ids())

    def _pick(self, folder: str, index: int) -> str | None:
        ids = self.model.ids(folder)
        return ids[index % len(ids)] if ids else None

    # Edits -------------------------------------------------------------------------------

    @rule(folder=st.sampled_from(["goals", "evidence", "cases"]), index=st.integers(0, 20), word=st.integers(0, 100))
    def change_title(self, folder: str, index: int, word: int) -> None:
        item_id = self._pick(folder, index)
        if item_id is not None:
            self.model.items[folder][item_id]["title"] = f"Title {WORDS[word % len(WORDS)]} {word}"
            self._touch_item(item_id)
            self.log.append(f"title {item_id}")

    @rule(folder=st.sampled_from(["evidence", "endorsements", "reviews"]), index=st.integers(0, 20), offset=st.integers(0, 700))
    def change_date(self, folder: str, index: int, offset: int) -> None:
        item_id = self._pick(folder, index)
        if item_id is not None:
            self.model.items[folder][item_id]["date"] = _day(offset)
            self._touch_item(item_id)
            self.log.append(f"date {item_id} {_day(offset)}")

    @rule(index=st.integers(0, 20), offset=st.integers(0, 100))
    def change_goal_dates(self, index: int, offset: int) -> None:
        item_id = self._pick("goals", index)
        if item_id is not None:
            goal = self.model.items["goals"][item_id]
            goal["target_date"] = goal["start"] + datetime.timedelta(days=250 + offset * 3)
            self._touch_item(item_id)
            self.log.append(f"target {item_id}")

    @rule(index=st.integers(0, 20), kind=st.sampled_from(EVIDENCE_KINDS))
    def change_kind(self, index: int, kind: str) -> None:
        item_id = self._pick("evidence", index)
        if item_id is not None:
            self.model.items["evidence"][item_id]["kind"] = kind
            self._touch_item(item_id)
            self.log.append(f"kind {item_id} {kind}")

    @rule(index=st.integers(0, 20), skills=st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))
    def change_skills(self, index: int, skills: list[str]) -> None:
        item_id = self._pick("evidence", index)
        if item_id is not None:
            self.model.items["evidence"][item_id]["skills"] = skills
            self._touch_item(item_id)
            self.log.append(f"skills {item_id} {skills}")

    @rule(index=st.integers(0, 20), after=st.integers(0, 40), drop=st.booleans())
    def change_metric(self, index: int, after: int, drop: bool) -> None:
        item_id = self._pick("evidence", index)
        if item_id is not None:
            fields = self.model.items["evidence"][item_id]
            fields["metrics"] = [] if drop else [{"name": "Speed", "before": 10, "after": after, "unit": "%"}]
            self._touch_item(item_id)
            self.log.append(f"metric {item_id} {None if drop else after}")

    @rule(index=st.integers(0, 20), goal=st.integers(0, 20), value=st.integers(0, 60))
    def change_reading(self, index: int, goal: int, value: int) -> None:
        item_id, goal_id = self._pick("reviews", index), self._pick("goals", goal)
        if item_id is not None and goal_id is not None:
            self.model.items["reviews"][item_id]["readings"][goal_id] = {"done-things": value % 12, "hours": value}
            self._touch_item(item_id)
            self.log.append(f"reading {item_id} {goal_id} {value}")

    @rule(index=st.integers(0, 20), milestone=st.integers(0, 1), evidence=st.integers(0, 20), done=st.booleans())
    def change_milestone(self, index: int, milestone: int, evidence: int, done: bool) -> None:
        item_id = self._pick("goals", index)
        if item_id is None:
            return
        goal = self.model.items["goals"][item_id]
        step = goal["milestones"][milestone]
        if done:
            step["done"] = step["due"] - datetime.timedelta(days=5)
        else:
            step.pop("done", None)
        evidence_id = self._pick("evidence", evidence)
        step["evidence"] = [evidence_id] if evidence_id is not None and evidence % 2 else []
        if not step["evidence"]:
            del step["evidence"]
        self._touch_item(item_id)
        self.log.append(f"milestone {item_id} {milestone} {done} {step.get('evidence')}")

    @rule(folder=st.sampled_from(list(PREFIX)), index=st.integers(0, 20), visibility=st.integers(0, len(VISIBILITIES) - 1))
    def change_visibility(self, folder: str, index: int, visibility: int) -> None:
        item_id = self._pick(folder, index)
        if item_id is not None:
            self.model.items[folder][item_id]["visibility"] = _visibility(visibility)
            self._touch_item(item_id)
            self.log.append(f"visibility {item_id} {VISIBILITIES[visibility]}")

    @rule(index=st.integers(0, 20))
    def toggle_attribution(self, index: int) -> None:
        item_id = self._pick("endorsements", index)
        if item_id is not None:
            fields = self.model.items["endorsements"][item_id]
            fields["attribution"] = "named" if fields["attribution"] == "anonymous" else "anonymous"
            self._touch_item(item_id)
            self.log.append(f"attribution {item_id} {fields['attribution']}")

    @rule(folder=st.sampled_from(["evidence", "endorsements", "cases"]), index=st.integers(0, 20), goal=st.integers(0, 20))
    def toggle_goal_link(self, folder: str, index: int, goal: int) -> None:
        item_id, goal_id = self._pick(folder, index), self._pick("goals", goal)
        if item_id is None or goal_id is None:
            return
        goals = self.model.items[folder][item_id]["goals"]
        if goal_id in goals and (folder != "cases" or len(goals) > 1):
            goals.remove(goal_id)
        elif goal_id not in goals:
            goals.append(goal_id)
        self._touch_item(item_id)
        self.log.append(f"goal link {item_id} {goal_id} -> {goals}")

    @rule(index=st.integers(0, 20), parent=st.integers(0, 20))
    def change_parent(self, index: int, parent: int) -> None:
        goals = self.model.ids("goals")
        if not goals:
            return
        child, above = goals[index % len(goals)], goals[parent % len(goals)]
        fields = self.model.items["goals"][child]
        if above < child:  # parents come first: no loops
            fields["parent"] = above
        else:
            fields.pop("parent", None)
        self._touch_item(child)
        self.log.append(f"parent {child} {fields.get('parent')}")

    @rule(folder=st.sampled_from(list(PREFIX)), index=st.integers(0, 20), other=st.integers(0, 40), paragraph=st.integers(0, 3))
    def toggle_citation(self, folder: str, index: int, other: int, paragraph: int) -> None:
        item_id = self._pick(folder, index)
        ids = [i for i in self.model.all_ids() if i != item_id]
        if item_id is None or not ids:
            return
        cited = ids[other % len(ids)]
        body = self.model.bodies[item_id]
        token = f"[[{cited}]]"
        if any(token in p for p in body):
            self.model.bodies[item_id] = [p.replace(" " + token, "").replace(token, "") for p in body]
        else:
            at = paragraph % len(body)
            body[at] = body[at].rstrip(".") + f" {token}."
        self._touch_item(item_id)
        self.log.append(f"citation {item_id} {cited}")

    @rule(folder=st.sampled_from(list(PREFIX)), index=st.integers(0, 20), paragraph=st.integers(0, 3), seed=st.integers(0, 1000),
          how=st.sampled_from(["replace", "append", "heading", "drop", "footnote", "html"]))
    def edit_body(self, folder: str, index: int, paragraph: int, seed: int, how: str) -> None:
        """Text only: citations are kept as they are. Footnotes' anchors start with the
        body's id (an anonymous endorsement's is a hash of what it shows); raw HTML is shown
        as text unless goalfolio.yaml allows it."""
        item_id = self._pick(folder, index)
        if item_id is None:
            return
        body = self.model.bodies[item_id]
        at = paragraph % len(body)
        if how == "append":
            body.append(_sentence(seed, "later"))
        elif how == "heading":
            body.insert(at, f"## Part {seed}")
        elif how == "footnote":
            body[at] = body[at].rstrip(".") + f"[^n{seed}]."
            body.append(f"[^n{seed}]: A note {seed}.")
        elif how == "html":
            body.insert(at, f"Press <kbd>key {seed}</kbd> to go on.")
        elif how == "drop" and len(body) > 1 and "[[" not in body[at] and "assets/" not in body[at]:
            del body[at]
        else:
            citations = re.findall(r"\[\[[^\]]+\]\]", body[at])
            body[at] = " ".join([_sentence(seed, "now"), *citations])
        self._touch_item(item_id)
        self.log.append(f"body {item_id} {how} {paragraph}")

    @rule(field=st.sampled_from(["name", "headline", "target_locations", "body", "photo"]), seed=st.integers(0, 100))
    def edit_profile(self, field: str, seed: int) -> None:
        """A field of the profile (the photo is always published, and its absolute URL is
        each page's image for link previews), or its bio."""
        m = self.model
        if field == "body":
            m.profile_body = [_sentence(seed, "bio")]
        elif field == "photo":
            _set(m.profile, "photo", None if m.profile.get("photo") else ASSET.removeprefix("content/assets/"))
        elif field == "target_locations":
            m.profile["target_locations"] = ["Amsterdam", "Berlin"][: seed % 3]
        else:
            m.profile[field] = f"{field.title()} {seed}"
        self.changed.add("content/profile.md")
        self.log.append(f"profile {field} {seed}")

    @rule(folder=st.sampled_from(list(PREFIX)), index=st.integers(0, 20))
    def move_to_subfolder(self, folder: str, index: int) -> None:
        """A rename: the file's path changes, its id does not."""
        item_id = self._pick(folder, index)
        if item_id is not None:
            self._touch_item(item_id)
            self.model.nested ^= {item_id}
            self._touch_item(item_id)
            self.log.append(f"move {item_id}")

    @rule()
    def edit_asset(self) -> None:
        self.model.asset += 1
        self.changed.add(ASSET)
        self.log.append("asset")

    @rule(folder=st.sampled_from(list(PREFIX)), index=st.integers(0, 20), listed=st.booleans())
    def toggle_asset_link(self, folder: str, index: int, listed: bool) -> None:
        """An image in a body, or a file under an evidence item's `links:`: a file only hidden
        items link to is not published."""
        item_id = self._pick(folder, index)
        if item_id is None:
            return
        fields = self.model.items[folder][item_id]
        if listed and folder == "evidence":
            fields["links"] = [] if fields.get("links") else [{"title": "Chart", "url": "assets/chart.svg"}]
            if not fields["links"]:
                del fields["links"]
        else:
            body = self.model.bodies[item_id]
            image = "![A chart](assets/chart.svg)"
            self.model.bodies[item_id] = [p for p in body if p != image] if image in body else [*body, image]
        self._touch_item(item_id)
        self.log.append(f"asset link {item_id} {listed}")

    @rule(index=st.integers(0, 20), kind=st.sampled_from([None, *EVIDENCE_KINDS[:4]]), value=st.integers(1, 30))
    def change_indicator(self, index: int, kind: str | None, value: int) -> None:
        """The first indicator's target, and whether it is counted from linked evidence."""
        item_id = self._pick("goals", index)
        if item_id is None:
            return
        indicator = self.model.items["goals"][item_id]["indicators"][0]
        indicator["target"] = value
        if kind is None:
            indicator.pop("count", None)
        else:
            indicator["count"] = {"kind": kind}
        self._touch_item(item_id)
        self.log.append(f"indicator {item_id} {kind} {value}")

    @rule(folder=st.sampled_from(["goals", "cases"]), index=st.integers(0, 20),
          framework=st.sampled_from([None, *FRAMEWORKS, CUSTOM_FRAMEWORK]))
    def change_framework(self, folder: str, index: int, framework: str | None) -> None:
        """A framework by name; the project's own is defined in goalfolio.yaml first if it is not."""
        item_id = self._pick(folder, index)
        if item_id is None:
            return
        frameworks = self.model.config.setdefault("frameworks", {})
        if framework == CUSTOM_FRAMEWORK and framework not in frameworks:
            frameworks[framework] = _framework(framework, 0)
            self.changed.add("goalfolio.yaml")
        if not frameworks:
            del self.model.config["frameworks"]
        fields = self.model.items[folder][item_id]
        if framework is None and folder == "goals":
            fields.pop("framework", None)
        else:
            fields["framework"] = framework or FRAMEWORKS[0]
        self._touch_item(item_id)
        self.log.append(f"framework {item_id} {fields.get('framework')}")

    @rule(index=st.integers(0, 20), status=st.sampled_from(["active", "achieved", "paused", "dropped"]))
    def change_status(self, index: int, status: str) -> None:
        item_id = self._pick("goals", index)
        if item_id is not None:
            self.model.items["goals"][item_id]["status"] = status
            self._touch_item(item_id)
            self.log.append(f"status {item_id} {status}")

    @rule(index=st.integers(0, 20), field=st.sampled_from(["why", "tags", "horizon", "non_negotiables", "feedback", "mobility",
                                                          "decisions"]), seed=st.integers(0, 100))
    def change_detail(self, index: int, field: str, seed: int) -> None:
        """A goal's field shown on its page alone (`why` is also its description), or a
        review's decisions; set, changed, or left out."""
        folder = "reviews" if field == "decisions" else "goals"
        item_id = self._pick(folder, index)
        if item_id is None:
            return
        values: dict[str, Any] = {
            "why": f"Because {WORDS[seed % len(WORDS)]} {seed}.", "tags": [WORDS[seed % len(WORDS)], "t"][: 1 + seed % 2],
            "horizon": ["short", "long"][seed % 2], "non_negotiables": [f"No {WORDS[seed % len(WORDS)]}"],
            "feedback": [f"Peer {seed}"], "mobility": f"Move {seed}",
            "decisions": [{"action": ["keep", "stop", "start"][seed % 3], "what": f"Do {WORDS[seed % len(WORDS)]}"}],
        }
        _set(self.model.items[folder][item_id], field, None if seed % 4 == 0 else values[field])
        self._touch_item(item_id)
        self.log.append(f"detail {item_id} {field} {seed}")

    @rule(index=st.integers(0, 20), key=st.sampled_from(["evidence", "endorsements"]), pick=st.integers(0, 20), reset=st.booleans())
    def change_case_selection(self, index: int, key: str, pick: int, reset: bool) -> None:
        """A case's own `evidence:` or `endorsements:` list, or none (all linked to its goals)."""
        item_id, chosen = self._pick("cases", index), self._pick(key, pick)
        if item_id is None:
            return
        fields = self.model.items["cases"][item_id]
        if reset or chosen is None:
            fields.pop(key, None)
        else:
            selection = fields.setdefault(key, [])
            fields[key] = [i for i in selection if i != chosen] if chosen in selection else [*selection, chosen]
        self._touch_item(item_id)
        self.log.append(f"case selection {item_id} {key} {fields.get(key)}")

    @rule(index=st.integers(0, 20), quote=st.booleans(), period=st.booleans())
    def change_quote_or_period(self, index: int, quote: bool, period: bool) -> None:
        """An endorsement's own pull quote, and a review's period."""
        endorsement, review = self._pick("endorsements", index), self._pick("reviews", index)
        if endorsement is not None:
            fields = self.model.items["endorsements"][endorsement]
            _set(fields, "quote", f"Quoted {index}." if quote else None)
            self._touch_item(endorsement)
        if review is not None:
            self.model.items["reviews"][review]["period"] = "monthly" if period else "quarterly"
            self._touch_item(review)
        self.log.append(f"quote/period {endorsement} {quote} {review} {period}")

    @rule(folder=st.sampled_from(["evidence", "endorsements"]), index=st.integers(0, 20),
          location=st.sampled_from(["", "Amsterdam", "Berlin office", "Leeds"]), ladder=st.sampled_from([None, "baseline", "stretch"]))
    def change_location(self, folder: str, index: int, location: str, ladder: str | None) -> None:
        """Where (local contacts of the mobility playbook count interviews in target
        locations) and, for evidence, the ladder rung."""
        item_id = self._pick(folder, index)
        if item_id is None:
            return
        fields = self.model.items[folder][item_id]
        _set(fields, "location", location or None)
        if folder == "evidence":
            _set(fields, "ladder", ladder)
        self._touch_item(item_id)
        self.log.append(f"location {item_id} {location} {ladder}")

    @rule(index=st.integers(0, 20), kind=st.sampled_from([None, "skill", "network", "language"]), plan=st.booleans(),
          before=st.booleans())
    def change_gap(self, index: int, kind: str | None, plan: bool, before: bool) -> None:
        """A goal's gap (the playbooks count gaps with a plan), and whether the first evidence
        item's metric has a before value (ladders ask for before-and-after metrics)."""
        item_id, evidence = self._pick("goals", index), self._pick("evidence", index)
        if item_id is not None:
            fields = self.model.items["goals"][item_id]
            gap = {"need": "Practice", "kind": kind, **({"plan": "Weekly."} if plan else {})}
            _set(fields, "gaps", None if kind is None else [gap])
            self._touch_item(item_id)
        if evidence is not None and self.model.items["evidence"][evidence]["metrics"]:
            metric = self.model.items["evidence"][evidence]["metrics"][0]
            _set(metric, "before", 10 if before else None)
            self._touch_item(evidence)
        self.log.append(f"gap {item_id} {kind} {plan} {evidence} {before}")

    @rule(steps=st.integers(1, 3))
    def hold_builds(self, steps: int) -> None:
        """The next edits are saved together, as the watcher reports a burst of saves."""
        self.held = steps
        self.log.append(f"hold {steps}")

    @rule(folder=st.sampled_from(list(PREFIX)), index=st.integers(0, 20))
    def delete_item(self, folder: str, index: int) -> None:
        item_id = self._pick(folder, index)
        if item_id is None:
            return
        self.changed.add(self.model.path(item_id))
        self._touch_all_items()
        del self.model.items[folder][item_id]
        del self.model.bodies[item_id]
        self.model.remove_references(item_id)
        if folder == "goals":
            for case_id in [c for c, fields in self.model.items["cases"].items() if not fields["goals"]]:
                self.changed.add(self.model.path(case_id))
                del self.model.items["cases"][case_id]
                del self.model.bodies[case_id]
                self.model.remove_references(case_id)
        self.log.append(f"delete {item_id}")

    @rule(folder=st.sampled_from(list(PREFIX)), seed=st.integers(0, 1000))
    def add_item(self, folder: str, seed: int) -> None:
        if folder in ("endorsements", "cases") and not self.model.ids("goals"):
            return
        if folder == "goals":
            item_id = self._add_goal(seed)
        elif folder == "evidence":
            item_id = self._add_evidence(seed, self.model.ids("goals")[:1])
        elif folder == "endorsements":
            item_id = self._add_endorsement(seed, anonymous=seed % 3 == 0)
        elif folder == "reviews":
            item_id = self._add_review(seed)
        else:
            item_id = self._add_case(seed)
        self._touch_item(item_id)
        self.log.append(f"add {item_id}")

    @rule(days=st.integers(0, 60), title=st.sampled_from(["Property portfolio", "Another title"]),
          other=st.sampled_from(["", "stale", "author", "description", "html", "no today", "base_url"]))
    def edit_config(self, days: int, title: str, other: str) -> None:
        config = self.model.config
        config["today"] = TODAY + datetime.timedelta(days=days)
        config["title"] = title
        if other == "stale":
            config["stale_after_days"] = 30 + days
        elif other in ("author", "description"):
            config[other] = f"{other} {days}"
        elif other == "html":
            config["markdown"] = {"allow_html": not config.get("markdown", {}).get("allow_html", False)}
        elif other == "no today":  # figures as of the machine's date
            del config["today"]
        elif other == "base_url":  # used where builds are made for no other address
            _set(config, "base_url", None if config.get("base_url") else CONFIG_BASE_URL)
        self.changed.add("goalfolio.yaml")
        self.log.append(f"config {days} {title} {other}")

    @rule(which=st.integers(0, len(THEME_EDITS)), seed=st.integers(0, 1000), remove=st.booleans())
    def edit_theme(self, which: int, seed: int, remove: bool) -> None:
        """A template of the project's theme, or its stylesheet (which the 404 page inlines)."""
        name, anchor = THEME_EDITS[which] if which < len(THEME_EDITS) else ("../static/style.css", "")
        if remove:
            self.model.theme.pop(name, None)
        else:
            builtin = (BUILTIN_TEMPLATES / name).read_text(encoding="utf-8")
            at = builtin.index(anchor) + len(anchor)
            comment = f"/* theme edit {seed} */" if name.endswith(".css") else f"<!-- theme edit {seed} -->"
            self.model.theme[name] = f"{builtin[:at]}{comment}\n{builtin[at:]}"
        self.changed.add(os.path.normpath(f"themes/default/templates/{name}"))
        self.log.append(f"theme {name} {'removed' if remove else seed}")

    @rule(seed=st.integers(0, 1000), remove=st.booleans())
    def edit_theme_static(self, seed: int, remove: bool) -> None:
        """A static file of the project's that the built-in theme does not have: published."""
        name = "../static/extra/note.txt"
        _set(self.model.theme, name, None if remove else f"note {seed}\n")
        self.changed.add(os.path.normpath(f"themes/default/templates/{name}"))
        self.log.append(f"theme static {'removed' if remove else seed}")

    @precondition(lambda self: self.settings_edits)
    @rule(mine=st.booleans(), drop=st.booleans())
    def switch_theme(self, mine: bool, drop: bool) -> None:
        """`theme:` in goalfolio.yaml: the built-in theme (with the project's overrides) or
        the project's own complete theme; one not in use may be deleted."""
        config = self.model.config
        if mine:
            self._make_own_theme()
            config["theme"] = OWN_THEME
        elif drop:
            config.pop("theme", None)
            self.changed.update(f"themes/{OWN_THEME}/{name}" for name in self.model.own_theme)
            self.model.own_theme = {}
        else:
            config["theme"] = "default"
        self.changed.add("goalfolio.yaml")
        self.log.append(f"switch theme {config.get('theme')} {drop}")

    @precondition(lambda self: self.settings_edits)
    @rule(which=st.integers(0, len(THEME_FILES) - 1), seed=st.integers(0, 1000), how=st.sampled_from(["edit", "restore", "delete"]))
    def edit_own_theme(self, which: int, seed: int, how: str) -> None:
        """A file of the project's own theme, used or not: edited, put back as the built-in
        theme has it (deleted where it has none), or deleted (a file the built-in theme has
        is put back instead: pages need its templates, and link to its static files, which
        a build refuses to leave out)."""
        self._make_own_theme()
        name = THEME_FILES[which]
        builtin = BUILTIN_THEME / name
        if how == "edit":
            self.model.own_theme[name] = _theme_file(name, seed)
        elif builtin.is_file():
            self.model.own_theme[name] = builtin.read_text(encoding="utf-8")
        else:
            self.model.own_theme.pop(name, None)
        self.changed.add(f"themes/{OWN_THEME}/{name}")
        self.log.append(f"own theme {name} {how} {seed}")

    def _make_own_theme(self) -> None:
        """themes/mine/: the built-in theme copied, with a mark in every page."""
        if self.model.own_theme:
            return
        for path in sorted(BUILTIN_THEME.rglob("*")):
            if path.is_file():
                name = path.relative_to(BUILTIN_THEME).as_posix()
                self.model.own_theme[name] = path.read_text(encoding="utf-8")
                self.changed.add(f"themes/{OWN_THEME}/{name}")
        self.model.own_theme["templates/base.html"] = _theme_file("templates/base.html", -1)

    @precondition(lambda self: self.settings_edits)
    @rule(name=st.sampled_from([CUSTOM_FRAMEWORK, FRAMEWORKS[0]]), variant=st.integers(0, 9), remove=st.booleans())
    def edit_frameworks(self, name: str, variant: int, remove: bool) -> None:
        """`frameworks:` in goalfolio.yaml: the project's own framework, or one that replaces
        a built-in framework of its name; goals and cases that name one removed move to a
        built-in one."""
        config = self.model.config
        frameworks = config.setdefault("frameworks", {})
        if remove:
            frameworks.pop(name, None)
            if name == CUSTOM_FRAMEWORK:
                for item_id in self.model.retarget(name, FRAMEWORKS[0]):
                    self._touch_item(item_id)
        else:
            frameworks[name] = _framework(name, variant)
        if not frameworks:
            del config["frameworks"]
        self.changed.add("goalfolio.yaml")
        self.log.append(f"frameworks {name} {'removed' if remove else variant}")

    @precondition(lambda self: self.settings_edits)
    @rule()
    def toggle_html(self) -> None:
        """`markdown.allow_html`: every body is rendered again, by workers when there are enough."""
        markdown = self.model.config.setdefault("markdown", {})
        markdown["allow_html"] = not markdown.get("allow_html", False)
        self.changed.add("goalfolio.yaml")
        self.log.append(f"allow_html {markdown['allow_html']}")

    @precondition(lambda self: self.settings_edits)
    @rule(address=st.sampled_from(ADDRESSES))
    def move_site(self, address: str | None) -> None:
        """Another address to build for (`--base-url`; the preview passes its own URL): the
        preview starts again there, with builders that start warm from the build cache."""
        if address != self.address:
            self.address = address
            self.kept = {view: self._builder(view) for view in VIEWS}
            self.fresh = set(VIEWS)
        self.log.append(f"address {address}")

    @precondition(lambda self: self.settings_edits)
    @rule()
    def clear_cache(self) -> None:
        """`goalfolio clean`, or a new checkout: the next cached build and preview start are cold."""
        shutil.rmtree(self.root / CACHE_DIR, ignore_errors=True)
        self.log.append("clear cache")

    # The check ---------------------------------------------------------------------------

    @invariant()
    def builds_match_a_clean_build(self) -> None:
        """Two of the three views are checked after each step, in turn, so a kept builder
        sometimes gets the paths of two steps at once (as after a burst of saves)."""
        if not self.kept:
            return
        touched = self._sync()
        for view in VIEWS:
            self.unbuilt[view] |= set(touched)
        if self.held:
            self.held -= 1
            return
        self.steps += 1
        IncrementalBuilds.total_steps += 1
        clean = self.folder / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(self.root, clean, ignore=shutil.ignore_patterns(CACHE_DIR, "site*"))
        address = ["--base-url", self.address] if self.address else []
        jobs = ["--jobs", str(self.jobs)]
        for view in (VIEWS[self.steps % 3], VIEWS[(self.steps + 1) % 3]):
            out = self.folder / f"clean-{view}"
            shutil.rmtree(out, ignore_errors=True)
            code, warnings = cli("build", clean, "--no-cache", "--jobs", "1", "--out", out, *address, *VIEW_ARGS[view])
            assert code == 0, warnings
            written = read_tree(out)
            expected = {path: data for path, data in written.items() if path != MARKER}  # the writer's, not the build's
            before = dict(self.kept[view].files)
            kept = self.kept[view].build() if view in self.fresh else self.kept[view].build(changed=sorted(self.unbuilt[view]))
            self.fresh.discard(view)
            self.unbuilt[view] = set()
            self._same(f"kept builder ({view})", kept.files, expected)
            assert sorted(kept.changed) == differences(before, kept.files), self.log  # what the open tabs reload
            assert format_text(kept.diagnostics) + ("\n" if kept.diagnostics else "") == warnings, self.log
            code, cached_warnings = cli("build", self.root, *jobs, "--out", self.folder / f"site-{view}", *address, *VIEW_ARGS[view])
            assert (code, cached_warnings) == (0, warnings), self.log
            self._same(f"goalfolio build with the cache ({view})", read_tree(self.folder / f"site-{view}"), written)
            if self.jobs > 1 and view == VIEWS[self.steps % 3]:
                out = self.folder / f"parallel-{view}"
                shutil.rmtree(out, ignore_errors=True)
                code, parallel_warnings = cli("build", clean, "--no-cache", *jobs, "--out", out, *address, *VIEW_ARGS[view])
                assert (code, parallel_warnings) == (0, warnings), self.log
                self._same(f"goalfolio build --no-cache --jobs {self.jobs} ({view})", read_tree(out), written)
        started = self._builder(view).build()  # the last view checked
        self._same(f"preview start ({view})", started.files, expected)
        assert format_text(started.diagnostics) + ("\n" if started.diagnostics else "") == warnings, self.log

    def _same(self, what: str, got: dict[str, bytes], expected: dict[str, bytes]) -> None:
        different = differences(got, expected)
        assert not different, (f"{what} differs from a clean build in {len(different)} files, e.g. {different[:6]}; "
                               f"{different[0]}: {first_difference(got.get(different[0]), expected.get(different[0]))}; "
                               f"steps: {self.log}")

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class SettingsAndWorkers(IncrementalBuilds):
    """The same, with edits of the theme in use, the project's own theme, `frameworks:`, the
    address built for and the build cache too; and every build but the clean one in two
    worker processes (pages, and bodies when enough of them are to be rendered: a cold
    build, or every body after `allow_html` changed), and a clean build with them too."""

    jobs = 2
    filler = 18  # earlywork.start_early_work starts workers for 16 files with two
    settings_edits = True

    @initialize(mine=st.booleans())
    def start_in_own_theme(self, mine: bool) -> None:
        """Half the portfolios use their own theme from the start (before or after `start`)."""
        if mine:
            self.switch_theme(mine=True, drop=False)


def _run(machine: type[IncrementalBuilds], tmp_path: Path, examples: int, steps: int) -> None:
    """`examples` sequences of `steps` edits with a fixed seed, or as many as
    GOALFOLIO_PROPERTY_EXAMPLES and GOALFOLIO_PROPERTY_STEPS say."""
    machine.base = tmp_path
    examples = int(os.environ.get("GOALFOLIO_PROPERTY_EXAMPLES", examples))
    steps = int(os.environ.get("GOALFOLIO_PROPERTY_STEPS", steps))
    run_state_machine_as_test(machine, settings=settings(
        max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))


def test_incremental_builds_match_a_clean_build(tmp_path: Path) -> None:
    _run(IncrementalBuilds, tmp_path, 12, 12)


def test_builds_with_workers_after_edits_of_settings_match_a_clean_build(tmp_path: Path) -> None:
    _run(SettingsAndWorkers, tmp_path, 4, 10)
