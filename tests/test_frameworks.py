"""Framework requirements, each met and unmet, with the exact text of what is missing."""

from __future__ import annotations

import datetime

import pytest
import yaml

from goalfolio.errors import UserError
from goalfolio.frameworks import BUILTIN_FRAMEWORKS, Subject, evaluate
from goalfolio.models import (
    Endorsement,
    Evidence,
    Goal,
    Profile,
)
from goalfolio.siteconfig import Framework, Requirement, SiteConfig

D = datetime.date


def goal(**fields) -> Goal:
    data = {"title": "Move to Amsterdam", "type": "mobility", "start": D(2026, 1, 1), "target_date": D(2027, 6, 30)}
    return Goal.model_validate({**data, **fields})


def ev(kind="project", date=D(2026, 3, 1), **fields) -> Evidence:  # noqa: B008 - dates are immutable
    return Evidence.model_validate({"title": "t", "date": date, "kind": kind, **fields})


def endorsement(author="Bo", **fields) -> Endorsement:
    return Endorsement.model_validate(
        {"author": author, "role": "Director", "relationship": "manager", "date": D(2026, 4, 1), **fields}
    )


TODAY = D(2026, 11, 20)


def subject(goals=(), evidence=(), endorsements=(), profile=None, body=None, cited=0) -> Subject:
    return Subject(list(goals) or [goal()], list(evidence), list(endorsements), profile, body, cited, TODAY)


def result(requirement: dict, **parts):
    """(have, need, missing) for one requirement checked against a subject."""
    framework = Framework.model_validate({"title": "F", "steps": [{"id": "s", "title": "S", "requires": [requirement]}]})
    [step] = evaluate("f", framework, subject(**parts)).steps
    [req] = step.requirements
    assert req.met == (req.missing == "") == step.met
    return req.have, req.need, req.missing


def label(requirement: dict, **parts) -> str:
    framework = Framework.model_validate({"title": "F", "steps": [{"id": "s", "title": "S", "requires": [requirement]}]})
    return evaluate("f", framework, subject(**parts)).steps[0].requirements[0].label


# --- evidence --------------------------------------------------------------------------------


def test_evidence_count_met():
    assert result({"check": "evidence", "count": 2}, evidence=[ev(), ev("talk")]) == (2, 2, "")


def test_evidence_count_unmet_by_one_and_by_many():
    assert result({"check": "evidence", "count": 2}, evidence=[ev()]) == (1, 2, "needs 1 more piece of evidence")
    assert result({"check": "evidence", "count": 3}) == (0, 3, "needs 3 more pieces of evidence")
    assert label({"check": "evidence", "count": 2}) == "at least 2 pieces of evidence"


def test_evidence_of_kinds():
    req = {"check": "evidence", "count": 1, "kind": ["certification", "course"]}
    assert result(req, evidence=[ev("project")]) == (0, 1, "needs 1 more certification or course")
    assert result(req, evidence=[ev("course")]) == (1, 1, "")
    assert label(req) == "at least 1 certification or course"


def test_evidence_kinds_read_in_the_plural_when_more_are_needed():
    req = {"check": "evidence", "count": 2, "kind": ["interview"]}
    assert result(req) == (0, 2, "needs 2 more interviews")
    assert result(req, evidence=[ev("interview")]) == (1, 2, "needs 1 more interview")
    assert label(req) == "at least 2 interviews"


def test_evidence_on_a_ladder_rung_with_metrics():
    req = {"check": "evidence", "count": 1, "ladder": "stretch", "with_metrics": True}
    missing = "needs 1 more piece of evidence on the `stretch` rung with a before-and-after metric"
    assert result(req, evidence=[ev(ladder="stretch")]) == (0, 1, missing)
    assert result(req, evidence=[ev(ladder="baseline", metrics=[{"name": "m", "after": 1}])]) == (0, 1, missing)
    assert result(req, evidence=[ev(ladder="stretch", metrics=[{"name": "m", "after": 1}])]) == (0, 1, missing)  # no before
    assert result(req, evidence=[ev(ladder="stretch", metrics=[{"name": "m", "after": 1}, {"name": "n", "before": 0, "after": 2}])]) == (
        1, 1, "")
    assert label(req) == "at least 1 piece of evidence on the `stretch` rung with a before-and-after metric"


