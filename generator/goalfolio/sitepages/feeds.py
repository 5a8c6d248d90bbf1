"""Machine-readable outputs: sitemap.xml, feed.xml (Atom), portfolio.json, calendar.ics,
robots.txt and .nojekyll. Each is produced from the audience's graph only, byte for byte the same for
the same input: no build timestamps (dates come from the content and `today`)."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterator, Sequence
from functools import partial

from ..graph import PUBLIC, SiteGraph
from ..items import Item
from ..models import Endorsement, Evidence, Goal, Review
from ..pages import ALL, CONSTANT, PagePlan, deps, page_builder, site_builder
from ..progress import FeedbackAsk, feedback_asks
from ..urls import absolute_url, item_path
from .common import EVERY_FOLDER, site_person
from .portfolio_json import portfolio_data
from .progressviews import review_rhythm
from .wording import cited_in, endorsement_quote, item_title, shown_excerpt

FEED_ENTRIES = 50
FEED_FOLDERS = ("evidence", "reviews", "endorsements")


def site_url(graph: SiteGraph, path: str) -> str:
    """Absolute with a base_url; otherwise relative to the site root, where these files live."""
    base = graph.portfolio.config.base_url
    return absolute_url(base, path) if base else path


@page_builder
def feed_files(graph: SiteGraph) -> Iterator[PagePlan]:
    # Beyond front matter (any change to it hits the folder keys), the feed shows the first
    # sentence of its entries' bodies and portfolio.json endorsement quotes and case
    # readiness (which reads the case text). The profile is behind every page.
    entries = [item for _, item in _feed_items(graph)]
    yield PagePlan("feed.xml", "Feed", deps=deps(also=entries, lists=FEED_FOLDERS, summaries=cited_in(entries, graph)),
                   produce=atom_feed, in_sitemap=False)
    data = deps(also=[*graph.portfolio.endorsements.values(), *graph.portfolio.cases.values()], lists=EVERY_FOLDER)
    yield PagePlan("portfolio.json", "Portfolio data", deps=data, produce=portfolio_json, in_sitemap=False)
    yield PagePlan("calendar.ics", "Calendar", deps=deps(lists=["goals", "reviews"]), produce=calendar_ics, in_sitemap=False)
    yield PagePlan("robots.txt", "Robots", deps=frozenset({ALL}), produce=robots_txt, in_sitemap=False)
    yield PagePlan(".nojekyll", "No Jekyll", deps=frozenset({CONSTANT}), produce=no_jekyll, in_sitemap=False)


@site_builder
def sitemap(graph: SiteGraph, plans: Sequence[PagePlan]) -> Iterator[PagePlan]:
    """Listed from the plans made for this build rather than by planning the site again.
    Only the public build has one: the others' pages say noindex and their robots.txt
    disallows everything, and a sitemap would hand crawlers the pages they are kept from."""
    if graph.audience == PUBLIC and graph.portfolio.config.base_url:
        # A sitemap must list absolute URLs, so it exists only when the site knows its address.
        pages = tuple(plan.path for plan in plans if plan.in_sitemap and plan.path.endswith(".html"))
        yield PagePlan("sitemap.xml", "Sitemap", deps=deps(lists=EVERY_FOLDER), produce=partial(sitemap_xml, pages=pages), in_sitemap=False)


def sitemap_xml(graph: SiteGraph, pages: Sequence[str]) -> bytes:
    """`pages`: output paths of the pages to list, in order."""
    base = graph.portfolio.config.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in pages:
        lines.append(f"  <url><loc>{escape(absolute_url(base, path))}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _timestamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _entry_id(graph: SiteGraph, item: Item) -> str:
    """Stable across base_url changes, so readers do not see every entry again after a move."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"goalfolio:{graph.portfolio.config.title}:{item_path(item)}").urn


def _feed_items(graph: SiteGraph) -> list[tuple[datetime.date, Item]]:
    """The newest items dated on or before today: a planned review, or an exam booked for next
    month, joins the feed on its day, so a reader is not told of it early, in the future."""
    entries: list[tuple[datetime.date, Item]] = [
        (item.date, item) for folder in (graph.portfolio.evidence, graph.portfolio.reviews, graph.portfolio.endorsements)
        for item in folder.values() if item.date <= graph.today
    ]
    entries.sort(key=lambda t: (t[0], item_path(t[1])), reverse=True)
    return entries[:FEED_ENTRIES]


