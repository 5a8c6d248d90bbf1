"""Privacy: canary strings planted in every field of private items, of items for another
audience and in anonymous endorsers' names must appear in no output file of a build that
may not see them, while the owner's view shows the hidden items, marked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import make_project
from site_helpers import broken_links, build_project, read_tree

from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.oneshot import build_site

CONFIG = """title: Test portfolio
base_url: https://people.example/site/
today: 2026-11-20
audiences: [manager, committee]
"""

PUBLIC_GOAL = """---
title: Lead a team of six people
type: leadership
start: 2026-01-01
target_date: 2027-06-30
indicators:
  - {id: one-on-ones, name: Weekly one-on-ones held, kind: leading, target: 20}
  - {id: hires, name: People hired, kind: lagging, target: 3, count: {kind: interview}}
milestones:
  - {title: Hire the first person, due: 2026-06-01, done: 2026-05-20, evidence: [public-work, canary-private-evidence]}
---
The plan cites [[public-work]] and [[canary-private-evidence]].
"""

PRIVATE_GOAL = """---
title: CANARY-PRIVATE-GOAL-TITLE-7f3a
type: mobility
start: 2026-01-01
target_date: 2027-06-30
visibility: private
why: CANARY-PRIVATE-WHY
non_negotiables: [CANARY-PRIVATE-NN]
indicators:
  - {id: canary-private-indicator, name: CANARY-PRIVATE-INDICATOR, kind: leading, unit: CANARY-UNIT, target: 5}
milestones:
  - {title: CANARY-PRIVATE-MILESTONE, due: 2026-12-01}
gaps:
  - {need: CANARY-PRIVATE-GAP, kind: language, plan: CANARY-PRIVATE-PLAN}
feedback:
  - CANARY-PRIVATE-FEEDBACK
  - {who: CANARY-PRIVATE-FEEDBACK-WHO, how: CANARY-PRIVATE-FEEDBACK-HOW, next: 2026-11-01}
mobility: CANARY-PRIVATE-MOBILITY
tags: [canary-private-tag]
parent: public-goal
---
CANARY-PRIVATE-GOAL-BODY
"""

PUBLIC_EVIDENCE = """---
title: Shipped the public work
date: 2026-05-20
kind: project
goals: [public-goal, canary-private-goal]
skills: [delivery]
---
A public story that cites [[canary-audience-evidence]].

![The chart](assets/public-chart.svg) and [the shared deck](assets/shared-deck.pdf).
"""

PRIVATE_EVIDENCE = """---
title: CANARY-PRIVATE-EVIDENCE-TITLE
date: 2026-06-01
kind: interview
goals: [public-goal]
ladder: stretch
metrics:
  - {name: CANARY-PRIVATE-METRIC, before: 1, after: 2, unit: CANARY-METRIC-UNIT}
skills: [canary-private-skill]
location: CANARY-PRIVATE-LOCATION
links:
  - {title: CANARY-PRIVATE-LINK, url: "https://canary-private.example/"}
  - {title: CANARY-PRIVATE-SLIDES, url: assets/canary-private-slides.pdf}
visibility: private
---
CANARY-PRIVATE-EVIDENCE-BODY

![CANARY-PRIVATE-ALT](assets/canary-private-scan.svg), [the deck](assets/shared-deck.pdf),
[notes](../assets/canary-private-notes/CANARY-PRIVATE-FILE%20NAME.txt) and
[a deeper link](../../assets/canary-deep.txt).
"""

AUDIENCE_EVIDENCE = """---
title: CANARY-AUDIENCE-EVIDENCE-TITLE
date: 2026-07-01
kind: interview
goals: [public-goal]
skills: [canary-audience-skill]
visibility: [committee]
---
CANARY-AUDIENCE-EVIDENCE-BODY ![Offer](assets/canary-audience-offer.svg)
"""

ANONYMOUS = """---
author: CANARY-ANONYMOUS-AUTHOR-NAME
role: Staff engineer
organisation: Example Org
relationship: peer
date: 2026-08-01
goals: [public-goal]
attribution: anonymous
---
A thoughtful lead who listens first.[^why]

[^why]: We worked together for two years.
"""

PRIVATE_ENDORSEMENT = """---
author: CANARY-PRIVATE-ENDORSER
role: CANARY-PRIVATE-ROLE
organisation: CANARY-PRIVATE-ORG
relationship: manager
date: 2026-08-02
goals: [public-goal, canary-private-goal]
evidence: [canary-private-evidence]
quote: CANARY-PRIVATE-QUOTE
visibility: private
---
CANARY-PRIVATE-ENDORSEMENT-BODY
"""

PUBLIC_ENDORSEMENT = """---
author: Pat Public
role: Director
relationship: manager
date: 2026-08-03
goals: [public-goal, canary-private-goal]
evidence: [public-work, canary-private-evidence, canary-audience-evidence]
---
Pat saw the public work.
"""

PUBLIC_CHILD_GOAL = """---
title: Run the hiring loop
type: leadership
start: 2026-01-01
target_date: 2027-06-30
parent: canary-private-goal
---
A public goal whose parent is private.
"""

PUBLIC_REVIEW = """---
date: 2026-09-30
readings:
  public-goal: {one-on-ones: 12}
  canary-private-goal: {canary-private-indicator: 3}
decisions:
  - {action: keep, what: Weekly one-on-ones}
---
A public reflection.
"""

PRIVATE_REVIEW = """---
date: 2026-10-30
readings:
  public-goal: {one-on-ones: 19}
decisions:
  - {action: start, what: CANARY-PRIVATE-DECISION}
