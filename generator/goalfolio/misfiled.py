"""A content file saved in the wrong folder of content/. A goal saved in evidence/ fails
evidence's schema field by field: a dozen unknown fields, each hint listing evidence's
fields, and evidence's `date` and `kind` missing. The mistake is one, where the file was
saved, so it is told as one."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from .errors import Diagnostic
from .frontmatter import FrontMatterError, parse_content
from .models import CONTENT_TYPES
from .sources import read_text

WHOSE = {"goals": "a goal's", "evidence": "evidence's", "endorsements": "an endorsement's", "reviews": "a review's",
         "cases": "a case's"}
MIN_UNKNOWN = 2  # one unknown field is more likely a typo than a file in the wrong folder


def as_misfiled(folder: str, data: object, errors: list[Diagnostic], path: str) -> list[Diagnostic]:
    """`errors`, with the unknown and missing fields replaced by one error where they all
    come from the file belonging to another folder: every field it has is one of that
    folder's type, and it has all that type's required fields. Other errors (a value the
    two types share, such as a bad `title`) stay."""
    unknown = [d.field_path for d in errors if d.code == "unknown-field" and d.field_path.isidentifier()]
    if len(unknown) < MIN_UNKNOWN or not isinstance(data, dict):
        return errors
    homes = [other for other, model in CONTENT_TYPES.items() if other != folder and _fits(model, set(map(str, data)))]
    if len(homes) != 1:
        return errors
    home = homes[0]
    shown = ", ".join(f"`{name}`" for name in unknown[:3]) + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "")
    told = Diagnostic(path, 1, 1, "error", "wrong-folder",
                      f"this file has {WHOSE[home]} fields ({shown}), not {WHOSE[folder]}", f"move it to content/{home}/")
    return [told] + [d for d in errors if d.code not in ("unknown-field", "missing-field")]


def home_hint(path: Path, shown: str) -> str | None:
    """For a Markdown file at the top of content/, outside every folder, the folder whose
    type its fields fit, as `as_misfiled` tells a file in the wrong one; None where they
    fit no one type, or the file cannot be read."""
    found = read_text(path)
    if found is None:
        return None
    try:
        data = parse_content(found[1], shown).data
    except FrontMatterError:
        return None
    homes = [folder for folder, model in CONTENT_TYPES.items() if _fits(model, set(map(str, data)))]
    return f"its fields are {WHOSE[homes[0]]}: move it into {homes[0]}/" if len(homes) == 1 else None


def _fits(model: type[BaseModel], keys: set[str]) -> bool:
    names = {info.alias or name: info for name, info in model.model_fields.items()}
    required = {name for name, info in names.items() if info.is_required()}
    return keys <= set(names) and required <= keys
