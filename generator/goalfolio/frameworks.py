"""Coaching frameworks as data, and how far a set of goals, evidence and endorsements meets one.

The built-in frameworks have the same shape a user writes under `frameworks:` in
goalfolio.yaml, so they are checked by the same code and documented by the same schema.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .errors import listed, plural
from .models import Endorsement, Evidence, Goal, Profile
from .siteconfig import Framework, Requirement
from .urls import folded, skill_slug

BUILTIN_FRAMEWORKS: dict[str, Framework] = {
    name: Framework.model_validate(data)
    for name, data in {
        "evidence-ladder": {
            "title": "Evidence Ladder",
            "description": "For a promotion or title change: climb from documented results to a case.",
            "steps": [
                {"id": "baseline-impact", "title": "Baseline impact",
                 "requires": [{"check": "evidence", "count": 1, "ladder": "baseline"}]},
                {"id": "stretch-project", "title": "Stretch project",
                 "requires": [{"check": "evidence", "count": 1, "ladder": "stretch", "with_metrics": True}]},
                {"id": "stakeholder-validation", "title": "Stakeholder validation",
                 "requires": [{"check": "endorsements", "count": 2, "distinct_authors": True}]},
                {"id": "narrative-synthesis", "title": "Narrative synthesis",
                 "requires": [{"check": "case_body", "cites": True}]},
            ],
        },
        "pivot-bridge": {
            "title": "Pivot Bridge",
            "description": "For a career change: prove the bridge from your background to the target field.",
            "steps": [
                {"id": "map-transferables", "title": "Map transferables",
                 "requires": [{"check": "skills", "count": 3}]},
                {"id": "acquire-credibility", "title": "Acquire credibility",
                 "requires": [{"check": "evidence", "count": 1, "kind": ["certification", "course"]},
                              {"check": "evidence", "count": 1, "kind": ["project"]}]},
                {"id": "network-proof", "title": "Network proof",
                 "requires": [{"check": "evidence", "count": 2, "kind": ["interview"]},
                              {"check": "evidence", "count": 1, "kind": ["referral"]}]},
                {"id": "apply-selectively", "title": "Apply selectively",
                 "requires": [{"check": "after_credential", "count": 1, "kind": ["assignment", "project"]}]},
            ],
        },
        "mobility-playbook": {
            "title": "Mobility Playbook",
            "description": "For working abroad: requirements, market, local network and a timed move.",
            "steps": [
                {"id": "regulatory-scan", "title": "Regulatory scan",
                 "requires": [{"check": "gaps", "count": 1, "kind": ["visa", "credential", "language"], "with_plan": True}]},
                {"id": "market-positioning", "title": "Market positioning",
                 "requires": [{"check": "profile", "field": "target_locations", "label": "target locations named in the profile"}]},
                {"id": "local-network", "title": "Local network",
                 "requires": [{"check": "local_contacts", "count": 2}]},
                {"id": "transition-plan", "title": "Transition plan",
                 "requires": [{"check": "milestones", "count": 3}]},
            ],
        },
    }.items()
}


@dataclass(frozen=True)
class Subject:
    """What a framework is checked against: a case, or a goal on its own."""

    goals: list[Goal]
    evidence: list[Evidence]
    endorsements: list[Endorsement]
    profile: Profile | None
    body: str | None  # the case narrative; None when checking a goal
    cited: int  # how many evidence items the narrative cites
    today: datetime.date  # a milestone is done once its `done` date has come, as in progress
    listed: frozenset[str] = frozenset()  # a case's own lists (`evidence`, `endorsements`), which replace its goals' links


@dataclass(frozen=True)
class RequirementResult:
    label: str
    have: int
    need: int
    missing: str  # empty when met; for the author (`check`): what to add, and where
    evidence: tuple[str, ...] = ()  # ids of the evidence that counts for it, for a case page to show by step
    shown_missing: str = ""  # what is missing in a page reader's words, where the author's note names files or markup
    how: str = ""  # for the author (`check`'s hint): what to write, and where, to meet it

    @property
    def met(self) -> bool:
        return not self.missing

    @property
    def shortfall(self) -> str:
        """What is missing, as the pages say it to their readers (a manager reading a case):
        without the file, field or citation syntax the author is told to add, and without
        the backticks that mark a name in the terminal."""
        return self.shown_missing or self.missing.replace("`", "")


@dataclass(frozen=True)
class StepResult:
    id: str
    title: str
    requirements: list[RequirementResult]

    @property
    def met(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def evidence(self) -> tuple[str, ...]:
        """The evidence the step's requirements count, each once, in their order."""
        return tuple(dict.fromkeys(e for r in self.requirements for e in r.evidence))