visibility: private
---
CANARY-PRIVATE-REVIEW-BODY
"""

PRIVATE_CASE = """---
title: CANARY-PRIVATE-CASE-TITLE
target_role: CANARY-PRIVATE-TARGET-ROLE
goals: [public-goal]
visibility: private
---
CANARY-PRIVATE-CASE-BODY citing [[canary-private-evidence]].
"""

PUBLIC_CASE = """---
title: The public case
target_role: Engineering manager
goals: [public-goal, canary-private-goal]
evidence: [public-work, canary-private-evidence, canary-audience-evidence]
endorsements: [canary-anonymous-endorsement, canary-private-endorsement]
---
The narrative cites [[public-work]].
"""

FILES = {
    "content/goals/public-goal.md": PUBLIC_GOAL,
    "content/goals/canary-private-goal.md": PRIVATE_GOAL,
    "content/evidence/public-work.md": PUBLIC_EVIDENCE,
    "content/evidence/canary-private-evidence.md": PRIVATE_EVIDENCE,
    "content/evidence/canary-audience-evidence.md": AUDIENCE_EVIDENCE,
    "content/endorsements/canary-anonymous-endorsement.md": ANONYMOUS,
    "content/endorsements/canary-private-endorsement.md": PRIVATE_ENDORSEMENT,
    "content/endorsements/public-endorsement.md": PUBLIC_ENDORSEMENT,
    "content/goals/public-child.md": PUBLIC_CHILD_GOAL,
    "content/assets/canary-deep.txt": "CANARY-DEEP-ASSET",
    "content/reviews/review-public.md": PUBLIC_REVIEW,
    "content/reviews/review-private.md": PRIVATE_REVIEW,
    "content/cases/canary-private-case.md": PRIVATE_CASE,
    "content/cases/public-case.md": PUBLIC_CASE,
    "content/assets/public-chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "content/assets/shared-deck.pdf": "%PDF-1.4 shared",
    "content/assets/canary-private-scan.svg": "<svg><!-- CANARY-PRIVATE-ASSET --></svg>",
    "content/assets/canary-private-notes/CANARY-PRIVATE-FILE NAME.txt": "CANARY-PRIVATE-ASSET-TEXT",
    "content/assets/canary-private-slides.pdf": "CANARY-PRIVATE-SLIDES-TEXT",  # linked from front matter only
    "content/assets/canary-audience-offer.svg": "<svg><!-- CANARY-AUDIENCE-ASSET --></svg>",
}
HIDDEN_ASSETS = {"assets/canary-private-scan.svg", "assets/canary-private-notes/CANARY-PRIVATE-FILE NAME.txt",
                 "assets/canary-audience-offer.svg", "assets/canary-deep.txt", "assets/canary-private-slides.pdf"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("canary"), FILES, config=CONFIG)


def leaks(files: dict[str, bytes], needle: bytes) -> list[str]:
    return [path for path, data in files.items() if needle in data.lower()]


@pytest.mark.parametrize("audience", ["public", "manager"])
def test_no_canary_reaches_any_output_file(project: Path, tmp_path: Path, audience: str) -> None:
    files = read_tree(build_project(project, tmp_path / audience, audience=audience))
    assert len(files) > 20
    assert leaks(files, b"canary") == []
    assert [path for path in files if "canary" in path.lower()] == []
    assert {"assets/public-chart.svg", "assets/shared-deck.pdf"} <= set(files)


def test_assets_only_hidden_items_link_to_are_published_only_where_those_items_are(project: Path, tmp_path: Path) -> None:
    committee = read_tree(build_project(project, tmp_path / "committee", audience="committee"))
    owner = read_tree(build_project(project, tmp_path / "owner", audience=None))
    shown = {"assets/public-chart.svg", "assets/shared-deck.pdf"}
    assert {path for path in committee if path.startswith("assets/")} == shown | {"assets/canary-audience-offer.svg"}
    assert {path for path in owner if path.startswith("assets/")} == shown | HIDDEN_ASSETS
    evidence = owner["evidence/canary-private-evidence/index.html"].decode()
    assert 'href="../../assets/canary-private-notes/CANARY-PRIVATE-FILE%20NAME.txt"' in evidence
    assert '<a href="../../assets/canary-private-slides.pdf">CANARY-PRIVATE-SLIDES</a>' in evidence


def test_a_parallel_build_keeps_anonymous_names_out_of_footnote_anchors(project: Path, tmp_path: Path, run_cli: Any) -> None:
    """A cold build with workers renders bodies before it reads who wrote them."""
    root = tmp_path / "many"
    shutil.copytree(project, root)
    for n in range(20):
        (root / "content" / "evidence" / f"filler-{n}.md").write_text(
            f"---\ntitle: Filler {n}\ndate: 2026-03-{n + 1:02d}\nkind: project\n---\nA body.[^a]\n\n[^a]: A note.\n")
    code, _, err = run_cli("build", root, "--out", tmp_path / "site", "--jobs", "2", "--no-cache")
    assert code == 0, err
    files = read_tree(tmp_path / "site")
    wall = files["endorsements/index.html"].decode()
    assert 'id="fnref-endorsement-' in wall and leaks(files, b"canary") == []
    assert 'id="fnref-filler-3-1"' in files["evidence/filler-3/index.html"].decode()


def test_an_anonymous_anchor_is_the_same_whatever_the_line_endings(project: Path, tmp_path: Path) -> None:
    """A checkout on Windows (CRLF, perhaps a byte-order mark) publishes the same wall."""
    root = tmp_path / "windows"
    shutil.copytree(project, root)
    for path in (root / "content" / "endorsements").glob("*.md"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    wall = read_tree(build_project(root, tmp_path / "crlf"))["endorsements/index.html"]
    assert b'id="endorsement-' in wall
    assert wall == read_tree(build_project(project, tmp_path / "lf"))["endorsements/index.html"]


@pytest.mark.parametrize("audience", ["manager", None])
def test_audience_and_owner_builds_ask_search_engines_to_stay_away(project: Path, tmp_path: Path, audience: str | None) -> None:
    """And they have no sitemap, which would hand crawlers the pages they are kept from."""
    files = read_tree(build_project(project, tmp_path / str(audience), audience=audience))
    assert files["robots.txt"] == b"User-agent: *\nDisallow: /\n"
    assert "sitemap.xml" not in files
    pages = [path for path in files if path.endswith(".html")]
    assert pages and [p for p in pages if b'<meta name="robots" content="noindex">' not in files[p]] == []
    public = read_tree(build_project(project, tmp_path / "public"))
    assert public["robots.txt"] == b"User-agent: *\nAllow: /\nSitemap: https://people.example/site/sitemap.xml\n"
    assert b"<loc>https://people.example/site/goals/public-goal/</loc>" in public["sitemap.xml"]
    assert [p for p in public if p.endswith(".html") and b'name="robots"' in public[p]] == []


def test_cached_builds_of_each_view_into_one_folder_write_the_sitemap_in_the_public_one_only(
        project: Path, tmp_path: Path, run_cli: Any) -> None:
    """The build cache keeps each view's files, and the writer reuses the folder's: neither
    may bring the public build's sitemap into another's."""
    out = tmp_path / "site"
    for args, has_sitemap in [((), True), (("--all",), False), (("--audience", "manager"), False), ((), True),
                              (("--all",), False)]:
        code, _, err = run_cli("build", project, *args, "--out", out)
        assert (code, "error:" in err) == (0, False), err
        assert (out / "sitemap.xml").is_file() == has_sitemap, args
        assert (b"Sitemap:" in (out / "robots.txt").read_bytes()) == has_sitemap, args


def test_an_audience_the_config_does_not_declare_is_a_usage_error(project: Path, tmp_path: Path, run_cli: Any) -> None:
    code, out, err = run_cli("build", project, "--audience", "recruiter", "--out", tmp_path / "site")
    assert (code, out, err) == (2, "", "goalfolio: error: unknown audience `recruiter`; goalfolio.yaml declares: manager, committee\n")
    assert not (tmp_path / "site").exists()
    code, _, err = run_cli("build", project, "--audience", "committee", "--jobs", "0", "--out", tmp_path / "site")
    assert code == 0 and "error:" not in err
    assert (tmp_path / "site" / "robots.txt").read_bytes() == b"User-agent: *\nDisallow: /\n"
    bare = make_project(tmp_path / "bare")
    code, out, err = run_cli("build", bare, "--audience", "manager", "--out", tmp_path / "bare-site")
    assert (code, out, err) == (2, "", "goalfolio: error: unknown audience `manager`; goalfolio.yaml declares: none\n")


def test_audience_build_shows_its_items_but_nothing_private(project: Path, tmp_path: Path) -> None:
    files = read_tree(build_project(project, tmp_path / "committee", audience="committee"))
    assert leaks(files, b"canary-audience-evidence-title")
    assert leaks(files, b"canary-private") == []
    assert leaks(files, b"canary-anonymous-author") == []


def test_owner_view_shows_hidden_items_marked_but_never_anonymous_names(project: Path, tmp_path: Path) -> None:
    files = read_tree(build_project(project, tmp_path / "owner", audience=None))
    evidence = files["evidence/canary-private-evidence/index.html"].decode()
    assert '<span class="mark" title="Not on the public site">Private</span>' in evidence
    audience = files["evidence/canary-audience-evidence/index.html"].decode()
    assert "Only for committee" in audience
    goal = files["goals/canary-private-goal/index.html"].decode()
    assert ('<li class="ms-overdue"><span class="feedback-who">CANARY-PRIVATE-FEEDBACK-WHO</span> — CANARY-PRIVATE-FEEDBACK-HOW '
            '<span class="ms-state">overdue</span>') in goal
    [private] = [g for g in json.loads(files["portfolio.json"])["goals"] if g["id"] == "canary-private-goal"]
    assert private["feedback"][1] == {"who": "CANARY-PRIVATE-FEEDBACK-WHO", "how": "CANARY-PRIVATE-FEEDBACK-HOW",
                                      "next": "2026-11-01", "state": "overdue"}
    assert "Preview: includes private items." in files["index.html"].decode()
    assert leaks(files, b"canary-anonymous-author") == []


PRINTED_HEAD = '<style media="print">@page {{ @top-left {{ content: "Test Person"; }} @top-right {{ content: "{title}"; }}'


def test_a_printed_pages_running_head_names_the_page_it_is_on_and_only_that(project: Path, tmp_path: Path) -> None:
    """A printed page is headed with the person and the page's title, written in the page's
    own `<style>`: a hidden item's title is there on its page in the builds that show it, so
    the scans above would find it anywhere else, and the wall's head names no endorser."""
    owner = read_tree(build_project(project, tmp_path / "owner", audience=None))
    committee = read_tree(build_project(project, tmp_path / "committee", audience="committee"))
    public = read_tree(build_project(project, tmp_path / "public"))
    assert PRINTED_HEAD.format(title="CANARY-PRIVATE-EVIDENCE-TITLE") in owner["evidence/canary-private-evidence/index.html"].decode()
    assert PRINTED_HEAD.format(title="CANARY-AUDIENCE-EVIDENCE-TITLE") in committee["evidence/canary-audience-evidence/index.html"].decode()
    for files in (owner, committee, public):
        assert PRINTED_HEAD.format(title="Endorsements") in files["endorsements/index.html"].decode()
        assert leaks(files, b"canary-anonymous-author") == []
    assert leaks(public, b"canary") == []


