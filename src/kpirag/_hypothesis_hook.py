"""Hypothesis's entry point into kpirag: register kpirag's types when Hypothesis starts.

It lives outside ``kpirag.strategies`` so that loading it never imports
Hypothesis. When ``kpirag.strategies`` is itself being imported (it imports
Hypothesis, which runs this hook), the hook does nothing: the module registers
the types itself once it has finished loading.
"""

from __future__ import annotations

import importlib
import sys


def setup_hook() -> None:
    """Import ``kpirag.strategies`` (which registers the types) unless it is already loading."""
    if "kpirag.strategies" not in sys.modules:
        importlib.import_module("kpirag.strategies")
