"""Property tests: whatever a content file holds, loading it yields diagnostics, never an exception.

Each example overwrites one file in a project made once per module, then loads the project
the way every command does (`load_checked_portfolio`), and, when that finds no error, runs
the coaching audit too. Every diagnostic must name a file and a position inside it.
"""

from __future__ import annotations

import datetime
import string
from pathlib import Path

import pytest
import yaml
from conftest import make_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from goalfolio.check import run_check
from goalfolio.config import find_project
from goalfolio.errors import Diagnostic, UserError, has_errors
from goalfolio.models import CONTENT_TYPES
from goalfolio.pipeline import load_checked_portfolio

FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_LIGHT = settings(FUZZ, max_examples=100)
FOLDERS = sorted(CONTENT_TYPES)
TARGETS = [f"content/{folder}/fuzz.md" for folder in FOLDERS] + ["content/profile.md"]

# Realistic field names (some misspelt) so that generated front matter reaches the validators.
FIELD_NAMES = sorted({
    "title", "type", "start", "target_date", "status", "horizon", "why", "framework", "indicators",
    "milestones", "gaps", "feedback", "mobility", "parent", "tags", "visibility", "date", "kind", "goals",
    "ladder", "metrics", "skills", "location", "links", "author", "role", "relationship", "evidence",
    "quote", "attribution", "period", "readings", "decisions", "target_role", "audience", "endorsements",
    "name", "headline", "target_locations", "languages", "photo", "id", "baseline", "target", "direction",
    "count", "due", "done", "need", "plan", "after", "before", "url", "action", "what", "titel", "statuss",
})
YAMLISH = string.ascii_lowercase + string.digits + " :-[]{}&*!|>'\"#%@`,?.~<=\n\t_\\/" + "é€"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A valid project with one item of each type that fuzzed files may refer to."""
    return make_project(tmp_path_factory.mktemp("fuzz"), {
        "content/goals/lead.md": (
            "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
            "indicators:\n  - {id: hires, name: Hires, kind: lagging, target: 4}\n---\nPlan.\n"
        ),
        "content/evidence/refunds.md": "---\ntitle: Refunds\ndate: 2026-03-02\nkind: project\ngoals: [lead]\n---\nx\n",
    })


def write(root: Path, target: str, content: str | bytes) -> bytes:
    """Put `content` at `target`, remove the other fuzzed files, and return the bytes written."""
    for other in TARGETS:
        if other != target and other.endswith("fuzz.md"):
            (root / other).unlink(missing_ok=True)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    path = root / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def check_loads(root: Path, target: str, data: bytes) -> list[Diagnostic]:
    project = find_project(root)
    portfolio, diagnostics = load_checked_portfolio(project)
    line_count = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1  # as the readers count lines
    for d in diagnostics:
        assert d.path and d.line >= 1 and d.column >= 1, d
        assert d.severity in ("error", "warning") and d.message and d.code, d
        if d.path == target:
            assert d.line <= line_count + 1, (d, line_count)
    assert diagnostics == sorted(diagnostics)
    if not has_errors(diagnostics):
        result = run_check(project)  # the audit runs only on content without errors
        assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)
    return diagnostics


# --- strategies ------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
    st.text(alphabet=YAMLISH, max_size=12),
    st.sampled_from(["no", "yes", "10:00", "2026-13-01", "lead", "refunds", "public", "private", "[[lead]]",
                     "javascript:alert(1)", "https://example.com", "leading", "up", "down", "talk", "~", ""]),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(alphabet=YAMLISH, min_size=1, max_size=8))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=5,
)
front_matter_dicts = st.dictionaries(keys, values, max_size=6)
bodies = st.one_of(
    st.just(""),
    st.text(alphabet=YAMLISH, max_size=60),
    st.lists(st.sampled_from(["text ", "[[lead]] ", "[[nothing]] ", "[[refunds]] ", "`[[x]]` ", "\n```\n", "[[", "]]", "\n"]),
             max_size=12).map("".join),
)
targets = st.sampled_from(TARGETS)


@FUZZ
@given(target=targets, text=st.text(alphabet=YAMLISH, max_size=200), body=bodies)
def test_yamlish_front_matter(project, target, text, body):
    check_loads(project, target, write(project, target, f"---\n{text}\n---\n{body}"))


@FUZZ
@given(target=targets, data=front_matter_dicts, body=bodies)
def test_random_fields_dumped_as_yaml(project, target, data, body):
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    check_loads(project, target, write(project, target, f"---\n{dumped}---\n{body}"))


@FUZZ
@given(target=targets, data=st.binary(max_size=300))
@example(target="content/goals/fuzz.md", data=b"\r\r\x80")  # a lone CR ends a line: the bad byte is on line 3
def test_random_bytes(project, target, data):
    check_loads(project, target, write(project, target, data))


@FUZZ_LIGHT
@given(target=targets, text=st.text(max_size=300))
def test_random_text(project, target, text):
    check_loads(project, target, write(project, target, text))


GOAL_FIELDS = {
    "title": st.text(max_size=20), "type": st.sampled_from(["leadership", "personal", "x"]),
    "start": st.dates(), "target_date": st.dates(), "status": st.sampled_from(["active", "paused", "achieved"]),
    "parent": st.sampled_from(["lead", "fuzz", "none"]),
    "framework": st.sampled_from(["evidence-ladder", "pivot-bridge", "mobility-playbook", "nope"]),
    "indicators": st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(["a", "b", "hires"]), "name": st.just("N"), "kind": st.sampled_from(["leading", "lagging"]),
         "target": st.floats(allow_nan=False, allow_infinity=False, width=32)},
        optional={"baseline": st.floats(allow_nan=False, width=32), "direction": st.sampled_from(["up", "down"]),
                  "count": st.fixed_dictionaries({"kind": st.sampled_from(["talk", "project"])})},
    ), max_size=5),
    "milestones": st.lists(st.fixed_dictionaries(
        {"title": st.just("M"), "due": st.dates()},
        optional={"done": st.dates(), "evidence": st.lists(st.sampled_from(["refunds", "fuzz", "x"]), max_size=2)},
    ), max_size=4),
    "gaps": st.lists(st.fixed_dictionaries({"need": st.just("N")}, optional={
        "kind": st.sampled_from(["skill", "language", "credential"]), "plan": st.text(max_size=5)}), max_size=3),
}


@FUZZ_LIGHT
@given(fields=st.fixed_dictionaries({}, optional=GOAL_FIELDS), body=bodies)
def test_nearly_valid_goals_reach_the_audit(project, fields, body):
    """Mostly well-typed goals, so that many examples pass validation and run progress and audit."""
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    target = "content/goals/fuzz.md"
    check_loads(project, target, write(project, target, f"---\n{dumped}---\n{body}"))


@pytest.fixture(scope="module")
def config_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("fuzz-config"))


@FUZZ_LIGHT
@given(text=st.one_of(st.text(alphabet=YAMLISH, max_size=150), front_matter_dicts.map(yaml.safe_dump)))
def test_random_config_is_a_user_error_at_worst(config_project, text):
    data = write(config_project, "goalfolio.yaml", text)
    try:
        check_loads(config_project, "goalfolio.yaml", data)
    except UserError as exc:
        assert exc.diagnostics
        assert all(d.path == "goalfolio.yaml" and d.line >= 1 and d.column >= 1 for d in exc.diagnostics)
