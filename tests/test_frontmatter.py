"""The front matter reader: splitting a file, safe YAML, and positions counted in the whole file."""

from __future__ import annotations

import datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from goalfolio.errors import Diagnostic
from goalfolio.frontmatter import (
    MAX_FRONT_MATTER_BYTES,
    FrontMatter,
    FrontMatterError,
    parse_content,
    read_yaml,
)

PATH = "content/goals/g.md"


def problems(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, code, message) of every problem parse_content reports for `text`:
    raised when nothing can be checked further, else kept with the parsed file."""
    try:
        found = list(parse_content(text, PATH).problems)
    except FrontMatterError as exc:
        found = exc.diagnostics
    assert found, "a problem was reported"
    assert all(d.path == PATH and d.severity == "error" and d.hint for d in found)
    return [(d.line, d.column, d.code, d.message) for d in found]


def parse_problems(text: str) -> list[Diagnostic]:
    try:
        return list(parse_content(text, PATH).problems)
    except FrontMatterError as exc:
        return exc.diagnostics


# --- splitting -------------------------------------------------------------------------------


def test_parse_splits_fields_and_body():
    parsed = parse_content("---\ntitle: Lead\nstart: 2026-01-05\n---\n# Plan\n\nText.\n", PATH)
    assert parsed.data == {"title": "Lead", "start": datetime.date(2026, 1, 5)}
    assert parsed.body == "# Plan\n\nText.\n"
    assert parsed.body_line == 5
    assert parsed.front_matter == FrontMatter("title: Lead\nstart: 2026-01-05", 2)


def test_body_may_contain_further_fences():
    parsed = parse_content("---\na: 1\n---\nintro\n---\nmore\n", PATH)
    assert parsed.data == {"a": 1}
    assert parsed.body == "intro\n---\nmore\n"


def test_three_dots_close_the_front_matter():
    parsed = parse_content("---\na: b\n...\nbody\n", PATH)
    assert parsed.data == {"a": "b"}
    assert parsed.body == "body\n"


def test_byte_order_mark_and_trailing_spaces_on_fences_are_accepted():
    parsed = parse_content("\ufeff--- \na: b\n---\r\nbody", PATH)
    assert parsed.data == {"a": "b"}
    assert parsed.body == "body"


def test_tabs_after_a_fence_are_accepted_as_spaces_are():
    """An invisible tab after the closing `---` read as "the front matter block is never closed"."""
    parsed = parse_content("---\t\na: b\n--- \t\nbody", PATH)
    assert (parsed.data, parsed.body, parsed.body_line) == ({"a": "b"}, "body", 4)


def test_lone_carriage_returns_end_lines():
    parsed = parse_content("---\ra: b\r---\rbody\r", PATH)
    assert (parsed.data, parsed.body, parsed.body_line) == ({"a": "b"}, "body\n", 4)
    assert problems("---\ra: 1\r\ra: 2\r---\r") == [(4, 1, "duplicate-key", "`a` is given twice (first on line 2)")]


def test_empty_front_matter_is_an_empty_mapping():
    parsed = parse_content("---\n---\nbody\n", PATH)
    assert parsed.data == {}
    assert parsed.body_line == 3


def test_only_comments_is_an_empty_mapping():
    assert parse_content("---\n# nothing yet\n---\n", PATH).data == {}


@pytest.mark.parametrize("text", ["", "\n\n", "   \n\t\n", "\ufeff"])
def test_empty_file(text):
    assert problems(text) == [(1, 1, "empty-file", "the file is empty")]


def test_no_front_matter():
    assert problems("# Title\n---\na: b\n---\n") == [
        (1, 1, "no-front-matter", "the file does not start with a front matter block")
    ]


def test_unterminated_front_matter():
    assert problems("---\ntitle: x\n\nbody\n") == [
        (1, 1, "unterminated-front-matter", "the front matter block is never closed")
    ]


def test_front_matter_size_is_capped():
    big = "---\nwhy: " + "x" * MAX_FRONT_MATTER_BYTES + "\n---\n"
    assert problems(big) == [(2, 1, "front-matter-too-large", "front matter is larger than 64 KiB")]


def test_front_matter_of_64_kib_is_read_and_one_byte_more_is_refused():
    field = "why: "
    text = "---\n" + field + "x" * (64 * 1024 - len(field)) + "\n---\n"
    assert len(parse_content(text, PATH).data["why"]) == 64 * 1024 - len(field)
    assert problems(text.replace(field, field + "x", 1)) == [(2, 1, "front-matter-too-large", "front matter is larger than 64 KiB")]


@pytest.mark.parametrize("yaml_text", ["- a\n- b", "just text", "42"])
def test_front_matter_must_be_a_mapping(yaml_text):
    assert problems(f"---\n{yaml_text}\n---\n") == [
        (2, 1, "front-matter-not-mapping", "front matter must be a set of `key: value` fields")
    ]


# --- safe YAML -------------------------------------------------------------------------------


def test_values_are_plain_python_values():
    parsed = parse_content(
        "---\ns: text\ni: 3\nf: 4.5\nb: true\nn: null\nd: 2026-03-14\nl: [a, 1]\nm: {k: v}\n---\n", PATH
    )
    assert parsed.data == {
        "s": "text", "i": 3, "f": 4.5, "b": True, "n": None,
        "d": datetime.date(2026, 3, 14), "l": ["a", 1], "m": {"k": "v"},
    }


def test_anchor_and_alias_are_refused_where_written():
    text = "---\ntitle: x\nwhy: &w Grow\nmobility: *w\n---\n"
    message = "anchors and aliases (`&name`, `*name`) are not allowed in front matter"
    assert problems(text) == [(3, 6, "anchor", message), (4, 11, "anchor", message)]


def test_an_anchor_without_an_alias_is_refused():
    assert problems("---\ntitle: x\nwhy: &w Grow\n---\n") == [
        (3, 6, "anchor", "anchors and aliases (`&name`, `*name`) are not allowed in front matter")]


def test_aliases_of_lists_are_refused_without_being_expanded():
    """A "billion laughs": each level names the one before nine times. Expanding it took
    minutes and gigabytes at ten levels; each list is now read once."""
    levels = ['x0: &a0 ["lol","lol","lol"]'] + [f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 4)]
    parsed = parse_content("---\n" + "\n".join(levels) + "\n---\n", PATH)
    assert parsed.data == {"x0": ["lol", "lol", "lol"], "x1": [None] * 9, "x2": [None] * 9, "x3": [None] * 9}
    assert len(parsed.problems) == 4 + 3 * 9 and {d.code for d in parsed.problems} == {"anchor"}


def test_values_nested_too_deep_are_refused_where_the_limit_is_passed():
    parsed = parse_content("---\ntitle: x\nlocation: " + "[" * 500 + "]" * 500 + "\n---\n", PATH)
    expected: object = None  # the list at the top level's 32nd level down
    for _ in range(31):
        expected = [expected]
    assert parsed.data["location"] == expected
    assert [(d.line, d.column, d.code, d.message) for d in parsed.problems] == [
        (3, 42, "too-deep", "values are nested more than 32 levels deep")]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_never_closed_is_reported_where_it_opens(quote):
    text = f"---\ntitle: {quote}One-click refunds\ndate: 2026-01-01\nkind: project\n---\nA body.\n"
    assert problems(text) == [(2, 8, "unclosed-quote", "this quote is never closed")]


def test_a_quote_opened_below_where_yaml_stopped_is_not_named_in_the_hint():
    [diagnostic] = parse_problems("---\ntitle: x\nwhy: a: b\nmobility: 'open\n---\n")
    assert diagnostic.format() == (
        f"{PATH}:3:7: error: the value of `why` holds `: `, which YAML reads as the start of another field\n"
        '    hint: quote the whole value: `why: "a: b"`'
    )


def test_a_quote_closed_lines_later_is_named_in_the_hint():
    """YAML reads the value on to the next quote, and stumbles there."""
    text = '---\ntitle: x\nwhy: "unclosed\ndate: 2026-01-01\nnotes: "a later quote"\n---\n'
    with pytest.raises(FrontMatterError) as raised:
        parse_content(text, PATH)
    [found] = raised.value.diagnostics
    assert (found.line, found.column, found.hint) == (5, 9, "the quote that opens line 3 is not closed on that line, so YAML reads on")


@pytest.mark.parametrize(("key", "written_as"), [("? [a, b]\n: x", "list"), ("? {a: b}\n: x", "mapping")])
def test_a_key_that_is_a_list_or_mapping_is_refused_in_plain_words(key, written_as):
    assert problems(f"---\ntitle: x\n{key}\n---\n") == [(3, 3, "key-not-text", f"a key is written as a {written_as}")]


def test_prose_read_as_front_matter_suggests_the_missing_closing_line():
    """No `---` after the fields, and a rule further down: YAML reads the story as fields."""
    text = "---\ntitle: x\nkind: project\n\nThe story, told in prose.\n\nMore text.\n\n---\n\nAfter a rule.\n"
    with pytest.raises(FrontMatterError) as raised:
        parse_content(text, PATH)
    [found] = raised.value.diagnostics
    assert (found.line, found.hint) == (7, "this line is not `key: value`: if the front matter ends above it, close it with a line `---`")


def test_ampersand_and_star_inside_text_are_fine():
    parsed = parse_content('---\ntitle: R&D lead\nwhy: "*important*"\nnote: a * b\n---\n', PATH)
    assert parsed.data == {"title": "R&D lead", "why": "*important*", "note": "a * b"}


def test_python_tag_is_refused():
    assert problems("---\ntitle: x\nwhy: !!python/object/apply:os.system [ls]\n---\n") == [
        (3, 6, "tag", "the YAML tag `!!python/object/apply:os.system` is not allowed")
    ]


def test_custom_tag_is_refused():
    assert problems("---\nwhy: !secret x\n---\n") == [(2, 6, "tag", "the YAML tag `!secret` is not allowed")]


def test_explicit_standard_tags_are_fine():
    assert parse_content("---\na: !!str 10:00\n---\n", PATH).data == {"a": "10:00"}


@pytest.mark.parametrize(("written", "column", "hint"), [
    ("title: ! Big goal", 8, 'to keep the `!` as text, quote the whole value: `"! Big goal"`'),
    ("title: !<!> Big goal", 8, 'to keep the `!` as text, quote the whole value: `"! Big goal"`'),
    ('tags: [a, ! b "c"]', 11, """to keep the `!` as text, quote the whole value: `'! b "c"'`"""),
    ("title: !", 8, "remove the `!`"),
    ("title: !\n  a: 1", 8, "remove the `!`"),
])
def test_the_tag_that_yaml_drops_without_a_trace_is_refused(written: str, column: int, hint: str) -> None:
    """`!` alone is YAML's non-specific tag: `title: ! Big goal` read "Big goal", the `!` lost."""
    found = parse_problems(f"---\n{written}\n---\n")
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in found] == [
        (2, column, "tag", "a `!` at the start of a value is YAML's tag `!`, which YAML drops without a trace", hint)]


