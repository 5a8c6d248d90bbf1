"""Real headless Chromium on the built example: a page of every kind at phone width in the
dark scheme and at desktop width in the light one, with no console errors, no axe-core
violations of any impact and no horizontal overflow; the case prints to a PDF of a few
pages. The site is also crawled through a real HTTP server under a /repo/ prefix."""

from __future__ import annotations

import datetime
import functools
import http.server
import re
import shutil
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_CONFIG, make_project
from site_helpers import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    build_project,
    internal_targets,
    parse_page,
    require,
    require_browser,
)

# One page of each template, the lists and tag pages included.
PAGES = ["index.html", "goals/index.html", "goals/become-senior-pm/index.html", "progress/index.html",
         "evidence/index.html", "evidence/checkout-redesign-launch/index.html",
         "evidence/kind/assignment/index.html", "evidence/skill/experiment-design/index.html",
         "endorsements/index.html", "reviews/index.html", "reviews/review-2026-q3/index.html",
         "cases/index.html", "cases/senior-pm-promotion/index.html", "404.html"]


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The example site under /repo/ on an ephemeral loopback port, built for that address:
    the 404 page names its styles and icon by absolute URL, and the example's own host
    would need the network."""
    root = tmp_path_factory.mktemp("served")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/repo/"
    build_project(REPO, root / "repo", base_url=base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root / "repo", base
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_every_link_resolves_when_served_under_a_prefix(served_site: tuple[Path, str]) -> None:
    site, base = served_site
    checked = 0
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        if path == "404.html":
            continue
        for link in parse_page(page.read_bytes()).links:
            found = internal_targets(path, link)
            if found is None:
                continue
            url = base + found[0]
            with urllib.request.urlopen(url) as response:  # raises on 404
                assert response.status == 200, url
            checked += 1
    assert checked > 500


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.parametrize(("width", "scheme"), [(375, "dark"), (1280, "light")])
@pytest.mark.parametrize("path", PAGES)
def test_page_renders_cleanly_and_accessibly(browser: Any, served_site: tuple[Path, str], path: str,
                                             width: int, scheme: str) -> None:
    _, base = served_site
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + path)
    assert page.title()
    assert errors == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact, v.nodes.length])")
    assert violations == []
    page.close()


def test_case_prints_to_a_pdf_of_a_few_pages(browser: Any, served_site: tuple[Path, str], tmp_path: Path) -> None:
    _, base = served_site
    page = browser.new_page()
    page.goto(base + "cases/senior-pm-promotion/index.html")
    pdf = tmp_path / "case.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert 2 <= pages <= 6, pages  # it was 7 when the last three sections each started a new page
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "block"
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "none"
    page.close()


# Words of table cells drawn on two lines; a break after a hyphen is not a cut.
CUT_WORDS = """(cells) => [...document.querySelectorAll(cells)].flatMap(cell => {
  const cut = [], walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (const word of node.data.matchAll(/[^\\s\\-]+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1) cut.push(word[0]);
    }
  }
  return cut;
})"""


def cut_figures(browser: Any, base: str, width: int, paths: list[str],
                table: str) -> tuple[dict[str, tuple[list[str], int]], list[bool]]:
    """For each page at `width`: the words cut in the cells of `table`s, and how far the
    page scrolls sideways; and whether each of the last page's column headings is there
    for a screen reader (hidden from sight or not)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {}
    for path in paths:
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        seen[path] = (page.evaluate(CUT_WORDS, f"{table} td"), overflow)
    headers = page.evaluate(f"[...document.querySelectorAll('{table} thead th')].map(th => th.checkVisibility())")
    page.close()
    return seen, headers


@pytest.mark.parametrize("width", [660, 1280])
def test_words_in_the_themes_tables_are_whole_from_a_tablet_up(browser: Any, served_site: tuple[Path, str], width: int) -> None:
    """A short column beside a long one was cut to the width of a few letters: the gap kind
    "experien|ce" beside its plan, "conversation|s" in a metrics table, at 1280 px."""
    _, base = served_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    cut = {}
    for path in ["goals/become-senior-pm/index.html", "goals/move-to-amsterdam/index.html",
                 "evidence/product-circle-amsterdam-talk/index.html", "cases/senior-pm-promotion/index.html"]:
        page.goto(base + path)
        cut[path] = page.evaluate(CUT_WORDS, "main td, main th")
    assert cut == dict.fromkeys(cut, [])
    page.close()


@pytest.mark.parametrize("width", [320, 360])
def test_a_gap_kind_stays_whole_on_a_phone(browser: Any, served_site: tuple[Path, str], width: int) -> None:
    """Beside the need and the plan, the kind was cut: "exper|ience", "netw|ork", "langu|age"."""
    _, base = served_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    cut = {}
    for path in ["goals/become-senior-pm/index.html", "goals/move-to-amsterdam/index.html",
                 "goals/experimentation-mastery/index.html"]:
        page.goto(base + path)
        cut[path] = page.evaluate(CUT_WORDS, "#sec-gaps ~ table td:nth-child(2)")
        cut[path].append(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))
    page.close()
    assert cut == dict.fromkeys(cut, [0])


@pytest.mark.parametrize("width", [320, 360])
def test_a_reviews_readings_keep_their_figures_whole_on_a_phone(browser: Any, served_site: tuple[Path, str], width: int) -> None:
    """Beside the indicators' names, a reading or target was cut to a few letters: "6 feature|s",
    "invitatio|ns", "escalati|ons"; now the name has a line of its own, as in a measured change."""
    seen, headers = cut_figures(browser, served_site[1], width, ["reviews/review-2026-q3/index.html", "reviews/review-2025-q4/index.html"],
                                "#sec-readings ~ table")
    assert seen == dict.fromkeys(seen, ([], 0))
    assert set(headers) == {True}  # "Indicator" is hidden from sight only: each figure keeps its column's name


# Each cell of a case's goals whose content is drawn past the cell's own right edge.
SPILLING_CELLS = """() => [...document.querySelectorAll('#sec-goals ~ table :is(th, td)')].filter(cell =>
  [...cell.querySelectorAll('*')].some(inner => inner.getBoundingClientRect().right > cell.getBoundingClientRect().right + 0.5))
  .map(cell => cell.textContent.trim())"""
NOT_MEASURED_CASE = {
    "content/goals/lead.md": "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nPlan.\n",
    "content/cases/lead-case.md": "---\ntitle: The case for team lead\ntarget_role: Team lead\ngoals: [lead]\n---\nWhy.\n",
}


@pytest.mark.parametrize("width", [320, 360])
def test_a_cases_goals_keep_their_titles_whole_on_a_phone(browser: Any, served_site: tuple[Path, str], tmp_path: Path,
                                                          width: int) -> None:
    """Beside the status, progress and date, a goal's title was cut: "independen|t", and at
    320 px "Promo|tion", "Fern|way"; now the title has a line of its own, and the widest status
    ("not measured") still fits its column."""
    _, base = served_site
    site = build_project(make_project(tmp_path, NOT_MEASURED_CASE), tmp_path / "site")
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {}
    for url in [base + "cases/senior-pm-promotion/index.html", (site / "cases/lead-case/index.html").as_uri()]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        seen[url] = (page.evaluate(CUT_WORDS, "#sec-goals ~ table :is(th, td)"), page.evaluate(SPILLING_CELLS), overflow)
    headers = page.evaluate("[...document.querySelectorAll('#sec-goals ~ table thead th')].map(th => th.checkVisibility())")
    page.close()
    assert seen == dict.fromkeys(seen, ([], [], 0))
    assert headers == [True] * 4  # "Goal" is hidden from sight only: each figure keeps its column's name