def test_a_requirement_names_the_evidence_that_counts_for_it():
    req = {"check": "evidence", "count": 1, "kind": ["talk"]}
    talk, course = ev("talk"), ev("course")
    talk._id, course._id = "meetup", "stats"
    readiness = evaluate("x", Framework.model_validate({"title": "X", "steps": [{"id": "s", "title": "S", "requires": [req, req]}]}),
                         subject(evidence=[talk, course]))
    assert [r.evidence for r in readiness.steps[0].requirements] == [("meetup",), ("meetup",)]
    assert readiness.steps[0].evidence == ("meetup",)


def test_evidence_kinds_and_rung_together():
    req = {"check": "evidence", "count": 2, "kind": ["project"], "ladder": "baseline"}
    assert result(req, evidence=[ev(ladder="baseline")]) == (1, 2, "needs 1 more project on the `baseline` rung")
    assert result(req) == (0, 2, "needs 2 more projects on the `baseline` rung")


# --- endorsements ----------------------------------------------------------------------------


def test_endorsements_from_distinct_authors():
    req = {"check": "endorsements", "count": 2, "distinct_authors": True}
    assert result(req, endorsements=[endorsement("Bo"), endorsement("bo")]) == (
        1, 2, "needs 1 more endorsement from a distinct stakeholder"
    )
    assert result(req, endorsements=[endorsement("Bo"), endorsement("Ana")]) == (2, 2, "")
    assert result({**req, "count": 3}) == (0, 3, "needs 3 more endorsements from distinct stakeholders")
    assert label(req) == "at least 2 endorsements from distinct stakeholders"
    assert label({**req, "count": 1}) == "at least 1 endorsement from a distinct stakeholder"


def test_endorsements_counted_without_distinct_authors():
    req = {"check": "endorsements", "count": 2, "distinct_authors": False}
    assert result(req, endorsements=[endorsement("Bo"), endorsement("Bo")]) == (2, 2, "")
    assert result(req, endorsements=[endorsement("Bo")]) == (1, 2, "needs 1 more endorsement")
    assert result({**req, "count": 3}) == (0, 3, "needs 3 more endorsements")


# --- skills, case body, gaps -----------------------------------------------------------------


def test_skills_count_as_their_pages_do():
    """One skill page per skill: Café in either Unicode form is one skill, C, C++ and C# are three."""
    req = {"check": "skills", "count": 5}
    items = [ev(skills=["Caf\u00e9", "C"]), ev(skills=["Cafe\u0301", "C++", "C#"])]
    assert result(req, evidence=items) == (4, 5, "needs 1 more distinct skill in linked evidence")


def test_distinct_skills_across_evidence():
    req = {"check": "skills", "count": 3}
    items = [ev(skills=["SQL", "pricing"]), ev(skills=["sql", "Pricing"])]
    assert result(req, evidence=items) == (2, 3, "needs 1 more distinct skill in linked evidence")
    assert result(req) == (0, 3, "needs 3 more distinct skills in linked evidence")
    assert result(req, evidence=[*items, ev(skills=["hiring"])]) == (3, 3, "")
    assert label(req) == "at least 3 distinct skills shown in evidence"


@pytest.mark.parametrize(
    ("body", "cited", "expected"),
    [
        (None, 0, (0, 1, "needs a case for this goal")),
        ("  \n", 0, (0, 1, "needs a narrative in the case body")),
        ("A story.", 0, (0, 1, "needs the narrative to cite evidence with [[evidence-id]]")),
        ("A story with [[x]].", 1, (1, 1, "")),
    ],
)
def test_case_body_citing_evidence(body, cited, expected):
    assert result({"check": "case_body", "cites": True}, body=body, cited=cited) == expected


