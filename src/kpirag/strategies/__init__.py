"""Hypothesis strategies for kpirag's value types, for property-testing your own rules.

Needs the ``hypothesis`` extra: ``pip install 'kpirag[hypothesis]'``. Importing
this module registers kpirag's value types with Hypothesis, so
``st.from_type(kpirag.Target)`` works; Hypothesis's entry point does the same
when Hypothesis is imported first.
"""

from __future__ import annotations

from kpirag.strategies import _strategies
from kpirag.strategies._strategies import *  # noqa: F403 - the strategies its __all__ lists

__all__ = _strategies.__all__  # one list of the public strategies: its own
