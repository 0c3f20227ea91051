"""How much a workbook or a rules file may hold: beyond these, kpirag refuses it, naming the limit.

Each limit keeps a small file from costing minutes or gigabytes (a zip bomb, a deeply nested
TOML file); the values are far beyond any real KPI workbook or rules file.
"""

from __future__ import annotations

__all__ = [
    "MAX_RULES_BYTES",
    "MAX_RULES_DEPTH",
    "MAX_RULES_ITEMS",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_CELLS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_ROWS",
    "MAX_XLSX_SHARED_STRINGS",
]

MAX_XLSX_BYTES = 100 * 2**20
"""The most a workbook may unpack to, all its zip members together (100 MiB)."""

MAX_XLSX_RATIO = 100
"""The most a workbook member past 1 MiB may be compressed (100:1, as Apache POI allows)."""

MAX_XLSX_ROWS = 1_048_576
"""The most rows a worksheet may have (Excel's own limit)."""

MAX_XLSX_CELLS = 1_000_000
"""The most cells kpirag reads from a worksheet (a row counts up to its last cell)."""

MAX_XLSX_SHARED_STRINGS = 1_000_000
"""The most entries a workbook's shared string table may have."""

MAX_RULES_BYTES = 1_000_000
"""The largest rules file, in bytes."""

MAX_RULES_DEPTH = 20
"""The deepest a rules file may nest its tables and arrays."""

MAX_RULES_ITEMS = 100
"""The most entries an array of a rules file may have (scheme steps, matrix levels, bands)."""