@pytest.mark.parametrize("width", [320, 340, 360, 414])
def test_a_phone_keeps_the_figures_of_a_measured_change_whole(browser: Any, served_site: tuple[Path, str], width: int) -> None:
    """Beside a measure's long name, the figures were cut to a few letters: "64.1|%",
    "experi|ments", "experiment|s (+600%)"; now the name has a line of its own. In three
    fixed columns below it, a unit was still cut: "5 conversation|s" at 360 px, "experiment|s"
    at 320; now a figure whose words do not fit beside the others moves to a line of its own."""
    seen, headers = cut_figures(browser, served_site[1], width, ["cases/senior-pm-promotion/index.html",
                                                                  "evidence/pricing-experiment-programme/index.html",
                                                                  "evidence/product-circle-amsterdam-talk/index.html"], "table.metrics")
    assert seen == dict.fromkeys(seen, ([], 0))
    assert headers == [True] * 4  # the head is hidden from sight only: each figure keeps its column's name
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(served_site[1] + "evidence/product-circle-amsterdam-talk/index.html")
    labels = page.evaluate("[...document.querySelectorAll('table.metrics td')].map(td => getComputedStyle(td, '::before').content)")
    page.close()
    assert labels == ['"Before" / ""', '"After" / ""', '"Change" / ""']  # drawn over each figure, not read twice


# Dates ("11 Dec 2026") in the elements' text drawn on more than one line.
SPLIT_DATES = """(selector) => [...document.querySelectorAll(selector)].flatMap(element => {
  const split = [], walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (const date of node.data.matchAll(/\\d{1,2} \\w{3} \\d{4}/g)) {
      const range = document.createRange();
      range.setStart(node, date.index);
      range.setEnd(node, date.index + date[0].length);
      if (new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1) split.push(date[0]);
    }
  }
  return split;
})"""


def test_a_next_checkpoints_date_stays_on_one_line_on_a_phone(browser: Any, served_site: tuple[Path, str]) -> None:
    """The dashboard's goal cards ended "· 11" on one line and "Dec 2026" on the next."""
    _, base = served_site
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(base + "index.html")
    cards = page.evaluate(SPLIT_DATES, ".goal-card .next")
    page.goto(base + "goals/become-senior-pm/index.html")
    facts = page.evaluate(SPLIT_DATES, ".summary-panel .facts dd")
    page.close()
    assert (cards, facts) == ([], [])


# The width of an A4 page inside the print stylesheet's margins (210 mm - 2 x 16 mm), in CSS pixels.
A4_CONTENT_WIDTH = 673
VISIBLE = "(selector) => [...document.querySelectorAll(selector)].map(element => element.checkVisibility())"


# Each indicator's left edge and width, and each group heading's distance to the top of its
# first card below it and whether it stands in that card's column.
PRINTED_INDICATORS = """() => [
  [...document.querySelectorAll('.indicator')].map(card => { const box = card.getBoundingClientRect();
    return [Math.round(box.left), Math.round(box.width)]; }),
  [...document.querySelectorAll('.indicator-groups > :is(h3, h4)')].map(heading => {
    const box = heading.getBoundingClientRect(), card = heading.nextElementSibling.querySelector('.indicator').getBoundingClientRect();
    return [Math.round(card.top - box.bottom), Math.round(card.left) === Math.round(box.left)]; })]"""


def test_printed_goal_and_progress_pages_put_indicators_in_two_columns(browser: Any, served_site: tuple[Path, str]) -> None:
    """One to a row drew each chart half a page tall and kept it whole: the goal page printed
    on 9 pages, the progress page on 16, most of them half empty. Two columns, each group's
    heading at the top of its first card."""
    _, base = served_site
    page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 900})
    page.emulate_media(media="print")
    seen = {}
    for path in ["goals/become-senior-pm/index.html", "progress/index.html"]:
        page.goto(base + path)
        seen[path] = page.evaluate(PRINTED_INDICATORS)
    page.close()
    half = (A4_CONTENT_WIDTH - 16) // 2  # the columns' gap is 1rem
    for path, (cards, headings) in seen.items():
        assert len({left for left, _ in cards}) == 2 and {width for _, width in cards} <= {half, half + 1}, (path, cards)
        assert headings and all(0 <= gap < 10 and same_column for gap, same_column in headings), (path, headings)


def printed_pages(page: Any, pdf: Path, paper: str) -> list[str]:
    """The text of each page of `page` printed on `paper`, by `pdftotext -layout`."""
    page.pdf(path=str(pdf), format=paper, print_background=False)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def margin_lines(text: str) -> list[list[str]]:
    """The first and last lines of a printed page, each cut into the texts set apart on it."""
    lines = [line for line in text.splitlines() if line.strip()]
    return [re.split(r"\s{2,}", line.strip()) for line in (lines[0], lines[-1])]


def require_pdftotext() -> None:
    require(shutil.which("pdftotext") is not None, "pdftotext is missing: `apt-get install -y poppler-utils`")


@pytest.mark.parametrize(("path", "title"), [("progress/index.html", "Progress"),
                                             ("cases/senior-pm-promotion/index.html", "Promotion case: Nadia Okafor for Senior Product Manager")])
def test_every_printed_page_names_the_person_the_page_the_date_and_its_number(browser: Any, served_site: tuple[Path, str],
                                                                               tmp_path: Path, path: str, title: str) -> None:
    """Printed pages had no number, and a loose one did not say whose it was, which page of
    the site it came from or when its figures were taken."""
    require_pdftotext()
    _, base = served_site
    page = browser.new_page()
    page.goto(base + path)
    pages = printed_pages(page, tmp_path / "printed.pdf", "A4")
    page.close()
    assert len(pages) > 1
    assert [margin_lines(text) for text in pages] == [
        [["Nadia Okafor", title], ["Figures as of 20 Nov 2026", f"Page {number} of {len(pages)}"]]
        for number in range(1, len(pages) + 1)]


def test_a_title_prints_in_the_running_head_as_written(browser: Any, tmp_path: Path) -> None:
    """The head's text is a CSS string in the page's `<style>`: a quote, a backslash or a
    `</style>` in a title is escaped there, and printed as written."""
    require_pdftotext()
    title = 'Ship "v2" \\ beta </style> & more by 2027'
    goal = (f"---\ntitle: '{title}'\ntype: advancement\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nPlan.\n")
    site = build_project(make_project(tmp_path, {"content/goals/ship.md": goal}), tmp_path / "site")
    page = browser.new_page()
    page.goto((site / "goals/ship/index.html").as_uri())
    assert page.title() == f"{title} · Test Person"
    pages = printed_pages(page, tmp_path / "printed.pdf", "A4")
    page.close()
    assert margin_lines(pages[0]) == [["Test Person", title], ["Figures as of 20 Nov 2026", "Page 1 of 1"]]


@pytest.mark.parametrize(("audience", "marked"), [(None, "Preview: includes private items"), ("manager", "Prepared for: manager"),
                                                   ("public", None)])