def test_a_bang_inside_a_value_or_in_quotes_is_text() -> None:
    parsed = parse_content('---\ntitle: Big goal!\nwhy: "! urgent"\ntags: [a!, "!b"]\nx: !!str y\n---\n', PATH)
    assert (parsed.data, parsed.problems) == ({"title": "Big goal!", "why": "! urgent", "tags": ["a!", "!b"], "x": "y"}, ())


@pytest.mark.parametrize(("written", "hint"), [
    ("skills: - pricing", "end the line at `skills:` and write each item on a line of its own below it, indented: `  - pricing`, "
                          "or write the list on one line: `skills: [pricing]`"),
    ("skills: - pricing, SQL  # main", "end the line at `skills:` and write each item on a line of its own below it, indented: "
                                       "`  - pricing, SQL`"),
    ("skills: -\n  - SQL", "end the line at `skills:` and write each item on a line of its own below it, indented: `  - ...`"),
])
def test_a_list_item_after_its_field_is_told_to_go_below(written: str, hint: str) -> None:
    """libyaml's words were "block sequence entries are not allowed in this context"."""
    found = parse_problems(f"---\ntitle: x\n{written}\n---\n")
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in found] == [
        (3, 9, "yaml-syntax", "a list's items go on the lines below its field, not after `skills:`", hint)]


