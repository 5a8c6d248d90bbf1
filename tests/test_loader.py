"""Loading a project: config, file discovery, ids, per-file isolation of problems, the parse cache."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project

from goalfolio.cli import main
from goalfolio.config import config_position, find_project, load_config, peek_allow_html
from goalfolio.errors import UserError
from goalfolio.frontmatter import ParsedFile
from goalfolio.loader import FIRST_FIELDS, load_item, load_portfolio
from goalfolio.models import CONTENT_TYPES, Profile

GOAL = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n---\nThe plan.\n"
EVIDENCE = "---\ntitle: Shipped refunds\ndate: 2026-03-02\nkind: project\n---\nStory.\n"


def lines(diagnostics) -> list[str]:
    return [d.format().split("\n")[0] for d in diagnostics]


def load(tmp_path, files=None, config=None):
    project = find_project(make_project(tmp_path, files, config))
    return load_portfolio(project, load_config(project))


# --- config ----------------------------------------------------------------------------------


def test_config_values_and_defaults(tmp_path):
    config = load_config(find_project(make_project(tmp_path)))
    assert config.title == "Test portfolio"
    assert config.today == datetime.date(2026, 11, 20)
    assert (config.language, config.theme, config.stale_after_days, config.audiences) == ("en", "default", 95, [])
    assert config.markdown.allow_html is False


def test_config_from_another_file(tmp_path):
    root = make_project(tmp_path, {"other.yaml": "title: Other\n"})
    project = find_project(root, root / "other.yaml")
    assert project.config_path == root / "other.yaml"
    assert load_config(project).title == "Other"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("title: [x\n", "goalfolio.yaml:1:8: error: this `[` is never closed"),
        ("- title\n", "goalfolio.yaml:1:1: error: goalfolio.yaml must be a set of `key: value` fields"),
        ("", "goalfolio.yaml:1:1: error: missing required field `title`"),
        ("title: t\ntheme: &a x\n", "goalfolio.yaml:2:8: error: anchors and aliases (`&name`, `*name`) are not allowed in front matter"),
        ("title: t\ntoday: tomorrow\n", "goalfolio.yaml:2:8: error: `today` must be a date, but got the text `tomorrow`"),
    ],
)
def test_config_problems(tmp_path, config, expected):
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, config=config)))
    assert lines(caught.value.diagnostics) == [expected]


def test_an_impossible_date_in_the_config_is_told_how_dates_are_written(tmp_path):
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, config="title: t\ntoday: 2026-13-01\n")))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:2:8: error: `2026-13-01` is not a valid date: month must be in 1..12\n"
        "    hint: write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"
    ]


@pytest.mark.parametrize("theme", ["../x", "mine/sub", "..", ".hidden", "C:x", '""'])
def test_a_theme_that_is_a_path_is_refused_at_its_value(tmp_path, theme):
    """`theme: ../x` read templates from outside themes/, and the hint for a missing one
    said to create `themes/../x/templates/`."""
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, config=f"title: t\ntheme: {theme}\n")))
    shown = "" if theme == '""' else theme
    assert [d.format() for d in caught.value.diagnostics] == [
        f"goalfolio.yaml:2:8: error: the theme `{shown}` is not a folder name\n"
        "    hint: name a folder of themes/, such as `default` or `mine` for themes/mine/templates/"
    ]


@pytest.mark.parametrize(("language", "ok"), [("en", True), ("en-GB", True), ("zh-Hant-TW", True), ("x-klingon", True),
                                              ("Englisch", False), ("en_GB", False), ("x", False), ("en-", False)])
def test_the_language_is_a_language_tag(tmp_path, language, ok):
    """It is every page's `lang` and the feed's `xml:lang`: `English` was written there as
    it stood, which the HTML checker refuses."""
    project = find_project(make_project(tmp_path, config=f"title: t\nlanguage: {language}\n"))
    if ok:
        assert load_config(project).language == language
        return
    with pytest.raises(UserError) as caught:
        load_config(project)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"goalfolio.yaml:2:11: error: `{language}` is not a language tag\n"
        "    hint: write a BCP 47 tag such as `en`, `en-GB`, `nl` or `pt-BR`"
    ]


@pytest.mark.parametrize(("language", "tag"), [("English", "en"), ("Nederlands", "nl"), ("español", "es"), ("日本語", "ja")])
def test_a_language_written_by_its_name_is_told_its_tag(tmp_path, language, tag):
    project = find_project(make_project(tmp_path, config=f"title: t\nlanguage: {language}\n"))
    with pytest.raises(UserError) as caught:
        load_config(project)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"goalfolio.yaml:2:11: error: `{language}` is not a language tag\n    hint: write `{tag}`, the language tag for {language}"
    ]


def test_a_framework_count_below_zero_is_told_its_minimum_in_plain_words(tmp_path):
    config = ("title: t\nframeworks:\n  f:\n    title: F\n    steps:\n      - id: s\n        title: S\n"
              "        requires:\n          - {check: evidence, count: -1}\n")
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, config=config)))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:9:38: error: `count: -1` is always met, so this requirement checks nothing\n"
        "    hint: write a count of 1 or more, or remove the requirement"
    ]


def test_config_missing(tmp_path):
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, {"goalfolio.yaml": None})))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:1:1: error: no goalfolio.yaml found\n"
        "    hint: create goalfolio.yaml with at least `title: My portfolio`, or run `goalfolio init`"
    ]



@pytest.mark.parametrize("name", ["goalfolio.yml", "Goalfolio.yaml", "goalfolio.yaml.txt"])
def test_a_config_under_another_name_is_told_to_be_renamed(tmp_path, name):
    """`goalfolio.yml`, as many tools name their YAML, was told only to create goalfolio.yaml,
    beside the file the newcomer had written."""
    root = make_project(tmp_path, {"goalfolio.yaml": None, name: "title: T\n"})
    if (root / "goalfolio.yaml").is_file():
        pytest.skip("a file system that does not tell names apart by their capitals reads Goalfolio.yaml as goalfolio.yaml")
    with pytest.raises(UserError) as caught:
        load_config(find_project(root))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:1:1: error: no goalfolio.yaml found\n"
        f"    hint: rename {name} to goalfolio.yaml: goalfolio reads the config under that name only"
    ]


def test_a_setting_of_a_config_that_cannot_be_read_is_placed_at_its_start(tmp_path):
    """Problems a setting causes are reported at it; where the config cannot be read (gone
    since it was loaded, or not UTF-8), at 1:1 rather than with a traceback."""
    root = make_project(tmp_path, {"goalfolio.yaml": "title: T\ntheme: mine\n"})
    assert config_position(find_project(root), "theme") == (2, 8)
    (root / "goalfolio.yaml").write_bytes(b"title: \xff\ntheme: mine\n")
    assert config_position(find_project(root), "theme") == (1, 1)
    (root / "goalfolio.yaml").unlink()
    assert config_position(find_project(root), "theme") == (1, 1)


@pytest.mark.parametrize(("config", "allow_html"), [
    ("title: T\ntheme: ' mine '\nmarkdown: {allow_html: true}\n", True),
    ("title: T\nmarkdown: {allow_html: 'yes'}\ntheme: 3\n", False),
    ("title: T\n", False),
    ("- not a mapping\n", False),
])
def test_a_cold_build_starts_with_allow_html_as_written(tmp_path, config, allow_html):
    """Only `allow_html: true` starts bodies rendered with raw HTML; the validated config
    then decides, so what cannot be read is taken as the default."""
    assert peek_allow_html(find_project(make_project(tmp_path, {"goalfolio.yaml": config}))) is allow_html

def test_config_that_is_a_folder(tmp_path):
    root = make_project(tmp_path, {"goalfolio.yaml": None})
    (root / "goalfolio.yaml").mkdir()
    with pytest.raises(UserError) as caught:
        load_config(find_project(root))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:1:1: error: goalfolio.yaml is a folder, not a file\n"
        "    hint: rename or remove the folder, and write goalfolio.yaml with at least `title: My portfolio`"
    ]


def test_config_with_a_second_yaml_document_says_so_in_plain_words(tmp_path):
    """It was libyaml's "invalid YAML: but found another document (expected a single
    document in the stream)", with the hint about indentation and quotes."""
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, {"goalfolio.yaml": "title: x\n---\nauthor: y\n"})))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:2:1: error: this `---` starts a second YAML document, and goalfolio.yaml is one\n"
        "    hint: remove the line, so that every field is in one set"
    ]


