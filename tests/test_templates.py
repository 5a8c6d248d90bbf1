"""Project theme overrides: a template change re-renders exactly the pages that use it, and a
broken template is a located error, not an internal one."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import jinja2
import pytest

from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.renderfailures import TemplateFailed
from goalfolio.templating import make_environment
from goalfolio.themeerrors import template_problem

REPO = Path(__file__).resolve().parent.parent
CASE_OVERRIDE = '{% extends "base.html" %}\n{% block content %}\n<h1>Case: {{ case.title }}</h1>\n{% endblock %}\n'


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "goalfolio.yaml", tmp_path / "goalfolio.yaml")
    (tmp_path / "themes" / "default" / "templates").mkdir(parents=True)
    return tmp_path


def override(root: Path, name: str, text: str) -> Path:
    path = root / "themes" / "default" / "templates" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_changed_template_re_renders_only_its_pages(example: Path) -> None:
    builder = Builder(find_project(example), BuildOptions())
    first = builder.build()
    assert first.ok
    path = override(example, "case.html", CASE_OVERRIDE)
    result = builder.build(changed=[path])
    cases = sorted(p for p in first.files if p.startswith("cases/") and p != "cases/index.html")
    assert result.ok
    assert result.rendered == len(cases) == 2
    assert result.changed == cases
    assert b"<h1>Case: Promotion case: Nadia Okafor for Senior Product Manager</h1>" in result.files["cases/senior-pm-promotion/index.html"]


def test_the_incremental_result_equals_a_clean_build(example: Path) -> None:
    builder = Builder(find_project(example), BuildOptions())
    builder.build()
    path = override(example, "case.html", CASE_OVERRIDE)
    incremental = builder.build(changed=[path])
    clean = Builder(find_project(example), BuildOptions()).build()
    assert incremental.files == clean.files


def test_a_template_reached_through_another_re_renders_the_pages_that_reach_it(example: Path) -> None:
    """Case pages use macros/snippets.html only through partials/checklist.html: the preview
    follows includes and imports all the way down."""
    builder = Builder(find_project(example), BuildOptions())
    first = builder.build()
    snippets = (REPO / "themes" / "default" / "templates" / "macros" / "snippets.html").read_text(encoding="utf-8")
    path = example / "themes" / "default" / "templates" / "macros" / "snippets.html"
    path.parent.mkdir()
    path.write_text(snippets.replace("'\u2713' if met", "'+' if met"), encoding="utf-8")
    result = builder.build(changed=[path])
    cases = sorted(p for p in first.files if p.startswith("cases/") and p != "cases/index.html")
    assert [p for p in result.changed if p.startswith("cases/")] == cases
    assert result.files == Builder(find_project(example), BuildOptions()).build().files


def test_every_page_ends_with_one_line_break_as_its_template_does(example: Path) -> None:
    files = Builder(find_project(example), BuildOptions()).build().files
    pages = [path for path in files if path.endswith(".html")]
    assert "index.html" in pages and "404.html" in pages
    assert [path for path in pages if not files[path].endswith(b"</html>\n")] == []


def test_a_template_syntax_error_points_at_its_line(example: Path) -> None:
    override(example, "home.html", '{% extends "base.html" %}\n{% block content %}\n<h1>{{ profile.name }</h1>\n{% endblock %}\n')
    result = Builder(find_project(example), BuildOptions()).build()
    assert [d.format() for d in result.diagnostics] == [
        "themes/default/templates/home.html:3:1: error: template error: unexpected '}'\n"
        "    hint: fix the template in your theme, or delete it to fall back to the built-in one"
    ]


def test_a_template_broken_while_the_preview_runs_points_at_its_line(example: Path) -> None:
    """A saved template is first read for what it extends and includes, by the preview's
    incremental build: the syntax error found there is located like any other."""
    builder = Builder(find_project(example), BuildOptions())
    assert builder.build().ok
    path = override(example, "base.html", (REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
                    .replace("<body", "{% if %}\n<body", 1))
    line = path.read_text(encoding="utf-8").splitlines().index("{% if %}") + 1
    result = builder.build(changed=[path])
    assert [(d.path, d.line) for d in result.diagnostics] == [("themes/default/templates/base.html", line)]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(("expression", "column", "message"), [
    ("{{ nosuch.thing }}", 7, "'nosuch' is undefined"),
    ("{{ 1 / 0 }}", 1, "ZeroDivisionError: division by zero"),
    ("{{ url(42) }}", 1, "TypeError: argument of type 'int' is not iterable"),
    ('{% include "partials/gone.html" %}', 16, "no template named `partials/gone.html`, in your theme or the built-in one"),
    ("{% include ['a.html', 'b.html'] %}", 17, "no template named `a.html` or `b.html`, in your theme or the built-in one"),
])
def test_a_template_error_points_at_its_line(example: Path, run_cli, jobs: str, expression: str, column: int, message: str) -> None:
    """An undefined name or an exception, in this process or in a worker, which sends the
    error back without the traceback that locates it. The column is that of the name the
    message quotes, where the line holds it (Jinja2 gives the line only)."""
    override(example, "review.html", f'{{% extends "base.html" %}}\n{{% block content %}}\n\n<p>{expression}</p>\n{{% endblock %}}\n')
    code, out, err = run_cli("build", str(example), "--no-cache", "--jobs", jobs)
    assert (code, out) == (1, "")
    assert err.splitlines()[:2] == [f"themes/default/templates/review.html:4:{column}: error: template error: {message}",
                                    "    hint: fix the template in your theme, or delete it to fall back to the built-in one"]
    assert "Traceback" not in err
    assert not (example / "site").exists()


@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1"), ("build", "--jobs", "2")])
@pytest.mark.parametrize(("template", "text", "placed", "message", "hint"), [
    ("goals.html", "{% for goal in goals %}\n<p>{{ goall.title }}</p>\n{% endfor %}", "4:7", "'goall' is undefined", "did you mean `goal`?"),
    ("goals.html", "{% for g in goals_list %}\n<p>{{ g.title }}</p>\n{% endfor %}", "3:13", "'goals_list' is undefined",
     "did you mean `goals`?"),
    ("home.html", "{% set heading = profile.name %}\n<h1>{{ headng }}</h1>", "4:8", "'headng' is undefined", "did you mean `heading`?"),
    ("home.html", "{% macro card(item) %}{{ itme.title }}{% endmacro %}\n{{ card(goals[0].goal) }}", "3:26", "'itme' is undefined",
     "did you mean `item`?"),
    ("home.html", "<p>{{ goalz|length }}</p>", "3:7", "'goalz' is undefined", "did you mean `goals`?"),
])
def test_an_undefined_name_is_told_the_name_it_may_mean(example: Path, run_cli, command: tuple[str, ...], template: str, text: str,
                                                        placed: str, message: str, hint: str) -> None:
    """Among the names the template has where it failed: the page's, a loop's, its own `set`
    and, in a macro, the macro's arguments. An undefined name got the hint to delete the
    template, in this process and from a worker."""
    override(example, template, '{% extends "base.html" %}\n{% block content %}\n' + text + '\n{% endblock %}\n')
    code, out, err = run_cli(*command, str(example))
    assert (code, (out + err).splitlines()[:2]) == (1, [f"themes/default/templates/{template}:{placed}: error: template error: {message}",
                                                        f"    hint: {hint}"])
    assert not (example / "site").exists()


@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1"), ("build", "--jobs", "2")])
@pytest.mark.parametrize(("template", "text", "placed", "message", "hint"), [
    ("review.html", "<p>{{ review.dat }}</p>", "3:14", "'goalfolio.models.Review object' has no attribute 'dat'",
     "did you mean `date`?"),
    ("review.html", "<p>{{ review.perod.upper() }}</p>", "3:14", "'goalfolio.models.Review object' has no attribute 'perod'",
     "did you mean `period`?"),
    ("goals.html", "{% for goal in goals %}\n<p>{{ goal.titel }}</p>\n{% endfor %}", "4:12",
     "'goalfolio.sitepages.views.GoalView object' has no attribute 'titel'", "did you mean `goal.title`?"),
    ("home.html", "<p>{{ profile.name.uper() }}</p>", "3:20", "'str object' has no attribute 'uper'", "did you mean `upper`?"),
    ("home.html", "<p>{{ counts['gaols'] }}</p>", "3:15", "'dict object' has no attribute 'gaols'", "did you mean `goals`?"),
    ("review.html", "<p>{{ review.sourc }}</p>", "3:14", "'goalfolio.models.Review object' has no attribute 'sourc'",
     "fix the template in your theme, or delete it to fall back to the built-in one"),
])
def test_a_missing_attribute_is_told_the_name_it_may_mean(example: Path, run_cli, command: tuple[str, ...], template: str,
                                                           text: str, placed: str, message: str, hint: str) -> None:
    """Among the names a template may read of the object: its fields, properties and
    methods, a mapping's keys, and those of the item a view holds. Never a name the
    template may not read (an item's `source`, its `_source`). A missing attribute got the
    hint to delete the template, in this process and from a worker."""
    override(example, template, '{% extends "base.html" %}\n{% block content %}\n' + text + '\n{% endblock %}\n')
    code, out, err = run_cli(*command, str(example))
    assert (code, (out + err).splitlines()[:2]) == (1, [f"themes/default/templates/{template}:{placed}: error: template error: {message}",
                                                        f"    hint: {hint}"])
    assert not (example / "site").exists()


def test_callables_get_the_context_or_environment_only_where_they_ask_for_it(example: Path) -> None:
    """Templates call functions and macros without Jinja2's questions (`ThemeContext`): a
    function marked `pass_context` and a callable object marked `pass_environment` still get
    what they ask for, in a loop too; a call block still reaches `caller`; a function that
    raises StopIteration still gives an undefined value; and Jinja2's globals are there."""
    env = make_environment(find_project(example), "default")

    @jinja2.pass_context
    def titled(context: jinja2.runtime.Context, mark: str) -> str:
        return f"{context['title']}{mark}"

    class Shout:
        @jinja2.pass_environment
        def __call__(self, environment: jinja2.Environment, text: str) -> str:
            return f"{text.upper()}{environment is env}"

    def stop() -> str:
        raise StopIteration

    template = env.from_string(
        "{% macro m(x) %}[{{ x }}]{% endmacro %}{% macro w() %}<{{ caller() }}>{% endmacro %}"
        "{% for s in ['!', '?'] %}{{ titled(s) }} {{ shout(s ~ 'a') }} {{ m(s) }} {% call w() %}{{ s }}{% endcall %};{% endfor %}"
        "{% set ns = namespace(n=1) %}{{ range(2)|list }} {{ ns.n }}")
    assert template.render(title="T", titled=titled, shout=Shout()) == "T! !ATrue [!] <!>;T? ?ATrue [?] <?>;[0, 1] 1"
    with pytest.raises(jinja2.UndefinedError, match="^value was undefined because a callable raised a StopIteration exception$"):
        env.from_string("{{ stop() }}").render(stop=stop)


def test_a_missing_attribute_comes_back_from_a_worker_without_its_object() -> None:
    """The object is for the hint, worked out where the page is rendered: an item reaches
    much of the site, which a worker would otherwise pickle to send a failure back."""
    from goalfolio.templating import AttributeMissing

    sent = pickle.loads(pickle.dumps(AttributeMissing("'dict object' has no attribute 'x'", {"y": object()}, "x")))
    assert (type(sent), sent.message) == (jinja2.UndefinedError, "'dict object' has no attribute 'x'")


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(("text", "placed", "message", "hint"), [
    ("<ul>\n{% for g in goals %}\n  <li>{% if g.goal.why %}{{ g.goal.why }}</li>\n{% endfor %}\n</ul>", "6:1",
     "Encountered unknown tag 'endfor'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking "
     "for 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
     "the `{% if %}` at 5:7 is not closed: add its `{% endif %}`"),
    ("{% if goals %}\n<p>{{ goals|length }}</p>", "5:1",
     "Encountered unknown tag 'endblock'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking "
     "for 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
     "the `{% if %}` at 3:1 is not closed: add its `{% endif %}`"),
    ("{# {% if %} was here #}{% for g in goals %}{{ g.goal.title }}", "4:1",
     "Encountered unknown tag 'endblock'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking "
     "for 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
     "the `{% for %}` on line 3 is not closed: add its `{% endfor %}`"),
])
def test_a_block_left_open_is_told_where_it_opened(example: Path, run_cli, command: str, text: str, placed: str, message: str,
                                                   hint: str) -> None:
    """Jinja2 stops at the tag after the block left open, the `{% endblock %}` or an outer
    block's end, and names the kind of block only. Where a comment on the line holds `{%`
    too, the line alone is sure."""
    override(example, "home.html", '{% extends "base.html" %}\n{% block content %}\n' + text + '\n{% endblock %}\n')
    code, out, err = run_cli(command, str(example))
    assert (code, (out + err).splitlines()[:2]) == (1, [f"themes/default/templates/home.html:{placed}: error: template error: {message}",
                                                        f"    hint: {hint}"])
    assert not (example / "site").exists()


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(("text", "placed", "message", "hint"), [
    ("<p>{{ goals|length }}</p>{% endif %}", "3:1",
     "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endblock'. The innermost block that needs to be "
     "closed is 'block'.", "the `{% endif %}` at 3:26 closes nothing: no `{% if %}` is open there; delete it"),
    ("{% for g in goals %}{{ g.goal.title }}{% endfor %}\n{% endfor %}", "4:1",
     "Encountered unknown tag 'endfor'. Jinja was looking for the following tags: 'endblock'. The innermost block that needs to be "
     "closed is 'block'.", "the `{% endfor %}` at 4:1 closes nothing: no `{% for %}` is open there; delete it"),
    ("<p>{{ '{%' }}</p>{% endif %}", "3:1",
     "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endblock'. The innermost block that needs to be "
     "closed is 'block'.", "the `{% endif %}` on line 3 closes nothing: no `{% if %}` is open there; delete it"),
])
def test_a_stray_end_tag_is_told_to_be_deleted(example: Path, run_cli, command: str, text: str, placed: str, message: str,
                                                hint: str) -> None:
    """An `{% endif %}` with no `{% if %}` open: Jinja2 calls it an unknown tag and names
    the block open around it, which is not the one to close. It got the hint to delete the
    template. Where a string on the line holds `{%` too, the line alone is sure."""
    override(example, "home.html", '{% extends "base.html" %}\n{% block content %}\n' + text + '\n{% endblock %}\n')
    code, out, err = run_cli(command, str(example))
    assert (code, (out + err).splitlines()[:2]) == (1, [f"themes/default/templates/home.html:{placed}: error: template error: {message}",
                                                        f"    hint: {hint}"])
    assert not (example / "site").exists()


def test_a_stray_end_tag_of_a_partial_is_told_to_be_deleted(example: Path, run_cli) -> None:
    (example / "themes" / "default" / "templates" / "partials").mkdir()
    override(example, "partials/list.html", "<ul>\n  <li>{{ goals|length }}</li>{% endfor %}\n</ul>\n")
    code, out, err = run_cli("build", str(example))
    assert (code, out, err.splitlines()) == (1, "", [
        "themes/default/templates/partials/list.html:2:1: error: template error: Encountered unknown tag 'endfor'.",
        "    hint: the `{% endfor %}` at 2:30 closes nothing: no `{% for %}` is open there; delete it", "1 error, 0 warnings in 1 file"])


def test_a_partial_left_open_at_its_end_is_told_where_the_block_opened(example: Path, run_cli) -> None:
    (example / "themes" / "default" / "templates" / "partials").mkdir()
    override(example, "partials/list.html", "<ul>\n  {% for g in goals %}<li>{{ g.goal.title }}</li>\n</ul>\n")
    code, out, err = run_cli("build", str(example))
    assert (code, out, err.splitlines()) == (1, "", [
        "themes/default/templates/partials/list.html:2:1: error: template error: Unexpected end of template. Jinja was looking for "
        "the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
        "    hint: the `{% for %}` at 2:3 is not closed: add its `{% endfor %}`", "1 error, 0 warnings in 1 file"])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_reports_every_template_that_does_not_compile(example: Path, run_cli, jobs: str) -> None:
    """As `check` does: the build stops at the first, and names the others too."""
    override(example, "home.html", '{% extends "base.html" %}\n{% block content %}\n<h1>{{ profile.name }</h1>\n{% endblock %}\n')
    override(example, "review.html", '{% extends "base.html" %}\n{% block content %}\n{% if %}\n{% endblock %}\n')
    code, out, err = run_cli("build", str(example), "--no-cache", "--jobs", jobs)
    hint = "    hint: fix the template in your theme, or delete it to fall back to the built-in one"
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "themes/default/templates/home.html:3:1: error: template error: unexpected '}'", hint, "",
        "themes/default/templates/review.html:3:1: error: template error: Expected an expression, got 'end of statement block'", hint,
        "2 errors, 0 warnings in 2 files",
    ]
    assert not (example / "site").exists()