@dataclass(frozen=True)
class Readiness:
    framework_id: str
    title: str
    steps: list[StepResult]
    description: str = ""  # what the framework is for, as its definition says

    @property
    def met(self) -> int:
        return sum(step.met for step in self.steps)

    @property
    def ratio(self) -> float:
        return self.met / len(self.steps)


def evaluate(framework_id: str, framework: Framework, subject: Subject) -> Readiness:
    subject = _as_of_today(subject)
    steps = [
        StepResult(step.id, step.title, [_check(req, subject) for req in step.requires])
        for step in framework.steps
    ]
    return Readiness(framework_id, framework.title, steps, framework.description)


def _as_of_today(subject: Subject) -> Subject:
    """Evidence and endorsements count from their date, as a milestone counts from the day it
    was done and a counted indicator from its items' dates: a course booked for January is no
    credibility in November, and a case is not ready on the strength of it."""
    return replace(subject, evidence=[e for e in subject.evidence if e.date <= subject.today],
                   endorsements=[e for e in subject.endorsements if e.date <= subject.today])


def _check(req: Requirement, subject: Subject) -> RequirementResult:
    return _CHECKS[req.check](req, subject)


def _counted(req: Requirement, have: int, label: str, missing_one: str, missing_many: str,
             evidence: Iterable[Evidence] = (), how: str = "") -> RequirementResult:
    short = max(req.count - have, 0)
    missing = "" if short == 0 else (missing_one if short == 1 else missing_many.format(n=short))
    return RequirementResult(req.label or label, have, req.count, missing, tuple(e.id for e in evidence), how=how)


def _linked(subject: Subject, field: str) -> str:
    """Where an item must be to count: in a case's own list when it has one, else linked to a goal."""
    if field in subject.listed:
        return f"list it under the case's `{field}:`"
    return f"link it to the goal with `goals: [{subject.goals[0].id if subject.goals else '<goal-id>'}]`"


def _kind_values(kinds: list[str]) -> str:
    """`kind: talk` or `kind: publication`, as the author writes them."""
    return listed([f"`kind: {kind}`" for kind in kinds], "or")


def _kinds(req: Requirement, default: str | None = None, many: bool = False) -> str:
    """The requirement's kinds as words: `talk or publication`, or with `many` `talks or publications`;
    without kinds, `default`, else a piece (or pieces) of evidence."""
    if not req.kind:
        if default is not None:
            return default
        return "pieces of evidence" if many else "piece of evidence"
    return listed([f"{kind}s" if many else kind for kind in req.kind], "or")


def _evidence(req: Requirement, subject: Subject) -> RequirementResult:
    matching = [
        e for e in subject.evidence
        if (not req.kind or e.kind in req.kind)
        and (req.ladder is None or e.ladder == req.ladder)
        and (not req.with_metrics or any(m.before is not None for m in e.metrics))
    ]
    rest = (f" on the `{req.ladder}` rung" if req.ladder else "") + (" with a before-and-after metric" if req.with_metrics else "")
    one, many = _kinds(req) + rest, _kinds(req, many=True) + rest
    fields = ([f"`ladder: {req.ladder}`"] if req.ladder else []) + (["a metric with `before:` and `after:`"] if req.with_metrics else [])
    how = (f"add evidence{f' of {_kind_values(req.kind)}' if req.kind else ''}{f' with {listed(fields)}' if fields else ''}, "
           f"and {_linked(subject, 'evidence')}")
    return _counted(req, len(matching), f"at least {req.count} {plural(req.count, one, many)}",
                    f"needs 1 more {one}", f"needs {{n}} more {many}", matching, how)


