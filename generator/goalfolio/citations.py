"""Find `[[id]]` citations in Markdown bodies, outside code, with their positions.

Most bodies are scanned line by line: that is what a cold build can afford for every body
before the bodies are rendered. The scan reads only the Markdown it can be sure to read
exactly as the renderer (markdown-it) does: fences it pairs by CommonMark's rules, tables
whose cells it can split, and in a line's text code spans, citations, escapes, autolinks,
and links and images with plain text and a plain address. On anything else (indented
code, a fence or indented code in a list item or quote, a reference or footnote
definition, an inline footnote, a code span or link over two lines, a link it cannot
read) it gives up, and the body is parsed as the renderer parses it, so both agree on
what is a citation.

With `markdown.allow_html`, raw HTML changes what the rest of a line or block is (a
backtick in a tag's attribute opens no code span, an HTML block holds a fence): a body
with a `<` is parsed as that renderer parses it. A citation in raw HTML reads as the cited
item's title, so it is found as any other; one in a comment (or what a browser reads as
one: `<?...>`, `<!...>`) is not shown, and is found by `commented_citations` only.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

CITATION_RE = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
# What a build shows in place of a citation of an item it does not hold (one hidden from
# its audience): neither the item's title nor its id, but a reader sees that something is.
WITHHELD = "(an item not shown here)"

# A fence opens with three or more backticks (and no backtick after them) or tildes,
# indented by at most three spaces; it closes at a line of its character, at least as
# many, and nothing but spaces after. A tab before one makes it indented code.
_FENCE_OPEN_RE = re.compile(r"( {0,3})(`{3,}(?=[^`]*$)|~{3,})")
_FENCE_CLOSE_RES = {marker: re.compile(rf" {{0,3}}({re.escape(marker)}{{3,}})[ \t]*$") for marker in "`~"}
# Block quotes and list items, nested on one line: inside them a fence, indented code and
# a reference definition are read as block parsing reads them, not as the scan would.
_CONTAINER_RE = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)))+")
_MARKER_RE = re.compile(r">|[-+*]|[0-9]{1,9}[.)]")
_CONTAINED_CODE_RE = re.compile(r" {4}| {0,3}(?:\t|```|~~~)")
_MAX_MARKERS = 3  # markdown-it renders nothing nested 20 levels deep: a list is two, a quote one
_INDENTED_RE = re.compile(r"(?: {4}| {0,3}\t)[ \t]*[^ \t]")
# Where a reference or footnote definition's label may end: its label holds no `[`, and
# ends at the first `]` not escaped, so `[[id]]: text` is no definition.
_DEFINITION_RE = re.compile(r"(?:^|[^\]])\]:|\\\]\]:")
# What may be a table's delimiter row, under a row with a `|` (in a quote or a list item
# too), and the rows of the tables the scan reads: a row's cells split code spans and links.
_TABLE_DELIMITER_RE = re.compile(r"[ \t>]*[|:-][|:\- \t]*$")
_DELIMITER_ROW_RE = re.compile(r" {0,3}\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*$")
_TABLE_ROW_RE = re.compile(r" {0,3}\|[^\\]*\|[ \t]*$")
_PIPE_RE = re.compile(r"\|")
# Where an inline rule the scan reads may start: a run of backticks, `[`, `![`, `<`, `\`.
_INLINE_START_RE = re.compile(r"[`\[!<\\]")
_ESCAPABLE = frozenset(string.punctuation)
# The schemes of goalfolio's own placeholders, which the renderer refuses to link
# (`markdown._Parser.validateLink`), as markdown-it refuses the others here.
PLACEHOLDER_SCHEMES = "gf-path|gf-cite"
REFUSED_SCHEMES = f"javascript|vbscript|file|data|{PLACEHOLDER_SCHEMES}"
# A link or image the scan can read: text with no brackets, backticks, `<` or `\`, and an
# address with none of `<>()`, spaces, quotes, `\` or `&` (whose entities may spell a
# scheme), not one of the schemes the renderer refuses to link, and perhaps a quoted title.
_LINK_RE = re.compile(r"!?\[[^\[\]\n`<\\]*\]\("
                      rf"(?:(?!(?i:{REFUSED_SCHEMES}):)[^\s()<>\\\"'&\x00-\x1f\x7f]+"
                      r"(?: +(?:\"[^\"\\\n]*\"|'[^'\\\n]*'))?)? *\)")
_ANGLED_RE = re.compile(r"<([^<>]*)>")
_URL_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\x00-\x20]*")
_REFUSED_SCHEME_RE = re.compile(rf"(?:{REFUSED_SCHEMES}):", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
                       r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*")
_BACKTICKS_RE = re.compile(r"`+")
_BRACKET_RE = re.compile(r"\]\(|[\[\]]")
# In raw HTML, what a browser shows nothing of: a comment (`<!-->` and `<!--->` are empty,
# an unclosed one runs to the end), and what it reads as one, `<?...>`, `<!...>` and `</`
# without a tag name, to the first `>`. A tag (group 1) is read first, its quoted values
# whole, so `<!--` in an attribute opens nothing.
_HIDDEN_HTML_RE = re.compile(r"""(<[A-Za-z](?:=\s*"[^"]*"|=\s*'[^']*'|[^>])*>?)"""
                             r"|<!--(?:-?>|[\s\S]*?--!?>|[\s\S]*)|<(?:[?!]|/(?![A-Za-z]))[^>]*>?")
