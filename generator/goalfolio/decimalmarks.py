"""Numbers that a writer of a language with a decimal comma means as thousands.

German, Dutch, French and many more write twelve thousand as `12.000`, and YAML reads it as
twelve, with nothing to show for it but a wrong figure on a page. Where the site's
`language` is one of these, a plain number written as one to three digits, a point and
three digits is a warning at the number. The check depends on the config, so it is made
for each build from the items' front matter, never cached with a parsed file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import yaml

from .errors import Diagnostic
from .frontmatter import FrontMatter
from .loader import Portfolio

# Languages whose numbers use a decimal comma and a point (or a space) between thousands,
# by their primary subtag, as the Unicode CLDR gives their standard number format.
DECIMAL_COMMA_LANGUAGES = frozenset({
    "af", "az", "be", "bg", "bs", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fi", "fo", "fr", "fy", "gl",
    "hr", "hu", "hy", "id", "is", "it", "ka", "kk", "ky", "lb", "lt", "lv", "mk", "nb", "nl", "nn", "no", "pl",
    "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "tr", "uk", "uz", "vi",
})
# Regions where one of those languages writes a decimal point (CLDR): Swiss German and
# Italian, Mexican, US and Latin American Spanish.
DECIMAL_POINT_REGIONS = frozenset({"de-ch", "de-li", "it-ch", "es-mx", "es-us", "es-419", "es-pr"})

_SUSPECT = re.compile(r"(?<![\w.])[+-]?[1-9][0-9]{0,2}\.[0-9]{3}(?![\w.])")
_FLOAT = "tag:yaml.org,2002:float"


def writes_decimal_comma(language: str) -> bool:
    """Whether a BCP 47 tag names a language written with a decimal comma (`de`, `pt-BR`)."""
    subtags = language.lower().split("-")
    if subtags[0] not in DECIMAL_COMMA_LANGUAGES:
        return False
    return not any(f"{subtags[0]}-{region}" in DECIMAL_POINT_REGIONS for region in subtags[1:])


def thousands_separators(portfolio: Portfolio) -> list[Diagnostic]:
    """A warning at each number of the content that reads as thousands written with a point."""
    if not writes_decimal_comma(portfolio.config.language):
        return []
    sources = [item.source for item in portfolio.items()] + [file.source for file in portfolio.unvalidated]
    return [problem for source in sources for problem in _warnings(source.path, source.front_matter)]


def _warnings(path: str, front: FrontMatter) -> Iterator[Diagnostic]:
    if not _SUSPECT.search(front.text):  # most files: no need to compose the YAML again
        return
    try:
        root = yaml.compose(front.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return
    for node, field in _plain_scalars(root):
        if node.tag == _FLOAT and _SUSPECT.fullmatch(node.value):
            yield Diagnostic(path, front.first_line + node.start_mark.line, node.start_mark.column + 1, "warning",
                             "thousands-separator", *_explain(node.value), field)


def _explain(written: str) -> tuple[str, str]:
    """(message, hint) for `12.000`: what YAML read, and how to write either reading."""
    whole, fraction = written.split(".")
    decimal = f"{whole}.{fraction.rstrip('0')}" if fraction.rstrip("0") else whole
    writings = f"`{decimal}`" if "." in decimal else f"`{whole}` or `{whole}.0`"
    thousands = whole + fraction
    return (f"`{written}` is read as {decimal}: a point in a number is its decimal mark, never a thousands separator",
            f"if you mean {thousands}, write `{thousands}` (with no thousands separator); if you mean {decimal}, write {writings}")


def _plain_scalars(root: yaml.Node | None) -> Iterable[tuple[yaml.ScalarNode, str]]:
    """Every unquoted scalar value under `root` with its field path (`indicators[0].target`),
    walked without recursion: the text may nest deeper than Python's stack."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, field = stack.pop()
        if id(node) in seen:  # an alias (refused, and reported, when the file was read)
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if not node.style:
                yield node, field
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{field}[{index}]") for index, item in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            stack.extend((value, f"{field}.{key.value}" if field else str(key.value))
                         for key, value in reversed(node.value) if isinstance(key, yaml.ScalarNode))
