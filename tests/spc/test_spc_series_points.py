"""A series as a table gives it (kpirag.spc._series): SeriesPoint, check_points, chart_points."""

from __future__ import annotations

import datetime as dt
import warnings
from fractions import Fraction

import pytest

from kpirag.errors import InvalidSeriesError, InvalidSPCSettingsError, RecordError
from kpirag.kpi import read_period
from kpirag.spc import Improvement, SeriesPoint, SPCSettings, chart_points, check_points, xmr


def months(*values: object, **marks: dict[int, object]) -> list[SeriesPoint]:
    """Points for Jan 2024 onwards; ``marks`` gives a field's value at some positions."""
    points = []
    for position, value in enumerate(values):
        fields = {name: given[position] for name, given in marks.items() if position in given}
        label = f"{2024 + position // 12}-{position % 12 + 1:02}"
        points.append(SeriesPoint(read_period(label), value, label=label, **fields))
    return points


# Each case: the points, and every problem as (position, column, the start of its message).
BAD = [
    (
        [SeriesPoint(dt.date(2024, 1, 1), 1), SeriesPoint(read_period("Jan 2024"), 2)],
        [(1, "period", "a month in a series of dates (point 1)")],
    ),
    (
        [SeriesPoint(read_period("2024-01"), 1), SeriesPoint(read_period("Jan 2024"), 2)],
        [(1, "period", "duplicate period (first at point 1)")],
    ),
    (
        months(1, 2, 3, improvement={0: "increase", 2: "decrease"}),
        [(2, "improvement", "this series' improvement is increase (point 1)")],
    ),
    (months(1, 2, ghost={0: True, 1: True}), [(0, "ghost", "every point of the series")]),
    (
        months(1, 2, 3, baseline_end={1: True, 2: True}),
        [(2, "baseline_end", "a second baseline_end (the first is at point 2)")],
    ),
    (
        months(1, 2, 3, baseline_end={1: True}, ghost={1: True}),
        [(1, "baseline_end", "the baseline cannot end on a ghosted point")],
    ),
    (
        months(1, 2, 3, baseline_end={2: True}, recalculate={1: True}),
        [(2, "baseline_end", "the baseline must end in the first limit group")],
    ),
    (
        months(1, 2, 3, baseline_end={0: True}),
        [(0, "baseline_end", "a baseline needs at least 2 points")],
    ),
]


@pytest.mark.parametrize(("points", "problems"), BAD)
def test_every_problem_names_its_point_and_column(
    points: list[SeriesPoint], problems: list[tuple[int, str, str]]
) -> None:
    """check_points lists every problem, each on the point (by position) and column it concerns."""
    with pytest.raises(RecordError) as caught:
        check_points(points)
    found = [
        (p.row, p.column, p.message[: len(m)])
        for p, (_, _, m) in zip(caught.value.problems, problems, strict=True)
    ]
    assert found == problems


WHOLE = [
    (1, "period", "Jan 2024", "a month in a series of dates (point 1): a series' periods are all of one kind"),
    (1, "period", "Jan 2024", "duplicate period (first at point 1)"),
    (2, "improvement", "decrease", "this series' improvement is increase (point 1)"),
    (0, "ghost", "1", "every point of the series is ghosted: at least one must count"),
    (2, "baseline_end", "1", "a second baseline_end (the first is at point 2): a series has one fixed baseline"),
    (1, "baseline_end", "1", "the baseline cannot end on a ghosted point"),
    (2, "baseline_end", "1", "the baseline must end in the first limit group, before any recalculation"),
    (0, "baseline_end", "1", "a baseline needs at least 2 points that are not ghosted"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "problem"), list(zip(BAD, WHOLE, strict=True)))
def test_every_problem_shows_the_value_as_written_and_its_whole_message(
    case: tuple[list[SeriesPoint], object], problem: tuple[int, str, str, str]
) -> None:
    """Each problem holds the cell as the table shows it (a mark as "1") and its whole message."""
    with pytest.raises(RecordError) as caught:
        check_points(case[0])
    [found] = caught.value.problems
    assert (found.row, found.column, found.value, found.message) == problem


