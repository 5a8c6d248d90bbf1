"""The example portfolio builds into every page the issue lists, with its key content, valid
HTML, working links and anchors, and the same bytes every time."""

from __future__ import annotations

import datetime
import html.parser
import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from site_helpers import REPO, VNU_JAR, broken_links, build_project, read_tree, require_vnu

from goalfolio.sitepages.progress_page import quarter_of

HTML_PAGES = [
    "index.html", "goals/index.html", "goals/become-senior-pm/index.html", "progress/index.html",
    "evidence/index.html", "evidence/one-click-refunds/index.html", "evidence/kind/project/index.html",
    "evidence/skill/sql/index.html", "endorsements/index.html", "reviews/index.html",
    "reviews/review-2026-q3/index.html", "cases/index.html", "cases/senior-pm-promotion/index.html", "404.html",
]


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("example") / "site"
    return read_tree(build_project(REPO, out))


@pytest.fixture(scope="session")
def example_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(REPO, tmp_path_factory.mktemp("example-dir") / "site")


def text(site: dict[str, bytes], path: str) -> str:
    return site[path].decode("utf-8")


@pytest.mark.parametrize("path", HTML_PAGES + ["sitemap.xml", "feed.xml", "portfolio.json", "calendar.ics", "robots.txt",
                                               "static/style.css", "assets/portrait.svg"])
def test_example_site_has_every_output(example_site: dict[str, bytes], path: str) -> None:
    assert path in example_site


def test_dashboard_shows_profile_goals_pace_and_whats_due(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "index.html")
    assert "<h1 id=\"profile-name\">Nadia Okafor</h1>" in page
    assert "Product Manager, Checkout &amp; Payments, Fernway" in page
    assert '<a href="goals/become-senior-pm/index.html">Promotion to Senior Product Manager at Fernway by 30 April 2027</a>' in page
    assert '<span class="badge badge-on-track">on track</span>' in page
    assert '<span class="badge badge-at-risk">at risk</span>' in page
    assert "<h2 id=\"upcoming-heading\">Next 90 days</h2>" in page
    assert "Review the draft promotion case with my manager" in page
    assert 'src="assets/portrait.svg"' in page
    assert "<h2 id=\"quotes-heading\">What people say</h2>" in page


def test_goal_page_has_indicators_charts_milestones_audit_and_framework(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "goals/become-senior-pm/index.html")
    assert "<h1>Promotion to Senior Product Manager at Fernway by 30 April 2027</h1>" in page
    assert "Leading <span class=\"muted\">· actions in my control</span>" in page
    assert "Lagging <span class=\"muted\">· outcomes</span>" in page
    assert '<h4 class="indicator-name">Checkout conversion rate</h4>' in page
    assert "<dt>Current</dt><dd><strong>64.9%</strong></dd>" in page
    assert '<svg class="chart"' in page and "<desc id=" in page
    assert "Checkout conversion rate: baseline 61%, target 66% (higher is better), current 64.9%, 4 readings." in page
    assert '<h2 id="sec-audit">Coaching audit: 6/6</h2>' in page
    assert '<h2 id="sec-framework">Evidence Ladder: 4 of 4 steps met</h2>' in page
    assert '<span class="ms-state">done</span> <span class="ms-title">Ship one stretch initiative with a measured outcome</span>' in page
    assert re.findall(r'<span class="ms-title">([^<]*)</span>[^\n]*?<span class="ms-reward">([^<]*)</span></li>', page) == [
        ("Launch the checkout redesign to all traffic", "Reward: A long weekend offline with the family"),
        ("Committee decision", "Reward: A week off before the next planning cycle, whatever the decision")]
    assert "Evidence of setting direction across more than one squad" in page
    assert '<a href="../../cases/senior-pm-promotion/index.html">' in page


def test_case_page_follows_the_evidence_ladder(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "cases/senior-pm-promotion/index.html")
    order = ["sec-goals", "sec-baseline", "sec-stretch", "sec-validation", "sec-narrative", "sec-plan", "sec-readiness"]
    positions = [page.index(f'<h2 id="{anchor}"') for anchor in order]
    assert positions == sorted(positions)
    assert "<dt>Target role</dt><dd>Senior Product Manager, Checkout &amp; Payments</dd>" in page
    assert "<th scope=\"row\">Time to resolve a refund</th><td>4.2 days</td><td><strong>1.1 days</strong></td><td>−3.1 days (−74%)</td>" in page
    assert '<a class="citation" href="../../evidence/one-click-refunds/index.html">One-click refunds across support, finance and payments</a>' in page
    assert "Readiness: 4 of 4 steps of the Evidence Ladder" in page
    assert "Submit the case to the April promotion committee" in page


def test_a_cases_measures_are_not_captioned_with_the_title_just_above_them(example_site: dict[str, bytes]) -> None:
    """Under the heading "Audit of my role scope at the start of 2025" the table read
    "Results of Audit of my role scope at the start of 2025"; under "Checkout results for
    2024 ...", "Results of Checkout results for 2024 ..."."""
    page = text(example_site, "cases/senior-pm-promotion/index.html")
    assert set(re.findall(r"<caption>(.*?)</caption>", page)) == {"Measured change"}


def test_a_case_gives_the_links_of_its_evidence(example_site: dict[str, bytes]) -> None:
    """A manager reading the case on paper had the evidence's measures but not the launch
    note, article or notes behind them: its `links:` were only on each evidence page. The
    print stylesheet writes out where each leads."""
    page = text(example_site, "cases/senior-pm-promotion/index.html")
    assert ('<p><span class="label">Links</span> <a href="https://example.com/nadia-okafor/writing/one-click-refunds">'
            "Internal launch note (summary)</a></p>") in page
    assert ("<li><a href=\"../../evidence/decision-docs-post/index.html\">Writing decision docs that get read</a> "
            '<span class="muted">Publication · 30 Jan 2026</span>: Squads using the template 1 squad → 6 squads, +5 squads (+500%) · '
            '<a href="https://example.com/nadia-okafor/writing/decision-docs">Article</a></li>') in page

def test_the_cases_list_names_each_framework_by_its_title(example_site: dict[str, bytes]) -> None:
    """The cards were labelled `evidence-ladder` and `mobility-playbook`: ids from the case's
    front matter, which mean nothing to the manager or recruiter the list is shown to."""
    page = text(example_site, "cases/index.html")
    assert re.findall(r'<p class="card-top"><span class="kind">([^<]*)</span>', page) == ["Mobility Playbook", "Evidence Ladder"]


def test_a_cases_further_evidence_gives_each_metrics_change(example_site: dict[str, bytes]) -> None:
    """The rungs' tables give each metric's change; the lines under "Further evidence" gave
    only before and after, leaving the reader to work out by how much."""
    page = text(example_site, "cases/senior-pm-promotion/index.html")
    further = page[page.index('id="sec-further"'):page.index('id="sec-validation"')]
    assert ("</span>: Steps to activate a payment method 11 steps → 7 steps, −4 steps (−36%); "
            "Merchants completing onboarding 52% → 66%, +14 points</li>") in further


def test_a_cases_further_evidence_names_each_kind_as_the_rungs_do(example_site: dict[str, bytes]) -> None:
    """The rungs above said "Project · 27 Feb 2026" and the lines under "Further evidence"
    "project · 27 Feb 2026", the kind as its front matter writes it."""
    page = text(example_site, "cases/senior-pm-promotion/index.html")
    further = page[page.index('id="sec-further"'):page.index('id="sec-validation"')]
    assert re.findall(r'</a> <span class="muted">([^<]*)</span>', further) == [
        "Course · 28 Nov 2025", "Publication · 30 Jan 2026", "Project · 27 Feb 2026", "Result · 10 Jul 2026",
        "Assignment · 28 Aug 2026"]
    rungs = page[page.index('id="sec-goals"'):page.index('id="sec-further"')]
    assert re.findall(r'<p class="muted">([^ <]*) · ', rungs) == ["Result", "Other", "Project", "Project", "Project"]


def test_an_endorsement_from_a_report_is_labelled_as_from_a_direct_report(example_site: dict[str, bytes]) -> None:
    """`relationship: report` was shown as the bare word: "Associate Product Manager, Fernway
    (name withheld) · report · 17 Jul 2026" reads as a document, not as someone the candidate manages."""
    page = text(example_site, "cases/senior-pm-promotion/index.html")
    assert re.findall(r'<span class="muted"> · ([^<]*) · <time', page) == [
        "manager", "stakeholder", "client", "peer", "direct report"]


def test_a_case_on_another_framework_shows_its_evidence_under_the_steps_it_counts_for(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "cases/amsterdam-transfer/index.html")
    headings = re.findall(r'<h2 id="([^"]+)">', page)
    assert headings == ["sec-goals", "sec-step-local-network", "sec-further", "sec-validation", "sec-narrative", "sec-plan",
                        "sec-readiness"]
    local = page[page.index('id="sec-step-local-network"'):page.index('id="sec-further"')]
    assert re.findall(r'<h3><a href="\.\./\.\./evidence/([^/]+)/index\.html">', local) == [
        "interview-lumen-pay-amsterdam", "interview-berlin-fintech", "interview-mobility-partner", "interview-expat-pm-amsterdam"]
    further = page[page.index('id="sec-further"'):page.index('id="sec-validation"')]
    assert "interview-berlin-fintech" not in further and "amsterdam-secondment" in further  # each piece once


