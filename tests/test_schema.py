"""`goalfolio schema` read as an editor reads it: every file goalfolio writes or ships is
valid under its type's schema, by a real JSON Schema 2020-12 validator, and what the loader
refuses the schema refuses too where JSON Schema can say it.

An editor's YAML extension (yaml-language-server) reads YAML 1.2, where a date or `yes` is
text, `1e3` a number and `1_000` text; PyYAML reads YAML 1.1. The files are read here as
YAML 1.2 reads them, so a schema that would mark a valid file red fails these tests."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from jsonschema import Draft202012Validator, FormatChecker

from goalfolio.cli import main
from goalfolio.frontmatter import split_front_matter
from goalfolio.siteconfig import LANGUAGE_TAG_RE

KINDS = {"goals": "goal", "evidence": "evidence", "endorsements": "endorsement", "reviews": "review", "cases": "case"}


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reading plain scalars by YAML 1.2's core schema, as yaml-language-server does:
    no timestamps, booleans only `true` and `false`, no `_` in numbers, `1e3` a float."""

    yaml_implicit_resolvers: dict[Any, Any] = {}


for _tag, _pattern, _first in [
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
     "-+0123456789."),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first))
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", lambda _, node: int(node.value, 0))
Yaml12Loader.add_constructor(
    "tag:yaml.org,2002:float", lambda _, node: float(re.sub(r"\.(inf|nan)", r"\1", node.value.lower())))


def yaml12(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a SafeLoader


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict[str, Any]]:
    """What `goalfolio schema` prints, each type's schema by its name."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["schema"]) == 0
    return json.loads(out.getvalue())


def kind_of(project: Path, path: Path) -> str:
    relative = path.relative_to(project).as_posix()
    if relative.endswith("goalfolio.yaml"):
        return "config"
    return "profile" if relative == "content/profile.md" else KINDS[relative.split("/")[1]]


def schema_errors(schemas: dict[str, dict[str, Any]], kind: str, data: Any) -> list[str]:
    validator = Draft202012Validator(schemas[kind], format_checker=FormatChecker())
    return [f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
            for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]


def project_errors(schemas: dict[str, dict[str, Any]], project: Path) -> tuple[list[str], int]:
    """Each schema error of the project's files, as `path: field: message`, and how many files were read."""
    files = [project / "goalfolio.yaml", *sorted((project / "content").rglob("*.md"))]
    errors = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        front = text if path.suffix == ".yaml" else split_front_matter(text, str(path))[0]
        kind = kind_of(project, path)
        errors += [f"{path.relative_to(project).as_posix()}: {error}" for error in schema_errors(schemas, kind, yaml12(front))]
    return errors, len(files)


def test_every_schema_is_a_valid_2020_12_schema(schemas):
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)


def test_the_example_portfolio_is_valid_under_the_schemas(schemas):
    assert project_errors(schemas, REPO) == ([], 41)


def test_the_starter_and_every_new_file_are_valid_under_the_schemas(schemas, tmp_path, run_cli):
    project = tmp_path / "p"
    assert run_cli("init", project)[0] == 0
    for args in [("new", "goal", "Lead a team of six"), ("new", "goal", "Ship the SDK", "--goal", "lead-a-team-of-six"),
                 ("new", "evidence", "Launched search", "--goal", "next-level"), ("new", "endorsement", "Ann Lee"),
                 ("new", "review"), ("new", "case", "Promotion", "--goal", "next-level"),
                 ("log", "Cut churn from 8% to 5%, activation +12%", "--goal", "next-level"),
                 ("log", "Gave a talk at a meetup", "--kind", "talk", "--date", "2026-01-02")]:
        code, out, err = run_cli(*args, project)
        assert (code, err) == (0, ""), out
    assert project_errors(schemas, project) == ([], 17)