def test_public_counts_leave_hidden_items_out(project: Path, tmp_path: Path) -> None:
    files = read_tree(build_project(project, tmp_path / "counts"))
    home = files["index.html"].decode()
    assert "<div><dt>Evidence</dt><dd>1</dd></div>" in home
    assert "<div><dt>Goals</dt><dd>2</dd></div>" in home
    assert "<div><dt>Endorsements</dt><dd>2</dd></div>" in home
    data = json.loads(files["portfolio.json"])
    assert [(n["author"], n["goals"], n["evidence"]) for n in data["endorsements"] if n["author"] == "Pat Public"] == [
        ("Pat Public", ["public-goal"], ["public-work"])]
    assert {g["id"]: g["parent"] for g in data["goals"]} == {"public-child": None, "public-goal": None}
    goal = files["goals/public-goal/index.html"].decode()
    assert "(an item not shown here)" in goal
    assert "<dt>Current</dt><dd><strong>0</strong></dd>" in goal  # the private interview is not counted


HTML_CONFIG = CONFIG + "markdown:\n  allow_html: true\n"
RAW_HTML_FILES = {
    "content/evidence/public-work.md": """---
title: Shipped the public work
date: 2026-05-20
kind: project
---
<p title="Built on [[canary-raw-secret]] &amp; [[public-talk]]">A paragraph of raw HTML.</p>
<!-- notes: [[canary-raw-secret]] -->

Inline <abbr title="see [[canary-raw-secret]]">HTML</abbr> too.
""",
    "content/evidence/public-talk.md": "---\ntitle: A talk on \"tests\" & <pages>\ndate: 2026-04-01\nkind: talk\n---\nA talk.\n",
    "content/evidence/canary-raw-secret.md": """---
title: CANARY-RAW-SECRET-TITLE
date: 2026-06-01
kind: interview
visibility: private
---
<img src="assets/canary-raw-img.svg" alt="scan">
<p><a href='../../assets/canary-raw-link.pdf'>offer</a> <video poster=assets/canary-raw-poster.png></video>
<img srcset="assets/canary-raw-1x.png 1x, assets/canary-raw-2x.png 2x" alt=""></p>
""",
    **{f"content/assets/canary-raw-{name}": "CANARY-RAW-ASSET" for name in
       ("img.svg", "link.pdf", "poster.png", "1x.png", "2x.png")},
    "content/assets/unlinked.txt": "shown",
}