@pytest.mark.parametrize(("cites", "asked"), [(True, "a narrative citing evidence"), (False, "a written case narrative")])
def test_a_case_body_requirement_has_one_label_whatever_the_body(cites, asked):
    """A narrative asked for without citations was labelled "a narrative citing evidence"
    once written, and "a written case citing evidence" on a goal's page."""
    req = {"check": "case_body", "cites": cites}
    assert [label(req, body=body, cited=cited) for body, cited in [(None, 0), ("  \n", 0), ("A story.", 0), ("A [[x]].", 1)]] == [
        asked] * 4


def test_a_reader_is_told_what_is_missing_without_the_authors_markup():
    framework = Framework.model_validate({"title": "F", "steps": [{"id": "s", "title": "S", "requires": [
        {"check": "evidence", "count": 1, "ladder": "baseline"}, {"check": "profile", "field": "target_locations"}]}]})
    [step] = evaluate("f", framework, subject()).steps
    assert [r.shortfall for r in step.requirements] == ["needs 1 more piece of evidence on the baseline rung", "not given yet"]


def test_the_regulatory_scan_takes_a_visa_gap_with_a_plan():
    permit = {"need": "Residence permit", "kind": "visa", "plan": "Employer sponsorship, applied for with the transfer"}
    readiness = evaluate("mobility-playbook", BUILTIN_FRAMEWORKS["mobility-playbook"], subject(goals=[goal(gaps=[permit])]))
    scan = readiness.steps[0]
    assert (scan.title, [(r.label, r.met) for r in scan.requirements]) == (
        "Regulatory scan", [("at least 1 visa, credential or language gap with a plan", True)]
    )


def test_case_body_without_citations_required():
    assert result({"check": "case_body"}, body="A story.") == (1, 1, "")


def test_gaps_of_kinds_with_a_plan():
    req = {"check": "gaps", "count": 1, "kind": ["credential", "language"], "with_plan": True}
    assert result(req, goals=[goal(gaps=[{"need": "SQL", "kind": "skill", "plan": "course"}])]) == (
        0, 1, "needs 1 more credential or language gap"
    )
    assert result(req, goals=[goal(gaps=[{"need": "Dutch B1", "kind": "language"}])]) == (
        0, 1, "needs a plan for the gap `Dutch B1`"
    )
    assert result(req, goals=[goal(gaps=[{"need": "Dutch B1", "kind": "language", "plan": "evening class"}])]) == (1, 1, "")
    assert label(req) == "at least 1 credential or language gap with a plan"
    unplanned = goal(gaps=[{"need": "Dutch B1", "kind": "language"}])
    assert label(req, goals=[unplanned]) == "at least 1 credential or language gap with a plan"


def test_gaps_of_any_kind():
    assert result({"check": "gaps", "count": 2}) == (0, 2, "needs 2 more gaps")
    assert result({"check": "gaps", "count": 2}, goals=[goal(gaps=[{"need": "a"}])]) == (1, 2, "needs 1 more gap")
    assert label({"check": "gaps", "count": 2}) == "at least 2 gaps"


# --- profile, local contacts -----------------------------------------------------------------


def profile(**fields) -> Profile:
    return Profile.model_validate({"name": "Ana", **fields})


def test_profile_field():
    req = {"check": "profile", "field": "target_locations"}
    assert result(req, profile=profile()) == (0, 1, "needs `target_locations` in profile.md")
    assert result(req) == (0, 1, "needs `target_locations` in profile.md")
    assert result(req, profile=profile(target_locations=["Amsterdam"])) == (1, 1, "")
    assert label(req) == "`target_locations` in the profile"