def test_every_example_of_the_docs_is_valid_under_the_schemas(schemas):
    """docs/content.md's examples, which a newcomer copies: each front matter by its first
    field, and goalfolio.yaml's two (the settings, then the frameworks) as one file."""
    blocks = re.findall(r"```(markdown|yaml)\n(.*?)```", (REPO / "docs" / "content.md").read_text(encoding="utf-8"), re.S)
    kinds = {"title: One-click": "evidence", "name:": "profile", "title: Pass": "goal", "author:": "endorsement",
             "date:": "review", "title: \"Promotion case": "case"}
    examples = [("config", "".join(text for lang, text in blocks if lang == "yaml"))]
    for text in (text for lang, text in blocks if lang == "markdown"):
        front = split_front_matter(text, "example")[0]
        examples.append((next(kind for start, kind in kinds.items() if front.startswith(start)), front))
    assert [kind for kind, _ in examples] == ["config", "evidence", "profile", "goal", "evidence", "endorsement", "review", "case"]
    assert [schema_errors(schemas, kind, yaml12(front)) for kind, front in examples] == [[]] * 8


@pytest.mark.parametrize(("kind", "front", "errors"), [
    ("evidence", "title: E\ndate: 2026-02-01\nkind: result\ntitel: x\n",
     [": Additional properties are not allowed ('titel' was unexpected)"]),
    ("evidence", "title: E\ndate: 2026-02-01\nkind: results\n",
     ["kind: 'results' is not one of ['project', 'result', 'certification', 'course', 'talk', 'publication', "
      "'interview', 'referral', 'assignment', 'other']"]),
    ("evidence", "title: E\ndate: 2026-02-01\n", [": 'kind' is a required property"]),
    ("evidence", "title: E\ndate: 2026-2-1\nkind: result\ngoals: g\n",
     ["date: '2026-2-1' is not a 'date'", "goals: 'g' is not of type 'array'"]),
    ("goal", "title: T\ntype: personal\nstart: 2026-01-01\ntarget_date: 2026-06-01\n"
             "indicators: [{id: a, name: A, kind: leading, target: '12'}]\n",
     ["indicators.0.target: '12' is not of type 'number'"]),
    ("profile", "name: N\nvisibility: public\n", [": Additional properties are not allowed ('visibility' was unexpected)"]),
    ("config", "title: T\nstale_after_days: 0\n", ["stale_after_days: 0 is less than the minimum of 1"]),
    ("evidence", "title: E\ndate: 2026-02-01\nkind: result\nvisibility: []\n",
     ["visibility: [] is not valid under any of the given schemas"]),
    ("evidence", "title: E\ndate: 2026-02-01\nkind: result\nvisibility: ['']\n",
     ["visibility: [''] is not valid under any of the given schemas"]),
    ("config", "title: T\nlanguage: English\ntheme: ../x\nbase_url: example.org\naudiences: [manager, public]\n",
     ["audiences.1: 'public' should not be valid under {'enum': ['public', 'private']}",
      "base_url: 'example.org' does not match '^(?:https?://[^\\\\s\"<>`?#]*)?$'",
      f"language: 'English' does not match '^(?:{LANGUAGE_TAG_RE.pattern})$'",
      "theme: '../x' does not match '^[^./\\\\\\\\:][^/\\\\\\\\:]*$'"]),
    ("config", "title: T\nbase_url: https://x.org/a b/?q\n",
     ["base_url: 'https://x.org/a b/?q' does not match '^(?:https?://[^\\\\s\"<>`?#]*)?$'"]),
    ("config", "title: T\nframeworks:\n  f:\n    title: F\n    steps:\n"
               "      - {id: s, title: S, requires: [{check: profile, field: photos}, {check: evidence, kind: [certificate]}]}\n",
     ["frameworks.f.steps.0.requires.0.field: 'photos' is not one of ['name', 'headline', 'role', 'organisation', "
      "'location', 'target_locations', 'languages', 'links', 'email', 'photo']",
      "frameworks.f.steps.0.requires.1.kind.0: 'certificate' is not one of ['project', 'result', 'certification', "
      "'course', 'talk', 'publication', 'interview', 'referral', 'assignment', 'other', 'skill', 'credential', "
      "'experience', 'network', 'language', 'visa']"]),
    ("goal", "title: T\ntype: personal\nstart: 2026-01-01\ntarget_date: 2026-06-01\n"
             "feedback: [My manager, {who: Tom, hw: retro}, {who: Ana, how: ''}, {who: Bo, how: x, next: soon}]\n",
     ["feedback.1: {'who': 'Tom', 'hw': 'retro'} is not valid under any of the given schemas",
      "feedback.2: {'who': 'Ana', 'how': ''} is not valid under any of the given schemas",
      "feedback.3: {'who': 'Bo', 'how': 'x', 'next': 'soon'} is not valid under any of the given schemas"]),
])
def test_what_the_loader_refuses_the_schema_refuses(schemas, kind, front, errors):
    assert schema_errors(schemas, kind, yaml12(front)) == errors