_MAX_OPEN_BRACKETS = 8


@dataclass(frozen=True)
class Citation:
    target: str
    line: int  # 1-based within the body
    column: int


_LINK_END_RE = re.compile(r"(?:[^\[\]]|\[\[[^\[\]\n]+?\]\])*\]\(")  # the rest of a link's text (other citations too), then `](`


def cited_in_link_text(lines: list[str], citation: Citation) -> bool:
    """Whether `citation` sits in the text of a link on its line, `[the [[x]] work](url)`:
    markdown-it makes no link that holds another (a citation is one), so the page shows the
    brackets and the address as text around the citation."""
    text = lines[citation.line - 1] if citation.line <= len(lines) else ""
    before = CITATION_RE.sub("", text[:citation.column - 1])
    end = CITATION_RE.match(text, citation.column - 1)
    return end is not None and before.rfind("[") > before.rfind("]") and _LINK_END_RE.match(text, end.end()) is not None


@functools.lru_cache(maxsize=16384)
def find_citations(body: str, allow_html: bool = False) -> tuple[Citation, ...]:
    """Every citation in `body`, in the order the page shows them, as a build with
    `markdown.allow_html` as given renders it. Checks, the graph, the page plan and the
    cache all ask for them on every build, so they are kept by body text (an edit is a new
    key) and setting."""
    if "[[" not in body:
        return ()
    if allow_html and "<" in body:  # no `<`, no raw HTML: the body reads as without the setting
        return _parsed(body, allow_html=True)[0]
    scanned = _scan(body)
    return tuple(scanned) if scanned is not None else _parsed(body)[0]


def commented_citations(body: str) -> tuple[Citation, ...]:
    """The `[[id]]` in raw HTML comments, with `markdown.allow_html`: no citation the page
    shows, but no id written as it is either (the renderer writes the title there too)."""
    return _parsed(body, allow_html=True)[1] if "<" in body and "[[" in body else ()


