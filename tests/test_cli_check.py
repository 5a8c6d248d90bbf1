"""`goalfolio check` from the command line: the bad-input corpus, exit codes, JSON, schema, version.

The corpus: each folder in tests/corpus/ is one defect. Its files are laid out as in a project
(`goalfolio.yaml`, `content/...`) and written over a minimal valid project; `omit.txt` lists
default files to leave out, `symlinks.txt` holds `link -> target` lines, an `outside/` folder is
copied next to the project (for links that leave it), and `expected.txt` holds the exact
diagnostic lines (`path:line:col: severity: message` and `    hint: ...`) that check prints.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
SPECIAL = {"expected.txt", "omit.txt", "symlinks.txt"}
DIAGNOSTIC_LINE = re.compile(r"^(\S+:\d+:\d+: (error|warning): .*|    hint: .*)$")


def build_case(case: Path, tmp_path: Path) -> Path:
    """Lay out one corpus case as a project under tmp_path and return its root."""
    files: dict[str, str | bytes | None] = {}
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case).as_posix()
        if path.is_file() and relative not in SPECIAL and not relative.startswith("outside/"):
            files[relative] = path.read_bytes()
    omit = case / "omit.txt"
    for line in omit.read_text().splitlines() if omit.exists() else []:
        files[line.strip()] = None
    root = make_project(tmp_path, files)
    if (case / "outside").is_dir():
        shutil.copytree(case / "outside", tmp_path / "outside")
    links = case / "symlinks.txt"
    for line in links.read_text().splitlines() if links.exists() else []:
        link, target = (part.strip() for part in line.split("->"))
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(target)
    return root


def diagnostic_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if DIAGNOSTIC_LINE.match(line)]


def test_corpus_is_not_empty():
    assert len(CASES) >= 39


@pytest.mark.parametrize("name", CASES)
def test_corpus_case(name, tmp_path, run_cli):
    case = CORPUS / name
    root = build_case(case, tmp_path)
    code, out, err = run_cli("check", root)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert diagnostic_lines(out + err) == expected
    assert code == 1
    assert "Traceback" not in out + err


# --- exit codes and output -------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
GOAL = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n{extra}---\nThe plan.\n"
WARNING_ONLY = {"content/goals/lead.md": GOAL.format(extra="feedback: [My manager]\n")}


def test_quoted_dates_read_as_the_dates_they_name(write_project, tmp_path, run_cli):
    """`date: "2026-03-01"`, as Hugo's archetypes and YAML 1.2 tools write it, checks and builds
    as `date: 2026-03-01` does; it was an error."""
    evidence = "---\ntitle: Shipped refunds\ndate: 2026-03-02\nkind: project\ngoals: [lead]\n---\nStory.\n"
    review = "---\ndate: 2026-10-30\n---\nNotes.\n"
    files = {"content/goals/lead.md": GOAL.format(extra="milestones:\n  - {title: First hire, due: 2026-03-31}\n"),
             "content/evidence/refunds.md": evidence, "content/reviews/q4.md": review}
    plain = write_project(tmp_path / "plain", files)
    quoted = write_project(tmp_path / "quoted", {path: re.sub(r"(\d{4}-\d{2}-\d{2})", r"'\1'", text) for path, text in files.items()},
                           config="title: Test portfolio\ntoday: \"2026-11-20\"\n")
    assert "start: '2026-01-05'" in (quoted / "content/goals/lead.md").read_text()
    assert run_cli("check", quoted) == run_cli("check", plain)
    assert run_cli("build", quoted)[0] == 0 and run_cli("build", plain)[0] == 0
    assert (quoted / "site/portfolio.json").read_bytes() == (plain / "site/portfolio.json").read_bytes()


def test_clean_project_exits_0(write_project, tmp_path, run_cli):
    code, out, err = run_cli("check", write_project(tmp_path, {}))
    assert (code, out, err) == (0, "no problems found\n", "")


def test_errors_exit_1(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="statuss: active\n")})
    code, out, err = run_cli("check", root)
    assert (code, err) == (1, "")
    assert out == (
        "content/goals/lead.md:6:1: error: unknown field `statuss`\n"
        "    hint: did you mean `status`?\n"
        "\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_warnings_exit_0_and_1_with_strict(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, WARNING_ONLY)
    code, out, _ = run_cli("check", root)
    assert code == 0
    assert out.endswith("0 errors, 5 warnings in 1 file\n")
    assert run_cli("check", "--strict", root)[0] == 1
    assert run_cli("check", root, "--strict", "--format", "json")[0] == 1


LAUNCH = "---\ntitle: Launch #2\ndate: 2026-03-02\nkind: project\n---\nStory.\n"
LAUNCH_WARNING = ("content/evidence/launch.md:2:15: warning: the text after `#` is a YAML comment, so `title` is `Launch`, "
                  "not `Launch #2`\n"
                  '    hint: quote the value to keep it: `title: "Launch #2"`\n')


def assert_a_warning_of_check_and_every_build(run_cli, root: Path, warning: str) -> None:  # type: ignore[no-untyped-def]
    """`check` reports it and passes, `check --strict` fails on it, and a build, cached or
    not, reports it and goes on."""
    assert run_cli("check", root) == (0, warning + "\n0 errors, 1 warning in 1 file\n", "")
    assert run_cli("check", "--strict", root)[0] == 1
    for args in (("--no-cache",), (), ()):  # the last build is reused whole from the cache
        code, out, err = run_cli("build", root, *args)
        assert (code, err) == (0, warning), args
        assert out.startswith("built ")


def test_a_comment_that_cuts_a_text_short_is_a_warning_of_check_and_of_every_build(write_project, tmp_path, run_cli):
    """`title: Launch #2` was published as "Launch" without a word. The warning fails
    `check --strict` only; a build, cached or not, reports it and goes on."""
    root = write_project(tmp_path, {"content/evidence/launch.md": LAUNCH})
    assert_a_warning_of_check_and_every_build(run_cli, root, LAUNCH_WARNING)
    assert "<h1>Launch</h1>" in (root / "site/evidence/launch/index.html").read_text(encoding="utf-8")


def test_a_comment_that_cuts_a_text_short_is_reported_beside_the_files_errors(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"content/evidence/launch.md": LAUNCH.replace("kind: project", "kind: projet")})
    code, out, _ = run_cli("check", root)
    assert (code, out) == (1, LAUNCH_WARNING + (
        "content/evidence/launch.md:4:7: error: `kind` must be one of project, result, certification, course, talk, publication, "
        "interview, referral, assignment, other; got `projet`\n"
        "    hint: did you mean `project`?\n"
        "\n1 error, 1 warning in 1 file\n"))


TODO_WARNING = ("content/todo.txt:1:1: warning: `todo.txt` is not read: the top of content/ holds only `profile.md` and the "
                "content folders\n"
                "    hint: move it into content/assets/ to publish it, or out of content/\n")


def test_a_file_at_the_top_of_content_is_a_warning_of_check_and_of_every_build(write_project, tmp_path, run_cli):
    """It was ignored without a word, as no file in a content folder is."""
    root = write_project(tmp_path, {"content/todo.txt": "Ask Sam for an endorsement.\n"})
    assert_a_warning_of_check_and_every_build(run_cli, root, TODO_WARNING)


CONFIG_WARNING = ("goalfolio.yaml:1:21: warning: the text after `#` is a YAML comment, so `title` is `My portfolio`, "
                  "not `My portfolio #1`\n"
                  '    hint: quote the value to keep it: `title: "My portfolio #1"`\n')


def test_a_comment_that_cuts_a_text_of_the_config_short_is_a_warning_of_check_and_of_every_build(write_project, tmp_path, run_cli):
    """goalfolio.yaml was not looked at: `title: My portfolio #1` titled the site "My
    portfolio" without a word. Read once, as the content's front matter is."""
    root = write_project(tmp_path, config="title: My portfolio #1\ntoday: 2026-11-20\n")
    assert_a_warning_of_check_and_every_build(run_cli, root, CONFIG_WARNING)
    assert '<meta property="og:site_name" content="My portfolio">' in (root / "site/index.html").read_text(encoding="utf-8")


def test_a_comment_that_cuts_a_text_of_the_config_short_is_reported_beside_its_errors_and_the_contents(
        write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"content/evidence/launch.md": LAUNCH}, config="title: My portfolio #1\ntitel: x\n")
    code, out, _ = run_cli("check", root)
    assert (code, out) == (1, LAUNCH_WARNING + "\n" + CONFIG_WARNING + (
        "goalfolio.yaml:2:1: error: unknown field `titel`\n"
        "    hint: did you mean `title`?\n"
        "\n1 error, 2 warnings in 2 files\n"))


MANY_WARNINGS_CONFIG = (
    "title: My portfolio #1\nlanguage: nl\ntoday: 2026-11-20\nframeworks:\n  talks:\n    title: Talks\n    steps:\n"
    "      - id: first\n        title: Give a talk\n        requires:\n          - {check: evidence, count: 2, kind: [talk]}\n"
    "          - {check: evidence, count: 2, kind: [talk]}\n"
    "      - id: second\n        title: Give a talk\n        requires:\n          - {check: evidence, count: 2, kind: [talk]}\n"
)
MANY_WARNINGS = {
    "content/goals/lead.md": GOAL.format(extra="framework: talks\nfeedback: [Priya Shah (mentor)]\n"),
    "content/evidence/launch.md": LAUNCH.replace("kind: project", "kind: project\nmetrics: [{name: Users, after: 12.000}]"),
    "content/endorsements/mentor.md": "---\nauthor: Priya Shah\nrole: Mentor\nrelationship: mentor\ndate: 2026-09-03\n"
                                      "attribution: anonymous\n---\nShe grew fast.\n",
    "content/reviews/old.md": "---\ndate: 2025-01-10\n---\nNotes.\n",
    "content/todo.txt": "Ask Sam.\n",
}


def told(output: str) -> list[str]:
    """Each problem of an output, its line and its hint."""
    lines = diagnostic_lines(output)
    return [f"{line}\n{hint}" for line, hint in zip(lines[::2], lines[1::2])]


def test_every_warning_of_the_config_and_the_content_is_told_once(write_project, tmp_path, run_cli):
    """Two steps of one framework with one title, unmet, were two identical lines, and so
    were two requirements of one step missing the same. A project with a warning of every
    kind, through `check`, its JSON and every build: each is told once."""
    root = write_project(tmp_path, MANY_WARNINGS, config=MANY_WARNINGS_CONFIG)
    _, out, _ = run_cli("check", root)
    found = told(out)
    assert sorted(found) == sorted(set(found)) and len(found) == 13
    assert [line.split(": warning: ")[1].split(" is not met")[0] for line in found if "is not met" in line] == [
        "Talks: step `Give a talk` (id `first`)", "Talks: step `Give a talk` (id `second`)"]
    problems = json.loads(run_cli("check", root, "--format", "json")[1])["problems"]
    assert len({json.dumps(problem, sort_keys=True) for problem in problems}) == len(problems) == 13
    for args in (("--no-cache",), (), ("--jobs", "2")):
        code, _, err = run_cli("build", root, *args)
        assert (code, sorted(told(err))) == (0, sorted(set(told(err)))), args
        assert len(told(err)) == 5


def test_text_output_groups_per_file_then_scores_then_summary(write_project, tmp_path, run_cli):
    _, out, _ = run_cli("check", write_project(tmp_path, WARNING_ONLY))
    assert out == (
        "content/goals/lead.md:1:1: warning: there is no review of this active goal yet\n"
        "    hint: write a review with readings of each indicator, then one at least every 95 days: `goalfolio new review`\n"
        "content/goals/lead.md:2:1: warning: audit 2/6: which 3 measurable indicators show progress?"
        " (fewer than 3 indicators)\n"
        "    hint: add 3 more indicators, each with a target (3-5 leading and 1-2 lagging work best)\n"
        "content/goals/lead.md:2:1: warning: audit 2/6: what skills, experiences or credentials are missing?"
        " (no gaps listed)\n"
        "    hint: list what the target role expects that you lack under `gaps:`, each with a plan\n"
        "content/goals/lead.md:2:1: warning: audit 2/6: what is the timeline, with three checkpoints?"
        " (fewer than 3 checkpoints on or before the target date)\n"
        "    hint: add 3 more milestones due on or before the target date\n"
        "content/goals/lead.md:2:1: warning: audit 2/6: how does the goal account for life and mobility preferences?"
        " (life and mobility not considered)\n"
        "    hint: say under `mobility:` how the goal fits your life, location and relocation plans\n"
        "\n"
        "Goals (coaching checklist):\n"
        "  lead  2/6  not measured  content/goals/lead.md  missing: indicators, gaps, timeline, mobility\n"
        "0 errors, 5 warnings in 1 file\n"
    )



