"""kpirag.frames.evaluate: exact statuses on pandas, polars and pyarrow, the same kind back."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import dask.dataframe as dd
import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpirag
from kpirag import Classifier, Scheme, Status, Target, Tolerance, classify
from kpirag.errors import InvalidKPIError, RecordError, ValueTypeError
from kpirag.frames import EdgeTable, compile_rule, evaluate, framework_from_frame
from kpirag.strategies import edge_values, schemes, targets, tolerances

EAGER: dict[str, Callable[[dict[str, list[Any]]], Any]] = {
    "pandas": pd.DataFrame,
    "polars": pl.DataFrame,
    "pyarrow": pa.table,
}


def column(frame: Any, name: str) -> list[Any]:
    """A column of any of the three eager kinds as a list."""
    if isinstance(frame, pd.DataFrame):
        return [None if pd.isna(x) else x for x in frame[name].astype(object)]
    if isinstance(frame, pl.DataFrame):
        return frame[name].to_list()
    return frame.column(name).to_pylist()  # type: ignore[no-any-return]


def one_rule(target: Target, rule: Scheme | Tolerance) -> Any:
    """A definitions table of one KPI with ``target`` and ``rule``."""
    return kpirag.Framework(
        [
            kpirag.KPI(
                "k", "K", target, unit=kpirag.Unit.PERCENT if target.percent else kpirag.Unit.COUNT
            )
        ],
        scheme=rule if isinstance(rule, Scheme) else Scheme.standard(rule),
    )


RULES = st.one_of(tolerances(), schemes())


@settings(max_examples=60, deadline=None)
@given(targets(), RULES, st.data())
def test_compiled_tables_agree_with_the_scalar_rule(target: Target, rule: Any, data: Any) -> None:
    """Law: a rule's edge table gives every float and int at and around each edge its exact status."""
    classifier = Classifier.prepare(target, rule)
    floats = classifier.table("float")
    ints = classifier.table("int")
    for _ in range(10):
        value = data.draw(edge_values(target, rule, forms=("float", "int")))
        if not isinstance(value, float | int):
            continue  # not a whole number: the int form falls back to a Decimal
        table = floats if isinstance(value, float) else ints
        assert table.status(value) is classifier(value), value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    targets(max_value=10**5, min_value=-(10**5)),
    RULES,
    st.sampled_from(sorted(EAGER)),
    st.data(),
)
def test_frame_statuses_equal_scalar_classify(
    target: Target, rule: Any, kind: str, data: Any
) -> None:
    """Law: on every row, the frame's status is the scalar ``classify`` of its value."""
    values = data.draw(
        st.lists(edge_values(target, rule, forms=("float",)), min_size=1, max_size=30)
    )
    whole = data.draw(st.lists(edge_values(target, rule, forms=("int",)), max_size=10))
    framework = one_rule(target, rule)
    for given_values in (values, [v for v in whole if isinstance(v, int)]):
        if not given_values:
            continue
        frame = EAGER[kind]({"kpi_id": ["k"] * len(given_values), "value": given_values})
        result = evaluate(frame, framework, period=None, explain=False)
        assert type(result) is type(frame)
        expected = [str(classify(v, target, rule)) for v in given_values]
        assert column(result, "status") == expected


@pytest.mark.parametrize("kind", sorted(EAGER))
def test_37_8_against_at_least_42_percent_is_amber(kind: str) -> None:
    """37.8 is exactly 10% below 42: Amber, although 42 * 0.9 is 37.800000000000004 in float."""
    assert 42 * 0.9 > 37.8  # the float trap the frame path must not fall into
    definitions = EAGER[kind]({"kpi_id": ["4.1"], "target": [">=42%"], "tolerance": ["10%"]})
    frame = EAGER[kind]({"kpi_id": ["4.1"] * 3, "value": [37.8, 37.79, 42.0]})
    result = evaluate(frame, definitions, period=None)
    assert column(result, "status") == ["Amber", "Red", "Green"]
    assert column(result, "tolerance_edge")[0] == 37.8