def test_a_target_location_counts_written_with_or_without_its_accents_in_either_unicode_form():
    """`Munchen` and an NFD-encoded `München` (as macOS file names and some editors write it)
    are places in `München`; a plain substring test missed both."""
    req = {"check": "local_contacts", "count": 4}
    nfc, nfd = "M\u00fcnchen", "Mu\u0308nchen"
    assert result(req, profile=profile(target_locations=[nfc, "København"]), evidence=[
        ev("interview", location="Munchen"), ev("interview", location=f"{nfd}, DE"), ev("interview", location="KOBENHAVN"),
    ], endorsements=[endorsement(location="MÜNCHEN")]) == (4, 4, "")
    assert result(req, profile=profile(target_locations=[nfd]), evidence=[ev("interview", location=nfc)]) == (
        1, 4, "needs 3 more interviews or endorsements in a target location")
    assert result(req, profile=profile(target_locations=["Munchen"]), evidence=[ev("interview", location="Münster")]) == (
        0, 4, "needs 4 more interviews or endorsements in a target location")


def test_local_contacts_are_interviews_or_endorsements_in_a_target_location():
    req = {"check": "local_contacts", "count": 2}
    here = profile(target_locations=["Amsterdam", "Berlin"])
    assert result(req, profile=here, evidence=[
        ev("interview", location="Amsterdam, NL"),  # counts: contains a target location
        ev("project", location="Amsterdam"),        # not an interview
        ev("interview", location="Paris"),          # not a target location
        ev("interview"),                            # no location
    ]) == (1, 2, "needs 1 more interview or endorsement in a target location")
    assert result(req, profile=here, evidence=[ev("interview", location="berlin")],
                  endorsements=[endorsement(location="Amsterdam")]) == (2, 2, "")
    assert result(req, profile=profile()) == (0, 2, "needs 2 more interviews or endorsements in a target location")
    assert result(req, evidence=[ev("interview", location="Amsterdam")]) == (
        0, 2, "needs 2 more interviews or endorsements in a target location"
    )


# --- after a credential, milestones ----------------------------------------------------------


def test_after_credential_needs_a_credential_first():
    req = {"check": "after_credential", "count": 1, "kind": ["assignment", "project"]}
    assert result(req, evidence=[ev("project")]) == (0, 1, "needs a certification or course first")


def test_after_credential_counts_later_evidence_of_the_kinds_and_later_milestones():
    req = {"check": "after_credential", "count": 2, "kind": ["assignment", "project"]}
    credential = ev("course", date=D(2026, 3, 1))
    before = ev("project", date=D(2026, 2, 1))
    same_day = ev("project", date=D(2026, 3, 1))
    talk = ev("talk", date=D(2026, 5, 1))
    assert result(req, evidence=[credential, before, same_day, talk]) == (
        0, 2, "needs 2 more assignments, projects or done milestones after the credential"
    )
    assert label(req) == "at least 2 assignments, projects or done milestones dated after the first credential"
    later = ev("assignment", date=D(2026, 4, 1))
    assert result(req, evidence=[credential, later]) == (
        1, 2, "needs 1 more assignment, project or done milestone after the credential"
    )
    with_milestone = goal(milestones=[{"title": "apply", "due": D(2026, 6, 1), "done": D(2026, 5, 1)},
                                      {"title": "old", "due": D(2026, 1, 1), "done": D(2026, 1, 1)}])
    assert result(req, goals=[with_milestone], evidence=[credential, later]) == (2, 2, "")


def test_after_credential_does_not_count_a_milestone_only_planned():
    """A future milestone (`Apply for APM roles`, due next year) is no application yet."""
    req = {"check": "after_credential", "count": 1, "kind": ["assignment", "project"]}
    planned = goal(milestones=[{"title": "Apply for APM roles", "due": D(2027, 3, 1)}])
    assert result(req, goals=[planned], evidence=[ev("certification", date=D(2026, 3, 1))]) == (
        0, 1, "needs 1 more assignment, project or done milestone after the credential"
    )
    assert label({**req, "kind": ["project"], "count": 1}) == "at least 1 project or done milestone dated after the first credential"
    done_later = goal(milestones=[{"title": "Apply for APM roles", "due": D(2027, 3, 1), "done": D(2027, 1, 10)}])
    assert result(req, goals=[done_later], evidence=[ev("certification", date=D(2026, 3, 1))])[0] == 0  # not until 10 Jan


