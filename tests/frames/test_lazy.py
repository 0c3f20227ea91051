"""kpirag.frames.evaluate on lazy engines: Dask and DuckDB give the pandas result, lazily."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import pytest

from kpirag.frames import evaluate

# narwhals announces that its Dask support moves to the narwhals-dask package.
pytestmark = pytest.mark.filterwarnings("ignore:Dask support is moving:FutureWarning")


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """200 observations of 4 KPIs with values on and around their edges."""
    definitions = pd.DataFrame(
        {
            "kpi_id": ["a", "b", "c", "d"],
            "title": ["A", "B", "C", "D"],
            "theme": ["T"] * 4,
            "target": [">=42%", "<43", "95%-105%", None],
            "unit": ["percent", "count", "percent", "percent"],
            "tolerance": ["10%", "10%", "5pt", None],
        }
    )
    rng = np.random.default_rng(13)
    edges = [37.8, 42.0, 43.0, 47.3, 90.0, 95.0, 105.0, 110.0, 37.79, 47.31, 0.0]
    values = [float(x) for x in rng.choice(edges, 200)]
    values[5] = float("nan")
    observations = pd.DataFrame(
        {
            "kpi_id": [str(x) for x in rng.choice(["a", "b", "c", "d", "zz"], 200)],
            "row": range(200),
            "period": ["Q1 2017/18", "Q2 2017/18"] * 100,
            "value": values,
            "previous": [float(x) for x in rng.choice(edges, 200)],
        }
    )
    return observations, definitions


def rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """Every row as plain Python values (NaN as None), sorted by the row number."""
    ordered = frame.sort_values("row").astype(object)
    ordered = ordered.where(ordered.notna(), None)
    return [
        tuple(str(x) if x is not None else None for x in row)
        for row in ordered.itertuples(index=False)
    ]


def test_dask_with_several_partitions_equals_pandas(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """A Dask DataFrame stays lazy and computes the pandas result row by row."""
    observations, definitions = frames
    expected = evaluate(observations, definitions, previous="previous")
    lazy = dd.from_pandas(observations, npartitions=4)
    result = evaluate(lazy, definitions, previous="previous")
    assert isinstance(result, dd.DataFrame)
    computed = result.compute()
    assert list(computed.columns) == list(expected.columns)
    assert rows(computed) == rows(expected)


def test_duckdb_relation_equals_pandas(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """A DuckDB relation stays a relation and gives the pandas result row by row."""
    observations, definitions = frames
    expected = evaluate(observations, definitions, previous="previous")
    relation = duckdb.from_df(observations)  # the default connection: see docs/dask.md
    result = evaluate(relation, definitions, previous="previous")
    assert isinstance(result, duckdb.DuckDBPyRelation)
    computed = result.df()
    assert list(computed.columns) == list(expected.columns)
    assert rows(computed) == rows(expected)


def test_defect_duckdb_relation_from_own_connection(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """A relation of the user's own DuckDB connection gives the pandas result, as a relation.

    Reproduction (duckdb InvalidInputException: Cannot combine LEFT and RIGHT
    relations of different connections!):
        kpirag.frames.evaluate(duckdb.connect().from_df(observations), definitions)
    """
    observations, definitions = frames
    expected = evaluate(observations, definitions, previous="previous")
    own = duckdb.connect()
    try:
        relation = own.from_df(observations)
        result = evaluate(relation, definitions, previous="previous")
        assert isinstance(result, duckdb.DuckDBPyRelation)
        assert rows(result.df()) == rows(expected)
        exact = own.from_df(observations.assign(value=observations["value"].astype(str)))
        assert rows(evaluate(exact, definitions, explain=False).df()) == rows(
            evaluate(
                observations.assign(value=observations["value"].astype(str)),
                definitions,
                explain=False,
            )
        )
    finally:
        own.close()


@pytest.mark.parametrize("engine", ["pandas", "polars", "polars-lazy", "pyarrow", "dask", "duckdb"])
def test_explanations_worked_out_in_chunks_equal_one_piece(
    engine: str, frames: tuple[pd.DataFrame, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Distinct values explained a few at a time (as on millions of them) give the same rows."""
    import polars as pl  # noqa: PLC0415 - only this test needs them
    import pyarrow as pa  # noqa: PLC0415

    from kpirag.frames import _evaluate  # noqa: PLC0415 - the chunk size is private

    observations, definitions = frames
    expected = evaluate(observations, definitions, previous="previous")
    monkeypatch.setattr(_evaluate, "_CHUNK", 3)
    make: dict[str, Callable[[], Any]] = {
        "pandas": lambda: observations,
        "polars": lambda: pl.from_pandas(observations),
        "polars-lazy": lambda: pl.from_pandas(observations).lazy(),
        "pyarrow": lambda: pa.Table.from_pandas(observations, preserve_index=False),
        "dask": lambda: dd.from_pandas(observations, npartitions=2),
        "duckdb": lambda: duckdb.from_df(observations),
    }
    done: dict[str, Callable[[Any], Any]] = {
        "polars": lambda f: f.to_pandas(),
        "polars-lazy": lambda f: f.collect().to_pandas(),
        "pyarrow": lambda f: f.to_pandas(),
        "dask": lambda f: f.compute(),
        "duckdb": lambda f: f.df(),
    }
    result = done.get(engine, lambda f: f)(
        evaluate(make[engine](), definitions, previous="previous")
    )
    assert rows(result) == rows(expected)
