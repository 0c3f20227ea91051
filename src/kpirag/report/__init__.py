"""Tables built from results, and their renderers (text, GitHub Markdown, HTML, LaTeX, CSV)."""

from __future__ import annotations

from kpirag.report._escape import defuse_formula, is_plain, visible
from kpirag.report._notebook import html_of
from kpirag.report._performance import (
    Performance,
    performance,
    performance_point_records,
    performance_records,
    performance_table,
    series_chart,
    spc_point_records,
    spc_points_table,
    spc_records,
    spc_table,
)
from kpirag.report._render import (
    Cell,
    Chart,
    Format,
    Report,
    Table,
)
from kpirag.report._svg import sanitise_svg
from kpirag.report._tables import (
    AUDIT_HEADERS,
    KPI_CELLS,
    KPI_FIELDS,
    QuarterlyReport,
    audit_row,
    audit_table,
    budget_by_division_table,
    budget_status_table,
    budget_table,
    closed_risks_table,
    exceptions_table,
    kpi_row,
    kpi_table,
    quarterly_report,
    risk_table,
    summary_table,
)

__all__ = [
    "AUDIT_HEADERS",
    "KPI_CELLS",
    "KPI_FIELDS",
    "Cell",
    "Chart",
    "Format",
    "Performance",
    "QuarterlyReport",
    "Report",
    "Table",
    "audit_row",
    "audit_table",
    "budget_by_division_table",
    "budget_status_table",
    "budget_table",
    "closed_risks_table",
    "defuse_formula",
    "exceptions_table",
    "html_of",
    "is_plain",
    "kpi_row",
    "kpi_table",
    "performance",
    "performance_point_records",
    "performance_records",
    "performance_table",
    "quarterly_report",
    "risk_table",
    "sanitise_svg",
    "series_chart",
    "spc_point_records",
    "spc_points_table",
    "spc_records",
    "spc_table",
    "summary_table",
    "visible",
]
