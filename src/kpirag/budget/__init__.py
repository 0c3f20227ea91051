"""Budget lines, budget tables and budget RAG rules."""

from __future__ import annotations

from kpirag.budget._budget import (
    BudgetLine,
    BudgetRule,
    BudgetTable,
    LineKind,
    Threshold,
)

__all__ = [
    "BudgetLine",
    "BudgetRule",
    "BudgetTable",
    "LineKind",
    "Threshold",
]