def test_the_score_table_lines_up_goals_and_cases_of_different_lengths(write_project, tmp_path, run_cli):
    """Each column is as wide as its longest entry, so ids, scores and paces line up."""
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\nframework: evidence-ladder\n---\nA story.\n"
    indicator = "indicators:\n  - {id: hires, name: Hires, kind: lagging, target: 3}\n"
    root = write_project(tmp_path, {**WARNING_ONLY, "content/goals/lead-the-platform.md": GOAL.format(extra=indicator),
                                    "content/cases/promo.md": case, "content/cases/a-longer-case.md": case})
    _, out, _ = run_cli("check", root)
    assert out.endswith(
        "Goals (coaching checklist):\n"
        "  lead               2/6  not measured  content/goals/lead.md  missing: indicators, gaps, timeline, mobility\n"
        "  lead-the-platform  1/6  off track     content/goals/lead-the-platform.md"
        "  missing: indicators, gaps, timeline, feedback, mobility\n"
        "Cases (framework readiness):\n"
        "  a-longer-case  Evidence Ladder  0/4 steps met  content/cases/a-longer-case.md\n"
        "  promo          Evidence Ladder  0/4 steps met  content/cases/promo.md\n"
        "0 errors, 20 warnings in 4 files\n")


def test_check_of_a_project_without_a_theme_of_its_own_checks_and_renders_no_template(write_project, tmp_path, run_cli,
                                                                                       monkeypatch):
    """Only a theme of the project's own can fail as its pages render: `check` of any other
    project builds none of them in memory (every audience's and the owner's)."""
    def refused(*args, **kwargs):
        raise AssertionError("a theme was checked")

    monkeypatch.setattr("goalfolio.build.Builder.build", refused)
    monkeypatch.setattr("goalfolio.themeerrors.theme_problems", refused)
    code, out, _ = run_cli("check", write_project(tmp_path, WARNING_ONLY))
    assert (code, out.splitlines()[-1]) == (0, "0 errors, 5 warnings in 1 file")

@pytest.mark.parametrize("output", ["text", "json"])
def test_a_terminal_that_cannot_show_a_character_gets_an_escape(write_project, tmp_path, output):
    """An en dash in a file name, checked in a Latin-1 locale: no crash, and JSON reads back."""
    root = write_project(tmp_path, {"content/goals/lead\u2013team.md": WARNING_ONLY["content/goals/lead.md"]})
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run([sys.executable, "-m", "goalfolio", "check", str(root), "--format", output],
                          capture_output=True, env=env)
    assert (done.returncode, done.stderr) == (1, b"")
    if output == "json":
        assert [d["path"] for d in json.loads(done.stdout)["problems"]] == ["content/goals/lead\u2013team.md"]
    else:
        assert done.stdout.startswith(b"content/goals/lead\\u2013team.md:1:1: error: ")


def test_control_characters_in_a_file_name_reach_the_terminal_as_escapes(write_project, tmp_path, run_cli):
    """A file name from someone else's commit printed as it was: an escape sequence set the
    terminal's title or colours, a CR or line break overwrote or forged a line of the report."""
    name = "content/evidence/\x1b]0;pwned\x07\x1b[2K\rok\nbuilt.txt"
    code, out, err = run_cli("check", write_project(tmp_path, {name: "x"}))
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "content/evidence/\\x1b]0;pwned\\x07\\x1b[2K\\x0dok\\x0abuilt.txt:1:1: warning: "
        "`\\x1b]0;pwned\\x07\\x1b[2K\\x0dok\\x0abuilt.txt` is not a Markdown file and is ignored",
        "    hint: content files end in .md; put images and files in content/assets/"]


def test_config_errors_are_part_of_checks_report_and_exit_1(write_project, tmp_path, run_cli):
    """Content problems and config problems both come on stdout: `check > report.txt` was
    empty when the config was the problem."""
    code, out, err = run_cli("check", write_project(tmp_path, {}, config="title: t\nthem: dark\n"))
    assert (code, err) == (1, "")
    assert out == (
        "goalfolio.yaml:2:1: error: unknown field `them`\n"
        "    hint: did you mean `theme`?\n"
        "\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_build_prints_config_errors_on_stderr(write_project, tmp_path, run_cli):
    code, out, err = run_cli("build", write_project(tmp_path, {}, config="title: t\nthem: dark\n"), "--no-cache")
    assert (code, out) == (1, "")
    assert err == (
        "goalfolio.yaml:2:1: error: unknown field `them`\n"
        "    hint: did you mean `theme`?\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_a_config_field_the_content_does_not_depend_on_hides_no_content_problem(write_project, tmp_path, run_cli):
    """A typo in `title:` used to hide every reference problem until it was fixed."""
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="visibility: [board]\n"),
                                    "content/evidence/win.md": "---\ntitle: Win\ndate: 2026-01-02\nkind: result\ngoals: [laed]\n---\nText.\n"},
                         config="titel: Test portfolio\naudiences: [manager]\n")
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert [line for line in out.splitlines() if ": error: " in line] == [
        "content/evidence/win.md:5:9: error: no goal with the id `laed`",
        "content/goals/lead.md:6:14: error: the audience `board` is not declared in goalfolio.yaml",
        "goalfolio.yaml:1:1: error: unknown field `titel`",
    ]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_config_field_the_content_does_not_depend_on_hides_no_body_or_theme_problem(write_project, tmp_path, run_cli, command):
    """A bad `base_url` hid a missing image in a body and a theme that does not exist, which
    the next run then reported one after the other."""
    root = write_project(tmp_path, {"content/evidence/win.md": "---\ntitle: Win\ndate: 2026-01-02\nkind: result\n---\n![chart](assets/chart.png)\n"},
                         config="title: Test portfolio\nbase_url: example.com\ntheme: nosuch\n")
    code, out, err = run_cli(command, root)
    assert code == 1
    assert diagnostic_lines(out + err) == [
        "content/evidence/win.md:6:10: error: the image `assets/chart.png` is not in content/assets/",
        "    hint: put the file at content/assets/chart.png, or correct the path",
        "goalfolio.yaml:2:11: error: base_url `example.com` must start with https:// (or http://)",
        "    hint: write the address the site is published at, e.g. https://you.github.io/portfolio/",
        "goalfolio.yaml:3:8: error: the theme `nosuch` was found neither in themes/ nor among the built-in themes",
        "    hint: built-in themes: default; or create themes/nosuch/templates/",
    ]


def test_build_reports_a_missing_theme_beside_the_contents_problems(write_project, tmp_path, run_cli):
    """`check` reported both; `build` reported the content's, and the theme only once they were fixed."""
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="statuss: active\n")},
                         config="title: Test portfolio\ntheme: nosuch\n")
    code, out, err = run_cli("build", root, "--no-cache")
    assert (code, out) == (1, "")
    assert diagnostic_lines(err) == [
        "content/goals/lead.md:6:1: error: unknown field `statuss`",
        "    hint: did you mean `status`?",
        "goalfolio.yaml:2:8: error: the theme `nosuch` was found neither in themes/ nor among the built-in themes",
        "    hint: built-in themes: default; or create themes/nosuch/templates/",
    ]


@pytest.mark.parametrize(("written", "meant"), [("audience", "audiences"), ("framework", "frameworks")])
def test_a_misspelt_config_field_the_content_depends_on_leaves_references_unchecked(write_project, tmp_path, run_cli,
                                                                                   written, meant):
    """Dropping `audience:` as an unknown field and checking the content without it gave
    false errors: every audience the content uses was "not declared"."""
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="visibility: [board]\n")},
                         config=f"title: Test portfolio\n{written}: [board]\n")
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert [line for line in out.splitlines() if ": error: " in line] == [f"goalfolio.yaml:2:1: error: unknown field `{written}`"]
    assert f"did you mean `{meant}`?" in out


def test_a_broken_config_field_the_content_depends_on_leaves_references_unchecked(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"content/evidence/win.md": "---\ntitle: Win\ndate: 2026-01-02\nkind: result\ngoals: [laed]\nstatuss: x\n---\nText.\n"},
                         config="title: Test portfolio\naudiences: manager\n")
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert [line for line in out.splitlines() if ": error: " in line] == [
        "content/evidence/win.md:6:1: error: unknown field `statuss`",
        "goalfolio.yaml:2:12: error: `audiences` must be a list, but got the text `manager`",
    ]


def test_a_linked_file_missing_from_assets_is_an_error_in_the_body_and_under_links(write_project, tmp_path, run_cli):
    evidence = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\nlinks:\n  - {title: Slides, url: assets/slides.pdf}\n"
                "  - {title: Notes, url: assets/notes.txt}\n---\nThe [deck](assets/deck.pdf) and [notes](../assets/notes.txt),\n"
                "then [the deck again](assets/deck.pdf) and\n[a draft](<assets/my draft.pdf>) and [again](assets/my%20draft.pdf).\n")
    root = write_project(tmp_path, {"content/evidence/talk.md": evidence, "content/assets/notes.txt": "Notes.\n"})
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert [line for line in (out if command == "check" else err).splitlines() if ": error: " in line] == [
            "content/evidence/talk.md:6:26: error: the file `assets/slides.pdf` is not in content/assets/",
            "content/evidence/talk.md:9:12: error: the file `assets/deck.pdf` is not in content/assets/",
            "content/evidence/talk.md:10:23: error: the file `assets/deck.pdf` is not in content/assets/",
            "content/evidence/talk.md:11:12: error: the file `assets/my%20draft.pdf` is not in content/assets/",
            "content/evidence/talk.md:11:46: error: the file `assets/my%20draft.pdf` is not in content/assets/",
        ]


def test_a_missing_file_named_by_a_reference_definition_is_an_error(write_project, tmp_path, run_cli):
    """A body whose only link is `[text][name]` with `[name]: path` below it is searched for
    links as one with `](` is."""
    talk = "---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\nThe [slides][deck] and more.\n\n[deck]: assets/deck.pdf\n"
    root = write_project(tmp_path, {"content/evidence/talk.md": talk})
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert diagnostic_lines(out) == [
        "content/evidence/talk.md:6:1: error: the file `assets/deck.pdf` is not in content/assets/",
        "    hint: put the file at content/assets/deck.pdf, or correct the path",
    ]


def test_an_asset_named_with_accents_written_another_way_is_named_in_the_error(write_project, tmp_path, run_cli):
    """macOS may write `é` in a file name as `e` and a combining accent: the path typed in
    the content then names another file, as a web server reads it, and the error said the
    file was not there, beside the file the owner could see."""
    composed, decomposed = "caf\u00e9.svg", "cafe\u0301.svg"
    evidence = (f"---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\nlinks:\n  - {{title: Slides, url: assets/{composed}}}\n---\n"
                f"![Logo](assets/{composed}) and ![the other](assets/r\u00e9sum\u00e9.svg)\n")
    root = write_project(tmp_path, {"content/evidence/talk.md": evidence, f"content/assets/{decomposed}": "<svg/>",
                                    "content/profile.md": f"---\nname: Test Person\nphoto: {composed}\n---\nBio.\n"})
    code, out, _ = run_cli("check", root)
    assert code == 1
    other = (f"the file `{decomposed}` there writes its accents another way (each as a letter and a combining mark), "
             "and a web server takes the two for different names")
    assert [line for line in out.splitlines() if ": error: " in line] == [
        f"content/evidence/talk.md:6:26: error: the file `assets/{composed}` is not in content/assets/: {other}",
        "content/evidence/talk.md:8:9: error: the image `assets/caf%C3%A9.svg` is not in content/assets/: " + other,
        "content/evidence/talk.md:8:43: error: the image `assets/r%C3%A9sum%C3%A9.svg` is not in content/assets/",
        f"content/profile.md:3:8: error: the photo `{composed}` is not in content/assets/: {other}",
    ]
    assert out.count("hint: rename the file by typing its name again (macOS may write accents as combining marks), "
                     "or copy its name into the path") == 3


