"""Several people's portfolios in one git repository (`people/alice/`, `people/bob/`).

The promises of docs/publishing.md's "Several portfolios in one repository": `init` in a
folder of a larger repository writes no workflow that GitHub would never run; a command
run without a project folder, anywhere inside a portfolio, works on that portfolio; and
the documented workflow is a valid one whose shell steps, run here on two portfolios,
produce one Pages artifact with each site under its own path.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_workflows import ACTION_MAJORS, WORKFLOWS, actionlint, load, step_using, steps  # noqa: F401 - actionlint is a fixture

from goalfolio import __version__
from goalfolio.cli import build_parser
from goalfolio.starter import init_portfolio

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://example.github.io/team"
TODAY = datetime.date(2026, 11, 27)


def goalfolio(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "goalfolio", *map(str, args)], check=False, cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def team_repository(root: Path) -> Path:
    """A git repository (its `.git` is enough here) with two portfolios in `people/`."""
    (root / ".git").mkdir(parents=True)
    for name in ("alice", "bob"):
        project = root / "people" / name
        init_portfolio(project, today=TODAY)
        config = project / "goalfolio.yaml"
        config.write_text(config.read_text(encoding="utf-8").replace("title: My goal portfolio", f"title: {name.title()}'s goals")
                          .replace("# today: 2026-11-27", "today: 2026-11-27"), encoding="utf-8")
    return root


# init ---------------------------------------------------------------------------------


def test_init_in_a_folder_of_a_larger_repository_leaves_the_workflow_out(tmp_path: Path) -> None:
    """GitHub runs workflows only from the top of a repository: each person's
    `people/NAME/.github/workflows/pages.yml` was written and never ran."""
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    result = goalfolio("init", "people/alice", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-3:] == [
        f"left out  .github/workflows/pages.yml (GitHub runs only the workflows at the top of the repository, {repo})",
        "",
        "Next: cd people/alice && goalfolio check. To publish several portfolios from one repository, use one workflow "
        "at its top: see \"Several portfolios in one repository\" in goalfolio's docs/publishing.md. If people/alice is "
        "to be a repository of its own, run `git init` in it; then `goalfolio init --force people/alice` adds the workflow.",
    ]
    assert goalfolio("init", "people/bob", cwd=repo).returncode == 0
    workflows = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.yml"))
    assert workflows == []
    assert (repo / "people/alice/goalfolio.yaml").is_file() and (repo / "people/bob/goalfolio.yaml").is_file()


def readme_parts(readme: str) -> tuple[str, str]:
    """The paragraph of "Set up" on installing from git, and the README from "Publish" on."""
    setup = readme[readme.index("goalfolio is not on PyPI yet."):readme.index("## Capture a win")]
    return setup, readme[readme.index("## Publish"):]


def test_the_readme_of_a_folder_in_a_larger_repository_says_how_it_is_published(tmp_path: Path) -> None:
    """It told the person to edit and push this folder's own `.github/workflows/pages.yml`,
    which `init` leaves out there."""
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    init_portfolio(repo / "people/alice", today=TODAY)
    readme = (repo / "people/alice/README.md").read_text(encoding="utf-8")
    assert readme_parts(readme) == (
        "goalfolio is not on PyPI yet. Until it is, install it from a goalfolio repository\n"
        'instead, e.g. `python -m pip install "goalfolio @ git+https://github.com/OWNER/goalfolio@main"`,\n'
        "and change the **Install goalfolio** line of the workflow at the top of the\n"
        "repository the same way before you publish.\n\n",
        "## Publish on GitHub Pages\n\n"
        "This folder is one portfolio in a larger git repository. GitHub runs only the\n"
        "workflows at the top of a repository, so the folder has none of its own: one\n"
        "workflow at the top checks every portfolio in the repository, builds their\n"
        "public sites and publishes them as one GitHub Pages site, each under a path of\n"
        "its own. \"Several portfolios in one repository\" in goalfolio's\n"
        "[docs/publishing.md](https://github.com/goalfolio/goalfolio/blob/main/docs/publishing.md#several-portfolios-in-one-repository)\n"
        "has that workflow and how to set it up.\n\n"
        "The site is public even when the repository is private. Only items with\n"
        "`visibility: public` (the default) are published: items marked `private` or\n"
        "for an audience, such as `visibility: [manager]`, stay out of it.\n\n"
        "If this folder is to become a repository of its own, run `git init` in it;\n"
        "then `goalfolio init --force` adds a workflow that publishes it alone.\n\n"
        "## Upgrade goalfolio\n\n"
        f"goalfolio {__version__} created this portfolio. The workflow at the top of the\n"
        "repository installs one version for every portfolio in it: to upgrade, change\n"
        "the version there and in your own install, then run `goalfolio check` on each\n"
        "portfolio before you push.\n")
    assert ".github" not in readme


def test_the_readme_of_a_repository_of_its_own_names_its_workflow(tmp_path: Path) -> None:
    init_portfolio(tmp_path / "alice", today=TODAY)
    setup, publishing = readme_parts((tmp_path / "alice/README.md").read_text(encoding="utf-8"))
    assert setup.endswith("and change the **Install goalfolio** line of `.github/workflows/pages.yml` the\n"
                          "same way before you publish.\n\n")
    assert publishing.startswith("## Publish on GitHub Pages\n\n"
                                 "1. Make the **Install goalfolio** line of `.github/workflows/pages.yml` install\n")
    assert publishing.endswith(f"The workflow installs goalfolio {__version__}, the version that created this\n"
                               "portfolio. To upgrade, change the version in `.github/workflows/pages.yml` and\n"
                               "in your own install, then run `goalfolio check` before you push.\n")


def test_init_force_adds_the_workflow_once_the_folder_is_a_repository(tmp_path: Path) -> None:
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    assert goalfolio("init", "people/alice", cwd=repo).returncode == 0
    (repo / "people/alice/.git").mkdir()
    result = goalfolio("init", "--force", cwd=repo / "people/alice")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith("created")] == ["created  .github/workflows/pages.yml"]
    assert result.stdout.endswith(
        "note     README.md is the starter README for a folder of a larger repository: it points to the workflow at that "
        "repository's top. Delete it and run this command again for one that explains this folder's own workflow.\n"
        "\nNext: goalfolio check, then read README.md to publish it on GitHub Pages.\n")
    (repo / "people/alice/README.md").unlink()
    again = goalfolio("init", "--force", cwd=repo / "people/alice")
    assert [line for line in again.stdout.splitlines() if line.startswith(("created", "note"))] == ["created  README.md"]
    assert "1. Make the **Install goalfolio** line of `.github/workflows/pages.yml` install\n" in (
        repo / "people/alice/README.md").read_text(encoding="utf-8")


def test_init_force_says_nothing_of_a_readme_its_owner_has_edited(tmp_path: Path) -> None:
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    assert goalfolio("init", "people/alice", cwd=repo).returncode == 0
    readme = repo / "people/alice/README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nAlice's notes.\n", encoding="utf-8")
    (repo / "people/alice/.git").mkdir()
    result = goalfolio("init", "--force", cwd=repo / "people/alice")
    assert "skipped  README.md (already exists, left as it is)" in result.stdout.splitlines()
    assert "note" not in result.stdout


@pytest.mark.parametrize("kept", ["not UTF-8", "a folder"])
def test_init_force_says_nothing_of_a_readme_it_cannot_read(tmp_path: Path, kept: str) -> None:
    """Only the unchanged starter README of a folder of a larger repository is noted."""
    readme = tmp_path / "alice" / "README.md"
    if kept == "a folder":
        readme.mkdir(parents=True)
    else:
        readme.parent.mkdir()
        readme.write_bytes(b"Caf\xe9 notes\n")
    result = init_portfolio(tmp_path / "alice", force=True, today=datetime.date(2026, 3, 1))
    assert (result.repository, "README.md" in result.skipped, result.team_readme) == (None, True, False)


def test_init_in_the_current_folder_of_a_larger_repository(tmp_path: Path) -> None:
    folder = tmp_path / "team" / "people" / "carol"
    folder.mkdir(parents=True)
    (tmp_path / "team" / ".git").write_text("gitdir: /elsewhere/.git/worktrees/team\n")  # a worktree's .git is a file
    result = goalfolio("init", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "Next: goalfolio check. To publish several portfolios from one repository, use one workflow at its top: see "
        "\"Several portfolios in one repository\" in goalfolio's docs/publishing.md. If this folder is to be a repository "
        "of its own, run `git init` in it; then `goalfolio init --force` adds the workflow.")
    assert not (folder / ".github").exists()


# Finding the project --------------------------------------------------------------------


def test_a_command_inside_a_portfolio_works_on_that_portfolio(tmp_path: Path) -> None:
    """Run in `people/alice/content/goals/`, `check` reported a missing content/ folder and
    goalfolio.yaml, and `log` refused to write: the current folder was taken as the project."""
    repo = team_repository(tmp_path / "team")
    inside = repo / "people/alice/content/goals"
    checked = goalfolio("check", cwd=inside)
    assert (checked.returncode, checked.stdout.splitlines()[0]) == (
        0, "content/goals/next-level.md:7:1: warning: audit 5/6: how does the goal account for life and mobility "
           "preferences? (life and mobility not considered)")
    logged = goalfolio("log", "Gave the team talk", cwd=repo / "people/alice/content/evidence")
    assert (logged.returncode, logged.stdout, logged.stderr) == (
        0, "gave-the-team-talk.md\n  dated 2026-11-27, the `today:` set in goalfolio.yaml\n  no metric found in the text; the file has a commented template to add one\n", "")
    assert (repo / "people/alice/content/evidence/gave-the-team-talk.md").is_file()
    assert not (repo / "people/bob/content/evidence/gave-the-team-talk.md").exists()
    cleaned = goalfolio("clean", cwd=inside)
    root = repo / "people/alice"
    assert cleaned.stdout == f"nothing to remove: no {root}/.goalfolio-cache and no {root}/site\n"


def test_the_search_for_a_portfolio_stops_at_the_top_of_the_repository(tmp_path: Path) -> None:
    """A goalfolio.yaml above the repository is another repository's business."""
    (tmp_path / "goalfolio.yaml").write_text("title: Someone else\n")
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    (repo / "people").mkdir()
    result = goalfolio("check", cwd=repo / "people")
    assert (result.returncode, result.stdout) == (1, (
        "content:1:1: error: the content/ folder is missing\n"
        "    hint: create content/ with a profile.md, or run `goalfolio init`\n\n"
        "goalfolio.yaml:1:1: error: no goalfolio.yaml found\n"
        "    hint: create goalfolio.yaml with at least `title: My portfolio`, or run `goalfolio init`\n\n"
        "2 errors, 0 warnings in 2 files\n"))