def test_a_printed_page_of_an_audience_or_the_owner_says_which_build_it_is(browser: Any, tmp_path: Path, audience: str | None,
                                                                           marked: str | None) -> None:
    """The banner saying so is left off paper with the rest of the screen's chrome: a page
    printed from the owner's preview, with private items on it, did not say it was one."""
    require_pdftotext()
    site = build_project(make_project(tmp_path, config=MINIMAL_CONFIG + "audiences: [manager]\n"), tmp_path / "site", audience=audience)
    page = browser.new_page()
    page.goto((site / "index.html").as_uri())
    pages = printed_pages(page, tmp_path / "printed.pdf", "A4")
    page.close()
    marks = [marked] if marked else []
    assert [margin_lines(text)[1] for text in pages] == [
        ["Figures as of 20 Nov 2026", *marks, f"Page {number} of {len(pages)}"] for number in range(1, len(pages) + 1)]


@pytest.mark.parametrize(("paper", "most"), [("A4", 8), ("Letter", 10)])
def test_progress_prints_on_few_pages(browser: Any, served_site: tuple[Path, str], tmp_path: Path, paper: str, most: int) -> None:
    """Progress printed on 13 pages of either paper, many of them 40% empty: a row of two
    cards that did not fit moved to the next page whole, with the headings above it."""
    _, base = served_site
    page = browser.new_page()
    page.goto(base + "progress/index.html")
    pdf = tmp_path / "progress.pdf"
    page.pdf(path=str(pdf), format=paper, print_background=False)
    page.close()
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())) <= most


# The example's goals with indicators; all but the Dutch exam's printed page 1 a third empty.
GOALS_WITH_INDICATORS = ["become-senior-pm", "dutch-a2-exam", "experimentation-mastery", "lead-payments-squad",
                         "move-to-amsterdam", "sustainable-rhythm"]
# The heading of a goal's first group of indicators and the name of its first card, as printed.
FIRST_INDICATOR = """() => [document.querySelector('.indicator-groups > h3'), document.querySelector('.indicator-name')]
  .map(element => element.textContent.replace(/\\s+/g, ' ').trim())"""


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_printed_goal_starts_its_indicators_on_the_first_page(browser: Any, served_site: tuple[Path, str], tmp_path: Path,
                                                                paper: str) -> None:
    """The goal's head left a little too little room below it for the first indicator card,
    which moved whole to page 2 with its headings, and page 1 was a third empty."""
    require_pdftotext()
    _, base = served_site
    page = browser.new_page()
    starts = {}
    for goal in GOALS_WITH_INDICATORS:
        page.goto(f"{base}goals/{goal}/index.html")
        group, name = page.evaluate(FIRST_INDICATOR)
        page.pdf(path=str(tmp_path / "goal.pdf"), format=paper, print_background=False)
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "goal.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout
        starts[goal] = f"Indicators {group} {name}" in " ".join(first.split())
    page.close()
    assert starts == dict.fromkeys(GOALS_WITH_INDICATORS, True)


# Each endorsement card's left edge and width, whether it may break, and its quote's font size.
PRINTED_WALL = """() => [...document.querySelectorAll('.wall .endorsement')].map(card => { const box = card.getBoundingClientRect();
  return [Math.round(box.left), Math.round(box.width), getComputedStyle(card).breakInside,
          getComputedStyle(card.querySelector('blockquote')).fontSize]; })"""


def test_the_printed_endorsements_wall_has_two_columns_of_whole_cards(browser: Any, served_site: tuple[Path, str],
                                                                     tmp_path: Path) -> None:
    """On screen a wall of cards, on paper one column of them, over 3 A4 pages; its quotes
    were printed larger than the body's text."""
    _, base = served_site
    page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 900})
    page.emulate_media(media="print")
    page.goto(base + "endorsements/index.html")
    cards = page.evaluate(PRINTED_WALL)
    body = page.evaluate("getComputedStyle(document.body).fontSize")
    page.pdf(path=str(tmp_path / "wall.pdf"), format="A4", print_background=False)
    page.close()
    half = (A4_CONTENT_WIDTH - 16) // 2  # the columns' gap is 1rem
    assert len(cards) == 5 and len({left for left, *_ in cards}) == 2, cards
    assert {(width, inside, size) for _, width, inside, size in cards} <= {(half, "avoid", body), (half + 1, "avoid", body)}, cards
    assert len(re.findall(rb"/Type\s*/Page(?!s)", (tmp_path / "wall.pdf").read_bytes())) == 2


def test_printed_charts_keep_their_key_and_the_year_keeps_its_list(browser: Any, served_site: tuple[Path, str]) -> None:
    """On paper the key was left out, so a dotted baseline could not be told from the dotted
    today line, and the year's numbered marks had no list to name them (it sits in a
    `<details>`, which paper cannot open)."""
    _, base = served_site
    page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 900})
    page.emulate_media(media="print")
    page.goto(base + "goals/become-senior-pm/index.html")
    goal_keys = page.evaluate(VISIBLE, ".chart-key")
    page.goto(base + "progress/index.html")
    seen = [page.evaluate(VISIBLE, selector) for selector in (".year-list li", ".year-events summary", "#sec-year ~ .chart-key .key")]
    # Printers leave out backgrounds unless told not to, and the key's filled marks are backgrounds.
    adjust = page.evaluate("[...document.querySelectorAll('.key-evidence, .key-done, .key-overdue')].map(k => getComputedStyle(k).printColorAdjust)")
    page.close()
    assert goal_keys and all(goal_keys)
    assert seen[0] and all(seen[0]) and seen[1] == [False] and seen[2] == [True] * 4
    assert adjust == ['exact'] * 3


def test_printed_links_to_other_sites_show_their_address(browser: Any, served_site: tuple[Path, str]) -> None:
    """The profile's links printed as bare words ("LinkedIn"); only those in bodies and the
    case showed where they lead."""
    _, base = served_site
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(base + "index.html")
    shown = page.evaluate("""() => [...document.querySelectorAll('.inline-links a')].map(a =>
      [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    page.close()
    assert [href for href, _ in shown] == ["https://example.com/nadia-okafor/writing",
                                           "https://www.linkedin.com/in/example-nadia-okafor",
                                           "https://example.com/nadia-okafor/talks"]
    assert [after for _, after in shown] == [f'" ({href})"' for href, _ in shown]



# Each element's breaks on paper: [tag, break-inside, break-after].
PRINTED_BREAKS = """(selector) => [...document.querySelectorAll(selector)].map(element => {
  const style = getComputedStyle(element); return [element.localName, style.breakInside, style.breakAfter]; })"""


def test_printed_headings_stay_whole_and_with_what_follows(browser: Any, served_site: tuple[Path, str]) -> None:
    """A goal's heading on Progress printed its title at the foot of one page and its badge
    at the head of the next; another printed whole, with its overall bar, alone at the foot
    of a page half empty. The case's plan of six rows was cut after its first."""
    _, base = served_site
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(base + "progress/index.html")
    headings = page.evaluate(PRINTED_BREAKS, "main :is(h1, h2, h3, h4, h5)")
    bars = page.evaluate(PRINTED_BREAKS, ".goal-block > .progress-row")
    page.goto(base + "cases/senior-pm-promotion/index.html")
    tables = page.evaluate(PRINTED_BREAKS, "main table")
    page.close()
    assert len(headings) > 20 and {(inside, after) for _, inside, after in headings} == {("avoid", "avoid")}
    assert len(bars) == 5 and {(inside, after) for _, inside, after in bars} == {("auto", "avoid")}
    assert len(tables) > 5 and {inside for _, inside, _ in tables} == {"avoid"}


TIMELINE_PAGES = ["goals/become-senior-pm/index.html", "progress/index.html"]
# The timelines a page shows: each one's class and its left and right edges, and each text
# in it (month labels, `today`, milestone numbers) with the size it is drawn at (its font
# size times the drawing's scale) and its box.
SHOWN_TIMELINES = """() => [...document.querySelectorAll('svg.timeline, svg.timeline-narrow')].filter(svg => svg.checkVisibility())
  .map(svg => { const frame = svg.getBoundingClientRect();
    return [svg.getAttribute('class'), [frame.left, frame.right], [...svg.querySelectorAll('text')].filter(t => t.textContent).map(t => {
      const box = t.getBoundingClientRect();
      return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a, box.left, box.top, box.right, box.bottom]; })]; })"""


@pytest.mark.parametrize(("width", "size"), [(320, 11.3), (360, 11.6), (375, 12.1)])
@pytest.mark.parametrize("path", TIMELINE_PAGES)
def test_a_phone_shows_the_narrow_timeline_with_its_text_at_11_px_and_apart(browser: Any, served_site: tuple[Path, str],
                                                                           path: str, width: int, size: float) -> None:
    """The 880-unit timeline, scaled to a phone's 343 px, drew its month labels at 4.7 px and
    its milestone numbers at 3. At 320 px the narrow one, in a column of 288, drew them at 10.2:
    there it takes the page's margins too."""
    _, base = served_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base + path)
    shown = page.evaluate(SHOWN_TIMELINES)
    page.close()
    assert [drawing for drawing, _, _ in shown] == ["timeline-narrow"]
    _, (left, right), texts = shown[0]
    assert {text for text, *_ in texts} >= {"today", "1", "2", "Jan 2026", "Jul 2026"}
    assert {round(drawn, 1) for _, drawn, *_ in texts} == {size}
    assert [text for text, _, _, top, _, bottom in texts if bottom - top < 11] == []
    overlapping = [(one[0], two[0]) for i, one in enumerate(texts) for two in texts[i + 1:]
                   if one[2] < two[4] and two[2] < one[4] and one[3] < two[5] and two[3] < one[5]]
    assert overlapping == []
    assert [text for text, _, start, _, end, _ in texts if start < left or end > right] == []


