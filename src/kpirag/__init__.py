"""kpirag: exact KPI targets, tolerances and Red/Amber/Green statuses.

>>> import kpirag
>>> kpirag.classify(46, "<43", "10%")
<Status Amber (RAG)>
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from kpirag.bands import Band, Bands
from kpirag.budget import BudgetLine, BudgetRule, BudgetTable, LineKind, Threshold
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
from kpirag.evaluation import (
    AuditEntry,
    Evaluation,
    Framework,
    KPIResult,
    NotRated,
    Observation,
    PartResult,
)
from kpirag.kpi import KPI, Frequency, Part, Rollup, RollupKind, Unit
from kpirag.measures import Cohort, Distribution, Figure, Measure
from kpirag.periods import Month, Quarter, Year, YearConvention, parse_date, parse_period
from kpirag.profile import Profile
from kpirag.risk import (
    NHS_RISK_SCALE,
    AssessedRisk,
    Level,
    LevelScale,
    RatingBand,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskState,
    RiskTrend,
    ScoreRule,
)
from kpirag.scheme import Scheme, Step
from kpirag.status import Scale, Status, worst
from kpirag.summary import Summary, summarise
from kpirag.target import Direction, Operator, Target
from kpirag.tolerance import Tolerance, ToleranceKind
from kpirag.travel import Travel, travel
from kpirag.values import format_decimal, parse_number, to_decimal

try:
    __version__ = version("kpirag")
except PackageNotFoundError:  # pragma: no cover - only when run from a source tree
    __version__ = "0+unknown"

__all__ = [
    "KPI",
    "NHS_RISK_SCALE",
    "AssessedRisk",
    "Assessment",
    "AuditEntry",
    "Band",
    "Bands",
    "BudgetLine",
    "BudgetRule",
    "BudgetTable",
    "Classifier",
    "Cohort",
    "Direction",
    "Distribution",
    "Edge",
    "Evaluation",
    "Figure",
    "Framework",
    "Frequency",
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
    "KPIResult",
    "KpiragError",
    "Level",
    "LevelScale",
    "LineKind",
    "Measure",
    "Month",
    "NotRated",
    "Observation",
    "Operator",
    "Part",
    "PartResult",
    "Profile",
    "Quarter",
    "RatingBand",
    "Risk",
    "RiskMatrix",
    "RiskRegister",
    "RiskState",
    "RiskTrend",
    "Rollup",
    "RollupKind",
    "Scale",
    "Scheme",
    "ScoreRule",
    "Status",
    "StatusComparisonError",
    "Step",
    "Summary",
    "Target",
    "Threshold",
    "Tolerance",
    "ToleranceKind",
    "Travel",
    "Unit",
    "UnitMismatchError",
    "ValueTypeError",
    "Year",
    "YearConvention",
    "__version__",
    "assess",
    "classify",
    "classify_many",
    "format_decimal",
    "parse_date",
    "parse_number",
    "parse_period",
    "summarise",
    "to_decimal",
    "travel",
    "worst",
]
