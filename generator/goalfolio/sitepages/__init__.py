"""Page builders, one module per section; importing the package registers them all."""

from . import home  # noqa: F401
