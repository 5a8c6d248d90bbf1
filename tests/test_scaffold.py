"""`goalfolio init`, `new` and `log`, run as a user runs them: the real CLI in a subprocess.

The promises under test: a new portfolio checks without errors on the day it is created,
asking only what its owner alone can answer; nothing is
ever overwritten; every new file validates; a one-line win becomes evidence with the metric
its text states. Parsing and quoting helpers are also tested in-process, where it is cheap.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from goalfolio import __version__
from goalfolio.fieldtypes import ID_RE
from goalfolio.scaffold import yaml_text
from goalfolio.sentences import InexactNumber, ParsedMetric, parse_metrics, target_date_from_title
from goalfolio.urls import id_from_text

TODAY = datetime.date.today()
STARTER_TYPES = {
    "content/goals": 1,
    "content/evidence": 2,  # the baseline and stretch rungs of the evidence ladder
    "content/endorsements": 2,  # the ladder asks for two distinct stakeholders
    "content/reviews": 1,
    "content/cases": 1,
}


def goalfolio(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a separate process, the way a person or a workflow does."""
    return subprocess.run([sys.executable, "-m", "goalfolio", *map(str, args)], check=False, cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), text
    data = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert isinstance(data, dict)
    return data


def diagnostics(project: Path, *flags: str) -> tuple[int, list[dict[str, object]]]:
    result = goalfolio("check", project, "--format", "json", *flags)
    return result.returncode, json.loads(result.stdout)["problems"]


# The one question a new portfolio leaves to its owner (its goal's `mobility:`), by path and code.
STARTER_QUESTION = ("content/goals/next-level.md", "audit-mobility")


def found_codes(project: Path) -> tuple[int, list[tuple[object, object]]]:
    code, found = diagnostics(project)
    return code, [(d["path"], d["code"]) for d in found]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "portfolio"
    result = goalfolio("init", root)
    assert result.returncode == 0, result.stderr
    return root


# init ---------------------------------------------------------------------------------


def test_init_then_check_asks_only_for_what_the_starter_leaves_to_its_owner(project: Path) -> None:
    """The starter goal's `mobility:` held placeholder text, which passed the audit: a fresh
    portfolio claimed its goal considered life and mobility when nobody had said a word.
    The field is left commented out, so that one question is asked until it is answered."""
    code, found = diagnostics(project)
    assert code == 0
    assert [(d["path"], d["line"], d["column"], d["severity"], d["code"], d["message"], d["hint"]) for d in found] == [
        ("content/goals/next-level.md", 7, 1, "warning", "audit-mobility",
         "audit 5/6: how does the goal account for life and mobility preferences? (life and mobility not considered)",
         "say under `mobility:` how the goal fits your life, location and relocation plans"),
    ]
    assert goalfolio("check", project, "--strict").returncode == 1
    goal = project / "content/goals/next-level.md"
    goal.write_text(goal.read_text(encoding="utf-8").replace("\n# mobility:\n", "\nmobility: I stay in Leeds; nothing constrains it.\n"),
                    encoding="utf-8")
    strict = goalfolio("check", project, "--strict")
    assert strict.returncode == 0, strict.stdout + strict.stderr
    assert "no problems found" in strict.stdout
    assert "6/6" in strict.stdout and "4/4 steps met" in strict.stdout


def test_init_writes_a_complete_repository(project: Path) -> None:
    files = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert {"goalfolio.yaml", "README.md", ".gitignore", ".github/workflows/pages.yml",
            "content/profile.md", "content/assets/.gitkeep"} <= files
    for folder, count in STARTER_TYPES.items():
        assert len(list((project / folder).glob("*.md"))) == count, folder
    ignored = (project / ".gitignore").read_text().split()
    assert "site/" in ignored and ".goalfolio-cache/" in ignored
    workflow = (project / ".github/workflows/pages.yml").read_text()
    assert f'pip install "goalfolio=={__version__}"' in workflow
    assert "git+https://" in workflow  # the comment on installing from git instead


def test_init_readme_sets_pages_to_actions_not_a_branch(project: Path) -> None:
    """A branch as the Pages source publishes the repository's files, private items and all."""
    readme = (project / "README.md").read_text()
    step = readme[readme.index("2. In the repository"):readme.index("3. Push to `main`")]
    assert step == ("2. In the repository, open **Settings → Pages** and set **Source** to\n"
                    "   **GitHub Actions**. Not **Deploy from a branch**: that would publish these\n"
                    "   files themselves, private items and all, instead of the site.\n")
    assert "<<" not in "".join(p.read_text(encoding="utf-8") for p in project.rglob("*") if p.is_file())


def test_init_config_leaves_today_and_base_url_commented(project: Path) -> None:
    config = yaml.safe_load((project / "goalfolio.yaml").read_text())
    assert config["title"] and config["audiences"] and config["markdown"] == {"allow_html": False}
    assert "today" not in config and "base_url" not in config
    text = (project / "goalfolio.yaml").read_text()
    assert f"# today: {TODAY.isoformat()}" in text and "# base_url: https://" in text


def test_init_dates_the_starter_relative_to_today(project: Path) -> None:
    review = front_matter(project / "content/reviews/first-review.md")
    goal = front_matter(project / "content/goals/next-level.md")
    assert review["date"] == TODAY
    assert goal["start"] < TODAY < goal["target_date"]  # type: ignore[operator]
    assert goal["feedback"] == [  # one source with its next ask, in a month; one as text
        {"who": "My manager", "how": "in our monthly one-to-one", "next": TODAY + datetime.timedelta(days=30)},
        "A mentor outside my team, once a quarter",
    ]


def test_init_starter_fields_carry_coaching_guidance(project: Path) -> None:
    goal = (project / "content/goals/next-level.md").read_text()
    for question in ("# 1.", "# 2.", "# 3.", "# 4.", "# 5.", "# 6."):
        assert question in goal
    assert "leading" in goal and "lagging" in goal
    assert "evidence-ladder" in goal and "baseline" in goal and "stretch" in goal


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = goalfolio("init", target)
    assert (result.returncode, result.stderr) == (2, f"goalfolio: error: {target} is not empty (it holds notes.txt); choose an "
                                                     "empty or new folder, or add --force to add the starter files beside "
                                                     "what is there (existing files are never overwritten)\n")
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_init_accepts_a_fresh_git_clone(tmp_path: Path) -> None:
    target = tmp_path / "clone"
    (target / ".git").mkdir(parents=True)
    assert goalfolio("init", target).returncode == 0
    assert (target / "goalfolio.yaml").is_file()


