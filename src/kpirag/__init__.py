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
from kpirag.render import Cell, Format, Report, Table
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
from kpirag.tables import (
    QuarterlyReport,
    audit_table,
    budget_by_division_table,
    budget_table,
    closed_risks_table,
    exceptions_table,
    kpi_table,
    quarterly_report,
    risk_table,
    summary_table,
)
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
    "Cell",
    "Classifier",
    "Cohort",
    "Direction",
    "Distribution",
    "Edge",
    "Evaluation",
    "Figure",
    "Format",
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
    "QuarterlyReport",
    "RatingBand",
    "Report",
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
    "Table",
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
    "audit_table",
    "budget_by_division_table",
    "budget_table",
    "classify",
    "classify_many",
    "closed_risks_table",
    "exceptions_table",
    "format_decimal",
    "kpi_table",
    "parse_date",
    "parse_number",
    "parse_period",
    "quarterly_report",
    "risk_table",
    "summarise",
    "summary_table",
    "to_decimal",
    "travel",
    "worst",
]