def test_an_evidence_ladder_of_the_projects_own_replaces_the_built_in_one_on_the_case_page(tmp_path: Path) -> None:
    """A framework of a built-in name overrides it, as a theme's template does; the case page
    followed the built-in rungs ("Baseline impact", "No stretch project yet") beside a
    readiness of the project's own steps."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    own = ("frameworks:\n  evidence-ladder:\n    title: Promotion evidence\n    steps:\n"
           "      - {id: spoke, title: Spoke about the work, requires: [{check: evidence, kind: [talk, publication]}]}\n"
           "      - {id: endorsed, title: Endorsed by three people, requires: [{check: endorsements, count: 3}]}\n")
    (tmp_path / "goalfolio.yaml").write_text((REPO / "goalfolio.yaml").read_text().replace("frameworks:\n", own))
    page = read_tree(build_project(tmp_path, tmp_path / "site"))["cases/senior-pm-promotion/index.html"].decode()
    assert re.findall(r'<h2 id="([^"]+)">([^<]*)</h2>', page) == [
        ("sec-goals", "Goals"), ("sec-step-spoke", "Spoke about the work"), ("sec-further", "Further evidence"),
        ("sec-validation", "Endorsed by three people"), ("sec-narrative", "Narrative"), ("sec-plan", "The plan from here"),
        ("sec-readiness", "Readiness: 2 of 2 steps of the Promotion evidence"),
    ]
    spoke = page[page.index('id="sec-step-spoke"'):page.index('id="sec-further"')]
    assert re.findall(r'<h3><a href="\.\./\.\./evidence/([^/]+)/index\.html">', spoke) == ["decision-docs-post"]


ONE_OF_EACH = {
    "content/goals/lead.md": ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
                              "milestones:\n  - {title: First hire, due: 2026-03-31}\n---\nThe plan.\n"),
    "content/evidence/work.md": ("---\ntitle: Shipped the work\ndate: 2025-05-20\nkind: project\ngoals: [lead]\nmetrics:\n"
                                 "  - {name: Conversion, before: 61, after: 62, unit: \"%\"}\n"
                                 "  - {name: Meetings per week, before: 3, after: 1, unit: meetings}\n---\nStory.\n"),
    "content/endorsements/pat.md": ("---\nauthor: Pat Public\nrole: Director\nrelationship: manager\ndate: 2026-08-03\n"
                                    "goals: [lead]\n---\nPat saw the work.\n"),
    "content/reviews/q3.md": "---\ndate: 2026-11-18\n---\nNotes.\n",
}


def test_counts_of_one_take_the_singular(build_site) -> None:  # type: ignore[no-untyped-def]
    """Each count a page writes, at 1: `1 goals`, `1 pieces of evidence`, `What 1 colleagues
    ... say`, `All 1 events`, `+1 points` and `every 1 days` read as they were."""
    code, out, err = build_site(ONE_OF_EACH, stale_after_days=1)
    assert (code, err) == (0, "")
    page = {path: (out / path).read_text() for path in
            ("goals/index.html", "evidence/index.html", "endorsements/index.html", "progress/index.html", "evidence/work/index.html")}
    descriptions = [re.findall(r'<meta name="description" content="([^"]*)">', page[p])
                    for p in ("goals/index.html", "evidence/index.html", "endorsements/index.html")]
    assert descriptions == [
        ["1 goal with its progress against pace."],
        ["1 piece of evidence: projects, results, credentials and more."],
        ["What 1 colleague, stakeholder or client says about the work."],
    ]
    assert "<summary>1 event in 2026</summary>" in page["progress/index.html"]
    assert "Reviews happen every 1 day." in page["progress/index.html"]
    assert re.findall(r"<tr><th scope=\"row\">[^<]+</th>(.*?)</tr>", page["evidence/work/index.html"]) == [
        "<td>61%</td><td><strong>62%</strong></td><td>+1 point</td>",
        "<td>3 meetings</td><td><strong>1 meeting</strong></td><td>−2 meetings (−67%)</td>",
    ]


def test_evidence_page_has_metrics_and_backlinks(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "evidence/one-click-refunds/index.html")
    assert "<caption>Measured change</caption>" in page
    # The crumb names the page it leads to ("Evidence: Projects"), as the kind list does, not "project".
    assert ('<nav class="crumbs" aria-label="Breadcrumb"><a href="../index.html">Evidence</a> › '
            '<a href="../kind/project/index.html">Projects</a></nav>') in page
    assert '<h3 class="label">Cases that use it</h3>' in page
    assert '<h3 class="label">Cited by</h3>' in page
    assert '<a href="../skill/sql/index.html">SQL</a>' in page
    assert "Daniel Osei" in page


def test_the_lists_beside_an_item_have_headings_a_screen_reader_can_find(example_site: dict[str, bytes]) -> None:
    """"Cited by" and the others looked like headings but were paragraphs: a screen reader's
    list of headings left them out, so the lists under them could not be reached by name."""
    evidence = text(example_site, "evidence/checkout-redesign-launch/index.html").split('<aside class="related"')[1]
    goal = text(example_site, "goals/become-senior-pm/index.html").split('<h2 id="sec-related">')[1]
    headings = [re.findall(r"<h(\d)[^>]*>([^<]+)</h\1>", page.split("</aside>")[0].split("</section>")[0])
                for page in (evidence, goal)]
    assert headings == [
        [("2", "Where this counts"), ("3", "Goals it serves"), ("3", "Milestones it shows"), ("3", "Skills"),
         ("3", "Cases that use it"), ("3", "Cited by")],
        [("3", "Goals that serve this one"), ("3", "Cases"), ("3", "Cited by")],
    ]


class _UnnamedTables(html.parser.HTMLParser):
    """Counts the tables the theme writes (a body's Markdown tables aside) with neither a
    caption nor `aria-labelledby`."""

    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[bool] = []  # for each open <div> or <blockquote>: whether it holds a body
        self.table_opened = False
        self.unnamed = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.table_opened and tag != "caption":
            self.unnamed += 1
        self.table_opened = False
        if tag in ("div", "blockquote"):
            self.bodies.append(tag == "blockquote" or "prose" in (dict(attrs).get("class") or "").split())
        elif tag == "table" and not any(self.bodies):
            self.table_opened = "aria-labelledby" not in dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("div", "blockquote"):
            self.bodies.pop()


def test_every_table_the_theme_writes_has_a_name(example_site: dict[str, bytes]) -> None:
    """A screen reader moving from table to table heard "table with 2 columns and 5 rows" and
    no more: 25 times on the progress page, for the readings of each indicator."""
    unnamed = {}
    for path, data in example_site.items():
        if path.endswith(".html"):
            parser = _UnnamedTables()
            parser.feed(data.decode("utf-8"))
            unnamed[path] = parser.unnamed
    assert {path: count for path, count in unnamed.items() if count} == {}
    assert sum(text(example_site, path).count("<table") for path in unnamed) > 100
    goal = text(example_site, "goals/become-senior-pm/index.html")
    assert '<summary>Readings (4)</summary>\n<table>\n<caption class="visually-hidden">Readings of Calibration score</caption>' in goal
    assert '<h2 id="sec-gaps">Gaps and plans</h2>\n<table aria-labelledby="sec-gaps">' in goal


def test_endorsement_wall_names_named_authors_and_withholds_anonymous(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "endorsements/index.html")
    assert '<span class="who">Daniel Osei</span>, Head of Customer Operations, Fernway' in page
    assert '<span class="who">Associate Product Manager, Fernway</span> <span class="muted">(name withheld)</span>' in page
    assert "Sam Whitfield" not in page
    assert "apm-mentee-feedback" not in page


def test_review_page_has_readings_and_decisions(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "reviews/review-2026-q3/index.html")
    assert "<h1>Review of 25 Sep 2026</h1>" in page
    assert '<th scope="row">Checkout conversion rate</th><td>64.9%</td><td>66%</td>' in page
    assert 'class="decision-action">keep</span>' in page


def test_progress_page_has_rhythm_quarter_and_year(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "progress/index.html")
    assert "Reviews happen every quarter." in page
    assert "<strong>29 Dec 2026</strong>" in page  # 95 days (stale_after_days) after 25 Sep
    assert '<h2 id="sec-quarter">Due in Q4 2026</h2>' in page
    assert '<h2 id="sec-year">2026 at a glance</h2>' in page


def test_progress_page_tells_leading_from_lagging_indicators(example_site: dict[str, bytes]) -> None:
    """The article's dashboard is 3-5 leading and 1-2 lagging indicators: the Progress page
    showed each goal's in one grid, an outcome beside the actions with nothing to tell them apart."""
    page = text(example_site, "progress/index.html")
    block = page[page.index('<section class="goal-block" aria-labelledby="g-move-to-amsterdam">'):]
    block = block[:block.index("</section>")]
    assert re.findall(r'<h4>(.*?)</h4>|<h5 class="indicator-name">(.*?)</h5>', block) == [
        ('Leading <span class="muted">· actions in my control</span>', ""),
        ("", "Informational interviews in target cities"),
        ("", "Product people I know personally in Amsterdam or Berlin"),
        ("", "Dutch study hours (cumulative)"),
        ("", "Relocation fund"),
        ('Lagging <span class="muted">· outcomes</span>', ""),
        ("", "Open invitations to interview for senior roles in target cities"),
    ]


def test_feeds_json_calendar_and_robots(example_site: dict[str, bytes]) -> None:
    feed = text(example_site, "feed.xml")
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">')
    assert '<link rel="alternate" type="text/html" href="https://example.github.io/portfolio/evidence/one-click-refunds/"/>' in feed
    data = json.loads(example_site["portfolio.json"])
    assert data["format"] == 1 and data["profile"]["name"] == "Nadia Okafor"
    assert {g["id"] for g in data["goals"]} >= {"become-senior-pm", "dutch-a2-exam"}
    anonymous = [e for e in data["endorsements"] if e["anonymous"]]
    assert anonymous and all(e["author"] is None for e in anonymous)
    calendar = example_site["calendar.ics"].decode("utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and calendar.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Submit the case to the April promotion committee\r\n" in calendar
    assert "DTSTART;VALUE=DATE:20261229" in calendar and "RDATE;VALUE=DATE:20270403,20270707,20271010" in calendar  # 95 days apart
    assert all(len(line.encode()) <= 75 for line in calendar.split("\r\n"))
    sitemap = text(example_site, "sitemap.xml")
    assert "<loc>https://example.github.io/portfolio/goals/become-senior-pm/</loc>" in sitemap
    assert "404" not in sitemap
    assert text(example_site, "robots.txt") == "User-agent: *\nAllow: /\nSitemap: https://example.github.io/portfolio/sitemap.xml\n"


def test_every_internal_link_and_anchor_resolves(example_site: dict[str, bytes]) -> None:
    assert broken_links(example_site) == []


def test_no_root_absolute_links(example_site: dict[str, bytes]) -> None:
    for path, data in example_site.items():
        if path.endswith(".html"):
            assert b'href="/' not in data and b'src="/' not in data, path


def test_not_found_page_is_self_contained_with_absolute_links(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "404.html")
    assert "<style>" in page and 'rel="stylesheet"' not in page
    assert '<a href="https://example.github.io/portfolio/goals/">Goals</a>' in page


def test_not_found_page_without_base_url_links_from_the_root(build_site) -> None:  # type: ignore[no-untyped-def]
    code, out, err = build_site()
    assert code == 0, err
    page = (out / "404.html").read_text()
    assert '<a href="goals/index.html">Goals</a>' in page
    assert not (out / "sitemap.xml").exists()


def test_two_builds_are_byte_identical(tmp_path: Path, example_site: dict[str, bytes]) -> None:
    assert read_tree(build_project(REPO, tmp_path / "again")) == {
        **example_site, ".goalfolio-site": (tmp_path / "again" / ".goalfolio-site").read_bytes()
    }


def test_base_url_changes_only_absolute_urls(tmp_path: Path, example_site: dict[str, bytes]) -> None:
    moved = read_tree(build_project(REPO, tmp_path / "moved", base_url="https://other.example/cv/"))
    assert set(moved) - {".goalfolio-site"} == set(example_site) - {".goalfolio-site"}
    for path, data in example_site.items():
        expected = data.replace(b"https://example.github.io/portfolio/", b"https://other.example/cv/")
        assert moved[path] == expected, path


def test_every_html_file_passes_the_nu_html_checker(example_site_dir: Path, tmp_path: Path) -> None:
    require_vnu()
    owner = build_project(REPO, tmp_path / "owner", audience=None)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", str(example_site_dir), str(owner)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[:4000]


NAV_LINK = re.compile(r'<li><a href="([^"]+)"(?: aria-current="(page|true)")?>([^<]+)</a></li>')


def test_every_page_marks_its_own_navigation_link(example_site: dict[str, bytes]) -> None:
    """Each page marks its own navigation link (`aria-current="page"`) or its section's
    (`"true"`), and no other."""
    marked = {}
    for path in sorted(p for p in example_site if p.endswith(".html") and p != "404.html"):
        nav = re.search(r'<ul class="nav">(.*?)</ul>', text(example_site, path), re.S)
        assert nav, path
        links = NAV_LINK.findall(nav.group(1))
        assert len(links) >= 6, path
        current = [(posixpath.normpath(posixpath.join(posixpath.dirname(path), href)), state) for href, state, _ in links if state]
        for target, state in current:
            if state == "page":
                assert target == path, path
            else:
                assert path.startswith(posixpath.dirname(target) + "/") and target != path, path
        assert len(current) <= 1, path
        marked[path] = current
    assert marked["goals/index.html"] == [("goals/index.html", "page")]
    assert marked["goals/become-senior-pm/index.html"] == [("goals/index.html", "true")]
    assert marked["evidence/skill/sql/index.html"] == [("evidence/index.html", "true")]
    assert marked["index.html"] == [("index.html", "page")]


def test_feed_review_list_and_descriptions_quote_a_sentence_not_a_heading(example_site: dict[str, bytes]) -> None:
    """Bodies open with a `## Heading`: the lead is the first sentence of the paragraph below."""
    feed = text(example_site, "feed.xml")
    assert ("<summary>In late September the Amsterdam office opened a Senior Product Manager role for "
            "merchant onboarding and payment methods.</summary>") in feed
    assert "<summary>How the quarter went</summary>" not in feed
    lead = ("The Amsterdam assignment went well: onboarding completion rose by "
            "14 points and the local squad asked me to come back.")
    assert f'<p class="excerpt">{lead}</p>' in text(example_site, "reviews/index.html")
    assert f'<meta name="description" content="{lead}">' in text(example_site, "reviews/review-2026-q3/index.html")


def test_task_list_checkboxes_are_named_by_their_item_text(example_site: dict[str, bytes]) -> None:
    """The item text is the checkbox's label, so assistive technology can name it."""
    page = text(example_site, "evidence/interview-mobility-partner/index.html")
    assert ('<li class="task-list-item"><label><input class="task-list-item-checkbox" disabled="disabled" type="checkbox"> '
            "Confirm how pension contributions move between the UK and Dutch schemes</label></li>") in page
    assert page.count('<li class="task-list-item"><label><input class="task-list-item-checkbox"') == 5


def test_pages_show_names_in_code_not_backticks(example_site: dict[str, bytes]) -> None:
    """Framework labels and audit advice name fields and values `like this` for the
    terminal; pages show those names in <code>."""
    assert [path for path, data in example_site.items() if path.endswith(".html") and b"`" in data] == []
    assert "<li>at least 1 piece of evidence on the <code>baseline</code> rung</li>" in text(example_site, "cases/senior-pm-promotion/index.html")
    assert "<li>target locations named in the profile</li>" in text(example_site, "cases/amsterdam-transfer/index.html")


def test_a_cases_endorsements_are_headed_in_its_frameworks_words(example_site: dict[str, bytes]) -> None:
    """The Evidence Ladder's step is "Stakeholder validation"; the Mobility Playbook has no
    step for endorsements, so its case says plainly what they are."""
    assert '<h2 id="sec-validation">Stakeholder validation</h2>' in text(example_site, "cases/senior-pm-promotion/index.html")
    assert '<h2 id="sec-validation">Endorsements</h2>' in text(example_site, "cases/amsterdam-transfer/index.html")


def test_a_review_is_named_the_same_everywhere(example_site: dict[str, bytes]) -> None:
    named = {path for path, data in example_site.items() if b"Review of 25 Sep 2026" in data}
    assert {"feed.xml", "progress/index.html", "reviews/index.html", "reviews/review-2026-q3/index.html",
            "evidence/amsterdam-secondment/index.html"} <= named
    assert "<h1>Review of 25 Sep 2026</h1>" in text(example_site, "reviews/review-2026-q3/index.html")
    assert "<title>Review of 25 Sep 2026</title>" in text(example_site, "feed.xml")
    assert [path for path, data in example_site.items() if re.search(rb"Review of \d{4}-", data)] == []


def test_a_case_marks_evidence_and_endorsements_dated_after_today_as_planned(build_site) -> None:  # type: ignore[no-untyped-def]
    """A stretch project dated next month stood under "Stretch projects and measured results"
    with its results, and a manager's endorsement dated next week among the others, as done,
    while the readiness below (counting only what has happened) said the stretch project and
    the second endorsement were still missing."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    stretch = ("---\ntitle: Faster onboarding\ndate: 2026-12-15\nkind: project\ngoals: [lead]\nladder: stretch\n"
               "metrics:\n  - {name: Days to onboard, before: 10, after: 5, unit: days}\n---\nThe project.\n")
    talk = "---\ntitle: Team talk\ndate: 2027-01-10\nkind: talk\ngoals: [lead]\n---\nThe talk.\n"
    amy = "---\nauthor: Amy Doe\nrole: Director\nrelationship: manager\ndate: 2026-12-01\ngoals: [lead]\n---\nSam leads well.\n"
    bob = "---\nauthor: Bob Roe\nrole: Engineer\nrelationship: peer\ndate: 2026-05-01\ngoals: [lead]\n---\nSam helps.\n"
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\n---\nMy case.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/evidence/stretch.md": stretch,
                                 "content/evidence/talk.md": talk, "content/endorsements/amy.md": amy,
                                 "content/endorsements/bob.md": bob, "content/cases/promo.md": case})
    assert code == 0, err
    page = (out / "cases/promo/index.html").read_text()
    assert '<p class="muted">Project · 15 Dec 2026 · planned</p>' in page
    assert '<span class="muted">Talk · 10 Jan 2027 · planned</span>' in page
    assert re.findall(r'<span class="muted"> · (\w+) · <time datetime="[^"]*">([^<]*)</time>([^<]*)</span>', page) == [
        ("manager", "1 Dec 2026", " · planned"), ("peer", "1 May 2026", "")]
    assert "needs 1 more piece of evidence on the stretch rung with a before-and-after metric" in page


def test_a_case_whose_goals_a_build_hides_says_so_under_its_goals_heading(build_site) -> None:  # type: ignore[no-untyped-def]
    """`check` warns of such a case; its page showed a "Goals" heading over a table of column
    headings and no row."""
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "visibility: private\n---\nThe plan.\n")
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\n---\nMy case.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/cases/promo.md": case})
    assert code == 0, err
    page = (out / "cases/promo/index.html").read_text()
    assert '<h2 id="sec-goals">Goals</h2>\n<p class="muted">No goal of this case is shown here.</p>\n</section>' in page


@pytest.mark.parametrize("visibility", ["private", "[manager]"])
def test_a_case_whose_goals_a_build_hides_says_of_its_plan_what_it_says_of_its_goals(build_site, visibility: str) -> None:  # type: ignore[no-untyped-def]
    """Its plan said "No milestones are set yet.", of goals the reader cannot see, which
    have milestones: it says no more of them than its table of goals does."""
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            f"visibility: {visibility}\nmilestones:\n  - {{title: First hire, due: 2027-03-31}}\n---\nThe plan.\n")
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\n---\nMy case.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/cases/promo.md": case}, audiences="[manager]")
    assert code == 0, err
    page = (out / "cases/promo/index.html").read_text()
    assert '<h2 id="sec-plan">The plan from here</h2>\n<p class="muted">No milestone of this case is shown here.</p>' in page
    assert "First hire" not in page


@pytest.mark.parametrize(("fields", "said"), [
    (("",), "No milestones are set yet."),
    (("milestones:\n  - {title: First hire, due: 2026-03-31, done: 2026-03-20}\n",), "Every milestone is done."),
    (("status: achieved\n",), "No milestones were set; the goal is achieved."),
    (("status: dropped\n", "status: achieved\n"), "No milestones were set; the goals are achieved or dropped."),
    (("status: paused\n", "status: achieved\n"), "No milestones are set yet."),
    (("", "status: achieved\nmilestones:\n  - {title: Second hire, due: 2026-09-30}\n"),
     "No milestones are set yet for Lead a team of six; the others are done, or belong to goals achieved or dropped."),
    (("", "milestones:\n  - {title: First hire, due: 2026-03-31, done: 2026-03-20}\n"),
     "No milestones are set yet for Lead a team of six; the others are done, or belong to goals achieved or dropped."),
])
def test_a_case_plan_without_open_milestones_says_why(build_site, fields: tuple[str, ...], said: str) -> None:  # type: ignore[no-untyped-def]
    """A case whose goals are all achieved or dropped read "No milestones are set yet.": `yet`
    is for a goal still worked on."""
    goals = {f"content/goals/lead-{n}.md": f"---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\n"
                                            f"target_date: 2027-06-30\n{extra}---\nThe plan.\n" for n, extra in enumerate(fields)}
    case = f"---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [{', '.join(f'lead-{n}' for n in range(len(fields)))}]\n---\nMy case.\n"
    code, out, err = build_site({**goals, "content/cases/promo.md": case})
    assert code == 0, err
    page = (out / "cases/promo/index.html").read_text()
    assert f'<h2 id="sec-plan">The plan from here</h2>\n<p class="muted">{said}</p>' in page


def test_an_achieved_goals_undone_milestones_are_not_done_rather_than_overdue_on_every_page(build_site) -> None:  # type: ignore[no-untyped-def]
    """Years later, an achieved goal's milestones that were never marked done read as "overdue"
    on its page and card, and stood in its case's "plan from here"."""
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2024-01-01\ntarget_date: 2025-06-30\n"
            "status: achieved\nmilestones:\n  - {title: First hire, due: 2024-03-31, done: 2024-03-20}\n"
            "  - {title: Second hire, due: 2024-09-30}\n---\nThe plan.\n")
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\n---\nMy case.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/cases/promo.md": case})
    assert code == 0, err
    page = (out / "goals/lead/index.html").read_text()
    assert re.findall(r'<li class="ms ms-[^"]*"><span class="ms-state">[^<]*</span> <span class="ms-title">[^<]*', page) == [
        '<li class="ms ms-done"><span class="ms-state">done</span> <span class="ms-title">First hire',
        '<li class="ms ms-not-done"><span class="ms-state">not done</span> <span class="ms-title">Second hire',
    ]
    # in the wide timeline, then in the narrow one phones show
    assert re.findall(r'<g class="tl-mark tl-[^"]*">', page) == ['<g class="tl-mark tl-done">', '<g class="tl-mark tl-not-done">'] * 2
    assert "Overdue" not in (out / "goals/index.html").read_text()
    assert ('<h2 id="sec-plan">The plan from here</h2>\n<p class="muted">Nothing is left to do: the milestones not done '
            'belong to goals achieved or dropped.</p>') in (out / "cases/promo/index.html").read_text()
    data = json.loads((out / "portfolio.json").read_text())
    assert [m["state"] for m in data["goals"][0]["milestones"]] == ["done", "not-done"]


def test_a_chart_keys_the_today_line_only_when_it_draws_one(build_site) -> None:  # type: ignore[no-untyped-def]
    """A goal that ended before today has no today line on its charts: its key listed one."""
    goal = ("---\ntitle: Lead a team of {n}\ntype: leadership\nstart: {start}\ntarget_date: {end}\n"
            "indicators:\n  - {{id: hires, name: Hires, kind: lagging, target: 6}}\n---\nThe plan.\n")
    review = "---\ndate: 2025-03-01\nreadings:\n  past: {hires: 2}\n  now: {hires: 3}\n---\nA review.\n"
    code, out, err = build_site({"content/goals/past.md": goal.format(n="six", start="2024-01-01", end="2025-06-30"),
                                 "content/goals/now.md": goal.format(n="ten", start="2025-01-01", end="2027-06-30"),
                                 "content/reviews/q1.md": review})
    assert code == 0, err
    keys = {name: re.findall(r'<p class="chart-key" aria-hidden="true">.*</p>', (out / f"goals/{name}/index.html").read_text())
            for name in ("past", "now")}
    line = ('<p class="chart-key" aria-hidden="true"><span><span class="key key-line"></span> readings</span> '
            '<span><span class="key key-target"></span> target</span> <span><span class="key key-baseline"></span> baseline</span>')
    assert keys == {"past": [line + "</p>"], "now": [line + ' <span><span class="key key-today"></span> today</span></p>']}
    assert '<line class="chart-today"' not in (out / "goals/past/index.html").read_text()


def test_a_current_value_no_review_has_read_for_longer_than_the_rhythm_says_when_it_was_read(build_site) -> None:  # type: ignore[no-untyped-def]
    """A goal left out of the reviews for a year showed its last reading as "Current", undated."""
    goal = ("---\ntitle: Lead a team of {n}\ntype: leadership\nstart: 2025-01-01\ntarget_date: 2027-06-30\nstatus: {status}\n"
            "indicators:\n  - {{id: hires, name: Hires, kind: lagging, target: 6}}\n---\nThe plan.\n")
    old = "---\ndate: 2026-08-16\nreadings:\n  stale: {hires: 2}\n  fresh: {hires: 2}\n  done: {hires: 6}\n---\nA review.\n"
    recent = "---\ndate: 2026-08-17\nreadings:\n  fresh: {hires: 3}\n---\nA review.\n"
    files = {"content/goals/stale.md": goal.format(n="six", status="active"),
             "content/goals/fresh.md": goal.format(n="ten", status="active"),
             "content/goals/done.md": goal.format(n="two", status="achieved"),
             "content/reviews/old.md": old, "content/reviews/recent.md": recent}
    code, out, err = build_site(files)  # today, 2026-11-20, is 96 days after the old review, 95 after the recent one
    assert code == 0, err
    said = {name: re.findall(r"<div><dt>Current</dt><dd>.*?</dd></div>", (out / f"goals/{name}/index.html").read_text())
            for name in ("stale", "fresh", "done")}
    assert said == {
        "stale": ['<div><dt>Current</dt><dd><strong>2</strong> <span class="last-read">last read 16 Aug 2026</span></dd></div>'],
        "fresh": ["<div><dt>Current</dt><dd><strong>3</strong></dd></div>"],
        "done": ["<div><dt>Current</dt><dd><strong>6</strong></dd></div>"],  # a finished goal is read no more
    }
    assert ("Hires: baseline 0, target 6 (higher is better), current 2 (last read 16 Aug 2026), 1 reading."
            in (out / "goals/stale/index.html").read_text())


def test_the_dashboard_lists_goals_in_the_goals_pages_order_not_by_file_name(build_site) -> None:  # type: ignore[no-untyped-def]
    goal = "---\ntitle: {title}\ntype: leadership\nstart: 2024-01-01\ntarget_date: {end}\nstatus: {status}\n---\nThe plan.\n"
    files = {f"content/goals/{name}.md": goal.format(title=title, end=end, status=status) for name, title, end, status in [
        ("a-late", "Lead a team of ten", "2028-06-30", "active"),
        ("b-soon", "Lead a team of six", "2027-01-31", "active"),
        ("c-recent", "Pass the B1 exam", "2026-06-30", "achieved"),
        ("d-early", "Pass the A2 exam", "2025-06-30", "achieved"),
    ]}
    code, out, err = build_site(files)
    assert code == 0, err
    home = (out / "index.html").read_text()
    titles = re.findall(r'<h3 class="card-title"><a href="[^"]*">([^<]*)</a>', home)
    assert titles == ["Lead a team of six", "Lead a team of ten"]
    assert re.findall(r'<h2 class="card-title"><a href="[^"]*">([^<]*)</a>', (out / "goals/index.html").read_text())[:2] == titles
    assert re.search(r'<p class="achieved-line">.*</p>', home).group(0) == (  # type: ignore[union-attr]
        '<p class="achieved-line"><span class="label">Achieved</span> <a href="goals/d-early/index.html">Pass the A2 exam</a>, '
        '<a href="goals/c-recent/index.html">Pass the B1 exam</a></p>')


def test_a_case_shows_managers_and_stakeholders_first_unless_it_lists_its_endorsements(example_site: dict[str, bytes]) -> None:
    page = text(example_site, "cases/senior-pm-promotion/index.html")
    shown = re.findall(r'<span class="who">([^<]*)</span>', page[page.index('id="sec-validation"'):])
    # manager, stakeholder, client, peer, then a report who asked not to be named
    assert shown == ["Marta Kowalski", "Daniel Osei", "Ines Carvalho", "Ruth van Dijk", "Associate Product Manager, Fernway"]
    assert "<p class=\"muted\">For a promotion or title change: climb from documented results to a case.</p>" in page


def test_a_case_keeps_the_order_of_its_own_endorsements_list(build_site) -> None:  # type: ignore[no-untyped-def]
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    quote = "---\nauthor: {who}\nrole: Lead\nrelationship: {rel}\ndate: 2026-0{month}-01\ngoals: [lead]\n---\nGood work.\n"
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\nendorsements: {order}\n---\nSee [[lead]].\n"
    files = {"content/goals/lead.md": goal,
             "content/endorsements/ana.md": quote.format(who="Ana", rel="peer", month=3),
             "content/endorsements/bo.md": quote.format(who="Bo", rel="manager", month=2),
             "content/endorsements/cy.md": quote.format(who="Cy", rel="report", month=4),
             "content/endorsements/dee.md": quote.format(who="Dee", rel="peer", month=5)}
    # Without a list: managers first, then peers (the newest first), then reports.
    for order, expected in (("[cy, ana, bo]", ["Cy", "Ana", "Bo"]), ("null", ["Bo", "Dee", "Ana", "Cy"])):
        code, out, err = build_site({**files, "content/cases/promo.md": case.format(order=order)})
        assert code == 0, err
        page = (out / "cases/promo/index.html").read_text()
        assert re.findall(r'<span class="who">([^<]*)</span>', page) == expected


def test_relative_front_matter_links_lead_from_the_site_root(build_site) -> None:  # type: ignore[no-untyped-def]
    evidence = ("---\ntitle: Talk at the payments meetup\ndate: 2026-03-12\nkind: talk\nlinks:\n"
                "  - {title: Slides, url: assets/talk.pdf}\n  - {title: Recording, url: 'https://example.org/v?id=1'}\n"
                "  - {title: The plan, url: 'goals/lead/#sec-plan'}\n---\nThe talk.\n")
    profile = "---\nname: Ana Lima\nlinks:\n  - {title: Slides, url: assets/talk.pdf}\n---\nBio.\n"
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    code, out, err = build_site({"content/evidence/talk.md": evidence, "content/profile.md": profile, "content/goals/lead.md": goal,
                                 "content/assets/talk.pdf": b"%PDF-1.4\n"}, base_url="https://ana.example/folio/")
    assert code == 0, err
    page = (out / "evidence/talk/index.html").read_text()
    assert ('<li><a href="../../assets/talk.pdf">Slides</a></li><li><a href="https://example.org/v?id=1">Recording</a></li>'
            '<li><a href="../../goals/lead/index.html#sec-plan">The plan</a></li>') in page
    assert '<li><a href="assets/talk.pdf">Slides</a></li>' in (out / "index.html").read_text()
    data = json.loads((out / "portfolio.json").read_text())
    assert [x["url"] for x in data["evidence"][0]["links"]] == [
        "https://ana.example/folio/assets/talk.pdf", "https://example.org/v?id=1", "https://ana.example/folio/goals/lead/#sec-plan"]


def test_relative_body_links_lead_from_the_site_root_on_every_page(build_site) -> None:  # type: ignore[no-untyped-def]
    """A body shows on pages at different depths; `[plan](goals/lead/)` was written as it
    stood and led to evidence/talk/goals/lead/, which does not exist, and so was
    `./assets/talk.pdf`, the way an editor's preview beside content/ reads it."""
    links = "[The plan](goals/lead/#sec-plan), [slides](../assets/talk.pdf), [deck](./assets/talk.pdf), [up](../x) and [here](#a)."
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    evidence = (f"---\ntitle: Talk at the payments meetup\ndate: 2026-03-12\nkind: talk\ngoals: [lead]\n---\n{links}\n\n"
                "A [tab](goals/lead/?tab=2#x), `gf-path:goals/`, [no slash](goals/lead?tab=3).\n")
    quote = f"---\nauthor: Bo\nrole: Lead\nrelationship: manager\ndate: 2026-03-01\ngoals: [lead]\n---\n{links}\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/evidence/talk.md": evidence,
                                 "content/endorsements/bo.md": quote, "content/assets/talk.pdf": b"%PDF-1.4\n"})
    assert code == 0, err
    for page, up in (("evidence/talk/index.html", "../../"), ("endorsements/index.html", "../")):
        if page.startswith("evidence"):
            assert (f'<a href="{up}goals/lead/index.html?tab=2#x">tab</a>, <code>gf-path:goals/</code>, '
                    f'<a href="{up}goals/lead/index.html?tab=3">no slash</a>') in (out / page).read_text()
        assert (f'<a href="{up}goals/lead/index.html#sec-plan">The plan</a>, <a href="{up}assets/talk.pdf">slides</a>, '
                f'<a href="{up}assets/talk.pdf">deck</a>, <a href="../x">up</a> and <a href="#a">here</a>.') in (out / page).read_text()