def test_init_force_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "existing"
    (target / "content").mkdir(parents=True)
    mine = {"README.md": "# My own readme\n", "goalfolio.yaml": "title: Mine\n", "content/profile.md": "---\nname: Me\n---\n"}
    for name, text in mine.items():
        (target / name).write_text(text)
    result = goalfolio("init", target, "--force")
    assert result.returncode == 0, result.stderr
    for name, text in mine.items():
        assert (target / name).read_text() == text
        assert f"skipped  {name}" in result.stdout
    assert "created  content/goals/next-level.md" in result.stdout
    again = goalfolio("init", target, "--force")
    assert again.returncode == 0 and "created" not in again.stdout


def test_init_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = goalfolio("init", target)
    assert (result.returncode, result.stderr) == (2, f"goalfolio: error: {target} exists and is not a folder; "
                                                     "choose an empty or new folder\n")


def test_init_into_a_folder_below_a_file_names_the_file(tmp_path: Path) -> None:
    """It was told as the first file it could not write, `cannot write x/new/README.md`."""
    (tmp_path / "file.txt").write_text("x")
    target = tmp_path / "file.txt" / "new"
    result = goalfolio("init", target)
    assert (result.returncode, result.stderr) == (2, f"goalfolio: error: {tmp_path / 'file.txt'} is a file, so {target} "
                                                     "cannot be a folder; choose an empty or new folder\n")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no folder can be made")
def test_init_where_no_folder_can_be_made_says_to_choose_another(tmp_path: Path) -> None:
    """`cannot write /proc/x/README.md: No such file or directory` named a file, not the
    folder, and said nothing of what to do."""
    result = goalfolio("init", "/proc/goalfolio-portfolio")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("goalfolio: error: cannot make the folder /proc/goalfolio-portfolio: No such file or directory; "
                             "choose a folder you can write to, or make it first\n")


def test_init_on_a_read_only_disk_says_to_choose_another_folder(tmp_path: Path) -> None:
    """In a mount namespace of its own, the folder the portfolio goes in is a read-only file system."""
    from test_build_paths import in_mount_namespace

    disk = tmp_path / "disk"
    disk.mkdir()
    done = in_mount_namespace(f'mount -t tmpfs -o ro tmpfs "{disk}" && exec "{sys.executable}" -m goalfolio init "{disk}/portfolio"')
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"goalfolio: error: cannot make the folder {disk}/portfolio: Read-only file system; "
                           "choose a folder you can write to, or make it first\n")


# new ----------------------------------------------------------------------------------


def test_new_every_type_then_check_has_no_errors(project: Path) -> None:
    commands = [
        ("goal", "Lead a team of six", "--goal", "next-level"),
        ("evidence", "Ran the pricing workshop", "--goal", "next-level"),
        ("endorsement", "Priya Natarajan", "--goal", "next-level"),
        ("review", "Winter review"),
        ("case", "Leadership case", "--goal", "lead-a-team-of-six"),
    ]
    expected = [
        "content/goals/lead-a-team-of-six.md",
        "content/evidence/ran-the-pricing-workshop.md",
        "content/endorsements/priya-natarajan.md",
        "content/reviews/winter-review.md",
        "content/cases/leadership-case.md",
    ]
    for (kind, title, *flags), path in zip(commands, expected, strict=True):
        result = goalfolio("new", kind, title, *flags, cwd=project)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == path
        assert (project / path).is_file()
    code, found = diagnostics(project)
    assert code == 0
    assert [d for d in found if d["severity"] == "error"] == []
    assert front_matter(project / expected[0])["parent"] == "next-level"
    assert front_matter(project / expected[1])["goals"] == ["next-level"]
    assert front_matter(project / expected[1])["date"] == TODAY
    assert front_matter(project / expected[2])["author"] == "Priya Natarajan"
    assert front_matter(project / expected[4])["goals"] == ["lead-a-team-of-six"]


@pytest.mark.parametrize(("title", "expected"), [
    ("Promotion to Senior Product Manager at Fernway by 30 April 2027", "2027-04-30"),
    ("Lead the squad by April 30th, 2027", "2027-04-30"),
    ("Pass the Dutch A2 exam by June 2027", "2027-06-30"),
    ("Pass the exam by the end of Feb 2028", "2028-02-29"),
    ("Ship the platform by Q2 2027", "2027-06-30"),
    ("Move to Amsterdam by 2028", "2028-12-31"),
    ("Lead a team of six within 24 months", "2028-11-27"),
    ("Give a talk in 6 weeks", "2027-01-08"),
    ("Lead a team of six", None),
    ("Grow the list by 2030 customers", None),  # a number, not a year
    ("Lead by 31 February 2027", None),  # no such day
    ("Relaunch by June 2026", None),  # not after today
    ("Relaunch by 27 November 2026", None),  # today itself
    ("Relaunch by 28 November 2026", "2026-11-28"),
    ("Lead a team by end of 2027", "2027-12-31"),  # as "by the end of 2027"
    ("Ship it by end of Q3 2027", "2027-09-30"),
    ("Lead the squad by 2027-06-15", "2027-06-15"),
    ("Lead a team of six within 1.5 years", "2028-05-27"),
    ("Pass A2 by 30 April 2028 and move by June 2027", "2028-04-30"),  # the later, in either order
    ("Move by June 2027 and pass A2 by 30 April 2028", "2028-04-30"),
    ("Pass A2 by June 2026 and move by 2028", "2028-12-31"),  # one past, one to come
    ("Ship by 2027-02-30", None),  # no such day
    ("Lead within 1.5 months", None),  # no whole month
    ("Lead a team by December 9999", "9999-12-31"),  # the day after it is no date: an internal error
    ("Lead a team by Q4 9999", "9999-12-31"),
])
def test_a_new_goals_target_date_comes_from_its_title(title: str, expected: str | None) -> None:
    """The article writes goals with their date ("... by 30 April 2027"): `new goal` set a
    year from today whatever the title said."""
    found = target_date_from_title(title, datetime.date(2026, 11, 27))
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Lead a team of six within 24 months", None),  # past the last day a date can have: an internal error
    ("Give a talk in 6 weeks", None),
    ("Give a talk in 2 weeks", "9999-12-15"),
    ("Lead a team of six within 24 months or by December 9999", "9999-12-31"),
])
def test_a_title_setting_a_date_past_the_year_9999_sets_none(title: str, expected: str | None) -> None:
    """`goalfolio new goal "... within 24 months"` under `today: 9999-12-01` stopped on an
    OverflowError (exit 3); the goal takes the target a title without a date gets."""
    found = target_date_from_title(title, datetime.date(9999, 12, 1))
    assert (found.isoformat() if found else None) == expected


