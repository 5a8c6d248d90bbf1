"""What a template of a theme may not hold although Jinja2 compiles it: what could never
render, refused when the template is parsed, so `check` and a build name it at its place
instead of failing on every page.

- A template that extends itself (`{% extends "base.html" %}` in a theme's own `base.html`,
  meant for the built-in one) recursed until Python stopped it, told as "maximum recursion
  depth exceeded".
- A string escape of half a character (`"\\ud83d\\ude00"`, as JavaScript and JSON write
  one beyond U+FFFF) rendered a page UTF-8 cannot hold, which stopped the build as a bug in
  goalfolio; so did half a character made of constants (`{{ "%c"|format(55357) }}`), which
  Jinja2 works out as it compiles. One made while rendering is found where the page is
  written (`renderfailures.unwritable_page_failure`).
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
    for node in tree.find_all((nodes.Extends, nodes.Const, nodes.Output)):
        if isinstance(node, nodes.Extends):
            extended = node.template
            if name is not None and isinstance(extended, nodes.Const) and extended.value == name:
                line = _line(source, node.lineno)
                column = line.find(name) + 1 if name in line else 1
                raise TemplateRefused(f"this template extends `{name}`, which is itself", node.lineno, name, filename, column,
                                      f"a theme's `{name}` takes the place of the built-in one: to change that one, "
                                      f"extend it by its theme's name, `{{% extends \"default/{name}\" %}}`")
        elif isinstance(node, nodes.Const) and isinstance(node.value, str) and HALF_CHARACTER.search(node.value) is not None:
            raise _half_character(node.lineno, _line(source, node.lineno), name, filename)
        elif isinstance(node, nodes.Output):
            for written in node.nodes:
                _refuse_half_character_made(written, source, name, filename)


def _refuse_half_character_made(node: nodes.Expr, source: str, name: str | None, filename: str | None) -> None:
    """Half a character that an expression of constants writes (`"%c"|format(55357)`), which
    Jinja2 works out as it compiles and writes as text, at the line where it starts."""
    if isinstance(node, (nodes.TemplateData, nodes.Const, nodes.Name, nodes.Getattr)):
        return  # no constant made of others (most output), or a literal: checked as one
    try:
        value = node.as_const()
    except Exception:  # nodes.Impossible, or what fails to render as it fails in the page
        return
    if isinstance(value, str) and HALF_CHARACTER.search(value) is not None:
        line = _line(source, node.lineno)
        message, hint = half_character_message(value)
        raise TemplateRefused(message, node.lineno, name, filename, line.find("{{") + 1 if "{{" in line else 1, hint)


# Half of a character (a surrogate), and a high half with the low one after it (a pair).
HALF_CHARACTER = re.compile("[\ud800-\udfff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def half_character_message(text: str) -> tuple[str, str]:
    """(message, hint) for the first half of a character that a template writes into `text`:
    one alone, or a character written as its two halves, as JavaScript and JSON do (a
    surrogate pair)."""
    half = HALF_CHARACTER.search(text)
    assert half is not None
    pair = _PAIR.match(text, half.start())
    if pair is None:
        return (f"this writes `{half.group().encode('unicode_escape').decode()}`, half of a character (a surrogate), "
                "which a page cannot hold"), \
            "make a character of its one code point (`\"%c\"|format(128512)` is 😀), or write the character itself"
    character = pair.group().encode("utf-16", "surrogatepass").decode("utf-16")
    return (f"this writes `{pair.group().encode('unicode_escape').decode()}`, one character as its two halves "
            "(a surrogate pair, as JavaScript and JSON write it), which a page cannot hold"), \
        f"write the character itself ({character}), or make it of its one code point: `\"%c\"|format({ord(character)})`"


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