def test_a_command_at_the_top_of_the_repository_names_the_portfolios_below(tmp_path: Path) -> None:
    """At the top, where no goalfolio.yaml is, the hint said to create one or run `init`,
    and a missing content/ was reported too: it now says where the portfolios are."""
    repo = team_repository(tmp_path / "team")
    checked = goalfolio("check", cwd=repo)
    assert (checked.returncode, checked.stdout, checked.stderr) == (1, (
        "goalfolio.yaml:1:1: error: no goalfolio.yaml found\n"
        "    hint: portfolios below: people/alice and people/bob; run `goalfolio check people/alice`\n\n"
        "1 error, 0 warnings in 1 file\n"), "")
    built = goalfolio("build", cwd=repo)
    assert (built.returncode, built.stdout, built.stderr) == (1, "", (
        "goalfolio.yaml:1:1: error: no goalfolio.yaml found\n"
        "    hint: portfolios below: people/alice and people/bob; run `goalfolio build people/alice`\n"
        "1 error, 0 warnings in 1 file\n"))
    logged = goalfolio("log", "Gave the team's talk", cwd=repo)
    assert (logged.returncode, logged.stderr) == (1, (
        "goalfolio.yaml:1:1: error: no goalfolio.yaml here, so this is not a goalfolio portfolio\n"
        "    hint: portfolios below: people/alice and people/bob; "
        "run `goalfolio log 'Gave the team'\"'\"'s talk' people/alice`\n"
        "1 error, 0 warnings in 1 file\n"))
    made = goalfolio("new", "goal", "Lead the platform team", cwd=repo / "people")
    assert (made.returncode, made.stderr.splitlines()[1]) == (
        1, "    hint: portfolios below: alice and bob; run `goalfolio new goal 'Lead the platform team' alice`")
    reviewed = goalfolio("new", "review", cwd=repo / "people")
    assert (reviewed.returncode, reviewed.stderr.splitlines()[1]) == (
        1, "    hint: portfolios below: alice and bob; run `goalfolio new review alice`")
    given = goalfolio("check", "people", "--format", "json", cwd=repo)
    assert json.loads(given.stdout)["problems"][0]["hint"] == (
        "portfolios below: people/alice and people/bob; run `goalfolio check people/alice`")
    assert not (repo / "content").exists() and not (repo / "goalfolio.yaml").exists()


