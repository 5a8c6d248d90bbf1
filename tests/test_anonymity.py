"""An anonymous endorsement's shown texts may not name its author, in any spelling a reader
would recognise as the name: the rule in goalfolio.anonymity."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_files
from hypothesis import given, settings
from hypothesis import strategies as st

from goalfolio import anonymity
from goalfolio.anonymity import _may_name, _named, author_names
from goalfolio.models import Endorsement
from goalfolio.namefold import literal_pieces


def _findings(tmp_path: Path, author: str, body: str, role: str = "Director", config: str | None = None) -> list[str]:
    text = (f'---\nauthor: "{author}"\nrole: "{role}"\nrelationship: manager\ndate: 2026-09-03\n'
            f"attribution: anonymous\n---\n{body}\n")
    _, problems = load_files(tmp_path, {"content/endorsements/x.md": text}, config)
    return [f"{p.line}:{p.column}: {p.severity}: {p.message}" for p in problems]


NAMED = "error: this anonymous endorsement shows its author's name"


@pytest.mark.parametrize(("author", "body", "expected"), [
    # Accents, capitals, apostrophes, hyphens: a reader sees the name all the same.
    ("José Núñez", "Great. -- Jose Nunez", [f"8:11: {NAMED}, `Jose Nunez`"]),
    ("José Núñez", "Great. -- JOSÉ NÚÑEZ", [f"8:11: {NAMED}, `JOSÉ NÚÑEZ`"]),
    ("José Núñez", "Great. -- Jose\u0301 Nu\u0301n\u0303ez", [f"8:11: {NAMED}, `Jose\u0301 Nu\u0301n\u0303ez`"]),
    ("Ana Ruiz", "Great. -- ANA RUIZ", [f"8:11: {NAMED}, `ANA RUIZ`"]),
    ("Sean O'Brien", "Great. -- Sean O\u2019Brien", [f"8:11: {NAMED}, `Sean O\u2019Brien`"]),
    ("Jean-Luc Picard", "Great. -- Jean Luc Picard", [f"8:11: {NAMED}, `Jean Luc Picard`"]),
    # Letters written without their stroke or as two letters, an umlaut as its vowel and `e`.
    ("Łukasz Wróbel", "Great. -- Lukasz Wrobel", [f"8:11: {NAMED}, `Lukasz Wrobel`"]),
    ("Søren Æsir", "Great. -- Soren Aesir", [f"8:11: {NAMED}, `Soren Aesir`"]),
    ("Björn Müller", "Gruß, Bjoern Mueller", [f"8:7: {NAMED}, `Bjoern Mueller`"]),
    ("Jürgen Weiß", "Gruß, Jürgen Weiss", [f"8:7: {NAMED}, `Jürgen Weiss`"]),
    ("Björn Müller", "Mail: bjoern.mueller@example.com", [f"8:7: {NAMED}, `bjoern.mueller`"]),
    # Markup between the words, the last name first, an aside in the author field.
    ("Ana Ruiz", "Great. -- Ana **Ruiz**", [f"8:11: {NAMED}, `Ana **Ruiz`"]),
    ("Ana Ruiz", "Great. -- Ana&nbsp;Ruiz", [f"8:11: {NAMED}, `Ana&nbsp;Ruiz`"]),
    ("Ana Ruiz", "Great. -- Ana\\\nRuiz", [f"8:11: {NAMED}, `Ana\\\nRuiz`"]),  # a line break, as `\` ends a line
    ("Ana Ruiz", "Great. -- Ruiz, Ana", [f"8:11: {NAMED}, `Ruiz, Ana`"]),
    ("Ana Ruiz (CTO)", "Great. -- Ana Ruiz", [f"8:11: {NAMED}, `Ana Ruiz`"]),
    # A name of three parts or more, shortened to its first and last: people write it so.
    ("Maria Elena Garcia", "Great. -- Maria Garcia", [f"8:11: {NAMED}, `Maria Garcia`"]),
    ("Maria Elena Garcia", "Great. -- Garcia, Maria", [f"8:11: {NAMED}, `Garcia, Maria`"]),
    ("Maria Elena Garcia", "Write to maria.garcia@example.com", [f"8:10: {NAMED}, `maria.garcia`"]),
    ("Maria Elena Garcia", "Thanks, Elena Garcia.",
     ["8:9: warning: this anonymous endorsement shows `Elena`, a part of its author's name"]),
    # An address holding the name.
    ("Ana Ruiz", "Write to ana.ruiz@example.com", [f"8:10: {NAMED}, `ana.ruiz`"]),
    ("Ana Ruiz", "See linkedin.com/in/ana-ruiz", [f"8:21: {NAMED}, `ana-ruiz`"]),
    ("Ana Ruiz", "See https://linkedin.com/in/anaruiz", [f"8:29: {NAMED}, `anaruiz`"]),
    ("Priya", "Write to priya@example.com.", [f"8:10: {NAMED}, `priya`"]),  # a one-word name too
    ("Priya", "See linkedin.com/in/priya", [f"8:21: {NAMED}, `priya`"]),
    ("Hope", "We hope so; see hope.example.com for more.", []),
    # A script written without spaces: the name inside a word.
    ("李雷", "很好。李雷说", [f"8:4: {NAMED}, `李雷`"]),
    # A part may be a word of the text, so a warning.
    ("Jean-Luc Picard", "Thanks, Jean.", ["8:9: warning: this anonymous endorsement shows `Jean`, a part of its author's name"]),
    # Common words that are not the name as written.
    ("Will Hope", "I will hope so.", []),
    ("Hope", "We hope to work together.", []),
    ("Grace Young", "She handled it with grace; young people learnt from her.", []),
    ("May Chen", "We met Chen. May I add more?", ["8:8: warning: this anonymous endorsement shows `Chen`, a part of its author's name"]),
    ("Ana Ruiz", "Our analytics.example.com/ruiz dashboard.", []),
    # A name of two letters is a name, an initial without its point is not.
    ("Bo Lindqvist", "Thanks. -- Bo Lindqvist", [f"8:12: {NAMED}, `Bo Lindqvist`"]),
    ("J Lindqvist", "Thanks. -- J Lindqvist", [f"8:14: {NAMED}, `Lindqvist`"]),
    # A name of one character in a script without spaces.
    ("雷", "很好。雷说", [f"8:4: {NAMED}, `雷`"]),
    # The first of several mentions is the one reported.
    ("Ana Ruiz", "Ana Ruiz led it. -- Ana Ruiz", [f"8:1: {NAMED}, `Ana Ruiz`"]),
    # A part of two letters, and a part of a name written in lowercase, in capitals throughout.
    ("Jo-Ann Smith", "Thanks, Jo.", ["8:9: warning: this anonymous endorsement shows `Jo`, a part of its author's name"]),
    ("bell hooks", "Signed, HOOKS.", ["8:9: warning: this anonymous endorsement shows `HOOKS`, a part of its author's name"]),
    # An address is the run of text without spaces holding the name, a handle's `@` too.
    ("Ana Ruiz", "Find her as @anaruiz.", [f"8:14: {NAMED}, `anaruiz`"]),
    ("Hope", "Slides at example.com/talks/ hope you like them.", []),
    # A space in an address is written `%20`: a search link or a file named after the author.
    ("Ana Ruiz", "See [her](https://www.google.com/search?q=Ana%20Ruiz).", [f"8:43: {NAMED}, `Ana%20Ruiz`"]),
    ("Ana Ruiz", "[Letter](assets/Reference%20from%20Ana%20Ruiz.pdf)", [f"8:36: {NAMED}, `Ana%20Ruiz`"]),
    ("Ana Ruiz", "See example.com/people/ruiz%20ana for it.", [f"8:24: {NAMED}, `ruiz%20ana`"]),
    # A word of the author field that is no name (dashes): goalfolio check stopped on an internal error.
    ("Ana --", "Great -- really.", []),
])
def test_an_anonymous_endorsement_naming_its_author(tmp_path: Path, author: str, body: str, expected: list[str]) -> None:
    """Each of these published the name without a word from check (or, for the warnings, a
    part of it only); the common words stay no finding."""
    assert _findings(tmp_path, author, body) == expected


def test_a_shown_field_naming_the_author_in_another_spelling(tmp_path: Path) -> None:
    """The front matter's shown fields are held to the same rule as the body."""
    assert _findings(tmp_path, "José Núñez", "Great.", role="Jose Nunez's manager") == [
        f"3:7: {NAMED}, `Jose Nunez`"]