def test_new_goal_writes_the_target_date_its_title_gives(project: Path) -> None:
    result = goalfolio("new", "goal", "Lead the payments squad by 30 April 2099", cwd=project)
    assert result.returncode == 0, result.stderr
    assert front_matter(project / "content/goals/lead-the-payments-squad-by-30-april-2099.md")["target_date"] == datetime.date(2099, 4, 30)
    goalfolio("new", "goal", "Lead a team of six", cwd=project)
    written = front_matter(project / "content/goals/lead-a-team-of-six.md")
    assert written["target_date"] == written["start"] + datetime.timedelta(days=365)


def test_new_files_on_the_last_day_a_date_can_have_hold_their_dates_there(project: Path) -> None:
    """With `today: 9999-12-31`, a year from today (a goal's target) and the template's
    `<<today+N>>` dates were past the last day a date can have: an internal error, exit 3."""
    config = project / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "today: 9999-12-31\n", encoding="utf-8")
    result = goalfolio("new", "goal", "Lead a team of six", cwd=project)
    assert (result.returncode, result.stderr) == (0, "")
    written = front_matter(project / "content/goals/lead-a-team-of-six.md")
    assert (written["start"], written["target_date"]) == (datetime.date(9999, 12, 31), datetime.date(9999, 12, 31))


def test_new_endorsement_stays_out_of_the_public_site_until_its_author_agrees(project: Path) -> None:
    """A new endorsement was public: the next push published the author's name beside the
    template's role and text, before they had been asked (the template says to ask first)."""
    result = goalfolio("new", "endorsement", "Priya Natarajan", "--goal", "next-level", cwd=project)
    assert (result.returncode, result.stdout) == (0, "content/endorsements/priya-natarajan.md\n")
    assert (project / "content/endorsements/priya-natarajan.md").read_text(encoding="utf-8") == f"""\
---
author: Priya Natarajan
role: Their role
# organisation: Their organisation
relationship: peer   # manager, peer, stakeholder, report, mentor or client
date: {TODAY.isoformat()}
goals: [next-level]
# evidence: [the-evidence-it-speaks-to]
# quote: The sentence to feature; by default the first sentence below.
# attribution: anonymous   # show the role and organisation, never the name
# Private until the author agrees to be quoted; then `public`, or an audience such as [manager].
visibility: private
---
The endorsement in the author's own words. Ask them before you publish it.
"""
    site = project / "site"
    assert goalfolio("build", project, "--out", site).returncode == 0
    published = [p.relative_to(site).as_posix() for p in site.rglob("*")
                 if p.is_file() and b"Priya Natarajan" in p.read_bytes()]
    assert published == []
    assert found_codes(project) == (0, [STARTER_QUESTION])


def test_new_review_prefills_a_reading_for_every_indicator(project: Path) -> None:
    (project / "content/reviews/first-review.md").rename(project / "content/reviews/older.md")
    result = goalfolio("new", "review", project)  # no title: named after the date
    assert result.returncode == 0, result.stderr
    path = project / f"content/reviews/review-{TODAY.isoformat()}.md"
    assert path.is_file()
    readings = front_matter(path)["readings"]
    assert readings == {"next-level": {"decisions-owned": 3, "stakeholder-conversations": 2, "performance-rating": 3}}
    assert found_codes(project) == (0, [STARTER_QUESTION, (f"content/reviews/review-{TODAY.isoformat()}.md", "no-decisions")])


def test_new_folds_titles_into_ascii_ids(project: Path) -> None:
    result = goalfolio("new", "evidence", "Zürich Café — Straße talk!", cwd=project)
    assert result.stdout.strip() == "content/evidence/zurich-cafe-strasse-talk.md"
    assert front_matter(project / result.stdout.strip())["title"] == "Zürich Café — Straße talk!"


def test_new_names_the_file_after_id_when_the_title_has_no_latin_letters(project: Path) -> None:
    evidence = goalfolio("new", "evidence", "Запуск проекта", "--id", "project-launch", cwd=project)
    goal = goalfolio("new", "goal", "成为团队负责人", project, "--id", "team-lead")
    assert (evidence.returncode, evidence.stdout) == (0, "content/evidence/project-launch.md\n")
    assert (goal.returncode, goal.stderr) == (0, "")
    assert front_matter(project / "content/evidence/project-launch.md")["title"] == "Запуск проекта"
    assert front_matter(project / "content/goals/team-lead.md")["title"] == "成为团队负责人"
    assert diagnostics(project)[0] == 0


def test_new_without_an_id_for_a_title_without_latin_letters_suggests_id(project: Path) -> None:
    before = sorted((project / "content/evidence").iterdir())
    result = goalfolio("new", "evidence", "Запуск проекта", project)
    assert (result.returncode, result.stderr) == (
        2, "goalfolio: error: the title `Запуск проекта` has no Latin letters or digits to make the file name from; "
           "give the id with --id, e.g. --id project-launch\n")
    assert sorted((project / "content/evidence").iterdir()) == before


@pytest.mark.parametrize(("bad", "suggestion"), [
    ("Project-Launch", "project-launch"), ("project launch", "project-launch"), ("-launch", "launch"),
    ("launch.md", "launch"), ("запуск", "project-launch"), ("", "project-launch"),
])
def test_new_refuses_an_id_the_loader_would_refuse(project: Path, bad: str, suggestion: str) -> None:
    before = sorted((project / "content/evidence").iterdir())
    result = goalfolio("new", "evidence", "Запуск проекта", project, f"--id={bad}")
    assert (result.returncode, result.stderr) == (
        2, f"goalfolio: error: --id `{bad}` is not a valid id: use lowercase letters, digits and `-`, "
           f"starting with a letter or digit, e.g. --id {suggestion}\n")
    assert sorted((project / "content/evidence").iterdir()) == before


def test_new_refuses_an_id_too_long_for_a_file_name(project: Path) -> None:
    """300 characters made a file name the file system refused: "File name too long", no hint."""
    before = sorted((project / "content/evidence").iterdir())
    result = goalfolio("new", "evidence", "Launch", project, "--id", "launch-" + "a" * 293)
    assert (result.returncode, result.stderr) == (
        2, "goalfolio: error: --id is 300 characters long, and an id names its file: use at most 200, "
           "e.g. --id launch\n")
    assert sorted((project / "content/evidence").iterdir()) == before
    assert goalfolio("new", "evidence", "Launch", project, "--id", "l" * 200).returncode == 0


def test_new_with_an_id_refuses_an_existing_file(project: Path) -> None:
    result = goalfolio("new", "evidence", "Запуск проекта", project, "--id", "next-level")
    assert result.returncode == 1
    assert result.stderr.startswith("content/goals/next-level.md:1:1: error: `next-level` already exists "
                                    "(content/goals/next-level.md); nothing was written\n"
                                    "    hint: ids are unique across the portfolio: choose another title or --id, "
                                    "or edit the existing file\n")
    assert not (project / "content/evidence/next-level.md").exists()


