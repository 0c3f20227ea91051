"""kpirag: exact KPI targets, tolerances and Red/Amber/Green statuses.

```pycon
>>> import kpirag
>>> kpirag.classify(46, "<43", "10%")
<Status Amber (RAG)>

```

The library is built in layers, each a subpackage that imports only the layers
below it: ``kpirag.rules`` (the exact engine), ``kpirag.kpi``, ``kpirag.risk``,
``kpirag.budget``, ``kpirag.report`` and ``kpirag.io``. Their public names are
re-exported here and loaded on first use (PEP 562), so ``import kpirag`` stays
cheap; ``from kpirag import X`` and type checkers see them as usual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kpirag import errors as _errors
from kpirag.errors import *  # noqa: F403 - every error, as errors.__all__ lists them

# The one table of public names: which layer each comes from.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "kpirag.rules": (
        "assess",
        "Assessment",
        "Classifier",
        "classify",
        "classify_many",
        "Direction",
        "Edge",
        "EdgeSide",
        "format_decimal",
        "Operator",
        "parse_number",
        "parse_quantity",
        "Quantity",
        "Region",
        "Scale",
        "Scheme",
        "Status",
        "Step",
        "Target",
        "TargetSide",
        "to_decimal",
        "Tolerance",
        "ToleranceKind",
        "Trend",
        "worst",
    ),
    "kpirag.kpi": (
        "AuditEntry",
        "Band",
        "Bands",
        "Cohort",
        "Distribution",
        "evaluate_kpi",
        "Evaluation",
        "Figure",
        "Framework",
        "Frequency",
        "KPI",
        "KPIResult",
        "Measure",
        "Month",
        "NotRated",
        "Observation",
        "parse_date",
        "parse_period",
        "Part",
        "PartResult",
        "Profile",
        "Quarter",
        "Rollup",
        "RollupKind",
        "summarise",
        "Summary",
        "travel",
        "Unit",
        "Year",
        "YearConvention",
    ),
    "kpirag.risk": (
        "AssessedRisk",
        "Level",
        "LevelScale",
        "NHS_RISK_SCALE",
        "RatingBand",
        "Risk",
        "RiskMatrix",
        "RiskRegister",
        "RiskState",
        "RiskTrend",
        "ScoreRule",
    ),
    "kpirag.budget": (
        "BudgetLevel",
        "BudgetLine",
        "BudgetRule",
        "BudgetRules",
        "BudgetTable",
        "LineKind",
        "RatedLine",
        "Threshold",
    ),
    "kpirag.report": (
        "audit_table",
        "budget_by_division_table",
        "budget_table",
        "Cell",
        "Chart",
        "closed_risks_table",
        "exceptions_table",
        "Format",
        "kpi_table",
        "quarterly_report",
        "QuarterlyReport",
        "Report",
        "risk_table",
        "summary_table",
        "Table",
    ),
    "kpirag.io": (
        "dump_budget",
        "dump_kpis",
        "dump_risks",
        "dump_series",
        "KPIData",
        "load_budget",
        "load_kpis",
        "load_risks",
        "load_rules",
        "load_series",
        "Rules",
        "SeriesData",
    ),
}

if TYPE_CHECKING:  # the same names, spelled out for type checkers (a test keeps them equal)
    from kpirag.budget import BudgetLevel as BudgetLevel
    from kpirag.budget import BudgetLine as BudgetLine
    from kpirag.budget import BudgetRule as BudgetRule
    from kpirag.budget import BudgetRules as BudgetRules
    from kpirag.budget import BudgetTable as BudgetTable
    from kpirag.budget import LineKind as LineKind
    from kpirag.budget import RatedLine as RatedLine
    from kpirag.budget import Threshold as Threshold
    from kpirag.io import KPIData as KPIData
    from kpirag.io import Rules as Rules
    from kpirag.io import SeriesData as SeriesData
    from kpirag.io import dump_budget as dump_budget
    from kpirag.io import dump_kpis as dump_kpis
    from kpirag.io import dump_risks as dump_risks
    from kpirag.io import dump_series as dump_series
    from kpirag.io import load_budget as load_budget
    from kpirag.io import load_kpis as load_kpis
    from kpirag.io import load_risks as load_risks
    from kpirag.io import load_rules as load_rules
    from kpirag.io import load_series as load_series
    from kpirag.kpi import KPI as KPI
    from kpirag.kpi import AuditEntry as AuditEntry
    from kpirag.kpi import Band as Band
    from kpirag.kpi import Bands as Bands
    from kpirag.kpi import Cohort as Cohort
    from kpirag.kpi import Distribution as Distribution
    from kpirag.kpi import Evaluation as Evaluation
    from kpirag.kpi import Figure as Figure
    from kpirag.kpi import Framework as Framework
    from kpirag.kpi import Frequency as Frequency
    from kpirag.kpi import KPIResult as KPIResult
    from kpirag.kpi import Measure as Measure
    from kpirag.kpi import Month as Month
    from kpirag.kpi import NotRated as NotRated
    from kpirag.kpi import Observation as Observation
    from kpirag.kpi import Part as Part
    from kpirag.kpi import PartResult as PartResult
    from kpirag.kpi import Profile as Profile
    from kpirag.kpi import Quarter as Quarter
    from kpirag.kpi import Rollup as Rollup
    from kpirag.kpi import RollupKind as RollupKind
    from kpirag.kpi import Summary as Summary
    from kpirag.kpi import Unit as Unit
    from kpirag.kpi import Year as Year
    from kpirag.kpi import YearConvention as YearConvention
    from kpirag.kpi import evaluate_kpi as evaluate_kpi
    from kpirag.kpi import parse_date as parse_date
    from kpirag.kpi import parse_period as parse_period
    from kpirag.kpi import summarise as summarise
    from kpirag.kpi import travel as travel
    from kpirag.report import Cell as Cell
    from kpirag.report import Chart as Chart
    from kpirag.report import Format as Format
    from kpirag.report import QuarterlyReport as QuarterlyReport
    from kpirag.report import Report as Report
    from kpirag.report import Table as Table
    from kpirag.report import audit_table as audit_table
    from kpirag.report import budget_by_division_table as budget_by_division_table
    from kpirag.report import budget_table as budget_table
    from kpirag.report import closed_risks_table as closed_risks_table
    from kpirag.report import exceptions_table as exceptions_table
    from kpirag.report import kpi_table as kpi_table
    from kpirag.report import quarterly_report as quarterly_report
    from kpirag.report import risk_table as risk_table
    from kpirag.report import summary_table as summary_table
    from kpirag.risk import NHS_RISK_SCALE as NHS_RISK_SCALE
    from kpirag.risk import AssessedRisk as AssessedRisk
    from kpirag.risk import Level as Level
    from kpirag.risk import LevelScale as LevelScale
    from kpirag.risk import RatingBand as RatingBand
    from kpirag.risk import Risk as Risk
    from kpirag.risk import RiskMatrix as RiskMatrix
    from kpirag.risk import RiskRegister as RiskRegister
    from kpirag.risk import RiskState as RiskState
    from kpirag.risk import RiskTrend as RiskTrend
    from kpirag.risk import ScoreRule as ScoreRule
    from kpirag.rules import Assessment as Assessment
    from kpirag.rules import Classifier as Classifier
    from kpirag.rules import Direction as Direction
    from kpirag.rules import Edge as Edge
    from kpirag.rules import EdgeSide as EdgeSide
    from kpirag.rules import Operator as Operator
    from kpirag.rules import Quantity as Quantity
    from kpirag.rules import Region as Region
    from kpirag.rules import Scale as Scale
    from kpirag.rules import Scheme as Scheme
    from kpirag.rules import Status as Status
    from kpirag.rules import Step as Step
    from kpirag.rules import Target as Target
    from kpirag.rules import TargetSide as TargetSide
    from kpirag.rules import Tolerance as Tolerance
    from kpirag.rules import ToleranceKind as ToleranceKind
    from kpirag.rules import Trend as Trend
    from kpirag.rules import assess as assess
    from kpirag.rules import classify as classify
    from kpirag.rules import classify_many as classify_many
    from kpirag.rules import format_decimal as format_decimal
    from kpirag.rules import parse_number as parse_number
    from kpirag.rules import parse_quantity as parse_quantity
    from kpirag.rules import to_decimal as to_decimal
    from kpirag.rules import worst as worst

_DEPRECATED: dict[str, str] = {"Travel": "kpirag.kpi"}
"""Old names still served (with a ``DeprecationWarning``) but left out of ``__all__``."""

_LAYER_OF: dict[str, str] = {name: layer for layer, names in _EXPORTS.items() for name in names}

__all__ = sorted([*_LAYER_OF, *_errors.__all__, "__version__"])  # noqa: PLE0605 - from the table


def __getattr__(name: str) -> Any:  # noqa: ANN401 - any public name
    """Load a public name (or ``__version__``) on first use."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            value: Any = version("kpirag")
        except PackageNotFoundError:  # pragma: no cover - only when run from a source tree
            value = "0+unknown"
    elif name in _LAYER_OF:
        value = getattr(importlib.import_module(_LAYER_OF[name]), name)
    elif name in _DEPRECATED:  # not cached, so every use warns
        return getattr(importlib.import_module(_DEPRECATED[name]), name)
    else:
        raise AttributeError(f"module 'kpirag' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
