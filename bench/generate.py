"""Write a synthetic goalfolio project of a chosen size, for benchmarks and tests.

Benchmarks need portfolios far larger than anyone writes by hand, and their numbers
are only comparable when the input is byte-for-byte identical between runs. So all
randomness comes from one `random.Random(seed)`, nothing depends on the clock or on
hash order, and front matter is written with PyYAML's pure-Python dumper (whose
output does not change with whether libyaml is installed).

Usage: python bench/generate.py OUT_DIR --items N [--seed 1] [--verify]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TODAY = dt.date(2026, 11, 20)
EARLIEST = dt.date(2022, 1, 1)
BASE_URL = "https://example.github.io/bench/"
AUDIENCES = ["manager"]
MARKER = ".goalfolio-bench"
SECTIONS = ("goals", "evidence", "endorsements", "reviews", "cases")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CITE_RE = re.compile(r"\[\[([^\]]+)\]\]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

SHARES = {"goals": 0.05, "endorsements": 0.12, "reviews": 0.10, "cases": 0.03}
PRIVATE_SHARE = 0.03
ANONYMOUS_SHARE = 0.2

# ---------------------------------------------------------------------------
# Word banks. Bodies are assembled from these so that files differ from one
# another the way real writing does, which matters for parser and cache costs.
# ---------------------------------------------------------------------------

FIRST_NAMES = [
    "Maria", "Daan", "Aisha", "Lukas", "Sofia", "Tomás", "Noor", "Jonas", "Emma", "Kwame",
    "Yuki", "Lars", "Fatima", "Mateo", "Ingrid", "Ravi", "Chloé", "Pieter", "Amara", "Felix",
]
LAST_NAMES = [
    "Jansen", "Okafor", "Müller", "Silva", "de Vries", "Nakamura", "Haddad", "Berg", "Rossi",
    "Kowalski", "Nguyen", "O'Brien", "Andersen", "García", "Bakker", "Mensah", "Dubois", "Shah",
]
ORGANISATIONS = [
    "Northwind", "Brightpath", "Kestrel Labs", "Fjord Analytics", "Tidewater Bank", "Lumen Health",
    "Orbit Logistics", "Canal Street Media", "Helix Energy", "Parcel & Co",
]
CITIES = ["Amsterdam", "Berlin", "Lisbon", "Toronto", "London", "Utrecht", "Copenhagen", "Dublin"]
TEAMS = ["payments", "platform", "growth", "search", "data", "checkout", "identity", "mobile"]
SYSTEMS = [
    "billing service", "search index", "onboarding flow", "data pipeline", "payments API",
    "release train", "design system", "observability stack", "pricing engine", "customer portal",
    "recommendation model", "identity platform", "warehouse scheduler", "support tooling",
]
SKILLS = [
    "Python", "SQL", "system design", "stakeholder management", "mentoring", "public speaking",
    "Kubernetes", "product discovery", "incident response", "data modelling", "negotiation",
    "technical writing", "hiring", "roadmapping", "German", "Dutch", "accessibility",
    "performance tuning", "security review", "budgeting",
]
ROLES = [
    "staff engineer", "engineering manager", "principal engineer", "tech lead",
    "product manager", "data engineering lead", "solutions architect",
]
TOPICS = [
    "boring technology", "incident reviews that help", "migrating without a freeze",
    "writing design docs people read", "metrics that matter", "mentoring at scale",
    "accessibility by default", "cost-aware architecture",
]
EVENTS = ["PyCon", "DevOpsDays", "an internal guild meetup", "FOSDEM", "a customer summit"]
CERTIFICATIONS = [
    "AWS Solutions Architect", "Certified Kubernetes Administrator", "PMP",
    "Professional Scrum Master",
    "Goethe-Zertifikat B2", "Google Data Engineer", "ITIL Foundation",
]
COURSES = [
    "Leading Teams", "Distributed Systems", "Negotiation Essentials", "Data Visualisation",
    "Financial Literacy for Engineers", "Inclusive Hiring", "Dutch A2",
]
METRICS = [
    ("p95 latency", "ms", 180, 900, "down"),
    ("error rate", "%", 0.5, 6.0, "down"),
    ("deploys per week", "deploys", 2, 20, "up"),
    ("monthly cloud cost", "kEUR", 12, 90, "down"),
    ("checkout conversion", "%", 1.5, 6.0, "up"),
    ("onboarding time", "days", 5, 30, "down"),
    ("test coverage", "%", 30, 70, "up"),
    ("incidents per quarter", "incidents", 4, 25, "down"),
    ("lead time", "hours", 12, 120, "down"),
    ("customer satisfaction", "points", 55, 80, "up"),
]
# Indicator rows: name, unit, baseline range, target range, direction. The target range
# lies strictly beyond the baseline range in the direction, so progress is measurable.
LEADING = [
    ("Mentoring sessions per month", "sessions", 0, 2, 4, 8, "up"),
    ("Design documents authored", "documents", 0, 2, 4, 8, "up"),
    ("Study hours per week", "hours", 1, 3, 5, 10, "up"),
    ("Applications sent", "applications", 0, 2, 10, 25, "up"),
    ("Networking conversations", "conversations", 0, 3, 8, 20, "up"),
    ("Code reviews per week", "reviews", 3, 8, 10, 20, "up"),
    ("Meetings without an agenda", "meetings", 6, 12, 0, 3, "down"),
]
LAGGING = [
    ("Services owned", "services", 1, 2, 4, 6, "up"),
    ("Promotion packet readiness", "%", 10, 30, 90, 100, "up"),
    ("Offers received", "offers", 0, 0, 1, 3, "up"),
    ("Exam practice score", "%", 40, 60, 80, 95, "up"),
    ("Incident time to recovery", "minutes", 60, 180, 15, 45, "down"),
    ("Team engagement score", "points", 55, 70, 75, 90, "up"),
]
GOAL_TITLES = {
    "advancement": ["Reach {role} level", "Be promoted to {role}", "Operate at {role} scope"],
    "leadership": ["Lead the {team} team", "Build a team of {n}", "Run the {team} guild"],
    "education": ["Earn the {cert}", "Complete {course}", "Reach fluency in {skill}"],
    "personal": ["Speak at {n} conferences", "Publish {n} articles", "Protect focus time"],
    "mobility": ["Move to {city} as {role}", "Find a {role} role in {city}"],
}
GOAL_FRAMEWORKS: dict[str, list[str | None]] = {
    "advancement": ["evidence-ladder"],
    "leadership": ["evidence-ladder", None],
    "education": ["pivot-bridge", None],
    "personal": [None],
    "mobility": ["mobility-playbook"],
}
GAP_NEEDS = [
    ("Experience leading a cross-team project", "experience"),
    ("A recognised cloud certification", "credential"),
    ("Contacts at companies in the target city", "network"),
    ("Conversational {language}", "language"),
    ("Confidence presenting to executives", "skill"),
    ("Budget ownership", "experience"),
    ("Deeper {skill}", "skill"),
]
EVIDENCE_TITLES = {
    "project": ["Led the {system} migration", "Rebuilt the {system}", "Redesigned the {system}"],
    "result": ["Cut {metric} on the {system}", "Improved {metric} for the {team} team"],
    "certification": ["Passed the {cert} exam"],
    "course": ["Completed {course}"],
    "talk": ["Talk on {topic} at {event}"],
    "publication": ["Article on {topic}"],
    "interview": ["Interview with {org} for {role}"],
    "referral": ["Referral to {org} from {person}"],
    "assignment": ["Stretch assignment on the {system}", "Acting lead for the {team} team"],
    "other": ["Organised a {team} hackathon", "Ran the {topic} reading group"],
}
EVIDENCE_KIND_WEIGHTS = {
    "project": 24, "result": 20, "certification": 5, "course": 8, "talk": 8, "publication": 6,
    "interview": 9, "referral": 4, "assignment": 10, "other": 6,
}
RELATIONSHIPS = ["manager", "peer", "stakeholder", "report", "mentor", "client"]

CONTEXT = [
    "The {system} had grown without a clear owner, and every release touched it.",
    "When I joined the {team} team, the {system} was the main source of on-call pages.",
    "Customers had been asking for a faster {system} for at least {n} quarters.",
    "Our {metric} had drifted for months and nobody could say exactly why.",
    "Leadership wanted a plan for the {system} before the {quarter} planning cycle.",
    "The work sat between three teams, so decisions tended to stall in review.",
    "Two earlier attempts to fix the {system} had been paused for lack of data.",
    "I took on the problem because it matched my goal of growing in {skill}.",
    "The {team} team was two people short after a reorganisation in {quarter}.",
    "A partner in {city} depended on the {system} for their month-end reporting.",
]
ACTION = [
    "I wrote a short design document and reviewed it with {person} and the {team} team.",
    "I split the change into {n} reversible steps so that each one could ship on its own.",
    "I paired with two engineers every week to spread knowledge of the {system}.",
    "I set up a dashboard for {metric} so the whole team could follow progress daily.",
    "I ran {n} interviews with users to understand where the {system} slowed them down.",
    "I negotiated scope with product so that the riskiest part shipped first.",
    "I used {skill} to prototype the change in under {weeks} weeks.",
    "I facilitated a weekly review where we decided what to keep, stop and start.",
    "I drafted the rollout plan, including a rollback path for every stage.",
    "I mentored {person} through their first on-call rotation on the {system}.",
    "I presented the trade-offs to the leadership group and asked for a clear decision.",
    "I documented the runbook so that support could handle the common cases alone.",
]
RESULT = [
    "Within {weeks} weeks the {metric} improved by {pct}%, and it has stayed there since.",
    "The change removed roughly {n} hours of manual work from the team every week.",
    "Support tickets about the {system} dropped by {pct}% in the following quarter.",
    "Two other teams adopted the same approach without needing help from us.",
    "The {team} team now owns the {system} with a clear roadmap and budget.",
    "We shipped on the planned date, which had not happened in this area for a year.",
    "The work was cited in the {quarter} engineering review as a model for similar projects.",
    "{person} now leads the follow-up work, which was one of the aims from the start.",
]
REFLECTION = [
    "Looking back, I would involve finance earlier, because cost questions came late.",
    "The main lesson for me was to make the decision log public from day one.",
    "I underestimated how long alignment takes, and I now plan for it explicitly.",
    "This is the clearest example so far of working at the scope of the next level.",
    "It also showed me where I still need practice: saying no to reasonable requests.",
    "Next time I would write the success measures down before writing any code.",
    "The feedback from {person} pushed me to simplify the story for a wider audience.",
    "I want to repeat the pattern on a problem that spans more than one department.",
]
PLAN = [
    "The goal is to work consistently at the next level, not to collect a title.",
    "Each quarter I will pick one piece of work that stretches my {skill}.",
    "I will ask {person} for direct feedback after every milestone.",
    "Progress is measured with leading indicators I control and lagging ones I do not.",
    "If the leading indicators stall for two reviews in a row, I will change the plan.",
    "The plan leaves room for family time and does not depend on working weekends.",
    "I am looking at roles in {city} where {skill} is valued.",
    "Courses are paid from the learning budget of about {n} hundred euros a year.",
    "The biggest risk is that project work crowds out the deliberate practice.",
    "I will share the plan with my manager so that assignments can support it.",
]
PRAISE = [
    "{first} is the person I call when a problem has no obvious owner.",
    "I worked with {first} for {n} years on the {system} and saw their scope grow every quarter.",
    "{first} turned a vague brief into a plan the whole team could follow.",
    "{first} gives feedback that is direct, specific and kind.",
    "When the {system} failed during peak season, {first} kept the response calm and organised.",
    "{first} mentored two engineers who have since been promoted.",
    "{first} writes the clearest design documents in our department.",
    "Stakeholders trust {first} because they hear early when something is at risk.",
    "I would hire {first} again without hesitation.",
    "{first} already works at the level of a {role}.",
    "{first} made the {team} team noticeably better at planning.",
    "Our weekly syncs were short because {first} always came with a proposal.",
    "{first} asked the question in design reviews that everyone else had skipped.",
    "I relied on {first} to translate between engineering and finance.",
    "During the {quarter} reorganisation {first} kept two projects on track.",
    "{first} took over the {system} when it was in poor shape and left it in good order.",
    "New joiners ask to be placed on {first}'s projects.",
    "{first} is generous with credit and quick to own mistakes.",
    "The {team} team still uses the planning template {first} introduced.",
    "I have seen {first} disagree openly and then commit fully to the decision.",
    "{first} brought data to every argument, which kept discussions short.",
    "Customers in {city} asked for {first} by name on the follow-up project.",
    "{first} grew noticeably in {skill} over the time we worked together.",
    "When priorities changed, {first} re-planned within a day and explained why.",
]
REVIEW = [
    "This period the leading indicators moved faster than the lagging ones, as expected.",
    "I spent too much time firefighting on the {system} and too little on the plan.",
    "The most useful conversation was with {person} about the scope of my role.",
    "Two milestones slipped by a few weeks; neither changes the target date.",
    "I will stop saying yes to ad-hoc requests that do not serve a current goal.",
    "Energy was good overall, with one hard month around the {quarter} deadline.",
    "Study time held steady at about {n} hours a week.",
    "Feedback from the {team} team suggests my written updates are landing better.",
    "The {system} work took more of my time than planned, about {n} days in total.",
    "I finally blocked two mornings a week for deep work and kept them.",
    "My manager and I agreed that the next stretch assignment starts in {quarter}.",
    "I said no to {n} requests this period, which felt uncomfortable but right.",
    "Progress on {skill} was slower than hoped because of on-call weeks.",
    "The promotion conversation moved from whether to when.",
    "I need more evidence at stretch level before the next calibration.",
    "Recruiter conversations in {city} were more encouraging than expected.",
]
CASE = [
    "This case argues that {first} already works at the scope of a {role}.",
    "The evidence is ordered from baseline expectations to stretch results.",
    "Each item names the measure it moved and who can confirm it.",
    "The pattern across the evidence is ownership of problems nobody else picked up.",
    "Endorsements from peers and stakeholders confirm the same behaviour from other angles.",
    "The remaining gaps are known, planned and visible in the goal.",
    "Most of the work happened without a formal mandate, which is itself part of the case.",
    "The measures come from team dashboards rather than self-assessment.",
    "Several items were done while covering for an open lead position.",
    "The scope has grown from one team to three over the period covered.",
    "Where results were mixed, the case says so and shows what changed afterwards.",
    "Each stretch item had a sponsor who can speak to it directly.",
]
BULLETS = [
    "Agreed success measures for {metric} with {person}",
    "Wrote the design document and ran the review",
    "Shipped in {n} increments behind a feature flag",
    "Trained {n} colleagues on the new {system}",
    "Kept a weekly decision log shared with stakeholders",
    "Handed ownership over to the {team} team",
    "Presented results at the {quarter} all-hands",
    "Used {skill} and {skill2} day to day",
    "Checked in with {person} every two weeks",
    "Closed {n} long-standing tickets on the way",
]
MILESTONES = [
    "Design document approved", "First stretch project shipped", "Skip-level feedback round",
    "Promotion packet drafted", "Exam booked", "Exam passed", "Three interviews done",
    "Talk proposal accepted", "Successor trained", "Offer negotiated",
]
PHASES = ["Discovery", "Design", "Build", "Rollout", "Follow-up"]
OUTCOMES = ["Scope agreed", "Prototype reviewed", "Shipped to 10%", "Shipped to all", "Handed over"]
DECISIONS = {
    "keep": ["weekly planning on Mondays", "monthly coffee with {person}", "study blocks"],
    "stop": ["ad-hoc requests outside the goals", "late-night on-call swaps", "status meetings"],
    "start": ["writing a monthly update", "asking for feedback after demos", "a {skill} course"],
}


@dataclass
class Item:
    """One content file: its section folder, id (file stem), front matter and body."""

    section: str
    id: str
    meta: dict[str, Any]
    body: str = ""

    @property
    def public(self) -> bool:
        visibility: object = self.meta.get("visibility", "public")
        return visibility == "public"


@dataclass
class Portfolio:
    """Everything generated so far; later item types look up earlier ones to link to."""

    profile: dict[str, Any]
    profile_body: str = ""
    items: dict[str, list[Item]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    public: dict[str, list[Item]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    linked: dict[tuple[str, str], list[Item]] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=lambda: {"profile"})

    def add(self, item: Item) -> Item:
        """Record an item and index it, keeping generation linear in portfolio size."""
        self.items[item.section].append(item)
        self.used_ids.add(item.id)
        if item.public:
            self.public[item.section].append(item)
            for goal_id in item.meta.get("goals", []):
                self.linked.setdefault((item.section, goal_id), []).append(item)
        return item

    def linked_public(self, section: str, goal_ids: list[str]) -> list[Item]:
        """Public items of `section` linked to any of the goals, each once, in order."""
        found = [i for g in goal_ids for i in self.linked.get((section, g), [])]
        return list({i.id: i for i in found}.values())

    def unique_id(self, text: str) -> str:
        """Slug `text`, adding -2, -3, ... so ids stay unique across the whole portfolio."""
        base = slugify(text)
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def counts(self) -> dict[str, int]:
        return {section: len(items) for section, items in self.items.items()}


class Slots(dict[str, str]):
    """Template values: fixed per body for coherence, with numbers drawn fresh per use.

    Also remembers which templates a body has used, so no sentence appears twice in it.
    """

    def __init__(self, rng: random.Random, fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self.rng = rng
        self.used: set[str] = set()

    def __missing__(self, key: str) -> str:
        draws: dict[str, Callable[[], object]] = {
            "n": lambda: self.rng.randint(2, 9),
            "pct": lambda: self.rng.randint(8, 64),
            "weeks": lambda: self.rng.randint(2, 14),
            "skill2": lambda: self.rng.choice(SKILLS),
            "language": lambda: self.rng.choice(["German", "Dutch", "Danish", "Portuguese"]),
        }
        if key not in draws:
            raise KeyError(key)
        return str(draws[key]())


class Writer:
    """Builds ~300-word Markdown bodies from the sentence banks."""

    def __init__(self, rng: random.Random, first_name: str) -> None:
        self.rng = rng
        self.first_name = first_name

    def slots(self, **overrides: str) -> Slots:
        rng = self.rng
        fixed = {
            "system": rng.choice(SYSTEMS), "team": rng.choice(TEAMS), "skill": rng.choice(SKILLS),
            "metric": rng.choice(METRICS)[0], "city": rng.choice(CITIES), "role": rng.choice(ROLES),
            "person": rng.choice(FIRST_NAMES), "quarter": f"Q{rng.randint(1, 4)}",
            "first": self.first_name,
        }
        fixed.update(overrides)
        return Slots(rng, fixed)

    def sentences(self, bank: list[str], k: int, slots: Slots) -> list[str]:
        """k sentences from bank, preferring templates this body has not used yet."""
        fresh = [t for t in bank if t not in slots.used] or bank
        picked = self.rng.sample(fresh, min(k, len(fresh)))
        slots.used.update(picked)
        return [t.format_map(slots) for t in picked]

    def paragraph(self, banks: list[list[str]], slots: Slots) -> list[str]:
        return [s for bank in banks for s in self.sentences(bank, self.rng.randint(1, 2), slots)]

    def bullets(self, slots: Slots, k: int | None = None) -> list[str]:
        return self.sentences(BULLETS, k or self.rng.randint(3, 5), slots)

    def compose(self, blocks: list[Block], filler: list[str], slots: Slots) -> str:
        """Render blocks, first growing paragraphs with filler until the body is ~300 words."""
        target = self.rng.randint(280, 330)
        paragraphs = [b.lines for b in blocks if b.kind == "para"]
        words = word_count(blocks)
        while paragraphs and words < target:
            added = self.sentences(filler, 1, slots)
            self.rng.choice(paragraphs).extend(added)
            words += sum(len(sentence.split()) for sentence in added)
        return "\n\n".join(b.render() for b in blocks) + "\n"


@dataclass
class Block:
    """A Markdown block: heading, paragraph (list of sentences), bullet list or table."""

    kind: str
    lines: list[str]

    def render(self) -> str:
        if self.kind == "heading":
            return f"## {self.lines[0]}"
        if self.kind == "para":
            return " ".join(self.lines)
        if self.kind == "bullets":
            return "\n".join(f"- {line}" for line in self.lines)
        return "\n".join(self.lines)


def heading(text: str) -> Block:
    return Block("heading", [text])


def para(sentences: list[str]) -> Block:
    return Block("para", sentences)


def bullet_list(lines: list[str]) -> Block:
    return Block("bullets", lines)


def table(header: list[str], rows: list[list[object]]) -> Block:
    """A pipe table (GFM), rendered by markdown-it's `table` rule."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return Block("table", lines)


