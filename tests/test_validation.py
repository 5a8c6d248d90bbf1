"""Schema validation: every kind of wrong value gets an exact, located message and a hint."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from goalfolio.errors import field_label
from goalfolio.frontmatter import FrontMatter
from goalfolio.frontmatter import read_yaml as read_yaml_with_problems
from goalfolio.models import (
    Case,
    Endorsement,
    Evidence,
    FeedbackSource,
    Goal,
    Indicator,
    Link,
    Metric,
    Milestone,
    Profile,
    Review,
)
from goalfolio.schemaerrors import closest_field
from goalfolio.siteconfig import SiteConfig
from goalfolio.validation import semantic_problems, validate_model


def read_yaml(text: str, first_line: int, path: str) -> Any:
    value, problems = read_yaml_with_problems(text, first_line, path)
    assert problems == []
    return value


PATH = "content/x.md"
GOAL = "title: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
EVIDENCE = "title: Shipped refunds\ndate: 2026-03-02\nkind: project\n"


def check(model, text: str) -> list[str]:
    """Validate YAML `text` as if it were front matter starting on line 2 of a file.

    Returns `line:col field: message | hint` per problem; [] when valid.
    """
    front = FrontMatter(text, 2)
    item, diagnostics = validate_model(model, read_yaml(text, 2, PATH), PATH, front)
    assert (item is None) == bool(diagnostics)
    assert all(d.path == PATH and d.severity == "error" for d in diagnostics)
    return [f"{d.line}:{d.column} {d.field_path}: {d.message} | {d.hint}" for d in diagnostics]


def one(model, text: str) -> str:
    [found] = check(model, text)
    return found


def semantic(text: str) -> list[str]:
    front = FrontMatter(text, 2)
    goal, errors = validate_model(Goal, read_yaml(text, 2, PATH), PATH, front)
    assert errors == []
    return [f"{d.line}:{d.column} {d.code}: {d.message} | {d.hint}" for d in semantic_problems(goal, PATH, front)]


# --- valid content ---------------------------------------------------------------------------


def test_valid_goal_has_defaults():
    assert check(Goal, GOAL) == []
    goal = Goal.model_validate(read_yaml(GOAL, 2, PATH))
    assert (goal.status, goal.visibility, goal.framework, goal.indicators) == ("active", "public", None, [])
    assert goal.start == datetime.date(2026, 1, 5)


def test_the_defaults_are_those_docs_content_md_gives():
    endorsement = Endorsement.model_validate(read_yaml("author: Bo\nrole: Director\nrelationship: manager\ndate: 2026-01-01\n", 2, PATH))
    assert (endorsement.attribution, endorsement.is_anonymous, endorsement.quote, endorsement.visibility) == ("named", False, "", "public")
    case = Case.model_validate(read_yaml("title: Case\ntarget_role: Senior PM\ngoals: [g]\n", 2, PATH))
    assert (case.framework, case.audience, case.evidence, case.endorsements) == ("evidence-ladder", "manager", None, None)
    goal = Goal.model_validate(read_yaml(GOAL + "gaps: [{need: SQL}]\n", 2, PATH))
    assert [(gap.kind, gap.plan) for gap in goal.gaps] == [("skill", "")]


def test_every_content_type_accepts_its_minimal_form():
    assert check(Profile, "name: Ana\n") == []
    assert check(Evidence, EVIDENCE) == []
    assert check(Endorsement, "author: Bo\nrole: Director\nrelationship: manager\ndate: 2026-01-01\n") == []
    assert check(Review, "date: 2026-03-31\n") == []
    assert check(Case, "title: Case\ntarget_role: Senior PM\ngoals: [g]\n") == []
    assert check(SiteConfig, "title: Site\n") == []


def test_text_is_stripped():
    assert Goal.model_validate(read_yaml(GOAL.replace("six", "six  ") + "why: '  grow  '\n", 2, PATH)).why == "grow"


# --- unknown and missing fields --------------------------------------------------------------


def test_unknown_field_suggests_the_closest():
    assert one(Goal, GOAL + "target-date: 2027-01-01\n") == (
        "6:1 target-date: unknown field `target-date` | did you mean `target_date`?"
    )


@pytest.mark.parametrize(("model", "text", "expected"), [
    (Evidence, "id: refunds-v2\n" + EVIDENCE,
     "2:1 id: unknown field `id` | an item's id is its file name, `x`: remove `id:`, and rename the file to change it"),
    (Goal, GOAL + "slug: lead\n",
     "6:1 slug: unknown field `slug` | an item's id is its file name, `x`: remove `slug:`, and rename the file to change it"),
    (Profile, "name: Sam\nid: sam\n", "3:1 id: unknown field `id` | the profile's id is `profile`, its file's name: remove `id:`"),
])
def test_an_id_written_in_front_matter_is_told_the_id_is_the_file_name(model, text, expected):
    """`id:` (as other generators and tools write an item's name) was told "did you mean `kind`?"."""
    assert one(model, text) == expected


def test_an_unknown_field_that_starts_a_known_one_suggests_that_one():
    """`target` is a shortened `target_date`; by letters alone it is closer to `start`. The
    suggestion explains the missing `target_date`, which is then not reported as well."""
    assert one(Goal, GOAL.replace("target_date", "target")) == (
        "5:1 target: unknown field `target` | did you mean `target_date`?"
    )


@pytest.mark.parametrize(("model", "text", "expected"), [
    (Endorsement, "author: Sam\nurl: https://x.example\nrelationship: manager\ndate: 2026-11-01\n", [
        "1:1 role: missing required field `role` | add `role:` with a value, e.g. `role: Head of Customer Operations`",
        "3:1 url: unknown field `url` | known fields here: visibility, author, role, organisation, relationship, date, goals, "
        "evidence, quote, attribution, location",
    ]),
    (Goal, GOAL + "org: acme\n", ["6:1 org: unknown field `org` | known fields here: visibility, title, type, start, target_date, "
                                  "status, horizon, why, non_negotiables, framework, indicators, milestones, gaps, feedback, mobility, parent, tags"]),
])
def test_a_short_unknown_field_is_not_taken_for_a_field_it_only_resembles(model, text, expected):
    """`url` is not `role` and `org` not `horizon`: only a real beginning of a field counts,
    so the missing `role` stays reported."""
    assert check(model, text) == expected


def test_a_case_written_with_role_is_told_of_target_role():
    """`role:` is an endorsement's field and the profile's; a case's is `target_role`. It
    listed every field of a case, and `target_role` as missing besides."""
    assert check(Case, "title: Case\nrole: Senior PM\ngoals: [lead]\n") == [
        "3:1 role: unknown field `role` | did you mean `target_role`?"
    ]


@pytest.mark.parametrize(("model", "written", "meant"), [
    (Case, "role", "target_role"),
    (Case, "position", "target_role"),
    (Milestone, "date", "due"),
    (Milestone, "deadline", "due"),
    (Milestone, "due_date", "due"),
    (Milestone, "completed", "done"),
    (Goal, "start_date", "start"),  # by spelling alone: `target_date`
    (Goal, "deadline", "target_date"),
    (Goal, "state", "status"),  # `start`
    (Goal, "tasks", "milestones"),  # `tags`
    (Goal, "goals", "parent"),  # `gaps`
    (Goal, "kpis", "indicators"),
    (Goal, "kind", "type"),
    (Evidence, "type", "kind"),
    (Endorsement, "name", "author"),
    (Endorsement, "title", "role"),
    (Endorsement, "position", "role"),  # `location`
    (Endorsement, "company", "organisation"),
    (Indicator, "start", "baseline"),  # `target`
    (Indicator, "title", "name"),
    (Metric, "from", "before"),
    (Metric, "to", "after"),
    (Link, "link", "url"),
    (Link, "name", "title"),
    (Profile, "title", "role"),
    (Profile, "avatar", "photo"),
    (Profile, "city", "location"),
])
def test_a_field_written_in_other_words_suggests_the_field_meant(model, written, meant):
    """Each item type against its own fields: a word a newcomer writes for a field, from a
    resume, another site generator or another item type. Each suggested no field, or (as
    noted) one that its spelling alone is close to."""
    assert closest_field(written, list(model.model_fields)) == meant


@pytest.mark.parametrize(("model", "written", "meant"), [
    (Evidence, "goal", "goals"), (Evidence, "skill", "skills"), (Case, "endorsement", "endorsements"),
    (Case, "target", "target_role"), (FeedbackSource, "from", "who"), (FeedbackSource, "date", "next"),
])
def test_a_field_written_in_the_singular_or_shortened_still_suggests_it(model, written, meant):
    """As before the words above: spelling and a field's first word lead to these."""
    assert closest_field(written, list(model.model_fields)) == meant


def test_an_unknown_field_that_starts_a_known_one_by_less_than_half_is_not_taken_for_it():
    """`mob` makes three letters of `mobility`'s eight: too little to be sure of."""
    assert one(Goal, GOAL + "mob: x\n") == (
        "6:1 mob: unknown field `mob` | known fields here: visibility, title, type, start, target_date, status, horizon, why, "
        "non_negotiables, framework, indicators, milestones, gaps, feedback, mobility, parent, tags"
    )


def test_an_unknown_key_with_brackets_in_a_lists_first_element_keeps_its_name():
    """Only pydantic's labels of union members (`list[str]`) are left out of a path, not a
    key the user wrote, in the first element as in the others."""
    assert check(Goal, GOAL + "indicators:\n  - {id: hires, name: Hires, kind: lagging, unit: people, baseline: 0, target: 6, "
                             "\"a[b]\": 1}\n") == [
        "7:83 indicators[0].a[b]: unknown field `indicators[0].a[b]` | known fields here: id, name, kind, unit, baseline, "
        "target, direction, count"
    ]


def test_unknown_field_without_a_close_match_lists_the_known_fields():
    assert one(Evidence, EVIDENCE + "zzz: 1\n") == (
        "5:1 zzz: unknown field `zzz` | known fields here: visibility, title, date, kind, goals, ladder, "
        "metrics, skills, location, links"
    )


def test_unknown_field_in_an_indicator():
    text = GOAL + "indicators:\n  - {id: a, name: A, kind: leading, target: 3, unitt: x}\n"
    assert one(Goal, text) == (
        "7:48 indicators[0].unitt: unknown field `indicators[0].unitt` | did you mean `unit`?"
    )


def test_unknown_field_in_a_milestone_block():
    text = GOAL + "milestones:\n  - title: First\n    due: 2026-05-01\n    dne: 2026-04-01\n"
    assert one(Goal, text) == "9:5 milestones[0].dne: unknown field `milestones[0].dne` | did you mean `done`?"


def test_unknown_field_under_a_user_framework():
    text = (
        "title: Site\nframeworks:\n  mine:\n    title: Mine\n    stepz: []\n"
    )
    assert check(SiteConfig, text) == [
        "6:5 frameworks.mine.stepz: unknown field `frameworks.mine.stepz` | did you mean `steps`?",
    ]


def test_a_field_of_a_section_written_at_the_top_is_told_to_go_under_it():
    """docs/content.md's table names `markdown.allow_html`; written at the top of
    goalfolio.yaml, it was told only the list of the fields there are."""
    assert check(SiteConfig, "title: Site\nallow_html: true\n") == [
        "3:1 allow_html: unknown field `allow_html` | `allow_html` belongs under `markdown:`: write `markdown:` and, "
        "indented below it, `allow_html: ...`",
    ]


def test_missing_top_level_field_points_at_the_start_of_the_file():
    assert one(Evidence, "title: x\ndate: 2026-01-01\n") == (
        "1:1 kind: missing required field `kind` | add `kind:` with one of: project, result, certification, course, talk, "
        "publication, interview, referral, assignment, other")


def test_every_missing_field_is_reported():
    assert [line.split(" ")[1] for line in check(Goal, "why: x\n")] == ["title:", "type:", "start:", "target_date:"]


def test_missing_field_in_a_list_item_points_at_the_item():
    text = GOAL + "gaps:\n  - kind: skill\n    plan: a course\n"
    assert one(Goal, text) == (
        "7:5 gaps[0].need: missing required field `gaps[0].need` | add `need:` with a value, e.g. `need: Listening at natural speed`")


@pytest.mark.parametrize(("model", "text", "expected"), [
    (Goal, "title: G\nstart: 2026-01-05\ntarget_date: 2027-06-30\n",
     "1:1 type: missing required field `type` | add `type:` with one of: advancement, leadership, education, personal, mobility"),
    (Evidence, "title: x\nkind: project\n", "1:1 date: missing required field `date` | add `date:` with a date, as `date: 2026-03-01`"),
    (Goal, GOAL + "indicators: [{id: hours, name: Study hours, kind: leading}]\n",
     "6:14 indicators[0].target: missing required field `indicators[0].target` | add `target:` with a number, as `target: 12`"),
    (Goal, GOAL + "indicators: [{name: Study hours, kind: leading, target: 10}]\n",
     "6:14 indicators[0].id: missing required field `indicators[0].id` | add `id:` with an id: lowercase letters, digits and `-`, "
     "e.g. `id: weekly-active-users`"),
    (SiteConfig, "title: Site\nframeworks:\n  mine:\n    title: Mine\n    steps:\n      - {title: Teach, requires: [{check: case_body}]}\n",
     "7:9 frameworks.mine.steps[0].id: missing required field `frameworks.mine.steps[0].id` | add `id:` with an id: lowercase "
     "letters, digits and `-`, e.g. `id: stretch-project`"),
    (Case, "title: Case\ntarget_role: Senior PM\n",
     "1:1 goals: missing required field `goals` | add `goals:` with a list of ids, as `goals: [lead-team]`"),
    (Evidence, EVIDENCE + "links: [{title: Slides}]\n",
     "5:9 links[0].url: missing required field `links[0].url` | add `url:` with an address, as `url: https://example.com`"),
    (SiteConfig, "title: Site\nframeworks:\n  mine:\n    title: Mine\n",
     "5:5 frameworks.mine.steps: missing required field `frameworks.mine.steps` | add `steps:` with one `- ` item per entry, "
     "each with its fields beneath it, starting `- id: ...`"),
    (Endorsement, "role: Director\nrelationship: manager\ndate: 2026-11-01\n",
     "1:1 author: missing required field `author` | add `author:` with a value"),
])
def test_a_missing_fields_hint_says_what_its_value_looks_like(model, text, expected):
    """The hint was `add `kind:` with a value` for every field: it now names the values an
    option takes, writes a date, number, id, list or link as the field reads one, and gives
    text the example its description has; a text field without one keeps the old words.
    An id's example fits its place: every one was a goal's, `lead-team`."""
    assert one(model, text) == expected


# --- wrong types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("no", "YAML read `no` as the boolean false"),
        ("Yes", "YAML read `Yes` as the boolean true"),
        ("off", "YAML read `off` as the boolean false"),
        ("1_000", "YAML read `1_000` as the number 1000"),
        ("0x1F", "YAML read `0x1F` as the number 31"),
        ("12", "got the number 12"),
        ("2026-01-01", "got the date 2026-01-01"),
    ],
)
def test_text_field_given_another_type_says_what_yaml_made_of_it(written, read_as):
    assert one(Evidence, EVIDENCE + f"location: {written}\n") == (
        f'5:11 location: `location` must be text, but {read_as} | quote it: `location: "{written}"`'
    )


