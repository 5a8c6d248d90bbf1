"""What a theme author can do: extend the built-in template they replace, and not publish
by accident what the built-in theme keeps back (an anonymous endorser's name)."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import load_files

from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.fingerprint import builtin_themes_dir
from goalfolio.graph import build_graph
from goalfolio.pages import plan_site
from goalfolio.pipeline import load_checked_portfolio
from goalfolio.render import PageRenderer
from goalfolio.sitepages.common import shared_context
from goalfolio.sitepages.home import DueStep
from goalfolio.sitepages.views import (
    AuditView,
    EndorsementView,
    EvidenceView,
    FeedbackView,
    GoalView,
    IndicatorView,
    MetricView,
    MilestoneView,
    ReadinessView,
)

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = Path("themes") / "default" / "templates"
HINT = "    hint: fix the template in your theme, or delete it to fall back to the built-in one"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "goalfolio.yaml", tmp_path / "goalfolio.yaml")
    (tmp_path / TEMPLATES).mkdir(parents=True)
    return tmp_path


def build(root: Path) -> dict[str, bytes]:
    result = Builder(find_project(root), BuildOptions()).build()
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.files


def test_a_template_extends_the_built_in_one_it_replaces_to_change_one_block(example: Path) -> None:
    before = build(example)
    (example / TEMPLATES / "goal.html").write_text(
        '{% extends "default/goal.html" %}\n{% block content %}\n<p class="updated">Last updated {{ today_text }}</p>\n{{ super() }}{% endblock %}\n',
        encoding="utf-8")
    after = build(example)
    goals = sorted(p for p in before if p.startswith("goals/") and p != "goals/index.html")
    main = b'<main id="main" class="wrap" tabindex="-1">\n'
    assert len(goals) == 6
    for path in goals:
        assert after[path] == before[path].replace(main, main + b'<p class="updated">Last updated 20 Nov 2026</p>\n')
    assert {p: after[p] for p in after if p not in goals} == {p: before[p] for p in before if p not in goals}


def test_a_new_base_extending_the_built_in_one_changes_every_page_that_uses_it(example: Path) -> None:
    before = build(example)
    (example / TEMPLATES / "base.html").write_text(
        '{% extends "default/base.html" %}\n{% block body_class %}mine{% endblock %}\n', encoding="utf-8")
    after = build(example)
    assert after["index.html"] == before["index.html"].replace(b'<body class="">', b'<body class="mine">')
    assert after["404.html"] == before["404.html"].replace(b'<body class="">', b'<body class="mine">')


def test_a_base_adds_a_stylesheet_to_every_pages_head_through_the_head_block(example: Path) -> None:
    """Adding a stylesheet meant copying the whole of base.html: nothing else reaches the head."""
    before = build(example)
    static = example / "themes" / "default" / "static"
    static.mkdir()
    (static / "extra.css").write_text("main { max-width: 60rem; }\n", encoding="utf-8")
    (example / TEMPLATES / "base.html").write_text(
        '{% extends "default/base.html" %}\n'
        '{% block head %}<link rel="stylesheet" href="{{ url(\'static/extra.css\') }}">\n{% endblock %}\n', encoding="utf-8")
    after = build(example)
    link = b'<link rel="stylesheet" href="../../static/extra.css">\n</head>'
    assert after["goals/become-senior-pm/index.html"] == before["goals/become-senior-pm/index.html"].replace(b"</head>", link)
    assert after["index.html"] == before["index.html"].replace(b"</head>", link.replace(b"../../", b""))
    assert after["static/extra.css"] == b"main { max-width: 60rem; }\n"


@pytest.mark.parametrize("audience", ["public", None])
@pytest.mark.parametrize(("expression", "column"), [("{{ n.item.author }}", 14), ("{{ n.item['author'] }}", 15),
                                                    ("{{ n.item|attr('author') }}", 20), ("{{ [n.item]|map(attribute='author')|join }}", 31)])
def test_a_template_cannot_read_an_anonymous_endorsers_name(example: Path, run_cli, audience: str | None, expression: str, column: int) -> None:
    """The built-in theme shows an anonymous endorsement's role and organisation only; a
    theme of one's own printing every author must not publish the one name kept back."""
    (example / TEMPLATES / "endorsements.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% for n in endorsements %}\n<p>' + expression + '</p>\n{% endfor %}\n{% endblock %}\n',
        encoding="utf-8")
    code, out, err = run_cli("build", str(example), "--no-cache", *(["--all"] if audience is None else []))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"themes/default/templates/endorsements.html:4:{column}: error: template error: an anonymous endorsement's `author` is not given "
        "to templates: its author is never named, nor its file; it shows only attribution, date, evidence, goals, is_anonymous, "
        "location, organisation, quote, relationship, role, visibility", HINT, "1 error, 0 warnings in 1 file"]
    assert not (example / "site").exists()


@pytest.mark.parametrize("field", ["id", "source", "model_dump"])
def test_a_template_cannot_read_an_anonymous_endorsements_file_name(example: Path, run_cli, field: str) -> None:
    (example / TEMPLATES / "endorsements.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% for n in endorsements if n.item.is_anonymous %}<p>{{ n.item.' + field +
        ' }}</p>{% endfor %}\n{% endblock %}\n', encoding="utf-8")
    code, _, err = run_cli("build", str(example), "--no-cache")
    assert code == 1
    assert err.splitlines()[0].startswith(f"themes/default/templates/endorsements.html:3:64: error: template error: an anonymous endorsement's `{field}`")


def test_an_anonymous_endorsement_printed_or_looped_over_whole_shows_no_name(example: Path) -> None:
    (example / TEMPLATES / "endorsements.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% for n in endorsements %}<p>{{ n.item }}</p><p>{{ n.item|pprint }}</p>'
        '<p>{% for field, value in n.item %}{{ field }}={{ value }};{% endfor %}</p>{% endfor %}\n{% endblock %}\n', encoding="utf-8")
    page = build(example)["endorsements/index.html"].decode()
    assert "Sam Whitfield" not in page
    assert page.count("author=") == 3 * 4  # printed, pprinted and looped over: the 4 named endorsements


