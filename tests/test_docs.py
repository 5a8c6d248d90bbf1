"""The user documentation read literally, against the code: the field tables of
docs/content.md against `goalfolio schema`, the options of every command against the
headings of docs/cli.md and the README's table, and every front matter example of
docs/content.md checked inside the example portfolio."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any, Callable

import yaml
from site_helpers import build_project

from goalfolio.cli import build_parser
from goalfolio.siteconfig import CHECK_OPTIONS

REPO = Path(__file__).resolve().parent.parent
CONTENT_MD = (REPO / "docs" / "content.md").read_text(encoding="utf-8")
CLI_MD = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")
FIELD_HEADER = "| Field | Type | Required | Default | Meaning |"
# Each field table of docs/content.md, by the line it follows, and the schema it describes:
# (type of `goalfolio schema`, the definition inside it, or "" for the type itself).
TABLES = {
    "## goalfolio.yaml": ("config", ""),
    "## profile.md": ("profile", ""),
    "## Goals: `content/goals/*.md`": ("goal", ""),
    "**Indicator** fields:": ("goal", "Indicator"),
    "**Milestone** fields:": ("goal", "Milestone"),
    "**Gap** fields:": ("goal", "Gap"),
    "**Feedback** fields:": ("goal", "FeedbackSource"),
    "## Evidence: `content/evidence/*.md`": ("evidence", ""),
    "## Endorsements: `content/endorsements/*.md`": ("endorsement", ""),
    "## Reviews: `content/reviews/*.md`": ("review", ""),
    "## Cases: `content/cases/*.md`": ("case", ""),
}
# Defaults the tables give in words, as the schema writes them.
WORDED_DEFAULTS = {"empty": "", "none": None}


def cells(row: str) -> list[str]:
    """The cells of a Markdown table row; `\\|` is a bar inside a cell."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def field_tables(text: str) -> dict[str, list[list[str]]]:
    """The rows of each field table, keyed by the heading or label line above it."""
    tables: dict[str, list[list[str]]] = {}
    label = ""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("## ") or re.fullmatch(r"\*\*\w+\*\* fields:", line):
            label = line
        if line == FIELD_HEADER:
            rows = []
            for row in lines[index + 2:]:
                if not row.startswith("|"):
                    break
                rows.append(cells(row))
            tables[label] = rows
    return tables


def schema_of(run_cli: Callable[..., tuple[int, str, str]], kind: str, definition: str) -> dict[str, Any]:
    code, out, _ = run_cli("schema", kind)
    assert code == 0
    schema = json.loads(out)
    return schema["$defs"][definition] if definition else schema


def documented_property(schema: dict[str, Any], name: str) -> tuple[dict[str, Any], bool]:
    """The schema of a documented field (`markdown.allow_html` is a field of `markdown`), and
    whether it is required."""
    *outer, last = name.split(".")
    current = schema
    for part in outer:
        current = schema["$defs"][current["properties"][part]["$ref"].rsplit("/", 1)[1]]
    return current["properties"][last], last in current.get("required", [])


def test_every_field_table_has_the_fields_of_its_schema(run_cli) -> None:
    tables = field_tables(CONTENT_MD)
    assert sorted(tables) == sorted(TABLES)
    for label, (kind, definition) in TABLES.items():
        schema = schema_of(run_cli, kind, definition)
        documented = [re.sub(r"`([^`]+)`", r"\1", row[0]) for row in tables[label]]
        written = [name for name in schema["properties"]]
        if kind == "config":
            written = [f"markdown.{inner}" if name == "markdown" else name for name in written
                       for inner in (schema["$defs"]["MarkdownOptions"]["properties"] if name == "markdown" else [""])]
        assert sorted(documented) == sorted(written), label


def test_every_field_table_says_what_is_required_and_the_defaults(run_cli) -> None:
    """`Required` is `yes` exactly for the fields the schema requires; a default given as a
    value (`95`, `active`, `[]`) or as `empty` or `none` is the schema's."""
    problems = []
    for label, (kind, definition) in TABLES.items():
        schema = schema_of(run_cli, kind, definition)
        for name, _, required, default, _ in field_tables(CONTENT_MD)[label]:
            prop, is_required = documented_property(schema, name.strip("`"))
            if (required == "yes") != is_required:
                problems.append(f"{label} {name}: Required `{required}`")
            if re.fullmatch(r"`[^`]*`", default):
                expected = yaml.safe_load(default.strip("`"))
            elif default in WORDED_DEFAULTS:
                expected = WORDED_DEFAULTS[default]
            else:
                continue
            if prop.get("default", "(none)") != expected:
                problems.append(f"{label} {name}: Default {default}, schema {prop.get('default', '(none)')!r}")
    assert problems == []


def test_the_requirement_table_gives_each_check_the_options_it_reads() -> None:
    section = CONTENT_MD.split("| `check` | Options | Met when |", 1)[1].split("\n\n", 1)[0]
    documented = {}
    for row in section.splitlines()[2:]:
        check, options, _ = cells(row)
        documented[check.strip("`")] = tuple(re.findall(r"`([a-z_]+)", re.sub(r"\([^)]*\)", "", options)))
    assert documented == CHECK_OPTIONS


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def own_options(command: argparse.ArgumentParser) -> list[str]:
    """The options a command's line in the docs must show: all but `--help`, and the
    `--config` and `--format` that docs/cli.md describes once for every command."""
    shared = {"-h", "--help", "--config", "--format"}
    return [option for action in command._actions for option in action.option_strings[-1:]
            if option not in shared]


