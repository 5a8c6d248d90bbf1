"""Figures and dates on the built pages agree with each other: a milestone sits at the same
date on every timeline and calendar, and a numbered chart matches the list under it."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

GOAL = """---
title: Learn Dutch
type: mobility
start: 2025-06-01
target_date: 2027-06-30
milestones:
  - {title: Book the course, due: 2026-01-31, done: 2025-12-15}
  - {title: Pass the A2 exam, due: 2026-06-30, done: 2026-05-22}
  - {title: Pass the B1 exam, due: 2027-03-01, done: 2026-10-01}
  - {title: Move, due: 2027-05-01}
---
"""

Build = Callable[..., tuple[int, Path, str]]


def year_list(out: Path) -> list[str]:
    page = (out / "progress" / "index.html").read_text(encoding="utf-8")
    items = re.search(r'<ol class="year-list">\n(.*?)</ol>', page, re.S)
    assert items is not None
    return [re.sub(r"<[^>]+>", "", line) for line in items.group(1).splitlines()]


def test_done_milestones_sit_at_their_done_date_on_the_progress_page_and_calendar(build_site: Build) -> None:
    """Done ones are placed (and picked for the year) by when they were done, as on the goal page."""
    code, out, err = build_site({"content/goals/dutch.md": GOAL})
    assert code == 0, err
    assert year_list(out) == [
        "22 May 2026 milestone done Pass the A2 exam (Learn Dutch)",
        "1 Oct 2026 milestone done Pass the B1 exam (Learn Dutch)",
    ]
    calendar = (out / "calendar.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    starts = re.findall(r"DTSTART;VALUE=DATE:(\d+)\r\n.*?\r\nSUMMARY:([^\r]*)", calendar, re.S)
    assert starts == [("20251215", "Book the course"), ("20260522", "Pass the A2 exam"),
                      ("20261001", "Pass the B1 exam"), ("20270501", "Move"), ("20261120", "Goal review due")]
    assert "DESCRIPTION:Milestone of the goal: Learn Dutch. Done on 2026-05-22\\, due 2026-06-30." in calendar


def test_the_goal_pages_milestone_list_is_numbered_as_its_timeline(build_site: Build) -> None:
    """Listed out of date order in the file, and one done before an earlier due date."""
    goal = GOAL.replace("  - {title: Book the course, due: 2026-01-31, done: 2025-12-15}\n", "").replace(
        "milestones:\n", "milestones:\n  - {title: Talk at a meetup, due: 2026-05-31, done: 2026-05-29}\n"
                         "  - {title: Book the course, due: 2026-01-31, done: 2025-12-15}\n")
    code, out, err = build_site({"content/goals/dutch.md": goal})
    assert code == 0, err
    page = (out / "goals" / "dutch" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<span class="ms-title">([^<]*)</span> <span class="muted">([^<]*)</span>', page) == [
        ("Book the course", "due 31 Jan 2026, done 15 Dec 2025"),
        ("Pass the A2 exam", "due 30 Jun 2026, done 22 May 2026"),
        ("Talk at a meetup", "due 31 May 2026, done 29 May 2026"),
        ("Pass the B1 exam", "due 1 Mar 2027, done 1 Oct 2026"),
        ("Move", "due 1 May 2027"),
    ]
    numbered = {}  # in each drawing, the wide one and the narrow one phones show, from left to right
    for drawing, body in re.findall(r'<svg class="(timeline[^"]*)"(.*?)</svg>', page, re.S):
        marks = re.findall(r'<text class="tl-num" x="([\d.]+)"[^>]*>(\d+)</text>', body)
        numbered[drawing] = [number for _, number in sorted(marks, key=lambda mark: float(mark[0]))]
    assert numbered == {"timeline": ["1", "2", "3", "4", "5"], "timeline-narrow": ["1", "2", "3", "4", "5"]}


def test_two_goals_with_one_indicator_id_get_distinct_ids_on_the_progress_page(build_site: Build) -> None:
    indicator = "indicators:\n  - {id: study-hours, name: Study hours, kind: leading, target: 100}\n"
    files = {f"content/goals/{name}.md": GOAL.replace("milestones:\n", indicator + "milestones:\n").replace("Learn Dutch", name)
             for name in ("dutch", "statistics", "dutch-study")}
    files["content/goals/dutch-study.md"] = files["content/goals/dutch-study.md"].replace("id: study-hours", "id: hours")
    code, out, err = build_site(files)
    assert code == 0, err
    page = (out / "progress" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<div class="indicator" id="([^"]+)">', page) == [
        "indicator-dutch_study-hours", "indicator-dutch-study_hours", "indicator-statistics_study-hours"]
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def calendar_uids(out: Path) -> dict[str, str]:
    """Event summary to UID."""
    calendar = (out / "calendar.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    return {summary: uid for uid, summary in re.findall(r"UID:([^\r]*)\r\n.*?\r\nSUMMARY:([^\r]*)", calendar, re.S)}


def test_calendar_uids_name_the_milestone_not_its_place_and_differ_between_portfolios(build_site: Build) -> None:
    code, out, err = build_site({"content/goals/dutch.md": GOAL})
    assert code == 0, err
    before = calendar_uids(out)
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "goalfolio:Test portfolio:calendar\nmilestone\ndutch\nPass the A2 exam")
    assert before["Pass the A2 exam"] == str(expected)
    inserted = GOAL.replace("milestones:\n", "milestones:\n  - {title: Find a tutor, due: 2025-07-01}\n"
                                             "  - {title: Move, due: 2027-06-01}\n")
    code, out, err = build_site({"content/goals/dutch.md": inserted})
    assert code == 0, err
    after = (out / "calendar.ics").read_bytes().decode("utf-8")
    assert all(f"UID:{uid}\r\n" in after for uid in before.values())
    uids = re.findall(r"UID:([^\r]*)", after)
    assert len(uids) == len(set(uids)) == 7
    code, out, err = build_site({"content/goals/dutch.md": GOAL,
                                 "goalfolio.yaml": "title: Another portfolio\ntoday: 2026-11-20\n"})
    assert code == 0, err
    assert set(calendar_uids(out).values()).isdisjoint(before.values())


def evidence(title: str, day: int, skill: str) -> str:
    return f"---\ntitle: {title}\ndate: 2026-05-{day:02d}\nkind: project\nskills: [\"{skill}\"]\n---\nText.\n"


def test_skills_differing_only_in_unicode_form_share_a_page_and_c_cpp_and_csharp_do_not(build_site: Build) -> None:
    skills = {"cafe-nfc": "Caf\u00e9", "cafe-nfd": "Cafe\u0301", "c": "C", "cpp": "C++", "csharp": "C#", "go-ja": "Go 言語"}
    files = {f"content/evidence/{name}.md": evidence(name, day, skill) for day, (name, skill) in enumerate(skills.items(), 1)}
    code, out, err = build_site(files)
    assert code == 0, err
    pages = sorted(path.parent.name for path in (out / "evidence" / "skill").glob("*/index.html"))
    assert pages == ["c", "c-plus-plus", "c-sharp", "cafe", "go-3e0874ef"]

    def listed(slug: str) -> list[str]:
        page = (out / "evidence" / "skill" / slug / "index.html").read_text(encoding="utf-8")
        return re.findall(r'<h2 class="card-title"><a href="[^"]*">([^<]*)</a>', page)

    assert [listed(slug) for slug in ("c", "c-plus-plus", "c-sharp", "cafe")] == [
        ["c"], ["cpp"], ["csharp"], ["cafe-nfd", "cafe-nfc"]]


def test_a_metric_change_rounds_halves_up(build_site: Build) -> None:
    """8 to 9 tickets is +12.5%, shown as +13% (Python's `round` gives 12)."""
    evidence = ("---\ntitle: Fewer tickets\ndate: 2026-03-02\nkind: result\n"
                "metrics:\n  - {name: Tickets, before: 8, after: 9, unit: tickets}\n"
                "  - {name: Latency, before: 40, after: 35, unit: ms}\n"
                "  - {name: Conversion, before: 3.1, after: 6.2, unit: '%'}\n---\nStory.\n")
    code, out, err = build_site({"content/evidence/fewer-tickets.md": evidence})
    assert code == 0, err
    page = (out / "evidence" / "fewer-tickets" / "index.html").read_text(encoding="utf-8")
    assert "+1 ticket (+13%)" in page and "−5 ms (−13%)" in page
    assert "<td>+3.1 points</td>" in page  # a change of a percentage is in points, with no percent of it


def test_a_change_too_small_for_a_whole_percent_reads_under_1_percent(build_site: Build) -> None:
    """100 to 100.0001 ms read "+0.0001 ms (+0%)", and back down "−0.0001 ms (−0%)": a
    percent of none beside a change the same cell says there is."""
    evidence = ("---\ntitle: Latency\ndate: 2026-03-02\nkind: result\n"
                "metrics:\n  - {name: Up, before: 100, after: 100.0001, unit: ms}\n"
                "  - {name: Down, before: 100, after: 99.9999, unit: ms}\n"
                "  - {name: Half, before: 200, after: 199, unit: ms}\n---\nStory.\n")
    code, out, err = build_site({"content/evidence/latency.md": evidence})
    assert (code, err) == (0, "")
    page = (out / "evidence" / "latency" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<td>([^<]*\))</td>", page) == [
        "+0.0001 ms (under 1%)", "\u22120.0001 ms (under 1%)", "\u22121 ms (\u22121%)"]

