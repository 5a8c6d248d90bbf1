"""Several people's portfolios in one git repository (`people/alice/`, `people/bob/`).

The promises of docs/publishing.md's "Several portfolios in one repository": `init` in a
folder of a larger repository writes no workflow that GitHub would never run; a command
run without a project folder, anywhere inside a portfolio, works on that portfolio; and
the documented workflow is a valid one whose shell steps, run here on two portfolios,
produce one Pages artifact with each site under its own path.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

from goalfolio.scaffold import init_portfolio

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


def test_init_force_adds_the_workflow_once_the_folder_is_a_repository(tmp_path: Path) -> None:
    repo = tmp_path / "team"
    (repo / ".git").mkdir(parents=True)
    assert goalfolio("init", "people/alice", cwd=repo).returncode == 0
    (repo / "people/alice/.git").mkdir()
    result = goalfolio("init", "--force", cwd=repo / "people/alice")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith("created")] == ["created  .github/workflows/pages.yml"]
    assert result.stdout.endswith("\nNext: goalfolio check, then read README.md to publish it on GitHub Pages.\n")


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


def test_a_project_folder_given_is_used_as_it_is(tmp_path: Path) -> None:
    repo = team_repository(tmp_path / "team")
    result = goalfolio("check", "content", cwd=repo / "people/alice")
    assert result.returncode == 1
    assert "goalfolio.yaml:1:1: error: no goalfolio.yaml found" in result.stdout
