"""Split a content file into YAML front matter and Markdown body, and read the YAML safely.

YAML is composed with libyaml (`CSafeLoader`) and turned into plain values by a walk that
refuses what a portfolio never needs and what makes files unsafe or ambiguous: custom or
Python tags, anchors and aliases, merge keys, duplicate keys and non-text keys. Positions
are not kept: a failed validation asks `locate` for one, which composes the text again.
Where YAML cannot read the text at all, `syntaxerrors` says why in plain words.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Diagnostic, counted, listed

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is present in the PyYAML wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment, unused-ignore]

MAX_FRONT_MATTER_BYTES = 64 * 1024
# Control characters of one body reported each at its place; any more are counted in one
# closing error, as text pasted from a terminal may hold thousands.
MAX_CONTROL_CHARACTERS = 20
FENCE = "---"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_SCALARS = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
# Characters no web page or feed may carry (XML refuses them, HTML calls them errors): C0
# controls but tab and line breaks, DEL, C1 controls, and the noncharacters U+FFFE and U+FFFF.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Unicode's line and paragraph separators: YAML reads each as a line break, where editors
# show none (or no mark at all), so every line YAML reports below one would be a line off.
LINE_SEPARATOR = re.compile("[\u2028\u2029]")


@dataclass(frozen=True)
class FrontMatter:
    """The front matter text of one file and where it starts, to find positions on demand."""

    text: str
    first_line: int  # 1-based line in the file where the YAML text begins

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> Location:
        """Where the value (or, with `key`, the key) at `path` is written in the file."""
        try:
            node = yaml.compose(self.text, Loader=_Loader)
        except yaml.YAMLError:
            node = None
        if node is None:
            return Location(self.first_line, 1, None)
        found, key_node = _walk_to(node, path)
        target = key_node if key and key_node is not None else found
        raw = target.value if isinstance(target, yaml.ScalarNode) and not target.style else None
        return Location(
            self.first_line + target.start_mark.line, target.start_mark.column + 1, raw
        )


@dataclass(frozen=True)
class Location:
    line: int
    column: int
    raw: str | None  # the plain scalar as written, to explain what YAML made of it


@dataclass(frozen=True)
class ParsedFile:
    data: dict[str, Any]
    front_matter: FrontMatter
    body: str
    body_line: int
    # What YAML refused (a bad date, a tag, a duplicate key), with a stand-in value in
    # `data`, so the schema is still checked and one run reports every problem of the file.
    problems: tuple[Diagnostic, ...] = ()


class FrontMatterError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message if diagnostics else "")
        self.diagnostics = diagnostics


def parse_content(text: str, path: str) -> ParsedFile:
    """Split and read one content file; raise FrontMatterError when there is nothing to
    check against the schema, else keep YAML's refusals in `ParsedFile.problems`."""
    front, first_line, body, body_line = split_front_matter(text, path)
    data, problems = read_yaml(front, first_line, path)
    problems.extend(_body_control_characters(body, body_line, path))
    if not isinstance(data, dict):
        raise FrontMatterError(
            [*problems, _error(path, first_line, 1, "front-matter-not-mapping",
                    "front matter must be a set of `key: value` fields",
                    "write one field per line, e.g. `title: Lead a team of six`")]
        )
    return ParsedFile(data, FrontMatter(front, first_line), body, body_line, tuple(problems))