@pytest.mark.parametrize(("name", "hint"), [
    ("goalfolio.yaml", "move content/goalfolio.yaml up one folder, beside content/: goalfolio reads the config from the project "
                       "folder only"),
    ("goalfolio.yml", "move content/goalfolio.yml up one folder, beside content/, as goalfolio.yaml: goalfolio reads the config "
                      "under that name, from the project folder only"),
])
def test_a_config_saved_inside_content_is_told_to_move_up(tmp_path, run_cli, name, hint):
    """content/goalfolio.yaml made content/ look like a portfolio of its own: "portfolios
    below: content; run `goalfolio check content`", where `content/content/` was then
    missing. content/goalfolio.yml was told to create goalfolio.yaml."""
    root = make_project(tmp_path, {"goalfolio.yaml": None, f"content/{name}": "title: T\n"})
    (root / ".git").mkdir()
    code, out, _ = run_cli("check", root)
    assert (code, out) == (1, f"goalfolio.yaml:1:1: error: no goalfolio.yaml found\n    hint: {hint}\n\n1 error, 0 warnings in 1 file\n")
    code, _, err = run_cli("new", "goal", "Lead a team", root)
    assert (code, err.splitlines()[1]) == (1, f"    hint: {hint}")


def test_a_command_run_in_content_holding_the_config_is_told_to_move_it_up(tmp_path):
    """Run in content/, which holds goalfolio.yaml by mistake, a command takes it for the
    project, and only said to create content/ in it (or run `goalfolio init`)."""
    root = make_project(tmp_path, {"goalfolio.yaml": None, "content/goalfolio.yaml": "title: T\n"})
    project = find_project(root / "content")
    _, problems = load_portfolio(project, load_config(project))
    assert [d.format() for d in problems] == [
        "content:1:1: error: the content/ folder is missing\n"
        "    hint: this folder is content/ itself: move goalfolio.yaml up one folder, beside content/, and run goalfolio there"
    ]


@pytest.mark.parametrize(("name", "tool"), [("_config.yml", "Jekyll"), ("mkdocs.yml", "MkDocs"), ("hugo.toml", "Hugo")])
def test_another_site_generators_config_is_told_apart(tmp_path, name, tool):
    """A newcomer from Jekyll, MkDocs or Hugo may take their config for the one goalfolio
    reads: the hint only said to create goalfolio.yaml, or run `goalfolio init`."""
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, {"goalfolio.yaml": None, name: "title: T\n"})))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:1:1: error: no goalfolio.yaml found\n"
        f"    hint: {name} configures {tool}, not goalfolio: create goalfolio.yaml beside it with at least "
        "`title: My portfolio`, or run `goalfolio init`"
    ]


def test_config_not_utf8_is_located_at_its_byte_as_a_content_file_is(tmp_path):
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, {"goalfolio.yaml": b"title: x\nauthor: Jos\xe9 \xc3\xa9\xe9\n"})))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:2:12: error: this file is not valid UTF-8 (byte 0xe9)\n"
        "    hint: save the file as UTF-8 in your editor"
    ]


# --- discovery and ids -----------------------------------------------------------------------


def test_items_are_loaded_by_folder_with_ids_from_file_names(tmp_path):
    portfolio, problems = load(tmp_path, {
        "content/goals/lead-team.md": GOAL,
        "content/goals/a-first.md": GOAL,
        "content/evidence/refunds.md": EVIDENCE,
        "content/endorsements/bo.md": "---\nauthor: Bo\nrole: Director\nrelationship: manager\ndate: 2026-01-01\n---\nGreat.\n",
        "content/reviews/2026-q1.md": "---\ndate: 2026-03-31\n---\nNotes.\n",
        "content/cases/promo.md": "---\ntitle: Case\ntarget_role: Lead\ngoals: [lead-team]\n---\nNarrative.\n",
    })
    assert problems == []
    assert list(portfolio.goals) == ["a-first", "lead-team"]  # sorted by id
    assert (list(portfolio.evidence), list(portfolio.endorsements)) == (["refunds"], ["bo"])
    assert (list(portfolio.reviews), list(portfolio.cases)) == (["2026-q1"], ["promo"])
    assert portfolio.profile is not None and portfolio.profile.id == "profile"
    assert portfolio.profile.name == "Test Person"
    assert [i.id for i in portfolio.items()] == ["profile", "a-first", "lead-team", "refunds", "bo", "2026-q1", "promo"]
    assert portfolio.find("refunds") is portfolio.evidence["refunds"]
    assert portfolio.find("nothing") is None


def test_item_source_keeps_path_body_and_body_line(tmp_path):
    portfolio, _ = load(tmp_path, {"content/goals/lead-team.md": GOAL})
    source = portfolio.goals["lead-team"].source
    assert (source.path, source.body, source.body_line) == ("content/goals/lead-team.md", "The plan.\n", 7)
    assert portfolio.goals["lead-team"].body == "The plan.\n"