@pytest.mark.parametrize("command", [("build", "--no-cache"), ("build",), ("check",)])
def test_a_broken_template_no_page_uses_stops_build_as_it_stops_check(example: Path, run_cli, command: tuple[str, ...]) -> None:
    """A partial being written, not yet included anywhere: `check` failed on it while
    `build` published the site."""
    (example / "themes" / "default" / "templates" / "partials").mkdir()
    override(example, "partials/draft.html", "<p>{% if %}</p>\n")
    code, out, err = run_cli(*command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:3] == [
        "themes/default/templates/partials/draft.html:1:1: error: template error: Expected an expression, got 'end of statement block'",
        "    hint: fix the template in your theme, or delete it to fall back to the built-in one",
        "1 error, 0 warnings in 1 file" if command[0] == "build" else ""]
    assert not (example / "site").exists()


def test_check_reports_a_broken_template_of_the_project(example: Path, run_cli) -> None:
    override(example, "home.html", '{% extends "base.html" %}\n{% block content %}\n<h1>{{ profile.name }</h1>\n{% endblock %}\n')
    code, out, err = run_cli("check", str(example))
    assert code == 1
    assert out.splitlines()[:2] == ["themes/default/templates/home.html:3:1: error: template error: unexpected '}'",
                                    "    hint: fix the template in your theme, or delete it to fall back to the built-in one"]