def test_text_list_item_given_a_boolean():
    assert one(Goal, GOAL + "non_negotiables: [weekends, off]\n") == (
        "6:29 non_negotiables[1]: `non_negotiables[1]` must be text, but YAML read `off` as the boolean false"
        ' | quote it: `"off"`'
    )


@pytest.mark.parametrize(
    ("model", "text", "expected"),
    [
        (SiteConfig, "title: t\nlanguage: 12\n", "3:11 language: `language` must be text, but got the number 12"
         " | write a language tag, such as `language: en` or `language: pt-BR`"),
        (SiteConfig, "title: t\nlanguage: true\n", "3:11 language: `language` must be text, but YAML read `true` as the"
         " boolean true | write a language tag, such as `language: en` or `language: pt-BR`"),
        (SiteConfig, "title: t\nbase_url: 2026\n", "3:11 base_url: `base_url` must be text, but got the number 2026"
         " | write the address the site is published at, e.g. `base_url: https://you.github.io/portfolio/`"),
        (Goal, GOAL + "parent: 1.5\n", "6:9 parent: `parent` must be text, but got the number 1.5"
         " | write an id: lowercase letters, digits and `-`, e.g. `parent: lead-team`"),
        (Case, "title: t\ntarget_role: r\ngoals: [lead, 2.5]\n", "4:15 goals[1]: `goals[1]` must be text, but got the number 2.5"
         " | write an id: lowercase letters, digits and `-`, e.g. `lead-team`"),
        (Goal, GOAL + "indicators: [{id: 1.5, name: n, kind: leading, target: 3}]\n", "6:19 indicators[0].id:"
         " `indicators[0].id` must be text, but got the number 1.5"
         " | write an id: lowercase letters, digits and `-`, e.g. `id: weekly-active-users`"),
        (Profile, "name: N\nlinks: [{url: 12}]\n", "3:15 links[0].url: `links[0].url` must be text, but got the number 12"
         " | write an address, as `url: https://example.com`, or a path from the site root, as `url: assets/slides.pdf`"),
    ],
)
def test_a_value_where_text_of_a_set_form_goes_is_told_the_form_not_to_be_quoted(model, text, expected):
    """`language: 12` was told to write `language: "12"`, which is then refused as no
    language tag: the hint says what the field's own check wants."""
    assert one(model, text) == expected