def test_a_link_to_an_item_page_no_build_showing_it_makes_is_an_error(write_project, tmp_path, run_cli):
    """A link to `evidence/secret/` is written as it is: from a public page it was a broken
    link naming a private item. One to an item that does not exist is broken everywhere."""
    public = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\nlinks:\n  - {title: Notes, url: evidence/secret/index.html}\n---\n"
              "See [notes](evidence/secret/), [the plan](goals/laed/#why) and [mine](evidence/mine/)\n"
              "beside [the goal](goals/lead/), [talks](evidence/kind/talk/) and [a page](<evidence/no such/>).\n"
              "And [kinds](evidence/kind/), [skills](evidence/skill#top) or [one](evidence/skill/sql/).\n")
    for_manager = "---\ntitle: Mine\ndate: 2026-03-13\nkind: result\nvisibility: [manager]\n---\nAs in [notes](evidence/secret).\n"
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\nAs in [mine](evidence/mine/).\n"
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra=""), "content/evidence/talk.md": public,
                                    "content/evidence/mine.md": for_manager, "content/evidence/secret.md": private},
                         config="title: Test portfolio\naudiences: [manager]\n")
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert diagnostic_lines(out if command == "check" else err) == [
            "content/evidence/mine.md:7:15: error: the link `evidence/secret` leads to the page of a private item, which the build for `manager` does not make",
            "    hint: cite it as `[[secret]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id",
            "content/evidence/talk.md:6:25: error: the link `evidence/secret/index.html` leads to the page of a private item, which a public build does not make",
            "    hint: cite it as `[[secret]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id",
            "content/evidence/talk.md:8:13: error: the link `evidence/secret/` leads to the page of a private item, which a public build does not make",
            "    hint: cite it as `[[secret]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id",
            "content/evidence/talk.md:8:43: error: the link `goals/laed/#why` leads to the page of `laed`, and content/goals/ has no such item",
            "    hint: did you mean `goals/lead/`?",
            "content/evidence/talk.md:8:71: error: the link `evidence/mine/` leads to the page of a non-public item, which a public build does not make",
            "    hint: cite it as `[[mine]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id",
            "content/evidence/talk.md:9:76: error: the link `evidence/no%20such/` leads to the page of `no such`, and content/evidence/ has no such item",
            "    hint: check the ids in content/evidence/, or cite an item as [[id]]",
            "content/evidence/talk.md:10:13: error: the link `evidence/kind/` leads to `evidence/kind/`, which is no page: only the folders in it are",
            "    hint: link to one kind's page, `evidence/kind/<name>/`, or to all of them at `evidence/`",
            "content/evidence/talk.md:10:39: error: the link `evidence/skill#top` leads to `evidence/skill/`, which is no page: only the folders in it are",
            "    hint: link to one skill's page, `evidence/skill/<name>/`, or to all of them at `evidence/`",
            "content/evidence/talk.md:10:68: error: the link `evidence/skill/sql/` leads to no page: `sql` is not a skill of any evidence shown with this item",
            "    hint: link to all the evidence at `evidence/`",
        ]


def test_a_link_to_a_page_the_site_never_makes_is_an_error(write_project, tmp_path, run_cli):
    """`about/`, a kind misspelt (`talks`), a kind or skill that only a private item has: the
    link was written as it stood, broken on every page that showed it."""
    public = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\nskills: [SQL]\n---\n"
              "See [about](about/), [goal](goal/lead/), [talks](evidence/kind/talks/) and [sql](evidence/skill/sql/),\n"
              "[results](evidence/kind/result/), [pricing](evidence/skill/pricing/index.html) and [sqll](evidence/skill/sqll/).\n"
              "Fine: [talk](evidence/kind/talk/), [progress](progress/), [home](index.html), [feed](feed.xml).\n")
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nskills: [Pricing]\nvisibility: private\n---\nNotes.\n"
    root = write_project(tmp_path, {"content/evidence/talk.md": public, "content/evidence/secret.md": private})
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert diagnostic_lines(out if command == "check" else err) == [
            "content/evidence/talk.md:7:13: error: the link `about/` leads to no page of the site",
            "    hint: the site's pages are the dashboard and those under `goals/`, `progress/`, `evidence/`, `endorsements/`, "
            "`reviews/`, `cases/`; cite an item as [[id]]",
            "content/evidence/talk.md:7:29: error: the link `goal/lead/` leads to no page of the site",
            "    hint: did you mean `goals/`?",
            "content/evidence/talk.md:7:50: error: the link `evidence/kind/talks/` leads to no page: `talks` is not a kind of evidence",
            "    hint: did you mean `evidence/kind/talk/`?",
            "content/evidence/talk.md:8:11: error: the link `evidence/kind/result/` leads to no page: no evidence shown with this item is a result",
            "    hint: a kind's page lists its evidence, and it has none to list; link to all the evidence at `evidence/`",
            "content/evidence/talk.md:8:45: error: the link `evidence/skill/pricing/index.html` leads to no page: "
            "`pricing` is not a skill of any evidence shown with this item",
            "    hint: link to all the evidence at `evidence/`",
            "content/evidence/talk.md:8:91: error: the link `evidence/skill/sqll/` leads to no page: "
            "`sqll` is not a skill of any evidence shown with this item",
            "    hint: did you mean `evidence/skill/sql/`?",
        ]


def test_an_image_of_a_path_without_an_extension_is_checked_as_a_link_is(write_project, tmp_path, run_cli):
    """`![x](images/photo)`, `![x](goals/nope/)`, an image of a page, and one of a private
    item's page, which published its id (`<img src="../secret/index.html">`): all were
    written broken with exit 0, where the same targets as links were errors."""
    public = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n"
              "See ![a](images/photo), ![b](goals/nope/) and ![c](goals/lead),\n"
              "![d](evidence/secret/) and ![e](progress/index.html).\n"
              "Fine: ![f](assets/chart.png), [g](goals/lead/).\n")
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\nNotes.\n"
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra=""), "content/evidence/talk.md": public,
                                    "content/evidence/secret.md": private, "content/assets/chart.png": b"png"})
    hint = "    hint: an image shows a file: put it in content/assets/ and write its path, extension and all (`assets/photo.jpg`)"
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert diagnostic_lines(out if command == "check" else err) == [
            "content/evidence/talk.md:6:10: error: the image `images/photo` leads to no page of the site", hint,
            "content/evidence/talk.md:6:30: error: the image `goals/nope/` leads to the page of `nope`, and content/goals/ has no such item",
            hint,
            "content/evidence/talk.md:6:52: error: the image `goals/lead` leads to a page of the site, not to an image",
            hint + "; to lead to the page, write a link, `[text](goals/lead)`",
            "content/evidence/talk.md:7:6: error: the image `evidence/secret/` leads to the page of a private item, which a public "
            "build does not make", hint,
            "content/evidence/talk.md:7:33: error: the image `progress/index.html` leads to a page of the site, not to an image",
            hint + "; to lead to the page, write a link, `[text](progress/index.html)`",
        ]
    assert not (root / "site").exists()


def test_a_link_to_a_kind_or_skill_page_is_judged_in_each_build_showing_it(write_project, tmp_path, run_cli):
    """A kind's or skill's page had to come from evidence that every build showing the link
    shows: an item for the manager and the committee could not link to the interviews, or to
    a skill, that each of the two builds has from evidence of its own, though both make the
    page. A public item linking to the page of a kind only hidden items have still may not."""
    def evidence(kind: str, skill: str, visibility: str, body: str = "Notes.") -> str:
        return f"---\ntitle: Work\ndate: 2026-03-12\nkind: {kind}\nskills: [{skill}]\nvisibility: {visibility}\n---\n{body}\n"

    files = {
        "content/evidence/for-manager.md": evidence("interview", "Negotiation", "[manager]"),
        "content/evidence/for-committee.md": evidence("interview", "negotiation", "[committee]"),
        "content/evidence/pricing.md": evidence("result", "Pricing", "[manager]"),
        "content/evidence/both.md": evidence("talk", "Talks", "[manager, committee]",
                                             "See [interviews](evidence/kind/interview/), [negotiation](evidence/skill/negotiation/),\n"
                                             "[pricing](evidence/skill/pricing/) and [results](evidence/kind/result/)."),
        "content/evidence/public.md": evidence("talk", "Talks", "public", "See [interviews](evidence/kind/interview/)."),
    }
    root = write_project(tmp_path, files, config="title: Test portfolio\naudiences: [manager, committee]\n")
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert diagnostic_lines(out if command == "check" else err) == [
            "content/evidence/both.md:9:11: error: the link `evidence/skill/pricing/` leads to no page: "
            "`pricing` is not a skill of any evidence shown with this item in the build for `committee`",
            "    hint: link to all the evidence at `evidence/`",
            "content/evidence/both.md:9:50: error: the link `evidence/kind/result/` leads to no page: "
            "no evidence shown with this item in the build for `committee` is a result",
            "    hint: a kind's page lists its evidence, and it has none to list; link to all the evidence at `evidence/`",
            "content/evidence/public.md:8:18: error: the link `evidence/kind/interview/` leads to no page: "
            "no evidence shown with this item is an interview",
            "    hint: a kind's page lists its evidence, and it has none to list; link to all the evidence at `evidence/`",
        ]


def test_a_link_below_any_page_or_to_a_skill_page_misspelt_is_an_error(write_project, tmp_path, run_cli):
    """No page is deeper than `goals/<id>/` or `evidence/kind/<kind>/`, and endorsements have
    none of their own: such links passed and were written broken. A skill's page is named
    by its slug, and the hint for `C++` or `SQL` now gives it instead of no page at all.
    `./` and `//` inside a path, a query, an anchor and the site's own files stay fine."""
    public = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\nskills: [C++, SQL]\n"
              "links:\n  - {title: Notes, url: goals/lead/notes/}\n---\n"
              "See [jo](endorsements/jo/), [q3](progress/q3/), [2026](evidence/kind/talk/2026/) and [deep](evidence/talk/x/).\n"
              "Or [cpp](evidence/skill/c%2B%2B/) and [sql](evidence/skill/SQL/).\n"
              "Fine: [a](evidence//kind/talk/), [b](evidence/./skill/sql/), [c](index.html), [d](./), [e](?x=1),\n"
              "[f](#top), [g](goals/?tab=1), [h](evidence/kind/talk), [i](404.html), [j](progress/index.html).\n")
    jo = "---\nauthor: Jo Park\nrole: Lead\nrelationship: peer\ndate: 2026-03-01\n---\nGood work.\n"
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra=""), "content/evidence/talk.md": public,
                                    "content/endorsements/jo.md": jo})
    skill_hint = ("digits and hyphens (`C++` as `c-plus-plus`), or by a hash of letters that are not Latin")
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert diagnostic_lines(out if command == "check" else err) == [
            "content/evidence/talk.md:7:25: error: the link `goals/lead/notes/` leads to no page of the site",
            "    hint: did you mean `goals/lead/`?",
            "content/evidence/talk.md:9:10: error: the link `endorsements/jo/` leads to no page of the site",
            "    hint: endorsements have no page of their own: cite it as `[[jo]]`, which leads to its place on the wall",
            "content/evidence/talk.md:9:34: error: the link `progress/q3/` leads to no page of the site",
            "    hint: did you mean `progress/`?",
            "content/evidence/talk.md:9:56: error: the link `evidence/kind/talk/2026/` leads to no page of the site",
            "    hint: did you mean `evidence/kind/talk/`?",
            "content/evidence/talk.md:9:93: error: the link `evidence/talk/x/` leads to no page of the site",
            "    hint: did you mean `evidence/talk/`?",
            "content/evidence/talk.md:10:10: error: the link `evidence/skill/c%2B%2B/` leads to no page: "
            "the skill's page is `evidence/skill/c-plus-plus/`",
            "    hint: link to `evidence/skill/c-plus-plus/`: a skill's page is named as lower case letters, " + skill_hint,
            "content/evidence/talk.md:10:45: error: the link `evidence/skill/SQL/` leads to no page: "
            "the skill's page is `evidence/skill/sql/`",
            "    hint: link to `evidence/skill/sql/`: a skill's page is named as lower case letters, " + skill_hint,
        ]


