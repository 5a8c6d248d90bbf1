"""The site graph: reference checks, citations, and views per audience that hide what they must."""

from __future__ import annotations

import datetime
import re

import pytest

from goalfolio.citations import find_citations
from goalfolio.graph import OWNER, PUBLIC, build_graph
from goalfolio.markdown import MarkdownRenderer

CONFIG = "title: Test portfolio\ntoday: 2026-11-20\naudiences: [manager, committee]\n"


def goal(extra: str = "", body: str = "The plan.") -> str:
    return (
        "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
        f"{extra}---\n{body}\n"
    )


def evidence(extra: str = "", body: str = "Story.", kind: str = "project", date: str = "2026-03-02") -> str:
    return f"---\ntitle: Evidence\ndate: {date}\nkind: {kind}\n{extra}---\n{body}\n"


def endorsement(author: str, extra: str = "") -> str:
    return f"---\nauthor: {author}\nrole: Director\nrelationship: manager\ndate: 2026-04-01\n{extra}---\nGreat work.\n"


def review(date: str, readings: str, extra: str = "") -> str:
    return f"---\ndate: {date}\nreadings: {readings}\n{extra}---\nNotes.\n"


def problems_of(load_project, tmp_path, files, config=CONFIG) -> list[str]:
    _, diagnostics = load_project(tmp_path, files, config)
    return [d.format() for d in diagnostics]


# --- references ------------------------------------------------------------------------------


def test_valid_references_give_no_problems(tmp_path, load_project):
    assert problems_of(load_project, tmp_path, {
        "content/goals/lead.md": goal("milestones:\n  - {title: m, due: 2026-05-01, evidence: [refunds]}\n"),
        "content/goals/sub.md": goal("parent: lead\n"),
        "content/evidence/refunds.md": evidence("goals: [lead]\n", body="Part of [[lead]]."),
        "content/endorsements/bo.md": endorsement("Bo", "goals: [lead]\nevidence: [refunds]\n"),
        "content/cases/promo.md": "---\ntitle: C\ntarget_role: R\ngoals: [lead]\nevidence: [refunds]\nendorsements: [bo]\n---\nSee [[refunds]].\n",
    }) == []


def test_goal_reference_problems(tmp_path, load_project):
    assert problems_of(load_project, tmp_path, {
        "content/goals/lead.md": goal("parent: lead\n"),
        "content/goals/sub.md": goal("parent: leed\nframework: pivot-bridg\n"),
        "content/goals/other.md": goal("parent: zzz\nframework: own\n"),
    }) == [
        "content/goals/lead.md:6:9: error: a goal cannot be its own parent\n"
        "    hint: remove `parent:` or name another goal",
        "content/goals/other.md:6:9: error: no goal with the id `zzz`\n"
        "    hint: goal ids are the file names in content/goals/ without .md: `lead`, `other` and `sub`",
        "content/goals/other.md:7:12: error: no framework with the id `own`\n"
        "    hint: use one of: evidence-ladder, pivot-bridge, mobility-playbook;"
        " or define it under `frameworks:` in goalfolio.yaml",
        "content/goals/sub.md:6:9: error: no goal with the id `leed`\n"
        "    hint: did you mean `lead`?",
        "content/goals/sub.md:7:12: error: no framework with the id `pivot-bridg`\n"
        "    hint: did you mean `pivot-bridge`?",
    ]


def test_a_goal_ending_after_its_parent_is_a_warning(tmp_path, load_project):
    child = goal("parent: lead\n").replace("target_date: 2027-06-30", "target_date: 2027-12-31")
    assert problems_of(load_project, tmp_path, {
        "content/goals/lead.md": goal(), "content/goals/sub.md": child, "content/goals/same.md": goal("parent: lead\n"),
    }) == [
        "content/goals/sub.md:5:14: warning: target_date 2027-12-31 is after the target_date of the parent goal `lead` (2027-06-30)\n"
        "    hint: a goal that serves another is reached by the time it is: check the year, or move one of the dates",
    ]


def test_parent_chain_leading_into_a_loop(tmp_path, load_project):
    lines = problems_of(load_project, tmp_path, {
        "content/goals/a.md": goal("parent: b\n"),
        "content/goals/b.md": goal("parent: c\n"),
        "content/goals/c.md": goal("parent: b\n"),
    })
    assert [line.split("\n")[0] for line in lines] == [
        "content/goals/a.md:6:9: error: `parent: b` makes a loop of parent goals",
        "content/goals/b.md:6:9: error: `parent: c` makes a loop of parent goals",
        "content/goals/c.md:6:9: error: `parent: b` makes a loop of parent goals",
    ]


def test_endorsement_and_case_reference_problems(tmp_path, load_project):
    lines = problems_of(load_project, tmp_path, {
        "content/goals/lead.md": goal(),
        "content/evidence/refunds.md": evidence(),
        "content/endorsements/bo.md": endorsement("Bo", "goals: [lead, leadd]\nevidence: [refund]\n"),
        "content/cases/promo.md": (
            "---\ntitle: C\ntarget_role: R\ngoals: [lead]\nframework: ladder\nevidence: [refunds, bo]\n"
            "endorsements: [refunds]\n---\nx\n"
        ),
    })
    assert [line.split("\n")[0] for line in lines] == [
        "content/cases/promo.md:5:12: error: no framework with the id `ladder`",
        "content/cases/promo.md:6:21: error: no evidence with the id `bo`",
        "content/cases/promo.md:7:16: error: no endorsement with the id `refunds`",
        "content/endorsements/bo.md:6:15: error: no goal with the id `leadd`",
        "content/endorsements/bo.md:7:12: error: no evidence with the id `refund`",
    ]


