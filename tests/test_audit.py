"""The coaching audit: the six checks per goal, indicator mix, staleness, and framework steps per case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import make_project

from goalfolio.audit import audit_goal, audit_portfolio
from goalfolio.check import format_scores, run_check
from goalfolio.config import find_project
from goalfolio.graph import build_graph
from goalfolio.models import Goal

CONFIG = "title: Test portfolio\ntoday: 2026-11-20\n"

INDICATORS = (
    "indicators:\n"
    "  - {id: one-to-ones, name: One-to-ones held, kind: leading, target: 40}\n"
    "  - {id: hiring-loops, name: Hiring loops run, kind: leading, target: 6}\n"
    "  - {id: delegated, name: Decisions delegated, kind: leading, target: 10}\n"
    "  - {id: team-size, name: Team size, kind: lagging, baseline: 2, target: 6}\n"
)
MILESTONES = (
    "milestones:\n"
    "  - {title: First hire, due: 2026-03-31, done: 2026-03-20}\n"
    "  - {title: Second hire, due: 2026-12-31}\n"
    "  - {title: Team of six, due: 2027-06-01, reward: A team dinner}\n"
)
REST = (
    "gaps:\n  - {need: Hiring experience, kind: experience, plan: Shadow ten interviews}\n"
    "feedback: [My manager]\n"
    "mobility: Stays in Manchester; no travel beyond two days a month.\n"
)
HEAD = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
FULL_GOAL = HEAD + INDICATORS + MILESTONES + REST + "---\nThe plan.\n"
DECIDED = "---\ndate: 2026-10-30\ndecisions:\n  - {action: keep, what: Weekly one-to-ones}\n---\n"  # a review with nothing else
READINGS = ("---\ndate: 2026-10-30\nreadings:\n  lead:\n    one-to-ones: 30\n    hiring-loops: 4\n    delegated: 6\n    team-size: 4\n"
            "decisions:\n  - {action: keep, what: Weekly one-to-ones}\n---\nNotes.\n")


def goal_model(text: str) -> Goal:
    return Goal.model_validate(yaml.safe_load(text.split("---\n")[1]))


def findings(tmp_path, files, config=CONFIG) -> list[str]:
    """Every audit finding as `path:line:col: warning: message` plus its hint."""
    project = find_project(make_project(tmp_path, files, config))
    result = run_check(project)
    assert all(d.severity == "warning" for d in result.diagnostics), [d.format() for d in result.diagnostics]
    return [d.format() for d in result.diagnostics]


# --- the six checks --------------------------------------------------------------------------


def test_complete_goal_passes_every_check():
    audit = audit_goal(goal_model(FULL_GOAL))
    assert [(c.id, c.passed) for c in audit.checks] == [
        ("outcome", True), ("indicators", True), ("gaps", True), ("timeline", True), ("feedback", True), ("mobility", True),
    ]
    assert (audit.score, audit.total) == (6, 6)


def test_complete_goal_has_no_findings(tmp_path):
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": READINGS}) == []


def test_bare_goal_fails_five_checks_with_exact_advice(tmp_path):
    bare = HEAD + "---\nThe plan.\n"
    assert findings(tmp_path, {"content/goals/lead.md": bare, "content/reviews/q4.md": DECIDED}) == [
        "content/goals/lead.md:2:1: warning: audit 1/6: which 3 measurable indicators show progress?"
        " (fewer than 3 indicators)\n"
        "    hint: add 3 more indicators, each with a target (3-5 leading and 1-2 lagging work best)",
        "content/goals/lead.md:2:1: warning: audit 1/6: what skills, experiences or credentials are missing?"
        " (no gaps listed)\n"
        "    hint: list what the target role expects that you lack under `gaps:`, each with a plan",
        "content/goals/lead.md:2:1: warning: audit 1/6: what is the timeline, with three checkpoints?"
        " (fewer than 3 checkpoints on or before the target date)\n"
        "    hint: add 3 more milestones due on or before the target date",
        "content/goals/lead.md:2:1: warning: audit 1/6: who gives feedback, and how will you secure it? (no feedback source)\n"
        "    hint: name at least one mentor, manager or peer under `feedback:`, and how you will secure their feedback, "
        "e.g. `- {who: My manager, how: monthly one-to-one}`",
        "content/goals/lead.md:2:1: warning: audit 1/6: how does the goal account for life and mobility preferences?"
        " (life and mobility not considered)\n"
        "    hint: say under `mobility:` how the goal fits your life, location and relocation plans",
    ]


@pytest.mark.parametrize(("title", "why"), [
    ("Lead", "the title is too vague"),
    ("Lead a", "the title is too vague"),
    ("Lead a team", ""),
    ("Lead a team of six within 24 months", ""),  # the article's specific outcome
    ("Get better at management", "the title names a direction, not a result"),  # its vague aim
    ("Get better at management in 2025", "the title names a direction, not a result"),  # a date is not a measure
    ("Get better at public speaking by 30 June 2026", "the title names a direction, not a result"),
    ("Become a stronger leader by Q3", "the title names a direction, not a result"),
    ("Get better at management by 2026-06-30", "the title names a direction, not a result"),  # ISO and numeric dates
    ("Get better at management by 2026-06", "the title names a direction, not a result"),
    ("Get better at management by 06/2026", "the title names a direction, not a result"),
    ("Get better at management by 30/06/2026", "the title names a direction, not a result"),
    ("Get better at management by 30.06.2026", "the title names a direction, not a result"),
    ("Get better at management by 2026/06/30", "the title names a direction, not a result"),
    ("Grow revenue 20% by 2026-06-30", ""),  # a number beside the date still measures
    ("Improve onboarding NPS by 12 points", ""),
    ("Grow  into   management", ""),  # an arrival: into, to, until
    ("Grow into a staff engineer role", ""),
    ("Improve my French to fluency", ""),
    ("Grow the team to a dozen engineers", ""),
    ("Improve checkout conversion to 66%", ""),
    ("Increase checkout conversion", "the title names a direction, not a result"),
    ("Develop and launch our mobile banking app", ""),
    ("Complete a product leadership programme", "the title names an activity"),  # its activity
    ("Read three books on leadership", "the title names an activity"),
    ("Attend 4 conferences in 2027", "the title names an activity"),
    ("Complete a certification", "the title names an activity"),  # the article's: specify deliverables instead
    ("Complete the AWS certification by Q3", "the title names an activity"),
    ("Take two certifications", "the title names an activity"),
    ("Finish both certificates", "the title names an activity"),
    ("Work in Europe someday", "the title puts the outcome off to someday"),  # the article's unactionable goal
    ("Lead a product team in Berlin some day", "the title puts the outcome off to someday"),
    ("Secure a product leadership role within a European market in 24 months", ""),  # and its actionable one
    ("Take over as head of the London office", ""),  # these verbs name an outcome when no course follows
    ("Finish the Berlin marathon under four hours", ""),
    ("Join Google as a senior SRE", ""),
    ("Pass the AWS architect exam", ""),
    ("Стать руководителем отдела продаж к 2027", ""),  # other languages are left alone
    ("Devenir médecin généraliste", ""),
    ("成为高级工程师", ""),  # written without spaces
    ("升职", "the title is too vague"),
    ("Team’s growth", "the title is too vague"),  # a curly apostrophe is no script written without spaces
])
def test_outcome_needs_a_specific_result(title, why):
    check = audit_goal(goal_model(FULL_GOAL.replace("title: Lead a team of six", f"title: {title}"))).checks[0]
    assert (check.passed, check.why) == (not why, why)


@pytest.mark.parametrize(("title", "reason", "hint"), [
    ("Complete a product leadership programme", "the title names an activity",
     "name the result the activity should bring, e.g. `Become a senior product manager` rather than "
     "`Complete a product leadership programme`"),
    ("Work in Europe someday", "the title puts the outcome off to someday",
     "be flexible on geography but specific on impact, e.g. `Secure a product leadership role within a European "
     "market in 24 months` rather than `Work in Europe someday`"),
    ("Lead", "the title is too vague", "state the outcome in a few concrete words, e.g. `Lead a team of six`"),
    ("Get better at management by 2026-06-30", "the title names a direction, not a result",  # a date is no measure
     "say where you want to arrive, with a number, a level or a role: e.g. `Lead a team of six` rather than "
     "`Get better at management`"),
])
def test_an_outcome_title_is_reported_at_the_title_with_the_article_advice(tmp_path, title, reason, hint):
    text = FULL_GOAL.replace("title: Lead a team of six", f"title: {title}")
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": READINGS}) == [
        f"content/goals/lead.md:2:1: warning: audit 5/6: what is the specific outcome? ({reason})\n    hint: {hint}"
    ]


def test_milestones_due_on_one_day_are_one_checkpoint():
    same_day = MILESTONES.replace("due: 2026-12-31", "due: 2026-03-31").replace("due: 2027-06-01", "due: 2026-03-31")
    check = audit_goal(goal_model(FULL_GOAL.replace(MILESTONES, same_day))).checks[3]
    assert (check.passed, check.advice) == (
        False, "add 2 more milestones due on or before the target date, on days of their own (milestones due on one day are one checkpoint)"
    )


@pytest.mark.parametrize(("mobility", "passed"), [("n/a", False), ("None", False), ("-", False), ("TBD", False), ("N/A.", False),
                                                   ("None.", False), ("—", False), ("?", False), ("...", False),
                                                   ("No move planned; London only.", True)])
def test_a_placeholder_does_not_answer_the_mobility_question(mobility, passed):
    text = FULL_GOAL.replace("mobility: Stays in Manchester; no travel beyond two days a month.", f"mobility: '{mobility}'")
    assert audit_goal(goal_model(text)).checks[5].passed is passed


def test_too_few_indicators_points_at_the_indicators_key(tmp_path):
    two = (
        "indicators:\n"
        "  - {id: one-to-ones, name: One-to-ones held, kind: leading, target: 40}\n"
        "  - {id: team-size, name: Team size, kind: lagging, baseline: 2, target: 6}\n"
    )
    readings = READINGS.replace("    hiring-loops: 4\n    delegated: 6\n", "")
    files = {"content/goals/lead.md": FULL_GOAL.replace(INDICATORS, two), "content/reviews/q4.md": readings}
    assert findings(tmp_path, files) == [
        "content/goals/lead.md:6:1: warning: audit 5/6: which 3 measurable indicators show progress?"
        " (fewer than 3 indicators)\n"
        "    hint: add 1 more indicator with a target (3-5 leading and 1-2 lagging work best)"
    ]


def test_timeline_counts_only_milestones_due_by_the_target_date(tmp_path):
    late = MILESTONES.replace("due: 2027-06-01", "due: 2027-07-01")
    text = FULL_GOAL.replace(MILESTONES, late)
    assert audit_goal(goal_model(text)).checks[3].passed is False
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": READINGS}) == [
        "content/goals/lead.md:11:1: warning: audit 5/6: what is the timeline, with three checkpoints?"
        " (fewer than 3 checkpoints on or before the target date)\n"
        "    hint: add 1 more milestone due on or before the target date",
        "content/goals/lead.md:14:31: warning: milestone `Team of six` is due 2027-07-01, after the goal's target_date"
        " (2027-06-30)\n    hint: check the year, or move the goal's target_date",
    ]
    on_the_day = MILESTONES.replace("due: 2027-06-01", "due: 2027-06-30")
    assert audit_goal(goal_model(FULL_GOAL.replace(MILESTONES, on_the_day))).checks[3].passed is True


@pytest.mark.parametrize(
    ("replace", "by", "check"),
    [
        ("gaps:\n  - {need: Hiring experience, kind: experience, plan: Shadow ten interviews}\n", "gaps: []\n", "gaps"),
        ("feedback: [My manager]\n", "feedback: []\n", "feedback"),
        ("mobility: Stays in Manchester; no travel beyond two days a month.\n", "mobility: '   '\n", "mobility"),
    ],
)
def test_empty_lists_and_blank_text_do_not_count(replace, by, check):
    audit = audit_goal(goal_model(FULL_GOAL.replace(replace, by)))
    assert [c.id for c in audit.checks if not c.passed] == [check]
    assert audit.score == 5


# --- indicator mix, overdue milestones, readings ---------------------------------------------


DASHBOARD = " (3-5 leading and 1-2 lagging make a readable dashboard)"
ADD_LAGGING = "add a lagging indicator, an outcome such as a promotion, a salary increase or an international assignment"
LEADING_EXAMPLES = "actions you control such as projects started, certifications completed or conversations had"
MIX_ADVICE = {  # the hint says which way the mix is off, and what counts as which kind
    "3 leading and 0 lagging": ADD_LAGGING + DASHBOARD,
    "6 leading and 1 lagging": "drop or merge 1 leading indicator" + DASHBOARD,
    "3 leading and 3 lagging": "keep the outcomes that matter most: drop 1 lagging indicator, or mark one that counts an action"
                               " you control `kind: leading`" + DASHBOARD,
    "1 leading and 2 lagging": f"add 2 more leading indicators, {LEADING_EXAMPLES}" + DASHBOARD,
    "7 leading and 4 lagging": "drop or merge 2 leading indicators; keep the outcomes that matter most: drop 2 lagging indicators,"
                               " or mark one that counts an action you control `kind: leading`" + DASHBOARD,
    "0 leading and 3 lagging": f"add 3 more leading indicators, {LEADING_EXAMPLES}; keep the outcomes that matter most: drop 1"
                               " lagging indicator, or mark one that counts an action you control `kind: leading`" + DASHBOARD,
}


@pytest.mark.parametrize(
    ("kinds", "mix"),
    [
        (["leading"] * 3 + ["lagging"], None),
        (["leading"] * 5 + ["lagging"] * 2, None),
        (["leading"] * 3, "3 leading and 0 lagging"),
        (["leading"] * 6 + ["lagging"], "6 leading and 1 lagging"),
        (["leading"] * 3 + ["lagging"] * 3, "3 leading and 3 lagging"),
        (["leading", "lagging", "lagging"], "1 leading and 2 lagging"),
        (["leading"] * 7 + ["lagging"] * 4, "7 leading and 4 lagging"),
        (["lagging"] * 3, "0 leading and 3 lagging"),
    ],
)
def test_indicator_mix(tmp_path, kinds, mix):
    indicators = "indicators:\n" + "".join(
        f"  - {{id: i{n}, name: I{n}, kind: {kind}, target: 5}}\n" for n, kind in enumerate(kinds)
    )
    readings = DECIDED.replace("decisions:", "readings:\n  lead: {" + ", ".join(f"i{n}: 1" for n in range(len(kinds))) + "}\ndecisions:")
    text = FULL_GOAL.replace(INDICATORS, indicators)
    expected = [] if mix is None else [
        f"content/goals/lead.md:6:1: warning: the goal has {mix} indicators\n    hint: {MIX_ADVICE[mix]}"
    ]
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": readings}) == expected


def test_overdue_milestone_points_at_its_due_date(tmp_path):
    text = FULL_GOAL.replace("due: 2026-12-31}", "due: 2026-11-19}")
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": READINGS}) == [
        "content/goals/lead.md:13:31: warning: the milestone `Second hire` was due on 2026-11-19 and is not done\n"
        "    hint: set `done:` with the date it was reached, or move `due:` and note why in the next review"
    ]


@pytest.mark.parametrize(("horizon", "reward", "found"), [
    ("", "", True), ("", "reward: '  '", True), ("horizon: short\n", "", False), ("", "reward: A team dinner", False),
])
def test_a_long_goal_whose_milestones_plan_no_reward_is_reported(tmp_path, horizon, reward, found):
    """Milestones should include rest and reward, not just output: a goal of more than
    twelve months with none is told so at its `milestones:`; a short one is not."""
    text = FULL_GOAL.replace("reward: A team dinner", reward).replace(", }", "}").replace("type: leadership\n", "type: leadership\n" + horizon)
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": READINGS}) == ([
        "content/goals/lead.md:11:1: warning: no milestone of the goal plans rest or a reward\n"
        "    hint: add `reward:` to a milestone or two: how you will rest or celebrate once it is reached "
        "(a goal of more than a year needs recovery as well as output)"
    ] if found else [])


@pytest.mark.parametrize(("target", "status", "found"), [
    ("2026-11-19", "active", True), ("2026-11-20", "active", False), ("2026-11-19", "paused", False),
])
def test_an_active_goal_past_its_target_date_is_reported(tmp_path, target, status, found):
    """Only its milestones were reported as late: a goal whose date had passed a year ago
    stayed active in every check, its plan finished, with nothing said."""
    done = MILESTONES.replace("due: 2026-12-31}", "due: 2026-09-30, done: 2026-09-20}").replace(
        "due: 2027-06-01,", "due: 2026-11-01, done: 2026-10-30,")
    text = (HEAD.replace("2027-06-30", target) + f"status: {status}\n" + INDICATORS + done + REST + "---\nThe plan.\n")
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": READINGS}) == ([
        f"content/goals/lead.md:5:14: warning: the target date {target} has passed and the goal is still active\n"
        "    hint: set `status:` to achieved or dropped, or move `target_date:` and note why in the next review"
    ] if found else [])


def test_a_goal_no_review_has_read_for_longer_than_the_rhythm_is_reported_while_others_are_read(tmp_path):
    """A goal left out of every review since May showed May's values as current, with no
    warning, as long as other goals were reviewed on time."""
    may = READINGS.replace("2026-10-30", "2026-05-01")
    october = READINGS.replace("lead:", "other:")
    files = {"content/goals/lead.md": FULL_GOAL, "content/goals/other.md": FULL_GOAL,
             "content/reviews/q2.md": may, "content/reviews/q4.md": october}
    assert findings(tmp_path, files) == [
        f"content/goals/lead.md:{line}:10: warning: the indicator `{name}` was last read on 2026-05-01, 203 days ago; "
        "the goal's pages show that value as current\n"
        f"    hint: read it in your next review: `readings: {{lead: {{{name}: <value>}}}}`"
        for line, name in [(7, "one-to-ones"), (8, "hiring-loops"), (9, "delegated"), (10, "team-size")]
    ]
    stale = {**files, "content/reviews/q4.md": october.replace("2026-10-30", "2026-07-01")}
    assert [finding.split("\n")[0] for finding in findings(tmp_path / "stale", stale)] == [
        "content/reviews/q4.md:1:1: warning: the last review was 142 days ago (2026-07-01); reviews are due every 95 days"]


def test_milestone_due_today_is_not_overdue(tmp_path):
    text = FULL_GOAL.replace("due: 2026-12-31}", "due: 2026-11-20}")
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": READINGS}) == []


FEEDBACK_SOURCES = (
    "feedback:\n"
    "  - My manager (monthly one-to-one)\n"
    "  - {who: Priya Shah (mentor), how: quarterly session, next: 2026-11-19}\n"
    "  - {who: Tom Hargreaves, how: at the monthly update, next: 2026-11-20}\n"
)


def test_feedback_given_as_who_and_how_answers_the_feedback_question():
    sources = FULL_GOAL.replace("feedback: [My manager]\n", "feedback:\n  - {who: My manager, how: monthly one-to-one}\n")
    assert [(c.id, c.passed) for c in audit_goal(goal_model(sources)).checks][4] == ("feedback", True)


@pytest.mark.parametrize(("status", "found"), [("active", True), ("paused", True), ("achieved", False), ("dropped", False)])
def test_a_feedback_source_past_its_next_ask_is_reported_while_its_goal_is_worked_on(tmp_path, status, found):
    """As an overdue milestone is: the ask due today is not late yet, text has no date, and an
    achieved or dropped goal asks for no more feedback."""
    text = FULL_GOAL.replace("feedback: [My manager]\n", FEEDBACK_SOURCES).replace(
        "target_date: 2027-06-30\n", f"target_date: 2027-06-30\nstatus: {status}\n")
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": READINGS}) == ([
        "content/goals/lead.md:20:62: warning: the next ask for feedback from `Priya Shah (mentor)` was due on 2026-11-19\n"
        "    hint: ask for it, then set `next:` to the date you will ask again"
    ] if found else [])


def test_evidence_and_endorsements_dated_after_today_are_reported(tmp_path):
    """A course booked for next year was listed as done, counted nowhere else until its day."""
    booked = "---\ntitle: Hiring course\ndate: 2027-01-10\nkind: course\n---\nBooked.\n"
    today = "---\ntitle: Hiring talk\ndate: 2026-11-20\nkind: talk\n---\nGiven.\n"
    praise = "---\nauthor: Bo\nrole: Director\nrelationship: manager\ndate: 2026-11-21\n---\nGreat.\n"
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": READINGS,
                               "content/evidence/course.md": booked, "content/evidence/talk.md": today,
                               "content/endorsements/bo.md": praise}) == [
        "content/endorsements/bo.md:5:7: warning: the date 2026-11-21 is after today (2026-11-20)\n"
        "    hint: check the year; what is still to happen is a milestone of its goal until it has",
        "content/evidence/course.md:3:7: warning: the date 2027-01-10 is after today (2026-11-20)\n"
        "    hint: check the year; what is still to happen is a milestone of its goal until it has",
    ]


def test_a_milestone_done_after_today_and_an_endorsement_without_words_are_reported(tmp_path):
    """Both passed `check`: the milestone showed as due on its page, the endorsement as an
    empty quote on the wall."""
    goal = FULL_GOAL.replace("due: 2026-12-31}", "due: 2026-12-31, done: 2027-11-01}")
    silent = "---\nauthor: Bo\nrole: Director\nrelationship: manager\ndate: 2026-11-02\nquote: ' '\n---\n\n"
    assert findings(tmp_path, {"content/goals/lead.md": goal, "content/reviews/q4.md": READINGS,
                               "content/endorsements/bo.md": silent,
                               "content/endorsements/cy.md": silent.replace("quote: ' '", "quote: Reliable.")}) == [
        "content/endorsements/bo.md:1:1: warning: this endorsement holds no words, so the wall shows an empty quote\n"
        "    hint: write what they said below the front matter, or as `quote:`",
        "content/goals/lead.md:13:49: warning: the milestone `Second hire` is marked done on "
        "2027-11-01, after today (2026-11-20)\n    hint: check the year; until that date the milestone shows as due",
    ]


def test_two_reviews_of_one_date_reading_an_indicator_differently_are_reported(tmp_path):
    """Both readings went onto the chart at one date, and `check` said nothing."""
    monthly = "---\ndate: 2026-10-30\nperiod: monthly\nreadings:\n  lead:\n    one-to-ones: 31\n    hiring-loops: 4\n---\n"
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": READINGS,
                               "content/reviews/m10.md": monthly}) == [
        "content/reviews/q4.md:5:5: warning: `one-to-ones` of `lead` is read as 30 here and as 31 in content/reviews/m10.md, "
        "a review of the same date\n    hint: keep one reading for the date: remove one, or give the reviews their own dates",
    ]


def test_indicator_without_a_reading(tmp_path):
    readings = READINGS.replace("    delegated: 6\n", "")
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": readings}) == [
        "content/goals/lead.md:9:10: warning: the indicator `delegated` has no reading yet\n"
        "    hint: record it in a review: `readings: {lead: {delegated: <value>}}`"
    ]


def test_counted_indicator_needs_no_reading(tmp_path):
    text = FULL_GOAL.replace("kind: leading, target: 10}", "kind: leading, target: 10, count: {kind: talk}}")
    readings = READINGS.replace("    delegated: 6\n", "")
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": readings}) == []


@pytest.mark.parametrize(("status", "audited"), [("active", True), ("paused", True), ("achieved", False), ("dropped", False)])
def test_only_active_and_paused_goals_are_audited(tmp_path, status, audited):
    text = HEAD + f"status: {status}\n---\nThe plan.\n"
    found = findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": DECIDED})
    assert len(found) == (5 if audited else 0)


@pytest.mark.parametrize("status", ["achieved", "dropped"])
def test_a_finished_goal_has_no_framework_steps_reported(tmp_path, status):
    text = HEAD + f"status: {status}\nframework: evidence-ladder\n---\nThe plan.\n"
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": DECIDED}) == []


# --- staleness -------------------------------------------------------------------------------


@pytest.mark.parametrize(("date", "stale"), [("2026-08-17", False), ("2026-08-16", True)])
def test_review_staleness_boundary(tmp_path, date, stale):
    reviews = {"content/reviews/old.md": READINGS.replace("2026-10-30", "2026-01-30"),
               "content/reviews/last.md": READINGS.replace("2026-10-30", date)}
    expected = [
        "content/reviews/last.md:1:1: warning: the last review was 96 days ago (2026-08-16); reviews are due every 95 days\n"
        "    hint: write a review with fresh readings: `goalfolio new review`"
    ] if stale else []
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, **reviews}) == expected


def test_a_planned_review_does_not_hide_that_the_last_one_is_old(tmp_path):
    reviews = {"content/reviews/last.md": READINGS.replace("2026-10-30", "2026-08-16"),
               "content/reviews/planned.md": READINGS.replace("2026-10-30", "2027-01-15")}
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, **reviews}) == [
        "content/reviews/last.md:1:1: warning: the last review was 96 days ago (2026-08-16); reviews are due every 95 days\n"
        "    hint: write a review with fresh readings: `goalfolio new review`"
    ]


def test_a_rhythm_of_one_day_reads_in_the_singular(tmp_path):
    """`reviews are due every 1 days` read as it was."""
    old = READINGS.replace("2026-10-30", "2026-11-18")
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": old}, CONFIG + "stale_after_days: 1\n") == [
        "content/reviews/q4.md:1:1: warning: the last review was 2 days ago (2026-11-18); reviews are due every 1 day\n"
        "    hint: write a review with fresh readings: `goalfolio new review`"
    ]


def test_stale_after_days_comes_from_the_config(tmp_path):
    config = CONFIG + "stale_after_days: 30\n"
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": READINGS}, config) == []
    old = READINGS.replace("2026-10-30", "2026-10-20")
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": old}, config) == [
        "content/reviews/q4.md:1:1: warning: the last review was 31 days ago (2026-10-20); reviews are due every 30 days\n"
        "    hint: write a review with fresh readings: `goalfolio new review`"
    ]


@pytest.mark.parametrize(("date", "stale"), [("2026-10-20", False), ("2026-10-19", True)])
def test_a_monthly_review_is_stale_a_month_later_as_the_progress_page_says(tmp_path, date, stale):
    monthly = READINGS.replace("2026-10-30", date).replace("readings:", "period: monthly\nreadings:")
    expected = [
        "content/reviews/october.md:1:1: warning: the last review was 32 days ago (2026-10-19); "
        "after a monthly review the next is due within a month, by 2026-11-19\n"
        "    hint: write a review with fresh readings: `goalfolio new review`"
    ] if stale else []
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/october.md": monthly}) == expected


def test_an_indicator_left_out_of_the_latest_review_is_reported(tmp_path):
    later = ("---\ndate: 2026-11-13\nreadings:\n  lead:\n    one-to-ones: 34\n    hiring-loops: 5\n    team-size: 5\n"
             "decisions:\n  - {action: stop, what: Hiring loops without a scorecard}\n---\n")
    planned = "---\ndate: 2027-02-12\nreadings:\n  lead:\n    one-to-ones: 40\n---\n"  # after today: not held yet
    files = {"content/goals/lead.md": FULL_GOAL, "content/reviews/october.md": READINGS, "content/reviews/november.md": later,
             "content/reviews/february.md": planned}
    assert findings(tmp_path, files) == [
        "content/goals/lead.md:9:10: warning: the indicator `delegated` was last read on 2026-10-30; "
        "the latest review of this goal (2026-11-13) has no reading for it\n"
        "    hint: add `delegated` under `readings: {lead: ...}` in content/reviews/november.md, "
        "or remove the indicator if you no longer track it"
    ]


@pytest.mark.parametrize(("period", "warned"), [("", True), ("period: quarterly\n", True), ("period: monthly\n", False)])
def test_the_latest_quarterly_review_decides_what_to_keep_stop_or_start(tmp_path, period, warned):
    undecided = READINGS.replace("readings:", period + "readings:").split("decisions:")[0] + "---\nNotes.\n"
    older = READINGS.replace("2026-10-30", "2026-07-30")  # decided; the latest quarterly one when q4 is monthly
    line = "3:1" if period else "2:1"
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": undecided,
                               "content/reviews/q3.md": older}) == ([
        f"content/reviews/q4.md:{line}: warning: the latest quarterly review decides nothing to keep, stop or start\n"
        "    hint: a quarterly review is where tactics change: add `decisions:` such as "
        "`- {action: stop, what: Work that produces no evidence}`"
    ] if warned else [])


def test_a_later_monthly_review_does_not_hide_an_undecided_quarterly_one(tmp_path):
    undecided = READINGS.split("decisions:")[0] + "---\n"
    monthly = READINGS.replace("2026-10-30", "2026-11-13").replace("readings:", "period: monthly\nreadings:").split("decisions:")[0] + "---\n"
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": undecided,
                               "content/reviews/november.md": monthly}) == [
        "content/reviews/q4.md:2:1: warning: the latest quarterly review decides nothing to keep, stop or start\n"
        "    hint: a quarterly review is where tactics change: add `decisions:` such as "
        "`- {action: stop, what: Work that produces no evidence}`"
    ]


def test_a_quarterly_review_held_today_is_the_latest_one(tmp_path):
    today = READINGS.replace("2026-10-30", "2026-11-20").split("decisions:")[0] + "---\n"
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": READINGS,
                               "content/reviews/today.md": today}) == [
        "content/reviews/today.md:2:1: warning: the latest quarterly review decides nothing to keep, stop or start\n"
        "    hint: a quarterly review is where tactics change: add `decisions:` such as "
        "`- {action: stop, what: Work that produces no evidence}`"
    ]


@pytest.mark.parametrize("names", [("a-monthly", "b-quarterly"), ("b-monthly", "a-quarterly")])
def test_on_one_day_the_quarterly_review_sets_the_rhythm_whatever_the_file_names(tmp_path, names):
    monthly = READINGS.replace("2026-10-30", "2026-08-10").replace("readings:", "period: monthly\nreadings:")
    quarterly = READINGS.replace("2026-10-30", "2026-08-10")
    found = findings(tmp_path, {"content/goals/lead.md": FULL_GOAL, f"content/reviews/{names[0]}.md": monthly,
                                f"content/reviews/{names[1]}.md": quarterly})
    assert found == [  # 102 days: late by the quarterly rule (95 days), as a monthly one would have been since September
        f"content/reviews/{names[1]}.md:1:1: warning: the last review was 102 days ago (2026-08-10); reviews are due every 95 days\n"
        "    hint: write a review with fresh readings: `goalfolio new review`"
    ]


def test_a_monthly_review_may_read_only_the_leading_indicators(tmp_path):
    leading_only = ("---\ndate: 2026-11-13\nperiod: monthly\nreadings:\n  lead:\n    one-to-ones: 34\n    hiring-loops: 5\n"
                    "    delegated: 7\n---\n")
    files = {"content/goals/lead.md": FULL_GOAL, "content/reviews/october.md": READINGS, "content/reviews/november.md": leading_only}
    assert findings(tmp_path, files) == []
    skipped = leading_only.replace("    delegated: 7\n", "")
    assert findings(tmp_path, {**files, "content/reviews/november.md": skipped}) == [
        "content/goals/lead.md:9:10: warning: the indicator `delegated` was last read on 2026-10-30; "
        "the latest review of this goal (2026-11-13) has no reading for it\n"
        "    hint: add `delegated` under `readings: {lead: ...}` in content/reviews/november.md, "
        "or remove the indicator if you no longer track it"
    ]
    paused = FULL_GOAL.replace("---\nThe plan.", "status: paused\n---\nThe plan.")
    assert findings(tmp_path, {**files, "content/goals/lead.md": paused, "content/reviews/november.md": skipped}) == []


def test_a_gap_without_a_plan_is_reported_at_its_need(tmp_path):
    text = FULL_GOAL.replace("  - {need: Hiring experience, kind: experience, plan: Shadow ten interviews}\n",
                             "  - {need: Hiring experience, kind: experience, plan: Shadow ten interviews}\n"
                             "  - {need: A budget for contractors, kind: experience}\n")
    assert findings(tmp_path, {"content/goals/lead.md": text, "content/reviews/q4.md": READINGS}) == [
        "content/goals/lead.md:17:12: warning: the gap `A budget for contractors` has no plan\n"
        "    hint: add `plan:` with how you will close it: a course, a stretch project, a mentor, a date"
    ]


def test_no_review_at_all(tmp_path):
    counted = (
        "indicators:\n"
        "  - {id: talks, name: Talks given, kind: leading, target: 4, count: {kind: talk}}\n"
        "  - {id: courses, name: Courses done, kind: leading, target: 2, count: {kind: course}}\n"
        "  - {id: posts, name: Posts written, kind: leading, target: 6, count: {kind: publication}}\n"
        "  - {id: referrals, name: Referrals, kind: lagging, target: 2, count: {kind: referral}}\n"
    )
    assert findings(tmp_path, {"content/goals/lead.md": FULL_GOAL.replace(INDICATORS, counted)}) == [
        "content/goals/lead.md:1:1: warning: there is no review of this active goal yet\n"
        "    hint: write a review with readings of each indicator, then one at least every 95 days: `goalfolio new review`"
    ]


def test_no_review_at_all_is_reported_in_each_active_goal_not_at_a_folder(tmp_path):
    """`content/reviews:1:1` named a folder an editor cannot open, and counted it as a file in
    the summary. A goal that is paused, achieved or dropped is not being read."""
    counted = ("indicators:\n  - {id: talks, name: Talks given, kind: leading, target: 4, count: {kind: talk}}\n"
               "  - {id: courses, name: Courses done, kind: leading, target: 2, count: {kind: course}}\n"
               "  - {id: posts, name: Posts written, kind: leading, target: 6, count: {kind: publication}}\n"
               "  - {id: referrals, name: Referrals, kind: lagging, target: 2, count: {kind: referral}}\n")
    goal = FULL_GOAL.replace(INDICATORS, counted)
    files = {"content/goals/lead.md": goal, "content/goals/speak.md": goal.replace("---\nThe plan.", "status: active\n---\nThe plan."),
             **{f"content/goals/{status}.md": goal.replace("---\nThe plan.", f"status: {status}\n---\nThe plan.")
                for status in ("paused", "achieved", "dropped")}}
    hint = "    hint: write a review with readings of each indicator, then one at least every 95 days: `goalfolio new review`"
    assert findings(tmp_path, files) == [
        f"content/goals/lead.md:1:1: warning: there is no review of this active goal yet\n{hint}",
        f"content/goals/speak.md:1:1: warning: there is no review of this active goal yet\n{hint}",
    ]


def test_no_review_hint_gives_the_configured_rhythm(tmp_path):
    """The hint said "every 3 months" whatever `stale_after_days` was set to."""
    counted = ("indicators:\n  - {id: talks, name: Talks given, kind: leading, target: 4, count: {kind: talk}}\n"
               "  - {id: courses, name: Courses done, kind: leading, target: 2, count: {kind: course}}\n"
               "  - {id: posts, name: Posts written, kind: leading, target: 6, count: {kind: publication}}\n"
               "  - {id: referrals, name: Referrals, kind: lagging, target: 2, count: {kind: referral}}\n")
    goal = FULL_GOAL.replace(INDICATORS, counted)
    assert findings(tmp_path, {"content/goals/lead.md": goal}, CONFIG + "stale_after_days: 30\n") == [
        "content/goals/lead.md:1:1: warning: there is no review of this active goal yet\n"
        "    hint: write a review with readings of each indicator, then one at least every 30 days: `goalfolio new review`"
    ]


def test_no_goals_and_no_reviews_is_quiet(tmp_path):
    assert findings(tmp_path, {}) == []


# --- framework steps per case ----------------------------------------------------------------

CASE = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\nframework: evidence-ladder\n---\n{body}\n"


def test_unmet_framework_steps_say_exactly_what_is_missing(tmp_path):
    files = {
        "content/goals/lead.md": FULL_GOAL,
        "content/reviews/q4.md": READINGS,
        "content/evidence/baseline.md": "---\ntitle: B\ndate: 2026-02-01\nkind: result\ngoals: [lead]\nladder: stretch\n---\nx\n",
        "content/endorsements/bo.md": "---\nauthor: Bo\nrole: Director\nrelationship: manager\ndate: 2026-04-01\ngoals: [lead]\n---\nGood.\n",
        "content/cases/promo.md": CASE.format(body="A story without citations."),
    }
    assert findings(tmp_path, files) == [
        "content/cases/promo.md:5:1: warning: Evidence Ladder: step `Baseline impact` is not met:"
        " needs 1 more piece of evidence on the `baseline` rung\n"
        "    hint: add evidence with `ladder: baseline`, and link it to the goal with `goals: [lead]`",
        "content/cases/promo.md:5:1: warning: Evidence Ladder: step `Stretch project` is not met:"
        " needs 1 more piece of evidence on the `stretch` rung with a before-and-after metric\n"
        "    hint: add evidence with `ladder: stretch` and a metric with `before:` and `after:`, and link it to the goal"
        " with `goals: [lead]`",
        "content/cases/promo.md:5:1: warning: Evidence Ladder: step `Stakeholder validation` is not met:"
        " needs 1 more endorsement from a distinct stakeholder\n"
        "    hint: ask someone who has not endorsed this work yet for an endorsement, and link it to the goal with `goals: [lead]`",
        "content/cases/promo.md:5:1: warning: Evidence Ladder: step `Narrative synthesis` is not met:"
        " needs the narrative to cite evidence with [[evidence-id]]\n"
        "    hint: cite the evidence each claim rests on, e.g. `[[evidence-id]]` after the claim",
    ]


def test_a_case_that_lists_its_own_evidence_is_told_to_list_what_is_missing_there(tmp_path):
    """Evidence linked to the goal counts for no case that lists its own: the hint said to link it."""
    files = {
        "content/goals/lead.md": FULL_GOAL,
        "content/reviews/q4.md": READINGS,
        "content/evidence/base.md": "---\ntitle: B\ndate: 2026-02-01\nkind: result\ngoals: [lead]\nladder: baseline\n---\nx\n",
        "content/evidence/other.md": "---\ntitle: O\ndate: 2026-02-01\nkind: result\n---\nx\n",
        "content/endorsements/bo.md": "---\nauthor: Bo\nrole: Director\nrelationship: manager\ndate: 2026-04-01\ngoals: [lead]\n---\nGood.\n",
        "content/endorsements/jo.md": "---\nauthor: Jo\nrole: Peer\nrelationship: peer\ndate: 2026-04-01\ngoals: [lead]\n---\nGood.\n",
        "content/cases/promo.md": CASE.format(body="Built on [[other]].").replace("goals: [lead]\n", "goals: [lead]\nevidence: [other]\n"),
    }
    assert [line.split(" is not met: ")[1] for line in findings(tmp_path, files)] == [
        "needs 1 more piece of evidence on the `baseline` rung\n"
        "    hint: add evidence with `ladder: baseline`, and list it under the case's `evidence:`",
        "needs 1 more piece of evidence on the `stretch` rung with a before-and-after metric\n"
        "    hint: add evidence with `ladder: stretch` and a metric with `before:` and `after:`, and list it under the case's `evidence:`",
    ]


ENDORSED = "---\nauthor: {author}\nrole: Director\nrelationship: manager\ndate: 2026-04-01\ngoals: [lead]\n{extra}---\nGood.\n"
LADDER = {
    "content/goals/lead.md": FULL_GOAL,
    "content/reviews/q4.md": READINGS,
    "content/evidence/base.md": "---\ntitle: B\ndate: 2026-02-01\nkind: result\ngoals: [lead]\nladder: baseline\n---\nx\n",
    "content/evidence/stretch.md": "---\ntitle: S\ndate: 2026-05-01\nkind: result\ngoals: [lead]\nladder: stretch\n"
                                   "metrics:\n  - {name: Cycle time, before: 30, after: 20, unit: days}\n---\nx\n",
    "content/endorsements/bo.md": ENDORSED.format(author="Bo", extra=""),
    "content/endorsements/jo.md": ENDORSED.format(author="Jo", extra="visibility: private\n"),
    "content/cases/promo.md": CASE.format(body="Built on [[base]] and [[stretch]]."),
}
CONFIG_WITH_AUDIENCES = CONFIG + "audiences: [manager, committee]\n"


def test_case_readiness_counts_only_what_its_readers_see(tmp_path):
    """Jo's endorsement is private: no build shows it, so it cannot make the second one."""
    result = run_check(find_project(make_project(tmp_path, LADDER, CONFIG_WITH_AUDIENCES)))
    assert [d.format() for d in result.diagnostics] == [
        "content/cases/promo.md:5:1: warning: Evidence Ladder: step `Stakeholder validation` is not met:"
        " needs 1 more endorsement from a distinct stakeholder\n"
        "    hint: ask someone who has not endorsed this work yet for an endorsement, and link it to the goal with `goals: [lead]`",
    ]
    assert format_scores(result).endswith("  promo  Evidence Ladder  3/4 steps met  content/cases/promo.md")