def test_new_refuses_the_profiles_id(project: Path) -> None:
    """An evidence item with the id `profile` passed `check`, and shared the profile's key in
    the build cache: renaming it left five pages stale."""
    result = goalfolio("new", "evidence", "Profile", project, "--goal", "next-level")
    assert result.returncode == 1
    assert result.stderr.startswith("content/profile.md:1:1: error: `profile` is the profile's id (content/profile.md); "
                                    "nothing was written\n")
    assert not (project / "content/evidence/profile.md").exists()


def test_the_loader_refuses_the_profiles_id_in_a_folder(project: Path) -> None:
    (project / "content/evidence/profile.md").write_text(
        "---\ntitle: Profile photo shoot\ndate: 2026-03-01\nkind: project\n---\nText.\n", encoding="utf-8")
    result = goalfolio("check", project)
    assert result.returncode == 1
    assert result.stdout.startswith("content/evidence/profile.md:1:1: error: the id `profile` is the profile's (content/profile.md)\n"
                                    "    hint: rename the file, e.g. to `evidence-profile.md`\n")


def test_new_refuses_to_overwrite(project: Path) -> None:
    first = goalfolio("new", "goal", "Lead a team of six", project)
    path = project / "content/goals/lead-a-team-of-six.md"
    path.write_text(path.read_text() + "\nMy edits.\n")
    before = path.read_text()
    second = goalfolio("new", "goal", "Lead a team of six", project)
    assert first.returncode == 0 and second.returncode == 1
    assert "already exists" in second.stderr and "nothing was written" in second.stderr
    assert path.read_text() == before


def test_new_refuses_an_id_used_in_another_folder(project: Path) -> None:
    result = goalfolio("new", "evidence", "Next level", project)
    assert result.returncode == 1
    assert "content/goals/next-level.md" in result.stderr
    assert not (project / "content/evidence/next-level.md").exists()


@pytest.mark.parametrize("command", [("new", "evidence", "Shipped refunds"), ("log", "Shipped refunds")])
def test_new_and_log_say_when_a_file_stands_where_the_folder_belongs(project: Path, command: tuple[str, ...]) -> None:
    """`new` printed the path of a file it never wrote, and `log` tried 999 names and said
    there were "too many evidence items"."""
    for path in (project / "content/evidence").iterdir():
        path.unlink()
    (project / "content/evidence").rmdir()
    (project / "content/evidence").write_text("notes\n", encoding="utf-8")
    result = goalfolio(*command, project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"goalfolio: error: cannot write {project}/content/evidence/shipped-refunds.md: "
                             f"{project}/content/evidence is a file, not a folder; move or rename that file, so that the "
                             "folder can be made\n")


@pytest.mark.parametrize(("command", "folder"), [
    (("new", "goal", "Lead a team"), "content/goals"),
    (("log", "Shipped refunds"), "content/evidence"),
    (("new", "goal", "Lead a team"), "content"),
])
def test_new_and_log_say_when_the_folder_is_a_symlink_to_a_missing_folder(project: Path, command: tuple[str, ...],
                                                                          folder: str) -> None:
    """It was told `cannot write .../lead-a-team.md: File exists`, of a file not there."""
    shutil.rmtree(project / folder)
    (project / folder).symlink_to("../moved")
    result = goalfolio(*command, project)
    written = f"{project}/{'content/goals/lead-a-team' if command[0] == 'new' else 'content/evidence/shipped-refunds'}.md"
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"goalfolio: error: cannot write {written}: {project}/{folder} is a symbolic link to ../moved, "
                             "which does not exist; create the folder it points to, or remove the link so that goalfolio "
                             "makes a folder in its place\n")


def test_init_into_a_symlink_to_a_missing_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "portfolio").symlink_to(tmp_path / "moved")
    result = goalfolio("init", tmp_path / "portfolio" / "mine")
    assert (result.returncode, result.stderr) == (2, f"goalfolio: error: cannot make the folder {tmp_path}/portfolio/mine: "
                                                     f"{tmp_path}/portfolio is a symbolic link to {tmp_path}/moved, which does not "
                                                     "exist; create the folder it points to, or remove the link so that goalfolio "
                                                     "makes a folder in its place\n")


def test_new_with_an_unknown_goal_is_an_error(project: Path) -> None:
    before = sorted((project / "content/evidence").iterdir())
    result = goalfolio("new", "evidence", "Talk", project, "--goal", "nxt-level")
    assert (result.returncode, result.stderr) == (2, "goalfolio: error: --goal nxt-level: no goal with the id `nxt-level` "
                                                     "(looked for content/goals/nxt-level.md); did you mean `next-level`?\n")
    assert sorted((project / "content/evidence").iterdir()) == before


def test_new_needs_a_title_and_a_portfolio(project: Path, tmp_path: Path) -> None:
    assert goalfolio("new", "goal", cwd=project).returncode == 2
    elsewhere = tmp_path / "empty"
    elsewhere.mkdir()
    outside = goalfolio("new", "goal", "A goal", elsewhere)
    assert outside.returncode == 1 and "goalfolio init" in outside.stderr
    assert "Traceback" not in outside.stderr


def test_new_case_without_goal_asks_which_when_there_are_several(project: Path) -> None:
    goalfolio("new", "goal", "Second goal", project)
    result = goalfolio("new", "case", "My case", project)
    assert (result.returncode, result.stderr) == (2, "goalfolio: error: a case argues for at least one goal; say which "
                                                     "with --goal ID: add --goal with one of: next-level, second-goal\n")


# log ----------------------------------------------------------------------------------

LOGGED = [
    ("Shipped the onboarding revamp, activation +12%",
     "shipped-the-onboarding-revamp-activation-12",
     [{"name": "activation", "after": 12, "unit": "% change"}]),
    ("Cut p95 latency from 3.2s to 1.1s",
     "cut-p95-latency-from-3-2s-to-1-1s",
     [{"name": "p95 latency", "before": 3.2, "after": 1.1, "unit": "s"}]),
    ("Onboarding time from 40 to 55 minutes",
     "onboarding-time-from-40-to-55-minutes",
     [{"name": "Onboarding time", "before": 40, "after": 55, "unit": "minutes"}]),
    ("Build time 3.2s → 1.1s",
     "build-time-3-2s-1-1s",
     [{"name": "Build time", "before": 3.2, "after": 1.1, "unit": "s"}]),
    ("Reduced churn by 8%, NPS up 6 points",
     "reduced-churn-by-8-nps-up-6-points",
     [{"name": "churn", "after": -8, "unit": "% change"}, {"name": "NPS", "after": 6, "unit": "points change"}]),
    ("Shipped the cache, p95 latency -20 ms",
     "shipped-the-cache-p95-latency-20-ms",
     [{"name": "p95 latency", "after": -20, "unit": "ms change"}]),
    ("Cut the error rate from 0.0000004 to 0.0000001",  # written 4e-07, which YAML reads as text
     "cut-the-error-rate-from-0-0000004-to-0-0000001",
     [{"name": "error rate", "before": 0.0000004, "after": 0.0000001}]),
]