def word_count(blocks: list[Block]) -> int:
    return sum(len(b.render().split()) for b in blocks)


def slugify(text: str, max_words: int = 7) -> str:
    """Lowercase-kebab id from text; accents are folded (Müller -> muller), not dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    return "-".join(words[:max_words]) or "item"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def add_days(day: dt.date, days: int, cap: dt.date = TODAY) -> dt.date:
    return min(day + dt.timedelta(days=days), cap)


def number(value: float) -> int | float:
    """Round to one decimal, as an int when whole, so YAML stays readable."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def exact_share(rng: random.Random, total: int, share: float) -> set[int]:
    """Pick round(total * share) indices, so shares are exact rather than noisy."""
    return set(rng.sample(range(total), round(total * share)))


def plan_counts(items: int) -> dict[str, int]:
    """Split N items: ~5% goals (min 1), 12% endorsements, 10% reviews, 3% cases, rest evidence."""
    if items < 1:
        raise ValueError("items must be at least 1")
    counts = {section: round(items * share) for section, share in SHARES.items()}
    counts["goals"] = max(1, counts["goals"])
    counts["evidence"] = items - sum(counts.values())
    if counts["evidence"] < 1:
        counts["cases"] = 0
        counts["evidence"] = items - sum(v for k, v in counts.items() if k != "evidence")
    return counts


