"""kpirag: exact KPI targets, tolerances and Red/Amber/Green statuses.

>>> import kpirag
>>> kpirag.classify(46, "<43", "10%")
<Status Amber (RAG)>
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from kpirag.classify import Assessment, Classifier, Edge, assess, classify, classify_many
from kpirag.errors import (
    InvalidBandsError,
    InvalidBudgetError,
    InvalidKPIError,
    InvalidPeriodError,
    InvalidProfileError,
    InvalidRiskError,
    InvalidSchemeError,
    InvalidStatusError,
    InvalidTargetError,
    InvalidToleranceError,
    InvalidValueError,
    KpiragError,
    StatusComparisonError,
    UnitMismatchError,
    ValueTypeError,
)
from kpirag.scheme import Scheme, Step
from kpirag.status import Scale, Status, worst
from kpirag.target import Direction, Operator, Target
from kpirag.tolerance import Tolerance, ToleranceKind
from kpirag.values import format_decimal, parse_number, to_decimal

try:
    __version__ = version("kpirag")
except PackageNotFoundError:  # pragma: no cover - only when run from a source tree
    __version__ = "0+unknown"

__all__ = [
    "Assessment",
    "Classifier",
    "Direction",
    "Edge",
    "InvalidBandsError",
    "InvalidBudgetError",
    "InvalidKPIError",
    "InvalidPeriodError",
    "InvalidProfileError",
    "InvalidRiskError",
    "InvalidSchemeError",
    "InvalidStatusError",
    "InvalidTargetError",
    "InvalidToleranceError",
    "InvalidValueError",
    "KpiragError",
    "Operator",
    "Scale",
    "Scheme",
    "Status",
    "StatusComparisonError",
    "Step",
    "Target",
    "Tolerance",
    "ToleranceKind",
    "UnitMismatchError",
    "ValueTypeError",
    "__version__",
    "assess",
    "classify",
    "classify_many",
    "format_decimal",
    "parse_number",
    "to_decimal",
    "worst",
]