def test_clean_at_the_top_of_the_repository_names_the_portfolios_below(tmp_path: Path) -> None:
    """It said only that there was nothing to remove, where every other command's hint names
    the portfolios below and the command run on the first."""
    repo = team_repository(tmp_path / "team").resolve()
    cleaned = goalfolio("clean", cwd=repo)
    assert (cleaned.returncode, cleaned.stdout, cleaned.stderr) == (0, (
        f"nothing to remove: no {repo / '.goalfolio-cache'} and no {repo / 'site'}\n"
        "    hint: portfolios below: people/alice and people/bob; run `goalfolio clean people/alice`\n"), "")
    (repo / "people/bob/site").mkdir()
    given = goalfolio("clean", "people", cwd=repo)
    assert (given.returncode, given.stdout) == (0, (
        f"nothing to remove: no {repo / 'people/.goalfolio-cache'} and no {repo / 'people/site'}\n"
        "    hint: portfolios below: people/alice and people/bob; run `goalfolio clean people/alice`\n"))
    inside = goalfolio("clean", cwd=repo / "people/bob")
    assert (inside.returncode, inside.stdout) == (
        0, f"kept {repo / 'people/bob/site'}: it has no .goalfolio-site file, so goalfolio did not make it\n")


def test_a_command_given_a_folder_inside_a_portfolio_names_the_portfolio(tmp_path: Path) -> None:
    """`goalfolio check content` in a portfolio reported a content/ folder missing inside
    content/ and told the person to create goalfolio.yaml or run `init` there."""
    repo = team_repository(tmp_path / "team").resolve()
    alice = repo / "people/alice"
    checked = goalfolio("check", "content", cwd=alice)
    assert (checked.returncode, checked.stdout, checked.stderr) == (1, (
        "goalfolio.yaml:1:1: error: no goalfolio.yaml found\n"
        "    hint: this folder is in the portfolio in the current folder; run `goalfolio check`\n\n"
        "1 error, 0 warnings in 1 file\n"), "")
    built = goalfolio("build", "alice/content/goals", cwd=repo / "people")
    assert (built.returncode, built.stderr.splitlines()[1]) == (
        1, "    hint: this folder is in the portfolio alice; run `goalfolio build alice`")
    made = goalfolio("new", "goal", "Lead the platform team", "content/goals", cwd=alice)
    assert (made.returncode, made.stderr.splitlines()[1]) == (
        1, "    hint: this folder is in the portfolio in the current folder; run `goalfolio new goal 'Lead the platform team'`")
    cleaned = goalfolio("clean", "people/alice/content", cwd=repo)
    assert (cleaned.returncode, cleaned.stdout.splitlines()[1]) == (
        0, "    hint: this folder is in the portfolio people/alice; run `goalfolio clean people/alice`")
    assert sorted(path.name for path in (alice / "content").iterdir()) == [
        "assets", "cases", "endorsements", "evidence", "goals", "profile.md", "reviews"]


