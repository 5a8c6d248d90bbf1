"""A number written with a point as a thousands separator, as languages with a decimal
comma write it (`12.000`), is read by YAML as twelve: in such a site's language it is a
warning at the number, in `check` and in `build` alike."""

from __future__ import annotations

from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.decimalmarks import writes_decimal_comma

GOAL = ("---\ntitle: Umsatz steigern\ntype: leadership\nstart: 2026-01-05\ntarget_date: 2027-06-30\n"
        "why: \"12.000\"\n"
        "indicators:\n"
        "  - {id: umsatz, name: Umsatz, kind: lagging, unit: €, baseline: 10.000, target: 12.000}\n"
        "  - id: kurse\n    name: Kurse\n    kind: leading\n    baseline: 1.500\n    target: 2.25\n"
        "---\nDer Plan.\n")
FILES = {"content/goals/umsatz.md": GOAL}
CONFIG = "title: Test portfolio\ntoday: 2026-11-20\nlanguage: {language}\n"
WARNINGS = [
    "content/goals/umsatz.md:8:66: warning: `10.000` is read as 10: a point in a number is its decimal mark, never a thousands separator",
    "    hint: if you mean 10000, write `10000` (with no thousands separator); if you mean 10, write `10` or `10.0`",
    "content/goals/umsatz.md:8:82: warning: `12.000` is read as 12: a point in a number is its decimal mark, never a thousands separator",
    "    hint: if you mean 12000, write `12000` (with no thousands separator); if you mean 12, write `12` or `12.0`",
    "content/goals/umsatz.md:12:15: warning: `1.500` is read as 1.5: a point in a number is its decimal mark, never a thousands separator",
    "    hint: if you mean 1500, write `1500` (with no thousands separator); if you mean 1.5, write `1.5`",
]


def _thousands_lines(output: str) -> list[str]:
    lines = output.splitlines()
    return [line for index, line in enumerate(lines)
            if "never a thousands separator" in line or index and "never a thousands separator" in lines[index - 1]]


def test_a_point_before_three_digits_is_a_warning_in_a_decimal_comma_language(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, FILES, config=CONFIG.format(language="de-DE"))
    code, out, _ = run_cli("check", root)
    assert code == 0
    assert _thousands_lines(out) == WARNINGS
    code, _, err = run_cli("build", root)
    assert code == 0
    assert _thousands_lines(err) == WARNINGS


def test_json_names_the_field_of_the_number(write_project, tmp_path, run_cli):
    import json

    root = write_project(tmp_path, FILES, config=CONFIG.format(language="nl"))
    found = [d for d in json.loads(run_cli("check", root, "--format", "json")[1])["problems"] if d["code"] == "thousands-separator"]
    assert [(d["line"], d["column"], d["field"]) for d in found] == [
        (8, 66, "indicators[0].baseline"), (8, 82, "indicators[0].target"), (12, 15, "indicators[1].baseline")]


def test_no_warning_where_the_language_writes_a_decimal_point(write_project, tmp_path, run_cli):
    for language in ("en", "ja", "ar", "de-CH", "es-MX"):
        root = write_project(tmp_path / language, FILES, config=CONFIG.format(language=language))
        assert _thousands_lines(run_cli("check", root)[1]) == []


def test_the_languages_are_told_by_their_primary_subtag_and_region():
    assert [writes_decimal_comma(tag) for tag in ("de", "DE-at", "fr-CA", "pt-BR", "nb", "no", "tr", "id", "ru")] == [True] * 9
    assert [writes_decimal_comma(tag) for tag in ("en", "en-GB", "ja", "zh-Hant-TW", "de-CH", "es-419", "ms", "x")] == [False] * 8


def test_the_warning_follows_a_language_change_with_every_cache(write_project, tmp_path, run_cli):
    """Parsed and validated files are cached by content: the warning comes from the config
    of each build, not from the cached file."""
    root = write_project(tmp_path, FILES, config=CONFIG.format(language="en"))
    assert _thousands_lines(run_cli("build", root)[2]) == []
    (root / "goalfolio.yaml").write_text(CONFIG.format(language="de"))
    assert _thousands_lines(run_cli("build", root)[2]) == WARNINGS
    assert _thousands_lines(run_cli("build", root)[2]) == WARNINGS  # reused whole from the cache
    (root / "goalfolio.yaml").write_text(CONFIG.format(language="en"))
    assert _thousands_lines(run_cli("build", root)[2]) == []


def test_the_preview_warns_after_the_language_changes(write_project, tmp_path):
    root = write_project(tmp_path, FILES, config=CONFIG.format(language="en"))
    builder = Builder(find_project(root), BuildOptions())
    assert [d for d in builder.build().diagnostics if d.code == "thousands-separator"] == []
    (root / "goalfolio.yaml").write_text(CONFIG.format(language="da"))
    found = [d for d in builder.build([root / "goalfolio.yaml"]).diagnostics if d.code == "thousands-separator"]
    assert [(d.line, d.column) for d in found] == [(8, 66), (8, 82), (12, 15)]


def test_a_file_with_an_error_gets_the_warning_in_the_same_run(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {"content/goals/umsatz.md": GOAL.replace("why:", "whyy:")}, config=CONFIG.format(language="fr"))
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert "content/goals/umsatz.md:6:1: error: unknown field `whyy`" in out.splitlines()
    assert _thousands_lines(out) == WARNINGS


def test_the_warning_shows_with_the_errors_of_a_config_the_content_cannot_be_checked_with(write_project, tmp_path, run_cli):
    """A bad `audiences:` leaves each file checked on its own: the language still counts."""
    config = CONFIG.format(language="de") + "audiences: [Führungskraft]\n"
    code, out, _ = run_cli("check", write_project(tmp_path, FILES, config=config))
    assert code == 1
    assert "goalfolio.yaml:4:13: error: `audiences[0]` is not a valid id: `Führungskraft`" in out.splitlines()
    assert _thousands_lines(out) == WARNINGS
    code, out, _ = run_cli("check", write_project(tmp_path / "bad", FILES, config=config.replace("language: de", "language: deutsch")))
    assert code == 1 and _thousands_lines(out) == []


def test_a_number_used_again_through_an_alias_is_one_warning(write_project, tmp_path, run_cli):
    """The alias is refused when the file is read; the number it repeats is still one number."""
    goal = GOAL.replace("baseline: 10.000, target: 12.000}", "baseline: &b 10.000, target: *b}")
    root = write_project(tmp_path, {"content/goals/umsatz.md": goal}, config=CONFIG.format(language="de"))
    code, out, _ = run_cli("check", root)
    assert code == 1
    assert _thousands_lines(out) == [
        "content/goals/umsatz.md:8:66: warning: `10.000` is read as 10: a point in a number is its decimal mark, never a thousands separator",
        "    hint: if you mean 10000, write `10000` (with no thousands separator); if you mean 10, write `10` or `10.0`",
        *WARNINGS[4:],
    ]
