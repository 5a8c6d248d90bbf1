"""What a template of a theme may not hold although Jinja2 compiles it: what could never
render, refused when the template is parsed, so `check` and a build name it at its place
instead of failing on every page.

- A template that extends itself (`{% extends "base.html" %}` in a theme's own `base.html`,
  meant for the built-in one) recursed until Python stopped it, told as "maximum recursion
  depth exceeded".
- A string escape of half a character (`"\\ud83d\\ude00"`, as JavaScript and JSON write
  one beyond U+FFFF) rendered a page UTF-8 cannot hold, which stopped the build as a bug in
  goalfolio.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from jinja2 import nodes

_NEWLINE = re.compile(r"\r\n|\r|\n")  # as Jinja2 counts lines
# A surrogate written as an escape, with the low half that may follow a high one.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)(?P<high>[dD][89abAB][0-9a-fA-F]{2})(?:\\(?:u|U0000)(?P<low>[dD][c-fC-F][0-9a-fA-F]{2}))?"
                               r"|\\(?:u|U0000)[dD][c-fC-F][0-9a-fA-F]{2}")


class TemplateRefused(jinja2.TemplateSyntaxError):
    """A template refused by `refuse_what_cannot_render`, with where on its line and what
    to write instead. Kept whole when a worker process sends it back."""

    def __init__(self, message: str, lineno: int, name: str | None, filename: str | None, column: int, hint: str) -> None:
        super().__init__(message, lineno, name, filename)
        self.column, self.hint = column, hint

    def __reduce__(self) -> tuple[Any, ...]:
        return TemplateRefused, (self.message, self.lineno, self.name, self.filename, self.column, self.hint)


def refuse_what_cannot_render(tree: nodes.Template, source: str, name: str | None, filename: str | None) -> None:
    """Raises TemplateRefused for the first thing of the module's docstring in `tree`."""
    for node in tree.find_all((nodes.Extends, nodes.Const)):
        if isinstance(node, nodes.Extends):
            extended = node.template
            if name is not None and isinstance(extended, nodes.Const) and extended.value == name:
                line = _line(source, node.lineno)
                column = line.find(name) + 1 if name in line else 1
                raise TemplateRefused(f"this template extends `{name}`, which is itself", node.lineno, name, filename, column,
                                      f"a theme's `{name}` takes the place of the built-in one: to change that one, "
                                      f"extend it by its theme's name, `{{% extends \"default/{name}\" %}}`")
        elif isinstance(node, nodes.Const) and isinstance(node.value, str) and any("\ud800" <= c <= "\udfff" for c in node.value):
            raise _half_character(node.lineno, _line(source, node.lineno), name, filename)


def _line(source: str, number: int) -> str:
    lines = _NEWLINE.split(source)
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _half_character(number: int, line: str, name: str | None, filename: str | None) -> TemplateRefused:
    escape = _SURROGATE_ESCAPE.search(line)
    if escape is None:  # written over several lines
        return TemplateRefused("a string here holds half of a character, which a page cannot hold", number, name, filename, 1,
                               "write the character itself, or one escape for all of it, such as `\\U0001F600`")
    if escape.group("low") is None:
        return TemplateRefused(f"`{escape.group()}` is half of a character written as two escapes (a surrogate pair), "
                               "which a page cannot hold", number, name, filename, escape.start() + 1,
                               "write the character itself, or one escape for all of it, such as `\\U0001F600`")
    code = 0x10000 + ((int(escape.group("high"), 16) - 0xD800) << 10) + int(escape.group("low"), 16) - 0xDC00
    return TemplateRefused(f"`{escape.group()}` writes one character in two escapes (a surrogate pair, as JavaScript and "
                           "JSON do), which a page cannot hold", number, name, filename, escape.start() + 1,
                           f"write the character itself ({chr(code)}), or one escape for it: `\\U{code:08X}`")