def test_the_portfolios_named_are_those_a_person_keeps(tmp_path: Path) -> None:
    """Five at most, sorted, then a count; none found in hidden folders, node_modules, a
    built site, a portfolio's own folders, or more than four levels down."""
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    for folder in ("people/frank", "people/erin", "people/dan", "people/carol", "people/bob", "people/alice",
                   "teams/a/b/c", "people/alice/content/old", ".trash/zoe", "node_modules/pkg", "public/yves/old", "w/x/y/z/deep"):
        (repo / folder).mkdir(parents=True)
        (repo / folder / "goalfolio.yaml").write_text("title: T\n")
    (repo / "public/yves/.goalfolio-site").write_text("")  # a site built by goalfolio
    result = goalfolio("check", cwd=repo)
    assert result.stdout.splitlines()[1] == (
        "    hint: portfolios below: people/alice, people/bob, people/carol, people/dan, people/erin and 2 more; "
        "run `goalfolio check people/alice`")


def test_with_no_portfolio_below_the_hint_is_to_make_one(tmp_path: Path) -> None:
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs/site/copy").mkdir(parents=True)
    (repo / "docs/site/.goalfolio-site").write_text("")
    (repo / "docs/site/copy/goalfolio.yaml").write_text("title: T\n")
    result = goalfolio("check", cwd=repo)
    assert result.stdout.splitlines()[4] == (
        "    hint: create goalfolio.yaml with at least `title: My portfolio`, or run `goalfolio init`")


