"""KPI series (kpirag.kpi.Series) and XmR charts drawn over them (kpirag.report.series_chart)."""

from __future__ import annotations

import datetime as dt
import random
import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag.errors import InvalidKPIError, InvalidPeriodError, InvalidSeriesError, SPCWarning
from kpirag.kpi import (
    KPI,
    Frequency,
    KPIResult,
    Month,
    Observation,
    Profile,
    Quarter,
    Series,
    Unit,
    Year,
    YearConvention,
    evaluate_kpi,
    read_period,
)
from kpirag.report import series_chart
from kpirag.rules import Direction, Scheme, Tolerance, Trend
from kpirag.spc import Improvement, xmr

FY = YearConvention.uk_financial()
UP = KPI("UP", "Higher is better", ">=50")
DOWN = KPI("DOWN", "Lower is better", "<=50")


def month(label: str) -> Month:
    """The month a label such as 'Apr 2024' names."""
    period = read_period(label)
    assert isinstance(period, Month)
    return period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apr 2024", Month(Year(2024, FY), 1)),
        ("2024-04", Month(Year(2024, FY), 1)),
        ("2025-03", Month(Year(2024, FY), 12)),
        ("Q1 2024/25", Quarter(Year(2024, FY), 1)),
        ("2024/25", Year(2024, FY)),
        ("30/04/24", dt.date(2024, 4, 30)),
        ("2024-04-30", dt.date(2024, 4, 30)),
    ],
)
def test_read_period_reads_labels_iso_months_and_dates(text: str, expected: object) -> None:
    """Period labels, ISO months and day-first dates are all periods."""
    assert read_period(text) == expected


@pytest.mark.parametrize("text", ["2024-13", "Q5 2024/25", "soon", ""])
def test_read_period_rejects_what_is_neither(text: str) -> None:
    """Text that is neither a period label nor a date is an InvalidPeriodError naming it."""
    with pytest.raises(InvalidPeriodError) as caught:
        read_period(text)
    assert caught.value.value == text


def test_series_sorts_its_periods() -> None:
    """Periods given in any order come out in time order, with their figures."""
    series = Series.of(UP, {"Jun 2024": 3, "Apr 2024": 1, "May 2024": 2})
    assert [str(p) for p in series.periods] == ["Apr 2024", "May 2024", "Jun 2024"]
    assert series.values == tuple(map(Fraction, (1, 2, 3)))


@given(st.permutations(list(range(12))))
@settings(max_examples=30)
def test_series_does_not_depend_on_the_order_given(order: list[int]) -> None:
    """A series built from shuffled pairs equals the one built in order."""
    pairs = [(f"2024-{n + 1:02}", n * 3 - 7) for n in range(12)]
    assert Series.of(UP, [pairs[i] for i in order]) == Series.of(UP, pairs)


@pytest.mark.parametrize(
    "periods",
    [
        ["Apr 2024", "2024-04"],  # one month, two spellings
        ["Q1 2024/25", "Q1 2024/25"],
        ["30/04/24", "2024-04-30"],
    ],
)
def test_a_period_given_twice_is_rejected(periods: list[str]) -> None:
    """Two figures for one period are an InvalidSeriesError, not a silent overwrite."""
    with pytest.raises(InvalidSeriesError) as caught:
        Series.of(UP, [(period, 1) for period in periods])
    assert caught.value.field == "periods"


@pytest.mark.parametrize(
    "periods", [["Apr 2024", "Q2 2024/25"], ["Apr 2024", "31/05/24"], ["2024/25", "Q1 2025/26"]]
)
def test_periods_of_different_kinds_are_rejected(periods: list[str]) -> None:
    """A series is of months, quarters, years or dates: never a mixture."""
    with pytest.raises(InvalidSeriesError):
        Series.of(UP, [(period, 1) for period in periods])


def test_periods_of_different_year_conventions_are_rejected() -> None:
    """Months of a financial and a calendar year do not mix."""
    calendar = read_period("Jun 2024", convention=YearConvention.calendar())
    with pytest.raises(InvalidSeriesError):
        Series.of(UP, [("Apr 2024", 1), (calendar, 2)])