def _endorsements(req: Requirement, subject: Subject) -> RequirementResult:
    authors = {_author(e) for e in subject.endorsements} if req.distinct_authors else None
    have = len(authors) if authors is not None else len(subject.endorsements)
    one, many = (("endorsement from a distinct stakeholder", "endorsements from distinct stakeholders")
                 if req.distinct_authors else ("endorsement", "endorsements"))
    who = "someone who has not endorsed this work yet" if req.distinct_authors else "someone who knows the work"
    return _counted(req, have, f"at least {req.count} {plural(req.count, one, many)}",
                    f"needs 1 more {one}", f"needs {{n}} more {many}",
                    how=f"ask {who} for an endorsement, and {_linked(subject, 'endorsements')}")


def _author(endorsement: Endorsement) -> str:
    """Who an endorsement counts as from: an anonymous one, as from someone of its own. By its
    name, a checklist that counts one author behind it and a named one would say who wrote it."""
    return f"anonymous:{endorsement.id}" if endorsement.is_anonymous else endorsement.author.casefold()


def _skills(req: Requirement, subject: Subject) -> RequirementResult:
    skills = {skill_slug(s) for e in subject.evidence for s in e.skills}  # one skill per skill page
    return _counted(req, len(skills), f"at least {req.count} {plural(req.count, 'distinct skill', 'distinct skills')} shown in evidence",
                    "needs 1 more distinct skill in linked evidence", "needs {n} more distinct skills in linked evidence",
                    how="list the skills each piece of work shows under `skills:` in its evidence")


def _case_body(req: Requirement, subject: Subject) -> RequirementResult:
    """One label for what the requirement asks, whatever the body: a narrative asked for
    without citations is not "citing evidence" on the page or in the hint."""
    label = req.label or ("a narrative citing evidence" if req.cites else "a written case narrative")
    if subject.body is None:
        goal = subject.goals[0].id if subject.goals else "<goal-id>"
        return RequirementResult(label, 0, 1, "needs a case for this goal",
                                 how=f"write a case that builds on the goal: `goalfolio new case \"Title\" --goal {goal}`")
    if not subject.body.strip():
        return RequirementResult(label, 0, 1, "needs a narrative in the case body",
                                 how="write the case's narrative below its front matter")
    if req.cites and subject.cited == 0:
        return RequirementResult(label, 0, 1, "needs the narrative to cite evidence with [[evidence-id]]",
                                 shown_missing="the narrative cites no evidence yet",
                                 how="cite the evidence each claim rests on, e.g. `[[evidence-id]]` after the claim")
    return RequirementResult(label, 1, 1, "")


def _gaps(req: Requirement, subject: Subject) -> RequirementResult:
    gaps = [g for goal in subject.goals for g in goal.gaps if not req.kind or g.kind in req.kind]
    kinds = _kinds(req, "")
    what = f"{kinds} gap".strip()
    label = f"at least {req.count} {plural(req.count, what, what + 's')}" + (" with a plan" if req.with_plan else "")
    if req.with_plan:
        unplanned = [g for g in gaps if not g.plan.strip()]
        if unplanned:
            return RequirementResult(req.label or label, len(gaps) - len(unplanned), req.count,
                                     f"needs a plan for the gap `{unplanned[0].need}`",
                                     how=f"add `plan:` to the gap `{unplanned[0].need}`: how you will close it, and by when")
    gap = f"a gap{f' of {_kind_values(req.kind)}' if req.kind else ''}{', with a `plan:`,' if req.with_plan else ''}"
    return _counted(req, len(gaps), label, f"needs 1 more {what}", f"needs {{n}} more {what}s",
                    how=f"add {gap} under the goal's `gaps:`")


