"""One module per subcommand; each exposes `register(subparsers)`."""

from __future__ import annotations

from . import check, schema

REGISTRARS = [check.register, schema.register]
