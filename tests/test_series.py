"""A KPI's figures over time: kpirag.kpi.Series (its SPC use is in tests/spc/)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from kpirag import (
    KPI,
    InvalidPeriodError,
    InvalidSeriesError,
    InvalidTargetError,
    Trend,
    ValueTypeError,
    YearConvention,
)
from kpirag.kpi import Series

DOWN = KPI("D", "Lower is better", "<=100")


def _junk(value: object) -> Any:
    """A value of the wrong type, passed as it is (the call must refuse it)."""
    return value


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["2023", "2024"], ["2023", "2024"]),
        (["Q1 2024", "Q2 2024"], ["Q1 2024", "Q2 2024"]),
    ],
)
def test_series_of_reads_its_labels_with_the_convention_given(
    labels: list[str], expected: list[str]
) -> None:
    """Labels are read under the convention given: '2024' is a calendar year, not an error."""
    series = Series.of(DOWN, dict.fromkeys(labels, 5), convention=YearConvention.calendar())
    assert [str(p) for p, _ in series.entries] == expected


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (1, [3, 5, 7]),
        (2, [None, 8, 12]),
        (3, [None, None, 15]),
    ],
)
def test_a_dated_series_rolls_over_its_last_entries(
    window: int, expected: list[int | None]
) -> None:
    """With dates, a window is the entries up to each one; too few before it gives None."""
    days = {dt.date(2024, 1, 5): 3, dt.date(2024, 2, 9): 5, dt.date(2024, 3, 1): 7}
    rolled = Series.of(DOWN, days).rolling(window)
    assert [value for _, value in rolled] == [None if v is None else Fraction(v) for v in expected]


@pytest.mark.parametrize(
    ("period", "previous", "travel"),
    [
        ("Q2 2024/25", 90, Trend.WORSE),  # 95 against Q1's 90
        ("Q3 2024/25", 95, Trend.IMPROVED),  # 80 against Q2's 95
        ("Q1 2024/25", None, None),  # nothing before Q1
    ],
)
def test_evaluate_takes_the_previous_figure_from_the_period_before(
    period: str, previous: int | None, travel: Trend | None
) -> None:
    """The direction of travel compares with the period before, never the one after."""
    series = Series.of(DOWN, {"Q1 2024/25": 90, "Q2 2024/25": 95, "Q3 2024/25": 80})
    result = series.evaluate(period)
    assert result.observation is not None
    assert result.observation.previous == previous
    assert result.travel is travel


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("Q1 2025/26", ("Q1 2024/25", Fraction(90))),
        ("Q2 2025/26", ("Q2 2024/25", None)),
        (None, ("Q1 2024/25", Fraction(90))),
    ],
)
def test_last_year_gives_the_period_a_year_before_and_its_figure(
    period: str | None, expected: tuple[str, Fraction | None]
) -> None:
    """The same quarter a year earlier, with its figure (None when the series lacks it)."""
    series = Series.of(DOWN, {"Q1 2024/25": 90, "Q1 2025/26": 80})
    before, figure = series.last_year(period)
    assert (str(before), figure) == expected


def test_from_records_groups_keep_their_own_figures() -> None:
    """Each group's series holds its own records' figures, in the order first seen."""
    rows = [
        {"trust": "B", "period": "2024-04", "value": 7},
        {"trust": "A", "period": "2024-04", "value": 1},
        {"trust": "B", "period": "2024-05", "value": 8},
    ]
    series = Series.from_records(DOWN, rows, by=["trust"])
    assert [(s.label, s.values) for s in series] == [
        ("trust=B", (Fraction(7), Fraction(8))),
        ("trust=A", (Fraction(1),)),
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Series.from_records(DOWN, [], by=_junk(5)), ValueTypeError, "Invalid by 5: expected a sequence, not int"),
        (lambda: Series.from_records(DOWN, _junk(5)), ValueTypeError, "Invalid records 5: expected a sequence, not int"),
        (lambda: Series.of(DOWN, _junk(5)), ValueTypeError, "Invalid values 5: expected a sequence, not int"),
        (lambda: Series.of(_junk("D"), {}), ValueTypeError, "Invalid kpi 'D': expected KPI"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).observation(_junk(5)), ValueTypeError, "Invalid period 5: expected a period, a period label or a date"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).value("soon"), InvalidPeriodError, "Invalid period 'soon': expected a label such as '2017/18', 'Q1 2017/18', 'Apr 2017' or '2017-04', or a date"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).evaluate(_junk(5)), ValueTypeError, "Invalid period 5: expected a period, a period label or a date"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).evaluate(scheme=_junk(5)), ValueTypeError, "Invalid scheme 5: expected Scheme"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).travel(_junk(True)), InvalidSeriesError, "Invalid periods True: expected a whole number of at least 1"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).travel(better=_junk("up")), InvalidTargetError, "Invalid better 'up': expected 'higher' or 'lower'"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).last_year(_junk(5)), ValueTypeError, "Invalid period 5: expected a period, a period label or a date"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).rolling(_junk(1.5)), InvalidSeriesError, "Invalid window 1.5: expected a whole number of at least 1"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).rolling(1, statistic=_junk(5)), InvalidSeriesError, "Invalid statistic 5: expected 'sum' or 'mean'"),
        (lambda: Series.of(DOWN, {"2024-04": 1}).year_to_date(_junk(5)), ValueTypeError, "Invalid period 5: expected a period, a period label or a date"),
        (lambda: Series.of(DOWN, {"2024-04": 1}, convention=_junk(5)), ValueTypeError, "Invalid convention 5: expected YearConvention"),
        (lambda: Series.of(DOWN, {"2024-04": 1}, group=_junk(5)), InvalidSeriesError, "Invalid group 5: expected a group name, or a mapping or pairs of grouping column and value"),
        (lambda: Series(_junk(5), ()), ValueTypeError, "Invalid kpi 5: expected KPI, not int"),
    ],
)  # fmt: skip
def test_every_series_argument_error_names_the_argument(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """A series argument of the wrong type is refused naming the argument."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("values", "group", "expected"),
    [
        ({}, "", "Series(KPI 'D', 0 periods)"),
        ({"2024-04": 1}, "", "Series(KPI 'D', 1 period, Apr 2024)"),
        ({"2024-04": 1, "2024-05": 2}, "", "Series(KPI 'D', 2 periods, Apr 2024 to May 2024)"),
        ({"2024-04": 1, "2024-06": 3}, {"trust": "A"}, "Series(KPI 'D', 2 periods, Apr 2024 to Jun 2024, trust=A)"),
    ],
)  # fmt: skip
def test_a_series_repr_shows_its_span_and_group(
    values: dict[str, int], group: Any, expected: str
) -> None:
    """No period, one period, or the first to the last, then the group."""
    assert repr(Series.of(DOWN, values, group=group)) == expected