def test_evidence_and_endorsements_dated_after_today_do_not_count_yet():
    """A course booked for January is no credibility in November, as a milestone done in
    January is not done yet and a counted indicator leaves the course out until then."""
    booked = ev("course", date=D(2027, 1, 10))
    assert result({"check": "evidence", "count": 1, "kind": ["certification", "course"]}, evidence=[booked]) == (
        0, 1, "needs 1 more certification or course")
    assert result({"check": "after_credential", "count": 1}, evidence=[ev("course"), booked]) == (
        0, 1, "needs 1 more done milestone or evidence after the credential")
    assert result({"check": "skills", "count": 1}, evidence=[ev(date=D(2026, 11, 21), skills=["SQL"])]) == (
        0, 1, "needs 1 more distinct skill in linked evidence")
    promised = endorsement(date=D(2026, 12, 1))
    assert result({"check": "endorsements", "count": 1}, endorsements=[promised]) == (
        0, 1, "needs 1 more endorsement from a distinct stakeholder")
    assert result({"check": "evidence", "count": 1}, evidence=[ev(date=TODAY)]) == (1, 1, "")
    assert result({"check": "endorsements", "count": 1}, endorsements=[endorsement(date=TODAY)]) == (1, 1, "")


def test_after_credential_uses_the_first_credential_and_done_dates():
    req = {"check": "after_credential", "count": 2, "kind": ["project"]}
    milestone_done_late = goal(milestones=[{"title": "m", "due": D(2026, 1, 1), "done": D(2026, 4, 1)}])
    evidence = [ev("certification", date=D(2026, 5, 1)), ev("course", date=D(2026, 3, 1)), ev("project", date=D(2026, 4, 1))]
    assert result(req, goals=[milestone_done_late], evidence=evidence) == (2, 2, "")


def test_after_credential_of_any_kind():
    req = {"check": "after_credential", "count": 1}
    evidence = [ev("course", date=D(2026, 3, 1)), ev("talk", date=D(2026, 3, 2))]
    assert result(req, evidence=evidence) == (1, 1, "")
    assert result(req, evidence=evidence[:1]) == (0, 1, "needs 1 more done milestone or evidence after the credential")
    assert result({**req, "count": 2}, evidence=evidence[:1]) == (
        0, 2, "needs 2 more done milestones or evidence after the credential"
    )
    assert label(req) == "at least 1 done milestone or evidence dated after the first credential"


def test_milestones_with_due_dates():
    req = {"check": "milestones", "count": 3}
    two = goal(milestones=[{"title": "a", "due": D(2026, 2, 1)}, {"title": "b", "due": D(2026, 3, 1)}])
    assert result(req, goals=[two]) == (2, 3, "needs 1 more milestone with a due date")
    assert result(req) == (0, 3, "needs 3 more milestones with due dates")
    assert result(req, goals=[two, goal(milestones=[{"title": "c", "due": D(2026, 4, 1)}])]) == (3, 3, "")
    assert label(req) == "at least 3 milestones with due dates"
    assert label({**req, "count": 1}) == "at least 1 milestone with a due date"


def test_label_overrides_the_generated_one():
    assert label({"check": "milestones", "count": 3, "label": "a dated plan"}) == "a dated plan"


# --- what the author is told to do ------------------------------------------------------------


def how(requirement: dict, **parts) -> str:
    """The hint `check` gives for an unmet requirement: what to write, and where."""
    framework = Framework.model_validate({"title": "F", "steps": [{"id": "s", "title": "S", "requires": [requirement]}]})
    [req] = evaluate("f", framework, subject(**parts)).steps[0].requirements
    assert not req.met
    return req.how


def lead_goal(**fields) -> Goal:
    lead = goal(**fields)
    lead._id = "lead"
    return lead