def shown(page: bytes) -> str:
    """The text of the page's `<p id="shown">`, which the test's template writes."""
    found = re.search(r'<p id="shown">(.*?)</p>', page.decode(), re.S)
    assert found is not None
    return found.group(1).replace("&#39;", "'")


def test_a_template_reads_no_file_name_of_a_hidden_or_anonymous_endorsement_in_a_case(example: Path) -> None:
    """The built-in theme leaves out of a case what its build hides; a theme of one's own
    reading the case's own list gets the same. `joanne-adeyemi` is a private endorsement's
    file name, `apm-mentee-feedback` an anonymous one's."""
    case = example / "content" / "cases" / "senior-pm-promotion.md"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "audience: manager\n", "audience: manager\nendorsements: [apm-mentee-feedback, joanne-adeyemi, daniel-osei]\n"), encoding="utf-8")
    (example / TEMPLATES / "case.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ case.endorsements }} {{ case["endorsements"] }} '
        '{{ case|attr("endorsements") }} {{ [case]|map(attribute="endorsements")|list }}\n'
        '{{ case }}\n{% for field, value in case %}{{ field }}={{ value }};{% endfor %}</p>{% endblock %}\n', encoding="utf-8")
    public = shown(build(example)["cases/senior-pm-promotion/index.html"])
    assert public.splitlines() == [
        "['daniel-osei'] ['daniel-osei'] ['daniel-osei'] [['daniel-osei']]",
        "visibility='public' title='Promotion case: Nadia Okafor for Senior Product Manager' target_role='Senior Product Manager, "
        "Checkout &amp; Payments' goals=['become-senior-pm', 'lead-payments-squad'] framework='evidence-ladder' audience='manager' "
        "evidence=None endorsements=['daniel-osei']",
        "visibility=public;title=Promotion case: Nadia Okafor for Senior Product Manager;target_role=Senior Product Manager, "
        "Checkout &amp; Payments;goals=['become-senior-pm', 'lead-payments-squad'];framework=evidence-ladder;audience=manager;"
        "evidence=None;endorsements=['daniel-osei'];",
    ]
    owner = shown(Builder(find_project(example), BuildOptions(audience=None)).build().files["cases/senior-pm-promotion/index.html"])
    assert owner.splitlines()[0] == "['joanne-adeyemi', 'daniel-osei'] " * 3 + "[['joanne-adeyemi', 'daniel-osei']]"


def test_after_a_build_python_reads_every_reference_again(example: Path) -> None:
    """Only a page being rendered has references filtered: the last page's test for an id,
    left in place after the build, would hide a private endorsement from any code of the
    same process (the preview, a command after the build) that reads the case whole."""
    case_file = example / "content" / "cases" / "senior-pm-promotion.md"
    case_file.write_text(case_file.read_text(encoding="utf-8").replace(
        "audience: manager\n", "audience: manager\nendorsements: [apm-mentee-feedback, joanne-adeyemi, daniel-osei]\n"),
        encoding="utf-8")
    build(example)
    portfolio, _ = load_checked_portfolio(find_project(example))
    case = portfolio.cases["senior-pm-promotion"]
    assert dict(case)["endorsements"] == ["apm-mentee-feedback", "joanne-adeyemi", "daniel-osei"]
    assert "endorsements=['apm-mentee-feedback', 'joanne-adeyemi', 'daniel-osei']" in repr(case)