@pytest.mark.parametrize(("written", "column", "message", "hint"), [
    ('"smile \\ud83d\\ude00 ok"', 15, "`\\ud83d\\ude00` writes one character in two escapes (a surrogate pair, as JSON does), "
     "which YAML does not read", "write the character itself (\U0001F600), or one escape for it: `\\U0001F600`"),
    ('"half \\uDBFF"', 14, "`\\uDBFF` is half of a character written as two escapes (a surrogate pair), which YAML does not read",
     "write the character itself, or one escape for all of it, such as `\\U0001F600`"),
    ('"\\udc00 low"', 9, "`\\udc00` is half of a character written as two escapes (a surrogate pair), which YAML does not read",
     "write the character itself, or one escape for all of it, such as `\\U0001F600`"),
])
def test_a_surrogate_pair_escape_is_told_as_json_writes_it(written: str, column: int, message: str, hint: str) -> None:
    """libyaml's words were "found invalid Unicode character escape code"."""
    found = parse_problems(f"---\ntitle: {written}\n---\n")
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in found] == [(2, column, "yaml-syntax", message, hint)]


def test_merge_key_is_refused():
    assert problems("---\nbase: {a: 1}\n<<: {a: 2}\n---\n") == [
        (3, 1, "merge-key", "merge keys (`<<`) are not allowed")
    ]


def test_duplicate_key_names_the_first_line():
    assert problems("---\ntitle: a\nwhy: b\ntitle: c\n---\n") == [
        (4, 1, "duplicate-key", "`title` is given twice (first on line 2)")
    ]


def test_duplicate_key_in_a_nested_mapping():
    text = "---\nindicators:\n  - id: a\n    name: A\n    id: b\n---\n"
    assert problems(text) == [(5, 5, "duplicate-key", "`id` is given twice (first on line 3)")]


@pytest.mark.parametrize(
    ("key", "read_as"),
    [
        ("2027", "the number 2027"),
        ("yes", "the boolean true"),
        ("~", "empty (null)"),
        ("2026-01-01", "the date 2026-01-01"),
        ("1.5", "the number 1.5"),
    ],
)
def test_keys_must_be_text(key, read_as):
    assert problems(f"---\ntitle: x\n{key}: value\n---\n") == [
        (3, 1, "key-not-text", f"the key `{key}` is read as {read_as}, not as text")
    ]


def test_a_decimal_comma_in_a_flow_mapping_is_told_as_one():
    """`{baseline: 3,5}` reads as 3 and a key `5`: the message says so, at the number, and
    the hint writes the number with a point, not `quote it: "5"`. A key with a value of its
    own (`1,2: b`) is a key, not the end of a number."""
    text = "---\nindicators:\n  - {id: zeit, name: Ladezeit, baseline: 3,5, target: 12,500}\nnotes: {a: 1, 2: b}\nmore: {a: 1,2: b}\n---\n"
    found = parse_problems(text)
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in found] == [
        (3, 42, "decimal-comma", "`3,5` is read as the number 3 and a key `5`",
         "write `3.5`: a number's decimal mark is a point"),
        (3, 55, "decimal-comma", "`12,500` is read as the number 12 and a key `500`",
         "write `12500` if the comma separates thousands, or `12.500` if it is a decimal mark: a number has no thousands separator, and a point for decimals"),
        (4, 15, "key-not-text", "the key `2` is read as the number 2, not as text", 'quote it: "2"'),
        (5, 13, "key-not-text", "the key `2` is read as the number 2, not as text", 'quote it: "2"'),
    ]


def test_impossible_date_is_reported_at_the_value():
    assert problems("---\nstart: 2026-02-30\n---\n") == [
        (2, 8, "bad-value", "`2026-02-30` is not a valid date: day is out of range for month")
    ]


def test_yaml_syntax_error_is_located_in_the_whole_file():
    text = "---\ntitle: x\nwhy: a: b\n---\nbody\n"
    assert problems(text) == [(3, 7, "yaml-syntax", "the value of `why` holds `: `, which YAML reads as the start of another field")]


@pytest.mark.parametrize(
    ("fields", "line", "column", "bracket"),
    [
        ("why: [unclosed\n", 3, 6, "["),  # YAML stopped at the closing `---`, line 4
        ("status: {active\nframework: evidence-ladder\n", 3, 9, "{"),  # ... at the field below
        ("goals: [a, b\nkind: project\n", 3, 8, "["),
        ("why: \"[a\"\ngoals: [\nkind: project\n", 4, 8, "["),  # a bracket in quoted text is text
        ("milestones:\n  - {title: a, due: 2026-01-01\n  - {title: b, due: 2026-02-01}\n", 4, 5, "{"),
        # YAML stopped three lines below, "while parsing a flow node": the lines above are searched.
        ("goals: [a,\n  b,\n  c,\n", 3, 8, "["),
        # ... not the line it stopped at, which the unclosed list reads on into.
        ("feedback:\n  - [a,\n  - [b\n", 4, 5, "["),
    ],
)
def test_a_bracket_never_closed_is_reported_where_it_opens(fields, line, column, bracket):
    text = f"---\ntitle: x\n{fields}---\nbody\n"
    assert problems(text) == [(line, column, "unclosed-bracket", f"this `{bracket}` is never closed")]
    closing = {"[": "]", "{": "}"}[bracket]
    assert parse_problems(text)[0].hint == (
        f"end the list or mapping with `{closing}` on the same line, or quote the value if the `{bracket}` is text")


HIDES = "this `#` starts a YAML comment, which hides the `{closers}` after it: the `{opener}` is never closed"


