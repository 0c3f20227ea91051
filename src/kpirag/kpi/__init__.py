"""KPIs: definitions, measures, bands, profiles, periods, evaluation, audit and summaries.

Also direction of travel between two periods.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from kpirag.kpi import (
    _bands,
    _definition,
    _evaluation,
    _line,
    _measures,
    _periods,
    _profile,
    _series,
    _summary,
    _travel,
)
from kpirag.kpi._bands import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._definition import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._evaluation import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._line import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._measures import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._periods import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._profile import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._series import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._summary import *  # noqa: F403 - the names its __all__ lists
from kpirag.kpi._travel import *  # noqa: F403 - the names its __all__ lists

if TYPE_CHECKING:
    from kpirag.rules import Trend as Travel  # noqa: F401 - typed for checkers; served by __getattr__

# One list of the public names: each module's own.
__all__ = (
    _bands.__all__
    + _definition.__all__
    + _evaluation.__all__
    + _line.__all__
    + _measures.__all__
    + _periods.__all__
    + _profile.__all__
    + _series.__all__
    + _summary.__all__
    + _travel.__all__
)


def __getattr__(name: str) -> object:
    """``Travel``, the older name of ``kpirag.Trend``: ``Trend``, with a ``DeprecationWarning``."""
    if name != "Travel":
        raise AttributeError(f"module 'kpirag.kpi' has no attribute {name!r}")
    warnings.warn(
        "kpirag.kpi.Travel is deprecated; use kpirag.Trend", DeprecationWarning, stacklevel=2
    )
    from kpirag.rules import Trend  # noqa: PLC0415

    return Trend
