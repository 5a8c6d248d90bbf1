"""One module per subcommand; each exposes `register(subparsers)`."""

from __future__ import annotations

from . import build, check, clean, init, log, new, schema, serve

REGISTRARS = [build.register, check.register, clean.register, init.register, log.register, new.register, schema.register, serve.register]
