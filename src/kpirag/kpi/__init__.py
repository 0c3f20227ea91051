"""KPIs: definitions, measures, bands, profiles, periods, evaluation, audit and summaries.

Also direction of travel between two periods.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from kpirag.kpi._bands import (
    Band,
    Bands,
)
from kpirag.kpi._definition import (
    KPI,
    UNIT_FORMS,
    Frequency,
    Part,
    Rollup,
    RollupKind,
    Unit,
    read_unit,
)
from kpirag.kpi._evaluation import (
    NO_OBSERVATION,
    NOT_RATED_ORDER,
    NOT_RATED_WORDING,
    OVERRIDE_PRECEDENCE,
    AuditEntry,
    Evaluation,
    Framework,
    KPIResult,
    NotRated,
    Observation,
    PartResult,
    Rating,
    applied_target,
    evaluate_kpi,
    looks_like_fractions,
    rate,
)
from kpirag.kpi._line import (
    KPILine,
)
from kpirag.kpi._measures import (
    MAX_COUNT,
    MAX_PLACES,
    Cohort,
    Distribution,
    Figure,
    Measure,
    check_unit,
)
from kpirag.kpi._periods import (
    PERIOD_FORMS,
    Month,
    Period,
    Quarter,
    Year,
    YearConvention,
    add_months,
    parse_date,
    parse_period,
    read_period,
)
from kpirag.kpi._profile import (
    MAX_PERIODS,
    Profile,
)
from kpirag.kpi._series import (
    Series,
    SeriesPeriod,
)
from kpirag.kpi._summary import (
    Summary,
    summarise,
)
from kpirag.kpi._travel import travel

if TYPE_CHECKING:
    from kpirag.rules import Trend as Travel  # noqa: F401 - typed for checkers; served by __getattr__

__all__ = [
    "KPI",
    "MAX_COUNT",
    "MAX_PERIODS",
    "MAX_PLACES",
    "NOT_RATED_ORDER",
    "NOT_RATED_WORDING",
    "NO_OBSERVATION",
    "OVERRIDE_PRECEDENCE",
    "PERIOD_FORMS",
    "UNIT_FORMS",
    "AuditEntry",
    "Band",
    "Bands",
    "Cohort",
    "Distribution",
    "Evaluation",
    "Figure",
    "Framework",
    "Frequency",
    "KPILine",
    "KPIResult",
    "Measure",
    "Month",
    "NotRated",
    "Observation",
    "Part",
    "PartResult",
    "Period",
    "Profile",
    "Quarter",
    "Rating",
    "Rollup",
    "RollupKind",
    "Series",
    "SeriesPeriod",
    "Summary",
    "Unit",
    "Year",
    "YearConvention",
    "add_months",
    "applied_target",
    "check_unit",
    "evaluate_kpi",
    "looks_like_fractions",
    "parse_date",
    "parse_period",
    "rate",
    "read_period",
    "read_unit",
    "summarise",
    "travel",
]


def __getattr__(name: str) -> object:
    """``Travel``, the older name of ``kpirag.Trend``: ``Trend``, with a ``DeprecationWarning``."""
    if name != "Travel":
        raise AttributeError(f"module 'kpirag.kpi' has no attribute {name!r}")
    warnings.warn(
        "kpirag.kpi.Travel is deprecated; use kpirag.Trend", DeprecationWarning, stacklevel=2
    )
    from kpirag.rules import Trend  # noqa: PLC0415

    return Trend