def test_where_words_a_point_as_the_caller_locates_it() -> None:
    """``where`` turns a position into the caller's words (a file's line)."""
    points = [SeriesPoint(read_period("2024-01"), 1), SeriesPoint(read_period("Jan 2024"), 2)]
    with pytest.raises(RecordError, match=r"first at line 7\)"):
        check_points(points, where=lambda n: f"line {n + 7}")


def test_points_come_back_in_time_order() -> None:
    """Points in any order come back sorted by period; quarters and months alike."""
    quarters = [SeriesPoint(read_period(q), n) for n, q in enumerate(["Q3 2024/25", "Q1 2024/25"])]
    assert [p.value for p in check_points(quarters)] == [1, 0]
    assert [str(p.shown) for p in check_points(list(reversed(months(1, 2, 3))))] == [
        "2024-01", "2024-02", "2024-03",
    ]  # fmt: skip


@pytest.mark.parametrize("given", [[], "abc", None, [1, 2]])
def test_what_is_not_a_sequence_of_points_is_an_invalid_series(given: object) -> None:
    """No points, or things that are not SeriesPoints, are an InvalidSeriesError."""
    with pytest.raises(InvalidSeriesError):
        check_points(given)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("value", "x", InvalidSeriesError),
        ("target", float("nan"), InvalidSeriesError),
        ("improvement", "up", InvalidSPCSettingsError),
        ("label", 3, InvalidSeriesError),
        ("period", [2024, 1], InvalidSeriesError),
        ("period", None, InvalidSeriesError),
    ],
)
def test_a_bad_field_is_a_kpirag_error(field: str, value: object, error: type[Exception]) -> None:
    """A point cannot be made with a period, value, target, improvement or label that is not one."""
    fields: dict[str, object] = {"period": dt.date(2024, 1, 1), "value": 1, field: value}
    with pytest.raises(error):
        SeriesPoint(**fields)


def test_fields_are_read_exactly() -> None:
    """Values and targets are exact Fractions; improvement text is read as the enum."""
    point = SeriesPoint(read_period("Apr 2024"), "0.1", target=0.3, improvement="Decrease")
    assert (point.value, point.target) == (Fraction(1, 10), Fraction(3, 10))
    assert point.improvement is Improvement.DECREASE


@pytest.mark.parametrize(
    ("point", "shown"),
    [
        (SeriesPoint(dt.date(2024, 4, 30), "71.2"), "<SeriesPoint 2024-04-30: 71.2>"),
        (SeriesPoint(1, Fraction(1, 3), ghost=True), "<SeriesPoint 1: 0.333333 ghost>"),
        (SeriesPoint(1, 5, label="Apr", baseline_end=True), "<SeriesPoint Apr: 5 baseline_end>"),
    ],
)
def test_repr_is_short(point: SeriesPoint, shown: str) -> None:
    """A point's repr says its period, value and marks, in well under 120 characters."""
    assert repr(point) == shown


def test_chart_points_is_xmr_of_the_ordered_points() -> None:
    """chart_points draws xmr with the labels, latest target, direction, marks and baseline."""
    values = [5, 6, 5, 7, 5, 6, 5, 6, 9, 6, 5, 6, 7, 6, 5]
    points = months(
        *values,
        target={3: 4, 10: 8},
        improvement={5: "decrease"},
        recalculate={9: True},
        ghost={8: True},
        baseline_end={6: True},
    )
    labels = [f"{2024 + n // 12}-{n % 12 + 1:02}" for n in range(15)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = xmr(
            values,
            periods=labels,
            improvement="decrease",
            target=8,
            recalculate=[labels[9]],
            ghost=[labels[8]],
            baseline=7,
            settings=SPCSettings.nhsr(),
        )
        assert chart_points(list(reversed(points))) == expected