@pytest.mark.parametrize(("command", "filter_name", "hint"), [
    ("check", "lenght", "did you mean `length`?"),
    ("build", "lenght", "did you mean `length`?"),
    ("build", "breakabel", "did you mean `breakable`?"),
    ("build", "datefmt", "the filters are Jinja2's own, `breakable` and `css_string` (see docs/site.md)"),
])
def test_a_mistyped_filter_is_placed_at_its_name_with_the_filter_it_may_mean(example: Path, run_cli, command: str,
                                                                               filter_name: str, hint: str) -> None:
    """A filter that does not exist was placed at column 1, with the hint to delete the template."""
    override(example, "home.html", '{% extends "base.html" %}\n{% block content %}\n<p>{{ goals|' + filter_name + ' }}</p>\n{% endblock %}\n')
    code, out, err = run_cli(command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:2] == [
        f"themes/default/templates/home.html:3:13: error: template error: No filter named '{filter_name}'.", f"    hint: {hint}"]
    assert not (example / "site").exists()

def test_check_reports_a_theme_that_does_not_exist_where_it_is_named(example: Path, run_cli) -> None:
    config = example / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme: default", "theme: fancy"), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("theme: fancy") + 1
    code, out, err = run_cli("check", str(example))
    assert code == 1
    assert out.splitlines()[:2] == [f"goalfolio.yaml:{line}:8: error: the theme `fancy` was found neither in themes/ nor among the built-in themes",
                                    "    hint: built-in themes: default; or create themes/fancy/templates/"]


