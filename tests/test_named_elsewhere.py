"""Another item naming an anonymous endorsement's author, next to it in a published build,
is a warning: the rule in goalfolio.namedelsewhere."""

from __future__ import annotations

from pathlib import Path

from conftest import load_files, make_project
from hypothesis import given, settings
from hypothesis import strategies as st

from goalfolio.anonymity import author_names, first_whole_mention
from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.models import Endorsement
from goalfolio.namedelsewhere import Author, candidates
from goalfolio.namefold import fold, folded_body, literal_pieces

ANONYMOUS = ("---\nauthor: Priya Shah\nrole: Mentor\norganisation: Fernway\nrelationship: mentor\ndate: 2026-09-03\n"
             "attribution: anonymous\n{visibility}---\nShe grew fast.\n")
MESSAGE = ("warning: this names `{name}`, the author of the anonymous endorsement content/endorsements/mentor.md, "
           "which a build shows with it: a reader can tie the quote to the name")
HINT = ("write the role instead (`my mentor`), or, if the author agrees to be named, set `attribution: named` in "
        "content/endorsements/mentor.md")


def _goal(body: str = "Plan.\n", feedback: str = "", visibility: str = "") -> str:
    return (f"---\ntitle: Lead a team\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n{feedback}{visibility}"
            f"---\n{body}")


def _warnings(tmp_path: Path, files: dict[str, str], endorsement: str = ANONYMOUS.format(visibility="")) -> list[str]:
    _, problems = load_files(tmp_path, {"content/endorsements/mentor.md": endorsement, **files})
    return [f"{p.path}:{p.line}:{p.column}: {p.severity}: {p.message}\n{p.hint}"
            for p in problems if p.code == "anonymous-author-named-elsewhere"]


def test_a_front_matter_field_naming_the_author(tmp_path: Path) -> None:
    goal = _goal(feedback="feedback:\n  - {who: Priya Shah (mentor), how: monthly call}\n")
    assert _warnings(tmp_path, {"content/goals/lead.md": goal}) == [
        f"content/goals/lead.md:7:11: {MESSAGE.format(name='Priya Shah')}\n{HINT}"]


def test_a_body_naming_the_author(tmp_path: Path) -> None:
    goal = _goal(body="We planned it.\n\nAfter the review, **Priya Shah** and I ran the pilot.\n")
    assert _warnings(tmp_path, {"content/goals/lead.md": goal}) == [
        f"content/goals/lead.md:9:21: {MESSAGE.format(name='Priya Shah')}\n{HINT}"]


def test_the_profile_naming_the_author(tmp_path: Path) -> None:
    profile = "---\nname: Test Person\nheadline: Mentored by Priya Shah\n---\nA short bio.\n"
    assert _warnings(tmp_path, {"content/profile.md": profile}) == [
        f"content/profile.md:3:11: {MESSAGE.format(name='Priya Shah')}\n{HINT}"]


def test_another_endorsement_naming_the_author(tmp_path: Path) -> None:
    other = ("---\nauthor: Ana Ruiz\nrole: Director\nrelationship: manager\ndate: 2026-09-04\n---\n"
             "She worked with Shah, Priya on the launch.\n")
    assert _warnings(tmp_path, {"content/endorsements/ana.md": other}) == [
        f"content/endorsements/ana.md:7:17: {MESSAGE.format(name='Shah, Priya')}\n{HINT}"]


def test_the_name_without_its_accents(tmp_path: Path) -> None:
    endorsement = ANONYMOUS.format(visibility="").replace("Priya Shah", "José Núñez")
    goal = _goal(body="Jose Nunez reviewed it.\n")
    assert _warnings(tmp_path, {"content/goals/lead.md": goal}, endorsement) == [
        f"content/goals/lead.md:7:1: {MESSAGE.format(name='Jose Nunez')}\n{HINT}"]


def test_the_name_run_together_or_in_an_address_with_escaped_letters(tmp_path: Path) -> None:
    """The page shows `PriyaShah` (a word joiner is not shown either), and a browser shows an
    address with `S` for `%53`: each goal named the author without a warning."""
    joined = "Priya\u2060Shah"
    goals = {"content/goals/a.md": _goal(body="Planned with PriyaShah.\n"),
             "content/goals/b.md": _goal(body="Planned with Priya\u2060Shah.\n"),
             "content/goals/c.md": _goal(body="See example.com/priya-%53hah.\n"),
             "content/goals/d.md": _goal(feedback="feedback:\n  - {who: 'linkedin.com/in/%50riya-shah', how: monthly call}\n")}
    assert _warnings(tmp_path, goals) == [
        f"content/goals/a.md:7:14: {MESSAGE.format(name='PriyaShah')}\n{HINT}",
        f"content/goals/b.md:7:14: {MESSAGE.format(name=joined)}\n{HINT}",
        f"content/goals/c.md:7:17: {MESSAGE.format(name='priya-%53hah')}\n{HINT}",
        f"content/goals/d.md:7:11: {MESSAGE.format(name='%50riya-shah')}\n{HINT}"]