def test_readings_must_name_goals_and_their_indicators(tmp_path, load_project):
    lines = problems_of(load_project, tmp_path, {
        "content/goals/lead.md": goal(
            "indicators:\n  - {id: hires, name: Hires, kind: lagging, target: 3}\n"
            "  - {id: talks, name: Talks, kind: leading, target: 3, count: {kind: talk}}\n"
        ),
        "content/reviews/q3.md": review("2026-09-30", "{lead: {hires: 1, hire: 2, talks: 3}, leed: {hires: 1}}"),
    })
    assert lines == [
        "content/reviews/q3.md:3:29: error: no indicator of goal `lead` with the id `hire`\n"
        "    hint: did you mean `hires`?",
        "content/reviews/q3.md:3:38: warning: `talks` is counted from evidence, so this reading is ignored\n"
        "    hint: remove the reading, or remove `count:` from the indicator",
        "content/reviews/q3.md:3:49: error: no goal with the id `leed`\n"
        "    hint: did you mean `lead`?",
    ]


def test_a_reading_of_no_indicator_names_the_goals_indicators(tmp_path, load_project):
    """The hint said to "check the indicator ids in content/", which live in the goal's file."""
    lines = problems_of(load_project, tmp_path, {
        "content/goals/lead.md": goal(
            "indicators:\n  - {id: hires, name: Hires, kind: lagging, target: 3}\n"
            "  - {id: talks, name: Talks, kind: leading, target: 3}\n"
        ),
        "content/goals/move.md": goal(),
        "content/reviews/q3.md": review("2026-09-30", "{lead: {one-to-ones: 4}, move: {visa: 1}}"),
    })
    assert lines == [
        "content/reviews/q3.md:3:19: error: no indicator of goal `lead` with the id `one-to-ones`\n"
        "    hint: the indicators of `lead` are `hires`, `talks`, in content/goals/lead.md",
        "content/reviews/q3.md:3:43: error: no indicator of goal `move` with the id `visa`\n"
        "    hint: the goal has no indicators: add them under `indicators:` in content/goals/move.md, or remove the reading",
    ]


def test_missing_profile_photo(tmp_path, load_project):
    files = {"content/profile.md": "---\nname: Ana\nphoto: me.jpg\n---\n", "content/assets/portrait.jpg": b"\xff"}
    assert problems_of(load_project, tmp_path, files) == [
        "content/profile.md:3:8: error: the photo `me.jpg` is not in content/assets/\n"
        "    hint: put the image in content/assets/ and give its path relative to that folder"
    ]
    files["content/profile.md"] = "---\nname: Ana\nphoto: portrait.jpg\n---\n"
    assert problems_of(load_project, tmp_path, files) == []


def test_a_photo_written_from_the_site_root_is_told_its_path(tmp_path, load_project):
    """Bodies and `links:` write `assets/x.jpg`; the photo is relative to content/assets/."""
    files = {"content/profile.md": "---\nname: Ana\nphoto: assets/portrait.jpg\n---\n", "content/assets/portrait.jpg": b"\xff"}
    assert problems_of(load_project, tmp_path, files) == [
        "content/profile.md:3:8: error: the photo `assets/portrait.jpg` is not in content/assets/\n"
        "    hint: write `photo: portrait.jpg`: the photo's path is relative to content/assets/"
    ]


def test_unknown_audience_without_close_match(tmp_path, load_project):
    assert problems_of(load_project, tmp_path, {"content/evidence/e.md": evidence("visibility: [recruiters, hr]\n")}) == [
        "content/evidence/e.md:5:14: error: the audience `recruiters` is not declared in goalfolio.yaml\n"
        "    hint: declare it under `audiences:` in goalfolio.yaml",
        "content/evidence/e.md:5:26: error: the audience `hr` is not declared in goalfolio.yaml\n"
        "    hint: declare it under `audiences:` in goalfolio.yaml",
    ]


def test_references_to_files_that_failed_to_load_are_not_reported_twice(tmp_path, load_project):
    lines = problems_of(load_project, tmp_path, {
        "content/goals/lead.md": goal("status: complete\n"),
        "content/goals/sub.md": goal("parent: lead\n"),
        "content/evidence/e.md": evidence("goals: [lead]\n", body="For [[lead]]."),
        "content/reviews/q1.md": review("2026-03-31", "{lead: {x: 1}}"),
        "content/cases/c.md": "---\ntitle: C\ntarget_role: R\ngoals: [lead]\n---\nx\n",
    })
    assert [line.split("\n")[0] for line in lines] == [
        "content/goals/lead.md:6:9: error: `status` must be one of active, achieved, paused, dropped; got `complete`"
    ]


# --- citations -------------------------------------------------------------------------------


def test_citations_are_found_outside_code_with_positions():
    body = (
        "Intro [[a]] and [[ b ]].\n"
        "`[[not-code]]` then [[c]]\n"
        "```\n[[fenced]]\n```\n"
        "~~~md\n[[tilde]]\n~~~\n"
        "[[d]][[e]] [[ ]] [[x\ny]]\n"
    )
    assert [(c.target, c.line, c.column) for c in find_citations(body)] == [
        ("a", 1, 7), ("b", 1, 17), ("c", 2, 21), ("d", 9, 1), ("e", 9, 6), ("", 9, 12),
    ]


