"""No public call lets a bare Python error escape: wrong types get kpirag's own error."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpirag as k
from kpirag import KpiragError

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 50),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.lists(st.integers(0, 3), max_size=3),
    st.decimals(allow_nan=True),
    st.just(object()),
    st.just(k.Status.GREEN),
    st.just(k.Target.parse("<43")),
)

G = k.Status.GREEN
untyped: Any = k  # the calls below are wrong on purpose; the type checker would refuse them
CALLS: dict[str, Callable[..., object]] = {
    "Target": k.Target,
    "Target.parse": k.Target.parse,
    "Target.between": k.Target.between,
    "Tolerance": k.Tolerance,
    "Tolerance.relative": k.Tolerance.relative,
    "Tolerance.parse": k.Tolerance.parse,
    "Status": k.Status,
    "Status.parse": k.Status.parse,
    "Scale": k.Scale,
    "Scale.define": k.Scale.define,
    "Step": k.Step,
    "Scheme": k.Scheme,
    "classify": k.classify,
    "classify_many": k.classify_many,
    "assess": k.assess,
    "to_decimal": k.to_decimal,
    "worst": k.worst,
    "summarise": k.summarise,
    "travel": k.travel,
    "Band": k.Band,
    "Bands": k.Bands,
    "Figure": k.Figure,
    "Cohort": k.Cohort,
    "Distribution": k.Distribution,
    "Profile": k.Profile,
    "Profile.percentages": k.Profile.percentages,
    "KPI": k.KPI,
    "Part": k.Part,
    "Rollup": k.Rollup,
    "Observation": k.Observation,
    "Framework": k.Framework,
    "Framework.evaluate": k.Framework([k.KPI("1", "a", "<43")]).evaluate,
    "Year": k.Year,
    "Quarter": k.Quarter,
    "Month": k.Month,
    "YearConvention": k.YearConvention,
    "parse_date": k.parse_date,
    "parse_period": k.parse_period,
    "Level": k.Level,
    "LevelScale": k.LevelScale,
    "RatingBand": k.RatingBand,
    "RiskMatrix": k.RiskMatrix,
    "RiskMatrix.score": k.RiskMatrix.city_of_london().score,
    "RiskMatrix.rating": k.RiskMatrix.city_of_london().rating,
    "Risk": k.Risk,
    "RiskRegister": k.RiskRegister,
    "BudgetLine": k.BudgetLine,
    "BudgetTable": k.BudgetTable,
    "Threshold": k.Threshold,
    "BudgetRule": k.BudgetRule,
    "Cell": k.Cell,
    "Table": k.Table,
    "Report": k.Report,
}


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=60, deadline=None)
@given(args=st.lists(junk, min_size=0, max_size=3))
def test_junk_arguments_raise_only_our_errors(name: str, args: list[object]) -> None:
    """Law: any public call with junk arguments succeeds or raises a KpiragError, never more."""
    call = CALLS[name]
    try:
        inspect.signature(call).bind(*args)
    except TypeError:
        return  # the wrong number of arguments is Python's to report, not ours
    with contextlib.suppress(KpiragError):
        call(*args)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: untyped.KPI(5, "x"), "Invalid id 5 (int): expected text"),
        (lambda: untyped.KPI("1", None), "Invalid title None"),
        (lambda: untyped.Framework([1]), "Invalid kpis item 1 (int): expected KPI"),
        (lambda: untyped.Framework(5), "Invalid kpis 5 (int): expected a sequence"),
        (lambda: untyped.Observation(5), "Invalid kpi_id 5"),
        (lambda: untyped.Risk(5, "x", score=4), "Invalid risk code 5"),
        (lambda: untyped.Band(5), "Invalid label 5"),
        (lambda: untyped.Scale.define("x", [1, 2]), "Invalid label 1"),
        (lambda: untyped.Profile(5), "Invalid profile weights 5"),
        (lambda: untyped.RatingBand("a", 2, G), "Invalid low 'a'"),
        (lambda: untyped.YearConvention("a"), "Invalid start_month 'a'"),
        (lambda: untyped.Quarter(5, 1), "Invalid year 5"),
        (lambda: untyped.travel(1, 2, "up"), "Invalid better 'up'"),
        (lambda: untyped.summarise(5), "Invalid items 5"),
        (lambda: untyped.Table("t", [1], [["a"]]), "Invalid headers item 1"),
        (lambda: untyped.Distribution(None, (1,), "x"), "Invalid bands None"),
        (lambda: untyped.Target(k.Operator.AT_LEAST, 5, percent="yes"), "Invalid percent 'yes'"),
        (lambda: untyped.Cohort(Decimal("2.5"), 3), "whole number"),
    ],
)
def test_wrong_types_name_field_value_and_expectation(
    call: Callable[[], object], message: str
) -> None:
    """Wrong types raise our error naming the field, the value and what was expected."""
    with pytest.raises(KpiragError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()
