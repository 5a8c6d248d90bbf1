"""One module per subcommand; each exposes `register(subparsers)`."""

from __future__ import annotations

from . import build, check, schema

REGISTRARS = [build.register, check.register, schema.register]