@pytest.mark.parametrize("body", [
    "<https://x.example/[[b]]>", "[t](https://x/[[c]])", '[t](https://x "t [[d]]")', "[ref]: https://x/[[e]]",
    "\\[[f]]", "[[g]](https://x)", "[text [[h]]](https://x)", "`[[i]]` [[j]]", "[[k]] and [l](u) [[m]]",
    "a ](b [[n]])", "[text [[o]]](https://x/[[z]])", "![alt [[p]]](img.png)", "[[q]]: text", "![x](a.png) [[r]]",
    "> quote [[t]]", "| a | [[v]] |\n|---|---|\n| [[w]] | b |",
    "Syntax:\n\n    See [[in-indented-code]].\n\nThen [[s]].", "A `span\nover [[two-lines]]` and [[u]]",
    "Text[^1] and [[x]].\n\n[^1]: As shown in [[in-footnote]].", "- item [[y]]\n    - nested [[z]]\n\n      more [[aa]]",
    "Para\n\n\tTabbed [[tab-code]]", "```\n[[ab]]\n```\nThen `one` and [[ac]]",
    "An escaped backslash \\\\[[ad]], an escaped bracket \\\\\\[[ae]]",
    "~~~\n[[af]]\n~~~\nThen [[ag]].", "Run ``` [[ah]] ` here", "a ` [[ai]] `` b", "``a` [[aj]] `b``", "\\`[[ak]]`",
    "``\n[[al]]`` and [[am]]", "``` [[an]] `` [[ao]] ``", "[t](`) [[ap]] ` `[[aq]]`", "See [t](`) `[[ar]]` and [[as]] `",
])
def test_citations_found_are_those_the_body_renders(body):
    """`goalfolio check` warns about the citations it finds, and says builds leave out those
    of hidden items: it must find what Markdown makes a citation, and nothing else (a link's
    address shows `[[id]]` as written)."""
    rendered = re.findall(r'href="gf-cite:([^"]+)"', MarkdownRenderer().render(body).html)
    assert [c.target for c in find_citations(body)] == rendered


def test_citations_in_blocks_over_several_lines_are_placed_where_they_are_written():
    body = "Intro[^1].\n\n    [[code]]\n\n> quoted\n> then [[a]]\n\n- item\n    - nested [[b]]\n\n[^1]: note [[c]]\n"
    assert [(c.target, c.line, c.column) for c in find_citations(body)] == [("a", 6, 8), ("b", 9, 14), ("c", 11, 12)]


def test_citations_in_a_table_row_are_placed_in_their_own_cells():
    """A row's cells share its line: each cell's text is looked for past the cells before
    it, or a cell reading as an earlier one (`[[a]]` after `[[a]]` in code) took its column."""
    body = "Note[^1].\n\n| x | y | z |\n|---|---|---|\n| `[[a]]` | [[a]] | [[a]] |\n\n[^1]: More.\n"
    assert [(c.target, c.line, c.column) for c in find_citations(body)] == [("a", 5, 13), ("a", 5, 21)]


@pytest.mark.parametrize(("body", "found"), [
    ("``a` [[x]] `b`` or `` ` ``, then [[y]]", [("y", 1, 34)]),
    ("``` [[a]] `` [[b]] ``", [("a", 1, 5)]),
    ("[t](`) [[a]] ` `[[b]]`", [("a", 1, 8), ("b", 1, 17)]),
    ("See [t](`) `[[a]]` and [[b]] `", [("b", 1, 24)]),
])
def test_a_run_of_backticks_closes_at_the_next_run_of_its_length_or_is_text(body, found):
    """A code span closes at the next run of backticks of its own length, past shorter and
    longer ones; a run with no such run after it is text, and so is one inside a link's
    address, which leaves the run after it to open a span."""
    assert [(c.target, c.line, c.column) for c in find_citations(body)] == found


def test_broken_citation_is_located_in_the_whole_file(tmp_path, load_project):
    body = "First paragraph.\n\n```\n[[in-code]]\n```\nThen `[[in-span]]` and [[mising]].\n"
    assert problems_of(load_project, tmp_path, {
        "content/goals/missing.md": goal(),
        "content/evidence/e.md": evidence(body=body),
    }) == [
        "content/evidence/e.md:11:24: error: `[[mising]]` cites an item that does not exist\n"
        "    hint: did you mean `[[missing]]`?"
    ]


def test_a_broken_citation_between_runs_of_backticks_of_two_lengths_is_reported(tmp_path, load_project):
    """```` ``` [[id]] ` ```` is no code span, as its runs of backticks differ: Markdown renders
    the citation, and a broken one was published as withheld text with no word from `check`."""
    assert problems_of(load_project, tmp_path, {
        "content/goals/missing.md": goal(),
        "content/evidence/e.md": evidence(body="Run ``` [[mising]] ` to see.\n\n``a` [[in-code]] `b``\n"),
    }) == [
        "content/evidence/e.md:6:9: error: `[[mising]]` cites an item that does not exist\n"
        "    hint: did you mean `[[missing]]`?"
    ]