@functools.lru_cache(maxsize=256)
def _parsed(body: str, allow_html: bool = False) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
    """The citations Markdown itself finds, and those in raw HTML comments: the renderer's
    citation tokens and the `[[id]]` in its raw HTML, each placed by its offset in the
    paragraph (or cell, or heading, or footnote, or HTML block) it belongs to."""
    from .markdown import parse_tokens  # the renderer imports this module

    lines = body.split("\n")
    found: tuple[list[Citation], list[Citation]] = ([], [])
    taken: dict[int, int] = {}  # line -> where the inline content found on it ends: a table row's cells share a line
    # An inline footnote's text, which the page shows at its end, is placed in the text that
    # holds its `^[`: that text, where the footnote's starts in it, its first line and start.
    env: dict[str, Any] = {"docId": "", "footnote_places": {}}
    tokens = parse_tokens(body, allow_html, env)
    notes = {number: (*place, 0) for number, place in env["footnote_places"].items()}
    note = None
    for token in tokens:
        if token.type == "footnote_open":
            note = notes.get(token.meta["id"])
        if token.type == "html_block" and token.map is not None:
            for cited, offset, shown in _in_raw_html(token.content):
                found[not shown].append(_placed(cited, token.content, offset, token.map[0], lines))
        if token.type != "inline" or not token.children:
            continue
        if token.map is None:
            content, base, first, start = note or (token.content, 0, 0, 0)
        else:
            first = _first_line(token.content, token.map, lines)
            content, base, start = token.content, 0, taken.get(first, 0)
        for child in token.children:
            if child.type == "citation":
                found[0].append(_placed(child.meta["id"], content, base + child.meta["offset"], first, lines, start))
            elif child.type == "html_inline" and "[[" in child.content:
                for cited, offset, shown in _in_raw_html(child.content):
                    found[not shown].append(_placed(cited, content, base + child.meta["offset"] + offset, first, lines, start))
            elif child.type == "footnote_ref" and "offset" in child.meta:
                notes[child.meta["id"]] = (content, base + child.meta["offset"] + 2, first, start)
        if token.map is not None:
            text = token.content.split("\n", 1)[0]
            end = lines[first].find(text, start) if first < len(lines) else -1
            if end >= 0:
                taken[first] = end + len(text)
    return tuple(found[0]), tuple(found[1])


def _first_line(content: str, block: list[int], lines: list[str]) -> int:
    """The line a block's inline content starts on: its first, unless markdown-it stripped
    lines of Unicode spaces (U+00A0) before it, as it strips a paragraph's text."""
    if content.count("\n") + 1 >= block[1] - block[0]:
        return block[0]
    text = content.split("\n", 1)[0]
    return next((number for number in range(block[0], min(block[1], len(lines))) if text in lines[number]), block[0])


def _in_raw_html(content: str) -> Iterator[tuple[str, int, bool]]:
    """Each `[[id]]` in raw HTML (all of which the renderer writes as text), with its
    offset and whether a browser shows it: not in a comment, nor in what it reads as one."""
    hidden = [match.span() for match in _HIDDEN_HTML_RE.finditer(content) if match.group(1) is None]
    for cited in CITATION_RE.finditer(content):
        shown = not any(start <= cited.start() < end for start, end in hidden)
        yield cited.group(1).strip(), cited.start(), shown


def _placed(target: str, content: str, offset: int, first_line: int, lines: list[str], start: int = 0) -> Citation:
    """Block parsing strips each line's indentation and markers (`> `, `- `) from the
    content, so the column comes from finding the content's line in the body's line, on
    the block's first line from `start` on (past the cells before it in a table row). It
    may also leave spaces for what was a tab: the line's text is then found without them.
    A table cell's text reads `\\|` as `|`: where the text is not found as it is, the
    citation is, as often as the text has it before."""
    line_start = content.rfind("\n", 0, offset) + 1
    line_end = content.find("\n", offset)
    line_text = content[line_start:line_end if line_end >= 0 else len(content)]
    text = line_text.lstrip(" \t")
    line_start += len(line_text) - len(text)
    number = first_line + content.count("\n", 0, offset)
    source = lines[number] if number < len(lines) else ""
    start = start if number == first_line else 0
    found = source.find(text, start)
    if found >= 0:
        return Citation(target, number + 1, found + offset - line_start + 1)
    cited = CITATION_RE.match(content, offset)
    written = cited.group(0) if cited is not None else "[["
    found = start - 1
    for _ in range(content.count(written, line_start, offset) + 1):
        found = source.find(written, found + 1)
        if found < 0:
            return Citation(target, number + 1, len(source) - len(source.lstrip()) + offset - line_start + 1)
    return Citation(target, number + 1, found + 1)