def test_a_link_to_the_sitemap_of_a_site_without_an_address_is_a_warning(write_project, tmp_path, run_cli):
    """A build writes sitemap.xml only with a base_url: the link passed `check` and was
    written broken. A warning, as `build --base-url` (the Pages workflow) does write it."""
    talk = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\nlinks:\n  - {title: Map, url: sitemap.xml}\n---\n"
            "See [the sitemap](sitemap.xml).\n")
    root = write_project(tmp_path, {"content/evidence/talk.md": talk})
    message = "leads to the sitemap, which a build writes only for a site with an address"
    hint = "    hint: set base_url in goalfolio.yaml, or build with --base-url as the Pages workflow does; or remove the link"
    code, out, _ = run_cli("check", root)
    assert code == 0
    assert diagnostic_lines(out) == [f"content/evidence/talk.md:6:23: warning: the link `sitemap.xml` {message}", hint,
                                     f"content/evidence/talk.md:8:19: warning: the link `sitemap.xml` {message}", hint]
    code, out, _ = run_cli("build", root, "--base-url", "https://ana.example/folio/")
    assert code == 0 and (root / "site" / "sitemap.xml").is_file()


def test_a_link_to_the_sitemap_from_an_item_a_build_without_one_shows_is_reported(write_project, tmp_path, run_cli):
    """Only the public build writes sitemap.xml: a build for an audience, or --all, wrote
    the link broken. From an item only such builds show, it never works: an error."""
    config = "title: T\nbase_url: https://ana.example/folio/\ntoday: 2026-11-20\naudiences: [manager, committee]\n"
    talk = "---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n{visibility}---\nSee [the sitemap](sitemap.xml).\n"
    root = write_project(tmp_path, {"content/evidence/talk.md": talk.format(visibility=""),
                                    "content/evidence/private-talk.md": talk.format(visibility="visibility: private\n"),
                                    "content/evidence/manager-talk.md": talk.format(visibility="visibility: [manager]\n")}, config=config)
    error = ("error: the link `sitemap.xml` leads to the sitemap, which only the public build writes, and that build does not "
             "show this item")
    error_hint = "    hint: remove the link: builds for an audience and --all keep search engines away, so they have no sitemap"
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert diagnostic_lines(out) == [
        f"content/evidence/manager-talk.md:7:19: {error}", error_hint,
        f"content/evidence/private-talk.md:7:19: {error}", error_hint,
        "content/evidence/talk.md:6:19: warning: the link `sitemap.xml` leads to the sitemap, which only the public build "
        "writes: the build for `manager` shows this item with the link broken",
        "    hint: remove the link: builds for an audience keep search engines away, so they have no sitemap",
    ]
    (root / "content/evidence/private-talk.md").unlink()
    (root / "content/evidence/manager-talk.md").unlink()
    (root / "goalfolio.yaml").write_text(config.replace("audiences: [manager, committee]\n", ""), encoding="utf-8")
    code, out, _ = run_cli("check", root, "--strict")
    assert (code, diagnostic_lines(out)) == (0, [])


def test_a_relative_or_raw_html_link_to_a_hidden_item_is_an_error(write_project, tmp_path, run_cli):
    """Only a path from the site root was checked: a link written from the page's own folder
    (`../secret/`), raw HTML's `<a href>`, or a link to a hidden or anonymous endorsement's
    place on the wall by its id was published as written, the hidden item's id (or the
    anonymous author's file name) in it. (Under `links:`, `../secret/` is refused as any
    link from the page's folder is.)"""
    public = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n"
              "See [notes](../secret/), [the plan](./../../goals/lead/) and [again](../../evidence/secret/index.html#top).\n"
              "\n<p><a href=\"../../evidence/secret/\">raw</a> and <a href='evidence/secret'>bare</a></p>\n\n"
              "The [wall](endorsements/#quiet), [its note](../../endorsements/index.html#jane-doe) and [Pat](endorsements/#pat).\n")
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\nSecret.\n"
    endorsement = "---\nauthor: {author}\nrole: Peer\nrelationship: peer\ndate: 2026-03-01\n{extra}---\nGood work.\n"
    root = write_project(tmp_path, {
        "content/goals/lead.md": GOAL.format(extra=""), "content/evidence/talk.md": public,
        "content/evidence/secret.md": private,
        "content/endorsements/quiet.md": endorsement.format(author="Quinn", extra="visibility: private\n"),
        "content/endorsements/jane-doe.md": endorsement.format(author="Jane Doe", extra="attribution: anonymous\n"),
        "content/endorsements/pat.md": endorsement.format(author="Pat", extra=""),
    }, config="title: Test portfolio\nmarkdown:\n  allow_html: true\n")
    hint = "    hint: cite it as `[[secret]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id"
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        lines = diagnostic_lines(out if command == "check" else err)
        assert [line for line, before in zip(lines, ["", *lines]) if "warning:" not in line and "warning:" not in before] == [
            "content/evidence/talk.md:6:13: error: the link `../secret/` leads to the page of a private item, which a public build does not make",
            hint,
            "content/evidence/talk.md:6:70: error: the link `../../evidence/secret/index.html#top` leads to the page of a private item, which a public build does not make",
            hint,
            "content/evidence/talk.md:8:13: error: the link `../../evidence/secret/` leads to the page of a private item, which a public build does not make",
            hint,
            "content/evidence/talk.md:8:58: error: the link `evidence/secret` leads to the page of a private item, which a public build does not make",
            hint,
            "content/evidence/talk.md:10:12: error: the link `endorsements/#quiet` leads to a private endorsement, which a public build does not show",
            "    hint: cite it as `[[quiet]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id",
            "content/evidence/talk.md:10:45: error: the link `../../endorsements/index.html#jane-doe` names an anonymous endorsement by its file name, which the wall never shows",
            "    hint: cite it as `[[jane-doe]]` instead: the citation leads to its place on the wall",
        ]



def test_a_link_by_a_web_scheme_without_slashes_to_a_hidden_item_is_an_error(write_project, tmp_path, run_cli):
    """`https:../secret/` leads a browser on an https page to `../secret/` from the page (as
    `http:` does in the preview), and was published as a link to another site, the private id
    in it. In Markdown, an autolink and raw HTML, any capitals, `\\` for `/`; `https://` is
    still another site's, and a link to a page that is shown is left to the browser."""
    talk = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n"
            "See [notes](https:../secret/), [again](HTTP:evidence/secret/index.html#x) and <https:../secret/>.\n"
            '<a href="https:..\\secret\\">raw</a> <a href="http:/evidence/secret/">from the root</a>\n\n'
            "Not hidden: [another site](https://secret/), [shown](https:../talk/), [mail](mailto:secret@example.com).\n")
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\nSecret.\n"
    root = write_project(tmp_path, {"content/evidence/talk.md": talk, "content/evidence/secret.md": private},
                         config="title: Test portfolio\nmarkdown:\n  allow_html: true\n")
    hint = "    hint: cite it as `[[secret]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id"
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert (code, diagnostic_lines(out if command == "check" else err)) == (1, [
            "content/evidence/talk.md:6:13: error: the link `https:../secret/` leads to the page of a private item, which a public "
            "build does not make", hint,
            "content/evidence/talk.md:6:40: error: the link `HTTP:evidence/secret/index.html#x` leads to the page of a private item, "
            "which a public build does not make", hint,
            "content/evidence/talk.md:6:80: error: the link `https:../secret/` leads to the page of a private item, which a public "
            "build does not make", hint,
            "content/evidence/talk.md:7:10: error: the link `https:..\\secret\\` leads to the page of a private item, which a public "
            "build does not make", hint,
            "content/evidence/talk.md:7:45: error: the link `http:/evidence/secret/` leads to the page of a private item, which a "
            "public build does not make", hint,
        ]), command


def test_a_link_to_a_hidden_item_by_the_sites_own_address_is_an_error(write_project, tmp_path, run_cli):
    """`https://people.example/site/evidence/secret/`, on a site at that address, leads to the
    hidden item's page as `evidence/secret/` does, and was published as a link to another
    site, the private id in it. However the address is spelled that leads a browser there
    (either scheme or `//`, the host in capitals, the default port, `..`, an escaped letter,
    an anchor or a query), in a body, an autolink or under `links:`, it is refused by `check`
    (from goalfolio.yaml's `base_url`) and by a build (from `--base-url` too). Another
    host's or another folder's address is not the site's, and one on the site that leads
    to a public page or to none is left to the browser."""
    talk = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n"
            "links:\n  - {title: Notes, url: \"https://people.example/site/evidence/secret/\"}\n---\n"
            "See [notes](https://PEOPLE.Example/site/evidence/secret/#section), [again](http://people.example/site/evidence/secret?x=1)\n"
            "and [once more](//people.example:443/site/goals/../evidence/%73ecret/index.html).\n\n"
            "Not the site: [another host](https://other.example/site/evidence/secret/), "
            "[another folder](https://people.example/other/evidence/secret/).\n"
            "Not hidden: [the plan](https://people.example/site/goals/lead/), [a typo](https://people.example/site/evidence/secrte/).\n")
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\nSecret.\n"
    quiet = "---\nauthor: Quinn\nrole: Peer\nrelationship: peer\ndate: 2026-03-01\nvisibility: private\n---\nGood work.\n"
    autolink = "---\ntitle: Slides\ndate: 2026-03-13\nkind: talk\n---\nThe wall: <https://people.example/site/endorsements/#quiet>\n"
    files = {"content/goals/lead.md": GOAL.format(extra=""), "content/evidence/talk.md": talk, "content/evidence/secret.md": private,
             "content/evidence/slides.md": autolink, "content/endorsements/quiet.md": quiet}
    hint = "    hint: cite it as `[[secret]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id"
    expected = [
        "content/evidence/slides.md:6:12: error: the link `https://people.example/site/endorsements/#quiet` leads to a private endorsement, "
        "which a public build does not show",
        "    hint: cite it as `[[quiet]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id",
        "content/evidence/talk.md:6:25: error: the link `https://people.example/site/evidence/secret/` leads to the page of a private item, "
        "which a public build does not make",
        hint,
        "content/evidence/talk.md:8:13: error: the link `https://PEOPLE.Example/site/evidence/secret/#section` leads to the page of a "
        "private item, which a public build does not make",
        hint,
        "content/evidence/talk.md:8:76: error: the link `http://people.example/site/evidence/secret?x=1` leads to the page of a "
        "private item, which a public build does not make",
        hint,
        "content/evidence/talk.md:9:17: error: the link `//people.example:443/site/goals/../evidence/%73ecret/index.html` leads to the "
        "page of a private item, which a public build does not make",
        hint,
    ]
    root = write_project(tmp_path / "known", files, config="title: Test portfolio\nbase_url: https://people.example/site/\n")
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert (code, [line for line in diagnostic_lines(out if command == "check" else err) if "audit" not in line]) == (1, expected), command
    bare = write_project(tmp_path / "bare", files)
    code, out, _ = run_cli("check", bare)
    assert (code, [line for line in diagnostic_lines(out) if " error: " in line]) == (0, [])
    code, _, err = run_cli("build", bare, "--base-url", "https://people.example/site")
    assert (code, diagnostic_lines(err)) == (1, expected)
    raw = autolink.replace("<https://people.example/site/endorsements/#quiet>", '<a href="https://people.example/site/endorsements/#quiet">it</a>')
    html = write_project(tmp_path / "html", {**files, "content/evidence/slides.md": raw},
                         config="title: Test portfolio\nbase_url: https://people.example/site/\nmarkdown:\n  allow_html: true\n")
    code, out, _ = run_cli("check", html)
    assert (code, diagnostic_lines(out)[:2]) == (1, [expected[0].replace(":6:12:", ":6:20:"), expected[1]])