def test_a_file_with_a_field_error_still_has_its_citations_checked(tmp_path, load_project):
    """One run lists both problems: the misspelt value and the broken citation."""
    assert problems_of(load_project, tmp_path, {
        "content/goals/missing.md": goal(),
        "content/evidence/e.md": evidence("ladder: strech\n", body="See [[mising]] and [[missing]]."),
    }) == [
        "content/evidence/e.md:5:9: error: `ladder` must be one of baseline, stretch; got `strech`\n"
        "    hint: did you mean `stretch`?",
        "content/evidence/e.md:7:5: error: `[[mising]]` cites an item that does not exist\n"
        "    hint: did you mean `[[missing]]`?",
    ]


def test_a_file_with_a_field_error_still_has_its_references_checked(tmp_path, load_project):
    """References come from the validated item, so a file that did not validate has them
    read from what YAML made of its front matter: each list of ids, where it is a list."""
    assert problems_of(load_project, tmp_path, {
        "content/goals/missing.md": goal(),
        "content/goals/child.md": goal("parent: mising\nmilestones:\n  - title: First\n    due: 2026-06-01\n"
                                       "    evidence: [e, nowhere]\nowner: me\n"),
        "content/evidence/e.md": evidence("goals: [missing, mising, 7]\nladder: strech\n"),
        "content/cases/c.md": "---\ntitle: Case\ntarget_role: Lead\nframework: evidence-ladder\ngoals: mising\n"
                              "evidence: [e, gone]\nendorsements: [nobody]\n---\nBody.\n",
    }) == [
        "content/cases/c.md:5:8: error: `goals` must be a list, but got the text `mising`\n"
        "    hint: write `goals: [mising]`, or one `- item` per line",
        "content/cases/c.md:6:15: error: no evidence with the id `gone`\n    hint: evidence ids are the file names in content/evidence/ without .md: `e`",
        "content/cases/c.md:7:16: error: no endorsement with the id `nobody`\n    hint: there is no endorsement in content/endorsements/ yet",
        "content/evidence/e.md:5:18: error: no goal with the id `mising`\n    hint: did you mean `missing`?",
        "content/evidence/e.md:5:26: error: `goals[2]` must be text, but got the number 7\n    hint: quote it: `\"7\"`",
        "content/evidence/e.md:6:9: error: `ladder` must be one of baseline, stretch; got `strech`\n"
        "    hint: did you mean `stretch`?",
        "content/goals/child.md:6:9: error: no goal with the id `mising`\n    hint: did you mean `missing`?",
        "content/goals/child.md:10:19: error: no evidence with the id `nowhere`\n    hint: evidence ids are the file names in content/evidence/ without .md: `e`",
        "content/goals/child.md:11:1: error: unknown field `owner`\n    hint: known fields here: visibility, title, type, start, "
        "target_date, status, horizon, why, non_negotiables, framework, indicators, milestones, gaps, feedback, mobility, "
        "parent, tags",
    ]


def test_a_file_with_an_unknown_field_has_every_other_rule_checked_in_the_same_run(tmp_path, load_project):
    """A misspelt optional field must not hide the rest: without it the goal validates, so its
    dates, audiences, framework, parent and citations are checked as a loaded goal's are."""
    assert problems_of(load_project, tmp_path, {
        "content/goals/g9.md": "---\ntitle: Goal\ntype: advancement\nstart: 2026-05-01\ntarget_date: 2026-04-01\n"
                               "visibility: [nobody]\nframework: nope\ntargt: 1\nparent: nowhere\n"
                               "milestones: [{title: m, due: 2026-04-15, evidence: [gone]}]\n---\nSee [[missing-thing]].\n",
    }) == [
        "content/goals/g9.md:5:14: error: target_date 2026-04-01 is not after start 2026-05-01\n"
        "    hint: a goal needs time between start and target_date",
        "content/goals/g9.md:6:14: error: the audience `nobody` is not declared in goalfolio.yaml\n"
        "    hint: declare it under `audiences:` in goalfolio.yaml",
        "content/goals/g9.md:7:12: error: no framework with the id `nope`\n"
        "    hint: use one of: evidence-ladder, pivot-bridge, mobility-playbook; or define it under `frameworks:` in goalfolio.yaml",
        "content/goals/g9.md:8:1: error: unknown field `targt`\n    hint: did you mean `target_date`?",
        "content/goals/g9.md:9:9: error: no goal with the id `nowhere`\n    hint: goal ids are the file names in content/goals/ without .md: `g9`",
        "content/goals/g9.md:10:30: warning: milestone `m` is due 2026-04-15, before the goal starts (2026-05-01)\n"
        "    hint: check the year, or move the goal's start back",
        "content/goals/g9.md:10:53: error: no evidence with the id `gone`\n    hint: there is no evidence in content/evidence/ yet",
        "content/goals/g9.md:12:5: error: `[[missing-thing]]` cites an item that does not exist\n"
        "    hint: cite an item by its file name without .md",
    ]