def test_title_of_names_the_profile_by_its_name(example: Path) -> None:
    """`title_of` is how a theme names any item, the profile too."""
    (example / TEMPLATES / "home.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ title_of(profile) }}</p>{% endblock %}\n', encoding="utf-8")
    assert shown(build(example)["index.html"]) == "Nadia Okafor"


def test_a_template_reads_no_id_of_a_goal_the_build_hides(example: Path) -> None:
    """Evidence, a review's readings and a goal's parent name goals by id; a private goal's
    id is a file name its owner keeps from the public site."""
    for goal in ("sustainable-rhythm", "become-senior-pm"):
        path = example / "content" / "goals" / f"{goal}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nvisibility: private\n", 1), encoding="utf-8")
    (example / TEMPLATES / "evidence.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ view.item.goals }}</p>{% endblock %}\n', encoding="utf-8")
    (example / TEMPLATES / "review.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ review.readings|list }}</p>{% endblock %}\n', encoding="utf-8")
    (example / TEMPLATES / "goal.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ view.goal.parent }} '
        '{{ view.goal.milestones|map(attribute="evidence")|list }}</p>{% endblock %}\n', encoding="utf-8")
    files = build(example)
    assert shown(files["evidence/no-meeting-fridays/index.html"]) == "['lead-payments-squad']"
    assert shown(files["reviews/review-2026-q3/index.html"]) == "['lead-payments-squad', 'move-to-amsterdam', 'experimentation-mastery']"
    assert shown(files["goals/lead-payments-squad/index.html"]).startswith("None [")
    assert "become-senior-pm" not in b"".join(files.values()).decode()


def _hide_sustainable_rhythm(example: Path) -> None:
    """The goal `sustainable-rhythm` made private, and cited at the end of a public body."""
    goal = example / "content" / "goals" / "sustainable-rhythm.md"
    goal.write_text(goal.read_text(encoding="utf-8").replace("---\n", "---\nvisibility: private\n", 1), encoding="utf-8")
    evidence = example / "content" / "evidence" / "no-meeting-fridays.md"
    evidence.write_text(evidence.read_text(encoding="utf-8") + "\nIt served [[sustainable-rhythm]] too.\n", encoding="utf-8")


def test_a_template_reads_no_hidden_id_in_an_items_body_or_its_page(example: Path) -> None:
    """An item's `body` is its Markdown as written, citations and all, and `page` held the
    page's plan, whose context held the site graph: `{{ view.item.body|truncate }}` and a
    debugging `{{ page }}` printed a private goal's id (the graph's indexes are keyed by the
    ids the shown items name, its portfolio by anonymous endorsements' file names)."""
    _hide_sustainable_rhythm(example)
    (example / TEMPLATES / "evidence.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ view.item.body[-40:] }}\n{{ view.item["body"][-40:] }}\n'
        "{{ page }}</p>{% endblock %}\n", encoding="utf-8")
    files = build(example)
    assert shown(files["evidence/no-meeting-fridays/index.html"]).splitlines() == [
        "It served (an item not shown here) too.", "", "It served (an item not shown here) too.", "",
        "ShownPage(path='evidence/no-meeting-fridays/index.html', title='No-meeting Fridays trial for the payments squad', "
        "template='evidence.html', description='My time audit showed 19 hours of meetings a week.')"]
    assert [path for path, data in files.items() if b"sustainable-rhythm" in data or b"apm-mentee-feedback" in data] == []
    owner = Builder(find_project(example), BuildOptions(audience=None)).build().files["evidence/no-meeting-fridays/index.html"]
    assert "It served [[sustainable-rhythm]] too.\n" in shown(owner)


def test_a_citation_written_with_spaces_in_a_body_a_template_reads_is_shown_as_the_page_shows_it(example: Path) -> None:
    """`[[ id ]]` cites as `[[id]]` does: in the body a template reads, the citation of a
    hidden item is withheld and that of a shown one kept as written."""
    _hide_sustainable_rhythm(example)
    evidence = example / "content" / "evidence" / "no-meeting-fridays.md"
    evidence.write_text(evidence.read_text(encoding="utf-8") + "Led [[ lead-payments-squad ]], not [[ sustainable-rhythm ]].\n",
                        encoding="utf-8")
    (example / TEMPLATES / "evidence.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ view.item.body.splitlines()[-1] }}</p>{% endblock %}\n',
        encoding="utf-8")
    assert shown(build(example)["evidence/no-meeting-fridays/index.html"]) == \
        "Led [[ lead-payments-squad ]], not (an item not shown here)."


@pytest.mark.parametrize(("audience", "printed"), [("public", "[]"), ("manager", "['manager']"),
                                                 (None, "['manager', 'committee']")])
def test_a_template_reads_only_the_audiences_its_build_is_for(example: Path, audience: str | None, printed: str) -> None:
    """`{{ site.audiences }}` printed every audience the config declares, in a public build
    too: a name such as `acme-recruiter` says what its items would."""
    (example / TEMPLATES / "home.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ site.audiences }} {{ site["audiences"] }}</p>'
        "{% endblock %}\n", encoding="utf-8")
    result = Builder(find_project(example), BuildOptions(audience=audience)).build()
    assert shown(result.files["index.html"]) == f"{printed} {printed}"


@pytest.mark.parametrize(("template", "expression", "name"), [
    ("evidence.html", "view.item.model_dump()", "model_dump"),
    ("evidence.html", "view.item.model_dump_json()", "model_dump_json"),
    ("evidence.html", "view.item.dict()", "dict"),
    ("evidence.html", "view.item.json()", "json"),
    ("evidence.html", "view.item.__dict__", "__dict__"),
    ("evidence.html", "view.item.source.front_matter", "source"),
    ("evidence.html", "view.item['source'].body", "source"),
    ("goal.html", "view.goal.milestones[0].model_dump()", "model_dump"),
    ("home.html", "profile.model_dump()", "model_dump"),  # an item that names no other
])
def test_a_template_cannot_read_an_item_as_written_or_dumped(example: Path, run_cli, template: str, expression: str,
                                                             name: str) -> None:
    """A model's dump, and its source (the file as written), hold every id its front matter
    names: `{{ view.item.model_dump_json() }}` published a private goal's id, as reading
    `goals` no longer does."""
    _hide_sustainable_rhythm(example)
    (example / TEMPLATES / template).write_text(
        '{% extends "base.html" %}\n{% block content %}\n<p>{{ ' + expression + ' }}</p>\n{% endblock %}\n', encoding="utf-8")
    code, out, err = run_cli("build", str(example), "--no-cache")
    assert (code, out) == (1, "")
    what = "the file as written" if name == "source" else "the ids of items a build hides"
    instead = "use `body(item)` and the fields of the item" if name == "source" else \
        "read the fields of the item, or loop over them (`{% for field, value in item %}`)"
    assert err.splitlines() == [
        f"themes/default/templates/{template}:3:{expression.index(name) + 7}: error: template error: "
        f"the `{name}` of an item is not given to templates: it holds {what}; {instead}", HINT, "1 error, 0 warnings in 1 file"]
    assert not (example / "site").exists()


@pytest.mark.parametrize(("template", "expression", "name"), [
    ("evidence.html", "view.item.__getstate__()", "__getstate__"),
    ("evidence.html", 'view.item["__getstate__"]()', "__getstate__"),
    ("evidence.html", '(view.item|attr("__getstate__"))()', "__getstate__"),
    ("goal.html", "view.goal.milestones[0].__getstate__()", "__getstate__"),
    ("home.html", "url.__closure__", "__closure__"),
])
def test_a_template_reads_no_name_starting_with_an_underscore(example: Path, run_cli, template: str, expression: str,
                                                             name: str) -> None:
    """Python's own names get around every guard: `{{ case.__getstate__() }}` published the
    ids of a case's private evidence as written, and a helper's `__closure__` reached the
    whole portfolio."""
    _hide_sustainable_rhythm(example)
    (example / TEMPLATES / template).write_text(
        '{% extends "base.html" %}\n{% block content %}\n<p>{{ ' + expression + ' }}</p>\n{% endblock %}\n', encoding="utf-8")
    code, out, err = run_cli("build", str(example), "--no-cache")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"themes/default/templates/{template}:3:{expression.index(name) + 7}: error: template error: `{name}` is not given "
        "to templates: a name starting with `_` is Python's own, and reaches what the build hides (the ids of hidden items "
        "as written)", HINT, "1 error, 0 warnings in 1 file"]
    assert not (example / "site").exists()


def test_a_template_reads_keys_starting_with_an_underscore_of_a_mapping(example: Path) -> None:
    """The guard is on Python's names, not on a dictionary's keys."""
    (example / TEMPLATES / "home.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p id="shown">{{ {"_key": "value"}["_key"] }}</p>{% endblock %}\n',
        encoding="utf-8")
    assert shown(build(example)["index.html"]) == "value"


def documented_tables() -> list[dict[str, list[str]]]:
    """The tables of docs/site.md's "What templates receive": first cell to the names in
    backticks of the last; in the first table, which names them in its first cell, the
    cell to its own names (a helper's without its arguments)."""
    text = (REPO / "docs" / "site.md").read_text(encoding="utf-8").split("### What templates receive", 1)[1]
    tables: list[dict[str, list[str]]] = []
    for block in re.split(r"\n(?!\|)", text.split("\n## ", 1)[0]):
        rows = [line for line in block.splitlines() if line.startswith("| ") and not line.startswith("| Name") and "---" not in line]
        rows = [row for row in rows if not row.startswith(("| Template", "| View"))]
        if rows:
            cell = 1 if not tables else -2
            tables.append({row.split("|")[1].strip(): re.findall(r"`([A-Za-z_]+)", row.split("|")[cell]) for row in rows})
    return tables


def test_the_documented_template_names_are_those_templates_receive() -> None:
    everywhere, by_template, by_view = documented_tables()
    portfolio, problems = load_checked_portfolio(find_project(REPO))
    assert not [p for p in problems if p.severity == "error"]
    graph = build_graph(portfolio)
    plans = plan_site(graph)
    renderer = PageRenderer(jinja2.Environment(), graph, {}, shared_context(graph))
    common = set(shared_context(graph)) | set(renderer._helpers(plans[0]))
    assert sorted(name for names in everywhere.values() for name in names) == sorted(common)
    received: dict[str, set[str]] = {}
    for plan in plans:
        if plan.template:
            received.setdefault(f"`{plan.template}`", set()).update(plan.context())
    assert {template: sorted(names) for template, names in by_template.items()} == {t: sorted(n) for t, n in received.items()}
    views = {"goal": GoalView, "indicator (`leading`, `lagging`)": IndicatorView, "milestone": MilestoneView,
             "feedback": FeedbackView, "due step (`agenda`, `agenda_overdue`)": DueStep, "evidence": EvidenceView,
             "metric": MetricView, "endorsement": EndorsementView, "readiness": ReadinessView, "audit": AuditView}
    assert by_view == {name: [f.name for f in dataclasses.fields(view)] for name, view in views.items()}


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_theme_of_its_own_lacking_page_templates_is_named_at_theme(example: Path, run_cli, command: str) -> None:
    """`theme: mine` has no built-in fallback: the build said `themes:1:1: error: template
    error: 404.html` and `check` found no problem."""
    config = example / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme: default", "theme: mine"), encoding="utf-8")
    (example / "themes" / "mine" / "templates").mkdir(parents=True)
    (example / "themes" / "mine" / "templates" / "base.html").write_text('{% extends "default/base.html" %}\n', encoding="utf-8")
    (example / "themes" / "mine" / "templates" / "goal.html").write_text('{% extends "default/goal.html" %}\n', encoding="utf-8")
    code, out, err = run_cli(command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:2] == [
        "goalfolio.yaml:5:8: error: the theme `mine` has no 404.html, case.html, cases.html, endorsements.html, evidence.html, "
        "evidence_list.html, goals.html, home.html, progress.html, review.html, reviews.html, macros/charts.html, "
        "macros/items.html, macros/snippets.html, partials/checklist.html: pages are rendered with them",
        '    hint: add them to themes/mine/templates/; one holding `{% extends "default/404.html" %}` alone is the built-in one']
    assert not (example / "site").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_theme_of_its_own_is_told_the_macros_and_partials_its_pages_reach(example: Path, run_cli, command: str) -> None:
    """A theme whose pages each hold `{% extends "default/x.html" %}` alone, as the hint says,
    failed at `default/case.html:2:1: error: template error: macros/items.html` (the built-in
    pages import macros and include partials by their names in the theme `mine`); `check`
    found the theme whole."""
    config = example / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme: default", "theme: mine"), encoding="utf-8")
    own = example / "themes" / "mine" / "templates"
    for page in (REPO / TEMPLATES).glob("*.html"):
        (own / page.name).parent.mkdir(parents=True, exist_ok=True)
        (own / page.name).write_text(f'{{% extends "default/{page.name}" %}}\n', encoding="utf-8")
    code, out, err = run_cli(command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:2] == [
        "goalfolio.yaml:5:8: error: the theme `mine` has no macros/charts.html, macros/items.html, macros/snippets.html, "
        "partials/case_evidence.html, partials/checklist.html: pages are rendered with them",
        '    hint: add them to themes/mine/templates/; one holding `{% extends "default/macros/charts.html" %}` alone '
        "is the built-in one"]
    for name in ("macros/charts.html", "macros/items.html", "macros/snippets.html", "partials/case_evidence.html",
                 "partials/checklist.html"):
        (own / name).parent.mkdir(exist_ok=True)
        (own / name).write_text(f'{{% extends "default/{name}" %}}\n', encoding="utf-8")
    shutil.copytree(REPO / "themes" / "default" / "static", example / "themes" / "mine" / "static")
    assert run_cli(command, str(example))[0] == 0


def own_theme_of_stubs(example: Path) -> Path:
    """`theme: mine`, each of whose templates is `{% extends "default/x.html" %}` alone, as
    docs/site.md says; without static/."""
    config = example / "goalfolio.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme: default", "theme: mine"), encoding="utf-8")
    own = example / "themes" / "mine" / "templates"
    for template in (REPO / TEMPLATES).rglob("*.html"):
        name = template.relative_to(REPO / TEMPLATES).as_posix()
        (own / name).parent.mkdir(parents=True, exist_ok=True)
        (own / name).write_text(f'{{% extends "default/{name}" %}}\n', encoding="utf-8")
    return example / "themes" / "mine"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_theme_of_its_own_is_told_the_static_files_the_built_in_pages_link_to(example: Path, run_cli, command: str) -> None:
    """A theme of stubs without static/ built a site without static/ with exit 0, every
    page linking to static/style.css and static/icon.svg, and docs/site.md said so."""
    mine = own_theme_of_stubs(example)
    code, out, err = run_cli(command, str(example))
    assert (code, (out + err).splitlines()) == (1, [
        "goalfolio.yaml:5:8: error: the theme `mine` has no static/icon.svg, static/style.css: its pages link to them "
        "(the built-in default/base.html)",
        f"    hint: copy them to themes/mine/static/ from the built-in theme, in {builtin_themes_dir() / 'default' / 'static'}/",
        *([""] if command == "check" else []),
        "1 error, 0 warnings in 1 file"])
    assert not (example / "site").exists()
    (mine / "static").mkdir()
    shutil.copy(REPO / "themes" / "default" / "static" / "icon.svg", mine / "static")
    code, out, err = run_cli(command, str(example))
    assert (code, (out + err).splitlines()[0]) == (1, "goalfolio.yaml:5:8: error: the theme `mine` has no static/style.css: "
                                                      "its pages link to them (the built-in default/base.html)")
    shutil.copy(REPO / "themes" / "default" / "static" / "style.css", mine / "static")
    assert run_cli(command, str(example))[0] == 0


