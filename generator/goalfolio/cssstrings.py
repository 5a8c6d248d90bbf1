"""The user's text as a CSS string, for a theme's inline `<style>`.

A printed page's margins hold only what CSS puts there (`@page { @top-left { content: "..." } }`):
Chromium has neither `string-set` nor running elements to take a heading's text there, so the
running head of each page (the person's name, the page's title) is written into the page's
own `<style>`. HTML's escaping does not apply inside `<style>` (`&amp;` would print as written),
and a `</style>` in a title would end the element there."""

from __future__ import annotations

import re

from markupsafe import Markup

# What could end the string (a quote, a newline), start an escape of its own (a backslash)
# or end the `<style>` element (`</style>`), and the other control characters.
_UNSAFE_RE = re.compile(r'["\\<\x00-\x1f\x7f]')


def css_string(value: object) -> Markup:
    """`value` in double quotes, each unsafe character as its hex escape: `"` as `\\22 `, the
    space ending the escape, so that the letter after it is not read as one more hex digit."""
    text = _UNSAFE_RE.sub(lambda unsafe: f"\\{ord(unsafe.group()):x} ", str(value))
    return Markup(f'"{text}"')
