"""`goalfolio new` and `goalfolio log`: a new content file in a portfolio, from its
template (`newfiles`) or from a win told in one line, under an id no item has taken.
"""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path

import yaml

from .citations import CITATION_RE
from .config import CONFIG_NAME, Project, load_config, misnamed_config, portfolios_hint
from .errors import Diagnostic, UsageError, UserError, written_number
from .fieldtypes import EVIDENCE_KINDS, ID_RE, unseen_characters
from .models import PROFILE_ID, Indicator
from .newfiles import fill, package_data, write_new
from .progress import Reading, days_after
from .sentences import InexactNumber, ParsedMetric, parse_metrics, target_date_from_title
from .urls import id_from_text
from .yamlvalues import CONTROL_CHARACTER

NEW_TYPES: dict[str, str] = {
    "goal": "goals",
    "evidence": "evidence",
    "endorsement": "endorsements",
    "review": "reviews",
    "case": "cases",
}
CONTENT_FOLDERS = tuple(NEW_TYPES.values())

_PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 .'()/&+%-]*")


# Ids and YAML text --------------------------------------------------------------------


def yaml_text(value: str) -> str:
    """`value` as a YAML scalar that reads back as the same string, plain when that is safe."""
    if _PLAIN_RE.fullmatch(value) and not value.endswith(" ") and yaml.safe_load(value) == value:
        return value
    quoted: str = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1 << 30)
    return _ASTRAL_ESCAPE_RE.sub(_unescape_astral, quoted.removesuffix("\n...\n").rstrip("\n"))


# PyYAML escapes every character beyond U+FFFF in double quotes, even with allow_unicode:
# an emoji in a title would reach the file as `\U0001F680`. YAML prints them as they are.
# An escaped backslash is matched too, so the `\U` of text that holds `\\U` is left alone.
_ASTRAL_ESCAPE_RE = re.compile(r"\\(\\|U[0-9A-F]{8})")


def _unescape_astral(match: re.Match[str]) -> str:
    escape = match.group(1)
    return match.group(0) if escape == "\\" else chr(int(escape[1:], 16))