def test_a_link_written_as_a_placeholder_is_text_not_a_link(build_site) -> None:  # type: ignore[no-untyped-def]
    """A body's link to a path from the site root is kept as `gf-path:` until each page puts
    it in place, and an address after `gf-path:` was written as the link as it stood: one
    written so, `[x](gf-path:javascript:...)`, published a script link with raw HTML off.
    It is text, as a `javascript:` link is."""
    body = ("[here](gf-path:javascript:alert(1)) ![img](gf-path:javascript:alert(2)) <gf-path:javascript:alert(3)>\n"
            "[ref][r] [cite](gf-cite:talk)\n\n[r]: GF-PATH:data:text/html,x\n")
    evidence = f"---\ntitle: Talk at the payments meetup\ndate: 2026-03-12\nkind: talk\n---\n{body}"
    code, out, err = build_site({"content/evidence/talk.md": evidence})
    assert code == 0, err
    page = (out / "evidence/talk/index.html").read_text()
    assert ('<div class="prose"><p>[here](gf-path:javascript:alert(1)) ![img](gf-path:javascript:alert(2)) '
            '&lt;gf-path:javascript:alert(3)&gt;\n[ref][r] [cite](gf-cite:talk)</p>\n'
            '<p>[r]: GF-PATH:data:text/html,x</p>\n</div>') in page
    assert not [path for path in out.rglob("*.html") if re.search(r'(?:href|src)="(?:javascript|data):', path.read_text())]