def case_for_both_audiences(body: str) -> str:
    return CASE.format(body=body).replace("goals: [lead]\n", "goals: [lead]\nvisibility: [manager, committee]\n")


def first_lines_and_scores(tmp_path, files) -> tuple[list[str], str]:
    """`check`'s findings, each its first line, and its table of scores."""
    result = run_check(find_project(make_project(tmp_path, files, CONFIG_WITH_AUDIENCES)))
    return [d.format().split("\n")[0] for d in result.diagnostics], format_scores(result)


def test_a_case_for_some_audiences_is_judged_in_its_least_ready_build(tmp_path):
    files = {**LADDER,
             "content/endorsements/jo.md": ENDORSED.format(author="Jo", extra="visibility: [manager]\n"),
             "content/cases/promo.md": case_for_both_audiences("Built on [[base]] and [[stretch]].")}
    findings, scores = first_lines_and_scores(tmp_path, files)
    assert findings == [
        "content/cases/promo.md:6:1: warning: Evidence Ladder in the `committee` build: step `Stakeholder validation`"
        " is not met: needs 1 more endorsement from a distinct stakeholder",
    ]
    assert scores.endswith("  promo  Evidence Ladder  3/4 steps met in the `committee` build  content/cases/promo.md")


def test_a_step_unmet_in_any_build_showing_a_case_is_reported_with_the_builds(tmp_path):
    """Only the least ready build's unmet steps were reported, the first of a tie: the
    committee, which cannot see the stretch work, read a case missing its stretch step and
    `check` said nothing of it. Each step is now reported where it is unmet, once for the
    builds that miss it alike."""
    files = {**LADDER,
             "content/evidence/stretch.md": LADDER["content/evidence/stretch.md"].replace("---\nx", "visibility: [manager]\n---\nx"),
             "content/endorsements/jo.md": ENDORSED.format(author="Jo", extra="visibility: [committee]\n"),
             "content/cases/promo.md": case_for_both_audiences("A story.")}
    findings, scores = first_lines_and_scores(tmp_path, files)
    assert findings == [
        "content/cases/promo.md:6:1: warning: Evidence Ladder in the `committee` build: step `Stretch project` is not met:"
        " needs 1 more piece of evidence on the `stretch` rung with a before-and-after metric",
        "content/cases/promo.md:6:1: warning: Evidence Ladder in the `manager` build: step `Stakeholder validation` is not met:"
        " needs 1 more endorsement from a distinct stakeholder",
        "content/cases/promo.md:6:1: warning: Evidence Ladder in the `manager` and `committee` builds: step `Narrative synthesis`"
        " is not met: needs the narrative to cite evidence with [[evidence-id]]",
    ]
    assert scores.endswith("  promo  Evidence Ladder  2/4 steps met in the `manager` build  content/cases/promo.md")