def _summary(item: Item, graph: SiteGraph) -> str:
    if isinstance(item, Endorsement):
        return endorsement_quote(item, graph)
    return shown_excerpt(item, graph)


def _feed_id(graph: SiteGraph) -> str:
    """The public feed's id comes from the site title, so it survives a change of address;
    an audience's feed, and the owner's, hold other entries and get ids of their own: a
    reader given two of them took them for one feed and merged them."""
    title = graph.portfolio.config.title
    if graph.audience == PUBLIC:
        return uuid.uuid5(uuid.NAMESPACE_URL, "goalfolio:" + title).urn
    view = "owner" if graph.is_owner_view else f"audience:{graph.audience}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"goalfolio:{title}\n{view}").urn


def atom_feed(graph: SiteGraph) -> bytes:
    config = graph.portfolio.config
    person = site_person(graph)
    entries = _feed_items(graph)
    updated = entries[0][0] if entries else graph.today
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',  # as the pages' lang
        f"  <title>{escape(config.title)}</title>",
        f"  <id>{_feed_id(graph)}</id>",
        f"  <updated>{_timestamp(updated)}</updated>",
        f"  <author><name>{escape(person)}</name></author>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(site_url(graph, 'index.html'))}/>",
    ]
    if config.base_url:
        out.append(f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(site_url(graph, 'feed.xml'))}/>")
    for day, item in entries:
        kind = "Evidence" if isinstance(item, Evidence) else "Review" if isinstance(item, Review) else "Endorsement"
        summary = _summary(item, graph)
        out += [
            "  <entry>",
            f"    <title>{escape(item_title(item))}</title>",
            f"    <id>{_entry_id(graph, item)}</id>",
            f"    <updated>{_timestamp(day)}</updated>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(site_url(graph, item_path(item)))}/>",
            f"    <category term={quoteattr(kind.lower())} label={quoteattr(kind)}/>",
        ]
        if summary:  # a body of only a table or code has no sentence: no empty summary for readers to show
            out.append(f"    <summary>{escape(summary)}</summary>")
        out.append("  </entry>")
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def portfolio_json(graph: SiteGraph) -> bytes:
    data = portfolio_data(graph, lambda path: site_url(graph, path))
    # Compact: `indent` makes json use its pure-Python encoder, 4x slower on a large portfolio.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _ics_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11). A carriage return, which a YAML escape (`"a\\rb"`)
    can put in any field, is a line break too: written as it is, a reader that ends lines
    at a lone CR took the rest of the field for a property of its own."""
    one_kind = value.replace("\r\n", "\n").replace("\r", "\n")
    return one_kind.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    if len(data) == len(line):  # one octet a character: cut by slicing, as the loop below would
        return "\r\n ".join([line[:75], *(line[start:start + 74] for start in range(75, len(line), 74))])
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _event_uid(graph: SiteGraph, key: str) -> str:
    """A UUID named by the portfolio's title and what the event is (a goal's milestone by
    its title, not its place in the list): unique across portfolios, and the same after a
    milestone is added or moved, or the site moves to another base_url, so calendars
    update the event instead of mixing titles up."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"goalfolio:{graph.portfolio.config.title}:calendar\n{key}"))