def test_portfolio_json_carries_each_goals_coaching_audit(build_site) -> None:  # type: ignore[no-untyped-def]
    goal = "---\ntitle: Get better at management\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    code, out, err = build_site({"content/goals/lead.md": goal})
    assert code == 0, err
    data = json.loads((out / "portfolio.json").read_text())
    assert data["goals"][0]["audit"] == {
        "score": 0, "total": 6, "missing": ["outcome", "indicators", "gaps", "timeline", "feedback", "mobility"]}


def test_a_goal_page_shows_who_gives_feedback_and_how_and_when_it_is_next_asked_for(build_site) -> None:  # type: ignore[no-untyped-def]
    """Text as written, and a source's who and how apart with its next ask, overdue once past as
    a milestone is; the same in portfolio.json. An achieved goal asks for no more feedback."""
    feedback = ("feedback:\n  - My manager (monthly one-to-one)\n"
                "  - {who: Priya Shah (mentor), how: quarterly session, next: 2026-11-19}\n"
                "  - {who: Tom Hargreaves, how: at the monthly update, next: 2026-11-20}\n"
                "  - {who: Ana <Ruiz>, how: written review & notes}\n")
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n" + feedback + "---\nThe plan.\n"
    code, out, err = build_site({"content/goals/lead.md": goal,
                                 "content/goals/past.md": goal.replace("type: leadership\n", "type: leadership\nstatus: achieved\n")})
    assert code == 0, err
    shown = {goal_id: re.findall(r'<ul class="feedback">\n(.*?)</ul>', (out / f"goals/{goal_id}/index.html").read_text(), re.S)
             for goal_id in ("lead", "past")}
    assert shown["lead"] == [
        "<li>My manager (monthly one-to-one)</li>\n"
        '<li class="ms-overdue"><span class="feedback-who">Priya Shah (mentor)</span> — quarterly session '
        '<span class="ms-state">overdue</span> <span class="muted">· next ask 19 Nov 2026</span></li>\n'
        '<li><span class="feedback-who">Tom Hargreaves</span> — at the monthly update <span class="muted">· next ask 20 Nov 2026</span></li>\n'
        '<li><span class="feedback-who">Ana &lt;Ruiz&gt;</span> — written review &amp; notes</li>\n'
    ]
    assert shown["past"] == [
        "<li>My manager (monthly one-to-one)</li>\n"
        '<li><span class="feedback-who">Priya Shah (mentor)</span> — quarterly session</li>\n'
        '<li><span class="feedback-who">Tom Hargreaves</span> — at the monthly update</li>\n'
        '<li><span class="feedback-who">Ana &lt;Ruiz&gt;</span> — written review &amp; notes</li>\n'
    ]
    data = {g["id"]: g["feedback"] for g in json.loads((out / "portfolio.json").read_text())["goals"]}
    written = [
        {"who": "My manager (monthly one-to-one)", "how": None, "next": None, "state": None},
        {"who": "Priya Shah (mentor)", "how": "quarterly session", "next": "2026-11-19", "state": "overdue"},
        {"who": "Tom Hargreaves", "how": "at the monthly update", "next": "2026-11-20", "state": "due"},
        {"who": "Ana <Ruiz>", "how": "written review & notes", "next": None, "state": None},
    ]
    assert data == {"lead": written, "past": [{**entry, "state": None} for entry in written]}


