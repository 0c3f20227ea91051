"""Loading SPC series from a long table (one row per point), through the KPI files' readers."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from kpirag.errors import RecordError, SPCWarning, ValueTypeError
from kpirag.io._loaders import (
    ReadOptions,
    Row,
    Source,
    add_record_problems,
    dump_records,
    open_rows,
    read_each,
)
from kpirag.io._series_records import SERIES_COLUMNS, point_from_record
from kpirag.rules import format_decimal, to_decimal
from kpirag.spc import SeriesPoint, SPCSettings, XmRChart, chart_points, check_points

__all__ = ["SeriesData", "dump_series", "load_series"]


@attrs.frozen(repr=False)
class SeriesData:
    """The series of a loaded SPC file: each series' points in time order, by name.

    Attributes:
        series: the points of each series, in the order the file first names them.
    """

    series: Mapping[str, tuple[SeriesPoint, ...]]

    def charts(self, *, settings: SPCSettings | None = None) -> dict[str, XmRChart]:
        """Each series' XmR chart (``kpirag.spc.chart_points``), by name.

        Warns:
            SPCWarning: a chart has trial limits or too few points for limits;
                each warning starts with the series' name.
        """
        charts = {}
        for name, points in self.series.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SPCWarning)
                charts[name] = chart_points(points, settings=settings)
            for note in charts[name].warnings:
                warnings.warn(f"series {name!r}: {note}", SPCWarning, stacklevel=2)
        return charts

    def __repr__(self) -> str:
        count = sum(len(points) for points in self.series.values())
        return f"<SeriesData: {len(self.series)} series, {count} points>"


def _where(rows: Sequence[Row], position: int) -> str:
    row = rows[position]
    if row.item is not None:
        return f"item {row.item}"
    return f"row {row.line}" if row.sheet is not None else f"line {row.line}"


def load_series(
    source: Source,
    *,
    fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> SeriesData:
    r"""Load an SPC series file: all of it, or a ``LoadError`` listing every problem.

    ``source`` is a path or stream, read once; ``fmt``, ``allow_unknown``,
    ``source_name``, ``encoding`` and ``sheet`` are as for ``load_kpis``. TOML
    and JSON hold the rows as a list under ``points``. Rows may come in any
    order; each series is put in time order. A ``kpirag spc --points`` table
    (CSV or workbook) reads back as the series it shows.

    ```pycon
    >>> import io
    >>> data = load_series(io.BytesIO(b"series,period,value\nED,2024-05,70\nED,2024-04,71\n"))
    >>> data
    <SeriesData: 1 series, 2 points>
    >>> data.series["ED"]
    (<SeriesPoint 2024-04: 71>, <SeriesPoint 2024-05: 70>)
    >>> load_series(io.BytesIO(b"series,period,value\nED,2024-04,7\nED,Apr 2024,1\n"))
    Traceback (most recent call last):
    ...
    kpirag.errors.LoadError: 1 problem found; nothing was loaded
    <stream>:3:2: column 'period' ('Apr 2024'): duplicate period (first at line 2)

    ```
    """
    options = ReadOptions("series", allow_unknown, encoding, sheet)
    problems, rows = open_rows(source, source_name, fmt, options)
    groups: dict[str, tuple[list[Row], list[SeriesPoint]]] = {}
    for row, (name, point) in read_each(rows, problems, point_from_record, as_read=True):
        found, points = groups.setdefault(name, ([], []))
        found.append(row)
        points.append(point)
    series: dict[str, tuple[SeriesPoint, ...]] = {}
    for name, (found, points) in groups.items():
        try:
            series[name] = check_points(points, where=functools.partial(_where, found))
        except RecordError as exc:
            add_record_problems(problems, found, exc, as_read=True)
    if not problems and not groups:
        problems.add("no rows: expected a row per point under the header")
    problems.raise_any()
    return SeriesData(series)


def _number(value: Fraction) -> str:
    return format_decimal(to_decimal(value))


def _flag(on: bool) -> str:
    return "1" if on else ""


def dump_series(data: SeriesData, fmt: str = "csv") -> str:
    r"""Write series in the form ``load_series`` reads back (``csv``, ``json`` or ``toml``).

    ```pycon
    >>> import io
    >>> text = b"series,period,value,ghost\nED,2024-04,71,\nED,2024-05,70,1\n"
    >>> print(dump_series(load_series(io.BytesIO(text))), end="")
    series,period,value,ghost
    ED,2024-04,71,
    ED,2024-05,70,1

    ```
    """
    if not isinstance(data, SeriesData):
        raise ValueTypeError(field="data", value=data, expected="SeriesData from load_series")
    rows = [
        {
            "series": name,
            "period": str(point.shown),
            "value": _number(point.value),
            "target": "" if point.target is None else _number(point.target),
            "improvement": "" if point.improvement is None else point.improvement.value,
            "recalculate": _flag(point.recalculate),
            "ghost": _flag(point.ghost),
            "baseline_end": _flag(point.baseline_end),
        }
        for name, points in data.series.items()
        for point in points
    ]
    return dump_records(rows, list(SERIES_COLUMNS), fmt, "points")