@pytest.mark.parametrize(("requirement", "hint"), [
    ({"check": "evidence", "ladder": "baseline"}, "add evidence with `ladder: baseline`, and link it to the goal with `goals: [lead]`"),
    ({"check": "evidence", "ladder": "stretch", "with_metrics": True},
     "add evidence with `ladder: stretch` and a metric with `before:` and `after:`, and link it to the goal with `goals: [lead]`"),
    ({"check": "evidence", "count": 2, "kind": ["interview"]},
     "add evidence of `kind: interview`, and link it to the goal with `goals: [lead]`"),
    ({"check": "evidence", "kind": ["certification", "course"]},
     "add evidence of `kind: certification` or `kind: course`, and link it to the goal with `goals: [lead]`"),
    ({"check": "evidence"}, "add evidence, and link it to the goal with `goals: [lead]`"),
    ({"check": "endorsements", "count": 2},
     "ask someone who has not endorsed this work yet for an endorsement, and link it to the goal with `goals: [lead]`"),
    ({"check": "endorsements", "count": 2, "distinct_authors": False},
     "ask someone who knows the work for an endorsement, and link it to the goal with `goals: [lead]`"),
    ({"check": "skills", "count": 3}, "list the skills each piece of work shows under `skills:` in its evidence"),
    ({"check": "case_body", "cites": True}, 'write a case that builds on the goal: `goalfolio new case "Title" --goal lead`'),
    ({"check": "gaps", "kind": ["visa", "credential", "language"], "with_plan": True},
     "add a gap of `kind: visa`, `kind: credential` or `kind: language`, with a `plan:`, under the goal's `gaps:`"),
    ({"check": "gaps"}, "add a gap under the goal's `gaps:`"),
    ({"check": "profile", "field": "target_locations"}, "fill in `target_locations:` in content/profile.md"),
    ({"check": "local_contacts", "count": 2}, "name the places you aim to work in under `target_locations:` in content/profile.md"),
    ({"check": "after_credential", "kind": ["assignment", "project"]},
     "add the credential as evidence of `kind: certification` or `kind: course`, and link it to the goal with `goals: [lead]`"),
    ({"check": "milestones", "count": 3}, "add milestones, each with a `due:` date, under the goal's `milestones:`"),
])
def test_an_unmet_requirement_tells_the_author_what_to_write_and_where(requirement, hint):
    """The hint said only "the step asks for" what the message had just said was missing."""
    assert how(requirement, goals=[lead_goal()]) == hint


def test_a_case_body_hint_follows_what_the_body_lacks():
    req = {"check": "case_body", "cites": True}
    assert how(req, body="  \n") == "write the case's narrative below its front matter"
    assert how(req, body="A story.") == "cite the evidence each claim rests on, e.g. `[[evidence-id]]` after the claim"


def test_a_gap_without_a_plan_is_named_in_the_hint():
    gaps = [{"need": "Work permit", "kind": "visa"}]
    assert how({"check": "gaps", "kind": ["visa"], "with_plan": True}, goals=[lead_goal(gaps=gaps)]) == (
        "add `plan:` to the gap `Work permit`: how you will close it, and by when")


def test_the_local_contacts_hint_names_the_target_locations():
    req = {"check": "local_contacts", "count": 2}
    assert how(req, profile=profile(target_locations=["Amsterdam", "Berlin"])) == (
        "give an interview (`kind: interview`) or an endorsement of the goal a `location:` in Amsterdam or Berlin")


def test_the_after_credential_hint_gives_the_credentials_date():
    req = {"check": "after_credential", "kind": ["assignment", "project"]}
    assert how(req, evidence=[ev("course", date=D(2026, 2, 1))]) == (
        "after the first credential (2026-02-01), mark a milestone of the goal `done:` or add evidence of "
        "`kind: assignment` or `kind: project`")
    assert how({"check": "after_credential"}, evidence=[ev("course", date=D(2026, 2, 1))]) == (
        "after the first credential (2026-02-01), mark a milestone of the goal `done:` or add evidence")