def test_windows_line_endings_keep_positions(tmp_path):
    text = GOAL.replace("type: leadership", "type: leadership\nstatuss: active").replace("\n", "\r\n")
    portfolio, problems = load(tmp_path, {"content/goals/lead-team.md": text})
    assert lines(problems) == ["content/goals/lead-team.md:4:1: error: unknown field `statuss`"]


def test_assets_are_listed_not_parsed(tmp_path):
    portfolio, problems = load(tmp_path, {
        "content/assets/portrait.svg": "<svg/>",
        "content/assets/docs/cv.pdf": b"%PDF\x00\x01",
        "content/assets/notes.md": "not front matter",
    })
    assert problems == []
    assert portfolio.assets == ["docs/cv.pdf", "notes.md", "portrait.svg"]


def test_hidden_files_and_folders_are_ignored(tmp_path):
    _, problems = load(tmp_path, {
        "content/goals/.draft.md": "broken",
        "content/.obsidian/workspace.md": "broken",
        "content/goals/.DS_Store": b"\x00\x01",
    })
    assert problems == []


def test_editors_files_are_not_content_nor_published_assets(tmp_path):
    """A JetBrains IDE's `___jb_tmp___` file was warned about as not Markdown, and Word's
    lock on an open document in content/assets/ was published with the site."""
    portfolio, problems = load(tmp_path, {
        "content/goals/x.md___jb_tmp___": "half saved",
        "content/evidence/talk.md~": "a backup",
        "content/evidence/#talk.md#": "Emacs's autosave",
        "content/assets/cv.docx": b"PK\x03\x04",
        "content/assets/~$cv.docx": b"Word's lock",
        "content/assets/slides.pdf.part": b"%PDF",
    })
    assert problems == []
    assert portfolio.assets == ["cv.docx"]


def test_non_markdown_file_in_a_content_folder_is_a_warning(tmp_path):
    _, problems = load(tmp_path, {"content/evidence/photo.png": b"\x89PNG\x00"})
    assert [d.format() for d in problems] == [
        "content/evidence/photo.png:1:1: warning: `photo.png` is not a Markdown file and is ignored\n"
        "    hint: content files end in .md; put images and files in content/assets/"
    ]


@pytest.mark.parametrize("name", ["BAD.MD", "notes.Md", "x.mD"])
def test_markdown_file_with_an_uppercase_extension_is_an_error_and_not_a_cascade(tmp_path, load_project, name):
    """It was a warning, so the build went on without it, and every reference to it was an
    error of its own."""
    stem, extension = name.rsplit(".", 1)
    citing = EVIDENCE.rstrip("\n") + f"\nSee [[{stem.lower()}]].\n"
    _, problems = load_project(tmp_path, {f"content/evidence/{name}": EVIDENCE, "content/evidence/other.md": citing})
    assert [d.format() for d in problems] == [
        f"content/evidence/{name}:1:1: error: `{name}` is not read: content files end in `.md`, not `.{extension}`\n"
        f"    hint: rename it to `{stem}.md` (the extension in lowercase)"
    ]


@pytest.mark.parametrize("name", ["Profile.md", "PROFILE.MD", "profile.markdown"])
def test_a_profile_named_in_another_case_or_extension_is_named_not_said_to_be_missing(tmp_path, name):
    """`Profile.md` was told to move into goals/ or evidence/, and content/profile.md was
    said to be missing; `profile.MD` was skipped without a word."""
    _, problems = load(tmp_path, {"content/profile.md": None, f"content/{name}": "---\nname: Test Person\n---\nBio.\n"})
    assert [d.format() for d in problems] == [
        f"content/{name}:1:1: error: `{name}` is not read: the profile is `profile.md`\n"
        "    hint: rename it to `profile.md` (in lowercase)"
    ]


@pytest.mark.parametrize("name", ["win.markdown", "win.mdown", "win.MKD"])
def test_markdown_file_with_another_markdown_extension_is_an_error_and_not_a_cascade(tmp_path, load_project, name):
    """`win.markdown` (Jekyll's extension) was "not a Markdown file", a warning, and every
    reference to it an error of its own."""
    citing = EVIDENCE.rstrip("\n") + "\nSee [[win]].\n"
    _, problems = load_project(tmp_path, {f"content/evidence/{name}": EVIDENCE, "content/evidence/other.md": citing,
                                          "content/Top.MD": GOAL})
    suffix = name.split(".")[1]
    assert [d.format() for d in problems] == [
        "content/Top.MD:1:1: error: `Top.MD` is not in a content folder\n"
        "    hint: its fields are a goal's: move it into goals/",
        f"content/evidence/{name}:1:1: error: `{name}` is not read: content files end in `.md`, not `.{suffix}`\n"
        "    hint: rename it to `win.md`",
    ]


@pytest.mark.parametrize(
    ("replace", "by", "where", "hint"),
    [
        # in a date field, quoting would only trade this error for another
        ("date: 2026-03-02", "date: 2026-13-01", "3:7", "write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"),
        # in a text field, quoting keeps it as written
        ("title: Shipped refunds", "title: 2026-13-01", "2:8", "write dates as YYYY-MM-DD, or quote the value to keep it as text"),
    ],
)
def test_an_impossible_date_gets_the_hint_for_its_field(tmp_path, replace, by, where, hint):
    _, problems = load(tmp_path, {"content/evidence/refunds.md": EVIDENCE.replace(replace, by)})
    assert [d.format() for d in problems] == [
        f"content/evidence/refunds.md:{where}: error: `2026-13-01` is not a valid date: month must be in 1..12\n"
        f"    hint: {hint}"
    ]


@pytest.mark.parametrize(("date", "hint"), [
    ("2026-02-29", "February 2026 has 28 days: write a day from 01 to 28"),
    ("2026-06-31", "June 2026 has 30 days: write a day from 01 to 30"),
    ("2026-04-00", "April 2026 has 30 days: write a day from 01 to 30"),
])
def test_a_day_its_month_does_not_have_is_told_how_many_days_the_month_has(tmp_path, date, hint):
    """The hint was to write the date as YYYY-MM-DD, as it was written: someone who wrote
    29 February in a year without one, or the 31st of a month of 30 days, learnt nothing."""
    _, problems = load(tmp_path, {"content/evidence/refunds.md": EVIDENCE.replace("date: 2026-03-02", f"date: {date}")})
    assert [d.format() for d in problems] == [
        f"content/evidence/refunds.md:3:7: error: `{date}` is not a valid date: day is out of range for month\n    hint: {hint}"
    ]


def test_a_date_with_a_time_is_told_to_drop_the_time(tmp_path):
    _, problems = load(tmp_path, {"content/evidence/refunds.md": EVIDENCE.replace("2026-03-02", "2026-01-01T10:00:00")})
    assert [d.format() for d in problems] == [
        "content/evidence/refunds.md:3:7: error: `date` must be a date without a time, but YAML read `2026-01-01T10:00:00`"
        " as the date and time 2026-01-01T10:00:00\n"
        "    hint: write the date alone, as YYYY-MM-DD: 2026-01-01"
    ]


