"""`python -m goalfolio`."""

import sys

from .cli import main

sys.exit(main())