def test_a_failing_optional_field_is_left_out_and_its_ids_still_read_as_written(tmp_path, load_project):
    """`goals` fails the schema (a number in it), so the rest is checked without it, and the
    ids written in it are checked from what YAML read, once each."""
    assert problems_of(load_project, tmp_path, {
        "content/goals/real.md": goal(),
        "content/evidence/e.md": evidence("goals: [real, ghost, 7]\nvisibility: [nobody]\n", body="See [[gone]]."),
    }) == [
        "content/evidence/e.md:5:15: error: no goal with the id `ghost`\n    hint: goal ids are the file names in content/goals/ without .md: `real`",
        "content/evidence/e.md:5:22: error: `goals[2]` must be text, but got the number 7\n    hint: quote it: `\"7\"`",
        "content/evidence/e.md:6:14: error: the audience `nobody` is not declared in goalfolio.yaml\n"
        "    hint: declare it under `audiences:` in goalfolio.yaml",
        "content/evidence/e.md:8:5: error: `[[gone]]` cites an item that does not exist\n"
        "    hint: cite an item by its file name without .md",
    ]


def test_an_id_that_names_nothing_is_told_what_an_id_is_and_which_there_are(tmp_path, load_project):
    """The hint was to "check the goal ids in content/": a newcomer learnt neither that an
    id is a file's name nor where those files are. Past five ids, the rest are counted; a
    file that did not load still gives its id (a name that is no id is not listed); with
    none at all, the hint says so."""
    files = {f"content/evidence/win-{n}.md": evidence() for n in range(1, 8)}
    files["content/goals/real.md"] = goal()
    files["content/goals/broken.md"] = goal("owner: me\n")
    files["content/goals/Big_Goal.md"] = goal()  # no id: its own error says what to rename it to
    files["content/cases/c.md"] = ("---\ntitle: Case\ntarget_role: Lead\ngoals: [promotion]\nevidence: [launch]\n"
                                   "endorsements: [boss]\n---\nBody.\n")
    assert [line for line in problems_of(load_project, tmp_path, files) if line.startswith("content/cases/")] == [
        "content/cases/c.md:4:9: error: no goal with the id `promotion`\n"
        "    hint: goal ids are the file names in content/goals/ without .md: `broken` and `real`",
        "content/cases/c.md:5:12: error: no evidence with the id `launch`\n"
        "    hint: evidence ids are the file names in content/evidence/ without .md: `win-1`, `win-2`, `win-3`, `win-4` and 3 more",
        "content/cases/c.md:6:16: error: no endorsement with the id `boss`\n"
        "    hint: there is no endorsement in content/endorsements/ yet",
    ]


def test_a_reference_that_is_no_id_is_told_once_where_its_folded_id_names_the_item(tmp_path, load_project):
    """`goals: [Lead_Team]` got "is not a valid id ... write `lead-team`" and, at the same
    place, "no goal with the id `Lead_Team`, did you mean `lead-team`?". One that folds to no
    item (a Cyrillic `е`, which folding drops) keeps the second error: it names the goal meant."""
    files = {"content/goals/lead-team.md": goal(),
             "content/evidence/e.md": evidence("goals: [Lead_Team, lеad-team]\n"),
             "content/goals/child.md": goal("parent: Lead_Team\nmilestones:\n  - {title: M, due: 2026-03-01, evidence: [E]}\n")}
    assert problems_of(load_project, tmp_path, files) == [
        "content/evidence/e.md:5:9: error: `goals[0]` is not a valid id: `Lead_Team`\n"
        "    hint: write `lead-team`: ids use lowercase letters, digits and `-`",
        "content/evidence/e.md:5:20: error: `goals[1]` is not a valid id: `lеad-team`\n"
        "    hint: write `lad-team`: ids use lowercase ASCII letters, digits and `-`",
        "content/evidence/e.md:5:20: error: no goal with the id `lеad-team`\n    hint: did you mean `lead-team`?",
        "content/goals/child.md:6:9: error: `parent` is not a valid id: `Lead_Team`\n"
        "    hint: write `lead-team`: ids use lowercase letters, digits and `-`",
        "content/goals/child.md:8:44: error: `milestones[0].evidence[0]` is not a valid id: `E`\n"
        "    hint: write `e`: ids use lowercase letters, digits and `-`",
    ]


def test_a_remainder_without_its_visibility_is_not_judged_public(tmp_path, load_project):
    """`visibility: privat` fails; the rest of the file is checked, but "public" would only
    be the default standing in for what the owner wrote: no warning about citing hidden items."""
    assert problems_of(load_project, tmp_path, {
        "content/evidence/secret.md": evidence("visibility: private\n"),
        "content/evidence/typo.md": evidence("visibility: privat\n", body="Built on [[secret]] and [[gone]]."),
    }) == [
        "content/evidence/typo.md:5:13: error: visibility must be `public`, `private`, or a list of audience names such as [manager]\n"
        "    hint: did you mean `private`?",
        "content/evidence/typo.md:7:25: error: `[[gone]]` cites an item that does not exist\n"
        "    hint: cite an item by its file name without .md",
    ]


def test_a_refused_value_of_an_unknown_key_gives_both_problems_and_a_bad_date_one(tmp_path, load_project):
    """What YAML refuses is reported once; a key the schema does not know is a second mistake
    on the same line, and is reported in the same run."""
    assert problems_of(load_project, tmp_path, {
        "content/evidence/e.md": evidence("tags: !custom x\n", date="2026-13-01"),
    }) == [
        "content/evidence/e.md:3:7: error: `2026-13-01` is not a valid date: month must be in 1..12\n"
        "    hint: write it as YYYY-MM-DD, without a time, e.g. 2026-03-31",
        "content/evidence/e.md:5:1: error: unknown field `tags`\n"
        "    hint: known fields here: visibility, title, date, kind, goals, ladder, metrics, skills, location, links",
        "content/evidence/e.md:5:7: error: the YAML tag `!custom` is not allowed\n"
        "    hint: remove the `!` tag; front matter holds plain text, numbers, dates and lists",
    ]