def test_markdown_at_the_top_of_content_is_misplaced(tmp_path):
    """The hint names the folder the file's fields fit; it listed every folder. The other
    file at the top, `README.txt`, was ignored without a word."""
    _, problems = load(tmp_path, {"content/lead-team.md": GOAL, "content/README.txt": "notes"})
    assert [d.format() for d in problems] == [
        "content/README.txt:1:1: warning: `README.txt` is not read: the top of content/ holds only `profile.md` and the content folders\n"
        "    hint: move it into content/assets/ to publish it, or out of content/",
        "content/lead-team.md:1:1: error: `lead-team.md` is not in a content folder\n"
        "    hint: its fields are a goal's: move it into goals/",
    ]


@pytest.mark.parametrize(("text", "hint"), [
    (EVIDENCE, "its fields are evidence's: move it into evidence/"),
    ("---\ndate: 2026-03-02\n---\nNotes.\n", "its fields are a review's: move it into reviews/"),
    # Fields that fit no one type, or none to read: every folder is named, as before.
    ("---\ntitle: Shipped refunds\ndate: 2026-03-02\n---\nStory.\n", "move it into goals/, evidence/, endorsements/, reviews/ or cases/"),
    (GOAL.replace("type: leadership", "typ: leadership"), "move it into goals/, evidence/, endorsements/, reviews/ or cases/"),
    ("---\ntitle: [unclosed\n---\n", "move it into goals/, evidence/, endorsements/, reviews/ or cases/"),
    ("Just some notes.\n", "move it into goals/, evidence/, endorsements/, reviews/ or cases/"),
    (b"\xff\xfe", "move it into goals/, evidence/, endorsements/, reviews/ or cases/"),
])
def test_markdown_at_the_top_of_content_is_told_the_folder_its_fields_fit(tmp_path, text, hint):
    _, problems = load(tmp_path, {"content/notes.md": text})
    assert [d.format() for d in problems] == [f"content/notes.md:1:1: error: `notes.md` is not in a content folder\n    hint: {hint}"]


@pytest.mark.parametrize("name", [".DS_Store", "notes.txt~", "#notes.md#", ".notes.md.swp", "Thumbs.db"])
def test_names_never_read_at_the_top_of_content_get_no_word(tmp_path, name):
    assert load(tmp_path, {f"content/{name}": "x"})[1] == []


@pytest.mark.parametrize("name", ["goalfolio.yaml", "goalfolio.yml"])
def test_a_second_config_in_content_is_a_warning_naming_the_config(tmp_path, name):
    _, problems = load(tmp_path, {f"content/{name}": "title: Another portfolio\n"})
    assert [d.format() for d in problems] == [
        f"content/{name}:1:1: warning: this `{name}` is not read: the project's configuration is the one beside content/\n"
        "    hint: move the settings it holds into that file, and remove this one"
    ]


@pytest.mark.parametrize("name", ["goalfolio.yaml", "settings.yaml"])
def test_the_config_given_with_config_in_content_is_read_not_warned_about(tmp_path, name):
    root = make_project(tmp_path, {"goalfolio.yaml": None, f"content/{name}": "title: Test portfolio\n"})
    project = find_project(root, root / "content" / name)
    assert load_portfolio(project, load_config(project))[1] == []


def test_unknown_folder_without_a_close_match(tmp_path):
    _, problems = load(tmp_path, {"content/drafts/x.md": GOAL})
    assert [d.format() for d in problems] == [
        "content/drafts/x.md:1:1: error: `drafts/` is not a content folder\n"
        "    hint: use goals/, evidence/, endorsements/, reviews/ or cases/"
    ]


@pytest.mark.parametrize(("folder", "suggestion"), [("goal", "goals"), ("endorsement", "endorsements"), ("case", "cases"), ("asset", "assets")])
def test_misspelt_folder_suggests_the_right_one(tmp_path, folder, suggestion):
    _, problems = load(tmp_path, {f"content/{folder}/x.md": GOAL})
    assert [d.hint for d in problems] == [f"did you mean `{suggestion}/`?"]


def test_items_in_subfolders_of_a_type_folder_are_loaded(tmp_path):
    portfolio, problems = load(tmp_path, {"content/evidence/2026/refunds.md": EVIDENCE})
    assert problems == []
    assert list(portfolio.evidence) == ["refunds"]
    assert portfolio.evidence["refunds"].source.path == "content/evidence/2026/refunds.md"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("Lead_Team.md", "lead-team.md"), ("lead team.md", "lead-team.md"), ("-lead.md", "lead.md"), ("Über Ziel.md", "uber-ziel.md"), ("ü.md", "u.md"), ("ß.md", "ss.md"),
     ("Straße.md", "strasse.md"), ("日本.md", "item.md"), ("A" * 70 + " one.md", "a" * 70 + "-one.md")],
)
def test_file_names_must_be_ids(tmp_path, name, suggestion):
    portfolio, problems = load(tmp_path, {f"content/goals/{name}": GOAL})
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in problems] == [
        (1, 1, "bad-id", f"the file name `{name}` is not a valid id",
         f"rename it to `{suggestion}` (lowercase letters, digits and `-`)")
    ]
    assert portfolio.goals == {}


def test_a_bad_file_name_is_reported_with_the_files_other_errors(tmp_path):
    """The file name is checked whether or not the fields validate, and whether or not YAML
    refused a value: one run reports every problem of the file."""
    files = {"content/goals/beförderung-teamleitung.md": GOAL.replace("type: leadership", "type: leader"),
             "content/goals/Profile Two.md": GOAL.replace("start: 2026-01-05", "start: 2026-13-05"),
             "content/evidence/profile.md": EVIDENCE.replace("kind: project", "kinds: project"),
             "content/evidence/Straßenbahn.md": EVIDENCE.replace("title: Shipped refunds", "title: a: b")}
    portfolio, problems = load(tmp_path, files)
    assert lines(sorted(problems)) == [
        "content/evidence/Straßenbahn.md:1:1: error: the file name `Straßenbahn.md` is not a valid id",
        "content/evidence/Straßenbahn.md:2:9: error: the value of `title` holds `: `, which YAML reads as the start of another field",
        "content/evidence/profile.md:1:1: error: the id `profile` is the profile's (content/profile.md)",
        "content/evidence/profile.md:4:1: error: unknown field `kinds`",
        "content/goals/Profile Two.md:1:1: error: the file name `Profile Two.md` is not a valid id",
        "content/goals/Profile Two.md:4:8: error: `2026-13-05` is not a valid date: month must be in 1..12",
        "content/goals/beförderung-teamleitung.md:1:1: error: the file name `beförderung-teamleitung.md` is not a valid id",
        "content/goals/beförderung-teamleitung.md:3:7: error: `type` must be one of advancement, leadership, education, personal, mobility; got `leader`",
    ]
    assert portfolio.goals == {} and portfolio.evidence == {}