@pytest.mark.parametrize(("first", "second"), [("May 2024", "Apr 2024"), ("Apr 2024", "Apr 2024")])
def test_entries_out_of_order_or_repeated_are_rejected(first: str, second: str) -> None:
    """The constructor keeps the invariant: entries in time order, each period once."""
    entries = ((month(first), Observation("UP", 1)), (month(second), Observation("UP", 2)))
    with pytest.raises(InvalidSeriesError):
        Series(UP, entries)


def test_an_observation_of_another_kpi_is_rejected() -> None:
    """Every observation must be of the series' KPI."""
    with pytest.raises(InvalidSeriesError):
        Series.of(UP, {"Apr 2024": Observation("DOWN", 1)})


@pytest.mark.parametrize(
    ("periods", "gaps"),
    [
        (["Apr 2024", "May 2024", "Jun 2024"], []),
        (["Apr 2024", "Jul 2024"], ["May 2024", "Jun 2024"]),
        (["Feb 2025", "May 2025"], ["Mar 2025", "Apr 2025"]),  # across a year end
        (["Q3 2023/24", "Q2 2024/25"], ["Q4 2023/24", "Q1 2024/25"]),
        (["2021/22", "2024/25"], ["2022/23", "2023/24"]),
        (["01/04/24", "30/06/24"], []),  # dates have no expected spacing
    ],
)
def test_gaps_are_the_missing_periods(periods: list[str], gaps: list[str]) -> None:
    """Missing months, quarters and years between the first and last are listed."""
    series = Series.of(UP, [(period, 1) for period in periods])
    assert [str(gap) for gap in series.gaps] == gaps
    timeline = series.timeline()
    assert len(timeline) == len(periods) + len(gaps)
    assert [str(p) for p, value in timeline if value is None] == gaps


def test_a_period_without_a_figure_is_kept_as_none() -> None:
    """A period reported without a figure is present, with value None (not a gap)."""
    series = Series.of(UP, {"Apr 2024": 1, "May 2024": None, "Jun 2024": 3})
    assert series.values == (Fraction(1), None, Fraction(3))
    assert series.gaps == ()


def test_latest_evaluation_is_evaluate_kpi_with_the_previous_period() -> None:
    """Today's RAG is evaluate_kpi on the last observation, travel against the period before."""
    series = Series.of(UP, {"Apr 2024": 52, "May 2024": 47})
    result = series.evaluate()
    expected = evaluate_kpi(UP, Observation("UP", 47, previous=52), period=month("May 2024"))
    assert result == expected
    assert str(result.status) == "Amber"
    assert result.travel is Trend.WORSE


def test_evaluate_a_period_missing_from_the_series_is_no_data() -> None:
    """A gap is evaluated as a period without an observation: no data."""
    series = Series.of(UP, {"Apr 2024": 52, "Jun 2024": 47})
    assert str(series.evaluate("May 2024").not_rated) == "No data"


@pytest.mark.parametrize(
    ("kpi", "figures", "periods", "expected"),
    [
        (UP, [40, 45, 50], 1, Trend.IMPROVED),
        (UP, [40, 45, 50], 2, Trend.IMPROVED),
        (UP, [50, 45, 50], 2, Trend.UNCHANGED),
        (UP, [50, 45, 40], 1, Trend.WORSE),
        (DOWN, [50, 45, 40], 2, Trend.IMPROVED),
        (DOWN, [40, 45, 50], 1, Trend.WORSE),
        (UP, [40, 45, 50], 3, None),  # before the first period
        (UP, [40, None, 50], 1, None),
        (UP, [40, None, 50], 2, Trend.IMPROVED),
        (UP, [None, 45, 50], 2, None),
    ],
)
def test_travel_over_the_last_n_periods(
    kpi: KPI, figures: list[int | None], periods: int, expected: Trend | None
) -> None:
    """The latest figure against the one N periods before, with the KPI's polarity."""
    series = Series.of(kpi, zip(["Apr 2024", "May 2024", "Jun 2024"], figures, strict=True))
    assert series.travel(periods) is expected