@pytest.mark.parametrize(
    ("model", "text", "expected"),
    [
        (SiteConfig, "title: t\nlanguage: no\n", "3:11 language: `language` must be text, but YAML read `no` as the"
         ' boolean false | quote it: `language: "no"`'),
        (SiteConfig, "title: 2026\n", '2:8 title: `title` must be text, but got the number 2026 | quote it: `title: "2026"`'),
        (SiteConfig, "title: t\ntheme: 12\n", '3:8 theme: `theme` must be text, but got the number 12 | quote it: `theme: "12"`'),
        (Goal, GOAL + "parent: 2026\n", '6:9 parent: `parent` must be text, but got the number 2026 | quote it: `parent: "2026"`'),
    ],
)
def test_a_value_that_has_its_fields_form_as_written_is_told_to_be_quoted(model, text, expected):
    """`no` is Norwegian's language tag, and `2026` an id a goal's file may have: quoted,
    each is what the field takes."""
    assert one(model, text) == expected


def test_text_field_left_empty():
    assert one(Goal, GOAL + "why:\n") == "6:5 why: `why` must be text, but it is empty | write the text after `why:`"


def test_text_field_given_fields():
    assert one(Goal, GOAL + "why:\n  because: reasons\n") == (
        "7:3 why: `why` must be text, but got a set of fields"
        " | write it on one line, quoted if it contains `: `, or as `why: >-` followed by indented lines"
    )


@pytest.mark.parametrize(("written", "column", "read_as", "hint"), [
    ("{a: b}", 8, "got a set of fields", "write the item as text, quoted if it contains `: ` or starts with `{` or `[`"),
    ("[a]", 8, "got a list", "write the item as text, quoted if it contains `: ` or starts with `{` or `[`"),
    ("~", 8, "it is empty", "write the item's text, or remove the item"),
])
def test_text_list_item_given_fields_a_list_or_nothing(written, column, read_as, hint):
    """A list item has no key: the hint is not to write `0: >-`."""
    assert one(Goal, GOAL + f"tags: [{written}]\n") == (
        f"6:{column} tags[0]: `tags[0]` must be text, but {read_as} | {hint}")


def test_wrong_choice_suggests_the_closest():
    assert one(Evidence, EVIDENCE.replace("project", "projet")) == (
        "4:7 kind: `kind` must be one of project, result, certification, course, talk, publication, "
        "interview, referral, assignment, other; got `projet` | did you mean `project`?"
    )


def test_wrong_choice_without_a_close_match_lists_the_choices():
    assert one(Goal, GOAL + "status: complete\n") == (
        "6:9 status: `status` must be one of active, achieved, paused, dropped; got `complete`"
        " | use one of: active, achieved, paused, dropped"
    )


def test_wrong_choice_given_a_boolean():
    text = "author: Bo\nrole: Director\nrelationship: manager\ndate: 2026-01-01\nattribution: no\n"
    assert one(Endorsement, text) == (
        "6:14 attribution: `attribution` must be one of named, anonymous; got the boolean false"
        " | use one of: named, anonymous"
    )


def test_wrong_choice_in_a_nested_list():
    text = GOAL + "indicators:\n  - {id: a, name: A, kind: laging, target: 1}\n"
    assert one(Goal, text) == (
        "7:28 indicators[0].kind: `indicators[0].kind` must be one of leading, lagging; got `laging`"
        " | did you mean `lagging`?"
    )


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("next spring", "got the text `next spring`"),
        ("2026", "got the number 2026"),
        ("", "got empty (null)"),
        ("0", "got the number 0"),  # pydantic would read a number of seconds at midnight as a date: 1970-01-01
        ("1767571200", "got the number 1767571200"),
    ],
)
def test_date_field_given_something_else(written, read_as):
    text = GOAL.replace("start: 2026-01-05", f"start: {written}")
    column = 7 if written == "" else 8
    assert one(Goal, text) == (
        f"4:{column} start: `start` must be a date, but {read_as} | write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"
    )


@pytest.mark.parametrize("quote", ['"', "'"])
def test_date_field_given_a_quoted_date_reads_it(quote):
    """Hugo's archetypes, YAML 1.2 tools and scripts that dump text write `date: "2026-01-05"`:
    it names one date, as the unquoted one does, and was refused."""
    assert check(Goal, GOAL.replace("start: 2026-01-05", f"start: {quote}2026-01-05{quote}")) == []
    goal = Goal.model_validate(read_yaml(GOAL.replace("start: 2026-01-05", f"start: {quote}2026-01-05{quote}"), 2, PATH))
    assert goal.start == datetime.date(2026, 1, 5)
    assert check(SiteConfig, f"title: t\ntoday: {quote}2026-11-20{quote}\n") == []


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ('"2026-02-30"', "`2026-02-30` is not a valid date: day is out of range for month",
         "February 2026 has 28 days: write a day from 01 to 28"),
        ('"2026-1-5"', "`start` must be a date, but got the text `2026-1-5`", "write it as YYYY-MM-DD: 2026-01-05"),
        ("2026-1-5", "`start` must be a date, but got the text `2026-1-5`", "write it as YYYY-MM-DD: 2026-01-05"),
        ("2026-2-30", "`2026-2-30` is not a valid date: day is out of range for month",
         "February 2026 has 28 days: write a day from 01 to 28"),
        ('"2028-02-30"', "`2028-02-30` is not a valid date: day is out of range for month",
         "February 2028 has 29 days: write a day from 01 to 29"),
        ('"2026-13-01"', "`2026-13-01` is not a valid date: month must be in 1..12",
         "write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"),
        ("2026/01/05", "`start` must be a date, but got the text `2026/01/05`", "write it as YYYY-MM-DD: 2026-01-05"),
        ("26/01/2026", "`start` must be a date, but got the text `26/01/2026`", "write it as YYYY-MM-DD: 2026-01-26"),
        ("01/26/2026", "`start` must be a date, but got the text `01/26/2026`", "write it as YYYY-MM-DD: 2026-01-26"),
        ("26.01.2026", "`start` must be a date, but got the text `26.01.2026`", "write it as YYYY-MM-DD: 2026-01-26"),
        ("5 January 2026", "`start` must be a date, but got the text `5 January 2026`", "write it as YYYY-MM-DD: 2026-01-05"),
        ('"Jan 5, 2026"', "`start` must be a date, but got the text `Jan 5, 2026`", "write it as YYYY-MM-DD: 2026-01-05"),
        # Day and month could be either way round, the year is cut short, or the day does not exist:
        ("03/01/2026", "`start` must be a date, but got the text `03/01/2026`", "write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"),
        ("26/01/26", "`start` must be a date, but got the text `26/01/26`", "write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"),
        ("30 February 2026", "`start` must be a date, but got the text `30 February 2026`",
         "write it as YYYY-MM-DD, without a time, e.g. 2026-03-31"),
    ],
)
def test_a_date_not_written_as_yyyy_mm_dd_is_refused_with_how_to_write_it(written, message, hint):
    assert one(Goal, GOAL.replace("start: 2026-01-05", f"start: {written}")) == f"4:8 start: {message} | {hint}"


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("2026-01-05 10:30:00", "got the date and time 2026-01-05T10:30:00"),
        ("2026-01-05T10:30:00", "YAML read `2026-01-05T10:30:00` as the date and time 2026-01-05T10:30:00"),
        ("2026-01-05T00:00:00", "YAML read `2026-01-05T00:00:00` as the date and time 2026-01-05T00:00:00"),
        ('"2026-01-05T00:00:00"', "got the text `2026-01-05T00:00:00`"),
        ('"2026-01-05 10:30"', "got the text `2026-01-05 10:30`"),
        ("2026-01-05 10:00", "got the text `2026-01-05 10:00`"),  # no seconds: YAML reads text
    ],
)
def test_date_field_given_a_timestamp_with_a_time(written, read_as):
    text = GOAL.replace("start: 2026-01-05", f"start: {written}")
    assert one(Goal, text) == (
        f"4:8 start: `start` must be a date without a time, but {read_as}"
        " | write the date alone, as YYYY-MM-DD: 2026-01-05"
    )


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("twelve", "got the text `twelve`"),
        ("12%", "got the text `12%`"),
        ('"1e400"', "got the text `1e400`"),
        ("yes", "YAML read `yes` as the boolean true"),
        ("2026-01-01", "got the date 2026-01-01"),
    ],
)
def test_number_field_given_something_else(written, read_as):
    text = GOAL + f"indicators:\n  - id: a\n    name: A\n    kind: leading\n    target: {written}\n"
    assert one(Goal, text) == (
        f"10:13 indicators[0].target: `indicators[0].target` must be a number, but {read_as}"
        " | write a plain number such as 12 or 4.5, without units"
    )