BASE_LINKING = ('{% extends "default/base.html" %}\n{% block head %}\n{# url(\'static/commented.css\') #}\n'
                '<link rel="stylesheet" href="{{ url(\'static/extra.css\') }}">\n{% set name = "gone.css" %}\n'
                '<link rel="stylesheet" href="{{ url(\'static/\' ~ name) }}">{{ url(name) }}\n'
                '<link rel="icon" href="{{ url("static/icon.svg#mark") }}">\n{% endblock %}\n')


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_mistyped_static_file_in_a_template_is_named_at_its_url(example: Path, run_cli, command: str) -> None:
    """`url('static/extra.cs')` for static/extra.css built with exit 0, writing a broken
    link into every page. A name made while rendering is not checked, nor a comment."""
    static = example / "themes" / "default" / "static"
    static.mkdir()
    (static / "extra.css").write_text("main { max-width: 60rem; }\n", encoding="utf-8")
    base = example / TEMPLATES / "base.html"
    base.write_text(BASE_LINKING, encoding="utf-8")
    assert run_cli("build", str(example))[0] == 0
    site = {p: p.read_bytes() for p in (example / "site").rglob("*") if p.is_file()}
    base.write_text(BASE_LINKING.replace("extra.css", "extra.cs").replace("icon.svg#", "fonts/inter.woff2?v=2#")
                    .replace("{% endblock %}", "{{ url('static/extra.cs') }}{% endblock %}"), encoding="utf-8")
    code, out, err = run_cli(command, str(example))
    assert (code, (out + err).splitlines()) == (1, [
        "themes/default/templates/base.html:4:37: error: no static file `static/extra.cs` in the theme",
        "    hint: did you mean `static/extra.css`?",
        "themes/default/templates/base.html:7:31: error: no static file `static/fonts/inter.woff2` in the theme",
        "    hint: put the file in themes/default/static/: the site's static/ holds the files of that folder and the built-in theme's",
        "themes/default/templates/base.html:8:8: error: no static file `static/extra.cs` in the theme",
        "    hint: did you mean `static/extra.css`?",
        *([""] if command == "check" else []),
        "3 errors, 0 warnings in 1 file"])
    assert {p: p.read_bytes() for p in (example / "site").rglob("*") if p.is_file()} == site