def _profile(req: Requirement, subject: Subject) -> RequirementResult:
    value = getattr(subject.profile, req.field, None) if subject.profile else None
    label = req.label or f"`{req.field}` in the profile"
    return RequirementResult(label, 1 if value else 0, 1, "" if value else f"needs `{req.field}` in profile.md",
                             shown_missing="not given yet", how=f"fill in `{req.field}:` in content/profile.md")


def _local_contacts(req: Requirement, subject: Subject) -> RequirementResult:
    places = [p for p in map(folded, subject.profile.target_locations if subject.profile else []) if p]

    def local(where: str) -> bool:
        """`Munchen, DE` is in `München`: places are compared as readers match them (`folded`)."""
        here = folded(where)
        return bool(here) and any(p in here or here in p for p in places)

    interviews = [e for e in subject.evidence if e.kind == "interview" and local(e.location)]
    have = len(interviews) + sum(1 for e in subject.endorsements if local(e.location))
    targets = [t for t in subject.profile.target_locations if folded(t)] if subject.profile else []
    how = (f"give an interview (`kind: interview`) or an endorsement of the goal a `location:` in {listed(targets, 'or')}"
           if targets else "name the places you aim to work in under `target_locations:` in content/profile.md")
    return _counted(req, have, f"at least {req.count} {plural(req.count, 'interview or endorsement', 'interviews or endorsements')} in a target location",
                    "needs 1 more interview or endorsement in a target location",
                    "needs {n} more interviews or endorsements in a target location", interviews, how)


def _after_credential(req: Requirement, subject: Subject) -> RequirementResult:
    """Done milestones count with the evidence: a milestone only planned is no proof yet."""
    dates = [e.date for e in subject.evidence if e.kind in ("certification", "course")]
    if req.kind:
        one = listed([*req.kind, "done milestone"], "or")
        many = listed([*(f"{kind}s" for kind in req.kind), "done milestones"], "or")
    else:
        one, many = "done milestone or evidence", "done milestones or evidence"
    label = f"at least {req.count} {plural(req.count, one, many)} dated after the first credential"
    if not dates:
        return RequirementResult(req.label or label, 0, req.count, "needs a certification or course first",
                                 how=f"add the credential as evidence of `kind: certification` or `kind: course`, "
                                     f"and {_linked(subject, 'evidence')}")
    first: datetime.date = min(dates)
    later = [e for e in subject.evidence if e.date > first and (not req.kind or e.kind in req.kind)]
    have = len(later) + sum(1 for g in subject.goals for m in g.milestones if m.done is not None and first < m.done <= subject.today)
    then = f" or add evidence of {_kind_values(req.kind)}" if req.kind else " or add evidence"
    return _counted(req, have, label, f"needs 1 more {one} after the credential", f"needs {{n}} more {many} after the credential",
                    later, f"after the first credential ({first}), mark a milestone of the goal `done:`{then}")


def _milestones(req: Requirement, subject: Subject) -> RequirementResult:
    have = sum(len(g.milestones) for g in subject.goals)
    return _counted(req, have, f"at least {req.count} {plural(req.count, 'milestone with a due date', 'milestones with due dates')}",
                    "needs 1 more milestone with a due date", "needs {n} more milestones with due dates",
                    how="add milestones, each with a `due:` date, under the goal's `milestones:`")


_CHECKS: dict[str, Callable[[Requirement, Subject], RequirementResult]] = {
    "evidence": _evidence,
    "endorsements": _endorsements,
    "skills": _skills,
    "case_body": _case_body,
    "gaps": _gaps,
    "profile": _profile,
    "local_contacts": _local_contacts,
    "after_credential": _after_credential,
    "milestones": _milestones,
}
