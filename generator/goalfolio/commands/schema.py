"""`goalfolio schema [TYPE]`: JSON Schema of the content types, for editors."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..items import Model

# The keys of `schema_types()`, written out so that parsing the command line does not
# import pydantic (tests/test_cache.py checks they agree).
TYPE_NAMES = ("case", "config", "endorsement", "evidence", "goal", "profile", "review")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("schema", help="print the JSON Schema of a content type (or of all)")
    parser.add_argument("type", nargs="?", choices=TYPE_NAMES, help="one content type (default: all, keyed by type)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    if args.type:
        print(json.dumps(_schema(args.type), indent=2, ensure_ascii=False))
    else:
        print(json.dumps({name: _schema(name) for name in sorted(schema_types())}, indent=2, ensure_ascii=False))
    return 0


def schema_types() -> dict[str, type[Model]]:
    """Each file's model by the name the command takes: goalfolio.yaml's (`siteconfig`)
    and the content's (`models`)."""
    from ..models import Case, Endorsement, Evidence, Goal, Profile, Review
    from ..siteconfig import SiteConfig

    return {"config": SiteConfig, "profile": Profile, "goal": Goal, "evidence": Evidence,
            "endorsement": Endorsement, "review": Review, "case": Case}


def _schema(name: str) -> dict[str, object]:
    schema = schema_types()[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", name)
    return schema