@pytest.mark.parametrize(
    ("written", "shown", "number"),
    [('"12"', "12", "12"), ("' -0.50 '", "-0.50", "-0.5"), ("1e3", "1e3", "1000"), ("1.5e3", "1.5e3", "1500"),
     ('"+.25"', "+.25", "0.25")],
)
def test_number_field_given_a_number_as_text_is_told_the_number_to_write(written, shown, number):
    """Quoted, or in a form YAML 1.1 reads as text (an exponent without a point): the hint
    writes the number as YAML reads one."""
    text = GOAL + f"indicators:\n  - id: a\n    name: A\n    kind: leading\n    target: {written}\n"
    assert one(Goal, text) == (
        f"10:13 indicators[0].target: `indicators[0].target` must be a number, but got the text `{shown}`"
        f" | write it as a plain number, unquoted: {number}"
    )


@pytest.mark.parametrize(
    ("written", "read_as", "hint"),
    [
        ('"90"', "got the text `90`", "write it as a plain number, unquoted: 90"),
        ('"+090"', "got the text `+090`", "write it as a plain number, unquoted: 90"),
        ('"4.5"', "got the text `4.5`", "write a whole number such as 12, without units"),
        ("ninety", "got the text `ninety`", "write a whole number such as 12, without units"),
        ("yes", "YAML read `yes` as the boolean true", "write a whole number such as 12, without units"),
    ],
)
def test_whole_number_field_given_something_else_asks_for_a_whole_number(written, read_as, hint):
    """It said "must be a number", with 4.5 as an example of one, which it would refuse too."""
    assert one(SiteConfig, f"title: T\nstale_after_days: {written}\n") == (
        f"3:19 stale_after_days: `stale_after_days` must be a whole number, but {read_as} | {hint}"
    )


@pytest.mark.parametrize(
    ("written", "ascii"),
    [("１２", "12"), ("１２．５", "12.5"), ("－３", "-3"), ("١٢", "12"), ("१२", "12")],
)
def test_number_field_given_digits_of_another_script_is_told_the_ascii_number(written, ascii):
    """Full-width digits (a Japanese input method's) and Arabic-Indic or Devanagari ones are
    text to YAML: the hint writes the number in ASCII digits."""
    text = GOAL + f"indicators:\n  - id: a\n    name: A\n    kind: leading\n    target: {written}\n"
    assert one(Goal, text) == (
        f"10:13 indicators[0].target: `indicators[0].target` must be a number, but got the text `{written}`"
        f" | write it in ASCII digits: `{ascii}`"
    )


def test_whole_number_field_given_full_width_digits_is_told_the_ascii_number():
    assert one(SiteConfig, "title: T\nstale_after_days: ９０\n") == (
        "3:19 stale_after_days: `stale_after_days` must be a whole number, but got the text `９０`"
        " | write it in ASCII digits: `90`"
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("3,5", "write `3.5`: a number's decimal mark is a point"),
        ("-0,25", "write `-0.25`: a number's decimal mark is a point"),
        ("12,500", "write `12500` if the comma separates thousands, or `12.500` if it is a decimal mark: a number has no thousands separator, and a point for decimals"),
    ],
)
def test_number_field_given_a_decimal_comma_outside_braces(written, hint):
    """Written on a line of its own, `3,5` is text, and the hint was the generic one; inside
    `{...}` it was told as a decimal comma, with the number to write, as docs/content.md
    says of both."""
    text = GOAL + f"indicators:\n  - id: a\n    name: A\n    kind: leading\n    target: {written}\n"
    assert one(Goal, text) == (
        f"10:13 indicators[0].target: `indicators[0].target` must be a number, but got the text `{written}` | {hint}"
    )


def test_number_field_given_a_number_too_large_for_one():
    """YAML reads any number of digits as a whole number, which a float cannot hold past 1e308."""
    text = GOAL + f"indicators:\n  - id: a\n    name: A\n    kind: leading\n    target: 1{'0' * 400}\n"
    assert one(Goal, text) == "10:13 indicators[0].target: `indicators[0].target` is too large: a number of 401 digits | write a number below 1e308"


@pytest.mark.parametrize(("written", "read_as"), [(".nan", "the number nan"), (".inf", "the number inf"), ("-.inf", "the number -inf")])
def test_number_field_given_an_infinity_or_not_a_number(written, read_as):
    text = GOAL + f"indicators:\n  - id: a\n    name: A\n    kind: leading\n    target: {written}\n"
    assert one(Goal, text) == (
        f"10:13 indicators[0].target: `indicators[0].target` must be a finite number, but YAML read `{written}` as {read_as}"
        " | write a plain number such as 12 or 4.5"
    )


def test_whole_number_field_given_a_decimal():
    assert one(SiteConfig, "title: T\nstale_after_days: 4.5\n") == (
        "3:19 stale_after_days: `stale_after_days` must be a whole number, but got the number 4.5"
        " | write a whole number such as 12, without units"
    )


def test_numbers_may_be_integers_or_decimals():
    text = EVIDENCE + "metrics:\n  - {name: NPS, before: 31, after: 44.5}\n"
    [metric] = Evidence.model_validate(read_yaml(text, 2, PATH)).metrics
    assert (metric.before, metric.after) == (31.0, 44.5)


def test_reading_given_a_boolean():
    assert one(Review, "date: 2026-03-31\nreadings:\n  g:\n    hires: no\n") == (
        "5:12 readings.g.hires: `readings.g.hires` must be a number, but YAML read `no` as the boolean false"
        " | write a plain number such as 12 or 4.5, without units"
    )


def test_a_reading_written_without_its_goal_is_told_readings_are_grouped_by_goal():
    """`readings: {hours: 4}`, an indicator's reading where its goal's id goes, was told to
    "indent its fields beneath it", which named neither goals nor how."""
    assert one(Review, "date: 2026-03-31\nreadings:\n  hours: 4\n") == (
        "4:10 readings.hours: `readings.hours` must be a set of fields, but got the number 4"
        " | readings are grouped by goal: write `hours: 4` indented below the goal's id, as `readings: {goal-id: {hours: 4}}`"
    )
    assert one(Review, "date: 2026-03-31\nreadings:\n  g: [4]\n") == (
        "4:6 readings.g: `readings.g` must be a set of fields, but got a list | indent its fields beneath it as `key: value` lines"
    )


def test_list_field_given_a_single_value():
    assert one(Evidence, EVIDENCE + "skills: pricing\n") == (
        "5:9 skills: `skills` must be a list, but got the text `pricing`"
        " | write `skills: [pricing]`, or one `- item` per line"
    )
    assert one(Evidence, EVIDENCE + "skills: pricing, SQL\n").endswith(" | write `skills: [pricing, SQL]`, or one `- item` per line")
    assert one(Evidence, EVIDENCE + "skills: 'a: b'\n").endswith(" | write `skills: [first, second]` or one `- item` per line")
    assert one(Evidence, EVIDENCE + "skills: 3\n").endswith(" | write `skills: [first, second]` or one `- item` per line")