@pytest.mark.parametrize(("fields", "line", "column", "closers", "hint"), [
    # libyaml: "did not find expected ',' or '}' (while parsing a flow mapping)", at the line below.
    ("metrics:\n  - {name: Conversion, before: 1, after: 2 # up}\n  - {name: Churn, before: 3, after: 2}", 3, 44, "}",
     "close the `{` before the comment: `- {name: Conversion, before: 1, after: 2} # up`"),
    ("metrics: [{name: Conversion, before: 1, after: 2 # up}]", 2, 50, "}]",
     "close the `[` before the comment: `metrics: [{name: Conversion, before: 1, after: 2}] # up`"),
    ('skills: ["C# and .NET", SQL # the main ones]', 2, 29, "]",
     'close the `[` before the comment: `skills: ["C# and .NET", SQL] # the main ones`'),
    # A `#` with no space after it may be text: quoted, and written closed as well.
    ("metrics: [{name: Conversion, before: 1, after: 2 #up}]", 2, 50, "}]",
     'if the `#` is text, quote it: `after: "2 #up"`; for a comment, close the `[` before it: '
     "`metrics: [{name: Conversion, before: 1, after: 2}] #up`"),
    # ... and only quoted where the comment holds more entries, which it would take out.
    ("metrics: [{name: Conv #1, before: 1, after: 2}]", 2, 23, "}]", 'if the `#` is text, quote it: `name: "Conv #1"`'),
    ("skills: [leadership # main, SQL]", 2, 21, "]", 'if the `#` is text, quote it: `"leadership # main"`'),
    ("skills: [a, b # see [1]]", 2, 15, "]", 'if the `#` is text, quote it: `"b # see [1]"`'),
    # A space typed before an address's `#` fragment: the address holds none.
    ("links: [{title: Blog, url: https://example.org/ #a }]", 2, 49, "}]", "an address holds no spaces: `url: https://example.org/#a`"),
])
def test_a_comment_that_hides_the_closing_bracket_is_named(fields, line, column, closers, hint):
    """libyaml said "did not find expected ',' or '}'" at the line below, with the hint to
    check indentation, and the brackets balance as written: the comment took the closers."""
    [diagnostic] = parse_problems(f"---\n{fields}\ntitle: x\n---\n")
    message = HIDES.format(closers=closers, opener="{" if closers == "}" else "[")
    assert diagnostic.format() == f"{PATH}:{line}:{column}: error: {message}\n    hint: {hint}"


def test_a_flow_over_several_lines_is_not_taken_for_an_unclosed_bracket():
    """Only a bracket YAML did not find the end of is reported: a missing comma on its own
    line keeps YAML's message."""
    assert parse_content("---\ntitle: x\ngoals: [a,\n  b]\n---\n", PATH).data["goals"] == ["a", "b"]
    [diagnostic] = parse_problems("---\ntitle: x\nmetrics: {a: 1 b: 2}\n---\n")
    assert diagnostic.format() == (
        f"{PATH}:3:17: error: the value of `a` holds `: `, which YAML reads as the start of another field\n"
        '    hint: quote the whole value: `a: "1 b: 2"`; or, if `b` starts another field, put a `,` before it')


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("---\ntitle: x\n\twhy: y\n---\n", 3, 1),  # libyaml: "a tab character that violates indentation"
        ("---\ntitle: x\nmilestones:\n\t- {title: a, due: 2026-01-01}\n---\n", 4, 1),  # "cannot start any token"
        ("---\ntitle: x\nlinks:\n  - title: a\n \t url: b\n---\n", 5, 2),
        # A tab after spaces: libyaml stops at the `:`, "mapping values are not allowed here".
        ("---\ntitle: x\n  \twhy: y\n---\n", 3, 3),
        ("---\r\ntitle: x\r\nmetrics:\r\n  - name: a\r\n  \t  unit: b\r\n---\r\n", 5, 3),
    ],
)
def test_tab_indentation_says_yaml_wants_spaces(text, line, column):
    [diagnostic] = parse_problems(text)
    assert diagnostic.format() == (
        f"{PATH}:{line}:{column}: error: invalid YAML: a tab indents this line, and YAML does not allow tabs for indentation\n"
        "    hint: indent with spaces instead (two per level is usual)"
    )


def test_a_tab_after_a_dash_says_yaml_wants_spaces():
    [diagnostic] = parse_problems("---\nfeedback:\n  - a\n  -\tb\n---\n")
    assert diagnostic.format() == (
        f"{PATH}:4:4: error: invalid YAML: found a tab where YAML takes only spaces, as it does not allow tabs "
        "for indentation\n"
        "    hint: indent with spaces instead (two per level is usual)"
    )


def test_a_character_that_cannot_start_a_value_is_not_taken_for_a_tab():
    [diagnostic] = parse_problems("---\ntitle: @x\n---\n")
    assert diagnostic.format() == (
        f"{PATH}:2:8: error: a value cannot start with `@` in YAML\n"
        '    hint: quote the whole value: `title: "@x"`'
    )


@pytest.mark.parametrize(("field", "line", "column", "message", "hint"), [
    ("title: Goal: promotion to senior PM  # the outcome", 2, 12,
     "the value of `title` holds `: `, which YAML reads as the start of another field",
     'quote the whole value: `title: "Goal: promotion to senior PM"`'),
    ("gaps:\n  - need: Dutch: B1\n    plan: a course", 3, 16,
     "the value of `need` holds `: `, which YAML reads as the start of another field", 'quote the whole value: `need: "Dutch: B1"`'),
    ('why: Lead: the "next" step', 2, 10,
     "the value of `why` holds `: `, which YAML reads as the start of another field",
     """quote the whole value: `why: 'Lead: the "next" step'`"""),
    ("title: '@handle' on stage", 2, 18,
     "the value of `title` goes on after its closing quote: quotes must hold the whole value",
     """quote the whole value: `title: "'@handle' on stage"`"""),
    ('title: "Big" launch', 2, 14,
     "the value of `title` goes on after its closing quote: quotes must hold the whole value",
     """quote the whole value: `title: '"Big" launch'`"""),
    ("title: [Draft] Launch plan", 2, 16,
     "the value of `title` goes on after its closing `]`: YAML reads `[...]` as a list or mapping, which must be the whole value",
     'if the `[` is text, quote the whole value: `title: "[Draft] Launch plan"`'),
    ("author: `Jo`", 2, 9, "a value cannot start with a backtick in YAML", 'quote the whole value: `author: "`Jo`"`'),
    ("title: %d done", 2, 8, "a value cannot start with `%` in YAML", 'quote the whole value: `title: "%d done"`'),
    ("metrics:\n  - {name: Teams: weekly active, after: 46}", 3, 17,
     "the value of `name` holds `: `, which YAML reads as the start of another field",
     'quote the whole value: `name: "Teams: weekly active"`'),
    ("feedback:\n  - {action: keep, what: Monthly: one-to-one}", 3, 33,
     "the value of `what` holds `: `, which YAML reads as the start of another field",
     'quote the whole value: `what: "Monthly: one-to-one"`'),
    # Markdown's emphasis, or a skill: libyaml read an alias, "did not find expected
    # alphabetic or numeric character (while scanning an alias)", or "found undefined alias".
    ("title: **Bold** launch", 2, 8, "a value cannot start with `*` in YAML, which reads it as an alias (`*name`)",
     'quote the whole value: `title: "**Bold** launch"`'),
    ("title: *nix admin  # the old role", 2, 8, "a value cannot start with `*` in YAML, which reads it as an alias (`*name`)",
     'quote the whole value: `title: "*nix admin"`'),
    ("feedback:\n  - *My manager*, monthly", 3, 5, "a value cannot start with `*` in YAML, which reads it as an alias (`*name`)",
     'quote the whole item: `- "*My manager*, monthly"`'),
    ("skills: [SQL, *nix]", 2, 15, "a value cannot start with `*` in YAML, which reads it as an alias (`*name`)",
     'quote it: `"*nix"`'),
])
def test_a_text_value_yaml_stumbles_on_is_explained_with_the_value_quoted(field, line, column, message, hint):
    """libyaml said "mapping values are not allowed in this context", "did not find expected
    key" or "found character that cannot start any token" with a hint to check indentation."""
    [diagnostic] = parse_problems(f"---\n{field}\n---\nBody.\n")
    assert diagnostic.format() == f"{PATH}:{line}:{column}: error: {message}\n    hint: {hint}"