def test_only_a_link_to_the_wall_is_taken_for_a_link_to_an_endorsement_by_its_anchor(write_project, tmp_path, run_cli):
    """`endorsements/#jo-bloggs` leads to an anonymous endorsement by its file name; the same
    anchor on a goal's page leads to that page."""
    talk = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n"
            "See [the plan](goals/lead/#jo-bloggs) and [the wall](endorsements/#jo-bloggs).\n")
    anonymous = "---\nauthor: Jo Bloggs\nrole: Lead\nrelationship: peer\ndate: 2026-03-01\nattribution: anonymous\n---\nGood work.\n"
    root = write_project(tmp_path, {"content/evidence/talk.md": talk, "content/endorsements/jo-bloggs.md": anonymous,
                                    "content/goals/lead.md": GOAL.format(extra="")})
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert diagnostic_lines(out) == [
        "content/evidence/talk.md:6:28: warning: this names `jo-bloggs`, the author of the anonymous endorsement "
        "content/endorsements/jo-bloggs.md, which a build shows with it: a reader can tie the quote to the name",
        "    hint: write the role instead (`my mentor`), or, if the author agrees to be named, set `attribution: named` in "
        "content/endorsements/jo-bloggs.md",
        "content/evidence/talk.md:6:54: error: the link `endorsements/#jo-bloggs` names an anonymous endorsement by its file name, "
        "which the wall never shows",
        "    hint: cite it as `[[jo-bloggs]]` instead: the citation leads to its place on the wall",
    ]


@pytest.mark.parametrize("name", ["public", "private"])
def test_a_visibility_is_not_an_audience_name(write_project, tmp_path, run_cli, name):
    """`audiences: [public]` made `visibility: [public]` an audience list and `--audience
    public` the public build under another name."""
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra=f"visibility: [{name}]\n")},
                         config=f"title: Test portfolio\naudiences: [manager, {name}]\n")
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert diagnostic_lines(out) == [
        f"goalfolio.yaml:2:22: error: `{name}` is a visibility, not an audience name",
        f"    hint: name audiences after who reads the site, e.g. manager; an item is made {name} with `visibility: {name}`",
    ]
    (root / "goalfolio.yaml").write_text("title: Test portfolio\naudiences: [manager]\n", encoding="utf-8")
    code, out, _ = run_cli("check", root)
    assert diagnostic_lines(out) == [
        f"content/goals/lead.md:6:14: error: the audience `{name}` is not declared in goalfolio.yaml",
        f"    hint: a visibility is not written in a list: `visibility: {name}`",
    ]



def test_an_audience_listed_twice_is_an_error_at_the_second(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="")},
                         config="title: Test portfolio\naudiences:\n  - manager\n  - mentor\n  - manager\n")
    code, out, _ = run_cli("check", root)
    assert (code, diagnostic_lines(out)) == (1, ["goalfolio.yaml:5:5: error: the audience `manager` is listed twice",
                                                 "    hint: list each audience once"])
    code, out, err = run_cli("build", root, "--audience", "mentor")
    assert (code, err.splitlines()[:2]) == (1, ["goalfolio.yaml:5:5: error: the audience `manager` is listed twice",
                                                "    hint: list each audience once"])

def test_an_audience_listed_twice_is_reported_beside_the_configs_other_problems(write_project, tmp_path, run_cli):
    """One run lists every problem: the duplicate was found only in a config that otherwise validated."""
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="")},
                         config="titel: Test portfolio\naudiences:\n  - public\n  - manager\n  - manager\n")
    code, out, _ = run_cli("check", root)
    assert (code, diagnostic_lines(out)) == (1, [
        "goalfolio.yaml:1:1: error: unknown field `titel`",
        "    hint: did you mean `title`?",
        "goalfolio.yaml:3:5: error: `public` is a visibility, not an audience name",
        "    hint: name audiences after who reads the site, e.g. manager; an item is made public with `visibility: public`",
        "goalfolio.yaml:5:5: error: the audience `manager` is listed twice",
        "    hint: list each audience once",
    ])


def test_a_step_id_used_twice_in_a_framework_is_an_error_at_the_second(write_project, tmp_path, run_cli):
    """A case page makes an anchor of each step's id: two steps of one id would share it.
    The same id in two frameworks is fine."""
    step = "      - {{id: {id}, title: {title}, requires: [{{check: endorsements}}]}}\n"
    config = ("title: Test portfolio\nframeworks:\n  mine:\n    title: Mine\n    steps:\n"
              + step.format(id="proof", title="First") + step.format(id="reach", title="Second")
              + step.format(id="proof", title="Third")
              + "  other:\n    title: Other\n    steps:\n" + step.format(id="proof", title="Proof"))
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="")}, config=config)
    code, out, _ = run_cli("check", root)
    assert (code, diagnostic_lines(out)) == (1, [
        "goalfolio.yaml:8:14: error: step id `proof` is used twice in the framework `mine`",
        "    hint: give each step of a framework its own id: a case page names each step's section by it",
    ])
    code, _, err = run_cli("build", root)
    assert (code, err.splitlines()[0]) == (1, "goalfolio.yaml:8:14: error: step id `proof` is used twice in the framework `mine`")


def test_steps_without_a_text_id_are_not_reported_as_sharing_one(write_project, tmp_path, run_cli):
    config = ("title: Test portfolio\nframeworks:\n  mine:\n    title: Mine\n    steps:\n"
              "      - {title: A, requires: [{check: endorsements}]}\n      - {title: B, requires: [{check: endorsements}]}\n"
              "      - {id: [x], title: C, requires: [{check: endorsements}]}\n      - {id: [x], title: D, requires: [{check: endorsements}]}\n")
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="")}, config=config)
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert [line for line in diagnostic_lines(out) if "error:" in line] == [
        "goalfolio.yaml:6:9: error: missing required field `frameworks.mine.steps[0].id`",
        "goalfolio.yaml:7:9: error: missing required field `frameworks.mine.steps[1].id`",
        "goalfolio.yaml:8:14: error: `frameworks.mine.steps[2].id` must be text, but got a list",
        "goalfolio.yaml:9:14: error: `frameworks.mine.steps[3].id` must be text, but got a list",
    ]


def test_a_hidden_items_id_shown_as_written_in_a_public_body_is_a_warning(write_project, tmp_path, run_cli):
    """`[[id]]` in code, in a link's address or after a backslash is no citation: every
    build publishes it as written, so a private item's id, or an anonymous endorser's file
    name, got out with no word from `check`."""
    public = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n"
              "Cites [[secret]], `[[secret]]` and \\[[jo-bloggs]] but `[[talk]]`.\n\n> - listed [[secret]]\n\n```\n[[secret]]\n```\n")
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\nAbout `[[secret]]` and `[[jo-bloggs]]`.\n"
    anonymous = "---\nauthor: Jo Bloggs\nrole: Lead\nrelationship: peer\ndate: 2026-03-01\nattribution: anonymous\n---\nGood work.\n"
    root = write_project(tmp_path, {"content/evidence/talk.md": public, "content/evidence/secret.md": private,
                                    "content/endorsements/jo-bloggs.md": anonymous})
    code, out, _ = run_cli("check", root)
    assert code == 0
    assert [line for line in diagnostic_lines(out) if "talk.md" in line or "secret.md" in line] == [
        "content/evidence/talk.md:6:7: warning: `[[secret]]` cites a non-public item from a public one",
        "content/evidence/talk.md:6:20: warning: `[[secret]]` is shown as written here, not as a citation, and names a non-public item",
        "content/evidence/talk.md:6:37: warning: `[[jo-bloggs]]` is shown as written here, not as a citation, "
        "and names an anonymous endorsement, by its file name",
        "content/evidence/talk.md:8:12: warning: `[[secret]]` cites a non-public item from a public one",
        "content/evidence/talk.md:11:1: warning: `[[secret]]` is shown as written here, not as a citation, and names a non-public item",
    ]
    assert "    hint: every build publishes it as it is; take it out, or cite the item outside code and links" in out


def test_a_citation_in_a_links_text_is_a_warning(write_project, tmp_path, run_cli):
    """markdown-it makes no link holding another, and a citation is one: `[the [[talk]] work](url)`
    showed its brackets and address as text, and `check` said nothing."""
    body = ("[the [[talk]] work](https://example.com/) and [a [[talk]] and [[talk]]](https://example.com/)\n"
            "[[talk]] [a](https://example.com/) [b [[talk]]] ![d [[talk]]](https://example.com/d.png)\n")
    root = write_project(tmp_path, {"content/evidence/talk.md": f"---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n{body}"})
    code, out, _ = run_cli("check", root)
    assert (code, [line for line in diagnostic_lines(out) if "talk.md" in line]) == (0, [
        "content/evidence/talk.md:6:6: warning: `[[talk]]` is in a link's text, and a link cannot hold another: "
        "the page shows the brackets and the address as text",
        "content/evidence/talk.md:6:50: warning: `[[talk]]` is in a link's text, and a link cannot hold another: "
        "the page shows the brackets and the address as text",
        "content/evidence/talk.md:6:63: warning: `[[talk]]` is in a link's text, and a link cannot hold another: "
        "the page shows the brackets and the address as text",
    ])
    assert "    hint: cite the item after the link instead: `[the work](https://...) ([[id]])`" in out


def test_a_hidden_items_citations_in_a_table_row_are_not_called_shown_as_written(write_project, tmp_path, run_cli):
    """Two cells of a row citing one item: the second was placed at the first's column, so
    it was not known as a citation and was called shown as written."""
    public = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\nSee `[[talk]]`.[^1]\n\n"
              "| a | b |\n|---|---|\n| [[secret]] | [[secret]] |\n\n[^1]: A note.\n")
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\nSecret.\n"
    root = write_project(tmp_path, {"content/evidence/talk.md": public, "content/evidence/secret.md": private})
    code, out, _ = run_cli("check", root)
    assert code == 0
    assert [line for line in diagnostic_lines(out) if "talk.md" in line] == [
        "content/evidence/talk.md:10:3: warning: `[[secret]]` cites a non-public item from a public one",
        "content/evidence/talk.md:10:16: warning: `[[secret]]` cites a non-public item from a public one",
    ]


def test_anonymous_endorsements_showing_the_same_are_an_error(write_project, tmp_path, run_cli):
    """An anonymous endorsement's anchor hashes only what the wall shows: two showing the
    same had one anchor, so two cards with one id, and one id for two feed entries."""
    endorsement = ("---\nauthor: {}\nrole: Engineer\nrelationship: peer\ndate: 2026-05-01\nattribution: anonymous\n"
                   "quote: Great to work with.\n---\n")
    root = write_project(tmp_path, {"content/endorsements/ann.md": endorsement.format("Ann Lee"),
                                    "content/endorsements/bob.md": endorsement.format("Bob Day"),
                                    "content/endorsements/cy.md": endorsement.format("Cy Ng").replace("peer", "manager")})
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert diagnostic_lines(out) == [
        "content/endorsements/bob.md:6:14: error: this anonymous endorsement shows exactly what content/endorsements/ann.md shows, "
        "so both would have one anchor",
        "    hint: merge them into one, or tell them apart: a role, a location, a line of their own",
    ]