def test_list_of_fields_given_fields():
    assert one(Goal, GOAL + "indicators:\n  id: a\n") == (
        "7:3 indicators: `indicators` must be a list, but got a set of fields"
        " | write each entry as a `- ` item with its fields beneath it, starting `- id: ...`"
    )


@pytest.mark.parametrize(("model", "text", "expected"), [
    (Goal, GOAL + "indicators: [hires]\n", "6:14 indicators[0]: `indicators[0]` must be a set of fields, but got the text `hires`"
     " | write it as a set of fields: `{id: ..., name: hires, kind: ..., target: ...}`"),
    (Goal, GOAL + "milestones:\n  - Ship the beta\n", "7:5 milestones[0]: `milestones[0]` must be a set of fields, but got the "
     "text `Ship the beta` | write it as a set of fields: `{title: Ship the beta, due: ...}`"),
    (Goal, GOAL + "milestones:\n  - 'Beta: first users, then all'\n", "7:5 milestones[0]: `milestones[0]` must be a set of fields, "
     'but got the text `Beta: first users, then all` | write it as a set of fields: `{title: "Beta: first users, then all", due: ...}`'),
    (Profile, "name: Ana\nlanguages: [Dutch]\n", "3:13 languages[0]: `languages[0]` must be a set of fields, but got the text "
     "`Dutch` | write it as a set of fields: `{language: Dutch}`"),
    (Profile, "name: Ana\nlinks:\n  - https://example.com/ana\n", "4:5 links[0]: `links[0]` must be a set of fields, but got the "
     "text `https://example.com/ana` | write it as a set of fields: `{url: https://example.com/ana}`"),
])
def test_an_entry_written_as_text_is_told_the_fields_to_write_it_with(model, text, expected):
    """A list written as a newcomer writes one (`milestones: [Ship the beta]`) was told to
    "indent its fields beneath it", without the fields an entry has."""
    assert one(model, text) == expected


def test_long_text_is_shortened_in_messages():
    text = GOAL.replace("start: 2026-01-05", "start: " + "word " * 20)
    assert "got the text `word word word word word word word wo...`" in one(Goal, text)


def test_text_of_40_characters_is_shown_whole_and_of_41_shortened():
    got = [one(Goal, GOAL.replace("start: 2026-01-05", "start: " + "x" * n)).split(" | ")[0] for n in (40, 41)]
    assert got == ["4:8 start: `start` must be a date, but got the text `" + "x" * 40 + "`",
                   "4:8 start: `start` must be a date, but got the text `" + "x" * 37 + "...`"]


def test_boolean_field_given_text():
    assert one(SiteConfig, "title: Site\nmarkdown: {allow_html: maybe}\n") == (
        "3:24 markdown.allow_html: `markdown.allow_html` must be true or false, but got the text `maybe`"
        " | write true or false"
    )


def test_boolean_field_given_a_number_or_quoted_text():
    """Strict, as numbers are: YAML 1.2 tools (an editor checking the schema) read neither
    as a boolean, so `1` or a quoted "yes" is reported rather than read as true."""
    config = "title: Site\nmarkdown:\n  allow_html: {}\n"
    assert [one(SiteConfig, config.format(v)) for v in ("1", '"yes"', "y")] == [
        "4:15 markdown.allow_html: `markdown.allow_html` must be true or false, but got the number 1 | write true or false",
        '4:15 markdown.allow_html: `markdown.allow_html` must be true or false, but got the text `yes`'
        " | write true or false",
        "4:15 markdown.allow_html: `markdown.allow_html` must be true or false, but got the text `y` | write true or false",
    ]
    assert [check(SiteConfig, config.format(v)) for v in ("true", "yes", "off")] == [[], [], []]


def test_reference_that_is_not_an_id():
    assert one(Evidence, EVIDENCE + "goals: [Lead Team]\n") == (
        "5:9 goals[0]: `goals[0]` is not a valid id: `Lead Team`"
        " | write `lead-team`: ids use lowercase letters, digits and `-`"
    )


@pytest.mark.parametrize(
    ("written", "folded"),
    [("beförderung-teamleitung", "beforderung-teamleitung"), ("Straße", "strasse"), ("Über Ziel", "uber-ziel")],
)
def test_reference_with_letters_outside_ascii_is_told_the_folded_id(written, folded):
    """As the file name's hint renames `beförderung-teamleitung.md`: the reference to it is
    told the same id."""
    assert one(Evidence, EVIDENCE + f"goals: [{written}]\n") == (
        f"5:9 goals[0]: `goals[0]` is not a valid id: `{written}`"
        f" | write `{folded}`: ids use lowercase ASCII letters, digits and `-`"
    )


def test_an_id_of_letters_with_no_ascii_form_keeps_the_general_hint():
    assert one(Evidence, EVIDENCE + "goals: [日本]\n") == (
        "5:9 goals[0]: `goals[0]` is not a valid id: `日本`"
        " | ids use lowercase letters, digits and `-`, e.g. `lead-team`"
    )


def test_case_needs_at_least_one_goal():
    assert one(Case, "title: Case\ntarget_role: Senior PM\ngoals: []\n") == (
        "4:8 goals: `goals` must not be empty | add at least one entry"
    )


def test_case_needs_its_target_role():
    assert one(Case, "title: Case\ngoals: [lead]\n") == (
        "1:1 target_role: missing required field `target_role` | add `target_role:` with a value"
    )


def test_an_empty_goal_title_is_refused():
    assert one(Goal, GOAL.replace("Lead a team of six", "''")) == (
        "2:8 title: `title` must not be empty | write the text after `title:`"
    )


def test_an_empty_entry_of_a_list_of_text_is_refused():
    """`skills: [pricing, ""]` made a skill page of no name, linked by an empty link, and
    `feedback: [""]` a feedback source the audit counted: the goal scored 6/6."""
    item = "write the item's text, or remove the item"
    assert check(Evidence, EVIDENCE + 'skills: [pricing, ""]\n') == [f"5:19 skills[1]: `skills[1]` must not be empty | {item}"]
    assert check(Goal, GOAL + "non_negotiables: ['  ']\nfeedback: ['']\ntags: [x, ' ']\n") == [
        f"6:19 non_negotiables[0]: `non_negotiables[0]` must not be empty | {item}",
        f"7:12 feedback[0]: `feedback[0]` must not be empty | {item}",
        f"8:11 tags[1]: `tags[1]` must not be empty | {item}",
    ]
    assert check(Profile, "name: Sam\ntarget_locations: ['']\nlanguages: [{language: ' '}]\n") == [
        f"3:20 target_locations[0]: `target_locations[0]` must not be empty | {item}",
        "4:24 languages[0].language: `languages[0].language` must not be empty | write the text after `language:`",
    ]


@pytest.mark.parametrize(("written", "named"), [
    ("\\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\\u2800", "U+2800 BRAILLE PATTERN BLANK"),
    ("\\u3164", "U+3164 HANGUL FILLER"),
    ("\\u115f", "U+115F HANGUL CHOSEONG FILLER"),
    ("\\uffa0", "U+FFA0 HALFWIDTH HANGUL FILLER"),
    ("\\u00ad", "U+00AD SOFT HYPHEN"),
    ("\\u0301\\u0301", "U+0301 COMBINING ACUTE ACCENT"),
    ("\\u200e \\u200f", "U+200E LEFT-TO-RIGHT MARK and U+200F RIGHT-TO-LEFT MARK"),
    ("\\u202e\\ufeff\\u2060\\u200d\\u200c", "U+202E RIGHT-TO-LEFT OVERRIDE, U+FEFF ZERO WIDTH NO-BREAK SPACE, "
                                        "U+2060 WORD JOINER and 2 more"),
])
def test_required_text_a_page_shows_as_blank_is_refused_as_empty(written: str, named: str) -> None:
    """`title: "\\u200b"` was taken: the page showed an empty title, and an empty link to it.
    The hint names what is there, which the editor does not show either."""
    assert one(Goal, GOAL.replace("Lead a team of six", f'"{written}"')) == (
        f"2:8 title: `title` must not be empty | it holds no character a page shows, only {named}: write the text after `title:`"
    )