def test_log_records_wins_with_their_metrics_and_check_passes(project: Path) -> None:
    for text, slug, metrics in LOGGED:
        result = goalfolio("log", text, "--goal", "next-level", cwd=project)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0] == f"content/evidence/{slug}.md"
        data = front_matter(project / f"content/evidence/{slug}.md")
        assert data["metrics"] == metrics, text
        assert (data["title"], data["date"], data["kind"], data["goals"]) == (text, TODAY, "result", ["next-level"])
        assert (project / f"content/evidence/{slug}.md").read_text(encoding="utf-8").rstrip().endswith(text)
    assert found_codes(project) == (0, [STARTER_QUESTION])


def test_log_prints_the_metric_it_read(project: Path) -> None:
    result = goalfolio("log", "Shipped the cache, p95 latency -20 ms", cwd=project)
    assert (result.returncode, result.stdout) == (0, "content/evidence/shipped-the-cache-p95-latency-20-ms.md\n"
                                                     "  metric: p95 latency: -20 ms (change)\n")


def test_log_prints_small_figures_as_written(project: Path) -> None:
    result = goalfolio("log", "Cut the error rate from 0.0000004 to 0.0000001", cwd=project)
    assert result.stdout.splitlines()[1:] == ["  metric: error rate: 0.0000004 -> 0.0000001"]


def test_log_converts_before_and_after_into_one_unit_or_says_to(project: Path) -> None:
    """`from 512 MB to 2 GB` was written as 512 GB to 2 GB."""
    result = goalfolio("log", "Storage from 512 MB to 2 GB", cwd=project)
    assert result.stdout.splitlines()[1:] == ["  metric: Storage: 512 -> 2000 MB"]
    assert front_matter(project / "content/evidence/storage-from-512-mb-to-2-gb.md")["metrics"] == [
        {"name": "Storage", "before": 512, "after": 2000, "unit": "MB"}]
    result = goalfolio("log", "Price from $12 to €10", cwd=project)
    assert result.stdout.splitlines()[1:] == ["  metric: Price: 12 -> 10 € (before was written in $: write both in one unit)"]
    text = (project / "content/evidence/price-from-12-to-10.md").read_text(encoding="utf-8")
    assert 'metrics:\n  # before was written in $: write both in one unit\n  - {name: Price, before: 12, after: 10, unit: "€"}\n' in text


def test_log_without_a_metric_leaves_a_template(project: Path) -> None:
    result = goalfolio("log", "Gave a talk at the product meetup", "--goal", "next-level",
                       "--kind", "talk", "--date", "2026-03-14", project)
    assert result.returncode == 0, result.stderr
    path = project / "content/evidence/gave-a-talk-at-the-product-meetup.md"
    data = front_matter(path)
    assert "metrics" not in data and (data["kind"], data["date"]) == ("talk", datetime.date(2026, 3, 14))
    assert "# metrics:" in path.read_text()
    assert "no metric found" in result.stdout
    assert diagnostics(project)[0] == 0


def test_log_takes_the_project_after_the_options(project: Path) -> None:
    result = goalfolio("log", "Shipped the redesign, conversion +3%", "--goal", "next-level", "--kind", "project", project)
    assert result.returncode == 0, result.stderr
    assert front_matter(project / "content/evidence/shipped-the-redesign-conversion-3.md")["kind"] == "project"


def test_log_numbers_repeated_wins(project: Path) -> None:
    paths = [goalfolio("log", "Closed the quarter", project).stdout.splitlines()[0] for _ in range(3)]
    assert [Path(p).name for p in paths] == ["closed-the-quarter.md", "closed-the-quarter-2.md", "closed-the-quarter-3.md"]


def test_new_and_log_date_items_on_the_day_goalfolio_yaml_pins(project: Path) -> None:
    """With `today:` pinned, an item dated by the clock would lie in the site's future: a
    new review would count as planned and be ignored."""
    config = project / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "today: 2026-02-03\n", encoding="utf-8")
    logged = goalfolio("log", "Closed the quarter", cwd=project)
    review = goalfolio("new", "review", cwd=project)
    dated = goalfolio("log", "Gave a talk", "--date", "2026-01-09", cwd=project)
    assert logged.stdout == ("content/evidence/closed-the-quarter.md\n  dated 2026-02-03, the `today:` set in goalfolio.yaml\n"
                             "  no metric found in the text; the file has a commented template to add one\n")
    assert front_matter(project / "content/evidence/closed-the-quarter.md")["date"] == datetime.date(2026, 2, 3)
    assert review.stdout == "content/reviews/review-2026-02-03.md\n  dated 2026-02-03, the `today:` set in goalfolio.yaml\n"
    assert front_matter(project / "content/reviews/review-2026-02-03.md")["date"] == datetime.date(2026, 2, 3)
    assert "dated" not in dated.stdout
    assert front_matter(project / "content/evidence/gave-a-talk.md")["date"] == datetime.date(2026, 1, 9)


def test_log_rejects_bad_input_without_writing(project: Path) -> None:
    before = sorted((project / "content/evidence").iterdir())
    bad_date = goalfolio("log", "Won", "--date", "2026-13-01", project)
    compact_date = goalfolio("log", "Won", "--date", "20261126", project)  # Python 3.11 would read it, 3.10 not
    bad_kind = goalfolio("log", "Won", "--kind", "victory", project)
    misspelt_kind = goalfolio("log", "Won", "--kind", "Projekt", project)
    bad_goal = goalfolio("log", "Won", "--goal", "nope", project)
    assert [r.returncode for r in (bad_date, compact_date, bad_kind, misspelt_kind, bad_goal)] == [2, 2, 2, 2, 2]
    assert bad_date.stderr == "goalfolio: error: --date `2026-13-01` is not a valid date: month must be in 1..12\n"
    assert compact_date.stderr == "goalfolio: error: --date must be a date written YYYY-MM-DD, e.g. 2026-03-14; got `20261126`\n"
    kinds = "project, result, certification, course, talk, publication, interview, referral, assignment, other"
    assert bad_kind.stderr == f"goalfolio: error: unknown kind `victory`; use one of: {kinds}\n"
    assert misspelt_kind.stderr == f"goalfolio: error: unknown kind `Projekt` (did you mean `project`?); use one of: {kinds}\n"
    assert bad_goal.stderr == ("goalfolio: error: --goal nope: no goal with the id `nope` (looked for content/goals/nope.md); "
                               "known goals: next-level\n")
    assert sorted((project / "content/evidence").iterdir()) == before