def calendar_ics(graph: SiteGraph) -> bytes:
    """Milestones of the visible goals and the next asks for feedback on those worked on as
    all-day events, and the review rhythm as a series."""
    config = graph.portfolio.config
    stamp = f"{_ics_date(graph.today)}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//goalfolio//goalfolio//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_text(config.title)}"]

    def event(uid: str, day: datetime.date, summary: str, description: str, url: str, rule: str = "") -> None:
        lines.extend(["BEGIN:VEVENT", f"UID:{_event_uid(graph, uid)}", f"DTSTAMP:{stamp}",
                      f"DTSTART;VALUE=DATE:{_ics_date(day)}"])
        if day < datetime.date.max:  # without DTEND, an all-day event lasts the one day (RFC 5545, 3.6.1)
            lines.append(f"DTEND;VALUE=DATE:{_ics_date(day + datetime.timedelta(days=1))}")
        lines.extend([f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(description)}"])
        if url.startswith("http"):
            lines.append(f"URL:{url}")
        if rule:
            lines.append(rule)
        lines.append("END:VEVENT")

    for goal in sorted(graph.portfolio.goals.values(), key=lambda g: g.id):
        seen: dict[str, int] = {}
        for state in graph.progress[goal.id].milestones:
            m = state.milestone
            done = f" Done on {m.done.isoformat()}, due {m.due.isoformat()}." if state.state == "done" and m.done else ""
            again = seen.get(m.title, 0)  # earlier milestones of the goal with this title
            seen[m.title] = again + 1
            reward = f" Reward: {m.reward.strip().rstrip('.')}." if m.reward.strip() else ""
            event(_milestone_key(goal.id, m.title, again), state.day, m.title,
                  f"Milestone of the goal: {goal.title}.{done}{reward}", site_url(graph, item_path(goal)))
        for key, ask in _ask_keys(goal, feedback_asks(goal, graph.today)):
            event(key, ask.day, f"Ask for feedback: {ask.source.who}",
                  f"Feedback on the goal: {goal.title}. How: {ask.source.how.rstrip('.')}.", site_url(graph, item_path(goal)))
    rhythm = review_rhythm(graph)
    if rhythm.next_due is not None:
        event("review-rhythm", rhythm.next_due, "Goal review due",
              f"Review each goal's indicators, milestones and tactics ({rhythm.every}).",
              site_url(graph, "reviews/index.html"), _more_dates(rhythm.schedule.dates(graph.today)[1:]))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


def _ask_keys(goal: Goal, asks: list[FeedbackAsk]) -> Iterator[tuple[str, FeedbackAsk]]:
    """Each ask with what names its event: the goal, who, and how many earlier sources of
    the goal name the same person, as for milestones."""
    seen: dict[str, int] = {}
    for ask in asks:
        who = ask.source.who
        again = seen.get(who, 0)
        seen[who] = again + 1
        yield f"feedback\n{goal.id}\n{who.replace(chr(10), chr(0))}" + (f"\n{again}" if again else ""), ask


def _milestone_key(goal_id: str, title: str, again: int) -> str:
    """What names a milestone's event: the goal, the title, and how many earlier milestones
    of the goal share it. The title's line breaks become U+0000, which no text of a build
    holds (the loader refuses it), so that the line before a count is never part of a
    title: a second `X` and a title of `X` and `1` on two lines were one event."""
    one_line = title.replace("\n", "\0")
    return f"milestone\n{goal_id}\n{one_line}" + (f"\n{again}" if again else "")


def _ics_date(day: datetime.date) -> str:
    """A date as RFC 5545 writes it, always eight digits: `strftime("%Y")` leaves out the
    leading zeros of a year before 1000 (0226, a typo for 2026), which no calendar reads."""
    return day.isoformat().replace("-", "")


def _more_dates(days: list[datetime.date]) -> str:
    """Listed rather than a repeat rule: a rule skips the months without the day it falls on
    (no 30 February), and a review is due a fixed number of days after the last."""
    return "RDATE;VALUE=DATE:" + ",".join(_ics_date(day) for day in days) if days else ""


def robots_txt(graph: SiteGraph) -> bytes:
    """Only the public build is meant for search engines; previews for an audience are not."""
    if graph.audience != "public":
        return b"User-agent: *\nDisallow: /\n"
    lines = ["User-agent: *", "Allow: /"]
    if graph.portfolio.config.base_url:
        lines.append(f"Sitemap: {site_url(graph, 'sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def no_jekyll(graph: SiteGraph) -> bytes:
    """Empty: its presence is the message. GitHub Pages publishing from a branch runs Jekyll,
    which drops every file and folder whose name starts with `_` (an asset such as
    `assets/_cover.png`, linked from a page, would be a broken link); this file turns Jekyll
    off, so the folder is published as it is however it gets to Pages."""
    return b""


def escape(text: str) -> str:
    """XML character data, as `xml.sax.saxutils.escape` writes it. That module is not
    imported: it pulls in `urllib.request` and `email`, tens of milliseconds of start-up."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """An XML attribute value with its quotes, as `xml.sax.saxutils.quoteattr` writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'