def test_a_static_file_deleted_while_previewing_is_named_at_the_template_linking_to_it(example: Path) -> None:
    static = example / "themes" / "default" / "static"
    static.mkdir()
    (static / "extra.css").write_text("main { max-width: 60rem; }\n", encoding="utf-8")
    (example / TEMPLATES / "base.html").write_text(BASE_LINKING, encoding="utf-8")
    builder = Builder(find_project(example), BuildOptions())
    assert builder.build().ok
    (static / "extra.css").unlink()
    assert [d.format() for d in builder.build(changed=[static / "extra.css"]).diagnostics] == [
        "themes/default/templates/base.html:4:37: error: no static file `static/extra.css` in the theme\n"
        "    hint: put the file in themes/default/static/: the site's static/ holds the files of that folder and the built-in theme's"]


def test_a_project_on_the_built_in_theme_reads_no_template_for_its_static_links(example: Path, run_cli, monkeypatch) -> None:
    """The built-in theme links to its own static files: its builds do not pay for a check."""
    def refused(*args, **kwargs):
        raise AssertionError("the static links were read")

    monkeypatch.setattr("goalfolio.build.static_links", refused)
    monkeypatch.setattr("goalfolio.themeerrors.static_links", refused)
    shutil.rmtree(example / "themes")
    assert [run_cli(command, str(example))[0] for command in ("check", "build")] == [0, 0]