def test_travel_counts_periods_not_entries() -> None:
    """With a gap, one period back is the missing month: no travel."""
    series = Series.of(UP, {"Apr 2024": 40, "Jun 2024": 50})
    assert series.travel(1) is None
    assert series.travel(2) is Trend.IMPROVED


def test_travel_needs_a_direction() -> None:
    """A KPI without a target needs better= to say which way is better."""
    kpi = KPI("T", "No target yet")
    series = Series.of(kpi, {"Apr 2024": 1, "May 2024": 2})
    with pytest.raises(InvalidKPIError):
        series.travel()
    assert series.travel(better=Direction.LOWER) is Trend.WORSE


@pytest.mark.parametrize("periods", [0, -1, True, 1.0])
def test_travel_rejects_a_bad_number_of_periods(periods: object) -> None:
    """The number of periods is a whole number of at least one."""
    with pytest.raises(InvalidSeriesError):
        Series.of(UP, {"Apr 2024": 1}).travel(periods)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("periods", "latest", "expected"),
    [
        (["May 2023", "May 2024"], None, ("May 2023", Fraction(1))),
        (["Q2 2023/24", "Q2 2024/25"], None, ("Q2 2023/24", Fraction(1))),
        (["2023/24", "2024/25"], None, ("2023/24", Fraction(1))),
        (["29/02/24"], None, ("2023-02-28", None)),
        (["May 2024"], "May 2024", ("May 2023", None)),
    ],
)
def test_same_period_last_year(
    periods: list[str], latest: str | None, expected: tuple[str, Fraction | None]
) -> None:
    """The same month, quarter, year or date a year earlier, and its figure if any."""
    series = Series.of(UP, [(period, 1) for period in periods])
    period, value = series.last_year(latest)
    assert (str(period), value) == expected


QUARTERLY = KPI(
    "Q", "Homes built", ">=400", profile=Profile.percentages([10, 20, 30, 40]), unit=Unit.COUNT
)


@pytest.mark.parametrize(
    ("figures", "period", "total", "target", "status"),
    [
        ({"Q1 2024/25": 40}, None, 40, ">=40", "Green"),
        ({"Q1 2024/25": 40, "Q2 2024/25": 70}, None, 110, ">=120", "Amber"),
        (
            {"Q1 2024/25": 40, "Q2 2024/25": 70, "Q3 2024/25": 200},
            "Q2 2024/25",
            110,
            ">=120",
            "Amber",
        ),
        (
            {"Q4 2023/24": 999, "Q1 2024/25": 10},
            None,
            10,
            ">=40",
            "Red",
        ),  # a new year starts afresh
        (
            {"Q1 2024/25": 40, "Q2 2024/25": 80, "Q3 2024/25": 120, "Q4 2024/25": 160},
            None,
            400,
            ">=400",
            "Green",
        ),
    ],
)
def test_year_to_date_against_the_profiled_target(
    figures: dict[str, int], period: str | None, total: int, target: str, status: str
) -> None:
    """The year's figures so far are added up and judged against the share due by then."""
    result = Series.of(QUARTERLY, figures).year_to_date(period)
    assert result.assessment is not None
    assert result.assessment.value == total
    assert str(result.target) == target
    assert str(result.status) == status


def test_year_to_date_needs_every_period_of_the_year_so_far() -> None:
    """A missing quarter makes the year-to-date figure unknown, not smaller."""
    series = Series.of(QUARTERLY, {"Q1 2024/25": 40, "Q3 2024/25": 70})
    with pytest.raises(InvalidSeriesError) as caught:
        series.year_to_date()
    assert caught.value.value == ["Q2 2024/25"]


@pytest.mark.parametrize(
    "kpi",
    [
        KPI("P", "A percentage", ">=90%", profile=Profile.linear(4)),
        KPI("N", "No profile", ">=10"),
    ],
)
def test_year_to_date_needs_a_profiled_count(kpi: KPI) -> None:
    """Percentages do not add up, and without a profile there is no share due."""
    with pytest.raises(InvalidKPIError):
        Series.of(kpi, {"Q1 2024/25": 40}).year_to_date()


