"""The ``kpirag`` command line: ``evaluate``, ``audit``, ``risk`` and ``budget``."""

from __future__ import annotations

from kpirag.cli._main import main

__all__ = ["main"]