def test_a_share_short_of_the_whole_stays_short_of_1_in_portfolio_json(build_site: Build) -> None:
    """99,999.9 of a target of 100,000 is 99% on the goal's page, but portfolio.json rounded
    its progress to 4 places and wrote `1.0`, a target met."""
    goal = ("---\ntitle: Save 100000 for a deposit by 2027\ntype: personal\nstart: 2026-01-01\n"
            "target_date: 2026-12-31\nindicators:\n"
            "  - {id: saved, name: Saved, kind: lagging, baseline: 0, target: 100000}\n"
            "  - {id: done, name: Done, kind: lagging, baseline: 0, target: 1}\n---\nPlan.\n")
    review = "---\ndate: 2026-06-01\nreadings:\n  deposit: {saved: 99999.9, done: 1}\n---\nNotes.\n"
    code, out, err = build_site({"content/goals/deposit.md": goal, "content/reviews/q2.md": review})
    assert (code, err) == (0, "")
    page = (out / "goals" / "deposit" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<dt>Progress</dt><dd>([^<]+)</dd>", page) == ["99%", "100%"]
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))["goals"][0]
    assert [i["progress"] for i in data["indicators"]] == [0.9999, 1.0]
    assert data["progress"] == 0.9999

def test_markup_characters_reach_feed_calendar_and_citations_escaped(build_site: Build) -> None:
    """Titles with & < ; and a heading deeper than a page can show, without a base_url."""
    import xml.etree.ElementTree as ET

    goal = ("---\ntitle: Ship it\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "milestones:\n  - {title: 'Plan; agree, then ship', due: 2026-12-01}\n---\nThe plan.\n")
    cited = "---\ntitle: 'Public & <b>work</b>'\ndate: 2026-03-02\nkind: project\n---\nStory.\n"
    citing = "---\ntitle: Citing\ndate: 2026-03-03\nkind: project\n---\nBuilt on [[cited]].\n"
    review = "---\ndate: 2026-10-01\nreadings: {}\n---\nNotes.\n\n###### Deep\n\nMore.\n"
    code, out, err = build_site({"content/goals/ship.md": goal, "content/evidence/cited.md": cited,
                                 "content/evidence/citing.md": citing, "content/reviews/q3.md": review})
    assert code == 0, err
    feed = ET.parse(out / "feed.xml").getroot()
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert "Public & <b>work</b>" in titles
    calendar = (out / "calendar.ics").read_bytes().decode("utf-8").split("\r\n")
    assert "SUMMARY:Plan\\; agree\\, then ship" in calendar
    assert [line for line in calendar if line.startswith("URL:")] == []  # no base_url, no absolute address
    page = (out / "evidence" / "citing" / "index.html").read_text(encoding="utf-8")
    assert '>Public &amp; &lt;b&gt;work&lt;/b&gt;</a>' in page
    reflection = (out / "reviews" / "q3" / "index.html").read_text(encoding="utf-8")
    assert "<h6" in reflection and "<h7" not in reflection


def test_an_item_with_two_spellings_of_a_skill_is_listed_once_on_its_page(build_site: Build) -> None:
    evidence = "---\ntitle: Queries\ndate: 2026-03-02\nkind: project\nskills: [SQL, sql]\n---\nStory.\n"
    code, out, err = build_site({"content/evidence/queries.md": evidence})
    assert code == 0, err
    page = (out / "evidence" / "skill" / "sql" / "index.html").read_text(encoding="utf-8")
    assert page.count('href="../../queries/index.html"') == 1


def test_a_change_on_a_rating_scale_is_in_points(build_site: Build) -> None:
    """A score of 3/5 rising to 4/5 read "+1/5 (+33%)": one fifth, and a percent of a point on
    a scale that starts at 1. Like a percentage's, its change is in points."""
    evidence = ("---\ntitle: Calibration\ndate: 2026-03-02\nkind: result\n"
                "metrics:\n  - {name: Calibration score, before: 3, after: 4, unit: /5}\n"
                "  - {name: Confidence, before: 2.5, after: 4, unit: /5}\n"
                "  - {name: Stress, before: 7, after: 5, unit: /10}\n---\nStory.\n")
    code, out, err = build_site({"content/evidence/calibration.md": evidence})
    assert code == 0, err
    page = (out / "evidence" / "calibration" / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    assert re.findall(r"<td>([^<]*)</td></tr>", page) == ["+1 point", "+1.5 points", "\u22122 points"]


def test_an_items_skills_differing_only_in_case_show_one_tag_on_its_page_and_case(build_site: Build) -> None:
    goal = "---\ntitle: Lead data work\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nPlan.\n"
    evidence = ("---\ntitle: Queries\ndate: 2026-03-02\nkind: project\ngoals: [lead]\nladder: baseline\n"
                "skills: [discovery, SQL, Discovery, sql]\n---\nStory.\n")
    case = "---\ntitle: Case\ntarget_role: Lead\ngoals: [lead]\n---\nSee [[queries]].\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/evidence/queries.md": evidence,
                                 "content/cases/lead-case.md": case})
    assert code == 0, err
    page = (out / "evidence" / "queries" / "index.html").read_text(encoding="utf-8")
    assert ('<ul class="tags"><li><a href="../skill/discovery/index.html">discovery</a></li>'
            '<li><a href="../skill/sql/index.html">SQL</a></li></ul>') in page
    case_page = (out / "cases" / "lead-case" / "index.html").read_text(encoding="utf-8")
    assert "Project · 2 Mar 2026 · discovery, SQL</p>" in case_page


