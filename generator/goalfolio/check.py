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
    if has_errors(problems):
        return CheckResult(problems, [], [])
    graph = build_graph(portfolio, OWNER)
    findings = audit_portfolio(graph)
    audits = [(audit_goal(g), graph.progress[g.id], g.source.path) for g in portfolio.goals.values()]
    cases = [(cid, portfolio.cases[cid].source.path, r) for cid, r in graph.case_readiness.items()]
    return CheckResult(sorted(problems + findings), audits, cases)


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
