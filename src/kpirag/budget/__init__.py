"""Budget lines, budget tables (flat or hierarchical) and budget RAG rules."""

from __future__ import annotations

from kpirag.budget._budget import (
    BudgetLine,
    BudgetTable,
    LineKind,
)
from kpirag.budget._rules import (
    BudgetLevel,
    BudgetRule,
    BudgetRules,
    RatedLine,
    Threshold,
)

__all__ = [
    "BudgetLevel",
    "BudgetLine",
    "BudgetRule",
    "BudgetRules",
    "BudgetTable",
    "LineKind",
    "RatedLine",
    "Threshold",
]