def test_year_to_date_works_on_months() -> None:
    """Monthly figures against a 12-month linear profile."""
    kpi = KPI("M", "Visits", ">=1200", profile=Profile.linear(12), frequency=Frequency.MONTHLY)
    series = Series.of(kpi, {"Apr 2024": 100, "May 2024": 90, "Jun 2024": 120})
    result = series.year_to_date()
    assert result.assessment is not None
    assert result.assessment.value == 310
    assert str(result.target) == ">=300"


@pytest.mark.parametrize(
    ("window", "statistic", "expected"),
    [
        (1, "sum", [1, 2, None, 4, 5]),
        (2, "sum", [None, 3, None, None, 9]),
        (2, "mean", [None, Fraction(3, 2), None, None, Fraction(9, 2)]),
        (3, "sum", [None, None, None, None, None]),
    ],
)
def test_rolling_sums_and_means(window: int, statistic: str, expected: list[object]) -> None:
    """Each window ending at a period; a gap or a missing figure in the window gives None."""
    series = Series.of(UP, {"Apr 2024": 1, "May 2024": 2, "Jun 2024": None, "Aug 2024": 4})
    series = Series.of(UP, [*zip(series.periods, series.values, strict=True), ("Sep 2024", 5)])
    assert [value for _, value in series.rolling(window, statistic=statistic)] == expected


def test_rolling_twelve_months() -> None:
    """A 'rolling 12 months' KPI: each month's figure is the sum of the last twelve."""
    pairs = [(f"{2023 + (3 + n) // 12}-{(3 + n) % 12 + 1:02}", n + 1) for n in range(24)]
    rolled = Series.of(UP, pairs).rolling(12)
    assert rolled[10][1] is None
    assert rolled[11][1] == sum(range(1, 13))
    assert rolled[23][1] == sum(range(13, 25))


@pytest.mark.parametrize(("window", "statistic"), [(0, "sum"), (True, "sum"), (3, "median")])
def test_rolling_rejects_bad_arguments(window: object, statistic: str) -> None:
    """The window is a whole number of at least one; the statistic is sum or mean."""
    with pytest.raises(InvalidSeriesError):
        Series.of(UP, {"Apr 2024": 1}).rolling(window, statistic=statistic)  # type: ignore[arg-type]


def test_from_records_groups_by_any_keys() -> None:
    """One series per organisation (or any grouping), in order of first appearance."""
    rows = [
        {"trust": "B", "site": "1", "period": "2024-05", "value": 3},
        {"trust": "A", "site": "1", "period": "2024-04", "value": 1},
        {"trust": "B", "site": "1", "period": "2024-04", "value": 2},
    ]
    series = Series.from_records(UP, rows, by=["trust", "site"])
    assert [s.label for s in series] == ["trust=B, site=1", "trust=A, site=1"]
    assert series[0].values == (Fraction(2), Fraction(3))
    assert dict(series[1].group) == {"trust": "A", "site": "1"}
    (whole,) = Series.from_records(UP, rows[:2])
    assert whole.label == ""


@pytest.mark.parametrize(
    ("target", "improvement"),
    [(">=50", Improvement.INCREASE), ("<50", Improvement.DECREASE), ("40-60", Improvement.NEUTRAL)],
)
def test_series_chart_takes_its_improvement_direction_from_the_target(
    target: str, improvement: Improvement
) -> None:
    """At least is "increase", at most "decrease", a range "neutral"."""
    series = Series.of(KPI("K", "k", target), {"Apr 2024": 1, "May 2024": 2})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert series_chart(series).improvement is improvement