# ---------------------------------------------------------------------------
# Item builders
# ---------------------------------------------------------------------------


def make_profile(rng: random.Random) -> dict[str, Any]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    home, *targets = rng.sample(CITIES, 3)
    return {
        "name": f"{first} {last}",
        "headline": f"Senior engineer growing towards {rng.choice(ROLES)}",
        "role": "Senior software engineer",
        "organisation": rng.choice(ORGANISATIONS),
        "location": home,
        "target_locations": targets,
        "languages": [{"language": "English", "level": "C2"}, {"language": "Dutch", "level": "B1"}],
        "links": [
            {"title": "GitHub", "url": f"https://github.com/{slugify(first + last)}"},
            {"title": "Blog", "url": "https://example.com/blog"},
        ],
        "email": f"{slugify(first)}@example.com",
    }


def profile_body(writer: Writer) -> str:
    slots = writer.slots()
    blocks = [
        heading("About me"),
        para(writer.paragraph([CONTEXT, REFLECTION], slots)),
        heading("What I am working towards"),
        para(writer.paragraph([PLAN], slots)),
        bullet_list(writer.bullets(slots)),
    ]
    return writer.compose(blocks, PLAN + REFLECTION + CONTEXT, slots)


def indicator(
    rng: random.Random, kind: str, row: tuple[Any, ...], used: set[str]
) -> dict[str, Any]:
    name, unit, base_lo, base_hi, target_lo, target_hi, direction = row
    ident = slugify(name, 4)
    while ident in used:
        ident = f"{ident}-{len(used)}"
    used.add(ident)
    entry: dict[str, Any] = {
        "id": ident, "name": name, "kind": kind, "unit": unit,
        "baseline": rng.randint(base_lo, base_hi), "target": rng.randint(target_lo, target_hi),
    }
    if direction == "down":
        entry["direction"] = "down"
    return entry