@pytest.mark.parametrize("kind", sorted(EAGER))
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([Decimal("37.8"), Decimal("37.79"), None], ["Amber", "Red", "N/A"]),
        (["37.8%", "37.79", None], ["Amber", "Red", "N/A"]),
        ([38, 37, 42], ["Amber", "Red", "Green"]),
    ],
    ids=["decimal", "text", "int"],
)
def test_exact_types_are_compared_exactly(
    kind: str, values: list[Any], expected: list[str]
) -> None:
    """Decimal, integer and numeric text columns give the exact status."""
    definitions = EAGER[kind]({"kpi_id": ["4.1"], "target": [">=42%"], "tolerance": ["10%"]})
    frame = EAGER[kind]({"kpi_id": ["4.1"] * 3, "value": values})
    result = evaluate(frame, definitions, period=None)
    assert column(result, "status") == expected


def definitions_q1() -> dict[str, list[Any]]:
    return {
        "kpi_id": ["1.5", "1.6", "4.1", "4.2"],
        "title": ["Rough sleepers out once", "Living on the streets", "Smoking quitters", "Checks"],
        "theme": ["1 Safe", "1 Safe", "4 Health", "4 Health"],
        "target": ["75%", "<43", ">=42%", None],
        "better": ["higher", None, None, None],
        "unit": ["percent", "count", "percent", "percent"],
        "tolerance": ["10%", "10%", None, None],
    }


def observations_q1() -> dict[str, list[Any]]:
    return {
        "kpi_id": ["1.5", "1.6", "4.1", "4.1", "4.2", "9.9"],
        "org": ["City", "City", "City", "Borough", "City", "City"],
        "period": [
            "Q1 2017/18",
            "Q1 2017/18",
            "Q1 2017/18",
            "Q4 2016/17",
            "Q1 2017/18",
            "Q1 2017/18",
        ],
        "value": [69.0, 46.0, 42.0, math.nan, 52.0, 1.0],
        "recorded": ["Red", "Amber", "G", None, "N/A", "Green"],
        "override": ["published as Red", None, None, None, None, None],
        "previous": [70.0, 54.0, None, None, None, None],
    }


@pytest.mark.parametrize("kind", sorted(EAGER))
def test_the_result_columns(kind: str) -> None:
    """Every result column, with statuses, reasons and explanations as the scalar engine gives."""
    result = evaluate(
        EAGER[kind](observations_q1()),
        EAGER[kind](definitions_q1()),
        org="org",
        recorded="recorded",
        override="override",
        previous="previous",
    )
    assert type(result) is type(EAGER[kind]({"a": [1]}))
    names = list(result.columns) if not isinstance(result, pa.Table) else result.column_names
    assert names[:4] == ["kpi_id", "org", "period", "value"]
    assert names[7:] == [
        "title", "theme", "unit", "target", "target_low", "target_high",
        "tolerance_edge", "computed", "status", "gap", "relative_gap", "travel",
        "explanation", "not_rated_reason",
    ]  # fmt: skip
    assert column(result, "computed") == ["Amber", "Amber", "Green", "N/A", "N/A", "N/A"]
    assert column(result, "recorded") == ["Red", "Amber", "Green", None, "N/A", "Green"]
    assert column(result, "status") == ["Red", "Amber", "Green", "N/A", "N/A", "N/A"]
    assert column(result, "not_rated_reason") == [None, None, None, "No data", "tbc", "Unknown KPI"]
    assert column(result, "travel") == ["worse", "improved", None, None, None, None]
    assert column(result, "gap")[:2] == [-6.0, 3.0]
    assert column(result, "relative_gap")[0] == -8.0
    assert column(result, "tolerance_edge")[:2] == [67.5, 47.3]
    assert column(result, "target")[:3] == [">=75%", "<43", ">=42%"]
    explanations = column(result, "explanation")
    assert explanations[1] == kpirag.assess(46.0, "<43", "10%").explanation
    assert explanations[3:] == ["N/A: No data", "N/A: tbc", "N/A: Unknown KPI"]


