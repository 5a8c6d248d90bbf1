"""`goalfolio check`: validation plus the coaching audit, as diagnostics and a short summary."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .audit import (
    GoalAudit,
    GraphFor,
    SeenReadiness,
    audit_goal,
    audit_portfolio,
    case_readiness,
    view_note,
)
from .config import Project
from .errors import Diagnostic, has_errors
from .graph import OWNER, PUBLIC, build_graph
from .links import may_link
from .loader import Portfolio
from .models import Item, Source
from .pipeline import load_checked_portfolio
from .progress import GoalProgress


@dataclass(frozen=True)
class CheckResult:
    diagnostics: list[Diagnostic]
    audits: list[tuple[GoalAudit, GoalProgress, str]]  # audit, progress, source path
    cases: list[SeenReadiness]


def run_check(project: Project) -> CheckResult:
    portfolio, problems = load_checked_portfolio(project)
    problems = sorted(problems + body_problems(portfolio) + _theme_problems(project, portfolio.config.theme))
    if not has_errors(problems):
        problems = sorted(problems + _rendering_problems(project, portfolio.config.theme, portfolio.config.audiences))
    if has_errors(problems):
        return CheckResult(problems, [], [])
    # Each view the audit asks for (the owner's, and the builds that publish a case or a
    # goal with a framework) is built once.
    graph_for: GraphFor = functools.cache(functools.partial(build_graph, portfolio))
    findings = audit_portfolio(graph_for)
    graph = graph_for(OWNER)
    audits = [(audit_goal(g), graph.progress[g.id], g.source.path) for g in portfolio.goals.values()]
    return CheckResult(sorted(problems + findings), audits, case_readiness(graph_for))


def body_problems(portfolio: Portfolio, unloaded_only: bool = False) -> list[Diagnostic]:
    """What a build finds in the bodies as it renders them: missing images and files, links
    from the root. Also in the bodies of files that did not load (a bad field elsewhere in
    the file), which no build renders: one run reports every problem of a file."""
    loaded: list[tuple[Source, Item | None]] = [] if unloaded_only else [(item.source, item) for item in portfolio.items()]
    allow_html = portfolio.config.markdown.allow_html
    linking = [(source, item) for source, item in loaded + [(file.source, None) for file in portfolio.unvalidated]
               if may_link(source.body, allow_html)]
    if not linking:
        return []  # and markdown-it need not be imported
    from .markdown import body_references, reference_problems
    from .pagelinks import page_link_rule

    return [problem for source, item in linking
            for problem in reference_problems(source.path, source.body_line, body_references(source.body, allow_html),
                                              portfolio.assets, page_link_rule(item, portfolio))]

def _theme_problems(project: Project, theme: str) -> list[Diagnostic]:
    """Only a project with a theme of its own, or naming another, has a theme to check:
    the example and most portfolios need not load Jinja2 for `check`. (goalfolio's own
    repository keeps the built-in theme in its themes/ folder.)"""
    if not _has_own_theme(project, theme):
        return []
    from .themeerrors import theme_problems

    return theme_problems(project, theme)


def _has_own_theme(project: Project, theme: str) -> bool:
    from .fingerprint import builtin_themes_dir

    return theme != "default" or (project.themes_dir.is_dir() and project.themes_dir.resolve() != builtin_themes_dir().resolve())


def _rendering_problems(project: Project, theme: str, audiences: list[str]) -> list[Diagnostic]:
    """What a theme of the project's own does wrong only as a page is rendered (an undefined
    name, a macro given too many arguments, an include of a template that is not there):
    every build is rendered, in memory, as `build` would render it. The public site, each
    audience's and the owner's (`--all`), as a template may fail in one of them only
    (`{% if audience_view %}`), and each shows items the others do not."""
    if not _has_own_theme(project, theme):
        return []
    from .build import Builder, BuildOptions

    found: dict[Diagnostic, None] = {}  # once, however many builds fail alike
    for view in (PUBLIC, *audiences, OWNER):
        found.update(dict.fromkeys(d for d in Builder(project, BuildOptions(audience=view)).build().diagnostics if d.code in THEME_CODES))
    return list(found)


THEME_CODES = ("template-error", "not-utf8")


def goal_scores(result: CheckResult) -> list[dict[str, object]]:
    """The goals of `format_scores` for `--format json`: checklist score, pace, what is missing."""
    return [{"id": audit.goal.id, "path": path, "score": audit.score, "total": audit.total, "pace": progress.pace,
             "missing": [c.id for c in audit.checks if not c.passed]}
            for audit, progress, path in result.audits]


def case_scores(result: CheckResult) -> list[dict[str, object]]:
    """The cases of `format_scores` for `--format json`. `view` is the build the readiness is
    judged in: "public", an audience, or null for a private case (the owner's view)."""
    return [{"id": seen.item.id, "path": seen.item.source.path, "framework": seen.readiness.framework_id,
             "title": seen.readiness.title, "met": seen.readiness.met, "steps": len(seen.readiness.steps), "view": seen.view}
            for seen in result.cases]


def format_scores(result: CheckResult) -> str:
    if not result.audits and not result.cases:
        return ""
    lines = ["Goals (coaching checklist):"]
    width = max((len(a.goal.id) for a, _, _ in result.audits), default=0)
    pace_width = max(len("off track"), *(len(progress.pace) for _, progress, _ in result.audits))
    for audit, progress, path in result.audits:
        missing = [c.id for c in audit.checks if not c.passed]
        note = f"  missing: {', '.join(missing)}" if missing else ""
        lines.append(f"  {audit.goal.id:<{width}}  {audit.score}/{audit.total}  {progress.pace:<{pace_width}}  {path}{note}")
    if result.cases:
        lines.append("Cases (framework readiness):")
        id_width = max(len(seen.item.id) for seen in result.cases)
        title_width = max(len(seen.readiness.title) for seen in result.cases)
        for seen in result.cases:
            readiness = seen.readiness
            lines.append(f"  {seen.item.id:<{id_width}}  {readiness.title:<{title_width}}  "
                         f"{readiness.met}/{len(readiness.steps)} steps met{view_note(seen.view)}  {seen.item.source.path}")
    return "\n".join(lines)