def make_indicators(rng: random.Random, goal_type: str) -> list[dict[str, Any]]:
    """3-5 indicators, always at least one leading and one lagging."""
    total = rng.randint(3, 5)
    kinds = ["leading", "lagging"] + [rng.choice(["leading", "lagging"]) for _ in range(total - 2)]
    leading, lagging = rng.sample(LEADING, len(LEADING)), rng.sample(LAGGING, len(LAGGING))
    used: set[str] = set()
    result = []
    for kind in kinds:
        row = leading.pop() if kind == "leading" else lagging.pop()
        result.append(indicator(rng, kind, row, used))
    if goal_type == "mobility":
        result[0] = {
            "id": "interviews", "name": "Interviews held", "kind": "leading",
            "unit": "interviews", "baseline": 0, "target": rng.randint(4, 8),
            "count": {"kind": "interview"},
        }
    return result


def make_milestones(rng: random.Random, start: dt.date, target: dt.date) -> list[dict[str, Any]]:
    """3-4 milestones spaced between start and target, all due before the target date."""
    total = rng.randint(3, 4)
    span = (target - start).days
    titles = rng.sample(MILESTONES, total)
    milestones = []
    for i in range(total):
        due = start + dt.timedelta(days=span * (i + 1) // (total + 1))
        entry: dict[str, Any] = {"title": titles[i], "due": due}
        if due < TODAY and rng.random() < 0.7:
            entry["done"] = add_days(due, rng.randint(-20, 20))
        milestones.append(entry)
    return milestones


def goal_title(rng: random.Random, goal_type: str, profile: dict[str, Any]) -> str:
    return rng.choice(GOAL_TITLES[goal_type]).format(
        role=rng.choice(ROLES), team=rng.choice(TEAMS), n=rng.randint(3, 8),
        cert=rng.choice(CERTIFICATIONS), course=rng.choice(COURSES), skill=rng.choice(SKILLS),
        city=rng.choice(profile["target_locations"]),
    )


def goal_status(rng: random.Random, target: dt.date) -> str | None:
    if target < TODAY:
        return rng.choices(["achieved", "dropped", None], [6, 1, 3])[0]
    return rng.choices([None, "active", "paused"], [6, 2, 1])[0]


def make_goal(folio: Portfolio, rng: random.Random, writer: Writer) -> Item:
    goal_type = rng.choices(list(GOAL_TITLES), [4, 2, 2, 1, 2])[0]
    title = goal_title(rng, goal_type, folio.profile)
    start = random_date(rng, EARLIEST, dt.date(2026, 6, 1))
    target = start + dt.timedelta(days=rng.randint(180, 1080))
    meta: dict[str, Any] = {
        "title": title, "type": goal_type, "start": start, "target_date": target,
    }
    status = goal_status(rng, target)
    if status:
        meta["status"] = status
    if rng.random() < 0.3:
        meta["horizon"] = "short" if (target - start).days <= 366 else "long"
    meta["why"] = rng.choice(PLAN).format_map(writer.slots())
    meta["non_negotiables"] = rng.sample(
        ["No weekend work", "Stay close to family", "Keep writing code", "Hybrid at most"], 2
    )
    framework = rng.choice(GOAL_FRAMEWORKS[goal_type])
    if framework:
        meta["framework"] = framework
    meta["indicators"] = make_indicators(rng, goal_type)
    meta["milestones"] = make_milestones(rng, start, target)
    meta["gaps"] = make_gaps(rng, writer)
    meta["feedback"] = rng.sample(["My manager", "Skip-level manager", "Mentor", "Peer group"], 2)
    meta["mobility"] = mobility_text(rng, folio.profile, goal_type)
    earlier = folio.items["goals"]
    if earlier and rng.random() < 0.2:
        parent = rng.choice(earlier)
        if parent.meta["target_date"] >= target:  # a goal serving another is reached by then
            meta["parent"] = parent.id
    meta["tags"] = rng.sample(["career", "craft", "leadership", "learning", "relocation"], 2)
    item = Item("goals", folio.unique_id(title), meta)
    item.body = goal_body(writer, item)
    return item


def make_gaps(rng: random.Random, writer: Writer) -> list[dict[str, Any]]:
    gaps = []
    for need, kind in rng.sample(GAP_NEEDS, rng.randint(1, 3)):
        gap: dict[str, Any] = {"need": need.format_map(writer.slots()), "kind": kind}
        if rng.random() < 0.8:
            gap["plan"] = rng.choice(PLAN).format_map(writer.slots())
        gaps.append(gap)
    return gaps


def mobility_text(rng: random.Random, profile: dict[str, Any], goal_type: str) -> str:
    if goal_type == "mobility":
        city = rng.choice(profile["target_locations"])
        return f"Open to relocating to {city}; visa sponsorship needed, partner can work remotely."
    return rng.choice(["Prefer to stay in the current city.", "Open to hybrid roles nearby."])


def goal_body(writer: Writer, goal: Item) -> str:
    slots = writer.slots()
    rows = [
        [m["title"], m["due"], "done" if "done" in m else "open"] for m in goal.meta["milestones"]
    ]
    blocks = [
        heading("Why this goal"),
        para(writer.paragraph([PLAN, CONTEXT], slots)),
        heading("Plan"),
        bullet_list(writer.bullets(slots)),
        table(["Milestone", "Due", "Status"], rows),
        para(writer.paragraph([PLAN], slots)),
    ]
    if "parent" in goal.meta:
        blocks[1].lines.append(f"This goal supports [[{goal.meta['parent']}]].")
    return writer.compose(blocks, PLAN + REFLECTION + CONTEXT, slots)


def evidence_title(rng: random.Random, kind: str, slots: Slots) -> str:
    return rng.choice(EVIDENCE_TITLES[kind]).format_map(
        Slots(rng, {
            **slots, "cert": rng.choice(CERTIFICATIONS), "course": rng.choice(COURSES),
            "topic": rng.choice(TOPICS), "event": rng.choice(EVENTS),
            "org": rng.choice(ORGANISATIONS),
        })
    )


def make_metrics(rng: random.Random) -> list[dict[str, Any]]:
    metrics = []
    for name, unit, low, high, direction in rng.sample(METRICS, rng.randint(1, 3)):
        before = rng.uniform(low, high)
        change = rng.uniform(0.1, 0.6)
        after = before * (1 - change) if direction == "down" else before * (1 + change)
        metrics.append(
            {"name": name, "before": number(before), "after": number(after), "unit": unit}
        )
    return metrics


def goals_near(folio: Portfolio, day: dt.date) -> list[Item]:
    """Goals running around `day`, so links look plausible; all goals if none are."""
    margin = dt.timedelta(days=120)
    goals = folio.items["goals"]
    near = [g for g in goals if g.meta["start"] - margin <= day <= g.meta["target_date"] + margin]
    return near or goals


def make_evidence(folio: Portfolio, rng: random.Random, writer: Writer, private: bool) -> Item:
    kind = rng.choices(list(EVIDENCE_KIND_WEIGHTS), list(EVIDENCE_KIND_WEIGHTS.values()))[0]
    slots = writer.slots()
    title = evidence_title(rng, kind, slots)
    day = random_date(rng, EARLIEST, TODAY)
    near = goals_near(folio, day)
    goals = rng.sample(near, min(len(near), rng.randint(1, 2)))
    meta: dict[str, Any] = {
        "title": title, "date": day, "kind": kind, "goals": [g.id for g in goals],
    }
    if rng.random() < 0.4:
        meta["ladder"] = rng.choice(["baseline", "stretch"])
    if kind in ("project", "result", "assignment") or rng.random() < 0.4:
        meta["metrics"] = make_metrics(rng)
        slots["metric"] = meta["metrics"][0]["name"]
    meta["skills"] = rng.sample(SKILLS, rng.randint(1, 4))
    if kind in ("interview", "referral", "talk") or rng.random() < 0.1:
        meta["location"] = rng.choice(folio.profile["target_locations"] + CITIES[:2])
    if rng.random() < 0.3:
        meta["links"] = [{"title": "Write-up", "url": f"https://example.com/notes/{slugify(title)}"}]
    if private:
        meta["visibility"] = "private"
    item = Item("evidence", folio.unique_id(f"{day.year} {title}"), meta)
    item.body = evidence_body(folio, rng, writer, item, slots)
    return item


def evidence_table(rng: random.Random, meta: dict[str, Any]) -> Block:
    if "metrics" in meta:
        rows = [[m["name"], m["before"], m["after"], m["unit"]] for m in meta["metrics"]]
        return table(["Measure", "Before", "After", "Unit"], rows)
    count = rng.randint(3, 4)
    rows = [[PHASES[i], rng.randint(1, 6), OUTCOMES[i]] for i in range(count)]
    return table(["Phase", "Weeks", "Outcome"], rows)


def evidence_body(
    folio: Portfolio, rng: random.Random, writer: Writer, item: Item, slots: Slots
) -> str:
    outcome = writer.paragraph([RESULT, REFLECTION], slots)
    if rng.random() < 0.3:
        outcome.append(f"It moved [[{rng.choice(item.meta['goals'])}]] forward.")
    public = folio.public["evidence"]
    if public and rng.random() < 0.15:
        outcome.append(f"It builds on [[{rng.choice(public).id}]].")
    blocks = [
        heading(rng.choice(["Context", "The problem", "Background"])),
        para(writer.paragraph([CONTEXT], slots)),
        heading(rng.choice(["What I did", "Approach", "My part"])),
        para(writer.paragraph([ACTION], slots)),
        bullet_list(writer.bullets(slots)),
        heading(rng.choice(["Outcome", "Results", "Impact"])),
        evidence_table(rng, item.meta),
        para(outcome),
    ]
    return writer.compose(blocks, ACTION + RESULT + REFLECTION, slots)


def make_endorsement(folio: Portfolio, rng: random.Random, writer: Writer, private: bool) -> Item:
    author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    relationship = rng.choice(RELATIONSHIPS)
    public_evidence = folio.public["evidence"]
    cited = rng.sample(public_evidence, min(len(public_evidence), rng.randint(0, 2)))
    day = max([e.meta["date"] for e in cited], default=random_date(rng, EARLIEST, TODAY))
    day = add_days(day, rng.randint(0, 120))
    goal_ids = [g for e in cited for g in e.meta["goals"]][:2]
    goal_ids = goal_ids or [rng.choice(folio.items["goals"]).id]
    organisation = folio.profile["organisation"]
    if relationship == "client":
        organisation = rng.choice(ORGANISATIONS)
    meta: dict[str, Any] = {
        "author": author, "role": rng.choice(ROLES).capitalize(), "organisation": organisation,
        "relationship": relationship, "date": day, "goals": list(dict.fromkeys(goal_ids)),
    }
    if cited:
        meta["evidence"] = [e.id for e in cited]
    meta["attribution"] = "anonymous" if rng.random() < ANONYMOUS_SHARE else "named"
    if rng.random() < 0.3:
        meta["location"] = rng.choice(folio.profile["target_locations"])
    if private:
        meta["visibility"] = "private"
    item = Item("endorsements", folio.unique_id(f"{author} {day.year}"), meta)
    item.body = endorsement_body(rng, writer, item)
    if rng.random() < 0.5:
        meta["quote"] = rng.choice(SENTENCE_END.split(item.body.split("\n\n")[0]))
    return item


def endorsement_body(rng: random.Random, writer: Writer, item: Item) -> str:
    """Opens with a paragraph, since `quote` defaults to the body's first sentence."""
    slots = writer.slots()
    first = writer.first_name
    blocks = [
        para(writer.paragraph([PRAISE, PRAISE], slots)),
        heading(f"Working with {first}"),
        para(writer.paragraph([PRAISE], slots)),
        bullet_list(writer.bullets(slots)),
        para(writer.paragraph([PRAISE], slots)),
    ]
    if "evidence" in item.meta:
        blocks[2].lines.append(f"I saw this first-hand in [[{item.meta['evidence'][0]}]].")
    return writer.compose(blocks, PRAISE + REFLECTION, slots)


def review_dates(rng: random.Random, total: int) -> list[tuple[dt.date, str]]:
    """Dates near quarter ends (three in four) or month ends, jittered by up to 12 days."""
    month_ends = [dt.date(y, m, 28) for y in range(2022, 2027) for m in range(1, 13)]
    month_ends = [d for d in month_ends if d <= TODAY]
    quarter_ends = [d for d in month_ends if d.month % 3 == 0]
    dates = []
    for i in range(total):
        period = "quarterly" if rng.random() < 0.75 else "monthly"
        pool = quarter_ends if period == "quarterly" else month_ends
        anchor = pool[i * len(pool) // total] if period == "quarterly" else rng.choice(pool)
        dates.append((add_days(anchor, rng.randint(-12, 12)), period))
    return dates


def reading(rng: random.Random, goal: Item, ind: dict[str, Any], day: dt.date) -> int | float:
    """Interpolate baseline -> target by elapsed time, with noise."""
    start, end = goal.meta["start"], goal.meta["target_date"]
    progress = min(1.0, max(0.0, (day - start).days / max(1, (end - start).days)))
    baseline, target = ind["baseline"], ind["target"]
    value = baseline + (target - baseline) * progress * rng.uniform(0.6, 1.1)
    return number(max(0.0, value))


def make_readings(rng: random.Random, folio: Portfolio, day: dt.date) -> dict[str, dict[str, Any]]:
    near = goals_near(folio, day)
    readings = {}
    for goal in rng.sample(near, min(len(near), rng.randint(1, 3))):
        values = {
            ind["id"]: reading(rng, goal, ind, day)
            for ind in goal.meta["indicators"]
            if "count" not in ind
        }
        readings[goal.id] = values
    return readings


def make_review(
    folio: Portfolio, rng: random.Random, writer: Writer, day: dt.date, period: str
) -> Item:
    slots = writer.slots()
    decisions = [
        {"action": action, "what": rng.choice(DECISIONS[action]).format_map(slots)}
        for action in rng.sample(list(DECISIONS), rng.randint(1, 3))
    ]
    readings = make_readings(rng, folio, day)
    meta = {"date": day, "period": period, "readings": readings, "decisions": decisions}
    item = Item("reviews", folio.unique_id(f"review {day.isoformat()}"), meta)
    rows = [
        [f"[[{goal_id}]]", ind, value]
        for goal_id, values in readings.items()
        for ind, value in values.items()
    ]
    blocks = [
        heading(f"{period.capitalize()} review"),
        para(writer.paragraph([REVIEW, REFLECTION], slots)),
        table(["Goal", "Indicator", "Reading"], rows),
        heading("Decisions"),
        bullet_list([f"{d['action'].capitalize()}: {d['what']}" for d in decisions]),
        para(writer.paragraph([REVIEW], slots)),
    ]
    item.body = writer.compose(blocks, REVIEW + REFLECTION, slots)
    return item


def case_goals(folio: Portfolio, rng: random.Random) -> list[Item]:
    """One or two goals that have public evidence, so the case has something to cite."""
    candidates = [g for g in folio.items["goals"] if ("evidence", g.id) in folio.linked]
    return rng.sample(candidates, min(len(candidates), rng.randint(1, 2)))


def make_case(folio: Portfolio, rng: random.Random, writer: Writer) -> Item:
    goals = case_goals(folio, rng)
    goal_ids = [g.id for g in goals]
    evidence = folio.linked_public("evidence", goal_ids)
    endorsements = folio.linked_public("endorsements", goal_ids)
    role = rng.choice(ROLES)
    meta: dict[str, Any] = {
        "title": f"Case for {role}", "target_role": role.capitalize(), "goals": goal_ids,
        "framework": "evidence-ladder",
        "audience": rng.choice(["manager", "committee", "recruiter"]),
    }
    cited = rng.sample(evidence, min(len(evidence), rng.randint(3, 8)))
    if rng.random() < 0.5:
        meta["evidence"] = [e.id for e in cited]
        if endorsements:
            picked = rng.sample(endorsements, min(3, len(endorsements)))
            meta["endorsements"] = [e.id for e in picked]
    item = Item("cases", folio.unique_id(f"case {role}"), meta)
    item.body = case_body(rng, writer, role, cited)
    return item


def case_body(rng: random.Random, writer: Writer, role: str, cited: list[Item]) -> str:
    slots = writer.slots(role=role)
    ladder = [f"[[{e.id}]]: {e.meta['title']}" for e in cited]
    rows = [[e.meta.get("ladder", "unrated"), f"[[{e.id}]]", e.meta["date"]] for e in cited]
    blocks = [
        heading("Summary"),
        para([*writer.paragraph([CASE], slots), f"The strongest example is [[{cited[0].id}]]."]),
        heading("Evidence ladder"),
        bullet_list(ladder),
        table(["Rung", "Evidence", "Date"], rows),
        heading("Remaining gaps"),
        para(writer.paragraph([CASE, PLAN], slots)),
    ]
    return writer.compose(blocks, CASE + PLAN + REFLECTION, slots)


def build(items: int, seed: int) -> Portfolio:
    """Generate every item in dependency order: goals, evidence, endorsements, reviews, cases."""
    rng = random.Random(seed)
    plan = plan_counts(items)
    folio = Portfolio(profile=make_profile(rng))
    writer = Writer(rng, folio.profile["name"].split()[0])
    folio.profile_body = profile_body(writer)
    for _ in range(plan["goals"]):
        folio.add(make_goal(folio, rng, writer))
    private = exact_share(rng, plan["evidence"], PRIVATE_SHARE)
    for i in range(plan["evidence"]):
        folio.add(make_evidence(folio, rng, writer, i in private))
    attach_milestone_evidence(folio, rng)
    private = exact_share(rng, plan["endorsements"], PRIVATE_SHARE)
    for i in range(plan["endorsements"]):
        folio.add(make_endorsement(folio, rng, writer, i in private))
    for day, period in review_dates(rng, plan["reviews"]):
        folio.add(make_review(folio, rng, writer, day, period))
    for _ in range(plan["cases"]):
        folio.add(make_case(folio, rng, writer))
    return folio


def attach_milestone_evidence(folio: Portfolio, rng: random.Random) -> None:
    """Done milestones cite up to two public evidence items of their goal dated by then."""
    for goal in folio.items["goals"]:
        for milestone in goal.meta["milestones"]:
            done = milestone.get("done")
            if not done:
                continue
            linked = folio.linked.get(("evidence", goal.id), [])
            pool = [e for e in linked if e.meta["date"] <= done]
            if pool:
                picked = rng.sample(pool, min(len(pool), rng.randint(1, 2)))
                milestone["evidence"] = [e.id for e in picked]


# ---------------------------------------------------------------------------
# Writing files
# ---------------------------------------------------------------------------


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=1000,
        default_flow_style=False,
    )


def document(meta: dict[str, Any], body: str) -> str:
    return f"---\n{dump_yaml(meta)}---\n\n{body}"


def prepare_out_dir(out_dir: Path) -> None:
    """Replace a previous generated project, but never a directory we did not create."""
    content = out_dir / "content"
    if content.exists() and not (out_dir / MARKER).exists():
        raise FileExistsError(f"{content} exists and was not written by bench/generate.py")
    shutil.rmtree(content, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("written by bench/generate.py; safe to regenerate\n")


def write_project(out_dir: Path, folio: Portfolio, items: int) -> None:
    prepare_out_dir(out_dir)
    config = {"title": f"Bench portfolio ({items} items)", "base_url": BASE_URL, "today": TODAY,
              "audiences": AUDIENCES}
    (out_dir / "goalfolio.yaml").write_text(dump_yaml(config), encoding="utf-8", newline="\n")
    content = out_dir / "content"
    content.mkdir()
    write_text(content / "profile.md", document(folio.profile, folio.profile_body))
    for section, items_ in folio.items.items():
        (content / section).mkdir()
        for item in items_:
            write_text(content / section / f"{item.id}.md", document(item.meta, item.body))


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def generate_portfolio(out_dir: Path, items: int, seed: int = 1) -> dict[str, int]:
    """Write a complete project of `items` content items into `out_dir`; return counts per type."""
    folio = build(items, seed)
    write_project(Path(out_dir), folio, items)
    return folio.counts()


# ---------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Entries = dict[str, tuple[dict[str, Any], str]]
Loaded = dict[str, Entries]

REQUIRED = {
    "goals": ("title", "type", "start", "target_date"),
    "evidence": ("title", "date", "kind"),
    "endorsements": ("author", "role", "relationship", "date"),
    "reviews": ("date",),
    "cases": ("title", "target_role", "goals"),
}
DATE_FIELDS = {"goals": ("start", "target_date"), "evidence": ("date",), "endorsements": ("date",),
               "reviews": ("date",)}


def split_front_matter(text: str) -> tuple[str, str]:
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 3)
    return text[4:end + 1], text[end + 5:]


def load_items(content: Path) -> tuple[Loaded, list[str]]:
    """Parse every content file; returns {section: {id: (meta, body)}} and parse problems."""
    loaded: Loaded = {s: {} for s in SECTIONS}
    problems = []
    for section in SECTIONS:
        for path in sorted((content / section).glob("*.md")):
            try:
                head, body = split_front_matter(path.read_text(encoding="utf-8"))
                loaded[section][path.stem] = (yaml.load(head, Loader=LOADER), body)
            except (ValueError, yaml.YAMLError) as exc:
                problems.append(f"{path}: {exc}")
    return loaded, problems


def check_ids(loaded: Loaded) -> list[str]:
    problems, seen = [], {"profile"}
    for section, entries in loaded.items():
        for ident in entries:
            if not ID_RE.match(ident):
                problems.append(f"{section}/{ident}: id is not lowercase-kebab")
            if ident in seen:
                problems.append(f"{section}/{ident}: id used twice")
            seen.add(ident)
    return problems


def check_fields(section: str, ident: str, meta: dict[str, Any], body: str) -> list[str]:
    where = f"{section}/{ident}"
    problems = [f"{where}: missing {key}" for key in REQUIRED[section] if key not in meta]
    problems += [
        f"{where}: {key} is not a date" for key in DATE_FIELDS.get(section, ())
        if not isinstance(meta.get(key), dt.date)
    ]
    if "\n## " not in f"\n{body}" or "\n- " not in body:
        problems.append(f"{where}: body lacks a heading or a bullet list")
    if section == "evidence" and "\n| --- |" not in body:
        problems.append(f"{where}: body lacks a table")
    visibility = meta.get("visibility", "public")
    if visibility not in ("public", "private") and not isinstance(visibility, list):
        problems.append(f"{where}: bad visibility")
    return problems


def references(section: str, meta: dict[str, Any]) -> list[tuple[str, str]]:
    """(target section, id) pairs that the front matter of one item points to."""
    refs = [("goals", g) for g in meta.get("goals", [])]
    refs += [("evidence", e) for e in meta.get("evidence", [])]
    refs += [("endorsements", e) for e in meta.get("endorsements", [])]
    if "parent" in meta:
        refs.append(("goals", meta["parent"]))
    for milestone in meta.get("milestones", []) if section == "goals" else []:
        refs += [("evidence", e) for e in milestone.get("evidence", [])]
    refs += [("goals", g) for g in meta.get("readings", {})]
    return refs


def check_goal(ident: str, meta: dict[str, Any]) -> list[str]:
    kinds = {ind["kind"] for ind in meta["indicators"]}
    problems = []
    if not {"leading", "lagging"} <= kinds:
        problems.append(f"goals/{ident}: needs leading and lagging indicators")
    problems += [
        f"goals/{ident}: milestone due after target_date"
        for m in meta.get("milestones", []) if m["due"] >= meta["target_date"]
    ]
    problems += [
        f"goals/{ident}: indicator {ind['id']} target does not move in its direction"
        for ind in meta["indicators"] if not moves_forward(ind)
    ]
    return problems


def moves_forward(indicator: dict[str, Any]) -> bool:
    baseline, target = indicator.get("baseline", 0), indicator["target"]
    return bool(target < baseline if indicator.get("direction") == "down" else target > baseline)


def check_readings(ident: str, meta: dict[str, Any], goals: Entries) -> list[str]:
    """Readings may only name read (not counted) indicators of existing goals."""
    problems = []
    for goal_id, values in meta.get("readings", {}).items():
        goal_meta = goals[goal_id][0] if goal_id in goals else {"indicators": []}
        indicators = {i["id"]: i for i in goal_meta["indicators"]}
        for ind_id, value in values.items():
            if ind_id not in indicators or "count" in indicators[ind_id]:
                problems.append(f"reviews/{ident}: reading for unknown {goal_id}/{ind_id}")
            if not isinstance(value, (int, float)):
                problems.append(f"reviews/{ident}: reading {goal_id}/{ind_id} is not a number")
    return problems


def check_references(loaded: Loaded) -> list[str]:
    """Every id named in front matter exists, in the section it should be in."""
    return [
        f"{section}/{ident}: {target} {ref!r} does not exist"
        for section, entries in loaded.items()
        for ident, (meta, _) in entries.items()
        for target, ref in references(section, meta)
        if ref not in loaded[target]
    ]


def check_citations(loaded: Loaded) -> list[str]:
    """Every [[id]] in a body exists; cases cite public evidence only."""
    all_ids = {ident for entries in loaded.values() for ident in entries}
    private = {i for i, (m, _) in loaded["evidence"].items() if m.get("visibility") == "private"}
    problems = []
    for section, entries in loaded.items():
        for ident, (_, body) in entries.items():
            cited = CITE_RE.findall(body)
            unknown = [r for r in cited if r not in all_ids]
            problems += [f"{section}/{ident}: cites unknown [[{r}]]" for r in unknown]
            if section == "cases":
                problems += [f"cases/{ident}: cites private {r}" for r in cited if r in private]
    return problems


def check_config(out_dir: Path) -> list[str]:
    config = yaml.load((out_dir / "goalfolio.yaml").read_text(encoding="utf-8"), Loader=LOADER)
    keys = ("title", "base_url", "today", "audiences")
    problems = [f"goalfolio.yaml: missing {key}" for key in keys if key not in config]
    head, _ = split_front_matter((out_dir / "content" / "profile.md").read_text(encoding="utf-8"))
    if "name" not in yaml.load(head, Loader=LOADER):
        problems.append("profile.md: missing name")
    return problems


def verify_portfolio(out_dir: Path) -> list[str]:
    """Check a generated project parses and is internally consistent; returns problems found."""
    out_dir = Path(out_dir)
    loaded, problems = load_items(out_dir / "content")
    problems += check_config(out_dir) + check_ids(loaded)
    problems += check_references(loaded) + check_citations(loaded)
    for section, entries in loaded.items():
        for ident, (meta, body) in entries.items():
            problems += check_fields(section, ident, meta, body)
    for ident, (meta, _) in loaded["goals"].items():
        problems += check_goal(ident, meta)
    for ident, (meta, _) in loaded["reviews"].items():
        problems += check_readings(ident, meta, loaded["goals"])
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--items", type=int, required=True, help="number of content items")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verify", action="store_true", help="check parsing and references after")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate_portfolio(args.out_dir, args.items, args.seed)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{section} {n}" for section, n in counts.items())
    total = sum(counts.values())
    print(f"wrote {total} items + profile to {args.out_dir} in {elapsed:.2f}s: {summary}")
    if not args.verify:
        return 0
    problems = verify_portfolio(args.out_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"verify: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