def test_only_the_folders_of_the_built_in_themes_are_themes(example: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """An installed package holds `__pycache__` beside the themes (themes/ is a package), and
    `__init__.py`: neither is a theme, nor is a folder whose name starts with `_`."""
    builtin = example / "builtin"
    for folder in ("__pycache__", "_drafts"):
        (builtin / folder).mkdir(parents=True)
    (builtin / "__init__.py").write_text("", encoding="utf-8")
    (builtin / "default").symlink_to(REPO / "themes" / "default")
    monkeypatch.setattr("goalfolio.templating.builtin_themes_dir", lambda: builtin)
    config = example / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme: default", "theme: fancy"), encoding="utf-8")
    code, out, err = run_cli("check", str(example))
    assert (code, out.splitlines()[1]) == (1, "    hint: built-in themes: default; or create themes/fancy/templates/")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_theme_folder_named_like_a_built_in_static_file_is_a_located_error(example: Path, run_cli, jobs: str) -> None:
    """It was an OS error naming the build's staging folder; the site built before stays."""
    assert run_cli("build", str(example), "--no-cache")[0] == 0
    before = (example / "site" / "static" / "style.css").read_bytes()
    folder = example / "themes" / "default" / "static" / "style.css"
    folder.mkdir(parents=True)
    (folder / "print.css").write_text("h1 { color: black; }\n", encoding="utf-8")
    expected = ["themes/default/static/style.css:1:1: error: a folder where the built-in theme has the file static/style.css",
                "    hint: rename the folder; to replace the built-in file, put a file of the same name in its place"]
    code, out, err = run_cli("build", str(example), "--no-cache", "--jobs", jobs)
    assert (code, out, err.splitlines()) == (1, "", [*expected, "1 error, 0 warnings in 1 file"])
    assert (example / "site" / "static" / "style.css").read_bytes() == before
    code, out, err = run_cli("check", str(example))
    assert (code, out.splitlines()[:2]) == (1, expected)


def test_templates_saved_with_a_byte_order_mark_or_windows_line_endings_make_the_same_pages(example: Path) -> None:
    """Jinja2 printed a template's byte order mark (Notepad's UTF-8) into the page: at the
    top of every page extending it, or in the middle of one including it."""
    builtin = REPO / "themes" / "default" / "templates"
    clean = Builder(find_project(example), BuildOptions()).build().files
    for name in ("home.html", "base.html", "partials/case_evidence.html", "macros/items.html"):
        target = example / "themes" / "default" / "templates" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"\xef\xbb\xbf" + (builtin / name).read_bytes().replace(b"\n", b"\r\n"))
    result = Builder(find_project(example), BuildOptions()).build()
    assert result.ok
    assert [p for p in clean if result.files[p] != clean[p]] == []