def test_required_text_in_a_list_or_the_config_that_shows_as_blank_is_refused() -> None:
    item = "write the item's text, or remove the item"
    assert check(Evidence, EVIDENCE + 'skills: [pricing, "\\u3164"]\n') == [
        f"5:19 skills[1]: `skills[1]` must not be empty | it holds no character a page shows, only U+3164 HANGUL FILLER: {item}"]
    assert check(Endorsement, 'author: "\\u2800"\nrole: Director\nrelationship: peer\ndate: 2026-03-02\n') == [
        "2:9 author: `author` must not be empty"
        " | it holds no character a page shows, only U+2800 BRAILLE PATTERN BLANK: write the text after `author:`"]
    assert check(SiteConfig, 'title: "\\u200b"\n') == [
        "2:8 title: `title` must not be empty | it holds no character a page shows, only U+200B ZERO WIDTH SPACE: write the text after `title:`"]


@pytest.mark.parametrize("written", ["Lead\\u200b a team", "\\u00e9", "e\\u0301", "\\u3164Lead", "\\u0928\\u093f", "\\U0001F680"])
def test_required_text_with_a_character_a_page_shows_is_taken(written: str) -> None:
    """A letter, a letter with its accent, a Devanagari syllable, an emoji: shown."""
    assert check(Goal, GOAL.replace("Lead a team of six", f'"{written}"')) == []


def test_a_whole_number_written_as_a_decimal_is_refused():
    """Whole numbers are strict: `90.0` is not read as 90."""
    assert one(SiteConfig, "title: Site\nstale_after_days: 90.0\n") == (
        "3:19 stale_after_days: `stale_after_days` must be a whole number, but got the number 90.0"
        " | write a whole number such as 12, without units"
    )


INVALID_ID = "is not a valid id: `{}` | write `{}`: ids use lowercase letters, digits and `-`"


def test_every_field_naming_an_item_takes_only_an_id():
    goal = (GOAL + "parent: Big_Goal\nindicators:\n  - {id: Talks, name: Talks, kind: leading, target: 3}\n"
            "milestones:\n  - {title: M, due: 2026-05-01, evidence: [My_Talk]}\n")
    assert sorted(check(Goal, goal)) == [
        "10:44 milestones[0].evidence[0]: `milestones[0].evidence[0]` " + INVALID_ID.format("My_Talk", "my-talk"),
        "6:9 parent: `parent` " + INVALID_ID.format("Big_Goal", "big-goal"),
        "8:10 indicators[0].id: `indicators[0].id` " + INVALID_ID.format("Talks", "talks"),
    ]
    endorsement = "author: Bo\nrole: R\nrelationship: peer\ndate: 2026-01-01\ngoals: [Lead]\nevidence: [A_b]\n"
    assert check(Endorsement, endorsement) == [
        "6:9 goals[0]: `goals[0]` " + INVALID_ID.format("Lead", "lead"),
        "7:12 evidence[0]: `evidence[0]` " + INVALID_ID.format("A_b", "a-b"),
    ]
    assert check(Case, "title: C\ntarget_role: R\ngoals: [Lead]\nevidence: [A_b]\nendorsements: [Bo Li]\n") == [
        "4:9 goals[0]: `goals[0]` " + INVALID_ID.format("Lead", "lead"),
        "5:12 evidence[0]: `evidence[0]` " + INVALID_ID.format("A_b", "a-b"),
        "6:16 endorsements[0]: `endorsements[0]` " + INVALID_ID.format("Bo Li", "bo-li"),
    ]


def test_an_id_starting_with_a_capital_is_refused():
    assert one(Evidence, EVIDENCE + "goals: [Lead-team]\n") == "5:9 goals[0]: `goals[0]` " + INVALID_ID.format("Lead-team", "lead-team")


def test_number_above_its_maximum():
    assert one(SiteConfig, "title: Site\nstale_after_days: 99999999\n") == (
        "3:19 stale_after_days: `stale_after_days` is too large: the number 99999999 | it must be 3660 or less"
    )


def test_number_below_its_minimum():
    assert one(SiteConfig, "title: Site\nstale_after_days: 0\n") == (
        "3:19 stale_after_days: `stale_after_days` is too small: the number 0 | it must be 1 or more"
    )


def test_a_count_below_zero_is_told_its_minimum_in_plain_words():
    text = ("title: Site\nframeworks:\n  f:\n    title: F\n    steps:\n      - id: s\n        title: S\n"
            "        requires:\n          - {check: evidence, count: -1}\n")
    assert one(SiteConfig, text) == (
        "10:38 frameworks.f.steps[0].requires[0].count: `count: -1` is always met, so this requirement checks nothing"
        " | write a count of 1 or more, or remove the requirement"
    )


# --- values with their own rules -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["https://example.com/a", "http://example.com", "mailto:me@example.com", "notes/", "assets/slides.pdf", "#top"],
)
def test_allowed_links(url):
    assert check(Evidence, EVIDENCE + f"links:\n  - {{title: T, url: '{url}'}}\n") == []