def test_a_private_case_is_judged_as_the_owner_sees_it(tmp_path):
    files = {**LADDER, "content/cases/promo.md": CASE.format(body="Built on [[base]] and [[stretch]].").replace(
        "goals: [lead]\n", "goals: [lead]\nvisibility: private\n")}
    result = run_check(find_project(make_project(tmp_path, files, CONFIG_WITH_AUDIENCES)))
    assert result.diagnostics == []
    assert format_scores(result).endswith("  promo  Evidence Ladder  4/4 steps met  content/cases/promo.md")


def test_a_goal_with_a_framework_has_its_unmet_steps_reported(tmp_path):
    goal = FULL_GOAL.replace("type: leadership\n", "type: leadership\nframework: evidence-ladder\n")
    files = {**LADDER, "content/goals/lead.md": goal}
    del files["content/cases/promo.md"]
    assert [line.split("\n")[0] for line in findings(tmp_path, files, CONFIG_WITH_AUDIENCES)] == [
        "content/goals/lead.md:4:1: warning: Evidence Ladder: step `Stakeholder validation` is not met:"
        " needs 1 more endorsement from a distinct stakeholder",
        "content/goals/lead.md:4:1: warning: Evidence Ladder: step `Narrative synthesis` is not met:"
        " needs a case for this goal",
    ]