def options_not_shown(shown: dict[str, str]) -> dict[str, list[str]]:
    """Per command, the options its usage line in the docs (`shown`, by command) leaves out;
    every command must have one."""
    commands = subcommands()
    assert sorted(shown) == sorted(commands)
    missing = {name: [o for o in own_options(command) if not re.search(rf"{o}\b", shown[name])] for name, command in commands.items()}
    return {name: options for name, options in missing.items() if options}


def test_each_command_heading_of_cli_md_shows_every_option() -> None:
    headings = {match[1]: match[0] for match in re.findall(r"^## `(goalfolio (\w+)[^`]*)`$", CLI_MD, re.M)}
    assert options_not_shown(headings) == {}


def test_the_readmes_command_table_shows_every_command_and_option() -> None:
    table = README.split("| command | what it does |", 1)[1].split("\n\n", 1)[0]
    rows = {match[1]: match[0] for match in re.findall(r"^\| `(goalfolio (\w+)(?:\\\||[^|])*?)` \|", table, re.M)}
    assert options_not_shown(rows) == {}


def test_every_front_matter_example_checks_clean_in_the_example_portfolio(tmp_path: Path, run_cli) -> None:
    """Each example of docs/content.md replaces the example portfolio's file of its id, and
    the config example (with the frameworks example) its goalfolio.yaml: a newcomer who
    copies one gets no error."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    blocks = re.findall(r"```(markdown|yaml)\n(.*?)```", CONTENT_MD, re.S)
    yaml_blocks = [text for lang, text in blocks if lang == "yaml"]
    assert [text.split("\n", 1)[0] for text in yaml_blocks] == ['title: "Nadia Okafor: goal portfolio"', "frameworks:"]
    (project / "goalfolio.yaml").write_text("".join(yaml_blocks), encoding="utf-8")
    targets = {
        "title: One-click refunds\n": "evidence/one-click-refunds-short.md",
        "name: Nadia Okafor\n": "profile.md",
        "title: Pass the Dutch A2": "goals/dutch-a2-exam.md",
        "title: One-click refunds across": "evidence/one-click-refunds.md",
        "author: Daniel Osei\n": "endorsements/daniel-osei.md",
        "date: 2026-03-27\n": "reviews/review-2026-q1.md",
        'title: "Promotion case:': "cases/senior-pm-promotion.md",
    }
    examples = [text for lang, text in blocks if lang == "markdown"]
    for text in examples:
        target = next(path for start, path in targets.items() if text.startswith("---\n" + start))
        (project / "content" / target).write_text(text, encoding="utf-8")
    assert len(examples) == len(targets)
    code, out, _ = run_cli("check", project, "--format", "json")
    assert [p for p in json.loads(out)["problems"] if p["severity"] == "error"] == []
    assert code == 0


def test_the_output_table_of_site_md_names_everything_a_build_writes(tmp_path: Path) -> None:
    """Each top-level file and folder of the example's build is a row of the table, and each
    row is written (the sitemap only with a base_url, which the example has)."""
    table = (REPO / "docs" / "site.md").read_text(encoding="utf-8").split("| Output | What it is |", 1)[1]
    documented = set()
    for row in table.split("\n\n", 1)[0].splitlines()[2:]:
        documented |= {name.split("/", 1)[0] + ("/" if "/" in name else "")
                       for name in re.findall(r"`([^`]+)`", cells(row)[0])}
    out = build_project(REPO, tmp_path / "site")
    written = {path.name + ("/" if path.is_dir() else "") for path in out.iterdir()}
    assert documented == written


def test_the_theme_examples_of_site_md_do_what_it_says(tmp_path: Path) -> None:
    """The two templates site.md gives, copied as they are into the example portfolio's
    theme: the goal page's adds a line to every goal page, the base page's links
    `themes/default/static/extra.css` from every page, which the site then holds."""
    examples = re.findall(r"```\n(\{% extends \"default/(\w+)\.html\" %\}\n.*?)```",
                          (REPO / "docs" / "site.md").read_text(encoding="utf-8"), re.S)
    assert [name for _, name in examples] == ["goal", "base"]
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "goalfolio.yaml", project / "goalfolio.yaml")
    templates = project / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    for text, name in examples:
        (templates / f"{name}.html").write_text(text, encoding="utf-8")
    (project / "themes" / "default" / "static").mkdir()
    (project / "themes" / "default" / "static" / "extra.css").write_text("main { max-width: 60rem; }\n", encoding="utf-8")
    out = build_project(project, tmp_path / "site")
    goal_pages = sorted((out / "goals").glob("*/index.html"))
    assert goal_pages
    for page in goal_pages:
        assert "<p>Last updated 20 Nov 2026</p>" in page.read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../../static/extra.css">' in goal_pages[0].read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="static/extra.css">' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "static" / "extra.css").read_bytes() == b"main { max-width: 60rem; }\n"
