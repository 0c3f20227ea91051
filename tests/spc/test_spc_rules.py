"""The special-cause rules, one at a time: kpirag.spc._rules."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kpirag.errors import KpiragError
from kpirag.spc import (
    Conflict,
    Improvement,
    PointType,
    Rule,
    backfill,
    classify,
    outside_limits,
    shift,
    sides,
    trend,
    two_in_three,
)


def _f(*values: float | str) -> list[Fraction]:
    return [Fraction(str(value)) for value in values]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (_f(5, 4, 0, -1), (1, 0, 0, -1)),
        (_f(4, 0), (0, 0)),  # exactly on a limit is inside
        (_f("4.0000001", "-0.0000001"), (1, -1)),
        ([], ()),
    ],
)
def test_outside_limits(values: list[Fraction], expected: tuple[int, ...]) -> None:
    """Only values strictly beyond a limit are flagged, with their side."""
    assert outside_limits(values, Fraction(0), Fraction(4)) == expected


def test_sides_are_exact() -> None:
    """A value equal to the mean is on it, however the mean was reached."""
    assert sides(_f("0.1", "0.3", "0.2"), Fraction(1, 10) + Fraction(2, 10) - Fraction(1, 10)) == (
        -1,
        1,
        0,
    )


@pytest.mark.parametrize(
    ("sides_", "length", "expected"),
    [
        ([1] * 7, 7, (1,) * 7),
        ([1] * 6, 7, (0,) * 6),
        ([-1] * 8, 7, (-1,) * 8),
        ([1, 1, 1, 0, 1, 1, 1, 1], 7, (0,) * 8),  # a point on the mean breaks the run
        ([1, 1, 1, -1, 1, 1, 1, 1], 7, (0,) * 8),
        ([0] * 9, 7, (0,) * 9),
        ([1, 1, -1, -1, -1, -1, -1, -1, -1, 1], 7, (0, 0, -1, -1, -1, -1, -1, -1, -1, 0)),
        ([1, 1, 1, 1, 1, 0, -1, -1, -1], 3, (1, 1, 1, 1, 1, 0, -1, -1, -1)),
        ([], 7, ()),
    ],
)
def test_shift(sides_: list[int], length: int, expected: tuple[int, ...]) -> None:
    """Every point of a run of ``length`` or more strictly on one side is flagged."""
    assert shift(sides_, length) == expected


def test_shift_only_ends() -> None:
    """Without ``whole_run`` only the points completing ``length`` in a row are flagged."""
    assert shift([1] * 8 + [0], 7, whole_run=False) == (0, 0, 0, 0, 0, 0, 1, 1, 0)


@pytest.mark.parametrize(
    ("values", "length", "expected"),
    [
        (_f(1, 2, 3, 4, 5, 6, 7), 7, (1,) * 7),
        (_f(1, 2, 3, 4, 5, 6), 7, (0,) * 6),
        (_f(7, 6, 5, 4, 3, 2, 1, 1), 7, (-1,) * 7 + (0,)),
        (_f(1, 2, 3, 3, 4, 5, 6, 7), 7, (0,) * 8),  # a tie breaks the trend
        (_f(1, 2, 3, 4, 5, 6, 6), 7, (0,) * 7),
        (_f(5, 5, 5, 5, 5, 5, 5), 7, (0,) * 7),
        # A rising trend into a falling one: the shared peak takes the trend to its right.
        (_f(1, 2, 3, 4, 3, 2, 1), 4, (1, 1, 1, -1, -1, -1, -1)),
        (_f(-3, -2, -1, 0, 1, 2, 3), 7, (1,) * 7),  # crossing the mean does not matter
        (_f("0.1", "0.2", "0.30000000000000004"), 3, (1, 1, 1)),
        ([], 7, ()),
    ],
)
def test_trend(values: list[Fraction], length: int, expected: tuple[int, ...]) -> None:
    """Every point of ``length`` or more strictly rising (or falling) points is flagged."""
    assert trend(values, length) == expected


def test_trend_only_ends() -> None:
    """Without ``whole_run`` only the points completing a trend are flagged."""
    assert trend(_f(2, 1, 2, 3, 4, 5, 6, 7, 3), 7, whole_run=False) == (0,) * 7 + (1, 0)


@pytest.mark.parametrize(
    ("beyond", "sides_", "expected"),
    [
        ([1, 1, 0], [1, 1, 1], (1, 1, 0)),
        ([1, 1, 1], [1, 1, 1], (1, 1, 1)),
        ([-1, 0, -1], [-1, -1, -1], (-1, 0, -1)),
        ([1, 0, 1], [1, 0, 1], (0, 0, 0)),  # the middle point is on the mean
        ([1, 0, 1], [1, -1, 1], (0, 0, 0)),
        ([1, 0, 0, 1], [1, 1, 1, 1], (0, 0, 0, 0)),  # two in four is not two in three
        ([1, -1, 1], [1, -1, 1], (0, 0, 0)),
        ([1, 1], [1, 1], (0, 0)),  # two points alone are not a window of three
        ([0, 1, 1, 0, 1, 1], [1] * 6, (0, 1, 1, 0, 1, 1)),
    ],
)
def test_two_in_three_same_side(
    beyond: list[int], sides_: list[int], expected: tuple[int, ...]
) -> None:
    """Two of three beyond one line, all three on that side of the mean: the two are flagged."""
    assert two_in_three(beyond, sides_) == expected


@pytest.mark.parametrize(
    ("beyond", "expected", "whole"),
    [
        ([1, 0, 1, 0], (1, 0, 1, 0), False),
        ([1, 0, 1, 0], (1, 1, 1, 0), True),
        ([1, 1], (1, 1), False),  # the Power BI visual looks at the first two points alone
        ([1, 1, -1], (1, 1, 0), False),
        ([1, -1, 1], (0, 0, 0), False),  # opposite lines cancel
        ([-1, 0, -1, 0, 0], (-1, 0, -1, 0, 0), False),
    ],
)
def test_two_in_three_anywhere(beyond: list[int], expected: tuple[int, ...], whole: bool) -> None:
    """Without sides (Power BI) the third point may be anywhere."""
    assert two_in_three(beyond, None, whole_window=whole) == expected


def test_backfill_later_pattern_wins() -> None:
    """Overlapping patterns: each point takes the flag of the latest pattern covering it."""
    assert backfill([0, 0, 1, 0, -1, 0], 3) == (1, 1, -1, -1, -1, 0)


@pytest.mark.parametrize(
    ("signals", "rule", "point_type"),
    [
        ({}, None, PointType.COMMON_CAUSE),
        ({Rule.SHIFT: 0, Rule.TREND: 0}, None, PointType.COMMON_CAUSE),
        ({Rule.SHIFT: 1}, Rule.SHIFT, PointType.SPECIAL_CAUSE_IMPROVEMENT),
        (
            {Rule.SHIFT: 1, Rule.TWO_IN_THREE: 1},
            Rule.TWO_IN_THREE,
            PointType.SPECIAL_CAUSE_IMPROVEMENT,
        ),
        ({Rule.SHIFT: -1, Rule.TREND: 1}, Rule.TREND, PointType.SPECIAL_CAUSE_IMPROVEMENT),
        ({Rule.TWO_IN_THREE: -1, Rule.TREND: 1}, Rule.TREND, PointType.SPECIAL_CAUSE_IMPROVEMENT),
        (
            {Rule.OUTSIDE_LIMITS: -1, Rule.TREND: 1},
            Rule.OUTSIDE_LIMITS,
            PointType.SPECIAL_CAUSE_CONCERN,
        ),
        (
            {Rule.OUTSIDE_LIMITS: 1, Rule.TREND: 1, Rule.TWO_IN_THREE: 1, Rule.SHIFT: 1},
            Rule.OUTSIDE_LIMITS,
            PointType.SPECIAL_CAUSE_IMPROVEMENT,
        ),
    ],
)
def test_precedence(signals: dict[Rule, int], rule: Rule | None, point_type: PointType) -> None:
    """Outside limits, then trend, then two-in-three, then shift decides (NHSR)."""
    assert classify(signals, Improvement.INCREASE) == (point_type, rule)


@pytest.mark.parametrize(
    ("conflict", "expected"),
    [
        (Conflict.PRECEDENCE, (PointType.SPECIAL_CAUSE_IMPROVEMENT, Rule.TREND)),
        (Conflict.IMPROVEMENT, (PointType.SPECIAL_CAUSE_IMPROVEMENT, Rule.TREND)),
        (Conflict.CONCERN, (PointType.SPECIAL_CAUSE_CONCERN, Rule.SHIFT)),
    ],
)
def test_conflict_rising_trend_below_the_mean(
    conflict: Conflict, expected: tuple[PointType, Rule]
) -> None:
    """A rising trend inside a run below the mean: the conflict rule decides."""
    assert classify({Rule.TREND: 1, Rule.SHIFT: -1}, Improvement.INCREASE, conflict) == expected


def test_conflict_improvement_overrides_precedence() -> None:
    """With improvement winning, a lower-precedence improvement beats a higher concern."""
    signals = {Rule.OUTSIDE_LIMITS: -1, Rule.TREND: 1}
    assert classify(signals, Improvement.INCREASE, Conflict.IMPROVEMENT) == (
        PointType.SPECIAL_CAUSE_IMPROVEMENT,
        Rule.TREND,
    )


@pytest.mark.parametrize(
    ("direction", "improvement", "expected"),
    [
        (1, Improvement.DECREASE, PointType.SPECIAL_CAUSE_CONCERN),
        (-1, Improvement.DECREASE, PointType.SPECIAL_CAUSE_IMPROVEMENT),
        (1, Improvement.NEUTRAL, PointType.SPECIAL_CAUSE_NEUTRAL_HIGH),
        (-1, Improvement.NEUTRAL, PointType.SPECIAL_CAUSE_NEUTRAL_LOW),
    ],
)
def test_point_type_follows_improvement(
    direction: int, improvement: Improvement, expected: PointType
) -> None:
    """High and low become improvement or concern by the improvement direction."""
    assert classify({Rule.SHIFT: direction}, improvement) == (expected, Rule.SHIFT)


def test_neutral_conflict_uses_precedence() -> None:
    """A neutral measure has no improvement or concern: precedence decides whatever the rule."""
    signals = {Rule.TREND: 1, Rule.SHIFT: -1}
    assert classify(signals, Improvement.NEUTRAL, Conflict.CONCERN) == (
        PointType.SPECIAL_CAUSE_NEUTRAL_HIGH,
        Rule.TREND,
    )


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (-1, "Invalid length -1: expected a whole number of 0 or more"),
        ("x", "Invalid length 'x': expected a whole number"),
    ],
)
def test_backfill_refuses_a_negative_or_junk_length(length: object, message: str) -> None:
    """A run length below zero, or not a whole number, is refused naming the length."""
    with pytest.raises(KpiragError) as caught:
        backfill((1, 0), length)  # type: ignore[arg-type]
    assert str(caught.value) == message