@pytest.mark.parametrize(("field", "line", "column", "message", "hint"), [
    # libyaml: "could not find expected ':' (while scanning a simple key)" at the line below,
    # or "mapping values are not allowed in this context" for a mapping's first field.
    ("title: Lead\ndate:2026-03-02  # when\nkind: project", 3, 5,
     "`date:` has no space after it, so YAML does not read `date:2026-03-02` as a field", "write a space after the colon: `date: 2026-03-02`"),
    ("title:Lead the team\ntype: leadership", 2, 6,
     "`title:` has no space after it, so YAML does not read `title:Lead the team` as a field",
     "write a space after the colon: `title: Lead the team`"),
    ("milestones:\n  - title: a\n    due: 2026-01-01\n  - title:b\n    due: 2026-02-01", 5, 10,
     "`title:` has no space after it, so YAML does not read `title:b` as a field", "write a space after the colon: `title: b`"),
    # The first field of a section whose line ends in a comment, after a space or a tab: after
    # a tab, it was told that the field below "does not line up with any field above it".
    ("feedback: # who\n  who:Me\n  how: monthly", 3, 6,
     "`who:` has no space after it, so YAML does not read `who:Me` as a field", "write a space after the colon: `who: Me`"),
    ("feedback:\t# who\n  who:Me\n  how: monthly", 3, 6,
     "`who:` has no space after it, so YAML does not read `who:Me` as a field", "write a space after the colon: `who: Me`"),
])
def test_a_field_without_a_space_after_its_colon_is_named_at_its_line(field, line, column, message, hint):
    """libyaml stopped at the line below, with a hint to check indentation."""
    [diagnostic] = parse_problems(f"---\n{field}\n---\nBody.\n")
    assert diagnostic.format() == f"{PATH}:{line}:{column}: error: {message}\n    hint: {hint}"


def test_text_going_on_below_a_field_is_not_taken_for_a_field_without_its_space():
    [diagnostic] = parse_problems("---\nwhy: It is\n  ratio:high and\n  then: more\n---\n")
    assert "no space" not in diagnostic.message


BLOCK_SCALAR = "at the start of a value begins a YAML block scalar, whose text goes on the lines below it, not after it"


@pytest.mark.parametrize(("field", "line", "column", "message", "hint"), [
    # libyaml: "did not find expected comment or line break (while scanning a block scalar)",
    # at the text after the indicator.
    ("title: | My goal", 2, 8, f"`|` {BLOCK_SCALAR}",
     'to keep the `|` as text, quote the whole value: `title: "| My goal"`; for text on several lines, '
     "end the line at `title: |` and indent the text on the lines below"),
    ("why: > because it matters  # the reason", 2, 6, f"`>` {BLOCK_SCALAR}",
     'to keep the `>` as text, quote the whole value: `why: "> because it matters"`; for text on several lines, '
     "end the line at `why: >` and indent the text on the lines below"),
    ("why: >- Lead: the next step", 2, 6, f"`>-` {BLOCK_SCALAR}",
     'to keep the `>-` as text, quote the whole value: `why: ">- Lead: the next step"`; for text on several lines, '
     "end the line at `why: >-` and indent the text on the lines below"),
    ("gaps:\n  - need: |Dutch\n    plan: a course", 3, 11, f"`|` {BLOCK_SCALAR}",
     'to keep the `|` as text, quote the whole value: `need: "|Dutch"`; for text on several lines, '
     "end the line at `need: |` and indent the text on the lines below"),
    ("non_negotiables:\n  - > Family first", 3, 5, f"`>` {BLOCK_SCALAR}",
     'to keep the `>` as text, quote the whole item: `- "> Family first"`; for text on several lines, '
     "end the line at `- >` and indent the text on the lines below"),
    # libyaml: "mapping keys are not allowed in this context".
    ("outcome: ? still open", 2, 10, "a value cannot start with `? ` in YAML, which reads `?` as a complex key's indicator (`? key`)",
     'quote the whole value: `outcome: "? still open"`'),
])
def test_a_value_after_a_block_or_key_indicator_is_explained_with_the_value_quoted(field, line, column, message, hint):
    """libyaml said "did not find expected comment or line break" or "mapping keys are not
    allowed in this context", with the hint to check indentation: neither names the `|`,
    `>` or `?` that YAML read as the start of something other than text."""
    [diagnostic] = parse_problems(f"---\n{field}\n---\nBody.\n")
    assert diagnostic.format() == f"{PATH}:{line}:{column}: error: {message}\n    hint: {hint}"


SAME_COLUMN = {"field": "the fields of one item or section start in the same column",
               "item": "the items of one list start in the same column"}