def test_citations_in_raw_html_read_as_titles_or_withheld(tmp_path: Path) -> None:
    """With `allow_html`, a `[[id]]` in raw HTML (an attribute, a comment) is cited as
    anywhere else: it reads as the title as text, and a hidden item's id never shows."""
    root = make_project(tmp_path, RAW_HTML_FILES, config=HTML_CONFIG)
    public = read_tree(build_project(root, tmp_path / "public"))
    page = public["evidence/public-work/index.html"].decode()
    assert ('<p title="Built on (an item not shown here) &amp; A talk on &#34;tests&#34; &amp; &lt;pages&gt;">'
            "A paragraph of raw HTML.</p>\n<!-- notes: (an item not shown here) -->") in page
    assert '<abbr title="see (an item not shown here)">HTML</abbr>' in page
    assert leaks(public, b"canary") == []
    owner = read_tree(build_project(root, tmp_path / "owner", audience=None))
    assert "<!-- notes: CANARY-RAW-SECRET-TITLE -->" in owner["evidence/public-work/index.html"].decode()


def test_assets_only_hidden_raw_html_links_to_stay_out(tmp_path: Path) -> None:
    """With `allow_html`, raw HTML links files as Markdown does: what only a private item's
    `<img src>`, `<a href>`, `poster` or `srcset` names is not published."""
    root = make_project(tmp_path, RAW_HTML_FILES, config=HTML_CONFIG)
    public = read_tree(build_project(root, tmp_path / "public"))
    assert [path for path in public if path.startswith("assets/")] == ["assets/unlinked.txt"]
    owner = read_tree(build_project(root, tmp_path / "owner", audience=None))
    assert len([path for path in owner if path.startswith("assets/canary-raw-")]) == 5


def assert_assets_published_with_no_canary(root: Path, tmp_path: Path, published: list[str]) -> None:
    """The public and the committee build publish exactly `published` of content/assets/,
    and no file of either holds `canary`."""
    for audience in ("public", "committee"):
        built = read_tree(build_project(root, tmp_path / audience, audience=audience))
        assert [path for path in built if path.startswith("assets/")] == published, audience
        assert leaks(built, b"canary") == [], audience


def test_assets_a_hidden_item_names_in_any_spelling_a_browser_reads_stay_out(tmp_path: Path) -> None:
    """A file was withheld only when a hidden item named it as `assets/x`, `../assets/x` or
    `../../assets/x`: one its raw HTML loaded from the site root, with a space or a
    backslash in the address, after `<img/`, or from a `background`, and one its Markdown
    linked as `./assets/x`, counted as linked from nowhere, and was published. So was one
    named in an attribute written straight after a quoted one (`alt=""src=`, `alt=''src=`),
    which a browser reads as it reads any other."""
    names = ("root.svg", "space.svg", "slash.svg", "backslash.svg", "up.pdf", "dotdot.svg", "background.png",
             "dot.pdf", "markdown-dot.pdf", "after-quote.svg", "after-single-quote.png", "after-apostrophe.svg")
    files = {
        "content/evidence/canary-spelled.md": """---
title: CANARY-SPELLED-TITLE
date: 2026-06-01
kind: interview
visibility: private
---
<img src="/assets/canary-root.svg" alt="">
<img src=" assets/canary-space.svg " alt="">
<img/src="assets/canary-slash.svg" alt="">
<img src="assets\\canary-backslash.svg" alt="">
<a href="../../../assets/canary-up.pdf">offer</a>
<img src="assets/scans/../canary-dotdot.svg" alt="">
<table background="assets/canary-background.png"><tr><td>x</td></tr></table>
<a href="./assets/canary-dot.pdf">offer</a>
<img alt=""src="assets/canary-after-quote.svg"srcset='assets/canary-after-single-quote.png 2x'>
<img alt=''src="assets/canary-after-apostrophe.svg">

[The letter](./assets/canary-markdown-dot.pdf)
""",
        **{f"content/assets/canary-{name}": "CANARY-SPELLED-ASSET" for name in names},
        "content/assets/unlinked.txt": "shown",
    }
    root = make_project(tmp_path, files, config=HTML_CONFIG)
    assert_assets_published_with_no_canary(root, tmp_path, ["assets/unlinked.txt"])


def test_assets_a_hidden_item_names_by_a_web_scheme_without_slashes_stay_out(tmp_path: Path) -> None:
    """`https:../../assets/x` leads a browser on an https page to `../../assets/x` from the
    page (`http:` in the preview), but counted as a link to another site: a file a private
    item named so was linked from nowhere, and published. One that a shown item names so is
    published, as its page leads there."""
    files = {
        "content/evidence/canary-scheme.md": """---
title: CANARY-SCHEME-TITLE
date: 2026-06-01
kind: interview
visibility: private
---
[The offer](https:../../assets/canary-offer.pdf), ![The scan](HTTP:assets/canary-scan.svg)
<img src="https:..\\..\\assets\\canary-raw.svg" alt="">
""",
        "content/evidence/public-talk.md": "---\ntitle: A talk\ndate: 2026-04-01\nkind: talk\n---\n"
                                           "[Slides](https:../../assets/slides.pdf), withheld were it not for this.\n",
        "content/evidence/canary-slides.md": "---\ntitle: CANARY-SLIDES\ndate: 2026-06-02\nkind: talk\nvisibility: private\n---\n"
                                            "[Slides](assets/slides.pdf).\n",
        **{f"content/assets/canary-{name}": "CANARY-ASSET" for name in ("offer.pdf", "scan.svg", "raw.svg")},
        "content/assets/slides.pdf": "slides",
    }
    root = make_project(tmp_path, files, config=HTML_CONFIG)
    assert_assets_published_with_no_canary(root, tmp_path, ["assets/slides.pdf"])


