"""The machine-readable files conform to their standards with awkward content: feed.xml to
Atom (RFC 4287), calendar.ics to iCalendar (RFC 5545), sitemap.xml to sitemaps.org, and
the addresses in every page's head are absolute and encoded where a base_url is set."""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import make_project
from site_helpers import REPO, build_project

from goalfolio.cli import main

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
LONG = "A very long title " + "with many words and Ünïcödé 漢字 " * 8
AWKWARD = {
    "content/profile.md": "---\nname: Zoë <O'Brien> & \"Co\" שלום\nphoto: my photo é.svg\n---\nBio.\n",
    "content/assets/my photo é.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    "content/goals/awk.md": (
        "---\ntitle: 'Goal & <b>bold</b> \"q\" 😀 漢字 עברית; a, b \\ c'\ntype: leadership\nstart: 2026-01-01\n"
        "target_date: 2027-12-31\nmilestones:\n  - {title: 'Year end; a, b \\ c 😀 " + "漢" * 40 + "', due: 2026-12-31}\n"
        "  - {title: New year, due: 2027-01-01}\n  - title: |\n      Multi\n      line \\ ; ,\n    due: 2027-02-28\n"
        "---\nThe plan.\n"),
    "content/evidence/amp.md": ("---\ntitle: 'Tom & Jerry <script>x</script> \"x\" ''y'''\ndate: 2026-12-31\nkind: project\n"
                                "---\nA body with & and < and emoji 😀 and e\u0301 and 漢字.\n"),
    "content/evidence/long.md": f"---\ntitle: '{LONG}'\ndate: 2025-01-01\nkind: project\n---\n" + "漢字の文章" * 60 + "。\n",
    "content/evidence/rtl.md": "---\ntitle: 'שלום עולם مرحبا'\ndate: 2026-06-15\nkind: talk\n---\nעברית טקסט.\n",
    "content/evidence/future.md": "---\ntitle: Future thing\ndate: 2027-03-01\nkind: certification\n---\nNot yet.\n",
    "content/evidence/secret.md": "---\ntitle: CANARY-SECRET\ndate: 2026-05-01\nkind: project\nvisibility: private\n---\nx.\n",
    "content/endorsements/anon.md": ("---\nauthor: CANARY-NAME\nattribution: anonymous\nrole: Lead\nrelationship: manager\n"
                                     "date: 2026-07-01\n---\nGreat work & more.\n"),
    "content/reviews/r1.md": "---\ndate: 2026-12-31\nreadings: {}\n---\nReview; with, chars \\ here.\n",
}
AWKWARD_TITLE = 'title: "R&D <lab> \\"quotes\\" 😀 漢字"\ntoday: 2026-12-31\n'


