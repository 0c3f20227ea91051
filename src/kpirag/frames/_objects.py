"""Evaluations users already hold, as tidy records and data frames.

```pycon
>>> from kpirag import KPI, Framework, Observation
>>> evaluation = Framework([KPI("1.6", "On the streets", "<43")]).evaluate([Observation("1.6", 46)])
>>> to_records(evaluation)[0]["status"], to_records(evaluation)[0]["value"]
('Amber', 46.0)
>>> to_frame(evaluation, "polars").select("kpi_id", "status", "gap").row(0)
('1.6', 'Amber', 3.0)

```
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, TypeAlias, cast

import narwhals as nw

from kpirag._validate import wrong_type
from kpirag.errors import InvalidValueError
from kpirag.kpi import Evaluation, KPIResult
from kpirag.rules import Scale

__all__ = ["RECORD_COLUMNS", "FrameKind", "to_frame", "to_records"]

FrameKind: TypeAlias = Literal["pandas", "polars", "pyarrow"]
"""The eager data frame kinds ``to_frame`` builds."""

RECORD_COLUMNS = (
    "kpi_id",
    "title",
    "theme",
    "period",
    "value",
    "target",
    "computed",
    "recorded",
    "status",
    "gap",
    "explanation",
    "not_rated_reason",
)
"""The columns of ``to_records`` and ``to_frame``, in order."""


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _labels(scale: Scale) -> list[str]:
    """The status labels of ``scale``: ``N/A``, then its levels, best first."""
    return ["N/A", *(level.label for level in scale.levels)]


def _status_dtype(frame: Any, labels: list[str]) -> Any:  # noqa: ANN401
    """An Enum of the labels, or text where the engine has no Enum (pyarrow)."""
    if not isinstance(frame, nw.DataFrame):
        return nw.Enum(labels)  # every lazy engine narwhals supports has one
    try:
        frame.head(0).select(nw.lit("N/A").cast(nw.Enum(["N/A"])))
    except NotImplementedError:
        return nw.String
    return nw.Enum(labels)


def _record(result: KPIResult, period: str | None) -> dict[str, object]:
    assessment = result.assessment
    return {
        "kpi_id": result.kpi.id,
        "title": result.kpi.title,
        "theme": result.kpi.theme,
        "period": period,
        "value": _number(assessment.value) if assessment else None,
        "target": result.kpi.target_label if result.target is None else str(result.target),
        "computed": str(result.computed),
        "recorded": None if result.recorded is None else str(result.recorded),
        "status": str(result.status),
        "gap": _number(assessment.gap) if assessment else None,
        "explanation": result.explanation,
        "not_rated_reason": None if result.not_rated is None else str(result.not_rated),
    }


_KINDS = "'pandas', 'polars' or 'pyarrow'"


def to_records(evaluation: Evaluation) -> list[dict[str, object]]:
    """One plain dict per KPI: no heading rows, numbers as floats, statuses as labels.

    The exact Decimals stay on the evaluation's results; these records are for
    data frames and charts.
    """
    if not isinstance(evaluation, Evaluation):
        raise wrong_type("evaluation", evaluation, "an Evaluation")
    period = None if evaluation.period is None else str(evaluation.period)
    return [_record(result, period) for result in evaluation.results]


def frame_of(columns: Mapping[str, list[Any]], schema: Mapping[str, Any], kind: object) -> Any:  # noqa: ANN401
    """A narwhals frame of ``columns`` with ``schema``, built by the library ``kind`` names.

    Raises:
        ValueTypeError: ``kind`` is not text.
        InvalidValueError: ``kind`` is not ``"pandas"``, ``"polars"`` or
            ``"pyarrow"``, or that library cannot build it here.
    """
    if not isinstance(kind, str):
        raise wrong_type("frame kind", kind, _KINDS)
    if kind not in {"pandas", "polars", "pyarrow"}:
        raise InvalidValueError(field="frame kind", value=kind, expected=_KINDS)
    try:
        return nw.from_dict(dict(columns), schema=dict(schema), backend=cast("FrameKind", kind))
    except (ValueError, TypeError, ModuleNotFoundError) as exc:
        raise InvalidValueError(
            f"the {kind} library cannot build it here (is it installed?)",
            field="frame kind",
            value=kind,
        ) from exc


def to_frame(
    evaluation: Evaluation, kind: FrameKind = "pandas", *, scale: Scale | None = None
) -> Any:  # noqa: ANN401
    """The tidy records as a data frame of ``kind`` (``"pandas"``, ``"polars"`` or ``"pyarrow"``).

    The status columns are the scale's labels (``Scale.rag()`` by default), an
    ordered categorical in pandas and an Enum in polars, as ``evaluate`` gives.
    """
    records = to_records(evaluation)
    columns = {name: [record[name] for record in records] for name in RECORD_COLUMNS}
    schema = dict.fromkeys(RECORD_COLUMNS, nw.String) | {"value": nw.Float64, "gap": nw.Float64}
    frame = frame_of(columns, schema, kind)
    statuses = nw.col("computed", "recorded", "status").cast(
        _status_dtype(frame, _labels(scale or Scale.rag()))
    )
    return frame.with_columns(statuses).to_native()