def test_time_used_is_shown_for_running_goals_only_on_every_page(build_site) -> None:  # type: ignore[no-untyped-def]
    head = "---\ntitle: {title}\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-01-01\nstatus: {status}\n"
    milestones = "milestones:\n  - {title: First hire, due: 2026-03-01}\n  - {title: Second hire, due: 2026-04-01}\n"
    files = {f"content/goals/{status}.md": head.format(title=f"A {status} goal", status=status) + milestones + "---\nPlan.\n"
             for status in ("active", "paused", "achieved")}
    code, out, err = build_site(files)
    assert code == 0, err
    said = {status: (out / f"goals/{status}/index.html").read_text() for status in ("active", "paused", "achieved")}
    assert "<p><strong>0%</strong> done · 88% of the time from 1 Jan 2026 to 1 Jan 2027 used</p>" in said["active"]
    assert "<p><strong>0%</strong> done</p>" in said["paused"]
    assert "<p>Measured at <strong>0%</strong></p>" in said["achieved"]
    listed = (out / "goals/index.html").read_text()
    assert listed.count('<p class="progress-text"><strong>0%</strong> done, 88% of the time used</p>') == 1
    assert listed.count('<p class="progress-text"><strong>0%</strong> done</p>') == 1
    assert listed.count('<p class="progress-text">Measured at <strong>0%</strong></p>') == 1
    assert listed.count('<span class="label">Overdue</span> 2 milestones</p>') == 2  # an achieved goal has nothing overdue
    progress = (out / "progress/index.html").read_text()
    assert progress.count("of the time used") == 1


@pytest.mark.parametrize(("last", "period", "config", "said", "later"), [
    ("2026-08-17", "", {}, "every quarter; the next is due today, 20 Nov 2026", "20270223,20270529,20270901"),  # 95 days: due today
    ("2026-08-16", "", {}, "every quarter; the next is overdue since 19 Nov 2026", "20270222,20270528,20270831"),
    ("2026-10-20", "period: monthly\n", {}, "every month; the next is due today, 20 Nov 2026", "20261220,20270120,20270220"),
    ("2026-10-19", "period: monthly\n", {}, "every month; the next is overdue since 19 Nov 2026", "20261219,20270119,20270219"),
    ("2026-10-31", "period: monthly\n", {}, "every month; the next is due on 30 Nov 2026", "20261231,20270131,20270228"),
    ("2026-10-21", "", {"stale_after_days": 30}, "every 30 days; the next is due today, 20 Nov 2026", "20261220,20270119,20270218"),
    ("2026-11-01", "period: monthly\n", {"stale_after_days": 14}, "every 14 days; the next is overdue since 15 Nov 2026",
     "20261129,20261213,20261227"),  # the dates to come after the one missed
    ("2026-01-01", "", {"stale_after_days": 365}, "every 365 days; the next is due on 1 Jan 2027", "20280101,20281231,20291231"),
])
def test_the_review_rhythm_turns_overdue_the_day_after_it_is_due(build_site, last: str, period: str, config: dict[str, int],  # type: ignore[no-untyped-def]
                                                                said: str, later: str) -> None:
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    review = f"---\ndate: {last}\n{period}readings: {{}}\n---\nNotes.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/reviews/q3.md": review}, **config)
    assert code == 0, err
    assert f"Reviews happen {said}." in (out / "reviews/index.html").read_text()
    calendar = (out / "calendar.ics").read_bytes().decode()
    event = calendar[calendar.index("SUMMARY:Goal review due") - 120:]
    due = said.rsplit(" on ", 1)[-1].rsplit(" since ", 1)[-1].rsplit("today, ", 1)[-1]
    assert f"DTSTART;VALUE=DATE:{datetime.datetime.strptime(due, '%d %b %Y').strftime('%Y%m%d')}" in event
    assert f"RDATE;VALUE=DATE:{later}\r\nEND:VEVENT" in event


def test_an_empty_narrative_or_reflection_leaves_out_its_heading(build_site) -> None:  # type: ignore[no-untyped-def]
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\n---\n"
    review = "---\ndate: 2026-10-01\nreadings: {}\n---\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/cases/promo.md": case, "content/reviews/q3.md": review})
    assert code == 0, err
    assert 'id="sec-narrative"' not in (out / "cases/promo/index.html").read_text()
    assert 'id="sec-reflection"' not in (out / "reviews/q3/index.html").read_text()


def test_the_banner_of_an_audience_build_is_a_landmark(build_site) -> None:  # type: ignore[no-untyped-def]
    """axe asks that all content sit in landmarks; the banner comes before the header."""
    code, out, err = build_site({}, "--audience", "manager", audiences="[manager]")
    assert code == 0, err
    assert ('<aside class="view-banner" aria-label="Which version of the site this is"><strong>Prepared for: manager.'
            '</strong>') in (out / "index.html").read_text()


def test_the_example_figures_orders_and_formats_as_a_reader_sees_them(example_site: dict[str, bytes]) -> None:
    """Pinned from the example content, worked out by hand in a review: progress in the JSON,
    newest first in the feed and on the wall, Q4's range, thousands separators, a list in words."""
    goal = next(g for g in json.loads(example_site["portfolio.json"])["goals"] if g["id"] == "become-senior-pm")
    assert (goal["pace"], goal["progress"], goal["expected"]) == ("on track", 0.758, 0.8092)
    updated = re.findall(r"<updated>([^<]+)</updated>", text(example_site, "feed.xml"))
    assert updated[:4] == ["2026-10-02T00:00:00Z", "2026-10-02T00:00:00Z", "2026-09-25T00:00:00Z", "2026-09-10T00:00:00Z"]
    wall = re.findall(r'<time datetime="([^"]+)"', text(example_site, "endorsements/index.html"))
    assert wall == sorted(wall, reverse=True) and wall[0] == "2026-09-04"
    progress = text(example_site, "progress/index.html")
    assert "Due in Q4 2026" in progress and "1 Oct 2026 to 31 Dec 2026" in progress
    assert "8,600 EUR" in text(example_site, "reviews/review-2026-q3/index.html")
    home = text(example_site, "index.html")
    assert "Aiming for Amsterdam or Berlin</span>" in home
    assert '<meta property="og:image" content="https://example.github.io/portfolio/assets/portrait.svg">' in home


def test_the_next_90_days_end_on_the_90th_day(build_site) -> None:  # type: ignore[no-untyped-def]
    """Today is 20 Nov 2026 in the test config: the 90th day after it is 18 Feb 2027."""
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "milestones:\n  - {title: On the last day, due: 2027-02-18}\n  - {title: A day later, due: 2027-02-19}\n"
            "---\nThe plan.\n")
    code, out, err = build_site({"content/goals/lead.md": goal})
    assert code == 0, err
    home = (out / "index.html").read_text()
    due = home.split('<h2 id="upcoming-heading">')[1].split("</section>")[0]
    assert '<span class="due-date">18 Feb 2027</span> <span class="upcoming-title">On the last day</span>' in due and "A day later" not in due


def test_goal_cards_give_the_time_used_only_for_active_goals(example_site: dict[str, bytes]) -> None:
    """An achieved goal's clock has stopped: its card says how far it got, not how late it is."""
    cards = re.findall(r'<p class="progress-text">[^<]*<strong>[^<]*</strong>[^<]*</p>', text(example_site, "goals/index.html"))
    assert cards == [f'<p class="progress-text"><strong>{done}</strong> done{used}</p>' for done, used in [
        ("76%", ", 81% of the time used"), ("65%", ", 73% of the time used"), ("67%", ", 70% of the time used"),
        ("64%", ", 70% of the time used"), ("45%", ", 65% of the time used"),
    ]] + ['<p class="progress-text">Measured at <strong>99%</strong></p>']


def test_an_achieved_goal_shows_its_measured_share_as_measured_not_as_done(build_site) -> None:  # type: ignore[no-untyped-def]
    """179.2 of 180 hours is 99% (a share short of 1 never shows as 100%): beside its
    `achieved` badge, "99% done" read as a goal not done. Each page says "measured at 99%";
    portfolio.json keeps the share as it is."""
    goal = ("---\ntitle: Pass the A2 exam\ntype: education\nstart: 2026-01-01\ntarget_date: 2026-06-30\nstatus: achieved\n"
            "indicators:\n  - {id: hours, name: Study hours, kind: leading, unit: hours, target: 180}\n---\nPlan.\n")
    review = "---\ndate: 2026-06-20\nreadings:\n  exam: {hours: 179.2}\n---\nNotes.\n"
    case = "---\ntitle: The case for Amsterdam\ntarget_role: Senior PM\ngoals: [exam]\n---\nWhy.\n"
    code, out, err = build_site({"content/goals/exam.md": goal, "content/reviews/q2.md": review, "content/cases/move.md": case})
    assert code == 0, err
    pages = {path: (out / path).read_text() for path in ("goals/exam/index.html", "goals/index.html", "cases/move/index.html")}
    assert "<p>Measured at <strong>99%</strong></p>" in pages["goals/exam/index.html"]
    assert '<p class="progress-text">Measured at <strong>99%</strong></p>' in pages["goals/index.html"]
    assert ('<td><span class="badge badge-achieved">achieved</span></td><td>measured at 99%</td>'
            in pages["cases/move/index.html"])
    assert [path for path, page in pages.items() if re.search(r"99%(</strong>)? done", page)] == []
    assert json.loads((out / "portfolio.json").read_text())["goals"][0]["progress"] == 0.9956


def test_a_goal_starting_today_shows_its_pace_mark_at_zero(build_site) -> None:  # type: ignore[no-untyped-def]
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-11-20\ntarget_date: 2027-06-30\n"
            "milestones:\n  - {title: First hire, due: 2027-01-31}\n---\nThe plan.\n")
    code, out, err = build_site({"content/goals/lead.md": goal})
    assert code == 0, err
    page = (out / "goals/index.html").read_text()
    assert "expected by now 0%</title>" in page and '<rect class="bar-expected" x="0" y="0" width="0.8" height="8"/>' in page


def test_a_goal_with_nothing_to_measure_is_not_measured_rather_than_behind(build_site) -> None:  # type: ignore[no-untyped-def]
    """Without indicators or milestones, 0% done read as far behind its time: "off track"."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    code, out, err = build_site({"content/goals/lead.md": goal})
    assert code == 0, err
    card = (out / "goals/index.html").read_text()
    assert '<span class="badge badge-not-measured">not measured</span>' in card
    assert '<p class="progress-text">No indicators or milestones to measure yet.</p>' in card
    assert "of the time used" not in card and "expected by now" not in card and "Progress: 0%" not in card
    data = json.loads((out / "portfolio.json").read_text())
    assert (data["goals"][0]["pace"], data["goals"][0]["progress"]) == ("not measured", 0)


@pytest.mark.parametrize(("status", "shown"), [
    ("achieved", "Achieved; nothing was measured."), ("dropped", "Dropped; nothing was measured."),
    ("paused", "No indicators or milestones to measure yet."),
])
def test_a_closed_goal_with_nothing_to_measure_is_not_said_to_be_measured_later(build_site, status: str,  # type: ignore[no-untyped-def]
                                                                                shown: str) -> None:
    """An achieved goal without indicators or milestones read "No indicators or milestones
    to measure yet." on its card and its page: `yet` is for a goal still worked on (a
    paused one is to be taken up again)."""
    goal = (f"---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
            f"status: {status}\n---\nThe plan.\n")
    code, out, err = build_site({"content/goals/lead.md": goal})
    assert code == 0, err
    card, page = ((out / path).read_text() for path in ("goals/index.html", "goals/lead/index.html"))
    assert f'<p class="progress-text">{shown}</p>' in card
    assert f'<div class="summary-progress">\n<p>{shown}</p>\n</div>' in page


def test_body_headings_are_anchored_by_their_items_id(build_site) -> None:  # type: ignore[no-untyped-def]
    """Two endorsements with `## Context` on one wall, and a heading named like the page's <main>."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\n## Main\n\nThe plan.\n"
    quote = "---\nauthor: {who}\nrole: Director\nrelationship: manager\ndate: 2026-04-01\n---\n## Context\n\nGood.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/endorsements/ann.md": quote.format(who="Ann"),
                                 "content/endorsements/bo.md": quote.format(who="Bo")})
    assert code == 0, err
    assert '<h3 id="lead-main">Main</h3>' in (out / "goals/lead/index.html").read_text()
    wall = (out / "endorsements/index.html").read_text()
    assert re.findall(r'id="([a-z-]*context)"', wall) == ["bo-context", "ann-context"]