def test_a_fenced_code_blocks_language_naming_the_author(tmp_path: Path) -> None:
    """The page writes the language into its HTML (`class="language-priya-shah"`): read as
    prose, in lower case, it named the author beside her anonymous quote without a word."""
    goals = {"content/goals/a.md": _goal(body="The script:\n\n```priya-shah\nrun()\n```\n"),
             "content/goals/b.md": _goal(body="The script:\n\n```python\npriya_shah = run()\n```\n")}
    assert _warnings(tmp_path, goals) == [f"content/goals/a.md:9:4: {MESSAGE.format(name='priya-shah')}\n{HINT}"]


def test_items_no_published_build_shows_together(tmp_path: Path) -> None:
    """A private goal is in the owner's build only; a goal for one audience and an
    endorsement for another are never in one build."""
    config = "title: Test portfolio\ntoday: 2026-11-20\naudiences: [manager, recruiter]\n"
    files = {"content/endorsements/mentor.md": ANONYMOUS.format(visibility="visibility: [manager]\n"),
             "content/goals/private.md": _goal(body="Priya Shah helped.\n", visibility="visibility: private\n"),
             "content/goals/recruiter.md": _goal(body="Priya Shah helped.\n", visibility="visibility: [recruiter]\n"),
             "content/goals/manager.md": _goal(body="Priya Shah helped.\n", visibility="visibility: [manager, recruiter]\n")}
    _, problems = load_files(tmp_path, files, config)
    assert [(p.path, p.line) for p in problems if p.code == "anonymous-author-named-elsewhere"] == [
        ("content/goals/manager.md", 8)]


def test_a_named_endorsement_and_a_first_name_alone_are_not_reported(tmp_path: Path) -> None:
    goal = _goal(body="Priya and I ran the pilot. Priya Shah reviewed it.\n")
    named = ANONYMOUS.format(visibility="").replace("attribution: anonymous", "attribution: named")
    assert _warnings(tmp_path, {"content/goals/lead.md": goal}, named) == []
    assert _warnings(tmp_path, {"content/goals/lead.md": _goal(body="Priya and I ran the pilot.\n")}) == []


def test_a_body_edit_in_the_preview_reports_the_name(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"content/endorsements/mentor.md": ANONYMOUS.format(visibility=""),
                                   "content/goals/lead.md": _goal(body="Plan.\n")})
    builder = Builder(find_project(root), BuildOptions())
    assert builder.build().ok
    goal = root / "content/goals/lead.md"
    goal.write_text(_goal(body="Plan with Priya Shah.\n"), encoding="utf-8")
    edited = builder.build(changed=[goal])
    assert [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in edited.diagnostics] == [
        f"content/goals/lead.md:7:11: {MESSAGE.format(name='Priya Shah').removeprefix('warning: ')}"]
    goal.write_text(_goal(body="Plan.\n"), encoding="utf-8")
    assert builder.build(changed=[goal]).diagnostics == []


_NAME_WORD = st.text(st.sampled_from("aeiouAEIOUprsktlmnyhzäöüÄÖÜøłæßéñÓ'’-"), min_size=2, max_size=7)
_FILLER = st.sampled_from([" ", "  ", "\n", "-", "*", "_", "**", ", ", "&nbsp;", "&#80;", "&shy;", "\u00ad", "\u200b",
                           "@", ".", "/", "www.", "x", "Ö", "e", "E", "`", "", "\u2060", "%20"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_NAME_WORD, min_size=1, max_size=3), st.data())
def test_the_prefilter_keeps_every_text_the_precise_matcher_names(words: list[str], data: st.DataObject) -> None:
    """Any text in which `anonymity` finds the whole name, the prefilter keeps: the text is
    built from the name's words, changed as a reader would write them, between fillers."""
    endorsement = Endorsement.model_construct(author=" ".join(words), attribution="anonymous")
    names = author_names(endorsement)
    if not names:
        return
    author = Author(endorsement, names, tuple(p for p in literal_pieces(names[0]) + literal_pieces(names[-1]) if p))
    escaped = ["".join(f"%{byte:02X}" for byte in w[0].encode()) + w[1:] for w in words]  # in an address, a letter escaped
    shown = [data.draw(st.sampled_from([w, w.upper(), w.lower(), w.replace("-", " "), w.replace("ü", "ue"), e]))
             for w, e in zip(words, escaped)]
    pieces = [data.draw(_FILLER) for _ in range(len(shown) + 1)]
    order = shown if data.draw(st.booleans()) else shown[::-1]
    text = pieces[0] + "".join(word + filler for word, filler in zip(order, pieces[1:]))
    for markdown in (False, True):
        if first_whole_mention(text, names, markdown) is not None:
            folded = folded_body(text) if markdown else fold(text)
            assert author.pieces and candidates([folded], [author]) == {0: [author]}, (text, names)