def test_an_audience_items_citation_of_what_its_builds_hide_is_a_warning(write_project, tmp_path, run_cli):
    """Only public items were checked: a body for `manager` citing a private item, or showing
    its id in code, said nothing, though the manager's build withholds it or publishes the id."""
    for_manager = ("---\ntitle: Mine\ndate: 2026-03-13\nkind: result\nvisibility: [manager]\n---\n"
                   "Builds on [[secret]] and [[board-only]], see `[[secret]]`; and [[both]].\n")
    private = "---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\nAs in [[mine]].\n"
    board = "---\ntitle: Board\ndate: 2026-03-14\nkind: result\nvisibility: [board]\n---\nText.\n"
    both = "---\ntitle: Both\ndate: 2026-03-14\nkind: result\nvisibility: [board, manager]\n---\nText.\n"
    root = write_project(tmp_path, {"content/evidence/mine.md": for_manager, "content/evidence/secret.md": private,
                                    "content/evidence/board-only.md": board, "content/evidence/both.md": both},
                         config="title: Test portfolio\naudiences: [manager, board]\n")
    code, out, _ = run_cli("check", root)
    assert code == 0
    assert [line for line in diagnostic_lines(out) if not line.startswith("    ")] == [
        "content/evidence/mine.md:7:11: warning: `[[secret]]` cites an item the build for `manager` does not show",
        "content/evidence/mine.md:7:26: warning: `[[board-only]]` cites an item the build for `manager` does not show",
        "content/evidence/mine.md:7:47: warning: `[[secret]]` is shown as written here, not as a citation, "
        "and names an item the build for `manager` does not show",
    ]


def test_a_case_whose_goals_a_build_showing_it_hides_is_a_warning(write_project, tmp_path, run_cli):
    """A case for the committee about a goal for the manager was built without a word: the
    committee's build dropped the goal, as every reference to a hidden item, and the case's
    page argued for nothing, over an empty table of goals."""
    def goal(visibility: str) -> str:
        return GOAL.format(extra=f"visibility: {visibility}\n")

    def case(goals: str, visibility: str) -> str:
        return f"---\ntitle: Case\ntarget_role: Lead\ngoals: {goals}\nvisibility: {visibility}\n---\nA story.\n"

    root = write_project(tmp_path, {
        "content/goals/for-manager.md": goal("[manager]"), "content/goals/secret.md": goal("private"),
        "content/goals/open.md": goal("public"),
        "content/cases/for-committee.md": case("[for-manager]", "[committee]"),
        "content/cases/both.md": case("[for-manager, secret]", "[manager, committee]"),
        "content/cases/public.md": case("[secret]", "public"),
        "content/cases/fine.md": case("[for-manager, open]", "[manager, committee]"),
        "content/cases/private.md": case("[secret]", "private"),
    }, config="title: Test portfolio\ntoday: 2026-11-20\naudiences: [manager, committee]\n")
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        found = [line for line in diagnostic_lines(out if command == "check" else err) if "none of its goals" in line]
        assert (code, found) == (0, [
            "content/cases/both.md:4:1: warning: the build for `committee` shows this case but none of its goals",
            "content/cases/for-committee.md:4:1: warning: the build for `committee` shows this case but none of its goals",
            "content/cases/public.md:4:1: warning: a public build shows this case but none of its goals",
        ]), command
    _, out, _ = run_cli("check", root)
    assert ("content/cases/public.md:4:1: warning: a public build shows this case but none of its goals\n"
            "    hint: show one of its goals to the case's readers too, or the case only to the goals' readers: "
            "the page would list no goal\n") in out


def test_a_failing_field_does_not_hide_the_bodys_problems(write_project, tmp_path, run_cli):
    """A file that fails its schema is not rendered, but its body's problems are still the
    user's: they used to appear only once the field was fixed."""
    evidence = ("---\ntitle: X\ndate: 2026-11-01\nkind: result\nlinks:\n  - {title: Bad, url: \"https://a b\"}\n---\n"
                "See ![img](assets/nope.png) and [root](/x).\n")
    root = write_project(tmp_path, {"content/evidence/x.md": evidence})
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert [line for line in (out if command == "check" else err).splitlines() if ": error: " in line] == [
            "content/evidence/x.md:6:23: error: the link `https://a b` holds a space, which a web address cannot; write spaces as %20",
            "content/evidence/x.md:8:12: error: the image `assets/nope.png` is not in content/assets/",
            "content/evidence/x.md:8:40: error: the link `/x` starts with `/`, which breaks under a /repo/ prefix and from disk",
        ]


def test_config_option_reads_another_file(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"staging.yaml": "title: [broken\n"})
    assert run_cli("check", root)[0] == 0
    code, out, _ = run_cli("check", root, "--config", root / "staging.yaml")
    assert code == 1 and out.startswith("staging.yaml:1:8: error: this `[` is never closed")


def test_a_citation_in_an_endorsements_quote_is_an_error(write_project, tmp_path, run_cli):
    """A `quote:` is shown as written: `[[secret]]` in it reached every public page showing
    the quote, and portfolio.json, with the id of a private item."""
    quote = ("---\nauthor: Bo\nrole: Lead\nrelationship: manager\ndate: 2026-03-01\n"
             "quote: They shipped [[secret]] on time.\n---\nGood work.\n")
    code, out, _ = run_cli("check", write_project(tmp_path, {"content/endorsements/bo.md": quote}))
    assert code == 1
    assert out.startswith(
        "content/endorsements/bo.md:6:8: error: a quote is shown as written, so `[[secret]]` in it would show as it is\n"
        "    hint: name the item in words, and cite it with [[id]] in the body\n")


def test_messages_name_the_config_file_given_with_the_option(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="visibility: [board]\nframework: zzz\n"),
                                    "staging.yaml": "title: Staging\naudiences: [manager]\n"})
    code, out, _ = run_cli("check", root, "--config", root / "staging.yaml")
    assert code == 1
    assert out.startswith("content/goals/lead.md:6:14: error: the audience `board` is not declared in staging.yaml\n"
                          "    hint: declare it under `audiences:` in staging.yaml\n"
                          "content/goals/lead.md:7:12: error: no framework with the id `zzz`\n"
                          "    hint: use one of: evidence-ladder, pivot-bridge, mobility-playbook; "
                          "or define it under `frameworks:` in staging.yaml\n")
    code, out, err = run_cli("build", root, "--config", root / "staging.yaml", "--audience", "board")
    assert (code, out, err) == (2, "", "goalfolio: error: unknown audience `board`; staging.yaml declares: manager\n")


def test_project_folder_defaults_to_the_current_folder(write_project, tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="statuss: x\n")}))
    code, out, _ = run_cli("check")
    assert code == 1 and out.startswith("content/goals/lead.md:6:1: error: unknown field `statuss`")


@pytest.mark.parametrize("command", ["check", "build", "serve", "clean"])
def test_missing_project_folder_is_a_usage_error(tmp_path, run_cli, command):
    code, out, err = run_cli(command, tmp_path / "nowhere")
    assert (code, out, err) == (2, "", f"goalfolio: error: the project folder {tmp_path / 'nowhere'} does not exist\n")


def test_missing_config_file_is_a_usage_error(write_project, tmp_path, run_cli):
    root = write_project(tmp_path)
    code, out, err = run_cli("check", root, "--config", root / "staging.yaml")
    assert (code, out, err) == (2, "", f"goalfolio: error: the config file {root / 'staging.yaml'} does not exist\n")


def test_config_option_naming_a_folder_is_a_usage_error(write_project, tmp_path, run_cli):
    root = write_project(tmp_path)
    (root / "staging.yaml").mkdir()
    code, out, err = run_cli("check", root, "--config", root / "staging.yaml")
    assert (code, out, err) == (2, "", f"goalfolio: error: the config file {root / 'staging.yaml'} is not a file\n")


# --- JSON ------------------------------------------------------------------------------------

JSON_KEYS = ["path", "line", "column", "severity", "code", "field", "message", "hint"]


def test_json_output_lists_the_problems(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="indicators:\n  - {id: a, name: A, kind: leading, target: x}\n")})
    code, out, err = run_cli("check", root, "--format", "json")
    assert (code, err) == (1, "")
    assert json.loads(out) == {"problems": [{
        "path": "content/goals/lead.md", "line": 7, "column": 45, "severity": "error", "code": "float-type",
        "field": "indicators[0].target", "message": "`indicators[0].target` must be a number, but got the text `x`",
        "hint": "write a plain number such as 12 or 4.5, without units",
    }], "goals": [], "cases": []}


def test_json_output_names_the_field_of_what_yaml_refused(write_project, tmp_path, run_cli):
    """Editor integrations key on `field`: a value YAML itself refused has one too."""
    extra = "milestones:\n  - {title: First, due: 2026-13-45}\ntags: [ok, !!python/name:os.system x]\n"
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.replace("start: 2026-01-05", "start: 2026-02-30").format(extra=extra)})
    code, out, _ = run_cli("check", root, "--format", "json")
    assert code == 1
    assert [(d["line"], d["code"], d["field"]) for d in json.loads(out)["problems"]] == [
        (4, "bad-value", "start"), (7, "bad-value", "milestones[0].due"), (8, "tag", "tags[1]"),
    ]


def test_json_output_of_warnings_and_of_a_clean_project(write_project, tmp_path, run_cli):
    code, out, _ = run_cli("check", "--format", "json", write_project(tmp_path, WARNING_ONLY))
    diagnostics = json.loads(out)["problems"]
    assert code == 0 and len(diagnostics) == 5
    assert all(list(d) == JSON_KEYS and d["severity"] == "warning" for d in diagnostics)
    assert [d["code"] for d in diagnostics] == ["no-reviews", "audit-indicators", "audit-gaps", "audit-timeline", "audit-mobility"]
    assert [d["path"] for d in diagnostics] == ["content/goals/lead.md"] * 5
    assert [d["field"] for d in diagnostics] == ["", "indicators", "gaps", "milestones", "mobility"]
    clean = write_project(tmp_path / "clean", {})
    assert run_cli("check", clean, "--format", "json")[1] == '{\n  "problems": [],\n  "goals": [],\n  "cases": []\n}\n'


def test_json_output_has_the_scores_the_text_shows(write_project, tmp_path, run_cli):
    """`goals` and `cases` hold the table that ends the text report, one object per row."""
    case = ("---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\nframework: evidence-ladder\n"
            "visibility: [manager]\n---\nA story.\n")
    root = write_project(tmp_path, {**WARNING_ONLY, "content/cases/promo.md": case},
                         config="title: Test portfolio\ntoday: 2026-11-20\naudiences: [manager]\n")
    _, text, _ = run_cli("check", root)
    assert text.endswith(
        "Goals (coaching checklist):\n"
        "  lead  2/6  not measured  content/goals/lead.md  missing: indicators, gaps, timeline, mobility\n"
        "Cases (framework readiness):\n"
        "  promo  Evidence Ladder  0/4 steps met in the `manager` build  content/cases/promo.md\n"
        "0 errors, 9 warnings in 2 files\n")
    code, out, err = run_cli("check", root, "--format", "json")
    report = json.loads(out)
    assert (code, err, list(report), len(report["problems"])) == (0, "", ["problems", "goals", "cases"], 9)
    assert report["goals"] == [{"id": "lead", "path": "content/goals/lead.md", "score": 2, "total": 6, "pace": "not measured",
                                "missing": ["indicators", "gaps", "timeline", "mobility"]}]
    assert report["cases"] == [{"id": "promo", "path": "content/cases/promo.md", "framework": "evidence-ladder",
                                "title": "Evidence Ladder", "met": 0, "steps": 4, "view": "manager"}]


def test_json_scores_of_a_public_and_a_private_case_name_their_view(write_project, tmp_path, run_cli):
    case = "---\ntitle: {title}\ntarget_role: Engineering manager\ngoals: [lead]\nframework: evidence-ladder\n{extra}---\nA story.\n"
    root = write_project(tmp_path, {**WARNING_ONLY, "content/cases/open.md": case.format(title="Open", extra=""),
                                    "content/cases/mine.md": case.format(title="Mine", extra="visibility: private\n")})
    report = json.loads(run_cli("check", root, "--format", "json")[1])
    assert [(c["id"], c["view"]) for c in report["cases"]] == [("mine", None), ("open", "public")]