def build(tmp_path: Path, files: dict[str, str], config: str) -> dict[str, bytes]:
    root = make_project(tmp_path, files, config=config)
    out = tmp_path / "site"
    assert main(["build", str(root), "--out", str(out)]) == 0
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def ics_properties(data: bytes) -> list[tuple[str, str, str]]:
    """(name, parameters, value) of each content line, after checking what RFC 5545 asks of
    lines: CRLF endings, at most 75 octets, folds not inside a UTF-8 sequence, no empty
    line, no control character but a tab."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert line and len(line) <= 75, line
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), line
        line.decode("utf-8")  # a fold inside a character raises
    logical: list[bytes] = []
    for line in physical:
        if line[:1] == b" ":
            logical[-1] += line[1:]
        else:
            logical.append(line)
    found = []
    for line in (raw.decode("utf-8") for raw in logical):
        match = re.fullmatch(r"([A-Z][A-Z0-9-]*)((?:;[A-Z-]+=[^;:]*)*):(.*)", line)
        assert match, line
        found.append((match.group(1), match.group(2), match.group(3)))
    return found


def ics_text(value: str) -> str:
    """A TEXT value as read: only `\\\\`, `\\;`, `\\,` and `\\n` are escapes, and `;` and
    `,` appear only escaped."""
    assert re.fullmatch(r"(?:[^\\;,]|\\[\\;,nN])*", value), value
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def events(properties: list[tuple[str, str, str]]) -> list[dict[str, tuple[str, str]]]:
    assert properties[0] == ("BEGIN", "", "VCALENDAR") and properties[-1] == ("END", "", "VCALENDAR")
    names = [name for name, _, _ in properties]
    assert "VERSION" in names and "PRODID" in names
    found: list[dict[str, tuple[str, str]]] = []
    for name, parameters, value in properties[1:-1]:
        if (name, value) == ("BEGIN", "VEVENT"):
            found.append({})
        elif name != "END" and found:
            found[-1][name] = (parameters, value)
    return found


@pytest.mark.parametrize("base_url", ["", "https://exämple.org/pörtfolio/"])
def test_awkward_content_gives_files_that_conform(tmp_path: Path, base_url: str) -> None:
    config = AWKWARD_TITLE + (f"base_url: {base_url}\n" if base_url else "")
    files = build(tmp_path, AWKWARD, config)
    for path, data in files.items():
        assert b"CANARY" not in data, path
    feed = ET.fromstring(files["feed.xml"])
    assert feed.get(XML_LANG) == "en"
    assert feed.findtext(f"{ATOM}title") == 'R&D <lab> "quotes" 😀 漢字'
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Zoë <O'Brien> & \"Co\" שלום"
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") or "" for entry in entries]
    assert len(set(ids)) == len(ids) == 5 and all(i.startswith("urn:uuid:") for i in ids)
    stamps = [feed.findtext(f"{ATOM}updated")] + [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert all(RFC3339.fullmatch(stamp or "") for stamp in stamps)
    hrefs = [link.get("href") or "" for link in feed.iter(f"{ATOM}link")]
    assert all(href.isascii() and " " not in href and bool(urlsplit(href).scheme) == bool(base_url) for href in hrefs)
    calendar = events(ics_properties(files["calendar.ics"]))
    uids = [event["UID"][1] for event in calendar]
    assert len(set(uids)) == len(uids) == 4
    assert all(set(event) >= {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} for event in calendar)
    assert [ics_text(event["SUMMARY"][1]) for event in calendar] == [
        "Year end; a, b \\ c 😀 " + "漢" * 40, "New year", "Multi\nline \\ ; ,", "Goal review due"]
    assert [(event["DTSTART"], event["DTEND"]) for event in calendar][:2] == [
        ((";VALUE=DATE", "20261231"), (";VALUE=DATE", "20270101")), ((";VALUE=DATE", "20270101"), (";VALUE=DATE", "20270102"))]
    assert ics_text(calendar[0]["DESCRIPTION"][1]) == "Milestone of the goal: Goal & <b>bold</b> \"q\" 😀 漢字 עברית; a, b \\ c."
    json.loads(files["portfolio.json"], parse_constant=lambda name: pytest.fail(f"portfolio.json holds {name}"))
    if not base_url:
        assert "sitemap.xml" not in files and b"Sitemap" not in files["robots.txt"]
        return
    sitemap = ET.fromstring(files["sitemap.xml"])
    locs = [loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://xn--exmple-cua.org/p%C3%B6rtfolio/") and loc.isascii() for loc in locs)
    assert files["robots.txt"].endswith(b"\nSitemap: https://xn--exmple-cua.org/p%C3%B6rtfolio/sitemap.xml\n")
    for path, data in files.items():
        if path.endswith(".html"):
            heads = re.findall(r'<(?:link rel="canonical" href|meta property="og:(?:url|image)" content)="([^"]*)"', data.decode())
            assert len(heads) == 3 and all(h.startswith("https://xn--exmple-cua.org/p%C3%B6rtfolio/") for h in heads), path
            assert all(h.isascii() and " " not in h for h in heads), path


def test_the_feed_names_the_sites_language(tmp_path: Path) -> None:
    """RFC 4287 takes the language of a feed's text from xml:lang; the pages had it, the feed not."""
    files = build(tmp_path, {}, "title: Test portfolio\ntoday: 2026-11-20\nlanguage: fr-CA\n")
    assert files["feed.xml"].startswith(b'<?xml version="1.0" encoding="utf-8"?>\n'
                                        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-CA">\n')


def test_milestones_whose_titles_span_lines_keep_their_own_calendar_events(tmp_path: Path) -> None:
    """A second milestone titled `X` and one titled `X` and `1` on two lines had one UID, so a
    calendar kept only one of them. Titles on one line keep the UIDs they had."""
    goal = ("---\ntitle: G\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-12-31\nmilestones:\n"
            "  - {title: X, due: 2027-01-01}\n  - {title: X, due: 2027-02-01}\n  - {title: \"X\\n1\", due: 2027-03-01}\n"
            "  - {title: \"a\\\\b\", due: 2027-04-01}\n---\nPlan.\n")
    files = build(tmp_path, {"content/goals/g.md": goal}, "title: Test portfolio\ntoday: 2026-11-20\n")
    calendar = events(ics_properties(files["calendar.ics"]))
    assert [(event["SUMMARY"][1], event["UID"][1]) for event in calendar] == [
        ("X", "91064dc4-bb92-5fd8-b707-60fdd1f496aa"),
        ("X", "6ac8e659-49aa-524c-9261-2d82762a0d18"),
        ("X\\n1", "3c178c1e-726b-51a6-938b-dcfb0c8837e3"),
        ("a\\\\b", "adf0bbef-3371-5121-be2c-014cc000628e"),
        ("Goal review due", "a110b621-b872-5a8e-bea7-43dd3ff3c540"),
    ]


def test_a_milestone_on_the_last_day_a_date_can_have_builds(tmp_path: Path) -> None:
    """An all-day event ends the next day, and 31 December 9999 has none: the calendar
    crashed every build (exit 3). Without DTEND the event lasts its one day (RFC 5545)."""
    goal = ("---\ntitle: G\ntype: leadership\nstart: 9999-01-01\ntarget_date: 9999-12-31\nmilestones:\n"
            "  - {title: Last, due: 9999-12-31}\n---\nPlan.\n")
    files = build(tmp_path, {"content/goals/g.md": goal}, "title: Test portfolio\ntoday: 9999-12-20\n")
    calendar = events(ics_properties(files["calendar.ics"]))
    assert [(event["SUMMARY"][1], event["DTSTART"][1], event.get("DTEND")) for event in calendar] == [
        ("Last", "99991231", None), ("Goal review due", "99991220", (";VALUE=DATE", "99991221"))]
    assert "RDATE" not in calendar[1]
    assert '<h2 id="sec-quarter">Due in Q4 9999</h2>' in files["progress/index.html"].decode("utf-8")


def test_a_date_before_the_year_1000_keeps_four_digits_in_the_calendar(tmp_path: Path) -> None:
    """`strftime("%Y")` leaves out a year's leading zeros, so a milestone due in 0226 (a typo
    for 2026 that `check` only warns of) started on `2260301`, and `today: 0999-01-01` stamped
    every event `9990101T000000Z`: dates RFC 5545 does not read, in a file a calendar reads whole."""
    goal = ("---\ntitle: G\ntype: leadership\nstart: 0026-01-01\ntarget_date: 2027-12-31\nmilestones:\n"
            "  - {title: Typo, due: 0226-03-01}\n---\nPlan.\n")
    review = "---\ndate: 0998-12-30\nperiod: monthly\n---\nEarly.\n"
    files = build(tmp_path, {"content/goals/g.md": goal, "content/reviews/r.md": review},
                  "title: Test portfolio\ntoday: 0999-01-01\n")
    calendar = events(ics_properties(files["calendar.ics"]))
    assert [(event["DTSTAMP"][1], event["DTSTART"][1], event["DTEND"][1], event.get("RDATE", ("", ""))[1][:17])
            for event in calendar] == [("09990101T000000Z", "02260301", "02260302", ""),
                                       ("09990101T000000Z", "09990130", "09990131", "09990228,09990330")]


def test_the_profile_photos_address_is_percent_encoded(tmp_path: Path) -> None:
    """`og:image` and the portrait's `src` held the file name as written, space and all,
    which is no valid URL (the Nu Html Checker refuses the space)."""
    files = build(tmp_path, {k: AWKWARD[k] for k in ("content/profile.md", "content/assets/my photo é.svg")},
                  "title: Test portfolio\ntoday: 2026-11-20\nbase_url: https://a.example/p/\n")
    home = files["index.html"].decode("utf-8")
    assert '<meta property="og:image" content="https://a.example/p/assets/my%20photo%20%C3%A9.svg">' in home
    assert '<img class="portrait" src="assets/my%20photo%20%C3%A9.svg"' in home
    assert '<meta property="og:image" content="https://a.example/p/assets/my%20photo%20%C3%A9.svg">' in \
        files["goals/index.html"].decode("utf-8")


Shape = dict[str, "Shape | None"]


def documented_shape(text: str) -> Shape:
    """The fields docs/site.md gives portfolio.json, in order: `"name"` for a field, followed
    by `{...}` or `[{...}]` for its own fields. Brackets without fields (a list of values,
    a map keyed by ids) and other words are notes for the reader."""
    tokens = re.findall(r'"[a-z_]+"|[{}\[\]]', text)
    shape, _ = _object(tokens, tokens.index("{"))
    return shape


def _object(tokens: list[str], at: int) -> tuple[Shape, int]:
    """The fields of the object opening at `at`, and where the tokens after it start."""
    shape: Shape = {}
    at += 1
    while tokens[at] != "}":
        if not tokens[at].startswith('"'):
            at = _skip(tokens, at)
            continue
        name, at = tokens[at].strip('"'), at + 1
        shape[name] = None
        if tokens[at] == "{":
            inner, at = _object(tokens, at)
            shape[name] = inner or None
        elif tokens[at:at + 2] == ["[", "{"]:
            inner, at = _object(tokens, at + 1)
            shape[name], at = inner or None, at + 1
        elif tokens[at] == "[":
            at = _skip(tokens, at)
    return shape, at + 1


def _skip(tokens: list[str], at: int) -> int:
    """Past the bracket opening at `at` (a list of values, a map keyed by ids), or one word."""
    depth = 0
    for end in range(at, len(tokens)):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(tokens[end], 0)
        if depth <= 0:
            return end + 1
    return len(tokens)


def written_shape(objects: list[object], documented: Shape | None, in_list: bool = False) -> Shape | None:
    """The fields of `objects` (of all of them, for a list), in the order written, following
    the objects the documentation describes field by field. A list of objects it does not
    describe shows as a field of its own, so the comparison names it; a map keyed by ids
    (a review's readings) may be described in words."""
    objects = [obj for obj in objects if isinstance(obj, dict)]
    if not objects:
        return None
    if documented is None:
        return {"(fields not documented)": None} if in_list else None
    values: dict[str, tuple[list[object], bool]] = {}
    for obj in objects:
        for key, inner in obj.items():
            found, was_list = values.setdefault(key, ([], False))
            found.extend(inner if isinstance(inner, list) else [inner])
            values[key] = found, was_list or isinstance(inner, list)
    return {key: written_shape(found, documented.get(key), was_list) for key, (found, was_list) in values.items()}


def ordered(shape: Shape | None) -> list[object] | None:
    """The shape as nested lists, so that comparing two compares the order of their fields."""
    return None if shape is None else [(name, ordered(inner)) for name, inner in shape.items()]


def test_portfolio_json_has_the_fields_the_docs_give_it_in_their_order(tmp_path: Path) -> None:
    """docs/site.md left out the fields of a metric and of a link, and how a review's readings
    are keyed."""
    docs = (REPO / "docs" / "site.md").read_text(encoding="utf-8")
    block = docs.split("## portfolio.json\n\n```\n", 1)[1].split("```", 1)[0]
    documented = documented_shape(block)
    data = json.loads(build_project(REPO, tmp_path / "site").joinpath("portfolio.json").read_bytes())
    assert ordered(written_shape([data], documented)) == ordered(documented)


def test_a_carriage_return_in_a_field_starts_no_calendar_property(tmp_path: Path) -> None:
    """A YAML escape `\\r` in a title reached calendar.ics as it was: a reader that ends a
    line at a lone CR (as RFC 5545 forbids in a value, and many readers do) saw the rest of
    the title as a property of its own, here a start date. It is a line break, as `\\n` is."""
    goal = ("---\ntitle: G\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-12-31\nmilestones:\n"
            "  - {title: \"A\\rDTSTART:19700101\", due: 2027-01-01}\n  - {title: \"B\\r\\nC\", due: 2027-02-01}\n"
            "---\nPlan.\n")
    files = build(tmp_path, {"content/goals/g.md": goal}, 'title: "T\\rEND:VCALENDAR"\ntoday: 2026-11-20\n')
    properties = ics_properties(files["calendar.ics"])
    assert ("X-WR-CALNAME", "", "T\\nEND:VCALENDAR") in properties
    assert [value for name, _, value in properties if name in ("SUMMARY", "DTSTART")] == [
        "20270101", "A\\nDTSTART:19700101", "20270201", "B\\nC", "20261120", "Goal review due"]


# A small portfolio with one of each item and private items referred to from public ones:
# what the public build's machine-readable files say, in full. Worked out by hand: the goal's
# progress is the mean of its indicators' (5/12, the one talk of 2 that is public, 20 to 15
# of 20 to 10) and its milestones' (1 of 3), 0.4028; 323 of its 545 days are used, 0.5927;
# the next review is due 95 days after 30 Sep. The private goal, evidence and the anonymous
# endorser's name appear nowhere; references to them are dropped, a citation of one is
# "(an item not shown here)".
SMALL = {
    "content/profile.md": ("---\nname: Ana Ruiz\nheadline: Engineer aiming to lead\nrole: Senior engineer\norganisation: Acme\n"
                           "location: Porto\ntarget_locations: [Lisbon]\nlanguages:\n  - {language: Portuguese, level: native}\n"
                           "links:\n  - {title: Blog, url: \"https://blog.example/ana\"}\n  - {title: Talks, url: evidence/kind/talk/}\n"
                           "---\nBio.\n"),
    "content/goals/lead.md": (
        "---\ntitle: Lead a team of six by June 2027\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
        "parent: secret-plan\ntags: [people]\nindicators:\n"
        "  - {id: one-to-ones, name: One-to-ones held, kind: leading, unit: meetings, baseline: 0, target: 12}\n"
        "  - {id: talks, name: Talks given, kind: leading, baseline: 0, target: 2, count: {kind: talk}}\n"
        "  - {id: attrition, name: Team attrition, kind: lagging, unit: \"%\", baseline: 20, target: 10, direction: down}\n"
        "milestones:\n  - {title: Run the first retro, due: 2026-03-31, done: 2026-03-20, evidence: [retro-talk, hidden-win]}\n"
        "  - {title: Hire two engineers, due: 2026-09-30}\n  - {title: Hire two engineers, due: 2027-03-31, reward: 'A team lunch, then a day off'}\n"
        "gaps:\n  - {need: Budget ownership, kind: experience, plan: Shadow the director}\n---\nThe plan.\n"),
    "content/goals/secret-plan.md": (
        "---\ntitle: CANARY secret plan\ntype: advancement\nstart: 2026-01-01\ntarget_date: 2027-01-31\nvisibility: private\n"
        "indicators:\n  - {id: x, name: CANARY x, kind: lagging, target: 3}\n"
        "milestones:\n  - {title: CANARY step, due: 2026-12-01}\n---\nCANARY.\n"),
    "content/evidence/retro-talk.md": (
        "---\ntitle: Retro talk\ndate: 2026-03-20\nkind: talk\ngoals: [lead, secret-plan]\nladder: stretch\nmetrics:\n"
        "  - {name: Deploys per week, before: 2, after: 5, unit: deploys}\n  - {name: Review wait, after: 4, unit: hours}\n"
        "skills: [Facilitation, facilitation]\nlocation: Lisbon\nlinks:\n  - {title: Slides, url: \"https://slides.example/retro\"}\n"
        "---\nGave a talk on retros & [[hidden-win]]. More text.\n"),
    "content/evidence/hidden-win.md": (
        "---\ntitle: CANARY hidden win\ndate: 2026-04-01\nkind: talk\ngoals: [lead]\nvisibility: private\n---\nCANARY.\n"),
    "content/evidence/future.md": "---\ntitle: Future exam\ndate: 2026-12-15\nkind: certification\n---\nBooked.\n",
    "content/endorsements/bea-lima.md": (
        "---\nauthor: Bea Lima\nrole: Engineering manager\norganisation: Acme\nrelationship: manager\ndate: 2026-06-01\n"
        "goals: [lead, secret-plan]\nevidence: [retro-talk, hidden-win]\n---\nAna ran our retros with care. She listens.\n"),
    "content/endorsements/canary-person.md": (
        "---\nauthor: Zed Canary\nattribution: anonymous\nrole: Peer\nrelationship: peer\ndate: 2026-07-01\n---\n"
        "Calm under pressure. Always.\n"),
    "content/reviews/q3.md": (
        "---\ndate: 2026-09-30\nperiod: quarterly\nreadings:\n  lead: {one-to-ones: 5, attrition: 15}\n  secret-plan: {x: 1}\n"
        "decisions:\n  - {action: keep, what: Weekly one-to-ones}\n---\nThe quarter went well. Two hires are close.\n"),
    "content/cases/promo.md": (
        "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead, secret-plan]\n---\nNarrative.\n"),
}
SMALL_CONFIG = "title: Test portfolio\ntoday: 2026-11-20\nbase_url: https://a.example/p/\n"
SMALL_FEED = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
    '  <title>Test portfolio</title>\n'
    '  <id>urn:uuid:72e05ceb-6033-5b15-b695-407751fddb42</id>\n'
    '  <updated>2026-09-30T00:00:00Z</updated>\n'
    '  <author><name>Ana Ruiz</name></author>\n'
    '  <link rel="alternate" type="text/html" href="https://a.example/p/"/>\n'
    '  <link rel="self" type="application/atom+xml" href="https://a.example/p/feed.xml"/>\n'
    '  <entry>\n'
    '    <title>Review of 30 Sep 2026</title>\n'
    '    <id>urn:uuid:cb0de70d-7272-5661-8fb1-95629933ab4a</id>\n'
    '    <updated>2026-09-30T00:00:00Z</updated>\n'
    '    <link rel="alternate" type="text/html" href="https://a.example/p/reviews/q3/"/>\n'
    '    <category term="review" label="Review"/>\n'
    '    <summary>The quarter went well.</summary>\n'
    '  </entry>\n'
    '  <entry>\n'
    '    <title>Endorsement from Peer</title>\n'
    '    <id>urn:uuid:260cc3ec-678d-581f-ac64-de3501d8fed5</id>\n'
    '    <updated>2026-07-01T00:00:00Z</updated>\n'
    '    <link rel="alternate" type="text/html" href="https://a.example/p/endorsements/#endorsement-d4bf931558"/>\n'
    '    <category term="endorsement" label="Endorsement"/>\n'
    '    <summary>Calm under pressure.</summary>\n'
    '  </entry>\n'
    '  <entry>\n'
    '    <title>Endorsement from Bea Lima</title>\n'
    '    <id>urn:uuid:5ead0a79-4840-52bc-9a6c-66a9d4de49ee</id>\n'
    '    <updated>2026-06-01T00:00:00Z</updated>\n'
    '    <link rel="alternate" type="text/html" href="https://a.example/p/endorsements/#bea-lima"/>\n'
    '    <category term="endorsement" label="Endorsement"/>\n'
    '    <summary>Ana ran our retros with care.</summary>\n'
    '  </entry>\n'
    '  <entry>\n'
    '    <title>Retro talk</title>\n'
    '    <id>urn:uuid:5ac31654-2fab-59f2-aae6-c8279ebb8565</id>\n'
    '    <updated>2026-03-20T00:00:00Z</updated>\n'
    '    <link rel="alternate" type="text/html" href="https://a.example/p/evidence/retro-talk/"/>\n'
    '    <category term="evidence" label="Evidence"/>\n'
    '    <summary>Gave a talk on retros &amp; (an item not shown here).</summary>\n'
    '  </entry>\n'
    '</feed>\n'
)
SMALL_CALENDAR = (
    'BEGIN:VCALENDAR\r\n'
    'VERSION:2.0\r\n'
    'PRODID:-//goalfolio//goalfolio//EN\r\n'
    'CALSCALE:GREGORIAN\r\n'
    'X-WR-CALNAME:Test portfolio\r\n'
    'BEGIN:VEVENT\r\n'
    'UID:b2e4af20-80f5-5221-9b36-9bde76abfa23\r\n'
    'DTSTAMP:20261120T000000Z\r\n'
    'DTSTART;VALUE=DATE:20260320\r\n'
    'DTEND;VALUE=DATE:20260321\r\n'
    'SUMMARY:Run the first retro\r\n'
    'DESCRIPTION:Milestone of the goal: Lead a team of six by June 2027. Done on\r\n'
    '  2026-03-20\\, due 2026-03-31.\r\n'
    'URL:https://a.example/p/goals/lead/\r\n'
    'END:VEVENT\r\n'
    'BEGIN:VEVENT\r\n'
    'UID:591dfcab-efd6-5b56-9c3e-1b8230051ed3\r\n'
    'DTSTAMP:20261120T000000Z\r\n'
    'DTSTART;VALUE=DATE:20260930\r\n'
    'DTEND;VALUE=DATE:20261001\r\n'
    'SUMMARY:Hire two engineers\r\n'
    'DESCRIPTION:Milestone of the goal: Lead a team of six by June 2027.\r\n'
    'URL:https://a.example/p/goals/lead/\r\n'
    'END:VEVENT\r\n'
    'BEGIN:VEVENT\r\n'
    'UID:779bea2a-7b38-5d83-918a-6740c58f2ab0\r\n'
    'DTSTAMP:20261120T000000Z\r\n'
    'DTSTART;VALUE=DATE:20270331\r\n'
    'DTEND;VALUE=DATE:20270401\r\n'
    'SUMMARY:Hire two engineers\r\n'
    'DESCRIPTION:Milestone of the goal: Lead a team of six by June 2027. Reward:\r\n'
    '  A team lunch\\, then a day off.\r\n'
    'URL:https://a.example/p/goals/lead/\r\n'
    'END:VEVENT\r\n'
    'BEGIN:VEVENT\r\n'
    'UID:a110b621-b872-5a8e-bea7-43dd3ff3c540\r\n'
    'DTSTAMP:20261120T000000Z\r\n'
    'DTSTART;VALUE=DATE:20270103\r\n'
    'DTEND;VALUE=DATE:20270104\r\n'
    'SUMMARY:Goal review due\r\n'
    "DESCRIPTION:Review each goal's indicators\\, milestones and tactics (every q\r\n"
    ' uarter).\r\n'
    'URL:https://a.example/p/reviews/\r\n'
    'RDATE;VALUE=DATE:20270408,20270712,20271015\r\n'
    'END:VEVENT\r\n'
    'END:VCALENDAR\r\n'
)
SMALL_JSON = (
    {'format': 1,
     'site': {'title': 'Test portfolio', 'language': 'en', 'base_url': 'https://a.example/p/', 'today': '2026-11-20'},
     'profile': {'name': 'Ana Ruiz',
                 'headline': 'Engineer aiming to lead',
                 'role': 'Senior engineer',
                 'organisation': 'Acme',
                 'location': 'Porto',
                 'target_locations': ['Lisbon'],
                 'languages': [{'language': 'Portuguese', 'level': 'native'}],
                 'links': [{'title': 'Blog', 'url': 'https://blog.example/ana'},
                           {'title': 'Talks', 'url': 'https://a.example/p/evidence/kind/talk/'}],
                 'email': None},
     'goals': [{'id': 'lead',
                'url': 'https://a.example/p/goals/lead/',
                'title': 'Lead a team of six by June 2027',
                'type': 'leadership',
                'status': 'active',
                'pace': 'at risk',
                'progress': 0.4028,
                'expected': 0.5927,
                'start': '2026-01-01',
                'target_date': '2027-06-30',
                'horizon': 'long',
                'framework': None,
                'parent': None,
                'tags': ['people'],
                'why': None,
                'non_negotiables': [],
                'mobility': None,
                'indicators': [{'id': 'one-to-ones',
                                'name': 'One-to-ones held',
                                'kind': 'leading',
                                'unit': 'meetings',
                                'baseline': 0.0,
                                'target': 12.0,
                                'direction': 'up',
                                'current': 5.0,
                                'progress': 0.4167,
                                'readings': [{'date': '2026-09-30', 'value': 5.0}]},
                               {'id': 'talks',
                                'name': 'Talks given',
                                'kind': 'leading',
                                'unit': '',
                                'baseline': 0.0,
                                'target': 2.0,
                                'direction': 'up',
                                'current': 1.0,
                                'progress': 0.5,
                                'readings': [{'date': '2026-03-20', 'value': 1.0}]},
                               {'id': 'attrition',
                                'name': 'Team attrition',
                                'kind': 'lagging',
                                'unit': '%',
                                'baseline': 20.0,
                                'target': 10.0,
                                'direction': 'down',
                                'current': 15.0,
                                'progress': 0.5,
                                'readings': [{'date': '2026-09-30', 'value': 15.0}]}],
                'milestones': [{'title': 'Run the first retro',
                                'due': '2026-03-31',
                                'done': '2026-03-20',
                                'state': 'done',
                                'reward': '',
                                'evidence': ['retro-talk']},
                               {'title': 'Hire two engineers',
                                'due': '2026-09-30',
                                'done': None,
                                'state': 'overdue',
                                'reward': '',
                                'evidence': []},
                               {'title': 'Hire two engineers',
                                'due': '2027-03-31',
                                'done': None,
                                'state': 'due',
                                'reward': 'A team lunch, then a day off',
                                'evidence': []}],
                'gaps': [{'need': 'Budget ownership', 'kind': 'experience', 'plan': 'Shadow the director'}],
                'feedback': [],
                'audit': {'score': 4, 'total': 6, 'missing': ['feedback', 'mobility']}}],
     'evidence': [{'id': 'future',
                   'url': 'https://a.example/p/evidence/future/',
                   'title': 'Future exam',
                   'date': '2026-12-15',
                   'kind': 'certification',
                   'goals': [],
                   'ladder': None,
                   'metrics': [],
                   'skills': [],
                   'location': None,
                   'links': []},
                  {'id': 'retro-talk',
                   'url': 'https://a.example/p/evidence/retro-talk/',
                   'title': 'Retro talk',
                   'date': '2026-03-20',
                   'kind': 'talk',
                   'goals': ['lead'],
                   'ladder': 'stretch',
                   'metrics': [{'name': 'Deploys per week', 'before': 2.0, 'after': 5.0, 'unit': 'deploys'},
                               {'name': 'Review wait', 'before': None, 'after': 4.0, 'unit': 'hours'}],
                   'skills': ['Facilitation', 'facilitation'],
                   'location': 'Lisbon',
                   'links': [{'title': 'Slides', 'url': 'https://slides.example/retro'}]}],
     'endorsements': [{'id': 'endorsement-d4bf931558',
                       'url': 'https://a.example/p/endorsements/#endorsement-d4bf931558',
                       'author': None,
                       'anonymous': True,
                       'role': 'Peer',
                       'organisation': None,
                       'relationship': 'peer',
                       'date': '2026-07-01',
                       'goals': [],
                       'evidence': [],
                       'quote': 'Calm under pressure.'},
                      {'id': 'bea-lima',
                       'url': 'https://a.example/p/endorsements/#bea-lima',
                       'author': 'Bea Lima',
                       'anonymous': False,
                       'role': 'Engineering manager',
                       'organisation': 'Acme',
                       'relationship': 'manager',
                       'date': '2026-06-01',
                       'goals': ['lead'],
                       'evidence': ['retro-talk'],
                       'quote': 'Ana ran our retros with care.'}],
     'reviews': [{'id': 'q3',
                  'url': 'https://a.example/p/reviews/q3/',
                  'date': '2026-09-30',
                  'period': 'quarterly',
                  'readings': {'lead': {'one-to-ones': 5.0, 'attrition': 15.0}},
                  'decisions': [{'action': 'keep', 'what': 'Weekly one-to-ones'}]}],
     'cases': [{'id': 'promo',
                'url': 'https://a.example/p/cases/promo/',
                'title': 'Promotion case',
                'target_role': 'Engineering manager',
                'goals': ['lead'],
                'framework': 'evidence-ladder',
                'audience': 'manager',
                'evidence': ['retro-talk'],
                'readiness': {'framework': 'evidence-ladder',
                              'met': 1,
                              'steps': 4,
                              'missing': ['needs 1 more piece of evidence on the `baseline` rung',
                                          'needs 1 more endorsement from a distinct stakeholder',
                                          'needs the narrative to cite evidence with [[evidence-id]]']}}]}
)


