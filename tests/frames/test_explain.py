"""Explanations of float figures worked out as column expressions equal the scalar engine's."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpirag.frames._evaluate as frames_evaluate
from kpirag import KPI, Classifier, Framework, Operator, Scheme, Target, Tolerance
from kpirag.frames import evaluate
from kpirag.strategies import edge_values, schemes, targets, tolerances

ENGINES = ("pandas", "polars", "polars-lazy")
UNITS = (
    ">=£1,200",
    "<=60 weeks",
    ">=5pp",
    "between 10 and 20",
    "between -5 and 0",
    ">=0",
    "<=0",
    "95%-105%",
    "<43",
    ">-7.25",
    "at least 30 jobs",
    ">=0.001",
    "<=123456.789",
    ">=1,000.50",
)
"""Targets in every unit the engine words: money, unit words, points, percent, ranges."""


def frames_of(engine: str, values: list[float], target: Target, rule: Scheme | Tolerance) -> Any:
    """``values`` against one KPI of ``target`` and ``rule``, evaluated on ``engine``."""
    scheme = rule if isinstance(rule, Scheme) else Scheme.standard(rule)
    observations = pd.DataFrame({"kpi_id": ["k"] * len(values), "value": values})
    definitions = pd.DataFrame({"kpi_id": ["k"], "target": [str(target)], "tolerance": ["x"]})
    native: Any = observations
    if engine != "pandas":
        native = pl.from_pandas(observations)
        native = native.lazy() if engine == "polars-lazy" else native
    result = evaluate(native, definitions, period=None, schemes={"x": scheme})
    if engine == "polars-lazy":
        result = result.collect()
    return result if engine == "pandas" else result.to_pandas()


def _float(number: object) -> float | None:
    return None if number is None or pd.isna(number) else float(number)  # type: ignore[arg-type]


def assert_as_assess(result: Any, classifier: Classifier) -> None:
    """Every row's explanation, gap, relative gap and tolerance edge are the scalar engine's.

    (A zero gap's sign is not compared: frames join a figure's workings on its value, and
    every engine's join takes -0.0 and 0.0 for the same value.)
    """
    for value, explanation, gap, relative, edge in zip(
        result["value"],
        result["explanation"],
        result["gap"],
        result["relative_gap"],
        result["tolerance_edge"],
        strict=True,
    ):
        assessment = classifier.assess(float(value))
        assert explanation == assessment.explanation, repr(value)
        want_gap = float(assessment.gap) if assessment.gap is not None else None
        assert _float(gap) == want_gap, repr(value)
        want = frames_evaluate._relative(assessment.gap, classifier.target)
        assert _float(relative) == want, repr(value)
        edges = assessment.edges
        assert _float(edge) == (float(edges[-1].value) if edges else None), repr(value)


FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False).map(float),
    st.integers(min_value=-(10**6), max_value=10**6).map(lambda n: n / 8.0),
    st.sampled_from([0.0, -0.0, 1e-4, 9.9e-5, 1e16, 9999999999999998.0, 5e-324, 1e308, 0.1]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        targets(max_value=10**5, min_value=-(10**5)), st.sampled_from(UNITS).map(Target.parse)
    ),
    st.one_of(tolerances(), schemes()),
    st.sampled_from(ENGINES),
    st.data(),
)
def test_float_explanations_equal_assess(
    target: Target, rule: Scheme | Tolerance, engine: str, data: Any
) -> None:
    """Law: each float's explanation and gaps from the column expressions are ``assess``'s.

    Floats anywhere (exponents, negatives, -0.0, tiny and huge), on and beside every edge.
    """
    classifier = Classifier.prepare(target, rule)
    values = data.draw(st.lists(FLOATS, min_size=1, max_size=30))
    edges = st.lists(edge_values(target, rule, forms=("float",)), max_size=20)
    values += [float(v) for v in data.draw(edges)]
    assert_as_assess(frames_of(engine, values, target, rule), classifier)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("target", UNITS)
def test_random_floats_in_every_unit_are_worded_as_assess_words_them(
    engine: str, target: str
) -> None:
    """2,000 floats of 15 to 17 digits either side of each target get ``assess``'s wording."""
    rng = np.random.default_rng(2017)
    parsed = Target.parse(target)
    low, high = (float(bound) for bound in parsed.bounds)
    spread = max(abs(low), abs(high), 1.0)
    values = list(rng.uniform(low - spread, high + spread, 2000))
    rule = Tolerance.parse("10%")
    assert_as_assess(frames_of(engine, values, parsed, rule), Classifier.prepare(parsed, rule))


@pytest.mark.parametrize("engine", ENGINES)
def test_only_values_the_expressions_cannot_word_go_the_exact_way(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exact path words only floats on an edge, in scientific notation or too long.

    (The rest, 500 floats of up to three decimals, are worded by the column expressions.)
    """
    asked: list[tuple[Any, ...]] = []
    explainer = frames_evaluate._explainer

    def counting(rules: Any, names: list[str]) -> Any:
        compute = explainer(rules, names)

        def count(key: tuple[Any, ...]) -> list[object]:
            asked.append(key)
            return compute(key)

        return count

    monkeypatch.setattr(frames_evaluate, "_explainer", counting)
    rng = np.random.default_rng(7)
    plain = [round(float(x), 3) for x in rng.uniform(0, 120, 500)]
    special = [67.5, 75.0, 1e-5, 1e17, 0.1234567890123456789]
    result = frames_of(engine, plain + special, Target.parse(">=75%"), Tolerance.parse("10%"))
    assert len(result) == len(plain) + len(special)
    exact = {value for _, value in asked}
    # On an edge, or past 10**17 as integers: always; 1e-05 where the engine writes it so.
    assert {67.5, 75.0, 1e17, special[4]} <= exact <= set(special)


_BEYOND = "beyond the 10% tolerance (Amber down to 67.5)"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("value", "explanation"),
    [
        (-0.0, f"Red: 0.0 misses >=75 by 75.0 (100.0%), {_BEYOND}"),
        (46.0, f"Red: 46.0 misses >=75 by 29.0 (38.7%), {_BEYOND}"),
        (
            70.25,
            "Amber: 70.25 misses >=75 by 4.75 (6.3%), within the 10% tolerance (Amber down to 67.5)",
        ),
        (1e-05, f"Red: 0.00001 misses >=75 by 74.99999 (100.0%), {_BEYOND}"),
    ],
)
def test_float_explanations_read_as_written(engine: str, value: float, explanation: str) -> None:
    """A float is worded as the decimal it prints as, in plain notation, never with -0."""
    result = frames_of(engine, [value], Target.parse(">=75"), Tolerance.parse("10%"))
    assert result["explanation"][0] == explanation


LAZY: dict[str, Callable[[pd.DataFrame], Any]] = {
    "pyarrow": lambda frame: pa.Table.from_pandas(frame, preserve_index=False),
    "duckdb": lambda frame: duckdb.from_arrow(pa.Table.from_pandas(frame, preserve_index=False)),
    "dask": lambda frame: dd.from_pandas(frame, npartitions=2),
}


def _pandas(result: Any) -> Any:
    if isinstance(result, pa.Table):
        return result.to_pandas()
    if isinstance(result, duckdb.DuckDBPyRelation):
        return result.df()
    return result.compute()


@pytest.mark.filterwarnings("ignore:Dask support is moving:FutureWarning")
@pytest.mark.parametrize("engine", sorted(LAZY))
def test_every_engine_words_floats_as_assess_does(engine: str) -> None:
    """pyarrow, DuckDB and Dask give each float the explanation and gaps ``assess`` gives."""
    rng = np.random.default_rng(11)
    values = [*rng.uniform(-20, 130, 300), 0.0, -0.0, 46.0, 67.5, 75.0, 1e-5, 1e17, -3.5]
    observations = pd.DataFrame({"kpi_id": ["k"] * len(values), "value": values})
    definitions = pd.DataFrame({"kpi_id": ["k"], "target": [">=75%"], "tolerance": ["10%"]})
    result = evaluate(LAZY[engine](observations), definitions, period=None)
    assert_as_assess(_pandas(result), Classifier.prepare(">=75%", "10%"))


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_float32_figures_are_worded_as_their_float64_values(engine: str) -> None:
    """A float32 column is read as the float64 values its cells are (``0.10000000149011612``)."""
    values = np.random.default_rng(3).uniform(0, 120, 200).astype(np.float32)
    observations = pd.DataFrame({"kpi_id": ["k"] * len(values), "value": values})
    definitions = pd.DataFrame({"kpi_id": ["k"], "target": ["<43"], "tolerance": ["10%"]})
    native = observations if engine == "pandas" else pl.from_pandas(observations)
    result = evaluate(native, definitions, period=None)
    result = result if engine == "pandas" else result.to_pandas()
    assert_as_assess(result, Classifier.prepare("<43", "10%"))


@pytest.mark.parametrize(
    ("end", "relative"),
    [("1E+999", [-100.0, -100.0]), ("-1E+999", [100.0, 100.0]), ("1E-999", [None, None])],
)
def test_relative_gap_of_a_target_past_floats(end: str, relative: list[float | None]) -> None:
    """A target end past a float's range gives the exact percentage rounded, one too small none."""
    target = Target(Operator.AT_LEAST, Decimal(end))
    framework = Framework([KPI("k", "K", target)])
    result = evaluate(
        pl.DataFrame({"kpi_id": ["k", "k"], "value": [0.5, -2.0]}), framework, period=None
    )
    assert result["relative_gap"].to_list() == relative


def test_defect_relative_gap_of_a_gap_near_the_float_limit_was_infinite() -> None:
    """A gap of 1e308 from a 75% target gave inf (its product by 100 overflowed); the quotient is finite."""
    observations = pd.DataFrame({"kpi_id": ["1"], "period": ["2017/18"], "value": [1e308]})
    definitions = pd.DataFrame({"kpi_id": ["1"], "title": ["A"], "target": [">=75"]})
    result = evaluate(observations, definitions)
    assert result["relative_gap"][0] == pytest.approx(1e308 / 75 * 100)


@pytest.mark.parametrize("engine", ["pandas", "polars", "pyarrow"])
@pytest.mark.parametrize("few", [0, 20_000])
def test_eager_frames_explained_a_slice_at_a_time_equal_the_whole_frame(
    engine: str, few: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slices of 37 rows (exact rows joined or placed by row number) give the whole frame's result.

    Two KPIs, one with no target, unknown ids, NaN and null figures, values on edges, a
    shuffled pandas index: every column equals the result worked out in one piece.
    """
    rng = np.random.default_rng(5)
    values = [*rng.uniform(-20, 130, 300), 67.5, 75.0, 1e-5, 1e17, float("nan"), None, -0.0]
    ids = [["k", "n", "u"][i % 3] for i in range(len(values))]
    observations = pd.DataFrame({"kpi_id": ids, "value": values}, index=rng.permutation(307))
    definitions = pd.DataFrame(
        {"kpi_id": ["k", "n"], "target": [">=75%", None], "tolerance": ["10%", "10%"]}
    )
    native: Any = observations
    if engine == "polars":
        native = pl.from_pandas(observations)
    elif engine == "pyarrow":
        native = pa.Table.from_pandas(observations, preserve_index=False)
    whole = evaluate(native, definitions, period=None)
    monkeypatch.setattr(frames_evaluate, "_ROWS", 37)
    monkeypatch.setattr(frames_evaluate, "_FEW", few)
    sliced = evaluate(native, definitions, period=None)
    if engine == "pandas":
        pd.testing.assert_frame_equal(sliced, whole)
    else:
        assert sliced.equals(whole)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("target", "values"),
    [
        (">75", [75.0, 74.9]),  # on an exclusive end: a shortfall of zero
        ("<43", [43.0, 43.5]),
        (">=0.001", [-1e13, -1e12]),  # shortfalls past 10**15 times the target's end
        (">=1", [-999999999999999.0, -1e15, -1e15 + 2]),  # and either side of it
    ],
)
def test_zero_and_vast_shortfalls_are_worded_as_assess_words_them(
    engine: str, target: str, values: list[float]
) -> None:
    """A zero shortfall keeps the sign ``assess`` gives it; a vast one its every digit."""
    parsed, rule = Target.parse(target), Tolerance.parse("10%")
    assert_as_assess(frames_of(engine, values, parsed, rule), Classifier.prepare(parsed, rule))
