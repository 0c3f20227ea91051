"""The direction of travel of float figures as column expressions equals the scalar engine's."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpirag.frames._evaluate as frames_evaluate
from kpirag import KPI, Classifier, Framework, Operator, Scheme, Target, Trend, travel
from kpirag.errors import InvalidValueError
from kpirag.frames import evaluate
from kpirag.frames._travel import _TREND_CODE
from kpirag.strategies import edge_values, targets

SCHEMES = (
    Scheme.from_dict(
        {"steps": [{"within": "10%", "status": "amber"}], "beyond_by_trend": {"improved": "Amber"}}
    ),
    Scheme.from_dict(
        {
            "steps": [
                {"within": "5%", "status": "amber", "trend": ["improved", "unchanged"]},
                {"within": "10%", "status": "amber"},
            ],
            "when_no_previous": "worse",
        }
    ),
    Scheme.from_dict({"tolerance": "10%"}),  # not trend-aware: travel only
)
"""Trend-aware schemes (a beyond and a step that depend on the trend), and a plain one."""
TARGETS = (">=75%", "<43", "95%-105%", "between -5 and 0", "between 10 and 10.1", ">=0.1", "<=0")

ENGINES: dict[str, Callable[[pd.DataFrame], Any]] = {
    "pandas": lambda frame: frame,
    "polars": pl.from_pandas,
    "polars-lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "pyarrow": lambda frame: pa.Table.from_pandas(frame, preserve_index=False),
    "duckdb": lambda frame: duckdb.from_arrow(pa.Table.from_pandas(frame, preserve_index=False)),
}


def _pandas(result: Any) -> pd.DataFrame:
    if isinstance(result, pd.DataFrame):
        return result
    if isinstance(result, pl.LazyFrame):
        return result.collect().to_pandas()
    if isinstance(result, duckdb.DuckDBPyRelation):
        return result.df()
    return result.to_pandas()


def _float(value: object) -> float:
    assert isinstance(value, float)
    return value


def evaluated(
    engine: str, values: list[float], before: list[float | None], target: Target, scheme: Scheme
) -> pd.DataFrame:
    """``values`` with their previous figures, one KPI of ``target`` and ``scheme``, on ``engine``."""
    observations = pd.DataFrame(
        {"kpi_id": ["k"] * len(values), "value": values, "previous": before}
    ).astype({"previous": "float64"})
    definitions = pd.DataFrame(
        {"kpi_id": ["k"], "target": [str(target)], "tolerance": ["x"], "fraction": [False]}
    )
    native = ENGINES[engine](observations)
    result = evaluate(native, definitions, period=None, previous="previous", schemes={"x": scheme})
    return _pandas(result)


def assert_as_assess(result: pd.DataFrame, target: Target, scheme: Scheme) -> None:
    """Every row's status, travel and explanation are the scalar engine's."""
    classifier = Classifier.prepare(target, scheme)
    for value, before, status, moved, explanation in zip(
        result["value"],
        result["previous"],
        result["status"],
        result["travel"],
        result["explanation"],
        strict=True,
    ):
        previous = None if pd.isna(before) else float(before)
        assessment = classifier.assess(float(value), previous=previous)
        assert str(status) == str(assessment.status), (value, previous)
        want = None if previous is None else str(travel(float(value), previous, target))
        assert (None if pd.isna(moved) else moved) == want, (value, previous)
        assert explanation == assessment.explanation, (value, previous)


FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-200, max_value=200, allow_nan=False),
    st.decimals(min_value=-200, max_value=200, places=1, allow_nan=False).map(float),
    st.sampled_from([0.0, -0.0, 5e-324, 1e308, -1e308, 0.1, 10.1, 95.0, 105.0, 43.0]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(targets(min_value=-1000, max_value=1000), st.sampled_from(TARGETS).map(Target.parse)),
    st.sampled_from(SCHEMES),
    st.sampled_from(sorted(ENGINES)),
    st.data(),
)
def test_float_travel_equals_the_scalar_engine(
    target: Target, scheme: Scheme, engine: str, data: Any
) -> None:
    """Law: each float's travel and status against a float previous figure are ``assess``'s.

    Figures and previous figures anywhere, on and beside the target's ends, either side
    of a range (sums of distances on the ends' sum), and no previous figure.
    """
    edges = edge_values(target, scheme, forms=("float",)).map(_float)
    pool = st.one_of(FLOATS, edges)
    values = data.draw(st.lists(pool, min_size=1, max_size=20))
    low, high = (float(end) for end in target.bounds)
    # Mirror images across the range: their distances tie, or nearly.
    mirrored = [low + high - value for value in values]
    mirrored = [m if math.isfinite(m) else 0.0 for m in mirrored]
    before = [
        data.draw(st.one_of(pool, st.none(), st.sampled_from([m, np.nextafter(m, 0)])))
        for m in mirrored
    ]
    assert_as_assess(evaluated(engine, values, before, target, scheme), target, scheme)


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("scheme", SCHEMES[:2])
def test_one_decimal_figures_travel_as_the_scalar_engine_says(
    engine: str, target: str, scheme: Scheme
) -> None:
    """600 figures of one decimal place, their previous ones nearby or across a range."""
    rng = np.random.default_rng(2017)
    parsed = Target.parse(target)
    low, high = (float(end) for end in parsed.bounds)
    spread = max(abs(low), abs(high), 1.0)
    values = list(np.round(rng.uniform(low - spread, high + spread, 600), 1))
    before: list[float | None] = [
        None if i % 7 == 0 else round(v + float(rng.normal(0, spread / 2)), 1)
        for i, v in enumerate(values)
    ]
    before[1::5] = [round(low + high - v, 1) for v in values[1::5]]  # ties across the range
    assert_as_assess(evaluated(engine, values, before, parsed, scheme), parsed, scheme)


@pytest.mark.parametrize("engine", ["pandas", "polars", "polars-lazy"])
def test_only_rows_the_floats_cannot_tell_go_the_exact_way(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exact way gets a figure on an end's inexact float copy, or two across a range tied.

    (Every other row, figures inside, on an exact end, on one side or across the range
    far from a tie, is compared by the column expressions.)
    """
    asked: list[tuple[Any, ...]] = []
    traveller = frames_evaluate._traveller

    def counting(rules: Any, names: list[str]) -> Any:
        compute = traveller(rules, names)

        def count(key: tuple[Any, ...]) -> list[object]:
            asked.append(key)
            return compute(key)

        return count

    monkeypatch.setattr(frames_evaluate, "_traveller", counting)
    # The float nearest the low end is 0.3, which is not the end; 2.5 is its float.
    target = Target.parse("between 0.30000000000000001 and 2.5")
    plain = [(1.0, 2.0), (2.5, 3.0), (0.1, 0.2), (3.0, 4.0), (0.0, 3.5), (-1.0, 3.0), (0.2, 2.9)]
    undecided = [(0.3, 1.0), (1.0, 0.3), (0.1, 2.7)]
    pairs = plain + undecided
    result = evaluated(engine, [v for v, _ in pairs], [p for _, p in pairs], target, SCHEMES[0])
    assert_as_assess(result, target, SCHEMES[0])
    assert sorted((value, before) for _, value, before in asked) == sorted(undecided)


@pytest.mark.parametrize(
    ("moved", "trend"), [(1, Trend.IMPROVED), (0, Trend.UNCHANGED), (-1, Trend.WORSE)]
)
def test_trend_codes_follow_the_order_of_trend(moved: int, trend: Trend) -> None:
    """A comparison's trend code is its trend's place in ``Trend`` plus one, ``2 - moved``."""
    assert _TREND_CODE[moved] == list(Trend).index(trend) + 1 == _TREND_CODE[0] - moved


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("before", [float("nan"), float("inf")])
def test_a_previous_figure_that_is_not_finite_is_refused(lazy: bool, before: float) -> None:
    """A NaN or infinite previous figure (polars keeps NaN apart from null) is refused as before."""
    frame = pl.DataFrame({"kpi_id": ["k", "k"], "value": [80.0, 70.0], "previous": [before, 60.0]})
    definitions = pd.DataFrame({"kpi_id": ["k"], "target": [">=75"], "tolerance": ["x"]})
    native = frame.lazy() if lazy else frame
    with pytest.raises(InvalidValueError, match="previous value"):
        _pandas(
            evaluate(
                native, definitions, period=None, previous="previous", schemes={"x": SCHEMES[0]}
            )
        )


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
@pytest.mark.parametrize(
    ("ends", "pairs"),
    [
        (("1E+308", "1.7E+308"), [(0.0, 1.79e308), (1.79e308, 0.0), (1.2e308, 1e308)]),
        (("-1E+400", "5"), [(6.0, 7.0), (-1e308, 6.0), (0.0, 9.0)]),
        (("1E-400", "1"), [(0.0, 2.0), (5e-324, 0.0), (-0.0, 1.5), (0.5, 0.0)]),
    ],
)
def test_ranges_at_the_ends_of_floats_travel_as_the_scalar_engine_says(
    engine: str, ends: tuple[str, str], pairs: list[tuple[float, float]]
) -> None:
    """Ends whose sum is past floats, or ends past floats or below them, compare exactly."""
    target = Target(Operator.BETWEEN, Decimal(ends[0]), Decimal(ends[1]))
    framework = Framework([KPI("k", "K", target, scheme=SCHEMES[0])])
    observations = pd.DataFrame(
        {"kpi_id": ["k"] * len(pairs), "value": [v for v, _ in pairs]}
        | {"previous": [p for _, p in pairs]}
    )
    native = ENGINES[engine](observations)
    result = _pandas(evaluate(native, framework, period=None, previous="previous"))
    assert_as_assess(result, target, SCHEMES[0])