def test_a_small_portfolio_gives_this_feed_calendar_and_json(tmp_path: Path) -> None:
    files = build(tmp_path, SMALL, SMALL_CONFIG)
    assert [path for path, data in files.items() if b"CANARY" in data.upper()] == []
    assert files["feed.xml"].decode("utf-8") == SMALL_FEED
    assert files["calendar.ics"].decode("utf-8") == SMALL_CALENDAR
    assert json.loads(files["portfolio.json"]) == SMALL_JSON



def test_portfolio_json_gives_a_goals_mobility_as_its_page_shows_it(tmp_path: Path) -> None:
    """The checklist's sixth question is answered on the goal's page; the data left it out."""
    goal = ("---\ntitle: Move to Amsterdam\ntype: mobility\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "mobility: Open to Berlin; no move before the school year ends.\n---\nPlan.\n")
    data = json.loads(build(tmp_path, {"content/goals/move.md": goal}, "title: T\ntoday: 2026-11-20\n")["portfolio.json"])
    assert [g["mobility"] for g in data["goals"]] == ["Open to Berlin; no move before the school year ends."]


def test_portfolio_json_names_an_item_a_list_names_twice_once(tmp_path: Path) -> None:
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nPlan.\n"
    talk = "---\ntitle: Talk\ndate: 2026-03-01\nkind: talk\ngoals: [lead, lead]\n---\nTold.\n"
    data = json.loads(build(tmp_path, {"content/goals/lead.md": goal, "content/evidence/talk.md": talk},
                            "title: T\ntoday: 2026-11-20\n")["portfolio.json"])
    assert [e["goals"] for e in data["evidence"]] == [["lead"]]


def test_each_view_of_the_site_has_a_feed_id_of_its_own(tmp_path: Path) -> None:
    """The public feed's id stays as it was (from the title); a manager's and the owner's
    feeds hold other entries, and shared that id, so a reader merged them."""
    root = make_project(tmp_path, SMALL, config=SMALL_CONFIG + "audiences: [manager]\n")
    ids = []
    for args in ([], ["--audience", "manager"], ["--all"]):
        out = tmp_path / f"site-{len(ids)}"
        assert main(["build", str(root), "--out", str(out), *args]) == 0
        ids.append(ET.fromstring((out / "feed.xml").read_bytes()).findtext(f"{ATOM}id"))
    assert ids[0] == "urn:uuid:72e05ceb-6033-5b15-b695-407751fddb42"
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)