def test_json_output_of_a_check_with_errors_has_no_scores(write_project, tmp_path, run_cli):
    """The audit runs on content that loads: with errors, no goal is scored, as in the text report."""
    root = write_project(tmp_path, {**WARNING_ONLY, "content/evidence/x.md": "---\ntitle: X\n---\nText.\n"})
    code, out, _ = run_cli("check", root, "--format", "json")
    report = json.loads(out)
    assert (code, report["goals"], report["cases"]) == (1, [], [])
    assert [d["code"] for d in report["problems"]] == ["missing-field", "missing-field"]


def test_build_prints_its_warnings_as_json_on_stdout_with_format_json(write_project, tmp_path, run_cli):
    """stdout then holds only the JSON array, as `check --format json` prints it, whether the
    build renders or reuses the last one; what it did goes to stderr."""
    root = write_project(tmp_path, {
        "content/evidence/secret.md": "---\ntitle: Secret\ndate: 2026-03-02\nkind: project\nvisibility: private\n---\nStory.\n",
        "content/evidence/open.md": "---\ntitle: Open\ndate: 2026-03-02\nkind: project\n---\nSee [[secret]].\n",
    })
    out_dir = tmp_path / "out"
    for done in ("all rendered", "nothing changed"):
        code, out, err = run_cli("build", root, "--out", out_dir, "--format", "json")
        assert [(d["path"], d["line"], d["column"], d["severity"], d["code"]) for d in json.loads(out)["problems"]] == [
            ("content/evidence/open.md", 6, 5, "warning", "hidden-citation")]
        assert code == 0 and re.fullmatch(rf"built \d+ pages \(\d+ files, {done}\) into {re.escape(str(out_dir))} in \d+\.\d\ds\n", err)
    code, out, err = run_cli("build", root, "--out", out_dir)
    assert out.startswith("built ") and err.startswith("content/evidence/open.md:6:5: warning: `[[secret]]` cites")


def test_problems_that_stop_a_build_come_in_the_same_json_object(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {}, config="title: t\nthem: dark\n")
    code, out, err = run_cli("build", root, "--no-cache", "--format", "json")
    assert (code, err) == (1, "")
    assert json.loads(out) == {"problems": [{
        "path": "goalfolio.yaml", "line": 2, "column": 1, "severity": "error", "code": "unknown-field", "field": "them",
        "message": "unknown field `them`", "hint": "did you mean `theme`?",
    }]}


def test_new_and_log_with_format_json_print_only_json_on_stdout(write_project, tmp_path, run_cli, monkeypatch):
    """As `build` does: the path a tool needs is in the object, the notes for a person on stderr.
    It printed the path and the notes as text."""
    root = write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("new", "goal", "Lead a team of six", root, "--format", "json")
    assert (code, json.loads(out), err) == (0, {"problems": [], "created": "project/content/goals/lead-a-team-of-six.md"},
                                           "  dated 2026-11-20, the `today:` set in goalfolio.yaml\n")
    code, out, err = run_cli("log", "Cut deploys from 40 to 12 minutes", root, "--format", "json")
    assert (code, json.loads(out)) == (0, {"problems": [], "created": "project/content/evidence/cut-deploys-from-40-to-12-minutes.md"})
    assert err == "  dated 2026-11-20, the `today:` set in goalfolio.yaml\n  metric: deploys: 40 -> 12 minutes\n"
    code, out, err = run_cli("log", "Cut deploys from 40 to 11 minutes", root)
    assert (code, out, err) == (0, "project/content/evidence/cut-deploys-from-40-to-11-minutes.md\n"
                                   "  dated 2026-11-20, the `today:` set in goalfolio.yaml\n"
                                   "  metric: deploys: 40 -> 11 minutes\n", "")


def test_json_output_of_config_errors(write_project, tmp_path, run_cli):
    code, out, err = run_cli("check", "--format", "json", write_project(tmp_path, {"goalfolio.yaml": None}))
    assert (code, err) == (1, "")
    assert json.loads(out) == {"problems": [{
        "path": "goalfolio.yaml", "line": 1, "column": 1, "severity": "error", "code": "no-config", "field": "",
        "message": "no goalfolio.yaml found",
        "hint": "create goalfolio.yaml with at least `title: My portfolio`, or run `goalfolio init`",
    }], "goals": [], "cases": []}


@pytest.mark.parametrize("name", CASES)
def test_corpus_case_as_json(name, tmp_path, run_cli):
    code, out, _ = run_cli("check", build_case(CORPUS / name, tmp_path), "--format", "json")
    diagnostics = json.loads(out)["problems"]
    assert code == 1 and diagnostics
    for d in diagnostics:
        assert list(d) == JSON_KEYS
        assert d["path"] and d["line"] >= 1 and d["column"] >= 1 and d["message"] and d["hint"] and d["code"]


# --- usage errors, schema, version -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("check", "--bogus"), ("check", "--format", "xml"), ("frobnicate",), ("schema", "goals"), ("check", "a", "b")],
)
def test_usage_errors_exit_2_without_traceback(run_cli, args):
    code, out, err = run_cli(*args)
    assert code == 2
    assert err.startswith("usage: goalfolio") and "Traceback" not in out + err


@pytest.mark.parametrize(("args", "usage", "error"), [
    (("check", "--bogus"), "usage: goalfolio check [-h] [--config FILE] [--format {text,json}] [--strict] [PROJECT]",
     "goalfolio check: error: unrecognized arguments: --bogus"),
    (("check", "a", "b"), "usage: goalfolio check [-h] [--config FILE] [--format {text,json}] [--strict] [PROJECT]",
     "goalfolio check: error: unrecognized arguments: b"),
    (("clean", ".", "--format", "json"), "usage: goalfolio clean [-h] [--config FILE] [PROJECT]",
     "goalfolio clean: error: unrecognized arguments: --format json"),
    (("--bogus",), "usage: goalfolio [-h] [--version] COMMAND ...", "goalfolio: error: unrecognized arguments: --bogus"),
])
def test_an_unknown_argument_is_named_with_its_command(run_cli, monkeypatch, args, usage, error):
    """As every other mistake in a command's arguments is: it printed goalfolio's own usage."""
    monkeypatch.setenv("COLUMNS", "200")
    assert run_cli(*args) == (2, "", f"{usage}\n{error}\n")


def test_help_names_the_project_folder_as_the_docs_do(run_cli, monkeypatch):
    """`--config` says "instead of PROJECT/goalfolio.yaml": the folder is PROJECT in the usage too."""
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli("build", "--help")
    assert code == 0
    assert out.splitlines()[0].endswith(" [--no-cache] [PROJECT]")
    assert ("  PROJECT               the portfolio folder (default: the current folder, or the nearest one above it "
            "with goalfolio.yaml)") in out.splitlines()


def test_a_config_option_naming_a_folder_is_a_usage_error(write_project, tmp_path, run_cli):
    root = write_project(tmp_path)
    code, out, err = run_cli("check", root, "--config", root / "content")
    assert (code, out, err) == (2, "", f"goalfolio: error: the config file {root / 'content'} is not a file\n")


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize("jobs", ["-1", "two", "1.5", "²"])  # `²` is a digit to `str.isdigit`, not to `int`
def test_jobs_must_be_a_count(run_cli, command, jobs):
    code, out, err = run_cli(command, "--jobs", jobs)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (f"goalfolio {command}: error: argument --jobs: expected 0 (chosen by the site's size) "
                                    f"or a number of processes, got '{jobs}'")


def test_base_url_with_a_space_is_refused(run_cli):
    code, out, err = run_cli("build", "--base-url", "https://example.org/my folio/")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == ("goalfolio build: error: argument --base-url: base_url `https://example.org/my folio/`"
                                    " holds a space, which a web address cannot; write spaces as %20,"
                                    " e.g. https://you.github.io/portfolio/")


@pytest.mark.parametrize("url", ["notaurl", "ftp://example.org/cv/"])
def test_base_url_must_be_a_web_address(run_cli, url):
    code, out, err = run_cli("build", "--base-url", url)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (f"goalfolio build: error: argument --base-url: base_url `{url}` must start with "
                                    "https:// (or http://), e.g. https://you.github.io/portfolio/")


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_broken_config_is_reported_with_the_problems_of_each_content_file(write_project, tmp_path, run_cli, command):
    """One run shows every problem: what is wrong inside a content file needs no config."""
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="statuss: x\n")},
                         config="title: Test portfolio\ntoday: 2026-13-01\n")
    code, out, err = run_cli(command, root, *(["--no-cache"] if command == "build" else []))
    assert code == 1
    assert [line for line in (out if command == "check" else err).splitlines() if ": error: " in line] == [
        "content/goals/lead.md:6:1: error: unknown field `statuss`",
        "goalfolio.yaml:2:8: error: `2026-13-01` is not a valid date: month must be in 1..12",
    ]


@pytest.mark.parametrize("port", ["99999", "-1", "http", "²"])
def test_serve_port_must_be_a_port_number(run_cli, port):
    code, out, err = run_cli("serve", "--port", port)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"goalfolio serve: error: argument --port: expected a port number from 0 to 65535, got '{port}'"


def test_no_command_prints_help_and_exits_2(run_cli):
    code, out, _ = run_cli()
    assert code == 2 and out.startswith("usage: goalfolio")


def test_internal_error_is_reported_without_traceback(write_project, tmp_path, run_cli, monkeypatch):
    """Unless GOALFOLIO_DEBUG asks for it, as the report's last line says."""
    import goalfolio.check
    from goalfolio import __version__

    def explode(project):
        raise RuntimeError("boom")

    monkeypatch.setattr(goalfolio.check, "run_check", explode)
    monkeypatch.delenv("GOALFOLIO_DEBUG", raising=False)
    root = write_project(tmp_path, {})
    code, out, err = run_cli("check", root)
    report = (f"goalfolio: internal error: RuntimeError: boom\nThis is a bug in goalfolio {__version__}, not in your content. "
              "Please report it at https://github.com/goalfolio/goalfolio/issues\n"
              "with the command you ran; set GOALFOLIO_DEBUG=1 to include the traceback.\n")
    assert (code, out, err) == (3, "", report)
    monkeypatch.setenv("GOALFOLIO_DEBUG", "1")
    code, out, err = run_cli("check", root)
    assert (code, out) == (3, "")
    assert err.startswith(report + "Traceback (most recent call last):\n") and err.endswith("RuntimeError: boom\n")


def test_schema_of_a_goal(run_cli):
    code, out, err = run_cli("schema", "goal")
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["required"] == ["title", "type", "start", "target_date"]
    assert schema["properties"]["type"]["enum"] == ["advancement", "leadership", "education", "personal", "mobility"]
    assert schema["properties"]["start"] == {"description": "When work on the goal started (YYYY-MM-DD).", "format": "date",
                                             "title": "Start", "type": "string"}
    indicator = schema["$defs"]["Indicator"]
    assert indicator["additionalProperties"] is False
    assert indicator["properties"]["target"] == {"description": "The value that means done; it must differ from `baseline`.",
                                                 "title": "Target", "type": "number"}


def test_schema_of_every_type(run_cli):
    code, out, _ = run_cli("schema")
    schemas = json.loads(out)
    assert code == 0
    assert list(schemas) == ["case", "config", "endorsement", "evidence", "goal", "profile", "review"]  # in name order
    assert all(s["additionalProperties"] is False for s in schemas.values())


def test_version(run_cli):
    from goalfolio import __version__

    assert run_cli("--version") == (0, f"goalfolio {__version__}\n", "")


