"""``python -m kpirag``: the command line."""

import sys

from kpirag.cli import main

sys.exit(main())
