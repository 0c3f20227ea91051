"""kpirag: exact KPI targets, tolerances and Red/Amber/Green statuses.

```pycon
>>> import kpirag
>>> kpirag.classify(46, "<43", "10%")
<Status Amber (RAG)>

```

Public names are loaded on first use (PEP 562), so ``import kpirag`` stays
cheap; ``from kpirag import X`` and type checkers see them as usual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kpirag.errors import (
    FieldProblem,
    InvalidBandsError,
    InvalidBudgetError,
    InvalidFormatError,
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
    LoadError,
    Problem,
    RecordError,
    StatusComparisonError,
    UnitMismatchError,
    ValueTypeError,
)

if TYPE_CHECKING:
    from kpirag.bands import (
        Band,
        Bands,
    )
    from kpirag.budget import (
        BudgetLine,
        BudgetRule,
        BudgetTable,
        LineKind,
        Threshold,
    )
    from kpirag.classification import (
        Assessment,
        Classifier,
        Edge,
        assess,
        classify,
        classify_many,
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
    from kpirag.kpi import (
        KPI,
        Frequency,
        Part,
        Rollup,
        RollupKind,
        Unit,
    )
    from kpirag.measures import (
        Cohort,
        Distribution,
        Figure,
        Measure,
    )
    from kpirag.periods import (
        Month,
        Quarter,
        Year,
        YearConvention,
        parse_date,
        parse_period,
    )
    from kpirag.profile import (
        Profile,
    )
    from kpirag.render import (
        Cell,
        Format,
        Report,
        Table,
    )
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
    from kpirag.scheme import (
        Scheme,
        Step,
    )
    from kpirag.status import (
        Scale,
        Status,
        worst,
    )
    from kpirag.summary import (
        Summary,
        summarise,
    )
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
    from kpirag.target import (
        Direction,
        Operator,
        Target,
    )
    from kpirag.tolerance import (
        Tolerance,
        ToleranceKind,
    )
    from kpirag.trend import (
        Travel,
        travel,
    )
    from kpirag.values import (
        format_decimal,
        parse_number,
        to_decimal,
    )

_LAZY: dict[str, str] = {
    "AssessedRisk": "kpirag.risk",
    "Assessment": "kpirag.classification",
    "AuditEntry": "kpirag.evaluation",
    "Band": "kpirag.bands",
    "Bands": "kpirag.bands",
    "BudgetLine": "kpirag.budget",
    "BudgetRule": "kpirag.budget",
    "BudgetTable": "kpirag.budget",
    "Cell": "kpirag.render",
    "Classifier": "kpirag.classification",
    "Cohort": "kpirag.measures",
    "Direction": "kpirag.target",
    "Distribution": "kpirag.measures",
    "Edge": "kpirag.classification",
    "Evaluation": "kpirag.evaluation",
    "Figure": "kpirag.measures",
    "Format": "kpirag.render",
    "Framework": "kpirag.evaluation",
    "Frequency": "kpirag.kpi",
    "KPI": "kpirag.kpi",
    "KPIResult": "kpirag.evaluation",
    "Level": "kpirag.risk",
    "LevelScale": "kpirag.risk",
    "LineKind": "kpirag.budget",
    "Measure": "kpirag.measures",
    "Month": "kpirag.periods",
    "NHS_RISK_SCALE": "kpirag.risk",
    "NotRated": "kpirag.evaluation",
    "Observation": "kpirag.evaluation",
    "Operator": "kpirag.target",
    "Part": "kpirag.kpi",
    "PartResult": "kpirag.evaluation",
    "Profile": "kpirag.profile",
    "Quarter": "kpirag.periods",
    "QuarterlyReport": "kpirag.tables",
    "RatingBand": "kpirag.risk",
    "Report": "kpirag.render",
    "Risk": "kpirag.risk",
    "RiskMatrix": "kpirag.risk",
    "RiskRegister": "kpirag.risk",
    "RiskState": "kpirag.risk",
    "RiskTrend": "kpirag.risk",
    "Rollup": "kpirag.kpi",
    "RollupKind": "kpirag.kpi",
    "Scale": "kpirag.status",
    "Scheme": "kpirag.scheme",
    "ScoreRule": "kpirag.risk",
    "Status": "kpirag.status",
    "Step": "kpirag.scheme",
    "Summary": "kpirag.summary",
    "Table": "kpirag.render",
    "Target": "kpirag.target",
    "Threshold": "kpirag.budget",
    "Tolerance": "kpirag.tolerance",
    "ToleranceKind": "kpirag.tolerance",
    "Travel": "kpirag.trend",
    "Unit": "kpirag.kpi",
    "Year": "kpirag.periods",
    "YearConvention": "kpirag.periods",
    "assess": "kpirag.classification",
    "audit_table": "kpirag.tables",
    "budget_by_division_table": "kpirag.tables",
    "budget_table": "kpirag.tables",
    "classify": "kpirag.classification",
    "classify_many": "kpirag.classification",
    "closed_risks_table": "kpirag.tables",
    "exceptions_table": "kpirag.tables",
    "format_decimal": "kpirag.values",
    "kpi_table": "kpirag.tables",
    "parse_date": "kpirag.periods",
    "parse_number": "kpirag.values",
    "parse_period": "kpirag.periods",
    "quarterly_report": "kpirag.tables",
    "risk_table": "kpirag.tables",
    "summarise": "kpirag.summary",
    "summary_table": "kpirag.tables",
    "to_decimal": "kpirag.values",
    "travel": "kpirag.trend",
    "worst": "kpirag.status",
}

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
    "FieldProblem",
    "Figure",
    "Format",
    "Framework",
    "Frequency",
    "InvalidBandsError",
    "InvalidBudgetError",
    "InvalidFormatError",
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
    "LoadError",
    "Measure",
    "Month",
    "NotRated",
    "Observation",
    "Operator",
    "Part",
    "PartResult",
    "Problem",
    "Profile",
    "Quarter",
    "QuarterlyReport",
    "RatingBand",
    "RecordError",
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


def __getattr__(name: str) -> Any:  # noqa: ANN401 - any public name
    """Load a public name (or ``__version__``) on first use."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            value: Any = version("kpirag")
        except PackageNotFoundError:  # pragma: no cover - only when run from a source tree
            value = "0+unknown"
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'kpirag' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