def _scan(body: str) -> list[Citation] | None:
    """The citations of `body` read line by line, or None where a line holds Markdown the
    scan cannot be sure to read as the renderer does. markdown-it reads `\\r` as a line
    break and NUL as U+FFFD: such bodies are left to it too."""
    if "\r" in body or "\0" in body:
        return None
    scan = _LineScan()
    lines = body.split("\n")
    index = 0
    containers = False  # a block quote or list item may be open
    blank = True  # the line before is blank
    while 0 <= index < len(lines):
        line = lines[index]
        if not line:  # an empty line opens, closes and holds nothing: it only ends a paragraph
            blank = True
            index += 1
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        container = _CONTAINER_RE.match(line)
        if blank and line[0] not in " \t" and container is None:
            containers = False  # a line at the margin after a blank one is in no quote or list item
        if "|" in line and "-" in following and _TABLE_DELIMITER_RE.match(following):
            index = -1 if containers else scan.table_end(lines, index)  # markdown-it looks for tables first
        elif (opener := _FENCE_OPEN_RE.match(line)) is not None:
            index = -1 if containers and opener.group(1) else _fence_end(lines, index, opener.group(2))
            containers = False  # a fence at the margin closes them; one indented is inside none
        elif _plain_block(line, container) and scan.inline(line, index + 1):
            containers = containers or container is not None
            blank = not line.strip(" \t")
            index += 1
        else:
            return None
    return scan.found if index >= 0 else None


def _fence_end(lines: list[str], index: int, marker: str) -> int:
    """The index of the line after the fence that opens at `index` closes: a fence left
    open runs to the end of the body."""
    closer = _FENCE_CLOSE_RES[marker[0]]
    for end in range(index + 1, len(lines)):
        closing = closer.match(lines[end])
        if closing is not None and len(closing.group(1)) >= len(marker):
            return end + 1
    return len(lines)


def _plain_block(line: str, container: re.Match[str] | None) -> bool:
    """Whether the line is a paragraph's, a heading's or one in a quote or list item
    whose text the inline scan can read: not indented code, no fence or indented code in
    a container, no container nested past what markdown-it renders, no definition (a
    reference's or footnote's `]:`), no inline footnote. `container`: the line's quote and
    list markers (`_CONTAINER_RE`), matched once by the caller, which needs them too."""
    if _INDENTED_RE.match(line) or ("]:" in line and _DEFINITION_RE.search(line)) or "^[" in line:
        return False
    if container is None:
        return True
    prefix = container.group(0)
    return not ("\t" in prefix or "    " in prefix or len(_MARKER_RE.findall(prefix)) > _MAX_MARKERS
                or _CONTAINED_CODE_RE.match(line, container.end()))