def test_duplicate_ids_across_folders(tmp_path):
    portfolio, problems = load(tmp_path, {"content/goals/refunds.md": GOAL, "content/evidence/refunds.md": EVIDENCE})
    assert lines(problems) == [
        "content/goals/refunds.md:1:1: error: the id `refunds` is already used by content/evidence/refunds.md"
    ]
    assert list(portfolio.evidence) == ["refunds"] and portfolio.goals == {}


def test_references_to_a_duplicate_id_are_not_reported_again(tmp_path, load_project):
    """The duplicate is the one mistake: the goal other files name is not missing as well."""
    evidence = EVIDENCE.replace("kind: project\n", "kind: project\ngoals: [refunds]\n")
    _, problems = load_project(tmp_path, {"content/goals/refunds.md": GOAL, "content/evidence/refunds.md": EVIDENCE,
                                          "content/evidence/other.md": evidence + "See [[refunds]].\n"})
    assert lines(problems) == [
        "content/goals/refunds.md:1:1: error: the id `refunds` is already used by content/evidence/refunds.md"
    ]


@pytest.mark.parametrize("cache", [False, True])
def test_two_files_alike_each_get_their_own_yaml_problems(tmp_path, cache):
    """The parse cache keys files by content: a problem YAML found in one is not the other's."""
    twin = EVIDENCE.replace("kind: project\n", "kind: project\ntitle: Again\n")
    project = find_project(make_project(tmp_path, {"content/evidence/one.md": twin, "content/evidence/two.md": twin}))
    _, problems = load_portfolio(project, load_config(project), MemoryCache() if cache else None)
    assert lines(problems) == [
        "content/evidence/one.md:5:1: error: `title` is given twice (first on line 2)",
        "content/evidence/two.md:5:1: error: `title` is given twice (first on line 2)",
    ]


def test_duplicate_ids_in_subfolders_of_one_folder(tmp_path):
    _, problems = load(tmp_path, {"content/evidence/a/x.md": EVIDENCE, "content/evidence/b/x.md": EVIDENCE})
    assert lines(problems) == ["content/evidence/b/x.md:1:1: error: the id `x` is already used by content/evidence/a/x.md"]


def test_a_duplicate_id_is_reported_with_the_problems_of_a_file_that_did_not_load(tmp_path):
    """A copy of a file, edited and not yet valid, was told its duplicate id only once its
    fields were fixed: one run reports both."""
    broken = EVIDENCE.replace("kind: project", "kind: projekt")
    _, problems = load(tmp_path, {"content/evidence/a/refunds.md": broken, "content/evidence/b/refunds.md": EVIDENCE,
                                  "content/evidence/c/refunds.md": broken})
    assert lines(sorted(problems)) == [
        "content/evidence/a/refunds.md:4:7: error: `kind` must be one of project, result, certification, course, talk, "
        "publication, interview, referral, assignment, other; got `projekt`",
        "content/evidence/b/refunds.md:1:1: error: the id `refunds` is already used by content/evidence/a/refunds.md",
        "content/evidence/c/refunds.md:1:1: error: the id `refunds` is already used by content/evidence/b/refunds.md",
        "content/evidence/c/refunds.md:4:7: error: `kind` must be one of project, result, certification, course, talk, "
        "publication, interview, referral, assignment, other; got `projekt`",
    ]


def test_a_profile_that_is_a_folder(tmp_path):
    root = make_project(tmp_path, {"content/profile.md": None})
    (root / "content" / "profile.md").mkdir()
    project = find_project(root)
    _, problems = load_portfolio(project, load_config(project))
    assert lines(problems) == ["content/profile.md:1:1: error: content/profile.md is a folder, not a file"]


def test_missing_content_folder(tmp_path):
    root = make_project(tmp_path)
    (root / "content" / "profile.md").unlink()
    (root / "content").rmdir()
    project = find_project(root)
    _, problems = load_portfolio(project, load_config(project))
    assert [d.format() for d in problems] == [
        "content:1:1: error: the content/ folder is missing\n"
        "    hint: create content/ with a profile.md, or run `goalfolio init`"
    ]


def test_content_that_is_a_file(tmp_path):
    root = make_project(tmp_path)
    shutil.rmtree(root / "content")
    (root / "content").write_text("My goals: lead a team.\n")
    project = find_project(root)
    _, problems = load_portfolio(project, load_config(project))
    assert [d.format() for d in problems] == [
        "content:1:1: error: `content` is a file, not a folder\n"
        "    hint: rename or remove the file, and create the folder content/ with a profile.md"
    ]


def test_missing_profile(tmp_path):
    _, problems = load(tmp_path, {"content/profile.md": None})
    assert lines(problems) == ["content/profile.md:1:1: error: content/profile.md is missing"]


def test_invalid_profile_is_not_also_reported_missing(tmp_path):
    _, problems = load(tmp_path, {"content/profile.md": "---\nnmae: x\n---\n"})
    assert lines(problems) == ["content/profile.md:2:1: error: unknown field `nmae`"]


# --- one bad file never hides another --------------------------------------------------------


def test_problems_of_every_file_are_collected(tmp_path):
    portfolio, problems = load(tmp_path, {
        "content/goals/good.md": GOAL,
        "content/goals/bad.md": GOAL.replace("leadership", "leader"),
        "content/evidence/empty.md": "",
        "content/evidence/binary.md": b"\x00\x01\x02",
        "content/evidence/latin.md": b"---\ntitle: caf\xe9\n---\n",
        "content/evidence/open.md": "---\ntitle: x\n",
    })
    assert sorted(lines(problems)) == [
        "content/evidence/binary.md:1:1: error: this looks like a binary file, not Markdown",
        "content/evidence/empty.md:1:1: error: the file is empty",
        "content/evidence/latin.md:2:11: error: this file is not valid UTF-8 (byte 0xe9)",
        "content/evidence/open.md:1:1: error: the front matter block is never closed",
        "content/goals/bad.md:3:7: error: `type` must be one of advancement, leadership, education, personal, mobility; got `leader`",
    ]
    assert list(portfolio.goals) == ["good"]
    assert portfolio.unloaded == {"bad", "empty", "binary", "latin", "open"}


def test_a_byte_that_is_not_utf8_is_placed_at_its_character_column(tmp_path):
    """`Zoë` takes four bytes and three columns: the column is what an editor shows."""
    _, problems = load(tmp_path, {"content/evidence/latin.md": "---\ntitle: Zoë caf".encode() + b"\xe9\n---\n"})
    assert [d.format() for d in problems] == [
        "content/evidence/latin.md:2:15: error: this file is not valid UTF-8 (byte 0xe9)\n"
        "    hint: save the file as UTF-8 in your editor"
    ]