def test_a_byte_that_is_not_utf8_in_a_template_with_a_byte_order_mark_is_placed_as_editors_show_it(example: Path, run_cli) -> None:
    path = example / "themes/default/templates/review.html"
    path.write_bytes(b'\xef\xbb\xbf<p>caf\xe9</p>{% extends "base.html" %}\n')
    code, out, _ = run_cli("check", str(example))
    assert code == 1
    assert out.splitlines()[0] == "themes/default/templates/review.html:1:7: error: this file is not valid UTF-8 (byte 0xe9)"


@pytest.mark.parametrize("command", [("check",), ("build", "--no-cache"), ("build", "--jobs", "2")])
def test_a_template_that_is_not_utf8_is_located_at_its_byte(example: Path, run_cli, command: tuple[str, ...]) -> None:
    """It was an internal error (a UnicodeDecodeError from Jinja2's loader), exit code 3."""
    path = example / "themes/default/templates/review.html"
    path.write_bytes(b'{% extends "base.html" %}\n{% block content %}\n<p>caf\xe9</p>\n{% endblock %}\n')
    code, out, err = run_cli(*command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:2] == ["themes/default/templates/review.html:3:7: error: this file is not valid UTF-8 (byte 0xe9)",
                                            "    hint: save the file as UTF-8 in your editor"]
    assert not (example / "site").exists()