@pytest.mark.parametrize("audience", ["public", None])
def test_an_anonymous_endorsers_file_name_changes_nothing_published(tmp_path: Path, audience: str | None) -> None:
    """Endorsements of one day were ordered by id, so where an anonymous one stood among
    the named ones told how its file name, often its author's, sorts against theirs."""
    def endorsement(author: str, attribution: str) -> str:
        return (f"---\nauthor: {author}\nrole: Engineer\nrelationship: peer\ndate: 2026-08-01\ngoals: [lead]\n"
                f"evidence: [public-work]\nattribution: {attribution}\n---\nWorks well with {attribution} people: [[public-work]].\n")

    def site(anonymous_file: str) -> dict[str, bytes]:
        files = {
            "content/goals/lead.md": PUBLIC_GOAL.replace("canary-private-evidence", "public-work"),
            "content/evidence/public-work.md": "---\ntitle: Work\ndate: 2026-05-20\nkind: project\ngoals: [lead]\n---\nDone.\n",
            "content/endorsements/mia-named.md": endorsement("Mia Named", "named"),
            "content/cases/case.md": "---\ntitle: Case\ntarget_role: Lead\ngoals: [lead]\n---\nSee [[public-work]].\n",
            f"content/endorsements/{anonymous_file}.md": endorsement("Someone", "anonymous"),
        }
        root = make_project(tmp_path / anonymous_file, files, config=CONFIG)
        return read_tree(build_project(root, tmp_path / f"{anonymous_file}-site", audience=audience))

    early, late = site("adam-early"), site("zoe-late")
    assert early["endorsements/index.html"].count(b"<figure") == 2
    assert [path for path in early if early[path] != late.get(path)] == []


def test_editing_an_anonymous_endorsements_body_keeps_every_list_as_a_clean_build_has_it(tmp_path: Path) -> None:
    """The preview keeps its site graph over a body edit, and the cache its pages: the order
    of endorsements of one day may not follow what a body edit changes (the anchor)."""
    def endorsement(role: str, words: str) -> str:
        return (f"---\nauthor: Someone {role}\nrole: {role}\nrelationship: peer\ndate: 2026-08-01\ngoals: [lead]\n"
                f"evidence: [public-work]\nattribution: anonymous\n---\n{words} [[public-work]].\n")

    files = {
        "content/goals/lead.md": PUBLIC_GOAL.replace("canary-private-evidence", "public-work"),
        "content/evidence/public-work.md": "---\ntitle: Work\ndate: 2026-05-20\nkind: project\ngoals: [lead]\n---\nDone.\n",
        "content/endorsements/first.md": endorsement("Engineer", "Steady 5."),
        "content/endorsements/second.md": endorsement("Designer", "Careful."),
    }
    root = make_project(tmp_path, files, config=CONFIG)
    out = tmp_path / "site"
    build_site(find_project(root), BuildOptions(cache=True), out)
    kept = Builder(find_project(root), BuildOptions())
    kept.build()
    edited = root / "content" / "endorsements" / "second.md"
    for n in range(8):
        edited.write_text(endorsement("Designer", f"Careful, take {n}."), encoding="utf-8")
        clean = Builder(find_project(root), BuildOptions()).build().files
        assert kept.build(changed=[edited]).files == clean, n
        build_site(find_project(root), BuildOptions(cache=True), out)
        assert {p: data for p, data in read_tree(out).items() if p != ".goalfolio-site"} == clean, n


def test_an_anonymous_endorsers_name_changes_nothing_published(tmp_path: Path) -> None:
    """Readiness counted endorsements by distinct author names: a checklist that found one
    author behind a named and an anonymous endorsement said who wrote the anonymous one.
    The anchor was a hash of the whole file, which a reader could test guessed names
    against."""
    def site(author: str) -> dict[str, bytes]:
        files = {
            "content/goals/lead.md": "---\ntitle: Lead a team of six people\ntype: leadership\nstart: 2026-01-01\n"
                                     "target_date: 2027-06-30\nframework: evidence-ladder\n---\nThe plan.\n",
            "content/endorsements/pat.md": "---\nauthor: Pat Public\nrole: Director\nrelationship: manager\n"
                                           "date: 2026-08-03\ngoals: [lead]\n---\nGood work.\n",
            "content/endorsements/other.md": f"---\nauthor: {author}\nrole: Director\nrelationship: manager\n"
                                             "date: 2026-09-03\ngoals: [lead]\nattribution: anonymous\n---\nAlso good.\n",
            "content/cases/case.md": "---\ntitle: Case\ntarget_role: Lead\ngoals: [lead]\n---\nThe case.\n",
        }
        root = make_project(tmp_path / author.replace(" ", "-"), files, config=CONFIG)
        return read_tree(build_project(root, tmp_path / f"{author}-site"))

    same, other = site("Pat Public"), site("Robin Other")
    assert "<li>at least 2 endorsements from distinct stakeholders</li>" in same["goals/lead/index.html"].decode()
    assert [path for path in same if same[path] != other.get(path)] == []


def test_an_anonymous_endorsements_order_holds_nothing_unpublished(tmp_path: Path) -> None:
    """Endorsements are put in order by `order_id`, in portfolio.json and among those of one
    date. An anonymous one's was a hash of its front matter, author included: its place
    among the named ones could be tested against guessed names."""
    from conftest import load_files

    from goalfolio.urls import order_id

    def key(author: str) -> str:
        text = (f"---\nauthor: {author}\nrole: Director\nrelationship: manager\ndate: 2026-09-03\n"
                "attribution: anonymous\n---\nAlso good.\n")
        portfolio, problems = load_files(tmp_path / author.replace(" ", "-"), {"content/endorsements/other.md": text})
        assert problems == []
        return order_id(portfolio.endorsements["other"])

    assert key("Pat Public") == key("Robin Other")


def test_an_anonymous_endorsement_that_names_its_author_is_not_built(tmp_path: Path, run_cli: Any) -> None:
    """The site hid `author:` but showed the words as written: a signature under them
    published the name that `attribution: anonymous` hides, in every page, the feed and
    portfolio.json. A preview whose save adds the name keeps the last good site."""
    def endorsement(words: str) -> str:
        return (f"---\nauthor: Priya Shah\nrole: Director\nrelationship: manager\ndate: 2026-09-03\n"
                f"attribution: anonymous\n---\n{words}\n")

    message = [
        "content/endorsements/priya.md:10:4: error: this anonymous endorsement shows its author's name, `Priya Shah`",
        "    hint: take the name out (a signature too), or set `attribution: named` if the author agrees to be named"]
    root = make_project(tmp_path, {"content/endorsements/priya.md": endorsement("Ready for a team.")}, config=CONFIG)
    kept = Builder(find_project(root), BuildOptions())
    good = kept.build().files
    edited = root / "content" / "endorsements" / "priya.md"
    edited.write_text(endorsement("Ready for a team.\n\n-- Priya Shah"), encoding="utf-8")
    saved = kept.build(changed=[edited])
    assert ([d.format() for d in saved.diagnostics], saved.files) == (["\n".join(message)], good)
    code, out, err = run_cli("build", root, "--out", tmp_path / "site")
    assert (code, out, err.splitlines()) == (1, "", [*message, "1 error, 0 warnings in 1 file"])
    assert not (tmp_path / "site").exists()