class _LineScan:
    """The citations found so far, and how many `[` are left open, each of which may start
    a link whose text runs on: markdown-it stops reading links 20 deep, so a link past a
    few of them is left to it."""

    def __init__(self) -> None:
        self.found: list[Citation] = []
        self.open_brackets = 0

    def table_end(self, lines: list[str], index: int) -> int:
        """The index of the blank line (or the end) after the table whose header is at
        `index`, its cells' citations found; -1 unless every row starts and ends with `|`,
        has as many cells as the delimiter row, no `\\` (which escapes a `|`) and no
        inline footnote. Each cell is read on its own: a `|` splits a code span or link."""
        end = index + 2
        while end < len(lines) and lines[end].strip(" \t"):
            end += 1
        if not _DELIMITER_ROW_RE.match(lines[index + 1]):
            return -1
        columns = lines[index + 1].count("|") - 1
        for number in (index, *range(index + 2, end)):
            row = lines[number]
            if not _TABLE_ROW_RE.match(row) or row.count("|") - 1 != columns or "^[" in row:
                return -1
            if "[" not in row and "`" not in row:
                continue  # no cell holds anything `inline` reads
            pipes = [pipe.start() for pipe in _PIPE_RE.finditer(row)]
            if not all(self.inline(row[start + 1:stop], number + 1, start + 1) for start, stop in zip(pipes, pipes[1:])):
                return -1
        return end

    def inline(self, line: str, number: int, offset: int = 0) -> bool:
        """Find the line's citations, reading it from left to right as markdown-it's inline
        rules do: at each place one may start, the first that matches takes its text, so a
        citation can hold a backtick and a code span can hold `[[`. False where the line
        has what the scan does not read: a run of backticks that closes on no later run of
        its length (a span over lines, or text), an image it cannot read, a `](` left over
        (a link it cannot read, or one over lines), or a link after too many `[` left open."""
        if "[" not in line and "`" not in line:
            return True
        closers = dict(_backtick_runs(line)) if "`" in line else {}
        position = plain = 0  # where to look next; where the plain text not yet read starts
        while (match := _INLINE_START_RE.search(line, position)) is not None:
            start = match.start()
            if not self._plain_text(line, plain, start):
                return False
            end = self._token_end(line, start, closers, number, offset)
            if end is not None and end < 0:
                return False
            position, plain = (start + 1, start) if end is None else (end, end)
        return self._plain_text(line, plain, len(line))

    def _plain_text(self, line: str, start: int, end: int) -> bool:
        """Whether the text between tokens holds no `](`, counting the `[` it leaves open."""
        for bracket in _BRACKET_RE.finditer(line, start, end):
            if bracket.group(0) == "](":
                return False
            self.open_brackets = self.open_brackets + 1 if bracket.group(0) == "[" else max(self.open_brackets - 1, 0)
        return True

    def _token_end(self, line: str, start: int, closers: dict[int, int | None], number: int, offset: int) -> int | None:
        """Where the inline token at `start` ends: None if there is none (the character is
        text), -1 if the scan cannot tell."""
        char = line[start]
        if char == "`":
            return closers.get(start) or -1
        if char == "[":
            cited = CITATION_RE.match(line, start)
            if cited is not None:
                self.found.append(Citation(cited.group(1).strip(), number, offset + start + 1))
                return cited.end()
            link = _LINK_RE.match(line, start)
            return None if link is None else link.end() if self.open_brackets <= _MAX_OPEN_BRACKETS else -1
        if char == "!":
            if not line.startswith("[", start + 1):
                return None
            image = _LINK_RE.match(line, start)
            return image.end() if image is not None and self.open_brackets <= _MAX_OPEN_BRACKETS else -1
        if char == "<":
            return _autolink_end(line, start)
        return start + 2 if line[start + 1:start + 2] in _ESCAPABLE else None


def _autolink_end(line: str, start: int) -> int | None:
    """An autolink, `<scheme:...>` or `<address@host>`, as markdown-it reads one: the text
    to the first `>`, with no `<` in it. One with a scheme markdown-it refuses is text
    unless it is a `data:image/...`: the scan leaves those to the parser."""
    angled = _ANGLED_RE.match(line, start)
    if angled is None:
        return None
    text = angled.group(1)
    if _URL_RE.fullmatch(text):
        return -1 if _REFUSED_SCHEME_RE.match(text) else angled.end()
    return angled.end() if _EMAIL_RE.fullmatch(text) else None


def _backtick_runs(line: str) -> list[tuple[int, int | None]]:
    """Each run of backticks on the line, as its start and the end of the next run of the
    same length (where a code span it opens would close), found in one pass back to
    front. A run with no such closer is text. This is how Markdown pairs them, in time
    linear in the line: a regular expression searched the rest of the line from each run
    with no closer, and a long line of runs of many lengths took seconds."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS_RE.finditer(line)]
    closers: list[int | None] = []
    later: dict[int, int] = {}  # length -> end of the nearest run of that length seen so far
    for start, end in reversed(runs):
        closers.append(later.get(end - start))
        later[end - start] = end
    return [(start, closer) for (start, _), closer in zip(runs, reversed(closers))]