def split_front_matter(text: str, path: str) -> tuple[str, int, str, int]:
    """(front matter, its first line, body, its first line). Every line break counts as
    one, Windows's `\\r\\n` and the lone `\\r` of old Mac editors alike, as YAML and
    Markdown read them: lines are numbered the same whichever system wrote the file. A
    fence may end in spaces or tabs, which editors do not show."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FrontMatterError(
            [_error(path, 1, 1, "empty-file", "the file is empty",
                    "start it with a front matter block: a line `---`, the fields, a line `---`")]
        )
    lines = text.split("\n")
    if lines[0].rstrip(" \t") != FENCE:
        raise FrontMatterError(
            [_error(path, 1, 1, "no-front-matter", "the file does not start with a front matter block",
                    "put a line `---` first, then the YAML fields, then a closing line `---`")]
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip(" \t") in (FENCE, "..."):
            front = "\n".join(lines[1:index])
            if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
                raise FrontMatterError(
                    [_error(path, 2, 1, "front-matter-too-large",
                            f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB",
                            "move long text into the Markdown body below the closing `---`")]
                )
            return front, 2, "\n".join(lines[index + 1:]), index + 2
    raise FrontMatterError(
        [_error(path, 1, 1, "unterminated-front-matter", "the front matter block is never closed",
                "add a line `---` after the last field, before the Markdown body")]
    )


def read_yaml(text: str, first_line: int, path: str) -> tuple[Any, list[Diagnostic]]:
    """The value of a YAML text and what was refused in it. A refused value stands in as
    written (a bad date stays text) or is left out (a duplicate key), so the schema can
    still be checked. Syntax errors raise FrontMatterError: then there is no value."""
    problems: list[Diagnostic] = []
    control = CONTROL_CHARACTER.search(text)
    if control:  # libyaml would refuse it, at a position rather than a line and column
        raise FrontMatterError([_control_character("line", text, control, first_line, path)])
    separator = LINE_SEPARATOR.search(text)
    if separator:
        line, column = _position(text, separator.start(), first_line)
        name = "line" if separator.group() == "\u2028" else "paragraph"
        raise FrontMatterError([_error(path, line, column, "line-separator",
                                       f"the line holds the character U+{ord(separator.group()):04X} ({name} separator), "
                                       "which YAML reads as a line break", "delete it, or write a space or a line break in its place")])
    if "&" in text or "*" in text:
        problems.extend(_anchor_problems(text, first_line, path))
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        from .syntaxerrors import syntax_error  # on an error's path only

        raise FrontMatterError([syntax_error(exc, first_line, path, text)]) from None
    if root is None:
        return {}, problems
    try:
        value = _Builder(first_line, path, problems, escapes="\\" in text, tagged=text if "!" in text else "").build(root)
    finally:
        # The shared constructor remembers every node it constructed (keyed by node, so
        # never hit again): without this, every file's node tree and marks stay alive for
        # the whole build (~100 MB at 10,000 items).
        _SCALARS.constructed_objects.clear()
    return value, problems


MAX_DEPTH = 32  # levels of lists and mappings; the schema's deepest field is four down


class _Builder:
    """Turns a composed node tree into plain values, recording every refusal."""

    def __init__(self, first_line: int, path: str, problems: list[Diagnostic], escapes: bool = True, tagged: str = "") -> None:
        self.first_line = first_line
        self.path = path
        self.problems = problems
        # libyaml refuses control characters written as they are; only an escape in a
        # quoted text (`"\x01"`) makes one, so text without a backslash is not searched.
        self.escapes = escapes
        # The text, where it holds a `!`: YAML drops the tag `!` alone without a trace
        # (`title: ! Big goal` reads "Big goal"), so it is found where the node starts.
        self.tagged = tagged
        # Lists and mappings met so far: an alias (refused by `_anchor_problems`) is the
        # node it names met again, and walking it again would expand a "billion laughs".
        self.walked: set[int] = set()

    def build(self, node: yaml.Node, depth: int = 0, field: str = "") -> Any:
        """`field`: where the value sits, as JSON output labels it (`goals[2]`)."""
        if node.tag not in _PLAIN_TAGS:
            self._refuse(node, "tag", f"the YAML tag `{_written_tag(node.tag)}` is not allowed",
                         "remove the `!` tag; front matter holds plain text, numbers, dates and lists", field)
            return None
        if self.tagged and _NON_SPECIFIC_TAG.match(self.tagged, node.start_mark.index):
            self._non_specific_tag(node, field)
            return None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in self.walked:
                return None
            self.walked.add(id(node))
            if depth == MAX_DEPTH:
                self._refuse(node, "too-deep", f"values are nested more than {MAX_DEPTH} levels deep",
                             "front matter needs a few levels at most: flatten this value", field)
                return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth, field)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1, f"{field}[{index}]") for index, item in enumerate(node.value)]
        if node.tag == _STR:
            if self.escapes and (control := CONTROL_CHARACTER.search(node.value)):
                self._refuse(node, "control-character",
                             f"the text holds the character U+{ord(control.group()):04X}, which web pages and feeds cannot carry",
                             "remove its escape (such as `\\x01` or `\\u0001`) from the quoted text", field)
            return node.value  # what SafeConstructor makes of it, without its bookkeeping (most values are text)
        if node.tag == _INT and len(node.value) > MAX_NUMBER_LENGTH:
            self._refuse(node, "number-too-large", f"`{node.value[:12]}...` is too large: a number of {len(node.value):,} characters",
                         "write a number below 1e308, or quote it to keep it as text", field)
            return node.value
        try:
            value = _SCALARS.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:
            self._refuse(node, "bad-value", f"`{node.value}` is not a valid {_kind(node.tag)}: {exc}",
                         "write dates as YYYY-MM-DD, or quote the value to keep it as text", field)
            return node.value
        if field and node.tag in _NUMBER_TAGS and isinstance(node, yaml.ScalarNode) and not node.style:
            surprise = _surprising_number(node.value, value)
            if surprise:  # a key (no field) that is a number is refused as one
                self._refuse(node, *surprise, field)
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int, field: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        before: yaml.Node | None = None  # the value before this key
        for key_node, value_node in node.value:
            previous, before = before, value_node
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._refuse(key_node, "merge-key", "merge keys (`<<`) are not allowed",
                             "write the fields out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._refuse(key_node, "key-not-text", f"a key is written as a {'list' if isinstance(key_node, yaml.SequenceNode) else 'mapping'}",
                             "write each key as a plain word followed by `:`, e.g. `title: ...`")
                continue
            key = self.build(key_node, depth + 1)
            if previous is not None and _decimal_comma(previous, key_node, value_node):
                self._decimal_comma(previous, key_node)
                continue
            if not isinstance(key, str):
                self._refuse(key_node, "key-not-text",
                             f"the key `{key_node.value}` is read as {describe_value(key)}, not as text",
                             f'quote it: "{key_node.value}"')
                continue
            line = self.first_line + key_node.start_mark.line
            if key in seen:
                self._refuse(key_node, "duplicate-key",
                             f"`{key}` is given twice (first on line {seen[key]})",
                             "keep one of them")
                continue
            seen[key] = line
            result[key] = self.build(value_node, depth + 1, f"{field}.{key}" if field else key)
        return result

    def _decimal_comma(self, whole: yaml.Node, fraction: yaml.Node) -> None:
        written = f"{whole.value},{fraction.value}"
        self._refuse(whole, "decimal-comma", f"`{written}` is read as the number {whole.value} and a key `{fraction.value}`",
                     decimal_comma_hint(whole.value, fraction.value))

    def _non_specific_tag(self, node: yaml.Node, field: str) -> None:
        from .syntaxerrors import quoted_text  # on an error's path only

        hint = (f"to keep the `!` as text, quote the whole value: `{quoted_text(f'! {node.value}')}`"
                if isinstance(node, yaml.ScalarNode) and node.value else "remove the `!`")
        self._refuse(node, "tag", "a `!` at the start of a value is YAML's tag `!`, which YAML drops without a trace", hint, field)

    def _refuse(self, node: yaml.Node, code: str, message: str, hint: str, field: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Diagnostic(self.path, self.first_line + mark.line, mark.column + 1, "error", code, message, hint, field)
        )


_INT = "tag:yaml.org,2002:int"
_NON_SPECIFIC_TAG = re.compile(r"!(?:<!>)?(?=[\s,\]}]|$)")  # `!` or `!<!>` alone, not `!!str` or `!foo`
# No field takes a number this long (floats end at 1e308), and Python writes a whole number
# of at most 4,300 digits: one written in base 16, 8 or 2 was read, and a message could not
# say what it was. 1,000 characters in any base are fewer digits than that.
MAX_NUMBER_LENGTH = 1000
_NUMBER_TAGS = (_INT, "tag:yaml.org,2002:float")
_DIGITS = re.compile(r"[0-9]+")
_OCTAL = re.compile(r"([-+]?)0+([0-7_]+)")


def _surprising_number(written: str, value: Any) -> tuple[str, str, str] | None:
    """(code, message, hint) for a number YAML 1.1 reads in another base than its writer
    meant, and YAML 1.2 (most other tools) not at all: `012` is 10, `1:30` is 90."""
    if ":" in written:
        return ("base-60-number", f"`{written}` is read as the number {value}: YAML reads numbers with `:` in base 60",
                f'quote it to keep it as text (a time of day): "{written}", or write the number you mean, such as {value}')
    octal = _OCTAL.fullmatch(written)
    if octal is None:
        return None
    decimal = (octal[1] if octal[1] == "-" else "") + (octal[2].replace("_", "").lstrip("0") or "0")
    return ("octal-number", f"`{written}` is read as the number {value}: YAML reads a whole number that starts with 0 in base 8",
            f'write {decimal} without the leading zero, or quote it to keep it as text: "{written}"')


def decimal_comma_hint(whole: str, fraction: str) -> str:
    """The number `whole,fraction` was meant to be, wherever YAML met it: in `{...}` as a
    number and a key, on a line of its own as text."""
    if len(fraction) == 3:  # thousands first: `12.000` would draw a warning in a site of decimal commas
        return (f"write `{whole}{fraction}` if the comma separates thousands, or `{whole}.{fraction}` if it is a decimal "
                "mark: a number has no thousands separator, and a point for decimals")
    return f"write `{whole}.{fraction}`: a number's decimal mark is a point"


def _decimal_comma(whole: yaml.Node, key: yaml.Node, value: yaml.Node) -> bool:
    """`{baseline: 3,5}`: in a flow mapping a comma ends the value, so a decimal comma makes
    the number 3 and a key `5` without a value. Told as that, not as a key to quote."""
    if value.value != "" or key.tag != _INT:  # first what is rare: read for every key of every file
        return False
    return (isinstance(value, yaml.ScalarNode)
            and all(isinstance(n, yaml.ScalarNode) and n.tag == _INT and not n.style and _DIGITS.fullmatch(n.value) for n in (whole, key))
            and whole.end_mark.line == key.start_mark.line and key.start_mark.column == whole.end_mark.column + 1)


def _position(text: str, start: int, first_line: int) -> tuple[int, int]:
    """Line and column (in characters) in the file of `text[start]`, `text` starting at `first_line`."""
    line_start = text.rfind("\n", 0, start) + 1
    return first_line + text.count("\n", 0, start), start - line_start + 1


def _control_character(where: str, text: str, control: re.Match[str], first_line: int, path: str) -> Diagnostic:
    return _error(path, *_position(text, control.start(), first_line), "control-character",
                  f"the {where} holds the character U+{ord(control.group()):04X}, which web pages and feeds cannot carry",
                  "delete it: most editors show it as a box or not at all; search for it by its code")


def _body_control_characters(body: str, body_line: int, path: str) -> list[Diagnostic]:
    """Every control character of the body, each where it is, so that one run shows them
    all (a body is not YAML: nothing stops reading at the first). Past
    `MAX_CONTROL_CHARACTERS`, one error at the next counts the rest and names their codes."""
    found = list(CONTROL_CHARACTER.finditer(body))
    problems = [_control_character("body", body, control, body_line, path) for control in found[:MAX_CONTROL_CHARACTERS]]
    rest = found[MAX_CONTROL_CHARACTERS:]
    if rest:
        codes = sorted({f"U+{ord(control.group()):04X}" for control in rest})
        problems.append(_error(path, *_position(body, rest[0].start(), body_line), "control-character",
                               f"and {counted(len(rest), 'more such character')} in the body, from here on",
                               f"delete them too: search for {listed(codes, 'and')}"))
    return problems


def _anchor_problems(text: str, first_line: int, path: str) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                line, column = (mark.line, mark.column) if mark is not None else (0, 0)
                problems.append(
                    _error(path, first_line + line, column + 1, "anchor",
                           "anchors and aliases (`&name`, `*name`) are not allowed in front matter",
                           "write the value out in full; quote text that starts with `&` or `*`")
                )
    except yaml.YAMLError as exc:
        from .syntaxerrors import syntax_error  # on an error's path only

        return [syntax_error(exc, first_line, path, text)]
    return problems


def _walk_to(node: yaml.Node, path: tuple[str | int, ...]) -> tuple[yaml.Node, yaml.Node | None]:
    key_node: yaml.Node | None = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                return node, key_node
            key_node, node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key_node, node = None, node.value[part]
        else:
            break
    return node, key_node


def _written_tag(tag: str) -> str:
    """The tag as the user wrote it: `!!python/...` rather than `tag:yaml.org,2002:python/...`."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _kind(tag: str) -> str:
    return {"tag:yaml.org,2002:timestamp": "date"}.get(tag, tag.rsplit(":", 1)[-1])


def describe_value(value: Any) -> str:
    """What YAML made of a value, in words, for messages that explain a type mismatch."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if value is None:
        return "empty (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return "text"


def _error(path: str, line: int, column: int, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, line, column, "error", code, message, hint)