def test_the_feed_holds_the_newest_fifty_entries(tmp_path: Path) -> None:
    """Fifty-one pieces of evidence, one a day from 1 August: the feed leaves out the oldest only."""
    first = datetime.date(2026, 8, 1)
    files = {f"content/evidence/day-{n}.md": f"---\ntitle: Day {n}\ndate: {first + datetime.timedelta(days=n)}\nkind: project\n---\nWork.\n"
             for n in range(51)}
    feed = ET.fromstring(build(tmp_path, files, "title: Test portfolio\ntoday: 2026-11-20\n")["feed.xml"])
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == [f"Day {n}" for n in range(50, 0, -1)]


def test_a_goal_worked_on_lists_its_next_asks_for_feedback_in_the_calendar(tmp_path: Path) -> None:
    """A source's `next` is a day in the owner's diary, as a milestone is: an event on it,
    while the goal is worked on (an achieved goal asks for no more), for sources with a date."""
    def goal(status: str) -> str:
        return (f"---\ntitle: Lead by {status}\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-12-31\nstatus: {status}\n"
                "feedback:\n  - My mentor, quarterly\n  - {who: My manager, how: monthly one-to-one., next: 2026-12-04}\n"
                "  - {who: My manager, how: skip-level, next: 2026-11-02}\n  - {who: Peers, how: survey}\n---\nPlan.\n")
    files = {"content/goals/active.md": goal("active"), "content/goals/done.md": goal("achieved")}
    calendar = events(ics_properties(build(tmp_path, files, "title: T\ntoday: 2026-11-20\n")["calendar.ics"]))
    assert [(event["SUMMARY"][1], event["DTSTART"][1], ics_text(event["DESCRIPTION"][1])) for event in calendar] == [
        ("Ask for feedback: My manager", "20261204", "Feedback on the goal: Lead by active. How: monthly one-to-one."),
        ("Ask for feedback: My manager", "20261102", "Feedback on the goal: Lead by active. How: skip-level."),
        ("Goal review due", "20261120", "Review each goal's indicators, milestones and tactics (every quarter)."),
    ]
    assert len({event["UID"][1] for event in calendar}) == 3