@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "2")])
def test_a_template_saved_as_utf16_is_told_its_encoding(example: Path, run_cli, command: tuple[str, ...]) -> None:
    path = example / "themes/default/templates/review.html"
    path.write_bytes('{% extends "default/review.html" %}\n'.encode("utf-16"))
    code, out, err = run_cli(*command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:2] == ["themes/default/templates/review.html:1:1: error: this file is saved as UTF-16, not UTF-8",
                                            "    hint: save the file as UTF-8 in your editor"]


def test_a_template_that_is_not_utf8_saved_while_the_preview_runs_is_located(example: Path) -> None:
    builder = Builder(find_project(example), BuildOptions())
    assert builder.build().ok
    path = override(example, "review.html", "")
    path.write_bytes(b"<p>\xff</p>\n")
    result = builder.build(changed=[path])
    assert [d.format() for d in result.diagnostics] == [
        "themes/default/templates/review.html:1:4: error: this file is not valid UTF-8 (byte 0xff)\n"
        "    hint: save the file as UTF-8 in your editor"]


@pytest.mark.parametrize("link", ["themes/default/static/key.txt", "themes/default/static", "themes/default"])
def test_a_theme_static_file_outside_the_project_is_a_located_error(example: Path, run_cli, link: str,
                                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every file under a theme's static/ is published. A symlink there (or a theme or static
    folder that is one) leading out of the project published what it led to, a key in the
    home folder, say, where content/assets/ refuses such a link."""
    assert run_cli("build", str(example), "--no-cache")[0] == 0
    before = (example / "site" / "index.html").read_bytes()
    outside = tmp_path_factory.mktemp("outside")
    (outside / "static").mkdir()
    (outside / "static" / "key.txt").write_text("SECRET\n", encoding="utf-8")
    shutil.rmtree(example / "themes" / "default")
    target = {"themes/default/static/key.txt": outside / "static" / "key.txt", "themes/default/static": outside / "static",
              "themes/default": outside}[link]
    (example / link).parent.mkdir(parents=True, exist_ok=True)
    (example / link).symlink_to(target)
    expected = [f"{link}:1:1: error: this symlink points outside the project",
                "    hint: copy the file into the project instead of linking to it"]
    code, out, err = run_cli("build", str(example), "--no-cache")
    assert (code, out, err.splitlines()) == (1, "", [*expected, "1 error, 0 warnings in 1 file"])
    assert (example / "site" / "index.html").read_bytes() == before
    assert not (example / "site" / "static" / "key.txt").exists()
    code, out, err = run_cli("check", str(example))
    assert (code, out.splitlines()[:2]) == (1, expected)


def test_a_symlink_out_of_the_project_is_named_alone_not_the_links_inside_what_it_leads_to(
        example: Path, run_cli, tmp_path_factory: pytest.TempPathFactory) -> None:
    """themes/default leads out of the project, to a folder whose static/ is a link too."""
    outside, further = tmp_path_factory.mktemp("outside"), tmp_path_factory.mktemp("further")
    (further / "static").mkdir()
    (further / "static" / "key.txt").write_text("SECRET\n", encoding="utf-8")
    (outside / "static").symlink_to(further / "static")
    shutil.rmtree(example / "themes" / "default")
    (example / "themes" / "default").symlink_to(outside)
    code, out, err = run_cli("build", str(example), "--no-cache")
    assert (code, out, err.splitlines()) == (1, "", ["themes/default:1:1: error: this symlink points outside the project",
                                                     "    hint: copy the file into the project instead of linking to it",
                                                     "1 error, 0 warnings in 1 file"])


def test_a_theme_replacing_a_built_in_static_file_and_adding_one_named_like_it_publishes_both(example: Path) -> None:
    """`style.css.map` beside `style.css` is no folder where the built-in theme has a file."""
    static = example / "themes" / "default" / "static"
    static.mkdir()
    (static / "style.css").write_bytes(b"body { color: red; }\r\n\xef\xbb\xbf")
    (static / "style.css.map").write_bytes(b"{}")
    result = Builder(find_project(example), BuildOptions()).build()
    assert [d.format() for d in result.diagnostics] == []
    assert (result.files["static/style.css"], result.files["static/style.css.map"]) == (b"body { color: red; }\r\n\xef\xbb\xbf", b"{}")


def test_a_theme_static_file_leading_to_a_hidden_file_is_a_located_error(example: Path, run_cli) -> None:
    """A dot-name is never published from static/, but a symlink to one was: the CI
    checkout's `.git/config`, with its token, on the public site."""
    (example / ".git").mkdir()
    (example / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic SECRET\n", encoding="utf-8")
    (example / "themes" / "default" / "static").mkdir(parents=True)
    (example / "themes" / "default" / "static" / "font.woff2").symlink_to("../../../.git/config")
    code, out, err = run_cli("build", str(example), "--no-cache")
    assert (code, out, err.splitlines()) == (1, "", [
        "themes/default/static/font.woff2:1:1: error: this symlink leads to `.git/config`, which is hidden: a name "
        "starting with a dot, or an editor's file, is never published",
        "    hint: copy the file into the project, under a name of its own, if it is meant for the site",
        "1 error, 0 warnings in 1 file"])
    assert not (example / "site").exists()


@pytest.mark.parametrize(("link", "target", "shown"), [
    ("themes/default/static/notes.md", "../../../content/evidence/relocation-budget-notes.md",
     "content/evidence/relocation-budget-notes.md"),
    ("themes/default/static", "../../content/evidence", "content/evidence"),
    ("themes/default/static/notes", "../../../content/evidence", "content/evidence"),
])
def test_a_theme_static_file_leading_into_content_is_a_located_error(example: Path, run_cli, link: str, target: str,
                                                                     shown: str) -> None:
    """Every file under static/ is published, as under content/assets/, which refuses a
    symlink into the rest of content/: one in the theme published a private item's source
    on the public site."""
    (example / link).parent.mkdir(parents=True, exist_ok=True)
    (example / link).symlink_to(target)
    code, out, err = run_cli("build", str(example), "--no-cache")
    assert (code, out, err.splitlines()) == (1, "", [
        f"{link}:1:1: error: this symlink among a theme's static files leads to `{shown}`, which is content, not a file to publish",
        "    hint: link to files meant for the site only, or copy the file into the theme's static/",
        "1 error, 0 warnings in 1 file"])
    assert not (example / "site").exists()


def test_a_symlinked_folder_in_a_theme_static_is_published_as_one_in_content_assets_is(example: Path, run_cli) -> None:
    """A theme's static/fonts linked to a folder elsewhere in the project published nothing,
    without a word, where the same link in content/assets/ publishes its files."""
    (example / "shared" / "fonts").mkdir(parents=True)
    (example / "shared" / "fonts" / "inter.woff2").write_bytes(b"wOF2")
    (example / "themes" / "default" / "static").mkdir(parents=True)
    (example / "themes" / "default" / "static" / "fonts").symlink_to("../../../shared/fonts")
    (example / "content" / "assets" / "fonts").symlink_to("../../shared/fonts")
    code, out, err = run_cli("build", str(example), "--no-cache")
    assert (code, err) == (0, "")
    assert (example / "site" / "static" / "fonts" / "inter.woff2").read_bytes() == b"wOF2"
    assert (example / "site" / "assets" / "fonts" / "inter.woff2").read_bytes() == b"wOF2"


@pytest.mark.parametrize(("link", "target"), [
    ("themes/default/static/css/up", ".."),
    ("themes/default/static/here", "."),
])
def test_a_symlink_loop_in_a_theme_static_is_a_located_error(example: Path, run_cli, link: str, target: str) -> None:
    """content/ refuses a symlink back to a folder it is in; a theme's static/ ignored it."""
    (example / link).parent.mkdir(parents=True, exist_ok=True)
    (example / link).symlink_to(target)
    code, out, err = run_cli("build", str(example), "--no-cache")
    assert (code, out, err.splitlines()) == (1, "", [
        f"{link}:1:1: error: this symlink leads back to a folder it is in",
        "    hint: remove it: goalfolio reads each folder once",
        "1 error, 0 warnings in 1 file"])
    assert not (example / "site").exists()


def test_a_template_failure_is_placed_at_the_name_it_quotes_or_at_column_1_once_the_file_is_gone(example: Path) -> None:
    """A preview may report a failure after the template was deleted or shortened: the line
    stays, the column falls back to 1."""
    project = find_project(example)
    path = override(example, "card.html", "<div>\n\n  <p>{{ nosuch }}</p>\n")
    failure = TemplateFailed("'nosuch' is undefined", str(path), 3)
    assert template_problem(failure, project).format() == (
        "themes/default/templates/card.html:3:9: error: template error: 'nosuch' is undefined\n"
        "    hint: fix the template in your theme, or delete it to fall back to the built-in one")
    path.write_text("<div>\n", encoding="utf-8")
    assert (template_problem(failure, project).line, template_problem(failure, project).column) == (3, 1)
    path.unlink()
    assert (template_problem(failure, project).line, template_problem(failure, project).column) == (3, 1)
