"""Records and loaders: the only layer that reads and writes files."""

from __future__ import annotations

from kpirag.io._header import KINDS, file_kind, read_header
from kpirag.io._limits import (
    MAX_XLSX_BYTES,
    MAX_XLSX_CELLS,
    MAX_XLSX_RATIO,
    MAX_XLSX_ROWS,
    MAX_XLSX_SHARED_STRINGS,
)
from kpirag.io._loaders import (
    FORMATS,
    KPIData,
    Problems,
    Row,
    Source,
    default_scheme,
    dump_budget,
    dump_kpis,
    dump_risks,
    iter_kpis,
    load_budget,
    load_budget_with_recorded,
    load_kpis,
    load_risks,
    read_rows,
)
from kpirag.io._records import (
    BUDGET_COLUMNS,
    DEFINITION_COLUMNS,
    KPI_COLUMNS,
    KPI_ID_ALIAS,
    OBSERVATION_COLUMNS,
    RISK_COLUMNS,
    budget_line_from_record,
    kpi_from_records,
    records_from_budget_line,
    records_from_kpi,
    records_from_risk,
    risk_from_record,
)
from kpirag.io._rules import KPIRule, Rules, load_rules
from kpirag.io._series import SeriesData, dump_series, load_series
from kpirag.io._series_records import SERIES_COLUMNS
from kpirag.io._stream import KPIStream
from kpirag.io._tidy import TidyData, load_observations

__all__ = [
    "BUDGET_COLUMNS",
    "DEFINITION_COLUMNS",
    "FORMATS",
    "KINDS",
    "KPI_COLUMNS",
    "KPI_ID_ALIAS",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_CELLS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_ROWS",
    "MAX_XLSX_SHARED_STRINGS",
    "OBSERVATION_COLUMNS",
    "RISK_COLUMNS",
    "SERIES_COLUMNS",
    "KPIData",
    "KPIRule",
    "KPIStream",
    "Problems",
    "Row",
    "Rules",
    "SeriesData",
    "Source",
    "TidyData",
    "budget_line_from_record",
    "default_scheme",
    "dump_budget",
    "dump_kpis",
    "dump_risks",
    "dump_series",
    "file_kind",
    "iter_kpis",
    "kpi_from_records",
    "load_budget",
    "load_budget_with_recorded",
    "load_kpis",
    "load_observations",
    "load_risks",
    "load_rules",
    "load_series",
    "read_header",
    "read_rows",
    "records_from_budget_line",
    "records_from_kpi",
    "records_from_risk",
    "risk_from_record",
]