def test_a_link_from_the_root_is_refused():
    assert one(Evidence, EVIDENCE + "links:\n  - url: '/notes/'\n") == (
        "6:10 links[0].url: the link `/notes/` starts with `/`, which breaks under a /repo/ prefix and from disk; "
        "write it from the site root without the `/` (`notes/`) | see docs/content.md for the accepted values"
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd"])
def test_links_with_other_schemes_are_refused(url):
    assert one(Evidence, EVIDENCE + f"links:\n  - url: '{url}'\n") == (
        f"6:10 links[0].url: the link `{url.strip()}` uses a scheme that is not allowed"
        " (only http, https, mailto and relative links) | see docs/content.md for the accepted values"
    )


@pytest.mark.parametrize(("url", "shown"), [("https://x.example/my slides.pdf", "a space"), ('https://x.example/"q', '`"`'),
                                           ("https://x.example/<b>", "`<`")])
def test_links_with_characters_an_address_cannot_hold_are_refused(url, shown):
    assert one(Evidence, EVIDENCE + f"links:\n  - url: '{url}'\n") == (
        f"6:10 links[0].url: the link `{url}` holds {shown}, which a web address cannot; write spaces as %20"
        " | see docs/content.md for the accepted values"
    )


def test_scheme_relative_links_are_refused():
    assert one(Profile, "name: Ana\nlinks:\n  - url: //evil.example\n") == (
        "4:10 links[0].url: the link `//evil.example` has no scheme; write it with https://"
        " | see docs/content.md for the accepted values"
    )


@pytest.mark.parametrize(("text", "expected"), [
    ("title: #1 in customer satisfaction\n" + EVIDENCE.split("\n", 1)[1],
     "2:7 title: `title` must be text, but it is empty | `#` after a space starts a comment in YAML, so this value is "
     'empty; quote the whole value: `title: "#1 in customer satisfaction"`'),
    (EVIDENCE + "skills:\n  - #rust\n  - Go\n",
     "6:4 skills[0]: `skills[0]` must be text, but it is empty | `#` after a space starts a comment in YAML, so this value "
     'is empty; quote the whole item: `- "#rust"`'),
    # A comment as people write one, with a space after its `#`: the value is empty as written.
    ("title:   # to do\n" + EVIDENCE.split("\n", 1)[1], "2:7 title: `title` must be text, but it is empty | write the text after `title:`"),
])
def test_text_starting_with_a_hash_is_told_yaml_read_a_comment(text, expected):
    """`title: #1 in customer satisfaction` reads as an empty title, which was told only to
    "write the text after `title:`", where the newcomer had written it."""
    assert one(Evidence, text) == expected


@pytest.mark.parametrize("value", ["public", "private", "[manager]", "[manager, committee]"])
def test_valid_visibility(value):
    assert check(Evidence, EVIDENCE + f"visibility: {value}\n") == []


@pytest.mark.parametrize(("value", "hint"), [
    ("manager", "audiences are written in a list, in brackets: `visibility: [manager]`; or write `public` or `private`"),
    ("manager, committee", "audiences are written in a list, in brackets: `visibility: [manager, committee]`; "
     "or write `public` or `private`"),
    ("Private", "write it in lowercase: `visibility: private`"),
    ("privat", "did you mean `private`?"),
    ("Only my manager", "see docs/content.md for the accepted values"),
])
def test_a_visibility_written_as_text_is_told_how_to_write_what_it_means(value, hint):
    """`visibility: manager` (an audience without its brackets) was told only to "see
    docs/content.md for the accepted values"."""
    assert one(Evidence, EVIDENCE + f"visibility: {value}\n") == (
        "5:13 visibility: visibility must be `public`, `private`, or a list of audience names such as [manager]"
        f" | {hint}"
    )


@pytest.mark.parametrize("value", ["[]", "['']", "[1]", "true"])
def test_invalid_visibility(value):
    assert one(Evidence, EVIDENCE + f"visibility: {value}\n") == (
        "5:13 visibility: visibility must be `public`, `private`, or a list of audience names such as [manager]"
        " | see docs/content.md for the accepted values"
    )


def test_base_url_gets_a_trailing_slash():
    config = SiteConfig.model_validate({"title": "t", "base_url": "https://a.example/p"})
    assert config.base_url == "https://a.example/p/"


def test_base_url_must_be_absolute():
    assert one(SiteConfig, "title: Site\nbase_url: example.com\n") == (
        "3:11 base_url: base_url `example.com` must start with https:// (or http://)"
        " | write the address the site is published at, e.g. https://you.github.io/portfolio/"
    )


@pytest.mark.parametrize(("url", "said"), [
    ("https://a.example/my folio/", "holds a space, which a web address cannot; write spaces as %20"),
    ('https://a.example/"q"/', 'holds `"`, which a web address cannot; write spaces as %20'),
    ("https://a.example/p/<b>", "holds `<`, which a web address cannot; write spaces as %20"),
    ("https://a.example/p/?ref=cv", "has a query or a fragment (`?`, `#`), which every page's address would follow;"
                                    " end it at the site's folder"),
    ("https://a.example/p#top", "has a query or a fragment (`?`, `#`), which every page's address would follow;"
                                " end it at the site's folder"),
    # an address with no host, or a port that is no number, made every canonical link `https:///goals/x/`
    ("https://", "names no host: write the site's domain after `https://`"),
    ("https:///portfolio/", "names no host: write the site's domain after `https://`"),
    ("http://user@:8000/p/", "names no host: write the site's domain after `http://`"),
    ("https://a.example:80a/p/", "has the port `80a`, which is not a number from 0 to 65535"),
    ("https://a.example:99999/", "has the port `99999`, which is not a number from 0 to 65535"),
    ("https://[::1/p/", "opens a `[` around the host that it does not close"),
    # published as written: the canonical links read `https://a.example\\/goals/x/`
    ("https://a.example\\", "holds a backslash (`\\`), which browsers read as `/`: write `/`"),
    ("https://a.example/p\\q/", "holds a backslash (`\\`), which browsers read as `/`: write `/`"),
])
def test_base_url_is_the_address_of_a_folder(url: str, said: str) -> None:
    """The sitemap, feed, calendar and canonical links append page paths to it."""
    assert one(SiteConfig, f"title: Site\nbase_url: '{url}'\n") == (
        f"3:11 base_url: base_url `{url}` {said} | write the address the site is published at, e.g. https://you.github.io/portfolio/")


@pytest.mark.parametrize(("url", "written"), [
    ("https://example.org/léa", "https://example.org/l%C3%A9a/"),
    ("https://Exämple.org:8000/a%20b/", "https://xn--exmple-cua.org:8000/a%20b/"),
    ("https://ab.github.io/repo", "https://ab.github.io/repo/"),
])
def test_base_url_is_written_as_an_ascii_address(url: str, written: str) -> None:
    """A sitemap's and a calendar's addresses must be escaped: `léa/` was written as it is."""
    config = SiteConfig.model_validate({"title": "Site", "base_url": url})
    assert config.base_url == written


def test_audience_names_are_ids():
    assert one(SiteConfig, "title: Site\naudiences: [Hiring Managers]\n") == (
        "3:13 audiences[0]: `audiences[0]` is not a valid id: `Hiring Managers`"
        " | write `hiring-managers`: ids use lowercase letters, digits and `-`"
    )


# --- feedback: text, or who and how apart ---------------------------------------------------


def test_feedback_takes_text_and_sources_in_one_list():
    """Text as it always was, beside sources that give who and how apart and the next ask
    (quoted, as YAML 1.2 tools write dates, it is a date too)."""
    text = GOAL + ("feedback:\n  - My manager (monthly one-to-one)\n"
                   "  - {who: Priya Shah (mentor), how: ' quarterly session ', next: '2026-12-04'}\n"
                   "  - who: Tom Hargreaves\n    how: at the monthly update\n")
    assert check(Goal, text) == []
    assert Goal.model_validate(read_yaml(text, 2, PATH)).feedback == [
        "My manager (monthly one-to-one)",
        FeedbackSource(who="Priya Shah (mentor)", how="quarterly session", next=datetime.date(2026, 12, 4)),
        FeedbackSource(who="Tom Hargreaves", how="at the monthly update"),
    ]
    # as a theme written for entries of text joins them
    assert str(FeedbackSource(who="Tom Hargreaves", how="at the monthly update")) == "Tom Hargreaves (at the monthly update)"


@pytest.mark.parametrize(("entry", "expected"), [
    ("{who: Tom, hw: at the retro}", "7:16 feedback[0].hw: unknown field `feedback[0].hw` | did you mean `how`?"),
    ("{from: My manager, how: monthly one-to-one}", "7:6 feedback[0].from: unknown field `feedback[0].from` | did you mean `who`?"),
    ("{who: Tom, how: retro, when: 2026-12-04}", "7:28 feedback[0].when: unknown field `feedback[0].when` | did you mean `next`?"),
    ("{who: Tom, how: '  '}", "7:21 feedback[0].how: `feedback[0].how` must not be empty | write the text after `how:`"),
    ("{who: Tom, how: }", "7:21 feedback[0].how: `feedback[0].how` must be text, but it is empty | write the text after `how:`"),
    ("{who: Tom}", "7:5 feedback[0].how: missing required field `feedback[0].how` | add `how:` with a value, e.g. "
                   "`how: monthly one-to-one`"),
    ("{who: Tom, how: retro, next: soon}",
     "7:34 feedback[0].next: `feedback[0].next` must be a date, but got the text `soon` | write it as YYYY-MM-DD, without a time, "
     "e.g. 2026-03-31"),
    ("{who: Tom, how: retro, next: 4 December 2026}",
     "7:34 feedback[0].next: `feedback[0].next` must be a date, but got the text `4 December 2026` | write it as YYYY-MM-DD: "
     "2026-12-04"),
    ("My mentor: quarterly", "7:5 feedback[0]: `feedback[0]` must be text, but got a set of fields"
     ' | quote it if it is text: `"My mentor: quarterly"`; or write its fields: who, how, next'),
    ("{}", "7:5 feedback[0]: `feedback[0]` must be text, but got a set of fields"
     " | write the item as text, quoted if it contains `: ` or starts with `{` or `[`; or write its fields: who, how, next"),
])
def test_a_bad_feedback_source_is_reported_at_its_field(entry, expected):
    """A source is checked as one, not also as text: one message, at the field that is
    wrong, with its path as written. A mapping of one key that is no field is text that
    `: ` cut in two, as before sources had fields."""
    assert check(Goal, GOAL + f"feedback:\n  - {entry}\n") == [expected]


def test_every_bad_feedback_source_is_reported_in_one_run():
    text = GOAL + ("feedback:\n  - My manager\n  - {who: Tom, hw: retro}\n  - {who: Ana, how: weekly, next: 2026-12-01}\n"
                   "  - {who: '', how: weekly, next: someday}\n")
    assert check(Goal, text) == [
        "8:16 feedback[1].hw: unknown field `feedback[1].hw` | did you mean `how`?",
        "10:11 feedback[3].who: `feedback[3].who` must not be empty | write the text after `who:`",
        "10:34 feedback[3].next: `feedback[3].next` must be a date, but got the text `someday` | write it as YYYY-MM-DD, "
        "without a time, e.g. 2026-03-31",
    ]


def test_feedback_given_one_text_is_told_to_bracket_it_as_text():
    """Entries may be fields now, but text is what most write: the hint stays the text list's."""
    assert one(Goal, GOAL + "feedback: My manager (monthly one-to-one)\n") == (
        "6:11 feedback: `feedback` must be a list, but got the text `My manager (monthly one-to-one)`"
        " | write `feedback: [My manager (monthly one-to-one)]`, or one `- item` per line"
    )


# --- rules across fields ---------------------------------------------------------------------


def test_target_date_must_follow_start():
    assert semantic(GOAL.replace("2027-06-30", "2026-01-05")) == [
        "5:14 dates-out-of-order: target_date 2026-01-05 is not after start 2026-01-05"
        " | a goal needs time between start and target_date"
    ]


@pytest.mark.parametrize("written", ['""', "''", '"   "'])
def test_a_title_must_not_be_empty(written):
    assert one(Evidence, EVIDENCE.replace("title: Shipped refunds", f"title: {written}")) == (
        "2:8 title: `title` must not be empty | write the text after `title:`"
    )


def test_the_profile_has_no_visibility():
    """It is the site's front page: a `visibility: private` that did nothing would mislead."""
    assert one(Profile, "name: Nadia\nvisibility: private\n") == (
        "3:1 visibility: unknown field `visibility`"
        " | the profile is always on the site, whatever its visibility; leave out what must stay private"
    )


def test_milestones_outside_the_timeline_are_warned_about():
    text = GOAL + ("milestones:\n  - {title: Kick-off, due: 2025-12-01}\n  - {title: Hire, due: 2026-06-01}\n"
                   "  - {title: Review, due: 2031-06-30}\n")
    front = FrontMatter(text, 2)
    goal, _ = validate_model(Goal, read_yaml(text, 2, PATH), PATH, front)
    assert [(d.severity, d.line, d.column, d.message) for d in semantic_problems(goal, PATH, front)] == [
        ("warning", 7, 28, "milestone `Kick-off` is due 2025-12-01, before the goal starts (2026-01-05)"),
        ("warning", 9, 26, "milestone `Review` is due 2031-06-30, after the goal's target_date (2027-06-30)"),
    ]


def test_milestones_on_the_first_and_last_day_are_inside_the_timeline():
    text = GOAL + ("milestones:\n  - {title: Start, due: 2026-01-05}\n  - {title: End, due: 2027-06-30}\n"
                   "  - {title: Day before, due: 2026-01-04}\n  - {title: Day after, due: 2027-07-01}\n")
    front = FrontMatter(text, 2)
    goal, _ = validate_model(Goal, read_yaml(text, 2, PATH), PATH, front)
    assert [(d.line, d.code) for d in semantic_problems(goal, PATH, front)] == [
        (9, "milestone-before-start"), (10, "milestone-after-target"),
    ]


def test_indicator_ids_are_unique_within_a_goal():
    text = GOAL + "indicators:\n  - {id: a, name: A, kind: leading, target: 3}\n  - {id: a, name: B, kind: lagging, target: 4}\n"
    assert semantic(text) == [
        "8:10 duplicate-indicator: indicator id `a` is used twice in this goal | give each indicator of a goal its own id"
    ]


def test_target_equal_to_baseline():
    text = GOAL + "indicators:\n  - {id: a, name: A, kind: leading, baseline: 2.5, target: 2.5}\n"
    assert semantic(text) == [
        "7:60 target-equals-baseline: indicator `a` has the same baseline and target (2.5)"
        " | set a target that differs from the baseline, so progress can be measured"
    ]


def test_target_equal_to_the_default_baseline():
    text = GOAL + "indicators:\n  - {id: a, name: A, kind: leading, target: 0}\n"
    assert semantic(text) == [
        "7:45 target-equals-baseline: indicator `a` has the same baseline and target (0)"
        " | set a target that differs from the baseline, so progress can be measured"
    ]


def test_target_below_baseline_going_up():
    text = GOAL + "indicators:\n  - {id: a, name: A, kind: lagging, baseline: 30, target: 20}\n"
    assert semantic(text) == [
        "7:59 target-against-direction: indicator `a` goes up but its target 20 is below its baseline 30"
        " | set `direction: down`, or swap baseline and target"
    ]



def test_large_and_small_numbers_in_messages_read_as_written():
    """Python's `g` format gave `-1e+09` for a target written -1000000000."""
    text = GOAL + "indicators:\n  - {id: a, name: A, kind: lagging, baseline: 0.0001, target: -1000000000}\n"
    assert semantic(text) == [
        "7:63 target-against-direction: indicator `a` goes up but its target -1000000000 is below its baseline 0.0001"
        " | set `direction: down`, or swap baseline and target"
    ]


@pytest.mark.parametrize(("written", "shown"), [("1.0e+23", "100000000000000000000000"), ("0.0000004", "0.0000004")])
def test_numbers_in_messages_have_the_figures_written_and_no_exponent(written: str, shown: str):
    """`1e23` is no exact integer as a float: written out it read 99999999999999991611392.
    `1e-07`, the exponent Python writes, is text to YAML: a hint to write it back misled."""
    text = GOAL + f"indicators:\n  - {{id: a, name: A, kind: lagging, baseline: {written}, target: {written}}}\n"
    assert [line.split(" ", 2)[2] for line in semantic(text)] == [
        f"indicator `a` has the same baseline and target ({shown})"
        " | set a target that differs from the baseline, so progress can be measured"
    ]


def test_target_above_baseline_going_down():
    text = GOAL + "indicators:\n  - {id: a, name: A, kind: lagging, baseline: 20, target: 30, direction: down}\n"
    assert semantic(text) == [
        "7:59 target-against-direction: indicator `a` goes down but its target 30 is above its baseline 20"
        " | set `direction: up`, or swap baseline and target"
    ]


def test_consistent_indicators_pass():
    text = GOAL + (
        "indicators:\n"
        "  - {id: a, name: A, kind: leading, baseline: 1, target: 5}\n"
        "  - {id: b, name: B, kind: lagging, baseline: 9, target: 3, direction: down}\n"
    )
    assert semantic(text) == []


def test_semantic_rules_only_apply_to_goals():
    evidence = Evidence.model_validate(read_yaml(EVIDENCE, 2, PATH))
    assert semantic_problems(evidence, PATH, FrontMatter(EVIDENCE, 2)) == []


# --- small pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "label"),
    [((), ""), (("title",), "title"), (("indicators", 0, "id"), "indicators[0].id"), (("readings", "g", "x"), "readings.g.x")],
)
def test_field_label(loc, label):
    assert field_label(loc) == label