@pytest.mark.parametrize(("width", "drawing", "size"), [
    (320, "timeline-narrow", 11.3), (375, "timeline-narrow", 12.1), (640, "timeline-narrow", 15.0),
    (768, "timeline-narrow", 15.0), (849, "timeline", 11.0), (1024, "timeline", 13.4), (1280, "timeline", 15.2)])
def test_every_text_of_the_timeline_shown_is_drawn_at_11_px_or_more(browser: Any, served_site: tuple[Path, str],
                                                                   width: int, drawing: str, size: float) -> None:
    """The wide timeline drew its milestone numbers at 8 px in its units, 7.4 px on screen at
    849 px and 10.1 at 1280: under 11 on every screen that showed it, its labels 11 to 15.2.
    Both layouts draw their numbers as large as their labels. Tablets, 641 to 848 px,
    keep the narrow one: the wide one's text would be drawn there at 8.2 to 11 px."""
    _, base = served_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {}
    for path in TIMELINE_PAGES:
        page.goto(base + path)
        seen[path] = [(shown, sorted({round(drawn, 1) for _, drawn, *_ in texts})) for shown, _, texts in page.evaluate(SHOWN_TIMELINES)]
    page.close()
    assert seen == {path: [(drawing, [size])] for path in TIMELINE_PAGES}


# Each line chart's texts (value and month labels, the target's note): the smallest size one
# is drawn at (its font size times the drawing's scale), the pairs drawn over each other, and
# the axis labels drawn over the plot (the area the value axis's grid lines span).
LINE_CHART_TEXTS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const texts = [...svg.querySelectorAll('text')], box = t => t.getBoundingClientRect();
  const over = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const grid = [...svg.querySelectorAll('.chart-grid line:not(.chart-xtick)')].map(box), ends = svg.querySelector('.chart-baseline');
  const plot = {left: box(ends).left, right: box(ends).right, top: Math.min(...grid.map(g => g.top)), bottom: Math.max(...grid.map(g => g.bottom))};
  return [Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)),
          texts.flatMap((a, i) => texts.slice(i + 1).filter(b => over(box(a), box(b))).map(b => a.textContent + ' / ' + b.textContent)),
          texts.filter(t => t.classList.contains('chart-label') && over(box(t), plot)).map(t => t.textContent)];
})"""


@pytest.mark.parametrize("width", [320, 360, 768, 1280])
def test_a_line_charts_labels_are_drawn_at_12_px_or_more_and_apart(browser: Any, served_site: tuple[Path, str],
                                                                   width: int) -> None:
    """At 11 in the chart's 340 units, its labels were drawn at 9.5 px on a 360 px phone,
    where the chart is 294 px wide, and at 10.4 and 10.5 px beside another chart at 768 and 1280.
    At 14 they were still 10.5 px at 320, in a card 66 px narrower than the screen."""
    _, base = served_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {}
    for path in ["goals/become-senior-pm/index.html", "progress/index.html"]:
        page.goto(base + path)
        seen[path] = page.evaluate(LINE_CHART_TEXTS)
    page.close()
    assert all(len(charts) >= 4 for charts in seen.values())
    assert {path: [size for size, _, _ in charts if size < 12] for path, charts in seen.items()} == dict.fromkeys(seen, [])
    assert {path: [drawn for _, over, on_plot in charts for drawn in over + on_plot] for path, charts in seen.items()} == \
        dict.fromkeys(seen, [])


@pytest.mark.parametrize(("width", "media", "drawing"), [
    (375, "screen", "timeline-narrow"), (848, "screen", "timeline-narrow"), (849, "screen", "timeline"),
    (1280, "screen", "timeline"), (375, "print", "timeline"), (A4_CONTENT_WIDTH, "print", "timeline")])
def test_one_timeline_is_shown_and_exposed_the_wide_one_from_849_px_and_on_paper(browser: Any, served_site: tuple[Path, str],
                                                                                width: int, media: str, drawing: str) -> None:
    """Below 849 px the wide timeline's 12 px labels would be drawn at under 11 px. The one
    hidden is out of the accessibility tree, so the image is announced once, by its own name."""
    _, base = served_site
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.emulate_media(media=media)
    seen = {}
    for path in TIMELINE_PAGES:
        page.goto(base + path)
        images = [line for line in page.locator("main").aria_snapshot().splitlines() if "- img" in line and "timeline" in line]
        seen[path] = ([shown for shown, _, _ in page.evaluate(SHOWN_TIMELINES)], len(images), "Apr 2026" in "".join(images))
    page.close()
    # The wide year timeline is labelled by quarter, the narrow one by half year.
    assert seen == {"goals/become-senior-pm/index.html": ([drawing], 1, False),
                    "progress/index.html": ([drawing], 1, drawing == "timeline")}


def _crowded_goal() -> str:
    """Twelve milestones in one quarter, ten of them within twelve days, two on one day; the first five done."""
    steps = ""
    for n, after in enumerate([1, 2, 3, 5, 6, 8, 9, 9, 10, 12, 20, 40], start=1):
        day = datetime.date(2026, 4, 1) + datetime.timedelta(days=after)
        steps += f"  - {{title: Step {n:02}, due: {day}{f', done: {day}' if n <= 5 else ''}}}\n"
    return f"---\ntitle: Ship the rewrite\ntype: advancement\nstart: 2025-07-01\ntarget_date: 2027-06-30\nmilestones:\n{steps}---\nPlan.\n"


CROWDED = {"content/goals/rewrite.md": _crowded_goal()} | {
    f"content/evidence/e{n}.md": f"---\ntitle: Evidence {n}\ndate: 2026-04-0{3 + n // 2}\nkind: result\n---\nStory.\n"
    for n in range(9)}
# Each shown timeline's markers, by the number of their mark, with their boxes.
SHOWN_MARKERS = """() => [...document.querySelectorAll('svg.timeline, svg.timeline-narrow')].filter(svg => svg.checkVisibility())
  .map(svg => [...svg.querySelectorAll('.tl-mark')].map((mark, i) => { const box = mark.querySelector('rect').getBoundingClientRect();
    return [String(i + 1), box.left, box.top, box.right, box.bottom]; }))"""


def _overlapping(boxes: list[Any]) -> list[tuple[str, str]]:
    """Pairs of (name, left, top, right, bottom) that cover each other by more than half a pixel."""
    return [(one[0], two[0]) for i, one in enumerate(boxes) for two in boxes[i + 1:]
            if one[1] < two[3] - 0.5 and two[1] < one[3] - 0.5 and one[2] < two[4] - 0.5 and two[2] < one[4] - 0.5]


@pytest.fixture(scope="module")
def crowded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crowded")
    return build_project(make_project(root, CROWDED), root / "site")


@pytest.mark.parametrize(("width", "media"), [(320, "screen"), (375, "screen"), (640, "screen"), (768, "screen"),
                                              (1024, "screen"), (1280, "screen"), (A4_CONTENT_WIDTH, "print")])
def test_a_crowded_fortnight_draws_no_marker_or_text_over_another(browser: Any, crowded_site: Path, width: int,
                                                                  media: str) -> None:
    """A timeline held four rows a lane: the fifth mark of twelve close milestones went back to
    the fourth row, `5` drawn over `1` on phones and `8` over `4` on a desktop, and nine
    pieces of evidence over five days stacked squares on squares."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.emulate_media(media=media)
    seen = {}
    for path in ("goals/rewrite/index.html", "progress/index.html"):
        page.goto((crowded_site / path).as_uri())
        [(_, _, texts)] = page.evaluate(SHOWN_TIMELINES)
        [markers] = page.evaluate(SHOWN_MARKERS)
        seen[path] = (len(markers), _overlapping(markers), _overlapping([[text, *box] for text, _, *box in texts]))
    page.close()
    assert seen == {"goals/rewrite/index.html": (12, [], []), "progress/index.html": (21, [], [])}