@pytest.mark.parametrize("condition", ["audience_view", "owner_view"])
def test_check_reports_a_template_that_fails_in_an_audiences_or_the_owners_build_only(example: Path, run_cli, condition: str) -> None:
    """`check` rendered the public site only, and said "no problems found" of a template
    that stops `build --audience manager` or `build --all`."""
    (example / TEMPLATES / "review.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% if ' + condition + ' %}\n<p>{{ nosuch.thing }}</p>\n{% endif %}\n{% endblock %}\n',
        encoding="utf-8")
    code, out, err = run_cli("check", str(example))
    assert (code, err) == (1, "")
    assert out.splitlines()[:3] == ["themes/default/templates/review.html:4:7: error: template error: 'nosuch' is undefined", HINT, ""]
    assert out.splitlines()[-1] == "1 error, 0 warnings in 1 file"


@pytest.mark.parametrize(("expression", "column", "message"), [
    ("{{ nosuch.thing }}", 7, "'nosuch' is undefined"),
    ('{% from "macros/items.html" import evidence_card %}{{ evidence_card(1, 2, 3) }}', 58,
     "TypeError: macro 'evidence_card' takes not more than 2 argument(s)"),
    ('{% include "partials/gone.html" %}', 16, "no template named `partials/gone.html`, in your theme or the built-in one"),
])
def test_check_reports_a_template_that_fails_as_a_page_is_rendered(example: Path, run_cli, expression: str, column: int, message: str) -> None:
    """`check` said "no problems found" of a template `build` then stopped at."""
    (example / TEMPLATES / "review.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n\n<p>' + expression + '</p>\n{% endblock %}\n', encoding="utf-8")
    code, out, err = run_cli("check", str(example))
    assert (code, err) == (1, "")
    assert out.splitlines()[:3] == [f"themes/default/templates/review.html:4:{column}: error: template error: {message}", HINT, ""]
    assert out.splitlines()[-1] == "1 error, 0 warnings in 1 file"
    assert not (example / "site").exists()



@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1"), ("build", "--jobs", "2")])
def test_a_built_in_macro_called_wrong_is_reported_at_the_call_in_the_theme(example: Path, run_cli, command: tuple[str, ...]) -> None:
    """A macro given too few arguments fails in the macro's own file: the error named a line
    of the built-in theme by its absolute path, with the hint to fix it "in your theme", and
    not the line of the theme that called it."""
    (example / TEMPLATES / "review.html").write_text(
        '{% extends "base.html" %}\n{% from "macros/items.html" import evidence_card %}\n{% block content %}\n'
        "<p>{{ evidence_card() }}</p>\n{% endblock %}\n", encoding="utf-8")
    macros = (REPO / TEMPLATES / "macros" / "items.html").read_text(encoding="utf-8").splitlines()
    failed = next(number for number, line in enumerate(macros, 1) if "{{ e.kind }}" in line)
    code, out, err = run_cli(*command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:2] == [
        "themes/default/templates/review.html:4:1: error: template error: parameter 'e' was not provided "
        f"(in the built-in default/macros/items.html, line {failed})", HINT]
    assert not (example / "site").exists()

@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1"), ("build", "--jobs", "2")])
def test_a_template_extending_itself_is_told_to_extend_the_built_in_one(example: Path, run_cli, command: tuple[str, ...]) -> None:
    """`{% extends "base.html" %}` in a theme's own base.html names that file: it recursed until
    Python stopped it, told as "RecursionError: maximum recursion depth exceeded"."""
    (example / TEMPLATES / "base.html").write_text(
        '{% extends "base.html" %}\n{% block head %}{{ super() }}<meta name="x" content="y">{% endblock %}\n', encoding="utf-8")
    code, out, err = run_cli(*command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:2] == [
        "themes/default/templates/base.html:1:13: error: template error: this template extends `base.html`, which is itself",
        "    hint: a theme's `base.html` takes the place of the built-in one: to change that one, extend it by its theme's "
        'name, `{% extends "default/base.html" %}`']
    assert not (example / "site").exists()


@pytest.mark.parametrize(("written", "message", "hint"), [
    (r"\ud83d\ude80", r"`\ud83d\ude80` writes one character in two escapes (a surrogate pair, as JavaScript and JSON do), "
     "which a page cannot hold", r"write the character itself (🚀), or one escape for it: `\U0001F680`"),
    (r"\udcff", r"`\udcff` is half of a character written as two escapes (a surrogate pair), which a page cannot hold",
     r"write the character itself, or one escape for all of it, such as `\U0001F600`"),
])
@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1")])
def test_a_string_escaping_half_a_character_is_told_where_it_is(example: Path, run_cli, command: tuple[str, ...],
                                                                 written: str, message: str, hint: str) -> None:
    """A page holding half a character cannot be written as UTF-8: the build stopped with an
    internal error, "a bug in goalfolio"."""
    (example / TEMPLATES / "review.html").write_text(
        '{% extends "default/review.html" %}\n{% block content %}{{ super() }}\n<p>{{ "Launch ' + written + '" }}</p>\n'
        "{% endblock %}\n", encoding="utf-8")
    code, out, err = run_cli(*command, str(example))
    assert code == 1
    assert (out + err).splitlines()[:2] == [f"themes/default/templates/review.html:3:15: error: template error: {message}",
                                            f"    hint: {hint}"]
    assert not (example / "site").exists()


@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1"), ("build", "--jobs", "2")])
def test_templates_extending_each_other_in_a_loop_are_named_in_order(example: Path, run_cli, command: tuple[str, ...]) -> None:
    """`goal.html` extending `goals.html`, which extends `goal.html`, recursed until Python
    stopped it, told as "template error: RecursionError: maximum recursion depth exceeded"."""
    (example / TEMPLATES / "goal.html").write_text('{% extends "goals.html" %}\n', encoding="utf-8")
    (example / TEMPLATES / "goals.html").write_text('{% extends "goal.html" %}\n', encoding="utf-8")
    code, out, err = run_cli(*command, str(example))
    assert (code, (out + err).splitlines()[:2]) == (1, [
        "themes/default/templates/goal.html:1:13: error: template error: this template extends `goals.html`, which extends this "
        "one, `goal.html`: templates extending each other in a loop never render",
        "    hint: a theme's `goals.html` takes the place of the built-in one: to extend that one, name it by its theme's name, "
        '`{% extends "default/goals.html" %}`'])
    assert not (example / "site").exists()


def test_a_loop_of_three_templates_is_told_alike_from_each_page_it_stops(example: Path, run_cli) -> None:
    """Each page of the loop's templates tells it from the one whose name sorts first, so
    the public build, each audience's and the owner's that `check` renders agree."""
    (example / TEMPLATES / "goal.html").write_text('{% extends "goals.html" %}\n', encoding="utf-8")
    (example / TEMPLATES / "goals.html").write_text('{# the list #}\n{% extends "cases.html" %}\n', encoding="utf-8")
    (example / TEMPLATES / "cases.html").write_text('{% extends "goal.html" %}\n', encoding="utf-8")
    code, out, _ = run_cli("check", str(example))
    assert (code, [line for line in out.splitlines() if "error" in line or "hint" in line][:3]) == (1, [
        "themes/default/templates/cases.html:1:13: error: template error: this template extends `goal.html`, which extends "
        "`goals.html`, which extends this one, `cases.html`: templates extending each other in a loop never render",
        "    hint: a theme's `goal.html` takes the place of the built-in one: to extend that one, name it by its theme's name, "
        '`{% extends "default/goal.html" %}`',
        "1 error, 0 warnings in 1 file"])


HALF_HINT = 'make a character of its one code point (`"%c"|format(128512)` is 😀), or write the character itself'


@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1"), ("build", "--jobs", "2")])
def test_half_a_character_made_of_constants_is_told_where_it_is_written(example: Path, run_cli, command: tuple[str, ...]) -> None:
    """`{{ "%c"|format(55357) }}`, which Jinja2 works out as it compiles: the page could not be
    written as UTF-8, "internal error: UnicodeEncodeError ... surrogates not allowed", exit 3."""
    (example / TEMPLATES / "goal.html").write_text(
        '{% extends "default/goal.html" %}\n{% block content %}{{ super() }}\n<p>{{ "%c"|format(55357) }}</p>\n{% endblock %}\n',
        encoding="utf-8")
    code, out, err = run_cli(*command, str(example))
    assert (code, (out + err).splitlines()[:2]) == (1, [
        "themes/default/templates/goal.html:3:4: error: template error: this writes `\\ud83d`, half of a character (a surrogate), "
        "which a page cannot hold", f"    hint: {HALF_HINT}"])
    assert not (example / "site").exists()


@pytest.mark.parametrize(("template", "text", "place", "also"), [
    ("goal.html", '{% extends "default/goal.html" %}\n{% block content %}{{ super() }}\n{% set n = [55357] %}\n'
     '{% for x in n %}<p>{{ "%c"|format(x) }}</p>{% endfor %}\n{% endblock %}\n', "goal.html:4:1", ""),
    ("partials/checklist.html", '{% set n = 55357 %}\n<p>\n{{ "%c"|format(n) }}</p>\n', "partials/checklist.html:3:1", ""),
    ("macros/items.html", None, "macros/items.html:{line}:1", " (called by the built-in default/evidence_list.html, line {called})"),
], ids=["page", "included-partial", "called-macro"])
@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "2")])
def test_half_a_character_made_while_rendering_is_told_at_the_line_that_writes_it(
        example: Path, run_cli, command: tuple[str, ...], template: str, text: str | None, place: str, also: str) -> None:
    """A template of the project's own that makes half a character from what a page gives it:
    the build stopped with "internal error: UnicodeEncodeError", exit 3. Also in a partial
    or a macro of the project's that a built-in page includes or calls."""
    if text is None:
        line = own_macros(example, "{% macro evidence_card(e, heading='h3') -%}",
                          "{% macro evidence_card(e, heading='h3') -%}{{ \"%c\"|format(e.title|length + 55300) }}")
        place, also = place.format(line=line), also.format(called=built_in_line("evidence_list.html", "evidence_card(e,"))
        half = "\\ud8"
    else:
        (example / TEMPLATES / template).parent.mkdir(parents=True, exist_ok=True)
        (example / TEMPLATES / template).write_text(text, encoding="utf-8")
        half = "\\ud83d"
    code, out, err = run_cli(*command, str(example))
    assert code == 1
    first, hint = (out + err).splitlines()[:2]
    assert re.fullmatch(re.escape(f"themes/default/templates/{place}: error: template error: this writes `{half}") + r"[0-9a-f]*"
                        + re.escape(f"`, half of a character (a surrogate), which a page cannot hold{also}"), first), first
    assert hint == f"    hint: {HALF_HINT}"
    assert not (example / "site").exists()