def test_a_case_with_its_own_lists_is_told_to_list_the_items_there():
    """Linking evidence to the goal adds nothing to a case that lists its own."""
    framework = BUILTIN_FRAMEWORKS["evidence-ladder"]
    listed = Subject([lead_goal()], [], [], None, "A story.", 0, TODAY, frozenset({"evidence", "endorsements"}))
    hints = [r.how for s in evaluate("evidence-ladder", framework, listed).steps for r in s.requirements]
    assert hints[:3] == [
        "add evidence with `ladder: baseline`, and list it under the case's `evidence:`",
        "add evidence with `ladder: stretch` and a metric with `before:` and `after:`, and list it under the case's `evidence:`",
        "ask someone who has not endorsed this work yet for an endorsement, and list it under the case's `endorsements:`",
    ]


# --- frameworks as a whole -------------------------------------------------------------------


def test_builtin_frameworks_have_the_documented_steps():
    assert {name: [s.id for s in f.steps] for name, f in BUILTIN_FRAMEWORKS.items()} == {
        "evidence-ladder": ["baseline-impact", "stretch-project", "stakeholder-validation", "narrative-synthesis"],
        "pivot-bridge": ["map-transferables", "acquire-credibility", "network-proof", "apply-selectively"],
        "mobility-playbook": ["regulatory-scan", "market-positioning", "local-network", "transition-plan"],
    }


def test_evidence_ladder_readiness():
    readiness = evaluate("evidence-ladder", BUILTIN_FRAMEWORKS["evidence-ladder"], subject(
        evidence=[ev(ladder="baseline"), ev(ladder="stretch", metrics=[{"name": "m", "before": 1, "after": 2}])],
        endorsements=[endorsement("Bo")],
        body="See [[x]].", cited=1,
    ))
    assert (readiness.framework_id, readiness.title, readiness.met, readiness.ratio) == ("evidence-ladder", "Evidence Ladder", 3, 0.75)
    assert [(s.title, s.met, [r.missing for r in s.requirements]) for s in readiness.steps] == [
        ("Baseline impact", True, [""]),
        ("Stretch project", True, [""]),
        ("Stakeholder validation", False, ["needs 1 more endorsement from a distinct stakeholder"]),
        ("Narrative synthesis", True, [""]),
    ]


def test_pivot_bridge_step_with_two_requirements():
    readiness = evaluate("pivot-bridge", BUILTIN_FRAMEWORKS["pivot-bridge"], subject(
        evidence=[ev("course"), ev("interview"), ev("interview")],
    ))
    steps = {s.id: s for s in readiness.steps}
    assert [r.missing for r in steps["acquire-credibility"].requirements] == ["", "needs 1 more project"]
    assert [r.missing for r in steps["network-proof"].requirements] == ["", "needs 1 more referral"]
    assert readiness.met == 0


def test_mobility_playbook_fully_met():
    readiness = evaluate("mobility-playbook", BUILTIN_FRAMEWORKS["mobility-playbook"], subject(
        goals=[goal(
            gaps=[{"need": "Dutch A2", "kind": "language", "plan": "course"}],
            milestones=[{"title": t, "due": D(2026, m, 1)} for t, m in (("a", 2), ("b", 3), ("c", 4))],
        )],
        profile=profile(target_locations=["Amsterdam"]),
        evidence=[ev("interview", location="Amsterdam")],
        endorsements=[endorsement(location="Amsterdam")],
    ))
    assert (readiness.met, readiness.ratio) == (4, 1.0)