IN_LANGUAGE = "in the language of a code block"


@pytest.mark.parametrize(("body", "expected"), [
    ("Great work.\n\n```zed-quarry\nx = 1\n```", [f"10:4: {NAMED}, `zed-quarry`, {IN_LANGUAGE}"]),
    ("Great work.\n\n~~~ zedquarry.py {.numbered}\nx = 1\n~~~", [f"10:5: {NAMED}, `zedquarry`, {IN_LANGUAGE}"]),
    ("Great work.\n\n> - ```zed_quarry\n>   x = 1", [f"10:8: {NAMED}, `zed_quarry`, {IN_LANGUAGE}"]),
    ("Great work.\n\n```z&#101;d-quarry\nx = 1\n```", [f"10:4: {NAMED}, `z&#101;d-quarry`, {IN_LANGUAGE}"]),
    ("Great work.\n\n```zed\\-quarry\nx = 1\n```", [f"10:4: {NAMED}, `zed-quarry`, {IN_LANGUAGE}"]),  # markdown-it drops the `\\`
    # Not the language: the code itself and a code span are text, read as prose; a word
    # after the language is written nowhere.
    ("Great work.\n\n```python\nzed_quarry = 1\n```", []),
    ("Great work: ```zed-quarry```.", []),
    ("Great work.\n\n```text zed-quarry\nx\n```", []),
])
def test_a_fenced_code_blocks_language_naming_the_author(tmp_path: Path, body: str, expected: list[str]) -> None:
    """The page writes a fence's language into the HTML (`class="language-zed-quarry"`), and
    check, reading it as prose, where only the capitals as written name someone, let the
    author's name through. It is read as an address is, in any capitals."""
    assert _findings(tmp_path, "Zed Quarry", body) == expected
    if expected:
        _, problems = load_files(tmp_path / "hint", {"content/endorsements/x.md": (
            '---\nauthor: "Zed Quarry"\nrole: Lead\nrelationship: manager\ndate: 2026-09-03\nattribution: anonymous\n---\n'
            f"{body}\n")})
        assert [p.hint for p in problems] == ["the page writes a code block's language into its HTML (`class=\"language-...\"`): "
                                              "take the name out, or set `attribution: named` if the author agrees to be named"]


