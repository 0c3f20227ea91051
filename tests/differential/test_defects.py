"""Discrepancies between doors that the differential suite found, each reduced to its smallest case.

Each test states the behaviour every door should share. While a defect is open
its test is a strict xfail and the differential tests work around it, naming
the test here; when a fix lands the test passes, strict xfail turns that into a
failure, and the marker and the workaround come off. Each one here is fixed: a
regression test now.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import dask.dataframe as dd
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import kpirag.frames
from kpirag import KPI, Framework, Observation, evaluate_kpi
from kpirag.errors import KpiragError

# narwhals announces that its Dask support moves to the narwhals-dask package.
pytestmark = pytest.mark.filterwarnings("ignore:Dask support is moving:FutureWarning")

EAGER: dict[str, Callable[[dict[str, list[Any]]], Any]] = {
    "pandas": pd.DataFrame,
    "polars": pl.DataFrame,
    "pyarrow": pa.table,
}


def _rows(frame: Any) -> list[dict[str, Any]]:
    """A pandas, polars or pyarrow result as rows, statuses as text."""
    if isinstance(frame, pd.DataFrame):
        frame = pl.from_pandas(frame)
    if isinstance(frame, pa.Table):
        frame = pl.from_arrow(frame)
    return frame.with_columns(pl.col("status").cast(pl.String)).to_dicts()  # type: ignore[no-any-return]


def statuses(frame: Any) -> list[str]:
    """The ``status`` column of a pandas, polars or pyarrow result as text."""
    if isinstance(frame, pd.DataFrame):
        return [str(status) for status in frame["status"]]
    if isinstance(frame, pl.DataFrame):
        return [str(status) for status in frame["status"].to_list()]
    return [str(status) for status in frame.column("status").to_pylist()]


@pytest.mark.parametrize(
    ("kind", "column"),
    [
        ("pandas", "recorded"),
        ("pyarrow", "recorded"),
        ("pyarrow", "override"),
        ("polars", "value"),
        ("pyarrow", "value"),
        ("pyarrow", "previous"),
    ],
)
def test_defect_frames_crash_on_an_all_null_column(kind: str, column: str) -> None:
    """A named column with no entries at all is read as empty, as the object path reads None.

    Reproduction (pandas: IndexError; polars: InvalidOperationError; pyarrow:
    ArrowInvalid "Data type null is not supported in join non-key field"):

        kpirag.frames.evaluate(
            pd.DataFrame({"kpi_id": ["a"], "value": [5.0], "recorded": [None]}),
            pd.DataFrame({"kpi_id": ["a"], "target": [">=10"]}),
            period=None, recorded="recorded",
        )
    """
    observations: dict[str, list[Any]] = {"kpi_id": ["a"], "value": [5.0], "recorded": ["Red"]}
    observations[column] = [None]
    make = EAGER[kind]
    result = kpirag.frames.evaluate(
        make(observations),
        make({"kpi_id": ["a"], "target": [">=10"]}),
        period=None,
        recorded="recorded",
        override="override" if column == "override" else None,
        previous="previous" if column == "previous" else None,
    )
    expected = "N/A" if column == "value" else "Red"
    assert statuses(result) == [expected]


def test_defect_frames_on_pyarrow_crash_when_no_kpi_has_a_target() -> None:
    """Definitions whose targets are all "tbc" rate every KPI N/A on pyarrow, as on pandas.

    Reproduction (ArrowInvalid: Data type null is not supported in join
    non-key field target):

        kpirag.frames.evaluate(
            pa.table({"kpi_id": ["a"], "value": [5.0]}),
            pa.table({"kpi_id": ["a"], "target": pa.array([None], pa.string())}),
            period=None,
        )
    """
    definitions = pa.table({"kpi_id": ["a"], "target": pa.array([None], pa.string())})
    result = kpirag.frames.evaluate(
        pa.table({"kpi_id": ["a"], "value": [5.0]}), definitions, period=None
    )
    assert statuses(result) == ["N/A"]


@pytest.mark.parametrize("dtype", ["string", "string[pyarrow]"])
def test_defect_frames_read_pandas_na_in_definitions_as_text(dtype: str) -> None:
    """A missing cell in a pandas ``string`` column (pd.NA, as Dask makes) is empty.

    Reproduction (InvalidTargetError: Invalid better '<na>'):

        definitions = pd.DataFrame({"kpi_id": ["a"], "target": [">=1"], "better": [None]},
                                   dtype="string")
        kpirag.frames.evaluate(pd.DataFrame({"kpi_id": ["a"], "value": [5.0]}), definitions,
                               period=None)
    """
    definitions = pd.DataFrame({"kpi_id": ["a"], "target": [">=1"], "better": [None]}, dtype=dtype)
    observations = pd.DataFrame({"kpi_id": ["a"], "value": [5.0]})
    assert statuses(kpirag.frames.evaluate(observations, definitions, period=None)) == ["Green"]


def test_defect_dask_crashes_on_a_missing_recorded_status() -> None:
    """On Dask, a KPI with no recorded status gets its computed one, as on pandas.

    Reproduction (TypeError: int() argument must be ... not 'NAType'):

        observations = pd.DataFrame(
            {"kpi_id": ["a", "a"], "value": [5.0, 20.0], "recorded": ["Red", None]}
        )
        kpirag.frames.evaluate(
            dd.from_pandas(observations, npartitions=1),
            pd.DataFrame({"kpi_id": ["a"], "target": [">=10"]}),
            period=None, recorded="recorded",
        ).compute()
    """
    observations = pd.DataFrame(
        {"kpi_id": ["a", "a"], "value": [5.0, 20.0], "recorded": ["Red", None]}
    )
    definitions = pd.DataFrame({"kpi_id": ["a"], "target": [">=10"]})
    expected = kpirag.frames.evaluate(observations, definitions, period=None, recorded="recorded")
    result = kpirag.frames.evaluate(
        dd.from_pandas(observations, npartitions=1),
        definitions,
        period=None,
        recorded="recorded",
    ).compute()
    assert statuses(result) == statuses(expected) == ["Red", "Green"]


def test_defect_frames_travel_refuses_a_unit_word() -> None:
    """A figure with its unit word (``103 jobs``) has a direction of travel in frames too.

    Frames rate ``103 jobs`` against ``A minimum of 85 jobs.``, but with a
    previous figure they fail (InvalidValueError: Invalid current value
    '103 jobs'):

        kpirag.frames.evaluate(
            pd.DataFrame({"kpi_id": ["a"], "value": ["103 jobs"], "previous": [90.0]}),
            pd.DataFrame({"kpi_id": ["a"], "target": ["A minimum of 85 jobs."]}),
            period=None, previous="previous",
        )
    """
    result = kpirag.frames.evaluate(
        pd.DataFrame({"kpi_id": ["a"], "value": ["103 jobs"], "previous": [90.0]}),
        pd.DataFrame({"kpi_id": ["a"], "target": ["A minimum of 85 jobs."]}),
        period=None,
        previous="previous",
    )
    assert (str(result["status"][0]), result["travel"][0]) == ("Green", "improved")


def test_defect_frames_explain_equal_targets_alike() -> None:
    """Each KPI's explanation writes its own target, as the object path and the CLI do.

    ``>=236.0`` and ``>=236`` are equal, and frames explain both with the
    first one's wording:

        kpirag.frames.evaluate(
            pd.DataFrame({"kpi_id": ["a", "b"], "value": ["235.99", "235.99"]}),
            pd.DataFrame({"kpi_id": ["a", "b"], "target": [">=236.0", ">=236"]}),
            period=None,
        )["explanation"][1]
        # 'Amber: 235.99 misses >=236.0 by 0.01 ...'; the object path: '... >=236 by 0.01 ...'
    """
    targets = [">=236.0", ">=236"]
    framework = Framework([KPI(kpi_id, kpi_id, t) for kpi_id, t in zip("ab", targets, strict=True)])
    evaluation = framework.evaluate([Observation(kpi_id, "235.99") for kpi_id in "ab"])
    expected = [result.explanation for result in evaluation.results]
    result = kpirag.frames.evaluate(
        pd.DataFrame({"kpi_id": ["a", "b"], "value": ["235.99", "235.99"]}),
        pd.DataFrame({"kpi_id": ["a", "b"], "target": targets}),
        period=None,
    )
    assert list(result["explanation"]) == expected


@pytest.mark.parametrize("door", ["Observation", "KPI unit", "frames unit column"])
def test_defect_unit_word_refused_by_objects_and_frames(door: str) -> None:
    """``103 jobs`` against ``A minimum of 85`` with unit ``jobs`` is Green through every door.

    The command line accepts it (``id,title,target,value,unit`` /
    ``x,X,A minimum of 85,103 jobs,jobs``); Python and frames refuse it:

        Observation("x", "103 jobs")          # InvalidValueError: Invalid figure '103 jobs'
        KPI("x", "X", "A minimum of 85", unit="jobs")  # ValueTypeError
        kpirag.frames.evaluate(..., pd.DataFrame({"kpi_id": ["x"],
            "target": ["A minimum of 85"], "unit": ["jobs"]}))  # InvalidKPIError
    """
    if door == "Observation":
        kpi = KPI("x", "X", "A minimum of 85 jobs.")
        result = Framework([kpi]).evaluate([Observation("x", "103 jobs")]).results[0]
        assert (str(result.status), result.explanation) == (
            "Green",
            "Green: 103 jobs meets >=85 jobs",
        )
    elif door == "KPI unit":
        kpi = KPI("x", "X", "A minimum of 85", unit="jobs")
        assert str(Framework([kpi]).evaluate([Observation("x", Decimal(103))]).results[0].status)
    else:
        result = kpirag.frames.evaluate(
            pd.DataFrame({"kpi_id": ["x"], "value": ["103 jobs"]}),
            pd.DataFrame({"kpi_id": ["x"], "target": ["A minimum of 85"], "unit": ["jobs"]}),
            period=None,
        )
        assert statuses(result) == ["Green"]


def test_defect_frames_crash_on_empty_definitions() -> None:
    """Definitions with no rows give every observation N/A (an unknown KPI) or a kpirag error.

    Reproduction (ValueError: max() arg is an empty sequence, from
    frames/_evaluate.py ``_edge_columns``):

        kpirag.frames.evaluate(
            pd.DataFrame({"kpi_id": ["a"], "value": [5.0]}),
            pd.DataFrame({"kpi_id": pd.Series([], dtype=object),
                          "target": pd.Series([], dtype=object)}),
            period=None,
        )
    """
    definitions = pd.DataFrame(
        {"kpi_id": pd.Series([], dtype=object), "target": pd.Series([], dtype=object)}
    )
    try:
        result = kpirag.frames.evaluate(
            pd.DataFrame({"kpi_id": ["a"], "value": [5.0]}), definitions, period=None
        )
    except KpiragError:
        return
    assert statuses(result) == ["N/A"]


@pytest.mark.parametrize("kind", list(EAGER))
@pytest.mark.parametrize("figures", [[0.69, 0.8], ["0.69", "0.8"]], ids=["floats", "text"])
@pytest.mark.parametrize("fraction", [True, False, None])
def test_defect_frames_fraction_declaration(
    kind: str, figures: list[Any], fraction: bool | None
) -> None:
    """Figures of a percentage KPI all between 0 and 1 need ``fraction`` declared, as in a file.

    Declared true they are fractions of 1 (0.69 is 69%), false percentages
    (0.69%), each with the object path's status and explanation; unsaid, a
    problem naming the KPI. Frames used to read them as percentages unasked:

        kpirag.frames.evaluate(
            pd.DataFrame({"kpi_id": ["a"], "value": [0.69]}),
            pd.DataFrame({"kpi_id": ["a"], "target": [">=75%"]}),
            period=None,
        )  # Red, where a KPI file says the figures may be fractions of 1
    """
    make = EAGER[kind]
    observations = make({"kpi_id": ["a", "a"], "value": figures, "previous": figures[::-1]})
    definitions = make({"kpi_id": ["a"], "target": [">=75%"], "fraction": [fraction]})
    if fraction is None:
        with pytest.raises(KpiragError, match="fraction"):
            kpirag.frames.evaluate(observations, definitions, period=None, previous="previous")
        return
    kpi = KPI("a", "a", ">=75%", fraction=fraction)
    expected = [
        evaluate_kpi(kpi, Observation("a", str(now), previous=str(before)))
        for now, before in zip(figures, figures[::-1], strict=True)
    ]
    result = kpirag.frames.evaluate(observations, definitions, period=None, previous="previous")
    rows = _rows(result)
    assert [(row["status"], row["explanation"], row["travel"]) for row in rows] == [
        (str(one.status), one.explanation, str(one.travel)) for one in expected
    ]