def test_pandas_statuses_are_ordered_categories_and_periods_sort_in_time() -> None:
    """In pandas, status is an ordered categorical (N/A first) and periods sort by date."""
    result = evaluate(pd.DataFrame(observations_q1()), pd.DataFrame(definitions_q1()))
    assert list(result["status"].cat.categories) == ["N/A", "Green", "Amber", "Red"]
    assert result["status"].cat.ordered
    assert list(result["period"].cat.categories) == ["Q4 2016/17", "Q1 2017/18"]
    assert result["status"].max() == "Amber"


def test_polars_statuses_are_an_enum() -> None:
    """In polars, status is an Enum of the scale's labels."""
    result = evaluate(pl.DataFrame(observations_q1()), pl.DataFrame(definitions_q1()))
    assert result.schema["status"] == pl.Enum(["N/A", "Green", "Amber", "Red"])
    assert result.schema["period"] == pl.Enum(["Q4 2016/17", "Q1 2017/18"])


def test_status_only_adds_one_column() -> None:
    """Without explanations, only the status column is added."""
    frame = pd.DataFrame(observations_q1())
    result = evaluate(frame, pd.DataFrame(definitions_q1()), explain=False)
    assert list(result.columns) == [
        "kpi_id", "period", "value", "org", "recorded", "override", "previous", "status"
    ]  # fmt: skip


def test_a_framework_serves_as_definitions() -> None:
    """A Framework and its table give the same result."""
    frame = pl.DataFrame(observations_q1())
    table = pl.DataFrame(definitions_q1())
    framework = framework_from_frame(table)
    assert evaluate(frame, framework).equals(evaluate(frame, table))


@pytest.mark.parametrize("scheme", [None, "5%"])
def test_a_framework_from_a_frame_keeps_its_scheme_and_name(scheme: str | None) -> None:
    """framework_from_frame's scheme is the one given (the City of London rule if none), and its name."""
    table = pl.DataFrame(definitions_q1())
    given = None if scheme is None else Scheme.standard(scheme)
    framework = framework_from_frame(table, scheme=given, name="Q1")
    assert framework.scheme == (given or Scheme.city_of_london())
    assert framework.name == "Q1"


def test_another_scale() -> None:
    """The status categories follow the scale given; a scheme off the scale is an error."""
    scale = kpirag.Scale.rag_with_blue()
    result = evaluate(pd.DataFrame(observations_q1()), pd.DataFrame(definitions_q1()), scale=scale)
    assert list(result["status"].cat.categories) == ["N/A", "Blue", "Green", "Amber", "Red"]
    council = kpirag.Scale.define("Council", ["On track", "Off track"])
    with pytest.raises(kpirag.InvalidSchemeError, match="not on the Council scale"):
        evaluate(pd.DataFrame(observations_q1()), pd.DataFrame(definitions_q1()), scale=council)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: evaluate([1, 2], pd.DataFrame(definitions_q1())),
            ValueTypeError,
            "Invalid observations list",
        ),
        (
            lambda: evaluate(pd.DataFrame({"kpi_id": ["1.5"]}), pd.DataFrame(definitions_q1())),
            InvalidKPIError,
            r"no column\(s\) \['value', 'period'\]",
        ),
        (
            lambda: evaluate(pd.DataFrame(observations_q1()), pd.DataFrame({"kpi_id": ["1"]})),
            InvalidKPIError,
            "no target column",
        ),
        (
            lambda: evaluate(
                pd.DataFrame(observations_q1()), pd.DataFrame({"kpi_id": ["1"], "target": ["x"]})
            ),
            RecordError,
            "column 'target' \\('x'\\): Invalid target 'x'",
        ),
        (
            lambda: evaluate(
                pd.DataFrame(observations_q1()),
                pd.DataFrame({"kpi_id": ["1"], "target": [">=5%"], "unit": ["count"]}),
            ),
            RecordError,
            "percentage target",
        ),
        (
            lambda: evaluate(
                pd.DataFrame({"kpi_id": ["1.5"], "value": ["lots"]}),
                pd.DataFrame(definitions_q1()),
                period=None,
            ),
            kpirag.InvalidValueError,
            "'lots'",
        ),
        (
            lambda: evaluate(
                pd.DataFrame(observations_q1()), pd.DataFrame(definitions_q1()), recorded="org"
            ),
            kpirag.InvalidStatusError,
            "'City'",
        ),
    ],
    ids=[
        "not-a-frame",
        "missing-columns",
        "no-target-column",
        "bad-target",
        "unit",
        "bad-text",
        "bad-status",
    ],
)
def test_errors(call: Callable[[], object], error: type[Exception], message: str) -> None:
    """Bad input raises our error, naming what is wrong."""
    with pytest.raises(error, match=message):
        call()