def test_public_item_citing_a_hidden_one_is_a_warning(tmp_path, load_project):
    assert problems_of(load_project, tmp_path, {
        "content/evidence/secret.md": evidence("visibility: private\n"),
        "content/evidence/open.md": evidence(body="See [[secret]]."),
        "content/evidence/private-note.md": evidence("visibility: private\n", body="See [[secret]]."),
        "content/evidence/for-committee.md": evidence("visibility: [committee]\n"),
        "content/evidence/open-too.md": evidence(body="Also [[for-committee]]."),
    }) == [
        "content/evidence/open-too.md:6:6: warning: `[[for-committee]]` cites a non-public item from a public one\n"
        "    hint: builds that cannot see it show \"(an item not shown here)\" in its place; cite public evidence instead",
        "content/evidence/open.md:6:5: warning: `[[secret]]` cites a non-public item from a public one\n"
        "    hint: builds that cannot see it show \"(an item not shown here)\" in its place; cite public evidence instead",
    ]


def test_profile_bio_citations_are_checked(tmp_path, load_project):
    assert problems_of(load_project, tmp_path, {"content/profile.md": "---\nname: Ana\n---\nSee [[nothing]].\n"}) == [
        "content/profile.md:4:5: error: `[[nothing]]` cites an item that does not exist\n"
        "    hint: cite an item by its file name without .md"
    ]


def test_the_profile_citing_a_hidden_item_is_a_warning(tmp_path, load_project):
    """The profile is in every build, the public one too: it has no `visibility:` field, and
    is public all the same."""
    assert problems_of(load_project, tmp_path, {
        "content/evidence/secret.md": evidence("visibility: private\n"),
        "content/profile.md": "---\nname: Ana\n---\nSee [[secret]].\n",
    }) == [
        "content/profile.md:4:5: warning: `[[secret]]` cites a non-public item from a public one\n"
        "    hint: builds that cannot see it show \"(an item not shown here)\" in its place; cite public evidence instead"
    ]


# --- views per audience ----------------------------------------------------------------------

VIEW_FILES = {
    "content/goals/lead.md": goal(
        "indicators:\n  - {id: talks, name: Talks, kind: leading, target: 4, count: {kind: talk}}\n"
        "  - {id: hires, name: Hires, kind: lagging, target: 4}\n",
        body="Plan, see [[pub]], [[mgr]] and [[secret]].",
    ),
    "content/goals/private-goal.md": goal("parent: lead\nvisibility: private\n"),
    "content/goals/child.md": goal("parent: lead\n"),
    "content/evidence/pub.md": evidence("goals: [lead]\n", kind="talk", date="2026-02-01"),
    "content/evidence/mgr.md": evidence("goals: [lead]\nvisibility: [manager]\n", kind="talk", date="2026-03-01"),
    "content/evidence/secret.md": evidence("goals: [lead]\nvisibility: private\n", kind="talk", date="2026-04-01",
                                           body="Mentions [[pub]]."),
    "content/evidence/both.md": evidence("goals: [lead]\nvisibility: [manager, committee]\n", date="2026-05-01"),
    "content/endorsements/bo.md": endorsement("Bo", "goals: [lead]\nevidence: [pub]\n"),
    "content/endorsements/hidden.md": endorsement("Ann", "goals: [lead]\nevidence: [pub]\nvisibility: private\n"),
    "content/reviews/q1.md": review("2026-03-31", "{lead: {hires: 1}}"),
    "content/reviews/q2.md": review("2026-06-30", "{lead: {hires: 3}}", "visibility: private\n"),
    "content/cases/promo.md": "---\ntitle: C\ntarget_role: R\ngoals: [lead]\n---\nSee [[pub]] and [[secret]].\n",
    "content/cases/committee-case.md": (
        "---\ntitle: C\ntarget_role: R\ngoals: [lead]\nvisibility: [committee]\n---\nSee [[mgr]].\n"
    ),
}


@pytest.fixture
def portfolio(tmp_path, load_project):
    loaded, diagnostics = load_project(tmp_path, VIEW_FILES, CONFIG)
    assert [d for d in diagnostics if d.severity == "error"] == []
    return loaded


def ids(items) -> list[str]:
    return [item.id for item in items]


@pytest.mark.parametrize(
    ("audience", "goals", "evidence", "endorsements", "reviews", "cases"),
    [
        (PUBLIC, ["child", "lead"], ["pub"], ["bo"], ["q1"], ["promo"]),
        ("manager", ["child", "lead"], ["both", "mgr", "pub"], ["bo"], ["q1"], ["promo"]),
        ("committee", ["child", "lead"], ["both", "pub"], ["bo"], ["q1"], ["committee-case", "promo"]),
        (OWNER, ["child", "lead", "private-goal"], ["both", "mgr", "pub", "secret"], ["bo", "hidden"], ["q1", "q2"],
         ["committee-case", "promo"]),
    ],
)
def test_each_view_holds_only_what_its_audience_may_see(portfolio, audience, goals, evidence, endorsements, reviews, cases):
    view = build_graph(portfolio, audience).portfolio
    assert (list(view.goals), list(view.evidence), list(view.endorsements), list(view.reviews), list(view.cases)) == (
        goals, evidence, endorsements, reviews, cases
    )
    assert view.profile is portfolio.profile