@pytest.mark.parametrize(("encoding", "name"), [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")])
def test_a_file_saved_as_utf16_or_utf32_is_told_its_encoding(tmp_path, encoding, name):
    """Notepad's "Unicode" and PowerShell 5's `>` save UTF-16, whose NUL bytes made it "a
    binary file": the hint was to put it in content/assets/."""
    raw = ("\ufeff" + EVIDENCE).encode(encoding)
    _, problems = load(tmp_path, {"content/evidence/saved.md": raw})
    assert [d.format() for d in problems] == [
        f"content/evidence/saved.md:1:1: error: this file is saved as {name}, not UTF-8\n    hint: save the file as UTF-8 in your editor"]


def test_a_config_saved_as_utf16_is_told_its_encoding(tmp_path):
    with pytest.raises(UserError) as caught:
        load_config(find_project(make_project(tmp_path, {"goalfolio.yaml": "title: x\n".encode("utf-16")})))
    assert [d.format() for d in caught.value.diagnostics] == [
        "goalfolio.yaml:1:1: error: this file is saved as UTF-16, not UTF-8\n    hint: save the file as UTF-8 in your editor"]


def test_old_mac_line_endings_load_and_keep_positions(tmp_path):
    """A file whose lines end in a lone `\\r` (classic Mac OS editors) was refused as not
    starting with a front matter block: the whole file was one line."""
    text = GOAL.replace("type: leadership", "type: leadership\nstatuss: active").replace("\n", "\r")
    portfolio, problems = load(tmp_path, {"content/goals/lead-team.md": text, "content/evidence/refunds.md": EVIDENCE.replace("\n", "\r")})
    assert lines(problems) == ["content/goals/lead-team.md:4:1: error: unknown field `statuss`"]
    source = portfolio.evidence["refunds"].source
    assert (source.body, source.body_line) == ("Story.\n", 6)


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_a_byte_that_is_not_utf8_is_on_its_line_whatever_ends_lines(tmp_path, newline):
    raw = "---\ntitle: Zoë\nwhy: caf".replace("\n", newline).encode() + b"\xe9" + newline.encode() + b"---" + newline.encode()
    _, problems = load(tmp_path, {"content/evidence/latin.md": raw})
    assert lines(problems) == ["content/evidence/latin.md:3:9: error: this file is not valid UTF-8 (byte 0xe9)"]


def test_a_citation_in_front_matter_text_is_an_error_where_it_is(tmp_path):
    """A goal's `why: ... [[secret]]` was published as written, on the page, in its
    description and in portfolio.json: a private item's id with it."""
    goal = GOAL.replace("---\nThe plan.", "why: Because [[secret]] says so.\nmilestones:\n"
                        "  - {title: Baseline, due: 2026-02-01}\n  - {title: 'Talk, see [[talk]]', due: 2026-05-01}\n---\nThe plan.")
    evidence = EVIDENCE.replace("kind: project\n", "kind: project\nmetrics:\n  - {name: '[[x]] rate', before: 1, after: 2}\n")
    portfolio, problems = load(tmp_path, {"content/goals/g.md": goal, "content/evidence/e.md": evidence,
                                          "content/evidence/quiet.md": EVIDENCE.replace("Story.", "Cites [[g]] in the body.")})
    assert [d.format() for d in problems] == [
        "content/evidence/e.md:6:12: error: front matter is shown as written, so `[[x]]` in it would show as it is\n"
        "    hint: name the item in words, and cite it with [[id]] in the body",
        "content/goals/g.md:6:6: error: front matter is shown as written, so `[[secret]]` in it would show as it is\n"
        "    hint: name the item in words, and cite it with [[id]] in the body",
        "content/goals/g.md:9:13: error: front matter is shown as written, so `[[talk]]` in it would show as it is\n"
        "    hint: name the item in words, and cite it with [[id]] in the body",
    ]


def test_an_escaped_citation_in_front_matter_is_named_with_its_backslash(tmp_path):
    """Front matter is not Markdown: `\\[[x]]`, which a body shows as `[[x]]`, shows its
    backslash and the id, and the message said `[[x]]` would show. An anonymous
    endorsement's author is never shown, so `[[x]]` there is no finding."""
    goal = GOAL.replace("---\nThe plan.", "why: 'Because \\[[secret]] says so.'\n---\nThe plan.")
    anonymous = ("---\nauthor: '[[bo]]'\nrole: Lead\nrelationship: peer\ndate: 2026-03-01\nattribution: anonymous\n---\n"
                 "Good work.\n")
    _, problems = load(tmp_path, {"content/goals/g.md": goal, "content/endorsements/bo.md": anonymous})
    assert [d.format() for d in problems] == [
        "content/goals/g.md:6:6: error: front matter is not Markdown, so `\\[[secret]]` in it would show with its backslash, "
        "and the id as written\n"
        "    hint: name the item in words, and cite it with [[id]] in the body",
    ]


def test_an_item_with_a_rule_problem_is_still_loaded(tmp_path):
    portfolio, problems = load(tmp_path, {"content/goals/g.md": GOAL.replace("2027-06-30", "2025-06-30")})
    assert lines(problems) == ["content/goals/g.md:5:14: error: target_date 2025-06-30 is not after start 2026-01-05"]
    assert list(portfolio.goals) == ["g"]


@pytest.mark.parametrize(("path", "field"), [
    ("content/profile.md", "name: Your Name"),
    ("content/goals/lead.md", "title: Lead a team of six"),
    ("content/evidence/launch.md", "title: Led the pricing workshop"),
    ("content/endorsements/sam.md", "author: Alex Morgan"),
    ("content/reviews/q3.md", "date: 2026-03-01"),
    ("content/cases/promo.md", "title: Promotion case 2027"),
])
@pytest.mark.parametrize("front_matter", ["- a\n- b\n", "just text\n", "42\n"])
def test_front_matter_that_is_no_mapping_is_told_a_field_its_folder_requires(tmp_path, path, field, front_matter):
    """Every file's hint wrote `title: Lead a team of six`, a field a profile, an
    endorsement or a review does not have."""
    _, problems = load(tmp_path, {path: f"---\n{front_matter}---\nText.\n"})
    assert [d.format() for d in problems] == [f"{path}:2:1: error: front matter must be a set of `key: value` fields\n"
                                              f"    hint: write one field per line, e.g. `{field}`"]


def test_the_field_each_folder_is_told_is_one_its_model_requires():
    folders = {"": Profile, **CONTENT_TYPES}
    assert set(FIRST_FIELDS) == set(folders)
    for folder, written in FIRST_FIELDS.items():
        assert folders[folder].model_fields[written.split(":")[0]].is_required(), folder


# --- symlinks --------------------------------------------------------------------------------


def test_symlink_inside_the_project_is_followed(tmp_path):
    root = make_project(tmp_path, {"drafts/refunds.md": EVIDENCE})
    (root / "content" / "evidence").mkdir()
    (root / "content" / "evidence" / "refunds.md").symlink_to(root / "drafts" / "refunds.md")
    project = find_project(root)
    portfolio, problems = load_portfolio(project, load_config(project))
    assert problems == [] and list(portfolio.evidence) == ["refunds"]


def test_symlinked_folder_leaving_the_project(tmp_path):
    root = make_project(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text(EVIDENCE)
    (root / "content" / "evidence").symlink_to(outside, target_is_directory=True)
    project = find_project(root)
    portfolio, problems = load_portfolio(project, load_config(project))
    assert lines(problems) == ["content/evidence:1:1: error: this symlink points outside the project"]
    assert portfolio.evidence == {}


def test_a_symlink_in_assets_to_other_content_is_an_error(tmp_path):
    """Every file of assets/ is published: a link to content/evidence/ published each
    item's source, private ones included. A link within assets/ is fine; one leading
    nowhere is a warning, as in the other folders."""
    root = make_project(tmp_path, {"content/evidence/secret.md": EVIDENCE, "content/assets/photos/me.svg": "<svg/>"})
    assets = root / "content" / "assets"
    (assets / "evidence").symlink_to("../evidence", target_is_directory=True)
    (assets / "notes.md").symlink_to("../evidence/secret.md")
    (assets / "me.svg").symlink_to("photos/me.svg")
    (assets / "gone.png").symlink_to("../gone.png")
    (assets / "photos" / "notes.md").symlink_to("../../evidence/secret.md")  # in a folder of assets/ as well
    project = find_project(root)
    _, problems = load_portfolio(project, load_config(project))
    assert [d.format() for d in problems] == [
        "content/assets/evidence:1:1: error: this symlink in assets/ leads to `content/evidence`, which is content, not a file to publish\n"
        "    hint: link to files meant for the site only, or copy the file into content/assets/",
        "content/assets/gone.png:1:1: warning: this symlink points to `../gone.png`, which does not exist, so it is ignored\n"
        "    hint: point it at the file where it is now, or remove it",
        "content/assets/notes.md:1:1: error: this symlink in assets/ leads to `content/evidence/secret.md`, which is content, "
        "not a file to publish\n    hint: link to files meant for the site only, or copy the file into content/assets/",
        "content/assets/photos/notes.md:1:1: error: this symlink in assets/ leads to `content/evidence/secret.md`, which is content, "
        "not a file to publish\n    hint: link to files meant for the site only, or copy the file into content/assets/",
    ]


def test_load_item_names_the_file_as_load_portfolio_does(tmp_path):
    """A preview's body edit loads one file on its own: its item and its problems name the
    file from the project's root, as a whole load does."""
    root = make_project(tmp_path, {"content/goals/lead.md": GOAL, "content/goals/bad.md": GOAL.replace("leadership", "lead")})
    project = find_project(root)
    item, problems = load_item(project, "goals", root / "content/goals/lead.md", None)
    assert (item.source.path if item else None, problems) == ("content/goals/lead.md", [])
    item, problems = load_item(project, "goals", root / "content/goals/bad.md", None)
    assert (item, [d.format() for d in problems]) == (None, [
        "content/goals/bad.md:3:7: error: `type` must be one of advancement, leadership, education, personal, mobility; got `lead`\n"
        "    hint: did you mean `leadership`?"])


def test_a_symlink_in_assets_to_a_hidden_file_is_an_error(tmp_path):
    """Names starting with a dot are never published, but a link in assets/ to one
    published it: `.git/config` (where a CI checkout keeps its token) or `.env`."""
    root = make_project(tmp_path, {".env": "TOKEN=x\n", ".git/config": "[core]\n", "content/assets/.draft.png": "x"})
    assets = root / "content" / "assets"
    (assets / "config.txt").symlink_to("../../.git/config")
    (assets / "git").symlink_to("../../.git", target_is_directory=True)
    (assets / "env.txt").symlink_to("../../.env")
    (assets / "draft.png").symlink_to(".draft.png")
    project = find_project(root)
    _, problems = load_portfolio(project, load_config(project))
    hint = "\n    hint: copy the file into the project, under a name of its own, if it is meant for the site"
    assert [d.format() for d in problems] == [
        f"content/assets/config.txt:1:1: error: this symlink leads to `.git/config`, which is hidden: a name starting "
        f"with a dot, or an editor's file, is never published{hint}",
        f"content/assets/draft.png:1:1: error: this symlink leads to `content/assets/.draft.png`, which is hidden: a name "
        f"starting with a dot, or an editor's file, is never published{hint}",
        f"content/assets/env.txt:1:1: error: this symlink leads to `.env`, which is hidden: a name starting with a dot, "
        f"or an editor's file, is never published{hint}",
        f"content/assets/git:1:1: error: this symlink leads to `.git`, which is hidden: a name starting with a dot, "
        f"or an editor's file, is never published{hint}",
    ]


def test_dangling_symlink_is_ignored_not_fatal(tmp_path):
    """Ignored with a warning: a file of the portfolio that is silently not read is a
    mystery (Emacs's lock links, `.#name`, are never read, nor warned about)."""
    root = make_project(tmp_path)
    (root / "content" / "goals").mkdir()
    (root / "content" / "goals" / "gone.md").symlink_to("../nowhere.md")
    (root / "content" / "goals" / ".#gone.md").symlink_to("me@host.1234")
    (root / "content" / "goals" / "notes").symlink_to("../drafts")
    project = find_project(root)
    portfolio, problems = load_portfolio(project, load_config(project))
    assert [d.format() for d in problems] == [
        "content/goals/gone.md:1:1: warning: this symlink points to `../nowhere.md`, which does not exist, so it is ignored\n"
        "    hint: point it at the file where it is now, or remove it"
    ]
    assert portfolio.goals == {}



def test_a_named_pipe_in_the_content_is_ignored_with_a_warning(tmp_path):
    root = make_project(tmp_path, {"content/evidence/real.md": EVIDENCE})
    os.mkfifo(root / "content" / "evidence" / "pipe.md")
    project = find_project(root)
    portfolio, problems = load_portfolio(project, load_config(project))
    assert [d.format() for d in problems] == [
        "content/evidence/pipe.md:1:1: warning: this is not a file or a folder (a named pipe, a socket or a device), so it is ignored\n"
        "    hint: remove it from the content folder"
    ]
    assert list(portfolio.evidence) == ["real"]

def test_symlinks_that_loop_are_reported_not_followed(tmp_path):
    root = make_project(tmp_path, {"content/evidence/real.md": EVIDENCE})
    evidence = root / "content" / "evidence"
    (evidence / "loop1.md").symlink_to("loop2.md")
    (evidence / "loop2.md").symlink_to("loop1.md")
    (evidence / "again").symlink_to("..", target_is_directory=True)
    project = find_project(root)
    portfolio, problems = load_portfolio(project, load_config(project))
    assert lines(problems) == [
        "content/evidence/again:1:1: error: this symlink leads back to a folder it is in",
        "content/evidence/loop1.md:1:1: error: this symlink leads round in a loop",
        "content/evidence/loop2.md:1:1: error: this symlink leads round in a loop",
    ]
    assert list(portfolio.evidence) == ["real"]


# --- the parse cache -------------------------------------------------------------------------


class MemoryCache:
    def __init__(self) -> None:
        self.entries: dict[str, ParsedFile] = {}
        self.hits = 0

    def get(self, digest: str) -> ParsedFile | None:
        found = self.entries.get(digest)
        self.hits += found is not None
        return found

    def put(self, digest: str, parsed: ParsedFile) -> None:
        self.entries[digest] = parsed


def test_unchanged_files_come_from_the_cache(tmp_path):
    root = make_project(tmp_path, {"content/goals/g.md": GOAL, "content/evidence/e.md": EVIDENCE})
    project = find_project(root)
    config = load_config(project)
    cache = MemoryCache()
    first, _ = load_portfolio(project, config, cache)
    assert (len(cache.entries), cache.hits) == (3, 0)
    (root / "content" / "evidence" / "e.md").write_text(EVIDENCE.replace("refunds", "returns"))
    second, problems = load_portfolio(project, config, cache)
    assert problems == []
    assert (len(cache.entries), cache.hits) == (4, 2)
    assert second.evidence["e"].title == "Shipped returns"
    assert second.goals["g"].title == first.goals["g"].title


def test_files_with_problems_are_not_cached(tmp_path):
    project = find_project(make_project(tmp_path, {"content/goals/g.md": "---\na: [\n---\n"}))
    cache = MemoryCache()
    load_portfolio(project, load_config(project), cache)
    assert len(cache.entries) == 1  # the profile only


A_GOAL = "---\ntitle: G\ntype: advancement\nstart: 2026-01-01\ntarget_date: 2026-12-31\nstatus: active\n---\nBody.\n"


def test_a_content_file_larger_than_the_limit_is_refused_without_reading_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 200 MB file saved as .md took five times its size in memory and made a 200 MB page."""
    root = make_project(tmp_path, {"content/goals/big.md": A_GOAL + "Many words. " * (2**24 // 12 + 1)})
    assert (root / "content" / "goals" / "big.md").stat().st_size == 16_777_322
    assert main(["build", str(root), "--jobs", "1"]) == 1
    assert capsys.readouterr().err == (
        "content/goals/big.md:1:1: error: this file holds 16,777,322 bytes, more than the 16 MiB a content file may hold\n"
        "    hint: split it into several items, or put a large file in content/assets/ and link to it\n"
        "1 error, 0 warnings in 1 file\n")


RACE = """import os, sys
from pathlib import Path
from goalfolio import loader
from goalfolio.cli import main

walk, change = loader.content_walk, sys.argv[2]

def content_walk(*args, **kwargs):
    for folder, path, shown in walk(*args, **kwargs):
        if path.name == "g.md":
            path.unlink()
            if change == "pipe":
                os.mkfifo(path)
        yield folder, path, shown

loader.content_walk = content_walk
sys.exit(main(["build", sys.argv[1], "--no-cache", "--jobs", "1"]))
"""


@pytest.mark.parametrize(("change", "code", "expected"), [
    ("gone", 1, "content/goals/g.md:1:1: error: cannot read this file: No such file or directory\n"
                "    hint: it was moved or deleted while goalfolio read the content; build again\n1 error, 0 warnings in 1 file\n"),
    ("pipe", 0, "content/goals/g.md:1:1: warning: this is not a file or a folder (a named pipe, a socket or a device), so it is ignored\n"
                "    hint: remove it from the content folder\n"),
])
def test_a_content_file_changed_between_the_walk_and_the_read(tmp_path: Path, change: str, code: int, expected: str) -> None:
    """Deleted: the hint said to check its permissions. Made a named pipe: the loader's read
    waited for a writer forever."""
    root = make_project(tmp_path, {"content/goals/g.md": A_GOAL})
    done = subprocess.run([sys.executable, "-c", RACE, str(root), change], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (code, expected)


def test_a_file_saved_in_another_types_folder_is_told_where_it_goes(tmp_path):
    """Told field by field, a goal in evidence/ was a dozen unknown fields, each listing
    evidence's fields, and evidence's `date` and `kind` missing: one mistake, where it was saved."""
    _, problems = load(tmp_path, {"content/evidence/lead.md": GOAL, "content/goals/refunds.md": EVIDENCE})
    assert [d.format() for d in sorted(problems)] == [
        "content/evidence/lead.md:1:1: error: this file has a goal's fields (`type`, `start`, `target_date`), not evidence's\n"
        "    hint: move it to content/goals/",
        "content/goals/refunds.md:1:1: error: this file has evidence's fields (`date`, `kind`), not a goal's\n"
        "    hint: move it to content/evidence/",
    ]


def test_a_misplaced_files_own_value_errors_stay_beside_where_it_goes(tmp_path):
    goal = GOAL.replace("title: Lead a team of six", "title: [Lead, a team]").replace("start:", "owner: me\nstart:")
    _, problems = load(tmp_path, {"content/evidence/lead.md": GOAL.replace("title: Lead a team of six", "title: [Lead, a team]"),
                                  "content/evidence/typo.md": goal})
    assert lines(sorted(problems)) == [
        "content/evidence/lead.md:1:1: error: this file has a goal's fields (`type`, `start`, `target_date`), not evidence's",
        "content/evidence/lead.md:2:8: error: `title` must be text, but got a list",
        "content/evidence/typo.md:1:1: error: missing required field `date`",
        "content/evidence/typo.md:2:8: error: `title` must be text, but got a list",
        "content/evidence/typo.md:3:1: error: unknown field `type`",  # "did you mean `kind`?", which the missing `kind` is
        "content/evidence/typo.md:4:1: error: unknown field `owner`",
        "content/evidence/typo.md:5:1: error: unknown field `start`",
        "content/evidence/typo.md:6:1: error: unknown field `target_date`",
    ]


def test_one_unknown_field_is_a_typo_not_a_misplaced_file(tmp_path):
    _, problems = load(tmp_path, {"content/evidence/x.md": EVIDENCE.replace("kind: project", "kind: project\nstart: 2026-01-01")})
    assert lines(problems) == ["content/evidence/x.md:5:1: error: unknown field `start`"]
