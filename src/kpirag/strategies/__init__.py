"""Hypothesis strategies for kpirag's value types, for property-testing your own rules.

Needs the ``hypothesis`` extra: ``pip install 'kpirag[hypothesis]'``. Importing
this module registers kpirag's value types with Hypothesis, so
``st.from_type(kpirag.Target)`` works; Hypothesis's entry point does the same
when Hypothesis is imported first.
"""

from __future__ import annotations

from kpirag.strategies._strategies import (
    bands,
    budget_lines,
    budget_tables,
    cohorts,
    distributions,
    edge_values,
    figures,
    frameworks,
    kpis,
    numbers,
    observations,
    periods,
    profiles,
    risk_matrices,
    risk_registers,
    risks,
    scales,
    schemes,
    statuses,
    targets,
    tolerances,
)

__all__ = [
    "bands",
    "budget_lines",
    "budget_tables",
    "cohorts",
    "distributions",
    "edge_values",
    "figures",
    "frameworks",
    "kpis",
    "numbers",
    "observations",
    "periods",
    "profiles",
    "risk_matrices",
    "risk_registers",
    "risks",
    "scales",
    "schemes",
    "statuses",
    "targets",
    "tolerances",
]