def test_a_review_dated_after_today_is_marked_planned(build_site) -> None:  # type: ignore[no-untyped-def]
    """Its readings are a plan, not figures reached: a reader must not take them as done."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    files = {"content/goals/lead.md": goal,
             "content/reviews/q3.md": "---\ndate: 2026-09-30\nreadings: {}\n---\nNotes.\n",
             "content/reviews/today.md": "---\ndate: 2026-11-20\nreadings: {}\n---\nHeld today.\n",
             "content/reviews/q4.md": "---\ndate: 2026-12-31\nreadings: {}\n---\nNext steps.\n"}
    code, out, err = build_site(files)
    assert code == 0, err
    listed = re.findall(r'<h2 class="card-title"><a href="[^"]*">([^<]*)</a></h2> <span class="muted">([^<]*)</span>',
                        (out / "reviews/index.html").read_text())
    assert listed == [("Review of 31 Dec 2026", "quarterly · planned"), ("Review of 20 Nov 2026", "quarterly"),
                      ("Review of 30 Sep 2026", "quarterly")]  # today's is held, not planned
    assert '<p class="card-top"><span class="kind">quarterly review · planned</span>' in (out / "reviews/q4/index.html").read_text()
    for held in ("q3", "today"):
        assert '<p class="card-top"><span class="kind">quarterly review</span>' in (out / f"reviews/{held}/index.html").read_text()


def test_an_endorsements_address_is_the_walls_folder_and_its_anchor(build_site) -> None:  # type: ignore[no-untyped-def]
    """As every other page's address: `endorsements/#ann`, not `endorsements/index.html#ann`."""
    endorsement = "---\nauthor: Ann Lee\nrole: Head of Data\nrelationship: manager\ndate: 2026-03-03\n---\nGreat work.\n"
    code, out, err = build_site({"content/endorsements/ann.md": endorsement}, base_url="https://a.example/p/")
    assert code == 0, err
    data = json.loads((out / "portfolio.json").read_text())
    assert [e["url"] for e in data["endorsements"]] == ["https://a.example/p/endorsements/#ann"]
    feed = (out / "feed.xml").read_text()
    assert '<link rel="alternate" type="text/html" href="https://a.example/p/endorsements/#ann"/>' in feed


def test_the_dashboard_shows_the_profiles_bio_and_languages(example_site: dict[str, bytes]) -> None:
    """profile.md's body is the bio, and its languages matter to a mobility goal: neither was on any page."""
    page = text(example_site, "index.html")
    assert "<span>Speaks English (native), French (B1), Dutch (A2)</span>" in page
    bio = page[page.index('<div class="prose bio">'):page.index('<dl class="stats"')]
    assert "<p>I look after checkout and payments at Fernway, a subscription commerce platform\n" in bio
    assert '<h2 id="profile-what-i-am-working-towards">What I am working towards</h2>' in bio


def test_the_feed_announces_nothing_dated_after_today(build_site) -> None:  # type: ignore[no-untyped-def]
    """A planned review or an exam booked for next month joins the feed on its day, not before,
    and the feed is not updated in the future."""
    files = {"content/reviews/q3.md": "---\ndate: 2026-09-30\nreadings: {}\n---\nNotes.\n",
             "content/reviews/q4.md": "---\ndate: 2026-12-31\nreadings: {}\n---\nNext steps.\n",
             "content/evidence/exam.md": "---\ntitle: Exam\ndate: 2026-12-06\nkind: certification\n---\nBooked.\n",
             "content/evidence/course.md": "---\ntitle: Course\ndate: 2026-11-20\nkind: course\n---\nDone.\n"}
    code, out, err = build_site(files)
    assert code == 0, err
    feed = (out / "feed.xml").read_text()
    assert re.findall(r"<title>([^<]*)</title>", feed)[1:] == ["Course", "Review of 30 Sep 2026"]
    assert re.findall(r"<updated>([^<]*)</updated>", feed)[0] == "2026-11-20T00:00:00Z"


class _MainText(html.parser.HTMLParser):
    """The lines of text a reader sees in a page's <main>, one per text node."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "main"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "main"

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.lines.append(" ".join(data.split()))


def main_text(page: Path) -> list[str]:
    parser = _MainText()
    parser.feed(page.read_text())
    return parser.lines


def test_a_portfolio_of_only_a_profile_says_what_is_missing(build_site) -> None:  # type: ignore[no-untyped-def]
    """No empty grid or filter headed "By kind" / "By skill" with nothing under it, no empty
    year chart over "All 0 events in 2026", and no "Indicators by goal" heading over nothing."""
    code, out, err = build_site({})
    assert code == 0, err
    assert main_text(out / "goals/index.html")[1:] == ["Each goal with its progress against pace: the bar shows progress, "
                                                       "the tick shows where the time elapsed says it should be.",
                                                       "No goals yet."]
    assert main_text(out / "evidence/index.html") == ["Evidence", "No evidence yet."]
    home = main_text(out / "index.html")
    assert home[home.index("Latest evidence"):] == ["Latest evidence", "No evidence yet.", "All evidence"]
    progress = main_text(out / "progress/index.html")
    assert progress[progress.index("2026 at a glance"):] == ["2026 at a glance", "No milestones or evidence in 2026.",
                                                             "Indicators by goal", "No active or paused goals."]



def test_an_endorsement_with_no_sentence_to_quote_is_shown_whole_beside_its_goal(build_site) -> None:  # type: ignore[no-untyped-def]
    """Its quote on the goal's page was an empty paragraph under the author's name."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    table = ("---\nauthor: Ann Lee\nrole: Director\nrelationship: manager\ndate: 2026-04-01\ngoals: [lead]\n---\n"
             "| Skill | Rating |\n|---|---|\n| Hiring | Strong |\n")
    code, out, err = build_site({"content/goals/lead.md": goal, "content/endorsements/ann.md": table})
    assert code == 0, err
    page = (out / "goals/lead/index.html").read_text()
    quote = page[page.index('<figure class="quote">'):page.index("</figure>")]
    assert "<p></p>" not in quote and "<td>Hiring</td>" in quote and "<td>Strong</td>" in quote

def test_a_body_of_only_code_or_a_table_gives_no_summary(build_site) -> None:  # type: ignore[no-untyped-def]
    """The feed, the card and the page description showed code as a sentence (`python
    print('x' 300)`), and a table-only body gave the feed an empty <summary>."""
    files = {
        "content/evidence/script.md": "---\ntitle: A script\ndate: 2026-04-01\nkind: project\n---\n"
                                      "```python\nprint('x' * 3)\n```\n",
        "content/reviews/q2.md": "---\ndate: 2026-06-01\n---\n| goal | note |\n|---|---|\n| a | b |\n",
    }
    code, out, err = build_site(files)
    assert code == 0, err
    feed = (out / "feed.xml").read_text()
    assert [line.strip() for entry in feed.split("<entry>")[1:] for line in entry.splitlines()
            if line.strip().startswith(("<title>", "<summary>"))] == ["<title>Review of 1 Jun 2026</title>",
                                                                      "<title>A script</title>"]
    assert '<meta name="description" content="A script">' in (out / "evidence/script/index.html").read_text()
    assert main_text(out / "evidence/index.html")[-3:] == ["project", "1 Apr 2026", "A script"]


def test_a_metric_with_only_an_after_value_shows_that_value_alone(build_site) -> None:  # type: ignore[no-untyped-def]
    """A card showed `— → 3.1%`, an arrow from a dash; the tables keep the dash in Before."""
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "framework: mobility-playbook\n---\n")
    evidence = ("---\ntitle: Launched referrals\ndate: 2026-05-01\nkind: project\ngoals: [lead]\nmetrics:\n"
                "  - {name: Referral rate, after: 3.1, unit: '%'}\n"
                "  - {name: Time to first order, before: 4, after: 2, unit: days}\n---\nWhat happened.\n")
    case = "---\ntitle: My case\ntarget_role: Lead\ngoals: [lead]\nframework: mobility-playbook\n---\nWhy.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/evidence/referrals.md": evidence,
                                 "content/cases/mine.md": case})
    assert code == 0, err
    chips = ('<li><span class="metric-name">Referral rate</span> <span class="metric-change"><strong>3.1%</strong></span></li>\n'
             '<li><span class="metric-name">Time to first order</span> <span class="metric-change">4 days → <strong>2 days</strong>'
             '</span></li>\n')
    for page in ("evidence/index.html", "goals/lead/index.html", "index.html"):
        assert chips in (out / page).read_text(), page
    rows = ('<tr><th scope="row">Referral rate</th><td>—</td><td><strong>3.1%</strong></td><td>—</td></tr>\n'
            '<tr><th scope="row">Time to first order</th><td>4 days</td><td><strong>2 days</strong></td><td>−2 days (−50%)</td></tr>\n')
    assert rows in (out / "evidence/referrals/index.html").read_text()
    assert ("<span class=\"muted\">Project · 1 May 2026</span>: Referral rate 3.1%; Time to first order 4 days → 2 days, −2 days (−50%)</li>"
            in (out / "cases/mine/index.html").read_text())