def test_a_long_line_folds_after_75_octets_then_every_74_and_never_inside_a_character(tmp_path: Path) -> None:
    """After its first 75 octets a line goes on 74 at a time, as each fold begins with a
    space. A line of ASCII is cut by slicing, another octet by octet: `é` is two octets, and
    a fold that would split it comes before it."""
    ascii_title = "Agree the hiring plan " * 8
    other_title = "e" * 66 + "é" + "e" * 73 + "é"
    goal = ("---\ntitle: G\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-12-31\nmilestones:\n"
            f"  - {{title: {ascii_title.strip()}, due: 2027-01-01}}\n  - {{title: {other_title}, due: 2027-02-01}}\n---\nPlan.\n")
    calendar = build(tmp_path, {"content/goals/g.md": goal}, "title: T\ntoday: 2026-11-20\n")["calendar.ics"].decode("utf-8")
    assert ("\r\nSUMMARY:Agree the hiring plan Agree the hiring plan Agree the hiring plan A\r\n"
            " gree the hiring plan Agree the hiring plan Agree the hiring plan Agree the\r\n"
            "  hiring plan Agree the hiring plan\r\n") in calendar
    assert ("\r\nSUMMARY:" + "e" * 66 + "\r\n é" + "e" * 72 + "\r\n eé\r\n") in calendar
    ics_properties(calendar.encode("utf-8"))


def test_a_line_of_76_octets_is_folded_and_a_milestone_done_after_today_is_not_done_yet(tmp_path: Path) -> None:
    """RFC 5545 lines hold 75 octets: a SUMMARY line of 76 goes on after a fold. A milestone
    whose `done` date is after today is not done yet: its event does not say it is."""
    goal = ("---\ntitle: G\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-12-31\nmilestones:\n"
            "  - {title: Agree the hiring plan for two new squads with finance and recruiters, due: 2027-01-01}\n"
            "  - {title: Hire the first lead, due: 2027-02-01, done: 2026-12-01}\n---\nPlan.\n")
    calendar = build(tmp_path, {"content/goals/g.md": goal}, "title: T\ntoday: 2026-11-20\n")["calendar.ics"].decode("utf-8")
    assert ("\r\nSUMMARY:Agree the hiring plan for two new squads with finance and recruiter\r\n s\r\n"
            "DESCRIPTION:Milestone of the goal: G.\r\nEND:VEVENT\r\n") in calendar
    assert "\r\nSUMMARY:Hire the first lead\r\nDESCRIPTION:Milestone of the goal: G.\r\nEND:VEVENT\r\n" in calendar