def test_a_bad_definition_row_is_named() -> None:
    """A bad definition is a definitions file's problem, at the frame's column, noting the row."""
    table = pd.DataFrame({"kpi_id": ["1", "2"], "goal": [">=5", "<<5"], "better": ["", "up"]})
    with pytest.raises(RecordError) as info:
        framework_from_frame(table, target="goal")
    assert info.value.__notes__ == ["in definitions row 2"]
    assert [(p.column, p.value) for p in info.value.problems] == [("better", "up"), ("goal", "<<5")]


def test_defect_frames_bare_target_message_drops_default_better() -> None:
    """A bare target in a definitions frame names the frames remedy, ``default_better=``."""
    table = pd.DataFrame({"kpi_id": ["1"], "target": ["0"]})
    with pytest.raises(RecordError, match=r"default_better= in kpirag\.frames"):
        framework_from_frame(table)


def test_edge_table_status_reads_like_the_engine() -> None:
    """The documented table for >=42% at 10%."""
    table = Classifier.prepare(">=42%", "10%").table("int")
    assert table == EdgeTable(
        (38, 42), (Status.RED, Status.AMBER), (Status.AMBER, Status.GREEN), Status.GREEN
    )
    with pytest.warns(DeprecationWarning, match="Classifier.table"):
        assert compile_rule(Classifier.prepare(">=42%", "10%"), kind="int") == table