def test_user_frameworks_validate_like_built_ins():
    config = SiteConfig.model_validate({"title": "t", "frameworks": {"skill-mastery": {
        "title": "Skill mastery",
        "steps": [{"id": "teach", "title": "Present learnings", "requires": [{"check": "evidence", "kind": ["talk"]}]}],
    }}})
    readiness = evaluate("skill-mastery", config.frameworks["skill-mastery"], subject(evidence=[ev("talk")]))
    assert (readiness.met, readiness.steps[0].requirements[0].label) == (1, "at least 1 talk")


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        ({"check": "evidence", "kind": ["projet"]},
         "`projet` is not an evidence kind; use one of: project, result, certification, course, talk, "
         "publication, interview, referral, assignment, other"),
        ({"check": "gaps", "kind": ["project"]},
         "`project` is not a gap kind; use one of: skill, credential, experience, network, language, visa"),
        ({"check": "profile"},
         "a `profile` requirement needs `field:` naming a profile field (name, headline, role, organisation, "
         "location, target_locations, languages, links, email, photo)"),
        ({"check": "profile", "field": "target_location"},
         "a `profile` requirement needs `field:` naming a profile field (name, headline, role, organisation, "
         "location, target_locations, languages, links, email, photo)"),
        ({"check": "evidences"},
         "`frameworks.mine.steps[0].requires[0].check` must be one of evidence, endorsements, skills, case_body, "
         "gaps, profile, local_contacts, after_credential, milestones; got `evidences`"),
    ],
)
def test_requirements_that_could_never_be_met_are_errors(tmp_path, load_project, requirement, message):
    config = yaml.safe_dump({"title": "t", "frameworks": {"mine": {"title": "Mine", "steps": [
        {"id": "s", "title": "S", "requires": [requirement]}]}}}, sort_keys=False)
    with pytest.raises(UserError) as caught:
        load_project(tmp_path, config=config)
    assert [d.message for d in caught.value.diagnostics] == [message]


# A project's framework of one step, whose requirements a test appends (line 9 on).
ONE_STEP_FRAMEWORK = "title: t\nframeworks:\n  mine:\n    title: Mine\n    steps:\n      - id: s\n        title: S\n        requires:\n"


def one_step_problems(tmp_path, load_project, requirements: str) -> list[str]:
    """The diagnostics of a config whose one framework step has `requirements` (from line 9)."""
    with pytest.raises(UserError) as caught:
        load_project(tmp_path, config=ONE_STEP_FRAMEWORK + requirements)
    return [d.format() for d in caught.value.diagnostics]


def test_an_option_its_check_does_not_read_is_an_error_at_the_option(tmp_path, load_project):
    """`with_plan` on an `evidence` requirement would be ignored, and the step read as stricter
    than it is; like an unknown field, it is reported where it is written."""
    requirements = ("          - {check: evidence, count: 2, with_plan: true}\n"
                    "          - {check: profile, field: email, count: 2}\n"
                    "          - {check: skills, count: 3, label: three skills}\n")
    assert one_step_problems(tmp_path, load_project, requirements) == [
        "goalfolio.yaml:9:52: error: `with_plan` does not apply to an `evidence` requirement, "
        "which reads only count, kind, ladder and with_metrics\n"
        "    hint: remove `with_plan`, or use it with a check that reads it: gaps",
        "goalfolio.yaml:10:51: error: `count` does not apply to a `profile` requirement, "
        "which reads only field\n"
        "    hint: remove `count`, or use it with a check that reads it: evidence, endorsements, skills, "
        "gaps, local_contacts, after_credential, milestones",
    ]


def test_a_count_of_zero_is_an_error_at_the_value(tmp_path, load_project):
    """A requirement of 0 is met with nothing: its step, and the readiness a case shows a
    manager, would claim what no evidence supports."""
    requirements = "          - {check: evidence, count: 0, kind: [talk]}\n          - check: milestones\n            count: 0\n"
    assert one_step_problems(tmp_path, load_project, requirements) == [
        "goalfolio.yaml:9:38: error: `count: 0` is always met, so this requirement checks nothing\n"
        "    hint: write a count of 1 or more, or remove the requirement",
        "goalfolio.yaml:11:20: error: `count: 0` is always met, so this requirement checks nothing\n"
        "    hint: write a count of 1 or more, or remove the requirement",
    ]


def test_requirement_defaults():
    req = Requirement.model_validate({"check": "evidence"})
    assert (req.count, req.kind, req.ladder, req.with_metrics, req.distinct_authors) == (1, [], None, False, True)
