"""The plain values of a composed YAML text, as front matter and goalfolio.yaml may hold them.

`frontmatter` composes the YAML with libyaml; this walk then turns the nodes into text,
numbers, dates, lists and mappings, and refuses what a portfolio never needs and what
makes a file unsafe or ambiguous: custom or Python tags, merge keys, duplicate keys, keys
that are not text, values nested too deep, numbers too long to read, and numbers YAML 1.1
reads in another base than their writer meant. Each refusal is a located error, with a
stand-in value, so one run still checks the rest of the file against its schema.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import yaml

from .errors import Diagnostic

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


def plain_value(root: yaml.Node, first_line: int, path: str, problems: list[Diagnostic], *,
                escapes: bool, tagged: str, commented: str = "", warnings: list[Diagnostic] | None = None) -> Any:
    """The value of a composed YAML text, each refusal appended to `problems` and each text
    a comment cut short to `warnings` (see `_Builder`)."""
    try:
        return _Builder(first_line, path, problems, escapes=escapes, tagged=tagged, commented=commented,
                        warnings=warnings).build(root)
    finally:
        # The shared constructor remembers every node it constructed (keyed by node, so
        # never hit again): without this, every file's node tree and marks stay alive for
        # the whole build (~100 MB at 10,000 items).
        _SCALARS.constructed_objects.clear()


MAX_DEPTH = 32  # levels of lists and mappings; the schema's deepest field is four down


class _Builder:
    """Turns a composed node tree into plain values, recording every refusal."""

    def __init__(self, first_line: int, path: str, problems: list[Diagnostic], escapes: bool = True, tagged: str = "",
                 commented: str = "", warnings: list[Diagnostic] | None = None) -> None:
        self.first_line = first_line
        self.path = path
        self.problems = problems
        # libyaml refuses control characters written as they are; only an escape in a
        # quoted text (`"\x01"`) makes one, so text without a backslash is not searched.
        self.escapes = escapes
        # The text, where it holds a `!`: YAML drops the tag `!` alone without a trace
        # (`title: ! Big goal` reads "Big goal"), so it is found where the node starts.
        self.tagged = tagged
        # The text, where it holds a `#` after a space or tab: a comment written `#2`, with
        # no space, after a plain text on its line was most likely meant as part of it.
        self.commented = commented
        self.warnings = warnings if warnings is not None else []
        # Lists and mappings met so far: an alias (refused by `frontmatter`) is the
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
            if self.commented and field and not node.style:
                self._comment_after(node, field)
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

    def _comment_after(self, node: yaml.Node, field: str) -> None:
        """Warn at a comment that starts right after a plain text, with no space after its
        `#` (`title: Launch #2`, `- #rust`, or a tab before the `#`): YAML drops it without a
        word, but it was nearly always meant as part of the text. A comment written
        `# like this` is one."""
        found = _COMMENT_AFTER.match(self.commented, node.end_mark.index)
        if found is None:
            return
        from .syntaxerrors import quoted_text  # on a warning's path only

        line_end = self.commented.find("\n", found.end())
        meant = node.value + self.commented[node.end_mark.index:line_end if line_end >= 0 else None].rstrip()
        name = field.rsplit(".", 1)[-1]
        written = f"- {quoted_text(meant)}" if name.endswith("]") else f"{name}: {quoted_text(meant)}"
        column = node.end_mark.column + found.end() - node.end_mark.index  # of the `#`, from 1
        self.warnings.append(Diagnostic(
            self.path, self.first_line + node.end_mark.line, column, "warning", "comment-in-value",
            f"the text after `#` is a YAML comment, so `{field}` is `{node.value}`, not `{meant}`",
            f"quote the value to keep it: `{written}`", field))

    def _refuse(self, node: yaml.Node, code: str, message: str, hint: str, field: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Diagnostic(self.path, self.first_line + mark.line, mark.column + 1, "error", code, message, hint, field)
        )


_INT = "tag:yaml.org,2002:int"
_COMMENT_AFTER = re.compile(r"[ \t]+#(?=\S)")  # a comment's `#`, after a space or tab, with no space after it
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