def test_a_boolean_as_yaml_1_1_writes_it_is_valid(schemas):
    """PyYAML, and so goalfolio, reads `yes`, `no`, `on` and `off` as booleans; YAML 1.2
    reads them as text, which the schema allows for a boolean field."""
    config = "title: T\nmarkdown: {{allow_html: {}}}\nframeworks:\n  f:\n    title: F\n    steps:\n" \
             "      - {{id: s, title: S, requires: [{{check: evidence, with_metrics: {}}}]}}\n"
    assert [schema_errors(schemas, "config", yaml12(config.format(v, v))) for v in ("true", "yes", "No", "ON", "off")] \
        == [[], [], [], [], []]
    assert schema_errors(schemas, "config", yaml12(config.format("1", "y"))) == [
        "frameworks.f.steps.0.requires.0.with_metrics: 'y' is not valid under any of the given schemas",
        "markdown.allow_html: 1 is not valid under any of the given schemas",
    ]


def test_valid_settings_are_valid_under_the_schema(schemas):
    config = ("title: T\nlanguage: zh-Hant-TW\ntheme: my.theme\nbase_url: https://x.org/lea\u0301/\naudiences: [manager]\n"
              "frameworks:\n  f:\n    title: F\n    steps:\n      - {id: s, title: S, requires: "
              "[{check: profile, field: photo}, {check: gaps, kind: [visa]}, {check: evidence, kind: [talk]}]}\n")
    assert schema_errors(schemas, "config", yaml12(config)) == []
    assert schema_errors(schemas, "config", yaml12("title: T\nlanguage: x-klingon\nbase_url: ''\n")) == []


def properties(schemas: dict[str, dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every schema, at the top and in `$defs`, named `type.Def.name`."""
    for kind, schema in schemas.items():
        for where, definition in [("", schema), *((f"{n}.", d) for n, d in schema.get("$defs", {}).items())]:
            for name, field in definition.get("properties", {}).items():
                yield f"{kind}.{where}{name}", field


def test_every_field_a_user_writes_has_a_title(schemas):
    """An editor shows a field's title on hover; pydantic leaves it out beside a `$ref`."""
    assert [name for name, field in properties(schemas) if "title" not in field] == []


def test_every_field_has_a_description(schemas):
    """An editor shows a field's description on hover and in completion: every property of
    every schema says what it means."""
    undescribed = sorted({name for name, field in properties(schemas) if not str(field.get("description", "")).strip()})
    assert not undescribed, f"{len(undescribed)} properties without a description: {', '.join(undescribed)}"


def _defaults(node: Any, where: str, definitions: dict[str, Any]) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """Each `default` in a schema, where it is, and the subschema it is the default of."""
    if isinstance(node, dict):
        if "default" in node:
            yield where, node["default"], {**{k: v for k, v in node.items() if k != "default"}, "$defs": definitions}
        for key, value in node.items():
            if key != "default":
                yield from _defaults(value, f"{where}/{key}", definitions)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _defaults(value, f"{where}/{index}", definitions)


def test_every_default_is_valid_under_the_schema_it_is_the_default_of(schemas):
    """An editor offers a default as a value: `field`'s was "", outside its enum of the
    profile's fields."""
    invalid = [f"{kind}{where}: {default!r}: {error.message}"
               for kind, schema in schemas.items()
               for where, default, subschema in _defaults(schema, "", schema.get("$defs", {}))
               for error in Draft202012Validator(subschema).iter_errors(default)]
    assert invalid == []
