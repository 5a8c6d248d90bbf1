"""`goalfolio schema [TYPE]`: JSON Schema of the content types, for editors."""

from __future__ import annotations

import argparse

# The keys of models.SCHEMA_TYPES, written out so that parsing the command line does not
# import pydantic (tests/test_cache.py checks they agree).
TYPE_NAMES = ("case", "config", "endorsement", "evidence", "goal", "profile", "review")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("schema", help="print the JSON Schema of a content type (or of all)")
    parser.add_argument("type", nargs="?", choices=TYPE_NAMES, help="one content type (default: all, keyed by type)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..models import SCHEMA_TYPES

    if args.type:
        print(json.dumps(_schema(args.type), indent=2, ensure_ascii=False))
    else:
        print(json.dumps({name: _schema(name) for name in sorted(SCHEMA_TYPES)}, indent=2, ensure_ascii=False))
    return 0


def _schema(name: str) -> dict[str, object]:
    from ..models import SCHEMA_TYPES

    schema = SCHEMA_TYPES[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", name)
    return schema