def test_a_project_folder_given_is_used_as_it_is(tmp_path: Path) -> None:
    repo = team_repository(tmp_path / "team")
    result = goalfolio("check", "content", cwd=repo / "people/alice")
    assert result.returncode == 1
    assert "goalfolio.yaml:1:1: error: no goalfolio.yaml found" in result.stdout


# The documented workflow ------------------------------------------------------------------


def documented_workflow() -> dict[str, Any]:
    text = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    section = text[text.index("## Several portfolios in one repository"):]
    section = section[:section.index("\n## ")]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    data = yaml.safe_load(blocks[0])
    assert isinstance(data, dict)
    data["on"] = data.pop(True)
    data["text"] = blocks[0]
    return data


def test_the_documented_workflow_passes_actionlint(actionlint: list[str], tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "pages.yml").write_text(documented_workflow()["text"])
    result = subprocess.run([*actionlint, "pages.yml"], check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_documented_workflow_publishes_as_the_shipped_one_does() -> None:
    """Same triggers, least privilege, queueing and deploy job as `pages.yml`; the same
    actions at the same majors; the checkout leaves no token; `public/` is uploaded."""
    documented, shipped = documented_workflow(), load(WORKFLOWS / "pages.yml")
    for key in ("on", "permissions", "concurrency"):
        assert documented[key] == shipped[key], key
    assert documented["jobs"]["deploy"] == shipped["jobs"]["deploy"]
    build = documented["jobs"]["build"]
    assert build["permissions"] == shipped["jobs"]["build"]["permissions"]
    assert {s["uses"] for s in steps(documented) if "uses" in s} == {f"{a}@{v}" for a, v in ACTION_MAJORS.items()}
    assert step_using(build, "actions/checkout")["with"] == {"persist-credentials": False}
    assert step_using(build, "actions/upload-pages-artifact")["with"] == {"path": "public"}
    names = [s.get("name", s.get("uses", "").split("@")[0]) for s in build["steps"]]
    assert names == ["actions/checkout", "actions/setup-python", "Install goalfolio", "Check the content", "Configure Pages",
                     "Build the public sites", "Write the index page", "actions/upload-pages-artifact"]
    assert build["steps"][names.index("Build the public sites")]["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}


def test_the_documented_workflow_runs_real_goalfolio_commands() -> None:
    """Every goalfolio command line in it parses with goalfolio's own parser, and the
    build is the public one (no --audience, no --all)."""
    lines = [line.strip() for s in steps(documented_workflow()) for line in s.get("run", "").splitlines()]
    commands = [shlex.split(line.split(" || ")[0]) for line in lines if line.startswith("goalfolio ")]
    assert [c[:2] for c in commands] == [["goalfolio", "check"], ["goalfolio", "build"]]
    values = {"$project": "people/alice/", "$BASE_URL": BASE_URL, "$name": "alice"}
    parser = build_parser()
    parsed = []
    for command in commands:
        argv = [re.sub(r"\$[A-Za-z_]+", lambda m: values[m.group()], word) for word in command[1:]]
        parsed.append(parser.parse_args(argv))
        assert parsed[-1].command_parser.prog == f"goalfolio {command[1]}"
    build = parsed[1]
    assert (build.project, build.base_url, build.out, build.audience, build.all) == (
        "people/alice/", f"{BASE_URL}/alice/", "public/alice", None, False)


def run_steps(repo: Path, tmp_path: Path) -> list[subprocess.CompletedProcess[str]]:
    """The workflow's shell steps after the install, as GitHub runs them (bash -eo pipefail),
    with `goalfolio` being the code under test and configure-pages' base URL as given."""
    shim = tmp_path / "bin" / "goalfolio"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m goalfolio "$@"\n')
    shim.chmod(0o755)
    results = []
    for step in documented_workflow()["jobs"]["build"]["steps"]:
        if "run" not in step or step.get("name") == "Install goalfolio":
            continue
        env = {key: value.replace("${{ steps.pages.outputs.base_url }}", BASE_URL) for key, value in step.get("env", {}).items()}
        script = tmp_path / "step.sh"
        script.write_text(step["run"])
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], check=False, cwd=repo,
                                capture_output=True, text=True, timeout=300,
                                env={**os.environ, **env, "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"})
        results.append(result)
        if result.returncode:
            break
    return results