@pytest.mark.parametrize(("fields", "line", "column", "message", "hint"), [
    # Under a text value, YAML reads the field as more of that value.
    ("title: Lead\n  type: leadership", 3, 3, "`type:` does not line up with any field above it",
     f"start it in column 1, like `title:` on line 2: {SAME_COLUMN['field']}"),
    ("indicators:\n  - id: talks\n    name: Talks given\n   kind: leading\n    target: 4", 5, 4,
     "`kind:` does not line up with any field above it", f"start it in column 5, like `name:` on line 4: {SAME_COLUMN['field']}"),
    ("indicators:\n  - id: talks\n    name: Talks given\n     kind: leading", 5, 6,
     "`kind:` does not line up with any field above it", f"start it in column 5, like `name:` on line 4: {SAME_COLUMN['field']}"),
    # Halfway between the item's fields and the section's: either may be meant.
    ("milestones:\n  - title: Pilot\n    due: 2026-05-01\n  - title: Launch\n  due: 2026-06-01", 6, 3,
     "`due:` does not line up with any field above it",
     f"start it in column 5, like `title:` on line 5, or in column 1, like `milestones:` on line 2: {SAME_COLUMN['field']}"),
    ("milestones:\n- title: Pilot\n  due: 2026-05-01\n - title: Launch\n   due: 2026-06-01", 5, 2,
     "this list item's `-` does not line up with the `-` of the items above it",
     f"start it in column 1, like the `-` on line 3: {SAME_COLUMN['item']}"),
    ("milestones:\n  - {title: Pilot, due: 2026-05-01}\n - {title: Launch, due: 2026-06-01}", 4, 2,
     "this list item's `-` does not line up with the `-` of the items above it",
     f"start it in column 3, like the `-` on line 3: {SAME_COLUMN['item']}"),
])
def test_a_line_out_of_line_is_told_with_the_column_it_lines_up_with(fields, line, column, message, hint):
    """libyaml said "mapping values are not allowed in this context", "did not find expected
    '-' indicator" or "did not find expected key", with a hint to check indentation that
    named no column: the commonest mistake of a newcomer to YAML, told in parser words."""
    [diagnostic] = parse_problems(f"---\n{fields}\n---\n")
    assert diagnostic.format() == f"{PATH}:{line}:{column}: error: {message}\n    hint: {hint}"


def test_a_line_of_text_indented_under_a_value_keeps_the_hint_on_indentation():
    """`and more: here` is no field (a field's name has no spaces): the text of a value
    going on, whose `: ` YAML stumbles on, not a line to move."""
    [diagnostic] = parse_problems("---\nwhy: A long reason\n  and more: here\n---\n")
    assert diagnostic.format() == (
        f"{PATH}:3:11: error: invalid YAML: mapping values are not allowed in this context\n"
        "    hint: check indentation and quote values that contain `: ` or start with a symbol"
    )


def test_control_characters_are_reported_where_they_are():
    """A control character passed `check` and `build` and made feed.xml invalid XML. Only
    the body's first was reported: the `\x7f` showed up only once it was deleted."""
    text = '---\ntitle: "Launch \\x01 done"\nwhy: \'plain\'\n---\nFirst line.\nSecond \x02 line, \x7f too.\n'
    assert problems(text) == [
        (2, 8, "control-character", "the text holds the character U+0001, which web pages and feeds cannot carry"),
        (6, 8, "control-character", "the body holds the character U+0002, which web pages and feeds cannot carry"),
        (6, 16, "control-character", "the body holds the character U+007F, which web pages and feeds cannot carry"),
    ]
    assert problems('---\ntitle: "a \\uffff"\n---\nText \ufffe.\n') == [
        (2, 8, "control-character", "the text holds the character U+FFFF, which web pages and feeds cannot carry"),
        (4, 6, "control-character", "the body holds the character U+FFFE, which web pages and feeds cannot carry"),
    ]
    assert problems("---\ntitle: x\nwhy: a \x1b b\n---\n") == [
        (3, 8, "control-character", "the line holds the character U+001B, which web pages and feeds cannot carry")
    ]


def test_past_twenty_control_characters_in_a_body_one_error_counts_the_rest():
    """Text pasted from a terminal may hold thousands: each of the first 20 is reported
    where it is, and one error at the 21st counts the rest and names their codes."""
    body = "".join(f"Line {n} \x1b[0m{chr(7) if n % 2 else ''}\n" for n in range(1, 25))
    found = parse_problems(f"---\ntitle: x\n---\n{body}")
    holds = "the body holds the character U+{}, which web pages and feeds cannot carry"
    assert [(d.line, d.column, d.message) for d in found[:3]] == [
        (4, 8, holds.format("001B")), (4, 12, holds.format("0007")), (5, 8, holds.format("001B"))]
    assert len(found) == 21
    assert found[-1].format() == (f"{PATH}:17:9: error: and 16 more such characters in the body, from here on\n"
                                  "    hint: delete them too: search for U+0007 and U+001B")


@pytest.mark.parametrize(("character", "name"), [("\u2028", "line"), ("\u2029", "paragraph")])
def test_unicode_line_separators_in_front_matter_are_reported_where_they_are(character, name):
    """YAML reads U+2028 and U+2029 as line breaks, which editors do not show: every line
    reported below one was a line off (`kind` on line 4 was said to be on line 5), and in
    a plain value YAML stopped on the next line, far from it. Escaped, it is text."""
    text = f'---\ntitle: "Led the{character}launch"\ndate: 2026-01-05\nkind: projekt\n---\nBody.\n'
    assert problems(text) == [(2, 16, "line-separator", f"the line holds the character U+{ord(character):04X} "
                                                        f"({name} separator), which YAML reads as a line break")]
    assert parse_content(f'---\ntitle: "a \\u{ord(character):04x} b"\n---\nText {character} on.\n', PATH).data == {"title": f"a {character} b"}


def test_a_line_separator_below_an_empty_first_line_is_placed_on_its_own_line():
    assert problems("---\n\nwhy: a\u2028b\n---\n") == [
        (3, 7, "line-separator", "the line holds the character U+2028 (line separator), which YAML reads as a line break")]


def test_a_value_its_explicit_tag_refuses_names_the_type():
    assert problems("---\ntitle: x\nyear: !!int twenty\n---\n") == [
        (3, 7, "bad-value", "`twenty` is not a valid int: invalid literal for int() with base 10: 'twenty'")]