def test_small_metric_values_keep_the_figures_written(build_site: Build) -> None:
    """A conversion of 0.031% is not shown as 0.03%, nor its change of 0.011 points as 0.01,
    and an error rate of 0.004 does not read 0."""
    evidence = ("---\ntitle: Checkout\ndate: 2026-03-02\nkind: result\n"
                "metrics:\n  - {name: Conversion, before: 0.031, after: 0.042, unit: '%'}\n"
                "  - {name: Error rate, before: 0.0125, after: 0.004}\n---\nStory.\n")
    code, out, err = build_site({"content/evidence/checkout.md": evidence})
    assert code == 0, err
    page = (out / "evidence" / "checkout" / "index.html").read_text(encoding="utf-8")
    assert ('<tr><th scope="row">Conversion</th><td>0.031%</td><td><strong>0.042%</strong></td>'
            '<td>+0.011 points</td></tr>') in page
    assert ('<tr><th scope="row">Error rate</th><td>0.0125</td><td><strong>0.004</strong></td>'
            '<td>−0.0085 (−68%)</td></tr>') in page


def test_negative_values_are_written_with_the_minus_sign_of_their_changes(build_site: Build) -> None:
    """A margin of -3.5% reads −3.5%, as the change beside it reads −9, not with a hyphen."""
    evidence = ("---\ntitle: Margin\ndate: 2026-03-02\nkind: result\n"
                "metrics:\n  - {name: Margin, before: -3.5, after: -12.5, unit: '%'}\n---\nStory.\n")
    goal = ("---\ntitle: Save for the move to Tokyo\ntype: mobility\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "indicators:\n  - {id: fund, name: Fund, kind: leading, unit: EUR, baseline: -1500, target: 10000}\n---\nPlan.\n")
    review = "---\ndate: 2026-03-31\nreadings:\n  move: {fund: -800}\n---\nNotes.\n"
    code, out, err = build_site({"content/evidence/margin.md": evidence, "content/goals/move.md": goal,
                                 "content/reviews/q1.md": review})
    assert code == 0, err
    page = (out / "evidence" / "margin" / "index.html").read_text(encoding="utf-8")
    assert '<td>\u22123.5%</td><td><strong>\u221212.5%</strong></td><td>\u22129 points</td>' in page
    goal_page = (out / "goals" / "move" / "index.html").read_text(encoding="utf-8")
    assert "\u2212800 EUR" in goal_page and "\u22121,500 EUR" in goal_page and "-800" not in goal_page


def test_timeline_labels_at_its_ends_stay_inside_the_drawing(build_site: Build) -> None:
    """`Jan 2026` on the year's first day, and `today` on one of its last, are set against the
    edge they stand at instead of centred on it (half of either was cut off)."""
    code, out, err = build_site({"content/goals/dutch.md": GOAL, "goalfolio.yaml": "title: T\ntoday: 2026-12-30\n"})
    assert code == 0, err
    page = (out / "progress" / "index.html").read_text(encoding="utf-8")
    svg = page[page.index('<svg class="timeline"'):]
    svg = svg[:svg.index("</svg>")]
    labels = re.findall(r'<text class="chart-label[^"]*" x="([^"]+)" y="[^"]+"( [^>]*)?>([^<]+)</text>', svg)
    assert labels == [("20", ' text-anchor="start"', "Jan 2026"), ("227.7", ' text-anchor="middle"', "Apr 2026"),
                      ("437.7", ' text-anchor="middle"', "Jul 2026"), ("650", ' text-anchor="middle"', "Oct 2026"),
                      ("857.7", ' dx="-3" text-anchor="end"', "today")]


def test_an_unchanged_metric_reads_no_change_and_a_review_due_today_says_so(build_site: Build) -> None:
    """They read "±0 minutes (±0%)" and "the next is due on 20 Nov 2026" on that very day."""
    evidence = ("---\ntitle: Standup\ndate: 2026-03-02\nkind: result\n"
                "metrics:\n  - {name: Standup length, before: 15, after: 15, unit: minutes}\n---\nStory.\n")
    review = "---\ndate: 2026-08-17\nreadings: {}\n---\nNotes.\n"  # 95 days before the pinned today, 2026-11-20
    code, out, err = build_site({"content/evidence/standup.md": evidence, "content/reviews/q3.md": review})
    assert code == 0, err
    page = (out / "evidence" / "standup" / "index.html").read_text(encoding="utf-8")
    assert ('<tr><th scope="row">Standup length</th><td>15 minutes</td><td><strong>15 minutes</strong></td>'
            '<td>no change</td></tr>') in page
    reviews = (out / "reviews" / "index.html").read_text(encoding="utf-8")
    assert "Reviews happen every quarter; the next is due today, 20 Nov 2026.</p>" in reviews
    progress = (out / "progress" / "index.html").read_text(encoding="utf-8")
    assert "the next is due today, <strong>20 Nov 2026</strong>.</p>" in progress


TINY_GOAL = ("---\ntitle: Cut the checkout error rate to a tenth by 2027\ntype: advancement\nstart: 2026-01-01\n"
             "target_date: 2026-12-31\nindicators:\n  - {id: err, name: Error rate, kind: lagging, baseline: 0.0000004, "
             "target: 0.0000001, direction: down}\n---\nPlan.\n")


def test_tiny_values_read_in_full_in_the_figures_the_chart_and_its_description(build_site: Build) -> None:
    """An error rate from 0.0000004 to 0.0000001 read 0 everywhere: four value labels of `0`,
    `Target 0`, `baseline 0, target 0` and a change of `−0 (−75%)`."""
    review = "---\ndate: 2026-10-01\nreadings:\n  checkout: {err: 0.0000002}\n---\nNotes.\n"  # read within the rhythm
    evidence = ("---\ntitle: Retry queue\ndate: 2026-03-02\nkind: result\n"
                "metrics:\n  - {name: Error rate, before: 0.0000004, after: 0.0000001}\n---\nStory.\n")
    code, out, err = build_site({"content/goals/checkout.md": TINY_GOAL, "content/reviews/q2.md": review,
                                 "content/evidence/retry.md": evidence})
    assert code == 0, err
    page = (out / "goals" / "checkout" / "index.html").read_text(encoding="utf-8")
    assert ('<div><dt>Current</dt><dd><strong>0.0000002</strong></dd></div>\n'
            '<div><dt>Baseline</dt><dd>0.0000004</dd></div>\n<div><dt>Target</dt><dd>0.0000001</dd></div>') in page
    assert ("Error rate: baseline 0.0000004, target 0.0000001 (lower is better), current 0.0000002, 1 reading.</desc>"
            in page)
    labels = re.findall(r'text-anchor="end" dominant-baseline="middle">([^<]+)</text>', page)
    assert labels == ["0.0000001", "0.0000002", "0.0000003", "0.0000004"]
    evidence_page = (out / "evidence" / "retry" / "index.html").read_text(encoding="utf-8")
    assert ('<tr><th scope="row">Error rate</th><td>0.0000004</td><td><strong>0.0000001</strong></td>'
            '<td>\u22120.0000003 (\u221275%)</td></tr>') in evidence_page


def test_values_at_the_ends_of_what_a_float_holds_build(build_site: Build) -> None:
    """An indicator from -1e308 to 1e308, or up to 1.7e308, or of 5e-324 stopped the build
    with `internal error: OverflowError` or `ValueError: math domain error` (exit 3)."""
    goal = ("---\ntitle: Reach the far ends of the number line by 2027\ntype: personal\nstart: 2026-01-01\n"
            "target_date: 2026-12-31\nindicators:\n"
            "  - {id: wide, name: Wide, kind: lagging, baseline: -1.0e+308, target: 1.0e+308}\n"
            "  - {id: top, name: Top, kind: lagging, target: 1.7e+308}\n"
            "  - {id: least, name: Least, kind: lagging, target: 5.0e-324}\n---\nPlan.\n")
    review = "---\ndate: 2026-06-01\nreadings:\n  ends: {wide: 0, top: 1.0e+308, least: 5.0e-324}\n---\nNotes.\n"
    code, out, err = build_site({"content/goals/ends.md": goal, "content/reviews/q2.md": review})
    assert (code, err) == (0, "")
    page = (out / "goals" / "ends" / "index.html").read_text(encoding="utf-8")
    labels = re.findall(r'text-anchor="end" dominant-baseline="middle">([^<]+)</text>', page)
    assert labels == ["\u22121 \u00d7 10\u00b3\u2070\u2078", "\u22125 \u00d7 10\u00b3\u2070\u2077", "0",
                      "5 \u00d7 10\u00b3\u2070\u2077", "1 \u00d7 10\u00b3\u2070\u2078",
                      "0", "5 \u00d7 10\u00b3\u2070\u2077", "1 \u00d7 10\u00b3\u2070\u2078",
                      "1.5 \u00d7 10\u00b3\u2070\u2078", "2 \u00d7 10\u00b3\u2070\u2078",
                      "0", "2 \u00d7 10\u207b\u00b3\u00b2\u2074", "4 \u00d7 10\u207b\u00b3\u00b2\u2074",
                      "6 \u00d7 10\u207b\u00b3\u00b2\u2074"]


def test_the_target_label_on_the_page_stands_clear_of_the_readings(build_site: Build) -> None:
    """180 hours passed in September: the line and its last point ran through `Target 180
    hours` at the right end of the target line; the label now starts at its left end, and
    is drawn over the today line with a halo, under the readings."""
    goal = ("---\ntitle: Log 180 hours of deliberate practice by 2027\ntype: personal\nstart: 2026-01-01\n"
            "target_date: 2026-12-31\nindicators:\n  - {id: hours, name: Hours, kind: leading, unit: hours, target: 180}\n"
            "---\nPlan.\n")
    reviews = {f"content/reviews/{day}.md": f"---\ndate: {day}\nreadings:\n  practice: {{hours: {value}}}\n---\nNotes.\n"
               for day, value in (("2026-03-01", 70), ("2026-06-01", 130), ("2026-09-01", 185))}
    code, out, err = build_site({"content/goals/practice.md": goal, **reviews})
    assert code == 0, err
    page = (out / "goals" / "practice" / "index.html").read_text(encoding="utf-8")
    drawn = page[page.index('<line class="chart-target"'):page.index('<path class="chart-line"')]
    assert drawn == (
        '<line class="chart-target" x1="40" x2="332" y1="30" y2="30"/>\n'
        '<line class="chart-today" x1="299.1" x2="299.1" y1="16" y2="156"/>'
        '<text class="chart-note chart-note-target" paint-order="stroke" x="44" y="25.2" text-anchor="start">'
        'Target 180 hours</text>\n')


def test_progress_and_changes_wider_than_a_float_holds(build_site: Build) -> None:
    """From -1e308 to 1e308 is a way no float holds: 5e307 read 0% done where it is 75%,
    1e308 stopped the build (`ValueError: cannot convert float NaN to integer`), and so did
    a metric's change from -1.7e308 to 1.7e308 or from 5e-324 to 1 (`OverflowError`)."""
    goal = ("---\ntitle: Reach the far ends of the number line by 2027\ntype: personal\nstart: 2026-01-01\n"
            "target_date: 2026-12-31\nindicators:\n"
            "  - {id: half, name: Half, kind: lagging, baseline: -1.0e+308, target: 1.0e+308}\n"
            "  - {id: full, name: Full, kind: lagging, baseline: -1.0e+308, target: 1.0e+308}\n---\nPlan.\n")
    review = "---\ndate: 2026-06-01\nreadings:\n  ends: {half: 5.0e+307, full: 1.0e+308}\n---\nNotes.\n"
    evidence = ("---\ntitle: Range\ndate: 2026-03-02\nkind: result\nmetrics:\n"
                "  - {name: Span, before: -1.7e+308, after: 1.7e+308}\n  - {name: Least, before: 5.0e-324, after: 1}\n"
                "---\nStory.\n")
    code, out, err = build_site({"content/goals/ends.md": goal, "content/reviews/q2.md": review,
                                 "content/evidence/range.md": evidence})
    assert (code, err) == (0, "")
    page = (out / "goals" / "ends" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<dt>Progress</dt><dd>([^<]+)</dd>", page) == ["75%", "100%"]
    cells = (out / "evidence" / "range" / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")  # break points
    changes = re.findall(r"<td>\+([0-9,.]+) \(\+([0-9,]+)%\)</td>", cells)
    assert [(len(value), value[:8], len(percent), percent[:8]) for value, percent in changes] == [
        (411, "340,000,", 3, "200"), (1, "1", 434, "20,000,0")]


def test_an_indicator_with_no_reading_has_no_empty_chart(build_site: Build) -> None:
    """A new goal's indicators each drew a bar at 0 and a chart with a key for readings it
    did not have: four empty frames on the Progress page of a portfolio started today."""
    code, out, err = build_site({"content/goals/checkout.md": TINY_GOAL})
    assert (code, err) == (0, "")
    page = (out / "goals" / "checkout" / "index.html").read_text(encoding="utf-8")
    block = page[page.index('<div class="indicator" id="indicator-checkout_err">'):]
    assert block[:block.index("</div>\n", block.index("</dl>")) + 7] == (
        '<div class="indicator" id="indicator-checkout_err">\n<h4 class="indicator-name">Error rate</h4>\n'
        '<dl class="figures">\n<div><dt>Current</dt><dd><strong>\u2014</strong></dd></div>\n'
        '<div><dt>Baseline</dt><dd>0.0000004</dd></div>\n<div><dt>Target</dt><dd>0.0000001</dd></div>\n'
        '<div><dt>Progress</dt><dd>\u2014</dd></div>\n</dl>\n<p class="muted">No reading yet.</p>\n</div>\n')
    assert "<svg" not in block.split('<div class="indicator"')[1]


@pytest.mark.parametrize(("status", "reading", "counted"), [
    ("achieved", "No reading was taken.", "No evidence was counted."),
    ("dropped", "No reading was taken.", "No evidence was counted."),
    ("paused", "No reading yet.", "No evidence counted yet."),
])
def test_an_indicator_of_a_closed_goal_without_a_reading_is_not_said_to_be_read_later(
        build_site: Build, status: str, reading: str, counted: str) -> None:
    """An achieved goal's indicators read "No reading yet." and "No evidence counted yet.":
    `yet` is for a goal still worked on."""
    goal = TINY_GOAL.replace("indicators:\n", f"status: {status}\nindicators:\n  - {{id: talks, name: Talks given, "
                                               "kind: leading, target: 3, unit: talks, count: {kind: talk}}\n")
    code, out, err = build_site({"content/goals/checkout.md": goal})
    assert (code, err) == (0, "")
    page = (out / "goals" / "checkout" / "index.html").read_text(encoding="utf-8")
    shown = [block.split("</dl>\n", 1)[1].split("\n", 1)[0] for block in page.split('<div class="indicator" id=')[1:]]
    assert shown == [f'<p class="muted">{counted}</p>', f'<p class="muted">{reading}</p>']  # leading, then lagging


def test_an_indicator_counted_from_no_evidence_yet_says_so(build_site: Build) -> None:
    """It read "Current 0 talks" and, below, "No reading yet.": the 0 is a count, of nothing yet."""
    goal = TINY_GOAL.replace("indicators:\n", "indicators:\n  - {id: talks, name: Talks given, kind: leading, target: 3, "
                                               "unit: talks, count: {kind: talk}}\n")
    code, out, err = build_site({"content/goals/checkout.md": goal})
    assert (code, err) == (0, "")
    page = (out / "goals" / "checkout" / "index.html").read_text(encoding="utf-8")
    block = page[page.index('<div class="indicator" id="indicator-checkout_talks">'):]
    block = block[:block.index("</div>\n", block.index("</dl>")) + 7]
    assert block.startswith('<div class="indicator" id="indicator-checkout_talks">\n<h4 class="indicator-name">Talks given</h4>\n'
                            '<dl class="figures">\n<div><dt>Current</dt><dd><strong>0 talks</strong></dd></div>\n')
    assert block.endswith('</dl>\n<p class="muted">No evidence counted yet.</p>\n</div>\n')
