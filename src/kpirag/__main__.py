"""``python -m kpirag``: the command line."""

import sys

from kpirag.cli._main import main

sys.exit(main())