@pytest.mark.parametrize(
    ("written", "code", "message", "hint"),
    [
        ("012", "octal-number", "`012` is read as the number 10: YAML reads a whole number that starts with 0 in base 8",
         'write 12 without the leading zero, or quote it to keep it as text: "012"'),
        ("-0_07", "octal-number", "`-0_07` is read as the number -7: YAML reads a whole number that starts with 0 in base 8",
         'write -7 without the leading zero, or quote it to keep it as text: "-0_07"'),
        ("00", "octal-number", "`00` is read as the number 0: YAML reads a whole number that starts with 0 in base 8",
         'write 0 without the leading zero, or quote it to keep it as text: "00"'),
        ("10:00", "base-60-number", "`10:00` is read as the number 600: YAML reads numbers with `:` in base 60",
         'quote it to keep it as text (a time of day): "10:00", or write the number you mean, such as 600'),
        ("1:30.5", "base-60-number", "`1:30.5` is read as the number 90.5: YAML reads numbers with `:` in base 60",
         'quote it to keep it as text (a time of day): "1:30.5", or write the number you mean, such as 90.5'),
    ],
)
def test_a_number_yaml_reads_in_another_base_is_refused(written, code, message, hint):
    """YAML 1.1 (PyYAML, libyaml) reads these in base 8 or 60, YAML 1.2 (most editors' YAML
    tools) as 12 and as text: the writer meant one, and the site would show the other."""
    value, refused = read_yaml(f"title: x\ngoals:\n  - target: {written}\n", 2, PATH)
    assert refused == [Diagnostic(PATH, 4, 13, "error", code, message, hint, "goals[0].target")]


@pytest.mark.parametrize("written", ["9" * 5000, "-" + "1" * 1001, "0x" + "f" * 5000, "0b" + "1" * 20000, "0" + "7" * 5000,
                                     "1:" + "0:" * 3000 + "0"])
def test_a_number_too_long_for_any_field_is_refused_in_a_few_words(written):
    """Python writes no whole number of more than 4,300 digits: YAML's int() refused one
    written so, and the message quoted all its digits with a hint about dates; one in
    base 16, 8 or 2 was read, and `check` stopped at writing it in the message, as a bug
    (exit 3). No field takes a number of 1,000 characters: floats end at 1e308."""
    value, refused = read_yaml(f"title: x\ngoals:\n  - target: {written}\n", 2, PATH)
    assert value == {"title": "x", "goals": [{"target": written}]}
    assert refused == [Diagnostic(PATH, 4, 13, "error", "number-too-large",
                                  f"`{written[:12]}...` is too large: a number of {len(written):,} characters",
                                  "write a number below 1e308, or quote it to keep it as text", "goals[0].target")]


def test_a_number_of_a_thousand_characters_is_read():
    assert read_yaml(f"n: 0x{'f' * 998}\n", 1, PATH) == ({"n": 16 ** 998 - 1}, [])


@pytest.mark.parametrize("written", ["0", "10", "0.5", "08", "0x1F", "1_000", "'012'", '"10:00"', "2026-01-05"])
def test_numbers_in_base_10_hex_or_quoted_are_not_refused(written):
    assert read_yaml(f"n: {written}\n", 1, PATH)[1] == []


def test_tabs_line_breaks_and_other_escapes_are_fine():
    parsed = parse_content('---\ntitle: "Tab\\there \\u00e9 \\\\x01"\n---\nText\twith a tab.\r\n', PATH)
    assert parsed.data == {"title": "Tab\there \u00e9 \\x01"}
    assert parsed.problems == ()


def test_every_refusal_in_a_file_is_reported():
    text = "---\na: 1\na: 2\nb: !!python/name:os.system\n3: x\n---\n"
    assert [p[2] for p in problems(text)] == ["duplicate-key", "tag", "key-not-text"]


def test_read_yaml_counts_lines_from_the_given_first_line():
    value, problems = read_yaml("a: 1\na: 2\n", 10, "x.yaml")
    assert value == {"a": 1}  # the first one is kept, so the rest can still be checked
    assert [d.format() for d in problems] == [
        "x.yaml:11:1: error: `a` is given twice (first on line 10)\n    hint: keep one of them"
    ]


def comment_warnings(fields: str) -> list[str]:
    parsed = parse_content(f"---\n{fields}\n---\nBody.\n", PATH)
    assert parsed.problems == ()
    return [d.format() for d in parsed.warnings]


@pytest.mark.parametrize(("fields", "expected"), [
    ("title: Launch #2", "2:15: warning: the text after `#` is a YAML comment, so `title` is `Launch`, not `Launch #2`\n"
     '    hint: quote the value to keep it: `title: "Launch #2"`'),
    ("title: Ship it  #hashtag and more  ", "2:17: warning: the text after `#` is a YAML comment, so `title` is `Ship it`, "
     "not `Ship it  #hashtag and more`\n"
     '    hint: quote the value to keep it: `title: "Ship it  #hashtag and more"`'),
    # Columns count characters, as editors do, not bytes.
    ("title: Lancement été #2", "2:22: warning: the text after `#` is a YAML comment, so `title` is `Lancement été`, "
     "not `Lancement été #2`\n"
     '    hint: quote the value to keep it: `title: "Lancement été #2"`'),
    ("skills:\n  - rust #1\n  - SQL", "3:10: warning: the text after `#` is a YAML comment, so `skills[0]` is `rust`, not `rust #1`\n"
     '    hint: quote the value to keep it: `- "rust #1"`'),
    ("milestones:\n  - title: Beta #2\n    due: 2026-03-01",
     "3:17: warning: the text after `#` is a YAML comment, so `milestones[0].title` is `Beta`, not `Beta #2`\n"
     '    hint: quote the value to keep it: `title: "Beta #2"`'),
    # Text over two lines: the comment cuts the second.
    ("why: Because the team\n  needs #leadership", "3:9: warning: the text after `#` is a YAML comment, so `why` is "
     "`Because the team needs`, not `Because the team needs #leadership`\n"
     '    hint: quote the value to keep it: `why: "Because the team needs #leadership"`'),
    # YAML takes a tab before the `#` for a space.
    ("title: Launch\t#2", "2:15: warning: the text after `#` is a YAML comment, so `title` is `Launch`, not `Launch\t#2`\n"
     '    hint: quote the value to keep it: `title: "Launch\t#2"`'),
    ("skills:\n  - rust \t#1", "3:11: warning: the text after `#` is a YAML comment, so `skills[0]` is `rust`, not `rust \t#1`\n"
     '    hint: quote the value to keep it: `- "rust \t#1"`'),
    ('title: The "big" one #2', "2:22: warning: the text after `#` is a YAML comment, so `title` is `The \"big\" one`, "
     'not `The "big" one #2`\n'
     """    hint: quote the value to keep it: `title: 'The "big" one #2'`"""),
])
def test_a_comment_with_no_space_after_its_hash_in_a_text_is_a_warning_at_the_hash(fields, expected):
    """`title: Launch #2` was published as "Launch" without a word: YAML reads the rest as
    a comment. The file still loads: a comment may be meant."""
    assert comment_warnings(fields) == [f"{PATH}:{expected}"]