def test_owner_view_flag(portfolio):
    assert build_graph(portfolio, OWNER).is_owner_view
    assert not build_graph(portfolio, PUBLIC).is_owner_view


def test_relations_and_counts_leave_hidden_items_out(portfolio):
    public = build_graph(portfolio, PUBLIC)
    assert ids(public.evidence_by_goal["lead"]) == ["pub"]
    assert ids(public.endorsements_by_goal["lead"]) == ["bo"]
    assert ids(public.endorsements_by_evidence["pub"]) == ["bo"]
    assert ids(public.children["lead"]) == ["child"]
    assert ids(public.cases_by_item["pub"]) == ["promo"]
    assert ids(public.case_evidence(public.portfolio.cases["promo"])) == ["pub"]

    owner = build_graph(portfolio, OWNER)
    assert ids(owner.evidence_by_goal["lead"]) == ["both", "secret", "mgr", "pub"]  # newest first
    assert ids(owner.endorsements_by_evidence["pub"]) == ["hidden", "bo"]  # same date: by id, descending
    assert ids(owner.children["lead"]) == ["child", "private-goal"]
    assert ids(owner.case_evidence(owner.portfolio.cases["promo"])) == ["pub", "mgr", "secret", "both"]  # oldest first
    assert sorted(ids(owner.cases_by_item["pub"])) == ["committee-case", "promo"]


def test_an_id_named_twice_in_a_list_is_one_item_in_relations_and_readiness(tmp_path, load_project):
    """`goals: [lead, lead]` names one goal: a case listed it twice on its page, and a
    framework counted its milestones twice (two milestones met `Transition plan`'s three)."""
    loaded, _ = load_project(tmp_path, {
        "content/goals/lead.md": goal("milestones:\n  - {title: A, due: 2026-03-01}\n  - {title: B, due: 2026-06-01}\n"),
        "content/evidence/talk.md": evidence("goals: [lead, lead]\n"),
        "content/endorsements/bo.md": endorsement("Bo", "goals: [lead, lead]\nevidence: [talk, talk]\n"),
        "content/cases/promo.md": ("---\ntitle: C\ntarget_role: R\ngoals: [lead, lead]\nframework: mobility-playbook\n"
                                   "evidence: [talk, talk]\nendorsements: [bo, bo]\n---\nSee [[talk]].\n"),
    }, CONFIG)
    graph = build_graph(loaded, OWNER)
    case = graph.portfolio.cases["promo"]
    assert [ids(graph.evidence_by_goal["lead"]), ids(graph.endorsements_by_goal["lead"]),
            ids(graph.endorsements_by_evidence["talk"])] == [["talk"], ["bo"], ["bo"]]
    assert [ids(graph.goals_of(case.goals)), ids(graph.case_evidence(case)), ids(graph.case_endorsements(case))] == [
        ["lead"], ["talk"], ["bo"]]
    [plan] = [step for step in graph.case_readiness["promo"].steps if step.id == "transition-plan"]
    assert (plan.met, plan.requirements[0].have) == (False, 2)


def test_backlinks_come_only_from_visible_items_to_visible_items(portfolio):
    public = build_graph(portfolio, PUBLIC)
    assert {k: ids(v) for k, v in public.cited_by.items() if v} == {"pub": ["lead", "promo"]}
    manager = build_graph(portfolio, "manager")
    assert {k: ids(v) for k, v in manager.cited_by.items() if v} == {"pub": ["lead", "promo"], "mgr": ["lead"]}
    owner = build_graph(portfolio, OWNER)
    assert {k: ids(v) for k, v in owner.cited_by.items() if v} == {
        "pub": ["lead", "secret", "promo"], "mgr": ["lead", "committee-case"], "secret": ["lead", "promo"],
    }


def test_derived_progress_uses_only_visible_items(portfolio):
    def values(audience):
        states = build_graph(portfolio, audience).progress["lead"].indicators
        return {s.indicator.id: s.current for s in states}

    assert values(PUBLIC) == {"talks": 1.0, "hires": 1.0}
    assert values("manager") == {"talks": 2.0, "hires": 1.0}
    assert values(OWNER) == {"talks": 3.0, "hires": 3.0}


def test_readiness_uses_only_visible_items(portfolio):
    def stakeholders(audience):
        readiness = build_graph(portfolio, audience).case_readiness["promo"]
        [step] = [s for s in readiness.steps if s.id == "stakeholder-validation"]
        return step.requirements[0].have

    assert (stakeholders(PUBLIC), stakeholders(OWNER)) == (1, 2)
    assert "committee-case" not in build_graph(portfolio, "manager").case_readiness


def test_goal_readiness_for_goals_with_a_framework(tmp_path, load_project):
    loaded, _ = load_project(tmp_path, {
        "content/goals/lead.md": goal("framework: evidence-ladder\n"),
        "content/goals/plain.md": goal(),
        "content/evidence/e.md": evidence("goals: [lead]\nladder: baseline\n"),
    }, CONFIG)
    graph = build_graph(loaded, OWNER)
    assert list(graph.goal_readiness) == ["lead"]
    readiness = graph.goal_readiness["lead"]
    assert [(s.id, s.met) for s in readiness.steps] == [
        ("baseline-impact", True), ("stretch-project", False), ("stakeholder-validation", False), ("narrative-synthesis", False),
    ]
    assert readiness.steps[3].requirements[0].missing == "needs a case for this goal"