def test_a_goals_page_description_is_its_why_on_one_line_and_shortened(build_site) -> None:  # type: ignore[no-untyped-def]
    """The meta and Open Graph descriptions were the whole `why`, line breaks and all, which
    search results and link previews cut where they like."""
    why = "  ".join(f"Reason {n} takes a few words to say." for n in range(1, 12))
    goal = (f"---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            f"why: |\n  {why}\n  And a second line.\n---\nThe plan.\n")
    code, out, err = build_site({"content/goals/lead.md": goal})
    assert code == 0, err
    page = (out / "goals" / "lead" / "index.html").read_text(encoding="utf-8")
    described = " ".join(f"Reason {n} takes a few words to say." for n in range(1, 7)) + " Reason 7 takes a few words\u2026"
    assert f'<meta name="description" content="{described}">' in page
    assert len(described) <= 240


CASE_LINK = '<a href="../../cases/senior-pm-promotion/index.html">'


@pytest.mark.parametrize(("path", "cited_by"), [
    ("goals/lead-payments-squad/index.html", []),
    ("evidence/pricing-experiment-programme/index.html",
     ["../../goals/become-senior-pm/index.html", "../../goals/experimentation-mastery/index.html",
      "../../reviews/review-2026-q2/index.html"]),
])
def test_a_case_built_on_an_item_is_listed_once_on_its_page(example_site: dict[str, bytes], path: str,
                                                             cited_by: list[str]) -> None:
    """The promotion case cites what it is built on, and was listed under Cases and again
    under Cited by."""
    page = text(example_site, path)
    listed = re.search(r'<h3 class="label">Cited by</h3><ul class="link-list">(.*?)</ul>', page, re.S)
    assert (page.count(CASE_LINK), re.findall(r'href="([^"]+)"', listed.group(1)) if listed else []) == (1, cited_by)


def test_a_checklist_says_what_is_missing_in_a_readers_words(build_site) -> None:  # type: ignore[no-untyped-def]
    """The manager reading a case was told what the author must type: "needs
    `target_locations` in profile.md", "cite evidence with [[evidence-id]]"."""
    goal = ("---\ntitle: Move to Amsterdam as a tech lead\ntype: mobility\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "framework: mobility-playbook\n---\nThe plan.\n")
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [move]\n---\nMy case.\n"
    code, out, err = build_site({"content/goals/move.md": goal, "content/cases/promo.md": case})
    assert code == 0, err
    missing = {path: re.findall(r'<li>([^<]*): <span class="missing-text">([^<]*)</span></li>', (out / path).read_text())
               for path in ["goals/move/index.html", "cases/promo/index.html"]}
    assert missing == {
        "goals/move/index.html": [
            ("at least 1 visa, credential or language gap with a plan", "needs 1 more visa, credential or language gap"),
            ("target locations named in the profile", "not given yet"),
            ("at least 2 interviews or endorsements in a target location", "needs 2 more interviews or endorsements in a target location"),
            ("at least 3 milestones with due dates", "needs 3 more milestones with due dates")],
        "cases/promo/index.html": [
            ("at least 2 endorsements from distinct stakeholders", "needs 2 more endorsements from distinct stakeholders"),
            ("a narrative citing evidence", "the narrative cites no evidence yet")],
    }


def test_skills_and_milestones_of_a_day_sort_with_accents_folded(build_site) -> None:  # type: ignore[no-untyped-def]
    """`Äpfel`, `Öffentlicher Dienst` and `Überzeugungskraft` sorted after `Zahlungsverkehr`
    (by code point): they sort as A, O and U, and the spelling decides a tie. Skills sort by
    name, not by the name of their page."""
    evidence = ("---\ntitle: Shipped\ndate: 2026-03-02\nkind: project\n"
                "skills: [Zahlungsverkehr, Überzeugungskraft, Öffentlicher Dienst, Äpfel, Ostern, Straße, Strasse2, Data-driven decisions,"
                " Data science]\n---\nStory.\n")
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "milestones:\n  - {title: Zeugnis, due: 2026-12-01}\n  - {title: Überblick, due: 2026-12-01}\n"
            "  - {title: Ärger klären, due: 2026-12-01}\n---\nThe plan.\n")
    code, out, err = build_site({"content/evidence/shipped.md": evidence, "content/goals/lead.md": goal})
    assert code == 0, err
    page = (out / "evidence/index.html").read_text()
    nav = page.split('aria-label="Evidence by skill"')[1].split("</nav>")[0]
    assert re.findall(r'>([^<>]+) <span class="count">', nav) == [
        "Äpfel", "Data science", "Data-driven decisions", "Öffentlicher Dienst", "Ostern", "Straße", "Strasse2", "Überzeugungskraft",
        "Zahlungsverkehr"]  # by name, not by page name (`data-driven-...` before `data-science`)
    home = (out / "index.html").read_text()
    assert re.findall(r'<span class="upcoming-title">([^<]+)</span>', home) == ["Ärger klären", "Überblick", "Zeugnis"]
    goal_page = (out / "goals/lead/index.html").read_text()
    assert re.findall(r'<span class="ms-title">([^<]+)</span>', goal_page) == ["Ärger klären", "Überblick", "Zeugnis"]


def test_a_case_listing_its_evidence_shows_that_evidence_only(build_site) -> None:  # type: ignore[no-untyped-def]
    """A case's own `evidence:` list replaces the evidence of its goals, on its page and in
    portfolio.json."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    talk = "---\ntitle: Team talk\ndate: 2026-05-10\nkind: talk\ngoals: [lead]\n---\nThe talk.\n"
    hiring = "---\ntitle: Hiring plan\ndate: 2026-04-10\nkind: project\ngoals: [lead]\n---\nThe plan.\n"
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\nevidence: [talk]\n---\nMy case.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/evidence/talk.md": talk,
                                 "content/evidence/hiring.md": hiring, "content/cases/promo.md": case})
    assert code == 0, err
    assert [c["evidence"] for c in json.loads((out / "portfolio.json").read_text())["cases"]] == [["talk"]]
    page = (out / "cases/promo/index.html").read_text()
    assert ("Team talk" in page, "Hiring plan" in page) == (True, False)


def test_a_body_cites_shown_items_by_title_withholds_hidden_ones_and_nests_its_headings(build_site) -> None:  # type: ignore[no-untyped-def]
    """A goal's body sits under the page's own headings (`## ` is an h3), an evidence page's
    does not; a citation of an item the build hides reads as withheld text, never its id."""
    goal = "---\ntitle: Lead a team\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n---\n## The plan\n\nCites [[talk]] and [[secret]].\n"
    evidence = "---\ntitle: {title}\ndate: 2026-03-02\nkind: talk\ngoals: [lead]\n{extra}---\n## What happened\n\nA story.\n"
    code, out, _ = build_site({"content/goals/lead.md": goal, "content/evidence/talk.md": evidence.format(title="A talk", extra=""),
                               "content/evidence/secret.md": evidence.format(title="Secret", extra="visibility: private\n")})
    assert code == 0
    assert ('<div class="prose"><h3 id="lead-the-plan">The plan</h3>\n<p>Cites <a class="citation" href="../../evidence/talk/index.html">'
            'A talk</a> and <span class="citation citation-withheld">(an item not shown here)</span>.</p>') \
        in (out / "goals/lead/index.html").read_text()
    assert '<div class="prose"><h2 id="talk-what-happened">What happened</h2>' in (out / "evidence/talk/index.html").read_text()


def test_items_dated_today_count_and_later_ones_are_planned(build_site) -> None:  # type: ignore[no-untyped-def]
    """Today is 20 Nov 2026 in the test config: evidence and an endorsement of that day are
    done, the day after is planned, on the case and on the wall; a review of that day is in
    the rhythm's list of reviews held, one dated after it not yet. The wall gives an endorser's role alone
    when there is no organisation, and lists the evidence, then the goals, it speaks for."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    code, out, err = build_site({
        "content/goals/lead.md": goal,
        "content/evidence/today.md": "---\ntitle: Talk given today\ndate: 2026-11-20\nkind: talk\ngoals: [lead]\n---\nGiven.\n",
        "content/evidence/tomorrow.md": "---\ntitle: Talk booked for tomorrow\ndate: 2026-11-21\nkind: talk\ngoals: [lead]\n---\nBooked.\n",
        "content/endorsements/bea.md": ("---\nauthor: Bea Lima\nrole: Manager\nrelationship: manager\ndate: 2026-11-20\n"
                                        "goals: [lead]\nevidence: [today]\n---\nShe leads well.\n"),
        "content/endorsements/peer.md": ("---\nauthor: Zed Canary\nattribution: anonymous\nrole: Peer\nrelationship: peer\n"
                                         "date: 2026-11-21\n---\nCalm under pressure.\n"),
        "content/reviews/q3.md": "---\ndate: 2026-09-30\nperiod: quarterly\nreadings: {}\n---\nNotes.\n",
        "content/reviews/q4.md": "---\ndate: 2026-12-31\nperiod: quarterly\nreadings: {}\n---\nPlanned.\n",
        "content/reviews/nov.md": "---\ndate: 2026-11-20\nperiod: monthly\nreadings: {}\n---\nToday's.\n",
        "content/cases/promo.md": "---\ntitle: Promotion case\ntarget_role: Team lead\ngoals: [lead]\n---\nNarrative.\n",
    })
    assert code == 0, err
    case = (out / "cases/promo/index.html").read_text()
    assert '<a href="../../evidence/today/index.html">Talk given today</a> <span class="muted">Talk · 20 Nov 2026</span></li>' in case
    assert ('<a href="../../evidence/tomorrow/index.html">Talk booked for tomorrow</a> '
            '<span class="muted">Talk · 21 Nov 2026 · planned</span></li>') in case
    wall = (out / "endorsements/index.html").read_text()
    assert ('<span class="who">Peer</span> <span class="muted">(name withheld)</span><span class="muted"> · peer · '
            '<time datetime="2026-11-21">21 Nov 2026</time> · planned</span>') in wall
    assert ('<span class="who">Bea Lima</span>, Manager<span class="muted"> · manager · '
            '<time datetime="2026-11-20">20 Nov 2026</time></span>') in wall
    assert ('<p class="endorses"><span class="label">Endorses</span> <a href="../evidence/today/index.html">Talk given today</a>, '
            '<a href="../goals/lead/index.html">Lead a team of six</a></p>') in wall
    progress = (out / "progress/index.html").read_text()
    assert re.findall(r'<ol class="rhythm" aria-label="Reviews, newest first">\n(.*?)</ol>', progress, re.S) == [
        '<li><a href="../reviews/nov/index.html">Review of 20 Nov 2026</a> <span class="muted">monthly</span></li>\n'
        '<li><a href="../reviews/q3/index.html">Review of 30 Sep 2026</a> <span class="muted">quarterly</span></li>\n']