def test_a_character_made_of_its_two_halves_is_told_as_the_character(example: Path, run_cli) -> None:
    (example / TEMPLATES / "goal.html").write_text(
        '{% extends "default/goal.html" %}\n{% block content %}{{ super() }}\n{% set n = [55357, 56832] %}\n'
        '<p>{{ "%c%c"|format(*n) }}</p>\n{% endblock %}\n', encoding="utf-8")
    code, out, err = run_cli("build", "--jobs", "1", str(example))
    assert (code, err.splitlines()[:2]) == (1, [
        "themes/default/templates/goal.html:4:1: error: template error: this writes `\\ud83d\\ude00`, one character as its two "
        "halves (a surrogate pair, as JavaScript and JSON write it), which a page cannot hold",
        '    hint: write the character itself (😀), or make it of its one code point: `"%c"|format(128512)`'])


def own_macros(example: Path, old: str, new: str) -> int:
    """The project's own macros/items.html: the built-in one with `old` replaced by `new`.
    The line of the first `new`."""
    text = (REPO / TEMPLATES / "macros" / "items.html").read_text(encoding="utf-8")
    assert old in text
    (example / TEMPLATES / "macros").mkdir()
    (example / TEMPLATES / "macros" / "items.html").write_text(text.replace(old, new), encoding="utf-8")
    return next(number for number, line in enumerate(text.replace(old, new).splitlines(), 1) if new in line)