@pytest.mark.parametrize("fields", [
    "title: Launch # a comment as people write one",
    "title: Launch\t# a comment after a tab",
    'title: "Launch #2"',
    "title: C# and F#",
    "title: Launch#2",
    "target: 12 #approx",  # a number, not text cut short
    "date: 2026-03-01 #planned",
    "title: Launch #",
    "why: >-\n  Launch #2",  # a block of text holds its `#`
    "skills: #main\n  - rust",
    "skills: [rust, go] #main",
])
def test_a_comment_written_with_a_space_or_after_no_plain_text_is_no_warning(fields):
    assert comment_warnings(fields) == []


@pytest.fixture
def without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """YAML read as where PyYAML has no libyaml (built from source without it): by its own
    reader, in every module that picks one."""
    import goalfolio.frontmatter

    monkeypatch.setattr(goalfolio.frontmatter, "_Loader", yaml.SafeLoader)
    monkeypatch.delattr(yaml, "CSafeLoader")


def test_without_libyaml_a_comment_after_a_space_is_a_warning_as_with_it(without_libyaml: None) -> None:
    assert comment_warnings("title: Launch #2") == [
        f"{PATH}:2:15: warning: the text after `#` is a YAML comment, so `title` is `Launch`, not `Launch #2`\n"
        '    hint: quote the value to keep it: `title: "Launch #2"`']


@pytest.mark.parametrize(("fields", "column"), [("title: Launch\t#2", 14), ("title:\tLaunch", 7), ("skills: [a,\tb]", 12)])
def test_without_libyaml_a_tab_between_the_parts_of_a_line_is_told_to_be_a_space(without_libyaml: None, fields: str,
                                                                                 column: int) -> None:
    """libyaml reads each tab as a space (`title: Launch<TAB>#2` is `Launch` and a comment,
    a warning); PyYAML's own reader stops at it, which was told as "found a tab where YAML
    takes only spaces, as it does not allow tabs for indentation", with a hint to indent
    with spaces, of a tab that indents nothing."""
    [diagnostic] = parse_problems(f"---\n{fields}\n---\n")
    assert diagnostic.format() == (
        f"{PATH}:2:{column}: error: this tab stops PyYAML, installed here without libyaml: it takes only spaces between "
        "the parts of a line\n"
        "    hint: write a space in place of the tab (PyYAML with libyaml, as its wheels have it, reads a tab there as a space)")


def test_without_libyaml_a_tab_after_a_dash_is_told_as_with_it(without_libyaml: None) -> None:
    """libyaml too stops at it: the message is the same."""
    test_a_tab_after_a_dash_says_yaml_wants_spaces()


# --- positions on demand ---------------------------------------------------------------------

FRONT = FrontMatter(
    "title: Lead\n"          # line 2
    "tags: [a, b]\n"         # line 3
    "indicators:\n"          # line 4
    "  - id: x\n"            # line 5
    "    target: '3'\n"      # line 6
    "  - id: y\n"            # line 7
    "    target: 4",         # line 8
    2,
)


@pytest.mark.parametrize(
    ("path", "key", "where"),
    [
        (("title",), False, (2, 8, "Lead")),
        (("title",), True, (2, 1, "title")),
        (("tags", 1), False, (3, 11, "b")),
        (("indicators", 0, "target"), False, (6, 13, None)),  # quoted: no plain text to show
        (("indicators", 1, "target"), True, (8, 5, "target")),
        (("indicators", 1), False, (7, 5, None)),
        (("missing",), True, (2, 1, None)),  # falls back to the enclosing mapping
        (("tags", 7), False, (3, 7, None)),  # index past the end: the list itself
    ],
)
def test_locate(path, key, where):
    found = FRONT.locate(path, key=key)
    assert (found.line, found.column, found.raw) == where


def test_locate_in_unparsable_text_gives_the_first_line():
    found = FrontMatter("a: [", 5).locate(("a",))
    assert (found.line, found.column) == (5, 1)


# Text without the control characters and line separators that are refused (see test_control_characters_...
# and test_unicode_line_separators_...).
CHARACTERS = st.characters(exclude_categories=("Cs",),
                           exclude_characters=[chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFE, 0xFFFF]])
SCALARS = st.one_of(
    st.text(CHARACTERS, max_size=12), st.integers(), st.booleans(), st.none(), st.dates(),
    st.floats(allow_nan=False), st.sampled_from(["yes", "no", "on", "~", "1e3", "0x1F", "0o17", "12:30", ".inf", "null", "2026-01-01"]),
)


def nested(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """A function, not a lambda over two lines: Hypothesis reads a lambda's source to check
    that it uses its argument, and warned it did not where it could not read it."""
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(CHARACTERS, min_size=1, max_size=8), inner, max_size=3)


VALUES = st.recursive(SCALARS, nested, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(CHARACTERS, min_size=1, max_size=8), VALUES, max_size=6), st.booleans())
def test_read_yaml_gives_what_the_safe_loader_gives(data: dict[str, object], flow: bool) -> None:
    """Values are built from the composed nodes (to keep positions), not by PyYAML's loader:
    they must be the same, whatever the quoting and style."""
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    assert read_yaml(text, 2, PATH) == (yaml.safe_load(text), [])


@pytest.mark.parametrize("line", ["a: yes", "a: !!str 5", "a: '5'", "a: 0x1F", "a: 1_000", "a: 2026-01-01 10:00:00", "a: .NaN",
                                  "a: [1, '2', three]", "a: |\n  block\n  text\n", "a: >-\n  folded\n  text\n", "a: !!str\n"])
def test_read_yaml_gives_what_the_safe_loader_gives_for_written_forms(line: str) -> None:
    value, refused = read_yaml(line, 2, PATH)
    expected = yaml.safe_load(line)
    assert refused == [] and repr(value) == repr(expected)