def _relative_luminance(colour: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    """WCAG's contrast ratio of two computed colours (`rgb(127, 137, 147)`)."""
    light, dark = sorted((_relative_luminance(one), _relative_luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Each progress bar's edge, and the colour of what it stands on: the nearest box with a background.
BAR_EDGES = """() => [...document.querySelectorAll('svg.bar')].map(bar => {
  let behind = bar.parentElement;
  while (getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
  const style = getComputedStyle(bar);
  return [style.borderTopWidth, style.borderTopStyle, style.borderTopColor, getComputedStyle(behind).backgroundColor]; })"""


@pytest.mark.parametrize(("scheme", "ratios"), [("light", {3.41, 3.56}), ("dark", {4.48, 4.92})])
def test_a_progress_bar_has_an_edge_of_3_to_1_against_what_it_stands_on(browser: Any, served_site: tuple[Path, str],
                                                                        scheme: str, ratios: set[float]) -> None:
    """The track alone stood out from the card by 1.29:1 (1.42:1 dark): WCAG 1.4.11 asks 3:1
    of what shows where a graphic ends."""
    _, base = served_site
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    edges = []
    for path in ["index.html", "goals/become-senior-pm/index.html", "progress/index.html", "cases/index.html"]:
        page.goto(base + path)
        edges += page.evaluate(BAR_EDGES)
    page.close()
    assert len(edges) > 10
    assert {(width, style) for width, style, _, _ in edges} == {("1px", "solid")}
    assert {round(contrast(edge, behind), 2) for _, _, edge, behind in edges} == ratios


def test_dark_scheme_renders(browser: Any, served_site: tuple[Path, str]) -> None:
    _, base = served_site
    page = browser.new_page(color_scheme="dark")
    page.goto(base + "index.html")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 23, 26)"
    page.close()


# Each mark of a chart key, the colour it is drawn in, and the part of the chart it names.
KEYED_MARKS = {
    "progress/index.html": [(".key-evidence", "backgroundColor", ".tl-evidence rect", "fill"),
                            (".key-done", "backgroundColor", ".tl-done .tl-dot", "fill"),
                            (".key-due", "borderTopColor", ".tl-due .tl-dot", "stroke")],
    "goals/become-senior-pm/index.html": [(".key-line", "borderTopColor", ".chart-line", "stroke"),
                                          (".key-target", "borderTopColor", ".chart-target", "stroke"),
                                          (".key-baseline", "borderTopColor", ".chart-baseline", "stroke"),
                                          (".key-today", "borderTopColor", ".chart .chart-today", "stroke")],
}
KEY_AND_CHART_COLOURS = """(marks) => marks.map(([key, keyColour, part, partColour]) =>
  [key, getComputedStyle(document.querySelector(key))[keyColour], getComputedStyle(document.querySelector(part))[partColour]])"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_in_forced_colours_a_chart_key_keeps_the_colours_of_the_chart_it_names(browser: Any, served_site: tuple[Path, str],
                                                                              scheme: str) -> None:
    """Forced colours (Windows high contrast) leave the SVG charts in their own colours but
    redrew the key in the system's: the evidence square vanished, a done, due and overdue
    milestone were the same empty ring, and the baseline and today lines the same dotted line."""
    _, base = served_site
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme, forced_colors="active")
    seen = []
    for path, marks in KEYED_MARKS.items():
        page.goto(base + path)
        seen += page.evaluate(KEY_AND_CHART_COLOURS, marks)
    page.close()
    assert [key for key, colour, drawn in seen if colour != drawn] == []
    # The line and evidence share the accent, the target and done the green, due and today the grey.
    assert len({colour for _, colour, _ in seen}) == 4


def test_in_forced_colours_the_current_filter_stands_out(browser: Any, served_site: tuple[Path, str]) -> None:
    """Only its background marked the skill or kind a list is of, and forced colours remove backgrounds."""
    _, base = served_site
    page = browser.new_page(viewport={"width": 1280, "height": 900}, forced_colors="active")
    page.goto(base + "evidence/skill/experiment-design/index.html")
    current, other = page.evaluate("""['.tags a[aria-current]', '.tags a:not([aria-current])'].map(selector => {
      const style = getComputedStyle(document.querySelector(selector)); return [style.backgroundColor, style.color]; })""")
    page.close()
    assert current[0] != other[0] and current[1] != other[1]


LONG = "Supercalifragilisticexpialidocious" * 3  # one unbroken word of 102 letters
STRESS = {
    "content/goals/lead.md": (
        f"---\ntitle: Lead a team of six {LONG}\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n"
        f"gaps:\n  - {{need: {LONG}, kind: skill, plan: {LONG}}}\n"
        "indicators:\n  - {id: size, name: Team size, kind: lagging, baseline: 2, target: 6}\n---\nThe plan.\n"
    ),
    "content/reviews/q3.md": "---\ndate: 2026-09-01\nreadings:\n  lead: {size: 4}\n---\nReview.\n",
    "content/evidence/query.md": (
        "---\ntitle: A faster query\ndate: 2026-03-02\nkind: result\ngoals: [lead]\n"
        f"skills: [{LONG}]\nmetrics:\n  - {{name: {LONG}, before: 40, after: 35, unit: ms}}\n---\n"
        "The query:\n\n```sql\nSELECT merchant_id, COUNT(*) FROM payments WHERE created_at > now() - interval '30 days'"
        " GROUP BY merchant_id ORDER BY 2 DESC;\n```\n"
    ),
}


@pytest.mark.parametrize("width", [375, 660, 1280])
def test_long_words_and_code_do_not_widen_the_page(browser: Any, tmp_path: Path, width: int) -> None:
    site = build_project(make_project(tmp_path, STRESS, config=MINIMAL_CONFIG + "audiences: [manager]\n"), tmp_path / "site",
                         audience="manager")
    page = browser.new_page(viewport={"width": width, "height": 900})
    for path in ["goals/lead/index.html", "evidence/query/index.html", "evidence/index.html", "progress/index.html",
                 "reviews/q3/index.html"]:
        page.goto((site / path).as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact])")
        assert violations == [], path
    page.close()



HUGE_FIGURES = {
    "content/goals/budget.md": (
        "---\ntitle: Cut the cost base by one billion\ntype: advancement\nstart: 2026-01-01\ntarget_date: 2027-01-01\n"
        "indicators:\n  - {id: cost, name: Cost, kind: lagging, baseline: 0, target: -1000000000, direction: down}\n"
        "---\nPlan.\n"),
    "content/reviews/q3.md": "---\ndate: 2026-09-01\nreadings:\n  budget: {cost: -2000000000}\n---\nReview.\n",
}
# Pairs of an indicator's figures (current, baseline, target, progress) whose text is drawn over each other.
OVERLAPPING_FIGURES = """() => [...document.querySelectorAll('.figures')].flatMap(list => {
  const text = element => { const range = document.createRange(); range.selectNodeContents(element); return range.getBoundingClientRect(); };
  const boxes = [...list.children].map(item => [item.querySelector('dt').textContent, text(item.querySelector('dd'))]);
  return boxes.flatMap(([a, one], i) => boxes.slice(i + 1).filter(([, two]) =>
    one.left < two.right - 0.5 && two.left < one.right - 0.5 && one.top < two.bottom - 0.5 && two.top < one.bottom - 0.5).map(([b]) => a + '/' + b));
})"""


def test_figures_of_ten_digits_stand_apart_on_a_phone(browser: Any, tmp_path: Path) -> None:
    """`−2,000,000,000` ran into the baseline beside it, and the target went past the card's edge."""
    site = build_project(make_project(tmp_path, HUGE_FIGURES), tmp_path / "site")
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto((site / "goals/budget/index.html").as_uri())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert (page.evaluate(OVERLAPPING_FIGURES), overflow) == ([], 0)
    page.close()


def test_a_figure_wider_than_the_card_wraps_inside_it(browser: Any, tmp_path: Path) -> None:
    """A target of 1e300, in full 401 characters, made its figure as wide and the page scroll
    sideways by some 3,000 px on a phone; a metric of 1.7e308 on an evidence card, by 7,000."""
    goal = ("---\ntitle: Reach a googol cubed and more by 2027\ntype: personal\nstart: 2026-01-01\n"
            "target_date: 2027-01-01\nindicators:\n  - {id: big, name: Big, kind: lagging, target: 1.0e+300}\n---\nPlan.\n")
    evidence = ("---\ntitle: Range\ndate: 2026-03-02\nkind: result\ngoals: [big]\n"
                "metrics:\n  - {name: Span, before: -1.7e+308, after: 1.7e+308}\n---\nStory.\n")
    site = build_project(make_project(tmp_path, {"content/goals/big.md": goal, "content/evidence/range.md": evidence}),
                         tmp_path / "site")
    page = browser.new_page(viewport={"width": 360, "height": 900})
    for path in ["goals/big/index.html", "evidence/index.html", "index.html"]:
        page.goto((site / path).as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert (page.evaluate(OVERLAPPING_FIGURES), overflow) == ([], 0), path
    page.close()


RTL = {
    "content/evidence/why-not.md": "---\ntitle: למה לא?\ndate: 2026-03-02\nkind: result\n---\nهل هذا رائع؟ نعم.\n",
    "content/endorsements/rania.md": ("---\nauthor: Rania\nrole: مديرة المنتج\nrelationship: manager\ndate: 2026-03-03\n"
                                      "evidence: [why-not]\nquote: هذا رائع!\n---\nهذا رائع!\n"),
}
# Where the last character of an element's text is drawn, against its first: in a right-to-left
# title or quote the closing `?` stands at the left end, not after the first letter at the right.
LAST_CHARACTER_LEFT_OF_FIRST = """(selector) => [...document.querySelectorAll(selector)].map(element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node, first = null, last = null;
  while ((node = walker.nextNode())) { if (node.data.trim()) { first = first || node; last = node; } }
  const at = (text, index) => { const r = document.createRange(); r.setStart(text, index); r.setEnd(text, index + 1);
                                 return r.getBoundingClientRect(); };
  const start = first.data.search(/\\S/), end = last.data.trimEnd().length - 1;
  return at(last, end).right <= at(first, start).left + 1;
})"""


def test_right_to_left_titles_and_quotes_keep_their_punctuation_at_the_left(browser: Any, tmp_path: Path) -> None:
    site = build_project(make_project(tmp_path, RTL), tmp_path / "site")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen = {}
    for path, selector in [("evidence/why-not/index.html", "h1"), ("evidence/index.html", ".card-title a"),
                           ("endorsements/index.html", "blockquote p"), ("evidence/why-not/index.html", ".prose p")]:
        page.goto((site / path).as_uri())
        seen[(path, selector)] = page.evaluate(LAST_CHARACTER_LEFT_OF_FIRST, selector)
    page.close()
    assert seen == {
        ("evidence/why-not/index.html", "h1"): [True],
        ("evidence/index.html", ".card-title a"): [True],
        ("endorsements/index.html", "blockquote p"): [True],
        ("evidence/why-not/index.html", ".prose p"): [True],
    }


RTL_BODY = {"content/evidence/why-not.md": (
    "---\ntitle: למה לא?\ndate: 2026-03-02\nkind: result\n---\n## ما تعلمناه\n\n- البند الأول\n- البند الثاني\n\n"
    "1. خطوة أولى\n2. خطوة ثانية\n\n> اقتباس قصير.\n\n| الاسم | القيمة |\n|---|---|\n| تحويل | ٣ |\n\n"
    "In English.\n\n- English item\n")}
# For each block of a body: its tag, the side its list markers (or a quote's rule) stand on,
# found from its direction and its padding, and where a table's first column is.
BODY_BLOCK_SIDES = """() => [...document.querySelectorAll('.prose > *')].map(block => {
  const style = getComputedStyle(block), wide = side => parseFloat(style['padding' + side]) + parseFloat(style['border' + side + 'Width']);
  const first = block.querySelector('th');
  return [block.tagName.toLowerCase(), style.direction, wide('Left') > wide('Right') ? 'left' : wide('Right') > wide('Left') ? 'right' : '',
          first ? (first.getBoundingClientRect().left > block.getBoundingClientRect().left + 1 ? 'first column right' : 'first column left') : ''];
})"""


def test_a_right_to_left_bodys_lists_quotes_and_tables_run_from_the_right(browser: Any, tmp_path: Path) -> None:
    """An Arabic list kept its bullets and numbers at the left, a quote its rule, a table
    its first column; an English block after them stays as it was."""
    site = build_project(make_project(tmp_path, RTL_BODY), tmp_path / "site")
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto((site / "evidence/why-not/index.html").as_uri())
    sides = page.evaluate(BODY_BLOCK_SIDES)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert (sides, overflow) == ([["h2", "rtl", "", ""], ["ul", "rtl", "right", ""], ["ol", "rtl", "right", ""],
                                  ["blockquote", "rtl", "right", ""], ["table", "rtl", "", "first column right"],
                                  ["p", "ltr", "", ""], ["ul", "ltr", "left", ""]], 0)


RTL_TABLE = {"content/evidence/rates.md": (
    "---\ntitle: النتائج\ndate: 2026-03-02\nkind: result\n---\n| البند | النسبة | العدد |\n|---|---|---|\n"
    "| تحويل | ٣٪ | 12 |\n| Growth! | ١٠٪ | 7 |\n")}
# Each cell of a body's table: its text, the side of the cell it stands at, and whether its
# last character is drawn left of its first (so, in a text of two or more, right to left).
CELL_TEXT_SIDES = """() => [...document.querySelectorAll('.prose td')].map(cell => {
  const range = document.createRange(); range.selectNodeContents(cell);
  const text = range.getBoundingClientRect(), box = cell.getBoundingClientRect(), node = cell.firstChild;
  const at = index => { const r = document.createRange(); r.setStart(node, index); r.setEnd(node, index + 1); return r.getBoundingClientRect(); };
  return [cell.textContent, text.left - box.left < box.right - text.right ? 'left' : 'right',
          node.data.length > 1 ? at(node.data.length - 1).right <= at(0).left + 1 : null];
})"""


def test_a_cell_without_a_letter_in_a_right_to_left_table_runs_right_to_left(browser: Any, tmp_path: Path) -> None:
    """`٣٪` and `12` stood at the left of their cells, `٣٪` with its percent sign after the
    digit at the right, while the Arabic cells beside them stood at the right: a text
    without a letter ran left to right (`unicode-bidi: plaintext`). A cell starting with
    an English letter still runs left to right."""
    site = build_project(make_project(tmp_path, RTL_TABLE), tmp_path / "site")
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto((site / "evidence/rates/index.html").as_uri())
    cells = page.evaluate(CELL_TEXT_SIDES)
    page.close()
    assert cells == [["تحويل", "right", True], ["٣٪", "right", True], ["12", "right", False],
                     ["Growth!", "left", False], ["١٠٪", "right", True], ["7", "right", None]]


RTL_LIST = {"content/evidence/rates.md": (
    "---\ntitle: النتائج\ndate: 2026-03-02\nkind: result\n---\n- البند\n- ٣٪\n- 12\n- Growth!\n\n"
    "1. عربي\n\n2. ١٠٪\n")}
# Each item of a body's lists: its text, the side of the item it stands at, and whether its
# last character is drawn left of its first (so, in a text of two or more, right to left).
ITEM_TEXT_SIDES = """() => [...document.querySelectorAll('.prose li')].map(item => {
  const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT); let node;
  while ((node = walker.nextNode()) && !node.data.trim()) {}
  const range = document.createRange(); range.selectNodeContents(node);
  const text = range.getBoundingClientRect(), box = item.getBoundingClientRect();
  const at = index => { const r = document.createRange(); r.setStart(node, index); r.setEnd(node, index + 1); return r.getBoundingClientRect(); };
  return [node.data, text.left - box.left < box.right - text.right ? 'left' : 'right',
          node.data.length > 1 ? at(node.data.length - 1).right <= at(0).left + 1 : null];
})"""


def test_a_list_item_without_a_letter_in_a_right_to_left_list_runs_right_to_left(browser: Any, tmp_path: Path) -> None:
    """`٣٪` and `12` stood at the left of an Arabic list whose bullets are at the right,
    `٣٪` with its percent sign after the digit at the right: a text without a letter ran
    left to right (`unicode-bidi: plaintext`). So did `١٠٪` in a loose list, whose items
    have their text in a paragraph. An item starting in English still runs left to right."""
    site = build_project(make_project(tmp_path, RTL_LIST), tmp_path / "site")
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto((site / "evidence/rates/index.html").as_uri())
    items = page.evaluate(ITEM_TEXT_SIDES)
    page.close()
    assert items == [["البند", "right", True], ["٣٪", "right", True], ["12", "right", False],
                     ["Growth!", "left", False], ["عربي", "right", True], ["١٠٪", "right", True]]


RTL_PARAGRAPHS = {"content/evidence/rates.md": (
    "---\ntitle: النتائج\ndate: 2026-03-02\nkind: result\n---\nمرحبا بكم.[^1][^2]\n\n٤٥٪\n\nنص آخر.\n\n"
    "> اقتباس.\n>\n> ٤٥٪\n\nIn English.\n\n12\n\n[^1]: حاشية.\n[^2]: ٤٥٪\n")}
# Each paragraph of a body: its first text, the side of the paragraph its text stands at
# (its edge within 1 px of the paragraph's), and whether its last character is drawn left
# of its first (so, in a text of two or more, right to left).
PARAGRAPH_TEXT_SIDES = """() => [...document.querySelectorAll('.prose p')].map(paragraph => {
  const range = document.createRange(); range.selectNodeContents(paragraph);
  const text = range.getBoundingClientRect(), box = paragraph.getBoundingClientRect(), node = paragraph.firstChild;
  const at = index => { const r = document.createRange(); r.setStart(node, index); r.setEnd(node, index + 1); return r.getBoundingClientRect(); };
  const side = Math.abs(box.right - text.right) <= 1 ? 'right' : Math.abs(text.left - box.left) <= 1 ? 'left' : 'between';
  return [node.data.trim(), side, at(node.data.trim().length - 1).right <= at(0).left + 1];
})"""


def test_a_paragraph_without_a_letter_in_a_right_to_left_body_runs_right_to_left(browser: Any, tmp_path: Path) -> None:
    """`٤٥٪` between Arabic paragraphs, after one in an Arabic quote and as a footnote among
    Arabic ones stood at the left, its percent sign after the digits at the right: a text
    without a letter ran left to right (`unicode-bidi: plaintext`). `12` after English
    stays at the left."""
    site = build_project(make_project(tmp_path, RTL_PARAGRAPHS), tmp_path / "site")
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto((site / "evidence/rates/index.html").as_uri())
    paragraphs = page.evaluate(PARAGRAPH_TEXT_SIDES)
    body_right = page.evaluate("document.querySelector('.prose').getBoundingClientRect().right")
    top_level_right = page.evaluate("""() => [...document.querySelectorAll('.prose > p')].map(paragraph => {
      const range = document.createRange(); range.selectNodeContents(paragraph); return range.getBoundingClientRect().right; })""")
    page.close()
    assert paragraphs == [["مرحبا بكم.", "right", True], ["٤٥٪", "right", True], ["نص آخر.", "right", True],
                          ["اقتباس.", "right", True], ["٤٥٪", "right", True], ["In English.", "left", False],
                          ["12", "left", False], ["حاشية.", "right", True], ["٤٥٪", "right", True]]
    assert [abs(right - body_right) <= 1 for right in top_level_right] == [True, True, True, False, False]


RTL_CITATIONS = {
    "content/evidence/rates.md": ("---\ntitle: النتائج\ndate: 2026-03-02\nkind: result\n---\n"
                                  "| البند | المصدر |\n|---|---|\n| تحويل | ٣ [[plan]] |\n\n- البند\n- [[plan]]\n"),
    "content/evidence/plan.md": "---\ntitle: الخطة\ndate: 2026-03-01\nkind: result\n---\nنص.\n"}
# Each body cell or list item holding a citation: where its text stands in it, and whether
# a number before the citation is drawn right of the cited title (so, right to left).
CITED_TEXT_SIDES = """() => [...document.querySelectorAll('.prose td, .prose li')].filter(box => box.querySelector('.citation')).map(box => {
  const range = document.createRange(); range.selectNodeContents(box);
  const text = range.getBoundingClientRect(), outer = box.getBoundingClientRect(), cited = box.querySelector('.citation');
  const before = box.firstChild.nodeType === Node.TEXT_NODE ? box.firstChild : null;
  const numberRect = before && (() => { const r = document.createRange(); r.selectNodeContents(before); return r.getBoundingClientRect(); })();
  return [box.textContent, text.left - outer.left < outer.right - text.right ? 'left' : 'right',
          numberRect ? numberRect.left >= cited.getBoundingClientRect().right - 1 : null];
})"""


def test_a_cell_or_item_with_a_citation_and_no_letter_of_its_own_runs_right_to_left(browser: Any, tmp_path: Path) -> None:
    """A cell of `٣ [[plan]]` in an Arabic table ran left to right, the number at the left
    of the cited title, and an item of only a citation stood at the left of an Arabic list:
    the browser does not read a link's text, set apart by the theme, for its direction."""
    site = build_project(make_project(tmp_path, RTL_CITATIONS), tmp_path / "site")
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto((site / "evidence/rates/index.html").as_uri())
    boxes = page.evaluate(CITED_TEXT_SIDES)
    page.close()
    assert boxes == [["٣ الخطة", "right", True], ["الخطة", "right", None]]


def test_a_withheld_citation_does_not_turn_a_right_to_left_text_left_to_right(browser: Any, tmp_path: Path) -> None:
    """A published page writes a citation of a private item as "(an item not shown here)",
    no link: its English letters ran the Arabic paragraph and cell it starts left to right,
    the citation at their left. Like a link, it is set apart and runs on its own."""
    files = {**RTL_CITATIONS,
             "content/evidence/rates.md": ("---\ntitle: النتائج\ndate: 2026-03-02\nkind: result\n---\n"
                                           "[[plan]] نص عربي.\n\n| البند | المصدر |\n|---|---|\n| تحويل | [[plan]] عربي |\n"),
             "content/evidence/plan.md": "---\ntitle: الخطة\ndate: 2026-03-01\nkind: result\nvisibility: private\n---\nنص.\n"}
    site = build_project(make_project(tmp_path, files), tmp_path / "site")
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto((site / "evidence/rates/index.html").as_uri())
    sides = page.evaluate("""() => [...document.querySelectorAll('.prose p, .prose td')].filter(box => box.querySelector('.citation'))
      .map(box => { const outer = box.getBoundingClientRect(), cited = box.querySelector('.citation').getBoundingClientRect();
                    return [box.textContent, cited.left - outer.left < outer.right - cited.right ? 'left' : 'right']; })""")
    page.close()
    assert sides == [["(an item not shown here) نص عربي.", "right"], ["(an item not shown here) عربي", "right"]]


RTL_MILESTONE = {
    "content/goals/lead.md": ("---\ntitle: قيادة فريق\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
                              "milestones:\n  - {title: 'إكمال دورة \"القيادة\"', due: 2026-12-15}\n---\nالخطة.\n"),
}


def test_right_to_left_milestone_titles_keep_their_closing_quote_at_the_left(browser: Any, tmp_path: Path) -> None:
    """`إكمال دورة "القيادة"` beside English words ("due ..."): its closing quote stood at the
    right, after the words that follow it, on the goal page and in the dashboard's next days."""
    site = build_project(make_project(tmp_path, RTL_MILESTONE), tmp_path / "site")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen = {}
    for path, selector in [("goals/lead/index.html", ".ms-title"), ("index.html", ".upcoming-title")]:
        page.goto((site / path).as_uri())
        seen[(path, selector)] = page.evaluate(LAST_CHARACTER_LEFT_OF_FIRST, selector)
    page.close()
    assert seen == {("goals/lead/index.html", ".ms-title"): [True], ("index.html", ".upcoming-title"): [True]}


class _PagesHandler(_QuietHandler):
    """A missing path gets the site's 404.html with status 404, at any depth, as on Pages."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "repo" / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_missing_address_at_any_depth_shows_a_styled_404_whose_links_work(browser: Any, tmp_path: Path) -> None:
    """Built for its real address, as the Pages workflow builds it; opened three folders deep."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(tmp_path)))
    base = f"http://127.0.0.1:{server.server_address[1]}/repo/"
    build_project(REPO, tmp_path / "repo", base_url=base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and "/nope/" not in r.url else None)
    try:
        response = page.goto(base + "goals/nope/deeper/")
        assert response is not None and response.status == 404
        assert page.title() == "Page not found · Nadia Okafor"
        assert page.evaluate("getComputedStyle(document.querySelector('.nav')).display") == "flex"  # the theme's CSS applies
        links = page.evaluate("[...document.querySelectorAll('a[href], link[href]')].map(a => a.href.split('#')[0])")
        local = sorted({link for link in links if link.startswith(base)} - {base + "goals/nope/deeper/"})
        assert base + "static/icon.svg" in local and base + "goals/" in local
        assert [link for link in local if page.request.get(link).status != 200] == []
        page.click("nav >> text=Goals")
        page.wait_for_url(base + "goals/")
        assert page.title().startswith("Goals")
        assert failed == []
    finally:
        page.close()
        server.shutdown()
        server.server_close()


THREE_MILESTONES = {
    "content/goals/lead.md": ("---\ntitle: Lead a team\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
                              "milestones:\n  - {title: Done one, due: 2026-03-01, done: 2026-02-20}\n"
                              "  - {title: Late one, due: 2026-06-01}\n  - {title: Next one, due: 2027-02-01}\n---\nThe plan.\n"),
}
MARK_SHAPES = """() => [...document.querySelectorAll('svg.timeline .tl-mark:not(.tl-evidence) .tl-dot')]
    .map(dot => [dot.parentElement.classList[1], getComputedStyle(dot).fill === getComputedStyle(dot).stroke,
                 getComputedStyle(dot).strokeDasharray])
    .concat([...document.querySelectorAll('.chart-key .key-done, .chart-key .key-due, .chart-key .key-overdue')]
    .map(key => [key.classList[1], getComputedStyle(key).backgroundColor === getComputedStyle(key).borderTopColor,
                 getComputedStyle(key).borderTopStyle]))"""


def test_an_overdue_milestone_is_told_from_a_done_one_without_colour(browser: Any, tmp_path: Path) -> None:
    """Done and overdue marks were both filled circles, green and red: the same grey on a
    greyscale printer (luminance 0.11 and 0.09), and alike to a red-green colour-blind
    reader. An overdue one is open, as a due one is, and dashed, in the timelines and in
    the key. (The year's timeline on Progress shows 2026's marks only.)"""
    site = build_project(make_project(tmp_path, THREE_MILESTONES), tmp_path / "site")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen = {}
    for path in ("goals/lead/index.html", "progress/index.html"):
        page.goto((site / path).as_uri())
        seen[path] = page.evaluate(MARK_SHAPES)
    page.close()
    assert seen == {
        "goals/lead/index.html": [["tl-done", True, "none"], ["tl-overdue", False, "3px, 2px"], ["tl-due", False, "none"]],
        "progress/index.html": [["tl-done", True, "none"], ["tl-overdue", False, "3px, 2px"],
                                ["key-done", True, "solid"], ["key-due", False, "solid"], ["key-overdue", False, "dashed"]],
    }