def test_the_profile_photo_is_published_when_a_private_item_shows_it_too(tmp_path: Path) -> None:
    """A file is withheld when only hidden items link to it, and the photo counted as linked
    from nowhere: a private item showing it too made the dashboard's portrait a broken image."""
    files = {
        "content/profile.md": "---\nname: Test Person\nphoto: me.svg\n---\nA short bio.\n",
        "content/evidence/secret.md": "---\ntitle: Secret\ndate: 2026-06-01\nkind: talk\nvisibility: private\n---\n"
                                      "![Me on stage](assets/me.svg)\n",
        "content/assets/me.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    built = read_tree(build_project(make_project(tmp_path, files, config=CONFIG), tmp_path / "public"))
    assert [path for path in built if path.startswith("assets/")] == ["assets/me.svg"]
    assert '<img class="portrait" src="assets/me.svg"' in built["index.html"].decode()


# Items for each audience, every field holding its audience's canary (`mgrcanary-...`): a
# build for one audience must show its own and the public items, and nothing of another
# audience's or of a private item, nor any count, figure or page that they change.
AUDIENCES_CONFIG = """title: Test portfolio
base_url: https://people.example/site/
today: 2026-11-20
audiences: [manager, committee, mentor, acme-recruiter]
"""
AUDIENCE_TOKENS = {"mgrcanary": "[manager]", "cmtcanary": "[committee]", "mencanary": "[mentor]",
                   "sharedcanary": "[manager, acme-recruiter]", "privcanary": "private"}
SEES = {"public": set(), "manager": {"mgrcanary", "sharedcanary"}, "committee": {"cmtcanary"}, "mentor": {"mencanary"}}


def audience_items(token: str, visibility: str, reading: int) -> dict[str, str]:
    """A goal, evidence, endorsement (named and anonymous), review and case for one
    visibility, each citing or counting towards the public goal `lead`."""
    return {
        f"content/goals/{token}-goal.md": f"""---
title: {token}-goal-title
type: leadership
start: 2026-01-01
target_date: 2027-06-30
visibility: {visibility}
why: {token}-why
framework: evidence-ladder
indicators:
  - {{id: {token}-indicator, name: {token}-indicator-name, kind: leading, unit: {token}-unit, target: 5}}
milestones:
  - {{title: {token}-milestone, due: 2026-12-01}}
gaps:
  - {{need: {token}-gap, kind: language, plan: {token}-plan}}
tags: [{token}-tag]
parent: lead
---
{token}-goal-body
""",
        f"content/evidence/{token}-evidence.md": f"""---
title: {token}-evidence-title
date: 2026-06-01
kind: interview
goals: [lead]
ladder: stretch
metrics:
  - {{name: {token}-metric, before: 1, after: {reading}, unit: {token}-metric-unit}}
skills: [{token}-skill]
location: {token}-location
links:
  - {{title: {token}-slides, url: assets/{token}-slides.pdf}}
visibility: {visibility}
---
{token}-evidence-body ![{token}-alt](assets/{token}-scan.svg)
""",
        f"content/endorsements/{token}-endorsement.md": f"""---
author: {token}-author
role: {token}-role
relationship: manager
date: 2026-08-02
goals: [lead]
quote: {token}-quote
visibility: {visibility}
---
{token}-endorsement-body
""",
        f"content/endorsements/{token}-anonymous.md": f"""---
author: Robin Quill
role: Staff engineer ({token}-anonymous-role)
relationship: peer
date: 2026-08-05
goals: [lead]
attribution: anonymous
visibility: {visibility}
---
{token}-anonymous-body.
""",
        f"content/reviews/{token}-review.md": f"""---
date: 2026-10-{reading + 10}
readings:
  lead: {{one-on-ones: {reading + 10}}}
decisions:
  - {{action: start, what: {token}-decision}}
visibility: {visibility}
---
{token}-review-body
""",
        f"content/cases/{token}-case.md": f"""---
title: {token}-case-title
target_role: {token}-target-role
goals: [lead]
visibility: {visibility}
---
{token}-case-body citing [[{token}-evidence]].
""",
        f"content/assets/{token}-scan.svg": f"<svg><!-- {token}-asset --></svg>",
        f"content/assets/{token}-slides.pdf": f"{token}-slides-asset",
    }


AUDIENCE_FILES = {
    "content/goals/lead.md": """---
title: Lead a team of six people
type: leadership
start: 2026-01-01
target_date: 2027-06-30
framework: evidence-ladder
indicators:
  - {id: one-on-ones, name: Weekly one-on-ones held, kind: leading, target: 20}
  - {id: hires, name: People hired, kind: lagging, target: 3, count: {kind: interview}}
milestones:
  - {title: Hire the first person, due: 2026-06-01, done: 2026-05-20, evidence: [public-work, mgrcanary-evidence]}
---
The plan cites [[public-work]] and [[cmtcanary-evidence]].
""",
    "content/evidence/public-work.md": "---\ntitle: Shipped the public work\ndate: 2026-05-20\nkind: project\ngoals: [lead]\n"
                                       "ladder: baseline\nskills: [delivery]\n---\nA public story.\n",
    "content/endorsements/pat.md": "---\nauthor: Pat Public\nrole: Director\nrelationship: manager\ndate: 2026-08-03\n"
                                   "goals: [lead]\n---\nPat saw the public work.\n",
    "content/reviews/review-public.md": "---\ndate: 2026-09-30\nreadings:\n  lead: {one-on-ones: 12}\n---\nA public reflection.\n",
    "content/cases/public-case.md": "---\ntitle: The public case\ntarget_role: Engineering manager\ngoals: [lead]\n---\n"
                                    "The narrative cites [[public-work]].\n",
    **{path: text for n, (token, visibility) in enumerate(AUDIENCE_TOKENS.items())
       for path, text in audience_items(token, visibility, n + 2).items()},
}


@pytest.fixture(scope="module")
def audiences_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("audiences"), AUDIENCE_FILES, config=AUDIENCES_CONFIG)