def test_today_comes_from_the_config(portfolio):
    assert build_graph(portfolio).today == datetime.date(2026, 11, 20)


def test_the_links_of_a_file_with_another_error_are_checked(tmp_path, load_project):
    """An unknown field left out, the rest of the file is checked as any file is: its
    `links:` too, which only loaded files had checked."""
    assert problems_of(load_project, tmp_path, {
        "content/evidence/secret.md": evidence("visibility: private\n"),
        "content/evidence/e.md": evidence("tags: [x]\nlinks:\n  - {title: CV, url: cv.pdf}\n  - {title: S, url: evidence/secret/}\n"),
        "content/evidence/typo.md": evidence("visibility: privat\nlinks:\n  - {title: S, url: evidence/secret/}\n"),
    }) == [
        "content/evidence/e.md:5:1: error: unknown field `tags`\n"
        "    hint: known fields here: visibility, title, date, kind, goals, ladder, metrics, skills, location, links",
        "content/evidence/e.md:7:22: error: the file `cv.pdf` is not in content/assets/, and the site has no other file of that name\n"
        "    hint: put the file in content/assets/ and write its path as `assets/cv.pdf`",
        "content/evidence/e.md:8:21: error: the link `evidence/secret/` leads to the page of a private item, which a public build does not make\n"
        "    hint: cite it as `[[secret]]` instead: a build that cannot see it shows \"(an item not shown here)\", never its id",
        "content/evidence/typo.md:5:13: error: visibility must be `public`, `private`, or a list of audience names such as [manager]\n"
        "    hint: did you mean `private`?",
    ]


LINKS = ("links:\n  - {title: A, url: \"ftp://x.org/a\"}\n  - {title: B, url: /cv.pdf}\n"
         "  - {title: C, url: cv.pdf}\n  - {title: D, url: goals/nope/}\n")


def each_link_problem(path: str, first_line: int) -> list[str]:
    return [
        f"{path}:{first_line}:21: error: the link `ftp://x.org/a` uses a scheme that is not allowed (only http, https, mailto and relative links)\n"
        "    hint: see docs/content.md for the accepted values",
        f"{path}:{first_line + 1}:21: error: the link `/cv.pdf` starts with `/`, which breaks under a /repo/ prefix and from disk; "
        "write it from the site root without the `/` (`assets/cv.pdf`)\n"
        "    hint: see docs/content.md for the accepted values",
        f"{path}:{first_line + 2}:21: error: the file `cv.pdf` is not in content/assets/, and the site has no other file of that name\n"
        "    hint: put the file in content/assets/ and write its path as `assets/cv.pdf`",
        f"{path}:{first_line + 3}:21: error: the link `goals/nope/` leads to the page of `nope`, and content/goals/ has no such item\n"
        "    hint: check the ids in content/goals/, or cite an item as [[id]]",
    ]


def test_each_entry_of_links_is_checked_on_its_own(tmp_path, load_project):
    """One bad entry of `links:` left the whole field out, so the others' problems (a file
    not in content/assets/, a page the site does not make) showed only once it was fixed.
    A file that fails a required field has its links checked too."""
    assert problems_of(load_project, tmp_path, {
        "content/evidence/e.md": evidence(LINKS),
        "content/evidence/no-date.md": f"---\ntitle: No date\nkind: project\n{LINKS}---\nStory.\n",
    }) == [
        *each_link_problem("content/evidence/e.md", 6),
        "content/evidence/no-date.md:1:1: error: missing required field `date`\n"
        "    hint: add `date:` with a date, as `date: 2026-03-01`",
        *each_link_problem("content/evidence/no-date.md", 5),
    ]


def test_a_profile_with_an_error_still_has_its_photo_links_and_body_checked(tmp_path, write_project, run_cli):
    """A profile with any error was not checked further: its missing photo, its links and
    the body's missing image and citation showed only once the error was fixed. Each link
    is checked on its own, as in any file."""
    profile = f"---\nname: NAME\nheadlin: Typo\nphoto: me.jpg\n{LINKS}---\nA bio with ![me](assets/missing.png) and [[nothing]].\n"
    rest = "\n".join([
        "content/profile.md:3:1: error: unknown field `headlin`\n"
        "    hint: did you mean `headline`?",
        "content/profile.md:4:8: error: the photo `me.jpg` is not in content/assets/\n"
        "    hint: put the image in content/assets/ and give its path relative to that folder",
        *each_link_problem("content/profile.md", 6),
        "content/profile.md:11:18: error: the image `assets/missing.png` is not in content/assets/\n"
        "    hint: put the file at content/assets/missing.png, or correct the path",
        "content/profile.md:11:42: error: `[[nothing]]` cites an item that does not exist\n"
        "    hint: cite an item by its file name without .md\n",
    ])
    code, out, _ = run_cli("check", write_project(tmp_path / "named", {"content/profile.md": profile.replace("NAME", "Ana")}))
    assert (code, out.split("\n\n")[0] + "\n") == (1, rest)
    code, out, _ = run_cli("check", write_project(tmp_path / "unnamed", {"content/profile.md": profile.replace("NAME", '""')}))
    assert (code, out.split("\n\n")[0] + "\n") == (1, "content/profile.md:2:7: error: `name` must not be empty\n"
                                                      "    hint: write the text after `name:`\n" + rest)