def test_series_chart_is_xmr_over_the_figures_present() -> None:
    """Periods without a figure are left out; the chart's periods are the series' periods."""
    rng = random.Random(15)  # noqa: S311 (test data, not secrets)
    figures: dict[str, int | None] = {
        f"{2022 + (3 + n) // 12}-{(3 + n) % 12 + 1:02}": rng.randint(40, 60) for n in range(30)
    }
    figures["2023-01"] = None
    del figures["2023-06"]
    series = Series.of(UP, figures)
    present = [(p, v) for p, v in zip(series.periods, series.values, strict=True) if v is not None]
    with pytest.warns(SPCWarning, match="from Jan 2024 has 9 points"):
        chart = series_chart(series, target=55, ghost=["2022-05"], recalculate=["Jan 2024"])
    with pytest.warns(SPCWarning):
        expected = xmr(
            [v for _, v in present],
            periods=[p for p, _ in present],
            target=55,
            ghost=[month("May 2022")],
            recalculate=[month("Jan 2024")],
        )
    assert chart == expected
    assert len(chart.points) == 28
    assert chart.points[1].ghosted


def test_series_chart_needs_a_figure() -> None:
    """A series without any figure cannot be charted."""
    with pytest.raises(InvalidSeriesError):
        series_chart(Series.of(UP, {"Apr 2024": None}))


ACADEMIC = YearConvention.academic()


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        (lambda series: series.observation("Q1 2017/18").value is not None, True),
        (lambda series: series.value("Q2 2017/18"), Fraction(70)),
        (lambda series: str(series.evaluate("Q2 2017/18").status), "Red"),
        (lambda series: series.year_to_date("Q2 2017/18").assessment.value, 110),
        (lambda series: series.last_year("Q2 2018/19"), (Quarter(Year(2017, ACADEMIC), 2), 70)),
    ],
)
def test_defect_series_reads_a_period_label_with_the_default_year_convention(
    read: Callable[[Series], object], expected: object
) -> None:
    """A label given to an academic-year series names that series' quarter, not the UK one."""
    series = Series.of(QUARTERLY, {"Q1 2017/18": 40, "Q2 2017/18": 70}, convention=ACADEMIC)
    assert read(series) == expected


def test_defect_series_evaluate_drops_the_period_of_a_profiled_kpi() -> None:
    """A profiled KPI's series is judged against the target due by the period evaluated."""
    series = Series.of(QUARTERLY, {"Q1 2024/25": 40, "Q2 2024/25": 70})
    assert str(series.evaluate().target) == ">=120"  # 30% of the annual 400 due by Q2
    assert str(series.evaluate("Q1 2024/25").target) == ">=40"


STRICT = Scheme.standard(Tolerance.none())


@pytest.mark.parametrize(
    ("second", "ask", "status"),
    [
        (70, lambda series: series.year_to_date(), "Amber"),  # 110 against >=120, within 10%
        (70, lambda series: series.year_to_date(scheme=STRICT), "Red"),
        (110, lambda series: series.evaluate(), "Amber"),  # 110 against >=120, within 10%
        (110, lambda series: series.evaluate(scheme=STRICT), "Red"),
    ],
)
def test_defect_series_ignores_the_scheme_given(
    second: int, ask: Callable[[Series], KPIResult], status: str
) -> None:
    """year_to_date and evaluate judge by the scheme given, not the City of London default."""
    series = Series.of(QUARTERLY, {"Q1 2024/25": 40, "Q2 2024/25": second})
    assert str(ask(series).status) == status