def test_the_documented_workflow_builds_every_portfolio_into_one_artifact(tmp_path: Path) -> None:
    repo = team_repository(tmp_path / "team")
    results = run_steps(repo, tmp_path)
    assert [r.returncode for r in results] == [0, 0, 0], [r.stdout + r.stderr for r in results]
    check, build, _ = results
    assert [line for line in check.stdout.splitlines() if line.startswith("== ")] == ["== people/alice", "== people/bob"]
    assert [re.sub(r" in [0-9.]+s$", "", line) for line in build.stdout.splitlines()] == [
        "built 24 pages (26 files, all rendered) into public/alice",
        "built 24 pages (26 files, all rendered) into public/bob",
    ]
    public = repo / "public"
    assert sorted(p.name for p in public.iterdir()) == ["alice", "bob", "index.html"]
    assert (public / "index.html").read_text() == (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Portfolios</title><ul>\n'
        '<li><a href="alice/index.html">alice</a></li>\n'
        '<li><a href="bob/index.html">bob</a></li>\n'
        "</ul></html>\n")
    for name in ("alice", "bob"):
        site = public / name
        assert (site / ".goalfolio-site").is_file() and (site / "goals/next-level/index.html").is_file()
        home = (site / "index.html").read_text()
        assert f'<link rel="canonical" href="{BASE_URL}/{name}/">' in home
        sitemap = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text())
        assert sitemap and all(url.startswith(f"{BASE_URL}/{name}/") for url in sitemap)
        assert f"Sitemap: {BASE_URL}/{name}/sitemap.xml" in (site / "robots.txt").read_text()
        assert f'"base_url":"{BASE_URL}/{name}/"' in (site / "portfolio.json").read_text()
        assert (repo / "people" / name / ".goalfolio-cache").is_dir() and not (repo / "people" / name / "site").exists()


def test_the_documented_workflow_checks_every_portfolio_before_it_stops(tmp_path: Path) -> None:
    """A broken file in Alice's portfolio fails the run, and Bob's problems are listed too."""
    repo = team_repository(tmp_path / "team")
    for name in ("alice", "bob"):
        goal = repo / "people" / name / "content/goals/next-level.md"
        goal.write_text(goal.read_text(encoding="utf-8").replace("\nstatus: active ", "\nstatus: activ  "), encoding="utf-8")
    results = run_steps(repo, tmp_path)
    assert [r.returncode for r in results] == [1]
    lines = results[0].stdout.splitlines()
    errors = [line for line in lines if line.startswith("== ") or ": error: " in line]
    assert errors == [
        "== people/alice",
        "content/goals/next-level.md:11:9: error: `status` must be one of active, achieved, paused, dropped; got `activ`",
        "== people/bob",
        "content/goals/next-level.md:11:9: error: `status` must be one of active, achieved, paused, dropped; got `activ`",
    ]
    assert not (repo / "public").exists()