def yaml_list(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def taken_ids(project: Project) -> dict[str, str]:
    """Every id in use, with its file: ids are unique across all content folders."""
    taken: dict[str, str] = {PROFILE_ID: "content/profile.md"}  # whether or not the file exists
    for folder in CONTENT_FOLDERS:
        directory = project.content_dir / folder
        if directory.is_dir():
            for path in sorted(directory.glob("*.md")):
                taken.setdefault(path.stem, project.display(path))
    return taken


# new ----------------------------------------------------------------------------------


def new_item(project: Project, item_type: str, title: str | None, goal_ids: list[str],
             today: datetime.date | None = None, given_id: str | None = None) -> Path:
    """Write a new item from its template; refuse when its id is already taken. `given_id`
    names the file where the title cannot: ids are ASCII, titles may be in any script."""
    usual_day = _require_project(project)
    day = today or usual_day
    title = _printable(" ".join((title or "").split()), "title")
    if not title and item_type != "review":
        raise UsageError(f"`goalfolio new {item_type}` needs a title, e.g. goalfolio new {item_type} \"{_EXAMPLES[item_type]}\"")
    if goal_ids and item_type == "review":
        raise UsageError("--goal does not apply to reviews: a review records readings of every goal")
    goals = _checked_goals(project, goal_ids)
    if item_type == "goal" and len(goals) > 1:
        raise UsageError("a goal has one parent: give --goal once")
    if item_type == "case" and not goals:
        goals = _only_goal(project)
    item_id = _checked_id(given_id, item_type) if given_id is not None else _title_id(title, item_type, day)
    path = project.content_dir / NEW_TYPES[item_type] / f"{item_id}.md"
    _refuse_taken(project, item_id, path)
    values = {
        "title": yaml_text(title),
        "goals": yaml_list(goals),
        "parent": f"parent: {goals[0]}" if goals else "# parent: the id of a bigger goal this one serves",
        "readings": _readings_block(project, day) if item_type == "review" else "",
        "target_date": (target_date_from_title(title, day) or days_after(day, 365)).isoformat(),
    }
    text = fill((package_data("new") / f"{item_type}.md").read_text(encoding="utf-8"), day, values)
    if not write_new(path, text):
        _refuse_taken(project, item_id, path)
    return path


_EXAMPLES = {
    "goal": "Lead a team of six",
    "evidence": "Led the pricing workshop",
    "endorsement": "Alex Morgan",
    "review": "Q3 review",
    "case": "Promotion case 2027",
}
_EXAMPLE_IDS = {
    "goal": "team-lead",
    "evidence": "project-launch",
    "endorsement": "alex-morgan",
    "review": "q3-review",
    "case": "promotion-case",
}


def _printable(text: str, what: str) -> str:
    """`text`, unless it holds what `check` refuses in a title: a control character (an
    escape pasted with a terminal's coloured output), a citation, which a title would
    show as written, or only characters a page shows nothing of (a zero-width space).
    Written into the file, each made one that never built."""
    control = CONTROL_CHARACTER.search(text)
    if control is not None:
        raise UsageError(f"the {what} holds the character U+{ord(control.group()):04X}, which web pages and feeds cannot "
                         "carry; nothing was written: type it again without it")
    cited = CITATION_RE.search(text)
    if cited is not None:
        raise UsageError(f"the {what} holds `{cited.group()}`, which a title shows as written; nothing was written: "
                         "name the item in words, and cite it with [[id]] in the file's body")
    unseen = unseen_characters(text) if text else None
    if unseen is not None:
        raise UsageError(f"the {what} holds no character a page shows, only {unseen}; nothing was written: "
                         f"type the {what} again")
    return text


def _title_id(title: str, item_type: str, day: datetime.date) -> str:
    """The id the title gives. Ids are ASCII, so a title in another script gives none."""
    if not title:
        return f"review-{day.isoformat()}"
    item_id = id_from_text(title)
    if not item_id:
        raise UsageError(f"the title `{title}` has no Latin letters or digits to make the file name from; "
                         f"give the id with --id, e.g. --id {_EXAMPLE_IDS[item_type]}")
    return item_id


# Most file systems allow names of 255 bytes (an id is ASCII: a byte a character), and an
# editor's swap or backup file (`.lead.md.swp`) adds to the name.
MAX_GIVEN_ID = 200


def _checked_id(given_id: str, item_type: str) -> str:
    """An id given with --id, held to the rule the loader applies to file names."""
    if ID_RE.fullmatch(given_id):
        if len(given_id) > MAX_GIVEN_ID:
            raise UsageError(f"--id is {len(given_id)} characters long, and an id names its file: use at most "
                             f"{MAX_GIVEN_ID}, e.g. --id {id_from_text(given_id)}")
        return given_id
    suggestion = id_from_text(given_id.removesuffix(".md")) or _EXAMPLE_IDS[item_type]
    raise UsageError(f"--id `{given_id}` is not a valid id: use lowercase letters, digits and `-`, "
                     f"starting with a letter or digit, e.g. --id {suggestion}")


def _require_project(project: Project) -> datetime.date:
    """Only write into a portfolio: its config must exist and be valid. Returns the day new
    items are dated: the config's `today:` where it pins one (a later date would make a new
    review "planned", and be ignored), else the local date."""
    if not project.config_path.is_file():
        raise UserError([Diagnostic(project.display(project.config_path), 1, 1, "error", "no-config",
                                    f"no {CONFIG_NAME} here, so this is not a goalfolio portfolio",
                                    misnamed_config(project) or portfolios_hint(project)
                                    or "pass the portfolio folder, or create one with `goalfolio init DIR`")])
    return load_config(project).today or datetime.date.today()


def _goal_files(project: Project) -> list[str]:
    folder = project.content_dir / "goals"
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def _checked_goals(project: Project, goal_ids: list[str]) -> list[str]:
    known = _goal_files(project)
    for goal_id in goal_ids:
        if goal_id not in known:
            close = difflib.get_close_matches(goal_id, known, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else (
                f"known goals: {', '.join(known)}" if known else "create one first with `goalfolio new goal \"Title\"`")
            raise UsageError(f"--goal {goal_id}: no goal with the id `{goal_id}` (looked for content/goals/{goal_id}.md); {hint}")
    return list(dict.fromkeys(goal_ids))


def _only_goal(project: Project) -> list[str]:
    """A case needs a goal: take the only one there is, or ask which."""
    known = _goal_files(project)
    if len(known) == 1:
        return known
    hint = f"add --goal with one of: {', '.join(known)}" if known else "create a goal first with `goalfolio new goal \"Title\"`"
    raise UsageError(f"a case argues for at least one goal; say which with --goal ID: {hint}")


def _refuse_taken(project: Project, item_id: str, path: Path) -> None:
    owner = taken_ids(project).get(item_id)
    if owner is None and not path.exists():
        return
    shown = owner or project.display(path)
    taken = f"is the profile's id (content/{PROFILE_ID}.md)" if item_id == PROFILE_ID else f"already exists ({shown})"
    raise UserError([Diagnostic(shown, 1, 1, "error", "id-taken",
                                f"`{item_id}` {taken}; nothing was written",
                                "ids are unique across the portfolio: choose another title or --id, or edit the existing file")])


def _readings_block(project: Project, day: datetime.date) -> str:
    """A reading for every indicator of every active goal, prefilled with its last value."""
    from .graph import OWNER, build_graph
    from .pipeline import load_checked_portfolio

    portfolio, _ = load_checked_portfolio(project)
    graph = build_graph(portfolio, OWNER)
    lines: list[str] = []
    for goal in portfolio.goals.values():
        if goal.status not in ("active", "paused"):
            continue
        states = [s for s in graph.progress[goal.id].indicators if not s.counted]
        if states:
            lines.append(f"  {goal.id}:")
            lines.extend(_reading_line(s.indicator, s.readings[-1] if s.readings else None) for s in states)
    if not lines:
        return "# readings: {goal-id: {indicator-id: value}} once your goals have indicators\nreadings: {}"
    return "# Update each value: it starts at the last reading (or the baseline).\nreadings:\n" + "\n".join(lines)


def _reading_line(indicator: Indicator, last: Reading | None) -> str:
    value = last.value if last else indicator.baseline
    source = f"last {written_number(value)} on {last.date}" if last else "baseline"
    unit = f" ({indicator.unit})" if indicator.unit else ""
    return f"    {indicator.id}: {written_number(value)}   # {indicator.name}{unit}; {source}; target {written_number(indicator.target)}"


# log ----------------------------------------------------------------------------------


def log_win(project: Project, text: str, goal_ids: list[str], kind: str = "result",
            day: datetime.date | None = None) -> tuple[Path, list[ParsedMetric]]:
    """Write a dated evidence item for a win told in one line; return its path and metrics."""
    usual_day = _require_project(project)
    day = day or usual_day
    if kind not in EVIDENCE_KINDS:
        close = difflib.get_close_matches(kind.lower(), EVIDENCE_KINDS, n=1, cutoff=0.6)
        raise UsageError(f"unknown kind `{kind}`" + (f" (did you mean `{close[0]}`?)" if close else "") + "; "
                         + f"use one of: {', '.join(EVIDENCE_KINDS)}")
    title = " ".join(_printable(text, "text").split())
    if not title:
        raise UsageError("say what happened, e.g. goalfolio log \"Shipped the onboarding revamp, activation +12%\"")
    goals = _checked_goals(project, goal_ids)
    metrics = _metrics_of(title)
    folder = project.content_dir / "evidence"
    base = id_from_text(title) or f"win-{day.isoformat()}"
    document = _log_document(title, text.strip(), day, kind, goals, metrics)
    for n in range(1, 1000):
        item_id = base if n == 1 else f"{base}-{n}"
        if item_id not in taken_ids(project) and write_new(folder / f"{item_id}.md", document):
            return folder / f"{item_id}.md", metrics
    raise UsageError(f"too many evidence items named `{base}`; use a more specific text")


def _metrics_of(text: str) -> list[ParsedMetric]:
    """The measurements of a win, or a refusal of a number a metric cannot hold as written."""
    try:
        return parse_metrics(text)
    except InexactNumber as exc:
        if exc.too_large:
            raise UsageError(f"the number {exc.written} in the text is larger than goalfolio can hold (about 1e308); "
                             "nothing was written: write a smaller number") from None
        raise UsageError(f"the number {exc.written} in the text has more figures than goalfolio keeps: it would be "
                         f"written as {written_number(exc.kept)}; nothing was written: round it to 15 figures or fewer") from None


def _log_document(title: str, body: str, day: datetime.date, kind: str, goals: list[str],
                  metrics: list[ParsedMetric]) -> str:
    lines = [
        "---",
        f"title: {yaml_text(title.rstrip('.'))}",
        f"date: {day.isoformat()}",
        f"kind: {kind}",
        f"goals: {yaml_list(goals)}",
        "# ladder: stretch   # baseline or stretch, for the evidence ladder",
        *_metrics_lines(metrics),
        "---",
        body,
        "",
    ]
    return "\n".join(lines)


def _metrics_lines(metrics: list[ParsedMetric]) -> list[str]:
    if not metrics:
        return [
            "# No measurement found in the text. Add one if you can show the change:",
            "# metrics:",
            '#   - {name: Activation rate, before: 31, after: 38, unit: "%"}',
        ]
    lines = []
    if any(m.change for m in metrics):
        lines.append("# A change such as +12% is kept as written, with no starting value;")
        lines.append("# when you know them, write `before:` and `after:` and the plain unit.")
    lines.append("metrics:")
    for metric in metrics:
        fields = [f"name: {yaml_text(metric.name)}"]
        if metric.before is not None:
            fields.append(f"before: {written_number(metric.before)}")
        fields.append(f"after: {written_number(metric.after)}")
        unit = f"{metric.unit} change" if metric.change else metric.unit
        if unit:
            fields.append(f"unit: {yaml_text(unit)}")
        if metric.note:
            lines.append(f"  # {metric.note}")
        lines.append("  - {" + ", ".join(fields) + "}")
    return lines
