"""An integrated performance report as data frames, and its metrics and figures read from frames.

The rows are ``kpirag.report.ipr_records`` and ``ipr_point_records``, the
same the JSON export carries, so a frame never disagrees with the table or the
board pack. Figures and lines are floats (the decimals the report rounds them
to); icons and flags are their snake_case names, each icon beside its
description; statuses are their labels, as text (a report's metrics may be
judged on different scales, so no one ordered type holds them all).

``metrics_from_frame`` and ``values_from_frame`` read a metrics table and a
tidy values table (the files' columns) through the files' own loaders.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import narwhals as nw

from kpirag._validate import json_text, wrong_type
from kpirag.frames._definitions import native_frame
from kpirag.frames._objects import FrameKind, frame_of
from kpirag.io import Rules, load_metric_values, load_metrics
from kpirag.ipr import IPR, Metric, MetricValue
from kpirag.report import ipr_point_records, ipr_records

__all__ = [
    "IPR_COLUMNS",
    "IPR_POINT_COLUMNS",
    "ipr_frame",
    "ipr_points_frame",
    "metrics_from_frame",
    "values_from_frame",
]

IPR_COLUMNS = (
    "domain", "subdomain", "id", "title", "owner", "lead", "source", "improvement", "period",
    "value", "target", "reference", "status", "explanation", "variation",
    "variation_description", "assurance", "assurance_description", "mean", "lower", "upper",
    "travel", "quality", "provisional", "stale_days", "flags", "flag_text", "narrative",
)  # fmt: skip
"""The columns of ``ipr_frame``, in order (``kpirag.report.ipr_records``' keys)."""

IPR_POINT_COLUMNS = (
    "domain", "metric", "period", "value", "target", "reference", "provisional", "status",
    "explanation", "mean", "lower", "upper", "point_type", "rule", "annotation", "recalculated",
)  # fmt: skip
"""The columns of ``ipr_points_frame``, in order (``kpirag.report.ipr_point_records``' keys)."""

_NUMBERS = frozenset({"value", "reference", "mean", "lower", "upper"})
_FLAGS = frozenset({"provisional", "recalculated"})
_KINDS = "'pandas', 'polars' or 'pyarrow'"


def _dtype(name: str) -> Any:  # noqa: ANN401 - a narwhals dtype
    if name in _NUMBERS or name == "stale_days":
        return nw.Float64
    return nw.Boolean if name in _FLAGS else nw.String


def _frame(records: Sequence[Mapping[str, object]], columns: Sequence[str], kind: object) -> Any:  # noqa: ANN401
    def cell(value: object) -> object:
        return float(value) if isinstance(value, Decimal) else value

    data = {name: [cell(record[name]) for record in records] for name in columns}
    frame = frame_of(data, {name: _dtype(name) for name in columns}, kind)
    if "stale_days" not in columns:
        return frame.to_native()
    if kind != "pandas":  # whole days, missing when the metric is not stale
        return frame.with_columns(nw.col("stale_days").cast(nw.Int64)).to_native()
    native = frame.to_native()
    native["stale_days"] = native["stale_days"].astype("Int64")  # pandas' integers with gaps
    return native


def ipr_frame(ipr: IPR, kind: FrameKind = "pandas", *, places: int = 6) -> Any:  # noqa: ANN401
    """One row per metric: the summary table's data, with descriptions, flags and the narrative.

    ```pycon
    >>> from kpirag.ipr import Metric, MetricValue, build
    >>> metric = Metric("F1", "Falls", "Safety", improvement="decrease", target=6)
    >>> ipr = build([metric], [MetricValue("F1", "2025-03", "6.4")], as_of="2025-04-30")
    >>> ipr_frame(ipr, "polars").select("id", "value", "status").row(0)
    ('F1', 6.4, 'Amber')

    ```
    """
    if not isinstance(ipr, IPR):
        raise wrong_type("ipr", ipr, "an IPR from kpirag.ipr.build")
    return _frame(ipr_records(ipr, places=places), IPR_COLUMNS, kind)


def ipr_points_frame(ipr: IPR, kind: FrameKind = "pandas", *, places: int = 6) -> Any:  # noqa: ANN401
    """One row per metric and period: figure, target, status, the SPC lines and point type."""
    if not isinstance(ipr, IPR):
        raise wrong_type("ipr", ipr, "an IPR from kpirag.ipr.build")
    return _frame(ipr_point_records(ipr, places=places), IPR_POINT_COLUMNS, kind)


def _text(value: object) -> str:
    """A frame's cell as a file's cell: blank for missing, floats as the decimal they print as."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_WHOLE = frozenset({"due", "baseline", "provisional"})
"""Columns of whole numbers or flags, which a frame may hold as floats (1.0) beside gaps."""


def _cell(column: str, value: object) -> str:
    if column in _WHOLE and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def _as_file(frame: object, section: str, what: str) -> io.BytesIO:
    """The frame's rows as the JSON file the loaders read (each row an item)."""
    native = native_frame(frame, what)
    eager = native.collect() if isinstance(native, nw.LazyFrame) else native
    rows = [
        {key: _cell(key, value) for key, value in row.items()}
        for row in eager.iter_rows(named=True)
    ]
    return io.BytesIO(json_text({section: rows}).encode("utf-8"))


def metrics_from_frame(frame: object, *, rules: Rules | None = None) -> tuple[Metric, ...]:
    """The metrics of a frame with a metrics file's columns (``kpirag.io.METRIC_COLUMNS``).

    Read by ``kpirag.io.load_metrics``, so a frame's problems are a file's:
    all of them, each at its row (``item N``: the Nth row) and column. Whole
    numbers and flags held as floats beside gaps (``1.0``, as pandas reads a
    column with blanks) are read as the whole numbers they are.

    ```pycon
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["F1"], "title": ["Falls"], "domain": ["Safety"],
    ...                       "improvement": ["decrease"], "target": [6.5]})
    >>> metrics_from_frame(frame)
    (Metric('F1', 'Falls', 'Safety', <=6.5),)

    ```
    """
    return load_metrics(_as_file(frame, "metrics", "metrics"), rules=rules, fmt="json",
                        source_name="<metrics frame>")  # fmt: skip


def values_from_frame(
    frame: object, *, metrics: Iterable[Metric] | None = None
) -> tuple[MetricValue, ...]:
    """The figures of a tidy frame with a values file's columns (``kpirag.io.VALUE_COLUMNS``).

    Read by ``kpirag.io.load_metric_values`` (see ``metrics_from_frame``).
    """
    return load_metric_values(_as_file(frame, "values", "values"), metrics=metrics, fmt="json",
                              source_name="<values frame>")  # fmt: skip