@pytest.mark.parametrize("audience", ["public", "manager", "committee", "mentor"])
def test_each_audiences_build_shows_its_own_items_and_no_other_audiences(audiences_project: Path, tmp_path: Path,
                                                                         audience: str) -> None:
    files = read_tree(build_project(audiences_project, tmp_path / audience, audience=audience))
    shown = {token for token in AUDIENCE_TOKENS if leaks(files, token.encode()) or any(token in path for path in files)}
    assert shown == SEES[audience]
    assert leaks(files, b"robin quill") == []
    assert broken_links(files) == []
    for token in SEES[audience]:
        assert f"assets/{token}-scan.svg" in files and f"evidence/skill/{token}-skill/index.html" in files


def test_the_mark_of_an_item_for_several_audiences_names_only_the_builds_own(audiences_project: Path, tmp_path: Path) -> None:
    """An item for `[manager, acme-recruiter]` was marked "Only for manager, acme-recruiter"
    in the manager's build: the manager read whom else the portfolio is shown to."""
    files = read_tree(build_project(audiences_project, tmp_path / "manager", audience="manager"))
    assert leaks(files, b"acme-recruiter") == [] and leaks(files, b"committee") == []
    page = files["evidence/sharedcanary-evidence/index.html"].decode()
    assert ('<p class="card-top"><span class="kind">interview</span> <time datetime="2026-06-01">1 Jun 2026</time>'
            ' · sharedcanary-location · <span class="label">stretch rung</span>'
            ' <span class="mark" title="Not on the public site">Only for manager</span></p>') in page
    owner = read_tree(build_project(audiences_project, tmp_path / "owner", audience=None))
    assert ('<span class="mark" title="Not on the public site">Only for manager, acme-recruiter</span>'
            in owner["evidence/sharedcanary-evidence/index.html"].decode())


def _changed_hidden_items(audience: str) -> dict[str, str]:
    """The audience files with every item the build for `audience` cannot see changed in what
    it counts for (its kind, rung, metric, reading and relationship), and three more added."""
    changed = dict(AUDIENCE_FILES)
    for token in set(AUDIENCE_TOKENS) - SEES[audience]:
        for path, text in audience_items(token, AUDIENCE_TOKENS[token], 9).items():
            changed[path] = text.replace("kind: interview", "kind: talk").replace("ladder: stretch", "ladder: baseline") \
                .replace("relationship: manager", "relationship: peer")
        for n in range(3):
            changed[f"content/evidence/{token}-more-{n}.md"] = (
                f"---\ntitle: {token}-more\ndate: 2026-03-0{n + 1}\nkind: interview\ngoals: [lead]\nskills: [{token}-more]\n"
                f"visibility: {AUDIENCE_TOKENS[token]}\n---\n{token}-more-body\n")
    return changed


@pytest.mark.parametrize("audience", ["public", "manager", "committee", "mentor"])
def test_items_a_build_cannot_see_change_none_of_its_bytes(audiences_project: Path, tmp_path: Path, audience: str) -> None:
    """Counts, progress, readiness, skills, feed and calendar of a build come from what its
    readers see: changing or adding items hidden from it changes not one byte of it."""
    built = read_tree(build_project(audiences_project, tmp_path / "before", audience=audience))
    changed = make_project(tmp_path / "changed", _changed_hidden_items(audience), config=AUDIENCES_CONFIG)
    after = read_tree(build_project(changed, tmp_path / "after", audience=audience))
    assert [path for path in sorted(set(built) | set(after)) if built.get(path) != after.get(path)] == []


def test_cached_builds_for_each_audience_in_turn_match_uncached_ones(audiences_project: Path, tmp_path: Path) -> None:
    """One cache serves every audience: builds for the manager, the committee, the public and
    the mentor in turn, into one folder, write what a build without the cache writes."""
    root = tmp_path / "project"
    shutil.copytree(audiences_project, root)
    out = tmp_path / "site"
    for audience in ("manager", "committee", "public", "mentor", "manager"):
        build_site(find_project(root), BuildOptions(audience=audience, cache=True), out)
        cached = {path: data for path, data in read_tree(out).items() if path != ".goalfolio-site"}
        clean = read_tree(build_project(root, tmp_path / f"clean-{audience}", audience=audience))
        assert cached == {path: data for path, data in clean.items() if path != ".goalfolio-site"}, audience


@pytest.mark.parametrize("audience", ["manager", "committee"])
def test_the_preview_for_an_audience_serves_its_view_only(audiences_project: Path, tmp_path: Path, audience: str) -> None:
    """`goalfolio serve --audience NAME` answers every file of that audience's build without
    another audience's canaries, and a page or file only other builds have with a 404."""
    from preview_support import get, running_preview

    own = read_tree(build_project(audiences_project, tmp_path / audience, audience=audience))
    everything = read_tree(build_project(audiences_project, tmp_path / "owner", audience=None))
    with running_preview(audiences_project, audience=audience) as preview:
        served = {path: get(preview, "/site/" + path.removesuffix("index.html")) for path in own if path != ".goalfolio-site"}
        assert {path for path, (status, _, _) in served.items() if status != 200} == set()
        seen = {token for token in AUDIENCE_TOKENS if leaks({p: body for p, (_, _, body) in served.items()}, token.encode())}
        assert seen == SEES[audience]
        assert leaks({p: body for p, (_, _, body) in served.items()}, b"acme-recruiter") == []
        others = [path for path in everything if path not in own and path != ".goalfolio-site"]
        assert len(others) > 20
        assert {get(preview, "/site/" + path.removesuffix("index.html"))[0] for path in others} == {404}


