"""Tidy records and frames from an Evaluation, and a Framework from a definitions table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import kpirag
from kpirag.errors import InvalidValueError, ValueTypeError
from kpirag.frames import RECORD_COLUMNS, FrameKind, framework_from_frame, to_frame, to_records

DATA = Path(__file__).resolve().parents[2] / "examples" / "data" / "q1_2017_18_kpis.csv"


@pytest.fixture(scope="module")
def evaluation() -> kpirag.Evaluation:
    """The Q1 2017/18 report evaluated."""
    return kpirag.load_kpis(DATA).evaluate(period=kpirag.parse_period("Q1 2017/18"))


def test_records_are_tidy(evaluation: kpirag.Evaluation) -> None:
    """One record per KPI, no heading rows, numbers as floats, statuses as labels."""
    records = to_records(evaluation)
    assert len(records) == len(evaluation.results)
    assert all(list(record) == list(RECORD_COLUMNS) for record in records)
    by_id = {record["kpi_id"]: record for record in records}
    assert by_id["1.6"]["value"] == 46.0
    assert by_id["1.6"]["gap"] == 3.0
    assert by_id["1.5"]["computed"] == "Amber"
    assert by_id["1.5"]["status"] == "Red"
    assert by_id["2.6"]["not_rated_reason"] == "Not due"
    assert by_id["1.4"]["period"] == "Q1 2017/18"


@pytest.mark.parametrize(
    ("kind", "native"), [("pandas", pd.DataFrame), ("polars", pl.DataFrame), ("pyarrow", pa.Table)]
)
def test_frames_of_each_kind(evaluation: kpirag.Evaluation, kind: FrameKind, native: type) -> None:
    """to_frame gives the records as the kind asked for."""
    frame: Any = to_frame(evaluation, kind)
    assert frame.shape == (len(evaluation.results), len(RECORD_COLUMNS))
    assert isinstance(frame, native)


def test_pandas_statuses_are_ordered(evaluation: kpirag.Evaluation) -> None:
    """The status columns are ordered categoricals, so the worst sorts last."""
    frame = to_frame(evaluation)
    assert frame["status"].cat.ordered
    assert frame["status"].max() == "Red"


def test_errors() -> None:
    """A non-evaluation or an unknown kind is our error."""
    with pytest.raises(ValueTypeError, match="expected an Evaluation"):
        to_records("nope")  # type: ignore[arg-type]
    evaluation = kpirag.Framework([kpirag.KPI("1", "One", "5")]).evaluate([])
    with pytest.raises(InvalidValueError) as unknown:
        to_frame(evaluation, "excel")  # type: ignore[arg-type]
    assert (unknown.value.field, unknown.value.value) == ("frame kind", "excel")
    assert str(unknown.value) == (
        "Invalid frame kind 'excel': expected 'pandas', 'polars' or 'pyarrow'"
    )
    with pytest.raises(ValueTypeError) as huge:
        to_frame(evaluation, 10**5000)  # type: ignore[arg-type]
    assert huge.value.field == "frame kind"
    assert "int too large to print" in str(huge.value)


def test_framework_from_frame_reads_every_column() -> None:
    """Each definitions column lands in the KPI; tolerance text and scheme names both work."""
    strict = kpirag.Scheme.standard(kpirag.Tolerance.parse("5%"))
    table = pl.DataFrame(
        {
            "kpi_id": ["a", "b", "c"],
            "title": ["A", None, "C"],
            "theme": ["T", "T", None],
            "target": ["0", "75%", None],
            "better": ["lower", "higher", None],
            "unit": [None, "percent", "days"],
            "tolerance": ["5pt", "strict", None],
        }
    )
    framework = framework_from_frame(table, schemes={"strict": strict}, name="Test")
    a, b, c = framework.kpis
    assert str(a.target) == "<=0"
    assert a.scheme == kpirag.Scheme.standard(kpirag.Tolerance.parse("5pt"))
    assert b.title == "b"
    assert b.scheme is strict
    assert c.target is None
    assert c.unit is kpirag.Unit.DAYS
    assert framework.name == "Test"
