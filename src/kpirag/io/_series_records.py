"""The columns of an SPC series file, and one record (a dict of text) read into a point.

Like ``_records`` for KPIs: no I/O, and every bad cell of a record is a
``FieldProblem`` naming the column, so a loader can add the file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kpirag.errors import KpiragError, RecordError
from kpirag.io._records import _Fields
from kpirag.kpi import read_period
from kpirag.rules import to_decimal
from kpirag.spc import Improvement, SeriesPoint

__all__ = ["SERIES_COLUMNS"]

SERIES_COLUMNS: Mapping[str, str] = {
    "series": "the series' name: rows with the same name are one chart (required)",
    "period": "a date (30/04/24, 2024-04-30) or a period label (Apr 2024, 2024-04, "
    "Q1 2024/25, 2024/25) (required)",
    "value": "the measure for the period: 71.2, 69%, 2,000 (required)",
    "target": "the target the assurance icon compares with; the latest given counts",
    "improvement": "increase, decrease or neutral: which way is better (default increase)",
    "recalculate": "1 where a new limit group starts",
    "ghost": "1 for a point shown but left out of the limits and the rules",
    "baseline_end": "1 on the last point of a fixed baseline (in the first limit group)",
}
"""Every column of an SPC series file (``series``, ``period`` and ``value`` are required)."""

SERIES_REQUIRED = ("series", "period", "value")

SERIES_WRITTEN: Mapping[str, str] = {
    "mean": "written by kpirag spc --points; worked out again when read",
    "lower": "written by kpirag spc --points; worked out again when read",
    "upper": "written by kpirag spc --points; worked out again when read",
    "point type": "written by kpirag spc --points: Ghosted marks a ghosted point",
    "point_type": "written by kpirag spc --points: Ghosted marks a ghosted point",
    "rule": "written by kpirag spc --points; worked out again when read",
}
"""Columns ``kpirag spc --points`` writes besides ``SERIES_COLUMNS``: read back, not needed."""

_FLAGS = {"": False, "0": False, "1": True, "false": False, "true": True, "no": False, "yes": True}


def _expected(error: KpiragError, default: str) -> str:
    return f"expected {error.expected}" if error.expected else default


class _Cells(_Fields):
    """One record's cells, and the problems found reading them."""

    def number(self, column: str, *, required: bool) -> Decimal | None:
        text = self.text(column)
        if not text:
            if required:
                self.problem(column, "required: expected a number")
            return None
        try:
            return to_decimal(text, field=column)
        except KpiragError as exc:
            self.problem(column, _expected(exc, "expected a number"))
            return None

    def flag(self, column: str) -> bool:
        key = self.text(column).casefold()
        if key not in _FLAGS:
            self.problem(column, "expected 1 (yes), 0 (no) or blank")
            return False
        return _FLAGS[key]


def point_from_record(record: Mapping[str, str]) -> tuple[str, SeriesPoint]:
    """The series' name and the point one record of an SPC file gives.

    A ``point type`` of ``Ghosted`` (as ``kpirag spc --points`` writes it)
    marks a ghosted point, like ``ghost`` ``1``.

    Raises:
        RecordError: every bad cell of the record.

    ```pycon
    >>> point_from_record({"series": "ED", "period": "2024-04", "value": "71.2%"})
    ('ED', <SeriesPoint 2024-04: 71.2>)

    ```
    """
    cells = _Cells(record)
    name = cells.text("series")
    if not name:
        cells.problem("series", "required: expected the series' name")
    label = cells.text("period")
    period = None
    if not label:
        cells.problem("period", "required: expected a period or a date")
    else:
        try:
            period = read_period(label)
        except KpiragError as exc:
            cells.problem("period", _expected(exc, exc.reason or "expected a period or a date"))
    value = cells.number("value", required=True)
    target = cells.number("target", required=False)
    improvement = None
    direction = cells.text("improvement")
    if direction:
        try:
            improvement = Improvement.parse(direction, field="improvement")
        except KpiragError:
            cells.problem("improvement", "expected increase, decrease or neutral")
    recalculate, ghost, baseline_end = (
        cells.flag(column) for column in ("recalculate", "ghost", "baseline_end")
    )
    shown = (cells.text("point type") or cells.text("point_type")).casefold()
    cells.done()
    if period is None or value is None:
        raise RecordError(cells.problems)
    point = SeriesPoint(
        period,
        value,
        label=label,
        target=target,
        improvement=improvement,
        recalculate=recalculate,
        ghost=ghost or shown == "ghosted",
        baseline_end=baseline_end,
    )
    return name, point