def test_a_symlink_to_an_asset_only_hidden_items_link_to_stays_out(tmp_path: Path) -> None:
    """`alias.png -> scan.png`, linked by nobody, was published although only a private item
    links `scan.png`: the withheld bytes under another name. A symlink to a shown file, and
    an alias a public item links itself, are still published."""
    files = {
        "content/evidence/canary-scan.md": """---
title: CANARY-SCAN-TITLE
date: 2026-06-01
kind: certification
visibility: private
---
![The scan](assets/canary-scan.png)
""",
        "content/evidence/public-work.md": """---
title: Public work
date: 2026-06-02
kind: project
---
![The chart](assets/chart.svg) and [the copy](assets/linked-copy.png).
""",
        "content/assets/canary-scan.png": "CANARY-SCAN-BYTES",
        "content/assets/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    root = make_project(tmp_path, files, config=CONFIG)
    assets = root / "content" / "assets"
    (assets / "alias.png").symlink_to("canary-scan.png")
    (assets / "linked-copy.png").symlink_to("canary-scan.png")
    (assets / "scans").mkdir()
    (assets / "scans" / "deep.png").symlink_to("../alias.png")
    (assets / "chart-alias.svg").symlink_to("chart.svg")
    public = read_tree(build_project(root, tmp_path / "public"))
    assert [path for path in public if path.startswith("assets/")] == [
        "assets/chart-alias.svg", "assets/chart.svg", "assets/linked-copy.png"]
    owner = read_tree(build_project(root, tmp_path / "owner", audience=None))
    assert [path for path in owner if path.startswith("assets/")] == [
        "assets/alias.png", "assets/canary-scan.png", "assets/chart-alias.svg", "assets/chart.svg",
        "assets/linked-copy.png", "assets/scans/deep.png"]


def _case_through_a_hidden_goal(linked: bool) -> dict[str, str]:
    """A public case about the public goal `lead` and, where `linked`, the private goal
    `canary-move`, which a public interview and a public endorsement are linked to alone."""
    hidden = ", canary-move" if linked else ""
    return {
        "content/goals/lead.md": "---\ntitle: Lead a team of six people\ntype: leadership\nstart: 2026-01-01\n"
                                 "target_date: 2027-06-30\n---\nThe plan.\n",
        "content/goals/canary-move.md": "---\ntitle: CANARY-MOVE-TITLE\ntype: mobility\nstart: 2026-01-01\n"
                                        "target_date: 2027-06-30\nvisibility: private\n---\nCANARY-MOVE-BODY\n",
        "content/evidence/work.md": "---\ntitle: Shipped the work\ndate: 2026-05-20\nkind: project\ngoals: [lead]\n"
                                    "ladder: baseline\n---\nDone.\n",
        "content/evidence/coffee.md": f"---\ntitle: Coffee with a recruiter abroad\ndate: 2026-06-01\nkind: interview\n"
                                      f"goals: [{hidden.lstrip(', ')}]\nladder: stretch\n---\nWe talked.\n",
        "content/endorsements/pat.md": "---\nauthor: Pat Public\nrole: Director\nrelationship: manager\ndate: 2026-08-03\n"
                                       "goals: [lead]\n---\nGood work.\n",
        "content/endorsements/host.md": f"---\nauthor: Sam Host\nrole: Hiring manager\nrelationship: stakeholder\n"
                                        f"date: 2026-08-04\ngoals: [{hidden.lstrip(', ')}]\n---\nWould hire.\n",
        "content/cases/case.md": f"---\ntitle: The case\ntarget_role: Engineering manager\ngoals: [lead{hidden}]\n---\n"
                                 "See [[work]].\n",
    }


@pytest.mark.parametrize("audience", ["public", "manager"])
def test_a_case_gathers_nothing_through_a_goal_the_build_hides(tmp_path: Path, audience: str) -> None:
    """A case without `evidence:` or `endorsements:` shows what is linked to its goals, and
    read its goals' ids as written: a public interview and endorsement linked only to a
    private goal of the case were shown in the public case, counted in its readiness and in
    portfolio.json, and named the case on their pages: a relation only the hidden goal made."""
    linked = read_tree(build_project(make_project(tmp_path / "linked", _case_through_a_hidden_goal(True), config=CONFIG),
                                     tmp_path / "linked-site", audience=audience))
    apart = read_tree(build_project(make_project(tmp_path / "apart", _case_through_a_hidden_goal(False), config=CONFIG),
                                    tmp_path / "apart-site", audience=audience))
    assert [path for path in sorted(set(linked) | set(apart)) if linked.get(path) != apart.get(path)] == []
    [case] = json.loads(linked["portfolio.json"])["cases"]
    assert (case["goals"], case["evidence"]) == (["lead"], ["work"])
    assert leaks(linked, b"canary") == []


def test_the_owner_sees_a_case_gather_through_each_of_its_goals(tmp_path: Path) -> None:
    owner = read_tree(build_project(make_project(tmp_path, _case_through_a_hidden_goal(True), config=CONFIG),
                                    tmp_path / "owner", audience=None))
    [case] = json.loads(owner["portfolio.json"])["cases"]
    assert (case["goals"], case["evidence"]) == (["lead", "canary-move"], ["work", "coffee"])
    assert "Sam Host" in owner["cases/case/index.html"].decode()


def test_assets_a_hidden_item_links_by_the_sites_own_address_stay_out(tmp_path: Path) -> None:
    """A private item linking its scan as `https://people.example/site/assets/scan.png`, the
    address the file has on the published site, counted as linking to another site: the scan
    was linked from nowhere, and published. Any spelling of the site's address leads there
    (either scheme, `//`, the host in capitals, `--base-url` where goalfolio.yaml has none);
    another site's address names none of the site's files."""
    files = {
        "content/evidence/canary-offer.md": """---
title: CANARY-OFFER-TITLE
date: 2026-06-01
kind: referral
links:
  - {title: The letter, url: "http://People.Example/site/assets/canary-letter.pdf"}
visibility: private
---
[The offer](https://people.example/site/assets/canary-offer.pdf), ![The scan](//people.example:443/site/assets/canary-scan.png)
and [a copy elsewhere](https://copies.example/site/assets/other.pdf).
""",
        "content/evidence/public-talk.md": "---\ntitle: A talk\ndate: 2026-04-01\nkind: talk\n---\n"
                                           "[Slides](https://people.example/site/assets/slides.pdf).\n",
        **{f"content/assets/{name}": "CANARY-ASSET" for name in ("canary-letter.pdf", "canary-offer.pdf", "canary-scan.png")},
        "content/assets/slides.pdf": "slides",
        "content/assets/other.pdf": "another site's file of the same name",
    }
    shown = ["assets/other.pdf", "assets/slides.pdf"]
    root = make_project(tmp_path / "address", files, config=CONFIG)
    public = read_tree(build_project(root, tmp_path / "public"))
    assert [path for path in public if path.startswith("assets/")] == shown
    assert leaks(public, b"canary") == []
    owner = read_tree(build_project(root, tmp_path / "owner", audience=None))
    assert [path for path in owner if path.startswith("assets/")] == [
        "assets/canary-letter.pdf", "assets/canary-offer.pdf", "assets/canary-scan.png", *shown]
    bare = make_project(tmp_path / "bare", files, config=CONFIG.replace("base_url: https://people.example/site/\n", ""))
    pages = read_tree(build_project(bare, tmp_path / "pages", base_url="https://people.example/site"))
    assert [path for path in pages if path.startswith("assets/")] == shown
