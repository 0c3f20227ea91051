"""Risk matrices and risk registers."""

from __future__ import annotations

from kpirag.risk import _risk
from kpirag.risk._risk import *  # noqa: F403 - the names its __all__ lists

__all__ = _risk.__all__  # one list of the public names: its own