def _junk(value: object) -> Any:
    """A value of the wrong type, passed as it is (the call must refuse it)."""
    return value


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Series.of(QUARTERLY, {"2024/25": 1}).year_to_date(), InvalidSeriesError, "Invalid period '2024/25': expected a month or a quarter"),
        (lambda: Series.of(KPI("P", "A percentage", ">=90%", profile=Profile.linear(4)), {"Q1 2024/25": 40}).year_to_date(), InvalidKPIError, "KPI 'P': Invalid profile Profile(weights=(Fraction(1, 4), Fraction(1, 4), Fraction(1,...raction(1, 4))) (81 characters): expected a count or money KPI with a target and a profile"),
        (lambda: Series.of(QUARTERLY, {"Q1 2024/25": 40, "Q3 2024/25": 70}).year_to_date(), InvalidSeriesError, "Invalid periods ['Q2 2024/25']: expected a figure for every period of the year so far"),
        (lambda: Series.of(UP, {}, group=_junk([1])), InvalidSeriesError, "Invalid group [1]: expected a group name, or a mapping or pairs of grouping column and value"),
        (lambda: Series.of(UP, {}, group=_junk([("a", "1"), ("a", "2")])), InvalidSeriesError, "Invalid group (('a', '1'), ('a', '2')): expected each grouping key once"),
        (lambda: Series(UP, _junk([])), InvalidSeriesError, "Invalid entries []: expected a tuple of (period, observation) pairs"),
        (lambda: Series(UP, _junk(((1,),))), InvalidSeriesError, "Invalid entries[0] (1): expected a (period, observation) pair"),
        (lambda: Series(UP, _junk((("x", Observation("UP", 1)),))), InvalidSeriesError, "Invalid periods[0] 'x': expected a Month, Quarter, Year or date"),
        (lambda: Series(UP, ((Year(2024, FY), Observation("DOWN", 1)),)), InvalidSeriesError, "Invalid observations[0] Observation('DOWN', '1'): expected an Observation of KPI 'UP'"),
        (lambda: Series(UP, ((Year(2025, FY), Observation("UP", 1)), (Year(2024, FY), Observation("UP", 1)))), InvalidSeriesError, "Invalid periods[1] '2024/25': expected periods in time order, each once"),
        (lambda: Series(UP, ((Year(2024, FY), Observation("UP", 1)), (dt.date(2026, 1, 1), Observation("UP", 1)))), InvalidSeriesError, "Invalid periods ['Year', 'date']: expected periods of one kind"),
        (lambda: Series.of(UP, _junk([(1, 2, 3)])), InvalidSeriesError, "Invalid values (1, 2, 3): expected (period, value) pairs or a mapping"),
        (lambda: Series.of(UP, [("Apr 2024", 1), ("2024-04", 2)]), InvalidSeriesError, "Invalid periods '2024-04': expected each period once"),
        (lambda: Series.from_records(UP, [], by=_junk([1])), InvalidSeriesError, "Invalid by [1]: expected column names (text)"),
        (lambda: Series.from_records(UP, _junk([1])), InvalidSeriesError, "Invalid records 1: expected a mapping of column to value"),
        (lambda: Series(UP, ()).latest, InvalidSeriesError, "Invalid entries (): expected at least one observation"),
        (lambda: Series.of(UP, {"Apr 2024": 1}).travel(0), InvalidSeriesError, "Invalid periods 0: expected a whole number of at least 1"),
        (lambda: Series.of(KPI("T", "No target"), {"Apr 2024": 1}).travel(), InvalidKPIError, "KPI 'T': Invalid better None: expected a target or better='higher'/'lower' to say which way is better"),
        (lambda: Series.of(UP, {"Apr 2024": 1}).rolling(0), InvalidSeriesError, "Invalid window 0: expected a whole number of at least 1"),
        (lambda: Series.of(UP, {"Apr 2024": 1}).rolling(1, statistic="median"), InvalidSeriesError, "Invalid statistic 'median': expected 'sum' or 'mean'"),
        (lambda: Series.from_records(UP, [{"period": "Apr 2024", "value": 1, "g": 10**5000}], by=["g"]), InvalidSeriesError, "Invalid g <int too large to print>: expected a grouping value that can be written"),
    ],
)  # fmt: skip
def test_every_series_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal names the field, the value given and what was expected, in one message."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_year_to_date_is_cumulative_whatever_the_kpi_says() -> None:
    """A KPI of per-period figures still gets the share due by then, not the period's share."""
    kpi = attrs.evolve(QUARTERLY, cumulative=False)
    series = Series.of(kpi, {"Q1 2024/25": 40, "Q2 2024/25": 70})
    assert str(series.evaluate().target) == ">=80"  # Q2's own 20% of 400
    assert str(series.year_to_date().target) == ">=120"  # 30% due by the end of Q2
