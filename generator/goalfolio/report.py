"""Print diagnostics for people (`path:line:col: severity: message`) and for tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .errors import Diagnostic, counted


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """Diagnostics sorted by file and line, with a blank line between files."""
    lines: list[str] = []
    previous = None
    for diagnostic in sorted(diagnostics):
        if previous is not None and diagnostic.path != previous:
            lines.append("")
        lines.append(diagnostic.format())
        previous = diagnostic.path
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic], **sections: object) -> str:
    """The report for tools: one object, `{"problems": [...]}` plus any `sections` a command
    adds (`check` its scores, `new` the file it made), so a key can be added later without
    breaking a reader."""
    return json.dumps({"problems": [d.as_dict() for d in sorted(diagnostics)], **sections}, indent=2, ensure_ascii=False)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    if not diagnostics:
        return "no problems found"
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')} in {counted(files, 'file')}"
