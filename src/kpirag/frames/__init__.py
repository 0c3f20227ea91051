"""KPIs as tidy data frames: pandas, polars, pyarrow, and lazy engines through narwhals.

Needs the ``frames`` extra: ``pip install 'kpirag[frames]'``. ``import kpirag``
never imports this layer, narwhals or any data frame library.
"""

from __future__ import annotations

try:
    import narwhals as _narwhals  # noqa: F401 - fail early with the way to install it
except ImportError as exc:  # pragma: no cover - the test environment has the extra
    raise ImportError("kpirag.frames needs narwhals: pip install 'kpirag[frames]'") from exc

from kpirag.frames._definitions import DEFINITION_COLUMNS, framework_from_frame
from kpirag.frames._evaluate import RESULT_COLUMNS, compile_rule, evaluate
from kpirag.frames._ipr import (
    IPR_COLUMNS,
    IPR_POINT_COLUMNS,
    ipr_frame,
    ipr_points_frame,
    metrics_from_frame,
    values_from_frame,
)
from kpirag.frames._objects import RECORD_COLUMNS, FrameKind, to_frame, to_records
from kpirag.rules import EdgeTable

__all__ = [
    "DEFINITION_COLUMNS",
    "IPR_COLUMNS",
    "IPR_POINT_COLUMNS",
    "RECORD_COLUMNS",
    "RESULT_COLUMNS",
    "EdgeTable",
    "FrameKind",
    "compile_rule",
    "evaluate",
    "framework_from_frame",
    "ipr_frame",
    "ipr_points_frame",
    "metrics_from_frame",
    "to_frame",
    "to_records",
    "values_from_frame",
]