def test_a_case_shows_each_piece_of_evidence_once_under_the_first_step_it_counts_for(build_site) -> None:  # type: ignore[no-untyped-def]
    """A project counts for both steps of this framework: it is listed under the first, and
    the second lists only what the first did not."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    item = "---\ntitle: {title}\ndate: 2026-0{month}-10\nkind: {kind}\ngoals: [lead]\n---\nIt happened.\n"
    case = "---\ntitle: Promotion case\ntarget_role: Engineering manager\ngoals: [lead]\nframework: growth\n---\nMy case.\n"
    frameworks = ("{growth: {title: Growth, steps: ["
                  "{id: shipped, title: Shipped work, requires: [{check: evidence, kind: [project]}]}, "
                  "{id: measured, title: Measured work, requires: [{check: evidence, kind: [project, result]}]}]}}")
    code, out, err = build_site({"content/goals/lead.md": goal,
                                 "content/evidence/launch.md": item.format(title="Launch", month=4, kind="project"),
                                 "content/evidence/numbers.md": item.format(title="Numbers", month=5, kind="result"),
                                 "content/cases/promo.md": case}, frameworks=frameworks)
    assert code == 0, err
    page = (out / "cases/promo/index.html").read_text()
    steps = re.findall(r'<h2 id="sec-step-([^"]+)">', page)
    listed = [re.findall(r'<h3><a href="\.\./\.\./evidence/([^/]+)/index\.html">', page[page.index(f'id="sec-step-{step}"'):])
              for step in steps]
    assert steps == ["shipped", "measured"]
    assert [ids[:len(ids) - len(later)] for ids, later in zip(listed, [*listed[1:], []])] == [["launch"], ["numbers"]]


def test_only_the_kinds_of_evidence_shown_have_a_page_and_a_filter(build_site) -> None:  # type: ignore[no-untyped-def]
    code, out, err = build_site(ONE_OF_EACH)
    assert (code, err) == (0, "")
    assert sorted(p.parent.name for p in (out / "evidence/kind").glob("*/index.html")) == ["project"]
    assert re.findall(r'href="kind/([^/]+)/index.html"', (out / "evidence/index.html").read_text()) == ["project"]


def test_an_evidence_page_names_each_milestone_that_names_it_once(build_site) -> None:  # type: ignore[no-untyped-def]
    """A milestone naming a piece of evidence twice is one milestone it shows, not two."""
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "milestones:\n  - {title: First hire, due: 2026-03-31, evidence: [talk, talk]}\n"
            "  - {title: Team of three, due: 2026-06-30, evidence: [talk]}\n---\nThe plan.\n")
    talk = "---\ntitle: Team talk\ndate: 2026-05-10\nkind: talk\ngoals: [lead]\n---\nThe talk.\n"
    code, out, err = build_site({"content/goals/lead.md": goal, "content/evidence/talk.md": talk})
    assert code == 0, err
    page = (out / "evidence/talk/index.html").read_text()
    assert re.findall(r'<li>([^<]*) · <a href="\.\./\.\./goals/lead/index\.html">', page) == ["First hire", "Team of three"]


def test_the_dashboard_shows_the_six_newest_evidence_the_three_newest_quotes_and_what_is_overdue(build_site) -> None:  # type: ignore[no-untyped-def]
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
            "milestones:\n  - {title: First hire, due: 2026-03-31}\n  - {title: Team of three, due: 2026-12-15}\n---\nThe plan.\n")
    evidence = "---\ntitle: Win {n}\ndate: 2026-0{n}-10\nkind: result\ngoals: [lead]\n---\nWon.\n"
    quote = "---\nauthor: Person {n}\nrole: Lead\nrelationship: peer\ndate: 2026-0{n}-01\ngoals: [lead]\n---\nGood work.\n"
    files = {"content/goals/lead.md": goal,
             **{f"content/evidence/win-{n}.md": evidence.format(n=n) for n in range(1, 8)},
             **{f"content/endorsements/p{n}.md": quote.format(n=n) for n in range(1, 5)}}
    code, out, err = build_site(files, description="'A portfolio.'")
    assert code == 0, err
    home = (out / "index.html").read_text()
    assert re.findall(r'<h3 class="card-title"><a href="evidence/[^"]+">([^<]+)</a>', home) == [f"Win {n}" for n in (7, 6, 5, 4, 3, 2)]
    assert re.findall(r'<span class="who">([^<]+)</span>', home) == ["Person 4", "Person 3", "Person 2"]
    overdue = home[home.index('id="overdue-heading"'):home.index("</section>", home.index('id="overdue-heading"'))]
    assert re.findall(r'<span class="upcoming-title">([^<]+)</span>', overdue) == ["First hire"]
    assert re.findall(r'<meta name="description" content="([^"]*)">', home) == ["A portfolio."]
    headline = {"content/profile.md": "---\nname: Test Person\nheadline: Team lead in waiting\n---\nA short bio.\n"}
    code, out, err = build_site({**files, **headline}, description="'A portfolio.'")
    assert re.findall(r'<meta name="description" content="([^"]*)">', (out / "index.html").read_text()) == ["Team lead in waiting"]


def test_the_dashboard_lists_the_next_asks_for_feedback_with_the_milestones_by_date(build_site) -> None:  # type: ignore[no-untyped-def]
    """Today is 20 Nov 2026. An ask due in the next 90 days is listed with the milestones due
    then, an overdue one with the overdue milestones; one further off, one without a date
    and those of an achieved goal are not."""
    goal = ("---\ntitle: {title}\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\nstatus: {status}\n"
            "milestones:\n  - {{title: First hire, due: 2026-11-01}}\n  - {{title: Team of three, due: 2026-12-15}}\n"
            "feedback:\n  - {{who: My manager, how: one-to-one, next: 2026-12-01}}\n  - {{who: My mentor, how: call, next: 2026-11-10}}\n"
            "  - {{who: Skip-level, how: update, next: 2027-03-01}}\n  - {{who: Peers, how: survey}}\n  - Somebody, somehow\n---\nThe plan.\n")
    code, out, err = build_site({"content/goals/lead.md": goal.format(title="Lead a team", status="active"),
                                 "content/goals/done.md": goal.format(title="Done goal", status="achieved")})
    assert code == 0, err
    home = (out / "index.html").read_text()

    def listed(heading: str) -> list[tuple[str, str, str]]:
        start = home.index(f'id="{heading}"')
        return re.findall(r'<span class="due-date">([^<]+)</span> <span class="upcoming-title">([^<]+)</span> <a class="muted" href="[^"]+">([^<]+)</a>',
                          home[start:home.index("</section>", start)])

    assert listed("overdue-heading") == [("1 Nov 2026", "First hire", "Lead a team"), ("10 Nov 2026", "Ask for feedback: My mentor", "Lead a team")]
    assert listed("upcoming-heading") == [("1 Dec 2026", "Ask for feedback: My manager", "Lead a team"),
                                          ("15 Dec 2026", "Team of three", "Lead a team")]


@pytest.mark.parametrize(("day", "quarter"), [
    ("2026-01-01", ("2026-01-01", "2026-03-31", "Q1 2026")), ("2026-03-31", ("2026-01-01", "2026-03-31", "Q1 2026")),
    ("2028-04-01", ("2028-04-01", "2028-06-30", "Q2 2028")), ("2026-06-30", ("2026-04-01", "2026-06-30", "Q2 2026")),
    ("2026-07-15", ("2026-07-01", "2026-09-30", "Q3 2026")), ("2026-09-30", ("2026-07-01", "2026-09-30", "Q3 2026")),
    ("2026-10-01", ("2026-10-01", "2026-12-31", "Q4 2026")), ("2026-12-31", ("2026-10-01", "2026-12-31", "Q4 2026")),
])
def test_the_progress_pages_quarter_runs_from_its_first_to_its_last_day(day: str, quarter: tuple[str, str, str]) -> None:
    start, end, label = quarter_of(datetime.date.fromisoformat(day))
    assert (start.isoformat(), end.isoformat(), label) == quarter


def test_the_progress_page_lists_the_quarters_milestones_and_the_years_events_to_their_last_day(build_site) -> None:  # type: ignore[no-untyped-def]
    """Today is 20 Nov 2026: Q4 runs from 1 Oct to 31 Dec, the year from 1 Jan, both days included."""
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2025-06-01\ntarget_date: 2027-06-30\nmilestones:\n"
            "  - {title: Late September, due: 2026-09-30}\n  - {title: First of October, due: 2026-10-01}\n"
            "  - {title: New Year's Eve, due: 2026-12-31}\n  - {title: New Year's Day, due: 2027-01-01}\n---\nThe plan.\n")
    evidence = "---\ntitle: {title}\ndate: {day}\nkind: result\ngoals: [lead]\n---\nWon.\n"
    code, out, err = build_site({
        "content/goals/lead.md": goal,
        "content/evidence/old.md": evidence.format(title="Last year's win", day="2025-12-31"),
        "content/evidence/first.md": evidence.format(title="The year's first win", day="2026-01-01"),
        "content/evidence/last.md": evidence.format(title="The year's last win", day="2026-12-31"),
    })
    assert code == 0, err
    page = (out / "progress/index.html").read_text()
    quarter = page[page.index('id="sec-quarter"'):page.index('id="sec-year"')]
    assert re.findall(r'</span> ([^<]+) <span class="ms-state">', quarter) == ["First of October", "New Year&#39;s Eve"]
    year = page[page.index('<ol class="year-list">'):page.index("</ol>", page.index('<ol class="year-list">'))]
    assert re.findall(r'<span class="due-date">([^<]+)</span>', year) == [
        "1 Jan 2026", "30 Sep 2026", "1 Oct 2026", "31 Dec 2026", "31 Dec 2026"]


def test_a_goal_page_names_the_goal_it_serves_in_its_crumbs_and_aside(build_site) -> None:  # type: ignore[no-untyped-def]
    goal = "---\ntitle: {title}\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n{extra}---\nThe plan.\n"
    code, out, err = build_site({"content/goals/lead.md": goal.format(title="Lead a team of six", extra=""),
                                 "content/goals/hire.md": goal.format(title="Hire two engineers", extra="parent: lead\n")})
    assert code == 0, err
    page = (out / "goals/hire/index.html").read_text()
    assert ('<nav class="crumbs" aria-label="Breadcrumb"><a href="../index.html">Goals</a> › '
            '<a href="../lead/index.html">Lead a team of six</a></nav>') in page
    assert '<p><span class="label">Serves</span> <a href="../lead/index.html">Lead a team of six</a></p>' in page
    assert '<nav class="crumbs" aria-label="Breadcrumb"><a href="../index.html">Goals</a></nav>' in (out / "goals/lead/index.html").read_text()


def test_a_review_page_shows_the_readings_it_took_goal_by_goal_in_id_order(build_site) -> None:  # type: ignore[no-untyped-def]
    """Not in the order the review lists its goals, and only the indicators it read: not the
    one it left out, nor the one goalfolio counts from evidence."""
    goal = ("---\ntitle: {title}\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\nindicators:\n"
            "  - {{id: hires, name: Hires, kind: lagging, target: 6}}\n  - {{id: churn, name: Churn, kind: lagging, unit: \"%\", target: 5}}\n"
            "  - {{id: talks, name: Talks given, kind: leading, target: 4, count: {{kind: talk}}}}\n---\nThe plan.\n")
    review = "---\ndate: 2026-09-30\nreadings:\n  zeta: {hires: 2}\n  alpha: {hires: 1, churn: 7}\n---\nA review.\n"
    code, out, err = build_site({"content/goals/zeta.md": goal.format(title="Zeta goal"),
                                 "content/goals/alpha.md": goal.format(title="Alpha goal"), "content/reviews/q3.md": review})
    assert code == 0, err
    page = (out / "reviews/q3/index.html").read_text()
    tables = re.findall(r'<caption><a href="[^"]*">([^<]*)</a></caption>(.*?)</table>', page, re.S)
    assert [(title, re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', rows)) for title, rows in tables] == [
        ("Alpha goal", [("Hires", "1"), ("Churn", "7%")]), ("Zeta goal", [("Hires", "2")])]


def test_the_home_page_names_an_organisation_without_a_role_and_no_empty_lists(build_site) -> None:  # type: ignore[no-untyped-def]
    """`organisation:` without `role:` was on no page at all; a profile with neither, nor a
    location or languages, left an empty `<p class="meta">`, and no review an empty list."""
    code, out, err = build_site({"content/profile.md": "---\nname: Test Person\norganisation: Fernway\n---\nA bio.\n"})
    assert (code, err) == (0, "")
    assert '<h1 id="profile-name">Test Person</h1>\n<p class="meta">\n<span>Fernway</span></p>' in (out / "index.html").read_text()
    code, out, err = build_site({"content/profile.md": "---\nname: Test Person\n---\nA bio.\n"})
    assert (code, err) == (0, "")
    home = (out / "index.html").read_text()
    assert '<h1 id="profile-name">Test Person</h1>\n</div>\n</section>' in home
    reviews = (out / "reviews" / "index.html").read_text()
    assert '<p class="lede">No review yet.</p>\n</main>' in reviews
    progress = (out / "progress" / "index.html").read_text()
    assert '<p class="muted">No review yet.</p>' in progress  # no goal, so no first review is due now


def test_a_milestone_done_after_today_is_not_said_to_be_done(build_site) -> None:  # type: ignore[no-untyped-def]
    """Today is 20 Nov 2026. A `done:` still to come (a mistyped year, or `today` pinned
    before it) read "due · due 31 Dec 2026, done 15 Dec 2026": due and done at once."""
    goal = ("---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\nmilestones:\n"
            "  - {title: Hire, due: 2026-12-31, done: 2026-12-15}\n  - {title: Plan, due: 2026-03-01, done: 2026-02-01}\n"
            "---\nThe plan.\n")
    code, out, err = build_site({"content/goals/lead.md": goal})
    assert code == 0, err
    page = (out / "goals/lead/index.html").read_text()
    assert re.findall(r'<span class="ms-state">([^<]+)</span> <span class="ms-title">([^<]+)</span> <span class="muted">([^<]+)</span>',
                      page) == [("done", "Plan", "due 1 Mar 2026, done 1 Feb 2026"), ("due", "Hire", "due 31 Dec 2026")]


@pytest.mark.parametrize(("args", "advice"), [
    ((), ""),
    (("--all",), '<br><span class="muted">say under <code>mobility:</code> how the goal fits your life, location '
                 'and relocation plans</span>'),
])
def test_a_published_goal_page_shows_the_audits_questions_without_advice_to_the_author(
        build_site, args: tuple[str, ...], advice: str) -> None:  # type: ignore[no-untyped-def]
    """Advice tells the author what to write in the front matter (`say under mobility: ...`):
    a public or audience page, which a manager reads, showed it under each question not
    answered. The owner's view keeps it."""
    goal = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"
    code, out, err = build_site({"content/goals/lead.md": goal}, *args)
    assert code == 0, err
    page = (out / "goals/lead/index.html").read_text()
    mobility = re.search(r'<li class="missing">[^\n]*How does the goal account for life and mobility preferences\?([^\n]*)</li>', page)
    assert mobility is not None and mobility.group(1) == advice
    assert page.count('<br><span class="muted">') == (5 if args else 0)