@pytest.mark.parametrize(
    ("start", "target", "horizon"),
    [("2026-01-05", "2027-01-31", "short"), ("2026-01-05", "2027-02-01", "long"), ("2026-01-05", "2026-03-01", "short")],
)
def test_horizon_is_derived_from_the_dates(start, target, horizon):
    goal = Goal.model_validate({"title": "t", "type": "personal", "start": datetime.date.fromisoformat(start),
                                "target_date": datetime.date.fromisoformat(target)})
    assert goal.derived_horizon == horizon


def test_explicit_horizon_wins():
    goal = Goal.model_validate(
        {"title": "t", "type": "personal", "start": datetime.date(2026, 1, 1), "target_date": datetime.date(2026, 2, 1), "horizon": "long"}
    )
    assert goal.derived_horizon == "long"


@pytest.mark.parametrize(("written", "meant"), [
    ("targ", "target_date"), ("targt", "target_date"), ("tagret", "target_date"), ("target", "target_date"),
    ("sta", "start"), ("star", "start"), ("stat", "status"), ("statuss", "status"), ("titel", "title"),
    ("tag", "tags"), ("milstones", "milestones"), ("nonnegotiables", "non_negotiables"), ("zzz", None),
])
def test_a_misspelt_goal_field_is_matched_to_the_field_or_its_first_word(written: str, meant: str | None) -> None:
    """`target_date` is often written `target` or `targ`; difflib on whole names alone
    took `targt` for `start` and `targ` for `tags`."""
    assert closest_field(written, list(Goal.model_fields)) == meant


@pytest.mark.parametrize(("model", "text", "field"), [
    (Endorsement, "author: Ana Ruiz\nrole: ''\nrelationship: peer\ndate: 2026-03-02\n", "role"),
    (Case, "title: Case\ntarget_role: ''\ngoals: [lead]\n", "target_role"),
])
def test_a_required_role_must_not_be_empty(model, text, field):
    """Required text, as a title is: an empty role showed as nothing beside an endorsement's
    author (all an anonymous one shows of them) and on a case's page."""
    assert one(model, text) == (
        f"3:{len(field) + 3} {field}: `{field}` must not be empty | write the text after `{field}:`"
    )
