"""Every row of tests/data/spc/rule_unit_vectors.csv, against the matching kpirag.spc function.

The rows come from the tests of NHSRplotthedots, nhspy-plotthedots and the
PowerBI-SPC visual; each is turned into a call of the kpirag function that
does the same job and compared with the published expectation.
"""

from __future__ import annotations

import csv
import math
import re
import warnings
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from kpirag.errors import SPCWarning
from kpirag.spc import (
    Assurance,
    Improvement,
    ProcessLimits,
    Rule,
    SPCSettings,
    assurance,
    backfill,
    classify,
    outside_limits,
    process_limits,
    shift,
    sides,
    trend,
    two_in_three,
    xmr,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "spc"
with (DATA / "rule_unit_vectors.csv").open(encoding="utf-8", newline="") as _file:
    ROWS = list(csv.DictReader(_file))


def _numbers(text: str) -> list[int]:
    """The integers in a bracketed list such as ``[1,-1,0]``."""
    return [int(item) for item in re.findall(r"-?\d+", text)]


def _named(text: str, name: str) -> list[int]:
    """The list called ``name`` in text such as ``close=[1,0,1]; rtm=[1,1,1]``."""
    match = re.search(rf"{name}=(\[[^\]]*\])", text)
    assert match is not None, text
    return _numbers(match[1])


def _fractions(values: list[int]) -> list[Fraction]:
    return [Fraction(value) for value in values]


def _seven_point_one_side_mean(given: str, expected: str) -> None:
    result = shift(_named(given, "relative_to_mean"), 7, whole_run=False)
    assert [abs(flag) for flag in result] == _numbers(expected)


def _part_of_seven_trend(given: str, expected: str) -> None:
    result = backfill(_named(given, "v"), 7)
    assert [abs(flag) for flag in result] == _numbers(expected)


def _seven_point_trend(given: str, expected: str) -> None:
    assert list(trend(_fractions(_named(given, "y")), 7, whole_run=False)) == _numbers(expected)


def _nhsr_two_in_three(*, whole_window: bool) -> Callable[[str, str], None]:
    def check(given: str, expected: str) -> None:
        close, relative = _named(given, "close"), _named(given, "rtm")
        # NHSR's close_to_limits is 0/1; the side of the line is the side of the mean.
        beyond = [flag * side for flag, side in zip(close, relative, strict=True)]
        result = two_in_three(beyond, relative, whole_window=whole_window)
        assert [abs(flag) for flag in result] == _numbers(expected)

    return check


# ptd_special_cause_type's test mocks every part. Its mocks, made consistent with the
# values (y rises, so the trend rises; each part's direction is the point's side of the
# mean), as kpirag's per-rule flags:
_MOCKED_PARTS = {
    Rule.TREND: [1, 1, 0, 0, 0, 0, 0, 0],
    Rule.SHIFT: [0, 0, 1, 1, 0, 0, 0, 0],
    Rule.TWO_IN_THREE: [0, 0, 0, 0, -1, 0, 0, 0],
    Rule.OUTSIDE_LIMITS: [0, 0, 0, 0, 0, -1, -1, 0],
}
_NHSR_LABELS = {
    "7 Point Trend (Increasing)": (Rule.TREND, 1),
    "7 Points Above CL": (Rule.SHIFT, 1),
    "2 in 3 Below CL": (Rule.TWO_IN_THREE, -1),
    "Below LCL": (Rule.OUTSIDE_LIMITS, -1),
    "Common Cause": (None, 0),
}


def _special_cause_type(_given: str, expected: str) -> None:
    labels = re.findall(r"'([^']*)'", expected)
    for point, label in enumerate(labels):
        rule, direction = _NHSR_LABELS[label]
        flags = {name: flags[point] for name, flags in _MOCKED_PARTS.items()}
        point_type, decided = classify(flags, Improvement.INCREASE)
        assert decided is rule, (point, label)
        assert point_type.value == (
            "common_cause"
            if direction == 0
            else "special_cause_improvement"
            if direction > 0
            else "special_cause_concern"
        )


def _assurance_type(given: str, expected: str) -> None:
    direction = Improvement.parse(
        re.findall(r"increase|decrease|neutral", given)[0], field="improvement"
    )
    if given.startswith("rows ordered"):
        _last_group_decides(direction, expected)
        return
    lower, upper = [1, 5, 1], [3, 7, 5]  # "same" rows reuse the first row's limits
    icons = [
        assurance(Fraction(4), Fraction(low), Fraction(high), direction)
        for low, high in zip(lower, upper, strict=True)
    ]
    if "NA" in expected:
        assert icons == [Assurance.NONE] * 3
    else:
        assert [icon.value for icon in icons] == re.findall(r"'(\w+)'", expected)


def _limits_from_two_points(lower: int, upper: int) -> list[Fraction]:
    """Two values whose NHSR limits are exactly ``lower`` and ``upper``."""
    mean, half = Fraction(lower + upper, 2), Fraction(upper - lower, 2)
    step = half / Fraction("2.66")  # mR-bar is the one moving range
    return [mean - step / 2, mean + step / 2]


def _last_group_decides(direction: Improvement, expected: str) -> None:
    """Three rebase groups with the row's limits; the last group's limits decide the icon."""
    cases = re.findall(r"'(\w+)' \(last (\d+)\.\.(\d+)\)", expected)
    assert len(cases) == 3
    for icon, low, high in cases:
        order = [(1, 3), (5, 7), (1, 5)]
        order.remove((int(low), int(high)))
        order.append((int(low), int(high)))
        values = [value for pair in order for value in _limits_from_two_points(*pair)]
        with pytest.warns(SPCWarning, match="trial limits"):
            chart = xmr(values, improvement=direction, target=4, recalculate=[2, 4])
        assert chart.limits is not None
        assert (chart.limits.lower, chart.limits.upper) == (Fraction(low), Fraction(high))
        assert chart.assurance.value == icon


def _series(text: str) -> list[int]:
    if text.startswith("range("):
        return list(range(int(text[6:-1])))
    if ".." in text:
        first, last = _numbers(text)
        return list(range(first, last + 1))
    return _numbers(text)


def _nhspy_limits(given: str, expected: str) -> None:
    limits = process_limits(_fractions(_series(given)), SPCSettings.nhsr())
    assert isinstance(limits, ProcessLimits)
    ours = (
        limits.mean,
        limits.lower,
        limits.upper,
        limits.lower_two_sigma,
        limits.upper_two_sigma,
    )
    theirs = [float(number) for number in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", expected)]
    assert len(theirs) == 5
    for exact, rounded in zip(ours, theirs, strict=True):
        assert math.isclose(float(exact), rounded, rel_tol=0, abs_tol=1e-12)


def _powerbi_flags(expected: str, count: int) -> list[int]:
    """PowerBI-SPC's flag words as kpirag flags: upper is 1, lower -1, none 0."""
    if expected == "all none":
        return [0] * count
    words: list[str] = []
    for word, _, times in re.findall(r"(upper|lower|none)( x(\d+))?", expected):
        words += [word] * int(times or 1)
    return [{"upper": 1, "lower": -1, "none": 0}[word] for word in words]


def _powerbi_trend(given: str, expected: str) -> None:
    values = _numbers(given.split("]", maxsplit=1)[0])
    length = int(given.split("n=")[1])
    assert list(trend(_fractions(values), length)) == _powerbi_flags(expected, len(values))


def _powerbi_two_in_three(*, whole_window: bool) -> Callable[[str, str], None]:
    def check(given: str, expected: str) -> None:
        values = _fractions(_named(given, "val"))
        upper_line = Fraction(int(given.split("ul95=")[1]))
        # Only the upper 2-sigma line is given; any lower line below 5 gives the same flags.
        beyond = outside_limits(values, Fraction(0), upper_line)
        result = two_in_three(beyond, None, whole_window=whole_window)
        assert list(result) == _powerbi_flags(expected, len(values))

    return check


def _powerbi_shift(given: str, expected: str) -> None:
    values = _fractions(_named(given, "val"))
    centre = Fraction(int(re.findall(r"cl=(-?\d+)", given)[0]))
    length = int(given.split("n=")[1])
    assert list(shift(sides(values, centre), length)) == _powerbi_flags(expected, len(values))


CHECKS: dict[str, Callable[[str, str], None]] = {
    "ptd_seven_point_one_side_mean": _seven_point_one_side_mean,
    "ptd_part_of_seven_trend": _part_of_seven_trend,
    "ptd_seven_point_trend": _seven_point_trend,
    "ptd_two_in_three": _nhsr_two_in_three(whole_window=True),
    "ptd_part_of_two_in_three": _nhsr_two_in_three(whole_window=False),
    "ptd_special_cause_type": _special_cause_type,
    "ptd_calculate_assurance_type": _assurance_type,
    "limits_calculations": _nhspy_limits,
    "trend(val,n)": _powerbi_trend,
    "twoInThree(val,ll95,ul95,false)": _powerbi_two_in_three(whole_window=False),
    "twoInThree(val,ll95,ul95,true)": _powerbi_two_in_three(whole_window=True),
    "shift(val,targets,n)": _powerbi_shift,
}


def _check_for(function: str) -> Callable[[str, str], None]:
    for name, check in CHECKS.items():
        if function == name or function.startswith((f"{name} ", f"{name}(")):
            return check
    msg = f"no check for {function!r}"
    raise AssertionError(msg)


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{n}-{row['function'].split(' ')[0][:30]}" for n, row in enumerate(ROWS)]
)
def test_published_vector(row: dict[str, str]) -> None:
    """kpirag gives the published output for the row's input."""
    check = _check_for(row["function"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check(row["input"], row["expected"])


def test_every_row_is_used() -> None:
    """The table has the rows it had when these checks were written, each with a check."""
    assert len(ROWS) == 34
    assert {_check_for(row["function"]) for row in ROWS} == set(CHECKS.values())