def test_import_kpirag_loads_no_frame_library() -> None:
    """``import kpirag`` and a classify call never import narwhals, pandas, polars, numpy or pyarrow."""
    code = (
        "import sys, kpirag; kpirag.classify(1, '<2', '10%'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'narwhals', 'pandas', 'polars', 'numpy', 'pyarrow', 'dask', 'duckdb'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


_TREND_SCHEME = Scheme(
    Status.GREEN,
    [kpirag.Step(Tolerance.relative(10), Status.AMBER)],
    Status.RED,
    beyond_by_trend={"improved": Status.AMBER},
)


@pytest.mark.filterwarnings("ignore:Dask support is moving:FutureWarning")
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_defect_frames_trend_aware_scheme_status(kind: str, lazy: bool) -> None:
    """A trend-aware scheme gives the object path's status and travel wording in frames."""
    framework = kpirag.Framework([kpirag.KPI("k", "K", ">=100")], scheme=_TREND_SCHEME)
    expected = framework.evaluate([kpirag.Observation("k", 80, previous=70.0)])
    assert expected.result("k").status is Status.AMBER
    data = {
        "kpi_id": ["k"] * 3,
        "row": [0, 1, 2],
        "value": [80, 80, 95],
        "prev": [70.0, None, 99.0],
    }
    frame: Any = pd.DataFrame(data) if kind == "pandas" else pl.DataFrame(data)
    if lazy:
        frame = dd.from_pandas(frame, npartitions=2) if kind == "pandas" else frame.lazy()
    result = evaluate(frame, framework, period=None, previous="prev")
    if lazy:
        result = result.compute() if kind == "pandas" else result.collect()
    result = result.sort_values("row") if kind == "pandas" else result.sort("row")
    got = {name: column(result, name) for name in ("status", "travel", "explanation")}
    assert got["status"] == ["Amber", "Red", "Amber"]
    assert got["travel"] == ["improved", None, "worse"]
    assert got["explanation"] == [
        expected.result("k").explanation,
        framework.evaluate([kpirag.Observation("k", 80)]).result("k").explanation,
        framework.evaluate([kpirag.Observation("k", 95, previous=99.0)]).result("k").explanation,
    ]


@pytest.mark.parametrize("previous", [None, "prev"])
def test_defect_frames_pyarrow_large_string_ids(previous: str | None) -> None:
    """Ids in pyarrow's large_string (pandas 3 text made a table) join like any other text."""
    framework = kpirag.Framework([kpirag.KPI("k", "K", ">=100")], scheme=_TREND_SCHEME)
    table = pa.table(
        {
            "kpi_id": pa.array(["k", "k"], type=pa.large_string()),
            "value": [80.0, 99.0],
            "prev": [70.0, None],
        }
    )
    result = evaluate(table, framework, period=None, previous=previous)
    statuses = ["Amber" if previous else "Red", "Amber"]
    assert column(result, "status") == statuses
    assert result.schema.field("kpi_id").type == pa.large_string()


@pytest.mark.parametrize("explain", [True, False])
def test_a_trend_aware_scheme_without_previous_keeps_one_row_each(explain: bool) -> None:
    """Without a previous column a trend-aware rule rates each row once, as with no previous."""
    framework = kpirag.Framework([kpirag.KPI("k", "K", ">=100")], scheme=_TREND_SCHEME)
    frame = pl.DataFrame({"kpi_id": ["k", "k", "x"], "value": [80, 95, 1]})
    result = evaluate(frame, framework, period=None, explain=explain)
    assert column(result, "status") == ["Red", "Amber", "N/A"]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
@pytest.mark.parametrize("explain", [True, False])
def test_defect_frames_join_text_figures_of_either_arrow_string_type(
    kind: pa.DataType, explain: bool
) -> None:
    """Text figures in a pyarrow ``large_string`` column (as polars writes) are rated too."""
    observations = pa.table(
        {
            "kpi_id": ["a", "a"],
            "value": pa.array(["5", "3"], kind),
            "previous": pa.array(["3", "5"], kind),
        }
    )
    definitions = pa.table({"kpi_id": ["a"], "target": [">=4"]})
    result = evaluate(observations, definitions, period=None, previous="previous", explain=explain)
    assert result.column("status").to_pylist() == ["Green", "Red"]


@pytest.mark.filterwarnings("ignore:Dask support is moving:FutureWarning")
@pytest.mark.parametrize("kind", [*EAGER, "polars-lazy", "duckdb", "dask"])
@pytest.mark.parametrize("dtype", [pa.float64(), pa.string(), pa.int64(), pa.null()])
@pytest.mark.parametrize("explain", [True, False])
def test_defect_empty_table_with_text_periods(kind: str, dtype: pa.DataType, explain: bool) -> None:
    """A table with no rows gives a result with no rows, every result column present.

    Reproduction (IndexError: list index out of range, from the period column's
    categories when there are no periods):
        kpirag.frames.evaluate(pa.table({"kpi_id": pa.array([], pa.string()),
            "period": pa.array([], pa.string()), "value": pa.array([], pa.float64())}),
            definitions)
    """
    columns = ("kpi_id", "period", "recorded", "override")
    table = pa.table(
        {name: pa.array([], pa.string()) for name in columns}
        | {"value": pa.array([], dtype), "previous": pa.array([], pa.float64())}
    )
    make: dict[str, Callable[[], Any]] = {
        "pandas": table.to_pandas,
        "polars": lambda: pl.from_arrow(table),
        "pyarrow": lambda: table,
        "polars-lazy": lambda: pl.from_arrow(table).lazy(),  # type: ignore[union-attr]
        "duckdb": lambda: duckdb.from_arrow(table),
        "dask": lambda: dd.from_pandas(table.to_pandas(), npartitions=1),
    }
    result = evaluate(
        make[kind](),
        pd.DataFrame(definitions_q1()),
        explain=explain,
        recorded="recorded",
        override="override",
        previous="previous",
    )
    done: dict[str, Callable[[Any], Any]] = {
        "pyarrow": pl.from_arrow,
        "polars-lazy": lambda lazy: lazy.collect(),
        "duckdb": lambda relation: relation.df(),
        "dask": lambda lazy: lazy.compute(),
    }
    result = done.get(kind, lambda eager: eager)(result)
    assert len(result) == 0
    assert "status" in result.columns
    assert ("explanation" in result.columns) is explain


def test_definition_rows_alike_share_their_rule_not_their_names() -> None:
    """Rows with the same rule columns keep their own ids, titles and themes; an empty id fails."""
    table = pd.DataFrame(
        {
            "kpi_id": ["a", "b", "c"],
            "title": ["A", None, "C"],
            "theme": ["T1", "T2", None],
            "target": [">=5", ">=5", ">=5"],
        }
    )
    kpis = framework_from_frame(table).kpis
    assert [(k.id, k.title, k.theme, str(k.target)) for k in kpis] == [
        ("a", "A", "T1", ">=5"),
        ("b", "b", "T2", ">=5"),
        ("c", "C", "", ">=5"),
    ]
    with pytest.raises(RecordError) as info:
        framework_from_frame(table.assign(kpi_id=["a", "b", " "]))
    assert [p.column for p in info.value.problems] == ["kpi_id"]
    assert info.value.__notes__ == ["in definitions row 3"]


DEFINITIONS_75 = pd.DataFrame({"kpi_id": ["A"], "target": [">=75%"], "tolerance": ["10%"]})


@pytest.mark.parametrize("column", ["value", "previous"])
def test_defect_frames_decimal256_column(column: str) -> None:
    """A pyarrow decimal256 column is refused, naming it, not read as floats (digits lost)."""
    digits = Decimal("80.0000000000000000000000000000000000001")  # 40 digits: no float holds it
    numbers = pa.array([digits, Decimal(70)], type=pa.decimal256(40, 37))
    plain = pa.array([Decimal(80), Decimal(70)], type=pa.decimal128(10, 2))
    table = pa.table({"kpi_id": ["A", "A"], "value": plain, "previous": plain}).set_column(
        ["value", "previous"].index(column) + 1, column, numbers
    )
    for explain in (True, False):
        with pytest.raises(ValueTypeError) as info:
            evaluate(table, DEFINITIONS_75, period=None, previous="previous", explain=explain)
        assert (info.value.field, info.value.value) == (
            f"observations column {column!r}",
            "decimal256(40, 37)",
        )
        assert "decimal128" in str(info.value.expected)


@pytest.mark.parametrize("column", ["value", "previous"])
def test_defect_frames_object_column_decimal_nan(column: str) -> None:
    """Decimal('NaN') in an object column is no figure, as a float NaN; a signalling NaN is refused."""
    cells = {"value": [Decimal("NaN"), Decimal(80)], "previous": [Decimal(70), Decimal("NaN")]}
    frame = pd.DataFrame(
        {"kpi_id": ["A", "A"], **{k: pd.Series(v, dtype=object) for k, v in cells.items()}}
    )
    result = evaluate(frame, DEFINITIONS_75, period=None, previous="previous")
    assert list(result["status"]) == ["N/A", "Green"]
    assert list(result["not_rated_reason"].fillna("")) == ["No data", ""]
    assert list(result["travel"].isna()) == [True, True]
    signalling = frame.assign(**{column: pd.Series([Decimal("sNaN"), Decimal(80)], dtype=object)})
    for explain in (True, False):
        with pytest.raises(kpirag.InvalidValueError) as info:
            evaluate(signalling, DEFINITIONS_75, period=None, previous="previous", explain=explain)
        assert info.value.field == f"observations column {column!r}"
        assert info.value.location is not None
        assert info.value.location.line == 1


@pytest.mark.parametrize("cell", [[1, 2], {"a": 1}, {80}])
def test_defect_frames_object_column_list(cell: object) -> None:
    """A list (or another unhashable cell) in an object column is refused, naming its row."""
    frame = pd.DataFrame(
        {"kpi_id": ["A", "A"], "value": pd.Series([Decimal(80), cell], dtype=object)}
    )
    for explain in (True, False):
        with pytest.raises(ValueTypeError) as info:
            evaluate(frame, DEFINITIONS_75, period=None, explain=explain)
        assert (info.value.field, info.value.value) == ("observations column 'value'", cell)
        assert info.value.location is not None
        assert info.value.location.line == 2


@pytest.mark.parametrize("lazy", [False, True])
def test_defect_frames_polars_object_column(lazy: bool) -> None:
    """A polars Object column is refused with our error (polars can neither cast nor join it)."""
    frame = pl.DataFrame(
        {"kpi_id": ["A", "A"], "value": pl.Series([Decimal(80), Decimal("NaN")], dtype=pl.Object)}
    )
    for explain in (True, False):
        with pytest.raises(ValueTypeError) as info:
            evaluate(frame.lazy() if lazy else frame, DEFINITIONS_75, period=None, explain=explain)
        assert (info.value.field, info.value.value) == ("observations column 'value'", "Object")


@pytest.mark.parametrize(
    "value", [1e30, Decimal("1E+30"), Decimal("123456789012345678901234567.5")]
)
@pytest.mark.parametrize("explain", [True, False])
def test_defect_frames_fraction_figure_past_28_digits_raised_invalid_operation(
    value: float | Decimal, explain: bool
) -> None:
    """A declared fraction of 29 digits or more once x100 is rated as the object path rates it."""
    definitions = pd.DataFrame({"kpi_id": ["A"], "target": [">=50%"], "fraction": ["true"]})
    cells = pd.Series([value], dtype=object if isinstance(value, Decimal) else float)
    result = evaluate(
        pd.DataFrame({"kpi_id": ["A"], "value": cells}), definitions, period=None, explain=explain
    )
    expected = kpirag.evaluate_kpi(
        framework_from_frame(definitions).kpis[0], kpirag.Observation("A", value)
    )
    assert list(result["status"]) == [str(expected.status)]
    if explain:
        assert list(result["explanation"]) == [expected.explanation]


@pytest.mark.parametrize("explain", [True, False])
def test_the_scheme_given_judges_a_definitions_table(explain: bool) -> None:
    """``scheme=`` is the framework's scheme when the definitions are a table.

    93 against >=100 is Amber with the default 10% tolerance and Red with 5%.
    """
    definitions = pd.DataFrame({"kpi_id": ["K"], "title": ["Calls"], "target": [">=100"]})
    observations = pd.DataFrame({"kpi_id": ["K"], "value": [93.0]})
    default = evaluate(observations, definitions, period=None, explain=explain)
    strict = evaluate(
        observations,
        definitions,
        period=None,
        scheme=Scheme.standard(Tolerance.parse("5%")),
        explain=explain,
    )
    assert [str(s) for s in default["status"]] == ["Amber"]
    assert [str(s) for s in strict["status"]] == ["Red"]