def in_the_c_locale(*args: str | bytes | Path) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a locale that reads arguments and file names as ASCII, given the bytes a
    UTF-8 terminal sends."""
    words = [word if isinstance(word, bytes) else str(word).encode("utf-8") for word in args]
    return subprocess.run([sys.executable.encode(), b"-m", b"goalfolio", *words], capture_output=True, timeout=120,
                          env={**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"})


def test_new_and_log_in_a_locale_that_is_not_utf8_write_the_title_as_typed(project: Path) -> None:
    """The bytes Python could not decode became lone surrogates: `new` wrote the title
    `Z\\uDCC3\\uDCBCrich Caf\\uDCC3\\uDCA9` and named the file `zrich-caf.md`; `log` stopped with
    an internal error (exit 3) and left an empty file, an error for the next `check`."""
    created = in_the_c_locale("new", "evidence", "Zürich Café 日本", project)
    logged = in_the_c_locale("log", "Shipped Zürich 🚀 +12%", project)
    assert (created.returncode, logged.returncode, created.stderr, logged.stderr) == (0, 0, b"", b"")
    assert front_matter(project / "content/evidence/zurich-cafe.md")["title"] == "Zürich Café 日本"
    assert front_matter(project / "content/evidence/shipped-zurich-12.md")["title"] == "Shipped Zürich 🚀 +12%"
    assert diagnostics(project)[0] == 0


def test_log_refuses_text_that_is_not_utf8_in_a_locale_that_is_not_either(project: Path) -> None:
    before = sorted((project / "content/evidence").iterdir())
    done = in_the_c_locale("log", b"Won \xff\xfe", project)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"goalfolio: error: the text is neither UTF-8 nor text in this locale's encoding: Won \\xff\\xfe\n"
    assert sorted((project / "content/evidence").iterdir()) == before


@pytest.mark.parametrize(("command", "code"), [
    (("new", "evidence", "Shipped \x1b[32mrefunds\x1b[0m"), "U+001B"),  # pasted from a terminal's coloured output
    (("new", "goal", "Lead a team\x7f of six"), "U+007F"),
    (("log", "Shipped refunds\x07, tickets -60%"), "U+0007"),
])
def test_new_and_log_refuse_a_control_character_that_check_would_refuse(project: Path, command: tuple[str, ...],
                                                                       code: str) -> None:
    """The file was written with the character escaped (`"\\e[32m"`), and `check` refused it
    at once: a new file that never built until its title was typed again."""
    assert refused_without_writing(project, command) == (
        f"goalfolio: error: the {'text' if command[0] == 'log' else 'title'} holds the character {code}, "
        "which web pages and feeds cannot carry; nothing was written: type it again without it\n")


@pytest.mark.parametrize("command", [("new", "evidence", "Talk about [[next-level]]"), ("log", "Won the [[next-level]] prize")])
def test_new_and_log_refuse_a_citation_that_a_title_shows_as_written(project: Path, command: tuple[str, ...]) -> None:
    """The file was written, and `check` refused its title at once: "front matter is shown as written"."""
    assert refused_without_writing(project, command) == (
        f"goalfolio: error: the {'text' if command[0] == 'log' else 'title'} holds `[[next-level]]`, which a title "
        "shows as written; nothing was written: name the item in words, and cite it with [[id]] in the file's body\n")


@pytest.mark.parametrize("command", [("new", "goal", "\u200b", "--id", "blank"), ("log", "\u3164 \u200b")])
def test_new_and_log_refuse_a_title_a_page_shows_as_blank(project: Path, command: tuple[str, ...]) -> None:
    """`new goal` with `--id` wrote the file, and `check` refused its title at once as empty."""
    what = "text" if command[0] == "log" else "title"
    named = "U+3164 HANGUL FILLER and U+200B ZERO WIDTH SPACE" if command[0] == "log" else "U+200B ZERO WIDTH SPACE"
    assert refused_without_writing(project, command) == (
        f"goalfolio: error: the {what} holds no character a page shows, only {named}; nothing was written: type the {what} again\n")


@pytest.mark.parametrize(("number", "error"), [
    ("99999999999999999999999999999999999", "has more figures than goalfolio keeps: it would be written as "
                                            "100000000000000000000000000000000000; nothing was written: round it to 15 figures or fewer"),
    ("1" + "0" * 309, "is larger than goalfolio can hold (about 1e308); nothing was written: write a smaller number"),
])
def test_log_refuses_a_number_it_would_write_rounded(project: Path, number: str, error: str) -> None:
    """`+99999999999999999999999999999999999%` was written into the file as
    100000000000000000000000000000000000, a number never typed, and one past 1e308 as
    `Infinity`, which `check` then refused."""
    assert refused_without_writing(project, ("log", f"Shipped X, activation +{number}%")) == (
        f"goalfolio: error: the number {number} in the text {error}\n")


def test_log_writes_a_long_number_a_float_holds_in_full(project: Path) -> None:
    result = goalfolio("log", "Shipped X, users +1,000,000,000,000,000,000,000,000%", cwd=project)
    assert result.stdout.splitlines() == ["content/evidence/shipped-x-users-1-000-000-000-000-000-000-000-000.md",
                                          "  metric: users: +1000000000000000000000000 % (change)"]
    written = (project / result.stdout.splitlines()[0]).read_text(encoding="utf-8")
    assert '  - {name: users, after: 1000000000000000000000000, unit: "% change"}\n' in written


def refused_without_writing(project: Path, command: tuple[str, ...]) -> str:
    """The error of a command that must stop with exit code 2 and leave content/ as it was."""
    before = sorted((project / "content").rglob("*"))
    result = goalfolio(*command, project)
    assert (result.returncode, result.stdout) == (2, "")
    assert sorted((project / "content").rglob("*")) == before
    return result.stderr


def test_a_new_file_that_cannot_be_written_in_full_is_removed(tmp_path: Path) -> None:
    from goalfolio.newfiles import write_new

    with pytest.raises(UnicodeEncodeError):
        write_new(tmp_path / "e.md", "---\ntitle: \udcff\n---\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [("new", "evidence", "Shipped refunds"), ("log", "Shipped refunds")])
def test_new_and_log_on_a_read_only_disk_exit_1_as_a_build_does(project: Path, command: tuple[str, ...]) -> None:
    """The disk, not the command line: it was exit code 2, a usage error. In a mount
    namespace of its own, the evidence folder is a read-only file system."""
    from test_build_paths import in_mount_namespace

    folder = project / "content" / "evidence"
    words = " ".join(f'"{word}"' for word in command)
    done = in_mount_namespace(f'mount -t tmpfs -o ro tmpfs "{folder}" && exec "{sys.executable}" -m goalfolio {words} "{project}"')
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"goalfolio: error: cannot write {folder}/shipped-refunds.md: Read-only file system; {folder} "
                           "is on a file system mounted read-only: mount it writable, or work in a folder on another disk\n")


# build --------------------------------------------------------------------------------


def test_init_then_build_publishes_only_public_items(project: Path) -> None:
    site = project / "site"
    result = goalfolio("build", project, "--base-url", "https://example.github.io/my-portfolio/", "--out", site)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (site / "index.html").is_file()
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file())
    assert "Stretch projects shipped" in published
    assert "Promotion case: the next level" not in published  # visibility: [manager]


def test_the_starter_case_page_names_each_section_once(project: Path) -> None:
    """The page's goal table was headed "Summary", and so is the first heading of every
    scaffolded case body, shown under "Narrative": the page read "Summary" twice."""
    site = project / "site"
    result = goalfolio("build", project, "--audience", "manager", "--out", site)
    assert result.returncode == 0, result.stderr
    page = (site / "cases/promotion-case/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<h([23]) id="([^"]+)">([^<]*)</h[23]>', page) == [
        ("2", "sec-goals", "Goals"),
        ("2", "sec-baseline", "Baseline impact"),
        ("2", "sec-stretch", "Stretch projects and measured results"),
        ("2", "sec-validation", "Stakeholder validation"),
        ("2", "sec-narrative", "Narrative"),
        ("3", "promotion-case-summary", "Summary"),
        ("3", "promotion-case-where-i-started", "Where I started"),
        ("3", "promotion-case-stretch-work", "Stretch work"),
        ("3", "promotion-case-what-others-say", "What others say"),
        ("2", "sec-plan", "The plan from here"),
        ("2", "sec-readiness", "Readiness: 4 of 4 steps of the Evidence Ladder"),
    ]


# helpers, in-process ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("activation +12%", [ParsedMetric("activation", 12, None, "%", change=True)]),
    ("Shipped v2.0, conversion −3.5 pp", [ParsedMetric("conversion", -3.5, None, "pp", change=True)]),
    ("Grew the team from 4 to 9", [ParsedMetric("team", 9, 4, "")]),
    ("Revenue from $1,200 to $3,400 per month", [ParsedMetric("Revenue", 3400, 1200, "$")]),
    ("Lowered cost by 15% and lifted NPS by 4 points",
     [ParsedMetric("cost", -15, None, "%", change=True), ParsedMetric("NPS", 4, None, "points", change=True)]),
    ("Page weight 900 KB -> 300 KB", [ParsedMetric("Page weight", 300, 900, "KB")]),
    ("Led the migration from 2024 to 2025", []),
    ("Mentored 3 engineers", []),
    ("+20% signups", [ParsedMetric("signups", 20, None, "%", change=True)]),
    ("+5%", [ParsedMetric("result", 5, None, "%", change=True)]),
    ("cut the weekly median refund resolution time from 4.2 to 1.1 days",
     [ParsedMetric("weekly median refund resolution time", 1.1, 4.2, "days")]),
    ("Shipped the cache, p95 latency -20 ms", [ParsedMetric("p95 latency", -20, None, "ms", change=True)]),
    ("Build time −1.5min", [ParsedMetric("Build time", -1.5, None, "min", change=True)]),
    ("Cut checkout latency by 120ms", [ParsedMetric("checkout latency", -120, None, "ms", change=True)]),
    ("Lead time down 2 days, bundle -40 KB", [ParsedMetric("Lead time", -2, None, "days", change=True),
                                             ParsedMetric("bundle", -40, None, "KB", change=True)]),
    ("Onboarding +3 hours", [ParsedMetric("Onboarding", 3, None, "hours", change=True)]),
    ("Fixed 3 bugs in 2 days for COVID-19 reporting", []),
    ("Ran 5 sessions, -2 seats left", []),
    ("Grew the newsletter from 1.5k to 3k subscribers", [ParsedMetric("newsletter", 3000, 1500, "subscribers")]),
    ("ARR $1.2M -> $2M", [ParsedMetric("ARR", 2_000_000, 1_200_000, "$")]),
    ("ARR from $1.1M to $1.005M", [ParsedMetric("ARR", 1_005_000, 1_100_000, "$")]),  # not 1100000.0000000002
    ("Reach 2.3k -> 4.35k readers", [ParsedMetric("Reach", 4_350, 2_300, "readers")]),
    ("Cold start 900ms → 300ms", [ParsedMetric("Cold start", 300, 900, "ms")]),
    ("Storage from 512 MB to 2 GB", [ParsedMetric("Storage", 2000, 512, "MB")]),  # not 512 GB to 2 GB
    ("Build from 2 hours to 45 minutes", [ParsedMetric("Build", 45, 120, "minutes")]),
    ("Deploys 1.5h → 20min", [ParsedMetric("Deploys", 20, 90, "min")]),
    ("Cold start from 1.2 s to 300 ms", [ParsedMetric("Cold start", 300, 1200, "ms")]),
    ("Review from 1 day to 3 hours", [ParsedMetric("Review", 3, 24, "hours")]),
    ("Wait from 3 hours to 2 hrs", [ParsedMetric("Wait", 2, 3, "hrs")]),
    ("Price from $12 to €10", [ParsedMetric("Price", 10, 12, "€", note="before was written in $: write both in one unit")]),
    ("Backlog from 3 weeks to 4 days", [ParsedMetric("Backlog", 4, 21, "days")]),
    ("Build from 2 Hours to 45 minutes", [ParsedMetric("Build", 45, 120, "minutes")]),  # a unit in capitals converts too
    ("Median time to first review for new PRs -20%", [ParsedMetric("first review for new PRs", -20, None, "%", change=True)]),
    ("+12% checkout conversion on mobile web", [ParsedMetric("checkout conversion", 12, None, "%", change=True)]),
    ("up 3 points on NPS", [ParsedMetric("NPS", 3, None, "points", change=True)]),  # the name after a preposition
    ("+8% in the activation rate of new teams", [ParsedMetric("activation rate", 8, None, "%", change=True)]),
    ("+12%, all from repeat buyers", [ParsedMetric("result", 12, None, "%", change=True)]),  # the next clause names nothing
    ("* Build time -40%", [ParsedMetric("Build time", -40, None, "%", change=True)]),  # a list marker is no word
    ("Conversion from 40% to 55", [ParsedMetric("Conversion", 55, 40, "%")]),  # the unit written once, before
    ("from 4 to 9, all from referrals", [ParsedMetric("result", 9, 4, "")]),
    ("Conversion went up 3 points", [ParsedMetric("Conversion", 3, None, "points", change=True)]),  # the verb after it is no name
    ("Grew signups from 400 to 900 by 125%", [ParsedMetric("signups", 900, 400, "")]),  # overlapping readings count once
    ("Stars from 900 to 2000", [ParsedMetric("Stars", 2000, 900, "")]),  # one number like a year is still a number
    ("Build from 3 steps to 2 hours", [ParsedMetric("Build", 2, 3, "hours", note="before was written in steps: write both in one unit")]),
    ("Backup from 2 hours to 300 MB", [ParsedMetric("Backup", 300, 2, "MB", note="before was written in hours: write both in one unit")]),
    # a before and after wins over the change it overlaps (`up 3.2s` was read as a change named "→ 1.1s")
    ("sped up 3.2s → 1.1s", [ParsedMetric("result", 1.1, 3.2, "s")]),
    ("Sped up page load 3.2s → 1.1s", [ParsedMetric("page load", 1.1, 3.2, "s")]),  # was named "up page load"
    ("Brought down p95 latency from 900 to 300 ms", [ParsedMetric("p95 latency", 300, 900, "ms")]),
    # a number with an exponent is none: it was read as 2 in the unit `e`, 1.5e3ms as 1
    ("Activation from 10 to 2e3 users", []),
    ("Latency from 10 to 1.5e3ms", []),
    ("Signups from 40 to 55.", [ParsedMetric("Signups", 55, 40, "")]),
])
def test_parse_metrics(text: str, expected: list[ParsedMetric]) -> None:
    assert parse_metrics(text) == expected


@pytest.mark.parametrize(("text", "written", "kept"), [
    ("activation +99999999999999999999999999999999999%", "99999999999999999999999999999999999", 1e35),
    ("latency from 0.30000000000000001 s to 0.2 s", "0.30000000000000001", 0.3),
    ("NPS up 12345678901234567 points", "12345678901234567", 12345678901234568),
    ("ARR from $1 to $99999999999999999999M", "99999999999999999999M", 1e26),
    ("activation +1" + "0" * 400 + "%", "1" + "0" * 400, math.inf),
])
def test_parse_metrics_refuses_a_number_a_float_does_not_hold_as_written(text: str, written: str, kept: float) -> None:
    with pytest.raises(InexactNumber) as refused:
        parse_metrics(text)
    assert (refused.value.written, refused.value.kept) == (written, kept)


@pytest.mark.parametrize(("text", "expected"), [
    ("users +1,000,000,000,000,000,000,000,000%", [ParsedMetric("users", 1e24, None, "%", change=True)]),  # 1e24 exactly
    ("rate from 0.123456789012345 to 0.5", [ParsedMetric("rate", 0.5, 0.123456789012345, "")]),  # 15 figures
])
def test_parse_metrics_takes_a_long_number_a_float_holds_as_written(text: str, expected: list[ParsedMetric]) -> None:
    assert parse_metrics(text) == expected


@pytest.mark.parametrize(("text", "slug"), [
    ("Lead a team of six", "lead-a-team-of-six"),
    ("Ærø — Łódź & Straße", "aero-lodz-strasse"),
    ("  --Hello,   World!--  ", "hello-world"),
    ("C++ & Rust: what's next?", "c-rust-whats-next"),  # an apostrophe does not split a word
    ("Mentor’s guide to O'Reilly", "mentors-guide-to-oreilly"),
    ("rock 'n' roll, 'quoted'", "rock-n-roll-quoted"),
    ("日本語", ""),
    ("word " * 40, ("word-" * 12).rstrip("-")),
    ("x" * 10 + " " + "y" * 49 + " z", "x" * 10 + "-" + "y" * 49),  # exactly 60 characters
    ("a" * 30 + " " + "b" * 29, "a" * 30 + "-" + "b" * 29),  # 60 characters in all: kept whole
    ("a" * 30 + " " + "b" * 30 + " ccc", "a" * 30),  # the second word would end at 61
    ("x" * 70, "x" * 60),  # one word longer than an id
])
def test_id_from_text(text: str, slug: str) -> None:
    assert id_from_text(text) == slug


@given(st.text(max_size=80))
def test_id_from_text_always_gives_a_valid_id_or_nothing(text: str) -> None:
    slug = id_from_text(text)
    assert slug == "" or (ID_RE.fullmatch(slug) and len(slug) <= 60 and not slug.endswith("-"))


@pytest.mark.parametrize(("text", "written"), [
    ("Led the API redesign", "Led the API redesign"),
    ("C++ & Rust: what's next?", '"C++ & Rust: what\'s next?"'),
    ("🚀 Launch day 🎉", '"🚀 Launch day 🎉"'),
    ("👩‍💻 at 成为 Zürich", '"👩‍💻 at 成为 Zürich"'),
    ("a \\U0001F680 b 🚀", '"a \\\\U0001F680 b 🚀"'),
    ("tab\there", '"tab\\there"'),
])
def test_yaml_text_keeps_every_printable_character_as_written(text: str, written: str) -> None:
    """An emoji in a title was written as `\\U0001F680`: YAML reads it back, but the person
    who opens the file to edit it sees escapes where they typed a rocket."""
    assert yaml_text(text) == written


@given(st.text(max_size=80))
def test_yaml_text_reads_back_as_written(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_text(text)}\n")["key"] == text


def test_log_prints_a_change_with_its_sign_and_no_line_for_a_date_it_was_given(write_project, tmp_path, run_cli,  # type: ignore[no-untyped-def]
                                                                                monkeypatch) -> None:
    """A rise gets `+` however small, no change gets none; with `--date` there is no line
    saying which day the config pins, not even an empty one."""
    monkeypatch.chdir(write_project(tmp_path, {}))
    lines = {text: run_cli("log", text, "--date", "2026-11-01") for text in ("Conversion up 0.5 points", "Churn +0%")}
    assert lines == {
        "Conversion up 0.5 points": (0, "content/evidence/conversion-up-0-5-points.md\n  metric: Conversion: +0.5 points (change)\n", ""),
        "Churn +0%": (0, "content/evidence/churn-0.md\n  metric: Churn: 0 % (change)\n", ""),
    }


def test_an_option_of_log_without_its_value_is_a_usage_error(write_project, tmp_path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("log", "Shipped it", write_project(tmp_path, {}), "--goal")
    assert (code, out, err.splitlines()[-1]) == (2, "", "goalfolio log: error: argument --goal: expected one argument")
