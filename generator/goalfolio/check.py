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
from .pipeline import body_problems, has_own_theme, load_checked_portfolio, own_theme_problems
from .progress import GoalProgress


@dataclass(frozen=True)
class CheckResult:
    diagnostics: list[Diagnostic]
    audits: list[tuple[GoalAudit, GoalProgress, str]]  # audit, progress, source path
    cases: list[SeenReadiness]


def run_check(project: Project) -> CheckResult:
    portfolio, problems = load_checked_portfolio(project)
    problems = sorted(problems + body_problems(portfolio) + own_theme_problems(project, portfolio.config.theme))
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


def _rendering_problems(project: Project, theme: str, audiences: list[str]) -> list[Diagnostic]:
    """What a theme of the project's own does wrong only as a page is rendered (an undefined
    name, a macro given too many arguments, an include of a template that is not there):
    every build is rendered, in memory, as `build` would render it. The public site, each
    audience's and the owner's (`--all`), as a template may fail in one of them only
    (`{% if audience_view %}`), and each shows items the others do not."""
    if not has_own_theme(project, theme):
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