def test_python_m_goalfolio(tmp_path):
    from goalfolio import __version__

    done = subprocess.run([sys.executable, "-m", "goalfolio", "--version"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"goalfolio {__version__}\n", "")


def test_python_m_goalfolio_check_exit_code(tmp_path):
    root = make_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra="type: personal\n")})
    done = subprocess.run([sys.executable, "-m", "goalfolio", "check", str(root)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert done.stdout.startswith("content/goals/lead.md:6:1: error: `type` is given twice (first on line 3)")
    assert "Traceback" not in done.stdout + done.stderr


# --- the example portfolio in the repository -------------------------------------------------


def test_example_content_loads_without_errors():
    from goalfolio.config import find_project
    from goalfolio.pipeline import load_checked_portfolio

    portfolio, diagnostics = load_checked_portfolio(find_project(REPO))
    assert [d.format() for d in diagnostics] == []
    assert portfolio.profile is not None and portfolio.goals and portfolio.evidence


def test_example_content_checks_clean(run_cli):
    code, out, err = run_cli("check", REPO)
    assert code == 0, out + err
    assert out.endswith("no problems found\n"), out


def test_checklist_questions_and_framework_steps_are_reported_in_their_own_order(write_project, tmp_path, run_cli):
    """Findings at one place were sorted by their text: the checklist's questions and the
    Evidence Ladder's steps came in alphabetical order (Narrative synthesis before the
    Stretch project it builds on), not in the order the coaching article climbs them."""
    goal = GOAL.format(extra="framework: evidence-ladder\nstatus: paused\n")
    root = write_project(tmp_path, {"content/goals/lead.md": goal})
    code, out, err = run_cli("check", root)
    assert (code, err) == (0, "")
    assert [line.split(": ", 2)[2] for line in diagnostic_lines(out) if not line.startswith(" ")] == [
        "audit 1/6: which 3 measurable indicators show progress? (fewer than 3 indicators)",
        "audit 1/6: what skills, experiences or credentials are missing? (no gaps listed)",
        "audit 1/6: what is the timeline, with three checkpoints? (fewer than 3 checkpoints on or before the target date)",
        "audit 1/6: who gives feedback, and how will you secure it? (no feedback source)",
        "audit 1/6: how does the goal account for life and mobility preferences? (life and mobility not considered)",
        "Evidence Ladder: step `Baseline impact` is not met: needs 1 more piece of evidence on the `baseline` rung",
        "Evidence Ladder: step `Stretch project` is not met: needs 1 more piece of evidence on the `stretch` rung "
        "with a before-and-after metric",
        "Evidence Ladder: step `Stakeholder validation` is not met: needs 2 more endorsements from distinct stakeholders",
        "Evidence Ladder: step `Narrative synthesis` is not met: needs a case for this goal",
    ]


def test_a_root_absolute_address_in_raw_html_is_located_in_the_body(write_project, tmp_path, run_cli):
    """Raw HTML is written as it is: `<img src="/x.png">` failed the build as the theme's
    problem (`themes:1:1`), and `check` did not see it. It is reported where it is written,
    as the same address in Markdown is, by both."""
    evidence = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n"
                "A [link](/goals/) and ![image](/x.png).\n"
                "An <img src=\"/x.png\" alt=\"\"> inline and\n"
                "<a href=\"/goals/\">a link</a>.\n"
                "\n"
                "<div>\n"
                "  <a href='/goals/'>g</a> <img src=/x.png>\n"
                "</div>\n")
    only_html = "---\ntitle: Raw\ndate: 2026-03-13\nkind: talk\n---\n<p><img src=\"/only.png\"></p>\n"
    root = write_project(tmp_path, {"content/evidence/talk.md": evidence, "content/evidence/raw.md": only_html},
                         config="title: Test portfolio\nmarkdown: {allow_html: true}\n")
    message = "starts with `/`, which breaks under a /repo/ prefix and from disk"
    raw = "    hint: raw HTML is written as it is, on pages at several depths: write it in Markdown, "
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert diagnostic_lines(out if command == "check" else err) == [
            f"content/evidence/raw.md:6:14: error: the link `/only.png` {message}",
            raw + "`![text](assets/only.png)`, with the file in content/assets/",
            f"content/evidence/talk.md:6:10: error: the link `/goals/` {message}",
            "    hint: cite items with [[id]], or write the path from the site root without the `/`: `goals/`",
            f"content/evidence/talk.md:6:32: error: the link `/x.png` {message}",
            "    hint: put the file in content/assets/ and write its path from the site root: `assets/x.png`",
            f"content/evidence/talk.md:7:14: error: the link `/x.png` {message}",
            raw + "`![text](assets/x.png)`, with the file in content/assets/",
            f"content/evidence/talk.md:8:10: error: the link `/goals/` {message}",
            raw + "`[text](goals/)`, which every page rewrites to lead from itself",
            f"content/evidence/talk.md:11:12: error: the link `/goals/` {message}",
            raw + "`[text](goals/)`, which every page rewrites to lead from itself",
            f"content/evidence/talk.md:11:36: error: the link `/x.png` {message}",
            raw + "`![text](assets/x.png)`, with the file in content/assets/",
        ]


def test_text_that_reads_like_a_root_absolute_link_is_no_link(write_project, tmp_path, run_cli):
    """The pages were searched for ` href=/` anywhere, so a code span showing
    `<a href=/x>`, or raw HTML shown as text, failed the build as the theme's problem."""
    evidence = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\n---\n"
                "Write `<a href=/goals/>` as `[goals](goals/)`; <a href=/x>this</a> is text.\n")
    root = write_project(tmp_path, {"content/evidence/talk.md": evidence})
    assert run_cli("check", root)[0] == 0
    code, _, err = run_cli("build", root, "--out", tmp_path / "site")
    assert (code, diagnostic_lines(err)) == (0, [])
    assert ("<p>Write <code>&lt;a href=/goals/&gt;</code> as <code>[goals](goals/)</code>; "
            "&lt;a href=/x&gt;this&lt;/a&gt; is text.</p>") in (tmp_path / "site/evidence/talk/index.html").read_text()


def test_a_link_under_links_from_the_pages_folder_is_refused(write_project, tmp_path, run_cli):
    """`links:` are read from the site root on every page and in portfolio.json: `../x/`
    was written as `../../../x/index.html` on the page and as `<base_url>../x/` in the JSON."""
    evidence = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\nlinks:\n  - {title: Up, url: ../x/}\n"
                "  - {title: Here, url: ./notes/}\n  - {title: Slides, url: ../assets/slides.pdf}\n---\nText.\n")
    root = write_project(tmp_path, {"content/evidence/talk.md": evidence, "content/assets/slides.pdf": "PDF"})
    hint = ("    hint: a link under `links:` is a path from the site root, as every page and portfolio.json read it, "
            "such as `goals/lead-team/` or `assets/slides.pdf`")
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert diagnostic_lines(out if command == "check" else err) == [
            "content/evidence/talk.md:6:22: error: the link `../x/` starts with `../`, which differs from page to page",
            hint,
            "content/evidence/talk.md:7:24: error: the link `./notes/` starts with `./`, which differs from page to page",
            hint,
            "content/evidence/talk.md:8:26: error: the link `../assets/slides.pdf` starts with `../`, which differs from page to page",
            "    hint: write it from the site root: `assets/slides.pdf`",
        ]


def test_a_link_to_a_file_outside_assets_is_an_error(write_project, tmp_path, run_cli):
    """A relative file other than one in content/assets/ is never copied to the site: the
    image and the link were written broken (`../../missing.png`), without a word."""
    evidence = ("---\ntitle: Talk\ndate: 2026-03-12\nkind: talk\nlinks:\n  - {title: CV, url: cv.pdf}\n"
                "  - {title: Feed, url: feed.xml}\n---\n"
                "A ![chart](missing.png), [my cv](cv.pdf \"CV\"), [a draft](<my draft.pdf#page=2>) and [notes](./notes.txt).\n"
                "Untouched: [the goal](goals/lead/), [[lead]], [top](#top), [mail](mailto:a@b.c), [web](https://e.com/x.png),\n"
                "[feed](feed.xml), [data](portfolio.json), [style](static/style.css), [home](index.html), [progress](progress/),\n"
                "[up](../../feed.xml) and [a slide](assets/slide.png).\n")
    root = write_project(tmp_path, {"content/goals/lead.md": GOAL.format(extra=""), "content/evidence/talk.md": evidence,
                                    "content/assets/slide.png": "PNG"})
    outside = "is not in content/assets/, and the site has no other file of that name"
    for command in ("check", "build"):
        code, out, err = run_cli(command, root)
        assert code == 1
        assert diagnostic_lines(out if command == "check" else err) == [
            f"content/evidence/talk.md:6:22: error: the file `cv.pdf` {outside}",
            "    hint: put the file in content/assets/ and write its path as `assets/cv.pdf`",
            f"content/evidence/talk.md:9:12: error: the image `missing.png` {outside}",
            "    hint: put the file in content/assets/ and write its path as `assets/missing.png`",
            f"content/evidence/talk.md:9:34: error: the file `cv.pdf` {outside}",
            "    hint: put the file in content/assets/ and write its path as `assets/cv.pdf`",
            f"content/evidence/talk.md:9:59: error: the file `my%20draft.pdf#page=2` {outside}",
            "    hint: put the file in content/assets/ and write its path as `assets/my%20draft.pdf#page=2`",
            f"content/evidence/talk.md:9:93: error: the file `./notes.txt` {outside}",
            "    hint: put the file in content/assets/ and write its path as `assets/notes.txt`",
        ]


def test_a_root_absolute_address_in_a_hidden_items_raw_html_fails_only_the_builds_showing_it(write_project, tmp_path, run_cli):
    """Raw HTML is written only where the item is shown: the public build, which does not
    write the private item's page, is made; the owner's (`--all`) and `check` report it."""
    private = ("---\ntitle: Secret\ndate: 2026-03-14\nkind: result\nvisibility: private\n---\n"
               "<img src=\"/assets/scan.png\" alt=\"\">\n")
    root = write_project(tmp_path, {"content/evidence/secret.md": private, "content/assets/scan.png": "PNG"},
                         config="title: Test portfolio\nmarkdown: {allow_html: true}\n")
    expected = [
        "content/evidence/secret.md:7:11: error: the link `/assets/scan.png` starts with `/`, which breaks under a /repo/ prefix and from disk",
        "    hint: raw HTML is written as it is, on pages at several depths: write it in Markdown, "
        "`![text](assets/scan.png)`, with the file in content/assets/",
    ]
    code, out, _ = run_cli("check", root)
    assert (code, diagnostic_lines(out)) == (1, expected)
    code, _, err = run_cli("build", root, "--out", tmp_path / "public")
    assert (code, diagnostic_lines(err)) == (0, [])
    assert not (tmp_path / "public/assets/scan.png").exists()
    code, _, err = run_cli("build", root, "--all", "--out", tmp_path / "owner")
    assert (code, diagnostic_lines(err)) == (1, expected)


def test_the_files_a_build_writes_beside_its_pages_are_the_site_files(write_project, tmp_path, run_cli):
    """A link to `feed.xml` or `portfolio.json` is no file outside content/assets/ (see
    links.SITE_FILES): the list is the files a build with a base_url writes at the root."""
    from goalfolio.links import SITE_FILES

    root = write_project(tmp_path, config="title: Test portfolio\nbase_url: https://example.org/p/\n")
    assert run_cli("build", root, "--out", tmp_path / "site")[0] == 0
    written = {p.name for p in (tmp_path / "site").iterdir() if p.is_file() and not p.name.startswith(".") and p.name != "index.html"}
    assert written == SITE_FILES


@pytest.mark.parametrize("command", ["build", "serve"])
def test_jobs_are_chosen_by_the_sites_size_unless_given(command):
    """`--jobs 0`, the default, as docs/cli.md says: every CPU for a large site, one process for a small one."""
    from goalfolio.cli import build_parser

    assert [build_parser().parse_args([command, *given]).jobs for given in ([], ["--jobs", "0"], ["--jobs", "3"])] == [0, 0, 3]


def test_serve_listens_on_port_8000_of_this_machine_unless_told_and_opens_no_browser_unless_asked():
    from goalfolio.cli import build_parser

    parse = build_parser().parse_args
    assert [(a.host, a.port, a.open) for a in (parse(["serve"]), parse(["serve", "--host", "[::1]", "--port", "0", "--open"]))] == [
        (None, 8000, False), ("::1", 0, True)]