def test_a_body_without_a_fence_is_not_searched_for_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every anonymous endorsement's body is read on every build: one without a fence costs
    no more than before."""

    class NoSearch:
        def finditer(self, text: str) -> None:
            raise AssertionError(f"searched {text!r} for a fence")

    monkeypatch.setattr(anonymity, "_FENCE_LANGUAGE_RE", NoSearch())
    assert anonymity.body_mention("Great work, `zed` and ``quarry``: -- zed-quarry", ["Zed", "Quarry"]) is None


def test_a_name_on_a_later_line_of_the_body_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    assert _findings(tmp_path, "Ana Ruiz", "Great work.\n\nThanks,\n  -- Ana Ruiz") == [f"11:6: {NAMED}, `Ana Ruiz`"]


@pytest.mark.parametrize(("body", "expected"), [
    # Characters a page does not show: a soft hyphen (as copied from a hyphenated page, or
    # written `&shy;`), zero-width spaces and joiners, a word joiner.
    ("Great. -- Pri\u00adya Shah", [f"8:11: {NAMED}, `Pri\u00adya Shah`"]),
    ("Great. -- Pri&shy;ya Shah", [f"8:11: {NAMED}, `Pri&shy;ya Shah`"]),
    ("Great. -- Priya\u200b Shah", [f"8:11: {NAMED}, `Priya\u200b Shah`"]),
    ("Great. -- Pri\u200dya Sh\u2060ah", [f"8:11: {NAMED}, `Pri\u200dya Sh\u2060ah`"]),
    # A Hangul filler, which a browser shows as a blank space, between the words.
    ("Great. -- Priya\u3164Shah", [f"8:11: {NAMED}, `Priya\u3164Shah`"]),
    # Character references, which the page shows as the characters they stand for.
    ("Great. -- Priya&#32;Shah", [f"8:11: {NAMED}, `Priya&#32;Shah`"]),
    ("Great. -- &#80;riya Sha&#x68;", [f"8:11: {NAMED}, `&#80;riya Sha&#x68;`"]),
    ("Great. -- Priya&ensp;Shah", [f"8:11: {NAMED}, `Priya&ensp;Shah`"]),
    ("Priya Shah &amp; her team were great.", [f"8:1: {NAMED}, `Priya Shah`"]),  # the name first, a reference after
    ("Thanks, Pri\u00adya.", ["8:9: warning: this anonymous endorsement shows `Pri\u00adya`, a part of its author's name"]),
    # A reference that shows no letter of the name, and text around it, stay as they were.
    ("Smith &amp; Shah&apos;s team; &#80;ark.", ["8:13: warning: this anonymous endorsement shows `Shah`, a part of its author's name"]),
    # Without its `;` it is no reference: markdown-it writes `&#80riya` as it is.
    ("Great. -- &#80riya Shah", ["8:20: warning: this anonymous endorsement shows `Shah`, a part of its author's name"]),
])
def test_a_name_the_page_shows_whole_through_hidden_characters_or_references(tmp_path: Path, body: str,
                                                                               expected: list[str]) -> None:
    """The page showed `Priya Shah` for each of these bodies (markdown-it writes a reference
    as its character, and a browser shows no soft hyphen or zero-width character), while
    the check, reading the text as written, found no name and the build published it."""
    assert _findings(tmp_path, "Priya Shah", body) == expected


def test_a_shown_field_is_read_as_the_page_escapes_it(tmp_path: Path) -> None:
    """A page writes a front matter field escaped, so a reference in it shows as written, and
    names no one; a soft hyphen in it is not shown."""
    assert _findings(tmp_path, "Priya Shah", "Great.", role="&#80;riya's team lead") == []
    assert _findings(tmp_path, "Priya Shah", "Great.", role="Pri\u00adya Shah's manager") == [f"3:7: {NAMED}, `Pri\u00adya Shah`"]


ZEBEDIAH = "error: this anonymous endorsement shows its author's name"
QUARRINGTON = "8:{}: warning: this anonymous endorsement shows `Quarrington`, a part of its author's name"
ALLOW_HTML = "title: Test portfolio\ntoday: 2026-11-20\nmarkdown:\n  allow_html: true\n"


@pytest.mark.parametrize(("body", "expected"), [
    # Emphasis, strikethrough, a code span, a link or a tag inside a word: the page shows
    # the word whole (`<strong>Zebe</strong>diah`).
    ("Great. -- **Zebe**diah Quarrington", [f"8:13: {ZEBEDIAH}, `Zebe**diah Quarrington`"]),
    ("Great. -- Zebe*dia*h Quarrington", [f"8:11: {ZEBEDIAH}, `Zebe*dia*h Quarrington`"]),
    ("Great. -- ~~Zebe~~diah Quarrington", [f"8:13: {ZEBEDIAH}, `Zebe~~diah Quarrington`"]),
    ("Great. -- Zebediah Quarr`ington`", [f"8:11: {ZEBEDIAH}, `Zebediah Quarr`ington`"]),
    ("Great. -- [Zebe](https://example.com)diah Quarrington",
     [f"8:12: {ZEBEDIAH}, `Zebe](https://example.com)diah Quarrington`"]),
    ("Great. -- Zebe<b></b>diah Quarrington", [f"8:11: {ZEBEDIAH}, `Zebe<b></b>diah Quarrington`"]),
    ("Great. -- Zebe<!-- x -->diah Quarrington", [f"8:11: {ZEBEDIAH}, `Zebe<!-- x -->diah Quarrington`"]),
    # A code span or a link between the words.
    ("Great. -- Zebediah `Quarrington`", [f"8:11: {ZEBEDIAH}, `Zebediah `Quarrington`"]),
    ("Great. -- [Zebediah](https://example.com) Quarrington",
     [f"8:12: {ZEBEDIAH}, `Zebediah](https://example.com) Quarrington`"]),
    # What the page shows as written parts the word: a backslash before a letter, an
    # underscore inside a word (no emphasis there).
    ("Great. -- Zebe\\diah Quarrington", [QUARRINGTON.format(21)]),
    ("Great. -- __Zebe__diah Quarrington", [QUARRINGTON.format(24)]),
])
def test_a_name_the_page_shows_whole_through_markup(tmp_path: Path, body: str, expected: list[str]) -> None:
    """The page showed `Zebediah Quarrington` for each of these bodies (markdown-it writes no
    mark of emphasis, a code span, a link or, with `markdown.allow_html`, a tag), while the
    check, reading the words as written, found only one part of the name."""
    assert _findings(tmp_path, "Zebediah Quarrington", body, config=ALLOW_HTML) == expected


@pytest.mark.parametrize(("author", "body", "expected"), [
    # The words run together, or joined by a character the page does not show.
    ("Zebediah Quarrington", "Great. -- ZebediahQuarrington", [f"8:11: {ZEBEDIAH}, `ZebediahQuarrington`"]),
    ("Zebediah Quarrington", "Great. -- Zebediah\u2060Quarrington", [f"8:11: {ZEBEDIAH}, `Zebediah\u2060Quarrington`"]),
    ("Zebediah Quarrington", "Great. -- Zebediah\u200eQuarrington", [f"8:11: {ZEBEDIAH}, `Zebediah\u200eQuarrington`"]),
    ("Zebediah Quarrington", "Great. -- Zebediah\u00adQuarrington", [f"8:11: {ZEBEDIAH}, `Zebediah\u00adQuarrington`"]),
    ("Zebediah Quarrington", "Great. -- Zebediah\ufeffQuarrington", [f"8:11: {ZEBEDIAH}, `Zebediah\ufeffQuarrington`"]),
    ("Zebediah Quarrington", "Great. -- Zebediah&shy;Quarrington", [f"8:11: {ZEBEDIAH}, `Zebediah&shy;Quarrington`"]),
    ("Maria Elena Garcia", "Great. -- MariaGarcia", [f"8:11: {ZEBEDIAH}, `MariaGarcia`"]),
    ("Will Hope", "Thanks, WillHope.", [f"8:9: {ZEBEDIAH}, `WillHope`"]),
    # Run together, only the capitals as written mark where one word ends: these are words.
    ("Will Hope", "I will hope; willhope, Willhope or WILLHOPE.", []),
    ("Will Power", "It took willpower, WILLPOWER even.", []),
    # A name written in lowercase is found so, run together as apart.
    ("bell hooks", "Read bellhooks.", [f"8:6: {ZEBEDIAH}, `bellhooks`"]),
])
def test_a_name_run_together(tmp_path: Path, author: str, body: str, expected: list[str]) -> None:
    """The page showed `ZebediahQuarrington` for each of the first bodies (a browser shows
    nothing of a word joiner, a left-to-right mark, a soft hyphen or a byte order mark),
    and the check found nothing."""
    assert _findings(tmp_path, author, body) == expected


@pytest.mark.parametrize(("author", "body", "expected"), [
    # A browser shows an address with its escaped letters as the letters.
    ("Zebediah Quarrington", "See https://example.com/%5Aebediah-quarrington",
     [f"8:25: {ZEBEDIAH}, `%5Aebediah-quarrington`"]),
    ("José Núñez", "See linkedin.com/in/jos%C3%A9-n%C3%BA%C3%B1ez.", [f"8:21: {ZEBEDIAH}, `jos%C3%A9-n%C3%BA%C3%B1ez`"]),
    ("Zebediah Quarrington", "Write to %5Aebediah.quarrington@example.com",
     [f"8:10: {ZEBEDIAH}, `%5Aebediah.quarrington`"]),
    # Outside an address, an escape is text as written.
    ("Zebediah Quarrington", "Up 12%; %5Aebediah Quarrington", [QUARRINGTON.format(20)]),
])
def test_a_name_in_an_address_with_escaped_letters(tmp_path: Path, author: str, body: str, expected: list[str]) -> None:
    assert _findings(tmp_path, author, body) == expected


def test_a_shown_field_with_an_address_with_escaped_letters(tmp_path: Path) -> None:
    assert _findings(tmp_path, "Zebediah Quarrington", "Great.", role="Lead (example.com/%5Aebediah-quarrington)") == [
        f"3:7: {ZEBEDIAH}, `%5Aebediah-quarrington`"]


_NAME_WORD = st.text(st.sampled_from("aeiouAEIOUprsktlmnyhzäöüÄÖÜøłæßéñÓ'’-"), min_size=2, max_size=7)
_FILLER = st.sampled_from(["", " ", "\n", "-", "*", "**", "~~", "`", "<b>", "<!-- -->", "[", "](x)", ", ", "&nbsp;",
                           "&#80;", "&shy;", "\u00ad", "\u2060", "@", ".", "/", "%20", "x", "Ö", "e", "E"])


def _escaped(letter: str) -> str:
    return "".join(f"%{byte:02X}" for byte in letter.encode())


@settings(max_examples=1000, deadline=None)
@given(st.lists(_NAME_WORD, min_size=1, max_size=3), st.data())
def test_the_quick_fold_keeps_every_text_the_precise_matcher_reads_a_name_in(words: list[str], data: st.DataObject) -> None:
    """A text whose quick fold holds no piece of the name is not read character by
    character: any text in which `_named` finds the name or a part of it, the quick fold
    keeps. The text is built from the name's words, changed as a reader or markup would
    write them (a mark or an escape inside a word too), between fillers."""
    endorsement = Endorsement.model_construct(author=" ".join(words), attribution="anonymous")
    names = author_names(endorsement)
    if not names:
        return
    pieces = [piece for name in names for piece in literal_pieces(name) if piece]
    shown = []
    for word in words:
        cut = data.draw(st.integers(1, len(word) - 1))
        shown.append(data.draw(st.sampled_from([word, word.upper(), word.lower(), word.replace("ü", "ue"),
                                                word[:cut] + data.draw(_FILLER) + word[cut:],
                                                word[:cut] + _escaped(word[cut]) + word[cut + 1:]])))
    fillers = [data.draw(_FILLER) for _ in range(len(shown) + 1)]
    order = shown if data.draw(st.booleans()) else shown[::-1]
    text = fillers[0] + "".join(word + filler for word, filler in zip(order, fillers[1:]))
    for markdown in (False, True):
        if _named(text, names, markdown) is not None:
            assert _may_name(text, pieces, markdown), (text, names)
