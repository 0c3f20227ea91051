"""Tables built from results, and their renderers (text, GitHub Markdown, HTML, LaTeX, CSV)."""

from __future__ import annotations

from kpirag.report._render import (
    Cell,
    Chart,
    Format,
    Report,
    Table,
)
from kpirag.report._svg import sanitise_svg
from kpirag.report._tables import (
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

__all__ = [
    "Cell",
    "Chart",
    "Format",
    "QuarterlyReport",
    "Report",
    "Table",
    "audit_table",
    "budget_by_division_table",
    "budget_table",
    "closed_risks_table",
    "exceptions_table",
    "kpi_table",
    "quarterly_report",
    "risk_table",
    "sanitise_svg",
    "summary_table",
]
