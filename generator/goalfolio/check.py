"""`goalfolio check`: validation plus the coaching audit, as diagnostics and a short summary."""

from __future__ import annotations

from dataclasses import dataclass

from .audit import GoalAudit, audit_goal, audit_portfolio
from .config import Project
from .errors import Diagnostic, has_errors
from .frameworks import Readiness
from .graph import OWNER, build_graph
from .pipeline import load_checked_portfolio
from .progress import GoalProgress


@dataclass(frozen=True)
class CheckResult:
    diagnostics: list[Diagnostic]
    audits: list[tuple[GoalAudit, GoalProgress, str]]  # audit, progress, source path
    cases: list[tuple[str, str, Readiness]]  # case id, source path, readiness


def run_check(project: Project) -> CheckResult:
    portfolio, problems = load_checked_portfolio(project)
    problems = sorted(problems + _theme_problems(project, portfolio.config.theme))
    if has_errors(problems):
        return CheckResult(problems, [], [])
    graph = build_graph(portfolio, OWNER)
    findings = audit_portfolio(graph)
    audits = [(audit_goal(g), graph.progress[g.id], g.source.path) for g in portfolio.goals.values()]
    cases = [(cid, portfolio.cases[cid].source.path, r) for cid, r in graph.case_readiness.items()]
    return CheckResult(sorted(problems + findings), audits, cases)


def _theme_problems(project: Project, theme: str) -> list[Diagnostic]:
    """Only a project with a theme of its own, or naming another, has a theme to check:
    the example and most portfolios need not load Jinja2 for `check`. (goalfolio's own
    repository keeps the built-in theme in its themes/ folder.)"""
    from .cache import builtin_themes_dir

    if theme == "default" and (not project.themes_dir.is_dir() or project.themes_dir.resolve() == builtin_themes_dir().resolve()):
        return []
    from .templating import theme_problems

    return theme_problems(project, theme)


def format_scores(result: CheckResult) -> str:
    if not result.audits and not result.cases:
        return ""
    lines = ["Goals (coaching checklist):"]
    width = max((len(a.goal.id) for a, _, _ in result.audits), default=0)
    for audit, progress, path in result.audits:
        missing = [c.id for c in audit.checks if not c.passed]
        note = f"  missing: {', '.join(missing)}" if missing else ""
        lines.append(f"  {audit.goal.id:<{width}}  {audit.score}/{audit.total}  {progress.pace:<9}  {path}{note}")
    if result.cases:
        lines.append("Cases (framework readiness):")
        id_width = max(len(case_id) for case_id, _, _ in result.cases)
        title_width = max(len(readiness.title) for _, _, readiness in result.cases)
        for case_id, path, readiness in result.cases:
            lines.append(f"  {case_id:<{id_width}}  {readiness.title:<{title_width}}  "
                         f"{readiness.met}/{len(readiness.steps)} steps met  {path}")
    return "\n".join(lines)