def test_case_with_the_default_framework_points_at_the_front_matter(tmp_path):
    case = CASE.replace("framework: evidence-ladder\n", "").format(body="")
    files = {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": READINGS, "content/cases/promo.md": case}
    found = findings(tmp_path, files)
    assert [line.split(": warning: ")[0] for line in found] == ["content/cases/promo.md:2:1"] * 4
    assert [line.split(" is not met: ")[1].split("\n")[0] for line in found] == [
        "needs 1 more piece of evidence on the `baseline` rung",
        "needs 1 more piece of evidence on the `stretch` rung with a before-and-after metric",
        "needs 2 more endorsements from distinct stakeholders",
        "needs a narrative in the case body",
    ]


# A goal and its readings, and a case checked against the user-defined framework `skill-mastery`.
SKILL_MASTERY_CASE = {
    "content/goals/lead.md": FULL_GOAL,
    "content/reviews/q4.md": READINGS,
    "content/cases/promo.md": CASE.replace("evidence-ladder", "skill-mastery").format(body="x"),
}


def test_user_defined_framework_step_findings(tmp_path):
    config = CONFIG + (
        "frameworks:\n  skill-mastery:\n    title: Skill mastery\n    steps:\n"
        "      - id: teach\n        title: Present learnings\n        requires:\n"
        "          - {check: evidence, count: 2, kind: [talk, publication]}\n"
    )
    assert findings(tmp_path, SKILL_MASTERY_CASE, config) == [
        "content/cases/promo.md:5:1: warning: Skill mastery: step `Present learnings` is not met:"
        " needs 2 more talks or publications\n"
        "    hint: add evidence of `kind: talk` or `kind: publication`, and link it to the goal with `goals: [lead]`"
    ]


def test_two_steps_of_one_title_are_told_apart_by_their_ids(tmp_path):
    """Two steps of one framework with one title, both unmet, gave two identical lines."""
    step = "        title: Present learnings\n        requires:\n          - {check: evidence, count: 2, kind: [talk]}\n"
    config = CONFIG + ("frameworks:\n  skill-mastery:\n    title: Skill mastery\n    steps:\n"
                       f"      - id: teach\n{step}      - id: teach-again\n{step}")
    hint = "    hint: add evidence of `kind: talk`, and link it to the goal with `goals: [lead]`"
    assert findings(tmp_path, SKILL_MASTERY_CASE, config) == [
        f"content/cases/promo.md:5:1: warning: Skill mastery: step `Present learnings` (id `teach`) is not met: needs 2 more talks\n{hint}",
        f"content/cases/promo.md:5:1: warning: Skill mastery: step `Present learnings` (id `teach-again`) is not met: needs 2 more talks\n{hint}",
    ]


def test_two_requirements_of_a_step_missing_the_same_are_told_once(tmp_path):
    config = CONFIG + (
        "frameworks:\n  skill-mastery:\n    title: Skill mastery\n    steps:\n"
        "      - id: teach\n        title: Present learnings\n        requires:\n"
        "          - {check: evidence, count: 2, kind: [talk]}\n          - {check: evidence, count: 2, kind: [talk]}\n"
    )
    assert findings(tmp_path, SKILL_MASTERY_CASE, config) == [
        "content/cases/promo.md:5:1: warning: Skill mastery: step `Present learnings` is not met: needs 2 more talks\n"
        "    hint: add evidence of `kind: talk`, and link it to the goal with `goals: [lead]`"
    ]


# --- the score table -------------------------------------------------------------------------


def test_scores_table(tmp_path):
    files = {
        "content/goals/lead.md": FULL_GOAL,
        "content/goals/rest.md": HEAD.replace("Lead a team of six", "Rest") + "status: paused\n---\n",
        "content/reviews/q4.md": READINGS,
        "content/cases/promo.md": CASE.format(body="x"),
        "content/cases/relocation.md": CASE.replace("evidence-ladder", "mobility-playbook").format(body="x"),
    }
    result = run_check(find_project(make_project(tmp_path, files, CONFIG)))
    assert format_scores(result) == (
        "Goals (coaching checklist):\n"
        "  lead  6/6  at risk    content/goals/lead.md\n"
        "  rest  0/6  paused     content/goals/rest.md  missing: outcome, indicators, gaps, timeline, feedback, mobility\n"
        "Cases (framework readiness):\n"
        "  promo       Evidence Ladder    0/4 steps met  content/cases/promo.md\n"
        "  relocation  Mobility Playbook  1/4 steps met  content/cases/relocation.md"
    )


def test_audit_portfolio_directly(tmp_path, load_project):
    portfolio, _ = load_project(tmp_path, {"content/goals/lead.md": FULL_GOAL, "content/reviews/q4.md": READINGS}, CONFIG)
    assert audit_portfolio(lambda view: build_graph(portfolio, view)) == []


# --- the example follows the article ------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def example_goals() -> dict[str, Goal]:
    """The example portfolio's goals, whatever their status, and the goal example of docs/content.md."""
    goals = {path.name: goal_model(path.read_text(encoding="utf-8")) for path in sorted((REPO / "content/goals").glob("*.md"))}
    docs = (REPO / "docs/content.md").read_text(encoding="utf-8")
    block = docs.split("```markdown\n---\ntitle: Pass the Dutch A2 state exam")[1].split("\n---\n")[0]
    goals["docs/content.md"] = goal_model("---\ntitle: Pass the Dutch A2 state exam" + block + "\n---\n")
    return goals


def test_example_goals_have_the_articles_indicator_mix():
    """The Dutch goal read 2 leading and 1 lagging indicators, here and in the docs: `check`
    warns of that mix on an active goal, so the example taught what the audit flags."""
    mix = {name: (sum(i.kind == "leading" for i in g.indicators), sum(i.kind == "lagging" for i in g.indicators))
           for name, g in example_goals().items()}
    assert {name: m for name, m in mix.items() if not (3 <= m[0] <= 5 and 1 <= m[1] <= 2)} == {}