def built_in_line(template: str, text: str) -> int:
    return next(number for number, line in enumerate((REPO / TEMPLATES / template).read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


@pytest.mark.parametrize("own_page", [False, True])
@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1"), ("build", "--jobs", "2")])
def test_a_built_in_page_calling_a_macro_of_the_theme_as_the_built_in_one_is_told_at_the_macro(
        example: Path, run_cli, command: tuple[str, ...], own_page: bool) -> None:
    """The built-in evidence list calls `evidence_card(e, 'h2')`: a theme's own macro taking
    `e` alone was an internal error ("This is a bug in goalfolio"), or, through a page of the
    theme extending the built-in one, an error at that page's `extends`."""
    line = own_macros(example, "{% macro evidence_card(e, heading='h3') -%}", "{% macro evidence_card(e) -%}")
    if own_page:
        (example / TEMPLATES / "evidence_list.html").write_text('{% extends "default/evidence_list.html" %}\n', encoding="utf-8")
    code, out, err = run_cli(*command, str(example))
    assert (code, (out + err).splitlines()[:2]) == (1, [
        f"themes/default/templates/macros/items.html:{line}:10: error: template error: TypeError: macro 'evidence_card' takes not "
        f"more than 1 argument(s) (called by the built-in default/evidence_list.html, line {built_in_line('evidence_list.html', 'evidence_card(e,')})",
        "    hint: the built-in templates call `evidence_card` as they call the built-in one: give it the same parameters"])
    assert not (example / "site").exists()


@pytest.mark.parametrize("command", [("check",), ("build", "--jobs", "1"), ("build", "--jobs", "2")])
def test_a_macro_a_built_in_page_imports_missing_from_the_theme_is_told_at_the_theme(example: Path, run_cli,
                                                                                   command: tuple[str, ...]) -> None:
    """The error named the built-in progress.html by its absolute path, with the hint to fix
    it "in your theme"."""
    own_macros(example, "done_text", "done_note")
    code, out, err = run_cli(*command, str(example))
    assert (code, (out + err).splitlines()[:2]) == (1, [
        "themes/default/templates/macros/items.html:1:1: error: template error: this template has no `done_text`, which the built-in "
        "default/progress.html imports from it (its line 2)",
        "    hint: define `done_text` here as the built-in default/macros/items.html does, or delete this file to fall back to the "
        "built-in one"])
    assert not (example / "site").exists()


def test_a_passed_checks_advice_is_empty(example: Path) -> None:
    """A theme printing each check's advice read "add -3 more indicators, each with a target"
    under a goal's passed checks."""
    (example / TEMPLATES / "goal.html").write_text(
        '{% extends "default/goal.html" %}\n{% block content %}<p id="shown">'
        '{% for c in audit.checks %}{{ c.passed }}: {{ c.advice }};{% endfor %}</p>{% endblock %}\n', encoding="utf-8")
    assert shown(build(example)["goals/become-senior-pm/index.html"]) == "True: ;" * 6

def test_a_views_rows_are_read_by_name_as_well_as_unpacked(example: Path) -> None:
    """An indicator's readings, an evidence view's skills, a step's requirements and an
    audit's checks are named tuples: the built-in theme unpacks them, and a theme of its own
    may read them by name (`selectattr`, `r.date`), which a bare tuple refused."""
    (example / TEMPLATES / "goal.html").write_text(
        '{% extends "default/goal.html" %}\n{% block content %}\n<p id="rows">'
        '{{ audit.checks|selectattr("passed")|list|length }} {{ audit.checks[0].question }}'
        '|{% for r in view.indicators[0].readings[:2] %}{{ r.date }}={{ r.value }} {{ r.path }};{% endfor %}'
        '|{% for s in (readiness.steps if readiness else [])[:1] %}{{ s.requirements|map(attribute="label")|join(" / ") }}: '
        '{{ s.requirements|rejectattr("met")|map(attribute="missing")|join(" / ") or "met" }}{% endfor %}'
        '</p>\n{% endblock %}\n', encoding="utf-8")
    (example / TEMPLATES / "evidence.html").write_text(
        '{% extends "default/evidence.html" %}\n{% block content %}\n'
        '<p id="rows">{% for s in view.skills %}{{ s.skill }} {{ s.path }};{% endfor %}</p>\n{% endblock %}\n', encoding="utf-8")
    files = build(example)
    rows = [re.search(rb'<p id="rows">(.*?)</p>', files[path], re.S).group(1).decode()  # type: ignore[union-attr]
            for path in ("goals/move-to-amsterdam/index.html", "evidence/checkout-redesign-launch/index.html")]
    assert rows == [
        "6 What is the specific outcome?"
        "|7 Nov 2025=1 interview evidence/interview-lumen-pay-amsterdam/index.html;"
        "12 Feb 2026=2 interviews evidence/interview-berlin-fintech/index.html;"
        "|at least 1 visa, credential or language gap with a plan: met",
        "experiment design evidence/skill/experiment-design/index.html;cross-team delivery "
        "evidence/skill/cross-team-delivery/index.html;UX research evidence/skill/ux-research/index.html;",
    ]


@pytest.mark.parametrize(("config", "person"), [("title: My site\nauthor: Ada Byron\n", "Ada Byron"), ("title: My site\n", "My site")])
def test_a_graph_made_without_a_profile_names_the_config_author_else_the_title(tmp_path: Path, config: str, person: str) -> None:
    """A theme author's graph without a profile still names someone in `person`."""
    portfolio, _ = load_files(tmp_path, {"content/profile.md": None}, config=config)
    assert portfolio.profile is None
    assert shared_context(build_graph(portfolio))["person"] == person
