"""Split a content file into YAML front matter and Markdown body, and read the YAML safely.

YAML is composed with libyaml (`CSafeLoader`) after the checks that must see the text
itself (control characters, line separators, anchors and aliases), and `yamlvalues` turns
the nodes into plain values, refusing tags, merge keys, duplicate keys and non-text keys.
Positions are not kept: a failed validation asks `locate` for one, which composes the text
again. Where YAML cannot read the text at all, `syntaxerrors` says why in plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Diagnostic, counted, listed
from .yamlvalues import CONTROL_CHARACTER, plain_value

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is present in the PyYAML wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment, unused-ignore]


def reads_with_libyaml() -> bool:
    """Whether YAML is read by libyaml, as PyYAML's wheels have it, or by PyYAML's own
    reader, which takes no tab between the parts of a line (`title: Launch<TAB>#2`), where
    libyaml reads one as a space: `syntaxerrors` says so where it stops at such a tab."""
    return _Loader is not yaml.SafeLoader

MAX_FRONT_MATTER_BYTES = 64 * 1024
# Control characters of one body reported each at its place; any more are counted in one
# closing error, as text pasted from a terminal may hold thousands.
MAX_CONTROL_CHARACTERS = 20
FENCE = "---"
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
    # What YAML read otherwise than it was most likely meant (`title: Launch #2`): the file
    # loads all the same.
    warnings: tuple[Diagnostic, ...] = ()


class FrontMatterError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message if diagnostics else "")
        self.diagnostics = diagnostics


def parse_content(text: str, path: str, first_field: str = "title: Lead a team of six") -> ParsedFile:
    """Split and read one content file; raise FrontMatterError when there is nothing to
    check against the schema, else keep YAML's refusals in `ParsedFile.problems`.
    `first_field` is the field the hint for front matter that is no mapping writes: one
    its folder's model requires (a profile has no `title:`)."""
    front, first_line, body, body_line = split_front_matter(text, path)
    warnings: list[Diagnostic] = []
    data, problems = read_yaml(front, first_line, path, warnings)
    problems.extend(_body_control_characters(body, body_line, path))
    if not isinstance(data, dict):
        raise FrontMatterError(
            [*problems, _error(path, first_line, 1, "front-matter-not-mapping",
                    "front matter must be a set of `key: value` fields",
                    f"write one field per line, e.g. `{first_field}`")]
        )
    return ParsedFile(data, FrontMatter(front, first_line), body, body_line, tuple(problems), tuple(warnings))


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


def read_yaml(text: str, first_line: int, path: str, warnings: list[Diagnostic] | None = None) -> tuple[Any, list[Diagnostic]]:
    """The value of a YAML text and what was refused in it. A refused value stands in as
    written (a bad date stays text) or is left out (a duplicate key), so the schema can
    still be checked. Syntax errors raise FrontMatterError: then there is no value.
    `warnings`, where given, gets each text a comment cut short (`title: Launch #2`): only
    a text with a `#` after a space or a tab is looked at for one."""
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
    commented = text if warnings is not None and (" #" in text or "\t#" in text) else ""
    value = plain_value(root, first_line, path, problems, escapes="\\" in text, tagged=text if "!" in text else "",
                        commented=commented, warnings=warnings)
    return value, problems


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



def _error(path: str, line: int, column: int, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, line, column, "error", code, message, hint)
